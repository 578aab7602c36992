#!/usr/bin/env bash
# Regenerates the example renders under docs/analysis/ from the published
# leaderboard table (the paper's 38-model snapshot) and its metadata table.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${HYOKA_SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./cmd/hyoka analyze \
  --scores "$shared/paper/swallow_leaderboard_2024_base_scores.csv" \
  --meta "$shared/paper/model_meta.csv" \
  --filter in_2024-07-21_snapshot=yes \
  --bootstrap 500 --seed 1 --varimax 3 \
  --out "$tmp"
rm -rf docs/analysis
mkdir -p docs/analysis/figures
# Figures (PNG, SVG), the Markdown report and analysis.json; report.html (the
# same figures inlined) is left out.
cp "$tmp"/report.md "$tmp"/analysis.json docs/analysis/
cp "$tmp"/figures/*.png "$tmp"/figures/*.svg docs/analysis/figures/
echo "wrote docs/analysis/"
