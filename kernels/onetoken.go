package kernels

import (
	"hyoka/gguf"
)

// llama.cpp's CPU backend computes a batch of one token with other kernels
// than a batch of two or more: llamafile's tinyBLAS declines single-column
// products (llamafile_sgemm returns false for n < 2, and for any n when the
// inner length is not a multiple of 16 or the row count not of 4), so the
// attention's float products run through ggml_vec_dot_f16 (F32 weights
// through ggml_vec_dot_f32), and the repacked Q4_K weights run through the
// q4_K_8x8 gemv instead of the gemm (the gemm takes the tokens four at a
// time; the ones past the last multiple of four, all of them when there
// are fewer than four, go through the gemv). The functions here reproduce
// those kernels' arithmetic, so that a caller who wants llama.cpp's bits
// for such a batch (engine.LlamaCpp) can have them. The other quantized
// products hyoka runs (Q4_1, Q5_0, Q8_0, Q6_K) have the same float
// structure in both of llama.cpp's paths (ggml_vec_dot_* and
// tinyBLAS_Q0_AVX: eight lanes, one FMA per block, hsum_float_8).

// vecF16Step is the span of ggml_vec_dot_f16's vector loop on AVX-512
// without AVX512-FP16 (GGML_F16_STEP): four accumulators of 16 lanes.
const vecF16Step = 64

// DotVecF16 is ggml_vec_dot_f16's arithmetic on AVX-512 (GGML_F16_STEP 64,
// GGML_F16_EPR 16) for vectors whose values are half-precision numbers held
// as float32: element i < n&^63 goes to accumulator (i/16)%4, lane i%16, by
// a fused multiply-add in i order; the accumulators are added as
// (acc0+acc2)+(acc1+acc3), reduced over the lanes as _mm512_reduce_add_ps
// does, widened to float64; the remaining elements' float32 products are
// added in float64 one by one, and the sum is rounded to float32.
// It panics if b is shorter than a.
func DotVecF16(a, b []float32) float32 {
	b = b[:len(a)]
	return dotVecF16(a, b)
}

// DotVecF32 is ggml_vec_dot_f32's arithmetic on AVX-512 (GGML_F32_STEP 64,
// GGML_F32_EPR 16): DotVecF16's four accumulators of 16 lanes and their
// reduction, rounded to float32, then the remaining elements added in
// float32 one by one, as the prebuilt library's code does: products
// rounded for the whole 16s and then a whole 8 of them (its vector loops),
// fused multiply-adds for the last fewer than eight.
// It panics if b is shorter than a.
func DotVecF32(a, b []float32) float32 {
	b = b[:len(a)]
	return dotVecF32(a, b)
}

func dotVecF32(a, b []float32) float32 {
	n := len(a)
	np := n &^ (vecF16Step - 1)
	acc := vecLanes(a[:np], b[:np])
	sum := reduceVecF16(&acc)
	// GCC vectorized the leftover loop sumf += x[i]*y[i] 16 and then 8
	// elements at a time (products rounded, then added one by one in
	// order) and contracted the last < 8 elements into fused multiply-adds
	vec := (n - np) &^ 15
	if n-np-vec >= 8 {
		vec += 8
	}
	i := np
	for ; i < np+vec; i++ {
		sum += float32(a[i] * b[i])
	}
	for ; i < n; i++ {
		sum = fma32(a[i], b[i], sum)
	}
	return sum
}

// vecLanesGeneric accumulates a[i]*b[i] (len(a) a multiple of 64) into
// accumulator (i/16)%4, lane i%16, by fused multiply-adds in i order.
// vecLanes is the implementation in use.
func vecLanesGeneric(a, b []float32) [4][16]float32 {
	var acc [4][16]float32
	b = b[:len(a)]
	for c := 0; c+vecF16Step <= len(a); c += vecF16Step {
		for j := range 4 {
			x, y := a[c+16*j:c+16*j+16], b[c+16*j:c+16*j+16]
			s := &acc[j]
			for l := range 16 {
				s[l] = fma32(x[l], y[l], s[l])
			}
		}
	}
	return acc
}

