#!/usr/bin/env bash
# Runs every fuzz target briefly so CI exercises them: FUZZTIME executions each
# (default 20000x). The budget is a count, not a duration, on purpose: with a
# duration Go <= 1.26 can fail a healthy target with "context deadline exceeded"
# when -fuzztime expires while a worker is mid-call (golang/go#75804, fixed in
# Go 1.27); a count never arms that deadline.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-20000x}
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "fuzz $pkg $f ($t)"
    go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" -fuzzminimizetime 200x "$pkg"
  done
done
