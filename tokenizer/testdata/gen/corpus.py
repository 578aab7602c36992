#!/usr/bin/env python3
"""Builds tokenizer/testdata/corpus.bin.gz: the strings hyoka's tokenizer is
compared with llama.cpp on.

Strings are drawn (fixed seed) from ../shared/datasets: Japanese and English
questions and passages, HumanEval/JHumanEval code; then hand-written edge
cases. Format: for each string, uint32 little-endian byte length, then the
bytes (which may be invalid UTF-8). Usage: corpus.py SHARED_DIR OUT.bin.gz
"""
import bz2, csv, glob, gzip, json, os, random, struct, sys

shared, out = sys.argv[1], sys.argv[2]
ds = os.path.join(shared, "datasets")
rng = random.Random(20241219)


def strings_of(x, acc):
    if isinstance(x, str):
        if x.strip():
            acc.append(x)
    elif isinstance(x, dict):
        for v in x.values():
            strings_of(v, acc)
    elif isinstance(x, list):
        for v in x:
            strings_of(v, acc)


def load(path):
    acc = []
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        if ".jsonl" in path:
            for line in f:
                line = line.strip()
                if line:
                    strings_of(json.loads(line), acc)
        elif path.endswith(".json"):
            text = f.read()
            try:
                strings_of(json.loads(text), acc)
            except json.JSONDecodeError:  # JSON Lines in a .json file
                for line in text.splitlines():
                    if line.strip():
                        strings_of(json.loads(line), acc)
        elif path.endswith(".csv"):
            for row in csv.reader(f):
                acc.extend(c for c in row if c.strip())
        elif path.endswith((".en", ".ja", ".tsv")):
            acc.extend(l.rstrip("\n") for l in f if l.strip())
    return acc


sources = {
    # name: (glob, how many)
    "gsm8k": ("gsm8k/test.jsonl", 400),
    "mgsm_ja": ("mgsm_ja/*", 300),
    "jcommonsenseqa": ("jcommonsenseqa/valid-v1.1.json", 500),
    "jemhopqa": ("jemhopqa/dev.json", 300),
    "jsquad": ("jsquad/*.json", 600),
    "niilc": ("niilc/*.json*", 300),
    "jmmlu": ("jmmlu/JMMLU/*.csv", 500),
    "mmlu": ("mmlu/**/*.csv", 400),
    "xlsum_ja": ("xlsum_ja/*.json*", 300),
    "wmt20_en_ja": ("wmt20_en_ja/newstest2020.*", 400),
    "wmt20_ja_en": ("wmt20_ja_en/newstest2020.*", 400),
    "triviaqa": ("triviaqa/*.json*", 300),
    "squad2": ("squad2/*.json*", 300),
    "openbookqa": ("openbookqa/Data/**/*.jsonl", 200),
    "humaneval": ("humaneval/HumanEval.jsonl.gz", 400),
    "jhumaneval": ("jhumaneval/jhuman-eval.jsonl.gz", 300),
}

corpus = []
for name, (pat, k) in sources.items():
    pool = []
    for p in sorted(glob.glob(os.path.join(ds, pat), recursive=True)):
        try:
            pool.extend(load(p))
        except Exception as e:  # unreadable file: skip it, say so
            print(f"skip {p}: {e}", file=sys.stderr)
    pool = sorted(set(pool))
    rng.shuffle(pool)
    picked = []
    for s in pool:
        if len(picked) >= k:
            break
        if len(s) > 1200:  # long passages: a random window keeps the corpus small
            i = rng.randrange(0, len(s) - 1200)
            s = s[i:i + 1200]
        picked.append(s)
    print(f"{name}: {len(picked)} of {len(pool)}", file=sys.stderr)
    corpus.extend(x.encode("utf-8") for x in picked)

