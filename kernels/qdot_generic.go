package kernels

import (
	"encoding/binary"
	"math"
	"unsafe"

	"hyoka/gguf"
)

// Generic quantized vector dots: one weight row w (whole blocks of its type)
// against one activation row a quantized to the paired 8-bit type. Each is,
// with w[i] and a[i] the dequantized values,
//
//	sum_i w[i] * a[i]
//
// computed as ggml does: an exact integer dot per block (or sub-block),
// scaled by the two block scales and accumulated in float32 block by block
// in order. These are the reference the assembly versions are tested against.

func f16(b []byte) float32 { return gguf.F16ToF32(binary.LittleEndian.Uint16(b)) }

// dotQ8_0Generic and dotQ5_0Generic follow ggml_vec_dot_q8_0_q8_0 /
// ggml_vec_dot_q5_0_q8_0 (AVX2) and llamafile's tinyBLAS_Q0_AVX, which
// compute the same per output: eight lanes of four signed products (lane
// k: values 4k..4k+3), a fused multiply-add by d_w*d_a per block, then
// hsum_float_8.
func dotQ8_0Generic(w []byte, a *qAct) float32 {
	var acc [8]float32
	for i := range len(a.qs) / 32 {
		b := w[34*i : 34*i+34]
		var v [32]int8
		for j := range v {
			v[j] = int8(b[2+j])
		}
		lanesFMA(&acc, &v, a.qs[32*i:32*i+32], f16(b)*a.d[i])
	}
	return hsum8(&acc)
}

// lanesFMA adds d times the eight four-product lane sums of v and q to acc.
func lanesFMA(acc *[8]float32, v *[32]int8, q []int8, d float32) {
	for k := range 8 {
		var s int32
		for j := 4 * k; j < 4*k+4; j++ {
			s += int32(v[j]) * int32(q[j])
		}
		acc[k] = fma32(d, float32(s), acc[k])
	}
}

func dotQ4_0Generic(w []byte, a *qAct) float32 {
	var acc float32
	for i := range len(a.qs) / 32 {
		b := w[18*i : 18*i+18]
		q := a.qs[32*i : 32*i+32]
		var s int32
		for j := range 16 {
			s += (int32(b[2+j]&15) - 8) * int32(q[j])
			s += (int32(b[2+j]>>4) - 8) * int32(q[j+16])
		}
		acc += float32(s) * (f16(b) * a.d[i])
	}
	return acc
}

// dotQ4_1Generic follows ggml_vec_dot_q4_1_q8_1 (AVX2) to the bit: eight
// lanes of four products each (lane k: values 4k..4k+3), accumulated with
// a fused multiply-add by d_w*d_a (exact) per block, reduced as
// hsum_float_8, plus the sum of the minimum terms m*s.
func dotQ4_1Generic(w []byte, a *qAct) float32 {
	var acc [8]float32
	var summs float32
	for i := range len(a.qs) / 32 {
		b := w[20*i : 20*i+20]
		q := a.qs[32*i : 32*i+32]
		summs += f16(b[2:]) * a.s[i] // exact: 11 by 11 bits
		d := f16(b) * a.d[i]         // exact
		for k := range 8 {
			var s int32
			for j := 4 * k; j < 4*k+4; j++ {
				if j < 16 {
					s += int32(b[4+j]&15) * int32(q[j])
				} else {
					s += int32(b[4+j-16]>>4) * int32(q[j])
				}
			}
			acc[k] = fma32(d, float32(s), acc[k])
		}
	}
	return hsum8(&acc) + summs
}

func dotQ5_0Generic(w []byte, a *qAct) float32 {
	var acc [8]float32
	for i := range len(a.qs) / 32 {
		b := w[22*i : 22*i+22]
		qh := binary.LittleEndian.Uint32(b[2:])
		var v [32]int8
		for j := range 16 {
			v[j] = int8(b[6+j]&15|byte(qh>>j&1)<<4) - 16
			v[j+16] = int8(b[6+j]>>4|byte(qh>>(j+16)&1)<<4) - 16
		}
		lanesFMA(&acc, &v, a.qs[32*i:32*i+32], f16(b)*a.d[i])
	}
	return hsum8(&acc)
}

// q5ToQ8Generic rewrites nb Q5_0 blocks (22 bytes: float16 scale, 32
// high bits, 16 bytes of nibbles) at src as Q8_0 blocks (34 bytes: the
// same scale, then the 32 values minus 16 as signed bytes) at dst. Each
// block's dot with a Q8_0 activation is then the same computation in both
// types (dotQ5_0Generic and dotQ8_0Generic differ only in how they read
// the values), so the products keep their bits.
func q5ToQ8Generic(dst, src []byte, nb int) {
	for i := range nb {
		b, o := src[22*i:22*i+22], dst[34*i:34*i+34]
		o[0], o[1] = b[0], b[1]
		qh := binary.LittleEndian.Uint32(b[2:])
		for j := range 16 {
			o[2+j] = byte(int8(b[6+j]&15|byte(qh>>j&1)<<4) - 16)
			o[18+j] = byte(int8(b[6+j]>>4|byte(qh>>(j+16)&1)<<4) - 16)
		}
	}
}

