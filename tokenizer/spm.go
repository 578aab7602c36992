package tokenizer

import "strings"

// spm is llama.cpp's SentencePiece-style tokenizer (tokenizer.ggml.model =
// "llama"): spaces become ▁, a space is put before the text (and after each
// special token) when add_space_prefix says so, and adjacent pieces merge
// greedily, highest-scoring vocabulary entry first; what never forms a token
// falls back to <0xNN> byte tokens.
type spm struct{ *vocab }

// Encode implements Tokenizer.
func (t *spm) Encode(text string, addSpecial, parseSpecial bool) []int32 {
	out := make([]int32, 0, len(text)/3+2)
	if addSpecial && t.special.AddBOS {
		out = append(out, t.special.BOS)
	}
	prevSpecial := true
	var s spmSession
	for _, fr := range t.partition(text, parseSpecial) {
		if fr.tok >= 0 {
			out = append(out, fr.tok)
			prevSpecial = true
			continue
		}
		raw := text[fr.start:fr.end]
		if t.addSpacePrefix && prevSpecial {
			raw = " " + raw
		}
		out = s.tokenize(t.vocab, strings.ReplaceAll(raw, " ", "▁"), out)
		prevSpecial = false
	}
	if addSpecial && t.special.AddEOS {
		out = append(out, t.special.EOS)
	}
	return out
}

type spmSymbol struct {
	start, n   int
	prev, next int
}

type spmBigram struct {
	left, right int
	score       float32
	size        int
}

// spmSession holds the scratch space of one SPM tokenization.
type spmSession struct {
	syms []spmSymbol
	heap []spmBigram
}

// before reports whether a is popped before b: higher score first, then the
// leftmost pair.
func (a spmBigram) before(b spmBigram) bool {
	return a.score > b.score || (a.score == b.score && a.left < b.left)
}

func (s *spmSession) push(b spmBigram) {
	h := append(s.heap, b)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].before(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	s.heap = h
}

func (s *spmSession) pop() spmBigram {
	h := s.heap
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			break
		}
		m := l
		if r := l + 1; r < len(h) && h[r].before(h[l]) {
			m = r
		}
		if !h[m].before(h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	s.heap = h
	return top
}

func (s *spmSession) tryBigram(v *vocab, text string, left, right int) {
	if left < 0 || right < 0 {
		return
	}
	l := s.syms[left]
	piece := text[l.start : l.start+l.n+s.syms[right].n]
	id := v.tokenID(piece)
	if id < 0 {
		return
	}
	s.push(spmBigram{left: left, right: right, score: v.scores[id], size: len(piece)})
}

// tokenize appends the ids of text (already escaped) to out.
func (s *spmSession) tokenize(v *vocab, text string, out []int32) []int32 {
	s.syms = s.syms[:0]
	s.heap = s.heap[:0]
	for off := 0; off < len(text); {
		n := min(utf8Len(text[off]), len(text)-off)
		idx := len(s.syms)
		next := idx + 1
		if off+n == len(text) {
			next = -1
		}
		s.syms = append(s.syms, spmSymbol{start: off, n: n, prev: idx - 1, next: next})
		off += n
	}
	for i := 1; i < len(s.syms); i++ {
		s.tryBigram(v, text, i-1, i)
	}
	for len(s.heap) > 0 {
		b := s.pop()
		l, r := &s.syms[b.left], &s.syms[b.right]
		if l.n == 0 || r.n == 0 || l.n+r.n != b.size {
			continue
		}
		l.n += r.n
		r.n = 0
		l.next = r.next
		if r.next >= 0 {
			s.syms[r.next].prev = b.left
		}
		s.tryBigram(v, text, l.prev, b.left)
		s.tryBigram(v, text, b.left, l.next)
	}
	for i := 0; i != -1 && len(s.syms) > 0; i = s.syms[i].next {
		sym := s.syms[i]
		piece := text[sym.start : sym.start+sym.n]
		if id := v.tokenID(piece); id >= 0 {
			out = append(out, id)
			continue
		}
		for j := 0; j < len(piece); j++ {
			if id := v.byteToken(piece[j]); id >= 0 {
				out = append(out, id)
			}
		}
	}
	return out
}

// byteToken returns the token of a single byte for SPM byte fallback.
func (v *vocab) byteToken(b byte) int32 { return v.byteTokens[b] }

// findByteToken looks up the byte-fallback token of b: "<0xNN>", else the
// byte itself as a token, else the unknown token (llama.cpp would fail).
func (v *vocab) findByteToken(b byte) int32 {
	const hex = "0123456789ABCDEF"
	if id := v.tokenID(string([]byte{'<', '0', 'x', hex[b>>4], hex[b&15], '>'})); id >= 0 {
		return id
	}
	if id := v.tokenID(string([]byte{b})); id >= 0 {
		return id
	}
	return v.special.UNK
}
