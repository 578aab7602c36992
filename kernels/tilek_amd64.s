//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Four-token tiles for the k-quants (see tile_amd64.s for the contract).
// The four tokens' Q8_K activations are packed per super-block: for
// super-block i and token j, qs[(4i+j)*256:], d[4i+j], bsums[(4i+j)*16:].
// Every output goes through the operations of rowsXXXAVX2, so results are
// bit-identical to it.
//
// Registers: DI dst, CX rows left (saved at 80(SP)), SI weight row, R8
// rowBytes, R12 super-blocks, R14 stride bytes (reloaded at row end; a
// scratch register in between), R10 3*stride bytes, BX
// weight block, R13 qs, DX d, R9 bsums, R11 blocks left (saved at 88(SP)),
// AX scratch. Y8-Y11 float accumulators, Y12-Y15 per-super-block int32
// sums. Q4_K: 0..15(SP) unpacked scales and minimums, 16..79(SP) the four
// tokens' minimum accumulators (4 lanes each).

DATA tk_nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA tk_nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA tk_nib<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA tk_nib<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL tk_nib<>(SB), RODATA|NOPTR, $32

DATA tk_b20<>+0(SB)/8, $0x2020202020202020
DATA tk_b20<>+8(SB)/8, $0x2020202020202020
DATA tk_b20<>+16(SB)/8, $0x2020202020202020
DATA tk_b20<>+24(SB)/8, $0x2020202020202020
GLOBL tk_b20<>(SB), RODATA|NOPTR, $32

DATA tk_b30<>+0(SB)/8, $0x3030303030303030
DATA tk_b30<>+8(SB)/8, $0x3030303030303030
DATA tk_b30<>+16(SB)/8, $0x3030303030303030
DATA tk_b30<>+24(SB)/8, $0x3030303030303030
GLOBL tk_b30<>(SB), RODATA|NOPTR, $32

#define TKPROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ stride+24(FP), R14 \
	SHLQ $2, R14 \
	LEAQ (R14)(R14*2), R10 \
	MOVQ nrows+32(FP), CX \
	MOVQ w_base+40(FP), SI \
	MOVQ rowBytes+64(FP), R8 \
	MOVQ qs_len+80(FP), R12 \
	SHRQ $10, R12 \
	TESTQ CX, CX \
	JZ done

#define TKROWSTART \
	MOVQ CX, 80(SP) \
	VXORPS Y8, Y8, Y8 \
	VXORPS Y9, Y9, Y9 \
	VXORPS Y10, Y10, Y10 \
	VXORPS Y11, Y11, Y11 \
	VXORPS X0, X0, X0 \
	VMOVUPS X0, 16(SP) \
	VMOVUPS X0, 32(SP) \
	VMOVUPS X0, 48(SP) \
	VMOVUPS X0, 64(SP) \
	MOVQ SI, BX \
	MOVQ qs_base+72(FP), R13 \
	MOVQ d_base+96(FP), DX \
	MOVQ bsums_base+120(FP), R9 \
	MOVQ R12, R11 \
	TESTQ R11, R11

// The same unpacking as K4SCALES in qdot_amd64.s.
#define TK4SCALES \
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

// TK4CHUNK(c, j, sum): token j's part of chunk c; Y2/Y1 low/high values,
// Y6/Y7 the two sub-block scales.
#define TK4TOK(c, j, sum) \
	VPMADDUBSW (256*j+64*c)(R13), Y2, Y3 \
	VPMADDUBSW (256*j+64*c+32)(R13), Y1, Y5 \
	VPMADDWD Y6, Y3, Y3 \
	VPMADDWD Y7, Y5, Y5 \
	VPADDD Y3, sum, sum \
	VPADDD Y5, sum, sum

#define TK4CHUNK(c) \
	MOVBLZX (2*c)(SP), AX \
	VMOVD AX, X6 \
	VPBROADCASTW X6, Y6 \
	MOVBLZX (2*c+1)(SP), AX \
	VMOVD AX, X7 \
	VPBROADCASTW X7, Y7 \
	VMOVDQU (16+32*c)(BX), Y1 \
	VPAND tk_nib<>(SB), Y1, Y2 \
	VPSRLW $4, Y1, Y1 \
	VPAND tk_nib<>(SB), Y1, Y1 \
	TK4TOK(c, 0, Y12) \
	TK4TOK(c, 1, Y13) \
	TK4TOK(c, 2, Y14) \
	TK4TOK(c, 3, Y15)

// TKMINV(j, dst): token j's four chunk minimum terms as floats; X0 = mins
// (int16).
#define TKMINV(j, dst) \
	VMOVDQU (32*j)(R9), Y4 \
	VEXTRACTI128 $1, Y4, X5 \
	VPHADDW X5, X4, X4 \
	VPMADDWD X4, X0, X4 \
	VCVTDQ2PS X4, dst

