#!/bin/sh
# Regenerates tokenizer/testdata: the corpus (from ../shared/datasets) and,
# for every fetched model, the ids llama.cpp gives (through reftok.c, linked
# against the libllama that node-llama-cpp ships; its headers come from the
# llama.cpp source bundle inside the node-llama-cpp package).
#
#   tokenizer/testdata/gen/regen.sh [NODE_MODULES]   (run from the repo root)
set -eu
NM=${1:-tools/llamacpp/node_modules}
[ -d "$NM" ] || NM=../fetch/tools/llamacpp/node_modules
BINS=$(ls -d "$NM"/@node-llama-cpp/linux-x64/bins/linux-x64)
LIB=$(ls "$BINS"/libllama.v*.so | head -n1)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
git clone -q "$NM/node-llama-cpp/llama/gitRelease.bundle" "$TMP/llama.cpp" 2>/dev/null
cc -O2 -o "$TMP/reftok" tokenizer/testdata/gen/reftok.c -I"$TMP/llama.cpp/include" -I"$TMP/llama.cpp/ggml/include" \
	"$LIB" -Wl,-rpath,"$BINS"
python3 tokenizer/testdata/gen/corpus.py ../shared tokenizer/testdata/corpus.bin.gz
for m in stories260K gemma3-270m-q4_k_m smollm2-135m-instruct-q4_1 qwen2.5-coder-0.5b-instruct-awq-q4_k_m; do
	f=models/$m.gguf
	[ -f "$f" ] || f=../shared/models/$m.gguf
	python3 tokenizer/testdata/gen/expected.py "$TMP/reftok" "$f" tokenizer/testdata/corpus.bin.gz "tokenizer/testdata/$m.ids.gz"
	"$TMP/reftok" "$f" special | gzip -9 > "tokenizer/testdata/$m.special.gz"
done
# Variants: fetched vocabularies with other pre-tokenizers and flags (variants_test.go).
mkdir -p "$TMP/variants" tokenizer/testdata/variants
HYOKA_WRITE_VARIANTS="$TMP/variants" go test -count=1 -run TestWriteVariants ./tokenizer/
gzip -c "$TMP/variants/cases.bin" > "$TMP/variants/cases.bin.gz"
for f in "$TMP"/variants/*.gguf; do
	n=$(basename "$f" .gguf)
	python3 tokenizer/testdata/gen/expected.py "$TMP/reftok" "$f" "$TMP/variants/cases.bin.gz" "tokenizer/testdata/variants/$n.ids.gz"
	"$TMP/reftok" "$f" special | gzip -9 > "tokenizer/testdata/variants/$n.special.gz"
done
# llama_detokenize hashes (detok_test.go) on the variant cases.
mkdir -p tokenizer/testdata/detok
for m in stories260K gemma3-270m-q4_k_m smollm2-135m-instruct-q4_1 qwen2.5-coder-0.5b-instruct-awq-q4_k_m; do
	f=models/$m.gguf
	[ -f "$f" ] || f=../shared/models/$m.gguf
	"$TMP/reftok" "$f" "$TMP/variants/cases.bin" detok | gzip -9 > "tokenizer/testdata/detok/$m.fnv.gz"
done
for n in bpe-gpt2 bpe-llama-bpe bpe-default spm-phi3 spm-no-space-prefix; do
	"$TMP/reftok" "$TMP/variants/$n.gguf" "$TMP/variants/cases.bin" detok | gzip -9 > "tokenizer/testdata/detok/$n.fnv.gz"
done
go run tokenizer/testdata/gen/genunicode.go "$TMP/llama.cpp/src/unicode-data.cpp" > tokenizer/unicode_tables.go
gofmt -l tokenizer/unicode_tables.go
