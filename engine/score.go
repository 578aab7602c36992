package engine

import (
	"context"
	"fmt"
	"math"
	"strings"

	"hyoka/kernels"
	"hyoka/tokenizer"
)

// LoglikelihoodRequest asks for log P(Continuation | Context).
type LoglikelihoodRequest struct {
	Context, Continuation string
}

// LoglikelihoodResult answers one LoglikelihoodRequest.
type LoglikelihoodResult struct {
	LogProb  float64 // sum of the continuation tokens' log-probabilities
	IsGreedy bool    // every continuation token was the most likely one
	NTokens  int     // continuation tokens
}

// TokenPair is a request already encoded: Context is non-empty.
type TokenPair struct {
	Context, Continuation []int32
}

// GenerateRequest asks for a completion of Context up to the first of Until.
type GenerateRequest struct {
	Context   string
	Until     []string
	MaxTokens int
	Sampler   SamplerOptions // zero value: greedy
}

// Scorer answers the evaluator's requests on one session. It keeps what the
// last request left in the cache (sequence 0) and reuses its longest common
// token prefix with the next one; the continuations of requests that share
// a context are decoded together in forks of that context's sequence.
// Results do not depend on the order or grouping of requests (only the
// speed does; with LlamaCpp numerics they may, since its logits depend on
// the batches): order requests so that equal contexts are adjacent.
// A Scorer is not safe for concurrent use.
type Scorer struct {
	s   *Session
	tok tokenizer.Tokenizer
	// scratch, reused across calls
	batch []Token
	seqs  [][]int
}

// NewScorer wraps a session; tok must be the model's tokenizer.
func NewScorer(s *Session, tok tokenizer.Tokenizer) *Scorer {
	sc := &Scorer{s: s, tok: tok, seqs: make([][]int, s.opt.MaxSeqs)}
	for i := range sc.seqs {
		sc.seqs[i] = []int{i}
	}
	return sc
}

// Session returns the scorer's session.
func (sc *Scorer) Session() *Session { return sc.s }

// EncodePair encodes a request the way lm-evaluation-harness's _encode_pair
// does: trailing spaces of the context move to the front of the
// continuation; the whole text and the context are encoded separately and
// the continuation is what the whole has beyond the context's length. BOS
// goes before the context when the model asks for it; an empty context
// becomes [BOS] (or [EOS] when the model has no BOS), as lm-eval does.
func (sc *Scorer) EncodePair(context, continuation string) TokenPair {
	trimmed := strings.TrimRight(context, " ")
	if n := len(context) - len(trimmed); n > 0 {
		continuation = context[len(trimmed):] + continuation
		context = trimmed
	}
	whole := sc.tok.Encode(context+continuation, false, false)
	ctxIDs := sc.tok.Encode(context, false, false)
	var cont []int32
	if len(ctxIDs) <= len(whole) {
		cont = whole[len(ctxIDs):]
	}
	c := sc.s.cfg
	if c.AddBOS || len(ctxIDs) == 0 {
		prefix := c.BOS
		if prefix < 0 {
			prefix = c.EOS
		}
		if prefix >= 0 {
			ctxIDs = append([]int32{prefix}, ctxIDs...)
		}
	}
	return TokenPair{Context: ctxIDs, Continuation: cont}
}

// LogLikelihood scores requests (see EncodePair and LogLikelihoodTokens).
func (sc *Scorer) LogLikelihood(ctx context.Context, reqs []LoglikelihoodRequest) ([]LoglikelihoodResult, error) {
	pairs := make([]TokenPair, len(reqs))
	for i, r := range reqs {
		pairs[i] = sc.EncodePair(r.Context, r.Continuation)
	}
	return sc.LogLikelihoodTokens(ctx, pairs)
}

