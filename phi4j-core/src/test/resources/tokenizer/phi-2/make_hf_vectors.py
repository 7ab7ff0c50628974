"""Writes hf-vectors.jsonl: hard inputs for the Phi-2 tokenizer with the ids Hugging Face `tokenizers` gives.

Each line is {"text": ..., "ids": [...], "ids_special": [...]}:
  ids          -- special tokens in the text NOT parsed (encode_special_tokens=True; llama.cpp parse_special=false)
  ids_special  -- special tokens parsed (the Hugging Face default; llama.cpp parse_special=true)
both with add_special_tokens=False. Inputs: hand-written edge cases (whitespace runs, code, contractions,
Unicode), then seeded random strings from several character pools.
Run: pip install tokenizers && python3 make_hf_vectors.py   (reads phi4j-core/src/main/resources/io/phi4j/tokenizer/phi-2/tokenizer.json)

llama.cpp agrees: check_with_llamacpp.mjs runs every vector through llama.cpp (npm node-llama-cpp 3.21.1, vocab-only
load of ../shared/fixtures/tokenizer/llama.cpp-vectors/ggml-vocab-phi-2.gguf, tokenize(text, false/true)); it
reported 0 differences for this file and for a 3000-text run with another seed.
"""
import json
import os
import random
import sys

from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
tok = Tokenizer.from_file(os.path.join(HERE, "../../../../main/resources/io/phi4j/tokenizer/phi-2/tokenizer.json"))

PYTHON = '''import os\r\n\ndef fib(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n    if n < 2:\n        return n\n\treturn fib(n - 1) + fib(n - 2)  # tab-indented!\n\nclass Foo(object):\n    def __init__(self, x=0x1F, y=1e-3):\n        self._x = x   \n        self.y = [i**2 for i in range(10) if i % 3 == 0]\n\n\n\nprint(f"{fib(10)=}", end='')\n'''
C_CODE = "#include <stdio.h>\nint main(int argc, char **argv) {\n\tfor (int i = 0; i < argc; ++i) {\n\t\tprintf(\"%s\\n\", argv[i]);\n\t}\n\t\t\t\t\t\t\t\t\t\t\treturn 0; // 11 tabs\n}\n"
JSON_TEXT = '{\n  "key": "value",\n  "list": [1, 2.5, -3e10, null, true],\n  "nested": {"a": {"b": "c"}}\n}'

HAND = [
    "", " ", "  ", "\t", "\n", " \n", "\n ", "a", "A", "1", "'", "''", "'s", "'S", "'re'", "don't", "DON'T",
    "I'm you're we've they'll she'd it's", "x'sy 'll'", "'''", "''s", " 's", "a's", "1's", "é's",
    " " * 31, " " * 32, " " * 33, " " * 62, " " * 63, " " * 100 + "x", "\t" * 9, "\t" * 10, "\t" * 19 + "y",
    "\t \t  \t   \t", " \t\t ", "  \t\t  \n\n  ", "a  b   c    d", "a\t\tb", "end   ", "end\t\t", "end  \n",
    "\r\n", "\r\n\r\n", "line1\r\nline2\r\n", "\n\n\n\n\n", " \n \n", "\u00a0", "a\u00a0b", "\u00a0\u00a0x",
    "\u3000\u3000漢字", "x\u2009y\u200az", "\u2028\u2029", "\x0b\x0c", "\x85", "\u180e", "\u200b\u200c\u200d",
    "\ufeffBOM", "\x00\x01\x1f\x7f", "\x1c\x1d\x1e\x1f", "tab\there", "<|endoftext|>", " <|endoftext|>",
    "<|endoftext|> ", "  <|endoftext|>  ", "a<|endoftext|>b", "<|endoftext|><|endoftext|>",
    "<|endoftext|", "<|endoftext|>\n<|endoftext|>", "\t\t<|endoftext|>\t\t", "<|endoftext|>" * 3 + "x",
    "3.14159", "1,000,000", "-42", "1e-10", "0x1F", "٣٤٥", "١٢٣abc", "½¼¾", "Ⅻ", "①②③", "𝟘𝟙𝟚",
    "Ünïcödé", "naïve café", "e\u0301", "ñ vs n\u0303", "ὈΔΥΣΣΕΎΣ", "Привет, мир!", "Γειά σου Κόσμε",
    "שלום עולם", "مرحبا بالعالم", "नमस्ते दुनिया", "สวัสดีชาวโลก", "안녕하세요 세계", "こんにちは世界", "你好，世界！",
    "🦙", "🦙🦙🦙", "👨‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇺🇳🇪🇺", "❤️", "©®™", "∑∫∂√∞≠≈", "→⇒⟹", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\U000e0001\U000e0041", "\ue000\uf8ff", "\U0010fffd", "\ufffd", "\ufffe\uffff", "\U0001f9ff\U0001fa70",
    "=" * 80, "-" * 120, "#" * 20 + " title", "!!!???...", "......", "***bold***", "~~~", "```python",
    "http://example.com/path?a=1&b=2#frag", "user@example.com", "C:\\Windows\\System32", "$HOME/.bashrc",
    "a" * 300, "ab" * 200, "1234567890" * 30, "😀" * 50, "é" * 100, "\u0301" * 10,
    PYTHON, C_CODE, JSON_TEXT, PYTHON.replace("    ", "\t"), "    " * 10 + "deeply_indented()",
    "def f():\n" + "\n".join(" " * (4 * k) + "if x:" for k in range(1, 12)),
]

