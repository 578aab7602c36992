package engine

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// SamplerOptions choose the next token from logits. The zero value is greedy.
// The steps run in llama.cpp's default order: repetition penalty, top-k,
// top-p, min-p (these on the distribution at temperature 1), temperature,
// then a draw from the seeded generator.
type SamplerOptions struct {
	// Temperature <= 0 picks the most likely token (lowest id on ties).
	Temperature float64
	TopK        int     // keep the K most likely tokens; 0: all
	TopP        float64 // keep the smallest set whose probability reaches P; 0 or 1: off
	MinP        float64 // drop tokens below MinP times the top probability; 0: off
	// RepeatPenalty > 0 and != 1 divides positive (multiplies negative)
	// logits of the tokens among the last RepeatLastN ones (default 64).
	RepeatPenalty float64
	RepeatLastN   int
	Seed          uint64
}

// Sampler draws tokens; its buffers are sized once for the vocabulary.
// It is not safe for concurrent use.
type Sampler struct {
	opt  SamplerOptions
	rng  *rand.Rand
	cand []candidate // (NVocab)
	seen map[int32]bool
}

type candidate struct {
	id    int32
	logit float64
	p     float64
}

// NewSampler returns a sampler for a vocabulary of nVocab tokens.
func NewSampler(nVocab int, opt SamplerOptions) *Sampler {
	if opt.RepeatLastN == 0 {
		opt.RepeatLastN = 64
	}
	return &Sampler{
		opt:  opt,
		rng:  rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		cand: make([]candidate, nVocab),
		seen: map[int32]bool{},
	}
}

// Sample picks the next token from logits (not modified); history is the
// sequence so far, for the repetition penalty.
func (s *Sampler) Sample(logits []float32, history []int32) int32 {
	o := &s.opt
	penal := o.RepeatPenalty > 0 && o.RepeatPenalty != 1
	if o.Temperature <= 0 && !penal {
		return argmax(logits)
	}
	if penal {
		clear(s.seen)
		for _, t := range history[max(0, len(history)-o.RepeatLastN):] {
			s.seen[t] = true
		}
	}
	c := s.cand[:len(logits)]
	for i, l := range logits {
		v := float64(l)
		if penal && s.seen[int32(i)] {
			if v > 0 {
				v /= o.RepeatPenalty
			} else {
				v *= o.RepeatPenalty
			}
		}
		c[i] = candidate{id: int32(i), logit: v}
	}
	if o.Temperature <= 0 {
		best := 0
		for i := range c {
			if c[i].logit > c[best].logit {
				best = i
			}
		}
		return c[best].id
	}
	byLogit := func(a, b candidate) int {
		if r := cmp.Compare(b.logit, a.logit); r != 0 {
			return r
		}
		return cmp.Compare(a.id, b.id)
	}
	if o.TopK > 0 && o.TopK < len(c) {
		c = topK(c, o.TopK, byLogit)
	} else {
		slices.SortFunc(c, byLogit)
	}
	softmaxCand(c, 1)
	if o.TopP > 0 && o.TopP < 1 {
		cum := 0.0
		for i := range c {
			cum += c[i].p
			if cum >= o.TopP {
				c = c[:i+1]
				break
			}
		}
	}
	if o.MinP > 0 {
		lim := o.MinP * c[0].p
		n := 1
		for n < len(c) && c[n].p >= lim {
			n++
		}
		c = c[:n]
	}
	softmaxCand(c, o.Temperature)
	r := s.rng.Float64()
	for i := range c {
		r -= c[i].p
		if r < 0 {
			return c[i].id
		}
	}
	return c[len(c)-1].id
}

// topK moves the k best candidates to the front, sorted, and returns them.
func topK(c []candidate, k int, less func(a, b candidate) int) []candidate {
	// Partial selection: keep a sorted window of the k best seen so far.
	top := c[:k]
	slices.SortFunc(top, less)
	for i := k; i < len(c); i++ {
		if less(c[i], top[k-1]) < 0 {
			j, _ := slices.BinarySearchFunc(top, c[i], less)
			copy(top[j+1:], top[j:k-1])
			top[j] = c[i]
		}
	}
	return top
}

// softmaxCand sets p of sorted candidates to softmax(logit/temp), in float64.
func softmaxCand(c []candidate, temp float64) {
	mx := c[0].logit
	sum := 0.0
	for i := range c {
		c[i].p = math.Exp((c[i].logit - mx) / temp)
		sum += c[i].p
	}
	for i := range c {
		c[i].p /= sum
	}
}

// argmax is the index of the first largest value (the greedy choice; what
// Sample's candidate path picks without a repetition penalty).
func argmax(x []float32) int32 {
	best, bv := 0, x[0]
	for i, v := range x {
		if v > bv {
			best, bv = i, v
		}
	}
	return int32(best)
}
