#!/usr/bin/env bash
# bench-eval-vs-naive.sh MODEL [MMLU_PER_SUBJECT [HELLASWAG_DOCS]]
#
# Issue 6's throughput proof: the same MMLU and HellaSwag subsets scored by
# `hyoka eval` (KV prefix reuse: shared few-shot prefixes once, a question's
# choices in forks of its context) and the naive way, every context+choice
# decoded from an empty sequence through llama.cpp
# (tools/llamacpp/naive_score.mjs), as lm-eval's GGUF path does.
#
# The requests are hyoka's own token ids (tools/evalrequests: eval.EngineLM's
# encoding, lm-eval's _encode_pair, BOS only where the model adds it), so both
# programs score identical token sequences.
#
# MMLU: the first MMLU_PER_SUBJECT (default 5) questions of each subject in
# $MMLU_SUBJECTS (default: 4 subjects), read from a data folder holding only
# those subjects (hyoka eval --data). HellaSwag: the first HELLASWAG_DOCS
# (default 25) documents of the built-in data.
#
# Environment: THREADS (default 1; both programs get the same count),
# HYOKA (hyoka binary; default: built into $OUT), REF_DIR (folder holding
# node-llama-cpp's node_modules; default tools/llamacpp, as `make reference` installs it),
# DATA (shared/datasets; default ../shared/datasets), OUT (default
# out/eval-vs-naive), KV (naive llama.cpp KV cache type, default f16).
#
# Runs alternate: hyoka mmlu, naive mmlu, naive hellaswag, hyoka hellaswag.
# Prints a table: documents, requests, seconds (scoring loop; hyoka: the task
# run_seconds in results.json, naive: the loop over requests), docs/s, ratio, and
# how many documents pick the same choice (argmax of the log-likelihoods).
set -euo pipefail

