//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp64.h"

// func expUnitsAVX512(x []float32, mx, lim, scale float64) (units, flags uint64, n int)
// Eight values at a time: a = float64(v) - mx, then math.Exp(a) on every
// lane (EXP64, exp64.h); lanes with lim > a >= -700 count. q = exp(a) * scale (exact: scale is a power of two); q + 2^52
// rounds q to the nearest integer, ties to even (q < 2^52), and its bits
// minus those of 2^52 are that integer, added to eight int64 lanes. A
// counted lane with |q - r| == 0.5 sets flag bit 0; a NaN or infinite v
// (v*0 != 0) sets bit 1.
TEXT ·expUnitsAVX512(SB), NOSPLIT, $0-72
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SHRQ $3, CX
	XORQ AX, AX
	XORQ R8, R8 // tie lanes seen
	XORQ R9, R9 // bad lanes seen
	VBROADCASTSD mx+24(FP), Z20
	VBROADCASTSD lim+32(FP), Z19
	VBROADCASTSD scale+40(FP), Z18
	EXP64CONST
	MOVQ $0x4330000000000000, DX // 2^52
	VPBROADCASTQ DX, Z11
	MOVQ $0x7fffffffffffffff, DX // |x|
	VPBROADCASTQ DX, Z12
	VPXORQ Z13, Z13, Z13 // 0.0
	VPXORQ Z14, Z14, Z14 // the units, per lane
	TESTQ CX, CX
	JZ eudone
euloop:
	VCVTPS2PD (SI)(AX*4), Z0
	VMULPD Z13, Z0, Z1
	VCMPPD $0x04, Z13, Z1, K2 // v*0 != 0: NaN or infinite
	KMOVW K2, DX
	ORQ DX, R9
	VSUBPD Z20, Z0, Z0
	VCMPPD $0x11, Z19, Z0, K1 // a < lim
	VCMPPD $0x1d, Z21, Z0, K3 // a >= -700
	KANDW K3, K1, K1
	EXP64
	// the units
	VMULPD Z18, Z0, Z0 // q
	VADDPD Z11, Z0, Z1 // q + 2^52
	VSUBPD Z11, Z1, Z2 // r
	VSUBPD Z2, Z0, Z3
	VPANDQ Z12, Z3, Z3 // |q - r|
	VCMPPD $0x00, Z10, Z3, K1, K4
	KMOVW K4, DX
	ORQ DX, R8
	VPSUBQ Z11, Z1, Z1
	VPADDQ Z1, Z14, K1, Z14
	ADDQ $8, AX
	DECQ CX
	JNZ euloop
eudone:
	VEXTRACTI64X4 $1, Z14, Y1
	VPADDQ Y1, Y14, Y14
	VEXTRACTI128 $1, Y14, X1
	VPADDQ X1, X14, X14
	VPSHUFD $0x4e, X14, X1
	VPADDQ X1, X14, X14
	VMOVQ X14, units+48(FP)
	XORQ DX, DX
	TESTQ R8, R8
	SETNE DL
	XORQ BX, BX
	TESTQ R9, R9
	SETNE BL
	SHLQ $1, BX
	ORQ BX, DX
	MOVQ DX, flags+56(FP)
	MOVQ AX, n+64(FP)
	VZEROUPPER
	RET
