package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"hyoka/gguf"
)

func init() {
	register(&command{
		Name:  "info",
		Usage: "info [--json] MODEL.gguf   (or: info -m MODEL.gguf, as the other commands take it)",
		Short: "describe a GGUF model: architecture, size, quant mix, metadata, tensors",
		Long: `Prints what a GGUF file holds: architecture, parameter count, file type
(general.file_type, or llama.cpp's guess from the tensor types when the key is
missing), context length, embedding size, layers, vocabulary size and
tokenizer, the quant mix (tensors and bytes per tensor type), every metadata
key (arrays longer than 8 elements are summarised: type, length, first
elements) and the tensor table (name, type, shape in ggml order, bytes).

It reads only the header and the tensor table, so it also works on vocab-only
files without tensors. --json prints the same as one JSON object (see
docs/info.md for its fields).`,
		Run: runInfo,
	})
}

func runInfo(ctx context.Context, env *Env, args []string) error {
	c := commands["info"]
	fs := newFlags(c, env)
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	model := fs.String("m", "", "GGUF model file (instead of the positional MODEL.gguf)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *model != "" {
		pos = append([]string{*model}, pos...)
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: want one MODEL.gguf, got %d", errUsage, len(pos))
	}
	f, err := gguf.Open(pos[0])
	if err != nil {
		return err // gguf's errors name the file
	}
	defer f.Close()
	info := describe(f)
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", " ")
		return enc.Encode(info)
	}
	return info.writeText(env.Stdout)
}

// modelInfo is the --json output. Optional facts a file lacks are omitted.
type modelInfo struct {
	File        string `json:"file"`
	FileSize    uint64 `json:"file_size"`
	GGUFVersion uint32 `json:"gguf_version"`
	Alignment   uint64 `json:"alignment"`
	DataOffset  uint64 `json:"data_offset"`

	Architecture  string `json:"architecture"`
	Name          string `json:"name,omitempty"`
	NumParams     uint64 `json:"n_params"`     // elements of all tensors (llama_model_n_params)
	TensorBytes   uint64 `json:"tensor_bytes"` // llama_model_size
	FileType      uint32 `json:"file_type"`    // general.file_type, or the guess
	FileTypeName  string `json:"file_type_name"`
	FileTypeGuess bool   `json:"file_type_guessed"`

	ContextLength   *uint64 `json:"context_length,omitempty"`
	EmbeddingLength *uint64 `json:"embedding_length,omitempty"`
	BlockCount      *uint64 `json:"block_count,omitempty"`
	VocabSize       int     `json:"vocab_size"`
	TokenizerModel  string  `json:"tokenizer_model,omitempty"`
	TokenizerPre    string  `json:"tokenizer_pre,omitempty"`
	BOS             *uint64 `json:"bos_token_id,omitempty"`
	EOS             *uint64 `json:"eos_token_id,omitempty"`

	QuantMix []quantMix  `json:"quant_mix"`
	Metadata []metaEntry `json:"metadata"`
	Tensors  []tensorRow `json:"tensors"`
}

type quantMix struct {
	Type    string `json:"type"`
	Tensors int    `json:"tensors"`
	Params  uint64 `json:"params"`
	Bytes   uint64 `json:"bytes"`
}

// metaEntry is one metadata key. Value is the value itself for scalars and
// arrays of up to arrayShown elements; longer arrays give Len and Head (the
// first arrayShown elements) instead.
type metaEntry struct {
	Key   string `json:"key"`
	Type  string `json:"type"` // "uint32", "string", "array[string]", ...
	Value any    `json:"value,omitempty"`
	Len   *int   `json:"len,omitempty"`
	Head  any    `json:"head,omitempty"`
}

type tensorRow struct {
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	Shape  []uint64 `json:"shape"` // ggml order: shape[0] is the row length
	Bytes  uint64   `json:"bytes"`
	Offset uint64   `json:"offset"` // from the start of the data section
}

// arrayShown is how many elements of an array info shows.
const arrayShown = 8

// maxTextString is how many bytes of a long string value (a chat template)
// the text output shows; --json has all of it.
const maxTextString = 120

