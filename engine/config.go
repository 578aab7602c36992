package engine

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"hyoka/gguf"
)

// Sentinel errors; every error wrapping one names the file or the tensor.
var (
	// ErrUnsupportedArch: general.architecture is not one the engine runs.
	// The message lists the supported ones.
	ErrUnsupportedArch = errors.New("unsupported architecture")
	// ErrBadModel: the file's metadata or tensors do not describe a model of
	// its architecture (missing key or tensor, wrong shape, bad value).
	ErrBadModel = errors.New("bad model file")
	// ErrContextFull: a sequence position or the KV cache would exceed the
	// context size the session was created with.
	ErrContextFull = errors.New("context full")
	// ErrBadBatch: a Decode batch is malformed (unknown sequence, repeated
	// position, token id out of range, too many tokens or outputs).
	ErrBadBatch = errors.New("bad batch")
)

// Activation is the FFN gate non-linearity.
type Activation int

const (
	ActSiLU Activation = iota // SwiGLU: silu(gate) * up
	ActGELU                   // GeGLU: gelu_tanh(gate) * up
)

// RopeConfig describes one rotary position embedding as ggml_rope_ext takes it.
type RopeConfig struct {
	Dims int  // rotated dimensions at the start of each head (n_rot)
	Neox bool // pairs (i, i+Dims/2) instead of adjacent pairs (2i, 2i+1)
	Base float32
	// FreqScale multiplies every angle (1/linear factor; 1 = no scaling).
	FreqScale float32
	// YaRN (ExtFactor != 0): ramp between interpolated and extrapolated
	// angles over the dimensions set by BetaFast/BetaSlow and OrigCtx.
	ExtFactor, AttnFactor, BetaFast, BetaSlow float32
	OrigCtx                                   int
	// FreqFactors divides the angle of each pair (Llama 3.1 "rope_freqs"); nil: none.
	FreqFactors []float32 // (Dims/2)
}

// Config holds a model's hyper-parameters, read from the GGUF metadata.
type Config struct {
	Arch      string
	NLayer    int
	NEmbd     int // model width (dim)
	NFF       int // feed-forward hidden width
	NHead     int // query heads
	NHeadKV   int // key/value heads (grouped-query attention when < NHead)
	HeadDim   int // per-head width of queries and keys
	HeadDimV  int // per-head width of values
	NVocab    int
	NCtxTrain int // context length the model was trained with
	NormEps   float32

	Rope    RopeConfig // global-attention layers
	RopeSWA RopeConfig // sliding-window layers (same as Rope where the arch has one kind)
	// SlidingWindow > 0: layers with SWA[il] attend only to the last
	// SlidingWindow positions (p_query - p_key < SlidingWindow).
	SlidingWindow int
	SWA           []bool // (NLayer)

	EmbedScale   float32 // token embeddings are multiplied by it (gemma: sqrt(NEmbd))
	AttnScale    float32 // scale of q·k
	ScaleQ       bool    // apply AttnScale to the queries before q·k (gemma) rather than to the scores
	AttnSoftcap  float32 // > 0: scores = c*tanh(scores/c) (gemma2)
	FinalSoftcap float32 // > 0: logits = c*tanh(logits/c) (gemma2)
	Act          Activation
	QKNorm       bool // RMS-normalise each query and key head (gemma3, qwen3)
	PostNorm     bool // extra RMS norms after attention and FFN outputs (gemma2/3)

	BOS, EOS int32 // -1 where absent
	AddBOS   bool  // the tokenizer metadata asks for BOS before the text
}

// archSpec is what one architecture file registers.
type archSpec struct {
	// hparams fills cfg from metadata (the shared fields are already read).
	hparams func(f *gguf.File, cfg *Config) error
	// tensors loads the weights with shape checks.
	tensors func(l *loader, cfg *Config, w *Weights) error
}

var archs = map[string]archSpec{}

func registerArch(name string, s archSpec) { archs[name] = s }

