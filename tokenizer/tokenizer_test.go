package tokenizer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"hyoka/gguf"
	"hyoka/internal/testenv"
)

// TestRoundTrip checks decode(encode(s)) == s for every valid UTF-8 corpus
// string, except where the vocabulary cannot represent s: text that merges
// into a control token (which decodes to ""), and the space SPM puts in
// front when add_space_prefix is set, and (SPM) a literal ▁.
func TestRoundTrip(t *testing.T) {
	corpus := readCorpus(t)
	for _, model := range referenceModels {
		t.Run(model, func(t *testing.T) {
			tok := loadModel(t, model)
			var v *vocab
			switch x := tok.(type) {
			case *spm:
				v = x.vocab
			case *bpe:
				v = x.vocab
			}
			checked, skipped := 0, 0
			for _, s := range corpus {
				if !utf8.ValidString(s) {
					continue
				}
				if v.kind == kindSPM && strings.Contains(s, "▁") {
					continue // SPM writes spaces as ▁: a literal ▁ comes back as a space
				}
				ids := tok.Encode(s, false, false)
				if slices.ContainsFunc(ids, func(id int32) bool { return v.attrs[id]&(attrControl|attrUnknown) != 0 }) {
					skipped++
					continue
				}
				want := s
				if v.kind == kindSPM && v.addSpacePrefix && s != "" {
					want = " " + s
				}
				if got := tok.Decode(ids); got != want {
					t.Errorf("decode(encode(%q)) = %q", clip(s), clip(got))
				}
				checked++
			}
			t.Logf("%d strings round-trip; %d skipped (they form control tokens)", checked, skipped)
			if checked < 5000 {
				t.Errorf("only %d strings checked", checked)
			}
		})
	}
}

// TestStreamDecoder feeds ids one at a time: no chunk may end inside a
// character, and the chunks must add up to Decode.
func TestStreamDecoder(t *testing.T) {
	corpus := readCorpus(t)
	for _, model := range referenceModels {
		t.Run(model, func(t *testing.T) {
			tok := loadModel(t, model)
			split := 0
			for i, s := range corpus {
				if i%4 != 0 && i < len(corpus)-260 {
					continue // a quarter of the data strings, all edge cases
				}
				ids := tok.Encode(s, true, false)
				full := tok.Decode(ids)
				d := NewStreamDecoder(tok)
				var sb strings.Builder
				for _, id := range ids {
					chunk := d.Add(id)
					if utf8.ValidString(full) && !utf8.ValidString(chunk) {
						t.Fatalf("%q: chunk %q is not valid UTF-8", clip(s), chunk)
					}
					if tok.Decode([]int32{id}) != chunk {
						split++
					}
					sb.WriteString(chunk)
				}
				sb.WriteString(d.Flush())
				if sb.String() != full {
					t.Fatalf("%q: stream gave %q, Decode %q", clip(s), clip(sb.String()), clip(full))
				}
			}
			t.Logf("%d ids held back part of a character", split)
		})
	}
}

func TestStreamDecoderBytes(t *testing.T) {
	tok := loadModel(t, testenv.Stories)
	ids := tok.Encode("😀x", false, false) // byte fallback: ▁ then 4 byte tokens, x
	d := NewStreamDecoder(tok)
	var chunks []string
	for _, id := range ids {
		chunks = append(chunks, d.Add(id))
	}
	if got := strings.Join(chunks, "|"); got != " ||||😀|x" {
		t.Errorf("chunks %q", got)
	}
	// A lone lead byte at the end is returned by Flush; invalid bytes pass.
	d = NewStreamDecoder(tok)
	bad := tok.Encode("\xe3\x81", false, false)
	out := ""
	for _, id := range bad {
		out += d.Add(id)
	}
	if out+d.Flush() != tok.Decode(bad) || !strings.HasSuffix(tok.Decode(bad), "\xe3\x81") {
		t.Errorf("got %q + %q", out, d.Flush())
	}
	if got := completePrefix([]byte("a\xff")); got != 2 {
		t.Errorf("completePrefix(a\\xff) = %d, want 2", got)
	}
	if got := completePrefix([]byte("a\xf0\x9f")); got != 1 {
		t.Errorf("completePrefix(a\\xf0\\x9f) = %d, want 1", got)
	}
}

