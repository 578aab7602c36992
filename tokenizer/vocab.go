package tokenizer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"hyoka/gguf"
)

// Sentinel errors. Errors from FromGGUF wrap one of them and name the
// metadata key at fault.
var (
	// ErrNoVocab: the file has no usable tokenizer.ggml.* vocabulary.
	ErrNoVocab = errors.New("tokenizer: no vocabulary")
	// ErrUnsupported: the vocabulary type (tokenizer.ggml.model) is not one
	// hyoka implements.
	ErrUnsupported = errors.New("tokenizer: unsupported tokenizer")
	// ErrBadVocab: the metadata is inconsistent (wrong types, arrays of
	// different lengths, duplicate tokens, ids out of range).
	ErrBadVocab = errors.New("tokenizer: bad vocabulary metadata")
)

// Warnings receives non-fatal notes from FromGGUF (an unknown pre-tokenizer
// replaced by "default", ...). It defaults to os.Stderr; set it to io.Discard
// to silence them. Set it before loading, not concurrently with loading.
var Warnings io.Writer = os.Stderr

// Token attributes, as llama.cpp's llama_token_attr bits.
const (
	attrUnknown     uint16 = 1 << 0
	attrUnused      uint16 = 1 << 1
	attrNormal      uint16 = 1 << 2
	attrControl     uint16 = 1 << 3
	attrUserDefined uint16 = 1 << 4
	attrByte        uint16 = 1 << 5
	attrLStrip      uint16 = 1 << 7
	attrRStrip      uint16 = 1 << 8
)

// GGUF token types (tokenizer.ggml.token_type values).
const (
	typeNormal      = 1
	typeUnknown     = 2
	typeControl     = 3
	typeUserDefined = 4
	typeUnused      = 5
	typeByte        = 6
)

type vocabKind int

const (
	kindSPM vocabKind = iota + 1
	kindBPE
)

// vocab is what both tokenizer kinds share: the token table as llama.cpp
// builds it from the metadata, special ids and flags.
type vocab struct {
	kind   vocabKind
	pre    string // tokenizer.ggml.pre as given (BPE)
	tokens []string
	scores []float32
	attrs  []uint16
	// ids maps token text to id. For BPE it also holds the strings that
	// appear in merges but not in the vocabulary, with ids >= len(tokens).
	ids map[string]int32

	special        Special
	eog            map[int32]bool
	addSpacePrefix bool
	ignoreMerges   bool
	cleanSpaces    bool // llama_detokenize's clean_spaces (BPE, most pre-tokenizers)
	// specials are the control, user-defined and unknown tokens, longest
	// text first: the order in which llama.cpp splits them out of the text.
	specials []int32
	pieces   []string // decoded bytes of each token (token_to_piece, special=false)
	// byteTokens[b] is the SPM byte-fallback token of byte b.
	byteTokens [256]int32
	// noCache turns the BPE word cache off (benchmarks of the bare algorithm).
	noCache bool
}

// tokenID returns the vocabulary id of text, or -1.
func (v *vocab) tokenID(text string) int32 {
	if id, ok := v.ids[text]; ok && int(id) < len(v.tokens) {
		return id
	}
	return -1
}

// FromGGUF builds the tokenizer that f's tokenizer.ggml.* metadata describes.
// It needs only the metadata, so vocab-only files work. Supported are
// tokenizer.ggml.model "llama" (SentencePiece-style, also Gemma's) and "gpt2"
// (byte-level BPE) with the pre-tokenizers listed in docs/tokenize.md; an
// unknown tokenizer.ggml.pre falls back to "default" with a note on Warnings.
func FromGGUF(f *gguf.File) (Tokenizer, error) { return FromGGUFWarn(f, Warnings) }

