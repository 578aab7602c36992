# Generates kernels/x8k_amd64.s, the k-quant x8 kernels (layout: kernels/x8k.go):
#   python3 scripts/gen_x8k_asm.py kernels/x8k_amd64.s
# The macros are written out as they appear in the .s file; this script only
# unrolls the per-super-block bodies (sub-block and token loops).
H = r'''//go:build amd64 && !purego && !noasm

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
'''

out = [H]

def one_q45(name, t5, rec):
    L = []
    L.append(f"// func {name}(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append(f"TEXT ·{name}(SB), NOSPLIT, $16-136")
    L.append("\tK1PROLOGUE")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_one16<>(SB), Y13")
    L.append("\tVPBROADCASTD x8k_b10<>(SB), Y12")
    L.append("grp:\n\tK1GROUP\n\tJZ store\nblk:\n\tK1BSUM")
    for p in range(4):
        L.append("\tK1PAIRSTART")
        for k in range(8):
            L.append(f"\tK1NIB({p}, {k})")
            if t5:
                L.append(f"\tK1HIGH({p}, {k})")
            lo, hi = ("Y4", "Y5") if k % 2 == 0 else ("Y8", "Y9")
            L.append(f"\tK1DOT({p}, {k}, {lo}, {hi})")
        L.append(f"\tK1PAIREND({p})")
    L.append(f"\tK1FINISH({rec})\n\tJNZ blk\nstore:\n\tK1STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

def four_q45(name, t5, rec):
    L = []
    L.append(f"// func {name}(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append(f"TEXT ·{name}(SB), NOSPLIT, $64-144")
    L.append("\tK4PROLOGUE")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_one16<>(SB), Y13")
    L.append("\tVPBROADCASTD x8k_b10<>(SB), Y12")
    L.append("grp:\n\tK4GROUP\n\tJZ store\nblk:")
    for t in range(4):
        L.append(f"\tK4BSUM({t})")
    for t in range(4):
        L.append(f"\tVPXOR Y{t}, Y{t}, Y{t}")
    for p in range(4):
        for k in range(8):
            L.append(f"\tK4NIB({p}, {k}, Y{16+k}, Y{24+k})")
            if t5:
                L.append(f"\tK4HIGH({p}, {k}, Y{16+k}, Y{24+k})")
        L.append(f"\tK4SCALES({p})")
        for t in range(4):
            L.append(f"\tK4TOK({t}, {p}, Y{t})")
    L.append("\tK4MINS")
    for t in range(4):
        L.append(f"\tK4FIN({t}, Y{t}, Y{8+t})")
    L.append(f"\tK4NEXT({rec})\n\tJNZ blk\nstore:\n\tK4STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

def one_q6():
    L = []
    L.append("// func x8kQ6_K(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ6_K(SB), NOSPLIT, $64-136")
    L.append("\tK1PROLOGUE")
    L.append("\tVPBROADCASTD x8k_b3f<>(SB), Y12")
    L.append("\tVPBROADCASTD x8k_b03<>(SB), Y13")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_m32<>(SB), Y15")
    L.append("grp:\n\tK1GROUP\n\tJZ store\nblk:\n\tK6BSUM")
    for s in range(16):
        L.append(f"\tK6SUB({s})")
    L.append("\tK6FINISH\n\tJNZ blk\nstore:\n\tK1STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

def four_q6():
    L = []
    L.append("// func x8kQ6_Kx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ6_Kx4(SB), NOSPLIT, $256-144")
    L.append("\tK4PROLOGUE")
    L.append("\tVPBROADCASTD x8k_b3f<>(SB), Y12")
    L.append("\tVPBROADCASTD x8k_b03<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y15")
    L.append("grp:\n\tK4GROUP\n\tJZ store\nblk:")
    for t in range(4):
        L.append(f"\tK6BSUM4({t})")
    for t in range(4):
        L.append(f"\tVPXOR Y{t}, Y{t}, Y{t}")
    for q in range(4):
        for i in range(4):
            s = 4 * q + i
            r = 16 + 4 * i
            L.append(f"\tK6DEC({144+96*s}, Y{r}, Y{r+1}, Y{r+2}, Y{r+3}, Y13, Y14, Y15, Y12)")
        for i in range(4):
            s = 4 * q + i
            L.append(f"\tVPMOVSXBD {16+8*s}(SI), Y{4+i}")
        for t in range(4):
            for i in range(4):
                s = 4 * q + i
                r = 16 + 4 * i
                L.append(f"\tK6TS({t}, {s}, Y{r}, Y{r+1}, Y{r+2}, Y{r+3}, Y{4+i}, Y{t})")
    L.append("\tVCVTPH2PS (SI), Y4")
    for t in range(4):
        L.append(f"\tK6FIN4({t}, Y{t}, Y{8+t})")
    L.append("\tADDQ $1680, SI\n\tADDQ $1024, R13\n\tADDQ $16, DX\n\tADDQ $128, R12\n\tDECQ BX")
    L.append("\tJNZ blk\nstore:\n\tK4STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)


def one_q6_exact():
    L = []
    L.append("// func x8kQ6_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ6_KExact(SB), NOSPLIT, $32-136")
    L.append("\tK1PROLOGUE")
    L.append("\tVPBROADCASTD x8k_b3f<>(SB), Y12")
    L.append("\tVPBROADCASTD x8k_b03<>(SB), Y13")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVMOVDQU x8k_wpair<>(SB), Y4")
    L.append("grp:\n\tVMOVDQU x8k_wdup<>(SB), Y0\n\tG1GROUP\n\tJZ store\nblk:\n\tG1BSUM")
    for m in range(8):
        L.append(f"\tG1CORR({m}, Y{16+m})")
    for s in range(16):
        L.append(f"\tG6SCW({16+8*s}, Y10)")
        L.append(f"\tK6DEC({144+96*s}, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)")
        h = s % 2
        for x in range(4):
            L.append(f"\tG1DOT({16*s+4*x}, Y{5+x}, Y{16+4*h+x})")
    L.append("\tVCVTPH2PS (SI), Y7\n\tVMULPS.BCST (DX), Y7, Y7")
    for k in range(8):
        L.append(f"\tFACC(Y{16+k}, Y{24+k})")
    L.append("\tADDQ $1680, SI\n\tADDQ $256, R13\n\tADDQ $4, DX\n\tADDQ $32, R12\n\tDECQ BX")
    L.append("\tJNZ blk\nstore:\n\tG1FINAL\n\tK1STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

def four_q6_exact():
    L = []
    L.append("// func x8kQ6_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ6_KExactx4(SB), $1152-144")
    L.append("\tK4PROLOGUE")
    L.append("\tVPBROADCASTD x8k_b3f<>(SB), Y12")
    L.append("\tVPBROADCASTD x8k_b03<>(SB), Y13")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVMOVDQU x8k_wdup<>(SB), Y0")
    L.append("\tVMOVDQU x8k_wpair<>(SB), Y4")
    L.append("grp:\n\tVXORPS Y1, Y1, Y1")
    for t in range(4):
        for k in range(8):
            L.append(f"\tVMOVUPS Y1, {128+32*(8*t+k)}(SP)")
    L.append("\tK4GROUP\n\tJZ store\nblk:")
    for t in range(4):
        L.append(f"\tG4BSUM({t})")
    L.append("\tVCVTPH2PS (SI), Y11")
    for h in range(2):
        # lanes m = 4h+x: token t's T in Y{16+4t+x}, starting at the
        # correction of sub-block pair m
        for x in range(4):
            m = 4*h + x
            L.append(f"\tG4PAIR({m})")
            for t in range(4):
                L.append(f"\tG4CORR({t}, {m}, Y{16+4*t+x})")
        for i in range(8):
            s = 2*i + h
            L.append(f"\tG6SCW({16+8*s}, Y10)")
            L.append(f"\tK6DEC({144+96*s}, Y5, Y6, Y7, Y8, Y9, Y13, Y14, Y12)")
            for x in range(4):
                for t in range(4):
                    L.append(f"\tG1DOT({256*t+16*s+4*x}, Y{5+x}, Y{16+4*t+x})")
        for t in range(4):
            L.append(f"\tVMULPS.BCST {4*t}(DX), Y11, Y15")
            for x in range(4):
                off = 128+32*(8*t+4*h+x)
                L.append(f"\tG4ACC({off}, Y{16+4*t+x})")
    L.append("\tK4NEXT(1680)\n\tJNZ blk\nstore:")
    for t in range(4):
        a = lambda k: 128+32*(8*t+k)
        L.append(f"\tVMOVUPS {a(0)}(SP), Y1\n\tVADDPS {a(4)}(SP), Y1, Y1")
        L.append(f"\tVMOVUPS {a(2)}(SP), Y2\n\tVADDPS {a(6)}(SP), Y2, Y2")
        L.append(f"\tVMOVUPS {a(1)}(SP), Y3\n\tVADDPS {a(5)}(SP), Y3, Y3")
        L.append(f"\tVMOVUPS {a(3)}(SP), Y5\n\tVADDPS {a(7)}(SP), Y5, Y5")
        L.append(f"\tVADDPS Y2, Y1, Y1\n\tVADDPS Y5, Y3, Y3\n\tVADDPS Y3, Y1, Y{8+t}")
    L.append("\tK4STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

def one_q4_exact():
    L = []
    L.append("// func x8kQ4_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ4_KExact(SB), NOSPLIT, $16-136")
    L.append("\tK1PROLOGUE")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_one16<>(SB), Y13")
    L.append("grp:\n\tE1GROUP\n\tJZ store\nblk:\n\tE1BSUM")
    for p in range(4):
        L.append("\tK1PAIRSTART")
        for k in range(8):
            L.append(f"\tK1NIB({p}, {k})")
            lo, hi = ("Y4", "Y5") if k % 2 == 0 else ("Y8", "Y9")
            L.append(f"\tK1DOT({p}, {k}, {lo}, {hi})")
        L.append(f"\tE1CHUNK({p})")
    L.append("\tE1SM")
    for c in range(4):
        L.append(f"\tE1MIN({c})")
    L.append("\tE1NEXT\n\tJNZ blk\nstore:\n\tE1FINAL\n\tK1STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

def four_q4_exact():
    L = []
    L.append("// func x8kQ4_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ4_KExactx4(SB), NOSPLIT, $192-144")
    L.append("\tK4PROLOGUE")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_one16<>(SB), Y13")
    L.append("grp:\n\tE4GROUP\n\tJZ store\nblk:")
    for t in range(4):
        L.append(f"\tK4BSUM({t})")
    L.append("\tE4SD")
    for p in range(4):
        for k in range(8):
            L.append(f"\tK4NIB({p}, {k}, Y{16+k}, Y{24+k})")
        L.append(f"\tK4SCALES({p})")
        for t in range(4):
            L.append(f"\tE4TOK({t}, {p}, Y{8+t})")
    L.append("\tE4MINS")
    for t in range(4):
        L.append(f"\tVMULPS.BCST {4*t}(DX), Y7, Y5")
        for c in range(4):
            L.append(f"\tE4MIN({t}, {c}, Y{16+c}, Y{t})")
    L.append("\tK4NEXT(1184)\n\tJNZ blk\nstore:\n\tVXORPS Y12, Y12, Y12")
    for t in range(4):
        L.append(f"\tE4FINAL(Y{8+t}, Y{t})")
    L.append("\tK4STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

def one_q5_exact():
    L = []
    L.append("// func x8kQ5_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ5_KExact(SB), NOSPLIT, $16-136")
    L.append("\tK1PROLOGUE")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_one16<>(SB), Y13")
    L.append("\tVPBROADCASTD x8k_b10<>(SB), Y12")
    L.append("grp:\n\tF1GROUP\n\tJZ store\nblk:\n\tK1BSUM\n\tF1ZERO")
    for p in range(4):
        L.append(f"\tFSCW({32+16*p}, Y8, Y10)")
        L.append(f"\tFSCW({40+16*p}, Y9, Y10)")
        for k in range(8):
            L.append(f"\tK1NIB({p}, {k})")
            L.append(f"\tK1HIGH({p}, {k})")
            L.append(f"\tF1DOT({p}, {k}, Y{16+k})")
    L.append("\tF1MINS")
    for k in range(8):
        L.append(f"\tFACC(Y{16+k}, Y{24+k})")
    L.append("\tE1NEXT_Q5\n\tJNZ blk\nstore:\n\tF1FINAL\n\tK1STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L).replace("\tE1NEXT_Q5", "\tADDQ $1440, SI\n\tADDQ $256, R13\n\tADDQ $4, DX\n\tADDQ $32, R12\n\tDECQ BX")

def four_q5_exact():
    L = []
    L.append("// func x8kQ5_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)")
    L.append("TEXT ·x8kQ5_KExactx4(SB), $1088-144")
    L.append("\tK4PROLOGUE")
    L.append("\tVPBROADCASTD x8k_nib<>(SB), Y14")
    L.append("\tVPBROADCASTD x8k_one16<>(SB), Y13")
    L.append("\tVPBROADCASTD x8k_b10<>(SB), Y12")
    L.append("grp:\n\tVXORPS Y0, Y0, Y0")
    for t in range(4):
        for k in range(8):
            L.append(f"\tVMOVUPS Y0, {64+32*(8*t+k)}(SP)")
    L.append("\tK4GROUP\n\tJZ store\nblk:")
    for t in range(4):
        L.append(f"\tK4BSUM({t})")
    for j in range(8):
        L.append(f"\tFSCW({32+8*j}, Y{16+j}, Y0)")
    L.append("\tVCVTPH2PS (SI), Y0")
    for t in range(4):
        L.append(f"\tVMULPS.BCST {4*t}(DX), Y0, Y{24+t}")
    for k in range(8):
        for t in range(4):
            L.append(f"\tVPXORD Y{28+t}, Y{28+t}, Y{28+t}")
        for p in range(4):
            L.append(f"\tK4NIB({p}, {k}, Y1, Y2)")
            L.append(f"\tK4HIGH({p}, {k}, Y1, Y2)")
            for t in range(4):
                L.append(f"\tF4DOT({t}, {p}, {k}, Y{16+2*p}, Y{17+2*p}, Y{28+t})")
        for t in range(4):
            off = 64+32*(8*t+k)
            L.append(f"\tVCVTDQ2PS Y{28+t}, Y{28+t}")
            L.append(f"\tVMOVUPS {off}(SP), Y0")
            L.append(f"\tVFMADD231PS Y{24+t}, Y{28+t}, Y0")
            L.append(f"\tVMOVUPS Y0, {off}(SP)")
    L.append("\tVPMOVZXBW 96(SI), Y1\n\tVPMOVZXBW 112(SI), Y2\n\tVPMOVZXBW 128(SI), Y3\n\tVPMOVZXBW 144(SI), Y4\n\tVCVTPH2PS 16(SI), Y6")
    for t in range(4):
        L.append(f"\tF4MIN({t}, Y{8+t})")
    L.append("\tK4NEXT(1440)\n\tJNZ blk\nstore:")
    for t in range(4):
        a = lambda k: 64+32*(8*t+k)
        L.append(f"\tVMOVUPS {a(0)}(SP), Y0\n\tVADDPS {a(4)}(SP), Y0, Y0")
        L.append(f"\tVMOVUPS {a(2)}(SP), Y1\n\tVADDPS {a(6)}(SP), Y1, Y1")
        L.append(f"\tVMOVUPS {a(1)}(SP), Y2\n\tVADDPS {a(5)}(SP), Y2, Y2")
        L.append(f"\tVMOVUPS {a(3)}(SP), Y3\n\tVADDPS {a(7)}(SP), Y3, Y3")
        L.append(f"\tVADDPS Y1, Y0, Y0\n\tVADDPS Y3, Y2, Y2\n\tVADDPS Y2, Y0, Y0\n\tVADDPS Y0, Y{8+t}, Y{8+t}")
    L.append("\tK4STORE\n\tJNZ grp\ndone:\n\tVZEROUPPER\n\tRET\n")
    return "\n".join(L)

out.append(one_q45("x8kQ4_K", False, 1184))
out.append(one_q45("x8kQ5_K", True, 1440))
out.append(one_q6())
out.append(four_q45("x8kQ4_Kx4", False, 1184))
out.append(four_q45("x8kQ5_Kx4", True, 1440))
out.append(four_q6())
out.append(one_q4_exact())
out.append(four_q4_exact())
out.append(one_q5_exact())
out.append(four_q5_exact())
out.append(one_q6_exact())
out.append(four_q6_exact())
import sys
open(sys.argv[1], "w").write("\n".join(out))
