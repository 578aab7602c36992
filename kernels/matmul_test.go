package kernels

import (
	"bytes"
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

// TestMatMulEveryBatch: for every batch size 1..19 (full tiles, the
// padded last tile of tilePad, one-token rows) each token's outputs have
// the bits of that token alone, and nothing is written past the batch's
// outputs, for every type with tiles and every qdot implementation.
func TestMatMulEveryBatch(t *testing.T) {
	forEachImpl(t, "qdot", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, 16))
		const rows, cols = 37, 256
		p := NewPool(2)
		defer p.Close()
		for _, typ := range []gguf.Type{gguf.Q4_0, gguf.Q4_1, gguf.Q5_0, gguf.Q8_0, gguf.Q4_K, gguf.Q6_K} {
			tr := typ.Traits()
			rb := cols / tr.BlockSize * tr.TypeSize
			data := make([]byte, rows*rb)
			for r := range rows {
				b, _ := randomRow(typ, cols, rng)
				copy(data[r*rb:], b)
			}
			m := Matrix{Type: typ, Rows: rows, Cols: cols, RowBytes: rb, Data: data}
			x := make([]float32, 19*cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			alone := make([]float32, 19*rows)
			for b := range 19 {
				MatMul(p, alone[b*rows:(b+1)*rows], m, x[b*cols:(b+1)*cols], 1)
			}
			for batch := 1; batch <= 19; batch++ {
				got := make([]float32, (batch+8)*rows)
				for i := range got {
					got[i] = -7
				}
				MatMul(p, got[:batch*rows], m, x, batch)
				for i := range batch * rows {
					if math.Float32bits(got[i]) != math.Float32bits(alone[i]) {
						t.Fatalf("%s batch %d: token %d row %d = %g, alone %g", typ, batch, i/rows, i%rows, got[i], alone[i])
					}
				}
				for i := batch * rows; i < len(got); i++ {
					if got[i] != -7 {
						t.Fatalf("%s batch %d: wrote past the batch (element %d)", typ, batch, i)
					}
				}
			}
		}
	})
}

// TestQ5ToQ8: q5ToQ8 (in every qdot implementation) writes q5ToQ8Generic's
// bytes, and each rewritten row's dot with Q8_0 activations has the bits
// of the Q5_0 row's, the premise of MatMul running Q5_0 through the Q8_0
// tiles; and MatMul, which does so from 4*q5AsQ8From tokens, gives each
// token the bits of that token alone there too.
func TestQ5ToQ8(t *testing.T) {
	forEachImpl(t, "qdot", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		const rows, cols = 37, 256
		m := Matrix{Type: gguf.Q5_0, Rows: rows, Cols: cols, RowBytes: cols / 32 * 22}
		for range rows {
			b, _ := randomRow(gguf.Q5_0, cols, rng)
			m.Data = append(m.Data, b...)
		}
		p := NewPool(2)
		defer p.Close()
		for _, batch := range []int{4 * q5AsQ8From, 4*q5AsQ8From + 7} {
			x := make([]float32, batch*cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			got, alone := make([]float32, batch*rows), make([]float32, rows)
			MatMul(p, got, m, x, batch)
			for b := range batch {
				MatMul(p, alone, m, x[b*cols:(b+1)*cols], 1)
				for r := range rows {
					if g := got[b*rows+r]; math.Float32bits(g) != math.Float32bits(alone[r]) {
						t.Fatalf("batch %d: token %d row %d = %g, alone %g", batch, b, r, g, alone[r])
					}
				}
			}
		}
		for _, nb := range []int{1, 2, 7, 64} {
			row, _ := randomRow(gguf.Q5_0, 32*nb, rng)
			got, want := make([]byte, 34*nb+5), make([]byte, 34*nb+5)
			for i := range got {
				got[i], want[i] = 0xa5, 0xa5
			}
			q5ToQ8(got, row, nb)
			q5ToQ8Generic(want, row, nb)
			if !bytes.Equal(got, want) {
				t.Fatalf("nb=%d: q5ToQ8 %x, generic %x", nb, got, want)
			}
			x := make([]float32, 32*nb)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			var a qAct
			quantizeQ8(&a, x, 32, false)
			if d5, d8 := dotQ5_0Generic(row, &a), dotQ8_0Generic(got[:34*nb], &a); math.Float32bits(d5) != math.Float32bits(d8) {
				t.Fatalf("nb=%d: Q5_0 dot %g, as Q8_0 %g", nb, d5, d8)
			}
		}
	})
}
