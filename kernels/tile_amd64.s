//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Register-blocked tiles: one weight row against four tokens at a time, so
// each weight block is loaded and unpacked once per four tokens. The four
// tokens' activations are packed block-interleaved: for block i and token j,
// qs at qs[(4i+j)*32:], d at d[4i+j], s at s[4i+j]. Each tile4XXX is, for
// r < nrows and j < 4:
//
//	dst[j*stride + r] = dotXXX(w[r*rowBytes:], token j)
//
// and computes every output with exactly the operations of rowsXXXAVX2, so
// results are bit-identical to it whatever the batch.
//
// Registers: DI dst, CX rows left, SI weight row, R8 rowBytes, R12 blocks,
// R14 stride bytes, R10 3*stride bytes, BX weight block, R13 qs, DX d, R9 s,
// R11 blocks left, AX scratch. Y9-Y12 accumulators, X8 the four tokens'
// offset sums (lane j), Y15 ones16, Y14 nibble mask, Y13 per type.

DATA t_nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t_nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t_nib<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t_nib<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL t_nib<>(SB), RODATA|NOPTR, $32

DATA t_eight<>+0(SB)/8, $0x0808080808080808
DATA t_eight<>+8(SB)/8, $0x0808080808080808
DATA t_eight<>+16(SB)/8, $0x0808080808080808
DATA t_eight<>+24(SB)/8, $0x0808080808080808
GLOBL t_eight<>(SB), RODATA|NOPTR, $32

DATA t_ones16<>+0(SB)/8, $0x0001000100010001
DATA t_ones16<>+8(SB)/8, $0x0001000100010001
DATA t_ones16<>+16(SB)/8, $0x0001000100010001
DATA t_ones16<>+24(SB)/8, $0x0001000100010001
GLOBL t_ones16<>(SB), RODATA|NOPTR, $32

DATA t_shufbits<>+0(SB)/8, $0x0000000000000000
DATA t_shufbits<>+8(SB)/8, $0x0101010101010101
DATA t_shufbits<>+16(SB)/8, $0x0202020202020202
DATA t_shufbits<>+24(SB)/8, $0x0303030303030303
GLOBL t_shufbits<>(SB), RODATA|NOPTR, $32

DATA t_bitmask<>+0(SB)/8, $0x7fbfdfeff7fbfdfe
DATA t_bitmask<>+8(SB)/8, $0x7fbfdfeff7fbfdfe
DATA t_bitmask<>+16(SB)/8, $0x7fbfdfeff7fbfdfe
DATA t_bitmask<>+24(SB)/8, $0x7fbfdfeff7fbfdfe
GLOBL t_bitmask<>(SB), RODATA|NOPTR, $32

DATA t_b10<>+0(SB)/8, $0x1010101010101010
DATA t_b10<>+8(SB)/8, $0x1010101010101010
DATA t_b10<>+16(SB)/8, $0x1010101010101010
DATA t_b10<>+24(SB)/8, $0x1010101010101010
GLOBL t_b10<>(SB), RODATA|NOPTR, $32

DATA t_m8<>+0(SB)/4, $-8.0
GLOBL t_m8<>(SB), RODATA|NOPTR, $4

DATA t_m16<>+0(SB)/4, $-16.0
GLOBL t_m16<>(SB), RODATA|NOPTR, $4

