//go:build amd64 && !purego && !noasm

#include "textflag.h"

// AVX-512 VNNI row dots, four rows per pass: rows4XXX(dst, w, rowBytes, a)
// computes dst[r] for r < len(dst) (a multiple of 4) exactly as
// rowsXXXAVX2 does. The AVX2 kernels carry one row's eight float lanes in
// one FMA chain, so a row block costs an FMA latency; here rows 0|1 share
// Z0 and rows 2|3 share Z8 (eight lanes each), giving two independent chains
// of two rows. Each lane still sees rowsXXXAVX2's operations: the same
// int32 lane sums (VPDPBUSD = VPMADDUBSW+VPMADDWD, which never saturate
// here), the same scale d_w*d_a rounded once, one FMA per block, and the
// same final sums.
//
// Registers: DI dst, CX 4-row groups left, SI weight row, R8 rowBytes,
// R14 3*rowBytes, R9 a, R12 blocks per row, BX weight block (row 0), R13
// activation qs, DX activation d, R10 activation s, R11 blocks left, AX
// scratch. Z0/Z8 accumulators, X12 the four rows' offset terms.

DATA r4_nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL r4_nib<>(SB), RODATA|NOPTR, $8

DATA r4_b10<>+0(SB)/8, $0x1010101010101010
GLOBL r4_b10<>(SB), RODATA|NOPTR, $8

DATA r4_m8<>+0(SB)/4, $-8.0
GLOBL r4_m8<>(SB), RODATA|NOPTR, $4

DATA r4_idxa<>+0(SB)/8, $0x0000000000000000
DATA r4_idxa<>+8(SB)/8, $0x0000000000000000
DATA r4_idxa<>+16(SB)/8, $0x0000000000000000
DATA r4_idxa<>+24(SB)/8, $0x0000000000000000
DATA r4_idxa<>+32(SB)/8, $0x0000000100000001
DATA r4_idxa<>+40(SB)/8, $0x0000000100000001
DATA r4_idxa<>+48(SB)/8, $0x0000000100000001
DATA r4_idxa<>+56(SB)/8, $0x0000000100000001
GLOBL r4_idxa<>(SB), RODATA|NOPTR, $64

DATA r4_idxb<>+0(SB)/8, $0x0000000200000002
DATA r4_idxb<>+8(SB)/8, $0x0000000200000002
DATA r4_idxb<>+16(SB)/8, $0x0000000200000002
DATA r4_idxb<>+24(SB)/8, $0x0000000200000002
DATA r4_idxb<>+32(SB)/8, $0x0000000300000003
DATA r4_idxb<>+40(SB)/8, $0x0000000300000003
DATA r4_idxb<>+48(SB)/8, $0x0000000300000003
DATA r4_idxb<>+56(SB)/8, $0x0000000300000003
GLOBL r4_idxb<>(SB), RODATA|NOPTR, $64

// PFDIST: how far ahead (bytes, rounded up to whole four-row groups) the
// loop prefetches the rows it will read: four short rows read side by side
// are four short streams, which the hardware prefetchers follow poorly.
#define PFDIST 16384

#define R4PROLOGUE \
	MOVQ dst_base+0(FP), DI \
	MOVQ dst_len+8(FP), CX \
	SHRQ $2, CX \
	MOVQ w_base+24(FP), SI \
	MOVQ rowBytes+48(FP), R8 \
	LEAQ (R8)(R8*2), R14 \
	MOVQ a+56(FP), R9 \
	MOVQ 8(R9), R12 \
	SHRQ $5, R12 \
	LEAQ (R8*4), R10 \
	MOVQ $PFDIST, AX \
	XORQ DX, DX \
	DIVQ R10 \
	INCQ AX \
	IMULQ R10, AX \
	MOVQ AX, 0(SP) \
	VPBROADCASTQ r4_nib<>(SB), Z14 \
	VPBROADCASTQ r4_b10<>(SB), Z15 \
	VMOVDQU32 r4_idxa<>(SB), Z16 \
	VMOVDQU32 r4_idxb<>(SB), Z17 \
	VPXORD Z20, Z20, Z20 \
	TESTQ CX, CX \
	JZ done

