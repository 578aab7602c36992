package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"hyoka/gguf"
)

// TestAttnScoresVec: each score is DotVecF16 of the query and its row.
func TestAttnScoresVec(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, hd := range []int{8, 64, 100, 256} {
		const cells, heads = 50, 2
		stride := heads * hd
		k := make([]float32, cells*stride)
		q := make([]float32, hd)
		for i := range k {
			k[i] = float32(rng.NormFloat64())
		}
		for i := range q {
			q[i] = float32(rng.NormFloat64())
		}
		RoundF16(k)
		RoundF16(q)
		rows := make([]int32, 30)
		for i := range rows {
			rows[i] = int32(rng.IntN(cells))
		}
		dst := make([]float32, len(rows))
		k16 := make([]uint16, len(k))
		ToF16(k16, k)
		AttnScoresVec(dst, q, k16, NewCacheRows(rows), stride, hd)
		for i, r := range rows {
			o := int(r)*stride + hd
			if w := DotVecF16(q, k[o:o+hd]); math.Float32bits(dst[i]) != math.Float32bits(w) {
				t.Fatalf("hd %d score %d: %g, DotVecF16 %g", hd, i, dst[i], w)
			}
		}
	}
}

// TestAttnSumVecPadded: AttnSumVec is llama.cpp's definition, one
// DotVecF16 per output element over the cells of a value cache padded to
// 256 cells, the listed rows at cells lane0, lane0+1, ... and weight 0
// everywhere else.
func TestAttnSumVecPadded(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, hd := range []int{8, 64, 256} {
		for _, lane0 := range []int{0, 5, 16, 37, 63, 67, 200} {
			const cells = 90
			stride := 2 * hd
			v := make([]float32, cells*stride)
			for i := range v {
				v[i] = float32(rng.NormFloat64())
			}
			RoundF16(v)
			n := 1 + rng.IntN(cells)
			rows := make([]int32, n)
			p := make([]float32, n)
			for i := range rows {
				rows[i] = int32(rng.IntN(cells))
				p[i] = float32(rng.ExpFloat64() * 0.02)
				if rng.IntN(5) == 0 {
					p[i] = 0
				}
			}
			RoundF16(p)
			out := make([]float32, hd)
			v16 := make([]uint16, len(v))
			ToF16(v16, v)
			AttnSumVec(out, p, v16, NewCacheRows(rows), stride, hd, lane0)
			nkv := (lane0 + n + 255) &^ 255
			col := make([]float32, nkv)
			pw := make([]float32, nkv)
			copy(pw[lane0:], p)
			for i := range out {
				clear(col)
				for tk, r := range rows {
					col[lane0+tk] = v[int(r)*stride+hd+i]
				}
				if w := DotVecF16(col, pw); math.Float32bits(out[i]) != math.Float32bits(w) {
					t.Fatalf("hd %d lane0 %d n %d element %d: %g, padded DotVecF16 %g", hd, lane0, n, i, out[i], w)
				}
			}
		}
	}
}

// TestDotVecTails: the vector part and the tails of DotVecF16 (float64)
// and DotVecF32 (float32) against a float64 sum, and exact where the
// products are exact and few.
func TestDotVecTails(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, n := range []int{0, 1, 7, 8, 15, 16, 23, 63, 64, 65, 100, 172, 256, 300} {
		a := make([]float32, n)
		b := make([]float32, n)
		ref := 0.0
		for i := range a {
			a[i], b[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
			ref += float64(a[i]) * float64(b[i])
		}
		for name, f := range map[string]func(a, b []float32) float32{"f16": DotVecF16, "f32": DotVecF32} {
			if got := f(a, b); math.Abs(float64(got)-ref) > 1e-5*(1+math.Abs(ref))*float64(n+1) {
				t.Errorf("%s n=%d: %g, float64 sum %g", name, n, got, ref)
			}
		}
	}
	// a single nonzero product lands unrounded wherever it is
	for _, i := range []int{0, 17, 63, 64, 99} {
		a := make([]float32, 100)
		b := make([]float32, 100)
		a[i], b[i] = 3, 0.25
		if DotVecF16(a, b) != 0.75 || DotVecF32(a, b) != 0.75 {
			t.Errorf("single product at %d: %g %g", i, DotVecF16(a, b), DotVecF32(a, b))
		}
	}
}

func quantizedMatrix(t *testing.T, typ gguf.Type, rows, cols int, rng *rand.Rand) Matrix {
	t.Helper()
	wf := make([]float32, rows*cols)
	for i := range wf {
		wf[i] = float32(rng.NormFloat64() * 0.05)
	}
	rb, err := typ.RowSize(uint64(cols))
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, rows*int(rb))
	if typ == gguf.F32 {
		for i, v := range wf {
			binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(v))
		}
	} else if err := gguf.Quantize(typ, data, wf); err != nil {
		t.Fatal(err)
	}
	return Matrix{Type: typ, Rows: rows, Cols: cols, RowBytes: int(rb), Data: data}
}

