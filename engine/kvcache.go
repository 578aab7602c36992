package engine

import (
	"fmt"
	"runtime"

	"hyoka/kernels"
)

// kvCache is a unified cache of Cells slots shared by up to MaxSeqs
// sequences, as in llama.cpp: a cell holds the keys and values of one token
// at one position and the set of sequences it belongs to. Forking a
// sequence adds the child to the parent's cells (no key/value is copied);
// a cell is freed when no sequence holds it any more.
//
// A layer's keys are stored head by head: KV head h's key of cell c is
// k[l][(h*nCells+c)*HeadDim:][:HeadDim] (values likewise with HeadDimV),
// so that the rows one head's attention reads lie next to each other in
// memory and stream in order from it.
//
// Keys and values are stored in half precision, as llama.cpp's default F16
// cache stores them: the forward pass rounds them to half precision anyway,
// so nothing is lost, and attention reads half the memory.
//
// Attention reads a sequence's cells through pos2cell in position order,
// so the order of summation never depends on where cells happen to lie.
type kvCache struct {
	nCells, nCtx, maxSeqs int
	kDim, vDim            int        // NHeadKV*HeadDim, NHeadKV*HeadDimV
	kHead, vHead          int        // HeadDim, HeadDimV
	k, v                  [][]uint16 // (NLayer) x (nCells*kDim | nCells*vDim), half-precision bits
	cellPos               []int32    // (nCells) position held, -1 when free
	cellSeqs              []uint64   // (nCells) bit s set: the cell belongs to sequence s
	cellTok               []int32    // (nCells) token id held
	pos2cell              [][]int32  // (maxSeqs) x (nCtx) cell of each position, -1 none
	seqEnd                []int      // (maxSeqs) 1 + highest position ever stored (upper bound)
	nFree                 int
	free                  func() // releases k and v's memory (allocHalf)
	hint                  int    // where the next free-cell search starts
}

func newKVCache(c *Config, nCells, nCtx, maxSeqs int) *kvCache {
	kv := &kvCache{
		nCells: nCells, nCtx: nCtx, maxSeqs: maxSeqs,
		kDim: c.NHeadKV * c.HeadDim, vDim: c.NHeadKV * c.HeadDimV,
		kHead: c.HeadDim, vHead: c.HeadDimV,
		k: make([][]uint16, c.NLayer), v: make([][]uint16, c.NLayer),
		cellPos: make([]int32, nCells), cellSeqs: make([]uint64, nCells), cellTok: make([]int32, nCells),
		pos2cell: make([][]int32, maxSeqs), seqEnd: make([]int, maxSeqs),
		nFree: nCells,
	}
	kn, vn := nCells*kv.kDim, nCells*kv.vDim
	mem, free := allocHalf(c.NLayer * (kn + vn))
	for l := range kv.k {
		o := l * (kn + vn)
		kv.k[l] = mem[o : o+kn : o+kn]
		kv.v[l] = mem[o+kn : o+kn+vn : o+kn+vn]
	}
	kv.free = free
	// a session dropped without Close still returns the memory
	runtime.AddCleanup(kv, func(f func()) { f() }, free)
	for i := range kv.cellPos {
		kv.cellPos[i] = -1
	}
	for s := range kv.pos2cell {
		kv.pos2cell[s] = make([]int32, nCtx)
		for p := range kv.pos2cell[s] {
			kv.pos2cell[s][p] = -1
		}
	}
	return kv
}

// store writes the keys k and values v of one token (all KV heads, as the
// projections lay them out) into cell of layer l, in half precision.
func (kv *kvCache) store(l, cell int, k, v []float32) {
	for h := range kv.kDim / kv.kHead {
		o := (h*kv.nCells + cell) * kv.kHead
		kernels.ToF16(kv.k[l][o:o+kv.kHead], k[h*kv.kHead:(h+1)*kv.kHead])
		o = (h*kv.nCells + cell) * kv.vHead
		kernels.ToF16(kv.v[l][o:o+kv.vHead], v[h*kv.vHead:(h+1)*kv.vHead])
	}
}

