package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVecAgainstGeneric: Axpy and RoundF16 must equal their generic loops
// bit for bit on every length 0..300 and large ones, at unaligned starts,
// without touching the guard values around y.
func TestVecAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	lens := []int{}
	for n := range 301 {
		lens = append(lens, n)
	}
	lens = append(lens, 1023, 4099)
	for _, name := range Implementations("vec") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("vec", name)()
			for i, n := range lens {
				off := i % 4
				const g = 3
				x := make([]float32, n+off)[off:]
				buf := make([]float32, n+2*g+off)[off:]
				for j := range x {
					x[j] = float32(rng.NormFloat64())
				}
				for j := range buf {
					buf[j] = float32(rng.NormFloat64())
				}
				want := append([]float32(nil), buf...)
				a := float32(rng.NormFloat64())
				Axpy(buf[g:g+n], a, x)
				axpyGeneric(want[g:g+n], a, x)
				for j := range buf {
					if math.Float32bits(buf[j]) != math.Float32bits(want[j]) {
						t.Fatalf("Axpy n=%d: element %d (guard %d) %v, generic %v", n, j, g, buf[j], want[j])
					}
				}
				// RoundF16 over normal, subnormal, huge, tie and special values.
				for j := range buf {
					switch j % 7 {
					case 0:
						buf[j] = float32(rng.NormFloat64()) * 1e-6
					case 1:
						buf[j] = float32(rng.NormFloat64()) * 7e4
					case 2:
						buf[j] = math.Float32frombits(rng.Uint32())
					case 3:
						buf[j] = 1 + float32(2*rng.IntN(1024)+1)/2048 // exact ties
					}
				}
				copy(want, buf)
				RoundF16(buf[g : g+n])
				roundF16Generic(want[g : g+n])
				for j := range buf {
					b, w := buf[j], want[j]
					if math.Float32bits(b) != math.Float32bits(w) && !(b != b && w != w) {
						t.Fatalf("RoundF16 n=%d: element %d %v (%#x), generic %v (%#x)", n, j, b, math.Float32bits(b), w, math.Float32bits(w))
					}
				}
			}
		})
	}
}