// SupportedArchs lists the architectures Load accepts, sorted.
func SupportedArchs() []string {
	names := make([]string, 0, len(archs))
	for n := range archs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// meta reads architecture keys with typed defaults and remembers the first error.
type meta struct {
	f   *gguf.File
	err error
}

func (m *meta) fail(format string, a ...any) {
	if m.err == nil {
		m.err = fmt.Errorf("%w: "+format, append([]any{ErrBadModel}, a...)...)
	}
}

// uint returns "<arch>.<key>"; def < 0 makes the key required.
func (m *meta) uint(key string, def int) int {
	k := m.f.ArchKey(key)
	v, ok := m.f.Get(k)
	if !ok {
		if def < 0 {
			m.fail("metadata key %s is missing", k)
			return 0
		}
		return def
	}
	u, ok := v.Uint()
	if !ok {
		if a, isArr := v.X.(gguf.Array); isArr {
			m.fail("metadata key %s is a per-layer array (%d values); only scalars are supported", k, a.Len())
		} else {
			m.fail("metadata key %s is %v, not an unsigned integer", k, v.X)
		}
		return 0
	}
	if u > math.MaxInt32 {
		m.fail("metadata key %s = %d is out of range", k, u)
		return 0
	}
	return int(u)
}

func (m *meta) float(key string, def float64) float32 {
	return float32(m.f.FloatDefault(m.f.ArchKey(key), def))
}

// readCommon reads the hyper-parameters every supported architecture shares.
func readCommon(f *gguf.File, arch string) (*Config, error) {
	m := &meta{f: f}
	c := &Config{Arch: arch}
	c.NLayer = m.uint("block_count", -1)
	c.NEmbd = m.uint("embedding_length", -1)
	c.NFF = m.uint("feed_forward_length", -1)
	c.NHead = m.uint("attention.head_count", -1)
	c.NHeadKV = m.uint("attention.head_count_kv", c.NHead)
	c.NCtxTrain = m.uint("context_length", 2048)
	c.NormEps = m.float("attention.layer_norm_rms_epsilon", 1e-5)
	if m.err != nil {
		return nil, m.err
	}
	if c.NLayer <= 0 || c.NEmbd <= 0 || c.NFF <= 0 || c.NHead <= 0 || c.NHeadKV <= 0 || c.NHead%c.NHeadKV != 0 {
		return nil, fmt.Errorf("%w: inconsistent sizes: layers %d, width %d, ffn %d, heads %d, kv heads %d",
			ErrBadModel, c.NLayer, c.NEmbd, c.NFF, c.NHead, c.NHeadKV)
	}
	c.HeadDim = m.uint("attention.key_length", c.NEmbd/c.NHead)
	c.HeadDimV = m.uint("attention.value_length", c.HeadDim)
	if toks, ok := f.Array("tokenizer.ggml.tokens"); ok {
		c.NVocab = toks.Len()
	}
	c.NVocab = m.uint("vocab_size", c.NVocab)

	rotDims := m.uint("rope.dimension_count", c.HeadDim)
	if rotDims <= 0 || rotDims > c.HeadDim || rotDims%2 != 0 {
		m.fail("rope.dimension_count %d does not fit head size %d", rotDims, c.HeadDim)
	}
	c.Rope = RopeConfig{
		Dims: rotDims, Base: m.float("rope.freq_base", 10000), FreqScale: 1,
		AttnFactor: 1, BetaFast: 32, BetaSlow: 1, OrigCtx: c.NCtxTrain,
	}
	scaling, _ := f.String(f.ArchKey("rope.scaling.type"))
	factor := m.float("rope.scaling.factor", 0)
	if factor == 0 {
		factor = 1
	}
	switch scaling {
	case "", "none":
	case "linear":
		c.Rope.FreqScale = 1 / factor
	case "yarn":
		c.Rope.FreqScale = 1 / factor
		c.Rope.ExtFactor = 1
		c.Rope.AttnFactor = m.float("rope.scaling.attn_factor", 1)
		c.Rope.OrigCtx = m.uint("rope.scaling.original_context_length", c.NCtxTrain)
		c.Rope.BetaFast = m.float("rope.scaling.yarn_beta_fast", 32)
		c.Rope.BetaSlow = m.float("rope.scaling.yarn_beta_slow", 1)
	default:
		m.fail("rope.scaling.type %q is not supported (none, linear, yarn)", scaling)
	}
	c.RopeSWA = c.Rope
	c.EmbedScale = 1
	c.AttnScale = float32(1 / math.Sqrt(float64(c.HeadDim)))
	c.SWA = make([]bool, c.NLayer)

	c.BOS, c.EOS = -1, -1
	if v, ok := f.Uint("tokenizer.ggml.bos_token_id"); ok && v < uint64(max(c.NVocab, 0)) {
		c.BOS = int32(v)
	}
	if v, ok := f.Uint("tokenizer.ggml.eos_token_id"); ok && v < uint64(max(c.NVocab, 0)) {
		c.EOS = int32(v)
	}
	// llama.cpp: add_bos defaults to true for SPM ("llama") vocabularies and
	// false otherwise, unless tokenizer.ggml.add_bos_token says.
	model, _ := f.String("tokenizer.ggml.model")
	c.AddBOS = model == "llama"
	if b, ok := f.Bool("tokenizer.ggml.add_bos_token"); ok {
		c.AddBOS = b
	}
	if c.BOS < 0 {
		c.AddBOS = false
	}
	return c, m.err
}

// newConfig reads the whole configuration of f's architecture.
func newConfig(f *gguf.File) (*Config, archSpec, error) {
	arch := f.Architecture()
	spec, ok := archs[arch]
	if !ok {
		return nil, spec, fmt.Errorf("%w %q (supported: %s)", ErrUnsupportedArch, arch, strings.Join(SupportedArchs(), ", "))
	}
	c, err := readCommon(f, arch)
	if err != nil {
		return nil, spec, err
	}
	if err := spec.hparams(f, c); err != nil {
		return nil, spec, err
	}
	if c.NVocab <= 0 {
		return nil, spec, fmt.Errorf("%w: vocabulary size unknown (no tokenizer.ggml.tokens or vocab_size)", ErrBadModel)
	}
	return c, spec, nil
}
