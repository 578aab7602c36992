//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Vectorised exp (Cephes expf: range reduction by ln2 in two parts and a
// degree-5 polynomial, about 1-2 ulp) and the activations built on it. The
// generic twins in exp.go run the same steps in Go (without fused
// multiply-adds), so the two agree to a few ulp.

DATA ex_hi<>+0(SB)/4, $88.0
DATA ex_hi<>+4(SB)/4, $88.0
DATA ex_hi<>+8(SB)/4, $88.0
DATA ex_hi<>+12(SB)/4, $88.0
DATA ex_hi<>+16(SB)/4, $88.0
DATA ex_hi<>+20(SB)/4, $88.0
DATA ex_hi<>+24(SB)/4, $88.0
DATA ex_hi<>+28(SB)/4, $88.0
GLOBL ex_hi<>(SB), RODATA|NOPTR, $32

DATA ex_lo<>+0(SB)/4, $-88.0
DATA ex_lo<>+4(SB)/4, $-88.0
DATA ex_lo<>+8(SB)/4, $-88.0
DATA ex_lo<>+12(SB)/4, $-88.0
DATA ex_lo<>+16(SB)/4, $-88.0
DATA ex_lo<>+20(SB)/4, $-88.0
DATA ex_lo<>+24(SB)/4, $-88.0
DATA ex_lo<>+28(SB)/4, $-88.0
GLOBL ex_lo<>(SB), RODATA|NOPTR, $32

DATA ex_log2e<>+0(SB)/4, $1.44269504088896341
DATA ex_log2e<>+4(SB)/4, $1.44269504088896341
DATA ex_log2e<>+8(SB)/4, $1.44269504088896341
DATA ex_log2e<>+12(SB)/4, $1.44269504088896341
DATA ex_log2e<>+16(SB)/4, $1.44269504088896341
DATA ex_log2e<>+20(SB)/4, $1.44269504088896341
DATA ex_log2e<>+24(SB)/4, $1.44269504088896341
DATA ex_log2e<>+28(SB)/4, $1.44269504088896341
GLOBL ex_log2e<>(SB), RODATA|NOPTR, $32

DATA ex_ln2hi<>+0(SB)/4, $0.693359375
DATA ex_ln2hi<>+4(SB)/4, $0.693359375
DATA ex_ln2hi<>+8(SB)/4, $0.693359375
DATA ex_ln2hi<>+12(SB)/4, $0.693359375
DATA ex_ln2hi<>+16(SB)/4, $0.693359375
DATA ex_ln2hi<>+20(SB)/4, $0.693359375
DATA ex_ln2hi<>+24(SB)/4, $0.693359375
DATA ex_ln2hi<>+28(SB)/4, $0.693359375
GLOBL ex_ln2hi<>(SB), RODATA|NOPTR, $32

DATA ex_ln2lo<>+0(SB)/4, $-2.12194440e-4
DATA ex_ln2lo<>+4(SB)/4, $-2.12194440e-4
DATA ex_ln2lo<>+8(SB)/4, $-2.12194440e-4
DATA ex_ln2lo<>+12(SB)/4, $-2.12194440e-4
DATA ex_ln2lo<>+16(SB)/4, $-2.12194440e-4
DATA ex_ln2lo<>+20(SB)/4, $-2.12194440e-4
DATA ex_ln2lo<>+24(SB)/4, $-2.12194440e-4
DATA ex_ln2lo<>+28(SB)/4, $-2.12194440e-4
GLOBL ex_ln2lo<>(SB), RODATA|NOPTR, $32

DATA ex_c5<>+0(SB)/4, $1.9875691500e-4
DATA ex_c5<>+4(SB)/4, $1.9875691500e-4
DATA ex_c5<>+8(SB)/4, $1.9875691500e-4
DATA ex_c5<>+12(SB)/4, $1.9875691500e-4
DATA ex_c5<>+16(SB)/4, $1.9875691500e-4
DATA ex_c5<>+20(SB)/4, $1.9875691500e-4
DATA ex_c5<>+24(SB)/4, $1.9875691500e-4
DATA ex_c5<>+28(SB)/4, $1.9875691500e-4
GLOBL ex_c5<>(SB), RODATA|NOPTR, $32

DATA ex_c4<>+0(SB)/4, $1.3981999507e-3
DATA ex_c4<>+4(SB)/4, $1.3981999507e-3
DATA ex_c4<>+8(SB)/4, $1.3981999507e-3
DATA ex_c4<>+12(SB)/4, $1.3981999507e-3
DATA ex_c4<>+16(SB)/4, $1.3981999507e-3
DATA ex_c4<>+20(SB)/4, $1.3981999507e-3
DATA ex_c4<>+24(SB)/4, $1.3981999507e-3
DATA ex_c4<>+28(SB)/4, $1.3981999507e-3
GLOBL ex_c4<>(SB), RODATA|NOPTR, $32

