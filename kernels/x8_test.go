package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"hyoka/gguf"
)

// x8Matrix makes a rows x cols matrix of type t with random quantized rows
// and returns it with its dequantized weights.
func x8Matrix(t gguf.Type, rows, cols int, rng *rand.Rand) (Matrix, []float32) {
	tr := t.Traits()
	rb := cols / tr.BlockSize * tr.TypeSize
	data := make([]byte, rows*rb)
	wd := make([]float32, rows*cols)
	for r := range rows {
		b, w := randomRow(t, cols, rng)
		copy(data[r*rb:], b)
		copy(wd[r*cols:], w)
	}
	return Matrix{Type: t, Rows: rows, Cols: cols, RowBytes: rb, Data: data}, wd
}

// TestX8Layout: the repacked records hold every row's values: unpacking
// them (x8Values, x8Aux and the scale) gives back the dequantized weights
// exactly.
func TestX8Layout(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for typ := range x8Types {
		m, wd := x8Matrix(typ, 16, 96, rng)
		packed := packX8(m)
		rec, nb := x8Record(typ), m.Cols/32
		if len(packed) != len(m.Data) {
			t.Fatalf("%s: x8 copy has %d bytes, original %d", typ, len(packed), len(m.Data))
		}
		for g := range m.Rows / 8 {
			for b := range nb {
				rb := packed[(g*nb+b)*rec:][:rec]
				for r := range 8 {
					u := x8Values(typ, rb, r)
					d, aux := f16(rb[2*r:]), x8Aux(typ, rb, r)
					for e := range 32 {
						var got float32
						switch typ {
						case gguf.Q4_1:
							got = d*float32(u[e]) + aux
						default: // d*(u + aux/d): aux is -offset*d
							off := map[gguf.Type]float32{gguf.Q4_0: 8, gguf.Q5_0: 16, gguf.Q8_0: 128}[typ]
							got = d * (float32(u[e]) - off)
						}
						want := wd[(8*g+r)*m.Cols+32*b+e]
						if got != want {
							t.Fatalf("%s: row %d value %d: unpacked %v, dequantized %v", typ, 8*g+r, 32*b+e, got, want)
						}
					}
				}
			}
		}
	}
}

// TestX8MatMul: MatMul on a prepared matrix (the x8 kernels where the CPU
// has them, else the original path) against the generic twin of the x8
// kernels and against float64 dots of the dequantized weights (ggml's Q8_0
// activation error: 1% of the sum of |products|); every output bit-identical
// across batch sizes (one token alone, in fours, with remainders) and
// thread counts.
func TestX8MatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for typ := range x8Types {
		for _, shape := range [][2]int{{8, 32}, {40, 640}, {64, 96}} {
			rows, cols := shape[0], shape[1]
			m, wd := x8Matrix(typ, rows, cols, rng)
			pm := m
			pm.x8 = packX8(m) // whatever the CPU, to exercise the layout
			const batch = 11
			x := make([]float32, batch*cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			p1 := NewPool(1)
			ref := make([]float32, batch*rows)
			MatMul(p1, ref, pm, x, batch)
			// generic twin, token by token
			for b := range batch {
				var a qAct
				quantizeQ8(&a, x[b*cols:(b+1)*cols], 32, qKernels[typ].q81)
				gen := make([]float32, rows)
				x8RowsGeneric(typ, gen, pm.x8, rows/8, cols/32, &a)
				for r := range rows {
					var want, mag float64
					for c := range cols {
						p := float64(wd[r*cols+c]) * float64(x[b*cols+c])
						want += p
						mag += math.Abs(p)
					}
					got := ref[b*rows+r]
					if e := math.Abs(float64(got) - want); !(e <= 0.01*mag+1e-6) {
						t.Fatalf("%s %dx%d token %d row %d: %g, float dot %g", typ, rows, cols, b, r, got, want)
					}
					// The x8 kernels and the twin differ only where fma32's
					// double rounding does: a few ulps of the magnitude.
					if pm.Prepared() && x8Available() {
						if e := math.Abs(float64(got) - float64(gen[r])); !(e <= 1e-6*mag) {
							t.Fatalf("%s %dx%d token %d row %d: x8 kernel %g, generic twin %g", typ, rows, cols, b, r, got, gen[r])
						}
					}
				}
			}
			p1.Close()
			for _, th := range []int{2, 3} {
				p := NewPool(th)
				for _, n := range []int{1, 3, 4, 5, 8, batch} {
					got := make([]float32, n*rows)
					MatMul(p, got, pm, x[:n*cols], n)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
							t.Fatalf("%s %dx%d threads %d batch %d: element %d = %g, in batch %d %g", typ, rows, cols, th, n, i, got[i], batch, ref[i])
						}
					}
				}
				p.Close()
			}
		}
	}
}

// TestX8Tile4Generic: the generic four-token twin equals the one-token
// twin applied per token (the contract the assembly pair also keeps).
func TestX8Tile4Generic(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	for typ := range x8Types {
		m, _ := x8Matrix(typ, 16, 64, rng)
		w := packX8(m)
		acts := make([]qAct, 4)
		for j := range acts {
			x := make([]float32, 64)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			quantizeQ8(&acts[j], x, 32, qKernels[typ].q81)
		}
		var p packed4
		packAct4(&p, acts, 32)
		four := make([]float32, 4*16)
		x8Tile4Generic(typ, four, 16, w, 2, 2, &p)
		for j := range 4 {
			one := make([]float32, 16)
			x8RowsGeneric(typ, one, w, 2, 2, &acts[j])
			if !bitsEqual(one, four[16*j:16*j+16]) {
				t.Fatalf("%s token %d: four-token twin %v, one-token %v", typ, j, four[16*j:16*j+16], one)
			}
		}
	}
}