POOLS = {
    "ascii": [chr(c) for c in range(32, 127)],
    "space": [" ", " ", " ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2009", "\x0b", "\x0c", "\x85", "\u2028"],
    "apostrophe": ["'", "s", "t", "re", "ve", "m", "ll", "d", "S", " ", "x"],
    "latin": [chr(c) for c in range(0xa0, 0x250)],
    "combining": [chr(c) for c in range(0x300, 0x370)],
    "greek_cyrillic": [chr(c) for c in range(0x370, 0x530)],
    "cjk": [chr(c) for c in range(0x4e00, 0x4e00 + 400)] + [chr(c) for c in range(0x3040, 0x3100)],
    "hangul": [chr(c) for c in range(0xac00, 0xac00 + 300)],
    "indic_thai": [chr(c) for c in range(0x900, 0x980)] + [chr(c) for c in range(0xe00, 0xe60)],
    "arabic_hebrew": [chr(c) for c in range(0x5d0, 0x5eb)] + [chr(c) for c in range(0x600, 0x700)],
    "digits": list("0123456789") + ["٣", "৩", "½", "²", "Ⅷ", "①"],
    "emoji": [chr(c) for c in range(0x1f300, 0x1f600)] + ["\u200d", "\ufe0f", "\U0001f3fd"],
    "symbols": [chr(c) for c in range(0x2000, 0x2c00)],
    "control": [chr(c) for c in range(0, 32)] + ["\x7f", "\u0080", "\u009f", "\u200b", "\ufeff", "\u00ad"],
    "supplementary": [chr(c) for c in (0x10000, 0x1d400, 0x1d7d8, 0x20000, 0x2a6d6, 0xe0041, 0xf0000, 0x10fffd)],
}


def random_text(rng, length):
    names = list(POOLS)
    weights = [4 if n in ("ascii", "space") else 1 for n in names]
    out = []
    while len(out) < length:
        pool = POOLS[rng.choices(names, weights)[0]]
        run = rng.choice([1, 1, 2, 3, 5, 8])
        out.extend(rng.choice(pool) for _ in range(run))
        if rng.random() < 0.1:
            out.append(rng.choice([" " * rng.randint(2, 40), "\t" * rng.randint(2, 12), "<|endoftext|>"]))
    return "".join(out)


def main():
    # Optional arguments (for one-off stress runs, not the committed file): SEED COUNT OUTPUT
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 20240611
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    output = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "hf-vectors.jsonl")
    rng = random.Random(seed)
    texts = list(HAND)
    for i in range(count):
        lengths = [5, 20, 60, 200] + ([1000] if len(sys.argv) > 1 else [])
        texts.append(random_text(rng, rng.choice(lengths)))
    with open(output, "w", encoding="utf-8") as f:
        for text in texts:
            tok.encode_special_tokens = True
            plain = tok.encode(text, add_special_tokens=False).ids
            tok.encode_special_tokens = False
            special = tok.encode(text, add_special_tokens=False).ids
            assert tok.decode(plain, skip_special_tokens=False) == text, repr(text)
            f.write(json.dumps({"text": text, "ids": plain, "ids_special": special}) + "\n")
    print(len(texts), "vectors")


if __name__ == "__main__":
    main()