DATA ex_c3<>+0(SB)/4, $8.3334519073e-3
DATA ex_c3<>+4(SB)/4, $8.3334519073e-3
DATA ex_c3<>+8(SB)/4, $8.3334519073e-3
DATA ex_c3<>+12(SB)/4, $8.3334519073e-3
DATA ex_c3<>+16(SB)/4, $8.3334519073e-3
DATA ex_c3<>+20(SB)/4, $8.3334519073e-3
DATA ex_c3<>+24(SB)/4, $8.3334519073e-3
DATA ex_c3<>+28(SB)/4, $8.3334519073e-3
GLOBL ex_c3<>(SB), RODATA|NOPTR, $32

DATA ex_c2<>+0(SB)/4, $4.1665795894e-2
DATA ex_c2<>+4(SB)/4, $4.1665795894e-2
DATA ex_c2<>+8(SB)/4, $4.1665795894e-2
DATA ex_c2<>+12(SB)/4, $4.1665795894e-2
DATA ex_c2<>+16(SB)/4, $4.1665795894e-2
DATA ex_c2<>+20(SB)/4, $4.1665795894e-2
DATA ex_c2<>+24(SB)/4, $4.1665795894e-2
DATA ex_c2<>+28(SB)/4, $4.1665795894e-2
GLOBL ex_c2<>(SB), RODATA|NOPTR, $32

DATA ex_c1<>+0(SB)/4, $1.6666665459e-1
DATA ex_c1<>+4(SB)/4, $1.6666665459e-1
DATA ex_c1<>+8(SB)/4, $1.6666665459e-1
DATA ex_c1<>+12(SB)/4, $1.6666665459e-1
DATA ex_c1<>+16(SB)/4, $1.6666665459e-1
DATA ex_c1<>+20(SB)/4, $1.6666665459e-1
DATA ex_c1<>+24(SB)/4, $1.6666665459e-1
DATA ex_c1<>+28(SB)/4, $1.6666665459e-1
GLOBL ex_c1<>(SB), RODATA|NOPTR, $32

DATA ex_c0<>+0(SB)/4, $5.0000001201e-1
DATA ex_c0<>+4(SB)/4, $5.0000001201e-1
DATA ex_c0<>+8(SB)/4, $5.0000001201e-1
DATA ex_c0<>+12(SB)/4, $5.0000001201e-1
DATA ex_c0<>+16(SB)/4, $5.0000001201e-1
DATA ex_c0<>+20(SB)/4, $5.0000001201e-1
DATA ex_c0<>+24(SB)/4, $5.0000001201e-1
DATA ex_c0<>+28(SB)/4, $5.0000001201e-1
GLOBL ex_c0<>(SB), RODATA|NOPTR, $32

DATA ex_one<>+0(SB)/4, $1.0
DATA ex_one<>+4(SB)/4, $1.0
DATA ex_one<>+8(SB)/4, $1.0
DATA ex_one<>+12(SB)/4, $1.0
DATA ex_one<>+16(SB)/4, $1.0
DATA ex_one<>+20(SB)/4, $1.0
DATA ex_one<>+24(SB)/4, $1.0
DATA ex_one<>+28(SB)/4, $1.0
GLOBL ex_one<>(SB), RODATA|NOPTR, $32

DATA ex_gc<>+0(SB)/4, $0.7978845608028654
DATA ex_gc<>+4(SB)/4, $0.7978845608028654
DATA ex_gc<>+8(SB)/4, $0.7978845608028654
DATA ex_gc<>+12(SB)/4, $0.7978845608028654
DATA ex_gc<>+16(SB)/4, $0.7978845608028654
DATA ex_gc<>+20(SB)/4, $0.7978845608028654
DATA ex_gc<>+24(SB)/4, $0.7978845608028654
DATA ex_gc<>+28(SB)/4, $0.7978845608028654
GLOBL ex_gc<>(SB), RODATA|NOPTR, $32

DATA ex_ga<>+0(SB)/4, $0.044715
DATA ex_ga<>+4(SB)/4, $0.044715
DATA ex_ga<>+8(SB)/4, $0.044715
DATA ex_ga<>+12(SB)/4, $0.044715
DATA ex_ga<>+16(SB)/4, $0.044715
DATA ex_ga<>+20(SB)/4, $0.044715
DATA ex_ga<>+24(SB)/4, $0.044715
DATA ex_ga<>+28(SB)/4, $0.044715
GLOBL ex_ga<>(SB), RODATA|NOPTR, $32

