package gguf

import "encoding/binary"

// Reference quantizers of IQ4_NL and IQ4_XS: Go versions of ggml's
// quantize_row_iq4_nl_ref and quantize_row_iq4_xs_ref (both go through
// quantize_row_iq4_nl_impl, without importance weights), checked bit for bit
// against llama.cpp's libggml-base in the golden tests.

func init() {
	traits[IQ4_NL].Quantize = quantIQ4_NL
	traits[IQ4_XS].Quantize = quantIQ4_XS
}

// bestIndexIQ4 returns the index of the kvaluesIQ4NL level nearest to x
// (ggml best_index_int8; on a tie, the upper level).
func bestIndexIQ4(x float32) int {
	v := &kvaluesIQ4NL
	if x <= float32(v[0]) {
		return 0
	}
	if x >= float32(v[15]) {
		return 15
	}
	lo, hi := 0, 15
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if x < float32(v[mid]) {
			hi = mid
		} else {
			lo = mid
		}
	}
	if float32(x-float32(v[hi-1])) < float32(float32(v[hi])-x) {
		return hi - 1
	}
	return hi
}

// iq4Scale finds the scale of one 32-element group (the per-group part of
// quantize_row_iq4_nl_impl): L receives level indices, weights are x².
// ntry > 0 also tries 2*ntry+1 nearby scales. A group below groupMaxEps
// gets scale 0 and L untouched.
func iq4Scale(x []float32, L []uint8, ntry int) float32 {
	var amax, mx float32
	for _, v := range x {
		if a := abs32(v); a > amax {
			amax, mx = a, v
		}
	}
	if amax < groupMaxEps {
		return 0
	}
	v0 := float32(kvaluesIQ4NL[0])
	var d float32
	if ntry > 0 {
		d = -mx / v0
	} else {
		d = mx / v0
	}
	id := 1 / d
	var sumqx, sumq2 float32
	for j, xv := range x {
		l := bestIndexIQ4(float32(id * xv))
		L[j] = uint8(l)
		q, w := float32(kvaluesIQ4NL[l]), float32(xv*xv)
		sumqx += float32(float32(w*q) * xv)
		sumq2 += float32(float32(w*q) * q)
	}
	d = sumqx / sumq2
	best := float32(d * sumqx)
	for itry := -ntry; itry <= ntry; itry++ {
		id = float32(itry+int(kvaluesIQ4NL[0])) / mx
		sumqx, sumq2 = 0, 0
		for _, xv := range x {
			q, w := float32(kvaluesIQ4NL[bestIndexIQ4(float32(id*xv))]), float32(xv*xv)
			sumqx += float32(float32(w*q) * xv)
			sumq2 += float32(float32(w*q) * q)
		}
		if sumq2 > 0 && float32(sumqx*sumqx) > float32(best*sumq2) {
			d = sumqx / sumq2
			best = float32(d * sumqx)
		}
	}
	return d
}

// packIQ4 stores 32-element groups of level indices as IQ4 nibbles.
func packIQ4(qs []byte, L []uint8) {
	for i := 0; i < len(L)/32; i++ {
		for j := range 16 {
			qs[16*i+j] = L[32*i+j] | L[32*i+16+j]<<4
		}
	}
}

// quantIQ4_NL is quantize_row_iq4_nl_ref (ntry -1: no scale search). An
// all-zero block gets d = 0 and zero quants, where ggml leaves the quants
// unwritten.
func quantIQ4_NL(dst []byte, src []float32) {
	var L [32]uint8
	for i := 0; i < len(src)/32; i++ {
		b := dst[18*i : 18*i+18]
		clear(L[:])
		d := iq4Scale(src[32*i:32*i+32], L[:], -1)
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		packIQ4(b[2:], L[:])
	}
}

// quantIQ4_XS is quantize_row_iq4_xs_ref: eight IQ4_NL-style groups
// (ntry 7) whose scales are quantized to 6 bits against one f16 d.
func quantIQ4_XS(dst []byte, src []float32) {
	var L [QK_K]uint8
	var scales [8]float32
	for i := 0; i < len(src)/QK_K; i++ {
		x := src[QK_K*i : QK_K*i+QK_K]
		b := dst[136*i : 136*i+136]
		clear(b)
		var maxScale, amaxScale float32
		for ib := range 8 {
			scales[ib] = iq4Scale(x[32*ib:32*ib+32], L[32*ib:32*ib+32], 7)
			if a := abs32(scales[ib]); a > amaxScale {
				amaxScale, maxScale = a, scales[ib]
			}
		}
		d := -maxScale / 32
		binary.LittleEndian.PutUint16(b, F32ToF16(d))
		var id float32
		if d != 0 {
			id = 1 / d
		}
		var sh uint16
		sl := b[4:8]
		for ib := range 8 {
			l := clampInt(nearestInt(float32(id*scales[ib])), -32, 31)
			dl := d * float32(l)
			var idl float32
			if dl != 0 {
				idl = 1 / dl
			}
			for j, xv := range x[32*ib : 32*ib+32] {
				L[32*ib+j] = uint8(bestIndexIQ4(float32(idl * xv)))
			}
			l += 32
			if ib%2 == 0 {
				sl[ib/2] = uint8(l & 0xf)
			} else {
				sl[ib/2] |= uint8(l&0xf) << 4
			}
			sh |= uint16(l>>4) << (2 * ib)
		}
		binary.LittleEndian.PutUint16(b[2:], sh)
		packIQ4(b[8:], L[:])
	}
}
