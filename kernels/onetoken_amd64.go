//go:build amd64 && !purego && !noasm

package kernels

// vecLanesAVX2 is vecLanesGeneric for len(a) a multiple of 64, bit for bit
// (lanes are independent and each step is one fused multiply-add). Operands
// are checked by vecLanes.
//
//go:noescape
func vecLanesAVX2(a, b []float32, acc *[4][16]float32)

// fmaAxpyAVX2 is fmaAxpyGeneric on the first len(y)&^7 elements, bit for
// bit. Operands are checked by fmaAxpy.
//
//go:noescape
func fmaAxpyAVX2(y []float32, a float32, x []float32)

func vecLanes(a, b []float32) [4][16]float32 {
	if !useDotAVX2 || len(a)%vecF16Step != 0 {
		return vecLanesGeneric(a, b)
	}
	var acc [4][16]float32
	vecLanesAVX2(a, b[:len(a)], &acc)
	return acc
}

func fmaAxpy(y []float32, a float32, x []float32) {
	x = x[:len(y)]
	n := 0
	if useDotAVX2 {
		n = len(y) &^ 7
		fmaAxpyAVX2(y[:n], a, x[:n])
	}
	fmaAxpyGeneric(y[n:], a, x[n:])
}
