package gguf

import (
	"encoding/binary"
	"math"
)

// The 32-element block types beyond quant_basic.go: Q5_0, Q5_1 and Q8_1.
// Quantizers follow gguf-py's numpy code where it has one (it agrees with
// ggml's quantize_row_*_ref except where noted) and ggml's *_ref otherwise.
//
// Products are wrapped in float32() before an addition so that the compiler
// never fuses them into an FMA: the results must round like ggml's and
// numpy's separate multiply and add.

func init() {
	traits[Q5_0].Dequantize = dequantQ5_0
	traits[Q5_0].Quantize = quantQ5_0
	traits[Q5_1].Dequantize = dequantQ5_1
	traits[Q5_1].Quantize = quantQ5_1
	traits[Q8_1].Dequantize = dequantQ8_1
	traits[Q8_1].Quantize = quantQ8_1
}

// block_q5_0: d f16, qh [4]uint8 (bit j is the fifth bit of element j),
// qs [16]uint8 (low nibbles as in Q4_0); value (q-16)*d.
func dequantQ5_0(dst []float32, src []byte) {
	for i := 0; i < len(dst)/32; i++ {
		b := src[22*i : 22*i+22]
		d := f16At(b)
		qh := binary.LittleEndian.Uint32(b[2:])
		y := dst[32*i : 32*i+32]
		for j := 0; j < 16; j++ {
			h0 := byte(qh>>j&1) << 4
			h1 := byte(qh>>(j+16)&1) << 4
			y[j] = float32(int(b[6+j]&0xf|h0)-16) * d
			y[j+16] = float32(int(b[6+j]>>4|h1)-16) * d
		}
	}
}

// quantQ5_0 is gguf-py's Q5_0.quantize_blocks (ggml quantize_row_q5_0_ref).
func quantQ5_0(dst []byte, src []float32) {
	for i := 0; i < len(src)/32; i++ {
		x := src[32*i : 32*i+32]
		b := dst[22*i : 22*i+22]
		_, mx := absMax(x)
		d := mx / -16
		var id float32
		if d != 0 {
			id = 1 / d
		}
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		var qh uint32
		for j := 0; j < 16; j++ {
			q0 := truncClamp(float32(x[j]*id)+16.5, 31)
			q1 := truncClamp(float32(x[j+16]*id)+16.5, 31)
			b[6+j] = q0&0xf | q1<<4
			qh |= uint32(q0>>4) << j
			qh |= uint32(q1>>4) << (j + 16)
		}
		binary.LittleEndian.PutUint32(b[2:], qh)
	}
}

// block_q5_1: d f16, m f16, qh [4]uint8, qs [16]uint8; value q*d + m.
func dequantQ5_1(dst []float32, src []byte) {
	for i := 0; i < len(dst)/32; i++ {
		b := src[24*i : 24*i+24]
		d, m := f16At(b), f16At(b[2:])
		qh := binary.LittleEndian.Uint32(b[4:])
		y := dst[32*i : 32*i+32]
		for j := 0; j < 16; j++ {
			h0 := byte(qh>>j&1) << 4
			h1 := byte(qh>>(j+16)&1) << 4
			y[j] = float32(float32(b[8+j]&0xf|h0)*d) + m
			y[j+16] = float32(float32(b[8+j]>>4|h1)*d) + m
		}
	}
}

// quantQ5_1 is gguf-py's Q5_1.quantize_blocks. It clamps q to 31 where
// ggml's quantize_row_q5_1_ref would wrap a rounding overshoot to 0.
func quantQ5_1(dst []byte, src []float32) {
	for i := 0; i < len(src)/32; i++ {
		x := src[32*i : 32*i+32]
		b := dst[24*i : 24*i+24]
		mn, mx := minMax(x)
		d := float32(mx-mn) / 31
		var id float32
		if d != 0 {
			id = 1 / d
		}
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		binary.LittleEndian.PutUint16(b[2:], F32ToF16(mn))
		var qh uint32
		for j := 0; j < 16; j++ {
			q0 := truncClamp(float32(float32(x[j]-mn)*id)+0.5, 31)
			q1 := truncClamp(float32(float32(x[j+16]-mn)*id)+0.5, 31)
			b[8+j] = q0&0xf | q1<<4
			qh |= uint32(q0>>4) << j
			qh |= uint32(q1>>4) << (j + 16)
		}
		binary.LittleEndian.PutUint32(b[4:], qh)
	}
}

// block_q8_1: d f16, s f16 (= d * sum of qs), qs [32]int8; value q*d.
// ggml has no dequantizer for it (it only holds activations); q*d is the
// obvious inverse and s is ignored.
func dequantQ8_1(dst []float32, src []byte) {
	for i := 0; i < len(dst)/32; i++ {
		b := src[36*i : 36*i+36]
		d := f16At(b)
		for j := 0; j < 32; j++ {
			dst[32*i+j] = float32(int8(b[4+j])) * d
		}
	}
}

// quantQ8_1 is ggml's quantize_row_q8_1_ref (gguf-py has no Q8_1).
func quantQ8_1(dst []byte, src []float32) {
	for i := 0; i < len(src)/32; i++ {
		x := src[32*i : 32*i+32]
		b := dst[36*i : 36*i+36]
		amax, _ := absMax(x)
		d := amax / 127
		var id float32
		if d != 0 {
			id = 1 / d
		}
		sum := 0
		for j, v := range x {
			q := int8(roundAway(v * id))
			b[4+j] = byte(q)
			sum += int(q)
		}
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		binary.LittleEndian.PutUint16(b[2:], F32ToF16(float32(sum)*d))
	}
}

// absMax returns the largest |x[i]| and the first x[i] that has it.
func absMax(x []float32) (amax, v float32) {
	for _, xi := range x {
		if a := float32(math.Abs(float64(xi))); a > amax {
			amax, v = a, xi
		}
	}
	return amax, v
}

// minMax returns the smallest and the largest element of x; of equal ones
// (-0 and +0) the first, as ggml's `if (v < min) min = v` loop does.
func minMax(x []float32) (mn, mx float32) {
	mn, mx = x[0], x[0]
	for _, v := range x[1:] {
		if v < mn {
			mn = v
		}
		if v > mx {
			mx = v
		}
	}
	return mn, mx
}

// truncClamp truncates v toward zero and clamps it to 0..hi, as numpy's
// trunc(...).astype(uint8).clip(0, hi) does for the in-range values the
// quantizers produce (v is never negative there; NaN gives 0).
func truncClamp(v float32, hi uint8) uint8 {
	if !(v > 0) {
		return 0
	}
	if v >= float32(hi) {
		return hi
	}
	return uint8(v)
}
