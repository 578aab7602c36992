package gguf

import (
	"errors"
	"math"
	"strings"
	"testing"
	"unsafe"

	"hyoka/internal/testenv"
)

// TestBlockLayouts checks every TypeSize against the Go mirror of ggml's
// block struct (ggml-common.h's static_asserts) and the block sizes.
func TestBlockLayouts(t *testing.T) {
	layouts := map[Type]struct {
		size  uintptr
		block int
	}{
		F32: {4, 1}, F16: {2, 1}, BF16: {2, 1}, F64: {8, 1},
		I8: {1, 1}, I16: {2, 1}, I32: {4, 1}, I64: {8, 1},
		Q4_0:    {unsafe.Sizeof(blockQ4_0{}), 32},
		Q4_1:    {unsafe.Sizeof(blockQ4_1{}), 32},
		Q5_0:    {unsafe.Sizeof(blockQ5_0{}), 32},
		Q5_1:    {unsafe.Sizeof(blockQ5_1{}), 32},
		Q8_0:    {unsafe.Sizeof(blockQ8_0{}), 32},
		Q8_1:    {unsafe.Sizeof(blockQ8_1{}), 32},
		Q2_K:    {unsafe.Sizeof(blockQ2_K{}), QK_K},
		Q3_K:    {unsafe.Sizeof(blockQ3_K{}), QK_K},
		Q4_K:    {unsafe.Sizeof(blockQ4_K{}), QK_K},
		Q5_K:    {unsafe.Sizeof(blockQ5_K{}), QK_K},
		Q6_K:    {unsafe.Sizeof(blockQ6_K{}), QK_K},
		Q8_K:    {unsafe.Sizeof(blockQ8_K{}), QK_K},
		IQ4_NL:  {unsafe.Sizeof(blockIQ4_NL{}), 32},
		IQ4_XS:  {unsafe.Sizeof(blockIQ4_XS{}), QK_K},
		IQ2_XXS: {unsafe.Sizeof(blockIQ2_XXS{}), QK_K},
		IQ2_XS:  {unsafe.Sizeof(blockIQ2_XS{}), QK_K},
		IQ2_S:   {unsafe.Sizeof(blockIQ2_S{}), QK_K},
		IQ3_XXS: {unsafe.Sizeof(blockIQ3_XXS{}), QK_K},
		IQ3_S:   {unsafe.Sizeof(blockIQ3_S{}), QK_K},
		IQ1_S:   {unsafe.Sizeof(blockIQ1_S{}), QK_K},
		IQ1_M:   {unsafe.Sizeof(blockIQ1_M{}), QK_K},
		TQ1_0:   {unsafe.Sizeof(blockTQ1_0{}), QK_K},
		TQ2_0:   {unsafe.Sizeof(blockTQ2_0{}), QK_K},
		MXFP4:   {unsafe.Sizeof(blockMXFP4{}), 32},
	}
	for _, typ := range Types() {
		l, ok := layouts[typ]
		if !ok {
			t.Errorf("%s: no layout in this test", typ)
			continue
		}
		tr := typ.Traits()
		if uintptr(tr.TypeSize) != l.size || tr.BlockSize != l.block {
			t.Errorf("%s: traits say %d elements in %d bytes, layout %d in %d", typ, tr.BlockSize, tr.TypeSize, l.block, l.size)
		}
	}
	if len(layouts) != len(Types()) {
		t.Errorf("%d layouts for %d types", len(layouts), len(Types()))
	}
}

// supported lists the types hyoka must convert (issue 2); the rest of
// Types() must be recognised and refused by name.
var (
	dequantizable = []Type{F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1,
		Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K, IQ4_NL, IQ4_XS}
	quantizable = []Type{F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1, Q8_K,
		Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_NL, IQ4_XS}
)

