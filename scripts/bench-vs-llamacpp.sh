#!/usr/bin/env bash
# bench-vs-llamacpp.sh — hyoka against llama.cpp (node-llama-cpp's prebuilt
# library driven by tools/llamacpp/ref.mjs, which times only the decode
# calls) on the same GGUF files with the same thread count, alternating the
# two programs round by round so that machine load affects both alike.
#
# usage: scripts/bench-vs-llamacpp.sh [-t THREADS] [-p PP] [-n TG] [-r REPS] [-k ROUNDS] MODEL.gguf...
# env:   HYOKA (default bin/hyoka, built if missing), REF (default tools/llamacpp/ref.mjs),
#        HYOKA_FLAGS (extra flags for hyoka bench, e.g. --fast)
#
# Prints one line per model, test and round with both medians and the ratio
# hyoka/llama.cpp, then the median ratio per model and test.
set -euo pipefail

threads=2 pp=512 tg=128 reps=3 rounds=2
while getopts "t:p:n:r:k:" o; do
	case $o in
	t) threads=$OPTARG ;;
	p) pp=$OPTARG ;;
	n) tg=$OPTARG ;;
	r) reps=$OPTARG ;;
	k) rounds=$OPTARG ;;
	*) sed -n '2,12p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '2,12p' "$0" >&2; exit 2; }

HYOKA=${HYOKA:-bin/hyoka}
REF=${REF:-tools/llamacpp/ref.mjs}
[ -x "$HYOKA" ] || go build -o "$HYOKA" ./cmd/hyoka
[ -f "$REF" ] || { echo "no $REF: run make reference or set REF" >&2; exit 1; }

median() { jq -s 'sort | if length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end'; }

echo "# $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# threads=$threads pp=$pp tg=$tg reps=$reps rounds=$rounds; $("$HYOKA" version) ${HYOKA_FLAGS:-}"
printf '%-45s %-6s %5s %10s %10s %7s\n' model test round hyoka llama.cpp ratio
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for model in "$@"; do
	name=$(basename "$model")
	for round in $(seq "$rounds"); do
		h=$("$HYOKA" bench -m "$model" -p "$pp" -n "$tg" -t "$threads" -r "$reps" ${HYOKA_FLAGS:-} --json)
		l=$(node "$REF" bench --model "$model" --threads "$threads" --pp "$pp" --tg "$tg" --reps "$reps" 2>/dev/null | tail -1)
		for test in pp tg; do
			n=$([ $test = pp ] && echo "$pp" || echo "$tg")
			[ "$n" -gt 0 ] || continue
			hv=$(jq -r --arg t "$test$n" '.[] | select(.test == $t) | .median' <<<"$h")
			lv=$(jq -r ".${test}_tokens_per_s[]" <<<"$l" | median)
			ratio=$(jq -n "$hv / $lv")
			printf '%-45s %-6s %5d %10.2f %10.2f %7.2f\n' "$name" "$test$n" "$round" "$hv" "$lv" "$ratio"
			echo "$name $test$n $ratio" >>"$results"
		done
	done
done
echo "# median ratio hyoka/llama.cpp"
sort -u -k1,2 "$results" | while read -r name test _; do
	r=$(awk -v n="$name" -v t="$test" '$1 == n && $2 == t {print $3}' "$results" | median)
	printf '%-45s %-6s %7.2f\n' "$name" "$test" "$r"
done
