package kernels

import (
	"encoding/binary"
	"runtime"
	"sync"

	"hyoka/gguf"
)

// The x8 layout: weight rows repacked eight at a time so that one 256-bit
// register holds four consecutive values of each of eight rows, and one
// VPDPBUSD against four broadcast activation bytes yields eight rows'
// partial sums at once (the rows are the vector lanes, as in llama.cpp's
// repacked Q4_0_8x8). The scale work per block is then shared by eight rows
// instead of repeated per row, which is what bounds the row-by-row kernels.
//
// For each group of eight rows and each 32-value block b, one record of
// x8Record(t) bytes (exactly eight of the type's blocks, so the copy is as
// large as the original):
//
//	d[8]   float16 row scales, as stored in the blocks           (16 bytes)
//	m[8]   float16 row minimums (Q4_1 only)                      (16 bytes)
//	body:
//	  Q4_0, Q4_1, Q5_0: V[4] of 32 bytes; byte 4r+i of V[j] holds value 8j+i
//	    of row r in its low nibble and value 8j+4+i in its high nibble
//	    (the low four bits of the value for Q5_0)
//	  Q5_0 then: H[8] uint32; bit 4r+i of H[k] is the fifth bit of value 4k+i
//	  Q8_0: G[8] of 32 bytes; byte 4r+i of G[k] is value 4k+i of row r plus
//	    128, as an unsigned byte
//
// Values are kept unsigned (Q4_0 and Q4_1 0..15, Q5_0 0..31, Q8_0 0..255),
// and the offset goes through the activation block sums: for row r, token
// activations a (Q8_0-quantized: ints q, scale da, s = da*sum(q)) and
// block b
//
//	acc = fma(float32(sum_e u[e]*q[e]), d*da, acc)
//	acc = fma(aux, s, acc)
//
// with aux = -8d (Q4_0), m (Q4_1), -16d (Q5_0), -128d (Q8_0), blocks in
// order, acc starting at 0. Each output therefore depends only on its row
// and its token, whichever kernel (one token or four) computes it.
//
// The k-quants (Q4_K, Q5_K, Q6_K) have records per 256-value super-block
// with their sub-block scales widened to row-lane order, against Q8_K
// activations: see x8k.go.

// x8Types lists the types with an x8 layout and their record sizes.
var x8Types = map[gguf.Type]int{
	gguf.Q4_0: 144,
	gguf.Q4_1: 160,
	gguf.Q5_0: 176,
	gguf.Q8_0: 272,
}

// x8Record returns the bytes of one eight-row block record of t (0: none);
// the k-quants' records (x8k.go) cover 256-value super-blocks.
func x8Record(t gguf.Type) int {
	if r, ok := x8kTypes[t]; ok {
		return r
	}
	return x8Types[t]
}

// Prepare returns m ready for the fastest MatMul this CPU has: where that
// is a kernel over a repacked layout (the x8 layout of AVX-512 VNNI CPUs,
// for Q4_0, Q4_1, Q5_0, Q8_0, Q4_K, Q5_K and Q6_K matrices with a multiple
// of 8 rows), the result carries a repacked copy of the weights (as many
// bytes again as m.Data, 3% more for Q4_K and Q5_K; m.Data itself stays as
// it is, for Row). Otherwise m comes back
// unchanged. MatMul on a prepared matrix may round differently from MatMul
// on the original (each is deterministic: an output depends only on its
// row and token, never on batch or threads).
//
// A matrix prepared by PrepareExact comes back with the same copy, now
// multiplied by the fast kernels.
func Prepare(m Matrix) Matrix {
	if m.x8exact { // same records, fast kernels
		m.x8exact = false
		return m
	}
	if !x8Available() || x8Record(m.Type) == 0 || m.Rows%8 != 0 || m.Cols%m.Type.Traits().BlockSize != 0 || m.x8 != nil {
		return m
	}
	m.x8 = packX8(m)
	return m
}

