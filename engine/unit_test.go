package engine

import (
	"cmp"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"hyoka/kernels"
)

// ropeRef rotates x (one head) at pos in float64 straight from the
// definitions: pair i turns by pos * scale * base^(-2i/dims).
func ropeRef(x []float64, pos int, r RopeConfig) []float64 {
	out := append([]float64(nil), x...)
	half := r.Dims / 2
	for i := 0; i < half; i++ {
		th := float64(pos) * float64(r.FreqScale) * math.Pow(float64(r.Base), -2*float64(i)/float64(r.Dims))
		a, b := 2*i, 2*i+1
		if r.Neox {
			a, b = i, i+half
		}
		c, s := math.Cos(th), math.Sin(th)
		out[a] = x[a]*c - x[b]*s
		out[b] = x[a]*s + x[b]*c
	}
	return out
}

func TestRopeVariants(t *testing.T) {
	const headDim = 16
	x := make([]float32, 2*headDim) // two heads
	for i := range x {
		x[i] = float32(math.Cos(float64(i)*1.3)) + 0.1
	}
	for _, r := range []RopeConfig{
		{Dims: 16, Base: 10000, FreqScale: 1, AttnFactor: 1},               // normal (llama)
		{Dims: 16, Base: 10000, FreqScale: 1, AttnFactor: 1, Neox: true},   // NEOX (qwen2, gemma)
		{Dims: 8, Base: 1e6, FreqScale: 1, AttnFactor: 1, Neox: true},      // partial rotation
		{Dims: 16, Base: 500000, FreqScale: 0.25, AttnFactor: 1},           // linear scaling x4
		{Dims: 8, Base: 10000, FreqScale: 0.5, AttnFactor: 1, Neox: false}, // partial + linear
	} {
		for _, pos := range []int{0, 1, 7, 300, 4000} {
			got := append([]float32(nil), x...)
			cs := make([]float32, r.Dims)
			ropeAngles(&r, pos, cs)
			applyRope(got, 2, headDim, cs, r.Dims, r.Neox)
			for h := range 2 {
				in := make([]float64, headDim)
				for i := range in {
					in[i] = float64(x[h*headDim+i])
				}
				want := ropeRef(in, pos, r)
				for i := range want {
					// float32 angles built by repeated products (as ggml) drift
					// by ~1e-7 relative per step: allow 1e-6 * pos.
					tol := 1e-5 + 2e-6*float64(pos)
					if d := math.Abs(float64(got[h*headDim+i]) - want[i]); d > tol {
						t.Fatalf("%+v pos %d head %d elem %d: %v, want %v", r, pos, h, i, got[h*headDim+i], want[i])
					}
				}
			}
		}
	}
	// rotation keeps each pair's norm, and position 0 is the identity
	r := RopeConfig{Dims: 16, Base: 10000, FreqScale: 1, AttnFactor: 1}
	cs := make([]float32, 16)
	ropeAngles(&r, 0, cs)
	got := append([]float32(nil), x[:headDim]...)
	applyRope(got, 1, headDim, cs, 16, false)
	for i := range got {
		if got[i] != x[i] {
			t.Fatal("position 0 is not the identity")
		}
	}
}

func TestRopeYaRN(t *testing.T) {
	// YaRN: dimensions rotating fast (many turns over the original context)
	// keep their angles (extrapolation), slow ones are interpolated by the
	// factor, and every value is multiplied by 1 + 0.1 ln(factor).
	r := RopeConfig{Dims: 64, Base: 10000, FreqScale: 0.25, ExtFactor: 1, AttnFactor: 1, BetaFast: 32, BetaSlow: 1, OrigCtx: 4096}
	lo, hi := ropeCorrDims(&r)
	if !(lo > 0 && hi > lo && hi < 32) {
		t.Fatalf("correction dims %v %v", lo, hi)
	}
	const pos = 100
	cs := make([]float32, r.Dims)
	ropeAngles(&r, pos, cs)
	mscale := 1 + 0.1*math.Log(4)
	for i := 0; i < r.Dims/2; i++ {
		ext := pos * math.Pow(10000, -2*float64(i)/64)
		var want float64
		switch {
		case float64(i) < float64(lo):
			want = ext // extrapolated
		case float64(i) > float64(hi):
			want = ext * 0.25 // interpolated
		default:
			continue
		}
		gc := float64(cs[2*i]) / mscale
		gs := float64(cs[2*i+1]) / mscale
		if math.Abs(gc-math.Cos(want)) > 1e-4 || math.Abs(gs-math.Sin(want)) > 1e-4 {
			t.Errorf("pair %d: cos/sin %v %v, want angle %v", i, gc, gs, want)
		}
		if n := math.Hypot(float64(cs[2*i]), float64(cs[2*i+1])); math.Abs(n-mscale) > 1e-5 {
			t.Errorf("pair %d: magnitude %v, want %v", i, n, mscale)
		}
	}
}