// FromGGUFWarn is FromGGUF with the warnings written to w (nil: dropped).
func FromGGUFWarn(f *gguf.File, w io.Writer) (Tokenizer, error) {
	if w == nil {
		w = io.Discard
	}
	if f == nil {
		return nil, fmt.Errorf("%w: nil file", ErrNoVocab)
	}
	model, ok := f.String("tokenizer.ggml.model")
	if !ok {
		if _, present := f.Get("tokenizer.ggml.model"); present {
			return nil, fmt.Errorf("%w: tokenizer.ggml.model is not a string", ErrBadVocab)
		}
		return nil, fmt.Errorf("%w: tokenizer.ggml.model is missing", ErrNoVocab)
	}
	v := &vocab{}
	switch model {
	case "llama":
		v.kind = kindSPM
		v.special = Special{BOS: 1, EOS: 2, UNK: 0, SEP: -1, PAD: -1, EOT: -1, AddBOS: true}
		v.addSpacePrefix = true
	case "gpt2":
		v.kind = kindBPE
		v.special = Special{BOS: 11, EOS: 11, UNK: -1, SEP: -1, PAD: -1, EOT: -1}
	case "no_vocab", "none":
		return nil, fmt.Errorf("%w: tokenizer.ggml.model = %q (the model has no vocabulary)", ErrNoVocab, model)
	default:
		return nil, fmt.Errorf("%w: tokenizer.ggml.model = %q (hyoka supports \"llama\" and \"gpt2\")", ErrUnsupported, model)
	}

	tokens, ok := f.Strings("tokenizer.ggml.tokens")
	if !ok {
		if _, present := f.Get("tokenizer.ggml.tokens"); present {
			return nil, fmt.Errorf("%w: tokenizer.ggml.tokens is not an array of strings", ErrBadVocab)
		}
		return nil, fmt.Errorf("%w: tokenizer.ggml.tokens is missing", ErrNoVocab)
	}
	n := len(tokens)
	if n == 0 {
		return nil, fmt.Errorf("%w: tokenizer.ggml.tokens is empty", ErrNoVocab)
	}
	if n > 1<<30 {
		return nil, fmt.Errorf("%w: tokenizer.ggml.tokens has %d entries", ErrBadVocab, n)
	}
	v.tokens = make([]string, n)
	v.scores = make([]float32, n)
	v.attrs = make([]uint16, n)
	v.ids = make(map[string]int32, n)

	if a, present := f.Array("tokenizer.ggml.scores"); present {
		switch s := a.Values.(type) {
		case []float32:
			if len(s) < n {
				return nil, fmt.Errorf("%w: tokenizer.ggml.scores has %d entries, tokenizer.ggml.tokens %d", ErrBadVocab, len(s), n)
			}
			copy(v.scores, s)
		case []int32:
			if len(s) < n {
				return nil, fmt.Errorf("%w: tokenizer.ggml.scores has %d entries, tokenizer.ggml.tokens %d", ErrBadVocab, len(s), n)
			}
			for i := range n {
				v.scores[i] = float32(s[i])
			}
		default:
			return nil, fmt.Errorf("%w: tokenizer.ggml.scores is an array of %v, want float32", ErrBadVocab, a.Elem)
		}
	} else if _, present := f.Get("tokenizer.ggml.scores"); present {
		return nil, fmt.Errorf("%w: tokenizer.ggml.scores is not an array", ErrBadVocab)
	}

	var types []int32
	if a, present := f.Array("tokenizer.ggml.token_type"); present {
		t, ok := a.Values.([]int32)
		if !ok {
			return nil, fmt.Errorf("%w: tokenizer.ggml.token_type is an array of %v, want int32", ErrBadVocab, a.Elem)
		}
		if len(t) < n {
			return nil, fmt.Errorf("%w: tokenizer.ggml.token_type has %d entries, tokenizer.ggml.tokens %d", ErrBadVocab, len(t), n)
		}
		types = t
	} else if _, present := f.Get("tokenizer.ggml.token_type"); present {
		return nil, fmt.Errorf("%w: tokenizer.ggml.token_type is not an array", ErrBadVocab)
	}

	for i, w := range tokens {
		if w == "" {
			w = "[EMPTY_" + strconv.Itoa(i) + "]"
		}
		if _, dup := v.ids[w]; dup {
			return nil, fmt.Errorf("%w: tokenizer.ggml.tokens has %q twice (ids %d and %d)", ErrBadVocab, w, v.ids[w], i)
		}
		v.ids[w] = int32(i)
		v.tokens[i] = w
		v.attrs[i] = attrNormal
		if types != nil {
			switch types[i] {
			case typeUnknown:
				v.attrs[i] = attrUnknown
			case typeUnused:
				v.attrs[i] = attrUnused
			case typeNormal:
				v.attrs[i] = attrNormal
			case typeControl:
				v.attrs[i] = attrControl
			case typeUserDefined:
				v.attrs[i] = attrUserDefined
			case typeByte:
				v.attrs[i] = attrByte
			default:
				v.attrs[i] = 0
			}
		}
	}

	var tok Tokenizer
	switch v.kind {
	case kindSPM:
		if b, ok := f.Bool("tokenizer.ggml.add_space_prefix"); ok {
			v.addSpacePrefix = b
		}
		tok = &spm{v}
	case kindBPE:
		b, err := newBPE(f, v, w)
		if err != nil {
			return nil, err
		}
		tok = b
	}
	if err := v.loadSpecial(f, w); err != nil {
		return nil, err
	}
	v.buildPieces()
	for b := range 256 {
		v.byteTokens[b] = v.findByteToken(byte(b))
	}
	return tok, nil
}