// release returns the keys' and values' memory; the cache must not be
// used after.
func (kv *kvCache) release() {
	clear(kv.k)
	clear(kv.v)
	kv.free()
}

// kOff and vOff return where KV head h's rows start in a layer's keys and
// values; the rows are kHead and vHead values apart.
func (kv *kvCache) kOff(h int) int { return h * kv.nCells * kv.kHead }
func (kv *kvCache) vOff(h int) int { return h * kv.nCells * kv.vHead }

func (kv *kvCache) checkSeq(s int) error {
	if s < 0 || s >= kv.maxSeqs {
		return fmt.Errorf("%w: sequence %d out of range [0, %d)", ErrBadBatch, s, kv.maxSeqs)
	}
	return nil
}

// alloc takes a free cell for a token at pos in the sequences of mask.
// The caller has checked that a cell is free.
func (kv *kvCache) alloc(tok int32, pos int, mask uint64) int {
	for i := 0; i < kv.nCells; i++ {
		c := (kv.hint + i) % kv.nCells
		if kv.cellPos[c] < 0 {
			kv.cellPos[c] = int32(pos)
			kv.cellSeqs[c] = mask
			kv.cellTok[c] = tok
			kv.nFree--
			kv.hint = c + 1
			for s := 0; mask != 0; s, mask = s+1, mask>>1 {
				if mask&1 != 0 {
					kv.pos2cell[s][pos] = int32(c)
					kv.seqEnd[s] = max(kv.seqEnd[s], pos+1)
				}
			}
			return c
		}
	}
	panic("engine: kvCache.alloc without a free cell") // unreachable: Decode checks nFree
}

// truncate removes the positions >= from of sequence s.
func (kv *kvCache) truncate(s, from int) {
	from = max(from, 0)
	m := kv.pos2cell[s]
	for p := from; p < kv.seqEnd[s]; p++ {
		c := m[p]
		if c < 0 {
			continue
		}
		m[p] = -1
		kv.cellSeqs[c] &^= 1 << uint(s)
		if kv.cellSeqs[c] == 0 {
			kv.cellPos[c] = -1
			kv.nFree++
			// the next allocations take the lowest freed cells: their
			// rows were written lately and may still be in cache
			kv.hint = min(kv.hint, int(c))
		}
	}
	kv.seqEnd[s] = min(kv.seqEnd[s], from)
}

// fork makes dst hold exactly src's positions below upto, sharing its cells.
func (kv *kvCache) fork(src, dst, upto int) {
	if src == dst {
		kv.truncate(dst, upto)
		return
	}
	kv.truncate(dst, 0)
	sm, dm := kv.pos2cell[src], kv.pos2cell[dst]
	end := min(kv.seqEnd[src], upto)
	for p := 0; p < end; p++ {
		if c := sm[p]; c >= 0 {
			dm[p] = c
			kv.cellSeqs[c] |= 1 << uint(dst)
		}
	}
	kv.seqEnd[dst] = end
}

// length returns 1 + the highest position sequence s holds (0 when empty).
func (kv *kvCache) length(s int) int {
	for p := kv.seqEnd[s] - 1; p >= 0; p-- {
		if kv.pos2cell[s][p] >= 0 {
			return p + 1
		}
	}
	return 0
}

// tokens appends to dst the token ids of sequence s at positions 0, 1, ...
// up to the first position it does not hold.
func (kv *kvCache) tokens(s int, dst []int32) []int32 {
	m := kv.pos2cell[s]
	for p := 0; p < kv.seqEnd[s] && m[p] >= 0; p++ {
		dst = append(dst, kv.cellTok[m[p]])
	}
	return dst
}

func (kv *kvCache) bytes() int64 {
	return int64(len(kv.k))*int64(kv.nCells)*int64(kv.kDim+kv.vDim)*2 +
		int64(kv.maxSeqs)*int64(kv.nCtx)*4
}