DATA ex_m2<>+0(SB)/4, $-2.0
DATA ex_m2<>+4(SB)/4, $-2.0
DATA ex_m2<>+8(SB)/4, $-2.0
DATA ex_m2<>+12(SB)/4, $-2.0
DATA ex_m2<>+16(SB)/4, $-2.0
DATA ex_m2<>+20(SB)/4, $-2.0
DATA ex_m2<>+24(SB)/4, $-2.0
DATA ex_m2<>+28(SB)/4, $-2.0
GLOBL ex_m2<>(SB), RODATA|NOPTR, $32

DATA ex_127<>+0(SB)/4, $127
DATA ex_127<>+4(SB)/4, $127
DATA ex_127<>+8(SB)/4, $127
DATA ex_127<>+12(SB)/4, $127
DATA ex_127<>+16(SB)/4, $127
DATA ex_127<>+20(SB)/4, $127
DATA ex_127<>+24(SB)/4, $127
DATA ex_127<>+28(SB)/4, $127
GLOBL ex_127<>(SB), RODATA|NOPTR, $32

// EXP(x, t1, t2): x = exp(x) on 8 lanes; clobbers t1, t2.
#define EXP(x, t1, t2) \
	VMINPS ex_hi<>(SB), x, x \
	VMAXPS ex_lo<>(SB), x, x \
	VMULPS ex_log2e<>(SB), x, t1 \
	VROUNDPS $0, t1, t1 \
	VMULPS ex_ln2hi<>(SB), t1, t2 \
	VSUBPS t2, x, x \
	VMULPS ex_ln2lo<>(SB), t1, t2 \
	VSUBPS t2, x, x \
	VMOVUPS ex_c5<>(SB), t2 \
	VMULPS x, t2, t2 \
	VADDPS ex_c4<>(SB), t2, t2 \
	VMULPS x, t2, t2 \
	VADDPS ex_c3<>(SB), t2, t2 \
	VMULPS x, t2, t2 \
	VADDPS ex_c2<>(SB), t2, t2 \
	VMULPS x, t2, t2 \
	VADDPS ex_c1<>(SB), t2, t2 \
	VMULPS x, t2, t2 \
	VADDPS ex_c0<>(SB), t2, t2 \
	VMULPS x, t2, t2 \
	VMULPS x, t2, t2 \
	VADDPS x, t2, x \
	VADDPS ex_one<>(SB), x, x \
	VCVTPS2DQ t1, t1 \
	VPADDD ex_127<>(SB), t1, t1 \
	VPSLLD $23, t1, t1 \
	VMULPS t1, x, x

// func expSubAVX2(x []float32, m float32)
// x[i] = exp(x[i] - m) for whole groups of 8 (len(x) a multiple of 8).
TEXT ·expSubAVX2(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	VBROADCASTSS m+24(FP), Y5
	SHRQ $3, CX
	JZ esdone
esloop:
	VMOVUPS (DI), Y0
	VSUBPS Y5, Y0, Y0
	EXP(Y0, Y1, Y2)
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	DECQ CX
	JNZ esloop
esdone:
	VZEROUPPER
	RET

// func siluAVX2(x []float32)
// x[i] = x[i] / (1 + exp(-x[i])) for whole groups of 8.
TEXT ·siluAVX2(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	SHRQ $3, CX
	JZ sidone
	VXORPS Y6, Y6, Y6
siloop:
	VMOVUPS (DI), Y3
	VSUBPS Y3, Y6, Y0
	EXP(Y0, Y1, Y2)
	VADDPS ex_one<>(SB), Y0, Y0
	VDIVPS Y0, Y3, Y3
	VMOVUPS Y3, (DI)
	ADDQ $32, DI
	DECQ CX
	JNZ siloop
sidone:
	VZEROUPPER
	RET

// func geluAVX2(x []float32)
// x[i] = x[i] / (1 + exp(-2u)), u = sqrt(2/pi)*(x + 0.044715x³): the tanh
// form of GELU, 0.5x(1+tanh(u)), for whole groups of 8.
TEXT ·geluAVX2(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	SHRQ $3, CX
	JZ gedone
geloop:
	VMOVUPS (DI), Y3
	VMULPS Y3, Y3, Y0
	VMULPS Y3, Y0, Y0
	VMULPS ex_ga<>(SB), Y0, Y0
	VADDPS Y3, Y0, Y0
	VMULPS ex_gc<>(SB), Y0, Y0
	VMULPS ex_m2<>(SB), Y0, Y0
	EXP(Y0, Y1, Y2)
	VADDPS ex_one<>(SB), Y0, Y0
	VDIVPS Y0, Y3, Y3
	VMOVUPS Y3, (DI)
	ADDQ $32, DI
	DECQ CX
	JNZ geloop
gedone:
	VZEROUPPER
	RET
