//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "attnpf.h"
#include "attngq.h"

// Grouped-query attention: the exact kernels of attnsum512_amd64.s for
// four heads that share their keys and values, each cached row loaded once
// for the four. Per head they run the same floating-point operations in
// the same order as attnScoresL16AVX512 / attnSumL16AVX512. The cache
// holds half precision (uint16 bits), widened by VCVTPH2PS as it is read.
// The score kernels prefetch the keys 32 rows ahead (every line of their
// head) and the sum kernels the rows a sweep will visit 32 rows on: the
// rows of one sequence lie together in memory but come from a list, and
// with a sequence's own context out of cache (decode steps of sequences
// that share nothing) the loads waited on memory (SmolLM2, 16 sequences
// with prompts of their own: 4.2-4.5 -> 3.3 ms per token).


// GQPASS starts a pass of the score kernels over the next four listed
// keys (R15): their row addresses in AX, BX, DX, SI, the chunk count in
// R13, the chunk offset R12 at 0, accumulators Z0-Z11 cleared.
#define GQPASS \
	MOVQ stride+72(FP), R11 \
	MOVLQSX 0(R15), AX \
	IMULQ R11, AX \
	MOVLQSX 4(R15), BX \
	IMULQ R11, BX \
	MOVLQSX 8(R15), DX \
	IMULQ R11, DX \
	MOVLQSX 12(R15), SI \
	IMULQ R11, SI \
	MOVQ k_base+24(FP), R13 \
	MOVQ off+80(FP), R11 \
	LEAQ (R13)(R11*2), R13 \
	LEAQ (R13)(AX*2), AX \
	LEAQ (R13)(BX*2), BX \
	LEAQ (R13)(DX*2), DX \
	LEAQ (R13)(SI*2), SI \
	MOVQ hd+16(FP), R13 \
	SHRQ $4, R13 \
	XORQ R12, R12 \
	VPXORD Z0, Z0, Z0 \
	VPXORD Z1, Z1, Z1 \
	VPXORD Z2, Z2, Z2 \
	VPXORD Z3, Z3, Z3 \
	VPXORD Z4, Z4, Z4 \
	VPXORD Z5, Z5, Z5 \
	VPXORD Z6, Z6, Z6 \
	VPXORD Z7, Z7, Z7 \
	VPXORD Z8, Z8, Z8 \
	VPXORD Z9, Z9, Z9 \
	VPXORD Z10, Z10, Z10 \
	VPXORD Z11, Z11, Z11

// GQPREF prefetches the four keys of the pass 32 rows on (eight passes):
// the score kernels' rows lie together in memory but come from a list, so
// the hardware does not fetch them ahead. CX (passes left, this one
// included) must be at least 9. R12 is left at 0, as GQPASS leaves it.
#define GQPREF(reg, l0, l1, l2, l3) \
	PFHEAD(128, R15, reg, R12, stride+72(FP), off+80(FP), k_base+24(FP), hd+16(FP), l0) \
	PFHEAD(132, R15, reg, R12, stride+72(FP), off+80(FP), k_base+24(FP), hd+16(FP), l1) \
	PFHEAD(136, R15, reg, R12, stride+72(FP), off+80(FP), k_base+24(FP), hd+16(FP), l2) \
	PFHEAD(140, R15, reg, R12, stride+72(FP), off+80(FP), k_base+24(FP), hd+16(FP), l3) \
	XORQ R12, R12

// func attnScoresG4AVX512(dst, q *[4]*float32, hd int, k []uint16, rows []int32, stride, off int)
// len(rows) a multiple of 4, hd a multiple of 16 and > 0. Four keys per
// pass: per 16-value chunk, the four keys' chunks are loaded once and each
// head's chunk multiplies them into its four accumulators (head h, key j
// in Z(4h+j)) by FMA in chunk order, as attnScoresL16AVX512 does for one
// head; the lanes are then reduced as it does, heads 0-1 in Z0, 2-3 in Z8.
// Registers: DI, R8, R9, R10 the heads' queries; AX, BX, DX, SI the four
// keys' rows; R12 byte offset in the keys' head (half that in the
// queries); R13 chunks left; R14 byte
// offset in dst; R15 rows; CX passes left; R11 scratch.
TEXT ·attnScoresG4AVX512(SB), NOSPLIT, $0-88
	MOVQ rows_len+56(FP), CX
	SHRQ $2, CX
	JZ gqdone
	MOVQ q+8(FP), R11
	MOVQ 0(R11), DI
	MOVQ 8(R11), R8
	MOVQ 16(R11), R9
	MOVQ 24(R11), R10
	MOVQ rows_base+48(FP), R15
	XORQ R14, R14
	VMOVDQU32 gq_gather<>(SB), Z31
	GQK2
