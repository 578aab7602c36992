#!/usr/bin/env bash
# compare-llamacpp.sh — compare hyoka's engine with llama.cpp on the fetched
# models: next-token distributions over >= 2,000 tokens of real English and
# Japanese text (WMT20 news, ../shared/datasets/wmt20_en_ja), and greedy
# generation of 64 tokens from 20 prompts per model.
#
#   scripts/compare-llamacpp.sh [MODEL.gguf ...]    (default: all fetched models)
#
# Environment: REF (ref.mjs, default tools/llamacpp/ref.mjs or
# tools/llamacpp/ref.mjs), OUT (work folder, default out/compare), NTOK
# (tokens per language, default 1024), NPROMPT (prompts per language,
# default 10), THREADS (default 2).
#
# It writes the llama.cpp side into $OUT, then runs
#   HYOKA_COMPARE_DIR=$OUT go test ./engine -run 'TestCompare' -v
# which prints top-1 agreement, KL mean / p99 / max and the greedy results.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-$ROOT/out/compare}
NTOK=${NTOK:-1024}
NPROMPT=${NPROMPT:-10}
THREADS=${THREADS:-2}
REF=${REF:-}
for r in "$REF" "$ROOT/tools/llamacpp/ref.mjs"; do
	if [ -n "$r" ] && [ -f "$r" ]; then REF=$r; break; fi
done
[ -f "$REF" ] || { echo "compare-llamacpp: ref.mjs not found (set REF)" >&2; exit 1; }
NODE_MODULES=$(dirname "$REF")/node_modules
DATA=${HYOKA_SHARED:-$ROOT/../shared}/datasets/wmt20_en_ja
mkdir -p "$OUT"
ln -sfn "$NODE_MODULES" "$OUT/node_modules"
cp engine/testdata/llamacpp_logits.mjs "$OUT/"

models=("$@")
if [ ${#models[@]} -eq 0 ]; then
	models=(models/smollm2-135m-instruct-q4_1.gguf models/qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf models/gemma3-270m-q4_k_m.gguf)
fi

for m in "${models[@]}"; do
	name=$(basename "$m" .gguf)
	for lang in en ja; do
		json=$OUT/$name.$lang.json
		if [ ! -s "$OUT/$name.$lang.f32" ]; then
			head -300 "$DATA/newstest2020.$lang" >"$OUT/$lang.txt"
			# stdout to a file: node may cut a long write to a pipe at exit
			node "$REF" tokenize --model "$m" --text "$(cat "$OUT/$lang.txt")" 2>/dev/null >"$OUT/tok.tmp"
			python3 -c "import json,sys; ids=json.load(open('$OUT/tok.tmp'))['ids']; assert len(ids) >= $NTOK, len(ids); json.dump(ids[:$NTOK], open('$json','w'))"
			echo "llama.cpp logits: $name $lang" >&2
			(cd "$OUT" && node llamacpp_logits.mjs "$ROOT/$m" "$json" "$OUT/$name.$lang.f32.tmp" "$THREADS")
			mv "$OUT/$name.$lang.f32.tmp" "$OUT/$name.$lang.f32"
		fi
	done
	gen=$OUT/gen.$name.jsonl
	if [ ! -s "$gen" ]; then
		echo "llama.cpp greedy: $name" >&2
		: >"$gen.tmp"
		for lang in en ja; do
			# prompts: lines 401.. of the news test set, cut to 200 characters
			sed -n "401,$((400 + NPROMPT))p" "$DATA/newstest2020.$lang" | while IFS= read -r line; do
				p=$(python3 -c "import sys; print(sys.argv[1][:200])" "$line")
				node "$REF" generate --model "$m" --text "$p" -n 64 --threads "$THREADS" 2>/dev/null >"$OUT/one.tmp"
				cat "$OUT/one.tmp" >>"$gen.tmp"
			done
		done
		mv "$gen.tmp" "$gen"
	fi
done

HYOKA_COMPARE_DIR=$OUT go test ./engine -count=1 -run 'TestCompare' -v -timeout 3h
