#!/usr/bin/env bash
# The first real job after set-up, on the real SmolLM2 model that `make models` fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
m=models/smollm2-135m-instruct-q4_1.gguf
./bin/hyoka version
echo "== hyoka info $m (first lines)"
mkdir -p out
./bin/hyoka info "$m" > out/first-job-info.txt
head -n 12 out/first-job-info.txt
