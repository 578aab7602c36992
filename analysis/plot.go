package analysis

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is one chart of a Result, renderable as PNG or SVG.
type Figure struct {
	Name  string // file stem: "heatmap", "scree", ...
	Title string
	W, H  vg.Length
	draw  func(dc draw.Canvas)
}

// Render draws the figure in format "png" (144 dpi) or "svg".
func (f Figure) Render(format string) ([]byte, error) {
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.W, f.H), vgimg.UseDPI(144))}
	case "svg":
		c = vgsvg.New(f.W, f.H)
	default:
		return nil, fmt.Errorf("%w: figure format %q (want png or svg)", ErrInput, format)
	}
	dc := draw.New(c)
	dc.FillPolygon(color.White, []vg.Point{{X: dc.Min.X, Y: dc.Min.Y}, {X: dc.Max.X, Y: dc.Min.Y}, {X: dc.Max.X, Y: dc.Max.Y}, {X: dc.Min.X, Y: dc.Max.Y}})
	f.draw(dc)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("rendering %s.%s: %w", f.Name, format, err)
	}
	return buf.Bytes(), nil
}

// figLabel makes s safe for the figure font (Liberation, Latin only): runes
// outside Latin-1 become '?'. Benchmark labels are ASCII already; this only
// guards model names from result files.
func figLabel(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xff {
			return '?'
		}
		return r
	}, s)
}

// isJapaneseTask reports whether a benchmark is one of the Japanese tasks.
func isJapaneseTask(b string) bool {
	for k, t := range Tasks[:10] {
		_ = k
		if t == b {
			return true
		}
	}
	return strings.HasSuffix(b, "_ja") || strings.HasPrefix(b, "ja_")
}

var (
	colJa   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff} // blue
	colEn   = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff} // orange
	colLine = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff} // red
	colGrey = color.Gray{Y: 0x60}
)

func taskColor(b string) color.Color {
	if isJapaneseTask(b) {
		return colJa
	}
	return colEn
}

func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 12
	p.X.Label.TextStyle.Font.Size = 10
	p.Y.Label.TextStyle.Font.Size = 10
	p.X.Tick.Label.Font.Size = 8
	p.Y.Tick.Label.Font.Size = 8
	return p
}

func nominalTicks(labels []string) plot.ConstantTicks {
	t := make(plot.ConstantTicks, len(labels))
	for i, l := range labels {
		t[i] = plot.Tick{Value: float64(i), Label: figLabel(l)}
	}
	return t
}

func arrowXYs(a arrows) plotter.XYs {
	xy := make(plotter.XYs, len(a.x))
	for i := range a.x {
		xy[i] = plotter.XY{X: a.x[i], Y: a.y[i]}
	}
	return xy
}

func rotateX(p *plot.Plot) {
	p.X.Tick.LineStyle.Color = color.Transparent // keep the room ticks take: rotated labels reach into it
	p.X.Tick.Length = vg.Points(6)
	p.X.Tick.Label.Rotation = math.Pi / 2
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
}

// --- heatmap ---------------------------------------------------------------

type heatCells struct {
	r     Mat
	order []int
	style draw.TextStyle
}

func corrColor(v float64) color.Color {
	if math.IsNaN(v) {
		return color.Gray{Y: 0xdd}
	}
	v = math.Max(-1, math.Min(1, v))
	mix := func(a, b uint8, t float64) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t + 0.5) }
	if v >= 0 {
		return color.RGBA{R: mix(0xff, 0xb2, v), G: mix(0xff, 0x18, v), B: mix(0xff, 0x2b, v), A: 0xff}
	}
	return color.RGBA{R: mix(0xff, 0x21, -v), G: mix(0xff, 0x66, -v), B: mix(0xff, 0xac, -v), A: 0xff}
}

