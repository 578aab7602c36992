package tokenizer

// Pre-tokenizers: hand-written equivalents of the regular expressions
// llama.cpp applies for each tokenizer.ggml.pre (llm_tokenizer_bpe in
// llama-vocab.cpp). Go's regexp has no look-ahead, and llama.cpp itself runs
// most of them as hand-written code or as std::regex over a "collapsed" text
// in which every non-ASCII code point stands for its category; these
// functions reproduce what those produce, including llama.cpp's deviations
// from the original Python regexes.
//
// A stage splits a text (code points) further: it gets the lengths of the
// current pieces and returns the lengths of the pieces it cuts them into.
// Stages run in sequence over the pieces of the previous stage.

type stage func(cp []rune, in, out []int) []int

// splitter splits text into pre-tokenized words written in the byte-level
// alphabet. words and the code point buffer are reused.
type splitter func(text string, words []string, cpts *[]rune) []string

// splitterFor returns the splitter of a tokenizer.ggml.pre value and sets
// the vocabulary flags llama.cpp ties to it. ok is false for unknown names.
func splitterFor(pre string, v *vocab) (splitter, bool) {
	var stages []stage
	switch pre {
	case "", "default":
		stages = []stage{runStage(isDefaultPunct), gpt2Stage, runStage(isCollapsedNumber), triples}
	case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano":
		stages = []stage{llama3Stage(3)}
		v.ignoreMerges = true
		v.special.AddBOS = true
	case "dbrx", "smaug-bpe", "glm4", "chatglm-bpe":
		stages = []stage{llama3Stage(3)}
		if pre == "glm4" || pre == "chatglm-bpe" {
			v.special.BOS = -1
		}
	case "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2", "hunyuan", "solar-open", "grok-2":
		stages = []stage{llama3Stage(1)}
	case "falcon":
		stages = []stage{runStage(isFalconPunct), gpt2Stage, triples}
	case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b", "mellum2":
		stages = []stage{singleStage(isCollapsedNumber), gpt2Stage}
	case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum",
		"modern-bert", "mpt", "olmo", "jais", "trillion", "granite-docling", "exaone4":
		stages = []stage{gpt2Stage}
	case "deepseek-coder":
		stages = []stage{
			singleStage(isCRLF),
			optSpaceRunStage(isCollapsedSpace, isCollapsedLetter),
			optSpaceRunStage(isCollapsedSpace, isCollapsedPunct),
			runStage(isCJK),
			singleStage(isCollapsedNumber),
		}
	case "deepseek-llm":
		stages = []stage{
			singleStage(isCRLF),
			optSpaceRunStage(isWideSpace, deepseekLatin.has),
			optSpaceRunStage(isWideSpace, deepseekPunct.has),
			trailingSpaceStage,
			runStage(isCJK),
			runStage(isCollapsedNumber),
		}
	default:
		return nil, false
	}
	switch pre {
	case "deepseek-llm", "deepseek-coder", "command-r", "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2",
		"smollm", "trillion", "granite-docling", "grok-2", "hunyuan", "solar-open":
		v.cleanSpaces = false
	}
	return func(text string, words []string, cpts *[]rune) []string {
		return splitWords(text, stages, words, cpts)
	}, true
}

// splitWords decodes text like llama.cpp (invalid bytes become U+FFFD), runs
// the stages and returns the pieces in the byte-level alphabet.
func splitWords(text string, stages []stage, words []string, cpts *[]rune) []string {
	cp := (*cpts)[:0]
	for i := 0; i < len(text); {
		c, w := decodeLenient(text, i)
		cp = append(cp, c)
		i += w
	}
	*cpts = cp
	if len(cp) == 0 {
		return words
	}
	segs := []int{len(cp)}
	var tmp []int
	for _, st := range stages {
		tmp = st(cp, segs, tmp[:0])
		segs, tmp = tmp, segs
	}
	var raw, enc []byte
	start := 0
	for _, n := range segs {
		raw = raw[:0]
		for _, c := range cp[start : start+n] {
			raw = appendCodepoint(raw, c)
		}
		enc = enc[:0]
		for _, b := range raw {
			enc = append(enc, byteToUnicode[b]...)
		}
		words = append(words, string(enc))
		start += n
	}
	return words
}