DATA t_hif0<>+0(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA t_hif0<>+8(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA t_hif0<>+16(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA t_hif0<>+24(SB)/8, $0xf0f0f0f0f0f0f0f0
GLOBL t_hif0<>(SB), RODATA|NOPTR, $32

DATA t_allones<>+0(SB)/8, $0xffffffffffffffff
DATA t_allones<>+8(SB)/8, $0xffffffffffffffff
DATA t_allones<>+16(SB)/8, $0xffffffffffffffff
DATA t_allones<>+24(SB)/8, $0xffffffffffffffff
GLOBL t_allones<>(SB), RODATA|NOPTR, $32

#define TPROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ stride+24(FP), R14 \
	SHLQ $2, R14 \
	LEAQ (R14)(R14*2), R10 \
	MOVQ nrows+32(FP), CX \
	MOVQ w_base+40(FP), SI \
	MOVQ rowBytes+64(FP), R8 \
	MOVQ qs_len+80(FP), R12 \
	SHRQ $7, R12 \
	VMOVDQU t_ones16<>(SB), Y15 \
	VMOVDQU t_nib<>(SB), Y14 \
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

// TSIGNED(j, acc): Y1 signed weights, Y3 = |Y1|; token j's dot into acc.
#define TSIGNED(j, acc) \
	VMOVDQU (32*j)(R13), Y2 \
	VPSIGNB Y1, Y2, Y4 \
	VPMADDUBSW Y4, Y3, Y5 \
	VPMADDWD Y15, Y5, Y5 \
	VCVTDQ2PS Y5, Y5 \
	VMULSS (4*j)(DX), X6, X7 \
	VBROADCASTSS X7, Y7 \
	VFMADD231PS Y7, Y5, acc

// TUNSIGNED(j, acc): Y1 unsigned weights (0..15).
#define TUNSIGNED(j, acc) \
	VPMADDUBSW (32*j)(R13), Y1, Y5 \
	VPMADDWD Y15, Y5, Y5 \
	VCVTDQ2PS Y5, Y5 \
	VMULSS (4*j)(DX), X6, X7 \
	VBROADCASTSS X7, Y7 \
	VFMADD231PS Y7, Y5, acc

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

// func tile4Q8_0AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q8_0AVX2(SB), NOSPLIT, $0-144
	TPROLOGUE
t80row:
	TROWSTART
	JZ t80end
t80blk:
	TDW(0)
	VMOVDQU 2(BX), Y1
	VPSIGNB Y1, Y1, Y3
	TSIGNED(0, Y9)
	TSIGNED(1, Y10)
	TSIGNED(2, Y11)
	TSIGNED(3, Y12)
	TNEXT(34)
	JNZ t80blk
t80end:
	TROWEND
	JNZ t80row
done:
	VZEROUPPER
	RET

// func tile4Q4_0AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q4_0AVX2(SB), NOSPLIT, $0-144
	TPROLOGUE
t40row:
	TROWSTART
	JZ t40end
t40blk:
	// Unsigned nibbles; the -8 goes through the activation sums.
	TDW(0)
	VMULSS t_m8<>(SB), X6, X7
	VBROADCASTSS X7, X7
	VFMADD231PS (R9), X7, X8
	VMOVDQU 2(BX), X1
	VPSRLW $4, X1, X2
	VINSERTI128 $1, X2, Y1, Y1
	VPAND Y14, Y1, Y1
	TUNSIGNED(0, Y9)
	TUNSIGNED(1, Y10)
	TUNSIGNED(2, Y11)
	TUNSIGNED(3, Y12)
	TNEXT(18)
	JNZ t40blk
t40end:
	TROWEND
	JNZ t40row
done:
	VZEROUPPER
	RET

// func tile4Q4_1AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q4_1AVX2(SB), NOSPLIT, $0-144
	TPROLOGUE
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
	TUNSIGNED(0, Y9)
	TUNSIGNED(1, Y10)
	TUNSIGNED(2, Y11)
	TUNSIGNED(3, Y12)
	TNEXT(20)
	JNZ t41blk
t41end:
	TROWEND
	JNZ t41row
done:
	VZEROUPPER
	RET

// func tile4Q5_0AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)
TEXT ·tile4Q5_0AVX2(SB), NOSPLIT, $0-144
	TPROLOGUE
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
	VPSHUFB t_shufbits<>(SB), Y7, Y7
	VPOR t_bitmask<>(SB), Y7, Y7
	VPCMPEQB t_allones<>(SB), Y7, Y7
	VPANDN t_hif0<>(SB), Y7, Y7
	VPOR Y7, Y1, Y1
	VPSIGNB Y1, Y1, Y3
	TSIGNED(0, Y9)
	TSIGNED(1, Y10)
	TSIGNED(2, Y11)
	TSIGNED(3, Y12)
	TNEXT(22)
	JNZ t50blk
t50end:
	TROWEND
	JNZ t50row
done:
	VZEROUPPER
	RET
