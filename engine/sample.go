package engine

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"hyoka/kernels"
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
	// sampleTopP's buffers (NVocab each, made on first use)
	keys, tmp []uint32
	exps      []float64
	// forceAll turns sampleTopP off (tests compare the two paths)
	forceAll bool
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
// sequence so far, for the repetition penalty. Top-p without top-k or a
// penalty (the code tasks' sampling) takes sampleTopP, with the same bits.
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
	var r float64 // the uniform draw, one per sampled token
	if o.Temperature > 0 {
		r = s.rng.Float64()
	}
	if !penal && o.Temperature > 0 && o.TopP > 0 && o.TopP < 1 && (o.TopK <= 0 || o.TopK >= len(logits)) && !s.forceAll {
		if id, ok := s.sampleTopP(logits, r); ok {
			return id
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
	return s.finish(c, r)
}

// finish runs the steps after top-p on the candidates left (sorted, p
// their probabilities at temperature 1): min-p, the temperature, and the
// draw with the uniform r.
func (s *Sampler) finish(c []candidate, r float64) int32 {
	o := &s.opt
	if o.MinP > 0 {
		lim := o.MinP * c[0].p
		n := 1
		for n < len(c) && c[n].p >= lim {
			n++
		}
		c = c[:n]
	}
	softmaxCand(c, o.Temperature)
	for i := range c {
		r -= c[i].p
		if r < 0 {
			return c[i].id
		}
	}
	return c[len(c)-1].id
}

// byLogit orders candidates from the largest logit down, lower ids first
// among equal logits.
func byLogit(a, b candidate) int {
	if r := cmp.Compare(b.logit, a.logit); r != 0 {
		return r
	}
	return cmp.Compare(a.id, b.id)
}

// topPSpans returns the widths, below the largest logit, of the heads that
// sampleTopP tries in turn before it sorts the whole vocabulary.
func topPSpans() [2]float64 { return [2]float64{10, 20} }

// sampleTopP is Sample's top-p path without top-k or a penalty, with the
// bits of the full one. The full path sorts every candidate, sums
// exp(logit - max) in that order (the first term is 1), keeps the shortest
// prefix whose probabilities reach TopP and draws from it. sampleTopP sorts
// only the head, the logits within a span of the maximum, and sums its
// terms in that order. Each later term t of the full sum is then added to
// a sum s >= 1; while s stays in its binade [2^e, 2^(e+1)) that addition
// adds exactly RoundToEven(t/ulp(s)) ulps whatever the order, unless t/ulp
// is a half-integer (a tie, rounded to even by the parity of s).
// kernels.ExpUnits adds up those rounded quotients over the tail; when no
// tail term is a tie and the total stays below 2^(e+1), head sum plus
// units times ulp is the full sum bit for bit. The cut and the candidates
// must then lie in the head. Otherwise a wider span is tried, and last
// sampleTopPSorted, which sorts everything. It reports false (the caller
// takes the full path) for a NaN or infinite logit and when the
// probabilities never reach TopP.
func (s *Sampler) sampleTopP(logits []float32, r float64) (int32, bool) {
	mx := float64(logits[kernels.Argmax(logits)])
	if math.IsNaN(mx) || math.IsInf(mx, 0) {
		return 0, false
	}
	for _, span := range topPSpans() {
		c, sum, ok, bad := s.topPHead(logits, mx, span)
		if bad {
			return 0, false
		}
		if !ok {
			continue
		}
		exps := s.exps[:len(c)]
		if cut := topPCut(exps, sum, s.opt.TopP); cut >= 0 {
			c = c[:cut+1]
			for j := range c {
				c[j].p = exps[j] / sum // softmaxCand at temperature 1
			}
			return s.finish(c, r), true
		}
	}
	return s.sampleTopPSorted(logits, r)
}

// topPCut returns the index of the last term of the shortest prefix of
// exps (terms in descending order, normalised by sum) whose probabilities
// add up to p, or -1 when they never do.
func topPCut(exps []float64, sum, p float64) int {
	cum := 0.0
	for i, e := range exps {
		cum += e / sum
		if cum >= p {
			return i
		}
	}
	return -1
}

// topPHead returns the candidates of the logits within span of mx (the
// maximum), sorted by byLogit, their terms exp(logit - mx) in s.exps, and
// the full path's sum of all terms. ok is false where the tail's terms do
// not determine that sum without their order (sampleTopP); bad reports a
// NaN or infinite logit.
func (s *Sampler) topPHead(logits []float32, mx, span float64) (c []candidate, sum float64, ok, bad bool) {
	n := len(logits)
	if len(s.exps) < n {
		s.exps = make([]float64, n)
	}
	lim := -span
	c = s.cand[:0]
	for i, l := range logits {
		if float64(l)-mx >= lim {
			c = append(c, candidate{id: int32(i), logit: float64(l)})
		}
	}
	slices.SortFunc(c, byLogit)
	exps := s.exps[:len(c)]
	for i := range c {
		exps[i] = math.Exp(c[i].logit - mx)
		sum += exps[i]
	}
	// sum >= 1 lies in [2^(e-1), 2^e); its ulp is 2^(e-53)
	_, e := math.Frexp(sum)
	scale := math.Ldexp(1, 53-e)
	if float64(n)*math.Exp(lim)*scale >= 0x1p62 {
		return c, 0, false, false
	}
	units, tie, bad := kernels.ExpUnits(logits, mx, lim, scale)
	if bad || tie {
		return c, 0, false, bad
	}
	head := uint64(sum * scale) // an integer in [2^52, 2^53)
	if head+units >= 1<<53 {
		return c, 0, false, false // the sum leaves the binade
	}
	return c, float64(head+units) / scale, true, false
}

// sampleTopPSorted is sampleTopP's last resort: it radix-sorts the float32
// logits (equal logits give equal terms, so their order does not matter),
// sums the same terms in the same order, finds the cut, and only then
// builds and sorts the candidates of the prefix: those above the cut's
// logit and, of those equal to it, the lowest ids.
func (s *Sampler) sampleTopPSorted(logits []float32, r float64) (int32, bool) {
	n := len(logits)
	if len(s.keys) < n {
		s.keys, s.tmp = make([]uint32, n), make([]uint32, n)
	}
	if len(s.exps) < n {
		s.exps = make([]float64, n)
	}
	keys, exps := s.keys[:n], s.exps[:n]
	for i, l := range logits {
		if math.IsNaN(float64(l)) || math.IsInf(float64(l), 0) {
			return 0, false
		}
		keys[i] = descKey(l)
	}
	radixSort32(keys, s.tmp[:n])
	mx := float64(keyValue(keys[0]))
	sum := 0.0
	for i, k := range keys {
		exps[i] = math.Exp(float64(keyValue(k)) - mx)
		sum += exps[i]
	}
	cut := topPCut(exps, sum, s.opt.TopP)
	if cut < 0 {
		return 0, false
	}
	// the prefix: logits above the cut's, then equal ones by id
	vk := keyValue(keys[cut])
	above := 0
	for _, l := range logits {
		if l > vk {
			above++
		}
	}
	c, ties := s.cand[:0], cut+1-above
	for i, l := range logits {
		if l > vk || (l == vk && ties > 0) {
			if l == vk {
				ties--
			}
			c = append(c, candidate{id: int32(i), logit: float64(l)})
		}
	}
	slices.SortFunc(c, byLogit)
	for i := range c {
		c[i].p = math.Exp(c[i].logit-mx) / sum // softmaxCand at temperature 1: x/1 is x
	}
	return s.finish(c, r), true
}

// descKey maps a float32 to a key whose ascending order is the float's
// descending order (-0 and +0 get adjacent keys).
func descKey(f float32) uint32 {
	u := math.Float32bits(f)
	if u&(1<<31) != 0 {
		u = ^u
	} else {
		u |= 1 << 31
	}
	return ^u
}

// keyValue inverts descKey.
func keyValue(k uint32) float32 {
	u := ^k
	if u&(1<<31) != 0 {
		u &^= 1 << 31
	} else {
		u = ^u
	}
	return math.Float32frombits(u)
}

// radixSort32 sorts keys ascending (tmp: scratch of the same length), in
// three passes of 11, 11 and 10 bits.
func radixSort32(keys, tmp []uint32) {
	src, dst := keys, tmp
	for shift := uint(0); shift < 32; shift += 11 {
		var count [2048]int
		for _, k := range src {
			count[(k>>shift)&2047]++
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, k := range src {
			d := (k >> shift) & 2047
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	// three passes leave the result in tmp
	copy(keys, src)
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
func argmax(x []float32) int32 { return int32(kernels.Argmax(x)) }
