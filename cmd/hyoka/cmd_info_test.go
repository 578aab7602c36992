package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/gguf"
	"hyoka/internal/testenv"
)

// llamaCppInfo is one model's entry in testdata/llamacpp_info.json, which
// scripts/record-info-reference.sh writes from llama.cpp (ref.mjs info).
type llamaCppInfo struct {
	Architecture   string         `json:"architecture"`
	Name           *string        `json:"name"`
	NumParams      uint64         `json:"n_params"`
	ModelSizeBytes uint64         `json:"model_size_bytes"`
	FileSizeBytes  uint64         `json:"file_size_bytes"`
	FileType       *uint32        `json:"file_type"`
	Description    string         `json:"description"`
	GGUFVersion    uint32         `json:"gguf_version"`
	TensorCount    int            `json:"tensor_count"`
	TensorTypes    map[string]int `json:"tensor_types"`
	NumVocab       int            `json:"n_vocab"`
	VocabType      int            `json:"vocab_type"`
	NumCtxTrain    uint64         `json:"n_ctx_train"`
	NumEmbd        uint64         `json:"n_embd"`
	NumLayer       uint64         `json:"n_layer"`
	BOS            uint64         `json:"bos"`
	EOS            uint64         `json:"eos"`
}

// llamaVocabType maps tokenizer.ggml.model to llama.cpp's enum
// llama_vocab_type (SPM 1, BPE 2, WPM 3, UGM 4, RWKV 5, PLAMO2 6).
var llamaVocabType = map[string]int{"llama": 1, "gpt2": 2, "bert": 3, "t5": 4, "rwkv": 5, "plamo2": 6}

func infoJSON(t *testing.T, path string) *modelInfo {
	t.Helper()
	code, stdout, stderr := runCmd(t, "info", path, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var m modelInfo
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout[:min(len(stdout), 500)])
	}
	return &m
}

// TestInfoMatchesLlamaCpp compares `hyoka info --json` on every fetched
// model with what llama.cpp reported for the same file. Every number must
// be equal.
func TestInfoMatchesLlamaCpp(t *testing.T) {
	raw, err := os.ReadFile("testdata/llamacpp_info.json")
	if err != nil {
		t.Fatal(err)
	}
	var refs map[string]llamaCppInfo
	if err := json.Unmarshal(raw, &refs); err != nil {
		t.Fatal(err)
	}
	if len(refs) != 4 {
		t.Fatalf("%d reference models, want 4", len(refs))
	}
	for file, ref := range refs {
		t.Run(file, func(t *testing.T) {
			m := infoJSON(t, testenv.Model(t, file))
			check := func(what string, got, want any) {
				t.Helper()
				if got != want {
					t.Errorf("%s: hyoka %v, llama.cpp %v", what, got, want)
				}
			}
			check("architecture", m.Architecture, ref.Architecture)
			if ref.Name != nil {
				check("name", m.Name, *ref.Name)
			}
			check("n_params", m.NumParams, ref.NumParams)
			check("tensor bytes", m.TensorBytes, ref.ModelSizeBytes)
			check("file size", m.FileSize, ref.FileSizeBytes)
			check("gguf version", m.GGUFVersion, ref.GGUFVersion)
			if ref.FileType != nil {
				check("file type", m.FileType, *ref.FileType)
				check("file type guessed", m.FileTypeGuess, false)
			} else {
				// llama.cpp guessed it; its description ends in the name
				check("file type guessed", m.FileTypeGuess, true)
				check("guessed type", m.FileTypeName == "ALL_F32", strings.HasSuffix(ref.Description, "all F32"))
			}
			check("tensor count", len(m.Tensors), ref.TensorCount)
			mix := map[string]int{}
			for _, q := range m.QuantMix {
				mix[q.Type] = q.Tensors
			}
			check("quant mix size", len(mix), len(ref.TensorTypes))
			for typ, n := range ref.TensorTypes {
				check("tensors of type "+typ, mix[typ], n)
			}
			check("n_vocab", m.VocabSize, ref.NumVocab)
			check("vocab type", llamaVocabType[m.TokenizerModel], ref.VocabType)
			check("n_ctx_train", deref(m.ContextLength), ref.NumCtxTrain)
			check("n_embd", deref(m.EmbeddingLength), ref.NumEmbd)
			check("n_layer", deref(m.BlockCount), ref.NumLayer)
			check("bos", deref(m.BOS), ref.BOS)
			check("eos", deref(m.EOS), ref.EOS)
		})
	}
}

