package curtois

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster"
)

// GenerateParams sizes a generated instance. Every instance is drawn from
// Seed alone, so the same parameters give the same instance, byte for byte.
type GenerateParams struct {
	// Seed drives every draw.
	Seed uint64
	// Days is the horizon: 14 to 364 days, whole weeks.
	Days int
	// Staff is the number of employees, 1 to 150.
	Staff int
	// ShiftTypes is the number of shift types, 1 to 32.
	ShiftTypes int
}

// Validate checks the sizes against the ranges of the public benchmark.
func (g GenerateParams) Validate() error {
	switch {
	case g.Days < 14 || g.Days > 364 || g.Days%7 != 0:
		return wijk.Invalid("days", "must be whole weeks from 14 to 364, got %d", g.Days)
	case g.Staff < 1 || g.Staff > 150:
		return wijk.Invalid("staff", "must be 1 to 150, got %d", g.Staff)
	case g.ShiftTypes < 1 || g.ShiftTypes > 32:
		return wijk.Invalid("shiftTypes", "must be 1 to 32, got %d", g.ShiftTypes)
	}
	return nil
}

// Generate draws an instance in the style of the Curtois & Qu benchmark:
// shift types in up to four families through the day (early, day, late,
// night) where a later family may not be followed by an earlier one the
// next day; full- and part-time contracts with limits on each shift type,
// total minutes, runs of working days and days off, and weekends; fixed
// days off; shift-on and shift-off requests of weight 1 to 3; and cover
// for every day and shift type, weighing 100 a missing employee and 1 a
// surplus one.
//
// Every instance is feasible: Generate first draws a reference roster that
// keeps every hard rule, and sets each contract around it. It returns that
// roster too; its penalty is an upper bound on the instance's optimum, not
// a good solution (the cover is drawn around it with noise, and the
// requests are drawn without regard to it).
func Generate(g GenerateParams) (*roster.Problem, *roster.Roster, error) {
	if err := g.Validate(); err != nil {
		return nil, nil, err
	}
	r := rand.New(rand.NewPCG(g.Seed, 0xC0A715))
	p := roster.ProblemParams{Days: g.Days, FirstWeekday: time.Monday}

	// Shift types: families in order through the day, each with one or
	// more numbered types of 480 minutes, a few of other lengths.
	families := []string{"a", "d", "p", "n"}[:min(4, g.ShiftTypes)]
	perFamily := make([]int, len(families))
	for i := range g.ShiftTypes {
		perFamily[i%len(families)]++
	}
	family := map[string]int{}
	for f, name := range families {
		for k := range perFamily[f] {
			id := name
			if g.ShiftTypes > len(families) {
				id = name + strconv.Itoa(k+1)
			}
			minutes := 480
			if r.IntN(5) == 0 {
				minutes = []int{360, 420, 540, 600}[r.IntN(4)]
			}
			family[id] = f
			p.Shifts = append(p.Shifts, roster.ShiftTypeParams{ID: id, Minutes: minutes})
		}
	}
	for i := range p.Shifts {
		for _, o := range p.Shifts {
			if family[o.ID] < family[p.Shifts[i].ID] {
				p.Shifts[i].NotFollowedBy = append(p.Shifts[i].NotFollowedBy, o.ID)
			}
		}
	}

	weeks := g.Days / 7
	ref := make([][]string, g.Staff) // the reference roster, "" = off
	for e := range g.Staff {
		emp, days := drawEmployee(r, g, p.Shifts, family, e)
		ref[e] = days
		p.Employees = append(p.Employees, emp)
	}

	// Requests: a few short runs per employee, on and off, weight 1 to 3.
	for _, emp := range p.Employees {
		for range r.IntN(2 + weeks/2) {
			day, n, w := r.IntN(g.Days), 1+r.IntN(4), 1+r.IntN(3)
			shift := p.Shifts[r.IntN(len(p.Shifts))].ID
			on := r.IntN(2) == 0
			for d := day; d < min(g.Days, day+n); d++ {
				if slices.Contains(emp.DaysOff, d) {
					continue
				}
				q := roster.RequestParams{Employee: emp.ID, Day: d, Shift: shift, Weight: w}
				if on {
					p.OnRequests = append(p.OnRequests, q)
				} else {
					p.OffRequests = append(p.OffRequests, q)
				}
			}
		}
	}

	// Cover: what the reference roster gives, one more or one less in half
	// the cells.
	for d := range g.Days {
		for _, st := range p.Shifts {
			n := 0
			for e := range ref {
				if ref[e][d] == st.ID {
					n++
				}
			}
			req := max(0, n+[]int{-1, 0, 0, 1}[r.IntN(4)])
			p.Cover = append(p.Cover, roster.CoverParams{Day: d, Shift: st.ID, Required: req, UnderWeight: 100, OverWeight: 1})
		}
	}

	pr, err := roster.NewProblem(p)
	if err != nil {
		return nil, nil, fmt.Errorf("generated instance: %w", err)
	}
	rr, err := roster.NewRoster(pr)
	if err != nil {
		return nil, nil, err
	}
	for e, days := range ref {
		for d, s := range days {
			if s != "" {
				if err := rr.Set(p.Employees[e].ID, d, s); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return pr, rr, nil
}

// drawEmployee draws employee e: the shift types they may work, a
// reference pattern of working runs and days off that keeps every rule,
// and a contract set around that pattern.
func drawEmployee(r *rand.Rand, g GenerateParams, shifts []roster.ShiftTypeParams, family map[string]int, e int) (roster.EmployeeParams, []string) {
	emp := roster.EmployeeParams{ID: employeeID(e)}
	full := r.IntN(3) != 0 // two in three work full time
	c := roster.Contract{MaxShifts: map[string]int{}, MaxConsecutive: 5 + r.IntN(2), MinConsecutive: 2, MinConsecutiveOff: 2 + r.IntN(2)}
	if g.Days <= 14 {
		c.MinConsecutive = 1
	}
	// Allowed types: each with chance 2/3, at least one; nights sometimes
	// capped at a few.
	var allowed []string
	for _, st := range shifts {
		switch {
		case r.IntN(3) == 0:
			c.MaxShifts[st.ID] = 0
		case family[st.ID] == 3 && r.IntN(2) == 0:
			c.MaxShifts[st.ID] = 1 + r.IntN(max(1, g.Days/7))
			allowed = append(allowed, st.ID)
		default:
			c.MaxShifts[st.ID] = g.Days
			allowed = append(allowed, st.ID)
		}
	}
	if len(allowed) == 0 {
		st := shifts[r.IntN(len(shifts))].ID
		c.MaxShifts[st] = g.Days
		allowed = append(allowed, st)
	}
	// Fixed days off: one to three a four weeks.
	for range (1 + r.IntN(3)) * max(1, g.Days/28) {
		emp.DaysOff = append(emp.DaysOff, r.IntN(g.Days))
	}
	slices.Sort(emp.DaysOff)
	emp.DaysOff = slices.Compact(emp.DaysOff)
	weekends := g.Days / 7
	c.MaxWeekends = max(1, weekends/2+r.IntN(2))
	if !full {
		c.MaxWeekends = max(1, weekends/3)
	}

	// The reference pattern: runs of MinConsecutive..MaxConsecutive working
	// days of one shift type, separated by at least MinConsecutiveOff days
	// off, never on a fixed day off, within the weekend limit; part-timers
	// rest longer. A run stops early at a fixed day off only if it is
	// long enough already; otherwise the days are left off.
	days := make([]string, g.Days)
	used := map[string]int{}
	weekendWorked := make([]bool, weekends+1)
	worked := 0
	rest := c.MinConsecutiveOff
	if !full {
		rest += 2
	}
	d := r.IntN(rest + 1)
	for d < g.Days {
		n := c.MinConsecutive + r.IntN(c.MaxConsecutive-c.MinConsecutive+1)
		st := allowed[r.IntN(len(allowed))]
		if used[st]+n > c.MaxShifts[st] {
			st = ""
			for _, a := range allowed {
				if used[a]+n <= c.MaxShifts[a] {
					st = a
					break
				}
			}
		}
		ok := st != "" && d+n <= g.Days
		newWeekends := map[int]bool{}
		for k := d; ok && k < d+n; k++ {
			if slices.Contains(emp.DaysOff, k) {
				ok = false
			}
			if k%7 >= 5 && !weekendWorked[k/7] {
				newWeekends[k/7] = true
			}
		}
		if ok && countTrue(weekendWorked)+len(newWeekends) > c.MaxWeekends {
			ok = false
		}
		if !ok {
			d++
			continue
		}
		for k := d; k < d+n; k++ {
			days[k] = st
			if k%7 >= 5 {
				weekendWorked[k/7] = true
			}
		}
		used[st] += n
		worked += n * minutesOf(shifts, st)
		d += n + rest + r.IntN(2)
	}
	// Contract totals around the reference: the minimum at most what it
	// works, the maximum at least, with room both ways.
	c.MinMinutes = worked * (70 + r.IntN(20)) / 100
	c.MaxMinutes = max(worked, 480) * (110 + r.IntN(20)) / 100
	emp.Contract = c
	return emp, days
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func minutesOf(shifts []roster.ShiftTypeParams, id string) int {
	for _, st := range shifts {
		if st.ID == id {
			return st.Minutes
		}
	}
	return 0
}

// employeeID names employee e as the benchmark does: A … Z, AA, AB, …
func employeeID(e int) string {
	id := ""
	for e++; e > 0; e = (e - 1) / 26 {
		id = string(rune('A'+(e-1)%26)) + id
	}
	return id
}

// WriteInstance writes a problem in the benchmark's text format, with CRLF
// line endings and the benchmark's section comments, so that Parse reads
// it back as the same problem. It refuses problems the format cannot hold:
// day 0 not a Monday, pins, levels, histories, a minimum rest or level
// cover.
func WriteInstance(w io.Writer, pr *roster.Problem) error {
	if pr == nil {
		return wijk.Invalid("problem", "is required")
	}
	p := pr.Params()
	switch {
	case p.FirstWeekday != time.Monday:
		return wijk.Invalid("firstWeekday", "must be Monday in the benchmark's format, got %s", p.FirstWeekday)
	case len(p.Pins) > 0:
		return wijk.Invalid("pins", "the benchmark's format has no pins")
	case p.MinRestMinutes > 0:
		return wijk.Invalid("minRestMinutes", "the benchmark's format has no minimum rest")
	}
	bw := bufio.NewWriter(w)
	line := func(format string, args ...any) {
		fmt.Fprintf(bw, format+"\r\n", args...)
	}
	line("# Generated in the style of the Curtois & Qu shift rostering benchmark")
	line(SectionHorizon)
	line("# All instances start on a Monday")
	line("# The horizon length in days:")
	line("%d", p.Days)
	line("")
	line(SectionShifts)
	line("# ShiftID, Length in mins, Shifts which cannot follow this shift | separated")
	for _, st := range p.Shifts {
		line("%s,%d,%s", st.ID, st.Minutes, strings.Join(st.NotFollowedBy, "|"))
	}
	line("")
	line(SectionStaff)
	line("# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends")
	for i, e := range p.Employees {
		if e.Level != 0 || len(e.History) > 0 {
			return wijk.Invalid(fmt.Sprintf("employees[%d]", i), "the benchmark's format has no levels or histories")
		}
		c := e.Contract
		var max []string
		for _, st := range p.Shifts {
			if n, ok := c.MaxShifts[st.ID]; ok {
				max = append(max, fmt.Sprintf("%s=%d", st.ID, n))
			}
		}
		line("%s,%s,%d,%d,%d,%d,%d,%d", e.ID, strings.Join(max, "|"), c.MaxMinutes, c.MinMinutes, c.MaxConsecutive, c.MinConsecutive, c.MinConsecutiveOff, c.MaxWeekends)
	}
	line("")
	line(SectionDaysOff)
	line("# EmployeeID, DayIndexes (start at zero)")
	for _, e := range p.Employees {
		if len(e.DaysOff) == 0 {
			continue
		}
		ds := make([]string, len(e.DaysOff))
		for i, d := range e.DaysOff {
			ds[i] = strconv.Itoa(d)
		}
		line("%s,%s", e.ID, strings.Join(ds, ","))
	}
	for _, sec := range []struct {
		name string
		qs   []roster.RequestParams
	}{{SectionOnRequest, p.OnRequests}, {SectionOffRequest, p.OffRequests}} {
		line("")
		line(sec.name)
		line("# EmployeeID, Day, ShiftID, Weight")
		for _, q := range sec.qs {
			line("%s,%d,%s,%d", q.Employee, q.Day, q.Shift, q.Weight)
		}
	}
	line("")
	line(SectionCover)
	line("# Day, ShiftID, Requirement, Weight for under, Weight for over")
	for i, c := range p.Cover {
		if c.Level != 0 {
			return wijk.Invalid(fmt.Sprintf("cover[%d].level", i), "the benchmark's format has no level cover")
		}
		line("%d,%s,%d,%d,%d", c.Day, c.Shift, c.Required, c.UnderWeight, c.OverWeight)
	}
	return bw.Flush()
}
