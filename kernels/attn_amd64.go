//go:build amd64 && !purego && !noasm

package kernels

// attnSumL16AVX2 is attnSumGeneric bit for bit (see ggml_amd64.s), its 16
// lanes in registers eight outputs at a time. attnScores8AVX2 and
// attnSumAVX2 (attn_amd64.s) are the fast family's kernels. Operands are
// checked by the callers.
//
//go:noescape
func attnSumL16AVX2(out, p, v []float32, rows []int32, stride, off, lane0 int)

// attnSumL16AVX512 is attnSumL16AVX2 with sixteen outputs at a time
// (attnsum512_amd64.s).
//
//go:noescape
func attnSumL16AVX512(out, p, v []float32, rows []int32, stride, off, lane0 int)

// attnScoresL16AVX512 is attnScoresL16AVX2 eight keys at a time
// (attnsum512_amd64.s); len(dst) a multiple of 8.
//
//go:noescape
func attnScoresL16AVX512(dst, q, k []float32, rows []int32, stride, off int)

//go:noescape
func attnScoresL16AVX2(dst, q, k []float32, rows []int32, stride, off int)

// attnScoresExact computes AttnScores's first scores eight (AVX-512) or
// four keys at a time with Dot's arithmetic where it can (Dot's AVX2
// kernel in use, len(q) a multiple of 16) and returns how many it computed.
func attnScoresExact(dst, q, k []float32, rows []int32, stride, off int) int {
	if !useDotAVX2 || len(q)%16 != 0 {
		return 0
	}
	n8 := 0
	if useDot512 {
		n8 = len(dst) &^ 7
		attnScoresL16AVX512(dst[:n8], q, k, rows, stride, off)
	}
	n4 := (len(dst) - n8) &^ 3
	attnScoresL16AVX2(dst[n8:n8+n4], q, k, rows[n8:], stride, off)
	return n8 + n4
}

//go:noescape
func attnScores8AVX2(dst, q, k []float32, rows []int32, stride, off int)

//go:noescape
func attnSumAVX2(out, p, v []float32, rows []int32, stride, off int)

func attnSum(out, p, v []float32, rows []int32, stride, off, lane0 int) {
	if useDot512 {
		attnSumL16AVX512(out, p, v, rows, stride, off, lane0)
		return
	}
	if useDotAVX2 {
		attnSumL16AVX2(out, p, v, rows, stride, off, lane0)
		return
	}
	attnSumGeneric(out, p, v, rows, stride, off, lane0)
}

func attnScoresFast(dst, q, k []float32, rows []int32, stride, off int) {
	if useDotAVX2 && len(q)%8 == 0 {
		attnScores8AVX2(dst, q, k, rows, stride, off)
		return
	}
	attnScoresFastGeneric(dst, q, k, rows, stride, off)
}

func attnSumFast(out, p, v []float32, rows []int32, stride, off int) {
	if useVecAVX2 {
		attnSumAVX2(out, p, v, rows, stride, off)
		return
	}
	attnSumFastGeneric(out, p, v, rows, stride, off)
}