func deref(p *uint64) uint64 {
	if p == nil {
		return 1<<64 - 1
	}
	return *p
}

func TestInfoText(t *testing.T) {
	path := testenv.Model(t, testenv.Stories)
	code, stdout, stderr := runCmd(t, "info", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"architecture    llama\n",
		"parameters      292.80 K (292800)\n",
		"file type       ALL_F32 (0, guessed from the tensors: no general.file_type)\n",
		"context length  2048\n",
		"vocabulary      512 tokens (tokenizer llama; bos 1, eos 2)\n",
		"quant mix       F32 48 (1.12 MiB)\n",
		"metadata (19 keys)\n",
		`tokenizer.ggml.tokens`, `512 elements: ["<unk>", "<s>", "</s>"`,
		"tensors (48)\n",
		"  token_embd.weight",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout[:min(len(stdout), 2000)])
		}
	}
}

// TestInfoVocabOnly runs info on a file with metadata and no tensors.
func TestInfoVocabOnly(t *testing.T) {
	var b gguf.Builder
	for _, kv := range []struct {
		k string
		v any
	}{
		{"general.architecture", "llama"},
		{"llama.context_length", uint32(4096)},
		{"tokenizer.ggml.model", "gpt2"},
		{"tokenizer.ggml.tokens", []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}},
		{"tokenizer.ggml.scores", []float32{1, 2}},
		{"weird", "line\nbreak\ttab"},
	} {
		if err := b.AddKV(kv.k, kv.v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "vocab.gguf")
	if err := b.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	m := infoJSON(t, path)
	if m.VocabSize != 10 || len(m.Tensors) != 0 || m.NumParams != 0 || deref(m.ContextLength) != 4096 || len(m.Metadata) != 6 {
		t.Errorf("vocab-only info: %+v", m)
	}
	for _, e := range m.Metadata {
		if e.Key == "tokenizer.ggml.tokens" && (e.Len == nil || *e.Len != 10 || e.Value != nil) {
			t.Errorf("long array not summarised: %+v", e)
		}
		if e.Key == "tokenizer.ggml.scores" && (e.Len != nil || e.Value == nil) {
			t.Errorf("short array summarised: %+v", e)
		}
	}
	code, stdout, _ := runCmd(t, "info", path)
	if code != 0 || !strings.Contains(stdout, "no tensors: vocab-only file") || !strings.Contains(stdout, `"line\nbreak\ttab"`) {
		t.Errorf("exit %d, text:\n%s", code, stdout)
	}
}

// TestInfoErrors: bad files are errors that name the file, never panics;
// command-line mistakes exit 2.
func TestInfoErrors(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(testenv.Model(t, testenv.Stories))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"truncated-data.gguf":   src[:len(src)-1000],
		"truncated-header.gguf": src[:5000],
		"empty.gguf":            nil,
		"text.gguf":             []byte("this is not a model\n"),
	}
	wants := map[string]string{
		"truncated-data.gguf":   "past its end",
		"truncated-header.gguf": "corrupt GGUF file",
		"empty.gguf":            "corrupt GGUF file",
		"text.gguf":             "bad magic",
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCmd(t, "info", p)
		if code != 1 || stdout != "" || !strings.Contains(stderr, p) || !strings.Contains(stderr, wants[name]) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and an error naming the file and saying %q", name, code, stderr, wants[name])
		}
	}
	if code, _, stderr := runCmd(t, "info", filepath.Join(dir, "missing.gguf")); code != 1 || !strings.Contains(stderr, "missing.gguf") {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
	if code, _, _ := runCmd(t, "info"); code != 2 {
		t.Errorf("no argument: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "info", "-m", "a.gguf", "b.gguf"); code != 2 {
		t.Errorf("-m and a positional model: want usage error")
	}
	if code, _, stderr := runCmd(t, "info", "-m", filepath.Join(dir, "missing.gguf")); code != 1 || !strings.Contains(stderr, "missing.gguf") {
		t.Errorf("info -m missing: code %d, %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "info", "a.gguf", "b.gguf"); code != 2 {
		t.Errorf("two arguments: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "info", "--frob", "a.gguf"); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}