func dotQ5_1Generic(w []byte, a *qAct) float32 {
	var acc float32
	for i := range len(a.qs) / 32 {
		b := w[24*i : 24*i+24]
		qh := binary.LittleEndian.Uint32(b[4:])
		q := a.qs[32*i : 32*i+32]
		var s int32
		for j := range 16 {
			h0 := int32(qh>>j) << 4 & 16
			h1 := int32(qh>>(j+12)) & 16
			s += (int32(b[8+j]&15) | h0) * int32(q[j])
			s += (int32(b[8+j]>>4) | h1) * int32(q[j+16])
		}
		acc += float32(s)*(f16(b)*a.d[i]) + f16(b[2:])*a.s[i]
	}
	return acc
}

// iq4nlValues is ggml's kvalues_iq4nl: the 16 non-linear levels of IQ4_NL.
var iq4nlValues = [16]int8{-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113}

func dotIQ4_NLGeneric(w []byte, a *qAct) float32 {
	var acc float32
	for i := range len(a.qs) / 32 {
		b := w[18*i : 18*i+18]
		q := a.qs[32*i : 32*i+32]
		var s int32
		for j := range 16 {
			s += int32(iq4nlValues[b[2+j]&15]) * int32(q[j])
			s += int32(iq4nlValues[b[2+j]>>4]) * int32(q[j+16])
		}
		acc += float32(s) * (f16(b) * a.d[i])
	}
	return acc
}

// scaleMinK4 decodes the 6-bit scale and minimum of sub-block j (0..7) from
// the 12 packed bytes of a Q4_K/Q5_K super-block (ggml get_scale_min_k4).
func scaleMinK4(j int, q []byte) (sc, m uint8) {
	if j < 4 {
		return q[j] & 63, q[j+4] & 63
	}
	return q[j+4]&15 | q[j-4]>>6<<4, q[j+4]>>4 | q[j]>>6<<4
}

// block_q4_K: d, dmin f16; scales [12]; qs [128] (64-value chunks: low
// nibbles are sub-block 2c, high nibbles sub-block 2c+1).
// As ggml's repacked q4_K gemm (ggml_gemm_q4_K_8x8_q8_K), which llama.cpp
// runs for Q4_K on AVX2 machines: per 64-value chunk one FMA of its integer
// dot by d*da and one of its minimum term by dmin*da, then the difference.
func dotQ4_KGeneric(w []byte, a *qAct) float32 {
	var acc, accm float32
	for i := range len(a.qs) / 256 {
		b := w[144*i : 144*i+144]
		q := a.qs[256*i : 256*i+256]
		bs := a.bsums[16*i : 16*i+16]
		sd := f16(b) * a.d[i]
		sm := f16(b[2:]) * a.d[i]
		var mins [4]int32
		for c := range 4 {
			_, m0 := scaleMinK4(2*c, b[4:16])
			_, m1 := scaleMinK4(2*c+1, b[4:16])
			mins[c] = int32(m0)*(int32(bs[4*c])+int32(bs[4*c+1])) + int32(m1)*(int32(bs[4*c+2])+int32(bs[4*c+3]))
		}
		for c := range 4 {
			accm = fma32(float32(mins[c]), sm, accm)
		}
		for c := range 4 {
			qs := b[16+32*c : 16+32*c+32]
			sc0, _ := scaleMinK4(2*c, b[4:16])
			sc1, _ := scaleMinK4(2*c+1, b[4:16])
			var s0, s1 int32
			for l := range 32 {
				s0 += int32(qs[l]&15) * int32(q[64*c+l])
				s1 += int32(qs[l]>>4) * int32(q[64*c+32+l])
			}
			acc = fma32(float32(int32(sc0)*s0+int32(sc1)*s1), sd, acc)
		}
	}
	// the assembly's reductions over lanes that hold zeros
	return (acc + 0) + (0 - (accm + 0))
}

