package kernels

import "math"

// Generic float32 kernels. Each doc comment states the contract as a loop.

// Dot returns sum(a[i]*b[i]) for i < len(a), accumulated in a fixed order
// (fixed per implementation). len(b) must be >= len(a).
func Dot(a, b []float32) float32 { return dot(a, b) }

func dotGeneric(a, b []float32) float32 {
	var s0, s1, s2, s3 float32
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < n; i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// RMSNorm computes dst[i] = x[i] / sqrt(mean(x²) + eps) * w[i] (w may be nil:
// no scale). The sum of squares is accumulated in float64.
func RMSNorm(dst, x, w []float32, eps float32) {
	var ss float64
	for _, v := range x {
		ss += float64(v) * float64(v)
	}
	scale := float32(1 / math.Sqrt(ss/float64(len(x))+float64(eps)))
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

// Softmax replaces x by exp(x - max) / sum, in place: the exponentials use
// the package's vectorised exp (expf, about 2 ulp); the sum is formed as
// ggml's CPU backend forms it on AVX-512 machines: each whole group of 16
// values is reduced in float32 by the tree of _mm512_reduce_add_ps (halves
// added pairwise: j+8, then j+4, j+2, j+1) and added to a float64 total
// in group order, then the remaining values one by one in float64. The
// values are scaled by float32(1/total).
func Softmax(x []float32) {
	if len(x) == 0 {
		return
	}
	expSub(x, maxOf(x))
	n16 := len(x) &^ 15
	sum := sum16(x[:n16])
	for _, v := range x[n16:] {
		sum += float64(v)
	}
	Scale(x, float32(1/sum))
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

// sum16Generic is Softmax's total of x (len a multiple of 16): each group
// of 16 reduced by reduce16, added to a float64 in group order.
func sum16Generic(x []float32) float64 {
	var sum float64
	for i := 0; i+16 <= len(x); i += 16 {
		sum += float64(reduce16(x[i : i+16 : i+16]))
	}
	return sum
}

// reduce16 is _mm512_reduce_add_ps's order of additions.
func reduce16(x []float32) float32 {
	x = x[:16]
	var t [8]float32
	for j := range 8 {
		t[j] = x[j+8] + x[j]
	}
	for j := range 4 {
		t[j] = t[j+4] + t[j]
	}
	return (t[0] + t[2]) + (t[1] + t[3])
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
