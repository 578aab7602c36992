package metric

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Score is one precision/recall/F-measure triple, as rouge-score reports it.
type Score struct {
	Precision, Recall, F float64
}

// RougeCorpus is the JP harness's corpus ROUGE: the per-pair scores, their
// plain mean, and rouge-score's BootstrapAggregator interval (2.5th, 50th
// and 97.5th percentiles of 1000 resampled means). The harness reports
// Mid.F*100.
type RougeCorpus struct {
	Pairs          []Score
	Mean           Score
	Low, Mid, High Score
}

// JaRougeTokens is the JP harness's MecabTokenizer.tokenize: emoji removed
// (removeEmoji), neologdn normalisation, whitespace collapsed, then words
// of the MeCab-style segmentation (kagome with UniDic in place of fugashi
// with unidic-lite; see WordsUniDic and mergeAlnum).
func JaRougeTokens(text string) ([]string, error) {
	s := strings.Join(strings.FieldsFunc(Neologdn(removeEmoji(text)), isPySpace), " ")
	w, err := WordsUniDic(s)
	if err != nil {
		return nil, err
	}
	return mergeAlnum(s, w), nil
}

// mergeAlnum joins consecutive words that are runs of ASCII letters (or of
// ASCII digits) and touch in the text. MeCab groups such unknown-word runs
// ("GDP", "2024") into one word with unidic-lite, while kagome's lattice
// can prefer single-letter dictionary words ("G" "D" "P").
func mergeAlnum(text string, words []string) []string {
	class := func(w string) int {
		c := 0
		for _, r := range w {
			k := 0
			switch {
			case r >= '0' && r <= '9':
				k = 1
			case (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
				k = 2
			default:
				return 0
			}
			if c != 0 && c != k {
				return 0
			}
			c = k
		}
		return c
	}
	out := make([]string, 0, len(words))
	pos := 0 // byte offset in text after the last word
	prevClass, prevEnd := 0, -1
	for _, w := range words {
		i := strings.Index(text[pos:], w)
		if i < 0 { // cannot happen for surfaces of text; keep the word
			out = append(out, w)
			prevClass = 0
			continue
		}
		start := pos + i
		pos = start + len(w)
		c := class(w)
		if c != 0 && c == prevClass && start == prevEnd {
			out[len(out)-1] += w
		} else {
			out = append(out, w)
		}
		prevClass, prevEnd = c, pos
	}
	return out
}

// removeEmoji is the harness's remove_emoji: every character that
// emoji.is_emoji accepts is dropped, then the code point ranges of its
// regular expression (U+1F600-1F64F, 1F300-1F5FF, 1F680-1F6FF,
// 1F1E0-1F1FF, 2702-27B0).
func removeEmoji(s string) string {
	return strings.Map(func(r rune) rune {
		if isSingleEmoji(r) ||
			(r >= 0x1F600 && r <= 0x1F64F) || (r >= 0x1F300 && r <= 0x1F5FF) ||
			(r >= 0x1F680 && r <= 0x1F6FF) || (r >= 0x1F1E0 && r <= 0x1F1FF) ||
			(r >= 0x2702 && r <= 0x27B0) {
			return -1
		}
		return r
	}, s)
}

func isSingleEmoji(r rune) bool {
	_, found := slices.BinarySearchFunc(singleEmoji, r, func(e [2]rune, t rune) int {
		switch {
		case e[1] < t:
			return -1
		case e[0] > t:
			return 1
		}
		return 0
	})
	return found
}

// RougeN is rouge-score's n-gram score of a prediction against a target,
// both already tokenized: the clipped n-gram overlap over the prediction's
// n-grams (precision) and over the target's (recall), each denominator at
// least 1, and F = 2PR/(P+R) (0 when both are 0).
func RougeN(target, prediction []string, n int) Score {
	t, p := ngramCounts(target, n), ngramCounts(prediction, n)
	inter, tn, pn := 0, 0, 0
	for g, c := range t {
		inter += min(c, p[g])
		tn += c
	}
	for _, c := range p {
		pn += c
	}
	var s Score
	s.Precision = float64(inter) / float64(max(pn, 1))
	s.Recall = float64(inter) / float64(max(tn, 1))
	if s.Precision+s.Recall > 0 {
		s.F = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// Rouge2Ja is the ROUGE-2 score of one XL-Sum pair as the JP harness's
// xlsum_ja task computes it: RougeN(JaRougeTokens(ref), JaRougeTokens(pred), 2).
func Rouge2Ja(ref, pred string) (Score, error) {
	r, err := JaRougeTokens(ref)
	if err != nil {
		return Score{}, err
	}
	p, err := JaRougeTokens(pred)
	if err != nil {
		return Score{}, err
	}
	return RougeN(r, p, 2), nil
}

// Rouge2JaCorpus scores every pair with Rouge2Ja and aggregates them as
// rouge-score's BootstrapAggregator does (1000 resamples of the pairs with
// replacement; percentiles with linear interpolation). The reference draws
// from NumPy's global, unseeded generator, so its Mid varies from run to
// run by about the bootstrap's spread of the median; here the resampling
// is seeded (a PCG generator with the given seed) and repeatable. Mid is
// always close to Mean.
func Rouge2JaCorpus(refs, preds []string, seed uint64) (RougeCorpus, error) {
	var rc RougeCorpus
	if len(refs) != len(preds) || len(refs) == 0 {
		return rc, fmt.Errorf("metric: ROUGE with %d references and %d predictions: %w", len(refs), len(preds), ErrBadInput)
	}
	rc.Pairs = make([]Score, len(refs))
	for i := range refs {
		s, err := Rouge2Ja(refs[i], preds[i])
		if err != nil {
			return rc, err
		}
		rc.Pairs[i] = s
	}
	rc.Mean = meanScore(rc.Pairs)
	rc.Low, rc.Mid, rc.High = Bootstrap(rc.Pairs, 1000, 0.95, seed)
	return rc, nil
}

func meanScore(xs []Score) Score {
	var m Score
	for _, x := range xs {
		m.Precision += x.Precision
		m.Recall += x.Recall
		m.F += x.F
	}
	n := float64(len(xs))
	return Score{m.Precision / n, m.Recall / n, m.F / n}
}

// Bootstrap is rouge-score's BootstrapAggregator on the given scores:
// nSamples means of len(scores) scores drawn with replacement, and their
// (1-confidence)/2, 0.5 and 1-(1-confidence)/2 quantiles (NumPy's default
// linear interpolation), each component separately. Empty scores or a
// non-positive nSamples give zero Scores.
func Bootstrap(scores []Score, nSamples int, confidence float64, seed uint64) (low, mid, high Score) {
	if len(scores) == 0 || nSamples <= 0 {
		return
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	means := make([]Score, nSamples)
	sample := make([]Score, len(scores))
	for i := range means {
		for j := range sample {
			sample[j] = scores[rng.IntN(len(scores))]
		}
		means[i] = meanScore(sample)
	}
	q := func(p float64) Score {
		get := func(f func(Score) float64) float64 {
			v := make([]float64, len(means))
			for i, m := range means {
				v[i] = f(m)
			}
			return Percentile(v, p)
		}
		return Score{
			get(func(s Score) float64 { return s.Precision }),
			get(func(s Score) float64 { return s.Recall }),
			get(func(s Score) float64 { return s.F }),
		}
	}
	a := (1 - confidence) / 2
	return q(a), q(0.5), q(1 - a)
}

// Percentile is NumPy's percentile(v, 100*p) with linear interpolation
// between the order statistics; v is sorted in place.
func Percentile(v []float64, p float64) float64 {
	slices.Sort(v)
	if len(v) == 0 {
		return math.NaN()
	}
	h := p * float64(len(v)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(v) {
		return v[len(v)-1]
	}
	return v[i] + (h-lo)*(v[i+1]-v[i])
}