if [[ $# -lt 1 ]]; then
	sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
fi
MODEL=$1
PER_SUBJECT=${2:-5}
HS_DOCS=${3:-25}
THREADS=${THREADS:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/out/eval-vs-naive}
REF_DIR=${REF_DIR:-$(cd "$(dirname "$0")/.." && pwd)/tools/llamacpp}
DATA=${DATA:-$ROOT/../shared/datasets}
KV=${KV:-f16}
MMLU_SUBJECTS=${MMLU_SUBJECTS:-"abstract_algebra anatomy astronomy business_ethics"}

mkdir -p "$OUT"
if [[ -z ${HYOKA:-} ]]; then
	HYOKA=$OUT/hyoka
	(cd "$ROOT" && go build -o "$HYOKA" ./cmd/hyoka)
fi
(cd "$ROOT" && go build -o "$OUT/evalrequests" ./tools/evalrequests)
[[ -d $REF_DIR/node_modules/node-llama-cpp ]] || { echo "no node-llama-cpp under $REF_DIR (make reference)" >&2; exit 1; }
# naive_score.mjs must sit next to node_modules for node to resolve it.
mkdir -p "$OUT/node"
cp "$ROOT/tools/llamacpp/naive_score.mjs" "$OUT/node/"
ln -sfn "$REF_DIR/node_modules" "$OUT/node/node_modules"

# MMLU data folder with the chosen subjects only.
MDATA=$OUT/mmlu-data
rm -rf "$MDATA"
mkdir -p "$MDATA/mmlu/test" "$MDATA/mmlu/dev"
for s in $MMLU_SUBJECTS; do
	cp "$DATA/mmlu/test/${s}_test.csv" "$MDATA/mmlu/test/"
	cp "$DATA/mmlu/dev/${s}_dev.csv" "$MDATA/mmlu/dev/"
done

name=$(basename "$MODEL" .gguf)
echo "# $(date -u +%FT%TZ) $(uname -n) nproc=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# model $MODEL threads $THREADS mmlu: $MMLU_SUBJECTS x $PER_SUBJECT, hellaswag: $HS_DOCS docs, naive KV $KV"

"$OUT/evalrequests" -m "$MODEL" --task mmlu --limit "$PER_SUBJECT" --data "$MDATA" >"$OUT/req_mmlu.jsonl"
"$OUT/evalrequests" -m "$MODEL" --task hellaswag --limit "$HS_DOCS" >"$OUT/req_hellaswag.jsonl"

run_hyoka() { # task limit [--data DIR]
	local task=$1 limit=$2
	shift 2
	rm -rf "$OUT/hyoka_$task"
	local t0 t1
	t0=$(date +%s.%N)
	"$HYOKA" eval -m "$MODEL" --tasks "$task" --limit "$limit" -t "$THREADS" --out "$OUT/hyoka_$task" "$@" >"$OUT/hyoka_$task.txt" 2>"$OUT/hyoka_$task.err"
	t1=$(date +%s.%N)
	echo "$t0 $t1" >"$OUT/hyoka_$task.wall"
	echo "# hyoka $task done, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}
run_naive() { # task
	local task=$1 t0 t1
	t0=$(date +%s.%N)
	node "$OUT/node/naive_score.mjs" --model "$MODEL" --requests "$OUT/req_$task.jsonl" --threads "$THREADS" --kv-type "$KV" >"$OUT/naive_$task.jsonl" 2>"$OUT/naive_$task.err"
	t1=$(date +%s.%N)
	echo "$t0 $t1" >"$OUT/naive_$task.wall"
	echo "# naive $task done, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

run_hyoka mmlu "$PER_SUBJECT" --data "$MDATA"
run_naive mmlu
run_naive hellaswag
run_hyoka hellaswag "$HS_DOCS"

python3 - "$OUT" "$name" <<'EOF'
import json, sys, os
out, name = sys.argv[1], sys.argv[2]
def work(path):
    # tokens each program runs through the model. naive: (context+continuation)[:-1]
    # per request. hyoka (a model of engine.Scorer, documents in prompt order): the
    # context beyond its common prefix with the previous document's, plus one token
    # per continuation token of each choice (the forks).
    docs = {}
    for l in open(path):
        r = json.loads(l)
        docs.setdefault(r["doc_id"], []).append(r)
    naive = sum(len(r["context_ids"]) + len(r["continuation_ids"]) - 1 for rs in docs.values() for r in rs)
    prev, hy = [], 0
    for rs in sorted(docs.values(), key=lambda rs: rs[0]["context_ids"]):
        c, l = rs[0]["context_ids"], 0
        while l < min(len(prev), len(c) - 1) and prev[l] == c[l]:
            l += 1
        hy += len(c) - 1 - l + sum(len(r["continuation_ids"]) for r in rs)
        prev = c[:-1]
    return naive, hy
def wall(p):
    a, b = map(float, open(p).read().split())
    return b - a
print("| task | docs | requests | hyoka s | naive s | hyoka docs/s | naive docs/s | ratio | hyoka wall s | naive wall s | wall ratio | same choice | max abs Δ logprob |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for task in ("mmlu", "hellaswag"):
    res = json.load(open(os.path.join(out, f"hyoka_{task}", name, "results.json")))["results"][task]
    hy = {}
    for l in open(os.path.join(out, f"hyoka_{task}", name, f"samples_{task}.jsonl")):
        d = json.loads(l)
        hy[d["doc_id"]] = d["loglikelihoods"]
    nv, summ = {}, None
    for l in open(os.path.join(out, f"naive_{task}.jsonl")):
        d = json.loads(l)
        if "summary" in d:
            summ = d["summary"]
            continue
        nv.setdefault(d["doc_id"], {})[d["choice"]] = d["logprob"]
    assert set(hy) == set(nv), "document sets differ"
    same, dmax = 0, 0.0
    for k, h in hy.items():
        n = [nv[k][j] for j in range(len(h))]
        am = lambda xs: max(range(len(xs)), key=lambda j: (xs[j], -j))
        same += am(h) == am(n)
        dmax = max(dmax, max(abs(a - b) for a, b in zip(h, n)))
    docs = len(hy)
    hs, ns = res.get("run_seconds", res["seconds"]), summ["wall_seconds"]
    hw, nw = wall(os.path.join(out, f"hyoka_{task}.wall")), wall(os.path.join(out, f"naive_{task}.wall"))
    print(f"| {task} | {docs} | {summ['requests']} | {hs:.1f} | {ns:.1f} | {docs/hs:.3f} | {docs/ns:.3f} | {ns/hs:.2f} | {hw:.1f} | {nw:.1f} | {nw/hw:.2f} | {same}/{docs} | {dmax:.3f} |")
    wn, wh = work(os.path.join(out, f"req_{task}.jsonl"))
    print(f"#   {task}: tokens through the model: naive {wn}, hyoka ~{wh} (prefix-reuse estimate), work ratio {wn/wh:.1f}", file=sys.stderr)
    print(f"#   naive {task}: decode {summ['decode_seconds']:.1f} s (llama_decode + softmax), JS post-processing {summ['post_seconds']:.1f} s, {summ['tokens_decoded']} tokens decoded", file=sys.stderr)
EOF
echo "# end $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
