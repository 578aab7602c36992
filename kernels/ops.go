package kernels

import (
	"fmt"
	"math"
)

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
	rmsScale(dst, x, w, ss, eps)
}

// RMSNormRows applies RMSNorm to each row of dim values of x (len(x) a
// multiple of dim), into the same row of dst (which may be x), with the
// same bits as RMSNorm row by row: each row's float64 sum of squares still
// runs in its order, but four rows' sums run side by side, so that the
// additions of one do not wait for the previous one's result.
func RMSNormRows(dst, x, w []float32, dim int, eps float32) {
	if dim <= 0 || len(x)%dim != 0 || len(dst) < len(x) || (w != nil && len(w) != dim) {
		panic(fmt.Sprintf("kernels: RMSNormRows: %d values in rows of %d, %d outputs, %d weights", len(x), dim, len(dst), len(w)))
	}
	rows := len(x) / dim
	r := 0
	for ; r+4 <= rows; r += 4 {
		x0, x1, x2, x3 := x[r*dim:(r+1)*dim], x[(r+1)*dim:(r+2)*dim], x[(r+2)*dim:(r+3)*dim], x[(r+3)*dim:(r+4)*dim]
		var s0, s1, s2, s3 float64
		for i := range x0 {
			s0 += float64(x0[i] * x0[i])
			s1 += float64(x1[i] * x1[i])
			s2 += float64(x2[i] * x2[i])
			s3 += float64(x3[i] * x3[i])
		}
		for k, ss := range [4]float64{s0, s1, s2, s3} {
			o := (r + k) * dim
			rmsScale(dst[o:o+dim], x[o:o+dim], w, ss, eps)
		}
	}
	for ; r < rows; r++ {
		RMSNorm(dst[r*dim:(r+1)*dim], x[r*dim:(r+1)*dim], w, eps)
	}
}

// rmsScale is RMSNorm's second half, given the sum of squares ss of x.
func rmsScale(dst, x, w []float32, ss float64, eps float32) {
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
	expSub(x, maxOf(x))
	var sum float64
	i := -(lane0 & 15)
	if i < 0 { // the first, partial group
		var lanes [16]float32
		copy(lanes[-i:], x[:min(i+16, len(x))])
		sum += float64(reduce16(&lanes))
		i += 16
	}
	if i < len(x) {
		whole := i + (len(x)-i)&^15
		sum = sum16(x[i:whole], sum)
		if whole < len(x) { // the last, partial group
			var lanes [16]float32
			copy(lanes[:], x[whole:])
			sum += float64(reduce16(&lanes))
		}
	}
	Scale(x, float32(1/sum))
}

// Argmax returns the index of the first largest element of x (len(x) >=
// 1): what a loop keeping the first index whose value is > every one
// before it returns, NaNs included (such a loop skips them, and a NaN at
// x[0] makes it return 0). With AVX2 the largest value is found in one
// vector pass, then its first index. (Greedy decoding over Gemma 3's
// 262,144 logits: the loop alone was 2.6% of a generation run.)
func Argmax(x []float32) int { return argmax(x) }

// argmaxGeneric is Argmax's loop.
func argmaxGeneric(x []float32) int {
	best, bv := 0, x[0]
	for i, v := range x {
		if v > bv {
			best, bv = i, v
		}
	}
	return best
}

// maxOfGeneric is the largest element of x (len(x) >= 1).
func maxOfGeneric(x []float32) float32 {
	m0, m1, m2, m3 := x[0], x[0], x[0], x[0]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		m0, m1, m2, m3 = max(m0, x[i]), max(m1, x[i+1]), max(m2, x[i+2]), max(m3, x[i+3])
	}
	for ; i < len(x); i++ {
		m0 = max(m0, x[i])
	}
	return max(max(m0, m1), max(m2, m3))
}

// sum16Generic adds to sum, in order, each whole group of 16 of x reduced
// by reduce16 (len(x) a multiple of 16).
func sum16Generic(x []float32, sum float64) float64 {
	for i := 0; i+16 <= len(x); i += 16 {
		sum += float64(reduce16((*[16]float32)(x[i : i+16])))
	}
	return sum
}

// SiLU computes x[i] = x[i] / (1 + exp(-x[i])) in place (exp as in Softmax).
func SiLU(x []float32) { silu(x) }

// GELU computes the tanh approximation of GELU (ggml_gelu) in place,
// 0.5*x*(1+tanh(u)) with u = sqrt(2/pi)*(x+0.044715*x³), as the equal
// x / (1 + exp(-2u)) (exp as in Softmax).
func GELU(x []float32) { gelu(x) }

// Add computes dst[i] += x[i] for i < len(x) (len(dst) >= len(x)).
func Add(dst, x []float32) {
	dst = dst[:len(x)]
	vecBinary(vecAdd, dst, x, 0)
}

// Mul computes dst[i] *= x[i] for i < len(x) (len(dst) >= len(x)).
func Mul(dst, x []float32) {
	dst = dst[:len(x)]
	vecBinary(vecMul, dst, x, 0)
}

// Scale computes x[i] *= s.
func Scale(x []float32, s float32) { vecBinary(vecScale, x, nil, s) }

// Element-wise operations of vecBinary.
const (
	vecAdd = iota
	vecMul
	vecScale
)

func vecBinaryGeneric(op int, dst, x []float32, s float32) {
	switch op {
	case vecAdd:
		for i, v := range x {
			dst[i] += v
		}
	case vecMul:
		for i, v := range x {
			dst[i] *= v
		}
	default:
		for i := range dst {
			dst[i] *= s
		}
	}
}
