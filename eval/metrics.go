package eval

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// invalidAnswer is the lm-eval regex filter's fallback ("[invalid]").
const invalidAnswer = "[invalid]"

// Argmax returns the index of the largest value, the first one on ties
// (numpy.argmax). NaN is treated as larger than everything, as numpy does.
// It returns -1 for an empty slice.
func Argmax(xs []float64) int {
	best := -1
	for i, x := range xs {
		if math.IsNaN(x) {
			return i
		}
		if best < 0 || x > xs[best] {
			best = i
		}
	}
	return best
}

// scoreAcc is lm-eval's multiple-choice "acc": 1 when the highest
// log-likelihood is the gold choice.
func scoreAcc(d *Doc, out Output) (float64, string) {
	i := Argmax(out.LogLikelihoods)
	pick := ""
	if i >= 0 && i < len(d.Choices) {
		pick = strconv.Itoa(i)
	}
	if i == d.Gold && i >= 0 {
		return 1, pick
	}
	return 0, pick
}

// LLMJPPrediction is llm-jp-eval v1.3.0's answer extraction: the generated
// text up to the first blank line ("\n\n"), NFKC-normalized. Nothing is
// stripped (a leading newline stays and fails an exact match).
func LLMJPPrediction(response string) string {
	if i := strings.Index(response, "\n\n"); i >= 0 {
		response = response[:i]
	}
	return norm.NFKC.String(response)
}

// LLMJPExactMatch is llm-jp-eval's exact_match for one sample: the
// prediction equals the NFKC-normalized gold answer.
func LLMJPExactMatch(response, gold string) bool {
	return LLMJPPrediction(response) == norm.NFKC.String(gold)
}

func scoreLLMJPExact(d *Doc, out Output) (float64, string) {
	p := LLMJPPrediction(out.Response)
	if len(d.Answers) > 0 && p == norm.NFKC.String(d.Answers[0]) {
		return 1, p
	}
	return 0, p
}

var mgsmNumber = regexp.MustCompile(`-?[0-9.,]+`)

// MGSMAnswer is the JP harness's MGSM extraction: the last match of
// (\-?[0-9\.\,]+), with dots stripped from both ends and commas removed,
// parsed as a float; it must be an integer. ok is false where the harness
// returns "[invalid]".
func MGSMAnswer(completion string) (n float64, ok bool) {
	m := mgsmNumber.FindAllString(completion, -1)
	if len(m) == 0 {
		return 0, false
	}
	s := strings.Trim(m[len(m)-1], ".")
	s = strings.ReplaceAll(s, ",", "")
	if s == "" || s == "-" || strings.Count(s, ".") > 1 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || f != math.Trunc(f) {
		return 0, false
	}
	return f, true
}

func scoreMGSM(d *Doc, out Output) (float64, string) {
	n, ok := MGSMAnswer(out.Response)
	if !ok {
		return 0, invalidAnswer
	}
	got := strconv.FormatFloat(n, 'f', -1, 64)
	if len(d.Answers) > 0 {
		want, err := strconv.ParseFloat(d.Answers[0], 64)
		if err == nil && want == n {
			return 1, got
		}
	}
	return 0, got
}

var gsm8kStrict = regexp.MustCompile(`#### (-?[0-9.,]+)`)

// GSM8KStrict is lm-eval 0.4.2's gsm8k "strict-match" filter: the first
// "#### n" group, or "[invalid]".
func GSM8KStrict(response string) string {
	m := gsm8kStrict.FindStringSubmatch(response)
	if m == nil {
		return invalidAnswer
	}
	return pyStrip(m[1])
}

var gsm8kIgnore = []*regexp.Regexp{
	regexp.MustCompile(`,`),
	regexp.MustCompile(`\$`),
	regexp.MustCompile(`(?s).*#### `),
}

// gsm8kNormalize applies gsm8k.yaml's exact_match options: regexes_to_ignore
// [",", "\$", "(?s).*#### ", "\.$"] then ignore_case.
func gsm8kNormalize(s string) string {
	for _, re := range gsm8kIgnore {
		s = re.ReplaceAllString(s, "")
	}
	// Python's "\.$": "$" also matches just before a final "\n".
	if strings.HasSuffix(s, ".") {
		s = s[:len(s)-1]
	} else if strings.HasSuffix(s, ".\n") {
		s = s[:len(s)-2] + "\n"
	}
	return strings.ToLower(s)
}

// GSM8KExactMatch scores a gsm8k response against the full reference answer
// ("... #### 18") as lm-eval 0.4.2 does with the strict-match filter.
func GSM8KExactMatch(response, reference string) bool {
	return gsm8kNormalize(GSM8KStrict(response)) == gsm8kNormalize(reference)
}

func scoreGSM8K(d *Doc, out Output) (float64, string) {
	ex := GSM8KStrict(out.Response)
	if gsm8kNormalize(ex) == gsm8kNormalize(d.Target) {
		return 1, ex
	}
	return 0, ex
}

// BBHAnswer is lm-eval 0.4.2's bbh "get-answer" filter, the regex
// (?<=the answer is )(.*)(?=.) with take_first: the rest of the line after
// the first "the answer is " that is followed by at least one character on
// its line, minus that line's last character, stripped. No match gives
// "[invalid]".
func BBHAnswer(response string) string {
	const cue = "the answer is "
	from := 0
	for {
		i := strings.Index(response[from:], cue)
		if i < 0 {
			return invalidAnswer
		}
		q := from + i + len(cue)
		line := response[q:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		if line != "" {
			r := []rune(line)
			return pyStrip(string(r[:len(r)-1]))
		}
		from = from + i + 1
	}
}

func scoreBBH(d *Doc, out Output) (float64, string) {
	ex := BBHAnswer(out.Response)
	if len(d.Answers) > 0 && ex == d.Answers[0] {
		return 1, ex
	}
	return 0, ex
}

const pyPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// triviaNormalize is lm-eval's exact_match with ignore_case and
// ignore_punctuation (string.punctuation, ASCII only).
func triviaNormalize(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		if r < 128 && strings.ContainsRune(pyPunctuation, r) {
			return -1
		}
		return r
	}, s)
}

// RemoveWhitespace is lm-eval 0.4.2's "remove_whitespace" filter
// (filters/extraction.py WhitespaceFilter): it drops one leading space, and
// nothing else.
func RemoveWhitespace(response string) string {
	return strings.TrimPrefix(response, " ")
}

// TriviaQAMatch is lm-eval 0.4.2's triviaqa score: the response after the
// remove_whitespace filter equals any alias after lower-casing and removing
// ASCII punctuation (exact_match with ignore_case and ignore_punctuation).
func TriviaQAMatch(response string, aliases []string) bool {
	p := triviaNormalize(RemoveWhitespace(response))
	for _, a := range aliases {
		if triviaNormalize(a) == p {
			return true
		}
	}
	return false
}

func scoreTriviaQA(d *Doc, out Output) (float64, string) {
	ex := RemoveWhitespace(out.Response)
	if TriviaQAMatch(out.Response, d.Answers) {
		return 1, ex
	}
	return 0, ex
}

// MeanStderr returns the mean of xs and lm-eval's stderr of the mean:
// the sample standard deviation (n-1) divided by sqrt(n); 0 for n < 2.
func MeanStderr(xs []float64) (mean, stderr float64) {
	n := float64(len(xs))
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}
