package engine

import (
	"errors"
	"slices"
	"testing"

	"hyoka/internal/testenv"
	"hyoka/tokenizer"
)

// genBatchCase is a set of prompts (sharing a prefix, except the last)
// with greedy and sampled options, stops and different lengths.
func genBatchCase(tok tokenizer.Tokenizer, addBOS bool, bos int32, texts []string) ([][]int32, []GenerateOptions) {
	var prompts [][]int32
	var opts []GenerateOptions
	for i, x := range texts {
		ids := tok.Encode(x, false, false)
		if addBOS {
			ids = append([]int32{bos}, ids...)
		}
		prompts = append(prompts, ids)
		o := GenerateOptions{MaxTokens: 6 + 3*i}
		switch i % 3 {
		case 1:
			o.Sampler = SamplerOptions{Temperature: 0.9, TopP: 0.95, Seed: uint64(100 + i)}
		case 2:
			o.Stop = []string{"."}
		}
		opts = append(opts, o)
	}
	return prompts, opts
}

// checkAlone compares each of got with GenerateTokens on the same prompt
// alone in a fresh session.
func checkAlone(t *testing.T, m *Model, tok tokenizer.Tokenizer, opt SessionOptions, prompts [][]int32, opts []GenerateOptions, got []*Generation) {
	t.Helper()
	for i, p := range prompts {
		alone, err := GenerateTokens(bg, newSession(t, m, opt), tok, p, opts[i])
		if err != nil {
			t.Fatal(err)
		}
		if g := got[i]; !slices.Equal(g.Tokens, alone.Tokens) || g.Text != alone.Text || g.StopReason != alone.StopReason {
			t.Errorf("%+v prompt %d: together %v %q (%s), alone %v %q (%s)", opt, i, g.Tokens, g.Text, g.StopReason,
				alone.Tokens, alone.Text, alone.StopReason)
		}
	}
}

