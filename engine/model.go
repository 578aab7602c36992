package engine

import (
	"fmt"
	"slices"

	"hyoka/gguf"
	"hyoka/kernels"
)

// Weights are the model's parameters. Matrices are views into the mapped
// GGUF file in their stored types; the small 1-D vectors (norm weights,
// biases) are converted to float32 once at load.
type Weights struct {
	TokenEmbd  kernels.Matrix // (NVocab, NEmbd)
	OutputNorm []float32      // (NEmbd)
	Output     kernels.Matrix // (NVocab, NEmbd); TokenEmbd when the embeddings are tied
	Tied       bool
	Layers     []Layer // (NLayer)
}

// Layer is one transformer block. Optional fields are nil/zero when the
// architecture has none.
type Layer struct {
	AttnNorm     []float32      // (NEmbd)
	Wq           kernels.Matrix // (NHead*HeadDim, NEmbd)
	Wk           kernels.Matrix // (NHeadKV*HeadDim, NEmbd)
	Wv           kernels.Matrix // (NHeadKV*HeadDimV, NEmbd)
	Wo           kernels.Matrix // (NEmbd, NHead*HeadDimV)
	Bq, Bk, Bv   []float32      // optional biases of the above (qwen2)
	QNorm, KNorm []float32      // (HeadDim) optional per-head RMS norms
	PostAttnNorm []float32      // (NEmbd) optional
	FFNNorm      []float32      // (NEmbd)
	Gate         kernels.Matrix // (NFF, NEmbd)
	Up           kernels.Matrix // (NFF, NEmbd)
	Down         kernels.Matrix // (NEmbd, NFF)
	PostFFNNorm  []float32      // (NEmbd) optional
}

// loader fetches tensors by name and checks their shapes. The first error
// sticks: later calls return zero values and the caller checks l.err once.
type loader struct {
	f   *gguf.File
	err error
}

func (l *loader) get(name string, dims []uint64, optional bool) *gguf.TensorInfo {
	if l.err != nil {
		return nil
	}
	t, ok := l.f.Tensor(name)
	if !ok {
		if !optional {
			l.err = fmt.Errorf("%w: tensor %s is missing (expected shape %v)", ErrBadModel, name, dims)
		}
		return nil
	}
	found := slices.Clone(t.Dims)
	for len(found) > len(dims) && found[len(found)-1] == 1 {
		found = found[:len(found)-1]
	}
	if !slices.Equal(found, dims) {
		l.err = fmt.Errorf("%w: tensor %s: expected shape %v, found %v", ErrBadModel, name, dims, t.Dims)
		return nil
	}
	return t
}

// matrix loads a weight of rows x cols (ggml dims [cols, rows]); ok is
// false when an optional tensor is absent.
func (l *loader) matrix(name string, rows, cols int, optional bool) (m kernels.Matrix, ok bool) {
	t := l.get(name, []uint64{uint64(cols), uint64(rows)}, optional)
	if t == nil {
		return m, false
	}
	m, err := kernels.NewMatrix(t)
	if err != nil {
		l.err = fmt.Errorf("engine: %w", err)
		return m, false
	}
	return m, true
}

// mat loads a required matrix.
func (l *loader) mat(name string, rows, cols int) kernels.Matrix {
	m, _ := l.matrix(name, rows, cols, false)
	return m
}

// vector loads a 1-D tensor of n elements as float32 (nil when an optional
// tensor is absent).
func (l *loader) vector(name string, n int, optional bool) []float32 {
	t := l.get(name, []uint64{uint64(n)}, optional)
	if t == nil {
		return nil
	}
	v := make([]float32, n)
	if err := gguf.Dequantize(t.Type, v, t.Data()); err != nil {
		l.err = fmt.Errorf("engine: tensor %s: %w", name, err)
		return nil
	}
	return v
}

// vec loads a required vector.
func (l *loader) vec(name string, n int) []float32 { return l.vector(name, n, false) }

