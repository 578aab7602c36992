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

// func attnSumL16AVX2(out, p, v []float32, rows []int32, stride, off, lane0 int)
// attnSumGeneric bit for bit: row t adds p[t]*v[rows[t]*stride+off:] into
// lane (t+lane0)%16 with VFMADD; the lanes are reduced as
// _mm512_reduce_add_ps does. For each 8 outputs, lanes 0..7 are summed in
// Y0..Y7 and kept at 0(SP), then lanes 8..15 in Y0..Y7, and the two halves
// are added pairwise.
// Registers: DI out, SI p, R8 rows, R9 stride*4, BX len(p), R15 the v
// address of the current 8 outputs (v + off*4 + d*4), AX d*4, R13 outputs
// left, R14 the list index of lane 0 of the current group of 16, Y9 the
// load/store mask of the current 8 outputs.
TEXT ·attnSumL16AVX2(SB), NOSPLIT, $256-120
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), R13
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), BX
	MOVQ v_base+48(FP), R15
	MOVQ rows_base+72(FP), R8
	MOVQ stride+96(FP), R9
	SHLQ $2, R9
	MOVQ off+104(FP), AX
	LEAQ (R15)(AX*4), R15
	XORQ AX, AX
	TESTQ R13, R13
	JZ asret
aschunk:
	// mask of min(8, outputs left) lanes
	MOVQ $8, CX
	CMPQ R13, CX
	CMOVQLT R13, CX
	MOVQ $16, DX
	SUBQ CX, DX
	LEAQ gm_mask<>(SB), CX
	VMOVDQU (CX)(DX*4), Y9
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ lane0+112(FP), R14
	NEGQ R14
asablk:
	CMPQ R14, BX
	JGE asadone
	MOVQ R14, CX
	ADDQ $0, CX
	CMPQ CX, BX
	JAE asal0
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y0
asal0:
	MOVQ R14, CX
	ADDQ $1, CX
	CMPQ CX, BX
	JAE asal1
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y1
asal1:
	MOVQ R14, CX
	ADDQ $2, CX
	CMPQ CX, BX
	JAE asal2
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y2
asal2:
	MOVQ R14, CX
	ADDQ $3, CX
	CMPQ CX, BX
	JAE asal3
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y3
asal3:
	MOVQ R14, CX
	ADDQ $4, CX
	CMPQ CX, BX
	JAE asal4
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y4
asal4:
	MOVQ R14, CX
	ADDQ $5, CX
	CMPQ CX, BX
	JAE asal5
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y5
asal5:
	MOVQ R14, CX
	ADDQ $6, CX
	CMPQ CX, BX
	JAE asal6
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y6
asal6:
	MOVQ R14, CX
	ADDQ $7, CX
	CMPQ CX, BX
	JAE asal7
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y7
asal7:
	ADDQ $16, R14
	JMP asablk
asadone:
	VMOVUPS Y0, 0(SP)
	VMOVUPS Y1, 32(SP)
	VMOVUPS Y2, 64(SP)
	VMOVUPS Y3, 96(SP)
	VMOVUPS Y4, 128(SP)
	VMOVUPS Y5, 160(SP)
	VMOVUPS Y6, 192(SP)
	VMOVUPS Y7, 224(SP)
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ lane0+112(FP), R14
	NEGQ R14
asbblk:
	CMPQ R14, BX
	JGE asbdone
	MOVQ R14, CX
	ADDQ $8, CX
	CMPQ CX, BX
	JAE asbl0
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y0
asbl0:
	MOVQ R14, CX
	ADDQ $9, CX
	CMPQ CX, BX
	JAE asbl1
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y1
asbl1:
	MOVQ R14, CX
	ADDQ $10, CX
	CMPQ CX, BX
	JAE asbl2
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y2
asbl2:
	MOVQ R14, CX
	ADDQ $11, CX
	CMPQ CX, BX
	JAE asbl3
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y3
asbl3:
	MOVQ R14, CX
	ADDQ $12, CX
	CMPQ CX, BX
	JAE asbl4
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y4
asbl4:
	MOVQ R14, CX
	ADDQ $13, CX
	CMPQ CX, BX
	JAE asbl5
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y5
asbl5:
	MOVQ R14, CX
	ADDQ $14, CX
	CMPQ CX, BX
	JAE asbl6
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y6
asbl6:
	MOVQ R14, CX
	ADDQ $15, CX
	CMPQ CX, BX
	JAE asbl7
	VBROADCASTSS (SI)(CX*4), Y8
	MOVLQSX (R8)(CX*4), CX
	IMULQ R9, CX
	VMASKMOVPS (R15)(CX*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y7
asbl7:
	ADDQ $16, R14
	JMP asbblk
asbdone:
	VADDPS 0(SP), Y0, Y0
	VADDPS 32(SP), Y1, Y1
	VADDPS 64(SP), Y2, Y2
	VADDPS 96(SP), Y3, Y3
	VADDPS 128(SP), Y4, Y4
	VADDPS 160(SP), Y5, Y5
	VADDPS 192(SP), Y6, Y6
	VADDPS 224(SP), Y7, Y7
	VADDPS Y4, Y0, Y0
	VADDPS Y5, Y1, Y1
	VADDPS Y6, Y2, Y2
	VADDPS Y7, Y3, Y3
	VADDPS Y2, Y0, Y0
	VADDPS Y3, Y1, Y1
	VADDPS Y1, Y0, Y0
	VMASKMOVPS Y0, Y9, (DI)(AX*1)
	ADDQ $32, AX
	ADDQ $32, R15
	SUBQ $8, R13
	JG aschunk
asret:
	VZEROUPPER
	RET
