package analysis

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// block is one piece of the report, rendered to both Markdown and HTML.
type block struct {
	heading string     // a section heading, or
	text    string     // a paragraph (plain text), or
	table   [][]string // a table, first row the header, or
	figure  string     // a figure stem
	caption string
}

func f2(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	if math.Abs(v) < 0.005 {
		v = 0 // no "-0.00"
	}
	return fmt.Sprintf("%.2f", v)
}

func f3(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", v)
}

func pfmt(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p < 1e-4:
		return fmt.Sprintf("%.1e", p)
	}
	return fmt.Sprintf("%.4f", p)
}

// reportBlocks lays out the report.
func reportBlocks(r *Result, figs []Figure) []block {
	var bl []block
	add := func(b block) { bl = append(bl, b) }
	add(block{heading: "Overview"})
	filt := "none"
	if len(r.Filters) > 0 {
		filt = strings.Join(r.Filters, ", ")
	}
	add(block{text: fmt.Sprintf("%d models after filtering (filters: %s), %d benchmarks. Missing cells: %d; policy %s. PCA uses the %d models with every score.",
		len(r.Models), filt, len(r.Benchmarks), r.Missing.MissingCells, r.Missing.Policy, len(r.PCA.Models))})
	if len(r.Missing.Dropped) > 0 {
		t := [][]string{{"model left out of PCA" + map[bool]string{true: "", false: " and correlations"}[r.Missing.Policy == "pairwise"], "missing benchmarks"}}
		for _, d := range r.Missing.Dropped {
			t = append(t, []string{d.Model, strings.Join(d.Missing, ", ")})
		}
		add(block{table: t})
	}

	add(block{heading: "Correlations between benchmarks"})
	add(block{figure: "heatmap", caption: "Pearson r between benchmarks, rows and columns in average-linkage clustering order (distance 1 - r)."})
	for _, kind := range []string{"Pearson", "Spearman"} {
		rm, pm := r.Correlation.Pearson, r.Correlation.PearsonP
		if kind == "Spearman" {
			rm, pm = r.Correlation.Spearman, r.Correlation.SpearmanP
		}
		t := [][]string{append([]string{kind + " r"}, r.Labels...)}
		for i, l := range r.Labels {
			row := []string{l}
			for j := range r.Labels {
				row = append(row, f2(rm[i][j]))
			}
			t = append(t, row)
		}
		add(block{text: kind + " correlation (benchmark order; p-values and n per cell are in analysis.json):"})
		add(block{table: t})
		_ = pm
	}
	// Most and least correlated pairs.
	type pair struct {
		a, b int
		r    float64
	}
	var pairs []pair
	for i := range r.Benchmarks {
		for j := i + 1; j < len(r.Benchmarks); j++ {
			if !math.IsNaN(r.Correlation.Pearson[i][j]) {
				pairs = append(pairs, pair{i, j, r.Correlation.Pearson[i][j]})
			}
		}
	}
	sortPairs := func(less func(x, y pair) bool) {
		for i := 1; i < len(pairs); i++ {
			for j := i; j > 0 && less(pairs[j], pairs[j-1]); j-- {
				pairs[j], pairs[j-1] = pairs[j-1], pairs[j]
			}
		}
	}
	sortPairs(func(x, y pair) bool { return x.r > y.r })
	t := [][]string{{"pair", "Pearson r", "p", "Spearman ρ", "p", "n"}}
	show := func(p pair) {
		t = append(t, []string{r.Labels[p.a] + " / " + r.Labels[p.b], f2(p.r), pfmt(r.Correlation.PearsonP[p.a][p.b]),
			f2(r.Correlation.Spearman[p.a][p.b]), pfmt(r.Correlation.SpearmanP[p.a][p.b]), fmt.Sprint(r.Correlation.N[p.a][p.b])})
	}
	for i := 0; i < min(8, len(pairs)); i++ {
		show(pairs[i])
	}
	for i := max(8, len(pairs)-5); i < len(pairs); i++ {
		show(pairs[i])
	}
	add(block{text: "Most correlated pairs, then the least correlated:"})
	add(block{table: t})

	add(block{heading: "Principal components"})
	add(block{text: "PCA (gonum stat.PC) of the z-scored matrix (each benchmark: mean 0, sample sd 1). Loadings are unit eigenvectors; PC1 is signed to rise with the mean score, other components so their largest loading is positive."})
	add(block{figure: "scree", caption: "Explained-variance ratio per component and cumulative."})
	t = [][]string{{"component", "eigenvalue", "ratio", "cumulative"}}
	cum := 0.0
	for c := 0; c < min(10, len(r.PCA.Ratio)); c++ {
		cum += r.PCA.Ratio[c]
		t = append(t, []string{fmt.Sprintf("PC%d", c+1), f3(r.PCA.ExplainedVariance[c]), fmt.Sprintf("%.4f", r.PCA.Ratio[c]), f3(cum)})
	}
	add(block{table: t})
	add(block{figure: "loadings", caption: "Loadings of PC1-PC3 (blue: Japanese tasks, orange: English tasks)."})
	nc := min(3, len(r.PCA.Ratio))
	head := []string{"benchmark"}
	for c := 0; c < nc; c++ {
		head = append(head, fmt.Sprintf("PC%d", c+1))
		if r.PCA.Bootstrap != nil && c < r.PCA.Bootstrap.Components {
			head = append(head, fmt.Sprintf("PC%d %.0f%% CI", c+1, 100*r.PCA.Bootstrap.Level))
		}
	}
	t = [][]string{head}
	for j, l := range r.Labels {
		row := []string{l}
		for c := 0; c < nc; c++ {
			row = append(row, fmt.Sprintf("%+.3f", r.PCA.Loadings[j][c]))
			if bs := r.PCA.Bootstrap; bs != nil && c < bs.Components {
				row = append(row, fmt.Sprintf("[%+.2f, %+.2f]", bs.Lower[j][c], bs.Upper[j][c]))
			}
		}
		t = append(t, row)
	}
	add(block{table: t})
	if bs := r.PCA.Bootstrap; bs != nil {
		add(block{text: fmt.Sprintf("Bootstrap: %d resamples of the models (seed %d), %d usable; percentile intervals; resampled components matched to the reference by |cosine| and sign.", bs.Resamples, bs.Seed, bs.Used)})
	}
	if v := r.PCA.Varimax; v != nil {
		head := []string{"benchmark"}
		for c := 0; c < v.Components; c++ {
			head = append(head, fmt.Sprintf("RC%d", c+1))
		}
		t = [][]string{head}
		for j, l := range r.Labels {
			row := []string{l}
			for c := 0; c < v.Components; c++ {
				row = append(row, fmt.Sprintf("%+.3f", v.Loadings[j][c]))
			}
			t = append(t, row)
		}
		add(block{text: fmt.Sprintf("Varimax rotation (Kaiser-normalised) of the first %d components' structure loadings (correlations of benchmarks with components):", v.Components)})
		add(block{table: t})
	}
	if len(r.PCA.Ratio) >= 2 {
		add(block{figure: "biplot", caption: "Models on PC1/PC2 with benchmark loadings as arrows."})
	}

	add(block{heading: "Compute scaling"})
	if len(r.Scaling) == 0 {
		add(block{text: "No scaling fit: no model has the metadata (params_B and token counts, e.g. from --meta) for C = 6ND, or fewer than 3 do."})
	} else {
		add(block{text: "Least-squares lines score = intercept + slope · log10 C, with C = 6 N D in FLOPs (N parameters; D total, English or Japanese training tokens from the metadata table). Only models with the needed metadata enter a fit; English tokens are the English column when present, else total minus Japanese."})
		t = [][]string{{"target", "compute", "slope", "intercept", "R²", "n"}}
		for _, f := range r.Scaling {
			t = append(t, []string{Label(f.Target), f.Compute, fmt.Sprintf("%+.4f", f.Slope), fmt.Sprintf("%+.3f", f.Intercept), f3(f.R2), fmt.Sprint(f.N)})
		}
		add(block{table: t})
		for _, kind := range ComputeKinds {
			for _, fg := range figs {
				if fg.Name == "scaling_"+kind {
					add(block{figure: fg.Name, caption: fg.Title + "; the models behind each fit are listed in analysis.json."})
				}
			}
		}
	}
	return bl
}

