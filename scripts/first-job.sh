#!/usr/bin/env bash
# The first real job after set-up, on the real SmolLM2 model that `make models` fetched:
# describe it, generate from it, and evaluate it on a few OpenBookQA questions.
set -euo pipefail
cd "$(dirname "$0")/.."
m=models/smollm2-135m-instruct-q4_1.gguf
./bin/hyoka version
mkdir -p out
echo "== hyoka info $m (first lines)"
./bin/hyoka info "$m" > out/first-job-info.txt
head -n 12 out/first-job-info.txt
echo "== hyoka run (greedy)"
./bin/hyoka run -m "$m" -p "The capital of France is" -n 24 --temp 0
echo
echo "== hyoka eval --tasks openbookqa --limit 5"
./bin/hyoka eval -m "$m" --tasks openbookqa --limit 5 --out out/first-job
