// Command tof32 writes a copy of a GGUF model with every tensor converted to
// float32 (same names, shapes and metadata). llama.cpp runs such a file
// without quantizing activations, so comparing hyoka with llama.cpp on it
// checks the architecture alone, free of quantization noise:
//
//	go run ./engine/testdata/tof32 IN.gguf OUT.gguf
package main

import (
	"fmt"
	"os"

	"hyoka/gguf"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tof32:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 3 {
		return fmt.Errorf("usage: tof32 IN.gguf OUT.gguf")
	}
	f, err := gguf.Open(os.Args[1])
	if err != nil {
		return err
	}
	defer f.Close()
	var b gguf.Builder
	for k, v := range f.KeyValues() {
		if k == "general.file_type" {
			continue
		}
		if err := b.AddKV(k, v); err != nil {
			return err
		}
	}
	for _, t := range f.Tensors() {
		x := make([]float32, t.NumElements())
		if err := gguf.Dequantize(t.Type, x, t.Data()); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		if err := b.AddF32(t.Name, t.Dims, x); err != nil {
			return err
		}
	}
	return b.WriteFile(os.Args[2])
}
