package kernels

import "math"

// Generic float32 kernels. Each doc comment states the contract as a loop.

// Dot returns sum(a[i]*b[i]) for i < len(a) in the order of llamafile's
// tinyBLAS on AVX-512, which llama.cpp uses for float products of two or
// more tokens (attention scores included): 16 lanes, lane l accumulating
// the i%16 == l products with fused multiply-adds in i order, then the
// reduction of _mm512_reduce_add_ps. Every implementation gives these
// bits. len(b) must be >= len(a).
func Dot(a, b []float32) float32 { return dot(a, b) }

func dotGeneric(a, b []float32) float32 { return dotLanes16(a, b) }

// RMSNorm computes dst[i] = x[i] * scale * w[i] (w may be nil: no scale)
// with scale = 1/sqrt(mean(x²) + eps), rounded as ggml's rms_norm does: each
// square in float32, their sum in float64, the mean rounded to float32, and
// scale = 1/sqrtf(mean + eps) in float32.
func RMSNorm(dst, x, w []float32, eps float32) {
	var ss float64
	for _, v := range x {
		ss += float64(v * v)
	}
	mean := float32(ss / float64(len(x)))
	scale := 1 / float32(math.Sqrt(float64(mean+eps)))
	if w == nil {
		for i, v := range x {
			dst[i] = v * scale
		}
		return
	}
	for i, v := range x {
		dst[i] = v * scale * w[i]
	}
}

// Softmax replaces x by exp(x - max) / sum, in place, as ggml's soft_max
// does on AVX-512: the exponentials are ggml's (expGGML), summed 16 at a
// time (reduce16 of x[16k:16k+16], zeros past the end) into a float64 in
// order, and x is scaled by float32(1/sum).
func Softmax(x []float32) { SoftmaxAt(x, 0) }

// SoftmaxAt is Softmax with x[0] at lane lane0%16 of the first group of 16
// (its lanes below lane0 hold zeros): llama.cpp's groups follow the cache
// cells, so scores starting at position from need lane0 = from%16.
func SoftmaxAt(x []float32, lane0 int) {
	if len(x) == 0 {
		return
	}
	mx := x[0]
	for _, v := range x[1:] {
		mx = max(mx, v)
	}
	expSub(x, mx)
	var sum float64
	for i := -(lane0 & 15); i < len(x); i += 16 {
		var lanes [16]float32
		copy(lanes[max(0, -i):], x[max(0, i):min(i+16, len(x))])
		sum += float64(reduce16(&lanes))
	}
	Scale(x, float32(1/sum))
}

// SiLU computes x[i] = x[i] / (1 + exp(-x[i])) in place (exp as in Softmax).
func SiLU(x []float32) { silu(x) }

// GELU computes the tanh approximation of GELU (ggml_gelu) in place,
// 0.5*x*(1+tanh(u)) with u = sqrt(2/pi)*(x+0.044715*x³), as the equal
// x / (1 + exp(-2u)) (exp as in Softmax).
func GELU(x []float32) { gelu(x) }

// Add computes dst[i] += x[i].
func Add(dst, x []float32) {
	for i, v := range x {
		dst[i] += v
	}
}

// Mul computes dst[i] *= x[i].
func Mul(dst, x []float32) {
	for i, v := range x {
		dst[i] *= v
	}
}

// Scale computes x[i] *= s.
func Scale(x []float32, s float32) {
	for i := range x {
		x[i] *= s
	}
}
