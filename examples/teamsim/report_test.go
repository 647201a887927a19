package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// sampleReport returns a report with two charts of two series each, one
// with a NaN gap in its mean and band, and a table with markup in a cell.
func sampleReport() report {
	nan := math.NaN()
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7}
	mk := func(label string, base float64, gap bool) series {
		s := series{Label: label, X: x}
		for i := range x {
			m := base + 0.5*float64(i)
			s.Mean = append(s.Mean, m)
			s.Lo = append(s.Lo, m-0.8)
			s.Hi = append(s.Hi, m+0.8)
		}
		if gap {
			s.Mean[3], s.Lo[3], s.Hi[4] = nan, nan, nan
		}
		return s
	}
	return report{
		Title: "Team simulation <report>",
		Intro: []string{"First paragraph.", "Second & last paragraph."},
		Charts: []chart{
			{Name: "continuity", Title: "Continuity of care", XLabel: "week", YLabel: "share",
				Series: []series{mk("control", 1, true), mk("treatment", 4, false)}},
			{Name: "visits_per-week", Title: "Visits per week", XLabel: "week", YLabel: "visits",
				Series: []series{mk("control", 2, false), mk("treatment", 0, true)}},
		},
		Tables: []table{{
			Title:  "Summary",
			Note:   "Means with 95% CI.",
			Header: []string{"arm", "mean"},
			Rows:   [][]string{{"control", "0.71"}, {"<b>&", "12%"}},
		}},
	}
}

// near reports whether two 8-bit colour components differ by at most d.
func near(a, b uint8, d int) bool {
	diff := int(a) - int(b)
	return diff >= -d && diff <= d
}

func TestWriteReportCharts(t *testing.T) {
	dir := t.TempDir()
	r := sampleReport()
	require.NoError(t, writeReport(dir, r))

	for _, c := range r.Charts {
		f, err := os.Open(filepath.Join(dir, "charts", c.Name+".png"))
		require.NoError(t, err)
		img, err := png.Decode(f)
		require.NoError(t, f.Close())
		require.NoError(t, err, c.Name)
		b := img.Bounds()
		require.Equal(t, 1200, b.Dx(), c.Name)
		require.Equal(t, 675, b.Dy(), c.Name)

		cr, cg, cb, _ := img.At(0, 0).RGBA()
		require.Equal(t, [3]uint32{0xffff, 0xffff, 0xffff}, [3]uint32{cr, cg, cb}, "corner must be white")

		inked := 0
		found := make([]int, len(c.Series))
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r32, g32, b32, _ := img.At(x, y).RGBA()
				pr, pg, pb := uint8(r32>>8), uint8(g32>>8), uint8(b32>>8)
				if pr < 240 || pg < 240 || pb < 240 {
					inked++
				}
				for i := range c.Series {
					want := paletteColor(i)
					if near(pr, want.R, 24) && near(pg, want.G, 24) && near(pb, want.B, 24) {
						found[i]++
					}
				}
			}
		}
		require.Greater(t, inked, 5000, "%s: PNG looks blank", c.Name)
		for i, n := range found {
			require.Greater(t, n, 200, "%s: colour of series %d not found", c.Name, i)
		}

		svg, err := os.ReadFile(filepath.Join(dir, "charts", c.Name+".svg"))
		require.NoError(t, err)
		dec := xml.NewDecoder(bytes.NewReader(svg))
		root := ""
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err, c.Name)
			if se, ok := tok.(xml.StartElement); ok && root == "" {
				root = se.Name.Local
			}
		}
		require.Equal(t, "svg", root, c.Name)
	}
}

