package tokenizer

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// buildPieces computes what each token decodes to (llama.cpp's
// token_to_piece with special=false): control and unknown tokens give "",
// user-defined tokens their text, byte tokens their byte, normal tokens their
// text with ▁ turned into spaces (SPM) or mapped back from the byte-to-unicode
// alphabet (BPE).
func (v *vocab) buildPieces() {
	v.pieces = make([]string, len(v.tokens))
	for id, text := range v.tokens {
		a := v.attrs[id]
		switch {
		case a&(attrUnknown|attrControl) != 0:
			v.pieces[id] = ""
		case a&attrUserDefined != 0:
			v.pieces[id] = text
		case a&attrNormal != 0:
			if v.kind == kindSPM {
				v.pieces[id] = strings.ReplaceAll(text, "▁", " ")
			} else {
				v.pieces[id] = decodeByteLevel(text)
			}
		case a&attrByte != 0:
			if len(text) >= 5 {
				if b, err := strconv.ParseUint(text[3:5], 16, 8); err == nil {
					v.pieces[id] = string([]byte{byte(b)})
				}
			}
		}
	}
}

// decodeByteLevel maps a byte-level BPE token back to the bytes it stands for.
// A character outside the 256-character alphabet is written as llama.cpp's
// llama_decode_text writes it: "[UNK_BYTE_0x<hex>" + token + "]".
func decodeByteLevel(text string) string {
	var b []byte
	for i := 0; i < len(text); {
		c, w := decodeLenient(text, i)
		i += w
		if c >= 0 && int(c) < len(unicodeToByte) && unicodeToByte[c] >= 0 {
			b = append(b, byte(unicodeToByte[c]))
			continue
		}
		u := appendCodepoint(nil, c)
		b = append(b, "[UNK_BYTE_0x"...)
		for _, x := range u {
			b = append(b, fmt.Sprintf("%02x", x)...)
		}
		b = append(b, text...)
		b = append(b, ']')
	}
	return string(b)
}

