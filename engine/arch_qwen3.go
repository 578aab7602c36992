package engine

import "hyoka/gguf"

// qwen3: Qwen3 dense models. The llama block with per-head RMS norms on
// queries and keys before RoPE (QK-norm), NEOX-style rotary embeddings and
// no projection biases. (No fetched model: tested on a synthetic file only.)
func init() {
	registerArch("qwen3", archSpec{
		hparams: func(f *gguf.File, c *Config) error {
			c.Rope.Neox = true
			c.RopeSWA = c.Rope
			c.QKNorm = true
			return nil
		},
		tensors: func(l *loader, c *Config, w *Weights) error {
			return loadLlamaLike(l, c, w, false, true, false)
		},
	})
}