// TestMatMulLlamaCppBatches: which tokens get which kernel. Q4_K (also
// when PrepareExact repacked it): the first batch-batch%4 tokens as MatMul
// (the gemm), each other token as the gemv, dotQ4_KVecGeneric's bits; other quantized types as MatMul for every batch
// (Q5_K and Q6_K, also when PrepareExact repacked them: dotQ5_KGeneric's
// and dotQ6_KGeneric's bits, llama.cpp's ggml_vec_dot_q5_K_q8_K and
// ggml_vec_dot_q6_K_q8_K for every batch size); F32 with one token as DotVecF32 per row.
func TestMatMulLlamaCppBatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	pool := NewPool(2)
	defer pool.Close()
	const rows, cols = 40, 512
	x := make([]float32, 7*cols)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	same := func(what string, a, b []float32) {
		t.Helper()
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
				t.Fatalf("%s: element %d: %g vs %g", what, i, a[i], b[i])
			}
		}
	}
	for _, c := range []struct {
		typ   gguf.Type
		exact bool // PrepareExact's copy (where the CPU has one): the gemv still reads the rows
	}{{gguf.Q4_K, false}, {gguf.Q4_K, true}, {gguf.Q5_K, false}, {gguf.Q5_K, true}, {gguf.Q4_1, false}, {gguf.Q5_0, false}, {gguf.Q8_0, false}, {gguf.Q6_K, false}, {gguf.Q6_K, true}, {gguf.F32, false}} {
		typ := c.typ
		w := quantizedMatrix(t, typ, rows, cols, rng)
		if c.exact {
			w = PrepareExact(w)
		}
		for _, batch := range []int{1, 2, 4, 6, 7} {
			got := make([]float32, rows*batch)
			MatMulLlamaCpp(pool, got, w, x, batch)
			ref := make([]float32, rows*batch)
			MatMul(pool, ref, w, x, batch)
			switch {
			case typ == gguf.Q4_K:
				g := batch - batch%4
				same(typ.String()+" gemm part", got[:g*rows], ref[:g*rows])
				for b := g; b < batch; b++ {
					one := make([]float32, rows)
					MatMulLlamaCpp(pool, one, w, x[b*cols:(b+1)*cols], 1)
					same(typ.String()+" gemv token", got[b*rows:(b+1)*rows], one)
					a := pool.actScratch(1)
					quantizeQ8(&a[0], x[b*cols:(b+1)*cols], 256, false)
					for r := range rows {
						if v := dotQ4_KVecGeneric(w.Data[r*w.RowBytes:(r+1)*w.RowBytes], &a[0]); math.Float32bits(one[r]) != math.Float32bits(v) {
							t.Fatalf("Q4_K (prepared %v) row %d: one-token %g, gemv %g", w.Prepared(), r, one[r], v)
						}
						// the gemv and the gemm add the same products in
						// other orders: close, and not far from each other
						gemm := dotQ4_KGeneric(w.Data[r*w.RowBytes:(r+1)*w.RowBytes], &a[0])
						if d := math.Abs(float64(one[r] - gemm)); d > 1e-4*(1+math.Abs(float64(gemm))) {
							t.Fatalf("Q4_K row %d: gemv %g, gemm %g", r, one[r], gemm)
						}
					}
				}
			case typ == gguf.F32 && batch == 1:
				for r := range rows {
					if w := DotVecF32(f32View(w.Data[r*w.RowBytes:(r+1)*w.RowBytes]), x[:cols]); math.Float32bits(got[r]) != math.Float32bits(w) {
						t.Fatalf("F32 row %d: %g, DotVecF32 %g", r, got[r], w)
					}
				}
			default:
				same(typ.String(), got, ref)
				if typ == gguf.Q5_K || typ == gguf.Q6_K {
					same(fmt.Sprintf("%s (prepared %v) vs the per-row exact dot", typ, w.Prepared()), got, exactRef(w, x, batch))
				}
			}
		}
	}
}

