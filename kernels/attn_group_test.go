package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// groupCase builds a cache of nRows rows holding kvHeads heads of hd
// values (plus padding), heads queries and heads weight rows of cnt, and a
// shuffled row list with repeats.
func groupCase(rng *rand.Rand, heads, hd, nRows, cnt int) (q, p []float32, cache []uint16, rows []int32, stride int) {
	stride = 2*hd + 3
	q, cache, rows = attnCase(rng, heads*hd, nRows, stride, 0, cnt)
	p = make([]float32, heads*cnt)
	for i := range p {
		p[i] = float32(rng.Float64())
	}
	return q, p, cache, rows, stride
}

// TestAttnGroupAgainstHeads: AttnScoresGroup and AttnSumGroupAt give the
// per-head AttnScores and AttnSumAt bit for bit, for every implementation
// of the attn and dot families, 1..9 heads, head sizes 16..256 and 40 (not
// a multiple of 16), row counts 0..40 and 1500, every lane0; and the
// per-head results themselves match the generic loops (Dot's 16 lanes and
// attnSumGeneric). Outputs are pre-filled with NaN and guarded.
func TestAttnGroupAgainstHeads(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
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
				for _, hd := range []int{64, 128, 256, 16, 40} {
					for _, cnt := range counts {
						i++
						heads := 1 + i%9
						lane0 := i % 16
						if cnt == 1500 || cnt == 33 {
							heads = 1 + (i/7)%9
						}
						q, p, cache, rows, stride := groupCase(rng, heads, hd, 50, cnt)
						off := hd + i%3
						cr := NewCacheRows(rows)
						checkGroup(t, heads, hd, cnt, lane0, q, p, cache, cr, rows, stride, off)
					}
				}
				// every head count with the Gemma shape
				for heads := 1; heads <= 9; heads++ {
					q, p, cache, rows, stride := groupCase(rng, heads, 256, 1600, 1500)
					for i := range rows {
						rows[i] = int32(i + 7)
					}
					checkGroup(t, heads, 256, 1500, 7, q, p, cache, NewCacheRows(rows), rows, stride, 256)
				}
			})
		}
	}
}

func checkGroup(t *testing.T, heads, hd, cnt, lane0 int, q, p []float32, cache []uint16, cr CacheRows, rows []int32, stride, off int) {
	t.Helper()
	const g = 3
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
	cw := wide(cache)
	got := guarded(heads * cnt)
	AttnScoresGroup(got[g:g+heads*cnt], q, heads, cache, cr, stride, off)
	if !intact(got) {
		t.Fatalf("AttnScoresGroup heads=%d hd=%d cnt=%d wrote outside dst", heads, hd, cnt)
	}
	for h := range heads {
		qh := q[h*hd : (h+1)*hd]
		want := make([]float32, cnt)
		AttnScores(want, qh, cache, cr, stride, off)
		if !bitsEqual(got[g+h*cnt:g+(h+1)*cnt], want) {
			t.Fatalf("AttnScoresGroup heads=%d hd=%d cnt=%d: head %d differs from AttnScores", heads, hd, cnt, h)
		}
		for j, r := range rows {
			o := int(r)*stride + off
			if w := dotLanes16(qh, cw[o:o+hd]); math.Float32bits(w) != math.Float32bits(want[j]) {
				t.Fatalf("AttnScores hd=%d cnt=%d: score %d %v, 16-lane loop %v", hd, cnt, j, want[j], w)
			}
		}
	}
	// the same scores a block of rows at a time into rows of ld values
	ld := cnt + 5
	blk := guarded(heads * ld)
	for a := 0; a < cnt; a += 7 {
		b := min(cnt, a+7)
		AttnScoresGroupLD(blk[g+a:g+heads*ld], ld, q, heads, cache, cr.Sub(a, b), stride, off)
	}
	if !intact(blk) {
		t.Fatalf("AttnScoresGroupLD heads=%d hd=%d cnt=%d wrote outside dst", heads, hd, cnt)
	}
	for h := range heads {
		if !bitsEqual(blk[g+h*ld:g+h*ld+cnt], got[g+h*cnt:g+(h+1)*cnt]) {
			t.Fatalf("AttnScoresGroupLD heads=%d hd=%d cnt=%d: head %d differs from AttnScoresGroup", heads, hd, cnt, h)
		}
	}
	// weighted sums
	out := guarded(heads * hd)
	AttnSumGroupAt(out[g:g+heads*hd], p, heads, cache, cr, stride, off, lane0)
	if !intact(out) {
		t.Fatalf("AttnSumGroupAt heads=%d hd=%d cnt=%d wrote outside out", heads, hd, cnt)
	}
	for h := range heads {
		ph := p[h*cnt : (h+1)*cnt]
		want := make([]float32, hd)
		AttnSumAt(want, ph, cache, cr, stride, off, lane0)
		if !bitsEqual(out[g+h*hd:g+(h+1)*hd], want) {
			t.Fatalf("AttnSumGroupAt heads=%d hd=%d cnt=%d lane0=%d: head %d differs from AttnSumAt", heads, hd, cnt, lane0, h)
		}
		loop := make([]float32, hd)
		attnSumGeneric(loop, ph, cache, rows, stride, off, lane0)
		if !bitsEqual(loop, want) {
			t.Fatalf("AttnSumAt hd=%d cnt=%d lane0=%d: differs from the generic loop", hd, cnt, lane0)
		}
	}
	// the same sums 16 outputs at a time, weights in rows of ldp values
	ldp, ldo := cnt+3, hd+9
	pw := make([]float32, heads*ldp)
	for h := range heads {
		copy(pw[h*ldp:], p[h*cnt:(h+1)*cnt])
	}
	sl := guarded(heads * ldo)
	for c := 0; c < hd; c += 16 {
		w := min(16, hd-c)
		AttnSumGroupLD(sl[g+c:g+heads*ldo], ldo, w, pw, ldp, heads, cache, cr, stride, off+c, lane0)
	}
	if !intact(sl) {
		t.Fatalf("AttnSumGroupLD heads=%d hd=%d cnt=%d wrote outside out", heads, hd, cnt)
	}
	for h := range heads {
		if !bitsEqual(sl[g+h*ldo:g+h*ldo+hd], out[g+h*hd:g+(h+1)*hd]) {
			t.Fatalf("AttnSumGroupLD heads=%d hd=%d cnt=%d lane0=%d: head %d differs from AttnSumGroupAt", heads, hd, cnt, lane0, h)
		}
	}
}