// PrepareExact is Prepare for the exact numerics: it repacks only the
// types whose x8 kernels reproduce the per-row kernels' float operations
// (Q4_K, the order of llama.cpp's repacked q4_K gemm; Q5_K and Q6_K, those
// of ggml_vec_dot_q5_K_q8_K and ggml_vec_dot_q6_K_q8_K; matrices with a multiple of 8 rows, on AVX-512
// VNNI CPUs), so that MatMul on the result
// gives the same bits as on m, only faster. The copy costs as much memory
// as with Prepare (m.Data stays, for Row). Other matrices come back
// unchanged; one prepared by Prepare comes back with its copy where the
// type has exact kernels, without it otherwise.
func PrepareExact(m Matrix) Matrix {
	if m.x8 != nil {
		if !x8ExactTypes[m.Type] {
			m.x8 = nil
		}
		m.x8exact = m.x8 != nil
		return m
	}
	if !x8Available() || !x8ExactTypes[m.Type] || m.Rows%8 != 0 || m.Cols%m.Type.Traits().BlockSize != 0 {
		return m
	}
	m.x8, m.x8exact = packX8(m), true
	return m
}

// Prepared reports whether m carries a repacked copy (see Prepare and
// PrepareExact).
func (m Matrix) Prepared() bool { return m.x8 != nil }

// packX8 builds the x8 layout of m (Rows a multiple of 8), groups in
// parallel.
func packX8(m Matrix) []byte {
	rec := x8Record(m.Type)
	bb := m.Type.Traits().TypeSize
	nb := m.Cols / m.Type.Traits().BlockSize
	pack := packX8Block
	if x8kTypes[m.Type] != 0 {
		pack = packX8KBlock
	}
	groups := m.Rows / 8
	out := make([]byte, groups*nb*rec)
	workers := min(runtime.GOMAXPROCS(0), groups)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			var blks [8][]byte
			for g := lo; g < hi; g++ {
				for b := range nb {
					for r := range blks {
						blks[r] = m.Data[(8*g+r)*m.RowBytes+b*bb:][:bb]
					}
					pack(m.Type, &blks, out[(g*nb+b)*rec:(g*nb+b+1)*rec])
				}
			}
		}(groups*w/workers, groups*(w+1)/workers)
	}
	wg.Wait()
	return out
}

// packX8Block writes the record of eight rows' blocks blk (see the layout
// comment), working on four-byte words.
func packX8Block(t gguf.Type, blk *[8][]byte, rec []byte) {
	le := binary.LittleEndian
	for r, b := range blk {
		copy(rec[2*r:2*r+2], b[0:2]) // d
	}
	if t == gguf.Q8_0 {
		for r, b := range blk {
			for k := range 8 {
				le.PutUint32(rec[16+32*k+4*r:], le.Uint32(b[2+4*k:])^0x80808080)
			}
		}
		return
	}
	qs, body := 2, 16 // where the nibbles start in a block and in the record
	switch t {
	case gguf.Q4_1:
		qs, body = 4, 32
		for r, b := range blk {
			copy(rec[16+2*r:16+2*r+2], b[2:4]) // m
		}
	case gguf.Q5_0:
		qs = 6
	}
	const lo4 = 0x0f0f0f0f
	for r, b := range blk {
		// values 0..15 are the low nibbles of bytes 0..15, 16..31 the high
		for j := range 4 {
			w0 := le.Uint32(b[qs+8*(j&1):])   // bytes of values 8j..8j+3 (mod 16)
			w1 := le.Uint32(b[qs+8*(j&1)+4:]) // values 8j+4..8j+7 (mod 16)
			var v uint32
			if j < 2 {
				v = w0&lo4 | (w1&lo4)<<4
			} else {
				v = w0>>4&lo4 | w1&^lo4
			}
			le.PutUint32(rec[body+32*j+4*r:], v)
		}
	}
	if t == gguf.Q5_0 {
		for k := range 8 {
			var h uint32
			for r, b := range blk {
				h |= (le.Uint32(b[2:]) >> (4 * k) & 15) << (4 * r)
			}
			le.PutUint32(rec[body+128+4*k:], h)
		}
	}
}

