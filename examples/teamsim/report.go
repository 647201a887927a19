package main

import (
	"bytes"
	"fmt"
	"html/template"
	"image"
	"image/color"
	stddraw "image/draw"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// report is what the experiment's HTML report shows: an introduction,
// charts of outcomes over time per arm with confidence bands, and tables.
type report struct {
	// Title heads the page.
	Title string
	// Intro holds paragraphs of plain text shown before the charts.
	Intro []string
	// Charts are drawn in this order.
	Charts []chart
	// Tables follow the charts.
	Tables []table
}

// chart is one line chart: one line per series, each with a shaded band.
type chart struct {
	// Name is the file name, without extension, of the chart's SVG and PNG
	// in the charts directory; letters, digits, '-' and '_' only, and
	// unique within a report.
	Name string
	// Title heads the chart; XLabel and YLabel label its axes.
	Title  string
	XLabel string
	YLabel string
	// Series are drawn in this order, each in its own palette colour.
	Series []series
}

// series is one line of a chart: the mean at each x, and the lower and
// upper end of its 95% confidence interval. X, Mean, Lo and Hi must have
// the same length. A NaN (or infinity) in Mean leaves a gap in the line; a
// NaN in Lo or Hi leaves the band out at that x. A mean with gaps on both
// sides is drawn as a dot; a band needs two neighbouring points.
type series struct {
	// Label names the series in the chart's legend.
	Label        string
	X            []float64
	Mean, Lo, Hi []float64
}

// table is a table of text cells with a header row.
type table struct {
	// Title heads the table and Note follows it.
	Title  string
	Note   string
	Header []string
	Rows   [][]string
}

// Chart sizes: the SVG is 16cm × 9cm; the PNG is 1200×675 pixels at
// pngDPI, which is about the same physical size (16.04cm × 9.02cm).
const (
	svgWidth  = 16 * vg.Centimeter
	svgHeight = 9 * vg.Centimeter
	pngDPI    = 190
	pngWidth  = 1200
	pngHeight = 675
)

// writeReport writes the report into dir: every chart as charts/<Name>.svg
// and charts/<Name>.png, and report.html, a single self-contained page
// that inlines the SVGs. It checks all charts before writing anything.
func writeReport(dir string, r report) error {
	namePattern := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	seen := make(map[string]bool)
	for _, c := range r.Charts {
		if !namePattern.MatchString(c.Name) {
			return fmt.Errorf("chart %q: Name must contain only letters, digits, '-' and '_'", c.Name)
		}
		if seen[c.Name] {
			return fmt.Errorf("chart %q: Name is used by another chart", c.Name)
		}
		seen[c.Name] = true
		if err := checkSeries(c); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "charts"), 0o755); err != nil {
		return err
	}
	svgs := make([]template.HTML, len(r.Charts))
	for i, c := range r.Charts {
		svg, err := writeChart(filepath.Join(dir, "charts"), c)
		if err != nil {
			return err
		}
		// The SVG comes from our own renderer with all text escaped, so it
		// is safe to inline as markup.
		svgs[i] = template.HTML(stripProlog(svg))
	}
	page, err := renderPage(r, svgs)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.html"), page, 0o644)
}

// checkSeries returns an error naming the chart, series and field if a
// series' Mean, Lo or Hi does not have as many values as its X.
func checkSeries(c chart) error {
	for i, s := range c.Series {
		for _, f := range []struct {
			name string
			vals []float64
		}{{"Mean", s.Mean}, {"Lo", s.Lo}, {"Hi", s.Hi}} {
			if len(f.vals) != len(s.X) {
				return fmt.Errorf("chart %q, series %d (%q): %s has %d values but X has %d",
					c.Name, i, s.Label, f.name, len(f.vals), len(s.X))
			}
		}
	}
	return nil
}

