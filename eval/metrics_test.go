package eval

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

type metricCase struct {
	Response  string   `json:"response"`
	Reference string   `json:"reference"`
	Target    string   `json:"target"`
	Aliases   []string `json:"aliases"`
	Answer    int64    `json:"answer"`
	Gold      string   `json:"gold"`
	Extracted string   `json:"extracted"`
	Score     float64  `json:"score"`
}

// TestMetricsMatchReference checks extraction and per-sample scores against
// the reference code's outputs (scripts/reference/metric_goldens.py): the
// lm-eval 0.4.2 filter classes with HF exact_match, the JP harness's MGSM
// extraction and llm-jp-eval's exact match, on ordinary and odd responses
// (leading newline or spaces, full-width digits, trailing period, commas,
// dollar signs, several answers, no answer).
func TestMetricsMatchReference(t *testing.T) {
	b, err := os.ReadFile("testdata/metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var g map[string][]metricCase
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	check := func(kind string, i int, c metricCase, ex string, score float64) {
		t.Helper()
		if ex != c.Extracted || score != c.Score {
			t.Errorf("%s case %d %q: extracted %q score %v, want %q %v", kind, i, c.Response, ex, score, c.Extracted, c.Score)
		}
	}
	n := 0
	for i, c := range g["gsm8k"] {
		v, ex := scoreGSM8K(&Doc{Target: c.Reference}, Output{Response: c.Response})
		check("gsm8k", i, c, ex, v)
		if GSM8KExactMatch(c.Response, c.Reference) != (c.Score == 1) {
			t.Errorf("gsm8k case %d: GSM8KExactMatch disagrees", i)
		}
		n++
	}
	for i, c := range g["bbh"] {
		v, ex := scoreBBH(&Doc{Answers: []string{c.Target}}, Output{Response: c.Response})
		check("bbh", i, c, ex, v)
		n++
	}
	for i, c := range g["triviaqa"] {
		v, ex := scoreTriviaQA(&Doc{Answers: c.Aliases}, Output{Response: c.Response})
		check("triviaqa", i, c, ex, v)
		n++
	}
	for i, c := range g["mgsm"] {
		v, ex := scoreMGSM(&Doc{Answers: []string{strconv.FormatInt(c.Answer, 10)}}, Output{Response: c.Response})
		check("mgsm", i, c, ex, v)
		n++
	}
	for i, c := range g["llmjp"] {
		v, ex := scoreLLMJPExact(&Doc{Answers: []string{c.Gold}}, Output{Response: c.Response})
		check("llmjp", i, c, ex, v)
		n++
	}
	if n < 50 {
		t.Fatalf("only %d cases", n)
	}
}

func TestAcc(t *testing.T) {
	d := &Doc{Choices: []string{"a", "b", "c"}, Gold: 1}
	for _, tc := range []struct {
		ll   []float64
		want float64
	}{
		{[]float64{-3, -1, -2}, 1},
		{[]float64{-1, -1, -2}, 0}, // tie: numpy.argmax takes the first
		{[]float64{-2, -1, -1}, 1},
		{[]float64{-1, math.NaN(), -2}, 1}, // NaN wins like numpy
		{nil, 0},
	} {
		if got, _ := scoreAcc(d, Output{LogLikelihoods: tc.ll}); got != tc.want {
			t.Errorf("acc(%v) = %v, want %v", tc.ll, got, tc.want)
		}
	}
}

func TestMeanStderr(t *testing.T) {
	// lm-eval mean_stderr: sample stdev (n-1) / sqrt(n).
	m, se := MeanStderr([]float64{1, 0, 1, 1})
	wantSE := math.Sqrt(0.25) / 2 // stdev of {1,0,1,1} with n-1 = sqrt(0.75/3)
	if m != 0.75 || math.Abs(se-wantSE) > 1e-12 {
		t.Fatalf("MeanStderr = %v, %v; want 0.75, %v", m, se, wantSE)
	}
	if m, se := MeanStderr(nil); m != 0 || se != 0 {
		t.Fatal("empty input")
	}
	if _, se := MeanStderr([]float64{1}); se != 0 {
		t.Fatal("n=1 stderr")
	}
}

func TestCutAtStops(t *testing.T) {
	for _, tc := range []struct {
		s     string
		stops []string
		want  string
	}{
		{"abc\n\nQ: x", []string{"</s>", "Q", "\n\n"}, "abc"},
		{"Paris, France.", []string{"\n", ".", ","}, "Paris"},
		{"no stop", []string{"Question:"}, "no stop"},
		{"x", []string{""}, "x"},
	} {
		if got := CutAtStops(tc.s, tc.stops); got != tc.want {
			t.Errorf("CutAtStops(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestPyCSV(t *testing.T) {
	// Python: list(csv.reader(io.StringIO(text, newline="")))
	text := "a,\"b\r\nc\",d\r\n\"x\"\"y\",z\"w\"\n\n\"q\"r,s"
	want := [][]string{{"a", "b\r\nc", "d"}, {"x\"y", "z\"w\""}, {"qr", "s"}}
	got := pyCSV(text)
	if len(got) != len(want) {
		t.Fatalf("pyCSV = %q, want %q", got, want)
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("record %d = %q, want %q", i, got[i], want[i])
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("record %d = %q, want %q", i, got[i], want[i])
			}
		}
	}
}
