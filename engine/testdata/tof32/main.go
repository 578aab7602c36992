// Command tof32 writes a copy of a GGUF model with every tensor converted to
// float32 (same names, shapes and metadata). llama.cpp runs such a file
// without quantizing activations, so comparing hyoka with llama.cpp on it
// checks the architecture alone, free of quantization noise:
//
//	go run ./engine/testdata/tof32 [-keep REGEXP] [-layers N] IN.gguf OUT.gguf
//
// -keep leaves the tensors whose names match REGEXP in their own type: a
// file with only some tensors quantized isolates one kernel's arithmetic;
// -layers N keeps the first N layers only.
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"

	"hyoka/gguf"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tof32:", err)
		os.Exit(1)
	}
}

func run() error {
	keep := flag.String("keep", "", "keep the tensors whose names match this regexp in their type")
	layers := flag.Int("layers", 0, "keep only the first N layers (0: all)")
	flag.Parse()
	if flag.NArg() != 2 {
		return fmt.Errorf("usage: tof32 [-keep REGEXP] IN.gguf OUT.gguf")
	}
	var keepRe *regexp.Regexp
	if *keep != "" {
		var err error
		if keepRe, err = regexp.Compile(*keep); err != nil {
			return err
		}
	}
	f, err := gguf.Open(flag.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	var b gguf.Builder
	for k, v := range f.KeyValues() {
		if k == "general.file_type" {
			continue
		}
		if *layers > 0 && strings.HasSuffix(k, ".block_count") {
			v = gguf.Value{Type: gguf.TypeUint32, X: uint32(*layers)}
		}
		if err := b.AddKV(k, v); err != nil {
			return err
		}
	}
	for _, t := range f.Tensors() {
		var il int
		if *layers > 0 {
			if _, err := fmt.Sscanf(t.Name, "blk.%d.", &il); err == nil && il >= *layers {
				continue
			}
		}
		if keepRe != nil && keepRe.MatchString(t.Name) {
			if err := b.AddTensor(t.Name, t.Type, t.Dims, t.Data()); err != nil {
				return err
			}
			continue
		}
		x := make([]float32, t.NumElements())
		if err := gguf.Dequantize(t.Type, x, t.Data()); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		if err := b.AddF32(t.Name, t.Dims, x); err != nil {
			return err
		}
	}
	return b.WriteFile(flag.Arg(1))
}