// loadSpecial reads the special token ids and add_* flags and marks tokens
// the way llama.cpp's llama_vocab::impl::load does after the token table.
func (v *vocab) loadSpecial(f *gguf.File, warn io.Writer) error {
	n := int32(len(v.tokens))
	var eom, fimPre, fimSuf, fimMid, fimPad, fimRep, fimSep int32 = -1, -1, -1, -1, -1, -1, -1
	mask := int32(-1)
	slots := []struct {
		key string
		id  *int32
	}{
		{"tokenizer.ggml.bos_token_id", &v.special.BOS},
		{"tokenizer.ggml.eos_token_id", &v.special.EOS},
		{"tokenizer.ggml.eot_token_id", &v.special.EOT},
		{"tokenizer.ggml.eom_token_id", &eom},
		{"tokenizer.ggml.unknown_token_id", &v.special.UNK},
		{"tokenizer.ggml.seperator_token_id", &v.special.SEP},
		{"tokenizer.ggml.padding_token_id", &v.special.PAD},
		{"tokenizer.ggml.mask_token_id", &mask},
		{"tokenizer.ggml.fim_pre_token_id", &fimPre},
		{"tokenizer.ggml.fim_suf_token_id", &fimSuf},
		{"tokenizer.ggml.fim_mid_token_id", &fimMid},
		{"tokenizer.ggml.fim_pad_token_id", &fimPad},
		{"tokenizer.ggml.fim_rep_token_id", &fimRep},
		{"tokenizer.ggml.fim_sep_token_id", &fimSep},
		{"tokenizer.ggml.prefix_token_id", &fimPre},
		{"tokenizer.ggml.suffix_token_id", &fimSuf},
		{"tokenizer.ggml.middle_token_id", &fimMid},
	}
	for _, s := range slots {
		if *s.id >= n {
			*s.id = -1 // a default id beyond the vocabulary
		}
		u, ok := f.Uint(s.key)
		if !ok {
			continue
		}
		if u >= uint64(n) {
			if u == 1<<32-1 {
				continue // -1 stored as uint32: "no such token"
			}
			fmt.Fprintf(warn, "tokenizer: %s = %d is outside the vocabulary (%d tokens); keeping %d\n", s.key, u, n, *s.id)
			continue
		}
		*s.id = int32(u)
	}
	if b, ok := f.Bool("tokenizer.ggml.add_bos_token"); ok {
		v.special.AddBOS = b
	}
	if b, ok := f.Bool("tokenizer.ggml.add_eos_token"); ok {
		v.special.AddEOS = b
	}
	if v.special.AddBOS && v.special.BOS < 0 {
		return fmt.Errorf("%w: tokenizer.ggml.add_bos_token is true but there is no BOS token", ErrBadVocab)
	}
	if v.special.AddEOS && v.special.EOS < 0 {
		return fmt.Errorf("%w: tokenizer.ggml.add_eos_token is true but there is no EOS token", ErrBadVocab)
	}

	// Tokens recognised by their text, as llama.cpp does while converters
	// do not record them; the chosen one becomes a control token. llama.cpp
	// takes the first candidate in its hash map's iteration order, so where
	// several candidates are present (Qwen and SmolLM have <|endoftext|> and
	// <|im_end|>) hashOrder decides, as libstdc++ would.
	var rank []int32 // rank[id] = position in llama.cpp's iteration order
	byName := func(id *int32, names ...string) {
		if *id >= 0 {
			return
		}
		var found []int32
		for _, name := range names {
			if t, ok := v.ids[name]; ok && t < n {
				found = append(found, t)
			}
		}
		if len(found) == 0 {
			return
		}
		best := found[0]
		if len(found) > 1 {
			if rank == nil {
				rank = make([]int32, n)
				for pos, t := range hashOrder(v.tokens) {
					rank[t] = int32(pos)
				}
			}
			for _, t := range found[1:] {
				if rank[t] < rank[best] {
					best = t
				}
			}
		}
		*id = best
		v.attrs[best] |= attrControl
	}
	byName(&v.special.EOT, "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>",
		"<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>")
	byName(&eom, "<|eom_id|>")
	byName(&fimPre, "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>")
	byName(&fimSuf, "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>")
	byName(&fimMid, "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>")
	byName(&fimPad, "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]")
	byName(&fimRep, "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>")
	byName(&fimSep, "<|file_sep|>")

	// Control tokens whose text says "unused" are unused.
	for i, a := range v.attrs {
		if a&attrControl != 0 && strings.Contains(v.tokens[i], "unused") {
			v.attrs[i] |= attrUnused
		}
	}

	// End-of-generation tokens.
	v.eog = map[int32]bool{}
	for _, id := range []int32{fimPad, fimRep, fimSep} {
		if id >= 0 {
			v.eog[id] = true
		}
	}
	for _, name := range []string{"<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
		"<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
		"<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~["} {
		if id, ok := v.ids[name]; ok && id < n {
			v.eog[id] = true
			v.attrs[id] |= attrControl
		}
	}
	for _, name := range []string{"<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"} {
		if id, ok := v.ids[name]; ok && id < n {
			v.attrs[id] = attrUserDefined
		}
	}
	for _, id := range []int32{v.special.EOS, v.special.EOT, eom} {
		if id >= 0 {
			v.eog[id] = true
		}
	}
	has := func(text string) (int32, bool) {
		for id := range v.eog {
			if v.tokens[id] == text {
				return id, true
			}
		}
		return -1, false
	}
	if end, ok := has("<|end|>"); ok {
		_, ret := has("<|return|>")
		_, call := has("<|call|>")
		_, calls := has("<|calls|>")
		_, flush := has("<|flush|>")
		if (ret && (call || calls)) || ((call || calls) && flush) {
			delete(v.eog, end)
			v.attrs[end] = attrUserDefined
		}
	}
	if s, ok := has("</s>"); ok {
		if _, tr := has("<|tool_response>"); tr {
			delete(v.eog, s)
			v.attrs[s] = attrNormal
		}
	}

	for id, a := range v.attrs {
		if a&(attrControl|attrUserDefined|attrUnknown) != 0 {
			v.specials = append(v.specials, int32(id))
		}
	}
	sort.SliceStable(v.specials, func(i, j int) bool {
		return len(v.tokens[v.specials[i]]) > len(v.tokens[v.specials[j]])
	})

	// Phi-3's special tokens swallow the white space after them.
	name, _ := f.String("general.name")
	name = strings.ToLower(name)
	if strings.Contains(name, "phi-3") || strings.Contains(name, "phi3") {
		for _, id := range v.specials {
			v.attrs[id] |= attrRStrip
		}
		if id := v.tokenID("</s>"); id >= 0 {
			v.attrs[id] |= attrRStrip
		}
		for _, t := range []string{"<unk>", "<s>", "<|endoftext|>"} {
			if id := v.tokenID(t); id >= 0 {
				v.attrs[id] &^= attrRStrip
			}
		}
	}
	return nil
}
