package tokenizer

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hyoka/gguf"
	"hyoka/internal/testenv"
)

// readCorpus reads testdata/corpus.bin.gz (see testdata/gen/corpus.py).
func readCorpus(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "corpus.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for len(data) >= 4 {
		n := int(binary.LittleEndian.Uint32(data))
		if 4+n > len(data) {
			t.Fatal("corpus.bin.gz: truncated record")
		}
		out = append(out, string(data[4:4+n]))
		data = data[4+n:]
	}
	return out
}

func parseIDs(s string) ([]int32, error) {
	var ids []int32
	for _, f := range strings.Fields(s) {
		x, err := strconv.ParseInt(f, 10, 32)
		if err != nil {
			return nil, err
		}
		ids = append(ids, int32(x))
	}
	return ids, nil
}

// readExpected reads testdata/<model>.ids.gz (see testdata/gen/expected.py):
// for each corpus string the ids of the four modes (addSpecial,
// parseSpecial) = (F,F) (T,F) (F,T) (T,T).
func readExpected(t testing.TB, name string) [][4][]int32 {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out [][4][]int32
	var cur [4][]int32
	m := 0
	for sc.Scan() {
		line := sc.Text()
		var ids []int32
		if parts := strings.Split(line, "|"); len(parts) == 3 {
			pre, err1 := parseIDs(parts[0])
			k, err2 := strconv.Atoi(parts[1])
			post, err3 := parseIDs(parts[2])
			if err1 != nil || err2 != nil || err3 != nil || k < 0 || k >= m {
				t.Fatalf("%s: bad line %q", name, line)
			}
			ids = append(append(append(ids, pre...), cur[k]...), post...)
		} else {
			ids, err = parseIDs(line)
			if err != nil {
				t.Fatalf("%s: bad line %q: %v", name, line, err)
			}
		}
		cur[m] = ids
		m++
		if m == 4 {
			out = append(out, cur)
			cur = [4][]int32{}
			m = 0
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func loadModel(t testing.TB, name string) Tokenizer {
	t.Helper()
	f, err := gguf.Open(testenv.Model(t, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	tok, err := FromGGUF(f)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// qwenCoder is the fetched Qwen model (BPE, pre = qwen2). It is spelled out
// here because internal/testenv names it differently across branches.
const qwenCoder = "qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf"

var referenceModels = []string{testenv.Stories, testenv.Gemma3, testenv.SmolLM2, qwenCoder}

// TestMatchesLlamaCpp compares the ids of every corpus string in all four
// modes with the ids llama.cpp gave (testdata/gen/regen.sh).
func TestMatchesLlamaCpp(t *testing.T) {
	corpus := readCorpus(t)
	for _, model := range referenceModels {
		t.Run(model, func(t *testing.T) {
			tok := loadModel(t, model)
			want := readExpected(t, strings.TrimSuffix(model, ".gguf")+".ids.gz")
			if len(want) != len(corpus) {
				t.Fatalf("expected ids for %d strings, corpus has %d", len(want), len(corpus))
			}
			bad := 0
			modes := [4][2]bool{{false, false}, {true, false}, {false, true}, {true, true}}
			for i, s := range corpus {
				for m, md := range modes {
					got := tok.Encode(s, md[0], md[1])
					if !slices.Equal(got, want[i][m]) {
						bad++
						if bad <= 5 {
							t.Errorf("string %d %q (addSpecial=%v parseSpecial=%v):\n got %v\nwant %v\n%s",
								i, clip(s), md[0], md[1], clip(fmt.Sprint(got)), clip(fmt.Sprint(want[i][m])), firstDiff(tok, got, want[i][m]))
						}
					}
				}
			}
			t.Logf("%s: %d strings x 4 modes, %d differ from llama.cpp", model, len(corpus), bad)
			if bad > 0 {
				t.Errorf("%d of %d encodings differ", bad, 4*len(corpus))
			}
		})
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

func firstDiff(tok Tokenizer, got, want []int32) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("first difference at %d: got %v want %v", i, pieces(tok, got[lo:min(len(got), i+4)]), pieces(tok, want[lo:min(len(want), i+4)]))
		}
	}
	return fmt.Sprintf("lengths %d vs %d", len(got), len(want))
}

func pieces(tok Tokenizer, ids []int32) []string {
	var p []string
	for _, id := range ids {
		p = append(p, fmt.Sprintf("%d:%q", id, tok.Piece(id)))
	}
	return p
}

// checkSpecial compares special ids, flags, the end-of-generation set and
// every token's attributes with what llama.cpp reports for the same file
// (testdata/NAME.special.gz, written by `reftok MODEL special`).
func checkSpecial(t *testing.T, tok Tokenizer, name string) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var v *vocab
	switch x := tok.(type) {
	case *spm:
		v = x.vocab
	case *bpe:
		v = x.vocab
	}
	sp := tok.Special()
	b2i := func(b bool) int32 {
		if b {
			return 1
		}
		return 0
	}
	fields := map[string]int32{"bos": sp.BOS, "eos": sp.EOS, "eot": sp.EOT, "sep": sp.SEP, "pad": sp.PAD,
		"add_bos": b2i(sp.AddBOS), "add_eos": b2i(sp.AddEOS)}
	wantAttr := map[int32]uint16{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		w := strings.Fields(sc.Text())
		if len(w) == 0 {
			continue
		}
		if w[0] == "eog" {
			want, _ := parseIDs(strings.Join(w[1:], " "))
			var got []int32
			for id := range int32(tok.VocabSize()) {
				if tok.IsEOG(id) {
					got = append(got, id)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("EOG ids %v, llama.cpp %v", got, want)
			}
			continue
		}
		x, err := strconv.Atoi(w[1])
		if err != nil || len(w) != 2 {
			t.Fatalf("%s: bad line %q", name, sc.Text())
		}
		if got, ok := fields[w[0]]; ok {
			if got != int32(x) {
				t.Errorf("%s = %d, llama.cpp %d", w[0], got, x)
			}
			continue
		}
		id, err := strconv.Atoi(w[0])
		if err != nil {
			t.Fatalf("%s: bad line %q", name, sc.Text())
		}
		wantAttr[int32(id)] = uint16(x)
	}
	bad := 0
	for id, a := range v.attrs {
		want, ok := wantAttr[int32(id)]
		if !ok {
			want = attrNormal
		}
		if a != want {
			if bad++; bad <= 5 {
				t.Errorf("token %d %q: attributes %#x, llama.cpp %#x", id, v.tokens[id], a, want)
			}
		}
	}
}

func TestSpecialMatchesLlamaCpp(t *testing.T) {
	for _, model := range referenceModels {
		t.Run(model, func(t *testing.T) {
			checkSpecial(t, loadModel(t, model), strings.TrimSuffix(model, ".gguf")+".special.gz")
		})
	}
}
