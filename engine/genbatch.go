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
// one matrix-vector product per prompt). It is GenerateStream collecting
// the generations in prompt order.
func GenerateBatch(ctx context.Context, s *Session, tok tokenizer.Tokenizer, prompts [][]int32, opts []GenerateOptions) ([]*Generation, error) {
	out := make([]*Generation, len(prompts))
	err := GenerateStream(ctx, s, tok, prompts, opts, func(i int, g *Generation) error {
		out[i] = g
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// minGroupShare is the number of leading tokens two neighbouring prompts
// must share for GenerateStream to compute that prefix once for both
// (fewer are not worth sequence 0's extra prefill call).
const minGroupShare = 16

// GenerateStream generates from several prompts together and calls done
// with each prompt's index and generation as soon as that prompt ends
// (in the order they end; an error from done stops the run and is
// returned). OnText and Seq of opts are ignored.
//
// Batching is continuous: up to MaxSeqs-1 prompts (and MaxOutputs) are in
// flight, and when one ends its sequence is cleared and the next prompt's
// tokens join the next step's batch, so a long answer does not leave the
// others' slots idle. A prompt is admitted only while the cache cells it
// may still need (its prompt tokens beyond what it shares and its
// MaxTokens, or the rest of the context) fit beside what the prompts in
// flight may still need; one that needs more than the whole cache runs
// alone.
//
// Shared prefixes are computed once: when a prompt that shares at least
// minGroupShare tokens with a neighbour (in the given order) is admitted,
// sequence 0 is made to hold the longer of those two common prefixes
// (reusing what it already holds, dropping what differs) and the prompt
// runs in a sequence forked from it; a prompt that shares less with both
// neighbours shares what sequence 0 holds. Sequence 0 then keeps only
// what the prompt shares; forked sequences keep their cells when sequence
// 0 moves on. So sequence 0 ends with the last prompt's shared prefix,
// reused by the next call, and with prompts sorted by text (which callers
// should do) every prompt computes only the tokens past its common prefix
// with the one before it: nested sharing (a few-shot prefix, then a
// passage shared by a few questions) is computed once at every level.
//
// With Exact or Fast numerics every result is bit-identical to
// GenerateTokens on that prompt alone (logits never depend on the batch),
// including sampled ones, whose samplers are seeded per prompt. With
// LlamaCpp numerics a step of several prompts runs llama.cpp's
// multi-token kernels where one prompt alone would run its one-token
// ones, so results can differ from generating alone.
func GenerateStream(ctx context.Context, s *Session, tok tokenizer.Tokenizer, prompts [][]int32, opts []GenerateOptions, done func(i int, g *Generation) error) error {
	if len(opts) != len(prompts) {
		return fmt.Errorf("engine: GenerateStream: %d prompts, %d option sets", len(prompts), len(opts))
	}
	nCtx := s.opt.Context
	for i, p := range prompts {
		if len(p) == 0 {
			return fmt.Errorf("engine: prompt %d is empty", i)
		}
		if len(p) >= nCtx {
			return fmt.Errorf("%w: prompt %d has %d tokens; the context holds %d (leave room for one generated token)",
				ErrContextFull, i, len(p), nCtx)
		}
	}
	if len(prompts) == 0 {
		return nil
	}
	if s.opt.MaxSeqs < 2 {
		return fmt.Errorf("%w: GenerateStream needs a session with MaxSeqs >= 2", ErrBadBatch)
	}
	return generateContinuous(ctx, s, tok, prompts, opts, sharedPrefixes(prompts), done)
}

// sharedPrefixes returns, for each prompt, the prefix length it shares
// with a neighbour (see GenerateStream): the longer of its common prefixes
// with the prompts before and after it, where that is at least
// minGroupShare tokens, and at most all but its last token; 0 for a prompt
// that shares less with both. The only prompt's prefix is all but its last
// token.
//
// Neighbourhood rather than a whole group's common prefix is what lets
// nested sharing pay: prompts sorted by text that all share a few-shot
// prefix and, a few at a time, a passage after it (JSQuAD's four-shot
// prefix and then each paragraph's questions) compute each passage once,
// not once per question. Admitting prompt i then costs its length less its
// common prefix with prompt i-1, the least a single cached prefix allows.
func sharedPrefixes(prompts [][]int32) []int {
	pre := make([]int, len(prompts))
	if len(prompts) == 1 {
		pre[0] = len(prompts[0]) - 1
		return pre
	}
	prev := 0 // common prefix of prompts i-1 and i
	for i, p := range prompts {
		next := 0
		if i+1 < len(prompts) {
			next = commonPrefix(p, prompts[i+1])
		}
		if share := max(prev, next); share >= minGroupShare {
			pre[i] = min(share, len(p)-1)
		}
		prev = next
	}
	return pre
}

// inFlight is a prompt being generated by generateContinuous.
type inFlight struct {
	k       int // prompt index
	seq     int
	row     int // batch index of its logits in the last Decode
	rem     int // cache cells it may still take
	fresh   bool
	st      *genState
	started time.Time
}

// generateContinuous runs prompts in sequences 1..MaxSeqs-1 forked from
// sequence 0, admitting the next prompt whenever one ends (see
// GenerateStream); pre holds each prompt's shared prefix length (sharedPrefixes).
func generateContinuous(ctx context.Context, s *Session, tok tokenizer.Tokenizer, prompts [][]int32, opts []GenerateOptions, pre []int, done func(int, *Generation) error) (err error) {
	slots := min(s.opt.MaxSeqs-1, s.opt.MaxOutputs)
	freeSeqs := make([]int, 0, slots)
	for seq := slots; seq >= 1; seq-- {
		freeSeqs = append(freeSeqs, seq)
	}
	defer func() {
		for seq := 1; seq <= slots; seq++ {
			s.kv.truncate(seq, 0)
		}
	}()
	var (
		act    []*inFlight
		batch  []Token
		seq0   = s.kv.tokens(0, nil)
		future int // cells the prompts in flight may still take
		gens   = make([]*Generation, len(prompts))
	)
	for next := 0; ; {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch = batch[:0]
		keep := act[:0]
		now := time.Now()
		for _, a := range act {
			g := gens[a.k]
			if a.fresh {
				a.fresh = false
				g.PromptTime += now.Sub(a.started)
				a.started = now
			}
			id, end, err := a.st.next(s.Logits(a.row))
			if err != nil {
				return err
			}
			if end {
				g.GenTime = now.Sub(a.started)
				s.kv.truncate(a.seq, 0)
				freeSeqs = append(freeSeqs, a.seq)
				future -= a.rem
				if err := done(a.k, g); err != nil {
					return err
				}
				continue
			}
			a.row = len(batch)
			batch = append(batch, Token{ID: id, Pos: a.st.pos, Seq: []int{a.seq}, Logits: true})
			a.st.pos++
			a.rem--
			future--
			keep = append(keep, a)
		}
		act = keep
		for next < len(prompts) && len(freeSeqs) > 0 {
			p := prompts[next]
			room := s.opt.Context - len(p)
			if m := opts[next].MaxTokens; m > 0 {
				room = min(room, m)
			}
			// cells it takes now: the rest of its shared prefix in
			// sequence 0 and its own prompt tokens
			have := commonPrefix(seq0, p[:pre[next]])
			fork := max(pre[next], min(commonPrefix(seq0, p), len(p)-1))
			need := pre[next] - have + len(p) - fork
			if len(act) > 0 && len(batch)+need+room+future > s.kv.nFree {
				break
			}
			t0 := time.Now()
			switch {
			case pre[next] > have: // sequence 0 takes the prefix it shares with a neighbour
				if _, err := s.prefillNoLogits(ctx, 0, p[:pre[next]]); err != nil {
					return err
				}
				seq0 = s.kv.tokens(0, seq0[:0])
			case len(seq0) > fork: // free what the prompts after it cannot share (sorted, they share at most pre[next] with it)
				s.kv.truncate(0, fork)
				seq0 = seq0[:fork]
			}
			seq := freeSeqs[len(freeSeqs)-1]
			freeSeqs = freeSeqs[:len(freeSeqs)-1]
			if err := s.Fork(0, seq, fork); err != nil {
				return err
			}
			gens[next] = &Generation{PromptTokens: p, Reused: fork, PromptTime: time.Since(t0)}
			a := &inFlight{k: next, seq: seq, rem: room, fresh: true, started: time.Now(),
				st: newGenState(s, tok, gens[next], opts[next])}
			for i := fork; i < len(p); i++ {
				batch = append(batch, Token{ID: p[i], Pos: i, Seq: []int{seq}, Logits: i == len(p)-1})
			}
			a.row = len(batch) - 1
			future += room
			act = append(act, a)
			next++
		}
		if len(batch) == 0 {
			return nil
		}
		if err := s.Decode(ctx, batch); err != nil {
			return err
		}
	}
}
