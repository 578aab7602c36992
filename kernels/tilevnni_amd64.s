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

// ESPREAD: ZSCALES's lanes for both groups (Z18/Z19 and Z24/Z25) from
// the spread scales (DX: packed4.dx, each token's d over its eight
// lanes): the same products, one VMULPS from memory per two tokens.
// Spreading them here took four VPERMPS a block, the slowest part of the
// tile (Q4_1 2.70 -> 2.41 ns a block of eight tokens).
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

// ENEXT is TNEXT for the eight-token tiles (spread scales: 128 bytes a
// block), ENEXTC for those with corrections (also 128 bytes a block).
#define ENEXT(wsize) \
	ADDQ $wsize, BX \
	ADDQ $128, R13 \
	ADDQ $128, DX \
	ADDQ $16, R9 \
	DECQ R11

#define ENEXTC(wsize) \
	ADDQ $wsize, BX \
	ADDQ $128, R13 \
	ADDQ $128, DX \
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

// Two rows at a time: the eight-token tiles run rows in pairs, each block's
// activations (qs pairs in Z20-Z23, spread scales in Z28-Z31, corrections
// in Z16/Z17/Z2/Z3) loaded once for both rows, and each row's lanes see
// the one-row operations (row A's sums in Z9-Z12, row B's in Z24-Z27;
// weights in Z1/Z4, scales d_w broadcast in Z7/Z15; offset terms X8/X13
// and X16/X17). An odd last row takes the one-row loop. Loading the
// activations once per two rows made Q8_0's tile 2.31 -> 1.85 ns a block
// of eight tokens and row.

// P2START: zero both rows' sums and offset terms and point at the first
// block; ZF when there are none.
#define P2START \
	VPXORD Z24, Z24, Z24 \
	VPXORD Z25, Z25, Z25 \
	VPXORD Z26, Z26, Z26 \
	VPXORD Z27, Z27, Z27 \
	VPXORD Z16, Z16, Z16 \
	VPXORD Z17, Z17, Z17 \
	EROWSTART

// P2PF: prefetch this block of the rows two pairs on. Two rows read side
// by side are not one sequential stream: without it, weights streamed
// from memory were slower than one row at a time (Q8_0 65536x640, ns a
// block and token: 8 tokens 0.35 -> 0.39-0.45, 16 tokens 0.39 -> 0.56);
// with it, 0.32-0.36 and 0.30. (The next pair, 256 bytes on, left 8
// tokens at 0.46.)
#define P2PF \
	LEAQ (BX)(R8*4), AX \
	PREFETCHT0 0(AX) \
	PREFETCHT0 0(AX)(R8*1)

// P2ACT: the block's activations for both rows.
#define P2ACT \
	VMOVDQU64 (R13), Z20 \
	VMOVDQU64 64(R13), Z21 \
	VMOVDQU64 (R13)(R14*1), Z22 \
	VMOVDQU64 64(R13)(R14*1), Z23 \
	VMOVUPS (DX), Z28 \
	VMOVUPS 64(DX), Z29 \
	VMOVUPS (DX)(R10*1), Z30 \
	VMOVUPS 64(DX)(R10*1), Z31

// P2CORR: the block's corrections (ECORR's starting values).
#define P2CORR \
	VMOVDQU64 (R9), Z16 \
	VMOVDQU64 64(R9), Z17 \
	VMOVDQU64 (R9)(R12*1), Z2 \
	VMOVDQU64 64(R9)(R12*1), Z3

// P2DW(addr, z): z = the float16 weight scale at addr, as float32, broadcast.
#define P2DW(addr, z) \
	MOVWLZX addr, AX \
	VMOVD AX, X6 \
	VCVTPH2PS X6, X6 \
	VBROADCASTSS X6, z

// P2C(q, c, d, acca, accb): one token pair of ECORR (q its activations,
// c its corrections, d its spread scales) for both rows.
#define P2C(q, c, d, acca, accb) \
	VMOVDQA64 c, Z5 \
	VPDPBUSD q, Z1, Z5 \
	VCVTDQ2PS Z5, Z5 \
	VMULPS d, Z7, Z18 \
	VFMADD231PS Z18, Z5, acca \
	VMOVDQA64 c, Z6 \
	VPDPBUSD q, Z4, Z6 \
	VCVTDQ2PS Z6, Z6 \
	VMULPS d, Z15, Z19 \
	VFMADD231PS Z19, Z6, accb

