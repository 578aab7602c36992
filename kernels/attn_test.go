package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// attnCase builds a cache of nRows rows of stride values, a query/output
// length n at offset off, and a shuffled row list with repeats.
func attnCase(rng *rand.Rand, n, nRows, stride, off, cnt int) (q []float32, cache []uint16, rows []int32) {
	q = make([]float32, n)
	for i := range q {
		q[i] = float32(rng.NormFloat64())
	}
	cache = f16Cache(rng, nRows*stride)
	rows = make([]int32, cnt)
	for i := range rows {
		rows[i] = int32(rng.IntN(nRows))
	}
	return q, cache, rows
}

// f16Cache returns n random normal values in half precision.
func f16Cache(rng *rand.Rand, n int) []uint16 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	h := make([]uint16, n)
	ToF16(h, x)
	return h
}

// wide returns the half-precision values h as float32.
func wide(h []uint16) []float32 {
	x := make([]float32, len(h))
	FromF16(x, h)
	return x
}

// TestAttnAgainstLoops: AttnScores must equal Dot row by row, and AttnSum the
// generic 16-lane loop (llama.cpp's order), bit for bit, for every implementation of the dot and
// vec families, head sizes 0..300 and 512, unaligned outputs with guard
// values around them, outputs pre-filled with NaN.
func TestAttnAgainstLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	sizes := []int{}
	for n := range 301 {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 512)
	for _, dotImpl := range Implementations("dot_f32") {
		for _, vecImpl := range Implementations("vec") {
			for _, attnImpl := range Implementations("attn") {
				t.Run("dot="+dotImpl+",vec="+vecImpl+",attn="+attnImpl, func(t *testing.T) {
					defer Select("dot_f32", dotImpl)()
					defer Select("vec", vecImpl)()
					defer Select("attn", attnImpl)()
					for i, n := range sizes {
						heads := 1 + i%3
						stride := n*heads + i%5
						off := (i % heads) * n
						cnt := []int{0, 1, 7, 33, 130}[i%5]
						q, cache, rows := attnCase(rng, n, 9, stride, off, cnt)
						cw := wide(cache)
						const g = 2
						a := i % 4
						// scores
						buf := make([]float32, cnt+2*g+a)[a:]
						for j := range buf {
							buf[j] = float32(math.NaN())
						}
						buf[0], buf[len(buf)-1] = 1.5, -2.5
						AttnScores(buf[g:g+cnt], q, cache, NewCacheRows(rows), stride, off)
						for j := range cnt {
							r := int(rows[j])*stride + off
							want := Dot(q, cw[r:r+n])
							if math.Float32bits(buf[g+j]) != math.Float32bits(want) {
								t.Fatalf("AttnScores n=%d cnt=%d: score %d = %v, Dot %v", n, cnt, j, buf[g+j], want)
							}
						}
						if buf[0] != 1.5 || buf[len(buf)-1] != -2.5 || !math.IsNaN(float64(buf[1])) {
							t.Fatalf("AttnScores n=%d cnt=%d wrote outside dst", n, cnt)
						}
						// weighted sum
						p := make([]float32, cnt)
						for j := range p {
							p[j] = float32(rng.Float64())
						}
						out := make([]float32, n+2*g+a)[a:]
						for j := range out {
							out[j] = float32(math.NaN())
						}
						out[0], out[len(out)-1] = 3.5, -4.5
						AttnSum(out[g:g+n], p, cache, NewCacheRows(rows), stride, off)
						want := make([]float32, n)
						attnSumGeneric(want, p, cache, rows, stride, off, 0)
						for j := range n {
							if math.Float32bits(out[g+j]) != math.Float32bits(want[j]) {
								t.Fatalf("AttnSum n=%d cnt=%d: element %d = %v, lane loop %v", n, cnt, j, out[g+j], want[j])
							}
						}
						if out[0] != 3.5 || out[len(out)-1] != -4.5 || !math.IsNaN(float64(out[1])) {
							t.Fatalf("AttnSum n=%d cnt=%d wrote outside out", n, cnt)
						}
					}
				})
			}
		}
	}
}

// TestAttnRowBounds: a row outside the cache panics before any access.
func TestAttnRowBounds(t *testing.T) {
	cache := make([]uint16, 4*16)
	q := make([]float32, 8)
	for _, tc := range []struct {
		name  string
		rows  []int32
		off   int
		panic bool
	}{
		{"last row", []int32{3}, 8, false},
		{"past the end", []int32{0, 4}, 0, true},
		{"offset past the end", []int32{3}, 9, true},
		{"negative row", []int32{-1}, 0, true},
	} {
		for _, f := range []func(){
			func() { AttnScores(make([]float32, len(tc.rows)), q, cache, NewCacheRows(tc.rows), 16, tc.off) },
			func() {
				AttnSum(make([]float32, 8), make([]float32, len(tc.rows)), cache, NewCacheRows(tc.rows), 16, tc.off)
			},
		} {
			got := func() (p bool) {
				defer func() { p = recover() != nil }()
				f()
				return false
			}()
			if got != tc.panic {
				t.Errorf("%s: panic = %v, want %v", tc.name, got, tc.panic)
			}
		}
	}
}