// TK4CHUNKV(c): chunk c's integer dots of the four tokens, summed and added
// to X8 by one FMA with X10.
#define TK4CHUNKV(c) \
	VPXOR Y12, Y12, Y12 \
	VPXOR Y13, Y13, Y13 \
	VPXOR Y14, Y14, Y14 \
	VPXOR Y15, Y15, Y15 \
	TK4CHUNK(c) \
	VPHADDD Y13, Y12, Y4 \
	VPHADDD Y15, Y14, Y5 \
	VPHADDD Y5, Y4, Y4 \
	VEXTRACTI128 $1, Y4, X5 \
	VPADDD X5, X4, X4 \
	VCVTDQ2PS X4, X4 \
	VFMADD231PS X10, X4, X8

// TKFLUSH(j, sum, acc): acc += (d*da_j) * float(sum); X3 = d.
#define TKFLUSH(j, sum, acc) \
	VMULSS (4*j)(DX), X3, X5 \
	VBROADCASTSS X5, Y5 \
	VCVTDQ2PS sum, sum \
	VFMADD231PS Y5, sum, acc

// TKSTORE(acc, j, addr): hsum(acc) minus token j's reduced minimum sum.
#define TKSTORE(acc, accx, j, addr) \
	VEXTRACTF128 $1, acc, X1 \
	VADDPS X1, accx, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0 \
	VMOVUPS (16+16*j)(SP), X2 \
	VHADDPS X2, X2, X2 \
	VHADDPS X2, X2, X2 \
	VXORPS X3, X3, X3 \
	VSUBSS X2, X3, X2 \
	VADDSS X2, X0, X0 \
	VMOVSS X0, addr

#define TKROWEND \
	MOVQ stride+24(FP), R14 \
	SHLQ $2, R14 \
	TKSTORE(Y8, X8, 0, (DI)) \
	TKSTORE(Y9, X9, 1, (DI)(R14*1)) \
	TKSTORE(Y10, X10, 2, (DI)(R14*2)) \
	TKSTORE(Y11, X11, 3, (DI)(R10*1)) \
	MOVQ 80(SP), CX \
	ADDQ $4, DI \
	ADDQ R8, SI \
	DECQ CX

// func tile4Q4_KAVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d []float32, bsums []int16)
TEXT ·tile4Q4_KAVX2(SB), NOSPLIT, $96-144
	TKPROLOGUE
tk4row:
	// rowsQ4_KAVX2's operations per token, the four tokens in the four
	// lanes of X8 (dot sums) and X9 (minimum sums): per 64-value chunk one
	// FMA by d*da_j (X10) and one by dmin*da_j (X11).
	MOVQ CX, 80(SP)
	VXORPS X8, X8, X8
	VXORPS X9, X9, X9
	MOVQ SI, BX
	MOVQ qs_base+72(FP), R13
	MOVQ d_base+96(FP), DX
	MOVQ bsums_base+120(FP), R9
	MOVQ R12, R11
	TESTQ R11, R11
	JZ tk4end
tk4blk:
	MOVQ R11, 88(SP)
	TK4SCALES
	VPMOVZXBW 8(SP), X0
	MOVWLZX 2(BX), AX
	VMOVD AX, X3
	VCVTPH2PS X3, X3
	VBROADCASTSS X3, X3
	VMULPS (DX), X3, X11
	MOVWLZX 0(BX), AX
	VMOVD AX, X3
	VCVTPH2PS X3, X3
	VBROADCASTSS X3, X3
	VMULPS (DX), X3, X10
	TKMINV(0, X12)
	TKMINV(1, X13)
	TKMINV(2, X14)
	TKMINV(3, X15)
	// transpose tokens x chunks and add chunk by chunk
	VUNPCKLPS X13, X12, X1
	VUNPCKLPS X15, X14, X2
	VUNPCKHPS X13, X12, X4
	VUNPCKHPS X15, X14, X5
	VMOVLHPS X2, X1, X6
	VFMADD231PS X11, X6, X9
	VMOVHLPS X1, X2, X6
	VFMADD231PS X11, X6, X9
	VMOVLHPS X5, X4, X6
	VFMADD231PS X11, X6, X9
	VMOVHLPS X4, X5, X6
	VFMADD231PS X11, X6, X9
	TK4CHUNKV(0)
	TK4CHUNKV(1)
	TK4CHUNKV(2)
	TK4CHUNKV(3)
	ADDQ $144, BX
	ADDQ $1024, R13
	ADDQ $16, DX
	ADDQ $128, R9
	MOVQ 88(SP), R11
	DECQ R11
	JNZ tk4blk
tk4end:
	// (acc + 0) + (0 - (accm + 0)), as the rows' reductions over zero lanes
	VXORPS X0, X0, X0
	VADDPS X0, X8, X1
	VADDPS X0, X9, X2
	VSUBPS X2, X0, X2
	VADDPS X2, X1, X1
	MOVQ stride+24(FP), R14
	SHLQ $2, R14
	VMOVSS X1, (DI)
	VEXTRACTPS $1, X1, (DI)(R14*1)
	VEXTRACTPS $2, X1, (DI)(R14*2)
	VEXTRACTPS $3, X1, (DI)(R10*1)
	MOVQ 80(SP), CX
	ADDQ $4, DI
	ADDQ R8, SI
	DECQ CX
	JNZ tk4row
