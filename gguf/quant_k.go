package gguf

import (
	"encoding/binary"
	"math"
)

// The k-quants: 256-element super-blocks (QK_K) of 16 or 32-element
// sub-blocks, each with its own quantized scale (and min). Layouts follow
// ggml-common.h; dequantizers compute in the same order as ggml's
// dequantize_row_* and gguf-py, so results agree bit for bit.

func init() {
	traits[Q2_K].Dequantize = dequantQ2_K
	traits[Q3_K].Dequantize = dequantQ3_K
	traits[Q4_K].Dequantize = dequantQ4_K
	traits[Q5_K].Dequantize = dequantQ5_K
	traits[Q6_K].Dequantize = dequantQ6_K
	traits[Q8_K].Dequantize = dequantQ8_K
	traits[Q8_K].Quantize = quantQ8_K
}

// block_q2_K (84 bytes): scales [16]uint8 (low nibble scale, high nibble
// min of each 16-element sub-block), qs [64]uint8 (2-bit quants), d f16,
// dmin f16. Value d*sc*q - dmin*m.
func dequantQ2_K(dst []float32, src []byte) {
	for i := 0; i < len(dst)/QK_K; i++ {
		b := src[84*i : 84*i+84]
		scales, qs := b[:16], b[16:80]
		d, dmin := f16At(b[80:]), f16At(b[82:])
		y := dst[QK_K*i : QK_K*i+QK_K]
		for n := 0; n < 2; n++ { // halves of 128
			q := qs[32*n : 32*n+32]
			for j := 0; j < 4; j++ { // 2-bit planes
				shift := 2 * j
				for h := 0; h < 2; h++ { // 16-element sub-blocks
					sc := scales[8*n+2*j+h]
					dl := d * float32(sc&0xf)
					ml := dmin * float32(sc>>4)
					out := y[128*n+32*j+16*h:]
					for l := 0; l < 16; l++ {
						out[l] = float32(dl*float32(q[16*h+l]>>shift&3)) - ml
					}
				}
			}
		}
	}
}

// q3Scale returns the 6-bit scale i (0..15) of a block_q3_K, packed as
// low nibbles in bytes 0..7 (i<8: low nibble of byte i, else high nibble of
// byte i-8) and high 2-bit pairs in bytes 8..11.
func q3Scale(s []byte, i int) int {
	var lo byte
	if i < 8 {
		lo = s[i] & 0xf
	} else {
		lo = s[i-8] >> 4
	}
	hi := s[8+i%4] >> (2 * (i / 4)) & 3
	return int(lo|hi<<4) - 32
}

// block_q3_K (110 bytes): hmask [32]uint8 (high bit of every quant; a clear
// bit subtracts 4), qs [64]uint8 (low 2 bits), scales [12]uint8 (16 6-bit
// signed scales), d f16. Value d*(sc-32)*(q - 4*!h).
func dequantQ3_K(dst []float32, src []byte) {
	for i := 0; i < len(dst)/QK_K; i++ {
		b := src[110*i : 110*i+110]
		hm, qs, scales := b[:32], b[32:96], b[96:108]
		d := f16At(b[108:])
		y := dst[QK_K*i : QK_K*i+QK_K]
		for n := 0; n < 2; n++ {
			q := qs[32*n : 32*n+32]
			for j := 0; j < 4; j++ {
				shift := 2 * j
				m := byte(1) << (4*n + j)
				for h := 0; h < 2; h++ {
					dl := d * float32(q3Scale(scales, 8*n+2*j+h))
					out := y[128*n+32*j+16*h:]
					for l := 16 * h; l < 16*h+16; l++ {
						v := int(q[l] >> shift & 3)
						if hm[l]&m == 0 {
							v -= 4
						}
						out[l-16*h] = dl * float32(v)
					}
				}
			}
		}
	}
}

// scaleMinK4 unpacks the 6-bit scale and min of sub-block j (0..7) from the
// 12 scale bytes of block_q4_K / block_q5_K (ggml get_scale_min_k4).
func scaleMinK4(j int, q []byte) (sc, m uint8) {
	if j < 4 {
		return q[j] & 63, q[j+4] & 63
	}
	return q[j+4]&0xf | (q[j-4]>>6)<<4, q[j+4]>>4 | (q[j]>>6)<<4
}

// block_q4_K (144 bytes): d f16, dmin f16, scales [12]uint8 (eight 6-bit
// scales and mins), qs [128]uint8: each 32-byte group holds two 32-element
// sub-blocks, the first in the low nibbles. Value d*sc*q - dmin*m.
func dequantQ4_K(dst []float32, src []byte) {
	for i := 0; i < len(dst)/QK_K; i++ {
		b := src[144*i : 144*i+144]
		d, dmin := f16At(b), f16At(b[2:])
		scales, qs := b[4:16], b[16:144]
		y := dst[QK_K*i : QK_K*i+QK_K]
		for g := 0; g < 4; g++ {
			q := qs[32*g : 32*g+32]
			sc1, m1 := scaleMinK4(2*g, scales)
			sc2, m2 := scaleMinK4(2*g+1, scales)
			d1, dm1 := d*float32(sc1), dmin*float32(m1)
			d2, dm2 := d*float32(sc2), dmin*float32(m2)
			out := y[64*g : 64*g+64]
			for l := 0; l < 32; l++ {
				out[l] = float32(d1*float32(q[l]&0xf)) - dm1
				out[l+32] = float32(d2*float32(q[l]>>4)) - dm2
			}
		}
	}
}

