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

// AttnScores computes one query's scores against the listed cached keys:
//
//	for t := range dst {
//		r := int(rows[t])*stride + off
//		dst[t] = Dot(q, k[r:r+len(q)])
//	}
//
// Each score is bit-identical to Dot's (the implementation that Dot uses).
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
