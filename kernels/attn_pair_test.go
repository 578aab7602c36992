package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAttnPairAgainstGroups: AttnScoresGroup2LD gives each token's
// AttnScoresGroupLD bit for bit, and AttnSumGroupLD the 16-lane loop's
// sums, for every implementation of the attn and dot families, 1..5 heads
// (three of 64 take the AVX-512 pair and whole-row kernels), head sizes
// 64, 16, 128 and 40, row counts 0..40 and 1500, every lane0, outputs in
// strided rows guarded by NaN.
func TestAttnPairAgainstGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(91, 92))
	var counts []int
	for c := range 41 {
		counts = append(counts, c)
	}
	counts = append(counts, 1500)
	for _, dotImpl := range Implementations("dot_f32") {
		for _, attnImpl := range Implementations("attn") {
			t.Run("dot="+dotImpl+",attn="+attnImpl, func(t *testing.T) {
				defer Select("dot_f32", dotImpl)()
				defer Select("attn", attnImpl)()
				i := 0
				for _, hd := range []int{64, 16, 128, 40} {
					for _, cnt := range counts {
						i++
						heads := 3
						if i%4 == 0 {
							heads = 1 + i%5
						}
						checkPair(t, rng, heads, hd, cnt, i%16)
					}
				}
			})
		}
	}
}

func checkPair(t *testing.T, rng *rand.Rand, heads, hd, cnt, lane0 int) {
	t.Helper()
	const g = 2
	nRows := 60
	if cnt > nRows {
		nRows = cnt + 8
	}
	stride := 2*hd + 3
	off := hd + 1
	var q, p [2][]float32
	for j := range 2 {
		q[j] = make([]float32, heads*hd)
		for i := range q[j] {
			q[j][i] = float32(rng.NormFloat64())
		}
	}
	cache := f16Cache(rng, nRows*stride)
	rows := make([]int32, cnt)
	for i := range rows {
		if cnt > 100 {
			rows[i] = int32(i + 3) // a prompt's consecutive cells
		} else {
			rows[i] = int32(rng.IntN(nRows))
		}
	}
	cr := NewCacheRows(rows)
	ld := [2]int{cnt + 3, cnt + 1}
	nan := float32(math.NaN())
	guarded := func(n int) []float32 {
		b := make([]float32, n+2*g)
		for j := range b {
			b[j] = nan
		}
		b[0], b[len(b)-1] = 1.5, -2.5
		return b
	}
	intact := func(b []float32) bool {
		return b[0] == 1.5 && b[len(b)-1] == -2.5 && math.IsNaN(float64(b[1])) && math.IsNaN(float64(b[len(b)-2]))
	}
	// scores
	var got [2][]float32
	var dst [2][]float32
	for j := range 2 {
		got[j] = guarded((heads-1)*ld[j] + cnt)
		dst[j] = got[j][g : len(got[j])-g]
	}
	AttnScoresGroup2LD(dst, ld, q, heads, cache, cr, stride, off)
	if InUse("attn") == "avx512" && InUse("dot_f32") == "avx2" && heads == 3 && hd == 64 && cnt >= 4 {
		// the case the pair kernels are for must take them
		if n := attnScoresPair(dst, ld, q, heads, cache, rows, stride, off); n != cnt&^3 {
			t.Fatalf("heads=3 hd=64 cnt=%d: the pair kernels did %d rows", cnt, n)
		}
	}
	for j := range 2 {
		if !intact(got[j]) {
			t.Fatalf("AttnScoresGroup2LD heads=%d hd=%d cnt=%d: token %d written outside dst", heads, hd, cnt, j)
		}
		want := make([]float32, (heads-1)*ld[j]+cnt)
		AttnScoresGroupLD(want, ld[j], q[j], heads, cache, cr, stride, off)
		for h := range heads {
			if !bitsEqual(dst[j][h*ld[j]:h*ld[j]+cnt], want[h*ld[j]:h*ld[j]+cnt]) {
				t.Fatalf("AttnScoresGroup2LD heads=%d hd=%d cnt=%d: token %d head %d differs from AttnScoresGroupLD", heads, hd, cnt, j, h)
			}
		}
	}
	// each token's weighted sums (the whole-row kernel for three heads of
	// 64) against the definition itself, the 16-lane loop
	ldp := [2]int{cnt + 2, cnt + 5}
	ldo := [2]int{hd + 7, hd}
	for j := range 2 {
		p[j] = make([]float32, (heads-1)*ldp[j]+cnt)
		for i := range p[j] {
			p[j][i] = float32(rng.Float64())
		}
		outs := guarded((heads-1)*ldo[j] + hd)
		out := outs[g : len(outs)-g]
		AttnSumGroupLD(out, ldo[j], hd, p[j], ldp[j], heads, cache, cr, stride, off, lane0)
		if !intact(outs) {
			t.Fatalf("AttnSumGroupLD heads=%d hd=%d cnt=%d: token %d written outside out", heads, hd, cnt, j)
		}
		for h := range heads {
			loop := make([]float32, hd)
			attnSumGeneric(loop, p[j][h*ldp[j]:h*ldp[j]+cnt], cache, rows, stride, off, lane0)
			if !bitsEqual(out[h*ldo[j]:h*ldo[j]+hd], loop) {
				t.Fatalf("AttnSumGroupLD heads=%d hd=%d cnt=%d lane0=%d: token %d head %d differs from the generic loop", heads, hd, cnt, lane0, j, h)
			}
		}
	}
}

