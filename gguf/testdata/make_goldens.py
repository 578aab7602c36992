#!/usr/bin/env python3
"""Regenerates gguf/testdata/quant_goldens.json.gz, the reference values that
gguf/quant_golden_test.go checks hyoka's quantizers and dequantizers against.

The reference is the PyPI `gguf` package (gguf-py, its numpy gguf/quants.py):

    pip install gguf==0.19.0 numpy
    make reference   # node-llama-cpp 3.21.1 into tools/llamacpp (for libggml-base.so)
    python3 gguf/testdata/make_goldens.py

The output is deterministic (fixed seed, gzip mtime 0): rerunning it with
the same versions must leave the committed file unchanged.

For every type, cases of float32 blocks (random and adversarial) are
quantized with gguf-py where it has a quantizer, and every quantized block is
dequantized with gguf-py. Types that gguf-py can only dequantize get random
and adversarial byte blocks instead. The same float cases then go through
llama.cpp's own C reference (see GGML_GLOBS) for every block type it has a
quantize_row_*_ref for, including the k-quants and IQ4 types gguf-py cannot
quantize. gguf-py 0.19.0 has no Q8_1 or Q8_K at
all; for those two this script carries numpy ports of ggml's
quantize_row_q8_1_ref / quantize_row_q8_K_ref (marked `port` in the output),
which are an independent second implementation, not gguf-py.

Cases on which numpy reports an invalid operation (NaN from inf*0 and the
like, where the C and numpy casts are undefined) are dropped and listed in
the output's "dropped" field. Output: gzip'd JSON; byte strings are base64
(float32 data little-endian), so Go's encoding/json reads them as []byte.
"""
import base64, ctypes, glob, gzip, json, os, sys, warnings
import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf import quants
from gguf.constants import QK_K

SEED = 20241219

# llama.cpp's own ggml (libggml-base.so from node-llama-cpp 3.21.1, llama.cpp
# v0.4.0, built without FMA) is the second reference: its quantize_row_*_ref
# and dequantize_row_* are called through ctypes. GGML_BASE_LIB overrides
# the path; without the library the "ggml" entries are left out.
GGML_GLOBS = [
    "tools/llamacpp/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so",
]
GGML_TYPES = ["Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q8_K", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "IQ4_NL", "IQ4_XS"]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quant_goldens.json.gz")


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()


def roundf(x):
    # C roundf: half away from zero
    return np.sign(x) * np.floor(np.abs(x) + np.float32(0.5))


def port_q8_1(blocks):
    """ggml quantize_row_q8_1_ref. blocks: (n, 32) float32."""
    out = []
    for x in blocks:
        amax = np.max(np.abs(x))
        d = np.float32(amax / np.float32(127))
        idd = np.float32(0) if d == 0 else np.float32(np.float32(1) / d)
        qs = quants.np_roundf(x * idd).astype(np.int8)
        s = np.float32(np.float32(int(qs.astype(np.int32).sum())) * d)
        out.append(np.concatenate([np.array([d, s], np.float32).astype(np.float16).view(np.uint8), qs.view(np.uint8)]))
    return np.stack(out)


def port_q8_K(blocks):
    """ggml quantize_row_q8_K_ref. blocks: (n, 256) float32."""
    out = []
    for x in blocks:
        ax = np.abs(x)
        j = int(np.argmax(ax))  # first index of the largest |x|
        amax, mx = ax[j], x[j]
        if amax == 0:
            out.append(np.zeros(292, np.uint8))
            continue
        iscale = np.float32(np.float32(-127) / mx)
        v = (iscale * x).astype(np.float32)
        # nearest_int: add 1.5*2^23 in float32, then take the mantissa bits
        f = (v + np.float32(12582912)).astype(np.float32)
        q = (f.view(np.int32) & 0x007FFFFF) - 0x00400000
        q = np.minimum(127, q).astype(np.int8)
        bsums = q.astype(np.int32).reshape(16, 16).sum(axis=1).astype(np.int16)
        d = np.array([np.float32(1) / iscale], np.float32)
        out.append(np.concatenate([d.view(np.uint8), q.view(np.uint8), bsums.view(np.uint8)]))
    return np.stack(out)


def deq_q8_1(q):
    d = q[:, :2].copy().view(np.float16).astype(np.float32)
    return q[:, 4:].view(np.int8).astype(np.float32) * d


def deq_q8_K(q):
    d = q[:, :4].copy().view(np.float32)
    return d * q[:, 4:260].view(np.int8).astype(np.float32)


def load_ggml():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cands = [os.environ["GGML_BASE_LIB"]] if os.environ.get("GGML_BASE_LIB") else [os.path.join(repo, g) for g in GGML_GLOBS]
    for c in cands:
        for p in glob.glob(c):
            return ctypes.CDLL(p), p
    return None, None