// paletteColor returns the i-th colour of the Okabe–Ito colour-blind
// friendly palette, starting over after the last one.
func paletteColor(i int) color.NRGBA {
	p := [...]color.NRGBA{
		{0x00, 0x72, 0xB2, 0xFF}, // blue
		{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
		{0x00, 0x9E, 0x73, 0xFF}, // bluish green
		{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
		{0xE6, 0x9F, 0x00, 0xFF}, // orange
		{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
		{0x00, 0x00, 0x00, 0xFF}, // black
		{0xF0, 0xE4, 0x42, 0xFF}, // yellow
	}
	return p[i%len(p)]
}

// finite reports whether all of vs are neither NaN nor infinite.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// runs splits the indexes 0..n-1 into maximal runs of consecutive indexes
// for which ok is true, and returns each run as its first and one-past-last
// index.
func runs(n int, ok func(i int) bool) [][2]int {
	var out [][2]int
	for i := 0; i < n; i++ {
		if !ok(i) {
			continue
		}
		j := i
		for j < n && ok(j) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// newPlot builds the plot of a chart: for each series, its bands (one
// polygon per run of finite Lo and Hi), its line (one per run of finite
// Mean, a dot for a run of one point) and an entry in the legend, which is
// returned apart so that it can be drawn beside the plot, not over it.
func newPlot(c chart) (*plot.Plot, plot.Legend, error) {
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	p.X.Tick.Marker, p.Y.Tick.Marker = plainTicks{}, plainTicks{}
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	for i, s := range c.Series {
		col := paletteColor(i)
		band := color.NRGBA{col.R, col.G, col.B, 0x40}
		line := draw.LineStyle{Color: col, Width: vg.Points(1.5)}
		for _, r := range runs(len(s.X), func(k int) bool { return finite(s.X[k], s.Lo[k], s.Hi[k]) }) {
			ring := make(plotter.XYs, 0, 2*(r[1]-r[0]))
			for k := r[0]; k < r[1]; k++ {
				ring = append(ring, plotter.XY{X: s.X[k], Y: s.Lo[k]})
			}
			for k := r[1] - 1; k >= r[0]; k-- {
				ring = append(ring, plotter.XY{X: s.X[k], Y: s.Hi[k]})
			}
			p.Add(&plotter.Polygon{XYs: []plotter.XYs{ring}, Color: band})
		}
		for _, r := range runs(len(s.X), func(k int) bool { return finite(s.X[k], s.Mean[k]) }) {
			xys := make(plotter.XYs, 0, r[1]-r[0])
			for k := r[0]; k < r[1]; k++ {
				xys = append(xys, plotter.XY{X: s.X[k], Y: s.Mean[k]})
			}
			if len(xys) == 1 {
				dot, err := plotter.NewScatter(xys)
				if err != nil {
					return nil, leg, fmt.Errorf("chart %q, series %d (%q): %w", c.Name, i, s.Label, err)
				}
				dot.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
				p.Add(dot)
				continue
			}
			p.Add(&plotter.Line{XYs: xys, LineStyle: line})
		}
		leg.Add(s.Label, &plotter.Polygon{Color: band}, &plotter.Line{LineStyle: line})
	}
	return p, leg, nil
}

// plainTicks are gonum's default ticks labelled without trailing zeros
// ("25", not "25.00").
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 6, 64)
		}
	}
	return ts
}

// drawChart draws the plot onto c, leaving a column at the right for the
// legend, whose top is level with the top of the plot's axes.
func drawChart(c draw.Canvas, p *plot.Plot, leg plot.Legend) {
	w := leg.Rectangle(c).Size().X
	if w == 0 {
		p.Draw(c)
		return
	}
	gap, margin := vg.Points(8), vg.Points(4)
	p.Draw(draw.Crop(c, 0, -(w + gap + margin), 0, 0))
	top := vg.Length(0)
	if p.Title.Text != "" {
		top = p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding
	}
	leg.Draw(draw.Crop(c, c.Size().X-w-margin, -margin, 0, -top))
}

// writeChart draws a chart into dir as <Name>.svg and <Name>.png and
// returns the SVG bytes.
func writeChart(dir string, c chart) ([]byte, error) {
	p, leg, err := newPlot(c)
	if err != nil {
		return nil, err
	}
	svg := vgsvg.New(svgWidth, svgHeight)
	drawChart(draw.New(svg), p, leg)
	var sb bytes.Buffer
	if _, err := svg.WriteTo(&sb); err != nil {
		return nil, fmt.Errorf("chart %q: writing SVG: %w", c.Name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, c.Name+".svg"), sb.Bytes(), 0o644); err != nil {
		return nil, err
	}

	img := image.NewRGBA(image.Rect(0, 0, pngWidth, pngHeight))
	stddraw.Draw(img, img.Bounds(), image.White, image.Point{}, stddraw.Src)
	png := vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(pngDPI))
	drawChart(draw.New(png), p, leg)
	var pb bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: png}).WriteTo(&pb); err != nil {
		return nil, fmt.Errorf("chart %q: writing PNG: %w", c.Name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, c.Name+".png"), pb.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return sb.Bytes(), nil
}

// stripProlog removes what may precede the root element of an SVG file,
// the <?xml ...?> declaration, a DOCTYPE, comments and white space, so
// that the SVG can be inlined in HTML.
func stripProlog(svg []byte) []byte {
	for {
		svg = bytes.TrimLeft(svg, " \t\r\n")
		var end string
		switch {
		case bytes.HasPrefix(svg, []byte("<?")):
			end = "?>"
		case bytes.HasPrefix(svg, []byte("<!--")):
			end = "-->"
		case bytes.HasPrefix(svg, []byte("<!")):
			end = ">"
		default:
			return svg
		}
		i := bytes.Index(svg, []byte(end))
		if i < 0 {
			return svg
		}
		svg = svg[i+len(end):]
	}
}

// isNumber reports whether a table cell holds a number, perhaps with a
// trailing '%', so that it can be right-aligned.
func isNumber(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// pageTemplate is the HTML page; html/template escapes all text in it.
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; line-height: 1.5; color: #222; }
figure { margin: 2rem 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #555; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: 0.25rem 0.6rem; text-align: left; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { font-size: 0.9rem; color: #555; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{range .Intro}}<p>{{.}}</p>
{{end}}{{range .Charts}}<figure id="chart-{{.Name}}">
{{.SVG}}
<figcaption>{{.Title}}: <a href="charts/{{.Name}}.png">PNG</a> · <a href="charts/{{.Name}}.svg">SVG</a></figcaption>
</figure>
{{end}}{{range .Tables}}<h2>{{.Title}}</h2>
{{if .Note}}<p class="note">{{.Note}}</p>
{{end}}<table>
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td{{if isNumber .}} class="num"{{end}}>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}</body>
</html>
`

// renderPage renders report.html from the report and the inline SVG of
// each chart, in the same order as r.Charts.
func renderPage(r report, svgs []template.HTML) ([]byte, error) {
	t, err := template.New("report").Funcs(template.FuncMap{"isNumber": isNumber}).Parse(pageTemplate)
	if err != nil {
		return nil, err
	}
	type pageChart struct {
		Name, Title string
		SVG         template.HTML
	}
	charts := make([]pageChart, len(r.Charts))
	for i, c := range r.Charts {
		charts[i] = pageChart{Name: c.Name, Title: c.Title, SVG: svgs[i]}
	}
	var b bytes.Buffer
	err = t.Execute(&b, struct {
		Title  string
		Intro  []string
		Charts []pageChart
		Tables []table
	}{r.Title, r.Intro, charts, r.Tables})
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
