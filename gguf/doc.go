// Package gguf reads and writes GGUF model files (versions 2 and 3) and owns the
// block layouts of every ggml tensor type: dequantization to float32 and the
// reference quantizers.
package gguf
