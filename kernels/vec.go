package kernels

import "hyoka/gguf"

// Axpy computes y[i] += a*x[i] for i < len(y) (a multiply then an add, not
// fused, in every implementation). len(x) must be >= len(y).
func Axpy(y []float32, a float32, x []float32) {
	x = x[:len(y)]
	axpy(y, a, x)
}

func axpyGeneric(y []float32, a float32, x []float32) {
	x = x[:len(y)]
	for i := range y {
		y[i] += a * x[i]
	}
}

// RoundF16 rounds every x[i] to the nearest half-precision value (ties to
// even, as gguf.F32ToF16 and F16C's VCVTPS2PH do) and back, in place:
//
//	x[i] = gguf.F16ToF32(gguf.F32ToF16(x[i]))
func RoundF16(x []float32) { roundF16(x) }

func roundF16Generic(x []float32) {
	for i, v := range x {
		x[i] = gguf.F16ToF32(gguf.F32ToF16(v))
	}
}