gqpass:
	GQPASS
	CMPQ CX, $9
	JLT gqnopf
	GQPREF(R11, gqpf0, gqpf1, gqpf2, gqpf3)
gqnopf:
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
gqchunk:
	VCVTPH2PS (AX)(R12*1), Z20
	VCVTPH2PS (BX)(R12*1), Z21
	VCVTPH2PS (DX)(R12*1), Z22
	VCVTPH2PS (SI)(R12*1), Z23
	VMOVUPS (DI)(R12*2), Z16
	VFMADD231PS Z20, Z16, Z0
	VFMADD231PS Z21, Z16, Z1
	VFMADD231PS Z22, Z16, Z2
	VFMADD231PS Z23, Z16, Z3
	VMOVUPS (R8)(R12*2), Z17
	VFMADD231PS Z20, Z17, Z4
	VFMADD231PS Z21, Z17, Z5
	VFMADD231PS Z22, Z17, Z6
	VFMADD231PS Z23, Z17, Z7
	VMOVUPS (R9)(R12*2), Z18
	VFMADD231PS Z20, Z18, Z8
	VFMADD231PS Z21, Z18, Z9
	VFMADD231PS Z22, Z18, Z10
	VFMADD231PS Z23, Z18, Z11
	VMOVUPS (R10)(R12*2), Z19
	VFMADD231PS Z20, Z19, Z12
	VFMADD231PS Z21, Z19, Z13
	VFMADD231PS Z22, Z19, Z14
	VFMADD231PS Z23, Z19, Z15
	ADDQ $32, R12
	DECQ R13
	JNZ gqchunk
	GQRED8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	GQRED8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	MOVQ dst+0(FP), R11
	MOVQ 0(R11), R13
	VMOVUPS X0, (R13)(R14*1)
	VEXTRACTF32X4 $1, Z0, X24
	MOVQ 8(R11), R13
	VMOVUPS X24, (R13)(R14*1)
	MOVQ 16(R11), R13
	VMOVUPS X8, (R13)(R14*1)
	VEXTRACTF32X4 $1, Z8, X24
	MOVQ 24(R11), R13
	VMOVUPS X24, (R13)(R14*1)
	ADDQ $16, R14
	ADDQ $16, R15
	DECQ CX
	JNZ gqpass
gqdone:
	VZEROUPPER
	RET

// func attnScoresG3AVX512(dst, q *[4]*float32, hd int, k []uint16, rows []int32, stride, off int)
// attnScoresG4AVX512 for three heads (the fourth pointers unused): the
// same operations per head without a fourth head's products; heads 0-1
// reduce as GQRED8 does, head 2 by GQRED4.
TEXT ·attnScoresG3AVX512(SB), NOSPLIT, $0-88
	MOVQ rows_len+56(FP), CX
	SHRQ $2, CX
	JZ g3done
	MOVQ q+8(FP), R11
	MOVQ 0(R11), DI
	MOVQ 8(R11), R8
	MOVQ 16(R11), R9
	MOVQ rows_base+48(FP), R15
	XORQ R14, R14
	VMOVDQU32 gq_gather<>(SB), Z31
	GQK2
g3pass:
	GQPASS
	CMPQ CX, $9
	JLT g3chunk
	GQPREF(R10, g3pf0, g3pf1, g3pf2, g3pf3)
