//go:build amd64 && !purego && !noasm

#include "textflag.h"

// k-quant x8 kernels (AVX-512 F/BW/VL + VNNI, on 256-bit registers): see
// x8k.go for the layout and the contract. Rows are the eight int32/float32
// lanes; one VPDPBUSD multiplies four unsigned weight bytes of each of
// eight rows by four broadcast Q8_K activation bytes.
//
// One-token kernels x8kT(dst, w, ngroups, nb, qs, d, bsums): dst[8g+r].
// Four-token kernels x8kTx4(dst, stride, w, ngroups, nb, qs, d, bsums):
// the activations are a packed4 (token j of super-block b at
// qs[(4b+j)*256], d[4b+j], bsums[(4b+j)*16]); token j's outputs go to
// dst[j*stride+8g+r]. Both do per super-block, row lane and token exactly
// the float operations of x8k.go (Q4_K/Q5_K: fma of the scaled sum, then
// fnmadd of the minimum sum; Q6_K: one fma) on exact int32 sums, so they
// agree bit for bit. x8kQ4_KExact and x8kQ4_KExactx4 (same arguments, same
// Q4_K records) instead do each row's float operations of dotQ4_KGeneric,
// llama.cpp's order, so their outputs are the exact kernels' bits; so do
// x8kQ5_KExact and x8kQ5_KExactx4 for Q5_K (dotQ5_KGeneric, eight float
// accumulators per row) and x8kQ6_KExact and x8kQ6_KExactx4 for Q6_K
// (dotQ6_KGeneric, eight float accumulators per row).
//
// Generated: edit scripts/gen_x8k_asm.py, then run
// python3 scripts/gen_x8k_asm.py kernels/x8k_amd64.s

DATA x8k_nib<>+0(SB)/4, $0x0f0f0f0f
GLOBL x8k_nib<>(SB), RODATA|NOPTR, $4
DATA x8k_b10<>+0(SB)/4, $0x10101010
GLOBL x8k_b10<>(SB), RODATA|NOPTR, $4
DATA x8k_one16<>+0(SB)/4, $0x00010001
GLOBL x8k_one16<>(SB), RODATA|NOPTR, $4
DATA x8k_b3f<>+0(SB)/4, $0x3f3f3f3f
GLOBL x8k_b3f<>(SB), RODATA|NOPTR, $4
DATA x8k_b03<>+0(SB)/4, $0x03030303
GLOBL x8k_b03<>(SB), RODATA|NOPTR, $4
DATA x8k_m32<>+0(SB)/4, $-32
GLOBL x8k_m32<>(SB), RODATA|NOPTR, $4
// x8k_wdup: VPERMW indices giving word r of the source in both words of
// dword r (a row's scale as a VPDPWSSD word pair).
DATA x8k_wdup<>+0(SB)/8, $0x0001000100000000
DATA x8k_wdup<>+8(SB)/8, $0x0003000300020002
DATA x8k_wdup<>+16(SB)/8, $0x0005000500040004
DATA x8k_wdup<>+24(SB)/8, $0x0007000700060006
GLOBL x8k_wdup<>(SB), RODATA|NOPTR, $32
// x8k_wpair: VPERMW indices giving words r and 8+r of the source in dword r.
DATA x8k_wpair<>+0(SB)/8, $0x0009000100080000
DATA x8k_wpair<>+8(SB)/8, $0x000b0003000a0002
DATA x8k_wpair<>+16(SB)/8, $0x000d0005000c0004
DATA x8k_wpair<>+24(SB)/8, $0x000f0007000e0006
GLOBL x8k_wpair<>(SB), RODATA|NOPTR, $32

// ---- common ----
// Registers: DI dst, SI record, CX groups left, R8 nb, R9/R10/R11 qs/d/bsums
// bases, R13/DX/R12 qs/d/bsums of the current super-block, BX super-blocks
// left. The frame holds per-token activation sums derived from bsums.

#define K1PROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ w_base+24(FP), SI \
	MOVQ ngroups+48(FP), CX \
	MOVQ nb+56(FP), R8 \
	MOVQ qs_base+64(FP), R9 \
	MOVQ d_base+88(FP), R10 \
	MOVQ bsums_base+112(FP), R11 \
	TESTQ CX, CX \
	JZ done

#define K4PROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ stride+24(FP), AX \
	SHLQ $2, AX \
	MOVQ w_base+32(FP), SI \
	MOVQ ngroups+56(FP), CX \
	MOVQ nb+64(FP), R8 \
	MOVQ qs_base+72(FP), R9 \
	MOVQ d_base+96(FP), R10 \
	MOVQ bsums_base+120(FP), R11 \
	TESTQ CX, CX \
	JZ done

#define K1GROUP \
	VXORPS Y0, Y0, Y0 \
	MOVQ R9, R13 \
	MOVQ R10, DX \
	MOVQ R11, R12 \
	MOVQ R8, BX \
	TESTQ BX, BX

#define K4GROUP \
	VXORPS Y8, Y8, Y8 \
	VXORPS Y9, Y9, Y9 \
	VXORPS Y10, Y10, Y10 \
	VXORPS Y11, Y11, Y11 \
	MOVQ R9, R13 \
	MOVQ R10, DX \
	MOVQ R11, R12 \
	MOVQ R8, BX \
	TESTQ BX, BX

#define K1STORE \
	VMOVUPS Y0, (DI) \
	ADDQ $32, DI \
	DECQ CX

#define K4STORE \
	LEAQ (AX)(AX*2), BX \
	VMOVUPS Y8, (DI) \
	VMOVUPS Y9, (DI)(AX*1) \
	VMOVUPS Y10, (DI)(AX*2) \
	VMOVUPS Y11, (DI)(BX*1) \
	ADDQ $32, DI \
	DECQ CX

// ---- Q4_K, Q5_K one token ----
// Y0 accumulator, Y3 scaled int sum, Y4/Y8 and Y5/Y9 the two sub-blocks'
// int sums (even/odd value groups), Y6 minimum sum, Y12 0x10 bytes, Y13
// 0x0001 words, Y14 0x0f bytes. 0(SP): the four int16 pairs (sum of
// sub-block 2t, of 2t+1) of the token.

#define K1BSUM \
	VPMADDWD (R12), Y13, Y1 \
	VPMOVDW Y1, X1 \
	VMOVDQU X1, (SP) \
	VPXOR Y3, Y3, Y3

#define K1PAIRSTART \
	VPXOR Y4, Y4, Y4 \
	VPXOR Y5, Y5, Y5 \
	VPXOR Y8, Y8, Y8 \
	VPXOR Y9, Y9, Y9

// K1NIB(p, k): value group k of sub-blocks 2p (Y1) and 2p+1 (Y2).
#define K1NIB(p, k) \
	VMOVDQU (160+256*p+32*k)(SI), Y1 \
	VPSRLW $4, Y1, Y2 \
	VPAND Y14, Y1, Y1 \
	VPAND Y14, Y2, Y2

// K1HIGH(p, k): Q5_K's fifth bits.
#define K1HIGH(p, k) \
	KMOVD (1184+64*p+8*k)(SI), K1 \
	KMOVD (1188+64*p+8*k)(SI), K2 \
	VPADDB Y12, Y1, K1, Y1 \
	VPADDB Y12, Y2, K2, Y2

#define K1DOT(p, k, lo, hi) \
	VPDPBUSD.BCST (64*p+4*k)(R13), Y1, lo \
	VPDPBUSD.BCST (64*p+32+4*k)(R13), Y2, hi

#define K1PAIREND(p) \
	VPADDD Y8, Y4, Y4 \
	VPADDD Y9, Y5, Y5 \
	VPMOVZXBD (32+16*p)(SI), Y10 \
	VPMOVZXBD (40+16*p)(SI), Y11 \
	VPMULLD Y10, Y4, Y4 \
	VPMULLD Y11, Y5, Y5 \
	VPADDD Y4, Y3, Y3 \
	VPADDD Y5, Y3, Y3

#define K1FINISH(rec) \
	VPXOR Y6, Y6, Y6 \
	VPMOVZXBW 96(SI), Y1 \
	VPMOVZXBW 112(SI), Y2 \
	VPDPWSSD.BCST (SP), Y1, Y6 \
	VPDPWSSD.BCST 4(SP), Y2, Y6 \
	VPMOVZXBW 128(SI), Y1 \
	VPMOVZXBW 144(SI), Y2 \
	VPDPWSSD.BCST 8(SP), Y1, Y6 \
	VPDPWSSD.BCST 12(SP), Y2, Y6 \
	VCVTPH2PS (SI), Y7 \
	VMULPS.BCST (DX), Y7, Y7 \
	VCVTDQ2PS Y3, Y3 \
	VFMADD231PS Y7, Y3, Y0 \
	VCVTPH2PS 16(SI), Y7 \
	VMULPS.BCST (DX), Y7, Y7 \
	VCVTDQ2PS Y6, Y6 \
	VFNMADD231PS Y7, Y6, Y0 \
	ADDQ $rec, SI \
	ADDQ $256, R13 \
	ADDQ $4, DX \
	ADDQ $32, R12 \
	DECQ BX

// ---- Q4_K, Q5_K four tokens ----
// Y0-Y3 the tokens' scaled int sums, Y8-Y11 their accumulators, Y16-Y23
// and Y24-Y31 the value groups of sub-blocks 2p and 2p+1 (then the
// minimums), Y6/Y7 the pair's scales (then d, dmin), Y4/Y5 int sums, Y15
// scratch, Y12-Y14 as above. 16t(SP): token t's pairs.

#define K4BSUM(t) \
	VPMADDWD (32*t)(R12), Y13, Y4 \
	VPMOVDW Y4, X4 \
	VMOVDQU X4, (16*t)(SP)

#define K4NIB(p, k, lo, hi) \
	VMOVDQU32 (160+256*p+32*k)(SI), Y15 \
	VPSRLW $4, Y15, hi \
	VPANDD Y14, Y15, lo \
	VPANDD Y14, hi, hi

#define K4HIGH(p, k, lo, hi) \
	KMOVD (1184+64*p+8*k)(SI), K1 \
	KMOVD (1188+64*p+8*k)(SI), K2 \
	VPADDB Y12, lo, K1, lo \
	VPADDB Y12, hi, K2, hi

#define K4SCALES(p) \
	VPMOVZXBD (32+16*p)(SI), Y6 \
	VPMOVZXBD (40+16*p)(SI), Y7

// K4TOK(t, p, tot): token t against sub-blocks 2p, 2p+1.
#define K4TOK(t, p, tot) \
	VPXOR Y4, Y4, Y4 \
	VPXOR Y5, Y5, Y5 \
	VPDPBUSD.BCST (256*t+64*p)(R13), Y16, Y4 \
	VPDPBUSD.BCST (256*t+64*p+32)(R13), Y24, Y5 \
	VPDPBUSD.BCST (256*t+64*p+4)(R13), Y17, Y4 \
	VPDPBUSD.BCST (256*t+64*p+36)(R13), Y25, Y5 \
	VPDPBUSD.BCST (256*t+64*p+8)(R13), Y18, Y4 \
	VPDPBUSD.BCST (256*t+64*p+40)(R13), Y26, Y5 \
	VPDPBUSD.BCST (256*t+64*p+12)(R13), Y19, Y4 \
	VPDPBUSD.BCST (256*t+64*p+44)(R13), Y27, Y5 \
	VPDPBUSD.BCST (256*t+64*p+16)(R13), Y20, Y4 \
	VPDPBUSD.BCST (256*t+64*p+48)(R13), Y28, Y5 \
	VPDPBUSD.BCST (256*t+64*p+20)(R13), Y21, Y4 \
	VPDPBUSD.BCST (256*t+64*p+52)(R13), Y29, Y5 \
	VPDPBUSD.BCST (256*t+64*p+24)(R13), Y22, Y4 \
	VPDPBUSD.BCST (256*t+64*p+56)(R13), Y30, Y5 \
	VPDPBUSD.BCST (256*t+64*p+28)(R13), Y23, Y4 \
	VPDPBUSD.BCST (256*t+64*p+60)(R13), Y31, Y5 \
	VPMULLD Y6, Y4, Y4 \
	VPMULLD Y7, Y5, Y5 \
	VPADDD Y4, tot, tot \
	VPADDD Y5, tot, tot

#define K4MINS \
	VPMOVZXBW 96(SI), Y16 \
	VPMOVZXBW 112(SI), Y17 \
	VPMOVZXBW 128(SI), Y18 \
	VPMOVZXBW 144(SI), Y19 \
	VCVTPH2PS (SI), Y6 \
	VCVTPH2PS 16(SI), Y7

#define K4FIN(t, tot, acc) \
	VPXOR Y4, Y4, Y4 \
	VPDPWSSD.BCST (16*t)(SP), Y16, Y4 \
	VPDPWSSD.BCST (16*t+4)(SP), Y17, Y4 \
	VPDPWSSD.BCST (16*t+8)(SP), Y18, Y4 \
	VPDPWSSD.BCST (16*t+12)(SP), Y19, Y4 \
	VCVTDQ2PS tot, tot \
	VMULPS.BCST (4*t)(DX), Y6, Y5 \
	VFMADD231PS Y5, tot, acc \
	VCVTDQ2PS Y4, Y4 \
	VMULPS.BCST (4*t)(DX), Y7, Y5 \
	VFNMADD231PS Y5, Y4, acc

#define K4NEXT(rec) \
	ADDQ $rec, SI \
	ADDQ $1024, R13 \
	ADDQ $16, DX \
	ADDQ $128, R12 \
	DECQ BX

// ---- Q4_K exact (llama.cpp's order) ----
// The per-row float operations of dotQ4_KGeneric (qdot_generic.go), eight
// rows in the lanes: per 64-value chunk c (sub-blocks 2c, 2c+1) one fma of
// its int32 sum sc0*s0+sc1*s1 by sd = d*da into acc, and one of its
// minimum sum m0*s_2c+m1*s_2c+1 by sm = dmin*da into accm; at the end
// (acc+0) + (0-(accm+0)). The int sums are the fast kernels' (exact).
//
// One token: Y0 acc, Y16 accm, Y17 sd, Y18 sm, Y4/Y8 and Y5/Y9 the two
// sub-blocks' int sums, Y6 a chunk's minimum sum, Y13 0x0001 words, Y14
// 0x0f bytes. 0(SP): the token's four int16 pairs, as K1BSUM.

