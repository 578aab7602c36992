//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func attnSumAVX2(out, p []float32, v []uint16, rows []int32, stride, off int)
// out = sum over t of p[t]*v[rows[t]*stride+off:], element by element with
// VMULPS then VADDPS in t order from zero (axpyAVX2's rounding). v holds
// half precision (two bytes a value; stride and off count values), widened
// exactly by VCVTPH2PS as it is read. Columns go in blocks of 64 held in
// Y0-Y7 across all rows, then of 8, then singly.
TEXT ·attnSumAVX2(SB), NOSPLIT, $0-112
	MOVQ out_base+0(FP), DX
	MOVQ out_len+8(FP), CX
	MOVQ p_base+24(FP), R12
	MOVQ p_len+32(FP), R13
	MOVQ v_base+48(FP), R10
	MOVQ rows_base+72(FP), R9
	MOVQ stride+96(FP), R11
	SHLQ $1, R11
	MOVQ off+104(FP), AX
	SHLQ $1, AX
	ADDQ AX, R10

col64:
	CMPQ CX, $64
	JLT col8
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	XORQ BX, BX

r64:
	CMPQ BX, R13
	JGE st64
	MOVLQSX (R9)(BX*4), R8
	IMULQ R11, R8
	LEAQ (R10)(R8*1), DI
	VBROADCASTSS (R12)(BX*4), Y8
	VCVTPH2PS (DI), Y9
	VCVTPH2PS 16(DI), Y10
	VCVTPH2PS 32(DI), Y11
	VCVTPH2PS 48(DI), Y12
	VMULPS Y9, Y8, Y9
	VMULPS Y10, Y8, Y10
	VMULPS Y11, Y8, Y11
	VMULPS Y12, Y8, Y12
	VADDPS Y9, Y0, Y0
	VADDPS Y10, Y1, Y1
	VADDPS Y11, Y2, Y2
	VADDPS Y12, Y3, Y3
	VCVTPH2PS 64(DI), Y13
	VCVTPH2PS 80(DI), Y14
	VCVTPH2PS 96(DI), Y15
	VCVTPH2PS 112(DI), Y9
	VMULPS Y13, Y8, Y13
	VMULPS Y14, Y8, Y14
	VMULPS Y15, Y8, Y15
	VMULPS Y9, Y8, Y9
	VADDPS Y13, Y4, Y4
	VADDPS Y14, Y5, Y5
	VADDPS Y15, Y6, Y6
	VADDPS Y9, Y7, Y7
	INCQ BX
	JMP r64

st64:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, 64(DX)
	VMOVUPS Y3, 96(DX)
	VMOVUPS Y4, 128(DX)
	VMOVUPS Y5, 160(DX)
	VMOVUPS Y6, 192(DX)
	VMOVUPS Y7, 224(DX)
	ADDQ $256, DX
	ADDQ $128, R10
	SUBQ $64, CX
	JMP col64

col8:
	CMPQ CX, $8
	JLT col1
	VXORPS Y0, Y0, Y0
	XORQ BX, BX

r8:
	CMPQ BX, R13
	JGE st8
	MOVLQSX (R9)(BX*4), R8
	IMULQ R11, R8
	LEAQ (R10)(R8*1), DI
	VBROADCASTSS (R12)(BX*4), Y8
	VCVTPH2PS (DI), Y9
	VMULPS Y9, Y8, Y9
	VADDPS Y9, Y0, Y0
	INCQ BX
	JMP r8

st8:
	VMOVUPS Y0, (DX)
	ADDQ $32, DX
	ADDQ $16, R10
	SUBQ $8, CX
	JMP col8

col1:
	TESTQ CX, CX
	JZ adone
	VXORPS X0, X0, X0
	XORQ BX, BX

r1:
	CMPQ BX, R13
	JGE st1
	MOVLQSX (R9)(BX*4), R8
	IMULQ R11, R8
	LEAQ (R10)(R8*1), DI
	VMOVSS (R12)(BX*4), X8
	MOVWLZX (DI), R8
	VMOVD R8, X9
	VCVTPH2PS X9, X9
	VMULSS X9, X8, X9
	VADDSS X9, X0, X0
	INCQ BX
	JMP r1

st1:
	VMOVSS X0, (DX)
	ADDQ $4, DX
	ADDQ $2, R10
	DECQ CX
	JMP col1

adone:
	VZEROUPPER
	RET

