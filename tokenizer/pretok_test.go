package tokenizer

import (
	"slices"
	"testing"
)

// splitRaw runs the pre-tokenizer of pre and returns the pieces as bytes
// (byte-level alphabet undone) for readable expectations.
func splitRaw(t *testing.T, pre, text string) []string {
	t.Helper()
	sp, ok := splitterFor(pre, &vocab{})
	if !ok {
		t.Fatalf("no splitter for %q", pre)
	}
	var cp []rune
	var out []string
	for _, w := range sp(text, nil, &cp) {
		out = append(out, decodeByteLevel(w))
	}
	return out
}

// The splitters on their own. Expectations follow the regexes (with
// llama.cpp's deviations noted); the variants test checks them against
// llama.cpp at scale.
func TestSplitters(t *testing.T) {
	cases := []struct {
		pre, text string
		want      []string
	}{
		// GPT-2: contractions only in lower case; a space joins the next run;
		// \s+(?!\S) leaves the last space for the next word.
		{"gpt-2", "I'm   fine, DON'T 12345!", []string{"I", "'m", "  ", " fine", ",", " DON", "'", "T", " 12345", "!"}},
		{"gpt-2", "a\n\n b  ", []string{"a", "\n\n", " b", "  "}},
		{"gpt-2", "日本語のテキスト。", []string{"日本語のテキスト", "。"}},
		// llama3: case-insensitive contractions, digits in threes, a
		// punctuation run takes trailing newlines, \s*[\r\n]+.
		{"llama-bpe", "I'M 1234567 ok.\n\nx", []string{"I", "'M", " ", "123", "456", "7", " ok", ".\n\n", "x"}},
		{"llama-bpe", "a \n\tb", []string{"a", " \n", "\tb"}},
		// qwen2: single digits.
		{"qwen2", "x=2024年", []string{"x", "=", "2", "0", "2", "4", "年"}},
		// smollm/starcoder: every digit alone, then GPT-2.
		{"smollm", "abc 123", []string{"abc", " ", "1", "2", "3"}},
		// default: punctuation runs, numbers, then groups of three digits.
		{"default", "a+b=12345;", []string{"a", "+", "b", "=", "123", "45", ";"}},
		// falcon: like default without the \p{N}+ stage, backtick is punctuation;
		// the three-digit stage cuts " 1234" into " ", "123", "4".
		{"falcon", "`x` 1234", []string{"`", "x", "`", " ", "123", "4"}},
		// deepseek-coder: newlines alone, \s?\p{L}+, \s?\p{P}+, CJK runs, single digits.
		{"deepseek-coder", "if x:\n  return 42", []string{"if", " x", ":", "\n", " ", " return", " ", "4", "2"}},
		// deepseek-llm: its own Latin and punctuation classes, trailing space.
		{"deepseek-llm", "Hi, 世界 99  ", []string{"Hi", ",", " ", "世界", " ", "99", "  "}},
		// Invalid UTF-8 becomes U+FFFD before splitting (llama.cpp does so).
		{"gpt-2", "a\xffb", []string{"a", "\uFFFD", "b"}},
	}
	for _, c := range cases {
		if got := splitRaw(t, c.pre, c.text); !slices.Equal(got, c.want) {
			t.Errorf("%s %q:\n got %q\nwant %q", c.pre, c.text, got, c.want)
		}
	}
}

func TestUnknownSplitter(t *testing.T) {
	if _, ok := splitterFor("no-such-pre", &vocab{}); ok {
		t.Error("unknown pre accepted")
	}
}

func TestDecodeLenient(t *testing.T) {
	cases := []struct {
		in   string
		r    rune
		size int
	}{
		{"a", 'a', 1}, {"é", 'é', 2}, {"日", '日', 3}, {"😀", '😀', 4},
		{"\xff", 0xFFFD, 1}, {"\x80", 0xFFFD, 1}, {"\xc3", 0xFFFD, 1}, {"\xe3\x81", 0xFFFD, 1},
		{"\xc0\x80", 0, 2},          // overlong: accepted, as llama.cpp does
		{"\xed\xa0\x80", 0xD800, 3}, // surrogate: accepted
	}
	for _, c := range cases {
		if r, n := decodeLenient(c.in, 0); r != c.r || n != c.size {
			t.Errorf("decodeLenient(%q) = %U,%d want %U,%d", c.in, r, n, c.r, c.size)
		}
	}
}
