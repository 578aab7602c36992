//go:build amd64 && !purego && !noasm

#include "textflag.h"

// x8 kernels (AVX-512 F/BW/VL + VNNI, on 256-bit registers): see x8.go for
// the layout and the contract. Rows are the eight int32/float32 lanes; one
// VPDPBUSD multiplies four unsigned weight bytes of each of eight rows by
// four broadcast activation bytes.
//
// One-token kernels x8T(dst, w, ngroups, nb, qs, d, s): dst[8g+r].
// Four-token kernels x8Tx4(dst, stride, w, ngroups, nb, qs, d, s): the
// activations are a packed4 (token j of block b at qs[(4b+j)*32], d[4b+j],
// s[4b+j]); token j's outputs go to dst[j*stride+8g+r].
// Per block both do, per row lane and token, exactly:
//   acc = fma(float(isum), d*da, acc); acc = fma(aux, s, acc)
// so the two kernels agree bit for bit.

DATA x8_nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA x8_nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA x8_nib<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA x8_nib<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL x8_nib<>(SB), RODATA|NOPTR, $32

DATA x8_b10<>+0(SB)/8, $0x1010101010101010
DATA x8_b10<>+8(SB)/8, $0x1010101010101010
DATA x8_b10<>+16(SB)/8, $0x1010101010101010
DATA x8_b10<>+24(SB)/8, $0x1010101010101010
GLOBL x8_b10<>(SB), RODATA|NOPTR, $32

DATA x8_m8<>+0(SB)/4, $-8.0
GLOBL x8_m8<>(SB), RODATA|NOPTR, $4

DATA x8_m16<>+0(SB)/4, $-16.0
GLOBL x8_m16<>(SB), RODATA|NOPTR, $4

DATA x8_m128<>+0(SB)/4, $-128.0
GLOBL x8_m128<>(SB), RODATA|NOPTR, $4

// ---- one token ----
// Registers: DI dst, SI record, CX groups left, R8 nb, R9/R10/R11 qs/d/s
// bases, R13/DX/R12 qs/d/s of the current block, BX blocks left;
// Y0 accumulator, Y4/Y5 int sums, Y6 d then aux, Y7 d*da.

#define X1PROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ w_base+24(FP), SI \
	MOVQ ngroups+48(FP), CX \
	MOVQ nb+56(FP), R8 \
	MOVQ qs_base+64(FP), R9 \
	MOVQ d_base+88(FP), R10 \
	MOVQ s_base+112(FP), R11 \
	VMOVDQU x8_nib<>(SB), Y14 \
	VMOVDQU x8_b10<>(SB), Y13 \
	TESTQ CX, CX \
	JZ done

#define X1GROUP \
	VXORPS Y0, Y0, Y0 \
	MOVQ R9, R13 \
	MOVQ R10, DX \
	MOVQ R11, R12 \
	MOVQ R8, BX \
	TESTQ BX, BX

// X1SCALE(auxmul): Y6 = d, Y7 = d*da, Y6 = d*auxmul.
#define X1SCALE(auxmul) \
	VCVTPH2PS (SI), Y6 \
	VMULPS.BCST (DX), Y6, Y7 \
	VMULPS auxmul, Y6, Y6 \
	VPXOR Y4, Y4, Y4 \
	VPXOR Y5, Y5, Y5

// X1NIB(body, j): the two value groups 2j and 2j+1 of nibble vector j.
#define X1NIB(body, j) \
	VMOVDQU (body+32*j)(SI), Y1 \
	VPSRLW $4, Y1, Y2 \
	VPAND Y14, Y1, Y1 \
	VPAND Y14, Y2, Y2 \
	VPDPBUSD.BCST (8*j)(R13), Y1, Y4 \
	VPDPBUSD.BCST (8*j+4)(R13), Y2, Y5

// X1NIB5(j): as X1NIB with the fifth bits of Q5_0 added from H[2j], H[2j+1].
#define X1NIB5(j) \
	VMOVDQU (16+32*j)(SI), Y1 \
	VPSRLW $4, Y1, Y2 \
	VPAND Y14, Y1, Y1 \
	VPAND Y14, Y2, Y2 \
	KMOVD (144+8*j)(SI), K1 \
	KMOVD (148+8*j)(SI), K2 \
	VPADDB Y13, Y1, K1, Y1 \
	VPADDB Y13, Y2, K2, Y2 \
	VPDPBUSD.BCST (8*j)(R13), Y1, Y4 \
	VPDPBUSD.BCST (8*j+4)(R13), Y2, Y5

// X1BYTES(k): Q8_0 value groups k and k+1.
#define X1BYTES(k) \
	VMOVDQU (16+32*k)(SI), Y1 \
	VMOVDQU (48+32*k)(SI), Y2 \
	VPDPBUSD.BCST (4*k)(R13), Y1, Y4 \
	VPDPBUSD.BCST (4*k+4)(R13), Y2, Y5

