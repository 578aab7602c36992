package kernels

import (
	"fmt"

	"hyoka/gguf"
)

// qKernel is the per-weight-type entry of the matmul table (ggml's
// type_traits_cpu): the activation block size it pairs with and its dots.
type qKernel struct {
	act  int                                 // activation block: 32 (Q8_0/Q8_1), 256 (Q8_K), 0 (float32)
	q81  bool                                // activations are Q8_1 (types with an offset)
	qdot func(w []byte, a *qAct) float32     // quantized types: generic row dot
	fdot func(w []byte, x []float32) float32 // float types: generic row dot
}

var qKernels = map[gguf.Type]qKernel{
	gguf.Q4_0:   {act: 32, qdot: dotQ4_0Generic},
	gguf.Q4_1:   {act: 32, q81: true, qdot: dotQ4_1Generic},
	gguf.Q5_0:   {act: 32, qdot: dotQ5_0Generic},
	gguf.Q5_1:   {act: 32, q81: true, qdot: dotQ5_1Generic},
	gguf.Q8_0:   {act: 32, qdot: dotQ8_0Generic},
	gguf.IQ4_NL: {act: 32, qdot: dotIQ4_NLGeneric},
	gguf.Q4_K:   {act: 256, qdot: dotQ4_KGeneric},
	gguf.Q5_K:   {act: 256, qdot: dotQ5_KGeneric},
	gguf.Q6_K:   {act: 256, qdot: dotQ6_KGeneric},
	gguf.F32:    {fdot: func(w []byte, x []float32) float32 { return Dot(f32View(w), x) }},
	gguf.F16:    {fdot: dotF16Generic},
	gguf.BF16:   {fdot: dotBF16Generic},
}

// QuantizedMatMul reports whether MatMul has a direct (quantized or float)
// dot for weight type t; other types that gguf can dequantize go through a
// slower dequantize-then-dot path.
func QuantizedMatMul(t gguf.Type) bool { _, ok := qKernels[t]; return ok }

// rowTile is how many weight rows a worker runs against every token of a
// batch before moving on, so the tile stays in L1/L2 across tokens.
const rowTile = 16

