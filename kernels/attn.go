package kernels

import "fmt"

// Attention inner loops over a key/value cache laid out as rows of stride
// half-precision values (IEEE binary16 bits, see ToF16), one row per cache
// cell; a head's vector starts at offset off in its row. The kernels widen
// each value to float32 as they read it (exact), so every formula below
// holds with k and v read as the float32 numbers they hold. The caller lists the cells to visit in rows, in the
// order that fixes the results (position order, for the engine).
//
// Two families: AttnScores and AttnSum(At) reproduce llama.cpp's
// arithmetic (tinyBLAS's orders, which llama.cpp uses for these products);
// AttnScoresFast and AttnSumFast have their own fixed orders, chosen for
// speed. Within either family a result depends only on the query (or
// weights) and the listed rows, never on how many rows or heads a call
// covers, so prompt processing and generation agree bit for bit.

// CacheRows is a list of cache rows validated once (no negative row, the
// largest one noted), so that the attention loops of several heads over
// the same rows check their bounds in constant time.
type CacheRows struct {
	rows []int32
	max  int32 // -1 for an empty list
}

// NewCacheRows validates rows; it panics on a negative row. The slice is
// used as it is (not copied) and must not change while the result is used.
func NewCacheRows(rows []int32) CacheRows {
	hi := int32(-1)
	for _, r := range rows {
		if r < 0 {
			panic(fmt.Sprintf("kernels: attention: negative row %d", r))
		}
		hi = max(hi, r)
	}
	return CacheRows{rows: rows, max: hi}
}

// Extend validates a longer list that begins with c's: rows must be c's
// slice grown in place (the same first element in memory, at least as
// long), so that only the entries past c's need checking. It panics
// otherwise or on a negative new row.
func (c CacheRows) Extend(rows []int32) CacheRows {
	if len(rows) < len(c.rows) || (len(c.rows) > 0 && &rows[0] != &c.rows[0]) {
		panic("kernels: attention: CacheRows.Extend of a list that does not begin with the rows")
	}
	hi := c.max
	for _, r := range rows[len(c.rows):] {
		if r < 0 {
			panic(fmt.Sprintf("kernels: attention: negative row %d", r))
		}
		hi = max(hi, r)
	}
	return CacheRows{rows: rows, max: hi}
}

// At returns entry t of the list.
func (c CacheRows) At(t int) int32 { return c.rows[t] }

// Len returns the number of rows.
func (c CacheRows) Len() int { return len(c.rows) }

// check panics unless every listed row's [off, off+n) lies in a cache of
// size values: the assembly loops index without bounds checks.
func (c CacheRows) check(size, stride, off, n int) {
	if off < 0 || stride < 0 {
		panic(fmt.Sprintf("kernels: attention: negative offset %d or stride %d", off, stride))
	}
	if c.max >= 0 && int(c.max)*stride+off+n > size {
		panic(fmt.Sprintf("kernels: attention: row %d outside a cache of %d values (stride %d)", c.max, size, stride))
	}
}

// AttnScores computes one query's scores against the listed cached keys,
// each as Dot (tinyBLAS's 16-lane order):
//
//	for t := range dst {
//		r := int(rows[t])*stride + off
//		dst[t] = Dot(q, k[r:r+len(q)])
//	}
//
// It panics if rows is shorter than dst or a row lies outside k.
func AttnScores(dst, q []float32, k []uint16, rows CacheRows, stride, off int) {
	r := rows.rows[:len(dst)]
	rows.check(len(k), stride, off, len(q))
	if done := attnScoresExact(dst, q, k, r, stride, off); done < len(dst) {
		attnScoresDot(dst[done:], q, k, r[done:], stride, off)
	}
}

// attnScoresDot computes each score as Dot of the query and its widened
// row, one row at a time (AttnScores's definition).
func attnScoresDot(dst, q []float32, k []uint16, rows []int32, stride, off int) {
	var buf [256]float32
	kr := rowBuf(buf[:], len(q))
	for t := range dst {
		o := int(rows[t])*stride + off
		dst[t] = dot(q, widenF16(kr, k[o:o+len(q)]))
	}
}

