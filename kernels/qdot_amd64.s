//go:build amd64 && !purego && !noasm

#include "textflag.h"

// AVX2 (+FMA, F16C) quantized row dots. Each rowsXXX(dst, w, rowBytes, a)
// computes, for r < len(dst),
//
//	dst[r] = dot(w[r*rowBytes:], a)
//
// the same sum as the generic dotXXXGeneric, with per-lane float32
// accumulation (so rounding differs from the generic, within the tests'
// bounds). a is a *qAct: qs (int8) at 0, d (float32) at 24, s at 48, bsums at 72.

DATA nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nib<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nib<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL nib<>(SB), RODATA|NOPTR, $32

DATA eight<>+0(SB)/8, $0x0808080808080808
DATA eight<>+8(SB)/8, $0x0808080808080808
DATA eight<>+16(SB)/8, $0x0808080808080808
DATA eight<>+24(SB)/8, $0x0808080808080808
GLOBL eight<>(SB), RODATA|NOPTR, $32

DATA b30<>+0(SB)/8, $0x3030303030303030
DATA b30<>+8(SB)/8, $0x3030303030303030
DATA b30<>+16(SB)/8, $0x3030303030303030
DATA b30<>+24(SB)/8, $0x3030303030303030
GLOBL b30<>(SB), RODATA|NOPTR, $32

DATA b20<>+0(SB)/8, $0x2020202020202020
DATA b20<>+8(SB)/8, $0x2020202020202020
DATA b20<>+16(SB)/8, $0x2020202020202020
DATA b20<>+24(SB)/8, $0x2020202020202020
GLOBL b20<>(SB), RODATA|NOPTR, $32

DATA ones16<>+0(SB)/8, $0x0001000100010001
DATA ones16<>+8(SB)/8, $0x0001000100010001
DATA ones16<>+16(SB)/8, $0x0001000100010001
DATA ones16<>+24(SB)/8, $0x0001000100010001
GLOBL ones16<>(SB), RODATA|NOPTR, $32

// bytes_from_bits_32 constants (Q5_0): byte i of the shuffle picks byte i/8
// of the 32-bit mask; OR with a mask that has all bits but bit i%8 set.
DATA shufbits<>+0(SB)/8, $0x0000000000000000
DATA shufbits<>+8(SB)/8, $0x0101010101010101
DATA shufbits<>+16(SB)/8, $0x0202020202020202
DATA shufbits<>+24(SB)/8, $0x0303030303030303
GLOBL shufbits<>(SB), RODATA|NOPTR, $32

DATA bitmask<>+0(SB)/8, $0x7fbfdfeff7fbfdfe
DATA bitmask<>+8(SB)/8, $0x7fbfdfeff7fbfdfe
DATA bitmask<>+16(SB)/8, $0x7fbfdfeff7fbfdfe
DATA bitmask<>+24(SB)/8, $0x7fbfdfeff7fbfdfe
GLOBL bitmask<>(SB), RODATA|NOPTR, $32

DATA b10<>+0(SB)/8, $0x1010101010101010
DATA b10<>+8(SB)/8, $0x1010101010101010
DATA b10<>+16(SB)/8, $0x1010101010101010
DATA b10<>+24(SB)/8, $0x1010101010101010
GLOBL b10<>(SB), RODATA|NOPTR, $32

DATA m8<>+0(SB)/4, $-8.0
GLOBL m8<>(SB), RODATA|NOPTR, $4

DATA m16<>+0(SB)/4, $-16.0
GLOBL m16<>(SB), RODATA|NOPTR, $4

