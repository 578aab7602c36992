//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Vectorised exp: ggml's ggml_v_expf (the AVX-512 version llama.cpp runs
// on this kind of machine), on 8 lanes with AVX2 and FMA, and the
// activations built on it. The generic twins in exp.go and ggml.go
// (expGGML) run the same operations, so the two agree bit for bit and both
// equal llama.cpp's values. Constants are float32 bit patterns.

DATA eg_log2e<>+0(SB)/4, $0x3fb8aa3b
DATA eg_log2e<>+4(SB)/4, $0x3fb8aa3b
DATA eg_log2e<>+8(SB)/4, $0x3fb8aa3b
DATA eg_log2e<>+12(SB)/4, $0x3fb8aa3b
DATA eg_log2e<>+16(SB)/4, $0x3fb8aa3b
DATA eg_log2e<>+20(SB)/4, $0x3fb8aa3b
DATA eg_log2e<>+24(SB)/4, $0x3fb8aa3b
DATA eg_log2e<>+28(SB)/4, $0x3fb8aa3b
GLOBL eg_log2e<>(SB), RODATA|NOPTR, $32

DATA eg_shift<>+0(SB)/4, $0x4b400000
DATA eg_shift<>+4(SB)/4, $0x4b400000
DATA eg_shift<>+8(SB)/4, $0x4b400000
DATA eg_shift<>+12(SB)/4, $0x4b400000
DATA eg_shift<>+16(SB)/4, $0x4b400000
DATA eg_shift<>+20(SB)/4, $0x4b400000
DATA eg_shift<>+24(SB)/4, $0x4b400000
DATA eg_shift<>+28(SB)/4, $0x4b400000
GLOBL eg_shift<>(SB), RODATA|NOPTR, $32

DATA eg_ln2hi<>+0(SB)/4, $0x3f317200
DATA eg_ln2hi<>+4(SB)/4, $0x3f317200
DATA eg_ln2hi<>+8(SB)/4, $0x3f317200
DATA eg_ln2hi<>+12(SB)/4, $0x3f317200
DATA eg_ln2hi<>+16(SB)/4, $0x3f317200
DATA eg_ln2hi<>+20(SB)/4, $0x3f317200
DATA eg_ln2hi<>+24(SB)/4, $0x3f317200
DATA eg_ln2hi<>+28(SB)/4, $0x3f317200
GLOBL eg_ln2hi<>(SB), RODATA|NOPTR, $32

DATA eg_ln2lo<>+0(SB)/4, $0x35bfbe8e
DATA eg_ln2lo<>+4(SB)/4, $0x35bfbe8e
DATA eg_ln2lo<>+8(SB)/4, $0x35bfbe8e
DATA eg_ln2lo<>+12(SB)/4, $0x35bfbe8e
DATA eg_ln2lo<>+16(SB)/4, $0x35bfbe8e
DATA eg_ln2lo<>+20(SB)/4, $0x35bfbe8e
DATA eg_ln2lo<>+24(SB)/4, $0x35bfbe8e
DATA eg_ln2lo<>+28(SB)/4, $0x35bfbe8e
GLOBL eg_ln2lo<>(SB), RODATA|NOPTR, $32

DATA eg_p1<>+0(SB)/4, $0x3c072010
DATA eg_p1<>+4(SB)/4, $0x3c072010
DATA eg_p1<>+8(SB)/4, $0x3c072010
DATA eg_p1<>+12(SB)/4, $0x3c072010
DATA eg_p1<>+16(SB)/4, $0x3c072010
DATA eg_p1<>+20(SB)/4, $0x3c072010
DATA eg_p1<>+24(SB)/4, $0x3c072010
DATA eg_p1<>+28(SB)/4, $0x3c072010
GLOBL eg_p1<>(SB), RODATA|NOPTR, $32

