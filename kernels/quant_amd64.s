//go:build amd64 && !purego && !noasm

#include "textflag.h"

DATA qabs<>+0(SB)/4, $0x7fffffff
GLOBL qabs<>(SB), RODATA|NOPTR, $4

DATA q127<>+0(SB)/4, $127.0
GLOBL q127<>(SB), RODATA|NOPTR, $4

DATA qone<>+0(SB)/4, $1.0
GLOBL qone<>(SB), RODATA|NOPTR, $4

DATA qperm<>+0(SB)/4, $0
DATA qperm<>+4(SB)/4, $4
DATA qperm<>+8(SB)/4, $1
DATA qperm<>+12(SB)/4, $5
DATA qperm<>+16(SB)/4, $2
DATA qperm<>+20(SB)/4, $6
DATA qperm<>+24(SB)/4, $3
DATA qperm<>+28(SB)/4, $7
GLOBL qperm<>(SB), RODATA|NOPTR, $32

// HSUMD(y, x, reg): reg = sum of the 8 int32 lanes of y (x is y's low half); clobbers X13.
#define HSUMD(y, x, reg) \
	VEXTRACTI128 $1, y, X13 \
	VPADDD X13, x, x \
	VPSHUFD $0x4e, x, X13 \
	VPADDD X13, x, x \
	VPSHUFD $0xb1, x, X13 \
	VPADDD X13, x, x \
	VMOVD x, reg

// func quantQ8AVX2(x []float32, qs []int8, d, s []float32, bsums []int16, shift, q81 int)
// quantizeQ8Generic for blocks of 1<<shift values, shift 5 (fills s) or 8
// (fills bsums), with the same bits: per block id = 127/max|x| (0 when the
// max is 0), q = roundeven(x*id); shift 5: d = f16(max|x|/127),
// s = f16((max|x|/127)*sum(q)) when q81, else d*sum(q); shift 8: d = 1/id (0 when id == 0).
// Registers: SI x, DI qs, DX d, R8 s, R9 bsums, R10 chunks of 32 per block,
// R11 blocks left, CX chunks left, BX block start, R12 block sum, AX, R13 scratch.
TEXT ·quantQ8AVX2(SB), NOSPLIT, $0-136
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), R11
	MOVQ qs_base+24(FP), DI
	MOVQ d_base+48(FP), DX
	MOVQ s_base+72(FP), R8
	MOVQ bsums_base+96(FP), R9
	MOVQ shift+120(FP), CX
	SHRQ CX, R11
	MOVQ $1, R10
	SUBQ $5, CX
	SHLQ CX, R10
	VBROADCASTSS qabs<>(SB), Y15
	VMOVDQU qperm<>(SB), Y14
	TESTQ R11, R11
	JZ qdone
qblock:
	// pass 1: amax
	MOVQ SI, BX
	MOVQ R10, CX
	VXORPS Y4, Y4, Y4
qmax:
	VANDPS (BX), Y15, Y0
	VANDPS 32(BX), Y15, Y1
	VANDPS 64(BX), Y15, Y2
	VANDPS 96(BX), Y15, Y3
	VMAXPS Y0, Y4, Y4
	VMAXPS Y1, Y4, Y4
	VMAXPS Y2, Y4, Y4
	VMAXPS Y3, Y4, Y4
	ADDQ $128, BX
	DECQ CX
	JNZ qmax
	VEXTRACTF128 $1, Y4, X5
	VMAXPS X5, X4, X4
	VPSHUFD $0x4e, X4, X5
	VMAXPS X5, X4, X4
	VPSHUFD $0xb1, X4, X5
	VMAXPS X5, X4, X4
	// id = amax != 0 ? 127/amax : 0; X7 = the mask amax != 0
	VMOVSS q127<>(SB), X6
	VDIVSS X4, X6, X6
	VXORPS X7, X7, X7
	VCMPSS $4, X7, X4, X7
	VANDPS X7, X6, X6
	VBROADCASTSS X6, Y6
	CMPQ R10, $1
	JNE qdk
	// 32-blocks: X5 = amax/127, d = f16(X5)
	VDIVSS q127<>(SB), X4, X5
	VCVTPS2PH $0, X5, X8
	VCVTPH2PS X8, X8
	VMOVSS X8, (DX)
	JMP qquant
qdk:
	// 256-blocks: d = 1/id (0 when amax == 0)
	VMOVSS qone<>(SB), X5
	VDIVSS X6, X5, X5
	VANDPS X7, X5, X5
	VMOVSS X5, (DX)
qquant:
	// pass 2: quantize
	MOVQ R10, CX
	XORQ R12, R12
qchunk:
	VMULPS (SI), Y6, Y0
	VMULPS 32(SI), Y6, Y1
	VMULPS 64(SI), Y6, Y2
	VMULPS 96(SI), Y6, Y3
	VROUNDPS $0, Y0, Y0
	VROUNDPS $0, Y1, Y1
	VROUNDPS $0, Y2, Y2
	VROUNDPS $0, Y3, Y3
	VCVTPS2DQ Y0, Y0
	VCVTPS2DQ Y1, Y1
	VCVTPS2DQ Y2, Y2
	VCVTPS2DQ Y3, Y3
	VPADDD Y1, Y0, Y8
	VPADDD Y3, Y2, Y9
	HSUMD(Y8, X8, AX)
	HSUMD(Y9, X9, R13)
	ADDL AX, R12
	ADDL R13, R12
	CMPQ R10, $1
	JEQ qpack
	MOVW AX, (R9)
	MOVW R13, 2(R9)
	ADDQ $4, R9
qpack:
	VPACKSSDW Y1, Y0, Y0
	VPACKSSDW Y3, Y2, Y2
	VPACKSSWB Y2, Y0, Y0
	VPERMD Y0, Y14, Y0
	VMOVDQU Y0, (DI)
	ADDQ $128, SI
	ADDQ $32, DI
	DECQ CX
	JNZ qchunk
	CMPQ R10, $1
	JNE qnext
	VCVTSI2SSL R12, X7, X7
	CMPQ q81+128(FP), $0
	JEQ qs80
	// Q8_1: s = f16((amax/127) * float32(sum))
	VMULSS X5, X7, X7
	VCVTPS2PH $0, X7, X7
	VCVTPH2PS X7, X7
	JMP qsstore
qs80:
	// Q8_0: s = d * float32(sum), exact
	VMULSS (DX), X7, X7
qsstore:
	VMOVSS X7, (R8)
	ADDQ $4, R8
qnext:
	ADDQ $4, DX
	DECQ R11
	JNZ qblock
qdone:
	VZEROUPPER
	RET