done:
	VZEROUPPER
	RET

// TK6TOK(h, k, j, sum): token j's part of quarter k of half h; Y5 holds the
// 6-bit values, Y6 the scale pair, Y0 the bytes 32.
#define TK6TOK(h, k, j, sum) \
	VPMADDUBSW (256*j+128*h+32*k)(R13), Y5, Y4 \
	VPMADDWD Y6, Y4, Y4 \
	VPADDD Y4, sum, sum

// TK6MINUS(j, sum): token j's -32 per value through its activation sums,
// as rowsQ6_KAVX2: lane m -= 32*(bsums[2m]*sc[2m] + bsums[2m+1]*sc[2m+1]).
#define TK6MINUS(j, sum) \
	VMOVDQU (32*j)(R9), Y4 \
	VPMADDWD 0(SP), Y4, Y4 \
	VPSLLD $5, Y4, Y4 \
	VPSUBD Y4, sum, sum

#define TK6QUARTER(h, k) \
	VPBROADCASTW (2*(8*h+2*k))(SP), X6 \
	VPBROADCASTW (2*(8*h+2*k+1))(SP), X7 \
	VINSERTI128 $1, X7, Y6, Y6 \
	TK6TOK(h, k, 0, Y12) \
	TK6TOK(h, k, 1, Y13) \
	TK6TOK(h, k, 2, Y14) \
	TK6TOK(h, k, 3, Y15)

#define TK6HALF(h) \
	VMOVDQU (64*h)(BX), Y1 \
	VMOVDQU (64*h+32)(BX), Y2 \
	VMOVDQU (128+32*h)(BX), Y3 \
	VPSLLW $4, Y3, Y4 \
	VPAND tk_b30<>(SB), Y4, Y4 \
	VPAND tk_nib<>(SB), Y1, Y5 \
	VPOR Y4, Y5, Y5 \
	TK6QUARTER(h, 0) \
	VPSLLW $2, Y3, Y4 \
	VPAND tk_b30<>(SB), Y4, Y4 \
	VPAND tk_nib<>(SB), Y2, Y5 \
	VPOR Y4, Y5, Y5 \
	TK6QUARTER(h, 1) \
	VPAND tk_b30<>(SB), Y3, Y4 \
	VPSRLW $4, Y1, Y5 \
	VPAND tk_nib<>(SB), Y5, Y5 \
	VPOR Y4, Y5, Y5 \
	TK6QUARTER(h, 2) \
	VPSRLW $2, Y3, Y4 \
	VPAND tk_b30<>(SB), Y4, Y4 \
	VPSRLW $4, Y2, Y5 \
	VPAND tk_nib<>(SB), Y5, Y5 \
	VPOR Y4, Y5, Y5 \
	TK6QUARTER(h, 3)

// func tile4Q6_KAVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d []float32, bsums []int16)
// Q6_K has no minimums: 0..31(SP) hold the 16 scales widened to int16, and
// the minimum accumulators at 16..79(SP) are zeroed before the row's stores
// so TKSTORE adds +0 as rowsQ6_KAVX2's ROWEND does.
TEXT ·tile4Q6_KAVX2(SB), NOSPLIT, $96-144
	TKPROLOGUE
tk6row:
	TKROWSTART
	JZ tk6end
tk6blk:
	VPMOVSXBW 192(BX), Y4
	VMOVDQU Y4, 0(SP)
	VPXOR Y12, Y12, Y12
	VPXOR Y13, Y13, Y13
	VPXOR Y14, Y14, Y14
	VPXOR Y15, Y15, Y15
	TK6HALF(0)
	TK6HALF(1)
	TK6MINUS(0, Y12)
	TK6MINUS(1, Y13)
	TK6MINUS(2, Y14)
	TK6MINUS(3, Y15)
	ADDQ $128, R9
	MOVWLZX 208(BX), AX
	VMOVD AX, X3
	VCVTPH2PS X3, X3
	TKFLUSH(0, Y12, Y8)
	TKFLUSH(1, Y13, Y9)
	TKFLUSH(2, Y14, Y10)
	TKFLUSH(3, Y15, Y11)
	ADDQ $210, BX
	ADDQ $1024, R13
	ADDQ $16, DX
	DECQ R11
	JNZ tk6blk
tk6end:
	VXORPS X0, X0, X0
	VMOVUPS X0, 16(SP)
	VMOVUPS X0, 32(SP)
	VMOVUPS X0, 48(SP)
	VMOVUPS X0, 64(SP)
	TKROWEND
	JNZ tk6row
done:
	VZEROUPPER
	RET