// TestRowsQ4_KVec: the Q4_K gemv row kernel in use (assembly where there
// is one) equals dotQ4_KVecGeneric bit for bit, extreme values included.
func TestRowsQ4_KVec(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	pool := NewPool(1)
	defer pool.Close()
	for _, cols := range []int{256, 1024, 4864 / 256 * 256} {
		for trial := range 4 {
			const rows = 24
			w := quantizedMatrix(t, gguf.Q4_K, rows, cols, rng)
			if trial == 3 {
				for i := range w.Data {
					w.Data[i] = byte(rng.IntN(256)) // any scales, minimums and nibbles
				}
				for r := range rows { // finite half-precision d and dmin
					for b := range cols / 256 {
						o := r*w.RowBytes + 144*b
						binary.LittleEndian.PutUint16(w.Data[o:], gguf.F32ToF16(float32(rng.NormFloat64())))
						binary.LittleEndian.PutUint16(w.Data[o+2:], gguf.F32ToF16(float32(rng.NormFloat64())))
					}
				}
			}
			x := make([]float32, cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64() * math.Exp(2*rng.NormFloat64()))
			}
			a := pool.actScratch(1)
			quantizeQ8(&a[0], x, 256, false)
			got := make([]float32, rows)
			rowsQ4_KVec()(got, w.Data, w.RowBytes, &a[0])
			for r := range rows {
				want := dotQ4_KVecGeneric(w.Data[r*w.RowBytes:(r+1)*w.RowBytes], &a[0])
				if math.Float32bits(got[r]) != math.Float32bits(want) {
					t.Fatalf("cols %d trial %d row %d: %g, generic %g", cols, trial, r, got[r], want)
				}
			}
		}
	}
}

// TestVecKernelsTwins: vecLanes and fmaAxpy in use (assembly where there
// is one) equal their generic twins bit for bit, on values whose products
// and sums round (and cancel) in every way.
func TestVecKernelsTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	val := func() float32 {
		v := float32(rng.NormFloat64() * math.Exp(4*rng.NormFloat64()))
		if rng.IntN(8) == 0 {
			v = 0
		}
		return v
	}
	for _, n := range []int{0, 64, 128, 256, 512} {
		for range 50 {
			a, b := make([]float32, n), make([]float32, n)
			for i := range a {
				a[i], b[i] = val(), val()
			}
			got, want := vecLanes(a, b), vecLanesGeneric(a, b)
			for j := range got {
				for l := range got[j] {
					if math.Float32bits(got[j][l]) != math.Float32bits(want[j][l]) {
						t.Fatalf("vecLanes n=%d acc %d lane %d: %g, generic %g", n, j, l, got[j][l], want[j][l])
					}
				}
			}
		}
	}
	for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 256, 259} {
		for range 50 {
			x, y := make([]float32, n), make([]float32, n)
			for i := range x {
				x[i], y[i] = val(), val()
			}
			a := val()
			y2 := append([]float32(nil), y...)
			fmaAxpy(y, a, x)
			fmaAxpyGeneric(y2, a, x)
			for i := range y {
				if math.Float32bits(y[i]) != math.Float32bits(y2[i]) {
					t.Fatalf("fmaAxpy n=%d [%d]: %g, generic %g", n, i, y[i], y2[i])
				}
			}
		}
	}
}
