// Eight lanes of math.Exp's FMA path (GOROOT/src/math/exp_amd64.s, label
// avxfma, after its range checks), shared by sumexp_amd64.s and
// expunits_amd64.s: k = round(x*log2e); x -= k*ln2 in two FNMADDs;
// x *= 1/16; a degree-7 Horner polynomial by FMAs; four
// squarings-with-addition; then the result times 2^k built in the exponent
// bits. Exact (the bits of math.Exp) for arguments in [-700, 709].

// EXP64CONST loads the constants EXP64 reads: Z4-Z10 the polynomial's
// coefficients (Z10 = 0.5), Z21 -700, Z22 log2(e), Z23 and Z24 ln2 in two
// parts, Z25 1/16, Z26 2, Z27 1, Z28 the exponent bias. DX scratch.
#define EXP64CONST \
	MOVQ $0xc085e00000000000, DX; \
	VPBROADCASTQ DX, Z21; \
	MOVQ $0x3ff71547652b82fe, DX; \
	VPBROADCASTQ DX, Z22; \
	MOVQ $0x3fe62e42fefa3000, DX; \
	VPBROADCASTQ DX, Z23; \
	MOVQ $0x3d53de6af278ece6, DX; \
	VPBROADCASTQ DX, Z24; \
	MOVQ $0x3fb0000000000000, DX; \
	VPBROADCASTQ DX, Z25; \
	MOVQ $0x4000000000000000, DX; \
	VPBROADCASTQ DX, Z26; \
	MOVQ $0x3ff0000000000000, DX; \
	VPBROADCASTQ DX, Z27; \
	MOVQ $1023, DX; \
	VPBROADCASTQ DX, Z28; \
	MOVQ $0x3efa01a01a01a01a, DX; \
	VPBROADCASTQ DX, Z4; \
	MOVQ $0x3f2a01a01a01a01a, DX; \
	VPBROADCASTQ DX, Z5; \
	MOVQ $0x3f56c16c16c16c17, DX; \
	VPBROADCASTQ DX, Z6; \
	MOVQ $0x3f81111111111111, DX; \
	VPBROADCASTQ DX, Z7; \
	MOVQ $0x3fa5555555555555, DX; \
	VPBROADCASTQ DX, Z8; \
	MOVQ $0x3fc5555555555555, DX; \
	VPBROADCASTQ DX, Z9; \
	MOVQ $0x3fe0000000000000, DX; \
	VPBROADCASTQ DX, Z10

// EXP64 replaces the eight float64 arguments in Z0 by their exponentials
// (coefficients 2.4801587301587301587e-5, 1.9841269841269841270e-4,
// 1.3888888888888888889e-3, 8.3333333333333333333e-3,
// 4.1666666666666666667e-2, 1.6666666666666666667e-1, 0.5, 1: exprodata
// from offset 64). Needs EXP64CONST; clobbers Z1, Z2.
#define EXP64 \
	VMULPD Z22, Z0, Z1; \
	VCVTPD2DQ Z1, Y2; \
	VCVTDQ2PD Y2, Z1; \
	VFNMADD231PD Z23, Z1, Z0; \
	VFNMADD231PD Z24, Z1, Z0; \
	VMULPD Z25, Z0, Z0; \
	VMOVAPD Z5, Z1; \
	VFMADD231PD Z4, Z0, Z1; \
	VFMADD213PD Z6, Z0, Z1; \
	VFMADD213PD Z7, Z0, Z1; \
	VFMADD213PD Z8, Z0, Z1; \
	VFMADD213PD Z9, Z0, Z1; \
	VFMADD213PD Z10, Z0, Z1; \
	VFMADD213PD Z27, Z0, Z1; \
	VMULPD Z1, Z0, Z0; \
	VADDPD Z26, Z0, Z1; \
	VMULPD Z1, Z0, Z0; \
	VADDPD Z26, Z0, Z1; \
	VMULPD Z1, Z0, Z0; \
	VADDPD Z26, Z0, Z1; \
	VMULPD Z1, Z0, Z0; \
	VADDPD Z26, Z0, Z1; \
	VFMADD213PD Z27, Z1, Z0; \
	VPMOVSXDQ Y2, Z2; \
	VPADDQ Z28, Z2, Z2; \
	VPSLLQ $52, Z2, Z2; \
	VMULPD Z2, Z0, Z0
