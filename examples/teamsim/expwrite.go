package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// estimate is the mean of a figure over replications with its 95%
// confidence interval (Student's t); n counts the replications where the
// figure is defined.
type estimate struct {
	n                int
	mean, sd, lo, hi float64
}

// estimateOf summarises xs, skipping NaNs. With fewer than two values the
// interval is undefined (NaN).
func estimateOf(xs []float64) estimate {
	e := estimate{mean: math.NaN(), sd: math.NaN(), lo: math.NaN(), hi: math.NaN()}
	sum := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			e.n++
			sum += x
		}
	}
	if e.n == 0 {
		return e
	}
	e.mean = sum / float64(e.n)
	if e.n < 2 {
		return e
	}
	ss := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - e.mean) * (x - e.mean)
		}
	}
	e.sd = math.Sqrt(ss / float64(e.n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(e.n - 1)}.Quantile(0.975)
	half := t * e.sd / math.Sqrt(float64(e.n))
	e.lo, e.hi = e.mean-half, e.mean+half
	return e
}

// fmtNum formats a figure for the CSV files: six significant decimals, an
// empty field when undefined.
func fmtNum(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', 6, 64)
}

// cell formats an estimate for a report table.
func cell(e estimate, pct bool) string {
	if math.IsNaN(e.mean) {
		return "n/a"
	}
	f := func(x float64) string {
		if pct {
			return fmt.Sprintf("%.1f%%", 100*x)
		}
		return fmt.Sprintf("%.3g", x)
	}
	if math.IsNaN(e.lo) {
		return f(e.mean)
	}
	return fmt.Sprintf("%s [%s, %s]", f(e.mean), f(e.lo), f(e.hi))
}

// writeCSV writes a header and records to dir/name.
func writeCSV(dir, name string, header []string, recs [][]string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(header); err != nil {
		return err
	}
	if err := w.WriteAll(recs); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
}

// cellKey addresses the runs of one arm at one grid point.
type cellKey struct{ arm, point int }

// writeExperiment writes steps.csv, runs.csv, summary.csv, calibration.csv,
// experiment.json, the charts and report.html.
func writeExperiment(dir string, e *experiment, jobs []job, res []runResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pts := e.points()
	keys := []string{"arm", "point", "replication", "seed"}
	key := func(j job) []string {
		return []string{e.Arms[j.arm].Name, pts[j.point].label, strconv.Itoa(j.rep), strconv.FormatUint(j.cfg.Seed, 10)}
	}

	// steps.csv: one line per run per week.
	header := append(append([]string{}, keys...), "week", "days")
	for _, m := range stepMetrics {
		header = append(header, m.name)
	}
	var recs [][]string
	for i, j := range jobs {
		for _, s := range res[i].steps {
			rec := append(key(j), strconv.Itoa(s.week), strconv.Itoa(s.days))
			for _, m := range stepMetrics {
				rec = append(rec, fmtNum(m.f(s, j.cfg)))
			}
			recs = append(recs, rec)
		}
	}
	if err := writeCSV(dir, "steps.csv", header, recs); err != nil {
		return err
	}

	// runs.csv: one line per run.
	header = append([]string{}, keys...)
	for _, m := range runMetrics {
		header = append(header, m.name)
	}
	recs = recs[:0]
	values := map[cellKey][][]float64{} // per cell, per metric, per replication
	cfgOf := map[cellKey]Config{}
	for i, j := range jobs {
		k := cellKey{j.arm, j.point}
		if values[k] == nil {
			values[k] = make([][]float64, len(runMetrics))
			cfgOf[k] = j.cfg
		}
		rec := key(j)
		for mi, m := range runMetrics {
			v := m.f(res[i].run, j.cfg)
			values[k][mi] = append(values[k][mi], v)
			rec = append(rec, fmtNum(v))
		}
		recs = append(recs, rec)
	}
	if err := writeCSV(dir, "runs.csv", header, recs); err != nil {
		return err
	}

	// summary.csv: per arm, grid point and metric, the mean over the
	// replications with its 95% confidence interval.
	recs = recs[:0]
	for p := range pts {
		for a := range e.Arms {
			k := cellKey{a, p}
			for mi, m := range runMetrics {
				est := estimateOf(values[k][mi])
				recs = append(recs, []string{e.Arms[a].Name, pts[p].label, m.name, strconv.Itoa(est.n), fmtNum(est.mean), fmtNum(est.sd), fmtNum(est.lo), fmtNum(est.hi)})
			}
		}
	}
	if err := writeCSV(dir, "summary.csv", []string{"arm", "point", "metric", "n", "mean", "sd", "ci95_low", "ci95_high"}, recs); err != nil {
		return err
	}

	cal := calibrate(e, pts, jobs, values)
	if err := writeCSV(dir, "calibration.csv", []string{"point", "self_managing_arm", "traditional_arm", "claim", "metric", "self_managing_mean", "traditional_mean", "ratio_mean", "ratio_ci95_low", "ratio_ci95_high", "claimed", "claimed_low", "claimed_high", "claim_in_ci", "source"}, cal.csv); err != nil {
		return err
	}

	js, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "experiment.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	return writeReport(dir, buildReport(e, pts, jobs, res, values, cal))
}