// FuzzAttn compares AttnScores and AttnSum with their defining loops on
// fuzzed head sizes, row lists and values.
func FuzzAttn(f *testing.F) {
	f.Add(uint16(64), uint8(5), uint64(1), []byte{0, 1, 2, 1})
	f.Add(uint16(257), uint8(2), uint64(9), []byte{3})
	f.Fuzz(func(t *testing.T, n16 uint16, heads8 uint8, seed uint64, rowBytes []byte) {
		n, heads := int(n16%600), 1+int(heads8%4)
		rng := rand.New(rand.NewPCG(seed, 5))
		stride := n * heads
		off := int(seed%uint64(heads)) * n
		q, cache, _ := attnCase(rng, n, 8, stride, off, 0)
		cw := wide(cache)
		rows := make([]int32, len(rowBytes))
		for i, b := range rowBytes {
			rows[i] = int32(b % 8)
		}
		sc := make([]float32, len(rows))
		AttnScores(sc, q, cache, NewCacheRows(rows), stride, off)
		p := make([]float32, len(rows))
		for i, r := range rows {
			o := int(r)*stride + off
			if d := Dot(q, cw[o:o+n]); math.Float32bits(d) != math.Float32bits(sc[i]) {
				t.Fatalf("score %d: %v, Dot %v", i, sc[i], d)
			}
			p[i] = float32(rng.Float64())
		}
		out := make([]float32, n)
		AttnSum(out, p, cache, NewCacheRows(rows), stride, off)
		want := make([]float32, n)
		attnSumGeneric(want, p, cache, rows, stride, off, 0)
		for j := range n {
			if math.Float32bits(out[j]) != math.Float32bits(want[j]) {
				t.Fatalf("element %d: %v, lane loop %v", j, out[j], want[j])
			}
		}
	})
}

// TestAttnSumAtLanes: AttnSumAt's lane offset gives the generic loop's bits
// in every implementation, and lane0 = 0 is AttnSum.
func TestAttnSumAtLanes(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, impl := range append(Implementations("dot_f32"), Implementations("attn")...) {
		t.Run(impl, func(t *testing.T) {
			if slices.Contains(Implementations("attn"), impl) {
				defer Select("attn", impl)()
			} else {
				defer Select("dot_f32", impl)()
				defer Select("attn", "generic")()
			}
			for _, n := range []int{1, 7, 64, 256, 300} {
				for _, cnt := range []int{1, 15, 17, 40} {
					q, cache, rows := attnCase(rng, n, 9, n, 0, cnt)
					_ = q
					p := make([]float32, cnt)
					for j := range p {
						p[j] = float32(rng.Float64())
					}
					for lane0 := range 16 {
						got := make([]float32, n)
						AttnSumAt(got, p, cache, NewCacheRows(rows), n, 0, lane0)
						want := make([]float32, n)
						attnSumGeneric(want, p, cache, rows, n, 0, lane0)
						if !bitsEqual(got, want) {
							t.Fatalf("n=%d cnt=%d lane0=%d: differs from the generic loop", n, cnt, lane0)
						}
					}
				}
			}
		})
	}
}

// TestAttnFastAgainstLoops: the fast family against its definitions for
// every implementation, head sizes 0..300 and 512, unaligned outputs with
// guard values, outputs pre-filled with NaN.
func TestAttnFastAgainstLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	sizes := []int{}
	for n := range 301 {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 512)
	for _, dotImpl := range Implementations("dot_f32") {
		for _, vecImpl := range Implementations("vec") {
			t.Run("dot="+dotImpl+",vec="+vecImpl, func(t *testing.T) {
				defer Select("dot_f32", dotImpl)()
				defer Select("vec", vecImpl)()
				for i, n := range sizes {
					heads := 1 + i%3
					stride := n*heads + i%5
					off := (i % heads) * n
					cnt := []int{0, 1, 7, 33, 130}[i%5]
					q, cache, rows := attnCase(rng, n, 9, stride, off, cnt)
					cw := wide(cache)
					const g = 2
					a := i % 4
					buf := make([]float32, cnt+2*g+a)[a:]
					for j := range buf {
						buf[j] = float32(math.NaN())
					}
					buf[0], buf[len(buf)-1] = 1.5, -2.5
					AttnScoresFast(buf[g:g+cnt], q, cache, NewCacheRows(rows), stride, off)
					for j := range cnt {
						r := int(rows[j])*stride + off
						checkFastScore(t, n, cnt, j, buf[g+j], q, cw[r:r+n], dotImpl)
					}
					if buf[0] != 1.5 || buf[len(buf)-1] != -2.5 || !math.IsNaN(float64(buf[1])) {
						t.Fatalf("AttnScoresFast n=%d cnt=%d wrote outside dst", n, cnt)
					}
					p := make([]float32, cnt)
					for j := range p {
						p[j] = float32(rng.Float64())
					}
					out := make([]float32, n+2*g+a)[a:]
					for j := range out {
						out[j] = float32(math.NaN())
					}
					out[0], out[len(out)-1] = 3.5, -4.5
					AttnSumFast(out[g:g+n], p, cache, NewCacheRows(rows), stride, off)
					want := make([]float32, n)
					attnSumFastGeneric(want, p, cache, rows, stride, off)
					if !bitsEqual(out[g:g+n], want) {
						t.Fatalf("AttnSumFast n=%d cnt=%d: differs from the Axpy loop", n, cnt)
					}
					if out[0] != 3.5 || out[len(out)-1] != -4.5 || !math.IsNaN(float64(out[1])) {
						t.Fatalf("AttnSumFast n=%d cnt=%d wrote outside out", n, cnt)
					}
				}
			})
		}
	}
}