DATA eg_p2<>+0(SB)/4, $0x3d2b9f17
DATA eg_p2<>+4(SB)/4, $0x3d2b9f17
DATA eg_p2<>+8(SB)/4, $0x3d2b9f17
DATA eg_p2<>+12(SB)/4, $0x3d2b9f17
DATA eg_p2<>+16(SB)/4, $0x3d2b9f17
DATA eg_p2<>+20(SB)/4, $0x3d2b9f17
DATA eg_p2<>+24(SB)/4, $0x3d2b9f17
DATA eg_p2<>+28(SB)/4, $0x3d2b9f17
GLOBL eg_p2<>(SB), RODATA|NOPTR, $32

DATA eg_p3<>+0(SB)/4, $0x3e2aaf33
DATA eg_p3<>+4(SB)/4, $0x3e2aaf33
DATA eg_p3<>+8(SB)/4, $0x3e2aaf33
DATA eg_p3<>+12(SB)/4, $0x3e2aaf33
DATA eg_p3<>+16(SB)/4, $0x3e2aaf33
DATA eg_p3<>+20(SB)/4, $0x3e2aaf33
DATA eg_p3<>+24(SB)/4, $0x3e2aaf33
DATA eg_p3<>+28(SB)/4, $0x3e2aaf33
GLOBL eg_p3<>(SB), RODATA|NOPTR, $32

DATA eg_p4<>+0(SB)/4, $0x3efffedb
DATA eg_p4<>+4(SB)/4, $0x3efffedb
DATA eg_p4<>+8(SB)/4, $0x3efffedb
DATA eg_p4<>+12(SB)/4, $0x3efffedb
DATA eg_p4<>+16(SB)/4, $0x3efffedb
DATA eg_p4<>+20(SB)/4, $0x3efffedb
DATA eg_p4<>+24(SB)/4, $0x3efffedb
DATA eg_p4<>+28(SB)/4, $0x3efffedb
GLOBL eg_p4<>(SB), RODATA|NOPTR, $32

DATA eg_p5<>+0(SB)/4, $0x3f7ffff6
DATA eg_p5<>+4(SB)/4, $0x3f7ffff6
DATA eg_p5<>+8(SB)/4, $0x3f7ffff6
DATA eg_p5<>+12(SB)/4, $0x3f7ffff6
DATA eg_p5<>+16(SB)/4, $0x3f7ffff6
DATA eg_p5<>+20(SB)/4, $0x3f7ffff6
DATA eg_p5<>+24(SB)/4, $0x3f7ffff6
DATA eg_p5<>+28(SB)/4, $0x3f7ffff6
GLOBL eg_p5<>(SB), RODATA|NOPTR, $32

DATA eg_one<>+0(SB)/4, $0x3f800000
DATA eg_one<>+4(SB)/4, $0x3f800000
DATA eg_one<>+8(SB)/4, $0x3f800000
DATA eg_one<>+12(SB)/4, $0x3f800000
DATA eg_one<>+16(SB)/4, $0x3f800000
DATA eg_one<>+20(SB)/4, $0x3f800000
DATA eg_one<>+24(SB)/4, $0x3f800000
DATA eg_one<>+28(SB)/4, $0x3f800000
GLOBL eg_one<>(SB), RODATA|NOPTR, $32

DATA eg_192<>+0(SB)/4, $0x43400000
DATA eg_192<>+4(SB)/4, $0x43400000
DATA eg_192<>+8(SB)/4, $0x43400000
DATA eg_192<>+12(SB)/4, $0x43400000
DATA eg_192<>+16(SB)/4, $0x43400000
DATA eg_192<>+20(SB)/4, $0x43400000
DATA eg_192<>+24(SB)/4, $0x43400000
DATA eg_192<>+28(SB)/4, $0x43400000
GLOBL eg_192<>(SB), RODATA|NOPTR, $32

DATA eg_inf<>+0(SB)/4, $0x7f800000
DATA eg_inf<>+4(SB)/4, $0x7f800000
DATA eg_inf<>+8(SB)/4, $0x7f800000
DATA eg_inf<>+12(SB)/4, $0x7f800000
DATA eg_inf<>+16(SB)/4, $0x7f800000
DATA eg_inf<>+20(SB)/4, $0x7f800000
DATA eg_inf<>+24(SB)/4, $0x7f800000
DATA eg_inf<>+28(SB)/4, $0x7f800000
GLOBL eg_inf<>(SB), RODATA|NOPTR, $32

