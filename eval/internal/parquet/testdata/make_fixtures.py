#!/usr/bin/env python3
"""Write the parquet fixtures of eval/internal/parquet's tests with pyarrow
(pip install pyarrow; written with pyarrow 26.0.1): an XL-Sum-like table of
string columns (Japanese text, a repeated value for the dictionary, a null,
a long text) plus an int64 column, in several writer settings, and
expected.json with the rows."""
import json

import pyarrow as pa
import pyarrow.parquet as pq

rows = []
for i in range(23):
    rows.append({
        "id": f"id-{i}",
        "url": "https://www.bbc.com/japanese/" + ("same" if i % 3 else f"n{i}"),
        "title": None if i == 5 else f"題{i}「テスト」",
        "summary": "要約" * (i % 4) + f"{i}。",
        "text": ("本文。" * (200 if i == 7 else 3)) + f"記事{i}",
        "n": i,
    })
table = pa.table({k: [r[k] for r in rows] for k in rows[0]},
                 schema=pa.schema([("id", pa.string()), ("url", pa.string()), ("title", pa.string()),
                                   ("summary", pa.string()), ("text", pa.string()), ("n", pa.int64())]))
variants = {
    "snappy_dict_v1": dict(compression="snappy", use_dictionary=True, data_page_version="1.0"),
    "none_plain_v2": dict(compression="none", use_dictionary=False, data_page_version="2.0"),
    "gzip_dict_v2_pages": dict(compression="gzip", use_dictionary=True, data_page_version="2.0",
                               row_group_size=5, data_page_size=64),
    "snappy_plain_v1_groups": dict(compression="snappy", use_dictionary=False, row_group_size=4, data_page_size=128),
    "zstd": dict(compression="zstd"),
}
for name, kw in variants.items():
    pq.write_table(table, name + ".parquet", **kw)
with open("expected.json", "w", encoding="utf-8") as f:
    json.dump([{k: ("" if v is None else v) for k, v in r.items() if k != "n"} for r in rows], f, ensure_ascii=False, indent=0)