func TestSampler(t *testing.T) {
	logits := []float32{1, 3, 2, 3, -1, 0.5}
	if got := NewSampler(len(logits), SamplerOptions{}).Sample(logits, nil); got != 1 {
		t.Errorf("greedy: %d, want 1 (first of the tied maxima)", got)
	}
	// the greedy shortcut picks what the candidate path picks (a penalty
	// with no history is that path without any effect), ties included
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		x := make([]float32, 1+rng.IntN(3000))
		for i := range x {
			x[i] = float32(rng.IntN(50)) / 4
		}
		a := NewSampler(len(x), SamplerOptions{}).Sample(x, nil)
		b := NewSampler(len(x), SamplerOptions{RepeatPenalty: 2}).Sample(x, nil)
		if a != b {
			t.Fatalf("greedy %d, candidate path %d", a, b)
		}
	}
	// repetition penalty turns the greedy choice away from seen tokens
	if got := NewSampler(len(logits), SamplerOptions{RepeatPenalty: 2}).Sample(logits, []int32{1}); got != 3 {
		t.Errorf("penalty: %d, want 3", got)
	}
	// top-k 1 is greedy whatever the temperature
	for seed := range uint64(20) {
		if got := NewSampler(len(logits), SamplerOptions{Temperature: 5, TopK: 1, Seed: seed}).Sample(logits, nil); got != 1 {
			t.Fatalf("top-k 1: %d", got)
		}
	}
	// draws follow softmax(logits/T) restricted by top-k/top-p/min-p
	count := func(opt SamplerOptions) []int {
		n := make([]int, len(logits))
		s := NewSampler(len(logits), opt)
		for range 20000 {
			n[s.Sample(logits, nil)]++
		}
		return n
	}
	n := count(SamplerOptions{Temperature: 1, Seed: 1})
	sum := 0.0
	for _, l := range logits {
		sum += math.Exp(float64(l))
	}
	for i, l := range logits {
		p := math.Exp(float64(l)) / sum
		if f := float64(n[i]) / 20000; math.Abs(f-p) > 0.015 {
			t.Errorf("token %d: frequency %.3f, probability %.3f", i, f, p)
		}
	}
	n = count(SamplerOptions{Temperature: 1, TopK: 3, Seed: 2})
	if n[0]+n[4]+n[5] != 0 || n[2] == 0 {
		t.Errorf("top-k 3: %v", n)
	}
	n = count(SamplerOptions{Temperature: 1, MinP: 0.3, Seed: 3}) // keeps p >= 0.3*p(3): tokens 1, 2, 3
	if n[0]+n[4]+n[5] != 0 || n[2] == 0 {
		t.Errorf("min-p: %v", n)
	}
	n = count(SamplerOptions{Temperature: 1, TopP: 0.5, Seed: 4}) // p(1) = p(3) = 0.357: the first two reach 0.5
	if n[0]+n[2]+n[4]+n[5] != 0 || n[1] == 0 || n[3] == 0 {
		t.Errorf("top-p: %v", n)
	}
	// the same seed gives the same draws
	a, b := NewSampler(6, SamplerOptions{Temperature: 1, Seed: 9}), NewSampler(6, SamplerOptions{Temperature: 1, Seed: 9})
	for range 100 {
		if a.Sample(logits, nil) != b.Sample(logits, nil) {
			t.Fatal("same seed, different draws")
		}
	}
}