DATA eg_abs<>+0(SB)/4, $0x7fffffff
DATA eg_abs<>+4(SB)/4, $0x7fffffff
DATA eg_abs<>+8(SB)/4, $0x7fffffff
DATA eg_abs<>+12(SB)/4, $0x7fffffff
DATA eg_abs<>+16(SB)/4, $0x7fffffff
DATA eg_abs<>+20(SB)/4, $0x7fffffff
DATA eg_abs<>+24(SB)/4, $0x7fffffff
DATA eg_abs<>+28(SB)/4, $0x7fffffff
GLOBL eg_abs<>(SB), RODATA|NOPTR, $32

DATA eg_m125<>+0(SB)/4, $-125
DATA eg_m125<>+4(SB)/4, $-125
DATA eg_m125<>+8(SB)/4, $-125
DATA eg_m125<>+12(SB)/4, $-125
DATA eg_m125<>+16(SB)/4, $-125
DATA eg_m125<>+20(SB)/4, $-125
DATA eg_m125<>+24(SB)/4, $-125
DATA eg_m125<>+28(SB)/4, $-125
GLOBL eg_m125<>(SB), RODATA|NOPTR, $32

DATA eg_p127<>+0(SB)/4, $127
DATA eg_p127<>+4(SB)/4, $127
DATA eg_p127<>+8(SB)/4, $127
DATA eg_p127<>+12(SB)/4, $127
DATA eg_p127<>+16(SB)/4, $127
DATA eg_p127<>+20(SB)/4, $127
DATA eg_p127<>+24(SB)/4, $127
DATA eg_p127<>+28(SB)/4, $127
GLOBL eg_p127<>(SB), RODATA|NOPTR, $32

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

// EXP(x, n, b, u, t): x = exp(x) on 8 lanes; clobbers n, b, u, t and Y15.
// n = round(x*log2e) through the 1.5*2^23 shift; b = x - n*ln2 in two fused
// steps; j = ((p1*b+p2)*u + (p3*b+p4))*u + (p5*b+1), u = b*b, all fused;
// then j*2^n rounded once, as (j*2^c)*2^(n-c) with c = clamp(n, -125, 127)
// (VSCALEFPS in ggml); |n| > 192 gives 0 (n < 0) or +Inf.
#define EXP(x, n, b, u, t) \
	VMOVUPS eg_shift<>(SB), n \
	VFMADD231PS eg_log2e<>(SB), x, n \
	VSUBPS eg_shift<>(SB), n, n \
	VMOVAPS x, b \
	VFNMADD231PS eg_ln2hi<>(SB), n, b \
	VFNMADD231PS eg_ln2lo<>(SB), n, b \
	VMULPS b, b, u \
	VMOVUPS eg_p2<>(SB), x \
	VFMADD231PS eg_p1<>(SB), b, x \
	VMOVUPS eg_p4<>(SB), t \
	VFMADD231PS eg_p3<>(SB), b, t \
	VFMADD213PS t, u, x \
	VMOVUPS eg_one<>(SB), t \
	VFMADD231PS eg_p5<>(SB), b, t \
	VFMADD213PS t, u, x \
	VCVTPS2DQ n, b \
	VPMAXSD eg_m125<>(SB), b, u \
	VPMINSD eg_p127<>(SB), u, u \
	VPSUBD u, b, b \
	VPADDD eg_p127<>(SB), u, u \
	VPSLLD $23, u, u \
	VMULPS u, x, x \
	VPADDD eg_p127<>(SB), b, b \
	VPSLLD $23, b, b \
	VMULPS b, x, x \
	VANDPS eg_abs<>(SB), n, u \
	VCMPPS $0x1e, eg_192<>(SB), u, u \
	VXORPS Y15, Y15, Y15 \
	VCMPPS $0x12, Y15, n, t \
	VMOVUPS eg_inf<>(SB), b \
	VANDNPS b, t, t \
	VBLENDVPS u, t, x, x

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
	EXP(Y0, Y1, Y2, Y4, Y7)
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
	EXP(Y0, Y1, Y2, Y4, Y7)
	VADDPS eg_one<>(SB), Y0, Y0
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
	EXP(Y0, Y1, Y2, Y4, Y7)
	VADDPS eg_one<>(SB), Y0, Y0
	VDIVPS Y0, Y3, Y3
	VMOVUPS Y3, (DI)
	ADDQ $32, DI
	DECQ CX
	JNZ geloop