// AttnScoresFast computes the same scores in its own order: when len(q)
// is a multiple of 8, eight lanes accumulate q[8c+l]*k[8c+l] in chunk order
// c (fused multiply-adds in the assembly, separately rounded in the generic
// code), then ((l0+l1)+(l2+l3)) + ((l4+l5)+(l6+l7)); other lengths give
// Dot's result. The assembly runs eight keys per pass.
// It panics if rows is shorter than dst or a row lies outside k.
func AttnScoresFast(dst, q []float32, k []uint16, rows CacheRows, stride, off int) {
	r := rows.rows[:len(dst)]
	rows.check(len(k), stride, off, len(q))
	attnScoresFast(dst, q, k, r, stride, off)
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
func AttnSum(out, p []float32, v []uint16, rows CacheRows, stride, off int) {
	AttnSumAt(out, p, v, rows, stride, off, 0)
}

// AttnSumAt is AttnSum with row t in lane (t+lane0)%16: lane0 is the
// position of the first listed row modulo 16 (llama.cpp's lanes follow the
// cache cells, which are positions, so a sliding window starting at
// position from needs lane0 = from%16).
func AttnSumAt(out, p []float32, v []uint16, rows CacheRows, stride, off, lane0 int) {
	r := rows.rows[:len(p)]
	rows.check(len(v), stride, off, len(out))
	attnSum(out, p, v, r, stride, off, lane0&15)
}

// AttnSumFast computes the weighted sum in its own order, a product then a
// sum per element in t order from zero:
//
//	clear(out)
//	for t := range p {
//		r := int(rows[t])*stride + off
//		Axpy(out, p[t], v[r:r+len(out)])
//	}
//
// bit for bit. It panics if rows is shorter than p or a row lies outside v.
func AttnSumFast(out, p []float32, v []uint16, rows CacheRows, stride, off int) {
	r := rows.rows[:len(p)]
	rows.check(len(v), stride, off, len(out))
	attnSumFast(out, p, v, r, stride, off)
}

func attnSumGeneric(out, p []float32, v []uint16, rows []int32, stride, off, lane0 int) {
	n := len(out)
	var buf [16 * 256]float32
	acc := buf[:]
	if 16*n > len(buf) {
		acc = make([]float32, 16*n)
	}
	acc = acc[:16*n]
	clear(acc)
	var rb [256]float32
	vr := rowBuf(rb[:], n)
	for t := range p {
		r := int(rows[t])*stride + off
		l := (t + lane0) % 16
		a := acc[l*n : (l+1)*n]
		for i, x := range widenF16(vr, v[r:r+n]) {
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

func attnScoresFastGeneric(dst, q []float32, k []uint16, rows []int32, stride, off int) {
	if len(q)%8 != 0 {
		attnScoresDot(dst, q, k, rows, stride, off)
		return
	}
	attnScores8Generic(dst, q, k, rows, stride, off)
}

// attnScores8Generic is the eight-lane score of AttnScoresFast (len(q) a
// multiple of 8) with separately rounded products and sums.
func attnScores8Generic(dst, q []float32, k []uint16, rows []int32, stride, off int) {
	var buf [256]float32
	kr := rowBuf(buf[:], len(q))
	for t := range dst {
		r := int(rows[t])*stride + off
		kt := widenF16(kr, k[r:r+len(q)])
		var l [8]float32
		for c := 0; c < len(q); c += 8 {
			for j := range 8 {
				l[j] += q[c+j] * kt[c+j]
			}
		}
		dst[t] = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
	}
}

func attnSumFastGeneric(out, p []float32, v []uint16, rows []int32, stride, off int) {
	clear(out)
	var buf [256]float32
	vr := rowBuf(buf[:], len(out))
	for t := range p {
		r := int(rows[t])*stride + off
		axpyGeneric(out, p[t], widenF16(vr, v[r:r+len(out)]))
	}
}

// Sub returns the entries a..b-1 of the list. Its bounds checks use the
// whole list's largest row, an upper bound for the part.
func (c CacheRows) Sub(a, b int) CacheRows { return CacheRows{rows: c.rows[a:b], max: c.max} }

// AttnScoresGroup computes the scores of heads queries that share the
// listed keys (grouped-query attention): with hd = len(q)/heads and
// n = len(dst)/heads,
//
//	for g := range heads {
//		AttnScores(dst[g*n:(g+1)*n], q[g*hd:(g+1)*hd], k, rows, stride, off)
//	}
//
// bit for bit: each head's scores take exactly AttnScores's operations in
// AttnScores's order. Where the AVX-512 kernels run (len(q)/heads a
// multiple of 16), they load each key once for up to four heads. It panics
// if heads does not divide len(dst) and len(q), rows is shorter than n, or
// a row lies outside k.
func AttnScoresGroup(dst, q []float32, heads int, k []uint16, rows CacheRows, stride, off int) {
	if heads <= 0 || len(dst)%heads != 0 || len(q)%heads != 0 {
		panic(fmt.Sprintf("kernels: attention: %d heads do not divide %d scores and %d query values", heads, len(dst), len(q)))
	}
	n := len(dst) / heads
	if n > rows.Len() {
		panic(fmt.Sprintf("kernels: attention: %d scores per head from %d rows", n, rows.Len()))
	}
	AttnScoresGroupLD(dst, n, q, heads, k, rows.Sub(0, n), stride, off)
}

// AttnScoresGroupLD is AttnScoresGroup over all listed rows with head g's
// scores at dst[g*ld : g*ld+rows.Len()], so that a caller can fill a
// head's scores a block of rows at a time:
//
//	for g := range heads {
//		AttnScores(dst[g*ld:g*ld+rows.Len()], q[g*hd:(g+1)*hd], k, rows, stride, off)
//	}
//
// bit for bit. It panics if heads does not divide len(q), ld < rows.Len(),
// dst is too short, or a row lies outside k.
func AttnScoresGroupLD(dst []float32, ld int, q []float32, heads int, k []uint16, rows CacheRows, stride, off int) {
	n := rows.Len()
	if heads <= 0 || len(q)%heads != 0 || ld < n || (n > 0 && len(dst) < (heads-1)*ld+n) {
		panic(fmt.Sprintf("kernels: attention: %d heads of %d scores (stride %d) in %d values, %d query values", heads, n, ld, len(dst), len(q)))
	}
	hd := len(q) / heads
	rows.check(len(k), stride, off, hd)
	if n == 0 {
		return
	}
	for g := attnScoresGroupExact(dst, ld, n, q, heads, k, rows.rows, stride, off); g < heads; g++ {
		AttnScores(dst[g*ld:g*ld+n], q[g*hd:(g+1)*hd], k, rows, stride, off)
	}
}

// AttnSumGroupAt computes the weighted sums of heads weight rows over the
// same listed values: with hd = len(out)/heads and n = len(p)/heads,
//
//	for g := range heads {
//		AttnSumAt(out[g*hd:(g+1)*hd], p[g*n:(g+1)*n], v, rows, stride, off, lane0)
//	}
//
// bit for bit: each head's sums take exactly AttnSumAt's operations in
// AttnSumAt's order. Where the AVX-512 kernels run, they load each value
// once for up to four heads. It panics if heads does not divide len(out)
// and len(p), rows is shorter than n, or a row lies outside v.
func AttnSumGroupAt(out, p []float32, heads int, v []uint16, rows CacheRows, stride, off, lane0 int) {
	if heads <= 0 || len(out)%heads != 0 || len(p)%heads != 0 {
		panic(fmt.Sprintf("kernels: attention: %d heads do not divide %d outputs and %d weights", heads, len(out), len(p)))
	}
	n, hd := len(p)/heads, len(out)/heads
	if n > rows.Len() {
		panic(fmt.Sprintf("kernels: attention: %d weights per head for %d rows", n, rows.Len()))
	}
	AttnSumGroupLD(out, hd, hd, p, n, heads, v, rows.Sub(0, n), stride, off, lane0)
}

// AttnSumGroupLD is AttnSumGroupAt over all listed rows for w outputs per
// head, head g's outputs at out[g*ldo:] and its weights at p[g*ldp:]:
//
//	for g := range heads {
//		AttnSumAt(out[g*ldo:g*ldo+w], p[g*ldp:g*ldp+rows.Len()], v, rows, stride, off, lane0)
//	}
//
// bit for bit. Every output element is a sum of its own, so a caller may
// compute a head's outputs a slice at a time (out and off moved by the
// same amount) and get the same bits. It panics if the operands are too
// short, ldo < w, ldp < rows.Len(), or a row lies outside v.
func AttnSumGroupLD(out []float32, ldo, w int, p []float32, ldp, heads int, v []uint16, rows CacheRows, stride, off, lane0 int) {
	n := rows.Len()
	if heads <= 0 || w < 0 || ldo < w || ldp < n || len(out) < (heads-1)*ldo+w || len(p) < (heads-1)*ldp+n {
		panic(fmt.Sprintf("kernels: attention: %d heads of %d outputs (stride %d, %d values) and %d weights (stride %d, %d values)", heads, w, ldo, len(out), n, ldp, len(p)))
	}
	rows.check(len(v), stride, off, w)
	if w == 0 {
		return
	}
	for g := attnSumGroup(out, ldo, w, p, ldp, n, heads, v, rows.rows, stride, off, lane0&15); g < heads; g++ {
		attnSum(out[g*ldo:g*ldo+w], p[g*ldp:g*ldp+n], v, rows.rows, stride, off, lane0&15)
	}
}

// AttnScoresGroup2LD computes AttnScoresGroupLD for two tokens whose query
// heads read the same listed keys (consecutive tokens of one prompt):
//
//	for j := range 2 {
//		AttnScoresGroupLD(dst[j], ld[j], q[j], heads, k, rows, stride, off)
//	}
//
// bit for bit. Where the AVX-512 kernels run (three heads of 64 values)
// each key is widened once for both tokens' six heads. It panics as
// AttnScoresGroupLD does for either token.
func AttnScoresGroup2LD(dst [2][]float32, ld [2]int, q [2][]float32, heads int, k []uint16, rows CacheRows, stride, off int) {
	n := rows.Len()
	for j := range 2 {
		if heads <= 0 || len(q[j])%heads != 0 || ld[j] < n || (n > 0 && len(dst[j]) < (heads-1)*ld[j]+n) {
			panic(fmt.Sprintf("kernels: attention: token %d: %d heads of %d scores (stride %d) in %d values, %d query values", j, heads, n, ld[j], len(dst[j]), len(q[j])))
		}
	}
	if len(q[0]) != len(q[1]) {
		panic(fmt.Sprintf("kernels: attention: %d and %d query values", len(q[0]), len(q[1])))
	}
	rows.check(len(k), stride, off, len(q[0])/heads)
	done := attnScoresPair(dst, ld, q, heads, k, rows.rows, stride, off)
	if done == n {
		return
	}
	for j := range 2 {
		d := dst[j][done:]
		AttnScoresGroupLD(d, ld[j], q[j], heads, k, rows.Sub(done, n), stride, off)
	}
}
