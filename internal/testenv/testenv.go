// Package testenv locates what tests need outside the package folder: the
// repository root, the shared/ folder beside it (benchmark data, the tiny
// stories260K model) and the models fetched by scripts/fetch-models.sh.
//
// Tests that need a fetched model call Model. When the model is missing they
// skip, unless HYOKA_REQUIRE_MODELS=1 (set by `make test`), where a missing
// model is a failure: CI must never pass by skipping its real-model tests.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Names of the fetched models (files under models/), as fetch-models.sh writes them.
const (
	SmolLM2 = "smollm2-135m-instruct-q4_1.gguf"
	Gemma3  = "gemma3-270m-q4_k_m.gguf"
	Stories = "stories260K.gguf"
	// QwenSmall is Qwen2.5-Coder-0.5B-Instruct-AWQ converted to GGUF (qwen2
	// architecture, file type Q4_K_M: a Q5_0/Q8_0/Q6_K/Q4_K mix), the only
	// small Qwen2-family GGUF found on PyPI; see docs/models.md.
	QwenSmall = "qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf"
	// QwenCoder names the same file (the engine tests call it that).
	QwenCoder = QwenSmall
)

// RepoRoot returns the folder holding go.mod.
func RepoRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("testenv: no caller information")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SharedDir returns ../shared beside the repository (or $HYOKA_SHARED).
func SharedDir() string {
	if d := os.Getenv("HYOKA_SHARED"); d != "" {
		return d
	}
	return filepath.Join(RepoRoot(), "..", "shared")
}

// Shared returns the path of rel inside the shared folder, skipping the test
// if it is absent (failing under HYOKA_REQUIRE_MODELS=1).
func Shared(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(SharedDir(), rel)
	need(t, p)
	return p
}

// Model returns the path of a fetched model file under models/ (or the
// stories260K model in shared/models), skipping or failing as the package
// comment says when it is missing.
func Model(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(RepoRoot(), "models", name)
	if _, err := os.Stat(p); err != nil && name == Stories {
		p = filepath.Join(SharedDir(), "models", name)
	}
	need(t, p)
	return p
}

func need(t testing.TB, p string) {
	t.Helper()
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("HYOKA_REQUIRE_MODELS") == "1" {
			t.Fatalf("%s is missing (run `make setup`): %v", p, err)
		}
		t.Skipf("%s is missing (run `make setup` to fetch it)", p)
	}
}