// checkBatchAlone runs GenerateBatch on session s and compares every result
// with GenerateTokens on the same prompt alone in a fresh session.
func checkBatchAlone(t *testing.T, m *Model, tok tokenizer.Tokenizer, s *Session, opt SessionOptions, prompts [][]int32, opts []GenerateOptions) {
	t.Helper()
	got, err := GenerateBatch(bg, s, tok, prompts, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkAlone(t, m, tok, opt, prompts, opts, got)
	for seq := 1; seq < s.opt.MaxSeqs; seq++ {
		if s.SeqLen(seq) != 0 {
			t.Errorf("sequence %d left with %d tokens", seq, s.SeqLen(seq))
		}
	}
}

// TestGenerateBatchMatchesAlone: batched generation gives each prompt
// exactly what generating it alone gives (tokens, text, stop reason), also
// when the prompts need several waves (few sequences, a small cache).
func TestGenerateBatchMatchesAlone(t *testing.T) {
	m, tok := loadStories(t)
	texts := []string{
		"Once upon a time, there was a dog",
		"Once upon a time, there was a cat",
		"Once upon a time, the sun",
		"Once upon a time, there was a little girl named Lily. She",
		"Once upon a time",
		"The bird flew",
	}
	prompts, opts := genBatchCase(tok, m.Config.AddBOS, m.Config.BOS, texts)
	for _, opt := range []SessionOptions{
		{Context: 64},                         // one wave
		{Context: 64, MaxSeqs: 3},             // waves of two
		{Context: 64, Cells: 70, MaxSeqs: 16}, // waves limited by cells
	} {
		s := newSession(t, m, opt)
		checkBatchAlone(t, m, tok, s, opt, prompts, opts)
		// again on the same session: sequence 0 keeps the common prefix
		checkBatchAlone(t, m, tok, s, opt, prompts[:3], opts[:3])
	}
}

// TestGenerateStreamGroups: prompts in groups with long shared prefixes
// (and lone prompts between them) are computed once per group, reported
// as they end, and each equals generating it alone, also when the cache
// lets only a few run at once.
func TestGenerateStreamGroups(t *testing.T) {
	m, tok := loadStories(t)
	a := "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her"
	b := "One day, a big brown dog came to the garden. The dog was very hungry and wanted to find some"
	texts := []string{
		a + " friends", a + " mom", a + " ball. One day",
		"The bird flew",
		b + " food", b + " bones and", b + " water",
		"Tom had a red car",
	}
	prompts, opts := genBatchCase(tok, m.Config.AddBOS, m.Config.BOS, texts)
	shared := []int{len(tok.Encode(a, false, false)), len(tok.Encode(b, false, false))}
	for _, opt := range []SessionOptions{
		{Context: 96},
		{Context: 96, MaxSeqs: 3},
		{Context: 96, Cells: 120, MaxSeqs: 16},
	} {
		s := newSession(t, m, opt)
		var order []int
		gens := make([]*Generation, len(prompts))
		err := GenerateStream(bg, s, tok, prompts, opts, func(i int, g *Generation) error {
			if gens[i] != nil {
				t.Errorf("prompt %d reported twice", i)
			}
			gens[i] = g
			order = append(order, i)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(order) != len(prompts) {
			t.Fatalf("%d of %d prompts reported", len(order), len(prompts))
		}
		checkAlone(t, m, tok, opt, prompts, opts, gens)
		// the grouped prompts reused their group's prefix (BOS included)
		for i, grp := range []int{0, 0, 0, -1, 1, 1, 1} {
			if grp >= 0 && gens[i].Reused < shared[grp] {
				t.Errorf("%+v prompt %d reused %d tokens, want >= %d", opt, i, gens[i].Reused, shared[grp])
			}
		}
		// sequence 0 keeps only what the last (lone) prompt shared; after a
		// call ending with a group, that group's prefix
		last := prompts[len(prompts)-1]
		if held := s.SeqTokens(0, nil); len(held) >= len(last) || !slices.Equal(held, last[:len(held)]) {
			t.Errorf("%+v: sequence 0 holds %v, want a prefix of the last prompt %v", opt, held, last)
		}
		got, err := GenerateBatch(bg, s, tok, prompts[4:7], opts[4:7])
		if err != nil {
			t.Fatal(err)
		}
		for i, g := range got {
			if !slices.Equal(g.Tokens, gens[4+i].Tokens) {
				t.Errorf("%+v: second call, prompt %d: %v, first call %v", opt, 4+i, g.Tokens, gens[4+i].Tokens)
			}
		}
		if held := s.SeqTokens(0, nil); len(held) < shared[1] || !slices.Equal(held, prompts[6][:len(held)]) {
			t.Errorf("%+v: sequence 0 holds %d tokens, want the group's prefix (>= %d)", opt, len(held), shared[1])
		}
	}
}

// TestGenerateStreamNested: prompts sorted by text that share a long
// prefix and then, three at a time, a passage after it (a few-shot prefix
// and a paragraph's questions) each reuse their common prefix with the
// prompt before them, passage included, not only what all prompts share;
// and each still equals generating it alone.
func TestGenerateStreamNested(t *testing.T) {
	m, tok := loadStories(t)
	f := "Once upon a time, there was a little girl named Lily. She loved to play outside in the park."
	c1 := " One day, a big brown dog came to the garden. The dog was very hungry and"
	c2 := " Tom had a red car. He liked to drive it fast around the house and"
	texts := []string{
		f + c1 + " wanted food", f + c1 + " ran", f + c1 + " sat down",
		f + c2 + " one day it broke", f + c2 + " his mom", f + c2 + " the dog",
	}
	prompts, opts := genBatchCase(tok, m.Config.AddBOS, m.Config.BOS, texts)
	all := commonPrefix(prompts[0], prompts[5])
	for _, opt := range []SessionOptions{
		{Context: 128},
		{Context: 128, MaxSeqs: 3},
		{Context: 128, Cells: 180, MaxSeqs: 16},
	} {
		s := newSession(t, m, opt)
		gens := make([]*Generation, len(prompts))
		err := GenerateStream(bg, s, tok, prompts, opts, func(i int, g *Generation) error {
			gens[i] = g
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		checkAlone(t, m, tok, opt, prompts, opts, gens)
		for i, p := range prompts {
			if i == 0 {
				continue
			}
			want := commonPrefix(prompts[i-1], p)
			if i != 3 && want <= all {
				t.Fatalf("test case: prompts %d and %d share only the common prefix (%d tokens)", i-1, i, all)
			}
			if gens[i].Reused < want {
				t.Errorf("%+v prompt %d reused %d tokens, want >= %d (its common prefix with prompt %d; all share %d)",
					opt, i, gens[i].Reused, want, i-1, all)
			}
		}
	}
}

// TestGenerateStreamStops: an error from the callback ends the run and
// is returned; the sequences are cleared.
func TestGenerateStreamStops(t *testing.T) {
	m, tok := loadStories(t)
	prompts, opts := genBatchCase(tok, m.Config.AddBOS, m.Config.BOS, []string{"Once upon a time", "The bird flew", "Tom had a red car"})
	s := newSession(t, m, SessionOptions{Context: 64})
	stop := errors.New("enough")
	calls := 0
	err := GenerateStream(bg, s, tok, prompts, opts, func(int, *Generation) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	for seq := 1; seq < s.opt.MaxSeqs; seq++ {
		if s.SeqLen(seq) != 0 {
			t.Errorf("sequence %d left with %d tokens", seq, s.SeqLen(seq))
		}
	}
}

// TestGenerateBatchRealModel: the same on SmolLM2, in both numerics; with
// Fast, batched steps go through the four-token x8 matrix kernels while a
// prompt alone goes through the one-token ones.
func TestGenerateBatchRealModel(t *testing.T) {
	path := testenv.Model(t, testenv.SmolLM2)
	for _, num := range []Numerics{Exact, Fast} {
		t.Run(num.String(), func(t *testing.T) {
			m, err := LoadWith(path, LoadOptions{Numerics: num})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			tok, err := tokenizer.FromGGUFWarn(m.File(), nil)
			if err != nil {
				t.Fatal(err)
			}
			texts := []string{
				"Question: What is the capital of France?\nAnswer:",
				"Question: What is the capital of Japan?\nAnswer:",
				"Question: How many legs does a spider have?\nAnswer:",
				"Question: What colour is the sky?\nAnswer:",
				"Question: Who wrote Hamlet?\nAnswer:",
				"def fibonacci(n):",
			}
			prompts, opts := genBatchCase(tok, m.Config.AddBOS, m.Config.BOS, texts)
			opt := SessionOptions{Context: 128, Threads: 2}
			checkBatchAlone(t, m, tok, newSession(t, m, opt), opt, prompts, opts)
		})
	}
}

// TestSessionParallelCells: Parallel sizes the default cache for several
// full contexts, within MaxCacheBytes and never below one context.
func TestSessionParallelCells(t *testing.T) {
	m, _ := loadStories(t)
	per := m.Config.KVBytesPerToken()
	for _, c := range []struct {
		opt  SessionOptions
		want int
	}{
		{SessionOptions{Context: 64}, 64},
		{SessionOptions{Context: 64, Parallel: 4}, 256},
		{SessionOptions{Context: 64, Parallel: 4, MaxCacheBytes: 100 * per}, 100},
		{SessionOptions{Context: 64, Parallel: 4, MaxCacheBytes: 10 * per}, 64},
		{SessionOptions{Context: 64, Parallel: 4, Cells: 70}, 70},
	} {
		if got := newSession(t, m, c.opt).Options().Cells; got != c.want {
			t.Errorf("%+v: %d cells, want %d", c.opt, got, c.want)
		}
	}
}

// TestKVBytesPerToken: the per-token estimate the defaults use is what a
// session's cache takes per cell (half-precision keys and values), apart
// from the per-sequence position maps.
func TestKVBytesPerToken(t *testing.T) {
	m, _ := loadStories(t)
	const cells, ctx, seqs = 96, 64, 2
	s := newSession(t, m, SessionOptions{Context: ctx, Cells: cells, MaxSeqs: seqs})
	maps := int64(seqs * ctx * 4)
	if got, want := s.CacheBytes()-maps, cells*m.Config.KVBytesPerToken(); got != want {
		t.Fatalf("cache of %d cells: %d bytes of keys and values, KVBytesPerToken says %d", cells, got, want)
	}
}
