//go:build amd64 && !purego && !noasm

package kernels

// attnSumL16AVX2 is attnSumGeneric bit for bit (see ggml_amd64.s), its 16
// lanes in registers eight outputs at a time. attnScores8AVX2 and
// attnSumAVX2 (attn_amd64.s) are the fast family's kernels. Operands are
// checked by the callers.
//
//go:noescape
func attnSumL16AVX2(out, p []float32, v []uint16, rows []int32, stride, off, lane0 int)

// attnSumL16AVX512 is attnSumL16AVX2 with sixteen outputs at a time
// (attnsum512_amd64.s).
//
//go:noescape
func attnSumL16AVX512(out, p []float32, v []uint16, rows []int32, stride, off, lane0 int)

// attnScoresL16AVX512 is attnScoresL16AVX2 eight keys at a time
// (attnsum512_amd64.s); len(dst) a multiple of 8.
//
//go:noescape
func attnScoresL16AVX512(dst, q []float32, k []uint16, rows []int32, stride, off int)

//go:noescape
func attnScoresL16AVX2(dst, q []float32, k []uint16, rows []int32, stride, off int)

// attnScoresExact computes AttnScores's first scores eight (AVX-512) or
// four keys at a time with Dot's arithmetic where it can (Dot's AVX2
// kernel in use, len(q) a multiple of 16) and returns how many it computed.
func attnScoresExact(dst, q []float32, k []uint16, rows []int32, stride, off int) int {
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
func attnScores8AVX2(dst, q []float32, k []uint16, rows []int32, stride, off int)

//go:noescape
func attnSumAVX2(out, p []float32, v []uint16, rows []int32, stride, off int)

func attnSum(out, p []float32, v []uint16, rows []int32, stride, off, lane0 int) {
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

func attnScoresFast(dst, q []float32, k []uint16, rows []int32, stride, off int) {
	if useDotAVX2 && len(q)%8 == 0 {
		attnScores8AVX2(dst, q, k, rows, stride, off)
		return
	}
	attnScoresFastGeneric(dst, q, k, rows, stride, off)
}

func attnSumFast(out, p []float32, v []uint16, rows []int32, stride, off int) {
	if useVecAVX2 {
		attnSumAVX2(out, p, v, rows, stride, off)
		return
	}
	attnSumFastGeneric(out, p, v, rows, stride, off)
}

// attnScoresG4AVX512 computes the scores of four heads against the same
// keys, each key's row loaded once for the four: for h < 4 and t <
// len(rows), dst[h][t] = Dot(q[h][:hd], k[rows[t]*stride+off:][:hd]) with
// attnScoresL16AVX512's arithmetic (Dot's 16 lanes, then reduce16).
// len(rows) a multiple of 4, hd a multiple of 16 and > 0. Heads may repeat
// (the same query and scores row twice), which serves groups of two or
// three. Operands are checked by the callers (attn_group512_amd64.s).
//
//go:noescape
func attnScoresG4AVX512(dst, q *[4]*float32, hd int, k []uint16, rows []int32, stride, off int)

// attnSumG4AVX512 computes the weighted sums of four heads over the same
// values, each value's row loaded once for the four: out[h][:hd] is
// attnSumGeneric(out[h][:hd], p[h][:len(rows)], v, rows, stride, off,
// lane0) bit for bit, lane0 in [0, 16); lanes is scratch for the lane sums.
// Heads may repeat, as above. Operands are checked by the callers
// (attn_group512_amd64.s).
//
//go:noescape
func attnSumG4AVX512(out, p *[4]*float32, v []uint16, rows []int32, hd, stride, off, lane0 int, lanes *[1024]float32)

// attnScoresG3AVX512 is attnScoresG4AVX512 for three heads (dst[3] and
// q[3] unused), without a fourth head's work (attn_group512_amd64.s).
//
//go:noescape
func attnScoresG3AVX512(dst, q *[4]*float32, hd int, k []uint16, rows []int32, stride, off int)

// attnSumG3AVX512 is attnSumG4AVX512 for three heads (out[3] and p[3]
// unused), without a fourth head's work (attn_group512_amd64.s).
//
//go:noescape
func attnSumG3AVX512(out, p *[4]*float32, v []uint16, rows []int32, hd, stride, off, lane0 int, lanes *[1024]float32)

// attnSumG3R64AVX512 is attnSumG3AVX512 for a head size of 64 with each
// row read whole, once (attn_pair512_amd64.s): out[h][:64] is
// attnSumGeneric(out[h][:64], p[h][:len(rows)], v, rows, stride, off,
// lane0) bit for bit for h < 3 (out[3] and p[3] unused), lane0 in [0, 16);
// lanes is scratch. Operands are checked by the callers.
//
//go:noescape
func attnSumG3R64AVX512(out, p *[4]*float32, v []uint16, rows []int32, stride, off, lane0 int, lanes *[3072]float32)

// groupOf4 fills the four pointers of heads g..g+m-1 (m = 2, 3 or 4) of
// rows of length ld starting at x, repeating the last ones for m < 4
// (2: g, g+1, g, g+1; 3: g, g+1, g+2, g+2).
func groupOf4(x []float32, ld, g, m int) (ps [4]*float32) {
	for i := range 4 {
		j := i
		if j >= m {
			j = m - 1
			if m == 2 {
				j = i - 2
			}
		}
		ps[i] = &x[(g+j)*ld]
	}
	return ps
}

// attnScoresGroupExact computes AttnScoresGroupLD's scores (n per head,
// head g's at dst[g*ld:]) for the first heads, four (or two or three) at a
// time with the AVX-512 kernels, and returns how many heads it did; the
// caller computes the rest one by one.
func attnScoresGroupExact(dst []float32, ld, n int, q []float32, heads int, k []uint16, rows []int32, stride, off int) int {
	hd := len(q) / heads
	if !useDot512 || !useDotAVX2 || hd == 0 || hd%16 != 0 || n < 4 || heads < 2 {
		return 0
	}
	n4 := n &^ 3
	g := 0
	for ; heads-g >= 2; g += 4 {
		m := min(4, heads-g)
		d, qs := groupOf4(dst, ld, g, m), groupOf4(q, hd, g, m)
		if m == 3 {
			attnScoresG3AVX512(&d, &qs, hd, k, rows[:n4], stride, off)
		} else {
			attnScoresG4AVX512(&d, &qs, hd, k, rows[:n4], stride, off)
		}
		var buf [256]float32
		kr := rowBuf(buf[:], hd)
		for t := n4; t < n; t++ {
			o := int(rows[t])*stride + off
			widenF16(kr, k[o:o+hd])
			for h := g; h < g+m; h++ {
				dst[h*ld+t] = dot(q[h*hd:(h+1)*hd], kr)
			}
		}
		if m < 4 {
			return g + m
		}
	}
	return g
}

// attnSumGroup computes AttnSumGroupLD's sums (w outputs per head over n
// rows) for the first heads, four (or two or three) at a time with the
// AVX-512 kernels, and returns how many heads it did; the caller computes
// the rest one by one.
func attnSumGroup(out []float32, ldo, w int, p []float32, ldp, n, heads int, v []uint16, rows []int32, stride, off, lane0 int) int {
	if !useDot512 || w == 0 || n == 0 || heads < 2 {
		return 0
	}
	var lanes [1024]float32
	g := 0
	for ; heads-g >= 2; g += 4 {
		m := min(4, heads-g)
		o, ps := groupOf4(out, ldo, g, m), groupOf4(p, ldp, g, m)
		if m == 3 && w == 64 {
			var whole [3072]float32
			attnSumG3R64AVX512(&o, &ps, v, rows[:n], stride, off, lane0, &whole)
		} else if m == 3 {
			attnSumG3AVX512(&o, &ps, v, rows[:n], w, stride, off, lane0, &lanes)
		} else {
			attnSumG4AVX512(&o, &ps, v, rows[:n], w, stride, off, lane0, &lanes)
		}
		if m < 4 {
			return g + m
		}
	}
	return g
}

// attnScores2x3AVX512 computes two tokens' scores for three heads of 64
// values each over the same keys: for j < 2, h < 3 and t < len(rows) (a
// multiple of 4), dst[3j+h][t] = Dot(q[j][64h:64h+64],
// k[rows[t]*stride+off:][:64]) with attnScoresG3AVX512's arithmetic, each
// key widened once for the six heads (attn_pair512_amd64.s). Operands are
// checked by the callers.
//
//go:noescape
func attnScores2x3AVX512(dst *[6]*float32, q *[2]*float32, k []uint16, rows []int32, stride, off int)

// attnScoresPair computes AttnScoresGroup2LD's scores for the first rows
// (a multiple of four) with attnScores2x3AVX512 where it applies, and
// returns how many rows it did.
func attnScoresPair(dst [2][]float32, ld [2]int, q [2][]float32, heads int, k []uint16, rows []int32, stride, off int) int {
	n4 := len(rows) &^ 3
	if !useDot512 || !useDotAVX2 || heads != 3 || len(q[0]) != 3*64 || n4 == 0 {
		return 0
	}
	var d [6]*float32
	for j := range 2 {
		for h := range 3 {
			d[3*j+h] = &dst[j][h*ld[j]]
		}
	}
	qs := [2]*float32{&q[0][0], &q[1][0]}
	attnScores2x3AVX512(&d, &qs, k, rows[:n4], stride, off)
	return n4
}
