package engine

import (
	"math"
	"testing"

	"hyoka/internal/testenv"
)

// loadStoriesLlamaCpp loads stories260K with LlamaCpp numerics.
func loadStoriesLlamaCpp(t *testing.T) *Model {
	t.Helper()
	p := testenv.Model(t, testenv.Stories)
	m, err := LoadWith(p, LoadOptions{Numerics: LlamaCpp})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if m.Numerics() != LlamaCpp || m.Numerics().String() != "llamacpp" {
		t.Fatalf("numerics %v", m.Numerics())
	}
	return m
}

// TestLlamaCppStories: with LlamaCpp numerics stories260K, whose 172-value
// rows and 8-value heads llamafile declines (so llama.cpp runs
// ggml_vec_dot_f32/f16 there for every batch), gives llama.cpp's prompt
// logits within what the golden file's float32 probabilities keep, and its
// greedy tokens.
func TestLlamaCppStories(t *testing.T) {
	m := loadStoriesLlamaCpp(t)
	_, tok := loadStories(t)
	g, ref := readGolden(t)
	s := newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	got := decodeAll(t, s, 0, g.PromptTokens)
	worst := 0.0
	for i := range got {
		mx := got[i][0]
		for _, v := range got[i] {
			mx = max(mx, v)
		}
		for j, v := range got[i] {
			worst = max(worst, math.Abs(float64(v-mx)-float64(ref[i][j])))
		}
	}
	t.Logf("max |logit difference| over %d positions x %d tokens: %.3g", len(got), g.NVocab, worst)
	if worst > 2e-5 {
		t.Errorf("logits differ from llama.cpp by %.3g (budget 2e-5)", worst)
	}
	s2 := newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	gen, err := Generate(bg, s2, tok, "Once upon a time", GenerateOptions{MaxTokens: 32})
	if err != nil {
		t.Fatal(err)
	}
	if !equalIDs(gen.Tokens, g.GreedyTokens) {
		t.Errorf("greedy:\n got %v\nwant %v", gen.Tokens, g.GreedyTokens)
	}
}

// TestLlamaCppBatchRules: with LlamaCpp numerics a token's logits follow
// llama.cpp's batch rules: they do not depend on the thread count; the
// last layer keeps only the tokens that want logits, so asking for fewer
// rows (two or more) leaves those rows' bits as they were; a batch of one
// token runs other kernels (close to Exact, not necessarily equal).
func TestLlamaCppBatchRules(t *testing.T) {
	m := loadStoriesLlamaCpp(t)
	ex, tok := loadStories(t)
	ids := tok.Encode("Once upon a time there was a little dog", true, false)
	all := decodeAll(t, newSession(t, m, SessionOptions{Context: 64, Threads: 1}), 0, ids)
	for _, th := range []int{2, 3} {
		got := decodeAll(t, newSession(t, m, SessionOptions{Context: 64, Threads: th}), 0, ids)
		for i := range all {
			if !sameBits(all[i], got[i]) {
				t.Fatalf("threads %d: position %d differs", th, i)
			}
		}
	}

	// logits for positions 1 and 3 only
	s := newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	b := make([]Token, len(ids))
	for i, id := range ids {
		b[i] = Token{ID: id, Pos: i, Seq: []int{0}, Logits: i == 1 || i == 3}
	}
	if err := s.Decode(bg, b); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{1, 3} {
		if !sameBits(s.Logits(i), all[i]) {
			t.Errorf("position %d: logits of a two-row batch differ from the all-rows batch", i)
		}
	}
	if s.Logits(0) != nil || s.Logits(2) != nil {
		t.Error("rows that were not asked for have logits")
	}

	// the prompt then one token: close to Exact's
	s = newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	last := len(ids) - 1
	decodeAll(t, s, 0, ids[:last])
	if err := s.Decode(bg, []Token{{ID: ids[last], Pos: last, Seq: []int{0}, Logits: true}}); err != nil {
		t.Fatal(err)
	}
	one := s.Logits(0)
	exact := decodeAll(t, newSession(t, ex, SessionOptions{Context: 64, Threads: 2}), 0, ids)[last]
	worst := 0.0
	for j := range one {
		worst = max(worst, math.Abs(float64(one[j]-exact[j])))
	}
	if worst > 1e-3 {
		t.Errorf("one-token logits differ from Exact's by %.3g", worst)
	}
}
