#!/usr/bin/env python3
"""Independent check of ref.mjs's logits: a float64 numpy forward pass of an
all-F32 llama-architecture GGUF (stories260K), compared with a logits file.

  node ref.mjs logits --model M --text "..." --kv-type f32 --out /tmp/l.f32 > /tmp/l.json
  python3 check_logits_numpy.py M "$(python3 -c 'import json;print(json.load(open("/tmp/l.json"))["tokens"])')" /tmp/l.f32

Measured on stories260K, 23 tokens: max difference 6.3e-6 with --kv-type f32,
0.012 with llama.cpp's default F16 KV cache. Needs numpy and gguf (PyPI).
"""
import json, sys, array
import numpy as np
from gguf import GGUFReader
r = GGUFReader(sys.argv[1])
W = {t.name: t for t in r.tensors}
def T(name):  # F32 tensors only; numpy shape = reversed ggml ne
    t = W[name]
    return np.array(t.data, dtype=np.float32).reshape([int(x) for x in reversed(list(t.shape))])
f = lambda k: r.fields[k].contents()
L = f("llama.block_count"); E = f("llama.embedding_length"); H = f("llama.attention.head_count"); KV = f("llama.attention.head_count_kv")
eps = f("llama.attention.layer_norm_rms_epsilon"); hd = E // H
toks = json.loads(sys.argv[2])
emb = T("token_embd.weight")            # [V, E]
x = emb[toks].astype(np.float64)
n = len(toks)
def rms(v, w): return v / np.sqrt((v*v).mean(-1, keepdims=True) + eps) * w
pos = np.arange(n)
inv = 10000.0 ** (-np.arange(0, hd, 2) / hd)
ang = pos[:, None] * inv[None, :]        # [n, hd/2]
def rope(q):                              # q [n, h, hd], normal (adjacent pairs)
    q2 = q.reshape(n, q.shape[1], hd//2, 2)
    c, s = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    a, b = q2[..., 0], q2[..., 1]
    return np.stack([a*c - b*s, a*s + b*c], -1).reshape(q.shape)
for l in range(L):
    p = f"blk.{l}."
    h = rms(x, T(p+"attn_norm.weight"))
    q = (h @ T(p+"attn_q.weight").T).reshape(n, H, hd)
    k = (h @ T(p+"attn_k.weight").T).reshape(n, KV, hd)
    v = (h @ T(p+"attn_v.weight").T).reshape(n, KV, hd)
    q, k = rope(q), rope(k)
    rep = H // KV
    k = np.repeat(k, rep, axis=1); v = np.repeat(v, rep, axis=1)
    att = np.einsum("ihd,jhd->hij", q, k) / np.sqrt(hd)
    att = att + np.triu(np.full((n, n), -np.inf), 1)
    att = np.exp(att - att.max(-1, keepdims=True)); att /= att.sum(-1, keepdims=True)
    o = np.einsum("hij,jhd->ihd", att, v).reshape(n, E)
    x = x + o @ T(p+"attn_output.weight").T
    h = rms(x, T(p+"ffn_norm.weight"))
    g = h @ T(p+"ffn_gate.weight").T; u = h @ T(p+"ffn_up.weight").T
    x = x + ((g / (1 + np.exp(-g))) * u) @ T(p+"ffn_down.weight").T
x = rms(x, T("output_norm.weight"))
out = T("output.weight") if "output.weight" in W else emb
logits = x @ out.T
logits -= logits.max(-1, keepdims=True)
ref = array.array("f"); ref.frombytes(open(sys.argv[3], "rb").read())
ref = np.array(ref).reshape(n, -1)
print("max |numpy - llama.cpp| over", ref.shape, "=", np.abs(logits - ref).max())
