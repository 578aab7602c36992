package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"hyoka/gguf"
)

// TestMatMulAllTypes checks MatMul on every direct type against a per-element
// dot on the dequantized weights, and that every element is bit-identical
// across thread counts and batch compositions (token b alone vs in a batch).
func TestMatMulAllTypes(t *testing.T) {
	forEachImpl(t, "qdot", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		rows, cols, batch := 45, 512, 13
		for _, typ := range dotTypes {
			tr := typ.Traits()
			rb := cols / tr.BlockSize * tr.TypeSize
			data := make([]byte, rows*rb)
			wd := make([]float32, rows*cols)
			for r := range rows {
				b, w := randomRow(typ, cols, rng)
				copy(data[r*rb:], b)
				copy(wd[r*cols:], w)
			}
			m := Matrix{Type: typ, Rows: rows, Cols: cols, RowBytes: rb, Data: data}
			x := make([]float32, batch*cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			p1 := NewPool(1)
			ref := make([]float32, batch*rows)
			for i := range ref {
				ref[i] = float32(math.NaN())
			}
			MatMul(p1, ref, m, x, batch)
			p1.Close()
			for b := range batch {
				for r := range rows {
					var want, mag float64
					for c := range cols {
						want += float64(wd[r*cols+c]) * float64(x[b*cols+c])
						mag += math.Abs(float64(wd[r*cols+c]) * float64(x[b*cols+c]))
					}
					if e := math.Abs(float64(ref[b*rows+r]) - want); !(e <= 0.01*mag+1e-6) {
						t.Fatalf("%s b%d r%d: %g want %g", typ, b, r, ref[b*rows+r], want)
					}
				}
			}
			for _, th := range []int{2, 3, 7} {
				p := NewPool(th)
				got := make([]float32, batch*rows)
				MatMul(p, got, m, x, batch)
				for b := range batch { // each token alone
					one := make([]float32, rows)
					MatMul(p, one, m, x[b*cols:(b+1)*cols], 1)
					for r := range rows {
						if math.Float32bits(one[r]) != math.Float32bits(ref[b*rows+r]) {
							t.Fatalf("%s threads %d: token %d alone differs at row %d: %g vs %g", typ, th, b, r, one[r], ref[b*rows+r])
						}
					}
				}
				p.Close()
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
						t.Fatalf("%s threads %d: element %d differs: %g vs %g", typ, th, i, got[i], ref[i])
					}
				}
			}
		}
	})
}

var _ = gguf.F32

// TestVNNISameBits: the AVX-512 VNNI kernels claim the AVX2 kernels' exact
// results (same integer sums); check MatMul under both for every type, on
// random weights (Q8_0's -128 among them) and two kinds of activations.
func TestVNNISameBits(t *testing.T) {
	if !slices.Contains(Implementations("qdot"), "avx512vnni") {
		t.Skip("no AVX-512 VNNI on this CPU")
	}
	p := NewPool(2)
	defer p.Close()
	for _, typ := range qTypes() {
		m := BenchMatrix(typ, 37, 512, 3)
		x := make([]float32, 9*512)
		rng := rand.New(rand.NewPCG(19, 20))
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		// and activations at the ends of the int8 range (every value
		// quantizes to +-127: the Q8_0/Q5_0 tiles' corrections at their largest)
		ext := make([]float32, len(x))
		for i := range ext {
			ext[i] = float32(1 - 2*(rng.IntN(2)))
		}
		for _, x := range [][]float32{x, ext} {
			run := func(impl string) []float32 {
				defer Select("qdot", impl)()
				dst := make([]float32, 9*37)
				MatMul(p, dst, m, x, 9)
				return dst
			}
			if a, b := run("avx2"), run("avx512vnni"); !bitsEqual(a, b) {
				t.Errorf("%s: avx2 and avx512vnni results differ", typ)
			}
		}
	}
}