// P2U: P2C for unsigned weights (EUNSIGNED: sums start at zero).
#define P2U(q, d, acca, accb) \
	VPXORD Z5, Z5, Z5 \
	VPDPBUSD q, Z1, Z5 \
	VCVTDQ2PS Z5, Z5 \
	VMULPS d, Z7, Z18 \
	VFMADD231PS Z18, Z5, acca \
	VPXORD Z6, Z6, Z6 \
	VPDPBUSD q, Z4, Z6 \
	VCVTDQ2PS Z6, Z6 \
	VMULPS d, Z15, Z19 \
	VFMADD231PS Z19, Z6, accb

#define P2BLOCKC \
	P2ACT \
	P2CORR \
	P2C(Z20, Z16, Z28, Z9, Z24) \
	P2C(Z21, Z17, Z29, Z10, Z25) \
	P2C(Z22, Z2, Z30, Z11, Z26) \
	P2C(Z23, Z3, Z31, Z12, Z27)

#define P2BLOCKU \
	P2ACT \
	P2U(Z20, Z28, Z9, Z24) \
	P2U(Z21, Z29, Z10, Z25) \
	P2U(Z22, Z30, Z11, Z26) \
	P2U(Z23, Z31, Z12, Z27)

// P2ENDC: store row A, then row B (its sums moved into EROWEND's
// registers; the tiles with corrections have no offset terms, X8/X13
// stay zero). P2ENDU also moves row B's offset terms.
#define P2ENDC \
	EROWEND \
	VMOVAPS Z24, Z9 \
	VMOVAPS Z25, Z10 \
	VMOVAPS Z26, Z11 \
	VMOVAPS Z27, Z12 \
	EROWEND

#define P2ENDU \
	EROWEND \
	VMOVAPS Z24, Z9 \
	VMOVAPS Z25, Z10 \
	VMOVAPS Z26, Z11 \
	VMOVAPS Z27, Z12 \
	VMOVAPS X16, X8 \
	VMOVAPS X17, X13 \
	EROWEND

// W80(addr, y, z): Q8_0 weights at addr as unsigned bytes (plus 128), in both halves of z.
#define W80(addr, y, z) \
	VMOVDQU addr, y \
	VPXOR tv_x80<>(SB), y, y \
	VINSERTI64X4 $1, y, z, z

// W4(addr, x, y, z): sixteen bytes of nibbles at addr as 32 unsigned values (x: low, then high), in both halves of z.
#define W4(addr, x, y, z) \
	VMOVDQU addr, x \
	VPSRLW $4, x, X2 \
	VINSERTI128 $1, X2, y, y \
	VPAND Y14, y, y \
	VINSERTI64X4 $1, y, z, z

// W50(qaddr, haddr, x, y, z): Q5_0 weights (nibbles at qaddr, high bits at haddr) as 0..31, in both halves of z.
#define W50(qaddr, haddr, x, y, z) \
	VMOVDQU qaddr, x \
	VPSRLW $4, x, X2 \
	VINSERTI128 $1, X2, y, y \
	VPAND Y14, y, y \
	VPBROADCASTD haddr, Y7 \
	VPSHUFB tv_shufbits<>(SB), Y7, Y7 \
	VPOR tv_bitmask<>(SB), Y7, Y7 \
	VPCMPEQB tv_allones<>(SB), Y7, Y7 \
	VPAND tv_b10<>(SB), Y7, Y7 \
	VPOR Y7, y, y \
	VINSERTI64X4 $1, y, z, z

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

// func tile8Q8_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0 []float32, s0 []int32, qs1 []int8, d1 []float32, s1 []int32)
TEXT ·tile8Q8_0VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e80pair:
	CMPQ CX, $2
	JLT e80row
	P2START
	JZ e80pend
e80pblk:
	P2PF
	W80(2(BX), Y1, Z1)
	W80(2(BX)(R8*1), Y4, Z4)
	P2DW(0(BX), Z7)
	P2DW(0(BX)(R8*1), Z15)
	P2BLOCKC
	ENEXTC(34)
	JNZ e80pblk
e80pend:
	P2ENDC
	JMP e80pair
e80row:
	TESTQ CX, CX
	JZ done
	EROWSTART
	JZ e80end
e80blk:
	TDW(0)
	VMOVDQU 2(BX), Y1
	VPXOR tv_x80<>(SB), Y1, Y1
	ESPREAD
	ECORR
	ENEXTC(34)
	JNZ e80blk