func (h heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	k := len(h.order)
	for a, i := range h.order {
		y := float64(k - 1 - a)
		for b, j := range h.order {
			x := float64(b)
			v := h.r[i][j]
			c.FillPolygon(corrColor(v), []vg.Point{
				{X: trX(x - 0.5), Y: trY(y - 0.5)}, {X: trX(x + 0.5), Y: trY(y - 0.5)},
				{X: trX(x + 0.5), Y: trY(y + 0.5)}, {X: trX(x - 0.5), Y: trY(y + 0.5)},
			})
			sty := h.style
			if math.Abs(v) > 0.7 {
				sty.Color = color.White
			}
			txt := "n/a"
			if !math.IsNaN(v) {
				txt = strings.Replace(f2(v), "0.", ".", 1)
				if v == 1 {
					txt = "1"
				}
			}
			c.FillText(sty, vg.Point{X: trX(x), Y: trY(y)}, txt)
		}
	}
}

func (h heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	k := float64(len(h.order))
	return -0.5, k - 0.5, -0.5, k - 0.5
}

func heatmapFigure(r *Result) Figure {
	order := r.Correlation.ClusterOrder
	k := len(order)
	labels := make([]string, k)
	rev := make([]string, k)
	for a, j := range order {
		labels[a] = r.Labels[j]
		rev[k-1-a] = r.Labels[j]
	}
	n := r.Correlation.N[0][0]
	desc := fmt.Sprintf("%d models", n)
	if r.Missing.Policy == "pairwise" {
		desc = "pairwise n"
	}
	p := newPlot(fmt.Sprintf("Pearson correlation between benchmarks (%s; clustered order)", desc))
	sty := draw.TextStyle{Color: color.Black, Font: font.From(plot.DefaultFont, 6.5), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
	if k > 24 {
		sty.Font.Size = 5
	}
	p.Add(heatCells{r: r.Correlation.Pearson, order: order, style: sty})
	p.X.Tick.Marker = nominalTicks(labels)
	p.Y.Tick.Marker = nominalTicks(rev)
	p.Y.Tick.LineStyle.Color = color.Transparent
	rotateX(p)
	p.X.Padding, p.Y.Padding = 0, 0
	side := vg.Length(math.Max(5, 0.36*float64(k)+1.6)) * vg.Inch
	return Figure{Name: "heatmap", Title: p.Title.Text, W: side + 0.4*vg.Inch, H: side, draw: p.Draw}
}

// --- bars ------------------------------------------------------------------

type bars struct {
	vals   []float64
	lo, hi []float64 // optional error bars
	colors []color.Color
	width  float64
	labels []string // optional value labels above bars
	font   font.Font
}

func (b bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	c.StrokeLine2(draw.LineStyle{Color: colGrey, Width: vg.Points(0.5)}, trX(-0.5), trY(0), trX(float64(len(b.vals))-0.5), trY(0))
	for i, v := range b.vals {
		x := float64(i)
		c.FillPolygon(b.colors[i%len(b.colors)], []vg.Point{
			{X: trX(x - b.width/2), Y: trY(0)}, {X: trX(x + b.width/2), Y: trY(0)},
			{X: trX(x + b.width/2), Y: trY(v)}, {X: trX(x - b.width/2), Y: trY(v)},
		})
		if b.lo != nil {
			ls := draw.LineStyle{Color: color.Black, Width: vg.Points(0.7)}
			c.StrokeLine2(ls, trX(x), trY(b.lo[i]), trX(x), trY(b.hi[i]))
			c.StrokeLine2(ls, trX(x-b.width/4), trY(b.lo[i]), trX(x+b.width/4), trY(b.lo[i]))
			c.StrokeLine2(ls, trX(x-b.width/4), trY(b.hi[i]), trX(x+b.width/4), trY(b.hi[i]))
		}
		if b.labels != nil {
			// Tall bars carry their label inside, clear of lines drawn above.
			sty := draw.TextStyle{Color: color.Black, Font: b.font, XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
			at := trY(v) + vg.Points(2)
			if trY(v)-trY(0) > 4*b.font.Size {
				sty.Color, sty.YAlign, at = color.White, draw.YTop, trY(v)-vg.Points(3)
			}
			c.FillText(sty, vg.Point{X: trX(x), Y: at}, b.labels[i])
		}
	}
}

func (b bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = 0, 0
	for i, v := range b.vals {
		ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
		if b.lo != nil {
			ymin, ymax = math.Min(ymin, b.lo[i]), math.Max(ymax, b.hi[i])
		}
	}
	if b.labels != nil {
		ymax += 0.08 * (ymax - ymin)
	}
	return -0.5, float64(len(b.vals)) - 0.5, ymin, ymax
}

type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
}

func screeFigure(r *Result) Figure {
	nc := min(len(r.PCA.Ratio), 10)
	vals := r.PCA.Ratio[:nc]
	names := make([]string, nc)
	labels := make([]string, nc)
	cum := make(plotter.XYs, nc)
	s := 0.0
	for c := 0; c < nc; c++ {
		names[c] = fmt.Sprintf("PC%d", c+1)
		labels[c] = fmt.Sprintf("%.3f", vals[c])
		s += vals[c]
		cum[c] = plotter.XY{X: float64(c), Y: s}
	}
	p := newPlot(fmt.Sprintf("Scree plot (PCA on z-scored scores, %d models x %d benchmarks)", len(r.PCA.Models), len(r.Benchmarks)))
	p.Add(bars{vals: vals, colors: []color.Color{colJa}, width: 0.7, labels: labels, font: font.From(plot.DefaultFont, 7)})
	l, sc, _ := plotter.NewLinePoints(cum)
	l.Color, sc.Color = colLine, colLine
	p.Add(l, sc)
	p.Legend.Add("explained variance ratio", swatch{colJa})
	p.Legend.Add("cumulative", l, sc)
	p.Legend.Top = false
	p.Legend.Left = false
	p.Legend.XOffs = -vg.Points(4)
	p.Legend.YOffs = vg.Points(40)
	p.Legend.TextStyle.Font.Size = 8
	p.Y.Min, p.Y.Max = 0, 1.05
	p.Y.Label.Text = "proportion of variance"
	p.X.Tick.Marker = nominalTicks(names)
	return Figure{Name: "scree", Title: p.Title.Text, W: 6 * vg.Inch, H: 4 * vg.Inch, draw: p.Draw}
}

func loadingsFigure(r *Result) Figure {
	nc := min(3, len(r.PCA.Ratio))
	k := len(r.Benchmarks)
	var plots [][]*plot.Plot
	for c := 0; c < nc; c++ {
		vals := make([]float64, k)
		cols := make([]color.Color, k)
		var lo, hi []float64
		bs := r.PCA.Bootstrap
		if bs != nil && c < bs.Components {
			lo, hi = make([]float64, k), make([]float64, k)
		}
		for j := 0; j < k; j++ {
			vals[j] = r.PCA.Loadings[j][c]
			cols[j] = taskColor(r.Benchmarks[j])
			if lo != nil {
				lo[j], hi[j] = bs.Lower[j][c], bs.Upper[j][c]
			}
		}
		title := fmt.Sprintf("PC%d loadings (%.1f%% of variance)", c+1, 100*r.PCA.Ratio[c])
		if lo != nil {
			title += fmt.Sprintf(", %.0f%% bootstrap CI", 100*bs.Level)
		}
		p := newPlot(title)
		p.Title.TextStyle.Font.Size = 10
		p.Add(bars{vals: vals, lo: lo, hi: hi, colors: cols, width: 0.7})
		p.X.Tick.Marker = nominalTicks(r.Labels)
		rotateX(p)
		if c == 0 {
			// The title carries the legend: PC1 bars fill the panel.
			p.Title.Text += "   (blue: Japanese task, orange: English task)"
		}
		plots = append(plots, []*plot.Plot{p})
	}
	w := vg.Length(math.Max(7, 0.35*float64(k)+1.5)) * vg.Inch
	h := vg.Length(3.0*float64(nc)) * vg.Inch
	return Figure{Name: "loadings", Title: "PC1-PC3 loadings", W: w, H: h, draw: func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: nc, Cols: 1, PadX: vg.Millimeter, PadY: 4 * vg.Millimeter, PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 2 * vg.Millimeter}
		canv := plot.Align(plots, tiles, dc)
		for i := range plots {
			plots[i][0].Draw(canv[i][0])
		}
	}}
}

