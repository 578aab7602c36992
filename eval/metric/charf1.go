package metric

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeJa is llm-jp-eval 1.3.0's normalize: Unicode NFKC.
func NormalizeJa(s string) string { return norm.NFKC.String(s) }

// CutPrediction returns the part of a generated answer that llm-jp-eval
// scores: the text before the first blank line ("\n\n"), or all of it when
// there is none. llm-jp-eval applies it to the raw generation, before
// NormalizeJa.
func CutPrediction(pred string) string {
	if i := strings.Index(pred, "\n\n"); i >= 0 {
		return pred[:i]
	}
	return pred
}

// prepareJa is llm-jp-eval 1.3.0's treatment of a (prediction, gold) pair:
// y_pred = normalize(output.split("\n\n")[0]), y_true = normalize(gold).
// Nothing is stripped: a generation that starts with a blank line scores as
// the empty string, as in the reference.
func prepareJa(pred, gold string) (string, string) {
	return NormalizeJa(CutPrediction(pred)), NormalizeJa(gold)
}

// CharF1 is llm-jp-eval 1.3.0's char_f1 of one sample:
// fuzz.token_sort_ratio(pred, gold)/100 after prepareJa, in [0, 1] with steps
// of 0.01.
func CharF1(pred, gold string) float64 {
	p, g := prepareJa(pred, gold)
	return float64(TokenSortRatio(p, g)) / 100
}

// ExactMatch is llm-jp-eval 1.3.0's exact_match of one sample (the mean of
// these is sklearn's accuracy_score): 1 when the prepared prediction equals
// the NFKC gold, else 0.
func ExactMatch(pred, gold string) float64 {
	p, g := prepareJa(pred, gold)
	if p == g {
		return 1
	}
	return 0
}

// SetF1 is llm-jp-eval 1.3.0's set_f1 of one sample: the lines of the
// prepared prediction (stripped, as a set) against the lines of the gold
// (stripped, as a list); precision is the share of distinct predicted lines
// found in the gold, recall the same count over the number of gold lines.
func SetF1(pred, gold string) float64 {
	p, g := prepareJa(pred, gold)
	predSet := map[string]bool{}
	for _, l := range strings.Split(p, "\n") {
		predSet[pyStrip(l)] = true
	}
	goldLines := strings.Split(g, "\n")
	inGold := map[string]bool{}
	for _, l := range goldLines {
		inGold[pyStrip(l)] = true
	}
	hit := 0
	for l := range predSet {
		if inGold[l] {
			hit++
		}
	}
	prec := float64(hit) / float64(len(predSet))
	rec := float64(hit) / float64(len(goldLines))
	if prec+rec == 0 {
		return 0
	}
	return 2 * prec * rec / (prec + rec)
}

// TokenSortRatio is fuzzywuzzy 0.18's fuzz.token_sort_ratio(a, b) with its
// defaults (force_ascii=True, full_process=True) and the python-Levenshtein
// backend: each string is fully processed (characters U+0080..U+00FF
// removed, every non-word character replaced by a space, lower-cased,
// stripped), its whitespace-separated tokens are sorted by code point and
// joined by single spaces, and the two results are compared with
// Levenshtein's indel ratio, scaled to 100 and rounded half to even. Two
// equal processed strings score 100; otherwise an empty one scores 0.
func TokenSortRatio(a, b string) int {
	sa, sb := processAndSort(a), processAndSort(b)
	if sa == sb {
		return 100
	}
	if sa == "" || sb == "" {
		return 0
	}
	return int(math.RoundToEven(100 * IndelRatio(sa, sb)))
}

// processAndSort is fuzzywuzzy's _process_and_sort with full processing.
func processAndSort(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0x80 && r <= 0xff { // asciidammit: translate(range(128, 256) -> None)
			continue
		}
		if !isPyWord(r) {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(pyLower(r))
	}
	toks := strings.Fields(b.String())
	slices.Sort(toks) // UTF-8 byte order is code point order
	return strings.Join(toks, " ")
}

// isPyWord reports whether Python's Unicode-aware regex \w matches r:
// str.isalnum() or '_'. isalnum is the letter categories (L*) or a numeric
// character (N*).
func isPyWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// pyLower is Python's str.lower of one character, including its one
// multi-character full lower-case mapping (U+0130).
func pyLower(r rune) string {
	if r == 0x130 {
		return "i\u0307"
	}
	return string(unicode.ToLower(r))
}

// pyStrip is Python's str.strip() with no argument (Unicode whitespace).
func pyStrip(s string) string {
	return strings.TrimFunc(s, isPySpace)
}

// isPySpace is Python's str.isspace for one character.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// IndelRatio is python-Levenshtein's ratio(a, b) on code points:
// 1 - indel(a, b)/(len(a)+len(b)), where indel is the edit distance that
// allows only insertions and deletions (len(a)+len(b)-2*LCS). Two empty
// strings have ratio 1.
func IndelRatio(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	total := len(ra) + len(rb)
	if total == 0 {
		return 1
	}
	lcs := lcsLen(ra, rb)
	return float64(2*lcs) / float64(total)
}

// lcsLen is the length of the longest common subsequence of a and b, in
// O(len(a)*len(b)) time and O(len(b)) memory.
func lcsLen[T comparable](a, b []T) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
