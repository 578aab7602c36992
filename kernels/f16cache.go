package kernels

import "hyoka/gguf"

// The attention kernels read a key/value cache held in half precision:
// IEEE 754 binary16 bits, one uint16 per value. llama.cpp's cache is F16
// by default, so the values hyoka caches are half-precision numbers
// anyway; keeping them as such halves the memory that attention reads per
// token. Widening a half-precision value to float32 is exact, so every
// kernel computes what it would on the same values held as float32.

// ToF16 stores x in dst as half-precision bits, rounding to nearest even
// (as F16C's VCVTPS2PH does). It panics if dst is shorter than x.
func ToF16(dst []uint16, x []float32) {
	toF16(dst[:len(x)], x)
}

// FromF16 widens the half-precision values h into dst (exact). It panics
// if dst is shorter than h.
func FromF16(dst []float32, h []uint16) {
	fromF16(dst[:len(h)], h)
}

// widenF16 widens h into dst[:len(h)] and returns that slice.
func widenF16(dst []float32, h []uint16) []float32 {
	dst = dst[:len(h)]
	fromF16(dst, h)
	return dst
}

func toF16Generic(dst []uint16, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = gguf.F32ToF16(v)
	}
}

func fromF16Generic(dst []float32, h []uint16) {
	dst = dst[:len(h)]
	for i, v := range h {
		dst[i] = gguf.F16ToF32(v)
	}
}

// rowBuf returns scratch for one widened cache row of n values: buf when
// it is long enough, else a new slice.
func rowBuf(buf []float32, n int) []float32 {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]float32, n)
}
