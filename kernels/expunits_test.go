package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExpUnits: every implementation gives ExpUnits's loop result (the
// generic one) for lengths around the group size, spreads that reach the
// -700 cut-off, several limits and scales, and flags ties and non-finite
// values.
func TestExpUnits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	type res struct {
		u        uint64
		tie, bad bool
	}
	forEachImpl(t, "expunits", func(t *testing.T) {
		for n := range 70 {
			for _, spread := range []float64{0.01, 3, 40, 300, 800} {
				x := make([]float32, n)
				mx := 0.0
				for i := range x {
					x[i] = float32(rng.NormFloat64() * spread)
					mx = max(mx, float64(x[i]))
				}
				for _, lim := range []float64{0, -1e-3, -5, -10, -20} {
					for _, scale := range []float64{1, 0x1p20, 0x1p40, 0x1p52} {
						if float64(n)*math.Exp(lim)*scale >= 0x1p63 {
							continue
						}
						var got, want res
						got.u, got.tie, got.bad = ExpUnits(x, mx, lim, scale)
						want.u, want.tie, want.bad = expUnitsGeneric(x, mx, lim, scale)
						if got != want {
							t.Fatalf("n=%d spread %g lim %g scale %g: %+v, loop %+v", n, spread, lim, scale, got, want)
						}
					}
				}
			}
		}
		// a realistic vocabulary: one in 5 values within 10 of the maximum
		x := make([]float32, 262147)
		for i := range x {
			x[i] = float32(rng.NormFloat64()*6 + 5)
		}
		mx := float64(x[Argmax(x)])
		u, tie, bad := ExpUnits(x, mx, -10, 0x1p52)
		wu, wtie, wbad := expUnitsGeneric(x, mx, -10, 0x1p52)
		if u != wu || tie != wtie || bad != wbad || u == 0 {
			t.Fatalf("vocabulary: %d %v %v, loop %d %v %v", u, tie, bad, wu, wtie, wbad)
		}
		// the loop's own meaning, on a few values: the sum of rounded products
		want := 0.0
		for _, v := range x[:5000] {
			if a := float64(v) - mx; a < -10 {
				want += math.RoundToEven(math.Exp(a) * 0x1p52)
			}
		}
		if u5, _, _ := ExpUnits(x[:5000], mx, -10, 0x1p52); float64(u5) != want {
			t.Fatalf("5000 values: %d units, float sum %v", u5, want)
		}
		for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
			y := append([]float32(nil), x[:40]...)
			y[13] = bad
			if _, _, b := ExpUnits(y, mx, -10, 0x1p52); !b {
				t.Errorf("%v not reported", bad)
			}
		}
	})
	// a tie: exp(-ln 2) is 0.5, times scale 1
	if math.Exp(-math.Ln2) != 0.5 {
		t.Skip("math.Exp(-Ln2) is not 0.5 here")
	}
	forEachImpl(t, "expunits", func(t *testing.T) {
		y := make([]float32, 24)
		for i := range y {
			y[i] = -30
		}
		y[17] = 0
		u, tie, bad := ExpUnits(y, math.Ln2, 0, 1)
		if !tie || bad || u != 0 {
			t.Errorf("tie: units %d tie %v bad %v, want 0 true false", u, tie, bad)
		}
		y[17] = -30
		if _, tie, _ := ExpUnits(y, math.Ln2, 0, 1); tie {
			t.Errorf("tie reported without one")
		}
	})
}

func BenchmarkExpUnits(b *testing.B) {
	x := make([]float32, 262144)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = float32(rng.NormFloat64() * 3)
	}
	for _, impl := range Implementations("expunits") {
		b.Run(impl, func(b *testing.B) {
			defer Select("expunits", impl)()
			for range b.N {
				ExpUnits(x, 12, -10, 0x1p52)
			}
		})
	}
}
