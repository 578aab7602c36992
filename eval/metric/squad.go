package metric

import (
	"strings"
)

// squadPunct is Python's string.punctuation, the set the official SQuAD
// script removes.
const squadPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// SquadNormalize is the official SQuAD v2.0 normalize_answer: lower case,
// remove ASCII punctuation, replace the articles a, an, the (as whole words
// under Python's Unicode \b) by a space, and collapse whitespace.
func SquadNormalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 0x80 && strings.ContainsRune(squadPunct, r) {
			continue
		}
		b.WriteRune(r)
	}
	s = b.String()
	// Remove articles: a regex \b(a|an|the)\b matches exactly the maximal
	// runs of word characters equal to one of the three words.
	b.Reset()
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if !isPyWord(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isPyWord(rs[j]) {
			j++
		}
		switch w := string(rs[i:j]); w {
		case "a", "an", "the":
			b.WriteByte(' ')
		default:
			b.WriteString(w)
		}
		i = j
	}
	return strings.Join(strings.FieldsFunc(b.String(), isPySpace), " ")
}

func squadTokens(s string) []string {
	if s == "" {
		return nil
	}
	return strings.FieldsFunc(SquadNormalize(s), isPySpace)
}

// squadGolds is the official script's gold list: the answers that are not
// empty after normalisation, or [""] (no answer) when none is left.
func squadGolds(golds []string) []string {
	var out []string
	for _, g := range golds {
		if SquadNormalize(g) != "" {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// SquadExact is the SQuAD v2.0 exact-match score of one question (0 or 1):
// the maximum over the gold answers of normalised equality. An empty gold
// list (or only empty answers) means "no answer": the prediction scores 1
// only when it normalises to the empty string. As in the HF squad_v2
// metric with lm-eval 0.4.2's no-answer probabilities (never above the
// threshold of 1.0), no-answer probabilities do not change the score.
func SquadExact(pred string, golds []string) float64 {
	p := SquadNormalize(pred)
	best := 0.0
	for _, g := range squadGolds(golds) {
		if SquadNormalize(g) == p {
			best = 1
		}
	}
	return best
}

// SquadF1 is the SQuAD v2.0 token F1 of one question, the maximum over the
// gold answers (with the no-answer rule of SquadExact): bag-of-tokens
// overlap of the normalised strings; when either side has no tokens the
// score is 1 if both have none, else 0.
func SquadF1(pred string, golds []string) float64 {
	pt := squadTokens(pred)
	best := 0.0
	for _, g := range squadGolds(golds) {
		if f := squadF1(pt, squadTokens(g)); f > best {
			best = f
		}
	}
	return best
}

func squadF1(pred, gold []string) float64 {
	if len(pred) == 0 || len(gold) == 0 {
		if len(pred) == len(gold) {
			return 1
		}
		return 0
	}
	counts := map[string]int{}
	for _, t := range gold {
		counts[t]++
	}
	same := 0
	for _, t := range pred {
		if counts[t] > 0 {
			counts[t]--
			same++
		}
	}
	if same == 0 {
		return 0
	}
	p := float64(same) / float64(len(pred))
	r := float64(same) / float64(len(gold))
	return 2 * p * r / (p + r)
}
