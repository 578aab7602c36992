package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

func sumExpLoop(x []float32, mx float64) float64 {
	s := 0.0
	for _, v := range x {
		s += math.Exp(float64(v) - mx)
	}
	return s
}

// TestSumExpBits: SumExp equals the math.Exp loop bit for bit on every
// implementation, for lengths around the group size, spreads that reach
// the -700 cut-off, and special values.
func TestSumExpBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	forEachImpl(t, "sumexp", func(t *testing.T) {
		for n := range 70 {
			for _, spread := range []float64{0.01, 3, 40, 300, 800} {
				x := make([]float32, n)
				mx := math.Inf(-1)
				for i := range x {
					x[i] = float32(rng.NormFloat64() * spread)
					mx = max(mx, float64(x[i]))
				}
				if n == 0 {
					mx = 0
				}
				if got, want := SumExp(x, mx), sumExpLoop(x, mx); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("n=%d spread %g: %v, loop %v", n, spread, got, want)
				}
			}
		}
		x := make([]float32, 100003)
		for i := range x {
			x[i] = float32(rng.Float64()*-60 + 20)
		}
		x[17] = float32(math.Inf(-1))
		x[40] = float32(math.NaN())
		x[99999] = -1e30
		for _, mx := range []float64{20, 25.5, 0} {
			if got, want := SumExp(x, mx), sumExpLoop(x, mx); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("long, mx %g: %v, loop %v", mx, got, want)
			}
			y := x[41:99990]
			if got, want := SumExp(y, mx), sumExpLoop(y, mx); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("long without specials, mx %g: %v, loop %v", mx, got, want)
			}
		}
	})
}

func BenchmarkSumExp(b *testing.B) {
	x := make([]float32, 262144)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = float32(rng.NormFloat64() * 3)
	}
	for _, impl := range Implementations("sumexp") {
		b.Run(impl, func(b *testing.B) {
			defer Select("sumexp", impl)()
			for range b.N {
				SumExp(x, 12)
			}
		})
	}
}
