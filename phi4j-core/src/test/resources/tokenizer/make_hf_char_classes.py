"""Writes hf-char-classes.txt: the class every code point gets from the GPT-2 pre-tokenization regex of
Hugging Face tokenizers (pip install tokenizers; ByteLevel pre-tokenizer, use_regex=True), as runs
"FIRST LAST CLASS" in hex with CLASS one of L (\\p{L}), N (\\p{N}), W (\\s), O (anything else).
A code point c is L if "a"+c stays one word, N if "1"+c does, O if "!"+c does, else W.
Surrogates (not representable in a Rust string) are listed as O, their category Cs being neither.
Run: python3 make_hf_char_classes.py   (about 10 s)
"""
import os, sys, time
from tokenizers.pre_tokenizers import ByteLevel
pt = ByteLevel(add_prefix_space=False, use_regex=True)
t=time.time()
def cls(c):
    # letter: "a"+c is one word; number: "1"+c one word; other: "!"+c one word; whitespace otherwise
    if len(pt.pre_tokenize_str("a"+c))==1: return 'L'
    if len(pt.pre_tokenize_str("1"+c))==1: return 'N'
    if len(pt.pre_tokenize_str("!"+c))==1: return 'O'
    return 'W'
runs=[]
prev=None; start=0
for cp in range(0x110000):
    if 0xD800<=cp<=0xDFFF: k='O'  # surrogates cannot be in a Rust string; Cs is "other"
    else: k=cls(chr(cp))
    if k!=prev:
        if prev is not None: runs.append((start,cp-1,prev))
        prev=k; start=cp
runs.append((start,0x10FFFF,prev))
print(len(runs), time.time()-t, file=sys.stderr)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'hf-char-classes.txt'), 'w') as f:
    for a,b,k in runs: f.write('%X %X %s\n'%(a,b,k))