#define X1FINISH(rec) \
	VPADDD Y5, Y4, Y4 \
	VCVTDQ2PS Y4, Y4 \
	VFMADD231PS Y7, Y4, Y0 \
	VFMADD231PS.BCST (R12), Y6, Y0 \
	ADDQ $rec, SI \
	ADDQ $32, R13 \
	ADDQ $4, DX \
	ADDQ $4, R12 \
	DECQ BX

#define X1STORE \
	VMOVUPS Y0, (DI) \
	ADDQ $32, DI \
	DECQ CX

// ---- four tokens ----
// Registers: DI dst, AX stride in bytes, SI record, CX groups left, R8 nb,
// R9/R10/R11 bases, R13/DX/R12 current qs/d/s (128/16/16 bytes per block),
// BX blocks left; Y16-Y23 the eight value groups of the block,
// Y24-Y27 the tokens' accumulators, Y6 d, Y7 aux.

#define X4PROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ stride+24(FP), AX \
	SHLQ $2, AX \
	MOVQ w_base+32(FP), SI \
	MOVQ ngroups+56(FP), CX \
	MOVQ nb+64(FP), R8 \
	MOVQ qs_base+72(FP), R9 \
	MOVQ d_base+96(FP), R10 \
	MOVQ s_base+120(FP), R11 \
	VMOVDQU x8_nib<>(SB), Y14 \
	VMOVDQU x8_b10<>(SB), Y13 \
	TESTQ CX, CX \
	JZ done

#define X4GROUP \
	VXORPS Y24, Y24, Y24 \
	VXORPS Y25, Y25, Y25 \
	VXORPS Y26, Y26, Y26 \
	VXORPS Y27, Y27, Y27 \
	MOVQ R9, R13 \
	MOVQ R10, DX \
	MOVQ R11, R12 \
	MOVQ R8, BX \
	TESTQ BX, BX

#define X4NIB(body, j, lo, hi) \
	VMOVDQU (body+32*j)(SI), Y1 \
	VPSRLW $4, Y1, Y2 \
	VPANDD Y14, Y1, lo \
	VPANDD Y14, Y2, hi

#define X4NIB5(j, lo, hi) \
	X4NIB(16, j, lo, hi) \
	KMOVD (144+8*j)(SI), K1 \
	KMOVD (148+8*j)(SI), K2 \
	VPADDB Y13, lo, K1, lo \
	VPADDB Y13, hi, K2, hi

// X4TOK(t, acc): token t against the eight value groups in Y16-Y23.
#define X4TOK(t, acc) \
	VPXOR Y4, Y4, Y4 \
	VPXOR Y5, Y5, Y5 \
	VPDPBUSD.BCST (32*t)(R13), Y16, Y4 \
	VPDPBUSD.BCST (32*t+4)(R13), Y17, Y5 \
	VPDPBUSD.BCST (32*t+8)(R13), Y18, Y4 \
	VPDPBUSD.BCST (32*t+12)(R13), Y19, Y5 \
	VPDPBUSD.BCST (32*t+16)(R13), Y20, Y4 \
	VPDPBUSD.BCST (32*t+20)(R13), Y21, Y5 \
	VPDPBUSD.BCST (32*t+24)(R13), Y22, Y4 \
	VPDPBUSD.BCST (32*t+28)(R13), Y23, Y5 \
	VPADDD Y5, Y4, Y4 \
	VCVTDQ2PS Y4, Y4 \
	VMULPS.BCST (4*t)(DX), Y6, Y8 \
	VFMADD231PS Y8, Y4, acc \
	VFMADD231PS.BCST (4*t)(R12), Y7, acc

#define X4TOKENS(rec) \
	X4TOK(0, Y24) \
	X4TOK(1, Y25) \
	X4TOK(2, Y26) \
	X4TOK(3, Y27) \
	ADDQ $rec, SI \
	ADDQ $128, R13 \
	ADDQ $16, DX \
	ADDQ $16, R12 \
	DECQ BX

#define X4STORE \
	LEAQ (AX)(AX*2), BX \
	VMOVUPS Y24, (DI) \
	VMOVUPS Y25, (DI)(AX*1) \
	VMOVUPS Y26, (DI)(AX*2) \
	VMOVUPS Y27, (DI)(BX*1) \
	ADDQ $32, DI \
	DECQ CX

// func x8Q4_0(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q4_0(SB), NOSPLIT, $0-136
	X1PROLOGUE
	VBROADCASTSS x8_m8<>(SB), Y12
q40g:
	X1GROUP
	JZ q40s
q40b:
	X1SCALE(Y12)
	X1NIB(16, 0)
	X1NIB(16, 1)
	X1NIB(16, 2)
	X1NIB(16, 3)
	X1FINISH(144)
	JNZ q40b
