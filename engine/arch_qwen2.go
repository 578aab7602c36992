package engine

import "hyoka/gguf"

// qwen2: Qwen1.5/Qwen2/Qwen2.5. The llama block with biases on the Q, K and V
// projections and NEOX-style rotary embeddings (pairs i, i+d/2).
func init() {
	registerArch("qwen2", archSpec{
		hparams: func(f *gguf.File, c *Config) error {
			c.Rope.Neox = true
			c.RopeSWA = c.Rope
			return nil
		},
		tensors: func(l *loader, c *Config, w *Weights) error {
			return loadLlamaLike(l, c, w, true, false, false)
		},
	})
}
