package gguf

import (
	"encoding/binary"
	"math"
)

// Conversions of the float types and of the simplest block types. Block
// layouts follow ggml-common.h; quantizers follow ggml's *_ref functions.

func init() {
	traits[F32].Dequantize = func(dst []float32, src []byte) {
		for i := range dst {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:]))
		}
	}
	traits[F32].Quantize = func(dst []byte, src []float32) {
		for i, v := range src {
			binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
		}
	}
	traits[F16].Dequantize = func(dst []float32, src []byte) {
		for i := range dst {
			dst[i] = F16ToF32(binary.LittleEndian.Uint16(src[2*i:]))
		}
	}
	traits[F16].Quantize = func(dst []byte, src []float32) {
		for i, v := range src {
			binary.LittleEndian.PutUint16(dst[2*i:], F32ToF16(v))
		}
	}
	traits[BF16].Dequantize = func(dst []float32, src []byte) {
		for i := range dst {
			dst[i] = BF16ToF32(binary.LittleEndian.Uint16(src[2*i:]))
		}
	}
	traits[BF16].Quantize = func(dst []byte, src []float32) {
		for i, v := range src {
			binary.LittleEndian.PutUint16(dst[2*i:], F32ToBF16(v))
		}
	}
	traits[Q8_0].Dequantize = dequantQ8_0
	traits[Q8_0].Quantize = quantQ8_0
	traits[Q4_0].Dequantize = dequantQ4_0
	traits[Q4_0].Quantize = quantQ4_0
	traits[Q4_1].Dequantize = dequantQ4_1
	traits[Q4_1].Quantize = quantQ4_1
}

func f16At(b []byte) float32 { return F16ToF32(binary.LittleEndian.Uint16(b)) }

// block_q8_0: d f16, qs [32]int8.
func dequantQ8_0(dst []float32, src []byte) {
	for i := 0; i < len(dst)/32; i++ {
		b := src[34*i : 34*i+34]
		d := f16At(b)
		for j := 0; j < 32; j++ {
			dst[32*i+j] = float32(int8(b[2+j])) * d
		}
	}
}

func quantQ8_0(dst []byte, src []float32) {
	for i := 0; i < len(src)/32; i++ {
		x := src[32*i : 32*i+32]
		b := dst[34*i : 34*i+34]
		var amax float32
		for _, v := range x {
			amax = max(amax, float32(math.Abs(float64(v))))
		}
		d := amax / 127
		var id float32
		if d != 0 {
			id = 1 / d
		}
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		for j, v := range x {
			b[2+j] = byte(int8(roundAway(v * id)))
		}
	}
}

// roundAway rounds half away from zero, like C's roundf.
func roundAway(x float32) float32 { return float32(math.Round(float64(x))) }

// block_q4_0: d f16, qs [16]uint8; element j is the low nibble of qs[j],
// element j+16 the high nibble; value (q-8)*d.
func dequantQ4_0(dst []float32, src []byte) {
	for i := 0; i < len(dst)/32; i++ {
		b := src[18*i : 18*i+18]
		d := f16At(b)
		for j := 0; j < 16; j++ {
			dst[32*i+j] = float32(int(b[2+j]&0xf)-8) * d
			dst[32*i+j+16] = float32(int(b[2+j]>>4)-8) * d
		}
	}
}

func quantQ4_0(dst []byte, src []float32) {
	for i := 0; i < len(src)/32; i++ {
		x := src[32*i : 32*i+32]
		b := dst[18*i : 18*i+18]
		_, mx := absMax(x)
		d := mx / -8
		var id float32
		if d != 0 {
			id = 1 / d
		}
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		for j := 0; j < 16; j++ {
			q0 := truncClamp(float32(x[j]*id)+8.5, 15)
			q1 := truncClamp(float32(x[j+16]*id)+8.5, 15)
			b[2+j] = q0 | q1<<4
		}
	}
}

// block_q4_1: d f16, m f16, qs [16]uint8; value q*d + m.
func dequantQ4_1(dst []float32, src []byte) {
	for i := 0; i < len(dst)/32; i++ {
		b := src[20*i : 20*i+20]
		d, m := f16At(b), f16At(b[2:])
		for j := 0; j < 16; j++ {
			dst[32*i+j] = float32(float32(b[4+j]&0xf)*d) + m
			dst[32*i+j+16] = float32(float32(b[4+j]>>4)*d) + m
		}
	}
}

func quantQ4_1(dst []byte, src []float32) {
	for i := 0; i < len(src)/32; i++ {
		x := src[32*i : 32*i+32]
		b := dst[20*i : 20*i+20]
		mn, mx := minMax(x)
		d := float32(mx-mn) / 15
		var id float32
		if d != 0 {
			id = 1 / d
		}
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		binary.LittleEndian.PutUint16(b[2:], F32ToF16(mn))
		for j := 0; j < 16; j++ {
			q0 := truncClamp(float32(float32(x[j]-mn)*id)+0.5, 15)
			q1 := truncClamp(float32(float32(x[j+16]-mn)*id)+0.5, 15)
			b[4+j] = q0 | q1<<4
		}
	}
}
