//go:build amd64 && !purego && !noasm

package kernels

import "hyoka/gguf"

// Assembly in qdot_amd64.s. Each rowsXXXAVX2 is, for r < len(dst):
//
//	dst[r] = dotXXXGeneric(w[r*rowBytes:(r+1)*rowBytes], a)
//
// up to float32 rounding (see qdot_generic.go for the reference loops).

//go:noescape
func rowsQ8_0AVX2(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rowsQ4_0AVX2(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rowsQ4_1AVX2(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rowsQ5_0AVX2(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rowsQ4_KAVX2(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rowsQ5_KAVX2(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rowsQ6_KAVX2(dst []float32, w []byte, rowBytes int, a *qAct)

// rowsQ4_KVecAVX2 is dotQ4_KVecGeneric per row, bit for bit.
//
//go:noescape
func rowsQ4_KVecAVX2(dst []float32, w []byte, rowBytes int, a *qAct)

// rowsQ4_KVec returns the Q4_K gemv row kernel in use (MatMulLlamaCpp).
func rowsQ4_KVec() rowsDotFunc {
	if !useQdotAVX2 {
		return genericRows(dotQ4_KVecGeneric)
	}
	return func(dst []float32, w []byte, rowBytes int, a *qAct) {
		// The assembly trusts these bounds.
		nb := len(a.qs) / 256
		if len(a.qs)%256 != 0 || len(a.d) < nb || len(a.bsums) < 16*nb || rowBytes < 144*nb || len(w) < len(dst)*rowBytes {
			panic("kernels: Q4_K gemv: operands out of bounds")
		}
		rowsQ4_KVecAVX2(dst, w, rowBytes, a)
	}
}

// dotF32AVX2 is Dot (dotLanes16) bit for bit; len(b) >= len(a).
//
//go:noescape
func dotF32AVX2(a, b []float32) float32

// Per-family toggles (registry entries), on where the CPU has AVX2+FMA+F16C.
var (
	useQdotAVX2 bool
	useQdotVNNI bool // AVX-512 VNNI tiles (on top of the AVX2 kernels)
	useDotAVX2  bool
	useDot512   bool // AVX-512 exact attention (registry family "attn")
)

func registerAsm() {
	useQdotAVX2, useDotAVX2 = useAVX2, useAVX2
	useQdotVNNI = useAVX512
	register("qdot", "avx2", &useQdotAVX2)
	register("qdot", "avx512vnni", &useQdotVNNI)
	register("dot_f32", "avx2", &useDotAVX2)
	useDot512 = useAVX512
	register("attn", "avx512", &useDot512)
}

// Four-row VNNI row dots in rows4_amd64.s: rowsXXXAVX2's results for
// len(dst) a multiple of 4, two FMA chains of two rows each.

//go:noescape
func rows4Q8_0VNNI(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rows4Q4_0VNNI(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rows4Q4_1VNNI(dst []float32, w []byte, rowBytes int, a *qAct)

//go:noescape
func rows4Q5_0VNNI(dst []float32, w []byte, rowBytes int, a *qAct)

var rows4VNNI = map[gguf.Type]rowsDotFunc{
	gguf.Q8_0: rows4Q8_0VNNI,
	gguf.Q4_0: rows4Q4_0VNNI,
	gguf.Q4_1: rows4Q4_1VNNI,
	gguf.Q5_0: rows4Q5_0VNNI,
}

var rowsAVX2 = map[gguf.Type]rowsDotFunc{
	gguf.Q8_0: rowsQ8_0AVX2,
	gguf.Q4_0: rowsQ4_0AVX2,
	gguf.Q4_1: rowsQ4_1AVX2,
	gguf.Q5_0: rowsQ5_0AVX2,
	gguf.Q4_K: rowsQ4_KAVX2,
	gguf.Q5_K: rowsQ5_KAVX2,
	gguf.Q6_K: rowsQ6_KAVX2,
}

// quantRowsDot returns the row-dot kernel of weight type t in use; dot is
// its generic one-row version.
func quantRowsDot(t gguf.Type, dot func([]byte, *qAct) float32) rowsDotFunc {
	if useQdotAVX2 {
		if f := rowsAVX2[t]; f != nil {
			f4 := rows4VNNI[t] // four rows at a time, the rest through f
			if !useQdotVNNI {
				f4 = nil
			}
			bs := qKernels[t].act
			ts := t.Traits().TypeSize
			return func(dst []float32, w []byte, rowBytes int, a *qAct) {
				// The assembly trusts these bounds.
				if len(a.qs)%bs != 0 || len(a.d) < len(a.qs)/bs || rowBytes < len(a.qs)/bs*ts ||
					len(w) < len(dst)*rowBytes || (bs == 32 && len(a.s) < len(a.qs)/32) || (bs == 256 && len(a.bsums) < len(a.qs)/16) {
					panic("kernels: row dot: operands out of bounds")
				}
				n4 := 0
				if f4 != nil {
					n4 = len(dst) &^ 3
					if n4 > 0 {
						f4(dst[:n4], w, rowBytes, a)
					}
				}
				if n4 < len(dst) {
					f(dst[n4:], w[n4*rowBytes:], rowBytes, a)
				}
			}
		}
	}
	return genericRows(dot)
}

// quantQ8AVX2 is quantizeQ8Generic on blocks of 1<<shift values (5: fills
// s, Q8_1's when q81 == 1; 8: fills bsums), bit for bit.
//
//go:noescape
func quantQ8AVX2(x []float32, qs []int8, d, s []float32, bsums []int16, shift, q81 int)

func quantizeQ8Blocks(a *qAct, x []float32, bs int, q81 bool) {
	if useQdotAVX2 {
		nb := len(x) / bs
		if len(x)%bs != 0 || len(a.qs) < len(x) || len(a.d) < nb || (bs == 32 && len(a.s) < nb) || (bs == 256 && len(a.bsums) < 16*nb) {
			panic("kernels: quantize: operands out of bounds")
		}
		shift := 5
		if bs == 256 {
			shift = 8
		}
		f := 0
		if q81 {
			f = 1
		}
		quantQ8AVX2(x, a.qs, a.d, a.s, a.bsums, shift, f)
		return
	}
	quantizeQ8Generic(a, x, bs, q81)
}

// dotF16AVX2 and dotBF16AVX2 are dotF16Generic and dotBF16Generic:
// sum_i w_i * x[i] for i < len(x), w a row of len(x) half-precision values.
//
//go:noescape
func dotF16AVX2(w []byte, x []float32) float32

//go:noescape
func dotBF16AVX2(w []byte, x []float32) float32

func floatRowDot(t gguf.Type, dot func([]byte, []float32) float32) func([]byte, []float32) float32 {
	if useDotAVX2 {
		var f func([]byte, []float32) float32
		switch t {
		case gguf.F16:
			f = dotF16AVX2
		case gguf.BF16:
			f = dotBF16AVX2
		}
		if f != nil {
			return func(w []byte, x []float32) float32 {
				if len(w) < 2*len(x) {
					panic("kernels: float row dot: operands out of bounds")
				}
				return f(w, x)
			}
		}
	}
	return dot
}

func dot(a, b []float32) float32 {
	if useDotAVX2 {
		_ = b[:len(a)]
		return dotF32AVX2(a, b)
	}
	return dotGeneric(a, b)
}

//go:noescape
func peakFMAAVX2(n int)

//go:noescape
func peakInt8AVX2(n int)

func peakFMA(n int) float64 {
	if useDotAVX2 {
		peakFMAAVX2(n)
		return float64(n) * 8 * 16
	}
	return peakFMAGeneric(n)
}

func peakInt8(n int) float64 {
	if useDotAVX2 {
		peakInt8AVX2(n)
		return float64(n) * 8 * 64
	}
	return peakInt8Generic(n)
}

func hasAsmRows(t gguf.Type) bool { return rowsAVX2[t] != nil }

// tileImpl names the tile MatMul uses for t's prompt batches.
func tileImpl(t gguf.Type) string {
	switch {
	case useQdotVNNI && tile4VNNI[t] != nil:
		return "avx512vnni"
	case useQdotAVX2 && (tile4AVX2[t] != nil || tile4KAVX2[t] != nil):
		return "avx2"
	}
	return ""
}

func floatImpl(t gguf.Type) string { return InUse("dot_f32") }

// Four-token tiles in tile_amd64.s: for r < nrows and j < 4,
//
//	dst[j*stride + r] = dotXXXGeneric(w[r*rowBytes:], token j)
//
// with the four tokens' activations packed block-interleaved (see packAct4),
// computed with the same operations per output as rowsXXXAVX2.

//go:noescape
func tile4Q8_0AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

//go:noescape
func tile4Q4_0AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

//go:noescape
func tile4Q4_1AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

//go:noescape
func tile4Q5_0AVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

//go:noescape
func tile4Q4_KAVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d []float32, bsums []int16)

//go:noescape
func tile4Q6_KAVX2(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d []float32, bsums []int16)

//go:noescape
func tile4Q8_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

//go:noescape
func tile4Q4_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

//go:noescape
func tile4Q4_1VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

//go:noescape
func tile4Q5_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32)

// Eight-token tiles in tilevnni_amd64.s: the four-token tiles' results
// for two packed groups (tokens 0-3 from qs0/d0/s0, 4-7 from qs1/d1/s1):
// dst[j*stride + r] for j < 8. d0 and d1 are the groups' spread scales
// (packed4.dx, 32 floats a block), not packed4.d.

// tile8Q8_0VNNI and tile8Q5_0VNNI multiply unsigned weights (Q8_0's plus
// 128, Q5_0's 0..31) and start each lane at s0/s1, the activations'
// corrections (packCorr with tileCorrShift's shift), so that every lane
// ends at the integer sum of the signed weights, as tile4's.
//
//go:noescape
func tile8Q8_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0 []float32, s0 []int32, qs1 []int8, d1 []float32, s1 []int32)

//go:noescape
func tile8Q4_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)

//go:noescape
func tile8Q4_1VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32)

//go:noescape
func tile8Q5_0VNNI(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0 []float32, s0 []int32, qs1 []int8, d1 []float32, s1 []int32)

var tile8VNNI = map[gguf.Type]func(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0, s0 []float32, qs1 []int8, d1, s1 []float32){
	gguf.Q4_0: tile8Q4_0VNNI,
	gguf.Q4_1: tile8Q4_1VNNI,
}

// tile8VNNICorr holds the eight-token tiles that take packCorr's
// corrections, with their shifts.
var tile8VNNICorr = map[gguf.Type]struct {
	f     func(dst []float32, stride, nrows int, w []byte, rowBytes int, qs0 []int8, d0 []float32, s0 []int32, qs1 []int8, d1 []float32, s1 []int32)
	shift int
}{
	gguf.Q8_0: {tile8Q8_0VNNI, 7},
	gguf.Q5_0: {tile8Q5_0VNNI, 4},
}

// tileCorrShift returns the packCorr shift that quantTile8(t) needs, or -1.
func tileCorrShift(t gguf.Type) int {
	if c, ok := tile8VNNICorr[t]; ok && useQdotAVX2 && useQdotVNNI {
		return c.shift
	}
	return -1
}

//go:noescape
func q5ToQ8AVX512(dst, src []byte, nb int)

// q5ToQ8 rewrites nb Q5_0 blocks of src as Q8_0 blocks in dst (see
// q5ToQ8Generic); the assembly where the eight-token tiles run.
func q5ToQ8(dst, src []byte, nb int) {
	_, _ = dst[34*nb-1], src[22*nb-1]
	if useQdotAVX2 && useQdotVNNI {
		q5ToQ8AVX512(dst, src, nb)
		return
	}
	q5ToQ8Generic(dst, src, nb)
}

// quantTile8 returns the eight-token tile kernel of t in use, or nil.
func quantTile8(t gguf.Type) tile8Func {
	f := tile8VNNI[t]
	c, corr := tile8VNNICorr[t]
	if !useQdotAVX2 || !useQdotVNNI || (f == nil && !corr) {
		return nil
	}
	bs, ts := qKernels[t].act, t.Traits().TypeSize
	return func(dst []float32, stride, nrows int, w []byte, rowBytes int, p0, p1 *packed4) {
		nb := len(p0.qs) / (4 * bs)
		if nrows == 0 {
			return
		}
		for _, p := range [2]*packed4{p0, p1} {
			if len(p.qs) != 4*bs*nb || len(p.dx) < 32*nb || (!corr && len(p.s) < 4*nb) || (corr && len(p.corr) < 32*nb) {
				panic("kernels: tile8: activations out of bounds")
			}
		}
		if rowBytes < nb*ts || len(w) < nrows*rowBytes || stride < nrows || len(dst) < 7*stride+nrows {
			panic("kernels: tile8: operands out of bounds")
		}
		if corr {
			c.f(dst, stride, nrows, w, rowBytes, p0.qs, p0.dx, p0.corr, p1.qs, p1.dx, p1.corr)
			return
		}
		f(dst, stride, nrows, w, rowBytes, p0.qs, p0.dx, p0.s, p1.qs, p1.dx, p1.s)
	}
}

var tile4VNNI = map[gguf.Type]func(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32){
	gguf.Q8_0: tile4Q8_0VNNI,
	gguf.Q4_0: tile4Q4_0VNNI,
	gguf.Q4_1: tile4Q4_1VNNI,
	gguf.Q5_0: tile4Q5_0VNNI,
}

var tile4KAVX2 = map[gguf.Type]func(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d []float32, bsums []int16){
	gguf.Q4_K: tile4Q4_KAVX2,
	gguf.Q6_K: tile4Q6_KAVX2,
}

var tile4AVX2 = map[gguf.Type]func(dst []float32, stride, nrows int, w []byte, rowBytes int, qs []int8, d, s []float32){
	gguf.Q8_0: tile4Q8_0AVX2,
	gguf.Q4_0: tile4Q4_0AVX2,
	gguf.Q4_1: tile4Q4_1AVX2,
	gguf.Q5_0: tile4Q5_0AVX2,
}

// quantTile4 returns the four-token tile kernel of t in use, or nil.
func quantTile4(t gguf.Type) tile4Func {
	if !useQdotAVX2 {
		return nil
	}
	f, fk := tile4AVX2[t], tile4KAVX2[t]
	if useQdotVNNI && tile4VNNI[t] != nil {
		f = tile4VNNI[t]
	}
	if f == nil && fk == nil {
		return nil
	}
	bs, ts := qKernels[t].act, t.Traits().TypeSize
	return func(dst []float32, stride, nrows int, w []byte, rowBytes int, p *packed4) {
		nb := len(p.qs) / (4 * bs)
		if nrows == 0 {
			return
		}
		if len(p.qs) != 4*bs*nb || len(p.d) < 4*nb || rowBytes < nb*ts || len(w) < nrows*rowBytes ||
			stride < nrows || len(dst) < 3*stride+nrows ||
			(f != nil && len(p.s) < 4*nb) || (fk != nil && len(p.bsums) < 4*16*nb) {
			panic("kernels: tile: operands out of bounds")
		}
		if f != nil {
			f(dst, stride, nrows, w, rowBytes, p.qs, p.d, p.s)
		} else {
			fk(dst, stride, nrows, w, rowBytes, p.qs, p.d, p.bsums)
		}
	}
}

//go:noescape
func axpyAVX2(y []float32, a float32, x []float32)

//go:noescape
func roundF16AVX2(x []float32)

//go:noescape
func toF16AVX2(dst []uint16, x []float32)

//go:noescape
func fromF16AVX2(dst []float32, h []uint16)

func toF16(dst []uint16, x []float32) {
	if useVecAVX2 {
		toF16AVX2(dst, x)
		return
	}
	toF16Generic(dst, x)
}

func fromF16(dst []float32, h []uint16) {
	if useVecAVX2 {
		fromF16AVX2(dst, h)
		return
	}
	fromF16Generic(dst, h)
}

var (
	useVecAVX2   bool // Axpy, RoundF16, ToF16, FromF16
	useExpSub512 bool // the softmax's exp on 16 lanes
)

func registerVec() {
	useVecAVX2 = useAVX2
	register("vec", "avx2", &useVecAVX2)
	useExpSub512 = useAVX512
	register("expsub", "avx512", &useExpSub512)
}

func axpy(y []float32, a float32, x []float32) {
	if useVecAVX2 {
		axpyAVX2(y, a, x)
		return
	}
	axpyGeneric(y, a, x)
}

func roundF16(x []float32) {
	if useVecAVX2 {
		roundF16AVX2(x)
		return
	}
	roundF16Generic(x)
}

//go:noescape
func expSubAVX2(x []float32, m float32)

//go:noescape
func siluAVX2(x []float32)

//go:noescape
func geluAVX2(x []float32)

// expSubAVX512 is expSubAVX2 on 16 lanes: every lane takes the same
// operations, so the two give the same bits (exp_amd64.s).
//
//go:noescape
func expSubAVX512(x []float32, m float32)

func expSub(x []float32, m float32) {
	if useExpSub512 {
		n := len(x) &^ 15
		expSubAVX512(x[:n], m)
		x = x[n:]
	}
	if useVecAVX2 {
		expSubAVX2(x, m)
		vecTail(x, func(t []float32) { expSubAVX2(t, m) })
		return
	}
	expSubGeneric(x, m)
}

func silu(x []float32) {
	if useVecAVX2 {
		siluAVX2(x)
		vecTail(x, siluAVX2)
		return
	}
	siluGeneric(x)
}

func gelu(x []float32) {
	if useVecAVX2 {
		geluAVX2(x)
		vecTail(x, geluAVX2)
		return
	}
	geluGeneric(x)
}

//go:noescape
func gegluTableAVX2(gate, up []float32, table *[1 << 16]float32)

func gegluTable(gate, up []float32, table *[1 << 16]float32) {
	if useVecAVX2 {
		gegluTableAVX2(gate, up, table)
		n := len(gate) &^ 7
		gegluTableGeneric(gate[n:], up[n:], table)
		return
	}
	gegluTableGeneric(gate, up, table)
}

//go:noescape
func vecBinaryAVX2(op int, dst, x []float32, s float32)

func vecBinary(op int, dst, x []float32, s float32) {
	if useVecAVX2 {
		vecBinaryAVX2(op, dst, x, s)
		return
	}
	vecBinaryGeneric(op, dst, x, s)
}

//go:noescape
func sum16AVX2(x []float32, sum float64) float64

//go:noescape
func maxAVX2(x []float32) float32

//go:noescape
func maxNaNAVX2(x []float32) (m float32, nan bool)

// argmax is Argmax: with AVX2, the largest value and whether there are
// NaNs in one vector pass (maxNaNAVX2), then the first index of that
// value (firstEqAVX2); with NaNs, the loop.
func argmax(x []float32) int {
	if !useVecAVX2 || len(x) < 16 {
		return argmaxGeneric(x)
	}
	n := len(x) &^ 15
	m, nan := maxNaNAVX2(x[:n])
	for _, v := range x[n:] {
		nan = nan || v != v
		m = max(m, v)
	}
	if nan {
		return argmaxGeneric(x)
	}
	if i := firstEqAVX2(x[:n], m); i < n {
		return i
	}
	for i, v := range x[n:] {
		if v == m {
			return n + i
		}
	}
	return argmaxGeneric(x)
}

//go:noescape
func firstEqAVX2(x []float32, m float32) int

func sum16(x []float32, sum float64) float64 {
	if useVecAVX2 {
		return sum16AVX2(x, sum)
	}
	return sum16Generic(x, sum)
}

// maxOf is the largest element of x (len(x) >= 1). Where NaNs or both
// zeros are present the AVX2 version may pick another of them than the
// generic one; Softmax's result is the same either way.
func maxOf(x []float32) float32 {
	if useVecAVX2 && len(x) >= 8 {
		n := len(x) &^ 7
		m := maxAVX2(x[:n])
		for _, v := range x[n:] {
			m = max(m, v)
		}
		return m
	}
	return maxOfGeneric(x)
}
