package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

// TestEvalEndToEnd evaluates the real SmolLM2 model on a few documents of
// four tasks (both request types), checks the result files, then runs again
// with the same --out and checks that every document is read back rather
// than recomputed.
func TestEvalEndToEnd(t *testing.T) {
	model := testenv.Model(t, testenv.SmolLM2)
	out := t.TempDir()
	args := []string{"eval", "-m", model, "--tasks", "openbookqa,xwinograd_en,jcommonsenseqa,triviaqa", "--limit", "2", "-t", "2", "-c", "2048", "--out", out, "--json"}
	code, stdout, stderr := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var printed map[string]any
	if err := json.Unmarshal([]byte(stdout), &printed); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, stdout)
	}
	dir := filepath.Join(out, "smollm2-135m-instruct-q4_1")
	type result struct {
		Metric  string  `json:"metric"`
		Value   float64 `json:"value"`
		N       int     `json:"n"`
		Resumed int     `json:"resumed"`
	}
	read := func() map[string]result {
		data, err := os.ReadFile(filepath.Join(dir, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Model       string            `json:"model"`
			ModelSHA256 string            `json:"model_sha256"`
			Results     map[string]result `json:"results"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		if r.Model != "smollm2-135m-instruct-q4_1" || len(r.ModelSHA256) != 64 {
			t.Errorf("model %q sha256 %q", r.Model, r.ModelSHA256)
		}
		return r.Results
	}
	first := read()
	for _, task := range []string{"openbookqa", "xwinograd_en", "jcommonsenseqa", "triviaqa"} {
		r, ok := first[task]
		if !ok || r.N != 2 || r.Value < 0 || r.Value > 1 || r.Metric == "" {
			t.Errorf("%s: %+v (present %v)", task, r, ok)
		}
		data, err := os.ReadFile(filepath.Join(dir, "samples_"+task+".jsonl"))
		if err != nil || strings.Count(string(data), "\n") != 2 {
			t.Errorf("%s samples: %d lines, %v", task, strings.Count(string(data), "\n"), err)
		}
	}
	code, _, stderr = runCmd(t, args...)
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	for task, r := range read() {
		if r.Resumed != 2 || r.Value != first[task].Value {
			t.Errorf("%s: second run resumed %d of 2, value %v then %v", task, r.Resumed, first[task].Value, r.Value)
		}
	}
}

func TestEvalRefusesCodeWithoutOptIn(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	out := t.TempDir()
	code, _, stderr := runCmd(t, "eval", "-m", model, "--tasks", "humaneval", "--limit", "1", "--out", out)
	if code != 2 || !strings.Contains(stderr, "--allow-code-execution") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(out, "stories260K", "samples_humaneval.jsonl")); err == nil && len(data) > 0 {
		t.Fatalf("samples written without the opt-in: %q", data)
	}
}

func TestEvalUsageErrors(t *testing.T) {
	if code, _, stderr := runCmd(t, "eval"); code != 2 || !strings.Contains(stderr, "-m") {
		t.Errorf("no model: exit %d %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "eval", "-m", "x.gguf", "--tasks", "nosuchtask"); code != 2 || !strings.Contains(stderr, "nosuchtask") {
		t.Errorf("unknown task: exit %d %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "eval", "-m", filepath.Join(t.TempDir(), "missing.gguf"), "--tasks", "mmlu"); code != 1 || !strings.Contains(stderr, "missing.gguf") {
		t.Errorf("missing model: exit %d %q", code, stderr)
	}
}