// BenchmarkAttnPair3 times two tokens' scores on SmolLM2-135M's shape
// (three heads of 64 over one KV head, 1,500 consecutive cells) by the
// pair kernel and by the group kernel called per token, and their sums.
func BenchmarkAttnPair3(b *testing.B) {
	const heads, hd, cnt = 3, 64, 1500
	rng := rand.New(rand.NewPCG(5, 6))
	stride := hd
	cache := f16Cache(rng, (cnt+8)*stride)
	rows := make([]int32, cnt)
	for i := range rows {
		rows[i] = int32(i)
	}
	cr := NewCacheRows(rows)
	var q, p, sc, out [2][]float32
	for j := range 2 {
		q[j] = make([]float32, heads*hd)
		p[j] = make([]float32, heads*cnt)
		sc[j] = make([]float32, heads*cnt)
		out[j] = make([]float32, heads*hd)
		for i := range q[j] {
			q[j][i] = float32(rng.NormFloat64())
		}
		for i := range p[j] {
			p[j][i] = float32(rng.Float64())
		}
	}
	ld := [2]int{cnt, cnt}
	b.Run("scores/pair", func(b *testing.B) {
		for b.Loop() {
			AttnScoresGroup2LD(sc, ld, q, heads, cache, cr, stride, 0)
		}
	})
	b.Run("scores/group", func(b *testing.B) {
		for b.Loop() {
			for j := range 2 {
				AttnScoresGroupLD(sc[j], cnt, q[j], heads, cache, cr, stride, 0)
			}
		}
	})
	b.Run("sum/group", func(b *testing.B) {
		for b.Loop() {
			for j := range 2 {
				AttnSumGroupLD(out[j], hd, hd, p[j], cnt, heads, cache, cr, stride, 0, 0)
			}
		}
	})
}

// TestCacheRowsExtend: Extend takes a list grown in place, notes its
// largest row, and refuses another slice, a shorter one and negative rows.
func TestCacheRowsExtend(t *testing.T) {
	buf := []int32{3, 9, 4, 0, 0, 0}
	c := NewCacheRows(buf[:3])
	buf[3], buf[4] = 12, 5
	e := c.Extend(buf[:5])
	if e.Len() != 5 || e.max != 12 || c.max != 9 {
		t.Fatalf("Extend: len %d max %d (base max %d)", e.Len(), e.max, c.max)
	}
	if e2 := NewCacheRows(nil).Extend(buf[:2]); e2.max != 9 {
		t.Fatalf("Extend of an empty list: max %d", e2.max)
	}
	for name, f := range map[string]func(){
		"copy":     func() { c.Extend([]int32{3, 9, 4, 1}) },
		"shorter":  func() { c.Extend(buf[:2]) },
		"negative": func() { buf[5] = -1; c.Extend(buf[:6]) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Extend (%s) did not panic", name)
				}
			}()
			f()
		}()
	}
}