gedone:
	VZEROUPPER
	RET

// EXP512CONST loads EXP512's constants into Z16-Z31.
#define EXP512CONST \
	VBROADCASTSS eg_shift<>(SB), Z16 \
	VBROADCASTSS eg_log2e<>(SB), Z17 \
	VBROADCASTSS eg_ln2hi<>(SB), Z18 \
	VBROADCASTSS eg_ln2lo<>(SB), Z19 \
	VBROADCASTSS eg_p1<>(SB), Z20 \
	VBROADCASTSS eg_p2<>(SB), Z21 \
	VBROADCASTSS eg_p3<>(SB), Z22 \
	VBROADCASTSS eg_p4<>(SB), Z23 \
	VBROADCASTSS eg_p5<>(SB), Z24 \
	VBROADCASTSS eg_one<>(SB), Z25 \
	VPBROADCASTD eg_m125<>(SB), Z26 \
	VPBROADCASTD eg_p127<>(SB), Z27 \
	VBROADCASTSS eg_192<>(SB), Z28 \
	VBROADCASTSS eg_inf<>(SB), Z29 \
	VBROADCASTSS eg_abs<>(SB), Z30 \
	VPXORD Z31, Z31, Z31

// EXP512: Z0 = exp(Z0) on 16 lanes, EXP's operations lane for lane (the
// same bits); constants in Z16-Z31 (EXP512CONST); clobbers Z1-Z4, K1, K2.
#define EXP512 \
	VMOVAPS Z16, Z1 \
	VFMADD231PS Z17, Z0, Z1 \
	VSUBPS Z16, Z1, Z1 \
	VMOVAPS Z0, Z2 \
	VFNMADD231PS Z18, Z1, Z2 \
	VFNMADD231PS Z19, Z1, Z2 \
	VMULPS Z2, Z2, Z3 \
	VMOVAPS Z21, Z0 \
	VFMADD231PS Z20, Z2, Z0 \
	VMOVAPS Z23, Z4 \
	VFMADD231PS Z22, Z2, Z4 \
	VFMADD213PS Z4, Z3, Z0 \
	VMOVAPS Z25, Z4 \
	VFMADD231PS Z24, Z2, Z4 \
	VFMADD213PS Z4, Z3, Z0 \
	VCVTPS2DQ Z1, Z2 \
	VPMAXSD Z26, Z2, Z3 \
	VPMINSD Z27, Z3, Z3 \
	VPSUBD Z3, Z2, Z2 \
	VPADDD Z27, Z3, Z3 \
	VPSLLD $23, Z3, Z3 \
	VMULPS Z3, Z0, Z0 \
	VPADDD Z27, Z2, Z2 \
	VPSLLD $23, Z2, Z2 \
	VMULPS Z2, Z0, Z0 \
	VANDPS Z30, Z1, Z3 \
	VCMPPS $0x1e, Z28, Z3, K1 \
	VCMPPS $0x12, Z31, Z1, K2 \
	VMOVAPS Z29, Z4 \
	VPXORD Z4, Z4, K2, Z4 \
	VMOVAPS Z4, K1, Z0

// func expSubAVX512(x []float32, m float32)
// x[i] = exp(x[i] - m) for whole groups of 16 (len(x) a multiple of 16),
// expSubAVX2's operations on twice the lanes.
TEXT ·expSubAVX512(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	VBROADCASTSS m+24(FP), Z5
	SHRQ $4, CX
	JZ e5done
	EXP512CONST
e5loop:
	VMOVUPS (DI), Z0
	VSUBPS Z5, Z0, Z0
	EXP512
	VMOVUPS Z0, (DI)
	ADDQ $64, DI
	DECQ CX
	JNZ e5loop
e5done:
	VZEROUPPER
	RET