#define E1GROUP \
	VXORPS Y16, Y16, Y16 \
	K1GROUP

#define E1BSUM \
	VPMADDWD (R12), Y13, Y1 \
	VPMOVDW Y1, X1 \
	VMOVDQU X1, (SP) \
	VCVTPH2PS (SI), Y17 \
	VMULPS.BCST (DX), Y17, Y17

// E1CHUNK(p): chunk p's scaled sum, converted, into acc.
#define E1CHUNK(p) \
	VPADDD Y8, Y4, Y4 \
	VPADDD Y9, Y5, Y5 \
	VPMOVZXBD (32+16*p)(SI), Y10 \
	VPMOVZXBD (40+16*p)(SI), Y11 \
	VPMULLD Y10, Y4, Y4 \
	VPMULLD Y11, Y5, Y5 \
	VPADDD Y5, Y4, Y4 \
	VCVTDQ2PS Y4, Y4 \
	VFMADD231PS Y17, Y4, Y0

// E1MIN(c): chunk c's minimum sum into accm (Y18 = sm).
#define E1MIN(c) \
	VPXOR Y6, Y6, Y6 \
	VPMOVZXBW (96+16*c)(SI), Y1 \
	VPDPWSSD.BCST (4*c)(SP), Y1, Y6 \
	VCVTDQ2PS Y6, Y6 \
	VFMADD231PS Y18, Y6, Y16

#define E1SM \
	VCVTPH2PS 16(SI), Y18 \
	VMULPS.BCST (DX), Y18, Y18

#define E1NEXT \
	ADDQ $1184, SI \
	ADDQ $256, R13 \
	ADDQ $4, DX \
	ADDQ $32, R12 \
	DECQ BX

// E1FINAL: Y0 = (acc+0) + (0-(accm+0)), Y1 scratch.
#define E1FINAL \
	VXORPS Y1, Y1, Y1 \
	VADDPS Y1, Y0, Y0 \
	VADDPS Y1, Y16, Y16 \
	VSUBPS Y16, Y1, Y16 \
	VADDPS Y16, Y0, Y0

// Four tokens: Y8-Y11 the tokens' acc, Y0-Y3 their accm, Y16-Y23 and
// Y24-Y31 the value groups of sub-blocks 2p and 2p+1 (then the minimums),
// Y6/Y7 the pair's scales (then dmin), Y4/Y5 int sums (then sm), Y15
// scratch, Y13/Y14 as above. 16t(SP): token t's pairs; 64+32t(SP): token
// t's sd.

#define E4GROUP \
	VXORPS Y0, Y0, Y0 \
	VXORPS Y1, Y1, Y1 \
	VXORPS Y2, Y2, Y2 \
	VXORPS Y3, Y3, Y3 \
	K4GROUP

#define E4SD \
	VCVTPH2PS (SI), Y6 \
	VMULPS.BCST (DX), Y6, Y7 \
	VMOVUPS Y7, 64(SP) \
	VMULPS.BCST 4(DX), Y6, Y7 \
	VMOVUPS Y7, 96(SP) \
	VMULPS.BCST 8(DX), Y6, Y7 \
	VMOVUPS Y7, 128(SP) \
	VMULPS.BCST 12(DX), Y6, Y7 \
	VMOVUPS Y7, 160(SP)

// E4TOK(t, p, acc): token t against chunk p, into its acc.
#define E4TOK(t, p, acc) \
	VPXOR Y4, Y4, Y4 \
	VPXOR Y5, Y5, Y5 \
	VPDPBUSD.BCST (256*t+64*p)(R13), Y16, Y4 \
	VPDPBUSD.BCST (256*t+64*p+32)(R13), Y24, Y5 \
	VPDPBUSD.BCST (256*t+64*p+4)(R13), Y17, Y4 \
	VPDPBUSD.BCST (256*t+64*p+36)(R13), Y25, Y5 \
	VPDPBUSD.BCST (256*t+64*p+8)(R13), Y18, Y4 \
	VPDPBUSD.BCST (256*t+64*p+40)(R13), Y26, Y5 \
	VPDPBUSD.BCST (256*t+64*p+12)(R13), Y19, Y4 \
	VPDPBUSD.BCST (256*t+64*p+44)(R13), Y27, Y5 \
	VPDPBUSD.BCST (256*t+64*p+16)(R13), Y20, Y4 \
	VPDPBUSD.BCST (256*t+64*p+48)(R13), Y28, Y5 \
	VPDPBUSD.BCST (256*t+64*p+20)(R13), Y21, Y4 \
	VPDPBUSD.BCST (256*t+64*p+52)(R13), Y29, Y5 \
	VPDPBUSD.BCST (256*t+64*p+24)(R13), Y22, Y4 \
	VPDPBUSD.BCST (256*t+64*p+56)(R13), Y30, Y5 \
	VPDPBUSD.BCST (256*t+64*p+28)(R13), Y23, Y4 \
	VPDPBUSD.BCST (256*t+64*p+60)(R13), Y31, Y5 \
	VPMULLD Y6, Y4, Y4 \
	VPMULLD Y7, Y5, Y5 \
	VPADDD Y5, Y4, Y4 \
	VCVTDQ2PS Y4, Y4 \
	VFMADD231PS (64+32*t)(SP), Y4, acc

#define E4MINS \
	VPMOVZXBW 96(SI), Y16 \
	VPMOVZXBW 112(SI), Y17 \
	VPMOVZXBW 128(SI), Y18 \
	VPMOVZXBW 144(SI), Y19 \
	VCVTPH2PS 16(SI), Y7

// E4MIN(t, c, mn, accm): token t's minimum sum of chunk c (minimums mn) into
// its accm (Y5 = sm).
#define E4MIN(t, c, mn, accm) \
	VPXOR Y4, Y4, Y4 \
	VPDPWSSD.BCST (16*t+4*c)(SP), mn, Y4 \
	VCVTDQ2PS Y4, Y4 \
	VFMADD231PS Y5, Y4, accm

// E4FINAL(acc, accm): acc = (acc+0) + (0-(accm+0)), Y12 zero.
#define E4FINAL(acc, accm) \
	VADDPS Y12, acc, acc \
	VADDPS Y12, accm, accm \
	VSUBPS accm, Y12, accm \
	VADDPS accm, acc, acc

// ---- Q5_K exact (llama.cpp's order) ----
// The per-row float operations of dotQ5_KGeneric (ggml_vec_dot_q5_K_q8_K),
// eight rows in the lanes and eight accumulators, one per value group k
// (ggml's lane k: values 4k..4k+3 of every sub-block): per super-block the
// int32 sum T_k = sum_j sc_j*dot_jk (VPMADDUBSW of the 5-bit values by the
// broadcast activations, then VPDPWSSD by the scale in both words of each
// row's dword), acc_k = fma(float(T_k), d*da, acc_k); the minimum sum as
// an integer, summs = fma(float, -(dmin*da), summs) (VFNMADD); at the end
// ((acc0+acc4)+(acc2+acc6)) + ((acc1+acc5)+(acc3+acc7)) + summs.
//
// One token: Y24-Y31 acc_0..7, Y16-Y23 T_0..7, Y15 summs, Y8/Y9 the pair's
// scale words, Y1/Y2 values, Y3/Y4 products, Y6/Y7/Y10 scratch, Y12-Y14
// as K1. 0(SP): the token's four int16 pairs, as K1BSUM.

#define F1GROUP \
	VXORPS Y15, Y15, Y15 \
	VXORPS Y24, Y24, Y24 \
	VXORPS Y25, Y25, Y25 \
	VXORPS Y26, Y26, Y26 \
	VXORPS Y27, Y27, Y27 \
	VXORPS Y28, Y28, Y28 \
	VXORPS Y29, Y29, Y29 \
	VXORPS Y30, Y30, Y30 \
	VXORPS Y31, Y31, Y31 \
	K1GROUP

#define F1ZERO \
	VPXORD Y16, Y16, Y16 \
	VPXORD Y17, Y17, Y17 \
	VPXORD Y18, Y18, Y18 \
	VPXORD Y19, Y19, Y19 \
	VPXORD Y20, Y20, Y20 \
	VPXORD Y21, Y21, Y21 \
	VPXORD Y22, Y22, Y22 \
	VPXORD Y23, Y23, Y23

// FSCW(off, r, tmp): the eight rows' scales at off(SI) as dwords
// sc | sc<<16.
#define FSCW(off, r, tmp) \
	VPMOVZXBD off(SI), r \
	VPSLLD $16, r, tmp \
	VPORD tmp, r, r

// F1DOT(p, k, tk): value group k of sub-blocks 2p (Y1), 2p+1 (Y2) into tk.
#define F1DOT(p, k, tk) \
	VPBROADCASTD (64*p+4*k)(R13), Y3 \
	VPBROADCASTD (64*p+32+4*k)(R13), Y4 \
	VPMADDUBSW Y3, Y1, Y3 \
	VPMADDUBSW Y4, Y2, Y4 \
	VPDPWSSD Y8, Y3, tk \
	VPDPWSSD Y9, Y4, tk

// F1MINS: the minimum sum into summs (Y15).
#define F1MINS \
	VPXOR Y6, Y6, Y6 \
	VPMOVZXBW 96(SI), Y1 \
	VPMOVZXBW 112(SI), Y2 \
	VPDPWSSD.BCST (SP), Y1, Y6 \
	VPDPWSSD.BCST 4(SP), Y2, Y6 \
	VPMOVZXBW 128(SI), Y1 \
	VPMOVZXBW 144(SI), Y2 \
	VPDPWSSD.BCST 8(SP), Y1, Y6 \
	VPDPWSSD.BCST 12(SP), Y2, Y6 \
	VCVTPH2PS 16(SI), Y7 \
	VMULPS.BCST (DX), Y7, Y7 \
	VCVTDQ2PS Y6, Y6 \
	VFNMADD231PS Y7, Y6, Y15 \
	VCVTPH2PS (SI), Y7 \
	VMULPS.BCST (DX), Y7, Y7

// FACC(tk, acck): acc_k = fma(float(T_k), sd (Y7), acc_k).
#define FACC(tk, acck) \
	VCVTDQ2PS tk, tk \
	VFMADD231PS Y7, tk, acck

// F1FINAL: Y0 = hsum_float_8 of the accumulators + summs.
#define F1FINAL \
	VADDPS Y28, Y24, Y24 \
	VADDPS Y30, Y26, Y26 \
	VADDPS Y29, Y25, Y25 \
	VADDPS Y31, Y27, Y27 \
	VADDPS Y26, Y24, Y24 \
	VADDPS Y27, Y25, Y25 \
	VADDPS Y25, Y24, Y24 \
	VADDPS Y15, Y24, Y0

// Four tokens, value group k outer: Y8-Y11 the tokens' summs, Y16-Y23 the
// eight sub-blocks' scale words, Y24-Y27 the tokens' d*da, Y28-Y31 the
// tokens' T_k, Y1/Y2 values, Y3/Y4 products, Y5 broadcast activations,
// Y0/Y6/Y7 scratch, Y12-Y14 as K4. 16t(SP): token t's pairs;
// 64+32*(8t+k)(SP): token t's acc_k.


// F4DOT(t, p, k, tk): token t, value group k of sub-blocks 2p, 2p+1 (Y1, Y2;
// scale words sa, sb) into tk.
#define F4DOT(t, p, k, sa, sb, tk) \
	VPBROADCASTD (256*t+64*p+4*k)(R13), Y5 \
	VPMADDUBSW Y5, Y1, Y3 \
	VPBROADCASTD (256*t+64*p+32+4*k)(R13), Y5 \
	VPMADDUBSW Y5, Y2, Y4 \
	VPDPWSSD sa, Y3, tk \
	VPDPWSSD sb, Y4, tk

// F4MIN(t, summs): token t's minimum sum (minimum pairs Y1-Y4, Y6 = dmin)
// into its summs.
#define F4MIN(t, summs) \
	VPXOR Y5, Y5, Y5 \
	VPDPWSSD.BCST (16*t)(SP), Y1, Y5 \
	VPDPWSSD.BCST (16*t+4)(SP), Y2, Y5 \
	VPDPWSSD.BCST (16*t+8)(SP), Y3, Y5 \
	VPDPWSSD.BCST (16*t+12)(SP), Y4, Y5 \
	VCVTDQ2PS Y5, Y5 \
	VMULPS.BCST (4*t)(DX), Y6, Y7 \
	VFNMADD231PS Y7, Y5, summs

// ---- Q6_K ----
// K6DEC(off, a, b, c, d, tmp, m03, m0f, m3f): the four value groups of a
// sub-block from its three vectors at off(SI): a, b, c their low six bits,
// d gathered from their top two bits.

#define K6DEC(off, a, b, c, d, tmp, m03, m0f, m3f) \
	VMOVDQU32 (off)(SI), a \
	VMOVDQU32 (off+32)(SI), b \
	VMOVDQU32 (off+64)(SI), c \
	VPSRLW $6, a, d \
	VPSRLW $4, b, tmp \
	VPTERNLOGD $0xe4, m03, tmp, d \
	VPSRLW $2, c, tmp \
	VPTERNLOGD $0xe4, m0f, tmp, d \
	VPANDD m3f, a, a \
	VPANDD m3f, b, b \
	VPANDD m3f, c, c \
	VPANDD m3f, d, d

// One token: Y0 accumulator, Y3 scaled int sum, Y4 a sub-block's sum
// (starting at -32 times its activation sum, from 4s(SP)), Y12 0x3f, Y13
// 0x03, Y14 0x0f bytes, Y15 -32 dwords.

#define K6BSUM \
	VPMOVSXWD (R12), Y1 \
	VPMOVSXWD 16(R12), Y2 \
	VPMULLD Y15, Y1, Y1 \
	VPMULLD Y15, Y2, Y2 \
	VMOVDQU Y1, (SP) \
	VMOVDQU Y2, 32(SP) \
	VPXOR Y3, Y3, Y3

#define K6SUB(s) \
	K6DEC(144+96*s, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12) \
	VPBROADCASTD (4*s)(SP), Y4 \
	VPDPBUSD.BCST (16*s)(R13), Y5, Y4 \
	VPDPBUSD.BCST (16*s+4)(R13), Y6, Y4 \
	VPDPBUSD.BCST (16*s+8)(R13), Y7, Y4 \
	VPDPBUSD.BCST (16*s+12)(R13), Y8, Y4 \
	VPMOVSXBD (16+8*s)(SI), Y9 \
	VPMULLD Y9, Y4, Y4 \
	VPADDD Y4, Y3, Y3

