package kernels

import "math"

// Scalar models of the vector arithmetic of llama.cpp's CPU backend (the
// AVX-512 build it runs on this kind of machine), for the generic kernels.
// They give the bits the SIMD instructions give: a fused multiply-add
// rounded once, the lane order of a 16-lane reduction, ggml's exp.

// FMA32 is a*b + c rounded once to float32, as the VFMADD instructions do.
func FMA32(a, b, c float32) float32 {
	p := float64(a) * float64(b) // exact: 24 by 24 bits
	s := p + float64(c)
	// s is p+c rounded to float64; rounding s again to float32 errs only
	// when s lies exactly halfway between two float32 values and the
	// float64 rounding moved it there (fma32Tie).
	if math.Float64bits(s)&(1<<29-1) == 1<<28 {
		return fma32Tie(p, float64(c), s)
	}
	return float32(s)
}

func fma32(a, b, c float32) float32 { return FMA32(a, b, c) }

// fma32Tie rounds p + c to float32 when its float64 rounding s is a
// float32 midpoint: s steps towards the exact sum first.
func fma32Tie(p, c, s float64) float32 {
	bb := s - p
	if e := (p - (s - bb)) + (c - bb); e != 0 { // p + c = s + e exactly (TwoSum)
		s = math.Nextafter(s, math.Copysign(math.Inf(1), e))
	}
	return float32(s)
}

// reduce16 is _mm512_reduce_add_ps: halves of 8, then 4, then pairs 2 apart,
// then the last two.
func reduce16(v *[16]float32) float32 {
	var h [8]float32
	for i := range h {
		h[i] = v[i+8] + v[i]
	}
	var g [4]float32
	for i := range g {
		g[i] = h[i+4] + h[i]
	}
	return (g[0] + g[2]) + (g[1] + g[3])
}

// hsum8 is ggml's hsum_float_8: halves of 4, then pairs 2 apart, then the
// last two.
func hsum8(v *[8]float32) float32 {
	var s [4]float32
	for i := range s {
		s[i] = v[i+4] + v[i]
	}
	return (s[0] + s[2]) + (s[1] + s[3])
}

// expGGML is ggml_v_expf (AVX-512 version), one lane: n = round(x/ln2)
// through the 1.5*2^23 shift, b = x - n*ln2 in two fused steps, a degree-5
// polynomial in fused steps, scaled by 2^n (VSCALEFPS, one rounding);
// 0 below and +Inf above |n| > 192.
func expGGML(x float32) float32 {
	const r = 0x1.8p23
	z := fma32(x, 0x1.715476p+0, r)
	n := z - r
	b := fma32(-n, 0x1.7f7d1cp-20, fma32(-n, 0x1.62e4p-1, x))
	u := b * b
	j := fma32(
		fma32(fma32(0x1.0e4020p-7, b, 0x1.573e2ep-5), u, fma32(0x1.555e66p-3, b, 0x1.fffdb6p-2)),
		u,
		fma32(0x1.ffffecp-1, b, 1))
	if !(math.Abs(float64(n)) <= 192) { // NaN x falls through to the scaled NaN in ggml too
		if n > 192 {
			return float32(math.Inf(1))
		}
		if n <= 0 {
			return 0
		}
	}
	return scalef(j, n)
}

// scalef is j*2^n rounded once (n integral, |n| <= 192), computed as
// (j*2^c)*2^(n-c) with c = clamp(n, -125, 127): the first product is exact
// for the |j| in [0.7, 1.5] expGGML produces, the second rounds once.
func scalef(j, n float32) float32 {
	c := min(max(n, -125), 127)
	a := j * math.Float32frombits(uint32(int32(c)+127)<<23)
	return a * math.Float32frombits(uint32(int32(n-c)+127)<<23)
}

// dotLanes16 is llamafile's tinyBLAS dot on AVX-512 (what llama.cpp runs for
// F32 and F16 products of two or more tokens, the attention's included):
// lane l accumulates a[i]*b[i] for i%16 == l with fused multiply-adds in i
// order, then reduce16.
func dotLanes16(a, b []float32) float32 {
	var acc [16]float32
	b = b[:len(a)]
	n := len(a)
	for i, v := range a {
		acc[i%16] = fma32(v, b[i], acc[i%16])
	}
	if r := n % 16; r != 0 {
		// the assembly's masked loads: the missing lanes add 0*0
		for l := r; l < 16; l++ {
			acc[l] += 0
		}
	}
	return reduce16(&acc)
}
