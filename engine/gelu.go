package engine

import (
	"math"
	"sync"

	"hyoka/gguf"
	"hyoka/kernels"
)

// geluTable holds GELU (tanh form) of every half-precision value, rounded
// to half precision: llama.cpp's CPU backend (GGML_GELU_FP16) evaluates
// GeGLU through such a table, and using the same one keeps gemma's logits
// on llama.cpp's. Built once, never written afterwards.
var geluTable = sync.OnceValue(func() *[1 << 16]float32 {
	var t [1 << 16]float32
	const c = 0.7978845608028654 // sqrt(2/pi)
	for i := range t {
		x := gguf.F16ToF32(uint16(i))
		// GCC fuses 1 + a*x*x into fma(a*x, x, 1) in ggml_gelu_f32
		in := fma32(float32(0.044715)*x, x, 1)
		g := 0.5 * x * (1 + float32(math.Tanh(float64(c*x*in))))
		t[i] = gguf.F16ToF32(gguf.F32ToF16(g))
	}
	return &t
})

// geglu computes gate[i] = gelu(gate[i]) * up[i] as ggml_vec_geglu_f32
// does with GGML_GELU_FP16: 0 below -10, identity above 10, the table
// between (kernels.GEGLUTable).
func geglu(gate, up []float32) { kernels.GEGLUTable(gate, up, geluTable()) }