#define K6FINISH \
	VCVTPH2PS (SI), Y7 \
	VMULPS.BCST (DX), Y7, Y7 \
	VCVTDQ2PS Y3, Y3 \
	VFMADD231PS Y7, Y3, Y0 \
	ADDQ $1680, SI \
	ADDQ $256, R13 \
	ADDQ $4, DX \
	ADDQ $32, R12 \
	DECQ BX

// Four tokens: Y0-Y3 the tokens' scaled int sums, Y8-Y11 their
// accumulators, Y16-Y31 the value groups of four sub-blocks, Y4-Y7 their
// scales, Y13 scratch, Y12 0x3f, Y14 0x03, Y15 0x0f bytes. 64t(SP): token
// t's sub-block sums times -32.

#define K6BSUM4(t) \
	VPMOVSXWD (32*t)(R12), Y4 \
	VPMOVSXWD (32*t+16)(R12), Y5 \
	VPMULLD.BCST x8k_m32<>(SB), Y4, Y4 \
	VPMULLD.BCST x8k_m32<>(SB), Y5, Y5 \
	VMOVDQU Y4, (64*t)(SP) \
	VMOVDQU Y5, (64*t+32)(SP)

// K6TS(t, s, a, b, c, d, sc, tot): token t against sub-block s.
#define K6TS(t, s, a, b, c, d, sc, tot) \
	VPBROADCASTD (64*t+4*s)(SP), Y13 \
	VPDPBUSD.BCST (256*t+16*s)(R13), a, Y13 \
	VPDPBUSD.BCST (256*t+16*s+4)(R13), b, Y13 \
	VPDPBUSD.BCST (256*t+16*s+8)(R13), c, Y13 \
	VPDPBUSD.BCST (256*t+16*s+12)(R13), d, Y13 \
	VPMULLD sc, Y13, Y13 \
	VPADDD Y13, tot, tot

#define K6FIN4(t, tot, acc) \
	VMULPS.BCST (4*t)(DX), Y4, Y5 \
	VCVTDQ2PS tot, tot \
	VFMADD231PS Y5, tot, acc

// ---- Q6_K exact (llama.cpp's order) ----
// The per-row float operations of dotQ6_KGeneric (ggml_vec_dot_q6_K_q8_K),
// eight rows in the lanes and eight accumulators, one per ggml lane m
// (values 4m..4m+3 of every 32 values): lane m = 4*(s&1)+x sums value
// group x of the sub-blocks s of parity s&1. Per super-block the int32
// T_m = sum_s sc_s*dot_sx (VPMADDUBSW of the 6-bit values by the broadcast
// activations, then VPDPWSSD by the scale in both words of each row's
// dword) - 32*(sc_2m*s_2m + sc_2m+1*s_2m+1) (VPDPWSSD of the pair of
// scales times 32 by the pair of negated activation sums), then
// acc_m = fma(float(T_m), d*da, acc_m); at the end
// ((acc0+acc4)+(acc2+acc6)) + ((acc1+acc5)+(acc3+acc7)).
//
// One token: Y24-Y31 acc_0..7, Y16-Y23 T_0..7, Y5-Y9 as K6DEC, Y10 a
// sub-block's scale words, Y1-Y3 scratch, Y0 x8k_wdup, Y4 x8k_wpair, Y12
// 0x3f, Y13 0x03, Y14 0x0f bytes. 0(SP): the token's negated activation
// sums (int16) of the super-block.

#define G1GROUP \
	VXORPS Y24, Y24, Y24 \
	VXORPS Y25, Y25, Y25 \
	VXORPS Y26, Y26, Y26 \
	VXORPS Y27, Y27, Y27 \
	VXORPS Y28, Y28, Y28 \
	VXORPS Y29, Y29, Y29 \
	VXORPS Y30, Y30, Y30 \
	VXORPS Y31, Y31, Y31 \
	MOVQ R9, R13 \
	MOVQ R10, DX \
	MOVQ R11, R12 \
	MOVQ R8, BX \
	TESTQ BX, BX

#define G1BSUM \
	VPXOR Y1, Y1, Y1 \
	VPSUBW (R12), Y1, Y1 \
	VMOVDQU Y1, (SP)

// G6SCW(off, r): the eight rows' int8 scales at off(SI) as word pairs.
#define G6SCW(off, r) \
	VPMOVSXBW (off)(SI), X3 \
	VPERMW Y3, Y0, r

// G1CORR(m, tm): T_m = -32*(sc_2m*s_2m + sc_2m+1*s_2m+1).
#define G1CORR(m, tm) \
	VPMOVSXBW (16+16*m)(SI), Y3 \
	VPERMW Y3, Y4, Y3 \
	VPSLLW $5, Y3, Y3 \
	VPXORD tm, tm, tm \
	VPDPWSSD.BCST (4*m)(SP), Y3, tm

// G1DOT(aoff, v, tm): the values v by the four activations at aoff(R13),
// times the scale words Y10, into tm.
#define G1DOT(aoff, v, tm) \
	VPBROADCASTD (aoff)(R13), Y1 \
	VPMADDUBSW Y1, v, Y2 \
	VPDPWSSD Y10, Y2, tm

// G1FINAL: Y0 = hsum_float_8 of the accumulators (x8k_wdup is reloaded
// at the next group).
#define G1FINAL \
	VADDPS Y28, Y24, Y24 \
	VADDPS Y30, Y26, Y26 \
	VADDPS Y29, Y25, Y25 \
	VADDPS Y31, Y27, Y27 \
	VADDPS Y26, Y24, Y24 \
	VADDPS Y27, Y25, Y25 \
	VADDPS Y25, Y24, Y0

// Four tokens, the lanes of parity h (m = 4h+x) in turn: Y16+4t+x token
// t's T_m, Y11 the rows' d, Y15 d*da of a token, the rest as one token.
// 32t(SP): token t's negated activation sums; 128+32*(8t+m)(SP): token t's
// acc_m.

#define G4BSUM(t) \
	VPXOR Y1, Y1, Y1 \
	VPSUBW (32*t)(R12), Y1, Y1 \
	VMOVDQU Y1, (32*t)(SP)

// G4PAIR(m): Y10 = 32 times the scale pairs of sub-blocks 2m, 2m+1.
#define G4PAIR(m) \
	VPMOVSXBW (16+16*m)(SI), Y3 \
	VPERMW Y3, Y4, Y10 \
	VPSLLW $5, Y10, Y10

#define G4CORR(t, m, tm) \
	VPXORD tm, tm, tm \
	VPDPWSSD.BCST (32*t+4*m)(SP), Y10, tm

// G4ACC(off, tm): acc at off(SP) = fma(float(tm), Y15, acc).
#define G4ACC(off, tm) \
	VCVTDQ2PS tm, tm \
	VMOVUPS (off)(SP), Y1 \
	VFMADD231PS Y15, tm, Y1 \
	VMOVUPS Y1, (off)(SP)

// func x8kQ4_K(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ4_K(SB), NOSPLIT, $16-136
	K1PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
	VPBROADCASTD x8k_b10<>(SB), Y12
grp:
	K1GROUP
	JZ store
blk:
	K1BSUM
	K1PAIRSTART
	K1NIB(0, 0)
	K1DOT(0, 0, Y4, Y5)
	K1NIB(0, 1)
	K1DOT(0, 1, Y8, Y9)
	K1NIB(0, 2)
	K1DOT(0, 2, Y4, Y5)
	K1NIB(0, 3)
	K1DOT(0, 3, Y8, Y9)
	K1NIB(0, 4)
	K1DOT(0, 4, Y4, Y5)
	K1NIB(0, 5)
	K1DOT(0, 5, Y8, Y9)
	K1NIB(0, 6)
	K1DOT(0, 6, Y4, Y5)
	K1NIB(0, 7)
	K1DOT(0, 7, Y8, Y9)
	K1PAIREND(0)
	K1PAIRSTART
	K1NIB(1, 0)
	K1DOT(1, 0, Y4, Y5)
	K1NIB(1, 1)
	K1DOT(1, 1, Y8, Y9)
	K1NIB(1, 2)
	K1DOT(1, 2, Y4, Y5)
	K1NIB(1, 3)
	K1DOT(1, 3, Y8, Y9)
	K1NIB(1, 4)
	K1DOT(1, 4, Y4, Y5)
	K1NIB(1, 5)
	K1DOT(1, 5, Y8, Y9)
	K1NIB(1, 6)
	K1DOT(1, 6, Y4, Y5)
	K1NIB(1, 7)
	K1DOT(1, 7, Y8, Y9)
	K1PAIREND(1)
	K1PAIRSTART
	K1NIB(2, 0)
	K1DOT(2, 0, Y4, Y5)
	K1NIB(2, 1)
	K1DOT(2, 1, Y8, Y9)
	K1NIB(2, 2)
	K1DOT(2, 2, Y4, Y5)
	K1NIB(2, 3)
	K1DOT(2, 3, Y8, Y9)
	K1NIB(2, 4)
	K1DOT(2, 4, Y4, Y5)
	K1NIB(2, 5)
	K1DOT(2, 5, Y8, Y9)
	K1NIB(2, 6)
	K1DOT(2, 6, Y4, Y5)
	K1NIB(2, 7)
	K1DOT(2, 7, Y8, Y9)
	K1PAIREND(2)
	K1PAIRSTART
	K1NIB(3, 0)
	K1DOT(3, 0, Y4, Y5)
	K1NIB(3, 1)
	K1DOT(3, 1, Y8, Y9)
	K1NIB(3, 2)
	K1DOT(3, 2, Y4, Y5)
	K1NIB(3, 3)
	K1DOT(3, 3, Y8, Y9)
	K1NIB(3, 4)
	K1DOT(3, 4, Y4, Y5)
	K1NIB(3, 5)
	K1DOT(3, 5, Y8, Y9)
	K1NIB(3, 6)
	K1DOT(3, 6, Y4, Y5)
	K1NIB(3, 7)
	K1DOT(3, 7, Y8, Y9)
	K1PAIREND(3)
	K1FINISH(1184)
	JNZ blk