func TestWriteReportHTML(t *testing.T) {
	dir := t.TempDir()
	r := sampleReport()
	require.NoError(t, writeReport(dir, r))
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	html := string(page)

	require.Contains(t, html, "Team simulation &lt;report&gt;")
	require.Contains(t, html, "Second &amp; last paragraph.")
	require.Contains(t, html, "Continuity of care")
	require.Contains(t, html, "Visits per week")
	require.Equal(t, 2, strings.Count(html, "<svg"))
	require.NotContains(t, html, "<?xml")
	require.Contains(t, html, "Summary")
	require.Contains(t, html, "Means with 95% CI.")
	require.Contains(t, html, "&lt;b&gt;&amp;")
	require.NotContains(t, html, "<b>&")
	require.Contains(t, html, `<td class="num">0.71</td>`)

	// Nothing may point outside the page except the SVG namespace names.
	for _, tag := range []string{"<script", "<link", "<img", "@import", "url("} {
		require.NotContains(t, html, tag)
	}
	noNS := regexp.MustCompile(`xmlns(:\w+)?="[^"]*"`).ReplaceAllString(html, "")
	require.NotContains(t, noNS, "http://")
	require.NotContains(t, noNS, "https://")
	refs := regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*["']?([^"'\s>]*)`).FindAllStringSubmatch(html, -1)
	require.Len(t, refs, 4)
	for _, m := range refs {
		require.Regexp(t, `^charts/[A-Za-z0-9_-]+\.(png|svg)$`, m[1])
	}
	require.Contains(t, html, `href="charts/visits_per-week.png"`)

	dir2 := t.TempDir()
	require.NoError(t, writeReport(dir2, sampleReport()))
	page2, err := os.ReadFile(filepath.Join(dir2, "report.html"))
	require.NoError(t, err)
	require.True(t, bytes.Equal(page, page2), "report.html differs between runs")
}

func TestWriteReportBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *report)
		want string
	}{
		{"bad name", func(r *report) { r.Charts[0].Name = "../x" }, `chart "../x": Name`},
		{"empty name", func(r *report) { r.Charts[0].Name = "" }, `chart "": Name`},
		{"duplicate name", func(r *report) { r.Charts[1].Name = r.Charts[0].Name }, `chart "continuity": Name`},
		{"short mean", func(r *report) { r.Charts[1].Series[1].Mean = r.Charts[1].Series[1].Mean[:3] },
			`chart "visits_per-week", series 1 ("treatment"): Mean has 3 values but X has 8`},
		{"long lo", func(r *report) { r.Charts[0].Series[0].Lo = append(r.Charts[0].Series[0].Lo, 1) },
			`chart "continuity", series 0 ("control"): Lo has 9 values`},
		{"nil hi", func(r *report) { r.Charts[0].Series[1].Hi = nil }, `series 1 ("treatment"): Hi has 0 values`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sampleReport()
			tc.edit(&r)
			dir := t.TempDir()
			var err error
			require.NotPanics(t, func() { err = writeReport(dir, r) })
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			require.NoFileExists(t, filepath.Join(dir, "report.html"))
		})
	}
}

func TestWriteReportEmptyCharts(t *testing.T) {
	nan := math.NaN()
	r := report{Title: "Empty", Charts: []chart{
		{Name: "none", Title: "No series"},
		{Name: "allnan", Title: "All NaN", Series: []series{{Label: "a",
			X: []float64{0, 1}, Mean: []float64{nan, nan}, Lo: []float64{nan, 0}, Hi: []float64{1, nan}}}},
		{Name: "single", Title: "One point", Series: []series{{Label: "a",
			X: []float64{2}, Mean: []float64{3}, Lo: []float64{2}, Hi: []float64{4}}}},
		{Name: "inf", Title: "Infinite", Series: []series{{Label: "a",
			X: []float64{0, 1, 2}, Mean: []float64{1, math.Inf(1), 2}, Lo: []float64{0, 0, math.Inf(-1)}, Hi: []float64{2, 2, 3}}}},
	}}
	dir := t.TempDir()
	require.NotPanics(t, func() { require.NoError(t, writeReport(dir, r)) })
	for _, c := range r.Charts {
		require.FileExists(t, filepath.Join(dir, "charts", c.Name+".png"))
		require.FileExists(t, filepath.Join(dir, "charts", c.Name+".svg"))
	}
}
