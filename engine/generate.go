package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hyoka/tokenizer"
)

// GenerateOptions control Generate.
type GenerateOptions struct {
	MaxTokens int // tokens to generate at most; <= 0: until the context is full
	Sampler   SamplerOptions
	// Stop ends generation at the first occurrence of any of these strings
	// in the generated text; the stop string and what follows are dropped.
	Stop []string
	// OnText, if set, receives the generated text as it becomes final
	// (never a part that could still turn into a stop string, never half a
	// UTF-8 character). Returning an error stops generation with it.
	OnText func(text string) error
	// Seq is the cache sequence used. Its current content is reused where it
	// is a prefix of the prompt; the rest is replaced.
	Seq int
	// ParseSpecial lets special-token text in the prompt become those tokens.
	ParseSpecial bool
}

// Generation is what Generate produced.
type Generation struct {
	PromptTokens []int32
	Tokens       []int32 // generated, including a final end-of-generation token
	Text         string  // generated text, cut before a stop string
	StopReason   string  // "eog", "stop", "length" or "context"
	Reused       int     // prompt tokens found already in the cache
	PromptTime   time.Duration
	GenTime      time.Duration
}

// Generate encodes prompt (with BOS where the model asks for it) and
// generates from it. See GenerateTokens.
func Generate(ctx context.Context, s *Session, tok tokenizer.Tokenizer, prompt string, opt GenerateOptions) (*Generation, error) {
	ids := tok.Encode(prompt, false, opt.ParseSpecial)
	if s.cfg.AddBOS {
		ids = append([]int32{s.cfg.BOS}, ids...)
	}
	return GenerateTokens(ctx, s, tok, ids, opt)
}

// GenerateTokens generates from the prompt ids: it decodes the prompt
// (reusing the sequence's cached prefix), then samples one token at a
// time until an end-of-generation token, a stop string, MaxTokens or the
// end of the context.
func GenerateTokens(ctx context.Context, s *Session, tok tokenizer.Tokenizer, prompt []int32, opt GenerateOptions) (*Generation, error) {
	if len(prompt) == 0 {
		return nil, fmt.Errorf("engine: empty prompt")
	}
	nCtx := s.opt.Context
	if len(prompt) >= nCtx {
		return nil, fmt.Errorf("%w: the prompt has %d tokens; the context holds %d (leave room for one generated token)",
			ErrContextFull, len(prompt), nCtx)
	}
	g := &Generation{PromptTokens: prompt}
	t0 := time.Now()
	logits, reused, err := s.prefill(ctx, opt.Seq, prompt)
	if err != nil {
		return nil, err
	}
	g.Reused = reused
	g.PromptTime = time.Since(t0)
	t1 := time.Now()
	defer func() { g.GenTime = time.Since(t1) }()

	st := newGenState(s, tok, g, opt)
	seq := []int{opt.Seq}
	for {
		if err := ctx.Err(); err != nil {
			return g, err
		}
		id, done, err := st.next(logits)
		if done || err != nil {
			return g, err
		}
		if err := s.Decode(ctx, []Token{{ID: id, Pos: st.pos, Seq: seq, Logits: true}}); err != nil {
			return g, err
		}
		logits = s.Logits(0)
		st.pos++
	}
}

// genState is one generation after its prompt: sampling, the end
// conditions and the text. GenerateTokens and GenerateBatch share it, so a
// generation ends and is cut the same way in both.
type genState struct {
	g       *Generation
	opt     GenerateOptions
	tok     tokenizer.Tokenizer
	sampler *Sampler
	history []int32
	dec     *tokenizer.StreamDecoder
	text    strings.Builder
	emitted int
	pos     int // position of the next token
	nCtx    int
}

func newGenState(s *Session, tok tokenizer.Tokenizer, g *Generation, opt GenerateOptions) *genState {
	return &genState{
		g: g, opt: opt, tok: tok,
		sampler: NewSampler(s.cfg.NVocab, opt.Sampler),
		history: append([]int32(nil), g.PromptTokens...),
		dec:     tokenizer.NewStreamDecoder(tok),
		pos:     len(g.PromptTokens),
		nCtx:    s.opt.Context,
	}
}