func TestStopStrings(t *testing.T) {
	stops := []string{"\n\n", "Question:"}
	if i, ok := findStop("abc Quest", stops); ok {
		t.Errorf("found %d", i)
	}
	if got := stopHoldback("abc Quest", stops); got != len(" Quest")-1 {
		t.Errorf("holdback %d", got)
	}
	if got := stopHoldback("abc\n", stops); got != 1 {
		t.Errorf("holdback %d", got)
	}
	if i, ok := findStop("a\n\nQuestion: b", stops); !ok || i != 1 {
		t.Errorf("earliest stop at %d %v", i, ok)
	}
}

func TestGenerateStopAndStream(t *testing.T) {
	m, tok := loadStories(t)
	s := newSession(t, m, SessionOptions{Context: 64})
	var streamed strings.Builder
	g, err := Generate(bg, s, tok, "Once upon a time", GenerateOptions{
		MaxTokens: 32, Stop: []string{"Lily"},
		OnText: func(x string) error { streamed.WriteString(x); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if g.Text != ", there was a little girl named " || g.StopReason != "stop" || streamed.String() != g.Text {
		t.Errorf("text %q, reason %s, streamed %q", g.Text, g.StopReason, streamed.String())
	}
	// the second call reuses the prompt (and more) from the cache
	g2, err := Generate(bg, s, tok, "Once upon a time, there", GenerateOptions{MaxTokens: 3})
	if err != nil {
		t.Fatal(err)
	}
	if g2.Reused < 5 || !strings.HasPrefix(", there"+g2.Text, ", there was a little") {
		t.Errorf("reused %d, text %q", g2.Reused, g2.Text)
	}
}

func TestScorer(t *testing.T) {
	m, tok := loadStories(t)
	s := newSession(t, m, SessionOptions{Context: 64, MaxSeqs: 3, MaxOutputs: 4})
	sc := NewScorer(s, tok)

	// _encode_pair: trailing spaces of the context move to the continuation
	a := sc.EncodePair("Once upon a ", "time")
	b := sc.EncodePair("Once upon a", " time")
	if !equalIDs(a.Context, b.Context) || !equalIDs(a.Continuation, b.Continuation) {
		t.Errorf("trailing space: %v %v vs %v %v", a.Context, a.Continuation, b.Context, b.Continuation)
	}
	if a.Context[0] != m.Config.BOS {
		t.Errorf("no BOS: %v", a.Context)
	}
	whole := append([]int32{m.Config.BOS}, tok.Encode("Once upon a time", false, false)...)
	if !equalIDs(append(append([]int32(nil), a.Context...), a.Continuation...), whole) {
		t.Errorf("context+continuation %v %v, whole %v", a.Context, a.Continuation, whole)
	}

	ctxText := "Once upon a time"
	reqs := []LoglikelihoodRequest{
		{ctxText, ", there was a little girl"}, // greedy (llama.cpp's continuation)
		{ctxText, " a dog ran"},
		{ctxText, ", there"},
		{"The cat", " sat on the mat"},
		{ctxText, " in a land far away"},
	}
	all, err := sc.LogLikelihood(bg, reqs)
	if err != nil {
		t.Fatal(err)
	}
	if !all[0].IsGreedy || !all[2].IsGreedy || all[1].IsGreedy {
		t.Errorf("results %+v", all)
	}
	// each alone, in a fresh session, and by the definition from full logits
	for i, r := range reqs {
		s1 := newSession(t, m, SessionOptions{Context: 64})
		one, err := NewScorer(s1, tok).LogLikelihood(bg, []LoglikelihoodRequest{r})
		if err != nil {
			t.Fatal(err)
		}
		if one[0] != all[i] {
			t.Errorf("request %d: alone %+v, batched %+v", i, one[0], all[i])
		}
		p := sc.EncodePair(r.Context, r.Continuation)
		ids := append(append([]int32(nil), p.Context...), p.Continuation...)
		rows := decodeAll(t, newSession(t, m, SessionOptions{Context: 64}), 0, ids)
		want, greedy := 0.0, true
		for k, id := range p.Continuation {
			l := rows[len(p.Context)-1+k]
			mx := math.Inf(-1)
			for _, v := range l {
				mx = math.Max(mx, float64(v))
			}
			z := 0.0
			for _, v := range l {
				z += math.Exp(float64(v) - mx)
			}
			want += float64(l[id]) - mx - math.Log(z)
			greedy = greedy && float64(l[id]) == mx
		}
		if math.Abs(want-all[i].LogProb) > 1e-9 || greedy != all[i].IsGreedy || all[i].NTokens != len(p.Continuation) {
			t.Errorf("request %d: %v %v, by definition %v %v", i, all[i].LogProb, all[i].IsGreedy, want, greedy)
		}
	}
	// the scorer left only sequence 0 (the last context) in the cache
	if s.SeqLen(1) != 0 || s.SeqLen(2) != 0 {
		t.Errorf("forks left behind: %d %d", s.SeqLen(1), s.SeqLen(2))
	}
	// a context too long for the session is cut from the left, as lm-eval does
	s8 := newSession(t, m, SessionOptions{Context: 8})
	long, err := NewScorer(s8, tok).LogLikelihood(bg, []LoglikelihoodRequest{{strings.Repeat("Once upon a time ", 4), "there"}})
	if err != nil || long[0].NTokens == 0 {
		t.Errorf("long context: %v %+v", err, long)
	}
	out, err := sc.GenerateUntil(bg, GenerateRequest{Context: ctxText, Until: []string{"."}, MaxTokens: 40})
	if err != nil || out != ", there was a little girl named Lily" {
		t.Errorf("GenerateUntil: %q %v", out, err)
	}
}

func TestGenerateContextEnd(t *testing.T) {
	m, tok := loadStories(t)
	s := newSession(t, m, SessionOptions{Context: 12})
	g, err := Generate(bg, s, tok, "Once upon a time", GenerateOptions{MaxTokens: 100})
	if err != nil {
		t.Fatal(err)
	}
	// 5 prompt tokens; positions 5..11 take 7 generated tokens, the 8th is
	// sampled from the last logits but has no room in the cache
	if g.StopReason != "context" || len(g.Tokens) != 8 {
		t.Errorf("reason %s, %d tokens", g.StopReason, len(g.Tokens))
	}
	if _, err := Generate(bg, s, tok, strings.Repeat("Once upon a time ", 3), GenerateOptions{MaxTokens: 1}); !errors.Is(err, ErrContextFull) {
		t.Errorf("prompt longer than the context: %v", err)
	}
}

// TestSamplerTopPMatchesFull: sampleTopP (radix-sorted values, candidates
// built for the top-p prefix only) draws exactly the tokens of the full
// path, same seeds, over vocabularies with ties, signed zeros, wide and
// narrow spreads, with min-p and temperatures below and above 1; and a NaN
// falls back to the full path.
func TestSamplerTopPMatchesFull(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 300 {
		n := 1 + rng.IntN(5000)
		if trial%50 == 0 {
			n = 262144
		}
		x := make([]float32, n)
		spread := []float64{0.01, 1, 5, 30, 200}[trial%5]
		for i := range x {
			switch {
			case trial%7 == 0:
				x[i] = float32(rng.IntN(8)) / 2 // many ties
			case trial%11 == 0 && i%3 == 0:
				x[i] = float32(math.Copysign(0, float64(rng.IntN(2)-1)))
			default:
				x[i] = float32(rng.NormFloat64() * spread)
			}
		}
		opt := SamplerOptions{
			Temperature: []float64{0.2, 0.7, 1, 1.8}[trial%4],
			TopP:        []float64{0.95, 0.5, 0.999, 0.1}[(trial/4)%4],
			Seed:        uint64(trial),
		}
		if trial%3 == 0 {
			opt.MinP = 0.05
		}
		fast, full := NewSampler(n, opt), NewSampler(n, opt)
		full.forceAll = true
		for k := range 5 {
			a, b := fast.Sample(x, nil), full.Sample(x, nil)
			if a != b {
				t.Fatalf("trial %d (n %d, spread %v, %+v) draw %d: top-p path %d, full path %d", trial, n, spread, opt, k, a, b)
			}
		}
	}
	x := []float32{1, float32(math.NaN()), 2}
	s := NewSampler(3, SamplerOptions{Temperature: 1, TopP: 0.9, Seed: 1})
	if _, ok := s.sampleTopP(x, 0.5); ok {
		t.Error("sampleTopP took a NaN")
	}
	for range 10 {
		if id := s.Sample(x, nil); id < 0 || id > 2 {
			t.Fatalf("NaN logits: token %d", id)
		}
	}
}

// TestRadixSort32: the keys sort in descending float order, and keyValue
// inverts descKey.
func TestRadixSort32(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	vals := []float32{0, float32(math.Copysign(0, -1)), 1, -1, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32}
	for range 5000 {
		vals = append(vals, float32(rng.NormFloat64()*100))
	}
	keys := make([]uint32, len(vals))
	for i, v := range vals {
		keys[i] = descKey(v)
		if math.Float32bits(keyValue(keys[i])) != math.Float32bits(v) {
			t.Fatalf("keyValue(descKey(%v)) = %v", v, keyValue(keys[i]))
		}
	}
	radixSort32(keys, make([]uint32, len(keys)))
	for i := 1; i < len(keys); i++ {
		if keyValue(keys[i]) > keyValue(keys[i-1]) {
			t.Fatalf("position %d: %v after %v", i, keyValue(keys[i]), keyValue(keys[i-1]))
		}
	}
}

// TestTopPHeadSum: where topPHead reports its sum usable, the sum equals,
// bit for bit, the full path's: every term exp(logit - max) added in
// descending order. Vocabularies whose head sum lies just below a power
// of two, so that the tail carries the sum into the next binade, must
// report it unusable; the test fails unless both outcomes occur, and
// sampleTopP must still draw the full path's tokens there.
func TestTopPHeadSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	fullSum := func(x []float32) float64 {
		v := slices.Clone(x)
		slices.SortFunc(v, func(a, b float32) int { return cmp.Compare(b, a) })
		s := 0.0
		for _, l := range v {
			s += math.Exp(float64(l) - float64(v[0]))
		}
		return s
	}
	usable, unusable := 0, 0
	for trial := range 400 {
		n := 1 + rng.IntN(20000)
		x := make([]float32, n)
		spread := []float64{0.5, 3, 6, 12, 40}[trial%5]
		for i := range x {
			x[i] = float32(rng.NormFloat64() * spread)
		}
		if trial%4 == 0 && n > 2 {
			// head sum just below 2 (or 4), a tail of terms near e^-11
			// that may carry it over
			m := float32(rng.NormFloat64() * 3)
			for i := range x {
				x[i] = m - 10.5 - float32(rng.Float64()*4)
			}
			x[0] = m
			x[1] = m - float32(rng.Float64()*1e-3)
			if trial%8 == 0 {
				x[2] = m - 0.02
				x[3%n] = m - 0.01
			}
		}
		mx := float64(x[kernels.Argmax(x)])
		s := NewSampler(n, SamplerOptions{Temperature: 0.2, TopP: 0.95, Seed: uint64(trial)})
		want := fullSum(x)
		for _, span := range topPSpans() {
			_, got, ok, bad := s.topPHead(x, mx, span)
			if bad {
				t.Fatalf("trial %d: finite logits reported bad", trial)
			}
			if !ok {
				unusable++
				continue
			}
			usable++
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("trial %d (n %d, spread %v) span %v: head sum %v, full %v", trial, n, spread, span, got, want)
			}
		}
		full := NewSampler(n, SamplerOptions{Temperature: 0.2, TopP: 0.95, Seed: uint64(trial)})
		full.forceAll = true
		for k := range 3 {
			if a, b := s.Sample(x, nil), full.Sample(x, nil); a != b {
				t.Fatalf("trial %d draw %d: top-p path %d, full path %d", trial, k, a, b)
			}
		}
	}
	if usable == 0 || unusable == 0 {
		t.Errorf("head sums usable %d times, unusable %d: both paths must be exercised", usable, unusable)
	}
	t.Logf("head sums usable %d, unusable %d", usable, unusable)
}