// func attnScores8AVX2(dst, q []float32, k []uint16, rows []int32, stride, off int)
// len(q) a multiple of 8. For each key: eight lanes accumulate
// q[8c+l]*k[8c+l] with FMA in chunk order c, then the lanes are added as
// ((l0+l1)+(l2+l3)) + ((l4+l5)+(l6+l7)). k holds half precision (two bytes
// a value; stride and off count values), widened exactly by VCVTPH2PS as it
// is read: R12 advances 16 bytes a chunk, q is read at (DI)(R12*2). Keys go
// eight at a time (eight accumulators, one q load per chunk, a transposing
// reduction), the rest one at a time with the same arithmetic.
TEXT ·attnScores8AVX2(SB), NOSPLIT, $16-112
	MOVQ $0, 0(SP)

s8blk:
	MOVQ dst_len+8(FP), CX
	SUBQ 0(SP), CX
	CMPQ CX, $8
	JLT s8tail
	MOVQ rows_base+72(FP), R12
	MOVQ 0(SP), R13
	LEAQ (R12)(R13*4), R12
	MOVQ stride+96(FP), R13
	MOVLQSX 0(R12), AX
	IMULQ R13, AX
	MOVLQSX 4(R12), BX
	IMULQ R13, BX
	MOVLQSX 8(R12), DX
	IMULQ R13, DX
	MOVLQSX 12(R12), SI
	IMULQ R13, SI
	MOVLQSX 16(R12), R8
	IMULQ R13, R8
	MOVLQSX 20(R12), R9
	IMULQ R13, R9
	MOVLQSX 24(R12), R10
	IMULQ R13, R10
	MOVLQSX 28(R12), R11
	IMULQ R13, R11
	MOVQ k_base+48(FP), R12
	MOVQ off+104(FP), R13
	LEAQ (R12)(R13*2), R12
	LEAQ (R12)(AX*2), AX
	LEAQ (R12)(BX*2), BX
	LEAQ (R12)(DX*2), DX
	LEAQ (R12)(SI*2), SI
	LEAQ (R12)(R8*2), R8
	LEAQ (R12)(R9*2), R9
	LEAQ (R12)(R10*2), R10
	LEAQ (R12)(R11*2), R11
	MOVQ q_base+24(FP), DI
	MOVQ q_len+32(FP), R13
	SHRQ $3, R13
	XORQ R12, R12
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	TESTQ R13, R13
	JZ s8red

s8chunk:
	VMOVUPS (DI)(R12*2), Y8
	VCVTPH2PS (AX)(R12*1), Y9
	VCVTPH2PS (BX)(R12*1), Y10
	VCVTPH2PS (DX)(R12*1), Y11
	VCVTPH2PS (SI)(R12*1), Y12
	VFMADD231PS Y9, Y8, Y0
	VFMADD231PS Y10, Y8, Y1
	VFMADD231PS Y11, Y8, Y2
	VFMADD231PS Y12, Y8, Y3
	VCVTPH2PS (R8)(R12*1), Y13
	VCVTPH2PS (R9)(R12*1), Y14
	VCVTPH2PS (R10)(R12*1), Y15
	VCVTPH2PS (R11)(R12*1), Y9
	VFMADD231PS Y13, Y8, Y4
	VFMADD231PS Y14, Y8, Y5
	VFMADD231PS Y15, Y8, Y6
	VFMADD231PS Y9, Y8, Y7
	ADDQ $16, R12
	DECQ R13
	JNZ s8chunk

s8red:
	VHADDPS Y1, Y0, Y0
	VHADDPS Y3, Y2, Y2
	VHADDPS Y5, Y4, Y4
	VHADDPS Y7, Y6, Y6
	VHADDPS Y2, Y0, Y0
	VHADDPS Y6, Y4, Y4
	VPERM2F128 $0x20, Y4, Y0, Y1
	VPERM2F128 $0x31, Y4, Y0, Y2
	VADDPS Y2, Y1, Y1
	MOVQ dst_base+0(FP), R12
	MOVQ 0(SP), R13
	VMOVUPS Y1, (R12)(R13*4)
	ADDQ $8, R13
	MOVQ R13, 0(SP)
	JMP s8blk

s8tail:
	TESTQ CX, CX
	JZ s8done
	MOVQ rows_base+72(FP), R12
	MOVQ 0(SP), R13
	MOVLQSX (R12)(R13*4), AX
	IMULQ stride+96(FP), AX
	ADDQ off+104(FP), AX
	MOVQ k_base+48(FP), R12
	LEAQ (R12)(AX*2), AX
	MOVQ q_base+24(FP), DI
	MOVQ q_len+32(FP), R13
	SHRQ $3, R13
	XORQ R12, R12
	VXORPS Y0, Y0, Y0
	TESTQ R13, R13
	JZ s8tred

s8tchunk:
	VMOVUPS (DI)(R12*2), Y8
	VCVTPH2PS (AX)(R12*1), Y9
	VFMADD231PS Y9, Y8, Y0
	ADDQ $16, R12
	DECQ R13
	JNZ s8tchunk

