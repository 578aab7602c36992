#!/usr/bin/env bash
# fetch-reference.sh — install the llama.cpp reference (node-llama-cpp 3.21.1,
# pinned by tools/llamacpp/package-lock.json) into tools/llamacpp/node_modules.
#
# Skips the install when the pinned version is already there. Install scripts
# are not run (--ignore-scripts): node-llama-cpp's postinstall would try to
# download or build llama.cpp, which we never want. The prebuilt linux-x64 CPU
# binaries come as the npm package @node-llama-cpp/linux-x64 and
# tools/llamacpp/ref.mjs loads them with gpu:false, build:"never". The script
# ends with a smoke test that loads the tiny stories260K model.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/tools/llamacpp"
WANT=3.21.1

log() { printf '[fetch-reference] %s\n' "$*" >&2; }
die() { printf '[fetch-reference] ERROR: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not installed (need Node.js >= 20)"
command -v npm >/dev/null 2>&1 || die "npm is not installed"
major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$major" -ge 20 ]] || die "node $(node --version) is too old; node-llama-cpp $WANT needs >= 20"

installed() {
	local v
	v="$(node -p "require('$DIR/node_modules/node-llama-cpp/package.json').version" 2>/dev/null)" || return 1
	[[ "$v" == "$WANT" ]] || return 1
	case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) [[ -f "$DIR/node_modules/@node-llama-cpp/linux-x64/package.json" ]] || return 1 ;;
	esac
	return 0
}

if installed; then
	log "node-llama-cpp $WANT already installed in $DIR/node_modules"
else
	log "installing node-llama-cpp $WANT (npm ci) in $DIR"
	(cd "$DIR" && NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm ci --ignore-scripts --no-audit --no-fund) >&2 ||
		die "npm ci failed in $DIR"
	installed || die "npm ci finished but node-llama-cpp $WANT is not usable in $DIR/node_modules"
fi

# Smoke test: the prebuilt CPU binary loads a model, without GPU and without any build.
STORIES="$ROOT/models/stories260K.gguf"
[[ -f "$STORIES" ]] || STORIES="${HYOKA_SHARED:-$ROOT/../shared}/models/stories260K.gguf"
if [[ -f "$STORIES" ]]; then
	node "$DIR/ref.mjs" info --model "$STORIES" >/dev/null ||
		die "the llama.cpp reference could not load $STORIES (see the error above)"
	log "ok: llama.cpp reference loads $STORIES"
else
	log "warning: no stories260K.gguf found; skipped the smoke test"
fi
