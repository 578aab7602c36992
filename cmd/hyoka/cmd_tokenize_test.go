package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

type tokenizeJSON struct {
	IDs    []int32  `json:"ids"`
	Pieces []string `json:"pieces"`
}

func tokenizeOut(t *testing.T, args ...string) tokenizeJSON {
	t.Helper()
	code, stdout, stderr := runCmd(t, append([]string{"tokenize", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out tokenizeJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v: %q", err, stdout)
	}
	if len(out.IDs) != len(out.Pieces) {
		t.Fatalf("%d ids, %d pieces", len(out.IDs), len(out.Pieces))
	}
	return out
}

// The ids below are llama.cpp's (reftok) for stories260K.
func TestTokenizeCommand(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	got := tokenizeOut(t, "-m", model, "Hello world")
	if want := []int32{1, 346, 306, 414, 263, 304, 341}; !slices.Equal(got.IDs, want) {
		t.Errorf("ids %v, want %v", got.IDs, want)
	}
	if got.Pieces[0] != "<s>" {
		t.Errorf("first piece %q, want <s>", got.Pieces[0])
	}
	got = tokenizeOut(t, "-m", model, "--add-special=false", "Hello world")
	if want := []int32{346, 306, 414, 263, 304, 341}; !slices.Equal(got.IDs, want) {
		t.Errorf("--add-special=false: ids %v, want %v", got.IDs, want)
	}
	// parse-special: <s> in the text is BOS only when asked.
	plain := tokenizeOut(t, "-m", model, "--add-special=false", "a<s>")
	parsed := tokenizeOut(t, "-m", model, "--add-special=false", "--parse-special=true", "a<s>")
	if slices.Contains(plain.IDs, 1) || parsed.IDs[len(parsed.IDs)-1] != 1 {
		t.Errorf("plain %v, parsed %v", plain.IDs, parsed.IDs)
	}
}

// -f reads the file's exact bytes: the trailing newline is tokenized too.
func TestTokenizeFileExactBytes(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	p := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(p, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := tokenizeOut(t, "-m", model, "--add-special=false", "-f", p)
	if want := []int32{261, 13}; !slices.Equal(got.IDs, want) {
		t.Errorf("ids %v, want %v (▁a, <0x0A>)", got.IDs, want)
	}
	code, stdout, _ := runCmd(t, "tokenize", "-m", model, "--add-special=false", "-f", p)
	if code != 0 || stdout != "   261 \"▁a\"\n    13 \"<0x0A>\"\n" {
		t.Errorf("text output %q (exit %d)", stdout, code)
	}
}

func TestTokenizeUsageErrors(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	for _, args := range [][]string{
		{"tokenize", "hello"},                          // no -m
		{"tokenize", "-m", model},                      // no text
		{"tokenize", "-m", model, "a", "b"},            // two texts
		{"tokenize", "-m", model, "-f", "x", "a"},      // both
		{"tokenize", "-m", model, "--bogus", "a"},      // unknown flag
		{"tokenize", "-m", model, "--json=maybe", "a"}, // bad bool
	} {
		code, _, stderr := runCmd(t, args...)
		if code != 2 || !strings.Contains(stderr, "usage: hyoka tokenize") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	code, _, stderr := runCmd(t, "tokenize", "-m", filepath.Join(t.TempDir(), "missing.gguf"), "a")
	if code != 1 || !strings.Contains(stderr, "missing.gguf") {
		t.Errorf("missing model: exit %d, stderr %q", code, stderr)
	}
}