// checkFastScore checks one AttnScoresFast result: Dot's bits when n is
// not a multiple of 8; otherwise the eight-lane generic score's bits under
// the generic implementation, and under the assembly (fused multiply-adds)
// within 1e-6 of the sum of |products| of it.
func checkFastScore(t *testing.T, n, cnt, j int, got float32, q, k []float32, impl string) {
	t.Helper()
	if n%8 != 0 {
		if want := Dot(q, k); math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("AttnScoresFast n=%d cnt=%d: score %d = %v, Dot %v", n, cnt, j, got, want)
		}
		return
	}
	want := make([]float32, 1)
	k16 := make([]uint16, len(k))
	ToF16(k16, k) // k holds half-precision values: exact
	attnScores8Generic(want, q, k16, []int32{0}, 0, 0)
	if impl == "generic" {
		if math.Float32bits(got) != math.Float32bits(want[0]) {
			t.Fatalf("AttnScoresFast n=%d cnt=%d: score %d = %v, generic %v", n, cnt, j, got, want[0])
		}
		return
	}
	var mag float64
	for i := range q {
		mag += math.Abs(float64(q[i]) * float64(k[i]))
	}
	if e := math.Abs(float64(got) - float64(want[0])); !(e <= 1e-6*mag) {
		t.Fatalf("AttnScoresFast n=%d cnt=%d: score %d = %v, generic %v (sum |products| %v)", n, cnt, j, got, want[0], mag)
	}
}

// TestAttnScoresFastBatchInvariant: a key's fast score has the same bits
// whether it is computed in a group of eight, in the remainder, or alone.
func TestAttnScoresFastBatchInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	for _, impl := range Implementations("dot_f32") {
		defer Select("dot_f32", impl)()
		for _, n := range []int{8, 64, 72, 256, 36} {
			q, cache, _ := attnCase(rng, n, 12, n, 0, 0)
			rows := []int32{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8}
			all := make([]float32, len(rows))
			AttnScoresFast(all, q, cache, NewCacheRows(rows), n, 0)
			for i, r := range rows {
				one := make([]float32, 1)
				AttnScoresFast(one, q, cache, NewCacheRows([]int32{r}), n, 0)
				if math.Float32bits(one[0]) != math.Float32bits(all[i]) {
					t.Fatalf("%s n=%d: key %d (row %d) alone %v, among %d %v", impl, n, i, r, one[0], len(rows), all[i])
				}
			}
		}
	}
}

// FuzzAttnFast compares the fast family with its definitions on fuzzed
// head sizes, row lists and values.
func FuzzAttnFast(f *testing.F) {
	f.Add(uint16(64), uint8(5), uint64(1), []byte{0, 1, 2, 1, 3, 4, 5, 6, 7, 0})
	f.Add(uint16(257), uint8(2), uint64(9), []byte{3})
	f.Fuzz(func(t *testing.T, n16 uint16, heads8 uint8, seed uint64, rowBytes []byte) {
		n, heads := int(n16%600), 1+int(heads8%4)
		rng := rand.New(rand.NewPCG(seed, 5))
		stride := n * heads
		off := int(seed%uint64(heads)) * n
		q, cache, _ := attnCase(rng, n, 8, stride, off, 0)
		cw := wide(cache)
		rows := make([]int32, len(rowBytes))
		for i, b := range rowBytes {
			rows[i] = int32(b % 8)
		}
		sc := make([]float32, len(rows))
		AttnScoresFast(sc, q, cache, NewCacheRows(rows), stride, off)
		p := make([]float32, len(rows))
		for i, r := range rows {
			o := int(r)*stride + off
			checkFastScore(t, n, len(rows), i, sc[i], q, cw[o:o+n], InUse("dot_f32"))
			p[i] = float32(rng.Float64())
		}
		out := make([]float32, n)
		AttnSumFast(out, p, cache, NewCacheRows(rows), stride, off)
		want := make([]float32, n)
		attnSumFastGeneric(want, p, cache, rows, stride, off)
		if !bitsEqual(out, want) {
			t.Fatalf("AttnSumFast differs from the Axpy loop")
		}
	})
}
