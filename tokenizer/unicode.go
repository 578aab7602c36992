package tokenizer

import (
	"sync"
	"unicode/utf8"
)

// Code point classes, as llama.cpp's unicode_cpt_flags (src/unicode.h) defines
// them. The category bits come from unicode_tables.go, generated from the
// same llama.cpp release the tests compare with.
const (
	cpUndefined   uint16 = 0x0001
	cpNumber      uint16 = 0x0002 // \p{N}
	cpLetter      uint16 = 0x0004 // \p{L}
	cpSeparator   uint16 = 0x0008 // \p{Z}
	cpAccentMark  uint16 = 0x0010 // \p{M}
	cpPunctuation uint16 = 0x0020 // \p{P}
	cpSymbol      uint16 = 0x0040 // \p{S}
	cpControl     uint16 = 0x0080 // \p{C}
	cpCategories  uint16 = 0x00FF
	cpWhitespace  uint16 = 0x0100 // \s
)

const maxCodepoints = 0x110000

var (
	cpFlagsOnce  sync.Once
	cpFlagsTable []uint16
)

// cpFlags returns the class bits of code point c. Code points beyond
// U+10FFFF are undefined; outOfRange (used for positions outside the text) has
// no bits at all, like llama.cpp's default unicode_cpt_flags{}.
func cpFlags(c rune) uint16 {
	if c == outOfRange {
		return 0
	}
	if uint32(c) >= maxCodepoints {
		return cpUndefined
	}
	if c < 0x80 {
		return asciiFlags[c]
	}
	cpFlagsOnce.Do(buildFlags)
	return cpFlagsTable[c]
}

// outOfRange stands for "no code point here" (before or after the piece).
const outOfRange rune = -1

var asciiFlags = func() [128]uint16 {
	var t [128]uint16
	for c := range rune(128) {
		t[c] = lookupFlags(c)
	}
	return t
}()

func lookupFlags(c rune) uint16 {
	lo, hi := 0, len(cptRangeStarts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if cptRangeStarts[mid] <= uint32(c) {
			lo = mid
		} else {
			hi = mid
		}
	}
	f := cptRangeFlags[lo]
	for _, w := range cptWhitespace {
		if w == uint32(c) {
			f |= cpWhitespace
		}
	}
	return f
}

func buildFlags() {
	t := make([]uint16, maxCodepoints)
	for i := range len(cptRangeStarts) - 1 {
		for c := cptRangeStarts[i]; c < cptRangeStarts[i+1] && c < maxCodepoints; c++ {
			t[c] = cptRangeFlags[i]
		}
	}
	for _, w := range cptWhitespace {
		t[w] |= cpWhitespace
	}
	cpFlagsTable = t
}

// utf8Len is the length of a UTF-8 sequence as its first byte announces it
// (llama.cpp's unicode_len_utf8): 1 for ASCII and for stray continuation
// bytes, 2, 3 or 4 for lead bytes. It does not validate.
func utf8Len(b byte) int {
	return [16]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4}[b>>4]
}

// decodeLenient decodes the code point at s[i:] the way llama.cpp's
// unicode_cpt_from_utf8 does: it checks lead and continuation bit patterns but
// not overlong forms or surrogates. An invalid byte yields U+FFFD and a width
// of 1.
func decodeLenient(s string, i int) (rune, int) {
	b0 := s[i]
	switch {
	case b0 < 0x80:
		return rune(b0), 1
	case b0&0x40 == 0:
		return utf8.RuneError, 1
	case b0&0x20 == 0:
		if i+1 >= len(s) || s[i+1]&0xC0 != 0x80 {
			return utf8.RuneError, 1
		}
		return rune(b0&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case b0&0x10 == 0:
		if i+2 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
			return utf8.RuneError, 1
		}
		return rune(b0&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	case b0&0x08 == 0:
		if i+3 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 || s[i+3]&0xC0 != 0x80 {
			return utf8.RuneError, 1
		}
		return rune(b0&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F), 4
	}
	return utf8.RuneError, 1
}

// appendCodepoint appends c as UTF-8 without Go's surrogate check (llama.cpp
// re-encodes decoded surrogates as they were). Code points beyond U+10FFFF,
// which llama.cpp cannot encode, become U+FFFD.
func appendCodepoint(b []byte, c rune) []byte {
	switch {
	case c < 0x80:
		return append(b, byte(c))
	case c < 0x800:
		return append(b, 0xC0|byte(c>>6), 0x80|byte(c&0x3F))
	case c < 0x10000:
		return append(b, 0xE0|byte(c>>12), 0x80|byte(c>>6&0x3F), 0x80|byte(c&0x3F))
	case c < maxCodepoints:
		return append(b, 0xF0|byte(c>>18), 0x80|byte(c>>12&0x3F), 0x80|byte(c>>6&0x3F), 0x80|byte(c&0x3F))
	}
	return append(b, "\uFFFD"...)
}