// TestPrepare: Prepare repacks exactly the matrices it has kernels for.
func TestPrepare(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 38))
	for _, tc := range []struct {
		typ        gguf.Type
		rows, cols int
		want       bool
	}{
		{gguf.Q5_0, 16, 64, true},
		{gguf.Q8_0, 8, 32, true},
		{gguf.Q5_0, 12, 64, false}, // rows not a multiple of 8
		{gguf.Q4_K, 8, 256, true},
		{gguf.Q6_K, 16, 512, true},
		{gguf.Q4_K, 4, 256, false},  // rows not a multiple of 8
		{gguf.IQ4_NL, 8, 32, false}, // no x8 layout
	} {
		m, _ := x8Matrix(tc.typ, tc.rows, tc.cols, rng)
		got := Prepare(m).Prepared()
		if want := tc.want && x8Available(); got != want {
			t.Errorf("%s %dx%d: prepared %v, want %v", tc.typ, tc.rows, tc.cols, got, want)
		}
	}
}

// TestX8Shapes: every column count 32..32*12 and a large one, row counts
// 8..64, batches 1..9; outputs pre-filled with NaN inside guard values that
// must survive; each output against the generic twin.
func TestX8Shapes(t *testing.T) {
	if !x8Available() {
		t.Skip("no x8 kernels on this CPU (the generic twins are tested above)")
	}
	rng := rand.New(rand.NewPCG(39, 40))
	p := NewPool(2)
	defer p.Close()
	for typ := range x8Types {
		for nb := 1; nb <= 13; nb++ {
			cols := 32 * nb
			if nb == 13 {
				cols = 32 * 80
			}
			rows := 8 * (1 + nb%8)
			m, _ := x8Matrix(typ, rows, cols, rng)
			pm := Prepare(m)
			if !pm.Prepared() {
				t.Fatalf("%s %dx%d not prepared", typ, rows, cols)
			}
			batch := 1 + nb%9
			x := make([]float32, batch*cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			const g = 5
			buf := make([]float32, batch*rows+2*g)
			for i := range buf {
				buf[i] = float32(math.NaN())
			}
			for i := range g {
				buf[i], buf[len(buf)-1-i] = 7, -7
			}
			MatMul(p, buf[g:g+batch*rows], pm, x, batch)
			for i := range g {
				if buf[i] != 7 || buf[len(buf)-1-i] != -7 {
					t.Fatalf("%s %dx%d batch %d: guard value %d overwritten", typ, rows, cols, batch, i)
				}
			}
			for b := range batch {
				var a qAct
				quantizeQ8(&a, x[b*cols:(b+1)*cols], 32, qKernels[typ].q81)
				gen := make([]float32, rows)
				x8RowsGeneric(typ, gen, pm.x8, rows/8, cols/32, &a)
				for r := range rows {
					got := buf[g+b*rows+r]
					var mag float64
					for c := range cols {
						mag += math.Abs(float64(x[b*cols+c]))
					}
					if e := math.Abs(float64(got) - float64(gen[r])); !(e <= 1e-6*mag*256) {
						t.Fatalf("%s %dx%d batch %d token %d row %d: %v, generic twin %v", typ, rows, cols, batch, b, r, got, gen[r])
					}
				}
			}
		}
	}
}

// FuzzX8 compares MatMul on a prepared matrix with the generic twin on
// fuzzed weights (raw block bytes with sane scales), activations and
// batch sizes, and checks batch invariance against one token at a time.
func FuzzX8(f *testing.F) {
	f.Add(uint8(0), uint8(2), uint8(3), uint64(1))
	f.Add(uint8(3), uint8(7), uint8(5), uint64(2))
	f.Fuzz(func(t *testing.T, ti, nb8, batch8 uint8, seed uint64) {
		types := []gguf.Type{gguf.Q4_0, gguf.Q4_1, gguf.Q5_0, gguf.Q8_0}
		typ := types[int(ti)%len(types)]
		nb, batch := 1+int(nb8%24), 1+int(batch8%9)
		rng := rand.New(rand.NewPCG(seed, 77))
		rows, cols := 16, 32*nb
		m, _ := x8Matrix(typ, rows, cols, rng)
		pm := m
		pm.x8 = packX8(m)
		x := make([]float32, batch*cols)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(5)-2)))
		}
		p := NewPool(2)
		defer p.Close()
		all := make([]float32, batch*rows)
		MatMul(p, all, pm, x, batch)
		for b := range batch {
			one := make([]float32, rows)
			MatMul(p, one, pm, x[b*cols:(b+1)*cols], 1)
			if !bitsEqual(one, all[b*rows:(b+1)*rows]) {
				t.Fatalf("%s nb %d batch %d: token %d alone differs from in the batch", typ, nb, batch, b)
			}
			var a qAct
			quantizeQ8(&a, x[b*cols:(b+1)*cols], 32, qKernels[typ].q81)
			gen := make([]float32, rows)
			x8RowsGeneric(typ, gen, pm.x8, rows/8, nb, &a)
			for r := range rows {
				var mag float64
				rb := m.Data[r*m.RowBytes : (r+1)*m.RowBytes]
				w := make([]float32, cols)
				refDequant(typ, w, rb)
				for c := range cols {
					mag += math.Abs(float64(w[c]) * float64(x[b*cols+c]))
				}
				if e := math.Abs(float64(one[r]) - float64(gen[r])); !(e <= 1e-5*mag+1e-30) {
					t.Fatalf("%s nb %d: token %d row %d: %v, generic twin %v (sum |products| %v)", typ, nb, b, r, one[r], gen[r], mag)
				}
			}
		}
	})
}