// fixture builds a GGUF in memory from key/value pairs.
func fixture(t *testing.T, kv ...any) *gguf.File {
	t.Helper()
	var b gguf.Builder
	for i := 0; i < len(kv); i += 2 {
		if err := b.AddKV(kv[i].(string), kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Parse("fixture.gguf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

var tinyTokens = []string{"<unk>", "<s>", "</s>", "▁", "a", "b", "ab", "▁ab"}

func TestBadMetadata(t *testing.T) {
	cases := []struct {
		name    string
		kv      []any
		err     error
		mention string
	}{
		{"no model", []any{"general.architecture", "llama"}, ErrNoVocab, "tokenizer.ggml.model"},
		{"unknown model", []any{"tokenizer.ggml.model", "t9"}, ErrUnsupported, "tokenizer.ggml.model"},
		{"model not a string", []any{"tokenizer.ggml.model", uint32(1)}, ErrBadVocab, "tokenizer.ggml.model"},
		{"no tokens", []any{"tokenizer.ggml.model", "llama"}, ErrNoVocab, "tokenizer.ggml.tokens"},
		{"tokens not strings", []any{"tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", []int32{1, 2}}, ErrBadVocab, "tokenizer.ggml.tokens"},
		{"short scores", []any{"tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", tinyTokens,
			"tokenizer.ggml.scores", []float32{1, 2}}, ErrBadVocab, "tokenizer.ggml.scores"},
		{"scores of strings", []any{"tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", tinyTokens,
			"tokenizer.ggml.scores", tinyTokens}, ErrBadVocab, "tokenizer.ggml.scores"},
		{"short token types", []any{"tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", tinyTokens,
			"tokenizer.ggml.token_type", []int32{1}}, ErrBadVocab, "tokenizer.ggml.token_type"},
		{"token types as floats", []any{"tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", tinyTokens,
			"tokenizer.ggml.token_type", make([]float32, len(tinyTokens))}, ErrBadVocab, "tokenizer.ggml.token_type"},
		{"duplicate token", []any{"tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", []string{"a", "b", "a"}}, ErrBadVocab, "tokenizer.ggml.tokens"},
		{"bpe without merges", []any{"tokenizer.ggml.model", "gpt2", "tokenizer.ggml.tokens", []string{"a", "b"}}, ErrBadVocab, "tokenizer.ggml.merges"},
		{"merges not strings", []any{"tokenizer.ggml.model", "gpt2", "tokenizer.ggml.tokens", []string{"a", "b"},
			"tokenizer.ggml.merges", []uint8{1}}, ErrBadVocab, "tokenizer.ggml.merges"},
		{"add_bos without bos", []any{"tokenizer.ggml.model", "gpt2", "tokenizer.ggml.tokens", []string{"a", "b"},
			"tokenizer.ggml.merges", []string{"a b"}, "tokenizer.ggml.add_bos_token", true}, ErrBadVocab, "add_bos_token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := FromGGUFWarn(fixture(t, c.kv...), nil)
			if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.mention) {
				t.Fatalf("err = %v, want %v naming %s", err, c.err, c.mention)
			}
		})
	}
	if _, err := FromGGUF(nil); !errors.Is(err, ErrNoVocab) {
		t.Errorf("nil file: %v", err)
	}
}

// An unknown pre-tokenizer falls back to "default" with a warning; a
// missing one is "default" too.
func TestUnknownPre(t *testing.T) {
	var w bytes.Buffer
	tok, err := FromGGUFWarn(fixture(t, "tokenizer.ggml.model", "gpt2", "tokenizer.ggml.pre", "no-such-pre",
		"tokenizer.ggml.tokens", []string{"a", "b", "ab", "Ġ"}, "tokenizer.ggml.merges", []string{"a b"}), &w)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(w.String(), `tokenizer.ggml.pre = "no-such-pre"`) {
		t.Errorf("warning %q", w.String())
	}
	if got := tok.Encode("ab a", false, false); !slices.Equal(got, []int32{2, 3, 0}) {
		t.Errorf("Encode = %v", got)
	}
}

// A tiny SPM vocabulary, worked by hand: ▁ab (score 3) beats ▁+a, a+b.
func TestTinySPM(t *testing.T) {
	tok, err := FromGGUFWarn(fixture(t, "tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", tinyTokens,
		"tokenizer.ggml.scores", []float32{0, 0, 0, -1, -1, -1, 2, 3},
		"tokenizer.ggml.token_type", []int32{typeUnknown, typeControl, typeControl, 1, 1, 1, 1, 1}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if got := tok.Encode("ab", true, false); !slices.Equal(got, []int32{1, 7}) {
		t.Errorf("Encode(ab) = %v, want [1 7]", got)
	}
	// c is not in the vocabulary and there are no byte tokens: the unknown token.
	if got := tok.Encode("abc", false, false); !slices.Equal(got, []int32{7, 0}) {
		t.Errorf("Encode(abc) = %v, want [7 0]", got)
	}
	if got := tok.Decode([]int32{1, 7, 2}); got != " ab" {
		t.Errorf("Decode = %q", got)
	}
	sp := tok.Special()
	if sp.BOS != 1 || sp.EOS != 2 || sp.UNK != 0 || !sp.AddBOS || sp.AddEOS || !tok.IsEOG(2) || tok.IsEOG(1) {
		t.Errorf("special %+v", sp)
	}
	if tok.VocabSize() != len(tinyTokens) || tok.Piece(7) != "▁ab" || tok.Piece(99) != "" || tok.Piece(-1) != "" {
		t.Error("VocabSize/Piece")
	}
	if tok.Decode([]int32{-5, 1000}) != "" {
		t.Error("out-of-range ids must decode to nothing")
	}
}

// bpeRepresents reports whether every byte of s has its byte-level token
// (SmolLM2 lacks some control characters, which llama.cpp drops too).
func bpeRepresents(tok Tokenizer, s string) bool {
	v := tok.(*bpe).vocab
	for i := 0; i < len(s); i++ {
		if v.tokenID(byteToUnicode[s[i]]) < 0 {
			return false
		}
	}
	return true
}

// FuzzEncode: no input may panic, ids stay in the vocabulary, and valid
// UTF-8 round-trips through SmolLM2's byte-level BPE (when fetched) where
// the vocabulary has a token for each of its bytes.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"", "hello world", "日本語", "\xff\xfe", "<s>x</s>", "   \n\t", "😀1234567", "<|im_end|>"} {
		f.Add(s, true, false)
	}
	toks := []Tokenizer{loadModel(f, testenv.Stories)}
	var bpeTok Tokenizer
	if _, err := os.Stat(filepath.Join(testenv.RepoRoot(), "models", testenv.SmolLM2)); err == nil {
		bpeTok = loadModel(f, testenv.SmolLM2)
		toks = append(toks, bpeTok)
	}
	f.Fuzz(func(t *testing.T, s string, addSpecial, parseSpecial bool) {
		for _, tok := range toks {
			ids := tok.Encode(s, addSpecial, parseSpecial)
			for _, id := range ids {
				if id < 0 || int(id) >= tok.VocabSize() {
					t.Fatalf("id %d out of range", id)
				}
			}
			_ = tok.Decode(ids)
		}
		if bpeTok != nil && utf8.ValidString(s) && bpeRepresents(bpeTok, s) {
			if got := bpeTok.Decode(bpeTok.Encode(s, false, false)); got != s {
				t.Errorf("BPE round trip of %q gave %q", s, got)
			}
		}
	})
}

// TestConcurrentEncode: a Tokenizer is shared by goroutines (the BPE word
// cache is filled concurrently) and gives the same ids as sequential use.
func TestConcurrentEncode(t *testing.T) {
	corpus := readCorpus(t)[:1500]
	for _, model := range []string{testenv.SmolLM2, testenv.Stories} {
		want := make([][]int32, len(corpus))
		seq := loadModel(t, model)
		for i, s := range corpus {
			want[i] = seq.Encode(s, true, true)
		}
		tok := loadModel(t, model) // fresh cache
		errs := make(chan string, 4)
		for g := range 4 {
			go func() {
				for k := range corpus {
					i := (k*7 + g*131) % len(corpus)
					if got := tok.Encode(corpus[i], true, true); !slices.Equal(got, want[i]) {
						errs <- fmt.Sprintf("%s: string %d differs under concurrency", model, i)
						return
					}
				}
				errs <- ""
			}()
		}
		for range 4 {
			if e := <-errs; e != "" {
				t.Error(e)
			}
		}
	}
}
