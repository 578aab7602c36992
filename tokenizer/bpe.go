package tokenizer

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"hyoka/gguf"
)

// byteToUnicode is GPT-2's byte-to-unicode alphabet: printable bytes stand
// for themselves, the others for U+0100 onwards. unicodeToByte inverts it
// (-1 for code points outside the alphabet).
var (
	byteToUnicode [256]string
	unicodeToByte [324]int16
)

func init() {
	for i := range unicodeToByte {
		unicodeToByte[i] = -1
	}
	n := 0
	for b := range 256 {
		c := rune(b)
		if !(b >= 0x21 && b <= 0x7E || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF) {
			c = rune(256 + n)
			n++
		}
		byteToUnicode[b] = string(c)
		unicodeToByte[c] = int16(b)
	}
}

// bpe is llama.cpp's byte-level BPE tokenizer (tokenizer.ggml.model =
// "gpt2"): the pre-tokenizer splits the text into words, each word is written
// in the byte-to-unicode alphabet, and adjacent symbols merge by the rank of
// tokenizer.ggml.merges, lowest rank first.
type bpe struct {
	*vocab
	split splitter
	// ranks maps a pair of interned strings (ids in vocab.ids, which also
	// holds merge halves that are not tokens) to its merge rank.
	ranks map[uint64]int32
	// cache holds the ids of words seen before (string -> []int32), up to
	// maxCached words: natural text repeats its words, and merging is the
	// expensive part.
	cache  sync.Map
	cached atomic.Int64
}

const maxCached = 1 << 17

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

func newBPE(f *gguf.File, v *vocab, warn io.Writer) (*bpe, error) {
	merges, ok := f.Strings("tokenizer.ggml.merges")
	if !ok {
		if _, present := f.Get("tokenizer.ggml.merges"); present {
			return nil, fmt.Errorf("%w: tokenizer.ggml.merges is not an array of strings", ErrBadVocab)
		}
		return nil, fmt.Errorf("%w: tokenizer.ggml.merges is missing (needed for tokenizer.ggml.model = \"gpt2\")", ErrBadVocab)
	}
	t := &bpe{vocab: v, ranks: make(map[uint64]int32, len(merges))}
	intern := func(s string) int32 {
		if id, ok := v.ids[s]; ok {
			return id
		}
		id := int32(len(v.ids)) // ids of non-tokens start at len(v.tokens)
		v.ids[s] = id
		return id
	}
	for i, m := range merges {
		k := strings.IndexByte(m[min(1, len(m)):], ' ')
		if k < 0 {
			continue // llama.cpp records it as ("", ""), which never matches
		}
		k += min(1, len(m))
		key := pairKey(intern(m[:k]), intern(m[k+1:]))
		if _, dup := t.ranks[key]; !dup {
			t.ranks[key] = int32(i)
		}
	}
	pre, _ := f.String("tokenizer.ggml.pre")
	v.pre = pre
	v.cleanSpaces = true
	sp, ok := splitterFor(pre, v)
	if !ok {
		fmt.Fprintf(warn, "tokenizer: unknown tokenizer.ggml.pre = %q (not one hyoka implements); using the \"default\" pre-tokenizer: token ids may differ from the model's own tokenizer\n", pre)
		sp, _ = splitterFor("default", v)
	}
	t.split = sp
	return t, nil
}

// Encode implements Tokenizer.
func (t *bpe) Encode(text string, addSpecial, parseSpecial bool) []int32 {
	out := make([]int32, 0, len(text)/3+2)
	if addSpecial && t.special.AddBOS {
		out = append(out, t.special.BOS)
	}
	var s bpeSession
	for _, fr := range t.partition(text, parseSpecial) {
		if fr.tok >= 0 {
			out = append(out, fr.tok)
			continue
		}
		s.words = t.split(text[fr.start:fr.end], s.words[:0], &s.cpts)
		for _, w := range s.words {
			if ids, ok := t.cache.Load(w); ok {
				out = append(out, ids.([]int32)...)
				continue
			}
			n := len(out)
			out = s.word(t, w, out)
			if !t.noCache && t.cached.Load() < maxCached {
				t.cached.Add(1)
				t.cache.Store(w, slices.Clone(out[n:]))
			}
		}
	}
	if addSpecial && t.special.AddEOS {
		out = append(out, t.special.EOS)
	}
	return out
}

type bpeSymbol struct {
	start, n   int
	prev, next int
	id         int32 // interned id of the symbol's text, -1 if none
}

type bpeBigram struct {
	left, right int
	rank        int32
	size        int
}

func (a bpeBigram) before(b bpeBigram) bool {
	return a.rank < b.rank || (a.rank == b.rank && a.left < b.left)
}

type bpeSession struct {
	words []string
	cpts  []rune
	syms  []bpeSymbol
	heap  []bpeBigram
	buf   []byte
}

func (s *bpeSession) push(b bpeBigram) {
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

func (s *bpeSession) pop() bpeBigram {
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

func (s *bpeSession) tryBigram(t *bpe, left, right int) {
	if left < 0 || right < 0 {
		return
	}
	l, r := s.syms[left], s.syms[right]
	if l.id < 0 || r.id < 0 {
		return
	}
	rank, ok := t.ranks[pairKey(l.id, r.id)]
	if !ok {
		return
	}
	s.push(bpeBigram{left: left, right: right, rank: rank, size: l.n + r.n})
}

// word appends the ids of one pre-tokenized, byte-encoded word.
func (s *bpeSession) word(t *bpe, w string, out []int32) []int32 {
	if t.ignoreMerges {
		if id := t.tokenID(w); id >= 0 {
			return append(out, id)
		}
	}
	s.syms = s.syms[:0]
	s.heap = s.heap[:0]
	for off := 0; off < len(w); {
		n := min(utf8Len(w[off]), len(w)-off)
		idx := len(s.syms)
		next := idx + 1
		if off+n == len(w) {
			next = -1
		}
		id, ok := t.ids[w[off:off+n]]
		if !ok {
			id = -1
		}
		s.syms = append(s.syms, bpeSymbol{start: off, n: n, prev: idx - 1, next: next, id: id})
		off += n
	}
	for i := 1; i < len(s.syms); i++ {
		s.tryBigram(t, i-1, i)
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
		if id, ok := t.ids[w[l.start:l.start+l.n]]; ok {
			l.id = id
		} else {
			l.id = -1
		}
		s.tryBigram(t, l.prev, b.left)
		s.tryBigram(t, b.left, l.next)
	}
	for _, sym := range s.syms {
		if sym.n == 0 {
			continue
		}
		piece := w[sym.start : sym.start+sym.n]
		if id := t.tokenID(piece); id >= 0 {
			out = append(out, id)
			continue
		}
		// llama.cpp looks each byte of the unknown piece up as a token of its
		// own; bytes that are no token are dropped.
		for j := 0; j < len(piece); j++ {
			if id := t.tokenID(piece[j : j+1]); id >= 0 {
				out = append(out, id)
			}
		}
	}
	return out
}
