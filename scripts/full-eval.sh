#!/usr/bin/env bash
# full-eval.sh — the full evaluations issues 6 and 7 ask for (every document
# of every task, no --limit) on one or more models, resumable: run it again
# after an interruption and finished documents are read back, not recomputed.
# Then prints, per model, a Markdown table for BENCHMARKS.md from
# OUT/<model>/results.json (tasks not finished yet are listed with the
# documents done so far).
#
#   scripts/full-eval.sh [MODEL.gguf ...]     (default: SmolLM2-135M and Gemma 3 270M)
#
# Environment: HYOKA (default bin/hyoka, built if missing), OUT (default
# runs/full), TASKS (default "paper": all 19; a comma list puts cheap
# tasks first if you like), THREADS (per model, default 1), PARALLEL=1
# (run the models side by side instead of one after the other), WORKERS
# (processes per model, default 1: more share the model's tasks, each
# taking the next one no other process holds), NICE (default 0),
# HYOKA_FLAGS (e.g. --fast; a folder keeps one numerics).
# HumanEval and JHumanEval run the models' programs in hyoka's sandbox
# (--allow-code-execution is passed).
#
# The runs take days of one CPU core for the two small models (MMLU has
# 14,042 questions, HellaSwag 10,042, TriviaQA 17,944, BBH 6,511 and GSM8K
# 1,319 chain-of-thought generations); `seconds` in results.json adds up
# the compute time of every run that worked on a task.
set -euo pipefail
cd "$(dirname "$0")/.."
HYOKA=${HYOKA:-bin/hyoka}
OUT=${OUT:-runs/full}
TASKS=${TASKS:-paper}
THREADS=${THREADS:-1}
NICE=${NICE:-0}
if [ ! -x "$HYOKA" ]; then
	go build -o "$HYOKA" ./cmd/hyoka
fi
models=("$@")
if [ ${#models[@]} -eq 0 ]; then
	models=(models/smollm2-135m-instruct-q4_1.gguf models/gemma3-270m-q4_k_m.gguf)
fi
mkdir -p "$OUT"
run() {
	local m=$1 name w pids=() st=0
	name=$(basename "$m" .gguf)
	for ((w = 1; w <= ${WORKERS:-1}; w++)); do
		local sfx=""
		[ "$w" -gt 1 ] && sfx=".$w"
		# shellcheck disable=SC2086
		nice -n "$NICE" "$HYOKA" eval -m "$m" --tasks "$TASKS" -t "$THREADS" --out "$OUT" \
			--allow-code-execution ${HYOKA_FLAGS:-} >"$OUT/$name.summary$sfx.txt" 2>"$OUT/$name.progress$sfx.log" &
		pids+=($!)
		sleep 2 # the first worker takes the first task
	done
	for p in "${pids[@]}"; do wait "$p" || st=1; done
	return $st
}
status=0
if [ "${PARALLEL:-0}" = 1 ]; then
	pids=()
	for m in "${models[@]}"; do run "$m" & pids+=($!); done
	for p in "${pids[@]}"; do wait "$p" || status=1; done
else
	for m in "${models[@]}"; do run "$m" || status=1; done
fi

for m in "${models[@]}"; do
	name=$(basename "$m" .gguf)
	python3 - "$OUT/$name" "$name" <<'PY'
import json, os, sys
d, name = sys.argv[1], sys.argv[2]
try:
    r = json.load(open(os.path.join(d, "results.json")))
except FileNotFoundError:
    r = {"results": {}, "options": {}}
print(f"\n{name} ({r['options'].get('numerics', '?')} numerics)\n")
print("| task | metric | value | stderr | n | docs/s | compute s | docs per CPU s (docs timed) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
done = r["results"]
for t, v in sorted(done.items()):
    cpu = f"{v['docs_per_cpu_second']:.2f} ({v['cpu_docs']})" if v.get("cpu_docs") else ""
    print(f"| {t} | {v['metric']} | {v['value']:.4f} | {v['stderr']:.4f} | {v['n']} / {v['total']} | {v['docs_per_sec']:.2f} | {v['seconds']:.0f} | {cpu} |")
for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
    if f.startswith("samples_") and f.endswith(".jsonl"):
        t = f[len("samples_"):-len(".jsonl")]
        if t not in done:
            with open(os.path.join(d, f), "rb") as fh:
                n = sum(1 for line in fh if line.endswith(b"\n"))
            print(f"| {t} | (running) | | | {n} done | | | |")
PY
done
exit $status