e80end:
	EROWEND
done:
	VZEROUPPER
	RET

// func tile8Q4_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)
TEXT ·tile8Q4_0VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e40pair:
	CMPQ CX, $2
	JLT e40row
	P2START
	JZ e40pend
e40pblk:
	P2PF
	// offset terms: d*-8 times the tokens' sums, as EMIN
	P2DW(0(BX), Z7)
	VMULSS tv_m8<>(SB), X6, X0
	VBROADCASTSS X0, X0
	VFMADD231PS (R9), X0, X8
	VFMADD231PS (R9)(R12*1), X0, X13
	P2DW(0(BX)(R8*1), Z15)
	VMULSS tv_m8<>(SB), X6, X0
	VBROADCASTSS X0, X0
	VFMADD231PS (R9), X0, X16
	VFMADD231PS (R9)(R12*1), X0, X17
	W4(2(BX), X1, Y1, Z1)
	W4(2(BX)(R8*1), X4, Y4, Z4)
	P2BLOCKU
	ENEXT(18)
	JNZ e40pblk
e40pend:
	P2ENDU
	JMP e40pair
e40row:
	TESTQ CX, CX
	JZ done
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
done:
	VZEROUPPER
	RET

// func tile8Q4_1VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)
TEXT ·tile8Q4_1VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e41pair:
	CMPQ CX, $2
	JLT e41row
	P2START
	JZ e41pend
e41pblk:
	P2PF
	// d and m converted together (X6 = d, m, 0, 0); the offset terms m*s
	VMOVD 0(BX), X6
	VCVTPH2PS X6, X6
	VPERMILPS $0x55, X6, X0
	VFMADD231PS (R9), X0, X8
	VFMADD231PS (R9)(R12*1), X0, X13
	VBROADCASTSS X6, Z7
	VMOVD 0(BX)(R8*1), X6
	VCVTPH2PS X6, X6
	VPERMILPS $0x55, X6, X0
	VFMADD231PS (R9), X0, X16
	VFMADD231PS (R9)(R12*1), X0, X17
	VBROADCASTSS X6, Z15
	W4(4(BX), X1, Y1, Z1)
	W4(4(BX)(R8*1), X4, Y4, Z4)
	P2BLOCKU
	ENEXT(20)
	JNZ e41pblk
e41pend:
	P2ENDU
	JMP e41pair
e41row:
	TESTQ CX, CX
	JZ done
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
done:
	VZEROUPPER
	RET

// func tile8Q5_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0 []float32, s0 []int32, qs1 []int8, d1 []float32, s1 []int32)
TEXT ·tile8Q5_0VNNI(SB), NOSPLIT, $8-216
	EPROLOGUE
e50pair:
	CMPQ CX, $2
	JLT e50row
	P2START
	JZ e50pend
e50pblk:
	P2PF
	W50(6(BX), 2(BX), X1, Y1, Z1)
	W50(6(BX)(R8*1), 2(BX)(R8*1), X4, Y4, Z4)
	P2DW(0(BX), Z7)
	P2DW(0(BX)(R8*1), Z15)
	P2BLOCKC
	ENEXTC(22)
	JNZ e50pblk
e50pend:
	P2ENDC
	JMP e50pair
e50row:
	TESTQ CX, CX
	JZ done
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
	ESPREAD
	ECORR
	ENEXTC(22)
	JNZ e50blk
e50end:
	EROWEND
done:
	VZEROUPPER
	RET

// func q5ToQ8AVX512(dst, src []byte, nb int)
// Rewrites nb Q5_0 blocks (22 bytes) at src as Q8_0 blocks (34 bytes) at
// dst: the same float16 scale, then the 32 values minus 16 as signed
// bytes (the unpacking of tile8Q5_0VNNI's W50, then VPSUBB 16). The caller
// checks the lengths.
TEXT ·q5ToQ8AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ nb+48(FP), CX
	VMOVDQU tv_nib<>(SB), Y14
	TESTQ CX, CX
	JZ q5done
q5blk:
	MOVW 0(SI), AX
	MOVW AX, 0(DI)
	W50(6(SI), 2(SI), X1, Y1, Z1)
	VPSUBB tv_b10<>(SB), Y1, Y1
	VMOVDQU Y1, 2(DI)
	ADDQ $22, SI
	ADDQ $34, DI
	DECQ CX
	JNZ q5blk
q5done:
	VZEROUPPER
	RET
