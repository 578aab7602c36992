//go:build amd64 && !purego && !noasm

#include "textflag.h"

// AVX-512 VNNI versions of the four-token tiles of tile_amd64.s. Each
// 512-bit register holds two tokens' eight float lanes (tokens 0|1 in Z9,
// 2|3 in Z10): one VPDPBUSD, one conversion and one FMA per two tokens and
// block, with the block's four scales d_w*d_a formed by one VMULPS and
// spread by VPERMPS (the unsigned eight-token tiles below multiply scales
// spread in advance instead). Every lane sees exactly the operations of the 256-bit
// AVX2 tile (same products, same FMA per block, same final sums), so the
// results are the same bits; kernels tests check that.

DATA tv_nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA tv_nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA tv_nib<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA tv_nib<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL tv_nib<>(SB), RODATA|NOPTR, $32

DATA tv_eight<>+0(SB)/8, $0x0808080808080808
DATA tv_eight<>+8(SB)/8, $0x0808080808080808
DATA tv_eight<>+16(SB)/8, $0x0808080808080808
DATA tv_eight<>+24(SB)/8, $0x0808080808080808
GLOBL tv_eight<>(SB), RODATA|NOPTR, $32

DATA tv_ones16<>+0(SB)/8, $0x0001000100010001
DATA tv_ones16<>+8(SB)/8, $0x0001000100010001
DATA tv_ones16<>+16(SB)/8, $0x0001000100010001
DATA tv_ones16<>+24(SB)/8, $0x0001000100010001
GLOBL tv_ones16<>(SB), RODATA|NOPTR, $32

DATA tv_shufbits<>+0(SB)/8, $0x0000000000000000
DATA tv_shufbits<>+8(SB)/8, $0x0101010101010101
DATA tv_shufbits<>+16(SB)/8, $0x0202020202020202
DATA tv_shufbits<>+24(SB)/8, $0x0303030303030303
GLOBL tv_shufbits<>(SB), RODATA|NOPTR, $32

DATA tv_bitmask<>+0(SB)/8, $0x7fbfdfeff7fbfdfe
DATA tv_bitmask<>+8(SB)/8, $0x7fbfdfeff7fbfdfe
DATA tv_bitmask<>+16(SB)/8, $0x7fbfdfeff7fbfdfe
DATA tv_bitmask<>+24(SB)/8, $0x7fbfdfeff7fbfdfe
GLOBL tv_bitmask<>(SB), RODATA|NOPTR, $32

DATA tv_b10<>+0(SB)/8, $0x1010101010101010
DATA tv_b10<>+8(SB)/8, $0x1010101010101010
DATA tv_b10<>+16(SB)/8, $0x1010101010101010
DATA tv_b10<>+24(SB)/8, $0x1010101010101010
GLOBL tv_b10<>(SB), RODATA|NOPTR, $32

DATA tv_m8<>+0(SB)/4, $-8.0
GLOBL tv_m8<>(SB), RODATA|NOPTR, $4

DATA tv_m16<>+0(SB)/4, $-16.0
GLOBL tv_m16<>(SB), RODATA|NOPTR, $4

// Lane indexes for VPERMPS: tokens 0|1 and 2|3 of a block's four scales.
DATA tv_idxa<>+0(SB)/8, $0x0000000000000000
DATA tv_idxa<>+8(SB)/8, $0x0000000000000000
DATA tv_idxa<>+16(SB)/8, $0x0000000000000000
DATA tv_idxa<>+24(SB)/8, $0x0000000000000000
DATA tv_idxa<>+32(SB)/8, $0x0000000100000001
DATA tv_idxa<>+40(SB)/8, $0x0000000100000001
DATA tv_idxa<>+48(SB)/8, $0x0000000100000001
DATA tv_idxa<>+56(SB)/8, $0x0000000100000001
GLOBL tv_idxa<>(SB), RODATA|NOPTR, $64

