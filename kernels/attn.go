package kernels

import "fmt"

// Attention inner loops over a key/value cache laid out as rows of stride
// float32 values, one row per cache cell; a head's vector starts at
// offset off in its row. The caller lists the cells to visit in rows, in the
// order that fixes the results (position order, for the engine).

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

// Len returns the number of rows.
func (c CacheRows) Len() int { return len(c.rows) }

// AttnScores computes one query's scores against the listed cached keys,
// dst[t] = q · k[rows[t]*stride+off:][:len(q)].
//
// When len(q) is a multiple of 8, each score is formed the same way
// whatever the number of keys: eight lanes accumulate q[8c+l]*k[8c+l] in
// chunk order c (fused multiply-adds in the assembly, separately rounded in
// the generic code), then ((l0+l1)+(l2+l3)) + ((l4+l5)+(l6+l7)). Other
// lengths give Dot's result. Either way a score depends only on q and its
// key, so prompt processing and generation agree bit for bit.
// It panics if rows is shorter than dst or a row lies outside k.
func AttnScores(dst, q, k []float32, rows CacheRows, stride, off int) {
	r := rows.rows[:len(dst)]
	rows.check(len(k), stride, off, len(q))
	attnScores(dst, q, k, r, stride, off)
}

// AttnSum computes the weighted sum of the listed cached values:
//
//	clear(out)
//	for t := range p {
//		r := int(rows[t])*stride + off
//		Axpy(out, p[t], v[r:r+len(out)])
//	}
//
// bit for bit (a product then a sum per element, in t order).
// It panics if rows is shorter than p or a row lies outside v.
func AttnSum(out, p, v []float32, rows CacheRows, stride, off int) {
	r := rows.rows[:len(p)]
	rows.check(len(v), stride, off, len(out))
	attnSum(out, p, v, r, stride, off)
}

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

func attnScoresGeneric(dst, q, k []float32, rows []int32, stride, off int) {
	if len(q)%8 == 0 {
		attnScores8Generic(dst, q, k, rows, stride, off)
		return
	}
	for t := range dst {
		r := int(rows[t])*stride + off
		dst[t] = dotGeneric(q, k[r:r+len(q)])
	}
}

func attnSumGeneric(out, p, v []float32, rows []int32, stride, off int) {
	clear(out)
	for t := range p {
		r := int(rows[t])*stride + off
		axpyGeneric(out, p[t], v[r:r+len(out)])
	}
}

// attnScores8Generic is the eight-lane score of AttnScores (len(q) a
// multiple of 8) with separately rounded products and sums.
func attnScores8Generic(dst, q, k []float32, rows []int32, stride, off int) {
	for t := range dst {
		r := int(rows[t])*stride + off
		kt := k[r : r+len(q)]
		var l [8]float32
		for c := 0; c < len(q); c += 8 {
			for j := range 8 {
				l[j] += q[c+j] * kt[c+j]
			}
		}
		dst[t] = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
	}
}