// --- biplot ----------------------------------------------------------------

type arrows struct {
	x, y   []float64
	labels []string
	colors []color.Color
	font   font.Font
}

func (a arrows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	type tip struct {
		i    int
		x, y vg.Length
	}
	var left, right []tip
	for i := range a.x {
		ls := draw.LineStyle{Color: a.colors[i], Width: vg.Points(0.8)}
		x0, y0, x1, y1 := trX(0), trY(0), trX(a.x[i]), trY(a.y[i])
		c.StrokeLine2(ls, x0, y0, x1, y1)
		ang := math.Atan2(float64(y1-y0), float64(x1-x0))
		hl := float64(vg.Points(4))
		for _, d := range []float64{math.Pi * 0.85, -math.Pi * 0.85} {
			c.StrokeLine2(ls, x1, y1, x1+vg.Length(hl*math.Cos(ang+d)), y1+vg.Length(hl*math.Sin(ang+d)))
		}
		if a.x[i] < 0 {
			left = append(left, tip{i, x1, y1})
		} else {
			right = append(right, tip{i, x1, y1})
		}
	}
	// Spread labels on each side vertically so they do not overlap: sort by
	// height and push each label at least one line below the one above.
	gap := a.font.Size * 1.15
	for side, tips := range [][]tip{right, left} {
		sort.Slice(tips, func(u, v int) bool { return tips[u].y > tips[v].y })
		ly := make([]vg.Length, len(tips))
		for k, t := range tips {
			ly[k] = t.y
			if k > 0 && ly[k-1]-ly[k] < gap {
				ly[k] = ly[k-1] - gap
			}
		}
		for k, t := range tips {
			sty := draw.TextStyle{Color: a.colors[t.i], Font: a.font, XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
			off := vg.Points(3)
			if side == 1 {
				sty.XAlign = draw.XRight
				off = -off
			}
			if ly[k] != t.y {
				c.StrokeLine2(draw.LineStyle{Color: a.colors[t.i], Width: vg.Points(0.3)}, t.x, t.y, t.x+off, ly[k])
			}
			// A white box behind the label keeps it readable over model labels.
			at := vg.Point{X: t.x + off, Y: ly[k]}
			w, h := sty.Width(a.labels[t.i]), sty.Height(a.labels[t.i])
			x0 := at.X
			if side == 1 {
				x0 -= w
			}
			halo := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd8}
			c.FillPolygon(halo, []vg.Point{{X: x0 - 1, Y: at.Y - h/2}, {X: x0 + w + 1, Y: at.Y - h/2}, {X: x0 + w + 1, Y: at.Y + h/2}, {X: x0 - 1, Y: at.Y + h/2}})
			c.FillText(sty, at, a.labels[t.i])
		}
	}
}

