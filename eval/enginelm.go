package eval

import (
	"context"
	"strings"

	"hyoka/engine"
	"hyoka/tokenizer"
)

// EngineLM runs the evaluator's requests on hyoka's own engine: one
// engine.Scorer (one session) whose KV cache keeps the last request's tokens,
// so few-shot prefixes shared by consecutive requests are computed once and
// the choices of one question are decoded in forks of the question's
// sequence. It implements LM and TokenCounter. Not safe for concurrent use.
type EngineLM struct {
	sc  *engine.Scorer
	tok tokenizer.Tokenizer
}

// NewEngineLM wraps a scorer; tok must be the scorer's model's tokenizer.
func NewEngineLM(sc *engine.Scorer, tok tokenizer.Tokenizer) *EngineLM {
	return &EngineLM{sc: sc, tok: tok}
}

// pySpace reports whether r is whitespace for Python's str.rstrip().
func pySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// Loglikelihood implements LM. The context's trailing whitespace (Python's
// rstrip, newlines included) moves to the continuation before the engine
// applies the rest of lm-eval's _encode_pair rule.
func (e *EngineLM) Loglikelihood(ctx context.Context, reqs []LLRequest) ([]LLResult, error) {
	in := make([]engine.LoglikelihoodRequest, len(reqs))
	for i, r := range reqs {
		c := strings.TrimRightFunc(r.Context, pySpace)
		in[i] = engine.LoglikelihoodRequest{Context: c, Continuation: r.Context[len(c):] + r.Continuation}
	}
	out, err := e.sc.LogLikelihood(ctx, in)
	if err != nil {
		return nil, err
	}
	res := make([]LLResult, len(out))
	for i, o := range out {
		res[i] = LLResult{LogProb: o.LogProb, IsGreedy: o.IsGreedy, NTokens: o.NTokens}
	}
	return res, nil
}

// GenerateUntil implements LM: greedy unless the request carries Sampling
// (temperature, top-p, top-k with 0 meaning off, and a per-request seed, so
// the answer does not depend on batching or order). The requests are
// generated together (engine.Scorer.GenerateUntilBatch: one decode per step
// for all of them), each answer bit-identical to generating it alone (with
// the engine's Exact or Fast numerics; LlamaCpp's logits depend on the
// batch).
func (e *EngineLM) GenerateUntil(ctx context.Context, reqs []GenRequest) ([]string, error) {
	texts, err := e.sc.GenerateUntilBatch(ctx, engineGenRequests(reqs))
	if err != nil {
		return nil, err
	}
	out := make([]string, len(reqs))
	for i, text := range texts {
		out[i] = CutAtStops(text, reqs[i].Until)
	}
	return out, nil
}

// GenerateUntilStream implements StreamGenerator: GenerateUntil's answers,
// each passed to done as soon as it ends (engine.Scorer.GenerateUntilStream:
// continuous batching over all of reqs).
func (e *EngineLM) GenerateUntilStream(ctx context.Context, reqs []GenRequest, done func(i int, text string) error) error {
	return e.sc.GenerateUntilStream(ctx, engineGenRequests(reqs), func(i int, text string) error {
		return done(i, CutAtStops(text, reqs[i].Until))
	})
}

// engineGenRequests converts the evaluator's generation requests.
func engineGenRequests(reqs []GenRequest) []engine.GenerateRequest {
	greqs := make([]engine.GenerateRequest, len(reqs))
	for i, r := range reqs {
		g := engine.GenerateRequest{Context: r.Context, Until: r.Until, MaxTokens: r.MaxTokens}
		if s := r.Sampling; s != nil && s.Temperature > 0 {
			g.Sampler = engine.SamplerOptions{Temperature: s.Temperature, TopP: s.TopP, TopK: s.TopK, Seed: uint64(s.Seed)}
		}
		greqs[i] = g
	}
	return greqs
}

// CountTokens implements TokenCounter: tokens of s without special tokens.
func (e *EngineLM) CountTokens(s string) (int, error) {
	return len(e.tok.Encode(s, false, false)), nil
}