// --- code point classes ------------------------------------------------------

func isLetter(c rune) bool     { return cpFlags(c)&cpLetter != 0 }
func isNumber(c rune) bool     { return cpFlags(c)&cpNumber != 0 }
func isWhitespace(c rune) bool { return cpFlags(c)&cpWhitespace != 0 }

// collapsed returns the byte llama.cpp's std::regex fallback sees for c: the
// code point itself below 128, 0x0B for other white space, and one byte per
// category (0xD1 number, 0xD2 letter, 0xD3 punctuation, 0xD4 mark, 0xD5
// symbol, 0xD0 anything else).
func collapsed(c rune) int {
	if c >= 0 && c < 128 {
		return int(c)
	}
	f := cpFlags(c)
	if f&cpWhitespace != 0 {
		return 0x0B
	}
	switch f & cpCategories {
	case cpNumber:
		return 0xD1
	case cpLetter:
		return 0xD2
	case cpPunctuation:
		return 0xD3
	case cpAccentMark:
		return 0xD4
	case cpSymbol:
		return 0xD5
	}
	return 0xD0
}

func isCollapsedNumber(c rune) bool {
	k := collapsed(c)
	return k == 0xD1 || k >= '0' && k <= '9'
}

func isCollapsedLetter(c rune) bool {
	k := collapsed(c)
	return k == 0xD2 || k >= 'A' && k <= 'Z' || k >= 'a' && k <= 'z'
}

// isCollapsedPunct is \p{P} in the collapsed regex: 0xD3 or one of
// !"#%&'()*,-./:;?@[\]_{}.
func isCollapsedPunct(c rune) bool {
	k := collapsed(c)
	switch {
	case k == 0xD3:
		return true
	case k >= 0x21 && k <= 0x23, k >= 0x25 && k <= 0x2A, k >= 0x2C && k <= 0x2F, k == 0x3A, k == 0x3B,
		k == 0x3F, k == 0x40, k >= 0x5B && k <= 0x5D, k == 0x5F, k == 0x7B, k == 0x7D:
		return true
	}
	return false
}

// isCollapsedSpace is \s of std::regex over the collapsed text.
func isCollapsedSpace(c rune) bool {
	k := collapsed(c)
	return k == ' ' || k >= '\t' && k <= '\r'
}

// isWideSpace is \s of std::wregex over llama.cpp's wide text, where
// non-ASCII white space has been replaced by 0x0B.
func isWideSpace(c rune) bool {
	if c >= 0x80 && isWhitespace(c) {
		return true
	}
	return c == ' ' || c >= '\t' && c <= '\r'
}

// isDefaultPunct is [\p{P}\$\+<=>\^~\|] over the collapsed text.
func isDefaultPunct(c rune) bool {
	if isCollapsedPunct(c) {
		return true
	}
	switch c {
	case '$', '+', '<', '=', '>', '^', '~', '|':
		return true
	}
	return false
}

// isFalconPunct is falcon's [\p{P}\$\+<=>\^~\|`].
func isFalconPunct(c rune) bool { return isDefaultPunct(c) || c == '`' }

func isCRLF(c rune) bool { return c == '\r' || c == '\n' }

// isCJK is [一-龥ࠀ-一가-퟿].
func isCJK(c rune) bool {
	return c >= 0x4E00 && c <= 0x9FA5 || c >= 0x0800 && c <= 0x4E00 || c >= 0xAC00 && c <= 0xD7FF
}

// --- generic stages ---------------------------------------------------------

// matcher returns the length of the match starting at cp[i] within cp[:end]
// (0 for none).
type matcher func(cp []rune, i, end int) int

// matchStage cuts each piece at the leftmost non-overlapping matches of m,
// keeping the text between matches as pieces of their own (what llama.cpp's
// unicode_regex_split_stl does with a regex_iterator).
func matchStage(m matcher) stage {
	return func(cp []rune, in, out []int) []int {
		start := 0
		for _, n := range in {
			end := start + n
			gap := start
			for i := start; i < end; {
				k := m(cp, i, end)
				if k == 0 {
					i++
					continue
				}
				if i > gap {
					out = append(out, i-gap)
				}
				out = append(out, k)
				i += k
				gap = i
			}
			if end > gap {
				out = append(out, end-gap)
			}
			start = end
		}
		return out
	}
}

