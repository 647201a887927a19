package curtois

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster"
)

// Section names of the text format, in the order the instances use.
const (
	SectionHorizon    = "SECTION_HORIZON"
	SectionShifts     = "SECTION_SHIFTS"
	SectionStaff      = "SECTION_STAFF"
	SectionDaysOff    = "SECTION_DAYS_OFF"
	SectionOnRequest  = "SECTION_SHIFT_ON_REQUESTS"
	SectionOffRequest = "SECTION_SHIFT_OFF_REQUESTS"
	SectionCover      = "SECTION_COVER"
)

// MaxInputBytes bounds the size of an instance Parse accepts.
const MaxInputBytes = 32 << 20

var knownSections = map[string]bool{
	SectionHorizon: true, SectionShifts: true, SectionStaff: true, SectionDaysOff: true,
	SectionOnRequest: true, SectionOffRequest: true, SectionCover: true,
}

type line struct {
	n      int
	fields []string
}

// Parse reads a benchmark instance and returns it as a roster problem:
// day 0 is a Monday, the history is empty (so runs touching the first or
// last day are exempt from the minimum-run rules, as the benchmark
// defines), and every shift starts at minute 0 (the format gives no start
// times; the rest rules are the listed cannot-follow pairs). Errors match
// [wijk.ErrInvalid] and name the section, line and field.
func Parse(r io.Reader) (*roster.Problem, error) {
	sections, err := split(r)
	if err != nil {
		return nil, err
	}
	for _, s := range []string{SectionHorizon, SectionShifts, SectionStaff, SectionCover} {
		if _, ok := sections[s]; !ok {
			return nil, wijk.Invalid(s, "section is missing")
		}
	}
	var p roster.ProblemParams
	p.FirstWeekday = time.Monday
	hz := sections[SectionHorizon]
	if len(hz) != 1 || len(hz[0].fields) != 1 {
		return nil, wijk.Invalid(SectionHorizon, "must hold exactly one line with the number of days")
	}
	if p.Days, err = num(SectionHorizon, hz[0], 0, "days"); err != nil {
		return nil, err
	}
	if p.Days < 1 || p.Days > roster.MaxDays {
		return nil, fieldErr(SectionHorizon, hz[0], 0, "days", "must be between 1 and %d, got %d", roster.MaxDays, p.Days)
	}
	lines := map[string][]int{}
	shifts := map[string]bool{}
	for _, l := range sections[SectionShifts] {
		if len(l.fields) < 2 || len(l.fields) > 3 {
			return nil, lineErr(SectionShifts, l, "must have 2 or 3 fields (ShiftID, LengthInMins, CannotFollow), got %d", len(l.fields))
		}
		st := roster.ShiftTypeParams{ID: l.fields[0]}
		if st.Minutes, err = num(SectionShifts, l, 1, "LengthInMins"); err != nil {
			return nil, err
		}
		if len(l.fields) == 3 {
			st.NotFollowedBy = list(l.fields[2])
		}
		shifts[st.ID] = true
		p.Shifts = append(p.Shifts, st)
		lines["shifts"] = append(lines["shifts"], l.n)
	}
	staff := map[string]int{}
	for _, l := range sections[SectionStaff] {
		if len(l.fields) != 8 {
			return nil, lineErr(SectionStaff, l, "must have 8 fields (ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends), got %d", len(l.fields))
		}
		e := roster.EmployeeParams{ID: l.fields[0]}
		e.Contract.MaxShifts = map[string]int{}
		for _, kv := range list(l.fields[1]) {
			id, v, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fieldErr(SectionStaff, l, 1, "MaxShifts", "must be ShiftID=max pairs separated by '|', got %q", kv)
			}
			if !shifts[id] {
				return nil, fieldErr(SectionStaff, l, 1, "MaxShifts", "unknown shift type %q", id)
			}
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 {
				return nil, fieldErr(SectionStaff, l, 1, "MaxShifts", "the maximum for %q must be a whole number of 0 or more, got %q", id, v)
			}
			e.Contract.MaxShifts[id] = n
		}
		ints := make([]int, 6)
		names := []string{"MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts", "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends"}
		for i := range ints {
			if ints[i], err = num(SectionStaff, l, i+2, names[i]); err != nil {
				return nil, err
			}
		}
		e.Contract.MaxMinutes, e.Contract.MinMinutes = ints[0], ints[1]
		e.Contract.MaxConsecutive, e.Contract.MinConsecutive = ints[2], ints[3]
		e.Contract.MinConsecutiveOff, e.Contract.MaxWeekends = ints[4], ints[5]
		if _, dup := staff[e.ID]; dup {
			return nil, fieldErr(SectionStaff, l, 0, "ID", "employee %q is listed twice", e.ID)
		}
		staff[e.ID] = len(p.Employees)
		p.Employees = append(p.Employees, e)
		lines["employees"] = append(lines["employees"], l.n)
	}
	for _, l := range sections[SectionDaysOff] {
		i, ok := staff[l.fields[0]]
		if !ok {
			return nil, fieldErr(SectionDaysOff, l, 0, "EmployeeID", "unknown employee %q", l.fields[0])
		}
		for f := 1; f < len(l.fields); f++ {
			if l.fields[f] == "" {
				continue
			}
			d, err := day(SectionDaysOff, l, f, "DayIndex", p.Days)
			if err != nil {
				return nil, err
			}
			p.Employees[i].DaysOff = append(p.Employees[i].DaysOff, d)
		}
	}
	for _, sec := range []string{SectionOnRequest, SectionOffRequest} {
		for _, l := range sections[sec] {
			if len(l.fields) != 4 {
				return nil, lineErr(sec, l, "must have 4 fields (EmployeeID, Day, ShiftID, Weight), got %d", len(l.fields))
			}
			q := roster.RequestParams{Employee: l.fields[0], Shift: l.fields[2]}
			if _, ok := staff[q.Employee]; !ok {
				return nil, fieldErr(sec, l, 0, "EmployeeID", "unknown employee %q", q.Employee)
			}
			if q.Day, err = day(sec, l, 1, "Day", p.Days); err != nil {
				return nil, err
			}
			if !shifts[q.Shift] {
				return nil, fieldErr(sec, l, 2, "ShiftID", "unknown shift type %q", q.Shift)
			}
			if q.Weight, err = num(sec, l, 3, "Weight"); err != nil {
				return nil, err
			}
			if sec == SectionOnRequest {
				p.OnRequests = append(p.OnRequests, q)
				lines["onRequests"] = append(lines["onRequests"], l.n)
			} else {
				p.OffRequests = append(p.OffRequests, q)
				lines["offRequests"] = append(lines["offRequests"], l.n)
			}
		}
	}
	for _, l := range sections[SectionCover] {
		if len(l.fields) != 5 {
			return nil, lineErr(SectionCover, l, "must have 5 fields (Day, ShiftID, Requirement, WeightForUnder, WeightForOver), got %d", len(l.fields))
		}
		c := roster.CoverParams{Shift: l.fields[1]}
		if c.Day, err = day(SectionCover, l, 0, "Day", p.Days); err != nil {
			return nil, err
		}
		if !shifts[c.Shift] {
			return nil, fieldErr(SectionCover, l, 1, "ShiftID", "unknown shift type %q", c.Shift)
		}
		if c.Required, err = num(SectionCover, l, 2, "Requirement"); err != nil {
			return nil, err
		}
		if c.UnderWeight, err = num(SectionCover, l, 3, "WeightForUnder"); err != nil {
			return nil, err
		}
		if c.OverWeight, err = num(SectionCover, l, 4, "WeightForOver"); err != nil {
			return nil, err
		}
		p.Cover = append(p.Cover, c)
		lines["cover"] = append(lines["cover"], l.n)
	}
	pr, err := roster.NewProblem(p)
	if err != nil {
		return nil, locate(err, lines)
	}
	return pr, nil
}