g3chunk:
	VCVTPH2PS (AX)(R12*1), Z20
	VCVTPH2PS (BX)(R12*1), Z21
	VCVTPH2PS (DX)(R12*1), Z22
	VCVTPH2PS (SI)(R12*1), Z23
	VMOVUPS (DI)(R12*2), Z16
	VFMADD231PS Z20, Z16, Z0
	VFMADD231PS Z21, Z16, Z1
	VFMADD231PS Z22, Z16, Z2
	VFMADD231PS Z23, Z16, Z3
	VMOVUPS (R8)(R12*2), Z17
	VFMADD231PS Z20, Z17, Z4
	VFMADD231PS Z21, Z17, Z5
	VFMADD231PS Z22, Z17, Z6
	VFMADD231PS Z23, Z17, Z7
	VMOVUPS (R9)(R12*2), Z18
	VFMADD231PS Z20, Z18, Z8
	VFMADD231PS Z21, Z18, Z9
	VFMADD231PS Z22, Z18, Z10
	VFMADD231PS Z23, Z18, Z11
	ADDQ $32, R12
	DECQ R13
	JNZ g3chunk
	GQRED8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	GQRED4(Z8, Z9, Z10, Z11)
	MOVQ dst+0(FP), R11
	MOVQ 0(R11), R13
	VMOVUPS X0, (R13)(R14*1)
	VEXTRACTF32X4 $1, Z0, X24
	MOVQ 8(R11), R13
	VMOVUPS X24, (R13)(R14*1)
	MOVQ 16(R11), R13
	VMOVUPS X8, (R13)(R14*1)
	ADDQ $16, R14
	ADDQ $16, R15
	DECQ CX
	JNZ g3pass
g3done:
	VZEROUPPER
	RET


// GSROW adds row idx+disp/4 of the list to its lane's accumulators a0..a3 of the four
// heads: one masked 16-bit load of the row's current 16 values, widened
// into Z16 (nothing past the current outputs is read), four FMAs
// that broadcast the heads' weights from memory.
#define GSROW(disp, idx, a0, a1, a2, a3) \
	MOVLQSX disp(R8)(idx*4), CX; \
	IMULQ R9, CX; \
	VMOVDQU16.Z (R15)(CX*1), K1, Y16; \
	VCVTPH2PS Y16, Z16; \
	VFMADD231PS.BCST disp(DI)(idx*4), Z16, a0; \
	VFMADD231PS.BCST disp(SI)(idx*4), Z16, a1; \
	VFMADD231PS.BCST disp(R10)(idx*4), Z16, a2; \
	VFMADD231PS.BCST disp(R11)(idx*4), Z16, a3

// GSROW3 is GSROW for three heads.
#define GSROW3(disp, idx, a0, a1, a2) \
	MOVLQSX disp(R8)(idx*4), CX; \
	IMULQ R9, CX; \
	VMOVDQU16.Z (R15)(CX*1), K1, Y16; \
	VCVTPH2PS Y16, Z16; \
	VFMADD231PS.BCST disp(DI)(idx*4), Z16, a0; \
	VFMADD231PS.BCST disp(SI)(idx*4), Z16, a1; \
	VFMADD231PS.BCST disp(R10)(idx*4), Z16, a2


// func attnSumG4AVX512(out, p *[4]*float32, v []uint16, rows []int32, hd, stride, off, lane0 int, lanes *[1024]float32)
// attnSumL16AVX512's sums for four heads. Per 16 outputs, four sweeps over
// the list: sweep q visits the rows of lanes 4q..4q+3 (list index t with
// (t+lane0)%16 among them: four consecutive rows of each group of 16, in
// t order), one row's values loaded once for the four heads, head h's lane
// 4q+m in Z(4h+m); a sweep stores its lane sums in lanes (head h's lane l
// at 16*(16h+l)), and after the four sweeps each head's 16 lanes are
// reduced as reduce16 does. (Sweeps over lanes r, r+4, r+8, r+12, which
// reduce16 combines first, would need no store, but their rows lie four
// apart, a page apart for 1 KB rows: 1.8 times slower at 1,500 rows.)
// Registers: DI, SI, R10, R11 the heads' weights; R8 rows; R9 stride*2; BX
// len(rows); R15 the v address of the current outputs; AX their byte
// offset; R13 outputs left; R12 the first lane of the sweep; R14 the list
// index of that lane in the current group of 16; K1 the current outputs'
// mask; CX, DX scratch.
TEXT ·attnSumG4AVX512(SB), NOSPLIT, $0-104
	MOVQ p+8(FP), CX
	MOVQ 0(CX), DI
	MOVQ 8(CX), SI
	MOVQ 16(CX), R10
	MOVQ 24(CX), R11
	MOVQ v_base+16(FP), R15
	MOVQ off+80(FP), AX
	LEAQ (R15)(AX*2), R15
	MOVQ rows_base+40(FP), R8
	MOVQ rows_len+48(FP), BX
	MOVQ stride+72(FP), R9
	SHLQ $1, R9
	MOVQ hd+64(FP), R13
	XORQ AX, AX
	TESTQ R13, R13
	JZ gcret