store:
	K1STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ5_K(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ5_K(SB), NOSPLIT, $16-136
	K1PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
	VPBROADCASTD x8k_b10<>(SB), Y12
grp:
	K1GROUP
	JZ store
blk:
	K1BSUM
	K1PAIRSTART
	K1NIB(0, 0)
	K1HIGH(0, 0)
	K1DOT(0, 0, Y4, Y5)
	K1NIB(0, 1)
	K1HIGH(0, 1)
	K1DOT(0, 1, Y8, Y9)
	K1NIB(0, 2)
	K1HIGH(0, 2)
	K1DOT(0, 2, Y4, Y5)
	K1NIB(0, 3)
	K1HIGH(0, 3)
	K1DOT(0, 3, Y8, Y9)
	K1NIB(0, 4)
	K1HIGH(0, 4)
	K1DOT(0, 4, Y4, Y5)
	K1NIB(0, 5)
	K1HIGH(0, 5)
	K1DOT(0, 5, Y8, Y9)
	K1NIB(0, 6)
	K1HIGH(0, 6)
	K1DOT(0, 6, Y4, Y5)
	K1NIB(0, 7)
	K1HIGH(0, 7)
	K1DOT(0, 7, Y8, Y9)
	K1PAIREND(0)
	K1PAIRSTART
	K1NIB(1, 0)
	K1HIGH(1, 0)
	K1DOT(1, 0, Y4, Y5)
	K1NIB(1, 1)
	K1HIGH(1, 1)
	K1DOT(1, 1, Y8, Y9)
	K1NIB(1, 2)
	K1HIGH(1, 2)
	K1DOT(1, 2, Y4, Y5)
	K1NIB(1, 3)
	K1HIGH(1, 3)
	K1DOT(1, 3, Y8, Y9)
	K1NIB(1, 4)
	K1HIGH(1, 4)
	K1DOT(1, 4, Y4, Y5)
	K1NIB(1, 5)
	K1HIGH(1, 5)
	K1DOT(1, 5, Y8, Y9)
	K1NIB(1, 6)
	K1HIGH(1, 6)
	K1DOT(1, 6, Y4, Y5)
	K1NIB(1, 7)
	K1HIGH(1, 7)
	K1DOT(1, 7, Y8, Y9)
	K1PAIREND(1)
	K1PAIRSTART
	K1NIB(2, 0)
	K1HIGH(2, 0)
	K1DOT(2, 0, Y4, Y5)
	K1NIB(2, 1)
	K1HIGH(2, 1)
	K1DOT(2, 1, Y8, Y9)
	K1NIB(2, 2)
	K1HIGH(2, 2)
	K1DOT(2, 2, Y4, Y5)
	K1NIB(2, 3)
	K1HIGH(2, 3)
	K1DOT(2, 3, Y8, Y9)
	K1NIB(2, 4)
	K1HIGH(2, 4)
	K1DOT(2, 4, Y4, Y5)
	K1NIB(2, 5)
	K1HIGH(2, 5)
	K1DOT(2, 5, Y8, Y9)
	K1NIB(2, 6)
	K1HIGH(2, 6)
	K1DOT(2, 6, Y4, Y5)
	K1NIB(2, 7)
	K1HIGH(2, 7)
	K1DOT(2, 7, Y8, Y9)
	K1PAIREND(2)
	K1PAIRSTART
	K1NIB(3, 0)
	K1HIGH(3, 0)
	K1DOT(3, 0, Y4, Y5)
	K1NIB(3, 1)
	K1HIGH(3, 1)
	K1DOT(3, 1, Y8, Y9)
	K1NIB(3, 2)
	K1HIGH(3, 2)
	K1DOT(3, 2, Y4, Y5)
	K1NIB(3, 3)
	K1HIGH(3, 3)
	K1DOT(3, 3, Y8, Y9)
	K1NIB(3, 4)
	K1HIGH(3, 4)
	K1DOT(3, 4, Y4, Y5)
	K1NIB(3, 5)
	K1HIGH(3, 5)
	K1DOT(3, 5, Y8, Y9)
	K1NIB(3, 6)
	K1HIGH(3, 6)
	K1DOT(3, 6, Y4, Y5)
	K1NIB(3, 7)
	K1HIGH(3, 7)
	K1DOT(3, 7, Y8, Y9)
	K1PAIREND(3)
	K1FINISH(1440)
	JNZ blk
store:
	K1STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ6_K(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ6_K(SB), NOSPLIT, $64-136
	K1PROLOGUE
	VPBROADCASTD x8k_b3f<>(SB), Y12
	VPBROADCASTD x8k_b03<>(SB), Y13
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_m32<>(SB), Y15
grp:
	K1GROUP
	JZ store
blk:
	K6BSUM
	K6SUB(0)
	K6SUB(1)
	K6SUB(2)
	K6SUB(3)
	K6SUB(4)
	K6SUB(5)
	K6SUB(6)
	K6SUB(7)
	K6SUB(8)
	K6SUB(9)
	K6SUB(10)
	K6SUB(11)
	K6SUB(12)
	K6SUB(13)
	K6SUB(14)
	K6SUB(15)
	K6FINISH
	JNZ blk
store:
	K1STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ4_Kx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ4_Kx4(SB), NOSPLIT, $64-144
	K4PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
	VPBROADCASTD x8k_b10<>(SB), Y12
grp:
	K4GROUP
	JZ store
blk:
	K4BSUM(0)
	K4BSUM(1)
	K4BSUM(2)
	K4BSUM(3)
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	K4NIB(0, 0, Y16, Y24)
	K4NIB(0, 1, Y17, Y25)
	K4NIB(0, 2, Y18, Y26)
	K4NIB(0, 3, Y19, Y27)
	K4NIB(0, 4, Y20, Y28)
	K4NIB(0, 5, Y21, Y29)
	K4NIB(0, 6, Y22, Y30)
	K4NIB(0, 7, Y23, Y31)
	K4SCALES(0)
	K4TOK(0, 0, Y0)
	K4TOK(1, 0, Y1)
	K4TOK(2, 0, Y2)
	K4TOK(3, 0, Y3)
	K4NIB(1, 0, Y16, Y24)
	K4NIB(1, 1, Y17, Y25)
	K4NIB(1, 2, Y18, Y26)
	K4NIB(1, 3, Y19, Y27)
	K4NIB(1, 4, Y20, Y28)
	K4NIB(1, 5, Y21, Y29)
	K4NIB(1, 6, Y22, Y30)
	K4NIB(1, 7, Y23, Y31)
	K4SCALES(1)
	K4TOK(0, 1, Y0)
	K4TOK(1, 1, Y1)
	K4TOK(2, 1, Y2)
	K4TOK(3, 1, Y3)
	K4NIB(2, 0, Y16, Y24)
	K4NIB(2, 1, Y17, Y25)
	K4NIB(2, 2, Y18, Y26)
	K4NIB(2, 3, Y19, Y27)
	K4NIB(2, 4, Y20, Y28)
	K4NIB(2, 5, Y21, Y29)
	K4NIB(2, 6, Y22, Y30)
	K4NIB(2, 7, Y23, Y31)
	K4SCALES(2)
	K4TOK(0, 2, Y0)
	K4TOK(1, 2, Y1)
	K4TOK(2, 2, Y2)
	K4TOK(3, 2, Y3)
	K4NIB(3, 0, Y16, Y24)
	K4NIB(3, 1, Y17, Y25)
	K4NIB(3, 2, Y18, Y26)
	K4NIB(3, 3, Y19, Y27)
	K4NIB(3, 4, Y20, Y28)
	K4NIB(3, 5, Y21, Y29)
	K4NIB(3, 6, Y22, Y30)
	K4NIB(3, 7, Y23, Y31)
	K4SCALES(3)
	K4TOK(0, 3, Y0)
	K4TOK(1, 3, Y1)
	K4TOK(2, 3, Y2)
	K4TOK(3, 3, Y3)
	K4MINS
	K4FIN(0, Y0, Y8)
	K4FIN(1, Y1, Y9)
	K4FIN(2, Y2, Y10)
	K4FIN(3, Y3, Y11)
	K4NEXT(1184)
	JNZ blk
store:
	K4STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ5_Kx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ5_Kx4(SB), NOSPLIT, $64-144
	K4PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
	VPBROADCASTD x8k_b10<>(SB), Y12
grp:
	K4GROUP
	JZ store
blk:
	K4BSUM(0)
	K4BSUM(1)
	K4BSUM(2)
	K4BSUM(3)
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	K4NIB(0, 0, Y16, Y24)
	K4HIGH(0, 0, Y16, Y24)
	K4NIB(0, 1, Y17, Y25)
	K4HIGH(0, 1, Y17, Y25)
	K4NIB(0, 2, Y18, Y26)
	K4HIGH(0, 2, Y18, Y26)
	K4NIB(0, 3, Y19, Y27)
	K4HIGH(0, 3, Y19, Y27)
	K4NIB(0, 4, Y20, Y28)
	K4HIGH(0, 4, Y20, Y28)
	K4NIB(0, 5, Y21, Y29)
	K4HIGH(0, 5, Y21, Y29)
	K4NIB(0, 6, Y22, Y30)
	K4HIGH(0, 6, Y22, Y30)
	K4NIB(0, 7, Y23, Y31)
	K4HIGH(0, 7, Y23, Y31)
	K4SCALES(0)
	K4TOK(0, 0, Y0)
	K4TOK(1, 0, Y1)
	K4TOK(2, 0, Y2)
	K4TOK(3, 0, Y3)
	K4NIB(1, 0, Y16, Y24)
	K4HIGH(1, 0, Y16, Y24)
	K4NIB(1, 1, Y17, Y25)
	K4HIGH(1, 1, Y17, Y25)
	K4NIB(1, 2, Y18, Y26)
	K4HIGH(1, 2, Y18, Y26)
	K4NIB(1, 3, Y19, Y27)
	K4HIGH(1, 3, Y19, Y27)
	K4NIB(1, 4, Y20, Y28)
	K4HIGH(1, 4, Y20, Y28)
	K4NIB(1, 5, Y21, Y29)
	K4HIGH(1, 5, Y21, Y29)
	K4NIB(1, 6, Y22, Y30)
	K4HIGH(1, 6, Y22, Y30)
	K4NIB(1, 7, Y23, Y31)
	K4HIGH(1, 7, Y23, Y31)
	K4SCALES(1)
	K4TOK(0, 1, Y0)
	K4TOK(1, 1, Y1)
	K4TOK(2, 1, Y2)
	K4TOK(3, 1, Y3)
	K4NIB(2, 0, Y16, Y24)
	K4HIGH(2, 0, Y16, Y24)
	K4NIB(2, 1, Y17, Y25)
	K4HIGH(2, 1, Y17, Y25)
	K4NIB(2, 2, Y18, Y26)
	K4HIGH(2, 2, Y18, Y26)
	K4NIB(2, 3, Y19, Y27)
	K4HIGH(2, 3, Y19, Y27)
	K4NIB(2, 4, Y20, Y28)
	K4HIGH(2, 4, Y20, Y28)
	K4NIB(2, 5, Y21, Y29)
	K4HIGH(2, 5, Y21, Y29)
	K4NIB(2, 6, Y22, Y30)
	K4HIGH(2, 6, Y22, Y30)
	K4NIB(2, 7, Y23, Y31)
	K4HIGH(2, 7, Y23, Y31)
	K4SCALES(2)
	K4TOK(0, 2, Y0)
	K4TOK(1, 2, Y1)
	K4TOK(2, 2, Y2)
	K4TOK(3, 2, Y3)
	K4NIB(3, 0, Y16, Y24)
	K4HIGH(3, 0, Y16, Y24)
	K4NIB(3, 1, Y17, Y25)
	K4HIGH(3, 1, Y17, Y25)
	K4NIB(3, 2, Y18, Y26)
	K4HIGH(3, 2, Y18, Y26)
	K4NIB(3, 3, Y19, Y27)
	K4HIGH(3, 3, Y19, Y27)
	K4NIB(3, 4, Y20, Y28)
	K4HIGH(3, 4, Y20, Y28)
	K4NIB(3, 5, Y21, Y29)
	K4HIGH(3, 5, Y21, Y29)
	K4NIB(3, 6, Y22, Y30)
	K4HIGH(3, 6, Y22, Y30)
	K4NIB(3, 7, Y23, Y31)
	K4HIGH(3, 7, Y23, Y31)
	K4SCALES(3)
	K4TOK(0, 3, Y0)
	K4TOK(1, 3, Y1)
	K4TOK(2, 3, Y2)
	K4TOK(3, 3, Y3)
	K4MINS
	K4FIN(0, Y0, Y8)
	K4FIN(1, Y1, Y9)
	K4FIN(2, Y2, Y10)
	K4FIN(3, Y3, Y11)
	K4NEXT(1440)
	JNZ blk
store:
	K4STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ6_Kx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ6_Kx4(SB), NOSPLIT, $256-144
	K4PROLOGUE
	VPBROADCASTD x8k_b3f<>(SB), Y12
	VPBROADCASTD x8k_b03<>(SB), Y14
	VPBROADCASTD x8k_nib<>(SB), Y15
grp:
	K4GROUP
	JZ store
blk:
	K6BSUM4(0)
	K6BSUM4(1)
	K6BSUM4(2)
	K6BSUM4(3)
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	K6DEC(144, Y16, Y17, Y18, Y19, Y13, Y14, Y15, Y12)
	K6DEC(240, Y20, Y21, Y22, Y23, Y13, Y14, Y15, Y12)
	K6DEC(336, Y24, Y25, Y26, Y27, Y13, Y14, Y15, Y12)
	K6DEC(432, Y28, Y29, Y30, Y31, Y13, Y14, Y15, Y12)
	VPMOVSXBD 16(SI), Y4
	VPMOVSXBD 24(SI), Y5
	VPMOVSXBD 32(SI), Y6
	VPMOVSXBD 40(SI), Y7
	K6TS(0, 0, Y16, Y17, Y18, Y19, Y4, Y0)
	K6TS(0, 1, Y20, Y21, Y22, Y23, Y5, Y0)
	K6TS(0, 2, Y24, Y25, Y26, Y27, Y6, Y0)
	K6TS(0, 3, Y28, Y29, Y30, Y31, Y7, Y0)
	K6TS(1, 0, Y16, Y17, Y18, Y19, Y4, Y1)
	K6TS(1, 1, Y20, Y21, Y22, Y23, Y5, Y1)
	K6TS(1, 2, Y24, Y25, Y26, Y27, Y6, Y1)
	K6TS(1, 3, Y28, Y29, Y30, Y31, Y7, Y1)
	K6TS(2, 0, Y16, Y17, Y18, Y19, Y4, Y2)
	K6TS(2, 1, Y20, Y21, Y22, Y23, Y5, Y2)
	K6TS(2, 2, Y24, Y25, Y26, Y27, Y6, Y2)
	K6TS(2, 3, Y28, Y29, Y30, Y31, Y7, Y2)
	K6TS(3, 0, Y16, Y17, Y18, Y19, Y4, Y3)
	K6TS(3, 1, Y20, Y21, Y22, Y23, Y5, Y3)
	K6TS(3, 2, Y24, Y25, Y26, Y27, Y6, Y3)
	K6TS(3, 3, Y28, Y29, Y30, Y31, Y7, Y3)
	K6DEC(528, Y16, Y17, Y18, Y19, Y13, Y14, Y15, Y12)
	K6DEC(624, Y20, Y21, Y22, Y23, Y13, Y14, Y15, Y12)
	K6DEC(720, Y24, Y25, Y26, Y27, Y13, Y14, Y15, Y12)
	K6DEC(816, Y28, Y29, Y30, Y31, Y13, Y14, Y15, Y12)
	VPMOVSXBD 48(SI), Y4
	VPMOVSXBD 56(SI), Y5
	VPMOVSXBD 64(SI), Y6
	VPMOVSXBD 72(SI), Y7
	K6TS(0, 4, Y16, Y17, Y18, Y19, Y4, Y0)
	K6TS(0, 5, Y20, Y21, Y22, Y23, Y5, Y0)
	K6TS(0, 6, Y24, Y25, Y26, Y27, Y6, Y0)
	K6TS(0, 7, Y28, Y29, Y30, Y31, Y7, Y0)
	K6TS(1, 4, Y16, Y17, Y18, Y19, Y4, Y1)
	K6TS(1, 5, Y20, Y21, Y22, Y23, Y5, Y1)
	K6TS(1, 6, Y24, Y25, Y26, Y27, Y6, Y1)
	K6TS(1, 7, Y28, Y29, Y30, Y31, Y7, Y1)
	K6TS(2, 4, Y16, Y17, Y18, Y19, Y4, Y2)
	K6TS(2, 5, Y20, Y21, Y22, Y23, Y5, Y2)
	K6TS(2, 6, Y24, Y25, Y26, Y27, Y6, Y2)
	K6TS(2, 7, Y28, Y29, Y30, Y31, Y7, Y2)
	K6TS(3, 4, Y16, Y17, Y18, Y19, Y4, Y3)
	K6TS(3, 5, Y20, Y21, Y22, Y23, Y5, Y3)
	K6TS(3, 6, Y24, Y25, Y26, Y27, Y6, Y3)
	K6TS(3, 7, Y28, Y29, Y30, Y31, Y7, Y3)
	K6DEC(912, Y16, Y17, Y18, Y19, Y13, Y14, Y15, Y12)
	K6DEC(1008, Y20, Y21, Y22, Y23, Y13, Y14, Y15, Y12)
	K6DEC(1104, Y24, Y25, Y26, Y27, Y13, Y14, Y15, Y12)
	K6DEC(1200, Y28, Y29, Y30, Y31, Y13, Y14, Y15, Y12)
	VPMOVSXBD 80(SI), Y4
	VPMOVSXBD 88(SI), Y5
	VPMOVSXBD 96(SI), Y6
	VPMOVSXBD 104(SI), Y7
	K6TS(0, 8, Y16, Y17, Y18, Y19, Y4, Y0)
	K6TS(0, 9, Y20, Y21, Y22, Y23, Y5, Y0)
	K6TS(0, 10, Y24, Y25, Y26, Y27, Y6, Y0)
	K6TS(0, 11, Y28, Y29, Y30, Y31, Y7, Y0)
	K6TS(1, 8, Y16, Y17, Y18, Y19, Y4, Y1)
	K6TS(1, 9, Y20, Y21, Y22, Y23, Y5, Y1)
	K6TS(1, 10, Y24, Y25, Y26, Y27, Y6, Y1)
	K6TS(1, 11, Y28, Y29, Y30, Y31, Y7, Y1)
	K6TS(2, 8, Y16, Y17, Y18, Y19, Y4, Y2)
	K6TS(2, 9, Y20, Y21, Y22, Y23, Y5, Y2)
	K6TS(2, 10, Y24, Y25, Y26, Y27, Y6, Y2)
	K6TS(2, 11, Y28, Y29, Y30, Y31, Y7, Y2)
	K6TS(3, 8, Y16, Y17, Y18, Y19, Y4, Y3)
	K6TS(3, 9, Y20, Y21, Y22, Y23, Y5, Y3)
	K6TS(3, 10, Y24, Y25, Y26, Y27, Y6, Y3)
	K6TS(3, 11, Y28, Y29, Y30, Y31, Y7, Y3)
	K6DEC(1296, Y16, Y17, Y18, Y19, Y13, Y14, Y15, Y12)
	K6DEC(1392, Y20, Y21, Y22, Y23, Y13, Y14, Y15, Y12)
	K6DEC(1488, Y24, Y25, Y26, Y27, Y13, Y14, Y15, Y12)
	K6DEC(1584, Y28, Y29, Y30, Y31, Y13, Y14, Y15, Y12)
	VPMOVSXBD 112(SI), Y4
	VPMOVSXBD 120(SI), Y5
	VPMOVSXBD 128(SI), Y6
	VPMOVSXBD 136(SI), Y7
	K6TS(0, 12, Y16, Y17, Y18, Y19, Y4, Y0)
	K6TS(0, 13, Y20, Y21, Y22, Y23, Y5, Y0)
	K6TS(0, 14, Y24, Y25, Y26, Y27, Y6, Y0)
	K6TS(0, 15, Y28, Y29, Y30, Y31, Y7, Y0)
	K6TS(1, 12, Y16, Y17, Y18, Y19, Y4, Y1)
	K6TS(1, 13, Y20, Y21, Y22, Y23, Y5, Y1)
	K6TS(1, 14, Y24, Y25, Y26, Y27, Y6, Y1)
	K6TS(1, 15, Y28, Y29, Y30, Y31, Y7, Y1)
	K6TS(2, 12, Y16, Y17, Y18, Y19, Y4, Y2)
	K6TS(2, 13, Y20, Y21, Y22, Y23, Y5, Y2)
	K6TS(2, 14, Y24, Y25, Y26, Y27, Y6, Y2)
	K6TS(2, 15, Y28, Y29, Y30, Y31, Y7, Y2)
	K6TS(3, 12, Y16, Y17, Y18, Y19, Y4, Y3)
	K6TS(3, 13, Y20, Y21, Y22, Y23, Y5, Y3)
	K6TS(3, 14, Y24, Y25, Y26, Y27, Y6, Y3)
	K6TS(3, 15, Y28, Y29, Y30, Y31, Y7, Y3)
	VCVTPH2PS (SI), Y4
	K6FIN4(0, Y0, Y8)
	K6FIN4(1, Y1, Y9)
	K6FIN4(2, Y2, Y10)
	K6FIN4(3, Y3, Y11)
	ADDQ $1680, SI
	ADDQ $1024, R13
	ADDQ $16, DX
	ADDQ $128, R12
	DECQ BX
	JNZ blk
store:
	K4STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ4_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ4_KExact(SB), NOSPLIT, $16-136
	K1PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
grp:
	E1GROUP
	JZ store
blk:
	E1BSUM
	K1PAIRSTART
	K1NIB(0, 0)
	K1DOT(0, 0, Y4, Y5)
	K1NIB(0, 1)
	K1DOT(0, 1, Y8, Y9)
	K1NIB(0, 2)
	K1DOT(0, 2, Y4, Y5)
	K1NIB(0, 3)
	K1DOT(0, 3, Y8, Y9)
	K1NIB(0, 4)
	K1DOT(0, 4, Y4, Y5)
	K1NIB(0, 5)
	K1DOT(0, 5, Y8, Y9)
	K1NIB(0, 6)
	K1DOT(0, 6, Y4, Y5)
	K1NIB(0, 7)
	K1DOT(0, 7, Y8, Y9)
	E1CHUNK(0)
	K1PAIRSTART
	K1NIB(1, 0)
	K1DOT(1, 0, Y4, Y5)
	K1NIB(1, 1)
	K1DOT(1, 1, Y8, Y9)
	K1NIB(1, 2)
	K1DOT(1, 2, Y4, Y5)
	K1NIB(1, 3)
	K1DOT(1, 3, Y8, Y9)
	K1NIB(1, 4)
	K1DOT(1, 4, Y4, Y5)
	K1NIB(1, 5)
	K1DOT(1, 5, Y8, Y9)
	K1NIB(1, 6)
	K1DOT(1, 6, Y4, Y5)
	K1NIB(1, 7)
	K1DOT(1, 7, Y8, Y9)
	E1CHUNK(1)
	K1PAIRSTART
	K1NIB(2, 0)
	K1DOT(2, 0, Y4, Y5)
	K1NIB(2, 1)
	K1DOT(2, 1, Y8, Y9)
	K1NIB(2, 2)
	K1DOT(2, 2, Y4, Y5)
	K1NIB(2, 3)
	K1DOT(2, 3, Y8, Y9)
	K1NIB(2, 4)
	K1DOT(2, 4, Y4, Y5)
	K1NIB(2, 5)
	K1DOT(2, 5, Y8, Y9)
	K1NIB(2, 6)
	K1DOT(2, 6, Y4, Y5)
	K1NIB(2, 7)
	K1DOT(2, 7, Y8, Y9)
	E1CHUNK(2)
	K1PAIRSTART
	K1NIB(3, 0)
	K1DOT(3, 0, Y4, Y5)
	K1NIB(3, 1)
	K1DOT(3, 1, Y8, Y9)
	K1NIB(3, 2)
	K1DOT(3, 2, Y4, Y5)
	K1NIB(3, 3)
	K1DOT(3, 3, Y8, Y9)
	K1NIB(3, 4)
	K1DOT(3, 4, Y4, Y5)
	K1NIB(3, 5)
	K1DOT(3, 5, Y8, Y9)
	K1NIB(3, 6)
	K1DOT(3, 6, Y4, Y5)
	K1NIB(3, 7)
	K1DOT(3, 7, Y8, Y9)
	E1CHUNK(3)
	E1SM
	E1MIN(0)
	E1MIN(1)
	E1MIN(2)
	E1MIN(3)
	E1NEXT
	JNZ blk
store:
	E1FINAL
	K1STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ4_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ4_KExactx4(SB), NOSPLIT, $192-144
	K4PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
grp:
	E4GROUP
	JZ store
blk:
	K4BSUM(0)
	K4BSUM(1)
	K4BSUM(2)
	K4BSUM(3)
	E4SD
	K4NIB(0, 0, Y16, Y24)
	K4NIB(0, 1, Y17, Y25)
	K4NIB(0, 2, Y18, Y26)
	K4NIB(0, 3, Y19, Y27)
	K4NIB(0, 4, Y20, Y28)
	K4NIB(0, 5, Y21, Y29)
	K4NIB(0, 6, Y22, Y30)
	K4NIB(0, 7, Y23, Y31)
	K4SCALES(0)
	E4TOK(0, 0, Y8)
	E4TOK(1, 0, Y9)
	E4TOK(2, 0, Y10)
	E4TOK(3, 0, Y11)
	K4NIB(1, 0, Y16, Y24)
	K4NIB(1, 1, Y17, Y25)
	K4NIB(1, 2, Y18, Y26)
	K4NIB(1, 3, Y19, Y27)
	K4NIB(1, 4, Y20, Y28)
	K4NIB(1, 5, Y21, Y29)
	K4NIB(1, 6, Y22, Y30)
	K4NIB(1, 7, Y23, Y31)
	K4SCALES(1)
	E4TOK(0, 1, Y8)
	E4TOK(1, 1, Y9)
	E4TOK(2, 1, Y10)
	E4TOK(3, 1, Y11)
	K4NIB(2, 0, Y16, Y24)
	K4NIB(2, 1, Y17, Y25)
	K4NIB(2, 2, Y18, Y26)
	K4NIB(2, 3, Y19, Y27)
	K4NIB(2, 4, Y20, Y28)
	K4NIB(2, 5, Y21, Y29)
	K4NIB(2, 6, Y22, Y30)
	K4NIB(2, 7, Y23, Y31)
	K4SCALES(2)
	E4TOK(0, 2, Y8)
	E4TOK(1, 2, Y9)
	E4TOK(2, 2, Y10)
	E4TOK(3, 2, Y11)
	K4NIB(3, 0, Y16, Y24)
	K4NIB(3, 1, Y17, Y25)
	K4NIB(3, 2, Y18, Y26)
	K4NIB(3, 3, Y19, Y27)
	K4NIB(3, 4, Y20, Y28)
	K4NIB(3, 5, Y21, Y29)
	K4NIB(3, 6, Y22, Y30)
	K4NIB(3, 7, Y23, Y31)
	K4SCALES(3)
	E4TOK(0, 3, Y8)
	E4TOK(1, 3, Y9)
	E4TOK(2, 3, Y10)
	E4TOK(3, 3, Y11)
	E4MINS
	VMULPS.BCST 0(DX), Y7, Y5
	E4MIN(0, 0, Y16, Y0)
	E4MIN(0, 1, Y17, Y0)
	E4MIN(0, 2, Y18, Y0)
	E4MIN(0, 3, Y19, Y0)
	VMULPS.BCST 4(DX), Y7, Y5
	E4MIN(1, 0, Y16, Y1)
	E4MIN(1, 1, Y17, Y1)
	E4MIN(1, 2, Y18, Y1)
	E4MIN(1, 3, Y19, Y1)
	VMULPS.BCST 8(DX), Y7, Y5
	E4MIN(2, 0, Y16, Y2)
	E4MIN(2, 1, Y17, Y2)
	E4MIN(2, 2, Y18, Y2)
	E4MIN(2, 3, Y19, Y2)
	VMULPS.BCST 12(DX), Y7, Y5
	E4MIN(3, 0, Y16, Y3)
	E4MIN(3, 1, Y17, Y3)
	E4MIN(3, 2, Y18, Y3)
	E4MIN(3, 3, Y19, Y3)
	K4NEXT(1184)
	JNZ blk
store:
	VXORPS Y12, Y12, Y12
	E4FINAL(Y8, Y0)
	E4FINAL(Y9, Y1)
	E4FINAL(Y10, Y2)
	E4FINAL(Y11, Y3)
	K4STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ5_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ5_KExact(SB), NOSPLIT, $16-136
	K1PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
	VPBROADCASTD x8k_b10<>(SB), Y12
grp:
	F1GROUP
	JZ store
blk:
	K1BSUM
	F1ZERO
	FSCW(32, Y8, Y10)
	FSCW(40, Y9, Y10)
	K1NIB(0, 0)
	K1HIGH(0, 0)
	F1DOT(0, 0, Y16)
	K1NIB(0, 1)
	K1HIGH(0, 1)
	F1DOT(0, 1, Y17)
	K1NIB(0, 2)
	K1HIGH(0, 2)
	F1DOT(0, 2, Y18)
	K1NIB(0, 3)
	K1HIGH(0, 3)
	F1DOT(0, 3, Y19)
	K1NIB(0, 4)
	K1HIGH(0, 4)
	F1DOT(0, 4, Y20)
	K1NIB(0, 5)
	K1HIGH(0, 5)
	F1DOT(0, 5, Y21)
	K1NIB(0, 6)
	K1HIGH(0, 6)
	F1DOT(0, 6, Y22)
	K1NIB(0, 7)
	K1HIGH(0, 7)
	F1DOT(0, 7, Y23)
	FSCW(48, Y8, Y10)
	FSCW(56, Y9, Y10)
	K1NIB(1, 0)
	K1HIGH(1, 0)
	F1DOT(1, 0, Y16)
	K1NIB(1, 1)
	K1HIGH(1, 1)
	F1DOT(1, 1, Y17)
	K1NIB(1, 2)
	K1HIGH(1, 2)
	F1DOT(1, 2, Y18)
	K1NIB(1, 3)
	K1HIGH(1, 3)
	F1DOT(1, 3, Y19)
	K1NIB(1, 4)
	K1HIGH(1, 4)
	F1DOT(1, 4, Y20)
	K1NIB(1, 5)
	K1HIGH(1, 5)
	F1DOT(1, 5, Y21)
	K1NIB(1, 6)
	K1HIGH(1, 6)
	F1DOT(1, 6, Y22)
	K1NIB(1, 7)
	K1HIGH(1, 7)
	F1DOT(1, 7, Y23)
	FSCW(64, Y8, Y10)
	FSCW(72, Y9, Y10)
	K1NIB(2, 0)
	K1HIGH(2, 0)
	F1DOT(2, 0, Y16)
	K1NIB(2, 1)
	K1HIGH(2, 1)
	F1DOT(2, 1, Y17)
	K1NIB(2, 2)
	K1HIGH(2, 2)
	F1DOT(2, 2, Y18)
	K1NIB(2, 3)
	K1HIGH(2, 3)
	F1DOT(2, 3, Y19)
	K1NIB(2, 4)
	K1HIGH(2, 4)
	F1DOT(2, 4, Y20)
	K1NIB(2, 5)
	K1HIGH(2, 5)
	F1DOT(2, 5, Y21)
	K1NIB(2, 6)
	K1HIGH(2, 6)
	F1DOT(2, 6, Y22)
	K1NIB(2, 7)
	K1HIGH(2, 7)
	F1DOT(2, 7, Y23)
	FSCW(80, Y8, Y10)
	FSCW(88, Y9, Y10)
	K1NIB(3, 0)
	K1HIGH(3, 0)
	F1DOT(3, 0, Y16)
	K1NIB(3, 1)
	K1HIGH(3, 1)
	F1DOT(3, 1, Y17)
	K1NIB(3, 2)
	K1HIGH(3, 2)
	F1DOT(3, 2, Y18)
	K1NIB(3, 3)
	K1HIGH(3, 3)
	F1DOT(3, 3, Y19)
	K1NIB(3, 4)
	K1HIGH(3, 4)
	F1DOT(3, 4, Y20)
	K1NIB(3, 5)
	K1HIGH(3, 5)
	F1DOT(3, 5, Y21)
	K1NIB(3, 6)
	K1HIGH(3, 6)
	F1DOT(3, 6, Y22)
	K1NIB(3, 7)
	K1HIGH(3, 7)
	F1DOT(3, 7, Y23)
	F1MINS
	FACC(Y16, Y24)
	FACC(Y17, Y25)
	FACC(Y18, Y26)
	FACC(Y19, Y27)
	FACC(Y20, Y28)
	FACC(Y21, Y29)
	FACC(Y22, Y30)
	FACC(Y23, Y31)
	ADDQ $1440, SI
	ADDQ $256, R13
	ADDQ $4, DX
	ADDQ $32, R12
	DECQ BX
	JNZ blk
store:
	F1FINAL
	K1STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ5_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ5_KExactx4(SB), $1088-144
	K4PROLOGUE
	VPBROADCASTD x8k_nib<>(SB), Y14
	VPBROADCASTD x8k_one16<>(SB), Y13
	VPBROADCASTD x8k_b10<>(SB), Y12
grp:
	VXORPS Y0, Y0, Y0
	VMOVUPS Y0, 64(SP)
	VMOVUPS Y0, 96(SP)
	VMOVUPS Y0, 128(SP)
	VMOVUPS Y0, 160(SP)
	VMOVUPS Y0, 192(SP)
	VMOVUPS Y0, 224(SP)
	VMOVUPS Y0, 256(SP)
	VMOVUPS Y0, 288(SP)
	VMOVUPS Y0, 320(SP)
	VMOVUPS Y0, 352(SP)
	VMOVUPS Y0, 384(SP)
	VMOVUPS Y0, 416(SP)
	VMOVUPS Y0, 448(SP)
	VMOVUPS Y0, 480(SP)
	VMOVUPS Y0, 512(SP)
	VMOVUPS Y0, 544(SP)
	VMOVUPS Y0, 576(SP)
	VMOVUPS Y0, 608(SP)
	VMOVUPS Y0, 640(SP)
	VMOVUPS Y0, 672(SP)
	VMOVUPS Y0, 704(SP)
	VMOVUPS Y0, 736(SP)
	VMOVUPS Y0, 768(SP)
	VMOVUPS Y0, 800(SP)
	VMOVUPS Y0, 832(SP)
	VMOVUPS Y0, 864(SP)
	VMOVUPS Y0, 896(SP)
	VMOVUPS Y0, 928(SP)
	VMOVUPS Y0, 960(SP)
	VMOVUPS Y0, 992(SP)
	VMOVUPS Y0, 1024(SP)
	VMOVUPS Y0, 1056(SP)
	K4GROUP
	JZ store
blk:
	K4BSUM(0)
	K4BSUM(1)
	K4BSUM(2)
	K4BSUM(3)
	FSCW(32, Y16, Y0)
	FSCW(40, Y17, Y0)
	FSCW(48, Y18, Y0)
	FSCW(56, Y19, Y0)
	FSCW(64, Y20, Y0)
	FSCW(72, Y21, Y0)
	FSCW(80, Y22, Y0)
	FSCW(88, Y23, Y0)
	VCVTPH2PS (SI), Y0
	VMULPS.BCST 0(DX), Y0, Y24
	VMULPS.BCST 4(DX), Y0, Y25
	VMULPS.BCST 8(DX), Y0, Y26
	VMULPS.BCST 12(DX), Y0, Y27
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 0, Y1, Y2)
	K4HIGH(0, 0, Y1, Y2)
	F4DOT(0, 0, 0, Y16, Y17, Y28)
	F4DOT(1, 0, 0, Y16, Y17, Y29)
	F4DOT(2, 0, 0, Y16, Y17, Y30)
	F4DOT(3, 0, 0, Y16, Y17, Y31)
	K4NIB(1, 0, Y1, Y2)
	K4HIGH(1, 0, Y1, Y2)
	F4DOT(0, 1, 0, Y18, Y19, Y28)
	F4DOT(1, 1, 0, Y18, Y19, Y29)
	F4DOT(2, 1, 0, Y18, Y19, Y30)
	F4DOT(3, 1, 0, Y18, Y19, Y31)
	K4NIB(2, 0, Y1, Y2)
	K4HIGH(2, 0, Y1, Y2)
	F4DOT(0, 2, 0, Y20, Y21, Y28)
	F4DOT(1, 2, 0, Y20, Y21, Y29)
	F4DOT(2, 2, 0, Y20, Y21, Y30)
	F4DOT(3, 2, 0, Y20, Y21, Y31)
	K4NIB(3, 0, Y1, Y2)
	K4HIGH(3, 0, Y1, Y2)
	F4DOT(0, 3, 0, Y22, Y23, Y28)
	F4DOT(1, 3, 0, Y22, Y23, Y29)
	F4DOT(2, 3, 0, Y22, Y23, Y30)
	F4DOT(3, 3, 0, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 64(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 64(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 320(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 320(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 576(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 576(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 832(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 832(SP)
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 1, Y1, Y2)
	K4HIGH(0, 1, Y1, Y2)
	F4DOT(0, 0, 1, Y16, Y17, Y28)
	F4DOT(1, 0, 1, Y16, Y17, Y29)
	F4DOT(2, 0, 1, Y16, Y17, Y30)
	F4DOT(3, 0, 1, Y16, Y17, Y31)
	K4NIB(1, 1, Y1, Y2)
	K4HIGH(1, 1, Y1, Y2)
	F4DOT(0, 1, 1, Y18, Y19, Y28)
	F4DOT(1, 1, 1, Y18, Y19, Y29)
	F4DOT(2, 1, 1, Y18, Y19, Y30)
	F4DOT(3, 1, 1, Y18, Y19, Y31)
	K4NIB(2, 1, Y1, Y2)
	K4HIGH(2, 1, Y1, Y2)
	F4DOT(0, 2, 1, Y20, Y21, Y28)
	F4DOT(1, 2, 1, Y20, Y21, Y29)
	F4DOT(2, 2, 1, Y20, Y21, Y30)
	F4DOT(3, 2, 1, Y20, Y21, Y31)
	K4NIB(3, 1, Y1, Y2)
	K4HIGH(3, 1, Y1, Y2)
	F4DOT(0, 3, 1, Y22, Y23, Y28)
	F4DOT(1, 3, 1, Y22, Y23, Y29)
	F4DOT(2, 3, 1, Y22, Y23, Y30)
	F4DOT(3, 3, 1, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 96(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 96(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 352(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 352(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 608(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 608(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 864(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 864(SP)
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 2, Y1, Y2)
	K4HIGH(0, 2, Y1, Y2)
	F4DOT(0, 0, 2, Y16, Y17, Y28)
	F4DOT(1, 0, 2, Y16, Y17, Y29)
	F4DOT(2, 0, 2, Y16, Y17, Y30)
	F4DOT(3, 0, 2, Y16, Y17, Y31)
	K4NIB(1, 2, Y1, Y2)
	K4HIGH(1, 2, Y1, Y2)
	F4DOT(0, 1, 2, Y18, Y19, Y28)
	F4DOT(1, 1, 2, Y18, Y19, Y29)
	F4DOT(2, 1, 2, Y18, Y19, Y30)
	F4DOT(3, 1, 2, Y18, Y19, Y31)
	K4NIB(2, 2, Y1, Y2)
	K4HIGH(2, 2, Y1, Y2)
	F4DOT(0, 2, 2, Y20, Y21, Y28)
	F4DOT(1, 2, 2, Y20, Y21, Y29)
	F4DOT(2, 2, 2, Y20, Y21, Y30)
	F4DOT(3, 2, 2, Y20, Y21, Y31)
	K4NIB(3, 2, Y1, Y2)
	K4HIGH(3, 2, Y1, Y2)
	F4DOT(0, 3, 2, Y22, Y23, Y28)
	F4DOT(1, 3, 2, Y22, Y23, Y29)
	F4DOT(2, 3, 2, Y22, Y23, Y30)
	F4DOT(3, 3, 2, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 128(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 128(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 384(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 384(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 640(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 640(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 896(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 896(SP)
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 3, Y1, Y2)
	K4HIGH(0, 3, Y1, Y2)
	F4DOT(0, 0, 3, Y16, Y17, Y28)
	F4DOT(1, 0, 3, Y16, Y17, Y29)
	F4DOT(2, 0, 3, Y16, Y17, Y30)
	F4DOT(3, 0, 3, Y16, Y17, Y31)
	K4NIB(1, 3, Y1, Y2)
	K4HIGH(1, 3, Y1, Y2)
	F4DOT(0, 1, 3, Y18, Y19, Y28)
	F4DOT(1, 1, 3, Y18, Y19, Y29)
	F4DOT(2, 1, 3, Y18, Y19, Y30)
	F4DOT(3, 1, 3, Y18, Y19, Y31)
	K4NIB(2, 3, Y1, Y2)
	K4HIGH(2, 3, Y1, Y2)
	F4DOT(0, 2, 3, Y20, Y21, Y28)
	F4DOT(1, 2, 3, Y20, Y21, Y29)
	F4DOT(2, 2, 3, Y20, Y21, Y30)
	F4DOT(3, 2, 3, Y20, Y21, Y31)
	K4NIB(3, 3, Y1, Y2)
	K4HIGH(3, 3, Y1, Y2)
	F4DOT(0, 3, 3, Y22, Y23, Y28)
	F4DOT(1, 3, 3, Y22, Y23, Y29)
	F4DOT(2, 3, 3, Y22, Y23, Y30)
	F4DOT(3, 3, 3, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 160(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 160(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 416(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 416(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 672(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 672(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 928(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 928(SP)
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 4, Y1, Y2)
	K4HIGH(0, 4, Y1, Y2)
	F4DOT(0, 0, 4, Y16, Y17, Y28)
	F4DOT(1, 0, 4, Y16, Y17, Y29)
	F4DOT(2, 0, 4, Y16, Y17, Y30)
	F4DOT(3, 0, 4, Y16, Y17, Y31)
	K4NIB(1, 4, Y1, Y2)
	K4HIGH(1, 4, Y1, Y2)
	F4DOT(0, 1, 4, Y18, Y19, Y28)
	F4DOT(1, 1, 4, Y18, Y19, Y29)
	F4DOT(2, 1, 4, Y18, Y19, Y30)
	F4DOT(3, 1, 4, Y18, Y19, Y31)
	K4NIB(2, 4, Y1, Y2)
	K4HIGH(2, 4, Y1, Y2)
	F4DOT(0, 2, 4, Y20, Y21, Y28)
	F4DOT(1, 2, 4, Y20, Y21, Y29)
	F4DOT(2, 2, 4, Y20, Y21, Y30)
	F4DOT(3, 2, 4, Y20, Y21, Y31)
	K4NIB(3, 4, Y1, Y2)
	K4HIGH(3, 4, Y1, Y2)
	F4DOT(0, 3, 4, Y22, Y23, Y28)
	F4DOT(1, 3, 4, Y22, Y23, Y29)
	F4DOT(2, 3, 4, Y22, Y23, Y30)
	F4DOT(3, 3, 4, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 192(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 192(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 448(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 448(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 704(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 704(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 960(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 960(SP)
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 5, Y1, Y2)
	K4HIGH(0, 5, Y1, Y2)
	F4DOT(0, 0, 5, Y16, Y17, Y28)
	F4DOT(1, 0, 5, Y16, Y17, Y29)
	F4DOT(2, 0, 5, Y16, Y17, Y30)
	F4DOT(3, 0, 5, Y16, Y17, Y31)
	K4NIB(1, 5, Y1, Y2)
	K4HIGH(1, 5, Y1, Y2)
	F4DOT(0, 1, 5, Y18, Y19, Y28)
	F4DOT(1, 1, 5, Y18, Y19, Y29)
	F4DOT(2, 1, 5, Y18, Y19, Y30)
	F4DOT(3, 1, 5, Y18, Y19, Y31)
	K4NIB(2, 5, Y1, Y2)
	K4HIGH(2, 5, Y1, Y2)
	F4DOT(0, 2, 5, Y20, Y21, Y28)
	F4DOT(1, 2, 5, Y20, Y21, Y29)
	F4DOT(2, 2, 5, Y20, Y21, Y30)
	F4DOT(3, 2, 5, Y20, Y21, Y31)
	K4NIB(3, 5, Y1, Y2)
	K4HIGH(3, 5, Y1, Y2)
	F4DOT(0, 3, 5, Y22, Y23, Y28)
	F4DOT(1, 3, 5, Y22, Y23, Y29)
	F4DOT(2, 3, 5, Y22, Y23, Y30)
	F4DOT(3, 3, 5, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 224(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 224(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 480(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 480(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 736(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 736(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 992(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 992(SP)
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 6, Y1, Y2)
	K4HIGH(0, 6, Y1, Y2)
	F4DOT(0, 0, 6, Y16, Y17, Y28)
	F4DOT(1, 0, 6, Y16, Y17, Y29)
	F4DOT(2, 0, 6, Y16, Y17, Y30)
	F4DOT(3, 0, 6, Y16, Y17, Y31)
	K4NIB(1, 6, Y1, Y2)
	K4HIGH(1, 6, Y1, Y2)
	F4DOT(0, 1, 6, Y18, Y19, Y28)
	F4DOT(1, 1, 6, Y18, Y19, Y29)
	F4DOT(2, 1, 6, Y18, Y19, Y30)
	F4DOT(3, 1, 6, Y18, Y19, Y31)
	K4NIB(2, 6, Y1, Y2)
	K4HIGH(2, 6, Y1, Y2)
	F4DOT(0, 2, 6, Y20, Y21, Y28)
	F4DOT(1, 2, 6, Y20, Y21, Y29)
	F4DOT(2, 2, 6, Y20, Y21, Y30)
	F4DOT(3, 2, 6, Y20, Y21, Y31)
	K4NIB(3, 6, Y1, Y2)
	K4HIGH(3, 6, Y1, Y2)
	F4DOT(0, 3, 6, Y22, Y23, Y28)
	F4DOT(1, 3, 6, Y22, Y23, Y29)
	F4DOT(2, 3, 6, Y22, Y23, Y30)
	F4DOT(3, 3, 6, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 256(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 256(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 512(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 512(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 768(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 768(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 1024(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 1024(SP)
	VPXORD Y28, Y28, Y28
	VPXORD Y29, Y29, Y29
	VPXORD Y30, Y30, Y30
	VPXORD Y31, Y31, Y31
	K4NIB(0, 7, Y1, Y2)
	K4HIGH(0, 7, Y1, Y2)
	F4DOT(0, 0, 7, Y16, Y17, Y28)
	F4DOT(1, 0, 7, Y16, Y17, Y29)
	F4DOT(2, 0, 7, Y16, Y17, Y30)
	F4DOT(3, 0, 7, Y16, Y17, Y31)
	K4NIB(1, 7, Y1, Y2)
	K4HIGH(1, 7, Y1, Y2)
	F4DOT(0, 1, 7, Y18, Y19, Y28)
	F4DOT(1, 1, 7, Y18, Y19, Y29)
	F4DOT(2, 1, 7, Y18, Y19, Y30)
	F4DOT(3, 1, 7, Y18, Y19, Y31)
	K4NIB(2, 7, Y1, Y2)
	K4HIGH(2, 7, Y1, Y2)
	F4DOT(0, 2, 7, Y20, Y21, Y28)
	F4DOT(1, 2, 7, Y20, Y21, Y29)
	F4DOT(2, 2, 7, Y20, Y21, Y30)
	F4DOT(3, 2, 7, Y20, Y21, Y31)
	K4NIB(3, 7, Y1, Y2)
	K4HIGH(3, 7, Y1, Y2)
	F4DOT(0, 3, 7, Y22, Y23, Y28)
	F4DOT(1, 3, 7, Y22, Y23, Y29)
	F4DOT(2, 3, 7, Y22, Y23, Y30)
	F4DOT(3, 3, 7, Y22, Y23, Y31)
	VCVTDQ2PS Y28, Y28
	VMOVUPS 288(SP), Y0
	VFMADD231PS Y24, Y28, Y0
	VMOVUPS Y0, 288(SP)
	VCVTDQ2PS Y29, Y29
	VMOVUPS 544(SP), Y0
	VFMADD231PS Y25, Y29, Y0
	VMOVUPS Y0, 544(SP)
	VCVTDQ2PS Y30, Y30
	VMOVUPS 800(SP), Y0
	VFMADD231PS Y26, Y30, Y0
	VMOVUPS Y0, 800(SP)
	VCVTDQ2PS Y31, Y31
	VMOVUPS 1056(SP), Y0
	VFMADD231PS Y27, Y31, Y0
	VMOVUPS Y0, 1056(SP)
	VPMOVZXBW 96(SI), Y1
	VPMOVZXBW 112(SI), Y2
	VPMOVZXBW 128(SI), Y3
	VPMOVZXBW 144(SI), Y4
	VCVTPH2PS 16(SI), Y6
	F4MIN(0, Y8)
	F4MIN(1, Y9)
	F4MIN(2, Y10)
	F4MIN(3, Y11)
	K4NEXT(1440)
	JNZ blk
store:
	VMOVUPS 64(SP), Y0
	VADDPS 192(SP), Y0, Y0
	VMOVUPS 128(SP), Y1
	VADDPS 256(SP), Y1, Y1
	VMOVUPS 96(SP), Y2
	VADDPS 224(SP), Y2, Y2
	VMOVUPS 160(SP), Y3
	VADDPS 288(SP), Y3, Y3
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VADDPS Y0, Y8, Y8
	VMOVUPS 320(SP), Y0
	VADDPS 448(SP), Y0, Y0
	VMOVUPS 384(SP), Y1
	VADDPS 512(SP), Y1, Y1
	VMOVUPS 352(SP), Y2
	VADDPS 480(SP), Y2, Y2
	VMOVUPS 416(SP), Y3
	VADDPS 544(SP), Y3, Y3
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VADDPS Y0, Y9, Y9
	VMOVUPS 576(SP), Y0
	VADDPS 704(SP), Y0, Y0
	VMOVUPS 640(SP), Y1
	VADDPS 768(SP), Y1, Y1
	VMOVUPS 608(SP), Y2
	VADDPS 736(SP), Y2, Y2
	VMOVUPS 672(SP), Y3
	VADDPS 800(SP), Y3, Y3
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VADDPS Y0, Y10, Y10
	VMOVUPS 832(SP), Y0
	VADDPS 960(SP), Y0, Y0
	VMOVUPS 896(SP), Y1
	VADDPS 1024(SP), Y1, Y1
	VMOVUPS 864(SP), Y2
	VADDPS 992(SP), Y2, Y2
	VMOVUPS 928(SP), Y3
	VADDPS 1056(SP), Y3, Y3
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VADDPS Y0, Y11, Y11
	K4STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ6_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ6_KExact(SB), NOSPLIT, $32-136
	K1PROLOGUE
	VPBROADCASTD x8k_b3f<>(SB), Y12
	VPBROADCASTD x8k_b03<>(SB), Y13
	VPBROADCASTD x8k_nib<>(SB), Y14
	VMOVDQU x8k_wpair<>(SB), Y4
grp:
	VMOVDQU x8k_wdup<>(SB), Y0
	G1GROUP
	JZ store
blk:
	G1BSUM
	G1CORR(0, Y16)
	G1CORR(1, Y17)
	G1CORR(2, Y18)
	G1CORR(3, Y19)
	G1CORR(4, Y20)
	G1CORR(5, Y21)
	G1CORR(6, Y22)
	G1CORR(7, Y23)
	G6SCW(16, Y10)
	K6DEC(144, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(0, Y5, Y16)
	G1DOT(4, Y6, Y17)
	G1DOT(8, Y7, Y18)
	G1DOT(12, Y8, Y19)
	G6SCW(24, Y10)
	K6DEC(240, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(16, Y5, Y20)
	G1DOT(20, Y6, Y21)
	G1DOT(24, Y7, Y22)
	G1DOT(28, Y8, Y23)
	G6SCW(32, Y10)
	K6DEC(336, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(32, Y5, Y16)
	G1DOT(36, Y6, Y17)
	G1DOT(40, Y7, Y18)
	G1DOT(44, Y8, Y19)
	G6SCW(40, Y10)
	K6DEC(432, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(48, Y5, Y20)
	G1DOT(52, Y6, Y21)
	G1DOT(56, Y7, Y22)
	G1DOT(60, Y8, Y23)
	G6SCW(48, Y10)
	K6DEC(528, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(64, Y5, Y16)
	G1DOT(68, Y6, Y17)
	G1DOT(72, Y7, Y18)
	G1DOT(76, Y8, Y19)
	G6SCW(56, Y10)
	K6DEC(624, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(80, Y5, Y20)
	G1DOT(84, Y6, Y21)
	G1DOT(88, Y7, Y22)
	G1DOT(92, Y8, Y23)
	G6SCW(64, Y10)
	K6DEC(720, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(96, Y5, Y16)
	G1DOT(100, Y6, Y17)
	G1DOT(104, Y7, Y18)
	G1DOT(108, Y8, Y19)
	G6SCW(72, Y10)
	K6DEC(816, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(112, Y5, Y20)
	G1DOT(116, Y6, Y21)
	G1DOT(120, Y7, Y22)
	G1DOT(124, Y8, Y23)
	G6SCW(80, Y10)
	K6DEC(912, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(128, Y5, Y16)
	G1DOT(132, Y6, Y17)
	G1DOT(136, Y7, Y18)
	G1DOT(140, Y8, Y19)
	G6SCW(88, Y10)
	K6DEC(1008, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(144, Y5, Y20)
	G1DOT(148, Y6, Y21)
	G1DOT(152, Y7, Y22)
	G1DOT(156, Y8, Y23)
	G6SCW(96, Y10)
	K6DEC(1104, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(160, Y5, Y16)
	G1DOT(164, Y6, Y17)
	G1DOT(168, Y7, Y18)
	G1DOT(172, Y8, Y19)
	G6SCW(104, Y10)
	K6DEC(1200, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(176, Y5, Y20)
	G1DOT(180, Y6, Y21)
	G1DOT(184, Y7, Y22)
	G1DOT(188, Y8, Y23)
	G6SCW(112, Y10)
	K6DEC(1296, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(192, Y5, Y16)
	G1DOT(196, Y6, Y17)
	G1DOT(200, Y7, Y18)
	G1DOT(204, Y8, Y19)
	G6SCW(120, Y10)
	K6DEC(1392, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(208, Y5, Y20)
	G1DOT(212, Y6, Y21)
	G1DOT(216, Y7, Y22)
	G1DOT(220, Y8, Y23)
	G6SCW(128, Y10)
	K6DEC(1488, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(224, Y5, Y16)
	G1DOT(228, Y6, Y17)
	G1DOT(232, Y7, Y18)
	G1DOT(236, Y8, Y19)
	G6SCW(136, Y10)
	K6DEC(1584, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(240, Y5, Y20)
	G1DOT(244, Y6, Y21)
	G1DOT(248, Y7, Y22)
	G1DOT(252, Y8, Y23)
	VCVTPH2PS (SI), Y7
	VMULPS.BCST (DX), Y7, Y7
	FACC(Y16, Y24)
	FACC(Y17, Y25)
	FACC(Y18, Y26)
	FACC(Y19, Y27)
	FACC(Y20, Y28)
	FACC(Y21, Y29)
	FACC(Y22, Y30)
	FACC(Y23, Y31)
	ADDQ $1680, SI
	ADDQ $256, R13
	ADDQ $4, DX
	ADDQ $32, R12
	DECQ BX
	JNZ blk
store:
	G1FINAL
	K1STORE
	JNZ grp
done:
	VZEROUPPER
	RET

// func x8kQ6_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
TEXT ·x8kQ6_KExactx4(SB), $1152-144
	K4PROLOGUE
	VPBROADCASTD x8k_b3f<>(SB), Y12
	VPBROADCASTD x8k_b03<>(SB), Y13
	VPBROADCASTD x8k_nib<>(SB), Y14
	VMOVDQU x8k_wdup<>(SB), Y0
	VMOVDQU x8k_wpair<>(SB), Y4
grp:
	VXORPS Y1, Y1, Y1
	VMOVUPS Y1, 128(SP)
	VMOVUPS Y1, 160(SP)
	VMOVUPS Y1, 192(SP)
	VMOVUPS Y1, 224(SP)
	VMOVUPS Y1, 256(SP)
	VMOVUPS Y1, 288(SP)
	VMOVUPS Y1, 320(SP)
	VMOVUPS Y1, 352(SP)
	VMOVUPS Y1, 384(SP)
	VMOVUPS Y1, 416(SP)
	VMOVUPS Y1, 448(SP)
	VMOVUPS Y1, 480(SP)
	VMOVUPS Y1, 512(SP)
	VMOVUPS Y1, 544(SP)
	VMOVUPS Y1, 576(SP)
	VMOVUPS Y1, 608(SP)
	VMOVUPS Y1, 640(SP)
	VMOVUPS Y1, 672(SP)
	VMOVUPS Y1, 704(SP)
	VMOVUPS Y1, 736(SP)
	VMOVUPS Y1, 768(SP)
	VMOVUPS Y1, 800(SP)
	VMOVUPS Y1, 832(SP)
	VMOVUPS Y1, 864(SP)
	VMOVUPS Y1, 896(SP)
	VMOVUPS Y1, 928(SP)
	VMOVUPS Y1, 960(SP)
	VMOVUPS Y1, 992(SP)
	VMOVUPS Y1, 1024(SP)
	VMOVUPS Y1, 1056(SP)
	VMOVUPS Y1, 1088(SP)
	VMOVUPS Y1, 1120(SP)
	K4GROUP
	JZ store
blk:
	G4BSUM(0)
	G4BSUM(1)
	G4BSUM(2)
	G4BSUM(3)
	VCVTPH2PS (SI), Y11
	G4PAIR(0)
	G4CORR(0, 0, Y16)
	G4CORR(1, 0, Y20)
	G4CORR(2, 0, Y24)
	G4CORR(3, 0, Y28)
	G4PAIR(1)
	G4CORR(0, 1, Y17)
	G4CORR(1, 1, Y21)
	G4CORR(2, 1, Y25)
	G4CORR(3, 1, Y29)
	G4PAIR(2)
	G4CORR(0, 2, Y18)
	G4CORR(1, 2, Y22)
	G4CORR(2, 2, Y26)
	G4CORR(3, 2, Y30)
	G4PAIR(3)
	G4CORR(0, 3, Y19)
	G4CORR(1, 3, Y23)
	G4CORR(2, 3, Y27)
	G4CORR(3, 3, Y31)
	G6SCW(16, Y10)
	K6DEC(144, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(0, Y5, Y16)
	G1DOT(256, Y5, Y20)
	G1DOT(512, Y5, Y24)
	G1DOT(768, Y5, Y28)
	G1DOT(4, Y6, Y17)
	G1DOT(260, Y6, Y21)
	G1DOT(516, Y6, Y25)
	G1DOT(772, Y6, Y29)
	G1DOT(8, Y7, Y18)
	G1DOT(264, Y7, Y22)
	G1DOT(520, Y7, Y26)
	G1DOT(776, Y7, Y30)
	G1DOT(12, Y8, Y19)
	G1DOT(268, Y8, Y23)
	G1DOT(524, Y8, Y27)
	G1DOT(780, Y8, Y31)
	G6SCW(32, Y10)
	K6DEC(336, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(32, Y5, Y16)
	G1DOT(288, Y5, Y20)
	G1DOT(544, Y5, Y24)
	G1DOT(800, Y5, Y28)
	G1DOT(36, Y6, Y17)
	G1DOT(292, Y6, Y21)
	G1DOT(548, Y6, Y25)
	G1DOT(804, Y6, Y29)
	G1DOT(40, Y7, Y18)
	G1DOT(296, Y7, Y22)
	G1DOT(552, Y7, Y26)
	G1DOT(808, Y7, Y30)
	G1DOT(44, Y8, Y19)
	G1DOT(300, Y8, Y23)
	G1DOT(556, Y8, Y27)
	G1DOT(812, Y8, Y31)
	G6SCW(48, Y10)
	K6DEC(528, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(64, Y5, Y16)
	G1DOT(320, Y5, Y20)
	G1DOT(576, Y5, Y24)
	G1DOT(832, Y5, Y28)
	G1DOT(68, Y6, Y17)
	G1DOT(324, Y6, Y21)
	G1DOT(580, Y6, Y25)
	G1DOT(836, Y6, Y29)
	G1DOT(72, Y7, Y18)
	G1DOT(328, Y7, Y22)
	G1DOT(584, Y7, Y26)
	G1DOT(840, Y7, Y30)
	G1DOT(76, Y8, Y19)
	G1DOT(332, Y8, Y23)
	G1DOT(588, Y8, Y27)
	G1DOT(844, Y8, Y31)
	G6SCW(64, Y10)
	K6DEC(720, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(96, Y5, Y16)
	G1DOT(352, Y5, Y20)
	G1DOT(608, Y5, Y24)
	G1DOT(864, Y5, Y28)
	G1DOT(100, Y6, Y17)
	G1DOT(356, Y6, Y21)
	G1DOT(612, Y6, Y25)
	G1DOT(868, Y6, Y29)
	G1DOT(104, Y7, Y18)
	G1DOT(360, Y7, Y22)
	G1DOT(616, Y7, Y26)
	G1DOT(872, Y7, Y30)
	G1DOT(108, Y8, Y19)
	G1DOT(364, Y8, Y23)
	G1DOT(620, Y8, Y27)
	G1DOT(876, Y8, Y31)
	G6SCW(80, Y10)
	K6DEC(912, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(128, Y5, Y16)
	G1DOT(384, Y5, Y20)
	G1DOT(640, Y5, Y24)
	G1DOT(896, Y5, Y28)
	G1DOT(132, Y6, Y17)
	G1DOT(388, Y6, Y21)
	G1DOT(644, Y6, Y25)
	G1DOT(900, Y6, Y29)
	G1DOT(136, Y7, Y18)
	G1DOT(392, Y7, Y22)
	G1DOT(648, Y7, Y26)
	G1DOT(904, Y7, Y30)
	G1DOT(140, Y8, Y19)
	G1DOT(396, Y8, Y23)
	G1DOT(652, Y8, Y27)
	G1DOT(908, Y8, Y31)
	G6SCW(96, Y10)
	K6DEC(1104, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(160, Y5, Y16)
	G1DOT(416, Y5, Y20)
	G1DOT(672, Y5, Y24)
	G1DOT(928, Y5, Y28)
	G1DOT(164, Y6, Y17)
	G1DOT(420, Y6, Y21)
	G1DOT(676, Y6, Y25)
	G1DOT(932, Y6, Y29)
	G1DOT(168, Y7, Y18)
	G1DOT(424, Y7, Y22)
	G1DOT(680, Y7, Y26)
	G1DOT(936, Y7, Y30)
	G1DOT(172, Y8, Y19)
	G1DOT(428, Y8, Y23)
	G1DOT(684, Y8, Y27)
	G1DOT(940, Y8, Y31)
	G6SCW(112, Y10)
	K6DEC(1296, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(192, Y5, Y16)
	G1DOT(448, Y5, Y20)
	G1DOT(704, Y5, Y24)
	G1DOT(960, Y5, Y28)
	G1DOT(196, Y6, Y17)
	G1DOT(452, Y6, Y21)
	G1DOT(708, Y6, Y25)
	G1DOT(964, Y6, Y29)
	G1DOT(200, Y7, Y18)
	G1DOT(456, Y7, Y22)
	G1DOT(712, Y7, Y26)
	G1DOT(968, Y7, Y30)
	G1DOT(204, Y8, Y19)
	G1DOT(460, Y8, Y23)
	G1DOT(716, Y8, Y27)
	G1DOT(972, Y8, Y31)
	G6SCW(128, Y10)
	K6DEC(1488, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(224, Y5, Y16)
	G1DOT(480, Y5, Y20)
	G1DOT(736, Y5, Y24)
	G1DOT(992, Y5, Y28)
	G1DOT(228, Y6, Y17)
	G1DOT(484, Y6, Y21)
	G1DOT(740, Y6, Y25)
	G1DOT(996, Y6, Y29)
	G1DOT(232, Y7, Y18)
	G1DOT(488, Y7, Y22)
	G1DOT(744, Y7, Y26)
	G1DOT(1000, Y7, Y30)
	G1DOT(236, Y8, Y19)
	G1DOT(492, Y8, Y23)
	G1DOT(748, Y8, Y27)
	G1DOT(1004, Y8, Y31)
	VMULPS.BCST 0(DX), Y11, Y15
	G4ACC(128, Y16)
	G4ACC(160, Y17)
	G4ACC(192, Y18)
	G4ACC(224, Y19)
	VMULPS.BCST 4(DX), Y11, Y15
	G4ACC(384, Y20)
	G4ACC(416, Y21)
	G4ACC(448, Y22)
	G4ACC(480, Y23)
	VMULPS.BCST 8(DX), Y11, Y15
	G4ACC(640, Y24)
	G4ACC(672, Y25)
	G4ACC(704, Y26)
	G4ACC(736, Y27)
	VMULPS.BCST 12(DX), Y11, Y15
	G4ACC(896, Y28)
	G4ACC(928, Y29)
	G4ACC(960, Y30)
	G4ACC(992, Y31)
	G4PAIR(4)
	G4CORR(0, 4, Y16)
	G4CORR(1, 4, Y20)
	G4CORR(2, 4, Y24)
	G4CORR(3, 4, Y28)
	G4PAIR(5)
	G4CORR(0, 5, Y17)
	G4CORR(1, 5, Y21)
	G4CORR(2, 5, Y25)
	G4CORR(3, 5, Y29)
	G4PAIR(6)
	G4CORR(0, 6, Y18)
	G4CORR(1, 6, Y22)
	G4CORR(2, 6, Y26)
	G4CORR(3, 6, Y30)
	G4PAIR(7)
	G4CORR(0, 7, Y19)
	G4CORR(1, 7, Y23)
	G4CORR(2, 7, Y27)
	G4CORR(3, 7, Y31)
	G6SCW(24, Y10)
	K6DEC(240, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(16, Y5, Y16)
	G1DOT(272, Y5, Y20)
	G1DOT(528, Y5, Y24)
	G1DOT(784, Y5, Y28)
	G1DOT(20, Y6, Y17)
	G1DOT(276, Y6, Y21)
	G1DOT(532, Y6, Y25)
	G1DOT(788, Y6, Y29)
	G1DOT(24, Y7, Y18)
	G1DOT(280, Y7, Y22)
	G1DOT(536, Y7, Y26)
	G1DOT(792, Y7, Y30)
	G1DOT(28, Y8, Y19)
	G1DOT(284, Y8, Y23)
	G1DOT(540, Y8, Y27)
	G1DOT(796, Y8, Y31)
	G6SCW(40, Y10)
	K6DEC(432, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(48, Y5, Y16)
	G1DOT(304, Y5, Y20)
	G1DOT(560, Y5, Y24)
	G1DOT(816, Y5, Y28)
	G1DOT(52, Y6, Y17)
	G1DOT(308, Y6, Y21)
	G1DOT(564, Y6, Y25)
	G1DOT(820, Y6, Y29)
	G1DOT(56, Y7, Y18)
	G1DOT(312, Y7, Y22)
	G1DOT(568, Y7, Y26)
	G1DOT(824, Y7, Y30)
	G1DOT(60, Y8, Y19)
	G1DOT(316, Y8, Y23)
	G1DOT(572, Y8, Y27)
	G1DOT(828, Y8, Y31)
	G6SCW(56, Y10)
	K6DEC(624, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(80, Y5, Y16)
	G1DOT(336, Y5, Y20)
	G1DOT(592, Y5, Y24)
	G1DOT(848, Y5, Y28)
	G1DOT(84, Y6, Y17)
	G1DOT(340, Y6, Y21)
	G1DOT(596, Y6, Y25)
	G1DOT(852, Y6, Y29)
	G1DOT(88, Y7, Y18)
	G1DOT(344, Y7, Y22)
	G1DOT(600, Y7, Y26)
	G1DOT(856, Y7, Y30)
	G1DOT(92, Y8, Y19)
	G1DOT(348, Y8, Y23)
	G1DOT(604, Y8, Y27)
	G1DOT(860, Y8, Y31)
	G6SCW(72, Y10)
	K6DEC(816, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(112, Y5, Y16)
	G1DOT(368, Y5, Y20)
	G1DOT(624, Y5, Y24)
	G1DOT(880, Y5, Y28)
	G1DOT(116, Y6, Y17)
	G1DOT(372, Y6, Y21)
	G1DOT(628, Y6, Y25)
	G1DOT(884, Y6, Y29)
	G1DOT(120, Y7, Y18)
	G1DOT(376, Y7, Y22)
	G1DOT(632, Y7, Y26)
	G1DOT(888, Y7, Y30)
	G1DOT(124, Y8, Y19)
	G1DOT(380, Y8, Y23)
	G1DOT(636, Y8, Y27)
	G1DOT(892, Y8, Y31)
	G6SCW(88, Y10)
	K6DEC(1008, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(144, Y5, Y16)
	G1DOT(400, Y5, Y20)
	G1DOT(656, Y5, Y24)
	G1DOT(912, Y5, Y28)
	G1DOT(148, Y6, Y17)
	G1DOT(404, Y6, Y21)
	G1DOT(660, Y6, Y25)
	G1DOT(916, Y6, Y29)
	G1DOT(152, Y7, Y18)
	G1DOT(408, Y7, Y22)
	G1DOT(664, Y7, Y26)
	G1DOT(920, Y7, Y30)
	G1DOT(156, Y8, Y19)
	G1DOT(412, Y8, Y23)
	G1DOT(668, Y8, Y27)
	G1DOT(924, Y8, Y31)
	G6SCW(104, Y10)
	K6DEC(1200, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(176, Y5, Y16)
	G1DOT(432, Y5, Y20)
	G1DOT(688, Y5, Y24)
	G1DOT(944, Y5, Y28)
	G1DOT(180, Y6, Y17)
	G1DOT(436, Y6, Y21)
	G1DOT(692, Y6, Y25)
	G1DOT(948, Y6, Y29)
	G1DOT(184, Y7, Y18)
	G1DOT(440, Y7, Y22)
	G1DOT(696, Y7, Y26)
	G1DOT(952, Y7, Y30)
	G1DOT(188, Y8, Y19)
	G1DOT(444, Y8, Y23)
	G1DOT(700, Y8, Y27)
	G1DOT(956, Y8, Y31)
	G6SCW(120, Y10)
	K6DEC(1392, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(208, Y5, Y16)
	G1DOT(464, Y5, Y20)
	G1DOT(720, Y5, Y24)
	G1DOT(976, Y5, Y28)
	G1DOT(212, Y6, Y17)
	G1DOT(468, Y6, Y21)
	G1DOT(724, Y6, Y25)
	G1DOT(980, Y6, Y29)
	G1DOT(216, Y7, Y18)
	G1DOT(472, Y7, Y22)
	G1DOT(728, Y7, Y26)
	G1DOT(984, Y7, Y30)
	G1DOT(220, Y8, Y19)
	G1DOT(476, Y8, Y23)
	G1DOT(732, Y8, Y27)
	G1DOT(988, Y8, Y31)
	G6SCW(136, Y10)
	K6DEC(1584, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)
	G1DOT(240, Y5, Y16)
	G1DOT(496, Y5, Y20)
	G1DOT(752, Y5, Y24)
	G1DOT(1008, Y5, Y28)
	G1DOT(244, Y6, Y17)
	G1DOT(500, Y6, Y21)
	G1DOT(756, Y6, Y25)
	G1DOT(1012, Y6, Y29)
	G1DOT(248, Y7, Y18)
	G1DOT(504, Y7, Y22)
	G1DOT(760, Y7, Y26)
	G1DOT(1016, Y7, Y30)
	G1DOT(252, Y8, Y19)
	G1DOT(508, Y8, Y23)
	G1DOT(764, Y8, Y27)
	G1DOT(1020, Y8, Y31)
	VMULPS.BCST 0(DX), Y11, Y15
	G4ACC(256, Y16)
	G4ACC(288, Y17)
	G4ACC(320, Y18)
	G4ACC(352, Y19)
	VMULPS.BCST 4(DX), Y11, Y15
	G4ACC(512, Y20)
	G4ACC(544, Y21)
	G4ACC(576, Y22)
	G4ACC(608, Y23)
	VMULPS.BCST 8(DX), Y11, Y15
	G4ACC(768, Y24)
	G4ACC(800, Y25)
	G4ACC(832, Y26)
	G4ACC(864, Y27)
	VMULPS.BCST 12(DX), Y11, Y15
	G4ACC(1024, Y28)
	G4ACC(1056, Y29)
	G4ACC(1088, Y30)
	G4ACC(1120, Y31)
	K4NEXT(1680)
	JNZ blk
store:
	VMOVUPS 128(SP), Y1
	VADDPS 256(SP), Y1, Y1
	VMOVUPS 192(SP), Y2
	VADDPS 320(SP), Y2, Y2
	VMOVUPS 160(SP), Y3
	VADDPS 288(SP), Y3, Y3
	VMOVUPS 224(SP), Y5
	VADDPS 352(SP), Y5, Y5
	VADDPS Y2, Y1, Y1
	VADDPS Y5, Y3, Y3
	VADDPS Y3, Y1, Y8
	VMOVUPS 384(SP), Y1
	VADDPS 512(SP), Y1, Y1
	VMOVUPS 448(SP), Y2
	VADDPS 576(SP), Y2, Y2
	VMOVUPS 416(SP), Y3
	VADDPS 544(SP), Y3, Y3
	VMOVUPS 480(SP), Y5
	VADDPS 608(SP), Y5, Y5
	VADDPS Y2, Y1, Y1
	VADDPS Y5, Y3, Y3
	VADDPS Y3, Y1, Y9
	VMOVUPS 640(SP), Y1
	VADDPS 768(SP), Y1, Y1
	VMOVUPS 704(SP), Y2
	VADDPS 832(SP), Y2, Y2
	VMOVUPS 672(SP), Y3
	VADDPS 800(SP), Y3, Y3
	VMOVUPS 736(SP), Y5
	VADDPS 864(SP), Y5, Y5
	VADDPS Y2, Y1, Y1
	VADDPS Y5, Y3, Y3
	VADDPS Y3, Y1, Y10
	VMOVUPS 896(SP), Y1
	VADDPS 1024(SP), Y1, Y1
	VMOVUPS 960(SP), Y2
	VADDPS 1088(SP), Y2, Y2
	VMOVUPS 928(SP), Y3
	VADDPS 1056(SP), Y3, Y3
	VMOVUPS 992(SP), Y5
	VADDPS 1120(SP), Y5, Y5
	VADDPS Y2, Y1, Y1
	VADDPS Y5, Y3, Y3
	VADDPS Y3, Y1, Y11
	K4STORE
	JNZ grp
done:
	VZEROUPPER
	RET