// Decode implements Tokenizer: the concatenated pieces of ids; ids outside
// the vocabulary decode to "".
func (v *vocab) Decode(ids []int32) string {
	n := 0
	for _, id := range ids {
		if id >= 0 && int(id) < len(v.pieces) {
			n += len(v.pieces[id])
		}
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, id := range ids {
		if id >= 0 && int(id) < len(v.pieces) {
			sb.WriteString(v.pieces[id])
		}
	}
	return sb.String()
}

// Piece implements Tokenizer ("" for ids outside the vocabulary).
func (v *vocab) Piece(id int32) string {
	if id < 0 || int(id) >= len(v.tokens) {
		return ""
	}
	return v.tokens[id]
}

// TokenBytes returns the bytes id decodes to ("" for control tokens).
func (v *vocab) TokenBytes(id int32) string {
	if id < 0 || int(id) >= len(v.pieces) {
		return ""
	}
	return v.pieces[id]
}

// VocabSize implements Tokenizer.
func (v *vocab) VocabSize() int { return len(v.tokens) }

// Special implements Tokenizer.
func (v *vocab) Special() Special { return v.special }

// IsEOG implements Tokenizer.
func (v *vocab) IsEOG(id int32) bool { return v.eog[id] }

// StreamDecoder turns generated ids into text piece by piece and never
// returns half a UTF-8 character: bytes that may still become a character
// wait for the next id. Bytes that can never become valid UTF-8 are passed
// through as they are. A StreamDecoder is not safe for concurrent use.
type StreamDecoder struct {
	t       Tokenizer
	pending []byte
}

// NewStreamDecoder returns a decoder for ids of t.
func NewStreamDecoder(t Tokenizer) *StreamDecoder { return &StreamDecoder{t: t} }

// Add appends the bytes of id and returns the text that is now complete
// (possibly "").
func (d *StreamDecoder) Add(id int32) string {
	d.pending = append(d.pending, d.t.Decode([]int32{id})...)
	cut := completePrefix(d.pending)
	out := string(d.pending[:cut])
	d.pending = append(d.pending[:0], d.pending[cut:]...)
	return out
}

// Flush returns whatever is still held back (an incomplete character at the
// end of the stream) and resets the decoder.
func (d *StreamDecoder) Flush() string {
	out := string(d.pending)
	d.pending = d.pending[:0]
	return out
}

// completePrefix returns the length of the longest prefix of b that does not
// end inside a UTF-8 sequence that the next bytes could still complete.
func completePrefix(b []byte) int {
	for back := 1; back <= 3 && back <= len(b); back++ {
		i := len(b) - back
		if b[i]&0xC0 == 0x80 {
			continue // continuation byte: look further back for the lead
		}
		if !utf8.FullRune(b[i:]) {
			return i // a valid beginning of a longer character
		}
		return len(b)
	}
	return len(b)
}

// detokenizer is implemented by this package's tokenizers.
type detokenizer interface {
	detokenize(ids []int32, removeSpecial, unparseSpecial bool) string
}

// Detokenize returns the text llama.cpp's llama_detokenize(ids,
// remove_special, unparse_special) gives: unlike Decode it drops the space
// SPM put in front (add_space_prefix) unless the text starts with BOS, with
// removeSpecial it drops the BOS/EOS the model adds, with unparseSpecial it
// writes control tokens as their text, and for BPE vocabularies with
// llama.cpp's clean_spaces (e.g. gpt-2, llama-bpe; not qwen2, smollm) it
// removes the space before ? ! . , and before 's 'm 're 've. Use it to
// compare text with llama.cpp's; use Decode for exact bytes. Tokenizers of
// other packages get Decode.
func Detokenize(t Tokenizer, ids []int32, removeSpecial, unparseSpecial bool) string {
	if d, ok := t.(detokenizer); ok {
		return d.detokenize(ids, removeSpecial, unparseSpecial)
	}
	return t.Decode(ids)
}

func (v *vocab) detokenize(ids []int32, removeSpecial, unparseSpecial bool) string {
	removeSpace := v.addSpacePrefix
	if removeSpecial && v.special.AddBOS && len(ids) > 0 && ids[0] == v.special.BOS {
		removeSpace = false
		ids = ids[1:]
	}
	if removeSpecial && v.special.AddEOS && len(ids) > 0 && ids[len(ids)-1] == v.special.EOS {
		ids = ids[:len(ids)-1]
	}
	var b []byte
	for _, id := range ids {
		if id < 0 || int(id) >= len(v.tokens) {
			continue
		}
		p := v.pieces[id]
		if unparseSpecial && v.attrs[id]&(attrUnknown|attrControl) != 0 {
			p = v.tokens[id]
		}
		if removeSpace && len(p) > 0 && p[0] == ' ' {
			p = p[1:]
		}
		removeSpace = false
		b = append(b, p...)
	}
	if v.cleanSpaces {
		b = cleanSpaces(b)
	}
	return string(b)
}

// cleanSpaces is llama_detokenize's clean_spaces step, three passes over
// the bytes.
func cleanSpaces(t []byte) []byte {
	if len(t) == 0 {
		return t
	}
	// " ?", " !", " .", " ,": drop the space.
	n := 1
	for i := 1; i < len(t); i++ {
		x := t[i]
		if t[i-1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',') {
			n--
		}
		t[n] = x
		n++
	}
	t = t[:n]
	// " ' ": drop both spaces around a lone apostrophe.
	n = 1
	for i := 1; i < len(t); i++ {
		x := t[i]
		if x == '\'' && i+1 < len(t) && t[i-1] == ' ' && t[i+1] == ' ' {
			n--
			i++
			t[i] = 0
		}
		t[n] = x
		n++
	}
	t = t[:n]
	// " 's", " 'm", " 're", " 've": drop the space.
	n = 1
	for i := 1; i < len(t); i++ {
		x := t[i]
		if t[i-1] == ' ' && x == '\'' && i+1 < len(t) {
			x1 := t[i+1]
			switch {
			case x1 == 's' || x1 == 'm':
				n--
			case x1 == 't' || x1 == 'd':
			case i+2 < len(t) && (x1 == 'r' || x1 == 'v') && t[i+2] == 'e':
				n--
			}
		}
		t[n] = x
		n++
	}
	return t[:n]
}
