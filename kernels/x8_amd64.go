//go:build amd64 && !purego && !noasm

package kernels

import "hyoka/gguf"

// The x8 kernels of x8_amd64.s. Callers pass in-bounds operands: w holds
// ngroups*nb records, qs/d/s nb blocks (four-token: 4*nb), dst the outputs.

//go:noescape
func x8Q4_0(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)

//go:noescape
func x8Q4_1(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)

//go:noescape
func x8Q5_0(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)

//go:noescape
func x8Q8_0(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)

//go:noescape
func x8Q4_0x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)

//go:noescape
func x8Q4_1x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)

//go:noescape
func x8Q5_0x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)

//go:noescape
func x8Q8_0x4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)

var useX8 bool // AVX-512 VNNI kernels over the x8 layout

func registerX8() {
	useX8 = useAVX512
	register("qdot", "avx512vnni-x8", &useX8)
}

func x8Available() bool { return useX8 }

type x8Func func(dst []float32, w []byte, ngroups, nb int, qs []int8, d, s []float32)
type x8Func4 func(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d, s []float32)

var x8Kernels = map[gguf.Type]struct {
	one  x8Func
	four x8Func4
}{
	gguf.Q4_0: {x8Q4_0, x8Q4_0x4},
	gguf.Q4_1: {x8Q4_1, x8Q4_1x4},
	gguf.Q5_0: {x8Q5_0, x8Q5_0x4},
	gguf.Q8_0: {x8Q8_0, x8Q8_0x4},
}

// x8Rows computes dst[8g+r] (len(dst) == 8*ngroups) for one token.
func x8Rows(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	if x8kTypes[t] != 0 {
		x8kRows(t, dst, w, ngroups, nb, a)
		return
	}
	_ = dst[8*ngroups-1]
	_ = w[ngroups*nb*x8Record(t)-1]
	_, _, _ = a.qs[32*nb-1], a.d[nb-1], a.s[nb-1]
	x8Kernels[t].one(dst, w, ngroups, nb, a.qs, a.d, a.s)
}

// x8Tile4 computes dst[j*stride+8g+r] for the four tokens of p.
func x8Tile4(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	if x8kTypes[t] != 0 {
		x8kTile4(t, dst, stride, w, ngroups, nb, p)
		return
	}
	_ = dst[3*stride+8*ngroups-1]
	_ = w[ngroups*nb*x8Record(t)-1]
	_, _, _ = p.qs[128*nb-1], p.d[4*nb-1], p.s[4*nb-1]
	x8Kernels[t].four(dst, stride, w, ngroups, nb, p.qs, p.d, p.s)
}

//go:noescape
func peakVNNIAVX512(n int)

func peakVNNI(n int) float64 {
	if !useX8 {
		return 0
	}
	peakVNNIAVX512(n)
	return float64(n) * 8 * 64 // 8 instructions, 32 byte pairs, 2 operations each
}
