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
	for _, id := range v.specials {
		a := v.attrs[id]
		if !parseSpecial && a&(attrControl|attrUnknown) != 0 {
			continue
		}
		st := v.tokens[id]
		if !v.mayContain(text, st) {
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

// mayContain is a cheap test that text could contain special token st.
func (v *vocab) mayContain(text, st string) bool { return true }

func indexIn(s, sub string) int { return strings.Index(s, sub) }