def ggml_fns(lib, name, bs, ts):
    name = name.lower().replace("_k", "_K")  # quantize_row_q4_K_ref, dequantize_row_iq4_nl
    qf = getattr(lib, f"quantize_row_{name}_ref")
    qf.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
    qf.restype = None
    df = getattr(lib, f"dequantize_row_{name}", None)
    if df is not None:
        df.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
        df.restype = None

    def quant(x):
        x = np.ascontiguousarray(x, np.float32).ravel()
        out = np.zeros(len(x) // bs * ts, np.uint8)
        qf(x.ctypes.data, out.ctypes.data, len(x))
        return out

    def dequant(q):
        q = np.ascontiguousarray(q, np.uint8).ravel()
        n = len(q) // ts * bs
        if df is None:  # Q8_1: ggml has no dequantizer
            return deq_q8_1(q.reshape(-1, ts)).ravel()
        out = np.zeros(n, np.float32)
        df(q.ctypes.data, out.ctypes.data, n)
        return out

    return quant, dequant


def float_cases(rng, n):
    """Named (name, float32[n]) cases: random and adversarial blocks."""
    i = np.arange(n, dtype=np.float32)
    f32 = np.finfo(np.float32)
    c = [
        ("random_normal", rng.standard_normal(n)),
        ("random_uniform", rng.uniform(-1, 1, n)),
        ("random_small", rng.standard_normal(n) * 1e-3),
        ("random_large", rng.standard_normal(n) * 1e4),
        ("random_positive", rng.uniform(0, 5, n)),
        ("random_negative", rng.uniform(-5, 0, n)),
        ("cos", 0.1 + 2 * np.cos(i)),
        ("zeros", np.zeros(n)),
        ("constant", np.full(n, 0.75)),
        ("constant_negative", np.full(n, -3.5)),
        ("one_outlier", np.where(i == n // 3, 100.0, rng.standard_normal(n) * 0.01)),
        ("one_negative_outlier", np.where(i == n - 1, -250.0, rng.standard_normal(n))),
        ("one_nonzero", np.where(i == 5, 1.0, 0.0)),
        ("ties_max", np.where(i % 7 == 0, 2.0, np.where(i % 7 == 1, -2.0, rng.uniform(-1, 1, n)))),
        ("halfway", (np.arange(n) % 17 - 8) * 0.5),
        ("integers", (np.arange(n) % 31) - 15.0),
        ("f16_max", np.where(i % 2 == 0, 65504.0, -65504.0)),
        ("huge", rng.standard_normal(n) * 1e30),
        ("pm_f32_max", np.where(i % 2 == 0, f32.max, -f32.max)),
        ("tiny", rng.standard_normal(n) * 1e-30),
        ("f16_subnormal", rng.standard_normal(n) * 3e-6),
        ("f32_subnormal", rng.standard_normal(n) * 1e-40),
        ("signed_zeros", np.where(i % 2 == 0, 0.0, -0.0)),
        ("alternating", np.where(i % 2 == 0, 1.0, -1.0)),
        ("ramp", np.linspace(-1, 1, n)),
        ("f16_edges", np.resize(np.array([65504, 65519, 65520, -65520, 1e5, 6.1035156e-05, 6.0975552e-05,
                                          5.9604645e-08, 2.9802322e-08, 2.9802326e-08, 1 + 2**-11, 1 + 3 * 2**-11,
                                          -(1 + 2**-11), 1.00390625, 1.0078125, 0.333333343, 3e38, -1e-45,
                                          2**-24 * 1.5, 2**-25, 1 + 2**-8, 1 + 3 * 2**-8, 1 + 2**-8 + 2**-20], np.float64), n)),
    ]
    return [(name, np.asarray(x, dtype=np.float32)) for name, x in c]


def byte_cases(rng, tsize, nb):
    """Random bytes for dequantize-only goldens: nb blocks per case."""
    return [
        ("random_bytes", rng.integers(0, 256, (nb, tsize), dtype=np.uint8)),
        ("random_bytes2", rng.integers(0, 256, (nb, tsize), dtype=np.uint8)),
        ("zero_bytes", np.zeros((1, tsize), np.uint8)),
        ("ff_bytes", np.full((1, tsize), 0xFF, np.uint8)),
    ]


def finite_blocks(q, deq, qtype):
    """Drop blocks whose dequantized values are not all finite (random
    scale bytes that are f16 Inf/NaN): NaN payloads are not the point."""
    with np.errstate(all="ignore"):
        y = deq(q).reshape(q.shape[0], -1)
    keep = np.all(np.isfinite(y), axis=1)
    return q[keep]


def main():
    rng = np.random.default_rng(SEED)
    doc = {
        "generator": "gguf/testdata/make_goldens.py",
        "gguf_py_version": gguf.__version__ if hasattr(gguf, "__version__") else __import__("importlib.metadata").metadata.version("gguf"),
        "numpy_version": np.__version__,
        "seed": SEED,
        "types": [],
        "dropped": [],
    }
    quantizable = {T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0}
    ports = {T.Q8_1: (port_q8_1, deq_q8_1), T.Q8_K: (port_q8_K, deq_q8_K)}
    deq_only = [T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K, T.IQ4_NL, T.IQ4_XS]
    order = [T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0, T.Q8_1, T.Q8_K] + deq_only
    for qt in order:
        bs, ts = gguf.GGML_QUANT_SIZES[qt]
        # F16/BF16: 64 elements per case; block types: 2 blocks per case
        n = 64 if bs == 1 else 2 * bs
        entry = {"type": qt.name, "source": "port" if qt in ports else "gguf-py", "cases": []}
        if qt in ports:
            qf, df = ports[qt]
        else:
            qf = lambda x, qt=qt: quants.quantize(x, qt).reshape(-1, ts)
            df = lambda q, qt=qt: quants.dequantize(q, qt).reshape(q.shape[0], -1)
        if qt in quantizable or qt in ports:
            for name, x in float_cases(rng, n):
                # The quantizer must not meet an invalid operation; the
                # dequantizer may (Inf scale times 0 is NaN in Go too).
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("error")
                        with np.errstate(invalid="raise", divide="ignore", over="ignore", under="ignore"):
                            q = qf(x.reshape(-1, bs) if qt in ports else x)
                except (FloatingPointError, RuntimeWarning) as e:
                    doc["dropped"].append(f"{qt.name}/{name}: {e}")
                    continue
                q = np.ascontiguousarray(q).view(np.uint8)
                with np.errstate(all="ignore"):
                    y = df(q if qt in ports or bs == 1 else q.reshape(-1, ts))
                entry["cases"].append({"name": name, "input": b64(x), "quant": b64(q),
                                       "dequant": b64(np.asarray(y, np.float32))})
        else:
            for name, q in byte_cases(rng, ts, 4):
                q = finite_blocks(q, df, qt)
                if len(q) == 0:
                    doc["dropped"].append(f"{qt.name}/{name}: no finite block")
                    continue
                y = df(q)
                entry["cases"].append({"name": name, "quant": b64(q), "dequant": b64(np.asarray(y, np.float32))})
        doc["types"].append(entry)
    lib, libpath = load_ggml()
    if lib is None:
        print("warning: libggml-base.so not found: no ggml entries", file=sys.stderr)
    else:
        gguf_py_dropped = {d.split(":")[0] for d in doc["dropped"]}
        doc["ggml_lib"] = "llama.cpp v0.4.0 libggml-base.so (node-llama-cpp 3.21.1)"
        for name in GGML_TYPES:
            qt = T[name]
            # ggml's own sizes: gguf-py 0.19.0 still lists Q8_1 as 40 bytes
            # (two float32), ggml's block_q8_1 is 36 (two f16).
            lib.ggml_type_size.argtypes = [ctypes.c_int]
            lib.ggml_type_size.restype = ctypes.c_size_t
            lib.ggml_blck_size.argtypes = [ctypes.c_int]
            lib.ggml_blck_size.restype = ctypes.c_int64
            bs, ts = int(lib.ggml_blck_size(int(qt))), int(lib.ggml_type_size(int(qt)))
            quant, dequant = ggml_fns(lib, name, bs, ts)
            entry = {"type": name, "source": "ggml", "cases": []}
            for cname, x in float_cases(rng, 2 * bs if bs == QK_K else 4 * bs):
                if f"{name}/{cname}" in gguf_py_dropped:
                    # the C code converts Inf/NaN to int here: undefined behaviour
                    doc["dropped"].append(f"ggml {name}/{cname}: as for gguf-py")
                    continue
                q = quant(x)
                if name.startswith("IQ4") and np.any(np.all(q.reshape(-1, ts)[:, :2] == 0, axis=1)):
                    # iq4 quantizers leave the quants of a block with d = 0
                    # unwritten: C stack garbage is no reference
                    doc["dropped"].append(f"ggml {name}/{cname}: a block with d = 0 has unwritten quants")
                    continue
                if not np.array_equal(q, quant(x)):
                    # e.g. iq4_nl leaves the quants of an all-zero block
                    # unwritten: C stack garbage is no reference
                    doc["dropped"].append(f"ggml {name}/{cname}: output not deterministic")
                    continue
                with np.errstate(all="ignore"):
                    y = dequant(q)
                entry["cases"].append({"name": cname, "input": b64(x), "quant": b64(q), "dequant": b64(y)})
            doc["types"].append(entry)
    data = json.dumps(doc, indent=0).encode()
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(data)
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes, {sum(len(t['cases']) for t in doc['types'])} cases, "
          f"{len(doc['dropped'])} dropped", file=sys.stderr)
    for d in doc["dropped"]:
        print("  dropped", d, file=sys.stderr)


if __name__ == "__main__":
    main()
