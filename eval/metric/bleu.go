package metric

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// BLEU is a corpus BLEU score with the statistics it was computed from, as
// sacrebleu 2.x reports them. Score and Precisions are on a 0-100 scale.
type BLEU struct {
	Score      float64
	Counts     [4]int     // matching n-grams, n = 1..4, summed over the corpus
	Totals     [4]int     // hypothesis n-grams, n = 1..4
	Precisions [4]float64 // smoothed n-gram precisions, 0-100
	BP         float64    // brevity penalty
	SysLen     int        // hypothesis words
	RefLen     int        // reference words
}

// Tokenizer13a is sacrebleu's default "13a" tokenizer (mteval-v13a): it
// removes "<skipped>" and "-\n", turns newlines into spaces, unescapes
// &quot; &amp; &lt; &gt;, splits ASCII punctuation from words, splits
// periods and commas except between digits and a dash after a digit, and
// joins the words with single spaces.
func Tokenizer13a(line string) string {
	line = strings.ReplaceAll(line, "<skipped>", "")
	line = strings.ReplaceAll(line, "-\n", "")
	line = strings.ReplaceAll(line, "\n", " ")
	if strings.Contains(line, "&") {
		line = strings.NewReplacer("&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(line)
	}
	line = " " + line + " "
	for _, r := range tok13a {
		line = r.re.ReplaceAllString(line, r.repl)
	}
	return strings.Join(strings.FieldsFunc(line, isPySpace), " ")
}

var tok13a = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`([\{-\~\[-\x60 -\&\(-\+\:-\@\/])`), " ${1} "},
	{regexp.MustCompile(`([^0-9])([\.,])`), "${1} ${2} "},
	{regexp.MustCompile(`([\.,])([^0-9])`), " ${1} ${2}"},
	{regexp.MustCompile(`([0-9])(-)`), "${1} ${2} "},
}

// CorpusBLEU is sacrebleu 2.x's corpus_bleu(hyps, [refs]) with its defaults:
// one reference per hypothesis, no lower-casing, the 13a tokenizer applied
// to each right-stripped segment, n-grams up to 4, exponential smoothing
// (each order without a match halves the smoothing term:
// precision = 100/(2^k * total)), no effective order, and the brevity
// penalty exp(1 - ref/sys) when sys < ref. The score is 0 when no unigram
// matches or when some order has no hypothesis n-grams.
func CorpusBLEU(hyps, refs []string) (BLEU, error) {
	return corpusBLEU(hyps, refs, Tokenizer13a)
}

// JaDict names the kagome dictionary that segments Japanese BLEU targets.
type JaDict int

const (
	// UniDic segments with kagome and UniDic. Measured on WMT20 en-ja it is
	// the closer of the two to nagisa, the reference's segmenter (nagisa's
	// words are UniDic-style short units); see docs/metrics.md.
	UniDic JaDict = iota
	// IPADIC segments with kagome and the IPA dictionary (MeCab-IPADIC
	// units, longer than nagisa's).
	IPADIC
)

// CorpusBLEUJa is the JP harness's BLEU for Japanese targets (wmt20-en-ja):
// each stripped hypothesis and reference is segmented into words (the
// reference uses nagisa; here kagome with the chosen dictionary), the words
// are joined with spaces, and the result goes through CorpusBLEU, 13a
// tokenizer included, as sacrebleu.corpus_bleu does in the harness.
func CorpusBLEUJa(hyps, refs []string, dict JaDict) (BLEU, error) {
	if len(hyps) != len(refs) {
		return BLEU{}, fmt.Errorf("metric: BLEU with %d hypotheses and %d references: %w", len(hyps), len(refs), ErrBadInput)
	}
	words := WordsUniDic
	switch dict {
	case UniDic:
	case IPADIC:
		words = WordsIPA
	default:
		return BLEU{}, fmt.Errorf("metric: unknown Japanese dictionary %d: %w", dict, ErrBadInput)
	}
	seg := func(in []string) ([]string, error) {
		out := make([]string, len(in))
		for i, s := range in {
			w, err := words(pyStrip(s))
			if err != nil {
				return nil, err
			}
			out[i] = strings.Join(w, " ")
		}
		return out, nil
	}
	h, err := seg(hyps)
	if err != nil {
		return BLEU{}, err
	}
	r, err := seg(refs)
	if err != nil {
		return BLEU{}, err
	}
	return CorpusBLEU(h, r)
}

func corpusBLEU(hyps, refs []string, tok func(string) string) (BLEU, error) {
	var b BLEU
	if len(hyps) != len(refs) {
		return b, fmt.Errorf("metric: BLEU with %d hypotheses and %d references: %w", len(hyps), len(refs), ErrBadInput)
	}
	for i := range hyps {
		h := strings.FieldsFunc(tok(strings.TrimRightFunc(hyps[i], isPySpace)), isPySpace)
		r := strings.FieldsFunc(tok(strings.TrimRightFunc(refs[i], isPySpace)), isPySpace)
		b.SysLen += len(h)
		b.RefLen += len(r)
		for n := 1; n <= 4; n++ {
			refCounts := ngramCounts(r, n)
			for g, c := range ngramCounts(h, n) {
				b.Counts[n-1] += min(c, refCounts[g])
				b.Totals[n-1] += c
			}
		}
	}
	b.BP = 1
	if b.SysLen < b.RefLen {
		if b.SysLen > 0 {
			b.BP = math.Exp(1 - float64(b.RefLen)/float64(b.SysLen))
		} else {
			b.BP = 0
		}
	}
	if b.Counts[0] == 0 && b.Counts[1] == 0 && b.Counts[2] == 0 && b.Counts[3] == 0 {
		return b, nil
	}
	smooth := 1.0
	for n := range 4 {
		if b.Totals[n] == 0 {
			break
		}
		if b.Counts[n] == 0 {
			smooth *= 2
			b.Precisions[n] = 100 / (smooth * float64(b.Totals[n]))
		} else {
			b.Precisions[n] = 100 * float64(b.Counts[n]) / float64(b.Totals[n])
		}
	}
	sum := 0.0
	for _, p := range b.Precisions {
		if p == 0 {
			sum += -9999999999 // sacrebleu's my_log(0)
		} else {
			sum += math.Log(p)
		}
	}
	b.Score = b.BP * math.Exp(sum/4)
	return b, nil
}

// ngramCounts counts the n-grams of words, keyed by the words joined with
// a separator that cannot occur inside a word.
func ngramCounts(words []string, n int) map[string]int {
	m := map[string]int{}
	for i := 0; i+n <= len(words); i++ {
		m[strings.Join(words[i:i+n], "\x00")]++
	}
	return m
}