// TestAttnGroupPanics: heads that do not divide the operands, and rows
// outside the cache, panic before any access.
func TestAttnGroupPanics(t *testing.T) {
	cache := make([]uint16, 4*64)
	rows := NewCacheRows([]int32{0, 1, 2, 4})
	for name, f := range map[string]func(){
		"scores heads":  func() { AttnScoresGroup(make([]float32, 8), make([]float32, 3*16), 3, cache, rows, 64, 0) },
		"sum heads":     func() { AttnSumGroupAt(make([]float32, 3*16), make([]float32, 8), 3, cache, rows, 64, 0, 0) },
		"scores row":    func() { AttnScoresGroup(make([]float32, 8), make([]float32, 2*16), 2, cache, rows, 64, 0) },
		"sum row":       func() { AttnSumGroupAt(make([]float32, 2*16), make([]float32, 8), 2, cache, rows, 64, 0, 0) },
		"scores zero":   func() { AttnScoresGroup(nil, nil, 0, cache, rows, 64, 0) },
		"scores no row": func() { AttnScoresGroup(make([]float32, 10), make([]float32, 2*16), 2, cache, rows, 64, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// BenchmarkAttnGroup compares the per-head exact kernels with the group
// kernels on Gemma 3 270M's shape: head size 256, four query heads per KV
// head, a context of 1500 cells (1 KB rows, more than L2 holds with V).
var benchCnt = 1500

func BenchmarkAttnGroup(b *testing.B) { benchGroup(b, 4, 256, 256, 71, true) }

// BenchmarkAttnGroup3 is BenchmarkAttnGroup's group kernels on
// SmolLM2-135M's shape: head size 64, three query heads per KV head, three
// KV heads per cache row (the middle one read), 1,500 cells.
func BenchmarkAttnGroup3(b *testing.B) { benchGroup(b, 3, 64, 192, 73, false) }

// benchGroup times the group kernels (and with perHead the per-head ones)
// for heads query heads of hd values over benchCnt consecutive cache rows
// of stride values, the head at offset hd when the row holds more.
func benchGroup(b *testing.B, heads, hd, stride int, seed uint64, perHead bool) {
	cnt := benchCnt
	rng := rand.New(rand.NewPCG(seed, seed+1))
	q, p, _, _, _ := groupCase(rng, heads, hd, 1, cnt)
	cache := f16Cache(rng, cnt*stride)
	off := 0
	if stride >= 2*hd {
		off = hd
	}
	rows := make([]int32, cnt)
	for i := range rows {
		rows[i] = int32(i)
	}
	cr := NewCacheRows(rows)
	sc := make([]float32, heads*cnt)
	out := make([]float32, heads*hd)
	if perHead {
		b.Run("scores/heads", func(b *testing.B) {
			for b.Loop() {
				for h := range heads {
					AttnScores(sc[h*cnt:(h+1)*cnt], q[h*hd:(h+1)*hd], cache, cr, stride, off)
				}
			}
		})
	}
	b.Run("scores/group", func(b *testing.B) {
		for b.Loop() {
			AttnScoresGroup(sc, q, heads, cache, cr, stride, off)
		}
	})
	if perHead {
		b.Run("sum/heads", func(b *testing.B) {
			for b.Loop() {
				for h := range heads {
					AttnSumAt(out[h*hd:(h+1)*hd], p[h*cnt:(h+1)*cnt], cache, cr, stride, off, 0)
				}
			}
		})
	}
	b.Run("sum/group", func(b *testing.B) {
		for b.Loop() {
			AttnSumGroupAt(out, p, heads, cache, cr, stride, off, 0)
		}
	})
}
