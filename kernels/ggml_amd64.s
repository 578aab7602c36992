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

// func attnSumL16AVX2(out, p []float32, v []uint16, rows []int32, stride, off, lane0 int)
// attnSumGeneric bit for bit: row t adds p[t]*v[rows[t]*stride+off:] into
// lane (t+lane0)%16 with VFMADD; the lanes are reduced as
// _mm512_reduce_add_ps does. For each 8 outputs, lanes 0..7 are summed in
// Y0..Y7 and kept at 0(SP), then lanes 8..15 in Y0..Y7, and the two halves
// are added pairwise. v holds half precision (two bytes a value; stride and
// off count values), widened exactly by VCVTPH2PS as it is read: 16 bytes
// a row for a whole 8 outputs (ASFULL). For the last n < 8 outputs
// (ASTAIL) nothing past the row's n values is read: a masked load of the
// n/2 whole pairs, the last value broadcast from a 16-bit load, blended.
// Registers: DI out, SI p, R8 rows, R9 stride*2, BX len(p), R15 the v
// address of the current 8 outputs (v + off*2 + d*2), AX d*4, R13 outputs
// left, R14 the list index of lane 0 of the current group of 16, Y9 the
// store mask of the current 8 outputs; for a tail, X11 the mask of its
// n/2 pairs and DX = 2*(n-1), the byte offset of its last value.

// ASIDX(i, skip): CX = list index R14+i, or go to skip if it is not in p.
#define ASIDX(i, skip) \
	MOVQ R14, CX; \
	ADDQ $i, CX; \
	CMPQ CX, BX; \
	JAE skip

// ASFULL(acc): acc += p[CX] * the row's 8 values at the current outputs.
#define ASFULL(acc) \
	VBROADCASTSS (SI)(CX*4), Y8; \
	MOVLQSX (R8)(CX*4), CX; \
	IMULQ R9, CX; \
	VCVTPH2PS (R15)(CX*1), Y10; \
	VFMADD231PS Y10, Y8, acc

// ASTAIL(acc) is ASFULL for the last n < 8 outputs (lanes n..7 are junk:
// copies of value n-1, never stored).
#define ASTAIL(acc) \
	VBROADCASTSS (SI)(CX*4), Y8; \
	MOVLQSX (R8)(CX*4), CX; \
	IMULQ R9, CX; \
	ADDQ R15, CX; \
	VMASKMOVPS (CX), X11, X10; \
	VPBROADCASTW (CX)(DX*1), X12; \
	VBLENDVPS X11, X10, X12, X10; \
	VCVTPH2PS X10, Y10; \
	VFMADD231PS Y10, Y8, acc

TEXT ·attnSumL16AVX2(SB), NOSPLIT, $256-120
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), R13
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), BX
	MOVQ v_base+48(FP), R15
	MOVQ rows_base+72(FP), R8
	MOVQ stride+96(FP), R9
	SHLQ $1, R9
	MOVQ off+104(FP), AX
	LEAQ (R15)(AX*2), R15
	XORQ AX, AX
	TESTQ R13, R13
	JZ asret
aschunk:
	// n = min(8, outputs left); Y9 = mask of n lanes
	MOVQ $8, CX
	CMPQ R13, CX
	CMOVQLT R13, CX
	MOVQ $16, DX
	SUBQ CX, DX
	LEAQ gm_mask<>(SB), R10
	VMOVDQU (R10)(DX*4), Y9
	// X11 = mask of n/2 dwords, DX = 2*(n-1) (used for n < 8)
	LEAQ -1(CX), DX
	ADDQ DX, DX
	SHRQ $1, CX
	NEGQ CX
	ADDQ $16, CX
	VMOVDQU (R10)(CX*4), X11
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
	CMPQ R13, $8
	JLT astablk
asablk:
	CMPQ R14, BX
	JGE asadone
	ASIDX(0, asal0)
	ASFULL(Y0)
asal0:
	ASIDX(1, asal1)
	ASFULL(Y1)
asal1:
	ASIDX(2, asal2)
	ASFULL(Y2)
asal2:
	ASIDX(3, asal3)
	ASFULL(Y3)
asal3:
	ASIDX(4, asal4)
	ASFULL(Y4)
asal4:
	ASIDX(5, asal5)
	ASFULL(Y5)
asal5:
	ASIDX(6, asal6)
	ASFULL(Y6)
asal6:
	ASIDX(7, asal7)
	ASFULL(Y7)
asal7:
	ADDQ $16, R14
	JMP asablk
astablk:
	CMPQ R14, BX
	JGE asadone
	ASIDX(0, astal0)
	ASTAIL(Y0)
astal0:
	ASIDX(1, astal1)
	ASTAIL(Y1)
astal1:
	ASIDX(2, astal2)
	ASTAIL(Y2)
astal2:
	ASIDX(3, astal3)
	ASTAIL(Y3)
astal3:
	ASIDX(4, astal4)
	ASTAIL(Y4)
astal4:
	ASIDX(5, astal5)
	ASTAIL(Y5)
astal5:
	ASIDX(6, astal6)
	ASTAIL(Y6)
astal6:
	ASIDX(7, astal7)
	ASTAIL(Y7)
astal7:
	ADDQ $16, R14
	JMP astablk
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
	CMPQ R13, $8
	JLT astbblk
asbblk:
	CMPQ R14, BX
	JGE asbdone
	ASIDX(8, asbl0)
	ASFULL(Y0)
asbl0:
	ASIDX(9, asbl1)
	ASFULL(Y1)
asbl1:
	ASIDX(10, asbl2)
	ASFULL(Y2)
asbl2:
	ASIDX(11, asbl3)
	ASFULL(Y3)
asbl3:
	ASIDX(12, asbl4)
	ASFULL(Y4)
asbl4:
	ASIDX(13, asbl5)
	ASFULL(Y5)
asbl5:
	ASIDX(14, asbl6)
	ASFULL(Y6)
asbl6:
	ASIDX(15, asbl7)
	ASFULL(Y7)
asbl7:
	ADDQ $16, R14
	JMP asbblk
astbblk:
	CMPQ R14, BX
	JGE asbdone
	ASIDX(8, astbl0)
	ASTAIL(Y0)
astbl0:
	ASIDX(9, astbl1)
	ASTAIL(Y1)
astbl1:
	ASIDX(10, astbl2)
	ASTAIL(Y2)
astbl2:
	ASIDX(11, astbl3)
	ASTAIL(Y3)
astbl3:
	ASIDX(12, astbl4)
	ASTAIL(Y4)
astbl4:
	ASIDX(13, astbl5)
	ASTAIL(Y5)
astbl5:
	ASIDX(14, astbl6)
	ASTAIL(Y6)
astbl6:
	ASIDX(15, astbl7)
	ASTAIL(Y7)
astbl7:
	ADDQ $16, R14
	JMP astbblk
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
	ADDQ $16, R15
	SUBQ $8, R13
	JG aschunk
asret:
	VZEROUPPER
	RET
