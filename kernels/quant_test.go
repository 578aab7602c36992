package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestQuantizeAgainstGeneric: every implementation of the activation
// quantizer gives the generic's bits, for both block sizes, on all block
// counts up to 300*32 values and a large row, with zero blocks, huge and
// tiny values.
func TestQuantizeAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, name := range Implementations("qdot") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("qdot", name)()
			for _, mode := range []struct {
				bs  int
				q81 bool
			}{{32, false}, {32, true}, {256, false}} {
				bs := mode.bs
				lens := []int{}
				for n := 0; n <= 300*32; n += bs {
					lens = append(lens, n)
				}
				lens = append(lens, 65536)
				for i, n := range lens {
					x := make([]float32, n+i%4)[i%4:]
					for j := range x {
						switch {
						case (j/bs)%5 == 3:
							x[j] = 0 // a zero block
						case j%11 == 0:
							x[j] = float32(rng.NormFloat64()) * 1e30
						case j%13 == 0:
							x[j] = float32(rng.NormFloat64()) * 1e-30
						default:
							x[j] = float32(rng.NormFloat64())
						}
					}
					var got, want qAct
					quantizeQ8(&got, x, bs, mode.q81)
					want.qs, want.d = make([]int8, n), make([]float32, n/bs)
					if bs == 32 {
						want.s = make([]float32, n/32)
					} else {
						want.bsums = make([]int16, n/16)
					}
					quantizeQ8Generic(&want, x, bs, mode.q81)
					if !slices.Equal(got.qs, want.qs) || !slices.Equal(got.bsums, want.bsums) ||
						!bitsEqual(got.d, want.d) || !bitsEqual(got.s, want.s) {
						t.Fatalf("bs=%d q81=%v n=%d: quantized rows differ", bs, mode.q81, n)
					}
				}
			}
		})
	}
}

func bitsEqual(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}
