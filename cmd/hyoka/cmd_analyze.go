package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"hyoka/analysis"
)

// listFlag collects a repeatable flag; each use may also hold a comma list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

func init() {
	c := &command{
		Name:  "analyze",
		Usage: "analyze --scores FILE|DIR... [--filter COLUMN=VALUE] [--meta FILE] [--out DIR] [--json]",
		Short: "correlations, PCA ability factors, compute-scaling fits, figures and a report across models",
		Long: `Reads score tables (CSV: model column, metadata columns, one column per benchmark)
and hyoka eval result folders (DIR/<model>/results.json), merges them into one
models x benchmarks matrix and computes Pearson and Spearman correlations (with
p-values and n), PCA on z-scored scores (explained variance, loadings, scores;
optional varimax and bootstrap CIs) and fits of scores and PC scores against
log10 of training compute C = 6ND (needs --meta with params_B and token counts).

--scores may be repeated or hold a comma list. Models with a missing score are
dropped (listwise) unless --pairwise. With --out, writes analysis.json,
report.md, report.html and figures/*.png|svg; with --json, prints analysis.json.
See docs/analyze.md.`,
	}
	c.Run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(c, env)
		var scores, filters, maps, ignore listFlag
		fs.Var(&scores, "scores", "score `source`: a CSV table, results.json, or a folder of <model>/results.json (repeatable)")
		fs.Var(&filters, "filter", "keep models whose metadata `COLUMN=VALUE` (repeatable; all must match)")
		fs.Var(&maps, "map", "extra table column mapping `COLUMN=TASK` (repeatable)")
		fs.Var(&ignore, "ignore", "table `COLUMN` to skip (repeatable)")
		meta := fs.String("meta", "", "model metadata `CSV` (params_B, train_tokens_total_B, train_tokens_ja_B, ...)")
		out := fs.String("out", "", "write analysis.json, report.md, report.html and figures/ into `DIR`")
		asJSON := fs.Bool("json", false, "print analysis.json to stdout")
		pairwise := fs.Bool("pairwise", false, "pairwise deletion of missing cells for correlations and benchmark fits (PCA stays listwise)")
		benchmarks := fs.String("benchmarks", "", "comma list of benchmarks to keep (hyoka task names or table headers)")
		varimax := fs.Int("varimax", 0, "also rotate the first `K` components with varimax")
		boot := fs.Int("bootstrap", 0, "bootstrap `B` resamples for loading confidence intervals")
		seed := fs.Uint64("seed", 1, "bootstrap seed")
		level := fs.Float64("level", 0.95, "confidence level of bootstrap intervals")
		scale := fs.Float64("scale", 1, "divide table scores by this (100 for percent)")
		pos, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		scores = append(scores, pos...)
		var srcs []string
		for _, s := range scores {
			for _, p := range strings.Split(s, ",") {
				if p = strings.TrimSpace(p); p != "" {
					srcs = append(srcs, p)
				}
			}
		}
		if len(srcs) == 0 {
			return fmt.Errorf("%w: give at least one --scores source", errUsage)
		}
		if *out == "" && !*asJSON {
			return fmt.Errorf("%w: give --out DIR, --json or both", errUsage)
		}
		if *boot < 0 || *varimax < 0 || !(*scale > 0) {
			return fmt.Errorf("%w: --bootstrap and --varimax must be >= 0 and --scale > 0", errUsage)
		}
		topts := analysis.TableOptions{Columns: map[string]string{}, Ignore: ignore, Scale: *scale}
		for _, m := range maps {
			k, v, ok := strings.Cut(m, "=")
			if !ok {
				return fmt.Errorf("%w: --map %q is not COLUMN=TASK", errUsage, m)
			}
			topts.Columns[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
		opts := analysis.Options{Pairwise: *pairwise, Varimax: *varimax, Bootstrap: *boot, Seed: *seed, Level: *level}
		for _, f := range filters {
			flt, err := analysis.ParseFilter(f)
			if err != nil {
				return fmt.Errorf("%w: %v", errUsage, err)
			}
			opts.Filters = append(opts.Filters, flt)
		}

		m, err := analysis.Load(srcs, topts)
		if err != nil {
			return err
		}
		if *meta != "" {
			f, err := os.Open(*meta)
			if err != nil {
				return err
			}
			mt, err := analysis.ReadMeta(f, *meta)
			f.Close()
			if err != nil {
				return err
			}
			if n := mt.Attach(m); n == 0 {
				fmt.Fprintf(env.Stderr, "hyoka analyze: warning: no model of %s matches a scored model\n", *meta)
			}
		}
		if *benchmarks != "" {
			if m, err = m.SelectBenchmarks(strings.Split(*benchmarks, ",")); err != nil {
				return err
			}
		}
		res, err := analysis.Analyze(ctx, m, opts)
		if err != nil {
			return err
		}
		if len(res.Missing.Dropped) > 0 {
			fmt.Fprintf(env.Stderr, "hyoka analyze: %d of %d models lack some score (%d cells); policy %s, PCA on %d complete models\n",
				len(res.Missing.Dropped), res.Missing.ModelsIn, res.Missing.MissingCells, res.Missing.Policy, len(res.PCA.Models))
		}
		if *out != "" {
			if err := analysis.WriteReport(ctx, *out, res); err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "hyoka analyze: wrote %s/{analysis.json,report.md,report.html,figures/}\n", *out)
		}
		if *asJSON {
			js, err := res.JSON()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s\n", js)
		}
		return nil
	}
	register(c)
}