// chartMetrics are the weekly figures charted, by name in stepMetrics.
var chartMetrics = []string{"productivity", "absenteeism", "turnover", "care_hours_per_client", "continuity", "unmet_share", "teams", "splits"}

// buildReport assembles the charts and tables.
func buildReport(e *experiment, pts []point, jobs []job, res []runResult, values map[cellKey][][]float64, cal calibration) report {
	r := report{Title: "teamsim experiment: " + e.Name}
	if e.Description != "" {
		r.Intro = append(r.Intro, e.Description)
	}
	r.Intro = append(r.Intro,
		fmt.Sprintf("%d arms × %d grid points × %d replications; replication r of every arm and point runs with the same seed, so the arms serve the same neighbourhoods, clients and staff at the start. Lines are the mean over the replications, bands the 95%% confidence interval of that mean (Student's t).", len(e.Arms), len(pts), e.Replications),
		"The figures come from a simulation with assumed mechanisms (see the README of the examples): they show what the assumptions imply, not what any real organisation achieves.")
	byCell := map[cellKey][]int{}
	var cells []cellKey
	for i, j := range jobs {
		k := cellKey{j.arm, j.point}
		if byCell[k] == nil {
			cells = append(cells, k)
		}
		byCell[k] = append(byCell[k], i)
	}
	for _, name := range chartMetrics {
		var m stepMetric
		for _, sm := range stepMetrics {
			if sm.name == name {
				m = sm
			}
		}
		c := chart{Name: name, Title: m.title, XLabel: "week", YLabel: m.unit}
		for _, k := range cells {
			label := e.Arms[k.arm].Name
			if len(pts) > 1 {
				label += " " + pts[k.point].label
			}
			idx := byCell[k]
			s := series{Label: label}
			for w, st := range res[idx[0]].steps {
				if st.days < 7 {
					continue // a partial last week is in steps.csv, not in the charts
				}
				var xs []float64
				for _, i := range idx {
					xs = append(xs, m.f(res[i].steps[w], jobs[i].cfg))
				}
				est := estimateOf(xs)
				s.X = append(s.X, float64(w))
				s.Mean = append(s.Mean, est.mean)
				s.Lo = append(s.Lo, est.lo)
				s.Hi = append(s.Hi, est.hi)
			}
			c.Series = append(c.Series, s)
		}
		r.Charts = append(r.Charts, c)
	}
	sum := table{Title: "Outcomes per run", Note: "Mean over the replications [95% confidence interval].", Header: []string{"metric"}}
	for _, k := range cells {
		h := e.Arms[k.arm].Name
		if len(pts) > 1 {
			h += " " + pts[k.point].label
		}
		sum.Header = append(sum.Header, h)
	}
	for mi, m := range runMetrics {
		row := []string{m.title}
		pct := m.name == "productivity" || m.name == "mature_productivity" || m.name == "absenteeism" || m.name == "continuity" || m.name == "unmet_share" || m.name == "poor_decision_share" || m.name == "turnover"
		for _, k := range cells {
			row = append(row, cell(estimateOf(values[k][mi]), pct))
		}
		sum.Rows = append(sum.Rows, row)
	}
	r.Tables = append(r.Tables, sum)
	if len(cal.table.Rows) > 0 {
		r.Tables = append(r.Tables, cal.table)
	}
	return r
}