// block_q5_K: d, dmin f16; scales [12]; qh [32]; qs [128] (64-value
// chunks: low nibbles are sub-block 2c, high nibbles 2c+1; bits 2c and
// 2c+1 of qh[l] their fifth bits).
// As ggml_vec_dot_q5_K_q8_K (AVX2, which llama.cpp runs for Q5_K on x86:
// it does not repack Q5_K there): eight integer lanes per super-block
// (lane m: values 4m..4m+3 of every 32-value sub-block, times the
// sub-block's scale), one FMA per lane by d*da; the minimum term summed
// as an integer, then one scalar FMA by -(dmin*da); at the end
// hsum_float_8 of the lanes plus the minimum sum. Checked bit for bit
// against llama.cpp's own function (TestOracleQ5_K).
func dotQ5_KGeneric(w []byte, a *qAct) float32 {
	var acc [8]float32
	var summs float32
	for i := range len(a.qs) / 256 {
		b := w[176*i : 176*i+176]
		q := a.qs[256*i : 256*i+256]
		bs := a.bsums[16*i : 16*i+16]
		qh := b[16:48]
		var lanes [8]int32
		var summ int32
		for c := range 4 {
			qs := b[48+32*c : 48+32*c+32]
			sc0, m0 := scaleMinK4(2*c, b[4:16])
			sc1, m1 := scaleMinK4(2*c+1, b[4:16])
			for l := range 32 {
				u0 := int32(qs[l]&15) | int32(qh[l]>>(2*c)&1)<<4
				u1 := int32(qs[l]>>4) | int32(qh[l]>>(2*c+1)&1)<<4
				lanes[l/4] += int32(sc0)*u0*int32(q[64*c+l]) + int32(sc1)*u1*int32(q[64*c+32+l])
			}
			summ += int32(m0)*(int32(bs[4*c])+int32(bs[4*c+1])) + int32(m1)*(int32(bs[4*c+2])+int32(bs[4*c+3]))
		}
		d := f16(b) * a.d[i]
		dmin := -(f16(b[2:]) * a.d[i])
		summs = fma32(float32(summ), dmin, summs)
		for m := range lanes {
			acc[m] = fma32(float32(lanes[m]), d, acc[m])
		}
	}
	return hsum8(&acc) + summs
}

// block_q6_K: ql [128]; qh [64]; scales [16]int8; d f16. Two halves of 128
// values, each four 32-value quarters; one int8 scale per 16 values.
// As ggml_vec_dot_q6_K_q8_K (AVX2): eight integer lanes per super-block
// (lane m: values 4m..4m+3 of every quarter, unsigned 0..63, times their
// scale), minus 32*(bsums[2m]*sc[2m] + bsums[2m+1]*sc[2m+1]) for the -32
// offsets, then a fused multiply-add by d_a*d_w per lane and hsum_float_8.
func dotQ6_KGeneric(w []byte, a *qAct) float32 {
	var acc [8]float32
	for i := range len(a.qs) / 256 {
		b := w[210*i : 210*i+210]
		q := a.qs[256*i : 256*i+256]
		bs := a.bsums[16*i : 16*i+16]
		var lanes [8]int32
		for h := range 2 {
			ql := b[64*h : 64*h+64]
			qh := b[128+32*h : 128+32*h+32]
			sc := b[192+8*h : 192+8*h+8]
			y := q[128*h : 128*h+128]
			for l := range 32 {
				g := l / 16
				q1 := int32(ql[l]&15 | (qh[l]>>0&3)<<4)
				q2 := int32(ql[l+32]&15 | (qh[l]>>2&3)<<4)
				q3 := int32(ql[l]>>4 | (qh[l]>>4&3)<<4)
				q4 := int32(ql[l+32]>>4 | (qh[l]>>6&3)<<4)
				lanes[l/4] += int32(int8(sc[g]))*q1*int32(y[l]) + int32(int8(sc[g+2]))*q2*int32(y[l+32]) +
					int32(int8(sc[g+4]))*q3*int32(y[l+64]) + int32(int8(sc[g+6]))*q4*int32(y[l+96])
			}
		}
		d := f16(b[208:]) * a.d[i]
		for m := range lanes {
			lanes[m] -= 32 * (int32(bs[2*m])*int32(int8(b[192+2*m])) + int32(bs[2*m+1])*int32(int8(b[192+2*m+1])))
			acc[m] = fma32(d, float32(lanes[m]), acc[m])
		}
	}
	return hsum8(&acc)
}

// Float weight rows against float32 activations.

func f32View(b []byte) []float32 {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4)
}

func dotF16Generic(w []byte, x []float32) float32 {
	var s0, s1, s2, s3 float32
	n := len(x)
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += f16(w[2*i:]) * x[i]
		s1 += f16(w[2*i+2:]) * x[i+1]
		s2 += f16(w[2*i+4:]) * x[i+2]
		s3 += f16(w[2*i+6:]) * x[i+3]
	}
	for ; i < n; i++ {
		s0 += f16(w[2*i:]) * x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func dotBF16Generic(w []byte, x []float32) float32 {
	bf := func(i int) float32 { return math.Float32frombits(uint32(binary.LittleEndian.Uint16(w[2*i:])) << 16) }
	var s0, s1, s2, s3 float32
	n := len(x)
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += bf(i) * x[i]
		s1 += bf(i+1) * x[i+1]
		s2 += bf(i+2) * x[i+2]
		s3 += bf(i+3) * x[i+3]
	}
	for ; i < n; i++ {
		s0 += bf(i) * x[i]
	}
	return (s0 + s1) + (s2 + s3)
}
