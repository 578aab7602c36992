#!/usr/bin/env bash
# The first real job after set-up: describe a fetched model.
set -euo pipefail
cd "$(dirname "$0")/.."
./bin/hyoka version
