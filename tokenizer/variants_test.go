package tokenizer

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"hyoka/gguf"
	"hyoka/internal/testenv"
)

// A variant is a vocab-only GGUF made from a fetched model's vocabulary with
// some metadata changed: it exercises pre-tokenizers and token attributes
// for which no model was fetched. testdata/gen/regen.sh writes the variants
// (HYOKA_WRITE_VARIANTS=DIR go test -run TestWriteVariants), runs llama.cpp on
// them and stores the ids in testdata/variants/NAME.ids.gz; TestVariants
// rebuilds the same files and compares.
type variant struct {
	name, base string
	set        map[string]any // metadata to set (added if absent)
	addTokens  []string       // control tokens appended to the vocabulary
}

var variants = []variant{
	{name: "bpe-default", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "default"}},
	{name: "bpe-gpt2", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "gpt-2"}},
	{name: "bpe-mpt", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "mpt"}},
	{name: "bpe-llama-bpe", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "llama-bpe"}},
	{name: "bpe-starcoder", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "starcoder"}},
	{name: "bpe-refact", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "refact"}},
	{name: "bpe-command-r", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "command-r"}},
	{name: "bpe-falcon", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "falcon"}},
	{name: "bpe-deepseek-llm", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "deepseek-llm"}},
	{name: "bpe-deepseek-coder", base: testenv.SmolLM2, set: map[string]any{"tokenizer.ggml.pre": "deepseek-coder"}},
	{name: "bpe-qwen2-addbos", base: qwenCoder, set: map[string]any{"tokenizer.ggml.add_bos_token": true, "tokenizer.ggml.add_eos_token": true}},
	{name: "spm-phi3", base: testenv.Stories, set: map[string]any{"general.name": "Phi-3-mini-4k-instruct"},
		addTokens: []string{"<|endoftext|>", "<|user|>", "<|assistant|>", "<|end|>", "<|system|>"}},
	{name: "spm-no-space-prefix", base: testenv.Stories, set: map[string]any{"tokenizer.ggml.add_space_prefix": false, "tokenizer.ggml.add_eos_token": true}},
}

// variantCases picks the corpus strings used for variants: every third
// string keeps the files small; all edge cases (the tail) are kept.
func variantCases(corpus []string) []string {
	var out []string
	for i, s := range corpus {
		if i%3 == 0 || i >= len(corpus)-260 {
			out = append(out, s)
		}
	}
	return out
}

// buildVariant writes the vocab-only GGUF of v into dir and returns its path.
func buildVariant(t testing.TB, v variant, dir string) string {
	t.Helper()
	src, err := gguf.Open(testenv.Model(t, v.base))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var b gguf.Builder
	seen := map[string]bool{}
	for key, val := range src.KeyValues() {
		seen[key] = true
		if x, ok := v.set[key]; ok {
			val = gguf.Value{}
			if err := b.AddKV(key, x); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if len(v.addTokens) > 0 {
			if a, ok := val.X.(gguf.Array); ok {
				switch x := a.Values.(type) {
				case []string:
					if key == "tokenizer.ggml.tokens" {
						val = gguf.Value{Type: gguf.TypeArray, X: gguf.Array{Elem: a.Elem, Values: append(slices.Clone(x), v.addTokens...)}}
					}
				case []float32:
					val = gguf.Value{Type: gguf.TypeArray, X: gguf.Array{Elem: a.Elem, Values: append(slices.Clone(x), make([]float32, len(v.addTokens))...)}}
				case []int32:
					add := make([]int32, len(v.addTokens))
					for i := range add {
						add[i] = typeControl
					}
					val = gguf.Value{Type: gguf.TypeArray, X: gguf.Array{Elem: a.Elem, Values: append(slices.Clone(x), add...)}}
				}
			}
		}
		if err := b.AddKV(key, val); err != nil {
			t.Fatal(err)
		}
	}
	for key, x := range v.set {
		if !seen[key] {
			if err := b.AddKV(key, x); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(dir, v.name+".gguf")
	if err := b.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWriteVariants writes the variant GGUFs and their cases for
// testdata/gen/regen.sh; it does nothing unless HYOKA_WRITE_VARIANTS is set.
func TestWriteVariants(t *testing.T) {
	dir := os.Getenv("HYOKA_WRITE_VARIANTS")
	if dir == "" {
		t.Skip("HYOKA_WRITE_VARIANTS is not set (used by testdata/gen/regen.sh)")
	}
	cases := variantCases(readCorpus(t))
	var buf []byte
	for _, s := range cases {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(s)))
		buf = append(buf, s...)
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.bin"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range variants {
		buildVariant(t, v, dir)
	}
}

// TestVariants compares hyoka with llama.cpp on the variants.
func TestVariants(t *testing.T) {
	cases := variantCases(readCorpus(t))
	dir := t.TempDir()
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			p := buildVariant(t, v, dir)
			f, err := gguf.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			tok, err := FromGGUF(f)
			if err != nil {
				t.Fatal(err)
			}
			checkSpecial(t, tok, filepath.Join("variants", v.name+".special.gz"))
			want := readExpected(t, filepath.Join("variants", v.name+".ids.gz"))
			if len(want) != len(cases) {
				t.Fatalf("expected ids for %d strings, have %d cases", len(want), len(cases))
			}
			bad := 0
			modes := [4][2]bool{{false, false}, {true, false}, {false, true}, {true, true}}
			for i, s := range cases {
				for m, md := range modes {
					got := tok.Encode(s, md[0], md[1])
					if !slices.Equal(got, want[i][m]) {
						bad++
						if bad <= 3 {
							t.Errorf("string %d %q (addSpecial=%v parseSpecial=%v):\n got %v\nwant %v\n%s",
								i, clip(s), md[0], md[1], clip(fmt.Sprint(got)), clip(fmt.Sprint(want[i][m])), firstDiff(tok, got, want[i][m]))
						}
					}
				}
			}
			t.Logf("%s: %d strings x 4 modes, %d differ from llama.cpp", v.name, len(cases), bad)
			if bad > 0 {
				t.Errorf("%d of %d encodings differ", bad, 4*len(cases))
			}
		})
	}
}