// TestTraitsConsistent checks the table: names round-trip, sizes are
// positive and sane, the required conversions exist, and every other type
// is refused with an error that names it.
func TestTraitsConsistent(t *testing.T) {
	names := map[string]bool{}
	for _, typ := range Types() {
		tr := typ.Traits()
		if tr == nil || !typ.Known() || tr.Name == "" || typ.String() != tr.Name {
			t.Fatalf("type %d: bad entry %+v", uint32(typ), tr)
		}
		if names[tr.Name] {
			t.Errorf("duplicate name %s", tr.Name)
		}
		names[tr.Name] = true
		if got, _ := typeByName(tr.Name); got != typ {
			t.Errorf("%s: name lookup gives %d", tr.Name, got)
		}
		if tr.BlockSize <= 0 || tr.TypeSize <= 0 || (tr.BlockSize > 1 && tr.BlockSize%32 != 0) {
			t.Errorf("%s: block %d size %d", tr.Name, tr.BlockSize, tr.TypeSize)
		}
		if n, err := typ.RowSize(uint64(3 * tr.BlockSize)); err != nil || n != uint64(3*tr.TypeSize) {
			t.Errorf("%s: RowSize(3 blocks) = %d, %v", tr.Name, n, err)
		}
		if tr.BlockSize > 1 {
			if _, err := typ.RowSize(uint64(tr.BlockSize + 1)); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: RowSize of a partial block: %v", tr.Name, err)
			}
		}
		if typ.CanDequantize() != (tr.Dequantize != nil) {
			t.Errorf("%s: CanDequantize disagrees with the table", tr.Name)
		}
		if !typ.CanDequantize() {
			err := Dequantize(typ, make([]float32, tr.BlockSize), make([]byte, tr.TypeSize))
			if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), tr.Name) {
				t.Errorf("%s: refusal %v does not name the type", tr.Name, err)
			}
		}
		if tr.Quantize == nil {
			err := Quantize(typ, make([]byte, tr.TypeSize), make([]float32, tr.BlockSize))
			if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), tr.Name) {
				t.Errorf("%s: quantize refusal %v does not name the type", tr.Name, err)
			}
		}
	}
	for _, typ := range dequantizable {
		if !typ.CanDequantize() {
			t.Errorf("%s: no dequantizer", typ)
		}
	}
	for _, typ := range quantizable {
		if typ.Traits().Quantize == nil {
			t.Errorf("%s: no quantizer", typ)
		}
	}
	for _, typ := range []Type{IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS, IQ3_S, IQ1_S, IQ1_M, TQ1_0, TQ2_0, MXFP4} {
		if typ.CanDequantize() {
			t.Errorf("%s dequantizes: move it to the supported list and give it goldens", typ)
		}
	}
	if Type(99).Known() || !strings.Contains(Type(99).String(), "99") {
		t.Errorf("Type(99): %v", Type(99))
	}
	if err := Dequantize(Type(99), nil, nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Dequantize(99): %v", err)
	}
}

// TestConversionLengths checks the length rules: partial blocks and short
// buffers are errors, never panics or silent truncation.
func TestConversionLengths(t *testing.T) {
	for _, typ := range dequantizable {
		tr := typ.Traits()
		if err := Dequantize(typ, make([]float32, 2*tr.BlockSize), make([]byte, 2*tr.TypeSize-1)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: short source: %v", typ, err)
		}
		if tr.BlockSize > 1 {
			if err := Dequantize(typ, make([]float32, tr.BlockSize-1), make([]byte, tr.TypeSize)); err == nil {
				t.Errorf("%s: partial block accepted", typ)
			}
		}
		if err := Dequantize(typ, nil, nil); err != nil {
			t.Errorf("%s: empty: %v", typ, err)
		}
	}
	for _, typ := range quantizable {
		tr := typ.Traits()
		if err := Quantize(typ, make([]byte, tr.TypeSize-1), make([]float32, tr.BlockSize)); err == nil {
			t.Errorf("%s: short destination accepted", typ)
		}
	}
}

// cosData is test-quantize-fns.cpp's data: 0.1 + 2*cos(i + offset).
func cosData(n int, offset float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.1 + 2*math.Cos(float64(i)+offset))
	}
	return x
}