// Markdown renders the report as Markdown; figures are linked as
// figures/NAME.png.
func Markdown(r *Result, figs []Figure) string {
	var b strings.Builder
	b.WriteString("# hyoka analysis report\n\n")
	for _, bl := range reportBlocks(r, figs) {
		switch {
		case bl.heading != "":
			fmt.Fprintf(&b, "## %s\n\n", bl.heading)
		case bl.text != "":
			fmt.Fprintf(&b, "%s\n\n", bl.text)
		case bl.figure != "":
			fmt.Fprintf(&b, "![%s](figures/%s.png)\n\n*%s* ([SVG](figures/%s.svg))\n\n", bl.caption, bl.figure, bl.caption, bl.figure)
		case bl.table != nil:
			for i, row := range bl.table {
				esc := make([]string, len(row))
				for k, c := range row {
					esc[k] = strings.ReplaceAll(c, "|", `\|`)
				}
				fmt.Fprintf(&b, "| %s |\n", strings.Join(esc, " | "))
				if i == 0 {
					b.WriteString("|" + strings.Repeat("---|", len(row)) + "\n")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// HTML renders the report as one self-contained HTML page: the PNG of each
// figure is inlined as a data URI. png maps figure names to PNG bytes.
func HTML(r *Result, figs []Figure, png map[string][]byte) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>hyoka analysis report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:12px;margin:1em 0;display:block;overflow-x:auto}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}
td:first-child,th:first-child{text-align:left}
th{background:#f3f3f3}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:13px;color:#555}
</style></head><body>
<h1>hyoka analysis report</h1>
`)
	for _, bl := range reportBlocks(r, figs) {
		switch {
		case bl.heading != "":
			fmt.Fprintf(&b, "<h2>%s</h2>\n", html.EscapeString(bl.heading))
		case bl.text != "":
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(bl.text))
		case bl.figure != "":
			fmt.Fprintf(&b, "<figure><img alt=\"%s\" src=\"data:image/png;base64,%s\"><figcaption>%s</figcaption></figure>\n",
				html.EscapeString(bl.figure), base64.StdEncoding.EncodeToString(png[bl.figure]), html.EscapeString(bl.caption))
		case bl.table != nil:
			b.WriteString("<table>\n")
			for i, row := range bl.table {
				tag := "td"
				if i == 0 {
					tag = "th"
				}
				b.WriteString("<tr>")
				for _, c := range row {
					fmt.Fprintf(&b, "<%s>%s</%s>", tag, html.EscapeString(c), tag)
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// WriteReport writes into dir: analysis.json, report.md, report.html
// (self-contained) and figures/NAME.png and figures/NAME.svg for every
// figure. It creates dir if needed, and removes scaling figures left there
// by an earlier run for compute kinds this result has no fit for.
func WriteReport(ctx context.Context, dir string, r *Result) error {
	figs := Figures(r)
	if err := os.MkdirAll(filepath.Join(dir, "figures"), 0o755); err != nil {
		return err
	}
	// Drop scaling figures of an earlier run that this result has no fit for.
	made := map[string]bool{}
	for _, f := range figs {
		made[f.Name] = true
	}
	for _, kind := range ComputeKinds {
		if !made["scaling_"+kind] {
			for _, ext := range []string{".png", ".svg"} {
				if err := os.Remove(filepath.Join(dir, "figures", "scaling_"+kind+ext)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
			}
		}
	}
	png := map[string][]byte{}
	for _, f := range figs {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, format := range []string{"png", "svg"} {
			data, err := f.Render(format)
			if err != nil {
				return err
			}
			if format == "png" {
				png[f.Name] = data
			}
			if err := os.WriteFile(filepath.Join(dir, "figures", f.Name+"."+format), data, 0o644); err != nil {
				return err
			}
		}
	}
	js, err := r.JSON()
	if err != nil {
		return fmt.Errorf("encoding analysis.json: %w", err)
	}
	files := map[string][]byte{
		"analysis.json": append(js, '\n'),
		"report.md":     []byte(Markdown(r, figs)),
		"report.html":   []byte(HTML(r, figs, png)),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
