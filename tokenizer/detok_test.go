package tokenizer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/gguf"
)

// TestDetokenizeMatchesLlamaCpp encodes the variant cases with
// addSpecial and parseSpecial, detokenizes them in the four
// (removeSpecial, unparseSpecial) modes and compares FNV-1a hashes with
// llama_detokenize's output (testdata/detok, from `reftok MODEL CASES detok`).
func TestDetokenizeMatchesLlamaCpp(t *testing.T) {
	cases := variantCases(readCorpus(t))
	dir := t.TempDir()
	type target struct {
		name string
		load func(t *testing.T) Tokenizer
	}
	var targets []target
	for _, m := range referenceModels {
		targets = append(targets, target{strings.TrimSuffix(m, ".gguf"), func(t *testing.T) Tokenizer { return loadModel(t, m) }})
	}
	for _, v := range variants {
		switch v.name {
		case "bpe-gpt2", "bpe-llama-bpe", "bpe-default", "spm-phi3", "spm-no-space-prefix":
			targets = append(targets, target{v.name, func(t *testing.T) Tokenizer {
				f := openFixture(t, buildVariant(t, v, dir))
				tok, err := FromGGUFWarn(f, nil)
				if err != nil {
					t.Fatal(err)
				}
				return tok
			}})
		}
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			tok := tg.load(t)
			f, err := os.Open(filepath.Join("testdata", "detok", tg.name+".fnv.gz"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			zr, err := gzip.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(zr)
			bad, i := 0, 0
			for ; sc.Scan(); i++ {
				if i >= len(cases) {
					t.Fatalf("more hash lines than cases")
				}
				want := strings.Fields(sc.Text())
				ids := tok.Encode(cases[i], true, true)
				for m := range 4 {
					text := Detokenize(tok, ids, m&1 != 0, m&2 != 0)
					h := fnv.New64a()
					h.Write([]byte(text))
					if got := fmt.Sprintf("%016x", h.Sum64()); m >= len(want) || got != want[m] {
						if bad++; bad <= 3 {
							t.Errorf("string %d %q mode %d: Detokenize gave %q (hash %s, llama.cpp %v)", i, clip(cases[i]), m, clip(text), got, want)
						}
					}
				}
			}
			if i != len(cases) {
				t.Fatalf("%d hash lines for %d cases", i, len(cases))
			}
			t.Logf("%s: %d strings x 4 modes, %d differ from llama_detokenize", tg.name, len(cases), bad)
		})
	}
}

func openFixture(t *testing.T, p string) *gguf.File {
	t.Helper()
	f, err := gguf.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
