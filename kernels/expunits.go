package kernels

import "math"

// ExpUnits adds up, over the values v of x whose argument a = float64(v) - mx
// lies below lim, the integers RoundToEven(math.Exp(a) * scale):
//
//	for _, v := range x {
//		if a := float64(v) - mx; a < lim {
//			q := math.Exp(a) * scale
//			r := math.RoundToEven(q)
//			units += uint64(r)
//			tie = tie || q-r == 0.5 || q-r == -0.5
//		}
//	}
//
// with the same result on every implementation. bad reports a NaN or an
// infinity anywhere in x (units and tie are then meaningless).
//
// It serves a float64 sum that adds these terms, in any order, to a sum s
// with ulp(s) = 1/scale that stays in its binade: each addition then adds
// exactly RoundToEven(term*scale) ulps, unless the term is a tie, whose
// rounding depends on s. The caller must pass a power of two scale in
// [1, 2^52], lim <= 0, and keep len(x) * math.Exp(lim) * scale below 2^63.
// Arguments below -700 contribute 0 (their product is below 2^-900).
func ExpUnits(x []float32, mx, lim, scale float64) (units uint64, tie, bad bool) {
	units, tie, bad, n := expUnitsFast(x, mx, lim, scale)
	u, t, b := expUnitsGeneric(x[n:], mx, lim, scale)
	return units + u, tie || t, bad || b
}

// expUnitsGeneric is ExpUnits's loop.
func expUnitsGeneric(x []float32, mx, lim, scale float64) (units uint64, tie, bad bool) {
	for _, v := range x {
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			bad = true
			continue
		}
		a := f - mx
		if !(a < lim) {
			continue
		}
		q := math.Exp(a) * scale
		r := math.RoundToEven(q)
		if d := q - r; d == 0.5 || d == -0.5 {
			tie = true
		}
		units += uint64(r)
	}
	return units, tie, bad
}
