package eval

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"
)

// String renders p as one progress line:
// "mmlu  1234/14042  8.8%  12.3 docs/s  ETA 17m20s"; below 0.1 documents
// a second the rate reads as seconds a document ("humaneval ... 24 s/doc"),
// not as "0.0 docs/s".
func (p Progress) String() string {
	pct := 0.0
	if p.Total > 0 {
		pct = 100 * float64(p.Done) / float64(p.Total)
	}
	s := fmt.Sprintf("%-14s %6d/%-6d %5.1f%%", p.Task, p.Done, p.Total, pct)
	if p.DocsPerSec > 0 {
		s += fmt.Sprintf("  %s  ETA %s", rateString(p.DocsPerSec), p.ETA.Round(time.Second))
	}
	if p.Resumed > 0 {
		s += fmt.Sprintf("  (%d resumed)", p.Resumed)
	}
	return s
}

// rateString renders a positive rate of documents per second.
func rateString(docsPerSec float64) string {
	if docsPerSec >= 0.1 {
		return fmt.Sprintf("%.1f docs/s", docsPerSec)
	}
	return fmt.Sprintf("%.0f s/doc", 1/docsPerSec)
}

// WriteTable prints the summary table of r: one row per task in name order
// with the metric, value and stderr (0..1), documents, speed and the number
// of declared deviations.
func (r *Results) WriteTable(w io.Writer) error {
	names := make([]string, 0, len(r.Results))
	for n := range r.Results {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tMETRIC\tVALUE\tSTDERR\tN\tDOCS/S\tSECONDS\tDEVIATIONS")
	for _, n := range names {
		t := r.Results[n]
		m := t.Metric
		if t.Filter != "" {
			m += "," + t.Filter
		}
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%d\t%.2f\t%.1f\t%d\n", n, m, t.Value, t.Stderr, t.N, t.DocsPerSec, t.Seconds, len(t.Deviations))
	}
	for _, n := range r.Busy {
		fmt.Fprintf(tw, "%s\t(skipped: another process is evaluating it into the same folder)\n", n)
	}
	return tw.Flush()
}
