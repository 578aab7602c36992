package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/gguf"
	"hyoka/internal/testenv"
)

// llama.cpp's greedy 32 tokens after "Once upon a time" (engine/testdata/stories260K_once.json).
const storiesGreedy = ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw"

// TestRunGreedyStories: greedy text from the mapped model and from the
// model read into memory (--no-mmap).
func TestRunGreedyStories(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	for _, extra := range [][]string{nil, {"--no-mmap"}} {
		code, out, errb := runCmd(t, append([]string{"run", "-m", model, "-p", "Once upon a time", "-n", "32", "--temp", "0", "-t", "2"}, extra...)...)
		if code != 0 {
			t.Fatalf("%v: code %d: %s", extra, code, errb)
		}
		if strings.TrimSuffix(out, "\n") != storiesGreedy {
			t.Errorf("%v: stdout %q\nwant   %q", extra, out, storiesGreedy)
		}
		for _, want := range []string{"KV cache", "tokens/s", "prompt 5 tokens"} {
			if !strings.Contains(errb, want) {
				t.Errorf("%v: stderr lacks %q: %s", extra, want, errb)
			}
		}
	}
}

// TestRunLlamaCpp: --llamacpp generates llama.cpp's greedy text and says
// so; --fast with --llamacpp is a usage error on every command that has them.
func TestRunLlamaCpp(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	code, out, errb := runCmd(t, "run", "-m", model, "-p", "Once upon a time", "-n", "32", "--temp", "0", "-t", "2", "--llamacpp")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errb)
	}
	if strings.TrimSuffix(out, "\n") != storiesGreedy {
		t.Errorf("stdout %q\nwant   %q", out, storiesGreedy)
	}
	if !strings.Contains(errb, "llamacpp numerics") {
		t.Errorf("stderr does not name the numerics: %s", errb)
	}
	for _, args := range [][]string{
		{"run", "-m", model, "-p", "Once"},
		{"score", "-m", model, "--context", "Once", "--continuation", " upon"},
		{"eval", "-m", model, "--tasks", "mmlu"},
		{"bench", "-m", model},
	} {
		code, _, errb := runCmd(t, append(args, "--fast", "--llamacpp")...)
		if code != 2 || !strings.Contains(errb, "--fast and --llamacpp") {
			t.Errorf("%s --fast --llamacpp: code %d, %s", args[0], code, errb)
		}
	}
}

func TestRunJSONAndStop(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	code, out, errb := runCmd(t, "run", "-m", model, "-p", "Once upon a time", "-n", "32", "--temp", "0", "--stop", " Lily", "--json")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errb)
	}
	var r struct {
		PromptTokens []int32 `json:"prompt_tokens"`
		Tokens       []int32 `json:"tokens"`
		Text         string  `json:"text"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if want := ", there was a little girl named"; r.Text != want {
		t.Errorf("text %q, want %q", r.Text, want)
	}
	if len(r.PromptTokens) != 5 || r.PromptTokens[0] != 1 || len(r.Tokens) == 0 {
		t.Errorf("tokens %v %v", r.PromptTokens, r.Tokens)
	}
	// sampling with a seed is reproducible
	_, a, _ := runCmd(t, "run", "-m", model, "-p", "Once", "-n", "16", "--seed", "7", "--json")
	_, b, _ := runCmd(t, "run", "-m", model, "-p", "Once", "-n", "16", "--seed", "7", "--json")
	if a != b || a == "" {
		t.Errorf("same seed, different output:\n%s\n%s", a, b)
	}
}

func TestRunErrors(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	code, _, errb := runCmd(t, "run", "-m", model, "-p", strings.Repeat("Once upon a time ", 10), "-c", "8")
	if code != 1 || !strings.Contains(errb, "the prompt has") || !strings.Contains(errb, "context holds 8") {
		t.Errorf("long prompt: code %d, %s", code, errb)
	}
	code, _, errb = runCmd(t, "run", "-m", model)
	if code != 2 || !strings.Contains(errb, "-p PROMPT is required") {
		t.Errorf("no prompt: code %d, %s", code, errb)
	}
	// an architecture the engine does not run
	var b gguf.Builder
	b.AddKV("general.architecture", "mamba")
	b.AddKV("tokenizer.ggml.model", "llama")
	p := filepath.Join(t.TempDir(), "mamba.gguf")
	if err := b.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	code, _, errb = runCmd(t, "run", "-m", p, "-p", "hi")
	if code != 1 || !strings.Contains(errb, `unsupported architecture "mamba" (supported: gemma2, gemma3, llama, qwen2, qwen3)`) {
		t.Errorf("unsupported arch: code %d, %s", code, errb)
	}
	// Ctrl-C: a cancelled context stops cleanly with status 130
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, eb strings.Builder
	code = run(ctx, &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &eb}, []string{"run", "-m", model, "-p", "Once", "-n", "50"})
	if code != 130 || !strings.Contains(eb.String(), "interrupted") {
		t.Errorf("cancelled: code %d, %s", code, eb.String())
	}
}

func TestScore(t *testing.T) {
	model := testenv.Model(t, testenv.Stories)
	code, out, errb := runCmd(t, "score", "-m", model, "--context", "Once upon a time", "--continuation", ", there was", "--continuation", " a dog", "--json")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errb)
	}
	var rows []struct {
		Continuation string  `json:"continuation"`
		LogProb      float64 `json:"logprob"`
		NTokens      int     `json:"n_tokens"`
		IsGreedy     bool    `json:"is_greedy"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if len(rows) != 2 || rows[0].Continuation != ", there was" || !rows[0].IsGreedy || rows[1].IsGreedy ||
		rows[0].LogProb >= 0 || rows[0].LogProb <= rows[1].LogProb || rows[0].NTokens != 3 {
		t.Errorf("rows %+v", rows)
	}
	code, out, _ = runCmd(t, "score", "-m", model, "--context", "Once upon a time", "--continuation", ", there was")
	if code != 0 || !strings.Contains(out, "logprob") || !strings.Contains(out, `", there was"`) {
		t.Errorf("table: code %d %q", code, out)
	}
	code, _, errb = runCmd(t, "score", "-m", model, "--context", "x")
	if code != 2 || !strings.Contains(errb, "--continuation") {
		t.Errorf("no continuation: code %d %s", code, errb)
	}
}
