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

// loader fetches tensors by name and checks their shapes.
type loader struct {
	f *gguf.File
}

func shapeString(d []uint64) string { return fmt.Sprint(d) }

func (l *loader) get(name string, dims []uint64, optional bool) (*gguf.TensorInfo, error) {
	t, ok := l.f.Tensor(name)
	if !ok {
		if optional {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: tensor %s is missing (expected shape %s)", ErrBadModel, name, shapeString(dims))
	}
	found := slices.Clone(t.Dims)
	for len(found) > len(dims) && found[len(found)-1] == 1 {
		found = found[:len(found)-1]
	}
	if !slices.Equal(found, dims) {
		return nil, fmt.Errorf("%w: tensor %s: expected shape %s, found %s", ErrBadModel, name, shapeString(dims), shapeString(t.Dims))
	}
	return t, nil
}

// matrix loads a (rows, cols) weight: ggml dims [cols, rows].
func (l *loader) matrix(name string, rows, cols int, optional bool) (kernels.Matrix, bool, error) {
	t, err := l.get(name, []uint64{uint64(cols), uint64(rows)}, optional)
	if err != nil || t == nil {
		return kernels.Matrix{}, false, err
	}
	m, err := kernels.NewMatrix(t)
	if err != nil {
		return kernels.Matrix{}, false, fmt.Errorf("engine: %w", err)
	}
	return m, true, nil
}

// vector loads a 1-D tensor of n elements as float32.
func (l *loader) vector(name string, n int, optional bool) ([]float32, error) {
	t, err := l.get(name, []uint64{uint64(n)}, optional)
	if err != nil || t == nil {
		return nil, err
	}
	v := make([]float32, n)
	if err := gguf.Dequantize(t.Type, v, t.Data()); err != nil {
		return nil, fmt.Errorf("engine: tensor %s: %w", name, err)
	}
	return v, nil
}

// loadLlamaLike loads the tensors of the llama family of blocks (llama,
// qwen2, gemma3, ...): token embeddings, optional output (tied otherwise),
// per-layer attention and gated FFN, with the optional parts the flags ask for.
func loadLlamaLike(l *loader, c *Config, w *Weights, biases, qkNorm, postNorm bool) error {
	var err error
	if w.TokenEmbd, _, err = l.matrix("token_embd.weight", c.NVocab, c.NEmbd, false); err != nil {
		return err
	}
	if w.OutputNorm, err = l.vector("output_norm.weight", c.NEmbd, false); err != nil {
		return err
	}
	var ok bool
	if w.Output, ok, err = l.matrix("output.weight", c.NVocab, c.NEmbd, true); err != nil {
		return err
	}
	if !ok {
		w.Output, w.Tied = w.TokenEmbd, true
	}
	if ff, err := l.vector("rope_freqs.weight", c.Rope.Dims/2, true); err != nil {
		return err
	} else if ff != nil {
		c.Rope.FreqFactors = ff
	}
	w.Layers = make([]Layer, c.NLayer)
	for i := range w.Layers {
		y := &w.Layers[i]
		p := fmt.Sprintf("blk.%d.", i)
		qd, kd, vd := c.NHead*c.HeadDim, c.NHeadKV*c.HeadDim, c.NHeadKV*c.HeadDimV
		steps := []func() error{
			func() (e error) { y.AttnNorm, e = l.vector(p+"attn_norm.weight", c.NEmbd, false); return },
			func() (e error) { y.Wq, _, e = l.matrix(p+"attn_q.weight", qd, c.NEmbd, false); return },
			func() (e error) { y.Wk, _, e = l.matrix(p+"attn_k.weight", kd, c.NEmbd, false); return },
			func() (e error) { y.Wv, _, e = l.matrix(p+"attn_v.weight", vd, c.NEmbd, false); return },
			func() (e error) { y.Wo, _, e = l.matrix(p+"attn_output.weight", c.NEmbd, c.NHead*c.HeadDimV, false); return },
			func() (e error) { y.FFNNorm, e = l.vector(p+"ffn_norm.weight", c.NEmbd, false); return },
			func() (e error) { y.Gate, _, e = l.matrix(p+"ffn_gate.weight", c.NFF, c.NEmbd, false); return },
			func() (e error) { y.Up, _, e = l.matrix(p+"ffn_up.weight", c.NFF, c.NEmbd, false); return },
			func() (e error) { y.Down, _, e = l.matrix(p+"ffn_down.weight", c.NEmbd, c.NFF, false); return },
		}
		if biases {
			steps = append(steps,
				func() (e error) { y.Bq, e = l.vector(p+"attn_q.bias", qd, false); return },
				func() (e error) { y.Bk, e = l.vector(p+"attn_k.bias", kd, false); return },
				func() (e error) { y.Bv, e = l.vector(p+"attn_v.bias", vd, false); return },
			)
		}
		if qkNorm {
			steps = append(steps,
				func() (e error) { y.QNorm, e = l.vector(p+"attn_q_norm.weight", c.HeadDim, false); return },
				func() (e error) { y.KNorm, e = l.vector(p+"attn_k_norm.weight", c.HeadDim, false); return },
			)
		}
		if postNorm {
			steps = append(steps,
				func() (e error) { y.PostAttnNorm, e = l.vector(p+"post_attention_norm.weight", c.NEmbd, false); return },
				func() (e error) { y.PostFFNNorm, e = l.vector(p+"post_ffw_norm.weight", c.NEmbd, false); return },
			)
		}
		for _, s := range steps {
			if err := s(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Model is a loaded model: configuration and weights. It is read-only and
// may be shared by several sessions (each session has its own cache).
type Model struct {
	Config  Config
	Weights Weights
	Path    string
	file    *gguf.File
	owned   bool
}

// Open builds a Model from an open GGUF file (which must outlive the
// model; Close on the model does not close it).
func Open(f *gguf.File) (*Model, error) {
	c, spec, err := newConfig(f)
	if err != nil {
		return nil, err
	}
	m := &Model{Config: *c, file: f}
	if err := spec.tensors(&loader{f: f}, &m.Config, &m.Weights); err != nil {
		return nil, err
	}
	return m, nil
}

// Load opens the GGUF file at path and builds its Model.
func Load(path string) (*Model, error) {
	f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	m, err := Open(f)
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

// KVBytesPerToken is the KV-cache memory one cached token takes (float32 K and V, all layers).
func (c *Config) KVBytesPerToken() int64 {
	return int64(c.NLayer) * int64(c.NHeadKV) * int64(c.HeadDim+c.HeadDimV) * 4
}
