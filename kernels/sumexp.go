package kernels

import "math"

// SumExp returns the float64 sum, in index order from 0, of
// math.Exp(float64(v) - mx) over x:
//
//	s := 0.0
//	for _, v := range x {
//		s += math.Exp(float64(v) - mx)
//	}
//
// bit for bit (the log-sum-exp of a log-softmax). The AVX-512 version
// evaluates eight exponentials at once with the operations of math.Exp's
// FMA path (the one Go takes on every CPU with AVX-512) and adds them in
// order; arguments below -700 or not finite go through math.Exp itself.
func SumExp(x []float32, mx float64) float64 {
	s := 0.0
	for i := 0; i < len(x); {
		var n int
		s, n = sumExpFast(x[i:], mx, s)
		i += n
		for end := min(i+8, len(x)); i < end; i++ {
			s += math.Exp(float64(x[i]) - mx)
		}
	}
	return s
}
