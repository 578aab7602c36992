#!/usr/bin/env bash
# Records what llama.cpp reports for each fetched model into
# cmd/hyoka/testdata/llamacpp_info.json, the reference that
# TestInfoMatchesLlamaCpp checks `hyoka info --json` against.
#
# Needs the models (make models) and the llama.cpp reference (make reference:
# node-llama-cpp 3.21.1 with tools/llamacpp/ref.mjs). REF overrides the path
# of ref.mjs, MODELS the models folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${REF:-tools/llamacpp/ref.mjs}
models=${MODELS:-models}
out=cmd/hyoka/testdata/llamacpp_info.json
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
  echo '{'
  first=1
  for m in smollm2-135m-instruct-q4_1.gguf gemma3-270m-q4_k_m.gguf qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf stories260K.gguf; do
    p=$models/$m
    [ -e "$p" ] || p=../shared/models/$m
    line=$(node "$ref" info --model "$p" --threads 1 2>/dev/null)
    [ $first = 1 ] || echo ','
    first=0
    printf '  "%s": %s' "$m" "$line"
  done
  echo
  echo '}'
} > "$tmp"
python3 -m json.tool --indent 1 "$tmp" > "$out"
echo "wrote $out"
