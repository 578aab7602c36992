// Package engine runs transformer models from GGUF files: architectures,
// weights as views into the mapped file, the KV cache with several sequences
// and shared prefixes, batched forward passes, sampling, generation and
// log-likelihood scoring.
package engine