// loadLlamaLike loads the tensors of the llama family of blocks (llama,
// qwen2, gemma3, ...): token embeddings, optional output (tied otherwise),
// per-layer attention and gated FFN, with the optional parts the flags ask for.
func loadLlamaLike(l *loader, c *Config, w *Weights, biases, qkNorm, postNorm bool) error {
	w.TokenEmbd = l.mat("token_embd.weight", c.NVocab, c.NEmbd)
	w.OutputNorm = l.vec("output_norm.weight", c.NEmbd)
	var ok bool
	if w.Output, ok = l.matrix("output.weight", c.NVocab, c.NEmbd, true); !ok {
		w.Output, w.Tied = w.TokenEmbd, true
	}
	if ff := l.vector("rope_freqs.weight", c.Rope.Dims/2, true); ff != nil {
		c.Rope.FreqFactors = ff
	}
	qd, kd, vd := c.NHead*c.HeadDim, c.NHeadKV*c.HeadDim, c.NHeadKV*c.HeadDimV
	w.Layers = make([]Layer, c.NLayer)
	for i := range w.Layers {
		y := &w.Layers[i]
		p := fmt.Sprintf("blk.%d.", i)
		y.AttnNorm = l.vec(p+"attn_norm.weight", c.NEmbd)
		y.Wq = l.mat(p+"attn_q.weight", qd, c.NEmbd)
		y.Wk = l.mat(p+"attn_k.weight", kd, c.NEmbd)
		y.Wv = l.mat(p+"attn_v.weight", vd, c.NEmbd)
		y.Wo = l.mat(p+"attn_output.weight", c.NEmbd, c.NHead*c.HeadDimV)
		y.FFNNorm = l.vec(p+"ffn_norm.weight", c.NEmbd)
		y.Gate = l.mat(p+"ffn_gate.weight", c.NFF, c.NEmbd)
		y.Up = l.mat(p+"ffn_up.weight", c.NFF, c.NEmbd)
		y.Down = l.mat(p+"ffn_down.weight", c.NEmbd, c.NFF)
		if biases {
			y.Bq = l.vec(p+"attn_q.bias", qd)
			y.Bk = l.vec(p+"attn_k.bias", kd)
			y.Bv = l.vec(p+"attn_v.bias", vd)
		}
		if qkNorm {
			y.QNorm = l.vec(p+"attn_q_norm.weight", c.HeadDim)
			y.KNorm = l.vec(p+"attn_k_norm.weight", c.HeadDim)
		}
		if postNorm {
			y.PostAttnNorm = l.vec(p+"post_attention_norm.weight", c.NEmbd)
			y.PostFFNNorm = l.vec(p+"post_ffw_norm.weight", c.NEmbd)
		}
	}
	return l.err
}

// Model is a loaded model: configuration and weights. It is read-only and
// may be shared by several sessions (each session has its own cache).
type Model struct {
	Config  Config
	Weights Weights
	Path    string
	file    *gguf.File
	owned   bool
	num     Numerics // LoadOptions.Numerics
}

// Numerics selects the arithmetic of a model's products.
type Numerics int

const (
	// Exact (the default) reproduces llama.cpp's CPU arithmetic: its
	// activation quantization, its dot products' lane orders, its
	// attention and softmax sums (see docs/engine.md). The logits are
	// llama.cpp's own, bit for bit where the comparison tests reach.
	// Q4_K, Q5_K and Q6_K matrices are repacked at load too
	// (kernels.PrepareExact), for kernels that keep llama.cpp's order.
	Exact Numerics = iota
	// Fast uses hyoka's fastest kernels where they differ from llama.cpp's
	// order: matrices repacked eight rows at a time (kernels.Prepare) and
	// the eight-key attention kernels. The inputs and their quantization
	// are the same and results still depend only on their own inputs, never
	// on batching or threads; but the sums run in other orders, and through
	// the 8-bit activation roundings a last-bit difference grows to the size
	// of quantization noise (top-1 agreement with llama.cpp 93-96% on the
	// test models).
	Fast
	// LlamaCpp follows llama.cpp token for token, at the price of hyoka's
	// determinism. Each forward pass (a Decode chunk of at most
	// SessionOptions.BatchSize tokens, llama.cpp's ubatch) runs the kernels
	// llama.cpp runs for a batch of its size: Exact's arithmetic for two or
	// more tokens, and llama.cpp's other kernels where it switches to them:
	// ggml_vec_dot_f16/f32 for the attention and float weights in a batch
	// of one token (or where llamafile declines the shape), the q4_K gemv
	// for the batch%4 last tokens of a Q4_K product, and the last layer's
	// feed-forward and the output run on the tokens that want logits only.
	// Greedy generation (the prompt in one batch, then one token at a time)
	// then gives llama.cpp's tokens, but a token's logits depend on the
	// size and content of the batch it is decoded in, as llama.cpp's do:
	// prefix reuse, batch splitting and batched generation change them.
	// The determinism guarantee of Decode holds for Exact and Fast only;
	// LlamaCpp is repeatable (the same batches give the same bits whatever
	// the thread count). See docs/engine.md, "LlamaCpp numerics".
	LlamaCpp
)

