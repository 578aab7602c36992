package tokenizer

import "strings"

// fragment is a piece of the input: raw text text[start:end] (tok < 0) or a
// special token found in the text (tok >= 0).
type fragment struct {
	tok        int32
	start, end int
}

// isCSpace is C's isspace in the "C" locale, which llama.cpp uses for the
// lstrip/rstrip attributes.
func isCSpace(b byte) bool {
	return b == ' ' || (b >= '\t' && b <= '\r')
}

// partition splits text into raw pieces and special tokens as llama.cpp's
// tokenizer_st_partition does: each special token in turn, longest text
// first, is cut out of the raw pieces at its leftmost non-overlapping
// occurrences. Without parseSpecial only user-defined tokens are cut out
// (control and unknown tokens stay text).
func (v *vocab) partition(text string, parseSpecial bool) []fragment {
	frags := make([]fragment, 0, 8)
	if text == "" {
		return frags
	}
	frags = append(frags, fragment{tok: -1, start: 0, end: len(text)})
	var next []fragment
	var pairs *pairSet
	if len(v.specials) > 16 && len(text) > 1 {
		// Many special tokens (Gemma has thousands): skip at once those
		// whose first two bytes never occur next to each other in text.
		pairs = newPairSet(text)
	}
	for _, id := range v.specials {
		a := v.attrs[id]
		if !parseSpecial && a&(attrControl|attrUnknown) != 0 {
			continue
		}
		st := v.tokens[id]
		if pairs != nil && !pairs.mayContain(st) {
			continue
		}
		next = next[:0]
		changed := false
		for _, fr := range frags {
			if fr.tok >= 0 {
				next = append(next, fr)
				continue
			}
			base, end := fr.start, fr.end
			for base < end {
				k := indexIn(text[base:end], st)
				if k < 0 {
					break
				}
				changed = true
				m := base + k
				if m > base {
					l := m
					if a&attrLStrip != 0 {
						for l > base && isCSpace(text[l-1]) {
							l--
						}
					}
					if l > base {
						next = append(next, fragment{tok: -1, start: base, end: l})
					}
				}
				next = append(next, fragment{tok: id, start: m, end: m + len(st)})
				base = m + len(st)
				if a&attrRStrip != 0 {
					for base < end && isCSpace(text[base]) {
						base++
					}
				}
			}
			if base < end {
				next = append(next, fragment{tok: -1, start: base, end: end})
			}
		}
		if changed {
			frags, next = next, frags
		}
	}
	return frags
}

func indexIn(s, sub string) int { return strings.Index(s, sub) }

// pairSet records which bytes and which pairs of adjacent bytes occur in a
// text.
type pairSet struct {
	single [4]uint64
	pair   [1024]uint64
}

func newPairSet(text string) *pairSet {
	p := &pairSet{}
	for i := 0; i < len(text); i++ {
		b := text[i]
		p.single[b>>6] |= 1 << (b & 63)
		if i+1 < len(text) {
			k := uint(b)<<8 | uint(text[i+1])
			p.pair[k>>6] |= 1 << (k & 63)
		}
	}
	return p
}

// mayContain reports false when text certainly does not contain st.
func (p *pairSet) mayContain(st string) bool {
	switch len(st) {
	case 0:
		return true
	case 1:
		return p.single[st[0]>>6]&(1<<(st[0]&63)) != 0
	}
	for i := 0; i+1 < len(st); i++ {
		k := uint(st[i])<<8 | uint(st[i+1])
		if p.pair[k>>6]&(1<<(k&63)) == 0 {
			return false
		}
	}
	return true
}