// block_q5_K (176 bytes): d f16, dmin f16, scales [12]uint8, qh [32]uint8
// (fifth bits: bit 2g of qh[l] for the low nibble of group g, bit 2g+1 for
// the high), qs [128]uint8 as in Q4_K. Value d*sc*q - dmin*m.
func dequantQ5_K(dst []float32, src []byte) {
	for i := 0; i < len(dst)/QK_K; i++ {
		b := src[176*i : 176*i+176]
		d, dmin := f16At(b), f16At(b[2:])
		scales, qh, qs := b[4:16], b[16:48], b[48:176]
		y := dst[QK_K*i : QK_K*i+QK_K]
		for g := 0; g < 4; g++ {
			q := qs[32*g : 32*g+32]
			sc1, m1 := scaleMinK4(2*g, scales)
			sc2, m2 := scaleMinK4(2*g+1, scales)
			d1, dm1 := d*float32(sc1), dmin*float32(m1)
			d2, dm2 := d*float32(sc2), dmin*float32(m2)
			out := y[64*g : 64*g+64]
			for l := 0; l < 32; l++ {
				lo := q[l]&0xf | (qh[l]>>(2*g)&1)<<4
				hi := q[l]>>4 | (qh[l]>>(2*g+1)&1)<<4
				out[l] = float32(d1*float32(lo)) - dm1
				out[l+32] = float32(d2*float32(hi)) - dm2
			}
		}
	}
}

// block_q6_K (210 bytes): ql [128]uint8 (low 4 bits), qh [64]uint8 (high 2
// bits), scales [16]int8 (one per 16 elements), d f16. Value d*sc*(q-32).
func dequantQ6_K(dst []float32, src []byte) {
	for i := 0; i < len(dst)/QK_K; i++ {
		b := src[210*i : 210*i+210]
		d := f16At(b[208:])
		y := dst[QK_K*i : QK_K*i+QK_K]
		for n := 0; n < 2; n++ {
			ql, qh, sc := b[64*n:64*n+64], b[128+32*n:128+32*n+32], b[192+8*n:192+8*n+8]
			out := y[128*n : 128*n+128]
			for l := 0; l < 32; l++ {
				is := l / 16
				q1 := int(ql[l]&0xf|(qh[l]>>0&3)<<4) - 32
				q2 := int(ql[l+32]&0xf|(qh[l]>>2&3)<<4) - 32
				q3 := int(ql[l]>>4|(qh[l]>>4&3)<<4) - 32
				q4 := int(ql[l+32]>>4|(qh[l]>>6&3)<<4) - 32
				out[l] = d * float32(int8(sc[is])) * float32(q1)
				out[l+32] = d * float32(int8(sc[is+2])) * float32(q2)
				out[l+64] = d * float32(int8(sc[is+4])) * float32(q3)
				out[l+96] = d * float32(int8(sc[is+6])) * float32(q4)
			}
		}
	}
}

// block_q8_K (292 bytes): d float32, qs [256]int8, bsums [16]int16 (sums of
// each 16 quants, for dot products). Value d*q.
func dequantQ8_K(dst []float32, src []byte) {
	for i := 0; i < len(dst)/QK_K; i++ {
		b := src[292*i : 292*i+292]
		d := math.Float32frombits(binary.LittleEndian.Uint32(b))
		for j := 0; j < QK_K; j++ {
			dst[QK_K*i+j] = d * float32(int8(b[4+j]))
		}
	}
}

// quantQ8_K is ggml's quantize_row_q8_K_ref (gguf-py has no Q8_K). An
// all-zero block gets d = 0 and zero quants and sums.
func quantQ8_K(dst []byte, src []float32) {
	for i := 0; i < len(src)/QK_K; i++ {
		x := src[QK_K*i : QK_K*i+QK_K]
		b := dst[292*i : 292*i+292]
		clear(b)
		amax, mx := absMax(x)
		if amax == 0 {
			continue
		}
		iscale := -127 / mx
		for j, v := range x {
			b[4+j] = byte(int8(min(127, nearestInt(float32(iscale*v)))))
		}
		for j := 0; j < QK_K/16; j++ {
			sum := 0
			for _, q := range b[4+16*j : 4+16*j+16] {
				sum += int(int8(q))
			}
			binary.LittleEndian.PutUint16(b[260+2*j:], uint16(int16(sum)))
		}
		binary.LittleEndian.PutUint32(b, math.Float32bits(1/iscale))
	}
}

// nearestInt rounds half to even, like ggml's nearest_int (the 1.5*2^23
// addition trick, valid for |v| <= 4194303); out-of-range and NaN inputs
// give what that trick gives rather than a panic.
func nearestInt(v float32) int {
	f := v + 12582912
	return int(math.Float32bits(f)&0x007fffff) - 0x00400000
}