DATA hif0<>+0(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA hif0<>+8(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA hif0<>+16(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA hif0<>+24(SB)/8, $0xf0f0f0f0f0f0f0f0
GLOBL hif0<>(SB), RODATA|NOPTR, $32

// Register use in every rows kernel:
//   DI dst, CX rows left, SI weight row, R8 rowBytes, R9 a, R12 blocks per row,
//   BX weight block, R13 activation qs, DX activation d, R10 s or bsums,
//   R11 blocks left, AX scratch; Y0 float accumulator, X8 scalar/min accumulator.

#define PROLOGUE(shift) \
	MOVQ dst_base+0(FP), DI \
	MOVQ dst_len+8(FP), CX \
	MOVQ w_base+24(FP), SI \
	MOVQ rowBytes+48(FP), R8 \
	MOVQ a+56(FP), R9 \
	MOVQ 8(R9), R12 \
	SHRQ $shift, R12 \
	TESTQ CX, CX \
	JZ done

#define ROWSTART(sOff) \
	VXORPS Y0, Y0, Y0 \
	VXORPS X8, X8, X8 \
	MOVQ SI, BX \
	MOVQ 0(R9), R13 \
	MOVQ 24(R9), DX \
	MOVQ sOff(R9), R10 \
	MOVQ R12, R11 \
	TESTQ R11, R11

// ROWEND stores hsum(Y0) + X8 and moves to the next row.
#define ROWEND \
	VEXTRACTF128 $1, Y0, X1 \
	VADDPS X1, X0, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0 \
	VADDSS X8, X0, X0 \
	VMOVSS X0, (DI) \
	ADDQ $4, DI \
	ADDQ R8, SI \
	DECQ CX

// SCALE(off, reg): broadcast float16 at off(BX) times the activation d at (DX) into Yreg.
#define SCALE(off, xr, yr) \
	MOVWLZX off(BX), AX \
	VMOVD AX, xr \
	VCVTPH2PS xr, xr \
	VMULSS (DX), xr, xr \
	VBROADCASTSS xr, yr

// SIGNEDDOT: Y1 signed int8 weights, Y2 int8 activations → Y5 = int32 x8
// pair sums converted to float, using |w| * (a with w's sign).
#define SIGNEDDOT \
	VPSIGNB Y1, Y1, Y3 \
	VPSIGNB Y1, Y2, Y4 \
	VPMADDUBSW Y4, Y3, Y5 \
	VPMADDWD Y15, Y5, Y5 \
	VCVTDQ2PS Y5, Y5

#define K4SCALES \
	MOVL 4(BX), AX \
	MOVL 8(BX), CX \
	MOVL 12(BX), R11 \
	MOVL CX, R14 \
	SHRL $6, R14 \
	ANDL $0x03030303, R14 \
	SHLL $4, R14 \
	MOVL R14, 12(SP) \
	MOVL R11, R14 \
	SHRL $4, R14 \
	ANDL $0x0f0f0f0f, R14 \
	ORL R14, 12(SP) \
	ANDL $0x3f3f3f3f, CX \
	MOVL CX, 8(SP) \
	MOVL AX, R14 \
	SHRL $6, R14 \
	ANDL $0x03030303, R14 \
	SHLL $4, R14 \
	ANDL $0x0f0f0f0f, R11 \
	ORL R11, R14 \
	MOVL R14, 4(SP) \
	ANDL $0x3f3f3f3f, AX \
	MOVL AX, 0(SP)

// K4MINS accumulates dmin*da*sum(m[j]*(bsums[2j]+bsums[2j+1])) into X8.
#define K4MINS \
	VPMOVZXBW 8(SP), X9 \
	VMOVDQU (R10), Y10 \
	VEXTRACTI128 $1, Y10, X11 \
	VPHADDW X11, X10, X10 \
	VPMADDWD X10, X9, X9 \
	VCVTDQ2PS X9, X9 \
	SCALE(2, X12, Y12) \
	VFMADD231PS X12, X9, X8

// K5MINS: ggml's Q5_K minimum term: sum(m[j]*(bsums[2j]+bsums[2j+1])) as
// an integer, then X8 lane 0 = fma(-(dmin*da), that, X8) (VFNMADD, the
// same rounding).
#define K5MINS \
	VPMOVZXBW 8(SP), X9 \
	VMOVDQU (R10), Y10 \
	VEXTRACTI128 $1, Y10, X11 \
	VPHADDW X11, X10, X10 \
	VPMADDWD X10, X9, X9 \
	VPSHUFD $0x4e, X9, X10 \
	VPADDD X10, X9, X9 \
	VPSHUFD $0xb1, X9, X10 \
	VPADDD X10, X9, X9 \
	VCVTDQ2PS X9, X9 \
	SCALE(2, X12, Y12) \
	VFNMADD231SS X12, X9, X8

// K4MINSEQ: the four chunks' minimum terms m[2c]*bsum(2c) + m[2c+1]*bsum(2c+1)
// added to X8 lane 0 one after the other, each by a scalar FMA with
// dmin*da (X12).
#define K4MINSEQ \
	VPMOVZXBW 8(SP), X9 \
	VMOVDQU (R10), Y10 \
	VEXTRACTI128 $1, Y10, X11 \
	VPHADDW X11, X10, X10 \
	VPMADDWD X10, X9, X9 \
	VCVTDQ2PS X9, X9 \
	VFMADD231SS X12, X9, X8 \
	VMOVSHDUP X9, X10 \
	VFMADD231SS X12, X10, X8 \
	VMOVHLPS X9, X9, X10 \
	VFMADD231SS X12, X10, X8 \
	VPSHUFD $0xff, X9, X10 \
	VFMADD231SS X12, X10, X8

// K4CHUNKFMA(c): chunk c's integer dot (K4CHUNK into a zeroed Y4, lanes
// summed) added to X0 lane 0 by a scalar FMA with d*da (X13).
#define K4CHUNKFMA(c) \
	VPXOR Y4, Y4, Y4 \
	K4CHUNK(c) \
	VEXTRACTI128 $1, Y4, X5 \
	VPADDD X5, X4, X5 \
	VPSHUFD $0x4e, X5, X3 \
	VPADDD X3, X5, X5 \
	VPSHUFD $0xb1, X5, X3 \
	VPADDD X3, X5, X5 \
	VCVTDQ2PS X5, X5 \
	VFMADD231SS X13, X5, X0

// K4CHUNK(c, qoff, hbits): 64 values of chunk c; Y1/Y2 hold the 4-bit (or
// 5-bit) low and high values, multiplied and scaled into the int32 sums Y4.
#define K4CHUNK(c) \
	MOVBLZX (2*c)(SP), AX \
	VMOVD AX, X6 \
	VPBROADCASTW X6, Y6 \
	MOVBLZX (2*c+1)(SP), AX \
	VMOVD AX, X7 \
	VPBROADCASTW X7, Y7 \
	VPMADDUBSW (64*c)(R13), Y2, Y2 \
	VPMADDUBSW (64*c+32)(R13), Y1, Y1 \
	VPMADDWD Y6, Y2, Y2 \
	VPMADDWD Y7, Y1, Y1 \
	VPADDD Y2, Y4, Y4 \
	VPADDD Y1, Y4, Y4

#define Q4KLOAD(c) \
	VMOVDQU (16+32*c)(BX), Y1 \
	VPAND Y14, Y1, Y2 \
	VPSRLW $4, Y1, Y1 \
	VPAND Y14, Y1, Y1

// Q5_K: Y3 holds qh; bit 2c of each byte is the 5th bit of the low values of
// chunk c, bit 2c+1 of the high ones.
#define Q5KLOAD(c) \
	VMOVDQU (48+32*c)(BX), Y1 \
	VPAND Y14, Y1, Y2 \
	VPSRLW $4, Y1, Y1 \
	VPAND Y14, Y1, Y1 \
	VPSRLW $(2*c), Y3, Y5 \
	VPAND Y13, Y5, Y5 \
	VPSLLW $4, Y5, Y5 \
	VPOR Y5, Y2, Y2 \
	VPSRLW $(2*c+1), Y3, Y5 \
	VPAND Y13, Y5, Y5 \
	VPSLLW $4, Y5, Y5 \
	VPOR Y5, Y1, Y1

// MINUSMINS reduces the four lanes of the minimum sums X8 and negates them,
// so that ROWEND's add subtracts them.
#define MINUSMINS \
	VHADDPS X8, X8, X8 \
	VHADDPS X8, X8, X8 \
	VXORPS X9, X9, X9 \
	VSUBSS X8, X9, X8

// Q6_K: the 16 int8 scales are widened to int16 at 0..31(SP).
// Q6QUARTER(h, k, qreg): qreg holds 32 6-bit values (0..63) of quarter k of half h.
#define Q6QUARTER(h, k, qreg) \
	VPMADDUBSW (128*h+32*k)(R13), qreg, qreg \
	VPBROADCASTW (2*(8*h+2*k))(SP), X9 \
	VPBROADCASTW (2*(8*h+2*k+1))(SP), X10 \
	VINSERTI128 $1, X10, Y9, Y9 \
	VPMADDWD Y9, qreg, qreg \
	VPADDD qreg, Y4, Y4

#define Q6HALF(h) \
	VMOVDQU (64*h)(BX), Y1 \
	VMOVDQU (64*h+32)(BX), Y2 \
	VMOVDQU (128+32*h)(BX), Y3 \
	VPSLLW $4, Y3, Y6 \
	VPAND Y12, Y6, Y6 \
	VPAND Y14, Y1, Y5 \
	VPOR Y6, Y5, Y5 \
	Q6QUARTER(h, 0, Y5) \
	VPSLLW $2, Y3, Y6 \
	VPAND Y12, Y6, Y6 \
	VPAND Y14, Y2, Y5 \
	VPOR Y6, Y5, Y5 \
	Q6QUARTER(h, 1, Y5) \
	VPAND Y12, Y3, Y6 \
	VPSRLW $4, Y1, Y5 \
	VPAND Y14, Y5, Y5 \
	VPOR Y6, Y5, Y5 \
	Q6QUARTER(h, 2, Y5) \
	VPSRLW $2, Y3, Y6 \
	VPAND Y12, Y6, Y6 \
	VPSRLW $4, Y2, Y5 \
	VPAND Y14, Y5, Y5 \
	VPOR Y6, Y5, Y5 \
	Q6QUARTER(h, 3, Y5)

// func rowsQ8_0AVX2(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rowsQ8_0AVX2(SB), NOSPLIT, $0-64
	PROLOGUE(5)
	VMOVDQU ones16<>(SB), Y15
q80row:
	ROWSTART(48)
	JZ q80end
q80blk:
	SCALE(0, X6, Y6)
	VMOVDQU 2(BX), Y1
	VMOVDQU (R13), Y2
	SIGNEDDOT
	VFMADD231PS Y6, Y5, Y0
	ADDQ $34, BX
	ADDQ $32, R13
	ADDQ $4, DX
	DECQ R11
	JNZ q80blk
q80end:
	ROWEND
	JNZ q80row
done:
	VZEROUPPER
	RET

// func rowsQ4_0AVX2(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rowsQ4_0AVX2(SB), NOSPLIT, $0-64
	PROLOGUE(5)
	VMOVDQU ones16<>(SB), Y15
	VMOVDQU nib<>(SB), Y14
q40row:
	ROWSTART(48)
	JZ q40end
q40blk:
	// Unsigned nibbles; the -8 goes through the activation sum as in Q5_0.
	MOVWLZX (BX), AX
	VMOVD AX, X7
	VCVTPH2PS X7, X7
	VMULSS (DX), X7, X6
	VBROADCASTSS X6, Y6
	VMULSS m8<>(SB), X7, X7
	VFMADD231SS (R10), X7, X8
	VMOVDQU 2(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	VPMADDUBSW (R13), Y1, Y5
	VPMADDWD Y15, Y5, Y5
	VCVTDQ2PS Y5, Y5
	VFMADD231PS Y6, Y5, Y0
	ADDQ $18, BX
	ADDQ $32, R13
	ADDQ $4, DX
	ADDQ $4, R10
	DECQ R11
	JNZ q40blk
q40end:
	ROWEND
	JNZ q40row
done:
	VZEROUPPER
	RET

// func rowsQ4_1AVX2(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rowsQ4_1AVX2(SB), NOSPLIT, $0-64
	PROLOGUE(5)
	VMOVDQU ones16<>(SB), Y15
	VMOVDQU nib<>(SB), Y14
q41row:
	ROWSTART(48)
	JZ q41end
q41blk:
	SCALE(0, X6, Y6)
	MOVWLZX 2(BX), AX
	VMOVD AX, X7
	VCVTPH2PS X7, X7
	VFMADD231SS (R10), X7, X8
	VMOVDQU 4(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	VPMADDUBSW (R13), Y1, Y5
	VPMADDWD Y15, Y5, Y5
	VCVTDQ2PS Y5, Y5
	VFMADD231PS Y6, Y5, Y0
	ADDQ $20, BX
	ADDQ $32, R13
	ADDQ $4, DX
	ADDQ $4, R10
	DECQ R11
	JNZ q41blk
q41end:
	ROWEND
	JNZ q41row
done:
	VZEROUPPER
	RET

DATA bf0<>+0(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA bf0<>+8(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA bf0<>+16(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA bf0<>+24(SB)/8, $0xf0f0f0f0f0f0f0f0
GLOBL bf0<>(SB), RODATA|NOPTR, $32

// func rowsQ5_0AVX2(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rowsQ5_0AVX2(SB), NOSPLIT, $0-64
	PROLOGUE(5)
	VMOVDQU ones16<>(SB), Y15
	VMOVDQU nib<>(SB), Y14
	VMOVDQU shufbits<>(SB), Y13
	VMOVDQU bitmask<>(SB), Y12
	VMOVDQU bf0<>(SB), Y11
	VPCMPEQB Y10, Y10, Y10
q50row:
	ROWSTART(48)
	JZ q50end
q50blk:
	// Signed values: the nibble with 0xF0 or'ed in where the fifth bit is
	// clear (value - 16), multiplied by the activations with the sign trick,
	// as ggml_vec_dot_q5_0_q8_0 and tinyBLAS do.
	MOVWLZX (BX), AX
	VMOVD AX, X7
	VCVTPH2PS X7, X7
	VMULSS (DX), X7, X6
	VBROADCASTSS X6, Y6
	VMOVDQU 6(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	// Y7 = 0xF0 where bit i of qh is clear.
	VPBROADCASTD 2(BX), Y7
	VPSHUFB Y13, Y7, Y7
	VPOR Y12, Y7, Y7
	VPCMPEQB Y10, Y7, Y7
	VPANDN Y11, Y7, Y7
	VPOR Y7, Y1, Y1
	VMOVDQU (R13), Y2
	SIGNEDDOT
	VFMADD231PS Y6, Y5, Y0
	ADDQ $22, BX
	ADDQ $32, R13
	ADDQ $4, DX
	DECQ R11
	JNZ q50blk
q50end:
	ROWEND
	JNZ q50row
done:
	VZEROUPPER
	RET

// Q4_K: the 12 scale bytes are unpacked (ggml's utmp trick) into 0..7(SP)
// scales and 8..15(SP) minimums. Row and block counters live in 16(SP), 24(SP).

// func rowsQ4_KAVX2(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rowsQ4_KAVX2(SB), NOSPLIT, $32-64
	PROLOGUE(8)
	VMOVDQU nib<>(SB), Y14
q4krow:
	MOVQ CX, 16(SP)
	ROWSTART(72)
	JZ q4kend
q4kblk:
	// As ggml's repacked q4_K gemm: per 64-value chunk c one scalar FMA of
	// its integer dot into X0 by d*da, and of its minimum term into X8 by
	// dmin*da (K4MINSEQ); the other lanes of Y0 and X8 stay 0.
	MOVQ R11, 24(SP)
	K4SCALES
	SCALE(0, X13, Y13)
	SCALE(2, X12, Y12)
	K4MINSEQ
	Q4KLOAD(0)
	K4CHUNKFMA(0)
	Q4KLOAD(1)
	K4CHUNKFMA(1)
	Q4KLOAD(2)
	K4CHUNKFMA(2)
	Q4KLOAD(3)
	K4CHUNKFMA(3)
	ADDQ $144, BX
	ADDQ $256, R13
	ADDQ $4, DX
	ADDQ $32, R10
	MOVQ 24(SP), R11
	DECQ R11
	JNZ q4kblk
q4kend:
	MOVQ 16(SP), CX
	MINUSMINS
	ROWEND
	JNZ q4krow
done:
	VZEROUPPER
	RET

// func rowsQ5_KAVX2(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rowsQ5_KAVX2(SB), NOSPLIT, $32-64
	PROLOGUE(8)
	VMOVDQU nib<>(SB), Y14
	VPCMPEQB Y13, Y13, Y13
	VPABSB Y13, Y13 // 0x01 bytes
q5krow:
	MOVQ CX, 16(SP)
	ROWSTART(72)
	JZ q5kend
q5kblk:
	MOVQ R11, 24(SP)
	K4SCALES
	VPXOR Y4, Y4, Y4
	VMOVDQU 16(BX), Y3
	Q5KLOAD(0)
	K4CHUNK(0)
	Q5KLOAD(1)
	K4CHUNK(1)
	Q5KLOAD(2)
	K4CHUNK(2)
	Q5KLOAD(3)
	K4CHUNK(3)
	K5MINS
	SCALE(0, X6, Y6)
	VCVTDQ2PS Y4, Y4
	VFMADD231PS Y6, Y4, Y0
	ADDQ $176, BX
	ADDQ $256, R13
	ADDQ $4, DX
	ADDQ $32, R10
	MOVQ 24(SP), R11
	DECQ R11
	JNZ q5kblk
q5kend:
	MOVQ 16(SP), CX
	ROWEND
	JNZ q5krow
done:
	VZEROUPPER
	RET

// func rowsQ6_KAVX2(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rowsQ6_KAVX2(SB), NOSPLIT, $32-64
	PROLOGUE(8)
	VMOVDQU nib<>(SB), Y14
	VMOVDQU b20<>(SB), Y13
	VMOVDQU b30<>(SB), Y12
q6krow:
	ROWSTART(72)
	JZ q6kend
q6kblk:
	VPMOVSXBW 192(BX), Y9
	VMOVDQU Y9, 0(SP)
	VPXOR Y4, Y4, Y4
	Q6HALF(0)
	Q6HALF(1)
	// the -32 of every value, through the activation sums as ggml does:
	// lane m -= 32*(bsums[2m]*sc[2m] + bsums[2m+1]*sc[2m+1])
	VMOVDQU (R10), Y9
	VPMADDWD 0(SP), Y9, Y9
	VPSLLD $5, Y9, Y9
	VPSUBD Y9, Y4, Y4
	SCALE(208, X6, Y6)
	VCVTDQ2PS Y4, Y4
	VFMADD231PS Y6, Y4, Y0
	ADDQ $210, BX
	ADDQ $256, R13
	ADDQ $4, DX
	ADDQ $32, R10
	DECQ R11
	JNZ q6kblk
q6kend:
	ROWEND
	JNZ q6krow
done:
	VZEROUPPER
	RET

DATA f32mask<>+0(SB)/4, $0xffffffff
DATA f32mask<>+4(SB)/4, $0xffffffff
DATA f32mask<>+8(SB)/4, $0xffffffff
DATA f32mask<>+12(SB)/4, $0xffffffff
DATA f32mask<>+16(SB)/4, $0xffffffff
DATA f32mask<>+20(SB)/4, $0xffffffff
DATA f32mask<>+24(SB)/4, $0xffffffff
DATA f32mask<>+28(SB)/4, $0xffffffff
DATA f32mask<>+32(SB)/4, $0xffffffff
DATA f32mask<>+36(SB)/4, $0xffffffff
DATA f32mask<>+40(SB)/4, $0xffffffff
DATA f32mask<>+44(SB)/4, $0xffffffff
DATA f32mask<>+48(SB)/4, $0xffffffff
DATA f32mask<>+52(SB)/4, $0xffffffff
DATA f32mask<>+56(SB)/4, $0xffffffff
DATA f32mask<>+60(SB)/4, $0xffffffff
DATA f32mask<>+64(SB)/4, $0
DATA f32mask<>+68(SB)/4, $0
DATA f32mask<>+72(SB)/4, $0
DATA f32mask<>+76(SB)/4, $0
DATA f32mask<>+80(SB)/4, $0
DATA f32mask<>+84(SB)/4, $0
DATA f32mask<>+88(SB)/4, $0
DATA f32mask<>+92(SB)/4, $0
DATA f32mask<>+96(SB)/4, $0
DATA f32mask<>+100(SB)/4, $0
DATA f32mask<>+104(SB)/4, $0
DATA f32mask<>+108(SB)/4, $0
DATA f32mask<>+112(SB)/4, $0
DATA f32mask<>+116(SB)/4, $0
DATA f32mask<>+120(SB)/4, $0
DATA f32mask<>+124(SB)/4, $0
GLOBL f32mask<>(SB), RODATA|NOPTR, $128

// func dotF32AVX2(a, b []float32) float32
// Dot as llamafile's tinyBLAS computes it with AVX-512 (dotLanes16): lane
// l < 16 of Y0:Y1 accumulates a[i]*b[i] for i%16 == l with VFMADD in i
// order; a last partial group is loaded masked (zeros elsewhere); then the
// 16 lanes are reduced as _mm512_reduce_add_ps does.
TEXT ·dotF32AVX2(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
f32loop16:
	CMPQ CX, $16
	JLT f32tail
	VMOVUPS (SI), Y2
	VMOVUPS 32(SI), Y3
	VFMADD231PS (DI), Y2, Y0
	VFMADD231PS 32(DI), Y3, Y1
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP f32loop16
f32tail:
	TESTQ CX, CX
	JZ f32sum
	LEAQ f32mask<>(SB), AX
	MOVQ $16, DX
	SUBQ CX, DX
	VMOVDQU (AX)(DX*4), Y4
	VMOVDQU 32(AX)(DX*4), Y5
	VMASKMOVPS (SI), Y4, Y2
	VMASKMOVPS 32(SI), Y5, Y3
	VMASKMOVPS (DI), Y4, Y6
	VMASKMOVPS 32(DI), Y5, Y7
	VFMADD231PS Y6, Y2, Y0
	VFMADD231PS Y7, Y3, Y1
f32sum:
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VMOVHLPS X0, X0, X1
	VADDPS X1, X0, X0
	VMOVSHDUP X0, X1
	VADDSS X1, X0, X0
	VMOVSS X0, ret+48(FP)
	VZEROUPPER
	RET

// rowsQ4_KVecAVX2 is dotQ4_KVecGeneric per row (ggml's q4_K gemv, which
// llama.cpp runs on the tokens its repacked gemm leaves): per super-block
// the exact int32 sums of the four chunks' scaled dots (Y4) and of the
// minimum terms (X9), each added to lane 0 by one scalar FMA, with d*da
// into X0 and dmin*da into X8; ROWEND then stores X0 - X8.
TEXT ·rowsQ4_KVecAVX2(SB), NOSPLIT, $32-64
	PROLOGUE(8)
	VMOVDQU nib<>(SB), Y14
q4kvrow:
	MOVQ CX, 16(SP)
	ROWSTART(72)
	JZ q4kvend
q4kvblk:
	MOVQ R11, 24(SP)
	K4SCALES
	SCALE(0, X13, Y13)
	SCALE(2, X12, Y12)
	// minimums: m[j]*(bsums[2j]+bsums[2j+1]), summed over the 8 sub-blocks
	VPMOVZXBW 8(SP), X9
	VMOVDQU (R10), Y10
	VEXTRACTI128 $1, Y10, X11
	VPHADDW X11, X10, X10
	VPMADDWD X10, X9, X9
	VPSHUFD $0x4e, X9, X3
	VPADDD X3, X9, X9
	VPSHUFD $0xb1, X9, X3
	VPADDD X3, X9, X9
	VCVTDQ2PS X9, X9
	VFMADD231SS X12, X9, X8
	// the four chunks' scaled dots, summed
	VPXOR Y4, Y4, Y4
	Q4KLOAD(0)
	K4CHUNK(0)
	Q4KLOAD(1)
	K4CHUNK(1)
	Q4KLOAD(2)
	K4CHUNK(2)
	Q4KLOAD(3)
	K4CHUNK(3)
	VEXTRACTI128 $1, Y4, X5
	VPADDD X5, X4, X5
	VPSHUFD $0x4e, X5, X3
	VPADDD X3, X5, X5
	VPSHUFD $0xb1, X5, X3
	VPADDD X3, X5, X5
	VCVTDQ2PS X5, X5
	VFMADD231SS X13, X5, X0
	ADDQ $144, BX
	ADDQ $256, R13
	ADDQ $4, DX
	ADDQ $32, R10
	MOVQ 24(SP), R11
	DECQ R11
	JNZ q4kvblk
q4kvend:
	MOVQ 16(SP), CX
	MINUSMINS
	ROWEND
	JNZ q4kvrow
done:
	VZEROUPPER
	RET
