#!/usr/bin/env python3
"""Write eval/internal/pyrand/testdata/golden.json: outputs of CPython's
random.Random for many seeds and sizes, the oracle for the Go port in
eval/internal/pyrand. Run with CPython 3.11 (any 3.9+ gives the same
sequences for these calls):

    python3 scripts/reference/pyrandom_golden.py > eval/internal/pyrand/testdata/golden.json
"""
import json
import random
import sys

seeds = [0, 1, 2, 42, 1234, -7, 2**32 - 1, 2**32, 2**40 + 12345, 2**63 - 1, 987654321]
cases = []
for seed in seeds:
    r = random.Random(seed)
    c = {"seed": str(seed)}
    c["uint32"] = [r.getrandbits(32) for _ in range(8)]
    c["random"] = [r.random().hex() for _ in range(8)]
    c["getrandbits"] = [[k, str(r.getrandbits(k))] for k in (1, 5, 31, 32, 33, 53, 63, 64)]
    c["randbelow"] = [[n, r._randbelow(n)] for n in (1, 2, 3, 7, 10, 100, 1000, 2**31 + 5, 2**40 - 3)]
    c["shuffle"] = []
    for n in (0, 1, 2, 5, 10, 100, 1119, 8939):
        x = list(range(n))
        r.shuffle(x)
        # long permutations are stored as their head and a position-weighted checksum
        c["shuffle"].append([n, x[:64], sum((i + 1) * v for i, v in enumerate(x)) % (2**61 - 1)])
    c["sample"] = []
    for n, k in ((5, 0), (5, 5), (10, 4), (21, 4), (22, 4), (26, 5), (26, 6), (100, 4), (100, 6),
                 (500, 4), (500, 5), (4957, 4), (2325, 4), (2325, 5), (3000, 5), (60, 20), (1000, 100)):
        c["sample"].append([n, k, r.sample(range(n), k)])
    c["choice"] = [[n, r.choice(range(n))] for n in (1, 3, 17, 1000)]
    cases.append(c)

# The module-level functions (random.seed / random.shuffle), as llm-jp-eval uses them.
random.seed(42)
x = list(range(8939))
random.shuffle(x)
module = {"seed": "42", "shuffle8939_head": x[:20]}

json.dump({"python": sys.version.split()[0], "cases": cases, "module": module}, sys.stdout)
sys.stdout.write("\n")
