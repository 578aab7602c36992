//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func axpyAVX2(y []float32, a float32, x []float32)
// y[i] += a*x[i] with VMULPS then VADDPS, so it rounds like the Go loop.
TEXT ·axpyAVX2(SB), NOSPLIT, $0-56
	MOVQ y_base+0(FP), DI
	MOVQ y_len+8(FP), CX
	VBROADCASTSS a+24(FP), Y0
	MOVQ x_base+32(FP), SI
axpy16:
	CMPQ CX, $16
	JLT axpy8
	VMULPS (SI), Y0, Y1
	VMULPS 32(SI), Y0, Y2
	VADDPS (DI), Y1, Y1
	VADDPS 32(DI), Y2, Y2
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP axpy16
axpy8:
	CMPQ CX, $8
	JLT axpy1
	VMULPS (SI), Y0, Y1
	VADDPS (DI), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
axpy1:
	TESTQ CX, CX
	JZ axpydone
	VMULSS (SI), X0, X1
	VADDSS (DI), X1, X1
	VMOVSS X1, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP axpy1
axpydone:
	VZEROUPPER
	RET

// func roundF16AVX2(x []float32)
// x[i] = float32(float16(x[i])) with VCVTPS2PH (round to nearest even) and VCVTPH2PS.
TEXT ·roundF16AVX2(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
r8:
	CMPQ CX, $8
	JLT r1
	VMOVUPS (DI), Y1
	VCVTPS2PH $0, Y1, X1
	VCVTPH2PS X1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, DI
	SUBQ $8, CX
	JMP r8
r1:
	TESTQ CX, CX
	JZ rdone
	VMOVSS (DI), X1
	VCVTPS2PH $0, X1, X1
	VCVTPH2PS X1, X1
	VMOVSS X1, (DI)
	ADDQ $4, DI
	DECQ CX
	JMP r1
rdone:
	VZEROUPPER
	RET

DATA gg_m10<>+0(SB)/4, $-10.0
GLOBL gg_m10<>(SB), RODATA|NOPTR, $4

DATA gg_p10<>+0(SB)/4, $10.0
GLOBL gg_p10<>(SB), RODATA|NOPTR, $4

// func gegluTableAVX2(gate, up []float32, table *[65536]float32)
// Eight values at a time (len(gate) rounded down to 8; the caller does the
// rest): VCVTPS2PH (round to nearest even, as gguf.F32ToF16), a gather from
// the table, x where x >= 10, times up, then zero where x <= -10.
TEXT ·gegluTableAVX2(SB), NOSPLIT, $0-56
	MOVQ gate_base+0(FP), DI
	MOVQ gate_len+8(FP), CX
	MOVQ up_base+24(FP), SI
	MOVQ table+48(FP), R8
	VBROADCASTSS gg_m10<>(SB), Y10
	VBROADCASTSS gg_p10<>(SB), Y11
gg8:
	CMPQ CX, $8
	JLT ggdone
	VMOVUPS (DI), Y0
	VCVTPS2PH $0, Y0, X1
	VPMOVZXWD X1, Y1
	VPCMPEQD Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VGATHERDPS Y2, (R8)(Y1*4), Y3
	VCMPPS $0x0d, Y11, Y0, Y5
	VBLENDVPS Y5, Y0, Y3, Y3
	VMULPS (SI), Y3, Y3
	VCMPPS $2, Y10, Y0, Y4
	VANDNPS Y3, Y4, Y3
	VMOVUPS Y3, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $8, CX
	JMP gg8
ggdone:
	VZEROUPPER
	RET

// func vecBinaryAVX2(op int, dst, x []float32, s float32)
// op 0: dst += x; 1: dst *= x; 2: dst *= s; len(dst) values (x as long for
// ops 0 and 1). One rounding per element, as the Go loops.
TEXT ·vecBinaryAVX2(SB), NOSPLIT, $0-60
	MOVQ op+0(FP), AX
	MOVQ dst_base+8(FP), DI
	MOVQ dst_len+16(FP), CX
	MOVQ x_base+32(FP), SI
	VBROADCASTSS s+56(FP), Y7
	CMPQ AX, $1
	JEQ vmul
	JGT vscale
vadd:
	CMPQ CX, $16
	JLT vadd1
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VADDPS (SI), Y0, Y0
	VADDPS 32(SI), Y1, Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $16, CX
	JMP vadd
vadd1:
	TESTQ CX, CX
	JZ vdone
	VMOVSS (DI), X0
	VADDSS (SI), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, DI
	ADDQ $4, SI
	DECQ CX
	JMP vadd1
vmul:
	CMPQ CX, $16
	JLT vmul1
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMULPS (SI), Y0, Y0
	VMULPS 32(SI), Y1, Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $16, CX
	JMP vmul
vmul1:
	TESTQ CX, CX
	JZ vdone
	VMOVSS (DI), X0
	VMULSS (SI), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, DI
	ADDQ $4, SI
	DECQ CX
	JMP vmul1
vscale:
	CMPQ CX, $16
	JLT vscale1
	VMULPS (DI), Y7, Y0
	VMULPS 32(DI), Y7, Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ $64, DI
	SUBQ $16, CX
	JMP vscale
vscale1:
	TESTQ CX, CX
	JZ vdone
	VMULSS (DI), X7, X0
	VMOVSS X0, (DI)
	ADDQ $4, DI
	DECQ CX
	JMP vscale1
vdone:
	VZEROUPPER
	RET

// func sum16AVX2(x []float32, sum float64) float64
// sum plus, in order, each whole group of 16 of x (len(x) rounded down)
// reduced in float32 by _mm512_reduce_add_ps's tree (x[j]+x[j+8], then +4,
// +2, +1) and converted to float64.
TEXT ·sum16AVX2(SB), NOSPLIT, $0-40
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	SHRQ $4, CX
	VMOVSD sum+24(FP), X7
	TESTQ CX, CX
	JZ s16done
s16loop:
	VMOVUPS (DI), Y0
	VADDPS 32(DI), Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X0, X1, X0
	VPERMILPS $0x4e, X0, X1
	VADDPS X1, X0, X0
	VMOVSHDUP X0, X1
	VADDSS X1, X0, X0
	VCVTSS2SD X0, X0, X0
	VADDSD X0, X7, X7
	ADDQ $64, DI
	DECQ CX
	JNZ s16loop
s16done:
	VMOVSD X7, ret+32(FP)
	VZEROUPPER
	RET

// HMAX0: X0 = the largest of Y0's eight lanes.
#define HMAX0 \
	VEXTRACTF128 $1, Y0, X1 \
	VMAXPS X1, X0, X0 \
	VPERMILPS $0x4e, X0, X1 \
	VMAXPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VMAXSS X1, X0, X0

// func maxAVX2(x []float32) float32
// The largest element of x (len(x) >= 1, a multiple of 8 here; the caller
// folds the rest), by VMAXPS lanes (four accumulators from 40 values on)
// then across lanes.
TEXT ·maxAVX2(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	VMOVUPS (DI), Y0
	ADDQ $32, DI
	SHRQ $3, CX
	DECQ CX
	CMPQ CX, $4
	JLT mxloop1
	// four accumulators, so that VMAXPS's latency does not bound the loop
	VMOVAPS Y0, Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y0, Y3
mxloop4:
	VMAXPS (DI), Y0, Y0
	VMAXPS 32(DI), Y1, Y1
	VMAXPS 64(DI), Y2, Y2
	VMAXPS 96(DI), Y3, Y3
	ADDQ $128, DI
	SUBQ $4, CX
	CMPQ CX, $4
	JGE mxloop4
	VMAXPS Y1, Y0, Y0
	VMAXPS Y3, Y2, Y2
	VMAXPS Y2, Y0, Y0
mxloop1:
	TESTQ CX, CX
	JZ mxred
	VMAXPS (DI), Y0, Y0
	ADDQ $32, DI
	DECQ CX
	JMP mxloop1
mxred:
	HMAX0
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func maxNaNAVX2(x []float32) (m float32, nan bool)
// m = the largest element of x and nan = whether x holds a NaN (then m is
// meaningless); len(x) a multiple of 16 and > 0. Two accumulators of
// eight lanes, so that VMAXPS's latency does not bound the loop.
TEXT ·maxNaNAVX2(SB), NOSPLIT, $0-29
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VCMPPS $3, Y0, Y0, Y4
	VCMPPS $3, Y1, Y1, Y5
	VORPS Y5, Y4, Y4
	ADDQ $64, DI
	SHRQ $4, CX
	DECQ CX
	JZ mnred
mnloop:
	VMOVUPS (DI), Y2
	VMOVUPS 32(DI), Y3
	VCMPPS $3, Y2, Y2, Y5
	VORPS Y5, Y4, Y4
	VCMPPS $3, Y3, Y3, Y5
	VORPS Y5, Y4, Y4
	VMAXPS Y2, Y0, Y0
	VMAXPS Y3, Y1, Y1
	ADDQ $64, DI
	DECQ CX
	JNZ mnloop
mnred:
	VMAXPS Y1, Y0, Y0
	HMAX0
	VMOVSS X0, m+24(FP)
	VMOVMSKPS Y4, AX
	TESTL AX, AX
	SETNE nan+28(FP)
	VZEROUPPER
	RET

// func firstEqAVX2(x []float32, m float32) int
// The index of the first element of x equal to m (ordered comparison), or
// len(x); len(x) a multiple of 8.
TEXT ·firstEqAVX2(SB), NOSPLIT, $0-40
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	VBROADCASTSS m+24(FP), Y0
	XORQ AX, AX
	TESTQ CX, CX
	JZ feend
feloop:
	VCMPPS $0, (DI)(AX*4), Y0, Y1
	VMOVMSKPS Y1, DX
	TESTL DX, DX
	JNZ fefound
	ADDQ $8, AX
	CMPQ AX, CX
	JLT feloop
feend:
	MOVQ CX, ret+32(FP)
	VZEROUPPER
	RET
fefound:
	BSFL DX, DX
	ADDQ DX, AX
	MOVQ AX, ret+32(FP)
	VZEROUPPER
	RET

// func toF16AVX2(dst []uint16, x []float32)
// dst[i] = float16(x[i]) with VCVTPS2PH (round to nearest even), for
// i < len(x); the caller checks that dst is long enough.
TEXT ·toF16AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
h8:
	CMPQ CX, $8
	JLT h1
	VMOVUPS (SI), Y1
	VCVTPS2PH $0, Y1, X1
	VMOVDQU X1, (DI)
	ADDQ $32, SI
	ADDQ $16, DI
	SUBQ $8, CX
	JMP h8
h1:
	TESTQ CX, CX
	JZ hdone
	VMOVSS (SI), X1
	VCVTPS2PH $0, X1, X1
	VMOVD X1, AX
	MOVW AX, (DI)
	ADDQ $4, SI
	ADDQ $2, DI
	DECQ CX
	JMP h1
hdone:
	VZEROUPPER
	RET

// func fromF16AVX2(dst []float32, h []uint16)
// dst[i] = float32(h[i]) with VCVTPH2PS (exact), for i < len(h); the
// caller checks that dst is long enough.
TEXT ·fromF16AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ h_base+24(FP), SI
	MOVQ h_len+32(FP), CX
w8:
	CMPQ CX, $8
	JLT w1
	VCVTPH2PS (SI), Y1
	VMOVUPS Y1, (DI)
	ADDQ $16, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP w8
w1:
	TESTQ CX, CX
	JZ wdone
	MOVWLZX (SI), AX
	VMOVD AX, X1
	VCVTPH2PS X1, X1
	VMOVSS X1, (DI)
	ADDQ $2, SI
	ADDQ $4, DI
	DECQ CX
	JMP w1
wdone:
	VZEROUPPER
	RET
