//go:build amd64 && !purego && !noasm

#include "textflag.h"

// RoPE's pair rotation on 16 lanes: each lane gets ropeRotateGeneric's
// rounded product and fused sum, so the bits are the same.

DATA rp_even<>+0(SB)/8, $0x0000000200000000
DATA rp_even<>+8(SB)/8, $0x0000000600000004
DATA rp_even<>+16(SB)/8, $0x0000000a00000008
DATA rp_even<>+24(SB)/8, $0x0000000e0000000c
DATA rp_even<>+32(SB)/8, $0x0000001200000010
DATA rp_even<>+40(SB)/8, $0x0000001600000014
DATA rp_even<>+48(SB)/8, $0x0000001a00000018
DATA rp_even<>+56(SB)/8, $0x0000001e0000001c
GLOBL rp_even<>(SB), RODATA|NOPTR, $64

DATA rp_odd<>+0(SB)/8, $0x0000000300000001
DATA rp_odd<>+8(SB)/8, $0x0000000700000005
DATA rp_odd<>+16(SB)/8, $0x0000000b00000009
DATA rp_odd<>+24(SB)/8, $0x0000000f0000000d
DATA rp_odd<>+32(SB)/8, $0x0000001300000011
DATA rp_odd<>+40(SB)/8, $0x0000001700000015
DATA rp_odd<>+48(SB)/8, $0x0000001b00000019
DATA rp_odd<>+56(SB)/8, $0x0000001f0000001d
GLOBL rp_odd<>(SB), RODATA|NOPTR, $64

// func ropeNormAVX512(x, cs []float32)
// Pairs (x[2i], x[2i+1]), eight a pass: Z0 the values, Z2/Z3 each pair's
// cosine/sine twice, Z4 the values with each pair swapped. Even lanes:
// x0*c - round(x1*s); odd lanes: x0*s + round(x1*c).
TEXT ·ropeNormAVX512(SB), NOSPLIT, $0-48
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	MOVQ cs_base+24(FP), SI
	SHRQ $4, CX
	JZ rndone
	MOVL $0xaaaa, AX
	KMOVW AX, K1
rnloop:
	VMOVUPS (DI), Z0
	VMOVUPS (SI), Z1
	VMOVSLDUP Z1, Z2
	VMOVSHDUP Z1, Z3
	VPERMILPS $0xb1, Z0, Z4
	VMULPS Z3, Z4, Z5
	VMULPS Z2, Z0, Z6
	VFMSUB231PS Z2, Z0, Z5
	VFMADD231PS Z3, Z4, Z6
	VMOVAPS Z6, K1, Z5
	VMOVUPS Z5, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	DECQ CX
	JNZ rnloop
rndone:
	VZEROUPPER
	RET

// func ropeNeoxAVX512(x, cs []float32)
// Pairs (x[i], x[i+h]), h = len(x)/2, sixteen a pass: Z5 = x[i:], Z6 =
// x[i+h:], Z3/Z4 the sixteen pairs' cosines/sines gathered from cs.
TEXT ·ropeNeoxAVX512(SB), NOSPLIT, $0-48
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	MOVQ cs_base+24(FP), SI
	MOVQ CX, R8
	SHLQ $1, R8
	SHRQ $5, CX
	JZ rxdone
	VMOVDQU32 rp_even<>(SB), Z30
	VMOVDQU32 rp_odd<>(SB), Z31
rxloop:
	VMOVUPS (SI), Z1
	VMOVUPS 64(SI), Z2
	VMOVAPS Z1, Z3
	VPERMT2PS Z2, Z30, Z3
	VMOVAPS Z1, Z4
	VPERMT2PS Z2, Z31, Z4
	VMOVUPS (DI), Z5
	VMOVUPS (DI)(R8*1), Z6
	VMULPS Z4, Z6, Z7
	VMULPS Z3, Z6, Z8
	VFMSUB231PS Z3, Z5, Z7
	VFMADD231PS Z4, Z5, Z8
	VMOVUPS Z7, (DI)
	VMOVUPS Z8, (DI)(R8*1)
	ADDQ $64, DI
	ADDQ $128, SI
	DECQ CX
	JNZ rxloop
rxdone:
	VZEROUPPER
	RET