func optUint(f *gguf.File, key string) *uint64 {
	if v, ok := f.Uint(key); ok {
		return &v
	}
	return nil
}

func describe(f *gguf.File) *modelInfo {
	ft := f.FileType()
	m := &modelInfo{
		File: f.Path, FileSize: f.Size, GGUFVersion: f.Version, Alignment: f.Alignment, DataOffset: f.DataOffset,
		Architecture: f.Architecture(), NumParams: f.NumParams(), TensorBytes: f.TensorBytes(),
		FileType: uint32(ft &^ gguf.FileTypeGuessed), FileTypeName: (ft &^ gguf.FileTypeGuessed).String(),
		FileTypeGuess:   ft&gguf.FileTypeGuessed != 0,
		ContextLength:   optUint(f, f.ArchKey("context_length")),
		EmbeddingLength: optUint(f, f.ArchKey("embedding_length")),
		BlockCount:      optUint(f, f.ArchKey("block_count")),
		BOS:             optUint(f, "tokenizer.ggml.bos_token_id"),
		EOS:             optUint(f, "tokenizer.ggml.eos_token_id"),
		QuantMix:        []quantMix{},
		Metadata:        []metaEntry{},
		Tensors:         []tensorRow{},
	}
	m.Name, _ = f.String("general.name")
	m.TokenizerModel, _ = f.String("tokenizer.ggml.model")
	m.TokenizerPre, _ = f.String("tokenizer.ggml.pre")
	if a, ok := f.Array("tokenizer.ggml.tokens"); ok {
		m.VocabSize = a.Len()
	}
	mix := map[gguf.Type]*quantMix{}
	for _, t := range f.Tensors() {
		q := mix[t.Type]
		if q == nil {
			q = &quantMix{Type: t.Type.String()}
			mix[t.Type] = q
		}
		q.Tensors++
		q.Params += t.NumElements()
		q.Bytes += t.Size
		m.Tensors = append(m.Tensors, tensorRow{Name: t.Name, Type: t.Type.String(), Shape: t.Dims, Bytes: t.Size, Offset: t.Offset})
	}
	types := make([]gguf.Type, 0, len(mix))
	for t := range mix {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool { return types[i] < types[j] })
	for _, t := range types {
		m.QuantMix = append(m.QuantMix, *mix[t])
	}
	for k, v := range f.KeyValues() {
		m.Metadata = append(m.Metadata, metaOf(k, v))
	}
	return m
}

func metaOf(key string, v gguf.Value) metaEntry {
	e := metaEntry{Key: key, Type: v.Type.String()}
	a, ok := v.X.(gguf.Array)
	if !ok {
		e.Value = jsonScalar(v.X)
		return e
	}
	e.Type = "array[" + a.Elem.String() + "]"
	n := a.Len()
	if n <= arrayShown {
		e.Value = arrayHead(a, n)
		return e
	}
	e.Len = &n
	e.Head = arrayHead(a, arrayShown)
	return e
}

// jsonScalar makes floats JSON-safe: NaN and ±Inf become strings.
func jsonScalar(x any) any {
	switch f := x.(type) {
	case float32:
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return fmt.Sprint(f)
		}
	case float64:
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprint(f)
		}
	}
	return x
}

// arrayHead returns the first n elements of a as a JSON-encodable slice;
// nested arrays are summarised by metaOf's rules.
func arrayHead(a gguf.Array, n int) []any {
	out := make([]any, 0, n)
	switch v := a.Values.(type) {
	case []gguf.Array:
		for _, x := range v[:n] {
			e := metaOf("", gguf.Value{Type: gguf.TypeArray, X: x})
			out = append(out, map[string]any{"type": e.Type, "value": e.Value, "len": e.Len, "head": e.Head})
		}
	default:
		for i := range n {
			out = append(out, jsonScalar(a.Index(i)))
		}
	}
	return out
}

// human formats n with a k/M/B suffix (decimal), as llama.cpp prints sizes.
func human(n uint64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f B", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.2f M", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.2f K", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

func mib(n uint64) string { return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20)) }

