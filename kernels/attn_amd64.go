//go:build amd64 && !purego && !noasm

package kernels

// attnScoresAVX2 is AttnScores with dotF32AVX2's instruction sequence per
// row (so each score equals Dot's bit for bit); attnSumAVX2 is AttnSum with
// axpyAVX2's VMULPS-then-VADDPS per element, holding 64 outputs in
// registers across all rows. Operands are checked by the callers.
//
//go:noescape
func attnScoresAVX2(dst, q, k []float32, rows []int32, stride, off int)

//go:noescape
func attnScores8AVX2(dst, q, k []float32, rows []int32, stride, off int)

//go:noescape
func attnSumAVX2(out, p, v []float32, rows []int32, stride, off int)

func attnScores(dst, q, k []float32, rows []int32, stride, off int) {
	if useDotAVX2 {
		if len(q)%8 == 0 {
			attnScores8AVX2(dst, q, k, rows, stride, off)
			return
		}
		attnScoresAVX2(dst, q, k, rows, stride, off)
		return
	}
	attnScoresGeneric(dst, q, k, rows, stride, off)
}

func attnSum(out, p, v []float32, rows []int32, stride, off int) {
	if useVecAVX2 {
		attnSumAVX2(out, p, v, rows, stride, off)
		return
	}
	attnSumGeneric(out, p, v, rows, stride, off)
}
