//go:build amd64 && !purego && !noasm

package kernels

import "hyoka/gguf"

// The k-quant x8 kernels of x8k_amd64.s. Callers pass in-bounds operands:
// w holds ngroups*nb records, qs/d/bsums nb super-blocks of Q8_K
// activations (four-token: a packed4, 4*nb), dst the outputs.

//go:noescape
func x8kQ4_K(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ5_K(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ6_K(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ4_Kx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ5_Kx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ6_Kx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

var x8kKernels = map[gguf.Type]struct {
	one  func(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
	four func(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
}{
	gguf.Q4_K: {x8kQ4_K, x8kQ4_Kx4},
	gguf.Q5_K: {x8kQ5_K, x8kQ5_Kx4},
	gguf.Q6_K: {x8kQ6_K, x8kQ6_Kx4},
}

// x8kRows computes dst[8g+r] (len(dst) == 8*ngroups) for one token.
func x8kRows(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	_ = dst[8*ngroups-1]
	_ = w[ngroups*nb*x8kTypes[t]-1]
	_, _, _ = a.qs[256*nb-1], a.d[nb-1], a.bsums[16*nb-1]
	x8kKernels[t].one(dst, w, ngroups, nb, a.qs, a.d, a.bsums)
}

// x8kTile4 computes dst[j*stride+8g+r] for the four tokens of p.
func x8kTile4(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	_ = dst[3*stride+8*ngroups-1]
	_ = w[ngroups*nb*x8kTypes[t]-1]
	_, _, _ = p.qs[1024*nb-1], p.d[4*nb-1], p.bsums[64*nb-1]
	x8kKernels[t].four(dst, stride, w, ngroups, nb, p.qs, p.d, p.bsums)
}

// The exact-order Q4_K kernels (same arguments and records as x8kQ4_K and
// x8kQ4_Kx4; outputs the bits of dotQ4_KGeneric).

//go:noescape
func x8kQ4_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ4_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

// The exact-order Q5_K kernels (same arguments and records as x8kQ5_K and
// x8kQ5_Kx4; outputs the bits of dotQ5_KGeneric).

//go:noescape
func x8kQ5_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ5_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

// The exact-order Q6_K kernels (same arguments and records as x8kQ6_K and
// x8kQ6_Kx4; outputs the bits of dotQ6_KGeneric).

//go:noescape
func x8kQ6_KExact(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

//go:noescape
func x8kQ6_KExactx4(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)

// x8kExactKernels are the exact-order kernels of each type in x8ExactTypes.
var x8kExactKernels = map[gguf.Type]struct {
	one  func(dst []float32, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
	four func(dst []float32, stride int, w []byte, ngroups, nb int, qs []int8, d []float32, bsums []int16)
}{
	gguf.Q4_K: {x8kQ4_KExact, x8kQ4_KExactx4},
	gguf.Q5_K: {x8kQ5_KExact, x8kQ5_KExactx4},
	gguf.Q6_K: {x8kQ6_KExact, x8kQ6_KExactx4},
}

// x8ExactRows is x8kRows with the exact-order kernels (t in x8ExactTypes).
func x8ExactRows(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	k, ok := x8kExactKernels[t]
	if !ok {
		panic("kernels: no exact x8 kernel for " + t.String())
	}
	_ = dst[8*ngroups-1]
	_ = w[ngroups*nb*x8kTypes[t]-1]
	_, _, _ = a.qs[256*nb-1], a.d[nb-1], a.bsums[16*nb-1]
	k.one(dst, w, ngroups, nb, a.qs, a.d, a.bsums)
}

// x8ExactTile4 is x8kTile4 with the exact-order kernels (t in x8ExactTypes).
func x8ExactTile4(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	k, ok := x8kExactKernels[t]
	if !ok {
		panic("kernels: no exact x8 kernel for " + t.String())
	}
	_ = dst[3*stride+8*ngroups-1]
	_ = w[ngroups*nb*x8kTypes[t]-1]
	_, _, _ = p.qs[1024*nb-1], p.d[4*nb-1], p.bsums[64*nb-1]
	k.four(dst, stride, w, ngroups, nb, p.qs, p.d, p.bsums)
}
