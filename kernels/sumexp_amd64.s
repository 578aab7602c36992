//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func sumExpAVX512(x []float32, mx, s float64) (float64, int)
// Eight lanes of math.Exp's FMA path (GOROOT/src/math/exp_amd64.s, label
// avxfma, after its range checks): k = round(x*log2e); x -= k*ln2 in two
// FNMADDs; x *= 1/16; a degree-7 Horner polynomial by FMAs; four
// squarings-with-addition; then the result times 2^k built in the exponent
// bits. A group of eight with an argument below -700 or NaN stops the
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
	MOVQ $0xc085e00000000000, DX // -700.0
	VPBROADCASTQ DX, Z21
	MOVQ $0x3ff71547652b82fe, DX // log2(e)
	VPBROADCASTQ DX, Z22
	MOVQ $0x3fe62e42fefa3000, DX // ln2, upper part
	VPBROADCASTQ DX, Z23
	MOVQ $0x3d53de6af278ece6, DX // ln2, lower part
	VPBROADCASTQ DX, Z24
	MOVQ $0x3fb0000000000000, DX // 0.0625
	VPBROADCASTQ DX, Z25
	MOVQ $0x4000000000000000, DX // 2.0
	VPBROADCASTQ DX, Z26
	MOVQ $0x3ff0000000000000, DX // 1.0
	VPBROADCASTQ DX, Z27
	MOVQ $1023, DX
	VPBROADCASTQ DX, Z28
	TESTQ CX, CX
	JZ sedone
seloop:
	VCVTPS2PD (SI)(AX*4), Z0
	VSUBPD Z20, Z0, Z0
	VCMPPD $0x1d, Z21, Z0, K1 // x >= -700 (false for NaN)
	KMOVB K1, DX
	CMPB DX, $0xff
	JNE sedone
	VMULPD Z22, Z0, Z1
	VCVTPD2DQ Z1, Y2
	VCVTDQ2PD Y2, Z1
	VFNMADD231PD Z23, Z1, Z0
	VFNMADD231PD Z24, Z1, Z0
	VMULPD Z25, Z0, Z0
	MOVQ $0x3efa01a01a01a01a, DX // 2.4801587301587301587e-5 (exprodata+64)
	VPBROADCASTQ DX, Z1
	MOVQ $0x3f2a01a01a01a01a, DX // 1.9841269841269841270e-4
	VPBROADCASTQ DX, Z3
	VFMADD213PD Z3, Z0, Z1
	MOVQ $0x3f56c16c16c16c17, DX // 1.3888888888888888889e-3
	VPBROADCASTQ DX, Z3
	VFMADD213PD Z3, Z0, Z1
	MOVQ $0x3f81111111111111, DX // 8.3333333333333333333e-3
	VPBROADCASTQ DX, Z3
	VFMADD213PD Z3, Z0, Z1
	MOVQ $0x3fa5555555555555, DX // 4.1666666666666666667e-2
	VPBROADCASTQ DX, Z3
	VFMADD213PD Z3, Z0, Z1
	MOVQ $0x3fc5555555555555, DX // 1.6666666666666666667e-1
	VPBROADCASTQ DX, Z3
	VFMADD213PD Z3, Z0, Z1
	MOVQ $0x3fe0000000000000, DX // 0.5
	VPBROADCASTQ DX, Z3
	VFMADD213PD Z3, Z0, Z1
	VFMADD213PD Z27, Z0, Z1
	VMULPD Z1, Z0, Z0
	VADDPD Z26, Z0, Z1
	VMULPD Z1, Z0, Z0
	VADDPD Z26, Z0, Z1
	VMULPD Z1, Z0, Z0
	VADDPD Z26, Z0, Z1
	VMULPD Z1, Z0, Z0
	VADDPD Z26, Z0, Z1
	VFMADD213PD Z27, Z1, Z0
	VPMOVSXDQ Y2, Z2
	VPADDQ Z28, Z2, Z2
	VPSLLQ $52, Z2, Z2
	VMULPD Z2, Z0, Z0
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
