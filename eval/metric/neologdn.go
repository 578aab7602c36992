package metric

// Neologdn is a port of neologdn 0.5.6's normalize(text) with its defaults
// (repeat=0, remove_space=True, tilde="remove"), written from the rules of
// its published source:
//
//   - full-width ASCII letters, digits and symbols become ASCII; half-width
//     katakana and punctuation become full-width, a half-width voiced or
//     semi-voiced mark combining with the preceding kana;
//   - hyphen-like characters become '-', long-vowel-like ones 'ー', each run
//     of them collapsed to one; tildes are removed;
//   - spaces (ASCII and U+3000) are collapsed and removed unless they stand
//     between two basic-Latin characters; a trailing space is dropped.
func Neologdn(text string) string {
	buf := make([]rune, 0, len(text))
	var prev rune // '\0' at the start, as in the reference
	latinSpace := false
	for _, c := range text {
		switch {
		case c == ' ' || c == '\u3000':
			c = ' '
			switch {
			case prev == ' ' || inBlocks(prev):
				continue
			case prev != '*' && len(buf) > 0 && prev < 0x80:
				latinSpace = true
				buf = append(buf, c)
			default:
				// The reference steps back one slot and then forward: the
				// space is dropped but still becomes prev.
			}
		case isNeologdnHyphen(c):
			if prev == '-' {
				continue
			}
			c = '-'
			buf = append(buf, c)
			latinSpace = false
		case isNeologdnChoonpu(c):
			if prev == 'ー' {
				continue
			}
			c = 'ー'
			buf = append(buf, c)
			latinSpace = false
		case isNeologdnTilde(c):
			continue
		default:
			if m, ok := neologdnConv[c]; ok {
				c = m
			}
			if c == 'ﾞ' {
				if m, ok := kanaTen[prev]; ok {
					buf = buf[:len(buf)-1]
					c = m
				}
			} else if c == 'ﾟ' {
				if m, ok := kanaMaru[prev]; ok {
					buf = buf[:len(buf)-1]
					c = m
				}
			}
			if latinSpace && inBlocks(c) {
				buf = buf[:len(buf)-1]
			}
			latinSpace = false
			buf = append(buf, c)
		}
		prev = c
	}
	if n := len(buf); n > 0 && buf[n-1] == ' ' {
		buf = buf[:n-1]
	}
	return string(buf)
}

// inBlocks reports whether c is in the CJK blocks neologdn treats as
// Japanese: CJK unified ideographs, hiragana, katakana, CJK symbols and
// punctuation (from U+3001), half-width and full-width forms.
func inBlocks(c rune) bool {
	return (c >= 19968 && c < 40960) || (c >= 12352 && c < 12544) ||
		(c >= 12289 && c < 12352) || (c >= 65280 && c < 65520)
}

func isNeologdnHyphen(c rune) bool {
	switch c {
	case '˗', '֊', '‐', '‑', '‒', '–', '⁃', '⁻', '₋', '−':
		return true
	}
	return false
}

func isNeologdnChoonpu(c rune) bool {
	switch c {
	case '﹣', '－', 'ｰ', '—', '―', '─', '━', 'ー':
		return true
	}
	return false
}

func isNeologdnTilde(c rune) bool {
	switch c {
	case '~', '∼', '∾', '〜', '〰', '～':
		return true
	}
	return false
}

var neologdnConv = func() map[rune]rune {
	m := map[rune]rune{}
	pairs := func(from, to string) {
		f, t := []rune(from), []rune(to)
		if len(f) != len(t) {
			panic("metric: neologdn table")
		}
		for i := range f {
			m[f[i]] = t[i]
		}
	}
	pairs("ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ", "abcdefghijklmnopqrstuvwxyz")
	pairs("ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	pairs("！”＃＄％＆’（）＊＋，−．／：；＜＝＞？＠［¥］＾＿‘｛｜｝", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}")
	pairs("０１２３４５６７８９", "0123456789")
	pairs("ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｯｬｭｮ",
		"アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォッャュョ")
	pairs("｡､･゛゜｢｣ｰ", "。、・ﾞﾟ「」ー")
	return m
}()

var kanaTen = func() map[rune]rune {
	m := map[rune]rune{}
	f, t := []rune("カキクケコサシスセソタチツテトハヒフヘホウう"), []rune("ガギグゲゴザジズゼゾダヂヅデドバビブベボヴゔ")
	for i := range f {
		m[f[i]] = t[i]
	}
	return m
}()

var kanaMaru = func() map[rune]rune {
	m := map[rune]rune{}
	f, t := []rune("ハヒフヘホはひふへほ"), []rune("パピプペポぱぴぷぺぽ")
	for i := range f {
		m[f[i]] = t[i]
	}
	return m
}()