var sectionOf = map[string]string{
	"shifts": SectionShifts, "employees": SectionStaff, "onRequests": SectionOnRequest,
	"offRequests": SectionOffRequest, "cover": SectionCover,
}

var indexed = regexp.MustCompile(`^(\w+)\[(\d+)\](?:\.(.*))?$`)

// locate rewrites a model validation error about, say, "employees[3]" so
// that it names the section and line of the instance file.
func locate(err error, lines map[string][]int) error {
	var ve *wijk.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	m := indexed.FindStringSubmatch(ve.Field)
	if m == nil {
		return err
	}
	i, _ := strconv.Atoi(m[2])
	ls := lines[m[1]]
	if i >= len(ls) {
		return err
	}
	field := fmt.Sprintf("%s line %d", sectionOf[m[1]], ls[i])
	if m[3] != "" {
		field += " " + m[3]
	}
	return wijk.Invalid(field, "%s", ve.Rule)
}

// split reads the input into sections of non-empty, non-comment lines.
func split(r io.Reader) (map[string][]line, error) {
	sc := bufio.NewScanner(io.LimitReader(r, MaxInputBytes+1))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	sections := map[string][]line{}
	cur := ""
	n, total := 0, 0
	for sc.Scan() {
		n++
		total += len(sc.Bytes()) + 1
		if total > MaxInputBytes {
			return nil, wijk.Invalid("input", "is larger than %d bytes", MaxInputBytes)
		}
		t := strings.TrimSpace(strings.TrimRight(sc.Text(), "\r"))
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasPrefix(t, "SECTION_") {
			if !knownSections[t] {
				return nil, wijk.Invalid(fmt.Sprintf("line %d", n), "unknown section %q", t)
			}
			if _, dup := sections[t]; dup {
				return nil, wijk.Invalid(fmt.Sprintf("line %d", n), "section %s appears twice", t)
			}
			cur = t
			sections[cur] = nil
			continue
		}
		if cur == "" {
			return nil, wijk.Invalid(fmt.Sprintf("line %d", n), "data before the first SECTION_ header")
		}
		fs := strings.Split(t, ",")
		for i := range fs {
			fs[i] = strings.TrimSpace(fs[i])
		}
		sections[cur] = append(sections[cur], line{n: n, fields: fs})
	}
	if err := sc.Err(); err != nil {
		return nil, wijk.Invalid(fmt.Sprintf("line %d", n+1), "cannot be read: %v", err)
	}
	return sections, nil
}