DATA tv_idxb<>+0(SB)/8, $0x0000000200000002
DATA tv_idxb<>+8(SB)/8, $0x0000000200000002
DATA tv_idxb<>+16(SB)/8, $0x0000000200000002
DATA tv_idxb<>+24(SB)/8, $0x0000000200000002
DATA tv_idxb<>+32(SB)/8, $0x0000000300000003
DATA tv_idxb<>+40(SB)/8, $0x0000000300000003
DATA tv_idxb<>+48(SB)/8, $0x0000000300000003
DATA tv_idxb<>+56(SB)/8, $0x0000000300000003
GLOBL tv_idxb<>(SB), RODATA|NOPTR, $64

DATA tv_hif0<>+0(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA tv_hif0<>+8(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA tv_hif0<>+16(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA tv_hif0<>+24(SB)/8, $0xf0f0f0f0f0f0f0f0
GLOBL tv_hif0<>(SB), RODATA|NOPTR, $32

DATA tv_x80<>+0(SB)/8, $0x8080808080808080
DATA tv_x80<>+8(SB)/8, $0x8080808080808080
DATA tv_x80<>+16(SB)/8, $0x8080808080808080
DATA tv_x80<>+24(SB)/8, $0x8080808080808080
GLOBL tv_x80<>(SB), RODATA|NOPTR, $32

DATA tv_allones<>+0(SB)/8, $0xffffffffffffffff
DATA tv_allones<>+8(SB)/8, $0xffffffffffffffff
DATA tv_allones<>+16(SB)/8, $0xffffffffffffffff
DATA tv_allones<>+24(SB)/8, $0xffffffffffffffff
GLOBL tv_allones<>(SB), RODATA|NOPTR, $32

#define TPROLOGUE \
	MOVQ dstv_base+0(FP), DI \
	MOVQ stride+24(FP), R14 \
	SHLQ $2, R14 \
	LEAQ (R14)(R14*2), R10 \
	MOVQ nrows+32(FP), CX \
	MOVQ w_base+40(FP), SI \
	MOVQ rowBytes+64(FP), R8 \
	MOVQ qs_len+80(FP), R12 \
	SHRQ $7, R12 \
	VMOVDQU tv_ones16<>(SB), Y15 \
	VMOVDQU tv_nib<>(SB), Y14 \
	TESTQ CX, CX \
	JZ done

#define TROWSTART \
	VXORPS Y9, Y9, Y9 \
	VXORPS Y10, Y10, Y10 \
	VXORPS Y11, Y11, Y11 \
	VXORPS Y12, Y12, Y12 \
	VXORPS X8, X8, X8 \
	MOVQ SI, BX \
	MOVQ qs_base+72(FP), R13 \
	MOVQ d_base+96(FP), DX \
	MOVQ s_base+120(FP), R9 \
	MOVQ R12, R11 \
	TESTQ R11, R11

// TDW: X6 = the weight block's float16 scale at off(BX) as float32.
#define TDW(off) \
	MOVWLZX off(BX), AX \
	VMOVD AX, X6 \
	VCVTPH2PS X6, X6

// ZCONST: the VPERMPS indexes and a zero register, after TPROLOGUE.
#define ZCONST \
	VMOVDQU32 tv_idxa<>(SB), Z16 \
	VMOVDQU32 tv_idxb<>(SB), Z17 \
	VPXORD Z20, Z20, Z20

// ZSCALES: X6 = d_w; Z18 = d_w*d_a[0] (x8) | d_w*d_a[1] (x8), Z19 the
// same for tokens 2 and 3. VMULPS rounds each product as VMULSS did.
#define ZSCALES \
	VBROADCASTSS X6, X7 \
	VMULPS (DX), X7, X7 \
	VPERMPS Z7, Z16, Z18 \
	VPERMPS Z7, Z17, Z19

// ZDOT: Z5 (tokens 0|1) and Z4 (tokens 2|3) hold the int32 lane sums;
// convert and accumulate them.
#define ZACC \
	VCVTDQ2PS Z5, Z5 \
	VCVTDQ2PS Z4, Z4 \
	VFMADD231PS Z18, Z5, Z9 \
	VFMADD231PS Z19, Z4, Z10

// ZUNSIGNED: Y1 unsigned weights (0..15) for all four tokens.
#define ZUNSIGNED \
	VINSERTI64X4 $1, Y1, Z1, Z1 \
	VPXORD Z5, Z5, Z5 \
	VPDPBUSD (R13), Z1, Z5 \
	VPXORD Z4, Z4, Z4 \
	VPDPBUSD 64(R13), Z1, Z4 \
	ZACC

// ZSIGNED: Y1 signed weights. VPDPBUSD wants unsigned x signed, so it
// multiplies |w| by the activation negated where w < 0 (VPSIGNB has no
// 512-bit form; where w = 0 the product is 0 either way). Activations are
// within -127..127, so the negation is exact.
#define ZSIGNED \
	VINSERTI64X4 $1, Y1, Z1, Z1 \
	VPMOVB2M Z1, K1 \
	VPABSB Z1, Z3 \
	VMOVDQU64 (R13), Z2 \
	VPSUBB Z2, Z20, K1, Z2 \
	VMOVDQU64 64(R13), Z21 \
	VPSUBB Z21, Z20, K1, Z21 \
	VPXORD Z5, Z5, Z5 \
	VPDPBUSD Z2, Z3, Z5 \
	VPXORD Z4, Z4, Z4 \
	VPDPBUSD Z21, Z3, Z4 \
	ZACC

// ZROWEND: unpack Z9/Z10 into Y9..Y12 (tokens 0..3) for TROWEND.
#define ZROWEND \
	VEXTRACTF64X4 $1, Z10, Y12 \
	VMOVAPS Y10, Y11 \
	VEXTRACTF64X4 $1, Z9, Y10

#define TNEXT(wsize) \
	ADDQ $wsize, BX \
	ADDQ $128, R13 \
	ADDQ $16, DX \
	ADDQ $16, R9 \
	DECQ R11


#define TROWEND \
	VEXTRACTF128 $1, Y9, X1 \
	VADDPS X1, X9, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0 \
	VADDSS X8, X0, X0 \
	VMOVSS X0, (DI) \
	VEXTRACTF128 $1, Y10, X1 \
	VADDPS X1, X10, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0 \
	VPSHUFD $1, X8, X2 \
	VADDSS X2, X0, X0 \
	VMOVSS X0, (DI)(R14*1) \
	VEXTRACTF128 $1, Y11, X1 \
	VADDPS X1, X11, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0 \
	VPSHUFD $2, X8, X2 \
	VADDSS X2, X0, X0 \
	VMOVSS X0, (DI)(R14*2) \
	VEXTRACTF128 $1, Y12, X1 \
	VADDPS X1, X12, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0 \
	VPSHUFD $3, X8, X2 \
	VADDSS X2, X0, X0 \
	VMOVSS X0, (DI)(R10*1) \
	ADDQ $4, DI \
	ADDQ R8, SI \
	DECQ CX

// Eight-token tiles: the same per-lane operations as the four-token tiles
// above for two packed groups at once (tokens 0-3 at qs0/d0/s0, 4-7 at
// qs1/d1/s1, both laid out like packAct4's; the unsigned tiles take the
// spread scales of packSpread as d0/d1), so each weight block is unpacked and its scales
// converted once per eight tokens. Z9..Z12 hold
// tokens 0|1, 2|3, 4|5, 6|7; X8/X13 the offset terms of tokens 0-3/4-7.
// R14, R10, R12 hold qs1-qs0, d1-d0, s1-s0; 0(SP) the block count.

#define EPROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ nrows+32(FP), CX \
	MOVQ w_base+40(FP), SI \
	MOVQ rowBytes+64(FP), R8 \
	MOVQ qs0_len+80(FP), AX \
	SHRQ $7, AX \
	MOVQ AX, 0(SP) \
	MOVQ qs1_base+144(FP), R14 \
	SUBQ qs0_base+72(FP), R14 \
	MOVQ d1_base+168(FP), R10 \
	SUBQ d0_base+96(FP), R10 \
	MOVQ s1_base+192(FP), R12 \
	SUBQ s0_base+120(FP), R12 \
	VMOVDQU tv_nib<>(SB), Y14 \
	ZCONST \
	TESTQ CX, CX \
	JZ done

#define EROWSTART \
	VXORPS Y9, Y9, Y9 \
	VXORPS Y10, Y10, Y10 \
	VXORPS Y11, Y11, Y11 \
	VXORPS Y12, Y12, Y12 \
	VXORPS X8, X8, X8 \
	VXORPS X13, X13, X13 \
	MOVQ SI, BX \
	MOVQ qs0_base+72(FP), R13 \
	MOVQ d0_base+96(FP), DX \
	MOVQ s0_base+120(FP), R9 \
	MOVQ 0(SP), R11 \
	TESTQ R11, R11

// ESCALES: ZSCALES for both groups (Z18/Z19 and Z24/Z25).
#define ESCALES \
	VBROADCASTSS X6, X7 \
	VMULPS (DX), X7, X22 \
	VMULPS (DX)(R10*1), X7, X23 \
	VPERMPS Z22, Z16, Z18 \
	VPERMPS Z22, Z17, Z19 \
	VPERMPS Z23, Z16, Z24 \
	VPERMPS Z23, Z17, Z25

// ESPREAD: ESCALES's lanes from the spread scales (DX: packed4.dx, each
// token's d over its eight lanes): the same products, one VMULPS from
// memory per two tokens instead of four VPERMPS, the slowest part of the
// unsigned tiles (Q4_1 2.70 -> 2.41 ns a block of eight tokens). The
// tiles with corrections keep ESCALES: they already load 256 bytes of
// corrections a block, and the 256 of spread scales made them slower.
#define ESPREAD \
	VBROADCASTSS X6, Z7 \
	VMULPS (DX), Z7, Z18 \
	VMULPS 64(DX), Z7, Z19 \
	VMULPS (DX)(R10*1), Z7, Z24 \
	VMULPS 64(DX)(R10*1), Z7, Z25

#define EACC \
	VCVTDQ2PS Z5, Z5 \
	VCVTDQ2PS Z4, Z4 \
	VCVTDQ2PS Z26, Z26 \
	VCVTDQ2PS Z27, Z27 \
	VFMADD231PS Z18, Z5, Z9 \
	VFMADD231PS Z19, Z4, Z10 \
	VFMADD231PS Z24, Z26, Z11 \
	VFMADD231PS Z25, Z27, Z12

// EUNSIGNED: Y1 unsigned weights (0..15) for all eight tokens.
#define EUNSIGNED \
	VINSERTI64X4 $1, Y1, Z1, Z1 \
	VPXORD Z5, Z5, Z5 \
	VPDPBUSD (R13), Z1, Z5 \
	VPXORD Z4, Z4, Z4 \
	VPDPBUSD 64(R13), Z1, Z4 \
	VPXORD Z26, Z26, Z26 \
	VPDPBUSD (R13)(R14*1), Z1, Z26 \
	VPXORD Z27, Z27, Z27 \
	VPDPBUSD 64(R13)(R14*1), Z1, Z27 \
	EACC

// ESIGNED: Y1 signed weights, as ZSIGNED.
#define ESIGNED \
	VINSERTI64X4 $1, Y1, Z1, Z1 \
	VPMOVB2M Z1, K1 \
	VPABSB Z1, Z3 \
	VMOVDQU64 (R13), Z2 \
	VPSUBB Z2, Z20, K1, Z2 \
	VMOVDQU64 64(R13), Z21 \
	VPSUBB Z21, Z20, K1, Z21 \
	VPXORD Z5, Z5, Z5 \
	VPDPBUSD Z2, Z3, Z5 \
	VPXORD Z4, Z4, Z4 \
	VPDPBUSD Z21, Z3, Z4 \
	VMOVDQU64 (R13)(R14*1), Z2 \
	VPSUBB Z2, Z20, K1, Z2 \
	VMOVDQU64 64(R13)(R14*1), Z21 \
	VPSUBB Z21, Z20, K1, Z21 \
	VPXORD Z26, Z26, Z26 \
	VPDPBUSD Z2, Z3, Z26 \
	VPXORD Z27, Z27, Z27 \
	VPDPBUSD Z21, Z3, Z27 \
	EACC

// ECORR: Y1 unsigned weights for all eight tokens, each lane's integer
// sum started at the activations' correction (R9: packCorr's, at the
// offset of the block's tokens 0-3; R12 to tokens 4-7's), so that it ends
// at the signed weights' sum.
#define ECORR \
	VINSERTI64X4 $1, Y1, Z1, Z1 \
	VMOVDQU64 (R9), Z5 \
	VPDPBUSD (R13), Z1, Z5 \
	VMOVDQU64 64(R9), Z4 \
	VPDPBUSD 64(R13), Z1, Z4 \
	VMOVDQU64 (R9)(R12*1), Z26 \
	VPDPBUSD (R13)(R14*1), Z1, Z26 \
	VMOVDQU64 64(R9)(R12*1), Z27 \
	VPDPBUSD 64(R13)(R14*1), Z1, Z27 \
	EACC

// ENEXT is TNEXT for the eight-token tiles with spread scales (128
// bytes a block), ENEXTC for those with corrections (128 bytes a block).
#define ENEXT(wsize) \
	ADDQ $wsize, BX \
	ADDQ $128, R13 \
	ADDQ $128, DX \
	ADDQ $16, R9 \
	DECQ R11

#define ENEXTC(wsize) \
	ADDQ $wsize, BX \
	ADDQ $128, R13 \
	ADDQ $16, DX \
	ADDQ $128, R9 \
	DECQ R11

// EMIN: X7 = the block's offset factor (x4); both groups' offset terms.
#define EMIN \
	VBROADCASTSS X7, X7 \
	VFMADD231PS (R9), X7, X8 \
	VFMADD231PS (R9)(R12*1), X7, X13

// EHSUM(y, x): X0 = TROWEND's horizontal sum of y's eight lanes.
#define EHSUM(y, x) \
	VEXTRACTF128 $1, y, X1 \
	VADDPS X1, x, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0

// ESTORE(minx, j): add lane j of minx, store at (BX), step BX to the next token.
#define ESTORE(minx, j) \
	VPSHUFD $j, minx, X2 \
	VADDSS X2, X0, X0 \
	VMOVSS X0, (BX) \
	ADDQ AX, BX

#define EROWEND \
	MOVQ stride+24(FP), AX \
	SHLQ $2, AX \
	MOVQ DI, BX \
	EHSUM(Y9, X9) \
	ESTORE(X8, 0) \
	VEXTRACTF64X4 $1, Z9, Y15 \
	EHSUM(Y15, X15) \
	ESTORE(X8, 1) \
	EHSUM(Y10, X10) \
	ESTORE(X8, 2) \
	VEXTRACTF64X4 $1, Z10, Y15 \
	EHSUM(Y15, X15) \
	ESTORE(X8, 3) \
	EHSUM(Y11, X11) \
	ESTORE(X13, 0) \
	VEXTRACTF64X4 $1, Z11, Y15 \
	EHSUM(Y15, X15) \
	ESTORE(X13, 1) \
	EHSUM(Y12, X12) \
	ESTORE(X13, 2) \
	VEXTRACTF64X4 $1, Z12, Y15 \
	EHSUM(Y15, X15) \
	ESTORE(X13, 3) \
	ADDQ $4, DI \
	ADDQ R8, SI \
	DECQ CX

// func tile4Q8_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q8_0VNNI(SB), NOSPLIT, $0-144
	TPROLOGUE
	ZCONST
t80row:
	TROWSTART
	JZ t80end
t80blk:
	TDW(0)
	VMOVDQU 2(BX), Y1
	ZSCALES
	ZSIGNED
	TNEXT(34)
	JNZ t80blk
t80end:
	ZROWEND
	TROWEND
	JNZ t80row
done:
	VZEROUPPER
	RET

// func tile4Q4_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q4_0VNNI(SB), NOSPLIT, $0-144
	TPROLOGUE
	ZCONST
t40row:
	TROWSTART
	JZ t40end
t40blk:
	// Unsigned nibbles; the -8 goes through the activation sums.
	TDW(0)
	VMULSS tv_m8<>(SB), X6, X7
	VBROADCASTSS X7, X7
	VFMADD231PS (R9), X7, X8
	VMOVDQU 2(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	ZSCALES
	ZUNSIGNED
	TNEXT(18)
	JNZ t40blk
t40end:
	ZROWEND
	TROWEND
	JNZ t40row
done:
	VZEROUPPER
	RET

// func tile4Q4_1VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q4_1VNNI(SB), NOSPLIT, $0-144
	TPROLOGUE
	ZCONST
t41row:
	TROWSTART
	JZ t41end
t41blk:
	TDW(0)
	MOVWLZX 2(BX), AX
	VMOVD AX, X7
	VCVTPH2PS X7, X7
	VBROADCASTSS X7, X7
	VFMADD231PS (R9), X7, X8
	VMOVDQU 4(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	ZSCALES
	ZUNSIGNED
	TNEXT(20)
	JNZ t41blk
t41end:
	ZROWEND
	TROWEND
	JNZ t41row
done:
	VZEROUPPER
	RET

// func tile4Q5_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q5_0VNNI(SB), NOSPLIT, $0-144
	TPROLOGUE
	ZCONST
t50row:
	TROWSTART
	JZ t50end
t50blk:
	// Signed values (value - 16), as rowsQ5_0AVX2.
	TDW(0)
	VMOVDQU 6(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	VPBROADCASTD 2(BX), Y7
	VPSHUFB tv_shufbits<>(SB), Y7, Y7
	VPOR tv_bitmask<>(SB), Y7, Y7
	VPCMPEQB tv_allones<>(SB), Y7, Y7
	VPANDN tv_hif0<>(SB), Y7, Y7
	VPOR Y7, Y1, Y1
	ZSCALES
	ZSIGNED
	TNEXT(22)
	JNZ t50blk
t50end:
	ZROWEND
	TROWEND
	JNZ t50row
done:
	VZEROUPPER
	RET

// func tile8Q8_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)
TEXT ·tile8Q8_0VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e80row:
	EROWSTART
	JZ e80end
e80blk:
	TDW(0)
	VMOVDQU 2(BX), Y1
	VPXOR tv_x80<>(SB), Y1, Y1
	ESCALES
	ECORR
	ENEXTC(34)
	JNZ e80blk
e80end:
	EROWEND
	JNZ e80row
done:
	VZEROUPPER
	RET

// func tile8Q4_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)
TEXT ·tile8Q4_0VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e40row:
	EROWSTART
	JZ e40end
e40blk:
	TDW(0)
	VMULSS tv_m8<>(SB), X6, X7
	EMIN
	VMOVDQU 2(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	ESPREAD
	EUNSIGNED
	ENEXT(18)
	JNZ e40blk
e40end:
	EROWEND
	JNZ e40row
done:
	VZEROUPPER
	RET

// func tile8Q4_1VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)
TEXT ·tile8Q4_1VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e41row:
	EROWSTART
	JZ e41end
e41blk:
	// d and m converted together: X6 = d, m, 0, 0; X7 = m x4
	VMOVD 0(BX), X6
	VCVTPH2PS X6, X6
	VPERMILPS $0x55, X6, X7
	VFMADD231PS (R9), X7, X8
	VFMADD231PS (R9)(R12*1), X7, X13
	VMOVDQU 4(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	ESPREAD
	EUNSIGNED
	ENEXT(20)
	JNZ e41blk
e41end:
	EROWEND
	JNZ e41row
done:
	VZEROUPPER
	RET

// func tile8Q5_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)
TEXT ·tile8Q5_0VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e50row:
	EROWSTART
	JZ e50end
e50blk:
	TDW(0)
	VMOVDQU 6(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	VPBROADCASTD 2(BX), Y7
	VPSHUFB tv_shufbits<>(SB), Y7, Y7
	VPOR tv_bitmask<>(SB), Y7, Y7
	VPCMPEQB tv_allones<>(SB), Y7, Y7
	VPAND tv_b10<>(SB), Y7, Y7
	VPOR Y7, Y1, Y1
	ESCALES
	ECORR
	ENEXTC(22)
	JNZ e50blk
e50end:
	EROWEND
	JNZ e50row
done:
	VZEROUPPER
	RET