// MatMul computes, for every token b < batch and row r < w.Rows,
//
//	dst[b*w.Rows + r] = sum_c W[r, c] * x[b*w.Cols + c]
//
// Quantized weights are multiplied the way ggml does it: each activation row
// is quantized once per call to the 8-bit type paired with w.Type (Q8_0,
// Q8_1 or Q8_K) and each output is an integer block dot scaled per block.
// Float weights (F32, F16, BF16) use a float32 dot against x.
//
// The result of each element depends only on its weight row and its
// activation row (and the implementation selected), never on batch, thread
// count or scheduling.
func MatMul(p *Pool, dst []float32, w Matrix, x []float32, batch int) {
	if batch <= 0 || w.Rows == 0 {
		return
	}
	_ = dst[batch*w.Rows-1]
	_ = x[batch*w.Cols-1]
	k, ok := qKernels[w.Type]
	if !ok {
		matMulDequant(p, dst, w, x, batch)
		return
	}
	if k.act == 0 {
		fdot := floatRowDot(w.Type, k.fdot)
		p.For(w.Rows, func(lo, hi int) {
			for r0 := lo; r0 < hi; r0 += rowTile {
				r1 := min(r0+rowTile, hi)
				for b := range batch {
					xb := x[b*w.Cols : (b+1)*w.Cols]
					for r := r0; r < r1; r++ {
						dst[b*w.Rows+r] = fdot(w.Data[r*w.RowBytes:(r+1)*w.RowBytes], xb)
					}
				}
			}
		})
		return
	}
	if w.Cols%k.act != 0 {
		panic(fmt.Sprintf("kernels: MatMul: %d columns of %s is not a multiple of %d", w.Cols, w.Type, k.act))
	}
	rows := quantRowsDot(w.Type, k.qdot)
	tile, tile8 := quantTile4(w.Type), quantTile8(w.Type)
	x8 := w.x8 != nil && x8Available()
	// tokens batch..batch+pad-1 are zeros that fill the last tile, whose
	// outputs are dropped: a tile costs less than the one-token rows of
	// the tokens it replaces (tilePad)
	pad := 0
	if tile != nil && !x8 && batch < padBelow {
		pad = tilePad(batch, tile8 != nil, w.Type != gguf.Q8_0)
	}
	acts := p.actScratch(batch + pad)
	if pad > 0 {
		p.zeroScratch(w.Cols) // allocated before the workers share it
	}
	quant := func(lo, hi int) {
		for b := lo; b < hi; b++ {
			if b < batch {
				quantizeQ8(&acts[b], x[b*w.Cols:(b+1)*w.Cols], k.act, k.q81)
			} else {
				quantizeQ8(&acts[b], p.zeroScratch(w.Cols), k.act, k.q81)
			}
		}
	}
	if batch+pad == 1 {
		quant(0, 1) // one row is cheaper than a barrier
	} else {
		p.For(batch+pad, quant)
	}
	groups := 0 // tokens 0..4*groups-1 run through the four-token tile
	if tile != nil || x8 {
		groups = (batch + pad) / 4
	}
	packs := p.packScratch(groups)
	// From q5AsQ8From groups on, Q5_0 runs through the Q8_0 tiles: each row
	// chunk is rewritten once as Q8_0 blocks (q5ToQ8)
	// instead of every tile unpacking the 5-bit values again, with the same
	// bits (the two types' block arithmetic is the same). The leftover
	// tokens' one-token rows still read the Q5_0 rows.
	tt := w.Type
	if tile8 != nil && !x8 && w.Type == gguf.Q5_0 && groups >= q5AsQ8From {
		tt = gguf.Q8_0
		tile, tile8 = quantTile4(tt), quantTile8(tt)
	}
	// every eight-token tile takes spread scales (packSpread)
	shift, spread := -1, tile8 != nil && !x8 && groups > 1
	if spread {
		shift = tileCorrShift(tt)
	}
	if groups > 0 {
		p.For(groups, func(lo, hi int) {
			for g := lo; g < hi; g++ {
				packAct4(&packs[g], acts[4*g:4*g+4], k.act)
				if shift >= 0 {
					packCorr(&packs[g], shift)
				}
				if spread {
					packSpread(&packs[g])
				}
			}
		})
	}
	if x8 {
		matMulX8(p, dst, w, acts, packs[:groups], batch)
		return
	}
	p.For(w.Rows, func(lo, hi int) {
		step := hi - lo
		if batch > 1 {
			step = rowTile
		}
		var tail []float32 // the padded tile's outputs, step apart
		if pad > 0 {
			tail = make([]float32, 8*step)
		}
		var conv []byte // the row chunk as Q8_0 blocks (tt != w.Type)
		nb := w.Cols / 32
		if tt != w.Type {
			conv = make([]byte, step*34*nb) // once per worker and call
		}
		for r0 := lo; r0 < hi; r0 += step {
			r1 := min(r0+step, hi)
			wt := w.Data[r0*w.RowBytes : r1*w.RowBytes]
			tw, trb := wt, w.RowBytes // what the tiles read
			if conv != nil {
				trb = 34 * nb
				for r := range r1 - r0 {
					q5ToQ8(conv[r*trb:(r+1)*trb], wt[r*w.RowBytes:], nb)
				}
				tw = conv[:(r1-r0)*trb]
			}
			for g := 0; g < groups; {
				n := 4
				if tile8 != nil && g+1 < groups {
					n = 8
				}
				out, ld := dst[4*g*w.Rows+r0:], w.Rows
				if 4*g+n > batch {
					out, ld = tail, r1-r0
				}
				if n == 8 {
					tile8(out, ld, r1-r0, tw, trb, &packs[g], &packs[g+1])
				} else {
					tile(out, ld, r1-r0, tw, trb, &packs[g])
				}
				if 4*g+n > batch {
					for t := range batch - 4*g {
						o := (4*g+t)*w.Rows + r0
						copy(dst[o:o+r1-r0], tail[t*ld:(t+1)*ld])
					}
				}
				g += n / 4
			}
			for b := 4 * groups; b < batch; b++ {
				rows(dst[b*w.Rows+r0:b*w.Rows+r1], wt, w.RowBytes, &acts[b])
			}
		}
	})
}

