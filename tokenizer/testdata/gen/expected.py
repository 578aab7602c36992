#!/usr/bin/env python3
"""Writes the llama.cpp token ids of every corpus string for one model.

Usage: expected.py REFTOK MODEL.gguf corpus.bin.gz OUT.ids.gz

REFTOK is the binary built from reftok.c (see regen.sh). Output: for every
corpus string four lines, the modes (add_special, parse_special) = (0,0)
(1,0) (0,1) (1,1). A line is either the ids separated by spaces, or, to keep
the file small, "P|k|S": the ids P, then the ids of mode k's line, then the
ids S (P and S space-separated, possibly empty), e.g. "1|0|" = BOS + mode 0.
"""
import gzip, io, subprocess, sys, tempfile

reftok, model, corpus, out = sys.argv[1:5]
with gzip.open(corpus, "rb") as f:
    data = f.read()
with tempfile.NamedTemporaryFile(suffix=".bin") as tmp:
    tmp.write(data)
    tmp.flush()
    res = subprocess.run([reftok, model, tmp.name], check=True, capture_output=True)
lines = res.stdout.decode().split("\n")
if lines and lines[-1] == "":
    lines.pop()
assert len(lines) % 4 == 0, len(lines)


def compact(ids, prev):
    for k, p in enumerate(prev):
        n = len(p)
        for i in range(0, len(ids) - n + 1):
            if ids[i:i + n] == p and len(ids) - n <= 4:
                return " ".join(ids[:i]) + "|" + str(k) + "|" + " ".join(ids[i + n:])
    return " ".join(ids)


with io.TextIOWrapper(gzip.GzipFile(out, "wb", compresslevel=9, mtime=0), encoding="utf-8") as f:
    for c in range(0, len(lines), 4):
        modes = [l.split() for l in lines[c:c + 4]]
        f.write(" ".join(modes[0]) + "\n")
        for m in range(1, 4):
            f.write(compact(modes[m], modes[:m]) + "\n")
print(f"{len(lines)//4} strings -> {out}", file=sys.stderr)
