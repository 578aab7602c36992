package kernels

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os/exec"
	"testing"

	"hyoka/gguf"
)

// TestOracleVecF16: DotVecF16 equals llama.cpp's product of F16 weights
// and one token (ggml_vec_dot_f16, tinyBLAS declining n < 2): the lengths
// of the attention's heads and of its padded n_kv, and some with a tail.
func TestOracleVecF16(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, k := range []int{64, 256, 512, 100, 37, 8, 320} {
		m := 96
		a := make([]float32, m*k)
		b := make([]float32, k)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
		}
		for i := range b {
			b[i] = float32(rng.ExpFloat64() * 0.05)
			if i%7 == 3 {
				b[i] = 0 // masked cells
			}
		}
		RoundF16(a)
		c := runMM(t, m, 1, k, 1, a, b)
		bb := append([]float32(nil), b...)
		RoundF16(bb)
		bad := 0
		for i := range m {
			g := DotVecF16(a[i*k:(i+1)*k], bb)
			if math.Float32bits(g) != math.Float32bits(c[i]) {
				bad++
				if bad < 4 {
					t.Logf("k=%d row %d: ours %g theirs %g", k, i, g, c[i])
				}
			}
		}
		if bad > 0 {
			t.Errorf("k=%d: %d of %d differ", k, bad, m)
		}
	}
}

func runQMM(t *testing.T, w Matrix, repack bool, x []float32, n int) []float32 {
	var in bytes.Buffer
	rp := int32(0)
	if repack {
		rp = 1
	}
	binary.Write(&in, binary.LittleEndian, []int32{int32(w.Rows), int32(n), int32(w.Cols), int32(w.Type), rp})
	in.Write(w.Data)
	binary.Write(&in, binary.LittleEndian, x[:n*w.Cols])
	cmd := exec.Command(oracle(t, "qmm"))
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("qmm: %v", err)
	}
	c := make([]float32, w.Rows*n)
	if err := binary.Read(bytes.NewReader(out), binary.LittleEndian, c); err != nil {
		t.Fatalf("qmm output: %v", err)
	}
	return c
}

// TestOracleMatMulLlamaCpp: MatMulLlamaCpp equals llama.cpp's product of
// quantized weights and 1 to 9 tokens: Q4_K in the repack buffer (gemm on
// groups of four tokens, gemv on the rest), and the types the test models
// hold in plain buffers (ggml_vec_dot_* for one token, tinyBLAS_Q0_AVX for
// Q5_0 and Q8_0 with two or more).
func TestOracleMatMulLlamaCpp(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	pool := NewPool(2)
	defer pool.Close()
	const rows, cols = 64, 512
	for _, typ := range []gguf.Type{gguf.Q4_K, gguf.Q4_1, gguf.Q5_0, gguf.Q8_0, gguf.Q6_K} {
		wf := make([]float32, rows*cols)
		for i := range wf {
			wf[i] = float32(rng.NormFloat64() * 0.05)
		}
		rb, err := typ.RowSize(cols)
		if err != nil {
			t.Fatal(err)
		}
		data := make([]byte, rows*int(rb))
		if err := gguf.Quantize(typ, data, wf); err != nil {
			t.Fatal(err)
		}
		w := Matrix{Type: typ, Rows: rows, Cols: cols, RowBytes: int(rb), Data: data}
		x := make([]float32, 9*cols)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * math.Exp(rng.NormFloat64()))
		}
		for n := 1; n <= 9; n++ {
			want := runQMM(t, w, typ == gguf.Q4_K, x, n)
			got := make([]float32, rows*n)
			MatMulLlamaCpp(pool, got, w, x, n)
			bad := 0
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					bad++
					if bad < 4 {
						t.Logf("%s n=%d token %d row %d: ours %g theirs %g", typ, n, i/rows, i%rows, got[i], want[i])
					}
				}
			}
			if bad > 0 {
				t.Errorf("%s n=%d: %d of %d differ", typ, n, bad, rows*n)
			}
			if typ == gguf.Q4_K && n%4 != 0 {
				// the oracle does run the gemv: MatMul's gemm order differs
				MatMul(pool, got, w, x, n)
				gemm := 0
				for i := range got[(n-n%4)*rows:] {
					if j := (n-n%4)*rows + i; math.Float32bits(got[j]) != math.Float32bits(want[j]) {
						gemm++
					}
				}
				if gemm == 0 {
					t.Errorf("Q4_K n=%d: the gemm's order gives llama.cpp's values too; is the weight repacked?", n)
				}
			}
		}
	}
}

// TestOracleMatFloat: MatMulLlamaCpp of F32 and F16 weights equals
// llama.cpp's: ggml_vec_dot_f32 / ggml_vec_dot_f16 for one token and where
// llamafile declines (columns not a multiple of 16, rows not of 4), with
// and without a tail past the last multiple of 64; tinyBLAS otherwise.
func TestOracleMatFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	pool := NewPool(2)
	defer pool.Close()
	for _, k := range []int{576, 100, 172, 8, 7, 23, 95, 88, 64} {
		for _, m := range []int{48, 50} {
			for _, n := range []int{1, 2, 5} {
				for at, typ := range []gguf.Type{gguf.F32, gguf.F16} {
					a := make([]float32, m*k)
					x := make([]float32, n*k)
					for i := range a {
						a[i] = float32(rng.NormFloat64())
					}
					for i := range x {
						x[i] = float32(rng.NormFloat64())
					}
					var data []byte
					if typ == gguf.F16 {
						RoundF16(a)
						for _, v := range a {
							data = binary.LittleEndian.AppendUint16(data, gguf.F32ToF16(v))
						}
					} else {
						for _, v := range a {
							data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
						}
					}
					w := Matrix{Type: typ, Rows: m, Cols: k, RowBytes: len(data) / m, Data: data}
					want := runMM(t, m, n, k, at, a, x)
					got := make([]float32, m*n)
					MatMulLlamaCpp(pool, got, w, x, n)
					bad := 0
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							bad++
							if bad < 4 {
								t.Logf("%s %dx%d n=%d [%d]: ours %g theirs %g", typ, m, k, n, i, got[i], want[i])
							}
						}
					}
					if bad > 0 {
						t.Errorf("%s %dx%d n=%d: %d of %d differ", typ, m, k, n, bad, m*n)
					}
				}
			}
		}
	}
}
