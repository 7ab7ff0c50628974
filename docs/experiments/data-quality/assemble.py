#!/usr/bin/env python3
"""Assemble the offline mixed-quality corpus of the data-quality experiment (see run.sh).

Writes WORK/raw/<source>/*.txt: Debian changelogs, copyright files, rendered man pages, Python stdlib
source, Python reference/faq/using docs and chunks of the shared books; and the classifier's training
sets, disjoint from the corpus: WORK/raw/neg (150 other changelogs + 150 other copyright files) and
WORK/raw/posdocs (the Python tutorial and howto docs). Seeded, so a rerun on the same machine gives the
same files."""
import glob, gzip, os, random, re, subprocess, sys, tarfile

work, shared = sys.argv[1], sys.argv[2]
R = os.path.join(work, 'raw')
for d in ['debian-changelog', 'debian-copyright', 'man', 'python-stdlib', 'python-docs', 'shared-books',
          'neg', 'posdocs']:
    os.makedirs(os.path.join(R, d), exist_ok=True)
random.seed(7)
CAP = 20000  # characters per document, so no single file dominates a source

def write(d, name, text):
    open(os.path.join(R, d, name), 'w').write(text[:CAP])

pkgs = sorted(glob.glob('/usr/share/doc/*/changelog.Debian.gz')); random.shuffle(pkgs)
for i, p in enumerate(pkgs[:400]):
    write('neg' if i < 150 else 'debian-changelog', p.split('/')[4] + '.changelog.txt',
          gzip.open(p, 'rt', errors='replace').read())
cps = sorted(glob.glob('/usr/share/doc/*/copyright')); random.shuffle(cps)
for i, p in enumerate(cps[:400]):
    write('neg' if i < 150 else 'debian-copyright', p.split('/')[4] + '.copyright.txt',
          open(p, errors='replace').read())
mans = sorted(glob.glob('/usr/share/man/man1/*.gz')); random.shuffle(mans)
n = 0
for p in mans:
    if n >= 200: break
    try:
        out = subprocess.run(['man', '-P', 'cat', p], capture_output=True, text=True, timeout=10,
                             env=dict(os.environ, MANWIDTH='80')).stdout
    except Exception:
        continue
    out = re.sub(r'.\x08', '', out)  # overstrike bold/underline
    if len(out) < 500: continue
    write('man', os.path.basename(p)[:-3] + '.txt', out); n += 1
pys = sorted(glob.glob('/usr/lib/python3.11/*.py') + glob.glob('/usr/lib/python3.11/*/*.py')); random.shuffle(pys)
for p in pys[:250]:
    t = open(p, errors='replace').read()
    if len(t) > 300: write('python-stdlib', p[len('/usr/lib/python3.11/'):].replace('/', '_') + '.txt', t)
docs = os.path.join(work, 'pydocs')
tarfile.open(os.path.join(shared, 'data/corpora/python3.11-doc_rst_tutorial_howto_faq_reference_using.tar.gz')).extractall(docs)
for p in sorted(glob.glob(docs + '/**/*.rst*', recursive=True)):
    parts = os.path.relpath(p, docs).split('/')
    write('posdocs' if parts[0] in ('tutorial', 'howto') else 'python-docs', '_'.join(parts) + '.txt',
          open(p, errors='replace').read())

def chunks(path, words=1500):
    cur, cnt = [], 0
    for para in open(path, errors='replace').read().split('\n\n'):
        cur.append(para); cnt += len(para.split())
        if cnt >= words:
            yield '\n\n'.join(cur); cur, cnt = [], 0
    if cur: yield '\n\n'.join(cur)
for f in ['moby_dick_stdlib.txt', 'tinyshakespeare.txt']:
    for i, c in enumerate(chunks(os.path.join(shared, 'data/corpora', f))):
        write('shared-books', f'{f[:-4]}-{i:04d}.txt', c)