// matFloatLlamaCpp is MatMulLlamaCpp's product of F32 or F16 weights:
// tinyBLAS's 16 lanes when tiny, ggml_vec_dot_f32/f16 otherwise.
func matFloatLlamaCpp(p *Pool, dst []float32, w Matrix, x []float32, batch int, tiny bool) {
	_ = dst[batch*w.Rows-1]
	x = x[:batch*w.Cols]
	if w.Type == gguf.F16 {
		// ggml converts the activations to F16 (vec_dot_type) first
		x = append([]float32(nil), x...)
		RoundF16(x)
	}
	p.For(w.Rows, func(lo, hi int) {
		var row []float32
		if w.Type == gguf.F16 {
			row = make([]float32, w.Cols)
		}
		for r := lo; r < hi; r++ {
			b := w.Data[r*w.RowBytes : (r+1)*w.RowBytes]
			if w.Type == gguf.F16 {
				for i := range row {
					row[i] = f16(b[2*i:])
				}
			} else {
				row = f32View(b)
			}
			for t := range batch {
				xt := x[t*w.Cols : (t+1)*w.Cols]
				switch {
				case tiny:
					dst[t*w.Rows+r] = dot(row, xt) // dotLanes16
				case w.Type == gguf.F16:
					dst[t*w.Rows+r] = dotVecF16(row, xt)
				default:
					dst[t*w.Rows+r] = dotVecF32(row, xt)
				}
			}
		}
	})
}

func dotVecF16(a, b []float32) float32 {
	n := len(a)
	np := n &^ (vecF16Step - 1)
	acc := vecLanes(a[:np], b[:np])
	sum := float64(reduceVecF16(&acc))
	for i := np; i < n; i++ {
		sum += float64(a[i] * b[i])
	}
	return float32(sum)
}

// reduceVecF16 is GGML_F32Cx16_REDUCE of four accumulators.
func reduceVecF16(acc *[4][16]float32) float32 {
	var x [16]float32
	for l := range x {
		x[l] = (acc[0][l] + acc[2][l]) + (acc[1][l] + acc[3][l])
	}
	return reduce16(&x)
}

// AttnScoresVec computes one query's scores against the listed cached keys
// as llama.cpp does for a batch of one token, each with DotVecF16:
//
//	for t := range dst {
//		r := int(rows[t])*stride + off
//		dst[t] = DotVecF16(q, k[r:r+len(q)])
//	}
//
// It panics if rows is shorter than dst or a row lies outside k.
func AttnScoresVec(dst, q []float32, k []uint16, rows CacheRows, stride, off int) {
	r := rows.rows[:len(dst)]
	rows.check(len(k), stride, off, len(q))
	var buf [256]float32
	kr := rowBuf(buf[:], len(q))
	for t := range dst {
		o := int(r[t])*stride + off
		dst[t] = dotVecF16(q, widenF16(kr, k[o:o+len(q)]))
	}
}

// AttnSumVec computes the weighted sum of the listed cached values as
// llama.cpp does for a batch of one token: one ggml_vec_dot_f16 per output
// element over the transposed value cache, whose length (llama.cpp's n_kv)
// is padded to a multiple of 256 cells, so every cell is in the vector loop
// and the cells outside the list hold weight 0. Row t is cell t+lane0: it
// goes to accumulator ((t+lane0)/16)%4, lane (t+lane0)%16, and
//
//	for t := range p {
//		r := int(rows[t])*stride + off
//		c := t + lane0
//		acc[c/16%4][c%16][i] = fma(v[r+i], p[t], acc[c/16%4][c%16][i])
//	}
//	out[i] = reduce16((acc[0][.][i]+acc[2][.][i]) + (acc[1][.][i]+acc[3][.][i]))
//
// (llama.cpp's cells are the positions when a sequence was decoded into an
// empty cache, so lane0 is the position of the first listed row: 0, or the
// start of a sliding window.) Only lane0 modulo 64 matters. It panics if
// rows is shorter than p or a row lies outside v.
func AttnSumVec(out, p []float32, v []uint16, rows CacheRows, stride, off, lane0 int) {
	r := rows.rows[:len(p)]
	rows.check(len(v), stride, off, len(out))
	attnSumVec(out, p, v, r, stride, off, lane0&(vecF16Step-1))
}

// fmaAxpyGeneric is y[i] = fma(x[i], a, y[i]); fmaAxpy is the
// implementation in use.
func fmaAxpyGeneric(y []float32, a float32, x []float32) {
	x = x[:len(y)]
	for i, v := range x {
		y[i] = fma32(v, a, y[i])
	}
}

func attnSumVec(out, p []float32, v []uint16, rows []int32, stride, off, lane0 int) {
	n := len(out)
	var buf [vecF16Step * 256]float32
	acc := buf[:]
	if vecF16Step*n > len(buf) {
		acc = make([]float32, vecF16Step*n)
	}
	acc = acc[:vecF16Step*n]
	clear(acc)
	var rb [256]float32
	vr := rowBuf(rb[:], n)
	for t, w := range p {
		r := int(rows[t])*stride + off
		c := (t + lane0) & (vecF16Step - 1)
		// accumulator c/16, lane c%16: slot c of the 64
		fmaAxpy(acc[c*n:(c+1)*n], w, widenF16(vr, v[r:r+n]))
	}
	var lanes [4][16]float32
	for i := range out {
		for c := range vecF16Step {
			lanes[c>>4][c&15] = acc[c*n+i]
		}
		out[i] = reduceVecF16(&lanes)
	}
}