func (a arrows) DataRange() (xmin, xmax, ymin, ymax float64) {
	for i := range a.x {
		xmin, xmax = math.Min(xmin, a.x[i]), math.Max(xmax, a.x[i])
		ymin, ymax = math.Min(ymin, a.y[i]), math.Max(ymax, a.y[i])
	}
	return
}

// pointLabels writes a label beside each point. It tries eight places
// around the point (right, left, above, below, then the diagonals) and takes
// the first that overlaps no point and no label placed before; when none is
// free it takes the place with the least overlap, so crowded clusters stay
// as legible as they can.
type pointLabels struct {
	xy     plotter.XYs
	labels []string
	style  draw.TextStyle
}

func overlapArea(a, b vg.Rectangle) vg.Length {
	w := min(a.Max.X, b.Max.X) - max(a.Min.X, b.Min.X)
	h := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

func (l pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	r := vg.Points(2.5)
	var placed []vg.Rectangle
	for _, pt := range l.xy {
		x, y := trX(pt.X), trY(pt.Y)
		placed = append(placed, vg.Rectangle{Min: vg.Point{X: x - r, Y: y - r}, Max: vg.Point{X: x + r, Y: y + r}})
	}
	gap := vg.Points(3)
	for i, pt := range l.xy {
		x, y := trX(pt.X), trY(pt.Y)
		w, h := l.style.Width(l.labels[i]), l.style.Height(l.labels[i])
		cands := []vg.Point{
			{X: x + gap, Y: y - h/2}, {X: x - gap - w, Y: y - h/2},
			{X: x - w/2, Y: y + gap}, {X: x - w/2, Y: y - gap - h},
			{X: x + gap/2, Y: y + gap/2}, {X: x + gap/2, Y: y - gap/2 - h},
			{X: x - gap/2 - w, Y: y + gap/2}, {X: x - gap/2 - w, Y: y - gap/2 - h},
		}
		best, bestArea := cands[0], vg.Length(math.Inf(1))
		for _, cd := range cands {
			box := vg.Rectangle{Min: cd, Max: vg.Point{X: cd.X + w, Y: cd.Y + h}}
			var area vg.Length
			for k, q := range placed {
				if k != i {
					area += overlapArea(box, q)
				}
			}
			if area < bestArea {
				best, bestArea = cd, area
			}
			if area == 0 {
				break
			}
		}
		placed = append(placed, vg.Rectangle{Min: best, Max: vg.Point{X: best.X + w, Y: best.Y + h}})
		sty := l.style
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		c.FillText(sty, best, l.labels[i])
	}
}

func (l pointLabels) DataRange() (xmin, xmax, ymin, ymax float64) { return plotter.XYRange(l.xy) }

func biplotFigure(r *Result) Figure {
	pc := r.PCA
	pts := make(plotter.XYs, len(pc.Scores))
	names := make([]string, len(pc.Scores))
	disp := map[string]string{}
	for i, m := range r.Models {
		disp[m] = r.Display[i]
	}
	maxS := 0.0
	for i, s := range pc.Scores {
		pts[i] = plotter.XY{X: s[0], Y: s[1]}
		names[i] = figLabel(disp[pc.Models[i]])
		maxS = math.Max(maxS, math.Hypot(s[0], s[1]))
	}
	maxL := 0.0
	for _, l := range pc.Loadings {
		maxL = math.Max(maxL, math.Hypot(l[0], l[1]))
	}
	scale := 0.85 * maxS / maxL
	ar := arrows{font: font.From(plot.DefaultFont, 7)}
	for j, l := range pc.Loadings {
		ar.x = append(ar.x, scale*l[0])
		ar.y = append(ar.y, scale*l[1])
		ar.labels = append(ar.labels, r.Labels[j])
		ar.colors = append(ar.colors, taskColor(r.Benchmarks[j]))
	}
	p := newPlot(fmt.Sprintf("Biplot: model scores (points) and benchmark loadings (arrows, scaled x%.1f)", scale))
	p.X.Label.Text = fmt.Sprintf("PC1 (%.1f%%)", 100*pc.Ratio[0])
	p.Y.Label.Text = fmt.Sprintf("PC2 (%.1f%%)", 100*pc.Ratio[1])
	sc, _ := plotter.NewScatter(pts)
	sc.GlyphStyle.Color = colGrey
	sc.GlyphStyle.Radius = vg.Points(2)
	lb := pointLabels{xy: pts, labels: names, style: draw.TextStyle{Color: color.Gray{Y: 0x30}, Font: font.From(plot.DefaultFont, 6), Handler: plot.DefaultTextHandler}}
	p.Add(plotter.NewGrid(), sc, lb, ar)
	p.Legend.Add("Japanese task", swatch{colJa})
	p.Legend.Add("English task", swatch{colEn})
	p.Legend.TextStyle.Font.Size = 8
	p.Legend.Top = true
	p.Legend.Left = true
	// room for labels right of the rightmost points
	xmin, xmax, _, _ := plotter.XYRange(pts)
	p.X.Max = math.Max(xmax+0.12*(xmax-xmin), p.X.Max)
	_, _, ymin, ymax := plotter.XYRange(append(append(plotter.XYs{}, pts...), arrowXYs(ar)...))
	p.Y.Min, p.Y.Max = ymin-0.05*(ymax-ymin), ymax+0.08*(ymax-ymin)
	return Figure{Name: "biplot", Title: p.Title.Text, W: 9 * vg.Inch, H: 7 * vg.Inch, draw: p.Draw}
}

// --- scaling ---------------------------------------------------------------

func scalingFigure(r *Result, kind string) (Figure, bool) {
	fits := r.Fits(kind)
	if len(fits) == 0 {
		return Figure{}, false
	}
	cols := min(5, len(fits))
	rows := (len(fits) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	for n, f := range fits {
		p := newPlot(fmt.Sprintf("%s  R²=%.2f n=%d", Label(f.Target), f.R2, f.N))
		p.Title.TextStyle.Font.Size = 9
		p.X.Tick.Label.Font.Size = 7
		p.Y.Tick.Label.Font.Size = 7
		p.X.Label.TextStyle.Font.Size = 7
		p.X.Label.Text = "log10 C (" + kind + ")"
		xy := make(plotter.XYs, f.N)
		for i := range f.X {
			xy[i] = plotter.XY{X: f.X[i], Y: f.Y[i]}
		}
		sc, _ := plotter.NewScatter(xy)
		sc.GlyphStyle.Radius = vg.Points(1.8)
		if strings.HasPrefix(f.Target, "PC") {
			sc.GlyphStyle.Color = colGrey
		} else {
			sc.GlyphStyle.Color = taskColor(f.Target)
		}
		xmin, xmax, ymin, ymax := plotter.XYRange(xy)
		padX, padY := 0.05*(xmax-xmin), 0.06*(ymax-ymin)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin-padX, xmax+padX, ymin-padY, ymax+padY
		fit := f
		ln := plotter.NewFunction(func(x float64) float64 { return fit.Intercept + fit.Slope*x })
		ln.XMin, ln.XMax = xmin, xmax
		ln.Color, ln.Width = colLine, vg.Points(1.2)
		p.Add(plotter.NewGrid(), sc, ln)
		plots[n/cols][n%cols] = p
	}
	w := vg.Length(2.3*float64(cols)) * vg.Inch
	h := vg.Length(2.0*float64(rows)) * vg.Inch
	return Figure{Name: "scaling_" + kind, Title: "Scores vs log10 compute (" + kind + ")", W: w, H: h, draw: func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 3 * vg.Millimeter, PadY: 3 * vg.Millimeter, PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 3 * vg.Millimeter}
		canv := plot.Align(plots, tiles, dc)
		for i := range plots {
			for j, p := range plots[i] {
				if p != nil {
					p.Draw(canv[i][j])
				}
			}
		}
	}}, true
}

// Figures returns the report's figures: heatmap, scree, loadings, biplot
// and one scaling grid per compute kind that has at least one fit.
func Figures(r *Result) []Figure {
	figs := []Figure{heatmapFigure(r), screeFigure(r), loadingsFigure(r)}
	if len(r.PCA.Ratio) >= 2 {
		figs = append(figs, biplotFigure(r))
	}
	for _, kind := range ComputeKinds {
		if f, ok := scalingFigure(r, kind); ok {
			figs = append(figs, f)
		}
	}
	return figs
}
