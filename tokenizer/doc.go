// Package tokenizer builds the tokenizer a GGUF file describes in its
// tokenizer.ggml.* metadata (SentencePiece-style and byte-level BPE
// vocabularies) and encodes and decodes text exactly as llama.cpp does.
package tokenizer