// MatMulLlamaCpp is MatMul as llama.cpp's CPU backend computes a product
// of batch tokens, where that differs from MatMul: for Q4_K weights,
// llama.cpp runs the repacked q4_K_8x8 gemm on the tokens four at a time
// and the gemv on the last batch%4 tokens (all of them when batch < 4);
// MatMul's arithmetic is the gemm's, and those tokens here get the gemv's
// (see dotQ4_KVecGeneric). F32 and F16 weights go through tinyBLAS (16
// lanes, Dot's order; F16 against x rounded to half precision) when
// llamafile takes the product (two or more tokens, Cols%16 == 0, Rows%4 ==
// 0), otherwise through ggml_vec_dot_f32 and ggml_vec_dot_f16 (DotVecF32,
// DotVecF16 against x rounded to half precision). Every other case gives
// MatMul's result.
// A matrix prepared for the fast kernels (Prepare) is multiplied as MatMul
// does; one prepared by PrepareExact takes the gemm through MatMul (the
// same bits) and the gemv from its original rows.
//
// Unlike MatMul, a token's result depends on the batch it is in.
func MatMulLlamaCpp(p *Pool, dst []float32, w Matrix, x []float32, batch int) {
	if (w.Type == gguf.F32 || w.Type == gguf.F16) && w.x8 == nil && batch > 0 && w.Rows > 0 {
		tiny := batch >= 2 && w.Cols%16 == 0 && w.Rows%4 == 0
		if tiny && w.Type == gguf.F32 {
			MatMul(p, dst, w, x, batch) // tinyBLAS's order
			return
		}
		matFloatLlamaCpp(p, dst, w, x, batch, tiny)
		return
	}
	fastX8 := w.x8 != nil && !w.x8exact // PrepareExact's copy keeps llama.cpp's orders
	if w.Type != gguf.Q4_K || fastX8 || batch <= 0 || w.Rows == 0 {
		MatMul(p, dst, w, x, batch)
		return
	}
	if w.Cols%256 != 0 {
		panic("kernels: MatMulLlamaCpp: Q4_K matrix with columns not a multiple of 256")
	}
	_ = dst[batch*w.Rows-1]
	_ = x[batch*w.Cols-1]
	g := batch - batch%4
	if g > 0 {
		MatMul(p, dst[:g*w.Rows], w, x[:g*w.Cols], g)
	}
	rest := batch - g
	acts := p.actScratch(rest)
	for b := range rest {
		quantizeQ8(&acts[b], x[(g+b)*w.Cols:(g+b+1)*w.Cols], 256, false)
	}
	rows := rowsQ4_KVec()
	p.For(w.Rows, func(lo, hi int) {
		for b := range rest {
			rows(dst[(g+b)*w.Rows+lo:(g+b)*w.Rows+hi], w.Data[lo*w.RowBytes:hi*w.RowBytes], w.RowBytes, &acts[b])
		}
	})
}

// dotQ4_KVecGeneric is one output of ggml_gemv_q4_K_8x8_q8_K (AVX2), which
// llama.cpp runs for Q4_K weights on the tokens the gemm leaves: per
// 256-value super-block the exact integer sums of the eight sub-blocks'
// scaled dots and of their minimums times the activation block sums, each
// added by one fused multiply-add, by d*da and dmin*da; the difference of
// the two sums at the end.
func dotQ4_KVecGeneric(w []byte, a *qAct) float32 {
	var acc, accm float32
	for i := range len(a.qs) / 256 {
		b := w[144*i : 144*i+144]
		q := a.qs[256*i : 256*i+256]
		bs := a.bsums[16*i : 16*i+16]
		var sumi, summ int32
		for c := range 4 {
			sc0, m0 := scaleMinK4(2*c, b[4:16])
			sc1, m1 := scaleMinK4(2*c+1, b[4:16])
			qs := b[16+32*c : 16+32*c+32]
			q0, q1 := q[64*c:64*c+32], q[64*c+32:64*c+64]
			var s0, s1 int32
			for l, v := range qs {
				s0 += int32(v&15) * int32(q0[l])
				s1 += int32(v>>4) * int32(q1[l])
			}
			sumi += int32(sc0)*s0 + int32(sc1)*s1
			summ += int32(m0)*(int32(bs[4*c])+int32(bs[4*c+1])) + int32(m1)*(int32(bs[4*c+2])+int32(bs[4*c+3]))
		}
		acc = fma32(float32(sumi), f16(b)*a.d[i], acc)
		accm = fma32(float32(summ), f16(b[2:])*a.d[i], accm)
	}
	return acc - accm
}