// x8Values unpacks row r's 32 unsigned values of record rec.
func x8Values(t gguf.Type, rec []byte, r int) (u [32]int32) {
	if t == gguf.Q8_0 {
		for k := range 8 {
			for i := range 4 {
				u[4*k+i] = int32(rec[16+32*k+4*r+i])
			}
		}
		return u
	}
	body := 16
	if t == gguf.Q4_1 {
		body = 32
	}
	for j := range 4 {
		for i := range 4 {
			v := rec[body+32*j+4*r+i]
			u[8*j+i], u[8*j+4+i] = int32(v&15), int32(v>>4)
		}
	}
	if t == gguf.Q5_0 {
		for k := range 8 {
			h := binary.LittleEndian.Uint32(rec[body+128+4*k:])
			for i := range 4 {
				u[4*k+i] |= int32(h>>(4*r+i)&1) << 4
			}
		}
	}
	return u
}

// x8Aux returns row r's offset term factor (see the layout comment).
func x8Aux(t gguf.Type, rec []byte, r int) float32 {
	d := f16(rec[2*r:])
	switch t {
	case gguf.Q4_0:
		return -8 * d
	case gguf.Q4_1:
		return f16(rec[16+2*r:])
	case gguf.Q5_0:
		return -16 * d
	default:
		return -128 * d
	}
}

// x8RowsGeneric is the generic twin of the x8 kernels: dst[8g+r] for the
// ngroups groups of w (records of type t, nb blocks per row) against one
// token's activations a (Q8_0, or Q8_K for the k-quants).
func x8RowsGeneric(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	if x8kTypes[t] != 0 {
		x8kRowsGeneric(t, dst, w, ngroups, nb, a)
		return
	}
	rec := x8Record(t)
	for g := range ngroups {
		for r := range 8 {
			var acc float32
			for b := range nb {
				rb := w[(g*nb+b)*rec:][:rec]
				u := x8Values(t, rb, r)
				q := a.qs[32*b : 32*b+32]
				var isum int32
				for e := range 32 {
					isum += u[e] * int32(q[e])
				}
				acc = fma32(float32(isum), f16(rb[2*r:])*a.d[b], acc)
				acc = fma32(x8Aux(t, rb, r), a.s[b], acc)
			}
			dst[8*g+r] = acc
		}
	}
}

// x8Group is how many eight-row groups a worker runs against every token
// of a batch before moving on (their records stay in L1/L2 meanwhile).
const x8Group = 4

// matMulX8 is MatMul for a prepared matrix (the exact kernels where
// PrepareExact made it): acts holds the batch's Q8_0
// (k-quants: Q8_K) activations, packs their four-token interleavings (batch/4 of them).
func matMulX8(p *Pool, dst []float32, w Matrix, acts []qAct, packs []packed4, batch int) {
	rec := x8Record(w.Type)
	nb := w.Cols / w.Type.Traits().BlockSize
	gb := nb * rec
	groups4 := len(packs)
	rows, tile4 := x8Rows, x8Tile4
	if w.x8exact {
		rows, tile4 = x8ExactRows, x8ExactTile4
	}
	p.For(w.Rows/8, func(lo, hi int) {
		for g0 := lo; g0 < hi; g0 += x8Group {
			g1 := min(g0+x8Group, hi)
			wg := w.x8[g0*gb : g1*gb]
			for tg := range groups4 {
				tile4(w.Type, dst[4*tg*w.Rows+8*g0:], w.Rows, wg, g1-g0, nb, &packs[tg])
			}
			for b := 4 * groups4; b < batch; b++ {
				rows(w.Type, dst[b*w.Rows+8*g0:b*w.Rows+8*g1], wg, g1-g0, nb, &acts[b])
			}
		}
	})
}

// x8Tile4Generic is the generic twin of the four-token x8 kernels:
// dst[j*stride+8g+r] for tokens j < 4 of p.
func x8Tile4Generic(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	if x8kTypes[t] != 0 {
		x8kTile4Generic(t, dst, stride, w, ngroups, nb, p)
		return
	}
	for j := range 4 {
		a := qAct{qs: make([]int8, 32*nb), d: make([]float32, nb), s: make([]float32, nb)}
		for b := range nb {
			copy(a.qs[32*b:32*b+32], p.qs[(4*b+j)*32:][:32])
			a.d[b], a.s[b] = p.d[4*b+j], p.s[4*b+j]
		}
		x8RowsGeneric(t, dst[j*stride:j*stride+8*ngroups], w, ngroups, nb, &a)
	}
}
