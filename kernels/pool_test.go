package kernels

import (
	"sync/atomic"
	"testing"
)

func TestPoolForCoversRange(t *testing.T) {
	for _, th := range []int{1, 2, 3, 8} {
		p := NewPool(th)
		for _, n := range []int{0, 1, 2, 5, 100, 1001} {
			hits := make([]atomic.Int32, n)
			for range 3 {
				p.For(n, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						hits[i].Add(1)
					}
				})
			}
			for i := range hits {
				if hits[i].Load() != 3 {
					t.Fatalf("threads %d n %d: index %d run %d times", th, n, i, hits[i].Load())
				}
			}
		}
		p.Close()
	}
}

// BenchmarkPoolFor is the cost of one parallel loop with no work: the
// barrier every MatMul pays.
func BenchmarkPoolFor(b *testing.B) {
	p := NewPool(2)
	defer p.Close()
	var sink atomic.Int64
	for b.Loop() {
		p.For(2, func(lo, hi int) { sink.Add(int64(hi - lo)) })
	}
}
