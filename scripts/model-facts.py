#!/usr/bin/env python3
"""Print the facts docs/models.md lists for each fetched model, as Markdown.

Uses the PyPI `gguf` package's reader (pip install gguf==0.19.0), i.e. an
implementation independent of hyoka's own GGUF parser.

Usage: python3 scripts/model-facts.py [models/*.gguf]
"""
import hashlib
import os
import sys
from collections import Counter

from gguf import GGUFReader


def field(r, key):
    f = r.fields.get(key)
    if f is None:
        return None
    try:
        return f.contents()
    except Exception:  # noqa: BLE001 - old gguf versions lack contents()
        return None


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(paths):
    for p in paths:
        r = GGUFReader(p)
        arch = field(r, "general.architecture")
        types = Counter(t.tensor_type.name for t in r.tensors)
        mix = ", ".join(f"{n} {c}" for n, c in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
        params = sum(int(t.n_elements) for t in r.tensors)
        print(f"### `{os.path.basename(p)}`")
        print()
        print(f"- general.name: {field(r, 'general.name')!s}; architecture: `{arch}`")
        print(f"- general.file_type: {field(r, 'general.file_type')!s}; GGUF v{field(r, 'GGUF.version')}")
        print(f"- tensors: {len(r.tensors)} ({mix}); parameters: {params:,}")
        print(
            f"- layers {field(r, f'{arch}.block_count')}, n_embd {field(r, f'{arch}.embedding_length')}, "
            f"heads {field(r, f'{arch}.attention.head_count')}/{field(r, f'{arch}.attention.head_count_kv')}, "
            f"n_ctx_train {field(r, f'{arch}.context_length')}"
        )
        toks = r.fields.get("tokenizer.ggml.tokens")
        print(
            f"- tokenizer: `{field(r, 'tokenizer.ggml.model')}` / pre `{field(r, 'tokenizer.ggml.pre')}`, "
            f"{len(toks.data) if toks else '?'} tokens, add_bos {field(r, 'tokenizer.ggml.add_bos_token')}"
        )
        print(f"- size: {os.path.getsize(p):,} bytes; sha256 `{sha256(p)}`")
        print()


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")
        args = sorted(os.path.join(root, f) for f in os.listdir(root) if f.endswith(".gguf"))
    main(args)
