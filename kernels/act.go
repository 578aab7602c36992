package kernels

import "math"

// Activations are quantized on the fly to the 8-bit type ggml pairs with the
// weight type (ggml's vec_dot_type): Q8_0 and Q8_1 blocks of 32 for the
// 32-element weight types, Q8_K blocks of 256 for the k-quants. hyoka keeps
// them in its own layout, never written to files: the int8 values in one
// slice and the float32 scales (not float16, as ggml stores them) beside.

// qAct is one activation row of n values quantized in blocks.
type qAct struct {
	qs []int8    // n quantized values
	d  []float32 // per block: scale, x ≈ d*q
	// s holds per 32-block d*sum(q) (the Q8_1 sum), used by types with an
	// offset (Q4_1, Q5_1). Empty for Q8_K rows.
	s []float32
	// bsums holds per 16 values the sum of q (Q8_K's bsums), used by the
	// k-quants with a minimum. Empty for 32-block rows.
	bsums []int16
}

// quantizeQ8 quantizes x (len a multiple of bs) in blocks of bs values into
// qs, d and, for bs == 32, s; for bs == 256 it fills bsums.
// It is, for each block: d = max|x|/127; q = round(x/d) (0 when d == 0).
func quantizeQ8(a *qAct, x []float32, bs int) {
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
	quantizeQ8Blocks(a, x, bs)
}

func quantizeQ8Generic(a *qAct, x []float32, bs int) {
	for b := 0; b < len(x)/bs; b++ {
		xb := x[b*bs : (b+1)*bs]
		var amax float32
		for _, v := range xb {
			amax = max(amax, float32(math.Abs(float64(v))))
		}
		d := amax / 127
		var id float32
		if d != 0 {
			id = 1 / d
		}
		q := a.qs[b*bs : (b+1)*bs]
		sum := 0
		for i, v := range xb {
			qi := int8(math.RoundToEven(float64(v * id)))
			q[i] = qi
			sum += int(qi)
		}
		a.d[b] = d
		if bs == 32 {
			a.s[b] = d * float32(sum)
		} else {
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

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