q40s:
	X1STORE
	JNZ q40g
done:
	VZEROUPPER
	RET

// func x8Q4_1(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q4_1(SB), NOSPLIT, $0-136
	X1PROLOGUE
q41g:
	X1GROUP
	JZ q41s
q41b:
	VCVTPH2PS (SI), Y6
	VMULPS.BCST (DX), Y6, Y7
	VCVTPH2PS 16(SI), Y6
	VPXOR Y4, Y4, Y4
	VPXOR Y5, Y5, Y5
	X1NIB(32, 0)
	X1NIB(32, 1)
	X1NIB(32, 2)
	X1NIB(32, 3)
	X1FINISH(160)
	JNZ q41b
q41s:
	X1STORE
	JNZ q41g
done:
	VZEROUPPER
	RET

// func x8Q5_0(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q5_0(SB), NOSPLIT, $0-136
	X1PROLOGUE
	VBROADCASTSS x8_m16<>(SB), Y12
q50g:
	X1GROUP
	JZ q50s
q50b:
	X1SCALE(Y12)
	X1NIB5(0)
	X1NIB5(1)
	X1NIB5(2)
	X1NIB5(3)
	X1FINISH(176)
	JNZ q50b
q50s:
	X1STORE
	JNZ q50g
done:
	VZEROUPPER
	RET

// func x8Q8_0(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q8_0(SB), NOSPLIT, $0-136
	X1PROLOGUE
	VBROADCASTSS x8_m128<>(SB), Y12
q80g:
	X1GROUP
	JZ q80s
q80b:
	X1SCALE(Y12)
	X1BYTES(0)
	X1BYTES(2)
	X1BYTES(4)
	X1BYTES(6)
	X1FINISH(272)
	JNZ q80b
q80s:
	X1STORE
	JNZ q80g
done:
	VZEROUPPER
	RET

// func x8Q4_0x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q4_0x4(SB), NOSPLIT, $0-144
	X4PROLOGUE
	VBROADCASTSS x8_m8<>(SB), Y12
q40g:
	X4GROUP
	JZ q40s
q40b:
	VCVTPH2PS (SI), Y6
	VMULPS Y12, Y6, Y7
	X4NIB(16, 0, Y16, Y17)
	X4NIB(16, 1, Y18, Y19)
	X4NIB(16, 2, Y20, Y21)
	X4NIB(16, 3, Y22, Y23)
	X4TOKENS(144)
	JNZ q40b
q40s:
	X4STORE
	JNZ q40g
done:
	VZEROUPPER
	RET

// func x8Q4_1x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q4_1x4(SB), NOSPLIT, $0-144
	X4PROLOGUE
q41g:
	X4GROUP
	JZ q41s
q41b:
	VCVTPH2PS (SI), Y6
	VCVTPH2PS 16(SI), Y7
	X4NIB(32, 0, Y16, Y17)
	X4NIB(32, 1, Y18, Y19)
	X4NIB(32, 2, Y20, Y21)
	X4NIB(32, 3, Y22, Y23)
	X4TOKENS(160)
	JNZ q41b
q41s:
	X4STORE
	JNZ q41g
done:
	VZEROUPPER
	RET

// func x8Q5_0x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q5_0x4(SB), NOSPLIT, $0-144
	X4PROLOGUE
	VBROADCASTSS x8_m16<>(SB), Y12
q50g:
	X4GROUP
	JZ q50s
q50b:
	VCVTPH2PS (SI), Y6
	VMULPS Y12, Y6, Y7
	X4NIB5(0, Y16, Y17)
	X4NIB5(1, Y18, Y19)
	X4NIB5(2, Y20, Y21)
	X4NIB5(3, Y22, Y23)
	X4TOKENS(176)
	JNZ q50b
q50s:
	X4STORE
	JNZ q50g
done:
	VZEROUPPER
	RET

// func x8Q8_0x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)
TEXT ·x8Q8_0x4(SB), NOSPLIT, $0-144
	X4PROLOGUE
	VBROADCASTSS x8_m128<>(SB), Y12
q80g:
	X4GROUP
	JZ q80s
q80b:
	VCVTPH2PS (SI), Y6
	VMULPS Y12, Y6, Y7
	VMOVDQU32 16(SI), Y16
	VMOVDQU32 48(SI), Y17
	VMOVDQU32 80(SI), Y18
	VMOVDQU32 112(SI), Y19
	VMOVDQU32 144(SI), Y20
	VMOVDQU32 176(SI), Y21
	VMOVDQU32 208(SI), Y22
	VMOVDQU32 240(SI), Y23
	X4TOKENS(272)
	JNZ q80b
q80s:
	X4STORE
	JNZ q80g
done:
	VZEROUPPER
	RET