func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "|") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func num(sec string, l line, f int, name string) (int, error) {
	if f >= len(l.fields) {
		return 0, fieldErr(sec, l, f, name, "is missing")
	}
	v, err := strconv.Atoi(l.fields[f])
	if err != nil || v < 0 {
		return 0, fieldErr(sec, l, f, name, "must be a whole number of 0 or more, got %q", l.fields[f])
	}
	return v, nil
}

func day(sec string, l line, f int, name string, days int) (int, error) {
	d, err := num(sec, l, f, name)
	if err != nil {
		return 0, err
	}
	if d >= days {
		return 0, fieldErr(sec, l, f, name, "must be a day from 0 to %d, got %d", days-1, d)
	}
	return d, nil
}

func fieldErr(sec string, l line, f int, name, rule string, args ...any) error {
	return wijk.Invalid(fmt.Sprintf("%s line %d field %d (%s)", sec, l.n, f+1, name), rule, args...)
}

func lineErr(sec string, l line, rule string, args ...any) error {
	return wijk.Invalid(fmt.Sprintf("%s line %d", sec, l.n), rule, args...)
}

// Header is the optional first line of a solution file.
const Header = "employee,day,shift"

// WriteSolution writes the roster's working assignments as CSV, one line
// `employee,day,shift` each, after the header line.
func WriteSolution(w io.Writer, r *roster.Roster) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, Header)
	for _, a := range r.Assignments() {
		fmt.Fprintf(bw, "%s,%d,%s\n", a.Employee, a.Day, a.Shift)
	}
	return bw.Flush()
}

// ReadSolution reads a solution CSV for p: one working assignment a line,
// an optional header line, blank lines and lines starting with # ignored.
// Errors name the line.
func ReadSolution(r io.Reader, p *roster.Problem) (*roster.Roster, error) {
	sc := bufio.NewScanner(io.LimitReader(r, MaxInputBytes))
	var as []roster.Assignment
	var at []int
	n := 0
	for sc.Scan() {
		n++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") || strings.EqualFold(strings.ReplaceAll(t, " ", ""), Header) {
			continue
		}
		fs := strings.Split(t, ",")
		if len(fs) != 3 {
			return nil, wijk.Invalid(fmt.Sprintf("line %d", n), "must have 3 fields (employee,day,shift), got %d", len(fs))
		}
		d, err := strconv.Atoi(strings.TrimSpace(fs[1]))
		if err != nil {
			return nil, wijk.Invalid(fmt.Sprintf("line %d field 2 (day)", n), "must be a whole number, got %q", fs[1])
		}
		a := roster.Assignment{Employee: strings.TrimSpace(fs[0]), Day: d, Shift: strings.TrimSpace(fs[2])}
		if a.Shift == "" {
			return nil, wijk.Invalid(fmt.Sprintf("line %d field 3 (shift)", n), "is required")
		}
		as = append(as, a)
		at = append(at, n)
	}
	if err := sc.Err(); err != nil {
		return nil, wijk.Invalid(fmt.Sprintf("line %d", n+1), "cannot be read: %v", err)
	}
	ro, err := roster.RosterFromAssignments(p, as)
	if err != nil {
		var ve *wijk.ValidationError
		if errors.As(err, &ve) {
			if m := indexed.FindStringSubmatch(ve.Field); m != nil {
				i, _ := strconv.Atoi(m[2])
				field := fmt.Sprintf("line %d", at[i])
				if m[3] != "" {
					field += " " + m[3]
				}
				return nil, wijk.Invalid(field, "%s", ve.Rule)
			}
		}
		return nil, err
	}
	return ro, nil
}