// q5AsQ8From is the number of four-token groups from which MatMul runs
// Q5_0 through the Q8_0 tiles. The rewrite costs about as much as a
// quarter of the row chunk's tiles at 16 tokens; MatMul 640x2048 at one
// thread, ns per block and token, Q5_0 tiles -> rewritten: 16 tokens 0.32
// -> 0.36, 32 0.32 -> 0.32, 64 0.32 -> 0.30, 128 0.33 -> 0.30, 512 0.35
// -> 0.31.
const q5AsQ8From = 16

// padBelow is the batch size from which MatMul no longer pads (tilePad).
const padBelow = 64

// tilePad returns how many zero tokens to add to a batch so that its last
// tokens run through a tile instead of one-token rows, where that is
// cheaper. MatMul at one thread (1536x576, microseconds): Q4_1 one token
// 19, three 55, four-token tile 47, seven 106, eight-token tile 72; Q8_0
// 14, 44, 44, 88, 67. So six or seven tokens past the last eight take a
// padded eight-token tile (seven: Q4_1 106 -> 78, Q8_0 88 -> 70), and with
// pad3 (types whose one-token rows cost more, not Q8_0) three leftover
// tokens take a padded four-token tile (Q4_1 55 -> 49).
//
// Whole decode steps gain (SmolLM2 prompts of 7 and 15 tokens: 480 -> 625
// and 609 -> 684 tokens/s; Gemma 3, 15 tokens: 493 -> 528); a batch of 103
// measured the same with or without (760 tokens/s), so MatMul pads only
// batches below padBelow tokens.
func tilePad(batch int, tile8, pad3 bool) int {
	if batch < 3 {
		return 0
	}
	m := batch % 4
	if tile8 {
		m = batch % 8
		if m >= 6 {
			return 8 - m
		}
		m %= 4
	}
	if m == 3 && pad3 {
		return 1
	}
	return 0
}

// rowsDotFunc computes dst[r] = dot(w[r*rowBytes:(r+1)*rowBytes], a) for r < len(dst).
type rowsDotFunc func(dst []float32, w []byte, rowBytes int, a *qAct)

// genericRows lifts a one-row dot to a rowsDotFunc.
func genericRows(dot func(w []byte, a *qAct) float32) rowsDotFunc {
	return func(dst []float32, w []byte, rowBytes int, a *qAct) {
		for r := range dst {
			dst[r] = dot(w[r*rowBytes:(r+1)*rowBytes], a)
		}
	}
}

// matMulDequant is the fallback for weight types without a direct dot:
// dequantize each row and take float32 dots.
func matMulDequant(p *Pool, dst []float32, w Matrix, x []float32, batch int) {
	if !w.Type.CanDequantize() {
		panic(fmt.Sprintf("kernels: MatMul: unsupported weight type %s", w.Type))
	}
	p.For(w.Rows, func(lo, hi int) {
		row := make([]float32, w.Cols)
		for r := lo; r < hi; r++ {
			w.Row(r, row)
			for b := 0; b < batch; b++ {
				dst[b*w.Rows+r] = Dot(row, x[b*w.Cols:(b+1)*w.Cols])
			}
		}
	})
}

// Impl names the implementation MatMul uses now for m: "avx512vnni-x8"
// when m is prepared by Prepare and the x8 kernels are on,
// "avx512vnni-x8exact" when by PrepareExact, otherwise MatMulImpl(m.Type).
func (m Matrix) Impl() string {
	if m.x8 != nil && x8Available() {
		if m.x8exact {
			return "avx512vnni-x8exact"
		}
		return "avx512vnni-x8"
	}
	return MatMulImpl(m.Type)
}

