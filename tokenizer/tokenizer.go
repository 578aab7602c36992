package tokenizer

// Tokenizer turns text into token ids and back, exactly as llama.cpp does for
// the same GGUF file. Implementations are safe for concurrent use.
type Tokenizer interface {
	// Encode returns the ids of text. addSpecial adds BOS/EOS where the
	// model's metadata asks for them (llama_tokenize's add_special);
	// parseSpecial turns the text of control/user-defined tokens inside text
	// into those tokens (parse_special). Invalid UTF-8 is encoded as the
	// vocabulary allows (byte fallback), never rejected.
	Encode(text string, addSpecial, parseSpecial bool) []int32
	// Decode returns the bytes the ids stand for, concatenated (possibly
	// ending in half a UTF-8 character). Control tokens decode to "".
	Decode(ids []int32) string
	// Piece returns the vocabulary entry of id as stored (for display).
	Piece(id int32) string
	// VocabSize is the number of tokens.
	VocabSize() int
	// Special returns the special token ids and flags.
	Special() Special
	// IsEOG reports whether id ends generation (EOS, EOT and similar).
	IsEOG(id int32) bool
}

// Special holds special token ids (-1 where the model has none) and the
// model's add-BOS/add-EOS flags.
type Special struct {
	BOS, EOS, EOT, PAD, UNK, SEP int32
	AddBOS, AddEOS               bool
}
