package kernels

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"hyoka/gguf"
)

// The Oracle tests compare kernels with llama.cpp's own CPU library, value
// by value, through the programs engine/testdata/ggmloracle/build.sh builds
// into $HYOKA_GGML_ORACLE; without it they are skipped.

func oracle(t *testing.T, name string) string {
	dir := os.Getenv("HYOKA_GGML_ORACLE")
	if dir == "" {
		t.Skip("HYOKA_GGML_ORACLE not set (see engine/testdata/ggmloracle/build.sh)")
	}
	return filepath.Join(dir, name)
}

// TestOracleExp: ggml_v_expf and ggml_v_silu, 2^20 values.
func TestOracleExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 1 << 20
	x := make([]float32, n)
	for i := range x {
		switch i % 4 {
		case 0:
			x[i] = float32(rng.NormFloat64() * 3)
		case 1:
			x[i] = -float32(rng.ExpFloat64() * 10)
		case 2:
			x[i] = float32(rng.Float64()*200 - 100)
		default:
			x[i] = float32(rng.NormFloat64() * 0.1)
		}
	}
	for _, mode := range []string{"e", "s"} {
		var in bytes.Buffer
		binary.Write(&in, binary.LittleEndian, x)
		cmd := exec.Command(oracle(t, "orc"), mode, "1048576")
		cmd.Stdin = &in
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		y := make([]float32, n)
		binary.Read(bytes.NewReader(out), binary.LittleEndian, y)
		bad := 0
		for i, v := range x {
			var g float32
			if mode == "e" {
				g = expGGML(v)
			} else {
				g = v / (1 + expGGML(-v))
			}
			if math.Float32bits(g) != math.Float32bits(y[i]) {
				bad++
				if bad < 6 {
					t.Logf("%s x=%g (%08x): ours %g theirs %g", mode, v, math.Float32bits(v), g, y[i])
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d differ", mode, bad, n)
		}
	}
}

func runMM(t *testing.T, m, n, k, at int, a, b []float32) []float32 {
	var in bytes.Buffer
	binary.Write(&in, binary.LittleEndian, []int32{int32(m), int32(n), int32(k), int32(at)})
	binary.Write(&in, binary.LittleEndian, a)
	binary.Write(&in, binary.LittleEndian, b)
	cmd := exec.Command(oracle(t, "mm"))
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	c := make([]float32, m*n)
	binary.Read(bytes.NewReader(out), binary.LittleEndian, c)
	return c
}

// TestOracleMM: Dot as llamafile tinyBLAS (F32, F16 weights, 2+ tokens).
func TestOracleMM(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct{ m, n, k, at int }{{64, 8, 256, 1}, {64, 1, 256, 1}, {256, 8, 64, 1}, {576, 8, 576, 0}, {64, 64, 512, 1}} {
		a := make([]float32, tc.m*tc.k)
		b := make([]float32, tc.n*tc.k)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
		}
		for i := range b {
			b[i] = float32(rng.NormFloat64())
			if tc.at == 1 && tc.k >= 256 {
				b[i] = float32(rng.ExpFloat64() * 0.01)
			}
		}
		if tc.at == 1 {
			RoundF16(a)
		}
		c := runMM(t, tc.m, tc.n, tc.k, tc.at, a, b)
		bb := append([]float32(nil), b...)
		if tc.at == 1 {
			RoundF16(bb)
		}
		bad := 0
		for j := range tc.n {
			for i := range tc.m {
				g := dotLanes16(a[i*tc.k:(i+1)*tc.k], bb[j*tc.k:(j+1)*tc.k])
				if math.Float32bits(g) != math.Float32bits(c[j*tc.m+i]) {
					bad++
					if bad < 3 {
						t.Logf("%+v: [%d,%d] ours %g theirs %g", tc, j, i, g, c[j*tc.m+i])
					}
				}
			}
		}
		switch {
		case tc.n < 2:
			t.Logf("%+v: %d of %d differ (one token: ggml_vec_dot, not tinyBLAS)", tc, bad, tc.m*tc.n)
		case bad > 0:
			t.Errorf("%+v: %d of %d differ", tc, bad, tc.m*tc.n)
		}
	}
}

func runOps(t *testing.T, mode string, hdr []any, data ...any) []float32 {
	var in bytes.Buffer
	for _, h := range hdr {
		binary.Write(&in, binary.LittleEndian, h)
	}
	for _, d := range data {
		binary.Write(&in, binary.LittleEndian, d)
	}
	cmd := exec.Command(oracle(t, "ops"), mode)
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	c := make([]float32, len(out)/4)
	binary.Read(bytes.NewReader(out), binary.LittleEndian, c)
	return c
}

func TestOracleNormSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	n, k := 200, 576
	x := make([]float32, n*k)
	w := make([]float32, k)
	for i := range x {
		x[i] = float32(rng.NormFloat64() * math.Exp(rng.NormFloat64()))
	}
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	c := runOps(t, "r", []any{int32(n), int32(k), float32(1e-5)}, x, w)
	bad := 0
	y := make([]float32, k)
	for r := range n {
		RMSNorm(y, x[r*k:(r+1)*k], w, 1e-5)
		for i := range y {
			if math.Float32bits(y[i]) != math.Float32bits(c[r*k+i]) {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("rmsnorm: %d of %d differ", bad, n*k)
	}
	// whole groups of 16 (llama.cpp's rows are padded to 256 cells; a
	// partial group would go through libm's expf)
	for _, k := range []int{16, 64, 256} {
		for i := range x[:n*k] {
			x[i] = float32(rng.NormFloat64() * 4)
		}
		c = runOps(t, "s", []any{int32(n), int32(k), float32(0.125)}, x[:n*k])
		bad = 0
		for r := range n {
			y := append([]float32(nil), x[r*k:(r+1)*k]...)
			Scale(y, 0.125)
			Softmax(y)
			for i := range y {
				if math.Float32bits(y[i]) != math.Float32bits(c[r*k+i]) {
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("softmax k=%d: %d of %d differ", k, bad, n*k)
		}
	}
}

// TestOracleQ5_K and TestOracleQ6_K: the generic dot, the row kernel in
// use and the exact-order x8 kernels (MatMul on an exact x8 copy, one
// token) give llama.cpp's ggml_vec_dot_q5_K_q8_K / ggml_vec_dot_q6_K_q8_K
// bits (the oracle programs q5k and q6k) for quantized and random rows,
// 1-8 super-blocks, activations of several magnitudes.
func TestOracleQ5_K(t *testing.T) { testOracleK(t, gguf.Q5_K, "q5k", dotQ5_KGeneric, 61) }

func TestOracleQ6_K(t *testing.T) { testOracleK(t, gguf.Q6_K, "q6k", dotQ6_KGeneric, 63) }

func testOracleK(t *testing.T, typ gguf.Type, prog string, dot func([]byte, *qAct) float32, seed uint64) {
	bin := oracle(t, prog)
	rng := rand.New(rand.NewPCG(seed, seed+1))
	p := NewPool(1)
	defer p.Close()
	for it := range 24 {
		rows, n := 64, 256*(1+it%8)
		var wb []byte
		for range rows {
			w, _ := randomRow(typ, n, rng)
			if it%3 == 0 { // random bytes, scales tamed
				for i := range w {
					w[i] = byte(rng.Uint32())
				}
				tameScales(typ, w)
			}
			wb = append(wb, w...)
		}
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(it%5-2)))
		}
		var in bytes.Buffer
		binary.Write(&in, binary.LittleEndian, []int32{int32(rows), int32(n)})
		in.Write(wb)
		binary.Write(&in, binary.LittleEndian, x)
		cmd := exec.Command(bin)
		cmd.Stdin = &in
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		ref := make([]float32, rows)
		binary.Read(bytes.NewReader(out), binary.LittleEndian, ref)
		var a qAct
		quantizeQ8(&a, x, 256, false)
		rb := len(wb) / rows
		got := make([]float32, rows)
		quantRowsDot(typ, dot)(got, wb, rb, &a)
		m := Matrix{Type: typ, Rows: rows, Cols: n, RowBytes: rb, Data: wb}
		x8 := make([]float32, rows)
		MatMul(p, x8, exactX8(m), x, 1)
		for r := range rows {
			if g := dot(wb[r*rb:(r+1)*rb], &a); math.Float32bits(g) != math.Float32bits(ref[r]) {
				t.Fatalf("%s n %d row %d: generic %v, llama.cpp %v", typ, n, r, g, ref[r])
			}
			if math.Float32bits(got[r]) != math.Float32bits(ref[r]) {
				t.Fatalf("%s n %d row %d: row kernel %v, llama.cpp %v", typ, n, r, got[r], ref[r])
			}
			if math.Float32bits(x8[r]) != math.Float32bits(ref[r]) {
				t.Fatalf("%s n %d row %d: exact x8 kernel %v, llama.cpp %v", typ, n, r, x8[r], ref[r])
			}
		}
	}
}
