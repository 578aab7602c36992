package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

// goldens is analysis/testdata/goldens.json, written by make_goldens.py
// with scipy, scikit-learn and factor_analyzer.
type goldens struct {
	Benchmarks []string    `json:"benchmarks"`
	Models     []string    `json:"models"`
	Pearson    [][]float64 `json:"pearson"`
	PearsonP   [][]float64 `json:"pearson_p"`
	Spearman   [][]float64 `json:"spearman"`
	SpearmanP  [][]float64 `json:"spearman_p"`
	Ratio      []float64   `json:"explained_variance_ratio"`
	Variance   []float64   `json:"explained_variance"`
	Loadings   [][]float64 `json:"loadings"`
	Varimax3   [][]float64 `json:"varimax3"`
	Fits       map[string]struct {
		Slope, Intercept, R2 float64
		N                    int
		Models               []string
	} `json:"fits_total_compute"`
	Ties struct {
		X, Y      []float64
		RankX     []float64 `json:"rank_x"`
		Spearman  float64
		SpearmanP float64 `json:"spearman_p"`
	} `json:"ties"`
}

func readGoldens(t *testing.T) *goldens {
	t.Helper()
	b, err := os.ReadFile("testdata/goldens.json")
	if err != nil {
		t.Fatal(err)
	}
	var g goldens
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// paperMatrix loads the leaderboard table and the metadata table.
func paperMatrix(t *testing.T) *Matrix {
	t.Helper()
	m, err := Load([]string{testenv.Shared(t, "paper/swallow_leaderboard_2024_base_scores.csv")}, TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(testenv.Shared(t, "paper/model_meta.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mt, err := ReadMeta(f, "model_meta.csv")
	if err != nil {
		t.Fatal(err)
	}
	if n := mt.Attach(m); n != 63 {
		t.Fatalf("metadata matched %d models, want 63", n)
	}
	return m
}

var snapshot = []Filter{{Column: "in_2024-07-21_snapshot", Value: "yes"}}

func snapshotResult(t *testing.T, opts Options) *Result {
	t.Helper()
	opts.Filters = snapshot
	r, err := Analyze(context.Background(), paperMatrix(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The three correlations the paper quotes, on its 38 models, at two decimals.
func TestPaperCorrelations(t *testing.T) {
	r := snapshotResult(t, Options{})
	if len(r.Models) != 38 || len(r.PCA.Models) != 38 || len(r.Benchmarks) != 19 {
		t.Fatalf("%d models (%d in PCA), %d benchmarks; want 38, 38, 19", len(r.Models), len(r.PCA.Models), len(r.Benchmarks))
	}
	for _, c := range []struct {
		a, b string
		want string
	}{{"mmlu", "jmmlu", "0.91"}, {"gsm8k", "mgsm_ja", "0.94"}, {"humaneval", "jhumaneval", "0.98"}} {
		if got := fmt.Sprintf("%.2f", r.Pearson(c.a, c.b)); got != c.want {
			t.Errorf("r(%s, %s) = %s, the paper says %s", c.a, c.b, got, c.want)
		}
	}
}

// The table's README: on all 63 models the same three are 0.90, 0.86, 0.97.
func TestAllModelsCorrelations(t *testing.T) {
	r, err := Analyze(context.Background(), paperMatrix(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.PCA.Models) != 63 {
		t.Fatalf("%d models", len(r.PCA.Models))
	}
	for _, c := range []struct{ a, b, want string }{{"mmlu", "jmmlu", "0.90"}, {"gsm8k", "mgsm_ja", "0.86"}, {"humaneval", "jhumaneval", "0.97"}} {
		if got := fmt.Sprintf("%.2f", r.Pearson(c.a, c.b)); got != c.want {
			t.Errorf("r(%s, %s) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestAgainstScipyAndSklearn(t *testing.T) {
	g := readGoldens(t)
	r := snapshotResult(t, Options{Varimax: 3})
	if strings.Join(r.Benchmarks, ",") != strings.Join(g.Benchmarks, ",") {
		t.Fatalf("benchmarks %v, golden %v", r.Benchmarks, g.Benchmarks)
	}
	if strings.Join(r.PCA.Models, ",") != strings.Join(g.Models, ",") {
		t.Fatalf("models differ from the golden's")
	}
	k := len(g.Benchmarks)
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			if !near(r.Correlation.Pearson[a][b], g.Pearson[a][b], 1e-12) {
				t.Errorf("pearson[%d][%d] = %.15g, scipy %.15g", a, b, r.Correlation.Pearson[a][b], g.Pearson[a][b])
			}
			if !near(r.Correlation.Spearman[a][b], g.Spearman[a][b], 1e-12) {
				t.Errorf("spearman[%d][%d] = %.15g, scipy %.15g", a, b, r.Correlation.Spearman[a][b], g.Spearman[a][b])
			}
			// p-values: relative 1e-6 (they span 1e-20..1), absolute 1e-15 near 0.
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"pearson_p", r.Correlation.PearsonP[a][b], g.PearsonP[a][b]}, {"spearman_p", r.Correlation.SpearmanP[a][b], g.SpearmanP[a][b]}} {
				if !near(c.got, c.want, 1e-6*c.want+1e-15) {
					t.Errorf("%s[%d][%d] = %.10g, scipy %.10g", c.name, a, b, c.got, c.want)
				}
			}
			if r.Correlation.N[a][b] != 38 {
				t.Errorf("n[%d][%d] = %d, want 38", a, b, r.Correlation.N[a][b])
			}
		}
	}
	for c := range g.Ratio {
		if !near(r.PCA.Ratio[c], g.Ratio[c], 1e-9) {
			t.Errorf("explained variance ratio PC%d = %.15g, sklearn %.15g", c+1, r.PCA.Ratio[c], g.Ratio[c])
		}
		if !near(r.PCA.ExplainedVariance[c], g.Variance[c], 1e-9) {
			t.Errorf("explained variance PC%d = %.15g, sklearn %.15g", c+1, r.PCA.ExplainedVariance[c], g.Variance[c])
		}
	}
	// Loadings of the well-separated leading components (later ones have
	// near-equal eigenvalues, so their vectors are not identifiable).
	for j := 0; j < k; j++ {
		for c := 0; c < 5; c++ {
			if !near(r.PCA.Loadings[j][c], g.Loadings[j][c], 1e-8) {
				t.Errorf("loading[%s][PC%d] = %.12g, sklearn %.12g", g.Benchmarks[j], c+1, r.PCA.Loadings[j][c], g.Loadings[j][c])
			}
		}
		for c := 0; c < 3; c++ {
			if !near(r.PCA.Varimax.Loadings[j][c], g.Varimax3[j][c], 1e-6) {
				t.Errorf("varimax[%s][%d] = %.9g, factor_analyzer %.9g", g.Benchmarks[j], c, r.PCA.Varimax.Loadings[j][c], g.Varimax3[j][c])
			}
		}
	}
	// PC1 is general ability: every benchmark but NIILC loads positively.
	for j, b := range r.Benchmarks {
		if b != "niilc" && r.PCA.Loadings[j][0] <= 0 {
			t.Errorf("PC1 loading of %s = %g, want > 0", b, r.PCA.Loadings[j][0])
		}
	}
	for name, want := range g.Fits {
		var got *Fit
		for i := range r.Scaling {
			if r.Scaling[i].Target == name && r.Scaling[i].Compute == ComputeTotal {
				got = &r.Scaling[i]
			}
		}
		if got == nil {
			t.Fatalf("no %s fit against total compute", name)
		}
		if got.N != want.N || strings.Join(got.Models, ",") != strings.Join(want.Models, ",") {
			t.Errorf("%s fit uses %d models, scipy %d", name, got.N, want.N)
		}
		if !near(got.Slope, want.Slope, 1e-9) || !near(got.Intercept, want.Intercept, 1e-8) || !near(got.R2, want.R2, 1e-9) {
			t.Errorf("%s fit %+v, scipy linregress %+v", name, *got, want)
		}
	}
}

func TestRanksAndSpearmanWithTies(t *testing.T) {
	g := readGoldens(t)
	rk := Ranks(g.Ties.X)
	for i := range rk {
		if rk[i] != g.Ties.RankX[i] {
			t.Fatalf("Ranks = %v, scipy rankdata %v", rk, g.Ties.RankX)
		}
	}
	rho := Spearman(g.Ties.X, g.Ties.Y)
	if !near(rho, g.Ties.Spearman, 1e-12) {
		t.Errorf("Spearman = %.15g, scipy %.15g", rho, g.Ties.Spearman)
	}
	if p := CorrPValue(rho, len(g.Ties.X)); !near(p, g.Ties.SpearmanP, 1e-9) {
		t.Errorf("p = %.15g, scipy %.15g", p, g.Ties.SpearmanP)
	}
}

func TestCorrPValueEdges(t *testing.T) {
	if p := CorrPValue(1, 10); p != 0 {
		t.Errorf("p(r=1) = %g", p)
	}
	if p := CorrPValue(0.5, 2); !math.IsNaN(p) {
		t.Errorf("p(n=2) = %g, want NaN", p)
	}
	if p := CorrPValue(0, 30); !near(p, 1, 1e-12) {
		t.Errorf("p(r=0) = %g, want 1", p)
	}
}

func TestClusterOrderGroupsBlocks(t *testing.T) {
	// Variables 0,2,4 correlate strongly with each other, 1,3 with each other.
	r := [][]float64{
		{1, .1, .9, .2, .8},
		{.1, 1, .1, .95, .1},
		{.9, .1, 1, .1, .85},
		{.2, .95, .1, 1, .2},
		{.8, .1, .85, .2, 1},
	}
	got := fmt.Sprint(ClusterOrder(r))
	if got != "[0 2 4 1 3]" {
		t.Errorf("order %s, want [0 2 4 1 3]", got)
	}
}

func TestBootstrapSeeded(t *testing.T) {
	m := paperMatrix(t)
	run := func(seed uint64) *BootstrapCI {
		r, err := Analyze(context.Background(), m, Options{Filters: snapshot, Bootstrap: 200, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return r.PCA.Bootstrap
	}
	a, b, c := run(7), run(7), run(8)
	if fmt.Sprint(a.Lower, a.Upper) != fmt.Sprint(b.Lower, b.Upper) {
		t.Error("same seed, different intervals")
	}
	if fmt.Sprint(a.Lower) == fmt.Sprint(c.Lower) {
		t.Error("different seeds, identical intervals")
	}
	r := snapshotResult(t, Options{})
	for j := range r.Benchmarks {
		l := r.PCA.Loadings[j][0]
		if !(a.Lower[j][0] <= l+1e-12 && l-1e-12 <= a.Upper[j][0]) {
			t.Errorf("%s: PC1 loading %g outside its CI [%g, %g]", r.Benchmarks[j], l, a.Lower[j][0], a.Upper[j][0])
		}
		if a.Lower[j][0] > a.Upper[j][0] {
			t.Errorf("%s: inverted CI", r.Benchmarks[j])
		}
	}
	if a.Used < 190 {
		t.Errorf("only %d of 200 resamples used", a.Used)
	}
}

func TestMissingListwiseAndPairwise(t *testing.T) {
	csv := "model,a_meta,jcommonsenseqa,jsquad,mmlu\n" +
		"m1,x,0.1,0.2,0.3\nm2,x,0.2,0.1,0.5\nm3,x,0.4,0.5,0.4\nm4,x,0.5,0.7,0.9\nm5,x,0.9,,0.6\n"
	m, err := ReadTable(strings.NewReader(csv), "t.csv", TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lw, err := Analyze(context.Background(), m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if lw.Missing.MissingCells != 1 || len(lw.Missing.Dropped) != 1 || lw.Missing.Dropped[0].Model != "m5" || lw.Correlation.N[0][2] != 4 {
		t.Errorf("listwise: %+v, n=%d", lw.Missing, lw.Correlation.N[0][2])
	}
	pw, err := Analyze(context.Background(), m, Options{Pairwise: true})
	if err != nil {
		t.Fatal(err)
	}
	if pw.Correlation.N[0][2] != 5 || pw.Correlation.N[0][1] != 4 || len(pw.PCA.Models) != 4 || pw.Missing.Policy != "pairwise" {
		t.Errorf("pairwise: n = %v, PCA on %d", pw.Correlation.N, len(pw.PCA.Models))
	}
	want := Pearson([]float64{.1, .2, .4, .5, .9}, []float64{.3, .5, .4, .9, .6})
	if !near(pw.Correlation.Pearson[0][2], want, 1e-15) {
		t.Errorf("pairwise r = %g, want %g", pw.Correlation.Pearson[0][2], want)
	}
	if _, err := pw.JSON(); err != nil {
		t.Errorf("JSON with NaN-free matrices: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	const head = "model,size,jcommonsenseqa,jsquad,mmlu\n"
	rows := "a,1,0.1,0.2,0.3\nb,2,0.2,0.1,0.5\nc,3,0.4,0.5,0.4\nd,4,0.5,0.7,0.9\n"
	cases := []struct {
		name, csv string
		want      error
		msg       string
	}{
		{"constant column", head + "a,1,0.1,0.2,0.3\nb,2,0.2,0.2,0.5\nc,3,0.4,0.2,0.4\nd,4,0.5,0.2,0.9\n", ErrDegenerate, "jsquad has one distinct value"},
		{"fewer models than benchmarks", head + "a,1,0.1,0.2,0.3\nb,2,0.2,0.1,0.5\n", ErrDegenerate, "only 2 model(s)"},
		{"fewer models than benchmarks for PCA", "model,jcommonsenseqa,jsquad,mmlu,gsm8k\n" +
			"a,0.1,0.2,0.3,0.1\nb,0.2,0.1,0.5,0.3\nc,0.4,0.5,0.4,0.2\n", ErrDegenerate, "3 models but 4 benchmarks"},
		{"unmapped column", "model,size,jcommonsenseqa,jsquadd,mmlu\n" + rows, ErrInput, `column "jsquadd" maps to no benchmark`},
		{"non-numeric cell", head + strings.Replace(rows, "0.7", "0.7x", 1), ErrInput, `"0.7x" is not a number`},
		{"percent table", head + strings.Replace(rows, "0.7", "70", 1), ErrInput, "outside 0..1"},
		{"duplicate model", head + rows + "a,1,0.1,0.2,0.3\n", ErrInput, "appears twice"},
		{"two columns one task", "model,JCom,jcommonsenseqa,mmlu\n" + "a,0.1,0.2,0.3\n", ErrInput, "both map to jcommonsenseqa"},
		{"ragged row", head + "a,1,0.1\n", ErrInput, "wrong number of fields"},
		{"header only", head, ErrInput, "at least one model row"},
		{"no benchmark", "model,size\na,1\n", ErrInput, "no column maps"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ReadTable(strings.NewReader(c.csv), "t.csv", TableOptions{})
			if err == nil {
				_, err = Analyze(context.Background(), m, Options{})
			}
			if err == nil || !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("error %v; want %v containing %q", err, c.want, c.msg)
			}
		})
	}
	m, _ := ReadTable(strings.NewReader(head+rows), "t.csv", TableOptions{})
	if _, err := Analyze(context.Background(), m, Options{Filters: []Filter{{"sise", "1"}}}); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), `"sise"`) {
		t.Errorf("filter on a missing column: %v", err)
	}
	if _, err := Analyze(context.Background(), m, Options{Filters: []Filter{{"size", "9"}}}); !errors.Is(err, ErrInput) {
		t.Errorf("filter selecting nothing: %v", err)
	}
	if _, err := m.SelectBenchmarks([]string{"jsquad", "JSQuAD"}); !errors.Is(err, ErrInput) {
		t.Errorf("repeated benchmark: %v", err)
	}
	if _, err := m.SelectBenchmarks([]string{"gsm8k"}); !errors.Is(err, ErrInput) {
		t.Errorf("absent benchmark: %v", err)
	}
	if s, err := m.SelectBenchmarks([]string{"MMLU", "jcommonsenseqa"}); err != nil || fmt.Sprint(s.Benchmarks, s.Values[3]) != "[mmlu jcommonsenseqa] [0.9 0.5]" {
		t.Errorf("SelectBenchmarks: %v %v", s, err)
	}
	if _, err := ParseFilter("novalue"); !errors.Is(err, ErrInput) {
		t.Errorf("ParseFilter: %v", err)
	}
}

func TestResultsFilesMergeWithTable(t *testing.T) {
	dir := t.TempDir()
	write := func(model, body string) {
		if err := os.MkdirAll(dir+"/"+model, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+model+"/results.json", []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("m1", `{"model":"m1","results":{"jcommonsenseqa":{"metric":"acc","value":0.5},"MMLU":{"metric":"acc","value":0.4}}}`)
	write("m2", `{"results":{"jcommonsenseqa":{"metric":"acc","value":0.6},"mmlu":{"metric":"acc","value":0.3}},"extra":1}`)
	tbl := t.TempDir() + "/t.csv"
	os.WriteFile(tbl, []byte("model,JCom,MMLU\nm3,0.7,0.9\nm1,0.5,\n"), 0o644)
	m, err := Load([]string{dir, tbl}, TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(m.Models, m.Benchmarks) != "[m1 m2 m3] [jcommonsenseqa mmlu]" {
		t.Fatalf("models %v benchmarks %v", m.Models, m.Benchmarks)
	}
	if m.Values[0][1] != 0.4 || m.Values[1][0] != 0.6 {
		t.Errorf("values %v", m.Values)
	}
	os.WriteFile(tbl, []byte("model,JCom\nm1,0.55\n"), 0o644)
	if _, err := Load([]string{dir, tbl}, TableOptions{}); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "two values") {
		t.Errorf("conflict: %v", err)
	}
	write("m4", `{"model":"m4","results":{"mmlu":{"metric":"acc"}}}`)
	if _, err := Load([]string{dir}, TableOptions{}); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), `no "value"`) {
		t.Errorf("missing value: %v", err)
	}
	if _, err := Load([]string{t.TempDir()}, TableOptions{}); !errors.Is(err, ErrInput) {
		t.Errorf("empty folder: %v", err)
	}
}

func TestLog10Compute(t *testing.T) {
	md := map[string]string{"params_B": "7", "train_tokens_total_B": "2000", "train_tokens_ja_B": "500"}
	want := math.Log10(6 * 7e9 * 2000e9)
	if got, ok := Log10Compute(md, MetaColumns{}, ComputeTotal); !ok || !near(got, want, 1e-12) {
		t.Errorf("total %g %v, want %g", got, ok, want)
	}
	if got, ok := Log10Compute(md, MetaColumns{}, ComputeEn); !ok || !near(got, math.Log10(6*7e9*1500e9), 1e-12) {
		t.Errorf("english %g %v", got, ok)
	}
	if _, ok := Log10Compute(map[string]string{"params_B": "7"}, MetaColumns{}, ComputeJa); ok {
		t.Error("japanese compute without tokens")
	}
	if _, ok := Log10Compute(map[string]string{"params_B": "x", "train_tokens_total_B": "1"}, MetaColumns{}, ComputeTotal); ok {
		t.Error("non-numeric params accepted")
	}
}

func FuzzReadTable(f *testing.F) {
	f.Add("model,size,JCom,MMLU,GSM8K\na,1,0.1,0.2,0.3\nb,2,0.3,0.1,0.2\nc,3,0.5,0.6,0.1\nd,4,0.2,0.9,0.4\n")
	f.Add("model,JCom,MMLU\na,,nan\nb,1,0\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ReadTable(strings.NewReader(s), "fuzz.csv", TableOptions{})
		if err != nil {
			if !errors.Is(err, ErrInput) && !errors.Is(err, ErrDegenerate) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		r, err := Analyze(context.Background(), m, Options{Pairwise: len(s)%2 == 0, Varimax: 2})
		if err != nil {
			if !errors.Is(err, ErrInput) && !errors.Is(err, ErrDegenerate) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if _, err := r.JSON(); err != nil {
			t.Fatal(err)
		}
	})
}