gcchunk:
	MOVQ $16, CX
	CMPQ R13, CX
	CMOVQLT R13, CX
	MOVL $1, DX
	SHLL CX, DX
	DECL DX
	KMOVW DX, K1
	XORQ R12, R12
gcsweep:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	MOVQ R12, R14
	SUBQ lane0+88(FP), R14
gcgrp:
	CMPQ R14, BX
	JGE gcswept
	TESTQ R14, R14
	JS gcchecked
	LEAQ 3(R14), CX
	CMPQ CX, BX
	JGE gcchecked
	GSPREF(gcnopf)
	GSROW(0, R14, Z0, Z4, Z8, Z12)
	GSROW(4, R14, Z1, Z5, Z9, Z13)
	GSROW(8, R14, Z2, Z6, Z10, Z14)
	GSROW(12, R14, Z3, Z7, Z11, Z15)
	ADDQ $16, R14
	JMP gcgrp
gcchecked:
	MOVQ R14, DX
	CMPQ DX, BX
	JAE gcc0
	GSROW(0, DX, Z0, Z4, Z8, Z12)
gcc0:
	LEAQ 1(R14), DX
	CMPQ DX, BX
	JAE gcc1
	GSROW(0, DX, Z1, Z5, Z9, Z13)
gcc1:
	LEAQ 2(R14), DX
	CMPQ DX, BX
	JAE gcc2
	GSROW(0, DX, Z2, Z6, Z10, Z14)
gcc2:
	LEAQ 3(R14), DX
	CMPQ DX, BX
	JAE gcc3
	GSROW(0, DX, Z3, Z7, Z11, Z15)
gcc3:
	ADDQ $16, R14
	JMP gcgrp
gcswept:
	MOVQ lanes+96(FP), CX
	MOVQ R12, DX
	SHLQ $6, DX
	ADDQ DX, CX
	VMOVUPS Z0, 0(CX)
	VMOVUPS Z1, 64(CX)
	VMOVUPS Z2, 128(CX)
	VMOVUPS Z3, 192(CX)
	VMOVUPS Z4, 1024(CX)
	VMOVUPS Z5, 1088(CX)
	VMOVUPS Z6, 1152(CX)
	VMOVUPS Z7, 1216(CX)
	VMOVUPS Z8, 2048(CX)
	VMOVUPS Z9, 2112(CX)
	VMOVUPS Z10, 2176(CX)
	VMOVUPS Z11, 2240(CX)
	VMOVUPS Z12, 3072(CX)
	VMOVUPS Z13, 3136(CX)
	VMOVUPS Z14, 3200(CX)
	VMOVUPS Z15, 3264(CX)
	ADDQ $4, R12
	CMPQ R12, $16
	JLT gcsweep
	MOVQ lanes+96(FP), CX
	MOVQ out+0(FP), R12
	GCRED(0)
	MOVQ 0(R12), DX
	VMOVUPS Z0, K1, (DX)(AX*1)
	GCRED(1024)
	MOVQ 8(R12), DX
	VMOVUPS Z0, K1, (DX)(AX*1)
	GCRED(2048)
	MOVQ 16(R12), DX
	VMOVUPS Z0, K1, (DX)(AX*1)
	GCRED(3072)
	MOVQ 24(R12), DX
	VMOVUPS Z0, K1, (DX)(AX*1)
	ADDQ $64, AX
	ADDQ $32, R15
	SUBQ $16, R13
	JG gcchunk
