package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

func TestAnalyzeJSONOnPaperTable(t *testing.T) {
	table := testenv.Shared(t, "paper/swallow_leaderboard_2024_base_scores.csv")
	meta := testenv.Shared(t, "paper/model_meta.csv")
	code, stdout, stderr := runCmd(t, "analyze", "--scores", table, "--meta", meta, "--filter", "in_2024-07-21_snapshot=yes", "--json")
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
	var out struct {
		Benchmarks  []string
		Models      []string
		Correlation struct{ Pearson [][]float64 }
		PCA         struct {
			Ratio    []float64   `json:"explained_variance_ratio"`
			Loadings [][]float64 `json:"loadings"`
		} `json:"pca"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v", err)
	}
	if len(out.Benchmarks) != 19 || len(out.Models) != 38 || len(out.Correlation.Pearson) != 19 || len(out.PCA.Loadings) != 19 {
		t.Fatalf("%d benchmarks, %d models, %d pearson rows, %d loading rows", len(out.Benchmarks), len(out.Models), len(out.Correlation.Pearson), len(out.PCA.Loadings))
	}
	// README of the table: about 0.659, 0.149, 0.069 for PC1..PC3.
	for c, want := range []float64{0.659, 0.149, 0.069} {
		if d := out.PCA.Ratio[c] - want; d > 0.0005 || d < -0.0005 {
			t.Errorf("PC%d ratio %.4f, want about %.3f", c+1, out.PCA.Ratio[c], want)
		}
	}
}

func TestAnalyzeWritesReport(t *testing.T) {
	table := testenv.Shared(t, "paper/swallow_leaderboard_2024_base_scores.csv")
	meta := testenv.Shared(t, "paper/model_meta.csv")
	dir := t.TempDir()
	code, _, stderr := runCmd(t, "analyze", table, "--meta", meta, "--out", dir, "--bootstrap", "50", "--varimax", "3")
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
	for _, name := range []string{"heatmap", "scree", "loadings", "biplot", "scaling_total", "scaling_japanese"} {
		b, err := os.ReadFile(filepath.Join(dir, "figures", name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() < 400 {
			t.Errorf("%s.png: %v", name, err)
		}
		s, err := os.ReadFile(filepath.Join(dir, "figures", name+".svg"))
		if err != nil || !bytes.Contains(s, []byte("<svg")) {
			t.Errorf("%s.svg: %v", name, err)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(html), `src="data:image/png;base64,`); n < 5 {
		t.Errorf("report.html inlines %d images", n)
	}
	if strings.Contains(string(html), `src="figures/`) || strings.Contains(string(html), `src="http`) {
		t.Error("report.html refers to outside files")
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil || !strings.Contains(string(md), "figures/heatmap.png") || !strings.Contains(string(md), "Varimax") {
		t.Errorf("report.md: %v", err)
	}
	// All 63 models: 14 lack token counts, so the total-compute fits use 49.
	var res struct {
		Scaling []struct {
			Target, Compute string
			N               int
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "analysis.json"))
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Scaling {
		if f.Target == "PC1" && f.Compute == "total" {
			found = true
			if f.N != 49 {
				t.Errorf("PC1 vs total compute uses %d models, want 49", f.N)
			}
		}
	}
	if !found {
		t.Error("no PC1 vs total compute fit")
	}
	// The 38-model snapshot has no Japanese-token fit: a rerun into the same
	// folder must not leave the old Japanese scaling figure behind.
	code, _, stderr = runCmd(t, "analyze", table, "--meta", meta, "--filter", "in_2024-07-21_snapshot=yes", "--out", dir)
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "figures", "scaling_japanese.png")); err == nil {
		t.Error("stale scaling_japanese.png left in --out")
	}
}

func TestAnalyzeSmallTableRenders(t *testing.T) {
	dir := t.TempDir()
	tbl := filepath.Join(dir, "s.csv")
	os.WriteFile(tbl, []byte("model,JCom,MMLU\na,0.1,0.2\nb,0.3,0.1\nc,0.5,0.6\n"), 0o644)
	code, _, stderr := runCmd(t, "analyze", "--scores", tbl, "--out", filepath.Join(dir, "out"))
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("model,JCom,MMLU,Foo\na,0.1,0.2,0.3\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"analyze", "--json"}, 2, "--scores"},
		{[]string{"analyze", bad}, 2, "--out DIR, --json"},
		{[]string{"analyze", bad, "--json", "--filter", "x"}, 2, "COLUMN=VALUE"},
		{[]string{"analyze", bad, "--json"}, 1, `column "Foo" maps to no benchmark`},
		{[]string{"analyze", bad, "--json", "--ignore", "Foo"}, 1, "only 1 model(s)"},
		{[]string{"analyze", filepath.Join(dir, "none.csv"), "--json"}, 1, "no such file"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: code %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}
