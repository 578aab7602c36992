package kernels

import (
	"fmt"
	"testing"

	"hyoka/gguf"
)

// BenchmarkMatMul reports weight GB/s (SetBytes) for one token and a batch,
// per type and implementation: go test -bench MatMul -run ^$ ./kernels
func BenchmarkMatMul(b *testing.B) {
	for _, t := range []gguf.Type{gguf.Q8_0, gguf.Q4_0, gguf.Q4_1, gguf.Q5_0, gguf.Q4_K, gguf.Q6_K} {
		w := BenchMatrix(t, 1024, 2048, 1)
		for _, batch := range []int{1, 16} {
			for _, impl := range Implementations("qdot") {
				b.Run(fmt.Sprintf("type=%s/batch=%d/impl=%s", t, batch, impl), func(b *testing.B) {
					defer Select("qdot", impl)()
					p := NewPool(1)
					defer p.Close()
					x := make([]float32, batch*w.Cols)
					for i := range x {
						x[i] = float32(i%13) - 6
					}
					dst := make([]float32, batch*w.Rows)
					b.SetBytes(int64(len(w.Data) * batch))
					for b.Loop() {
						MatMul(p, dst, w, x, batch)
					}
				})
			}
		}
	}
}