// MatMulImpl names the implementation MatMul uses now for weight type t:
// "avx2", "generic", or "dequant" for types without a direct dot; when
// prompt batches use a different tile kernel, it follows after a "+", as
// in "avx2+avx512vnni".
func MatMulImpl(t gguf.Type) string {
	k, ok := qKernels[t]
	switch {
	case !ok:
		return "dequant"
	case k.act == 0 && t == gguf.F32:
		return InUse("dot_f32")
	case k.act == 0:
		return floatImpl(t)
	case hasAsmRows(t):
		if ti := tileImpl(t); ti != "" && ti != "avx2" {
			return "avx2+" + ti
		}
		return "avx2"
	}
	return "generic"
}

// packed4 holds four tokens' activations interleaved block by block: for
// block i (of bs = 32 or 256 values) and token j, qs[(4i+j)*bs:][:bs],
// d[4i+j], and s[4i+j] (bs 32) or bsums[(4i+j)*16:][:16] (bs 256).
type packed4 struct {
	qs    []int8
	d, s  []float32
	bsums []int16
	// corr holds, for the signed tiles that run on unsigned weights
	// (packCorr), per 32-block and token the eight int32 lane sums of
	// VPDPBUSD (four consecutive values each) times -2^shift.
	corr []int32
	// dx holds, for the eight-token tiles (packSpread), per block and
	// token d repeated eight times: dx[32i+8j:][:8] = d[4i+j].
	dx []float32
}

// packAct4 interleaves a[0..3] (same length, blocks of bs) into p.
func packAct4(p *packed4, a []qAct, bs int) {
	nb := len(a[0].d)
	p.qs = grow(p.qs, nb*4*bs)
	p.d = grow(p.d, nb*4)
	if bs == 32 {
		p.s = grow(p.s, nb*4)
		p.bsums = p.bsums[:0]
	} else {
		p.s = p.s[:0]
		p.bsums = grow(p.bsums, nb*4*16)
	}
	for i := range nb {
		for j := range 4 {
			k := 4*i + j
			copy(p.qs[k*bs:(k+1)*bs], a[j].qs[bs*i:bs*(i+1)])
			p.d[k] = a[j].d[i]
			if bs == 32 {
				p.s[k] = a[j].s[i]
			} else {
				copy(p.bsums[16*k:16*k+16], a[j].bsums[16*i:16*i+16])
			}
		}
	}
}

// packCorr fills p.corr after packAct4 (blocks of 32): for block i, token
// j and lane l, -(q[4l]+q[4l+1]+q[4l+2]+q[4l+3]) << shift of the token's
// block. A tile that adds 2^shift to signed weights (Q8_0: 128; Q5_0's
// values are its unsigned 0..31 minus 16) starts each lane's integer sum
// there, so the lane ends at the signed weights' exact sum.
func packCorr(p *packed4, shift int) {
	nk := len(p.qs) / 32
	p.corr = grow(p.corr, nk*8)
	for k := range nk {
		q := p.qs[32*k : 32*k+32]
		for l := range 8 {
			sum := int32(q[4*l]) + int32(q[4*l+1]) + int32(q[4*l+2]) + int32(q[4*l+3])
			p.corr[8*k+l] = -(sum << shift)
		}
	}
}

// packSpread fills p.dx after packAct4: each scale repeated over the eight
// float lanes of its token, so that the eight-token tiles form a block's per-lane scales d_w*d_a with one multiply per two tokens
// instead of spreading them with VPERMPS.
func packSpread(p *packed4) {
	p.dx = grow(p.dx, 8*len(p.d))
	for k, d := range p.d {
		for l := range 8 {
			p.dx[8*k+l] = d
		}
	}
}

// tile4Func computes for r < nrows, j < 4: dst[j*stride+r] = dot(row r, token j).
type tile4Func func(dst []float32, stride, nrows int, w []byte, rowBytes int, p *packed4)

// tile8Func is tile4Func for eight tokens, 0-3 packed in p0 and 4-7 in p1,
// each output the bits tile4Func gives it.
type tile8Func func(dst []float32, stride, nrows int, w []byte, rowBytes int, p0, p1 *packed4)