#define R4ROWSTART \
	VXORPS Y0, Y0, Y0 \
	VXORPS Y8, Y8, Y8 \
	VXORPS X12, X12, X12 \
	MOVQ SI, BX \
	MOVQ 0(R9), R13 \
	MOVQ 24(R9), DX \
	MOVQ 48(R9), R10 \
	MOVQ R12, R11 \
	TESTQ R11, R11

// R4F16(off, x): x = the four rows' float16 at off(block) as float32.
#define R4F16(off, x) \
	MOVWLZX off(BX), AX \
	VMOVD AX, x \
	VPINSRW $1, off(BX)(R8*1), x, x \
	VPINSRW $2, off(BX)(R8*2), x, x \
	VPINSRW $3, off(BX)(R14*1), x, x \
	VCVTPH2PS x, x

// R4SCALES: X7 = the rows' d_w; Z18 = d_w*d_a of rows 0|1 (x8 each), Z19 rows 2|3.
#define R4SCALES \
	R4F16(0, X7) \
	VBROADCASTSS (DX), X6 \
	VMULPS X6, X7, X6 \
	VPERMPS Z6, Z16, Z18 \
	VPERMPS Z6, Z17, Z19

// R4NIBBLES(off) (scratch Z10, Z11, Z13): Z1 = rows 0|1, Z9 = rows 2|3 of unsigned 4-bit values
// (low nibbles then high nibbles of the 16 bytes at off, per row).
#define R4NIB2(off, base, idx, dst) \
	VMOVDQU off(base), X10 \
	VINSERTI128 $1, off(base)(idx*1), Y10, Y10 \
	VPSRLW $4, Y10, Y11 \
	VINSERTI64X4 $1, Y11, Z10, Z13 \
	VSHUFI64X2 $0xd8, Z13, Z13, Z13 \
	VPANDD Z14, Z13, dst

#define R4NIBBLES(off) \
	R4NIB2(off, BX, R8, Z1) \
	LEAQ (BX)(R8*2), AX \
	R4NIB2(off, AX, R8, Z9)

#define R4ACC \
	VCVTDQ2PS Z10, Z10 \
	VCVTDQ2PS Z11, Z11 \
	VFMADD231PS Z18, Z10, Z0 \
	VFMADD231PS Z19, Z11, Z8

// R4UNSIGNED: Z1/Z9 unsigned weights.
#define R4UNSIGNED \
	VBROADCASTI64X4 (R13), Z2 \
	VPXORD Z10, Z10, Z10 \
	VPDPBUSD Z2, Z1, Z10 \
	VPXORD Z11, Z11, Z11 \
	VPDPBUSD Z2, Z9, Z11 \
	R4ACC

// R4SIGNED: K1/K2 the negative weights of rows 0|1 / 2|3, Z1/Z9 their
// magnitudes; the activations are negated where the weight is negative.
#define R4SIGNED \
	VBROADCASTI64X4 (R13), Z2 \
	VPSUBB Z2, Z20, Z3 \
	VPBLENDMB Z3, Z2, K1, Z4 \
	VPBLENDMB Z3, Z2, K2, Z5 \
	VPXORD Z10, Z10, Z10 \
	VPDPBUSD Z4, Z1, Z10 \
	VPXORD Z11, Z11, Z11 \
	VPDPBUSD Z5, Z9, Z11 \
	R4ACC

#define R4NEXT(wsize) \
	MOVQ 0(SP), AX \
	ADDQ BX, AX \
	PREFETCHT0 (AX) \
	PREFETCHT0 (AX)(R8*1) \
	PREFETCHT0 (AX)(R8*2) \
	PREFETCHT0 (AX)(R14*1) \
	ADDQ $wsize, BX \
	ADDQ $32, R13 \
	ADDQ $4, DX \
	ADDQ $4, R10 \
	DECQ R11

