package metric

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// readGolden decodes testdata/name (written by testdata/make_goldens.py).
func readGolden(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Tolerances, stated once. Metrics that are sums and ratios of integers
// computed in the same order as the reference agree to rounding only.
const (
	tolExact = 1e-12 // char_f1, set_f1, SQuAD, pass@k, ROUGE from the same tokens
	tolBLEU  = 1e-9  // BLEU on the same tokens (English; Japanese with nagisa's words)
)

func TestCharF1Golden(t *testing.T) {
	var pairs []struct {
		Task, Pred, Gold string
		TokenSortRatio   int     `json:"token_sort_ratio"`
		CharF1           float64 `json:"char_f1"`
		ExactMatch       float64 `json:"exact_match"`
		SetF1            float64 `json:"set_f1"`
	}
	readGolden(t, "charf1.json", &pairs)
	if len(pairs) < 300 {
		t.Fatalf("only %d golden pairs", len(pairs))
	}
	bad := 0
	for i, p := range pairs {
		got := CharF1(p.Pred, p.Gold)
		em, sf := ExactMatch(p.Pred, p.Gold), SetF1(p.Pred, p.Gold)
		if got != p.CharF1 || em != p.ExactMatch || !near(sf, p.SetF1, tolExact) {
			bad++
			if bad <= 10 {
				t.Errorf("pair %d (%s) pred=%q gold=%q: char_f1 %v want %v, exact %v want %v, set_f1 %v want %v",
					i, p.Task, p.Pred, p.Gold, got, p.CharF1, em, p.ExactMatch, sf, p.SetF1)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d pairs differ", bad, len(pairs))
	}
}

func TestTokenSortRatioRules(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 100},        // equal after processing
		{"!!!", "?", 100},    // both empty after processing
		{"abc", "", 0},       // one empty
		{"B a", "a b", 100},  // sorted, lower-cased
		{"ab", "ac", 50},     // indel: 2*1/4
		{"abcde", "ab", 57},  // 4/7 = 57.14
		{"aaaa", "a", 40},    // 2/5
		{"abcd", "abce", 75}, // 6/8
		{"ab", "abcdef", 50}, // 4/8
	}
	for _, c := range cases {
		if got := TokenSortRatio(c.a, c.b); got != c.want {
			t.Errorf("TokenSortRatio(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	// Python's round is half to even: 2*lcs/total*100 = 62.5 -> 62, 87.5 -> 88.
	if got := TokenSortRatio("abcde", "abc"); got != 75 {
		t.Errorf("abcde/abc = %d, want 75", got)
	}
	if got := TokenSortRatio("abcdefg", "a"); got != 25 { // 2/8 = 25
		t.Errorf("got %d", got)
	}
	if got := TokenSortRatio("abcdefghijklmno", "a"); got != 12 { // 2/16 = 12.5 -> 12
		t.Errorf("half-to-even: got %d, want 12", got)
	}
}

func TestBLEUEnglishGolden(t *testing.T) {
	type stats struct {
		Score      float64
		Counts     [4]int
		Totals     [4]int
		Precisions [4]float64
		BP         float64 `json:"bp"`
		SysLen     int     `json:"sys_len"`
		RefLen     int     `json:"ref_len"`
	}
	var g struct {
		Refs    []string
		Systems map[string]struct {
			Hyps []string
			stats
		}
		Sentences []struct {
			Hyp, Ref string
			stats
		}
		Tokenize13a []struct{ In, Out string } `json:"tokenize_13a"`
	}
	readGolden(t, "bleu_en.json", &g)
	check := func(name string, got BLEU, want stats) {
		t.Helper()
		if got.Counts != want.Counts || got.Totals != want.Totals || got.SysLen != want.SysLen || got.RefLen != want.RefLen {
			t.Errorf("%s: stats %v %v %d %d, want %v %v %d %d", name, got.Counts, got.Totals, got.SysLen, got.RefLen,
				want.Counts, want.Totals, want.SysLen, want.RefLen)
		}
		if !near(got.Score, want.Score, tolBLEU) || !near(got.BP, want.BP, tolBLEU) {
			t.Errorf("%s: BLEU %.12f BP %.12f, want %.12f %.12f", name, got.Score, got.BP, want.Score, want.BP)
		}
		for i := range 4 {
			if !near(got.Precisions[i], want.Precisions[i], tolBLEU) {
				t.Errorf("%s: precision %d = %v, want %v", name, i+1, got.Precisions[i], want.Precisions[i])
			}
		}
	}
	if len(g.Systems) < 4 {
		t.Fatalf("only %d systems", len(g.Systems))
	}
	for name, s := range g.Systems {
		got, err := CorpusBLEU(s.Hyps, g.Refs)
		if err != nil {
			t.Fatal(err)
		}
		check(name, got, s.stats)
	}
	for i, s := range g.Sentences {
		got, err := CorpusBLEU([]string{s.Hyp}, []string{s.Ref})
		if err != nil {
			t.Fatal(err)
		}
		check("sentence "+string(rune('0'+i%10)), got, s.stats)
	}
	for _, c := range g.Tokenize13a {
		if got := Tokenizer13a(c.In); got != c.Out {
			t.Errorf("13a(%q) = %q, want %q", c.In, got, c.Out)
		}
	}
	if _, err := CorpusBLEU([]string{"a"}, nil); err == nil {
		t.Error("length mismatch accepted")
	}
}

func TestSquadGolden(t *testing.T) {
	var g []struct {
		Pred           string
		Golds          []string
		Exact          float64
		F1             float64
		NormalizedPred string `json:"normalized_pred"`
	}
	readGolden(t, "squad2.json", &g)
	if len(g) < 300 {
		t.Fatalf("only %d golden questions", len(g))
	}
	for i, q := range g {
		if n := SquadNormalize(q.Pred); n != q.NormalizedPred {
			t.Errorf("%d: normalize(%q) = %q, want %q", i, q.Pred, n, q.NormalizedPred)
		}
		if e := SquadExact(q.Pred, q.Golds); e != q.Exact {
			t.Errorf("%d: exact(%q, %q) = %v, want %v", i, q.Pred, q.Golds, e, q.Exact)
		}
		if f := SquadF1(q.Pred, q.Golds); !near(f, q.F1, tolExact) {
			t.Errorf("%d: f1(%q, %q) = %v, want %v", i, q.Pred, q.Golds, f, q.F1)
		}
	}
}

func TestPassAtKGolden(t *testing.T) {
	var g []struct {
		N, C, K int
		Pass    float64
	}
	readGolden(t, "passk.json", &g)
	for _, r := range g {
		got, err := PassAtK(r.N, r.C, r.K)
		if err != nil {
			t.Fatal(err)
		}
		if !near(got, r.Pass, tolExact) {
			t.Errorf("pass@%d(n=%d, c=%d) = %v, want %v", r.K, r.N, r.C, got, r.Pass)
		}
	}
	for _, bad := range [][3]int{{0, 0, 1}, {10, 11, 1}, {10, -1, 1}, {10, 5, 0}, {10, 5, 11}} {
		if _, err := PassAtK(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("PassAtK%v accepted", bad)
		}
	}
}

func TestPercentileNumPy(t *testing.T) {
	// Values printed by numpy 2.4.6: np.percentile(v, 100*p).
	cases := []struct {
		v    []float64
		p    float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, 0.025, 1.075},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{5, 1, 3}, 0.975, 4.9},
		{[]float64{7}, 0.5, 7},
		{[]float64{0.1, 0.4, 0.2, 0.9, 0.3}, 0.5, 0.3},
	}
	for _, c := range cases {
		if got := Percentile(append([]float64(nil), c.v...), c.p); !near(got, c.want, 1e-12) {
			t.Errorf("Percentile(%v, %v) = %v, want %v", c.v, c.p, got, c.want)
		}
	}
	if lo, mid, hi := Bootstrap(nil, 1000, 0.95, 1); lo != (Score{}) || mid != (Score{}) || hi != (Score{}) {
		t.Error("empty bootstrap must give zero scores")
	}
	// A constant score has a degenerate interval.
	s := []Score{{0.5, 0.25, 1.0 / 3}, {0.5, 0.25, 1.0 / 3}}
	if lo, mid, hi := Bootstrap(s, 200, 0.95, 7); lo != s[0] || mid != s[0] || hi != s[0] {
		t.Errorf("constant bootstrap %v %v %v", lo, mid, hi)
	}
}