// runStage is the regex "[class]+".
func runStage(class func(rune) bool) stage {
	return matchStage(func(cp []rune, i, end int) int {
		j := i
		for j < end && class(cp[j]) {
			j++
		}
		return j - i
	})
}

// singleStage is the regex "[class]" (one code point per match).
func singleStage(class func(rune) bool) stage {
	return matchStage(func(cp []rune, i, end int) int {
		if class(cp[i]) {
			return 1
		}
		return 0
	})
}

// optSpaceRunStage is the regex "\s?[class]+".
func optSpaceRunStage(space, class func(rune) bool) stage {
	return matchStage(func(cp []rune, i, end int) int {
		j := i
		if space(cp[j]) && j+1 < end && class(cp[j+1]) {
			j++
		}
		k := j
		for k < end && class(cp[k]) {
			k++
		}
		if k == j {
			return 0
		}
		return k - i
	})
}

// triples is "[0-9][0-9][0-9]".
var triples = matchStage(func(cp []rune, i, end int) int {
	if i+3 <= end && isASCIIDigit(cp[i]) && isASCIIDigit(cp[i+1]) && isASCIIDigit(cp[i+2]) {
		return 3
	}
	return 0
})

func isASCIIDigit(c rune) bool { return c >= '0' && c <= '9' }

// trailingSpaceStage is "\s+$" (white space that runs to the end of a piece).
var trailingSpaceStage = matchStage(func(cp []rune, i, end int) int {
	for j := i; j < end; j++ {
		if !isWideSpace(cp[j]) {
			return 0
		}
	}
	return end - i
})

// --- GPT-2 and Llama 3 style ---------------------------------------------------

// at returns cp[i] inside [lo, hi) and outOfRange elsewhere.
func at(cp []rune, i, lo, hi int) rune {
	if i < lo || i >= hi {
		return outOfRange
	}
	return cp[i]
}

// contraction returns 2 or 3 for 's 't 'm 'd / 're 've 'll at cp[i] (with
// foldCase also their upper-case forms), else 0.
func contraction(cp []rune, i, lo, hi int, foldCase bool) int {
	if cp[i] != '\'' || i+1 >= hi {
		return 0
	}
	lower := func(c rune) rune {
		if foldCase && c >= 'A' && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	c1 := lower(at(cp, i+1, lo, hi))
	if c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd' {
		return 2
	}
	if i+2 < hi {
		c2 := lower(at(cp, i+2, lo, hi))
		if c1 == 'r' && c2 == 'e' || c1 == 'v' && c2 == 'e' || c1 == 'l' && c2 == 'l' {
			return 3
		}
	}
	return 0
}

// gpt2Stage is 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// as llama.cpp's unicode_regex_split_custom_gpt2 runs it.
func gpt2Stage(cp []rune, in, out []int) []int {
	start := 0
	for _, n := range in {
		lo, hi := start, start+n
		flags := func(i int) uint16 { return cpFlags(at(cp, i, lo, hi)) }
		prev := lo
		emit := func(end int) {
			if end > prev {
				out = append(out, end-prev)
			}
			prev = end
		}
		for pos := lo; pos < hi; {
			c := cp[pos]
			if k := contraction(cp, pos, lo, hi, false); k > 0 {
				pos += k
				emit(pos)
				continue
			}
			f2 := flags(pos)
			if c == ' ' {
				f2 = flags(pos + 1)
			}
			switch {
			case f2&cpLetter != 0:
				if c == ' ' {
					pos++
				}
				for flags(pos)&cpLetter != 0 {
					pos++
				}
				emit(pos)
				continue
			case f2&cpNumber != 0:
				if c == ' ' {
					pos++
				}
				for flags(pos)&cpNumber != 0 {
					pos++
				}
				emit(pos)
				continue
			case f2&(cpWhitespace|cpLetter|cpNumber) == 0 && f2 != 0:
				if c == ' ' {
					pos++
				}
				for f := flags(pos); f&(cpWhitespace|cpLetter|cpNumber) == 0 && f != 0; f = flags(pos) {
					pos++
				}
				emit(pos)
				continue
			}
			ws := 0
			for flags(pos+ws)&cpWhitespace != 0 {
				ws++
			}
			if ws > 1 && at(cp, pos+ws, lo, hi) != outOfRange {
				pos += ws - 1
				emit(pos)
				continue
			}
			if ws > 0 {
				pos += ws
				emit(pos)
				continue
			}
			pos++
			emit(pos)
		}
		start = hi
	}
	return out
}