s8tred:
	VHADDPS Y0, Y0, Y0
	VHADDPS Y0, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDSS X1, X0, X0
	MOVQ dst_base+0(FP), R12
	MOVQ 0(SP), R13
	VMOVSS X0, (R12)(R13*4)
	INCQ R13
	MOVQ R13, 0(SP)
	JMP s8blk

s8done:
	VZEROUPPER
	RET

// func attnScoresL16AVX2(dst, q []float32, k []uint16, rows []int32, stride, off int)
// len(q) a multiple of 16. Each score with dotF32AVX2's arithmetic (lanes
// l and l+8 of 16 in Y registers, FMA in chunk order; then l+8, l+4, l+2,
// l+1 added), four keys per pass: one q load per chunk feeds four keys, and
// the last two reduction steps run on the four keys at once (unpack and
// move instructions pair the same lanes the one-key reduction pairs). k
// holds half precision (two bytes a value; stride and off count values),
// widened exactly by VCVTPH2PS as it is read: R12 advances 32 bytes a
// chunk of 16, q is read at (DI)(R12*2).
TEXT ·attnScoresL16AVX2(SB), NOSPLIT, $16-112
	MOVQ $0, 0(SP)

l16blk:
	MOVQ dst_len+8(FP), CX
	SUBQ 0(SP), CX
	CMPQ CX, $4
	JLT l16tail
	MOVQ rows_base+72(FP), R12
	MOVQ 0(SP), R13
	LEAQ (R12)(R13*4), R12
	MOVQ stride+96(FP), R13
	MOVLQSX 0(R12), AX
	IMULQ R13, AX
	MOVLQSX 4(R12), BX
	IMULQ R13, BX
	MOVLQSX 8(R12), DX
	IMULQ R13, DX
	MOVLQSX 12(R12), SI
	IMULQ R13, SI
	MOVQ k_base+48(FP), R12
	MOVQ off+104(FP), R13
	LEAQ (R12)(R13*2), R12
	LEAQ (R12)(AX*2), AX
	LEAQ (R12)(BX*2), BX
	LEAQ (R12)(DX*2), DX
	LEAQ (R12)(SI*2), SI
	MOVQ q_base+24(FP), DI
	MOVQ q_len+32(FP), R13
	SHRQ $4, R13
	XORQ R12, R12
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	TESTQ R13, R13
	JZ l16red

l16chunk:
	VMOVUPS (DI)(R12*2), Y8
	VMOVUPS 32(DI)(R12*2), Y9
	VCVTPH2PS (AX)(R12*1), Y10
	VCVTPH2PS 16(AX)(R12*1), Y11
	VCVTPH2PS (BX)(R12*1), Y12
	VCVTPH2PS 16(BX)(R12*1), Y13
	VFMADD231PS Y10, Y8, Y0
	VFMADD231PS Y11, Y9, Y1
	VFMADD231PS Y12, Y8, Y2
	VFMADD231PS Y13, Y9, Y3
	VCVTPH2PS (DX)(R12*1), Y14
	VCVTPH2PS 16(DX)(R12*1), Y15
	VCVTPH2PS (SI)(R12*1), Y10
	VCVTPH2PS 16(SI)(R12*1), Y11
	VFMADD231PS Y14, Y8, Y4
	VFMADD231PS Y15, Y9, Y5
	VFMADD231PS Y10, Y8, Y6
	VFMADD231PS Y11, Y9, Y7
	ADDQ $32, R12
	DECQ R13
	JNZ l16chunk

l16red:
	// per key: lanes l + l+8, then the high half + the low half
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y5, Y4, Y4
	VADDPS Y7, Y6, Y6
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VEXTRACTF128 $1, Y2, X3
	VADDPS X3, X2, X2
	VEXTRACTF128 $1, Y4, X5
	VADDPS X5, X4, X4
	VEXTRACTF128 $1, Y6, X7
	VADDPS X7, X6, X6
	// X0 = a, X2 = b, X4 = c, X6 = d (four lanes each): lanes j + j+2 ...
	VUNPCKLPS X2, X0, X8
	VUNPCKHPS X2, X0, X9
	VADDPS X9, X8, X8
	VUNPCKLPS X6, X4, X10
	VUNPCKHPS X6, X4, X11
	VADDPS X11, X10, X10
	// ... then lanes 0 + 1 of each key
	VMOVLHPS X10, X8, X12
	VMOVHLPS X8, X10, X13
	VADDPS X13, X12, X12
	MOVQ dst_base+0(FP), R12
	MOVQ 0(SP), R13
	VMOVUPS X12, (R12)(R13*4)
	ADDQ $4, R13
	MOVQ R13, 0(SP)
	JMP l16blk

l16tail:
	VZEROUPPER
	RET