// LogLikelihoodTokens scores encoded requests. When context and
// continuation do not fit the session's context, the context is cut from
// the left as lm-eval does; a continuation longer than the context is an
// error. Log-probabilities are computed from the logits in float64 with a
// max-shifted log-sum-exp.
func (sc *Scorer) LogLikelihoodTokens(ctx context.Context, pairs []TokenPair) ([]LoglikelihoodResult, error) {
	res := make([]LoglikelihoodResult, len(pairs))
	nCtx := sc.s.opt.Context
	cut := make([]TokenPair, len(pairs))
	for i, p := range pairs {
		if len(p.Context) == 0 {
			return nil, fmt.Errorf("engine: request %d: empty context (use EncodePair)", i)
		}
		if len(p.Continuation) >= nCtx {
			return nil, fmt.Errorf("%w: request %d: continuation of %d tokens does not fit the context of %d",
				ErrContextFull, i, len(p.Continuation), nCtx)
		}
		// lm-eval: (context + continuation)[-(max_length+1):][:-1]
		if over := len(p.Context) + len(p.Continuation) - 1 - nCtx; over > 0 {
			p.Context = p.Context[over:]
		}
		cut[i] = p
	}
	pairs = cut
	for i := 0; i < len(pairs); {
		p := pairs[i]
		// the group of following requests with the same context
		j := i + 1
		for j < len(pairs) && equalIDs(pairs[j].Context, p.Context) {
			j++
		}
		if err := sc.scoreGroup(ctx, pairs[i:j], res[i:j]); err != nil {
			return nil, fmt.Errorf("engine: request %d: %w", i, err)
		}
		i = j
	}
	return res, nil
}

