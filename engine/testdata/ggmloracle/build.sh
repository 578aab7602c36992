#!/usr/bin/env bash
# build.sh OUTDIR — builds small C programs that call llama.cpp's own CPU
# library (the node-llama-cpp prebuilt that is hyoka's reference) so that
# hyoka's kernels can be compared with it value by value:
#
#   LLAMA_SRC=/path/to/llama.cpp engine/testdata/ggmloracle/build.sh OUT
#   HYOKA_GGML_ORACLE=OUT go test ./kernels ./engine -run Oracle -v
#
# LLAMA_SRC is a checkout of the llama.cpp release the prebuilt comes from
# (for ggml.h and ggml-cpu.h only); the library is the zen4 variant under
# tools/llamacpp/node_modules (change VARIANT for another machine).
set -euo pipefail
cd "$(dirname "$0")"
OUT=${1:?usage: build.sh OUTDIR}
VARIANT=${VARIANT:-zen4}
BINS=$(ls -d "$PWD"/../../../tools/llamacpp/node_modules/@node-llama-cpp/linux-x64/bins/*/ | head -1)
INC="-I${LLAMA_SRC:?set LLAMA_SRC}/ggml/include"
LIBS="-L$BINS -l:libggml-cpu-$VARIANT.so -l:libggml-base.so -Wl,-rpath,$BINS -lm"
mkdir -p "$OUT"
for p in ops mm orc gt q5k q6k; do
	gcc -O1 -o "$OUT/$p" $p.c $INC $LIBS
done
g++ -O1 -o "$OUT/qmm" qmm.cpp $INC $LIBS
gcc -O2 -o "$OUT/sincos" sincos.c -lm
"$OUT/gt" >"$OUT/gelu_table.bin"
"$OUT/sincos" >"$OUT/sincos.txt"
echo "built into $OUT"