// TestQuantizeRMSE round-trips the cos data and bounds the root mean square
// error per type. The budgets are about 1.2x what each type measures on this
// data (the theoretical step/sqrt(12) for a 4-bit step of 4.2/15 is 0.08),
// so a quantizer that loses precision fails; the data span [-1.9, 2.1].
func TestQuantizeRMSE(t *testing.T) {
	budget := map[Type]float64{
		F32:    0,
		F16:    4e-4,
		BF16:   3.5e-3,
		Q8_0:   6e-3,
		Q8_1:   6e-3,
		Q8_K:   6e-3,
		Q5_0:   0.045,
		Q5_1:   0.043,
		Q4_0:   0.085,
		Q4_1:   0.088,
		Q2_K:   0.36,
		Q3_K:   0.2,
		Q4_K:   0.076,
		Q5_K:   0.041,
		Q6_K:   0.02,
		IQ4_NL: 0.1,
		IQ4_XS: 0.097,
	}
	const n = 32 * 128
	for _, typ := range quantizable {
		b, ok := budget[typ]
		if !ok {
			t.Errorf("%s: no RMSE budget", typ)
			continue
		}
		for _, off := range []float64{0, 0.5, 1.7} {
			x := cosData(n, off)
			sz, _ := typ.RowSize(n)
			q := make([]byte, sz)
			y := make([]float32, n)
			for i := range y {
				y[i] = float32(math.Inf(1)) // catch missed writes
			}
			if err := Quantize(typ, q, x); err != nil {
				t.Fatal(err)
			}
			if err := Dequantize(typ, y, q); err != nil {
				t.Fatal(err)
			}
			var sum float64
			for i := range x {
				d := float64(x[i] - y[i])
				sum += d * d
			}
			rmse := math.Sqrt(sum / n)
			if !(rmse <= b) {
				t.Errorf("%s offset %v: RMSE %.3g > budget %.3g", typ, off, rmse, b)
			} else if off == 0 {
				t.Logf("%s: RMSE %.3g (budget %.3g)", typ, rmse, b)
			}
		}
	}
}

// TestQuantizeHostile feeds NaN, Inf and extreme values: the result may be
// meaningless but nothing may panic.
func TestQuantizeHostile(t *testing.T) {
	vals := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), math.MaxFloat32, -math.MaxFloat32, 1e-45, 0}
	for _, typ := range quantizable {
		tr := typ.Traits()
		x := make([]float32, tr.BlockSize*QK_K/tr.BlockSize*2)
		if tr.BlockSize == 1 {
			x = make([]float32, 64)
		}
		for i := range x {
			x[i] = vals[i%len(vals)]
		}
		sz, _ := typ.RowSize(uint64(len(x)))
		q := make([]byte, sz)
		if err := Quantize(typ, q, x); err != nil {
			t.Fatal(err)
		}
		if err := Dequantize(typ, make([]float32, len(x)), q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDequantizeRealTensors dequantizes the first rows of every tensor of
// the fetched Q4_K_M models (Q4_K, Q6_K, Q5_0, Q8_0 and F32 tensors) and
// requires finite values of a plausible size.
func TestDequantizeRealTensors(t *testing.T) {
	for _, name := range []string{testenv.Gemma3, testenv.SmolLM2, qwenModel} {
		t.Run(name, func(t *testing.T) {
			f, err := Open(testenv.Model(t, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			types := map[Type]int{}
			for _, tt := range f.Tensors() {
				types[tt.Type]++
				row := tt.Dims[0]
				n := min(tt.NumElements(), 4*row)
				sz, _ := tt.Type.RowSize(n)
				y := make([]float32, n)
				if err := Dequantize(tt.Type, y, tt.Data()[:sz]); err != nil {
					t.Fatalf("%s: %v", tt.Name, err)
				}
				var amax float64
				for _, v := range y {
					if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
						t.Fatalf("%s (%s): non-finite value", tt.Name, tt.Type)
					}
					amax = max(amax, math.Abs(float64(v)))
				}
				if amax == 0 || amax > 1e4 {
					t.Errorf("%s (%s): max |w| %g", tt.Name, tt.Type, amax)
				}
			}
			t.Logf("tensor types %v", types)
		})
	}
}

// qwenModel is the Qwen2.5 model fetch-models.sh downloads.
const qwenModel = "qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf"

// BenchmarkDequantize measures each dequantizer on 64K elements
// (benchstat -col /type compares them).
func BenchmarkDequantize(b *testing.B) {
	const n = 1 << 16
	x := cosData(n, 0)
	for _, typ := range dequantizable {
		sz, _ := typ.RowSize(n)
		q := make([]byte, sz)
		if err := Quantize(typ, q, x); err != nil {
			b.Fatal(err)
		}
		y := make([]float32, n)
		b.Run("type="+typ.String(), func(b *testing.B) {
			b.SetBytes(int64(sz))
			for b.Loop() {
				_ = Dequantize(typ, y, q)
			}
		})
	}
}
