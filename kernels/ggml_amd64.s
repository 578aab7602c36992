//go:build amd64 && !purego && !noasm

#include "textflag.h"

DATA gm_mask<>+0(SB)/4, $0xffffffff
DATA gm_mask<>+4(SB)/4, $0xffffffff
DATA gm_mask<>+8(SB)/4, $0xffffffff
DATA gm_mask<>+12(SB)/4, $0xffffffff
DATA gm_mask<>+16(SB)/4, $0xffffffff
DATA gm_mask<>+20(SB)/4, $0xffffffff
DATA gm_mask<>+24(SB)/4, $0xffffffff
DATA gm_mask<>+28(SB)/4, $0xffffffff
DATA gm_mask<>+32(SB)/4, $0xffffffff
DATA gm_mask<>+36(SB)/4, $0xffffffff
DATA gm_mask<>+40(SB)/4, $0xffffffff
DATA gm_mask<>+44(SB)/4, $0xffffffff
DATA gm_mask<>+48(SB)/4, $0xffffffff
DATA gm_mask<>+52(SB)/4, $0xffffffff
DATA gm_mask<>+56(SB)/4, $0xffffffff
DATA gm_mask<>+60(SB)/4, $0xffffffff
DATA gm_mask<>+64(SB)/4, $0
DATA gm_mask<>+68(SB)/4, $0
DATA gm_mask<>+72(SB)/4, $0
DATA gm_mask<>+76(SB)/4, $0
DATA gm_mask<>+80(SB)/4, $0
DATA gm_mask<>+84(SB)/4, $0
DATA gm_mask<>+88(SB)/4, $0
DATA gm_mask<>+92(SB)/4, $0
DATA gm_mask<>+96(SB)/4, $0
DATA gm_mask<>+100(SB)/4, $0
DATA gm_mask<>+104(SB)/4, $0
DATA gm_mask<>+108(SB)/4, $0
DATA gm_mask<>+112(SB)/4, $0
DATA gm_mask<>+116(SB)/4, $0
DATA gm_mask<>+120(SB)/4, $0
DATA gm_mask<>+124(SB)/4, $0
GLOBL gm_mask<>(SB), RODATA|NOPTR, $128

// func attnSumL16AVX2(out, p, v []float32, rows []int32, stride, off, lane0 int, acc []float32)
// attnSumGeneric bit for bit: acc holds 16 lanes of np = (len(out)+7)&^7
// values; row t adds p[t]*v[rows[t]*stride+off:] into lane (t+lane0)%16 with
// VFMADD; then out = the 16 lanes reduced as _mm512_reduce_add_ps does.
// Registers: DI out, SI p, DX v, R8 rows, R9 stride*4, R10 off*4, R11 acc,
// CX len(out), BX len(p), R12 np*4, Y9 the mask of the last len(out)%8.
TEXT ·attnSumL16AVX2(SB), NOSPLIT, $0-144
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), BX
	MOVQ v_base+48(FP), DX
	MOVQ rows_base+72(FP), R8
	MOVQ stride+96(FP), R9
	SHLQ $2, R9
	MOVQ off+104(FP), R10
	SHLQ $2, R10
	MOVQ acc_base+120(FP), R11
	TESTQ CX, CX
	JZ asdone
	LEAQ 7(CX), R12
	ANDQ $-8, R12
	SHLQ $2, R12
	// tail mask
	MOVQ CX, AX
	ANDQ $7, AX
	MOVQ $16, R13
	SUBQ AX, R13
	LEAQ gm_mask<>(SB), AX
	VMOVDQU (AX)(R13*4), Y9
	// zero the 16 lanes
	MOVQ R12, AX
	SHLQ $4, AX
	MOVQ R11, R14
	VXORPS Y0, Y0, Y0
aszero:
	VMOVUPS Y0, (R14)
	ADDQ $32, R14
	SUBQ $32, AX
	JNZ aszero
	// accumulate row t into lane t%16
	XORQ R13, R13
asrow:
	CMPQ R13, BX
	JGE asreduce
	MOVQ lane0+112(FP), AX
	ADDQ R13, AX
	ANDQ $15, AX
	IMULQ R12, AX
	LEAQ (R11)(AX*1), R14
	MOVLQSX (R8)(R13*4), AX
	IMULQ R9, AX
	ADDQ R10, AX
	LEAQ (DX)(AX*1), R15
	VBROADCASTSS (SI)(R13*4), Y8
	MOVQ CX, AX
asd:
	CMPQ AX, $8
	JLT astail
	VMOVUPS (R14), Y0
	VFMADD231PS (R15), Y8, Y0
	VMOVUPS Y0, (R14)
	ADDQ $32, R14
	ADDQ $32, R15
	SUBQ $8, AX
	JMP asd
astail:
	TESTQ AX, AX
	JZ asnext
	VMASKMOVPS (R15), Y9, Y1
	VMOVUPS (R14), Y0
	VFMADD231PS Y1, Y8, Y0
	VMOVUPS Y0, (R14)
asnext:
	INCQ R13
	JMP asrow
asreduce:
	MOVQ R12, R15
	SHLQ $3, R15
	XORQ AX, AX
	MOVQ CX, R13
asred:
	LEAQ (R11)(AX*1), R14
	VMOVUPS (R14), Y0
	VADDPS (R14)(R15*1), Y0, Y0
	ADDQ R12, R14
	VMOVUPS (R14), Y1
	VADDPS (R14)(R15*1), Y1, Y1
	ADDQ R12, R14
	VMOVUPS (R14), Y2
	VADDPS (R14)(R15*1), Y2, Y2
	ADDQ R12, R14
	VMOVUPS (R14), Y3
	VADDPS (R14)(R15*1), Y3, Y3
	ADDQ R12, R14
	VMOVUPS (R14), Y4
	VADDPS (R14)(R15*1), Y4, Y4
	ADDQ R12, R14
	VMOVUPS (R14), Y5
	VADDPS (R14)(R15*1), Y5, Y5
	ADDQ R12, R14
	VMOVUPS (R14), Y6
	VADDPS (R14)(R15*1), Y6, Y6
	ADDQ R12, R14
	VMOVUPS (R14), Y7
	VADDPS (R14)(R15*1), Y7, Y7
	VADDPS Y4, Y0, Y0
	VADDPS Y5, Y1, Y1
	VADDPS Y6, Y2, Y2
	VADDPS Y7, Y3, Y3
	VADDPS Y2, Y0, Y0
	VADDPS Y3, Y1, Y1
	VADDPS Y1, Y0, Y0
	CMPQ R13, $8
	JLT asstoretail
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ $32, AX
	SUBQ $8, R13
	JNZ asred
	JMP asdone
asstoretail:
	VMASKMOVPS Y0, Y9, (DI)(AX*1)
asdone:
	VZEROUPPER
	RET
