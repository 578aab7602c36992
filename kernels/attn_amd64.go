//go:build amd64 && !purego && !noasm

package kernels

// attnSumL16AVX2 is attnSumGeneric bit for bit (see ggml_amd64.s); acc is
// scratch for 16 lanes of (len(out)+7)&^7 values. Operands are checked by
// the callers.
//
//go:noescape
func attnSumL16AVX2(out, p, v []float32, rows []int32, stride, off, lane0 int, acc []float32)

func attnScores(dst, q, k []float32, rows []int32, stride, off int) {
	for t := range dst {
		r := int(rows[t])*stride + off
		dst[t] = dot(q, k[r:r+len(q)])
	}
}

func attnSum(out, p, v []float32, rows []int32, stride, off, lane0 int) {
	if useDotAVX2 {
		np := (len(out) + 7) &^ 7
		var buf [16 * 256]float32
		acc := buf[:]
		if 16*np > len(buf) {
			acc = make([]float32, 16*np)
		}
		attnSumL16AVX2(out, p, v, rows, stride, off, lane0, acc[:16*np])
		return
	}
	attnSumGeneric(out, p, v, rows, stride, off, lane0)
}
