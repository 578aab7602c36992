//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp64.h"

// func sumExpAVX512(x []float32, mx, s float64) (float64, int)
// Eight lanes of math.Exp's FMA path (EXP64, exp64.h). A group of eight with an argument below -700 or NaN stops the
// loop: there math.Exp's denormal and special-case paths apply. Arguments
// above 0 are not expected (mx is the maximum) but exact up to 709.
// The eight results are added to s in lane order, one scalar add each.
TEXT ·sumExpAVX512(SB), NOSPLIT, $64-56
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SHRQ $3, CX
	XORQ AX, AX
	VBROADCASTSD mx+24(FP), Z20
	VMOVSD s+32(FP), X15
	EXP64CONST
	TESTQ CX, CX
	JZ sedone
seloop:
	VCVTPS2PD (SI)(AX*4), Z0
	VSUBPD Z20, Z0, Z0
	VCMPPD $0x1d, Z21, Z0, K1 // x >= -700 (false for NaN)
	KMOVB K1, DX
	CMPB DX, $0xff
	JNE sedone
	EXP64
	VMOVUPD Z0, 0(SP)
	VADDSD 0(SP), X15, X15
	VADDSD 8(SP), X15, X15
	VADDSD 16(SP), X15, X15
	VADDSD 24(SP), X15, X15
	VADDSD 32(SP), X15, X15
	VADDSD 40(SP), X15, X15
	VADDSD 48(SP), X15, X15
	VADDSD 56(SP), X15, X15
	ADDQ $8, AX
	DECQ CX
	JNZ seloop
sedone:
	VMOVSD X15, ret+40(FP)
	MOVQ AX, ret1+48(FP)
	VZEROUPPER
	RET
