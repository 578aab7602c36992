package engine

import "hyoka/gguf"

// llama: Llama 1/2/3, Mistral, SmolLM, Swallow, TinyLlama, stories*.
// RMSNorm pre-norm blocks, rotary embeddings on adjacent pairs (the GGUF
// converter permutes Wq/Wk for it), SwiGLU FFN, optional tied output.
func init() {
	registerArch("llama", archSpec{
		hparams: func(f *gguf.File, c *Config) error {
			c.Rope.Neox = false
			c.RopeSWA = c.Rope
			return nil
		},
		tensors: func(l *loader, c *Config, w *Weights) error {
			return loadLlamaLike(l, c, w, false, false, false)
		},
	})
}
