//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func dotF16AVX2(w []byte, x []float32) float32
// sum_i f16(w[2i:]) * x[i] for i < len(x): F16C conversion, two 8-lane FMA
// accumulators over 16 values, then 8, then a scalar tail.
TEXT ·dotF16AVX2(SB), NOSPLIT, $0-52
	MOVQ w_base+0(FP), SI
	MOVQ x_base+24(FP), DI
	MOVQ x_len+32(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS X4, X4, X4
h16:
	CMPQ CX, $16
	JLT h8
	VCVTPH2PS (SI), Y2
	VCVTPH2PS 16(SI), Y3
	VFMADD231PS (DI), Y2, Y0
	VFMADD231PS 32(DI), Y3, Y1
	ADDQ $32, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP h16
h8:
	CMPQ CX, $8
	JLT h1
	VCVTPH2PS (SI), Y2
	VFMADD231PS (DI), Y2, Y0
	ADDQ $16, SI
	ADDQ $32, DI
	SUBQ $8, CX
h1:
	TESTQ CX, CX
	JZ hsum
	MOVWLZX (SI), AX
	VMOVD AX, X2
	VCVTPH2PS X2, X2
	VFMADD231SS (DI), X2, X4
	ADDQ $2, SI
	ADDQ $4, DI
	DECQ CX
	JMP h1
hsum:
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VADDSS X4, X0, X0
	VMOVSS X0, ret+48(FP)
	VZEROUPPER
	RET

// func dotBF16AVX2(w []byte, x []float32) float32
// sum_i bf16(w[2i:]) * x[i]: widen to 32 bits and shift into the high half.
TEXT ·dotBF16AVX2(SB), NOSPLIT, $0-52
	MOVQ w_base+0(FP), SI
	MOVQ x_base+24(FP), DI
	MOVQ x_len+32(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS X4, X4, X4
b16:
	CMPQ CX, $16
	JLT b8
	VPMOVZXWD (SI), Y2
	VPMOVZXWD 16(SI), Y3
	VPSLLD $16, Y2, Y2
	VPSLLD $16, Y3, Y3
	VFMADD231PS (DI), Y2, Y0
	VFMADD231PS 32(DI), Y3, Y1
	ADDQ $32, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP b16
b8:
	CMPQ CX, $8
	JLT b1
	VPMOVZXWD (SI), Y2
	VPSLLD $16, Y2, Y2
	VFMADD231PS (DI), Y2, Y0
	ADDQ $16, SI
	ADDQ $32, DI
	SUBQ $8, CX
b1:
	TESTQ CX, CX
	JZ bsum
	MOVWLZX (SI), AX
	SHLL $16, AX
	VMOVD AX, X2
	VFMADD231SS (DI), X2, X4
	ADDQ $2, SI
	ADDQ $4, DI
	DECQ CX
	JMP b1
bsum:
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VADDSS X4, X0, X0
	VMOVSS X0, ret+48(FP)
	VZEROUPPER
	RET