func equalIDs(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// scoreGroup scores continuations of one context: sequence 0 is brought to
// hold the context minus its last token; each continuation runs in a fork.
func (sc *Scorer) scoreGroup(ctx context.Context, group []TokenPair, res []LoglikelihoodResult) error {
	s := sc.s
	full := group[0].Context
	if _, err := s.prefillNoLogits(ctx, 0, full[:len(full)-1]); err != nil {
		return err
	}
	maxForks := s.opt.MaxSeqs - 1
	if maxForks < 1 {
		return fmt.Errorf("%w: the scorer needs a session with MaxSeqs >= 2", ErrBadBatch)
	}
	for k := 0; k < len(group); {
		// as many continuations as fit the forks, outputs, and free cells
		end, outs, cells := k, 0, 0
		for end < len(group) && end-k < maxForks {
			n := max(1, len(group[end].Continuation))
			if end > k && (outs+n > s.opt.MaxOutputs || cells+n > s.kv.nFree) {
				break
			}
			outs += n
			cells += n
			end++
		}
		if err := sc.scoreForks(ctx, full, group[k:end], res[k:end]); err != nil {
			return err
		}
		k = end
	}
	return nil
}

// scoreForks runs continuations in forks 1..n of sequence 0 (which holds
// all of ctxIDs but the last token), in as few Decode calls as the
// session's output limit allows.
func (sc *Scorer) scoreForks(ctx context.Context, ctxIDs []int32, group []TokenPair, res []LoglikelihoodResult) error {
	s := sc.s
	nb := len(ctxIDs) - 1
	last := ctxIDs[nb]
	type item struct {
		fork, from, n int // fork seq; first continuation index scored; count
	}
	defer func() {
		for f := 1; f <= len(group); f++ {
			s.kv.truncate(f, 0)
		}
	}()
	for g := range group {
		s.kv.fork(0, g+1, nb)
		res[g] = LoglikelihoodResult{IsGreedy: true, NTokens: len(group[g].Continuation)}
	}
	// Input of fork g at step t (0-based): token t-1 of the continuation
	// (the context's last token for t = 0), at position nb+t; its logits
	// score continuation token t.
	next := make([]int, len(group)) // next step of each fork
	for {
		sc.batch = sc.batch[:0]
		var items []item
		for g, p := range group {
			if next[g] >= len(p.Continuation) {
				continue
			}
			room := s.opt.MaxOutputs - len(sc.batch)
			if room <= 0 {
				break
			}
			n := min(room, len(p.Continuation)-next[g])
			for t := next[g]; t < next[g]+n; t++ {
				id := last
				if t > 0 {
					id = p.Continuation[t-1]
				}
				sc.batch = append(sc.batch, Token{ID: id, Pos: nb + t, Seq: sc.seqs[g+1], Logits: true})
			}
			items = append(items, item{g, next[g], n})
			next[g] += n
		}
		if len(items) == 0 {
			return nil
		}
		if err := s.Decode(ctx, sc.batch); err != nil {
			return err
		}
		row := 0
		for _, it := range items {
			cont := group[it.fork].Continuation
			r := &res[it.fork]
			for t := it.from; t < it.from+it.n; t++ {
				lp, greedy := logProb(s.Logits(row), cont[t])
				r.LogProb += lp
				r.IsGreedy = r.IsGreedy && greedy
				row++
			}
		}
	}
}

// logProb returns log softmax(logits)[id] computed in float64, and whether
// id is the argmax (lowest id on ties).
func logProb(logits []float32, id int32) (float64, bool) {
	best := 0
	for i, v := range logits {
		if v > logits[best] {
			best = i
		}
	}
	mx := float64(logits[best])
	sum := kernels.SumExp(logits, mx) // the sum of math.Exp(v - mx) in order
	return float64(logits[id]) - mx - math.Log(sum), int(id) == best
}

// prefillNoLogits makes seq hold ids (reusing its cached common prefix)
// without computing logits. It returns the reused count.
func (s *Session) prefillNoLogits(ctx context.Context, seq int, ids []int32) (int, error) {
	keep := commonPrefix(s.kv.tokens(seq, nil), ids)
	s.kv.truncate(seq, keep)
	seqs := []int{seq}
	B := s.opt.BatchSize
	batch := make([]Token, 0, min(B, len(ids)-keep))
	for lo := keep; lo < len(ids); lo += B {
		batch = batch[:0]
		for i := lo; i < min(lo+B, len(ids)); i++ {
			batch = append(batch, Token{ID: ids[i], Pos: i, Seq: seqs})
		}
		if err := s.Decode(ctx, batch); err != nil {
			return keep, err
		}
	}
	return keep, nil
}

// GenerateUntilBatch answers several generation requests together
// (GenerateUntilStream, its answers in request order). Each answer is
// the one GenerateUntil gives for that request alone.
func (sc *Scorer) GenerateUntilBatch(ctx context.Context, reqs []GenerateRequest) ([]string, error) {
	out := make([]string, len(reqs))
	err := sc.GenerateUntilStream(ctx, reqs, func(i int, text string) error {
		out[i] = text
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GenerateUntilStream answers several generation requests together, as
// GenerateUntilBatch does, calling done with each request's index and text
// as soon as it ends (GenerateStream: continuous batching, shared prefixes
// computed once per group of neighbouring requests). An error from done
// ends the call and is returned.
func (sc *Scorer) GenerateUntilStream(ctx context.Context, reqs []GenerateRequest, done func(i int, text string) error) error {
	prompts := make([][]int32, len(reqs))
	opts := make([]GenerateOptions, len(reqs))
	for i, req := range reqs {
		prompts[i] = sc.generationPrompt(req)
		opts[i] = GenerateOptions{MaxTokens: req.MaxTokens, Sampler: req.Sampler, Stop: req.Until}
	}
	return GenerateStream(ctx, sc.s, sc.tok, prompts, opts, func(i int, g *Generation) error {
		return done(i, g.Text)
	})
}

// generationPrompt is req.Context's token ids as GenerateUntil runs them:
// BOS where the model asks for it, and lm-eval's truncation to the last
// context - max_gen_toks tokens.
func (sc *Scorer) generationPrompt(req GenerateRequest) []int32 {
	ids := sc.tok.Encode(req.Context, false, false)
	if c := sc.s.cfg; c.AddBOS {
		ids = append([]int32{c.BOS}, ids...)
	}
	if room := sc.s.opt.Context - max(req.MaxTokens, 1); len(ids) > room {
		ids = ids[len(ids)-room:]
	}
	return ids
}

// GenerateUntil generates a completion of req.Context in sequence 0
// (reusing the cached prefix), stopping at the first of req.Until, which
// is not included.
func (sc *Scorer) GenerateUntil(ctx context.Context, req GenerateRequest) (string, error) {
	ids := sc.generationPrompt(req)
	g, err := GenerateTokens(ctx, sc.s, sc.tok, ids, GenerateOptions{
		MaxTokens: req.MaxTokens, Sampler: req.Sampler, Stop: req.Until,
	})
	if err != nil {
		return "", err
	}
	return g.Text, nil
}