// llama3Stage is Llama 3's
// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// as llama.cpp's custom llama3 (maxDigits 3) and qwen2 (maxDigits 1) code
// runs it.
func llama3Stage(maxDigits int) stage {
	return func(cp []rune, in, out []int) []int {
		start := 0
		for _, n := range in {
			lo, hi := start, start+n
			flags := func(i int) uint16 { return cpFlags(at(cp, i, lo, hi)) }
			prev := lo
			emit := func(end int) {
				if end > prev {
					out = append(out, end-prev)
				}
				prev = end
			}
			for pos := lo; pos < hi; {
				c := cp[pos]
				f := flags(pos)
				if k := contraction(cp, pos, lo, hi, true); k > 0 {
					pos += k
					emit(pos)
					continue
				}
				if !(c == '\r' || c == '\n' || f&cpNumber != 0) {
					if f&cpLetter != 0 || flags(pos+1)&cpLetter != 0 {
						pos++
						for flags(pos)&cpLetter != 0 {
							pos++
						}
						emit(pos)
						continue
					}
				}
				if f&cpNumber != 0 {
					run := pos
					for flags(pos)&cpNumber != 0 {
						pos++
						if pos-run >= maxDigits {
							emit(pos)
							run = pos
						}
					}
					emit(pos)
					continue
				}
				f2 := f
				if c == ' ' {
					f2 = flags(pos + 1)
				}
				if f2&(cpWhitespace|cpLetter|cpNumber) == 0 && f != 0 {
					if c == ' ' {
						pos++
					}
					for g := flags(pos); g&(cpWhitespace|cpLetter|cpNumber) == 0 && g != 0; g = flags(pos) {
						pos++
					}
					for c2 := at(cp, pos, lo, hi); c2 == '\r' || c2 == '\n'; c2 = at(cp, pos, lo, hi) {
						pos++
					}
					emit(pos)
					continue
				}
				ws, lastNL := 0, 0
				for flags(pos+ws)&cpWhitespace != 0 {
					if c2 := cp[pos+ws]; c2 == '\r' || c2 == '\n' {
						lastNL = pos + ws + 1
					}
					ws++
				}
				if lastNL > 0 {
					pos = lastNL
					emit(pos)
					continue
				}
				if ws > 1 && at(cp, pos+ws, lo, hi) != outOfRange {
					pos += ws - 1
					emit(pos)
					continue
				}
				if ws > 0 {
					pos += ws
					emit(pos)
					continue
				}
				pos++
				emit(pos)
			}
			start = hi
		}
		return out
	}
}

// runeSet is a character class of code point ranges.
type runeSet [][2]rune

func (s runeSet) has(c rune) bool {
	for _, r := range s {
		if c >= r[0] && c <= r[1] {
			return true
		}
	}
	return false
}

// parseClass reads the inside of a bracket expression made of literal code
// points and ranges ("A-Za-zµ"), as written in llama.cpp's pattern.
func parseClass(s string) runeSet {
	rs := []rune(s)
	var set runeSet
	for i := 0; i < len(rs); i++ {
		if i+2 < len(rs) && rs[i+1] == '-' {
			set = append(set, [2]rune{rs[i], rs[i+2]})
			i += 2
			continue
		}
		set = append(set, [2]rune{rs[i], rs[i]})
	}
	return set
}

// The character classes of deepseek-llm's pre-tokenizer.
var (
	deepseekLatin = parseClass("A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF\u0370-\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139\u213C-\u213F\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A\U00010400-\U0001044F\U000104B0-\U000104D3\U000104D8-\U000104FB\U00010C80-\U00010CB2\U00010CC0-\U00010CF2\U000118A0-\U000118DF\U0001E900-\U0001E943")
	deepseekPunct = parseClass("!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002")
)
