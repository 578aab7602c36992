#!/usr/bin/env python3
"""Cross-checks the stored llama.cpp ids with node-llama-cpp's ref.mjs and
measures llama.cpp's tokenizer throughput through node.

For every valid, non-empty UTF-8 corpus string (node cannot pass invalid
UTF-8), ref.mjs tokenize --add-special false --parse-special false must give
the ids of mode (0,0) in testdata/MODEL.ids.gz. Throughput: the corpus five
times over, minus a one-string run (model loading), per byte.

Usage (repo root): nodecheck.py REF.mjs MODELS_DIR
"""
import gzip, json, os, struct, subprocess, sys, tempfile, time, resource

ref, models = sys.argv[1], sys.argv[2]
data = gzip.open("tokenizer/testdata/corpus.bin.gz").read()
strings, idx, o, i = [], [], 0, 0
while o < len(data):
    n = struct.unpack("<I", data[o:o + 4])[0]
    b = data[o + 4:o + 4 + n]
    o += 4 + n
    try:
        s = b.decode("utf-8")
        if s:
            strings.append(s)
            idx.append(i)
    except UnicodeDecodeError:
        pass
    i += 1
nbytes = sum(len(s.encode()) for s in strings)
tmp = tempfile.mkdtemp()
one, five = os.path.join(tmp, "one.jsonl"), os.path.join(tmp, "five.jsonl")
open(one, "w").write(json.dumps("hello") + "\n")
open(five, "w").write("".join(json.dumps(s) + "\n" for s in strings) * 5)


def run(model, path):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    out = subprocess.run(["node", ref, "tokenize", "--model", model, "--add-special", "false",
                          "--parse-special", "false", "--jsonl", path], check=True, capture_output=True).stdout
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, time.time() - t0, (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)


for m in ["stories260K", "gemma3-270m-q4_k_m", "smollm2-135m-instruct-q4_1", "qwen2.5-coder-0.5b-instruct-awq-q4_k_m"]:
    path = os.path.join(models, m + ".gguf")
    if not os.path.exists(path):
        print(f"{m}: not fetched")
        continue
    _, w1, c1 = run(path, one)
    out, w5, c5 = run(path, five)
    lines = gzip.open(f"tokenizer/testdata/{m}.ids.gz", "rt").read().split("\n")
    node = [json.loads(l)["ids"] for l in out.decode().split("\n")[:len(strings)]]
    bad = sum(1 for k, i in enumerate(idx) if [int(x) for x in lines[4 * i].split()] != node[k])
    print(f"{m}: {len(strings)} strings, {bad} differ from the stored ids; "
          f"node throughput {5 * nbytes / (w5 - w1) / 1e6:.2f} MB/s wall, {5 * nbytes / (c5 - c1) / 1e6:.2f} MB/s CPU")
