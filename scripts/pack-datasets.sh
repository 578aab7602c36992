#!/bin/sh
# pack-datasets.sh: pack ../shared/datasets into eval/data/<task>.tar.gz, the
# copy of the benchmark data that hyoka embeds so evaluation works offline
# out of the box. Each archive holds one task folder as published there,
# LICENSE and SOURCE.md included. The archives are reproducible (sorted
# names, zero mtimes and owners, gzip -n), so re-running this script on the
# same data gives the same bytes.
#
# usage: scripts/pack-datasets.sh [SHARED_DATASETS_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$root/../shared/datasets}
out=$root/eval/data
mkdir -p "$out"
for d in "$src"/*/; do
	t=$(basename "$d")
	tar -C "$src" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
		--mode='u+rw,go+r,go-w' -cf - "$t" | gzip -9 -n >"$out/$t.tar.gz.tmp"
	mv "$out/$t.tar.gz.tmp" "$out/$t.tar.gz"
done
cp "$src/README.md" "$out/README.md"
ls -l "$out"
