// Package gguf reads and writes GGUF model files (versions 2 and 3) and owns the
// block layouts of every ggml tensor type: dequantization to float32 and the
// reference quantizers.
//
// Conversions (Dequantize, Quantize, the Traits table): F32, F16, BF16,
// Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K,
// IQ4_NL and IQ4_XS both ways. The quantizers are ggml's *_ref paths (no
// importance matrix). The other IQ types, TQ1_0, TQ2_0, MXFP4 and the
// integer types are recognised by name and refused with ErrUnsupported.
//
// Both directions agree bit for bit with gguf-py 0.19.0 and with llama.cpp's
// own ggml library on random and adversarial blocks (testdata/make_goldens.py
// regenerates the goldens). To keep that true on every GOARCH, products that
// feed an addition are rounded with an explicit float32() so the compiler
// never fuses them into an FMA.
package gguf