// emit passes the text up to byte upto to OnText (what has not been passed).
func (st *genState) emit(upto int) error {
	if upto <= st.emitted {
		return nil
	}
	piece := st.text.String()[st.emitted:upto]
	st.emitted = upto
	if st.opt.OnText != nil {
		return st.opt.OnText(piece)
	}
	return nil
}

// next samples a token from the logits after the last one. done reports
// that the generation has ended (g is complete); otherwise id must be
// decoded at position st.pos next.
func (st *genState) next(logits []float32) (id int32, done bool, err error) {
	g := st.g
	id = st.sampler.Sample(logits, st.history)
	g.Tokens = append(g.Tokens, id)
	st.history = append(st.history, id)
	if st.tok.IsEOG(id) {
		g.StopReason = "eog"
		return id, true, st.finish()
	}
	st.text.WriteString(st.dec.Add(id))
	full := st.text.String()
	if cut, ok := findStop(full, st.opt.Stop); ok {
		g.Text = full[:cut]
		g.StopReason = "stop"
		return id, true, st.emit(cut)
	}
	if err := st.emit(len(full) - stopHoldback(full, st.opt.Stop)); err != nil {
		return id, true, err
	}
	if st.opt.MaxTokens > 0 && len(g.Tokens) >= st.opt.MaxTokens {
		g.StopReason = "length"
		return id, true, st.finish()
	}
	if st.pos >= st.nCtx {
		g.StopReason = "context"
		return id, true, st.finish()
	}
	return id, false, nil
}

// finish flushes the decoder and cuts the text at a stop string.
func (st *genState) finish() error {
	st.text.WriteString(st.dec.Flush())
	full := st.text.String()
	if cut, ok := findStop(full, st.opt.Stop); ok {
		full = full[:cut]
		st.g.StopReason = "stop"
	}
	st.g.Text = full
	return st.emit(len(full))
}

// prefill makes sequence seq hold prompt, reusing its longest common prefix
// with what it holds, and returns the logits after the last prompt token
// (valid until the next Decode) and the number of reused tokens.
func (s *Session) prefill(ctx context.Context, seq int, prompt []int32) ([]float32, int, error) {
	if err := s.kv.checkSeq(seq); err != nil {
		return nil, 0, err
	}
	keep := commonPrefix(s.kv.tokens(seq, nil), prompt)
	keep = min(keep, len(prompt)-1) // the last token is decoded again for its logits
	s.kv.truncate(seq, keep)
	seqs := []int{seq}
	B := s.opt.BatchSize
	batch := make([]Token, 0, min(B, len(prompt)-keep))
	for lo := keep; lo < len(prompt); lo += B {
		hi := min(lo+B, len(prompt))
		batch = batch[:0]
		for i := lo; i < hi; i++ {
			batch = append(batch, Token{ID: prompt[i], Pos: i, Seq: seqs, Logits: i == len(prompt)-1})
		}
		if err := s.Decode(ctx, batch); err != nil {
			return nil, keep, err
		}
	}
	return s.Logits(len(batch) - 1), keep, nil
}

func commonPrefix(a, b []int32) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// findStop returns the index of the earliest occurrence of any stop string.
func findStop(text string, stops []string) (int, bool) {
	best := -1
	for _, s := range stops {
		if s == "" {
			continue
		}
		if i := strings.Index(text, s); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best, best >= 0
}

// stopHoldback is the length of the longest suffix of text that is a
// proper prefix of a stop string (text that may still become a stop).
func stopHoldback(text string, stops []string) int {
	hold := 0
	for _, s := range stops {
		for n := min(len(s)-1, len(text)); n > hold; n-- {
			if strings.HasSuffix(text, s[:n]) {
				hold = n
				break
			}
		}
	}
	return hold
}