func optString(p *uint64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func (m *modelInfo) writeText(w io.Writer) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "file\t%s (%s, GGUF v%d)\n", m.File, mib(m.FileSize), m.GGUFVersion)
	fmt.Fprintf(tw, "architecture\t%s\n", m.Architecture)
	if m.Name != "" {
		fmt.Fprintf(tw, "name\t%s\n", m.Name)
	}
	fmt.Fprintf(tw, "parameters\t%s (%d)\n", human(m.NumParams), m.NumParams)
	if m.FileTypeGuess {
		fmt.Fprintf(tw, "file type\t%s (%d, guessed from the tensors: no general.file_type)\n", m.FileTypeName, m.FileType)
	} else {
		fmt.Fprintf(tw, "file type\t%s (%d)\n", m.FileTypeName, m.FileType)
	}
	fmt.Fprintf(tw, "context length\t%s\n", optString(m.ContextLength))
	fmt.Fprintf(tw, "embedding\t%s\n", optString(m.EmbeddingLength))
	fmt.Fprintf(tw, "layers\t%s\n", optString(m.BlockCount))
	tok := m.TokenizerModel
	if tok == "" {
		tok = "-"
	}
	if m.TokenizerPre != "" {
		tok += ", pre " + m.TokenizerPre
	}
	fmt.Fprintf(tw, "vocabulary\t%d tokens (tokenizer %s; bos %s, eos %s)\n", m.VocabSize, tok, optString(m.BOS), optString(m.EOS))
	fmt.Fprintf(tw, "tensor data\t%s in %d tensors\n", mib(m.TensorBytes), len(m.Tensors))
	var mix []string
	for _, q := range m.QuantMix {
		mix = append(mix, fmt.Sprintf("%s %d (%s)", q.Type, q.Tensors, mib(q.Bytes)))
	}
	if len(mix) == 0 {
		mix = []string{"- (no tensors: vocab-only file)"}
	}
	fmt.Fprintf(tw, "quant mix\t%s\n", strings.Join(mix, ", "))
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(&b, "\nmetadata (%d keys)\n", len(m.Metadata))
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, e := range m.Metadata {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.Key, e.Type, metaText(e))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(&b, "\ntensors (%d)\n", len(m.Tensors))
	if len(m.Tensors) > 0 {
		// name, type and shape left-aligned, bytes right-aligned
		rows := make([][4]string, 0, len(m.Tensors)+1)
		rows = append(rows, [4]string{"name", "type", "shape", "bytes"})
		for _, t := range m.Tensors {
			dims := make([]string, len(t.Shape))
			for i, d := range t.Shape {
				dims[i] = fmt.Sprint(d)
			}
			rows = append(rows, [4]string{t.Name, t.Type, "[" + strings.Join(dims, " ") + "]", fmt.Sprint(t.Bytes)})
		}
		var wd [4]int
		for _, r := range rows {
			for i, c := range r {
				wd[i] = max(wd[i], len(c))
			}
		}
		for _, r := range rows {
			fmt.Fprintf(&b, "  %-*s  %-*s  %-*s  %*s\n", wd[0], r[0], wd[1], r[1], wd[2], r[2], wd[3], r[3])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// metaText renders a metadata value on one line; strings are quoted and
// control characters escaped so a value cannot break the table.
func metaText(e metaEntry) string {
	if e.Len == nil {
		if s, ok := e.Value.(string); ok {
			if len(s) > maxTextString {
				return fmt.Sprintf("%q... (%d bytes)", s[:maxTextString], len(s))
			}
			return fmt.Sprintf("%q", s)
		}
		if e.Value == nil {
			return "[]"
		}
		return render(e.Value)
	}
	head := render(e.Head)
	return fmt.Sprintf("%d elements: %s ...]", *e.Len, strings.TrimSuffix(head, "]"))
}

func render(x any) string {
	switch v := x.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []any:
		parts := make([]string, len(v))
		for i, y := range v {
			parts[i] = render(y)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		if l, ok := v["len"].(*int); ok && l != nil {
			return fmt.Sprintf("%s(%d)%s", v["type"], *l, render(v["head"]))
		}
		return render(v["value"])
	}
	return fmt.Sprint(x)
}
