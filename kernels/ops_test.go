package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"hyoka/gguf"
)

func TestMatMulThreadsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rows, cols, batch := 37, 64, 5
	w := make([]float32, rows*cols)
	x := make([]float32, batch*cols)
	for i := range w {
		w[i] = rng.Float32()*2 - 1
	}
	for i := range x {
		x[i] = rng.Float32()*2 - 1
	}
	data := make([]byte, len(w)*4)
	gguf.Quantize(gguf.F32, data, w)
	m := Matrix{Type: gguf.F32, Rows: rows, Cols: cols, RowBytes: cols * 4, Data: data}
	ref := make([]float32, batch*rows)
	p1 := NewPool(1)
	defer p1.Close()
	MatMul(p1, ref, m, x, batch)
	for r := 0; r < rows; r++ {
		for b := 0; b < batch; b++ {
			var s float64
			for c := 0; c < cols; c++ {
				s += float64(w[r*cols+c]) * float64(x[b*cols+c])
			}
			if d := math.Abs(s - float64(ref[b*rows+r])); d > 1e-5*math.Max(1, math.Abs(s)) {
				t.Fatalf("r%d b%d: %v vs float64 %v", r, b, ref[b*rows+r], s)
			}
		}
	}
	for _, th := range []int{2, 3, 8} {
		p := NewPool(th)
		got := make([]float32, batch*rows)
		MatMul(p, got, m, x, batch)
		p.Close()
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
				t.Fatalf("threads %d: element %d differs", th, i)
			}
		}
	}
}

// TestRMSNormRows: the rows kernel gives RMSNorm's bits row by row, for 0-9
// rows (the groups of four and the rest), with and without weights, in
// place and not; bad shapes panic.
func TestRMSNormRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, dim := range []int{1, 7, 64, 640} {
		w := make([]float32, dim)
		for i := range w {
			w[i] = float32(rng.NormFloat64())
		}
		for rows := range 10 {
			x := make([]float32, rows*dim)
			for i := range x {
				x[i] = float32(rng.NormFloat64() * 30)
			}
			for _, wt := range [][]float32{w, nil} {
				want := make([]float32, len(x))
				for r := range rows {
					RMSNorm(want[r*dim:(r+1)*dim], x[r*dim:(r+1)*dim], wt, 1e-6)
				}
				got := make([]float32, len(x))
				RMSNormRows(got, x, wt, dim, 1e-6)
				in := slices.Clone(x)
				RMSNormRows(in, in, wt, dim, 1e-6)
				if !bitsEqual(got, want) || !bitsEqual(in, want) {
					t.Fatalf("dim %d rows %d weights %v: differs from RMSNorm", dim, rows, wt != nil)
				}
			}
		}
	}
	for name, f := range map[string]func(){
		"ragged":  func() { RMSNormRows(make([]float32, 10), make([]float32, 10), nil, 3, 1e-6) },
		"weights": func() { RMSNormRows(make([]float32, 8), make([]float32, 8), make([]float32, 3), 4, 1e-6) },
		"short":   func() { RMSNormRows(make([]float32, 4), make([]float32, 8), nil, 4, 1e-6) },
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