gcret:
	VZEROUPPER
	RET

// func attnSumG3AVX512(out, p *[4]*float32, v []uint16, rows []int32, hd, stride, off, lane0 int, lanes *[1024]float32)
// attnSumG4AVX512 for three heads (the fourth pointers unused, lanes'
// last quarter untouched): the same operations per head without a fourth
// head's products.
TEXT ·attnSumG3AVX512(SB), NOSPLIT, $0-104
	MOVQ p+8(FP), CX
	MOVQ 0(CX), DI
	MOVQ 8(CX), SI
	MOVQ 16(CX), R10
	MOVQ v_base+16(FP), R15
	MOVQ off+80(FP), AX
	LEAQ (R15)(AX*2), R15
	MOVQ rows_base+40(FP), R8
	MOVQ rows_len+48(FP), BX
	MOVQ stride+72(FP), R9
	SHLQ $1, R9
	MOVQ hd+64(FP), R13
	XORQ AX, AX
	TESTQ R13, R13
	JZ s3ret
s3chunk:
	MOVQ $16, CX
	CMPQ R13, CX
	CMOVQLT R13, CX
	MOVL $1, DX
	SHLL CX, DX
	DECL DX
	KMOVW DX, K1
	XORQ R12, R12
s3sweep:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	MOVQ R12, R14
	SUBQ lane0+88(FP), R14
s3grp:
	CMPQ R14, BX
	JGE s3swept
	TESTQ R14, R14
	JS s3checked
	LEAQ 3(R14), CX
	CMPQ CX, BX
	JGE s3checked
	GSPREF(s3nopf)
	GSROW3(0, R14, Z0, Z4, Z8)
	GSROW3(4, R14, Z1, Z5, Z9)
	GSROW3(8, R14, Z2, Z6, Z10)
	GSROW3(12, R14, Z3, Z7, Z11)
	ADDQ $16, R14
	JMP s3grp
s3checked:
	MOVQ R14, DX
	CMPQ DX, BX
	JAE s3c0
	GSROW3(0, DX, Z0, Z4, Z8)
s3c0:
	LEAQ 1(R14), DX
	CMPQ DX, BX
	JAE s3c1
	GSROW3(0, DX, Z1, Z5, Z9)
s3c1:
	LEAQ 2(R14), DX
	CMPQ DX, BX
	JAE s3c2
	GSROW3(0, DX, Z2, Z6, Z10)
s3c2:
	LEAQ 3(R14), DX
	CMPQ DX, BX
	JAE s3c3
	GSROW3(0, DX, Z3, Z7, Z11)
s3c3:
	ADDQ $16, R14
	JMP s3grp
s3swept:
	MOVQ lanes+96(FP), CX
	MOVQ R12, DX
	SHLQ $6, DX
	ADDQ DX, CX
	VMOVUPS Z0, 0(CX)
	VMOVUPS Z1, 64(CX)
	VMOVUPS Z2, 128(CX)
	VMOVUPS Z3, 192(CX)
	VMOVUPS Z4, 1024(CX)
	VMOVUPS Z5, 1088(CX)
	VMOVUPS Z6, 1152(CX)
	VMOVUPS Z7, 1216(CX)
	VMOVUPS Z8, 2048(CX)
	VMOVUPS Z9, 2112(CX)
	VMOVUPS Z10, 2176(CX)
	VMOVUPS Z11, 2240(CX)
	ADDQ $4, R12
	CMPQ R12, $16
	JLT s3sweep
	MOVQ lanes+96(FP), CX
	MOVQ out+0(FP), R12
	GCRED(0)
	MOVQ 0(R12), DX
	VMOVUPS Z0, K1, (DX)(AX*1)
	GCRED(1024)
	MOVQ 8(R12), DX
	VMOVUPS Z0, K1, (DX)(AX*1)
	GCRED(2048)
	MOVQ 16(R12), DX
	VMOVUPS Z0, K1, (DX)(AX*1)
	ADDQ $64, AX
	ADDQ $32, R15
	SUBQ $16, R13
	JG s3chunk
s3ret:
	VZEROUPPER
	RET