// R4HSUM(y, x, j): ROWEND's sum of y's eight lanes plus lane j of X12, stored as row j.
#define R4HSUM(y, x, j) \
	VEXTRACTF128 $1, y, X1 \
	VADDPS X1, x, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0 \
	VPSHUFD $j, X12, X2 \
	VADDSS X2, X0, X0 \
	VMOVSS X0, (4*j)(DI)

#define R4ROWEND \
	VEXTRACTF64X4 $1, Z0, Y3 \
	VEXTRACTF64X4 $1, Z8, Y4 \
	R4HSUM(Y0, X0, 0) \
	R4HSUM(Y3, X3, 1) \
	R4HSUM(Y8, X8, 2) \
	R4HSUM(Y4, X4, 3) \
	ADDQ $16, DI \
	LEAQ (SI)(R8*4), SI \
	DECQ CX

// func rows4Q8_0VNNI(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rows4Q8_0VNNI(SB), NOSPLIT, $8-64
	R4PROLOGUE
r80row:
	R4ROWSTART
	JZ r80end
r80blk:
	R4SCALES
	VMOVDQU 2(BX), Y1
	VINSERTI64X4 $1, 2(BX)(R8*1), Z1, Z1
	VMOVDQU 2(BX)(R8*2), Y9
	VINSERTI64X4 $1, 2(BX)(R14*1), Z9, Z9
	VPMOVB2M Z1, K1
	VPMOVB2M Z9, K2
	VPABSB Z1, Z1
	VPABSB Z9, Z9
	R4SIGNED
	R4NEXT(34)
	JNZ r80blk
r80end:
	R4ROWEND
	JNZ r80row
done:
	VZEROUPPER
	RET

// func rows4Q4_0VNNI(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rows4Q4_0VNNI(SB), NOSPLIT, $8-64
	R4PROLOGUE
r40row:
	R4ROWSTART
	JZ r40end
r40blk:
	// Unsigned nibbles; the -8 goes through the activation sums.
	R4SCALES
	VBROADCASTSS r4_m8<>(SB), X5
	VMULPS X5, X7, X5
	VBROADCASTSS (R10), X4
	VFMADD231PS X4, X5, X12
	R4NIBBLES(2)
	R4UNSIGNED
	R4NEXT(18)
	JNZ r40blk
r40end:
	R4ROWEND
	JNZ r40row
done:
	VZEROUPPER
	RET

// func rows4Q4_1VNNI(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rows4Q4_1VNNI(SB), NOSPLIT, $8-64
	R4PROLOGUE
r41row:
	R4ROWSTART
	JZ r41end
r41blk:
	R4SCALES
	R4F16(2, X5)
	VBROADCASTSS (R10), X4
	VFMADD231PS X4, X5, X12
	R4NIBBLES(4)
	R4UNSIGNED
	R4NEXT(20)
	JNZ r41blk
r41end:
	R4ROWEND
	JNZ r41row
done:
	VZEROUPPER
	RET

// func rows4Q5_0VNNI(dst []float32, w []byte, rowBytes int, a *qAct)
TEXT ·rows4Q5_0VNNI(SB), NOSPLIT, $8-64
	R4PROLOGUE
r50row:
	R4ROWSTART
	JZ r50end
r50blk:
	// value = nibble + 16*bit - 16: negative exactly where the fifth bit
	// is clear, with magnitude 16 - nibble there.
	R4SCALES
	R4NIBBLES(6)
	KMOVD 2(BX), K3
	KMOVD 2(BX)(R8*1), K4
	KUNPCKDQ K3, K4, K1
	KNOTQ K1, K1
	LEAQ (BX)(R8*2), AX
	KMOVD 2(AX), K3
	KMOVD 2(AX)(R8*1), K4
	KUNPCKDQ K3, K4, K2
	KNOTQ K2, K2
	VPSUBB Z1, Z15, Z3
	VPBLENDMB Z3, Z1, K1, Z1
	VPSUBB Z9, Z15, Z3
	VPBLENDMB Z3, Z9, K2, Z9
	R4SIGNED
	R4NEXT(22)
	JNZ r50blk
r50end:
	R4ROWEND
	JNZ r50row
done:
	VZEROUPPER
	RET