edge = [
    "", " ", "  ", "   ", "    ", " " * 17, "\t", "\t\t", " \t ", "\n", "\n\n", "\n\n\n", "\r\n", "\r", " \n", "\n ",
    "a", " a", "  a", "a ", "a  ", " a ", "Hello", " Hello", "Hello world", "Hello  world", "Hello\tworld",
    "Hello\nworld", "Hello \n world", "  leading and trailing  ", "\u3000全角スペース\u3000", "\u00a0nbsp\u00a0",
    "I'm you're he's we've they'll I'd can't DON'T I'M YOU'RE", "'s 't 're 've 'm 'll 'd", "''''", "' '",
    "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇯🇵🇺🇸", "e\u0301", "a\u0300\u0301\u0302\u0303", "\u0915\u094d\u0937",
    "Zürich Ærø Ωμέγα Привет مرحبا שלום", "한국어 텍스트", "中文文本测试", "ｈａｌｆ　ｗｉｄｔｈ　１２３",
    "①②③ ⅰⅱⅲ ²³", "٠١٢٣٤٥٦٧٨٩", "x² + y³ = z⁴", "$100 + €200 = ¥30000", "a<=b>=c^d~e|f`g",
    "<s>", "</s>", "<unk>", "<s> hello </s>", "<|endoftext|>", "<|im_start|>user\nhi<|im_end|>",
    "<|im_start|>", "<start_of_turn>user\nhi<end_of_turn>", "<bos>", "<eos>", "<pad>", "<mask>",
    "<|fim_prefix|>def f():<|fim_suffix|>\n<|fim_middle|>", "text<s>text", "<<s>>", "<s><s></s>",
    "<|user|>\nHi<|end|>\n<|assistant|>  ok", "</s>  \t x", "<|endoftext|>  y", "a <s>  b </s> \n c",
    "<0x41>", "<0x0A>", "▁", "▁▁hello", "Ġhello", "\u2581 \u2581",
    "def f(x):\n    return x  # comment\n\n\tpass\n", "    indented\n        more\n",
    "if (a && b) { return c || d; }", "https://example.com/path?q=1&r=2#frag", "user@example.com",
    "supercalifragilisticexpialidocious" * 3, "a" * 500, "ab" * 300, "日本" * 200, "🙂" * 50, "-" * 100, "=" * 64,
    "\u200b\u200c\u200d\ufeff", "\x00\x01\x02\x1b[0m", "\x7f", "\u0085", "\u2028\u2029",
]
edge += ["1" * n for n in range(1, 21)]
edge += ["".join(str((i * 7 + 3) % 10) for i in range(n)) for n in range(1, 21)]
edge += [" " + "9" * n for n in (1, 2, 3, 4, 5, 7, 10)]
edge += ["１２３４５", "12,345.678", "3.14159", "-42", "1e10", "0x1F"]
edge += [" " * n + "x" for n in range(1, 10)] + ["x" + " " * n for n in range(1, 10)]
edge += ["\n" * n + "x" for n in range(1, 6)] + ["x" + "\n" * n + "y" for n in range(1, 6)]
corpus.extend(e.encode("utf-8") for e in edge)
# Invalid UTF-8 and odd byte sequences.
corpus.extend([
    b"\xff", b"\xfe\xff", b"abc\x80def", b"\xc3", b"\xc3(", b"\xe3\x81", b"\xe3\x81x", b"\xf0\x9f\x98",
    b"\xed\xa0\x80", b"\xc0\x80", b"\xc1\xbf", b"\xe0\x80\x80", b"a\xffb\xfec", b"\x80\x80\x80",
    "日本".encode()[:-1], "日本".encode()[1:], b"\xf0\x9f\x98\x80\xf0\x9f", b" \xff ", b"\xff\xff\xff\xff",
])
with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as f:
    for b in corpus:
        f.write(struct.pack("<I", len(b)))
        f.write(b)
print(f"{len(corpus)} strings, {sum(map(len, corpus))} bytes -> {out}", file=sys.stderr)
