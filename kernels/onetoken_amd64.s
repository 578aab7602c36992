//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func vecLanesAVX2(a, b []float32, acc *[4][16]float32)
// vecLanesGeneric for len(a) a multiple of 64 (len(b) >= len(a)): element i
// of each 64-value chunk into acc[(i/16)%4][i%16] by a fused multiply-add,
// chunks in order. Y0..Y7 hold the 64 accumulators, eight each.
TEXT ·vecLanesAVX2(SB), NOSPLIT, $0-56
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	MOVQ acc+48(FP), DI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	SHRQ $6, CX
	JZ vlstore
vlloop:
	VMOVUPS 0(SI), Y8
	VFMADD231PS 0(DX), Y8, Y0
	VMOVUPS 32(SI), Y9
	VFMADD231PS 32(DX), Y9, Y1
	VMOVUPS 64(SI), Y10
	VFMADD231PS 64(DX), Y10, Y2
	VMOVUPS 96(SI), Y11
	VFMADD231PS 96(DX), Y11, Y3
	VMOVUPS 128(SI), Y12
	VFMADD231PS 128(DX), Y12, Y4
	VMOVUPS 160(SI), Y13
	VFMADD231PS 160(DX), Y13, Y5
	VMOVUPS 192(SI), Y14
	VFMADD231PS 192(DX), Y14, Y6
	VMOVUPS 224(SI), Y15
	VFMADD231PS 224(DX), Y15, Y7
	ADDQ $256, SI
	ADDQ $256, DX
	DECQ CX
	JNZ vlloop
vlstore:
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	VZEROUPPER
	RET

// func fmaAxpyAVX2(y []float32, a float32, x []float32)
// y[i] = fma(x[i], a, y[i]) for i < len(y)&^7 (len(x) >= len(y)).
TEXT ·fmaAxpyAVX2(SB), NOSPLIT, $0-56
	MOVQ y_base+0(FP), DI
	MOVQ y_len+8(FP), CX
	VBROADCASTSS a+24(FP), Y1
	MOVQ x_base+32(FP), SI
	SHRQ $3, CX
	JZ faend
faloop:
	VMOVUPS (DI), Y0
	VFMADD231PS (SI), Y1, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	DECQ CX
	JNZ faloop
faend:
	VZEROUPPER
	RET
