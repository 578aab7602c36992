package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRopeRotate: every implementation equals the generic loop bit for bit
// (both layouts, lengths 2..160 and 512, angles of unit length and
// arbitrary scaled ones, values of mixed magnitude, zeros and exact small
// integers), and the generic loop is the fused formula: within one
// float32 rounding of the float64 result.
func TestRopeRotate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, impl := range Implementations("rope") {
		t.Run(impl, func(t *testing.T) {
			defer Select("rope", impl)()
			for n := 2; n <= 514; n += 2 {
				if n == 162 {
					n = 512
				}
				for _, neox := range []bool{false, true} {
					x := make([]float32, n)
					cs := make([]float32, n)
					for i := range x {
						switch i % 5 {
						case 0:
							x[i] = float32(rng.IntN(9) - 4) // exact products
						case 1:
							x[i] = 0
						default:
							x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3)))
						}
					}
					for i := 0; i < n; i += 2 {
						a := rng.Float64() * 2 * math.Pi
						m := 1.0
						if i%6 == 4 {
							m = rng.Float64() * 3
						}
						cs[i], cs[i+1] = float32(math.Cos(a)*m), float32(math.Sin(a)*m)
						if i%10 == 8 {
							cs[i], cs[i+1] = 1, 0
						}
					}
					got, want := append([]float32(nil), x...), append([]float32(nil), x...)
					RopeRotate(got, cs, neox)
					ropeRotateGeneric(want, cs, neox)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("n=%d neox=%v [%d]: %v, generic %v", n, neox, i, got[i], want[i])
						}
					}
					half := n / 2
					for i0 := 0; i0 < n; i0 += 2 {
						a, b := i0, i0+1
						if neox {
							a, b = i0/2, i0/2+half
						}
						c, s := float64(cs[i0]), float64(cs[i0+1])
						x0, x1 := float64(x[a]), float64(x[b])
						w0 := x0*c - float64(float32(x1*s))
						w1 := x0*s + float64(float32(x1*c))
						if e := math.Abs(float64(want[a]) - w0); e > 1e-7*math.Abs(w0)+1e-38 {
							t.Fatalf("n=%d neox=%v pair %d: %v, want %v", n, neox, i0/2, want[a], w0)
						}
						if e := math.Abs(float64(want[b]) - w1); e > 1e-7*math.Abs(w1)+1e-38 {
							t.Fatalf("n=%d neox=%v pair %d: %v, want %v", n, neox, i0/2, want[b], w1)
						}
					}
				}
			}
		})
	}
}
