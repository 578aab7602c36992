package kernels

import (
	"math"

	"hyoka/gguf"
)

// Activations are quantized on the fly to the 8-bit type ggml pairs with the
// weight type (ggml's vec_dot_type): Q8_0 and Q8_1 blocks of 32 for the
// 32-element weight types, Q8_K blocks of 256 for the k-quants. hyoka keeps
// them in its own layout, never written to files: the int8 values in one
// slice and the scales beside, as float32 but holding exactly the values
// ggml stores (half precision for Q8_0/Q8_1, float32 for Q8_K), so that the
// products see the same numbers as llama.cpp's.

// qAct is one activation row of n values quantized in blocks.
type qAct struct {
	qs []int8    // n quantized values
	d  []float32 // per block: scale, x ≈ d*q
	// s holds per 32-block the Q8_1 sum f16(d32*sum(q)), d32 = max|x|/127
	// before rounding, used by types with an offset (Q4_1, Q5_1); rows
	// quantized for Q8_0 hold the exact d*sum(q) instead (the assembly uses
	// it for the -8/-16 offsets of Q4_0/Q5_0). Empty for Q8_K rows.
	s []float32
	// bsums holds per 16 values the sum of q (Q8_K's bsums), used by the
	// k-quants with a minimum. Empty for 32-block rows.
	bsums []int16
}

// quantizeQ8 quantizes x (len a multiple of bs) in blocks of bs values into
// qs, d and, for bs == 32, s (Q8_1's when q81, else d*sum(q)); for bs == 256
// it fills bsums. Per block, with
// amax = max|x| and id = 127/amax (0 when amax == 0), q = roundeven(x*id),
// and as ggml's x86 quantize_row_q8_0/q8_1 and quantize_row_q8_K:
//
//	bs 32:  d = f16(amax/127), s = f16((amax/127)*sum(q)) (q81)
//	bs 256: d = 1/id (0 when amax == 0)
//
// (ggml's Q8_K takes the signed element of largest magnitude and negates
// both q and d when it is positive; the products are the same.)
func quantizeQ8(a *qAct, x []float32, bs int, q81 bool) {
	n := len(x)
	a.qs = grow(a.qs, n)
	a.d = grow(a.d, n/bs)
	if bs == 32 {
		a.s = grow(a.s, n/32)
		a.bsums = a.bsums[:0]
	} else {
		a.s = a.s[:0]
		a.bsums = grow(a.bsums, n/16)
	}
	quantizeQ8Blocks(a, x, bs, q81)
}

func quantizeQ8Generic(a *qAct, x []float32, bs int, q81 bool) {
	for b := 0; b < len(x)/bs; b++ {
		xb := x[b*bs : (b+1)*bs]
		var amax float32
		for _, v := range xb {
			amax = max(amax, float32(math.Abs(float64(v))))
		}
		var id float32
		if amax != 0 {
			id = 127 / amax
		}
		q := a.qs[b*bs : (b+1)*bs]
		sum := 0
		for i, v := range xb {
			qi := int8(math.RoundToEven(float64(v * id)))
			q[i] = qi
			sum += int(qi)
		}
		if bs == 32 {
			d := amax / 127
			a.d[b] = roundF16One(d)
			if q81 {
				a.s[b] = roundF16One(d * float32(sum))
			} else {
				a.s[b] = a.d[b] * float32(sum) // exact: 11 by 12 bits
			}
		} else {
			a.d[b] = 0
			if amax != 0 {
				a.d[b] = 1 / id
			}
			for j := 0; j < bs/16; j++ {
				s := 0
				for _, v := range q[16*j : 16*j+16] {
					s += int(v)
				}
				a.bsums[b*bs/16+j] = int16(s)
			}
		}
	}
}

// roundF16One rounds v to the nearest half-precision value (ties to even).
func roundF16One(v float32) float32 { return gguf.F16ToF32(gguf.F32ToF16(v)) }

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
