package engine

import (
	"context"
	"fmt"
	"time"

	"hyoka/tokenizer"
)

// GenerateBatch generates from several prompts together: each step decodes
// one token of every unfinished prompt in a single batch, so the weights
// are read once per step for all of them (matrix-matrix kernels instead of
// one matrix-vector product per prompt). Sequence 0 receives the prompts'
// common prefix (and keeps it for the next call, like GenerateTokens'
// reuse); prompt i runs in a sequence forked from it. OnText and Seq of
// opts are ignored.
//
// With Exact or Fast numerics every result is bit-identical to
// GenerateTokens on that prompt alone (logits never depend on the batch),
// including sampled ones, whose samplers are seeded per prompt. With
// LlamaCpp numerics a step of several prompts runs llama.cpp's
// multi-token kernels where one prompt alone would run its one-token
// ones, so results can differ from generating alone. Prompts are taken in waves that fit the
// session's free sequences and cache cells.
func GenerateBatch(ctx context.Context, s *Session, tok tokenizer.Tokenizer, prompts [][]int32, opts []GenerateOptions) ([]*Generation, error) {
	if len(opts) != len(prompts) {
		return nil, fmt.Errorf("engine: GenerateBatch: %d prompts, %d option sets", len(prompts), len(opts))
	}
	nCtx := s.opt.Context
	lcp := -1
	for i, p := range prompts {
		if len(p) == 0 {
			return nil, fmt.Errorf("engine: prompt %d is empty", i)
		}
		if len(p) >= nCtx {
			return nil, fmt.Errorf("%w: prompt %d has %d tokens; the context holds %d (leave room for one generated token)",
				ErrContextFull, i, len(p), nCtx)
		}
		if lcp < 0 {
			lcp = len(p)
		}
		lcp = min(commonPrefix(prompts[0][:lcp], p), len(p)-1)
	}
	out := make([]*Generation, len(prompts))
	if len(prompts) == 0 {
		return out, nil
	}
	if s.opt.MaxSeqs < 2 {
		return nil, fmt.Errorf("%w: GenerateBatch needs a session with MaxSeqs >= 2", ErrBadBatch)
	}
	t0 := time.Now()
	if _, err := s.prefillNoLogits(ctx, 0, prompts[0][:lcp]); err != nil {
		return nil, err
	}
	shared := time.Since(t0)
	for i := 0; i < len(prompts); {
		// a wave: as many prompts as there are sequences and cells for
		free := s.kv.nFree
		n := 0
		for j := i; j < len(prompts) && n < min(s.opt.MaxSeqs-1, s.opt.MaxOutputs); j++ {
			p := prompts[j]
			room := nCtx - len(p)
			if m := opts[j].MaxTokens; m > 0 {
				room = min(room, m)
			}
			need := len(p) - lcp + room
			if need > free && n > 0 {
				break
			}
			free -= need
			n++
		}
		if err := generateWave(ctx, s, tok, prompts[i:i+n], opts[i:i+n], out[i:i+n], lcp); err != nil {
			return out, err
		}
		i += n
	}
	for _, g := range out {
		g.Reused = lcp
		g.PromptTime += shared
	}
	return out, nil
}

// generateWave runs prompts (at most MaxSeqs-1) in sequences 1..n forked
// from sequence 0, which holds their first lcp tokens.
func generateWave(ctx context.Context, s *Session, tok tokenizer.Tokenizer, prompts [][]int32, opts []GenerateOptions, out []*Generation, lcp int) (err error) {
	n := len(prompts)
	defer func() {
		for k := range n {
			s.kv.truncate(k+1, 0)
		}
	}()
	states := make([]*genState, n)
	seqs := make([][]int, n)
	row := make([]int, n) // batch index of prompt k's logits in the last Decode
	var batch []Token
	for k, p := range prompts {
		if err := s.Fork(0, k+1, lcp); err != nil {
			return err
		}
		seqs[k] = []int{k + 1}
		out[k] = &Generation{PromptTokens: p}
		states[k] = newGenState(s, tok, out[k], opts[k])
		for i := lcp; i < len(p); i++ {
			batch = append(batch, Token{ID: p[i], Pos: i, Seq: seqs[k], Logits: i == len(p)-1})
		}
		row[k] = len(batch) - 1
	}
	t0 := time.Now()
	if err := s.Decode(ctx, batch); err != nil {
		return err
	}
	t1 := time.Now()
	for _, g := range out {
		g.PromptTime = t1.Sub(t0)
	}
	defer func() {
		for _, g := range out {
			g.GenTime = time.Since(t1)
		}
	}()
	active := make([]int, n) // prompts still generating
	for k := range active {
		active[k] = k
	}
	for len(active) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch = batch[:0]
		next := active[:0:0]
		for _, k := range active {
			id, done, err := states[k].next(s.Logits(row[k]))
			if err != nil {
				return err
			}
			if !done {
				row[k] = len(batch)
				batch = append(batch, Token{ID: id, Pos: states[k].pos, Seq: seqs[k], Logits: true})
				next = append(next, k)
			}
		}
		active = next
		if len(batch) == 0 {
			break
		}
		if err := s.Decode(ctx, batch); err != nil {
			return err
		}
		for _, k := range active {
			states[k].pos++
		}
	}
	return nil
}
