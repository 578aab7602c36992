package engine

import (
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

// checkBatchAlone runs GenerateBatch on session s and compares every result
// with GenerateTokens on the same prompt alone in a fresh session.
func checkBatchAlone(t *testing.T, m *Model, tok tokenizer.Tokenizer, s *Session, opt SessionOptions, prompts [][]int32, opts []GenerateOptions) {
	t.Helper()
	got, err := GenerateBatch(bg, s, tok, prompts, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range prompts {
		alone, err := GenerateTokens(bg, newSession(t, m, opt), tok, p, opts[i])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[i].Tokens, alone.Tokens) || got[i].Text != alone.Text || got[i].StopReason != alone.StopReason {
			t.Errorf("prompt %d: batch %v %q (%s), alone %v %q (%s)", i, got[i].Tokens, got[i].Text, got[i].StopReason,
				alone.Tokens, alone.Text, alone.StopReason)
		}
	}
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
