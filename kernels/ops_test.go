package kernels

import (
	"math"
	"math/rand/v2"
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