// String returns "exact", "fast" or "llamacpp".
func (n Numerics) String() string {
	switch n {
	case Fast:
		return "fast"
	case LlamaCpp:
		return "llamacpp"
	}
	return "exact"
}

// LoadOptions control how a model is loaded.
type LoadOptions struct {
	Numerics Numerics
	// NoMmap reads the GGUF file into memory instead of mapping it
	// (gguf.OpenOptions.NoMmap: huge pages on Linux, faster one-token
	// generation, all of the file resident).
	NoMmap bool
}

// Numerics reports the arithmetic the model was loaded with.
func (m *Model) Numerics() Numerics { return m.num }

// Open builds a Model from an open GGUF file (which must outlive the
// model; Close on the model does not close it), with Exact numerics.
func Open(f *gguf.File) (*Model, error) { return OpenWith(f, LoadOptions{}) }

// OpenWith is Open with options.
func OpenWith(f *gguf.File, opt LoadOptions) (*Model, error) {
	c, spec, err := newConfig(f)
	if err != nil {
		return nil, err
	}
	switch opt.Numerics {
	case Exact, Fast, LlamaCpp:
	default:
		return nil, fmt.Errorf("engine: unknown numerics %d", int(opt.Numerics))
	}
	m := &Model{Config: *c, file: f, num: opt.Numerics}
	if err := spec.tensors(&loader{f: f}, &m.Config, &m.Weights); err != nil {
		return nil, err
	}
	m.Weights.prepare(m.num == Fast)
	return m, nil
}

// prepare readies every matrix the forward pass multiplies for the
// fastest kernels of this CPU that keep the numerics: kernels.Prepare
// (fast) or kernels.PrepareExact (exact: only the types whose repacked
// kernels give the per-row kernels' bits, Q4_K, Q5_K and Q6_K), each a repacked copy
// where the CPU has kernels for one, held besides the mapped file.
// TokenEmbd stays as loaded: it is only read row by row, also when the
// output matrix is tied to it.
func (w *Weights) prepare(fast bool) {
	prep := kernels.PrepareExact
	if fast {
		prep = kernels.Prepare
	}
	w.Output = prep(w.Output)
	for i := range w.Layers {
		y := &w.Layers[i]
		for _, m := range []*kernels.Matrix{&y.Wq, &y.Wk, &y.Wv, &y.Wo, &y.Gate, &y.Up, &y.Down} {
			*m = prep(*m)
		}
	}
}

// Load opens the GGUF file at path and builds its Model (Exact numerics).
func Load(path string) (*Model, error) { return LoadWith(path, LoadOptions{}) }

// LoadWith is Load with options.
func LoadWith(path string, opt LoadOptions) (*Model, error) {
	f, err := gguf.OpenWith(path, gguf.OpenOptions{NoMmap: opt.NoMmap})
	if err != nil {
		return nil, err
	}
	m, err := OpenWith(f, opt)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("engine: %s: %w", path, err)
	}
	m.Path, m.owned = path, true
	return m, nil
}

// File returns the GGUF file the model's weights are views of (for the
// tokenizer and metadata).
func (m *Model) File() *gguf.File { return m.file }

// Close unmaps the file if Load opened it. Sessions must not be used afterwards.
func (m *Model) Close() error {
	if m.owned {
		return m.file.Close()
	}
	return nil
}

// KVBytesPerToken is the KV-cache memory one cached token takes (half-precision K and V, all layers).
func (c *Config) KVBytesPerToken() int64 {
	return int64(c.NLayer) * int64(c.NHeadKV) * int64(c.HeadDim+c.HeadDimV) * 2
}
