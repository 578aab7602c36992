package gguf

import "encoding/binary"

// The non-linear 4-bit types: each 4-bit index selects one of 16 int8
// levels (kvaluesIQ4NL) that a block scale multiplies. The other IQ types
// (lattice codebooks), TQ1_0/TQ2_0 and MXFP4 are recognised by name only.

func init() {
	traits[IQ4_NL].Dequantize = dequantIQ4_NL
	traits[IQ4_XS].Dequantize = dequantIQ4_XS
}

// kvaluesIQ4NL are ggml's kvalues_iq4nl.
var kvaluesIQ4NL = [16]int8{-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113}

// block_iq4_nl (18 bytes): d f16, qs [16]uint8 (element j in the low
// nibble of qs[j], element j+16 in the high). Value d*kvalues[q].
func dequantIQ4_NL(dst []float32, src []byte) {
	for i := 0; i < len(dst)/32; i++ {
		b := src[18*i : 18*i+18]
		d := f16At(b)
		for j := 0; j < 16; j++ {
			dst[32*i+j] = d * float32(kvaluesIQ4NL[b[2+j]&0xf])
			dst[32*i+j+16] = d * float32(kvaluesIQ4NL[b[2+j]>>4])
		}
	}
}

// block_iq4_xs (136 bytes): d f16, scales_h uint16 (high 2 bits of eight
// 6-bit scales), scales_l [4]uint8 (their low nibbles), qs [128]uint8
// (eight 32-element sub-blocks laid out as IQ4_NL). Value
// d*(ls-32)*kvalues[q].
func dequantIQ4_XS(dst []float32, src []byte) {
	for i := 0; i < len(dst)/QK_K; i++ {
		b := src[136*i : 136*i+136]
		d := f16At(b)
		sh := binary.LittleEndian.Uint16(b[2:])
		sl := b[4:8]
		for ib := 0; ib < 8; ib++ {
			ls := int(sl[ib/2]>>(4*(ib%2))&0xf) | int(sh>>(2*ib)&3)<<4
			dl := d * float32(ls-32)
			q := b[8+16*ib : 8+16*ib+16]
			out := dst[QK_K*i+32*ib : QK_K*i+32*ib+32]
			for j := 0; j < 16; j++ {
				out[j] = dl * float32(kvaluesIQ4NL[q[j]&0xf])
				out[j+16] = dl * float32(kvaluesIQ4NL[q[j]>>4])
			}
		}
	}
}
