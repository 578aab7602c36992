package kernels

import "fmt"

// Attention inner loops over a key/value cache laid out as rows of stride
// float32 values, one row per cache cell; a head's vector starts at
// offset off in its row. The caller lists the cells to visit in rows, in the
// order that fixes the results (position order, for the engine).

// AttnScores computes one query's scores against the listed cached keys:
//
//	for t := range dst {
//		r := int(rows[t])*stride + off
//		dst[t] = Dot(q, k[r:r+len(q)])
//	}
//
// Each score is bit-identical to Dot's (the implementation that Dot uses).
// It panics if rows is shorter than dst or a row lies outside k.
func AttnScores(dst, q, k []float32, rows []int32, stride, off int) {
	rows = rows[:len(dst)]
	checkCacheRows(rows, len(k), stride, off, len(q))
	attnScores(dst, q, k, rows, stride, off)
}

// AttnSum computes the weighted sum of the listed cached values in the
// order of llamafile's tinyBLAS on AVX-512, which llama.cpp uses for this
// product when it runs two or more tokens: 16 lanes, lane l accumulating
// the rows t with t%16 == l by fused multiply-adds in t order, then each
// element reduced over the lanes as _mm512_reduce_add_ps does:
//
//	for t := range p {
//		r := int(rows[t])*stride + off
//		lane[t%16][i] = fma(v[r+i], p[t], lane[t%16][i])
//	}
//	out[i] = reduce16(lane[0..15][i])
//
// (llama.cpp's lane is the cache cell modulo 16; it is t%16 when the list
// starts at position 0, one cell per position.) Every implementation gives
// these bits. It panics if rows is shorter than p or a row lies outside v.
func AttnSum(out, p, v []float32, rows []int32, stride, off int) {
	AttnSumAt(out, p, v, rows, stride, off, 0)
}

// AttnSumAt is AttnSum with row t in lane (t+lane0)%16: lane0 is the
// position of the first listed row modulo 16 (llama.cpp's lanes follow the
// cache cells, which are positions, so a sliding window starting at
// position from needs lane0 = from%16).
func AttnSumAt(out, p, v []float32, rows []int32, stride, off, lane0 int) {
	rows = rows[:len(p)]
	checkCacheRows(rows, len(v), stride, off, len(out))
	attnSum(out, p, v, rows, stride, off, lane0&15)
}

// checkCacheRows panics unless every listed row's [off, off+n) lies in a cache
// of size values: the assembly loops index without bounds checks.
func checkCacheRows(rows []int32, size, stride, off, n int) {
	if off < 0 || stride < 0 {
		panic(fmt.Sprintf("kernels: attention: negative offset %d or stride %d", off, stride))
	}
	hi := int32(-1)
	for _, r := range rows {
		if r < 0 {
			panic(fmt.Sprintf("kernels: attention: negative row %d", r))
		}
		hi = max(hi, r)
	}
	if hi >= 0 && int(hi)*stride+off+n > size {
		panic(fmt.Sprintf("kernels: attention: row %d outside a cache of %d values (stride %d)", hi, size, stride))
	}
}

func attnScoresGeneric(dst, q, k []float32, rows []int32, stride, off int) {
	for t := range dst {
		r := int(rows[t])*stride + off
		dst[t] = dotGeneric(q, k[r:r+len(q)])
	}
}

func attnSumGeneric(out, p, v []float32, rows []int32, stride, off, lane0 int) {
	n := len(out)
	acc := make([]float32, 16*n)
	for t := range p {
		r := int(rows[t])*stride + off
		l := (t + lane0) % 16
		a := acc[l*n : (l+1)*n]
		for i, x := range v[r : r+n] {
			a[i] = fma32(x, p[t], a[i])
		}
	}
	var lanes [16]float32
	for i := range out {
		for l := range lanes {
			lanes[l] = acc[l*n+i]
		}
		out[i] = reduce16(&lanes)
	}
}
