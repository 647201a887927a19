package roster

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// NoLimit, as the value of a maximum in a [Contract], means the contract
// sets no such maximum.
const NoLimit = -1

// Limits on the size of a problem, so that a problem read from outside
// input cannot exhaust memory.
const (
	MaxDays      = 3660
	MaxShifts    = 100
	MaxEmployees = 5000
	MaxWeight    = 1_000_000
	// MaxCellWeight bounds the weights of all the requests of one
	// employee on one day together, so that no sum of them can overflow.
	MaxCellWeight = 100 * MaxWeight
	// MaxCells bounds days × employees × (shift types + 1).
	MaxCells   = 20_000_000
	maxIDLen   = 64
	maxHistory = 366
	dayMinutes = 24 * 60
	maxLength  = 24 * 60
)

// ShiftTypeParams describes one kind of shift: its ID, when it starts, how
// long it lasts, and which shifts may not be worked on the day after it.
type ShiftTypeParams struct {
	// ID names the shift type, e.g. "E" (early) or "N" (night).
	ID string
	// StartMinute is the minute of the day the shift starts (0–1439). It
	// matters only when the problem derives rest rules from MinRestMinutes.
	StartMinute int
	// Minutes is the length of the shift (1–1440).
	Minutes int
	// NotFollowedBy lists the shift types that may not be worked on the
	// day after this one (a late shift followed by an early one, say).
	NotFollowedBy []string
}

// Contract is what an employee's contract allows over the horizon. Every
// maximum is either a limit or [NoLimit]; every minimum of 0 means no
// minimum.
type Contract struct {
	// MaxShifts limits how many shifts of a type the employee may work; a
	// type that is not in the map is not limited, a limit of 0 means the
	// employee may not work that type at all.
	MaxShifts map[string]int
	// MaxMinutes and MinMinutes bound the total minutes worked. MaxMinutes
	// is a positive limit or NoLimit.
	MaxMinutes int
	MinMinutes int
	// MaxConsecutive limits the working days in a row (positive, or
	// NoLimit); MinConsecutive is the least number of working days in a
	// row once someone starts working.
	MaxConsecutive int
	MinConsecutive int
	// MinConsecutiveOff is the least number of days off in a row.
	MinConsecutiveOff int
	// MaxWeekends limits the weekends worked (0 means none, or NoLimit). A
	// weekend counts as worked when the Saturday or the Sunday is.
	MaxWeekends int
}

// EmployeeParams describes one employee: ID, qualification level,
// contract, fixed days off and the days just before the horizon.
type EmployeeParams struct {
	// ID names the employee.
	ID string
	// Level is the qualification level; the zero Level means it is not
	// recorded, and such an employee counts only towards cover that asks
	// for no particular level.
	Level team.Level
	// Contract holds the employee's limits.
	Contract Contract
	// DaysOff are days (0-based) the employee may not work.
	DaysOff []int
	// History lists the shifts worked on the days just before day 0,
	// oldest first, "" for a day off. It carries the runs of working days
	// and days off across the start of the horizon and the rest rule for
	// day 0. Empty history means nothing is known: a run touching day 0
	// is then exempt from the minimum-run rules.
	History []string
}

// CoverParams says how many employees a shift on a day needs.
type CoverParams struct {
	// Day is the day (0-based) and Shift the shift type.
	Day   int
	Shift string
	// Level, when set, counts only employees of that level or higher;
	// the zero Level counts everybody on the shift.
	Level team.Level
	// Required is the number of employees wanted.
	Required int
	// UnderWeight is the penalty per missing employee, OverWeight per
	// employee beyond Required.
	UnderWeight int
	OverWeight  int
}

// RequestParams is an employee's wish about one day: to work a shift
// (shift-on request) or not to work it (shift-off request).
type RequestParams struct {
	Employee string
	Day      int
	// Shift is the shift type. In a shift-off request "" means any shift:
	// the employee asks for the day off.
	Shift string
	// Weight is the penalty when the wish is not granted (1 or more).
	Weight int
}

// Assignment is one cell of a roster: employee, day and shift ("" for a
// day off). Pins use it for cells the planner must keep as they are.
type Assignment struct {
	Employee string
	Day      int
	Shift    string
}

// ProblemParams is everything a rostering problem consists of.
type ProblemParams struct {
	// Days is the length of the horizon; FirstWeekday is the weekday of
	// day 0 (weekends are found from it).
	Days         int
	FirstWeekday time.Weekday
	// MinRestMinutes, when positive, forbids a shift on the day after
	// another when the rest between them would be shorter, in addition
	// to the pairs each shift type lists in NotFollowedBy.
	MinRestMinutes int
	Shifts         []ShiftTypeParams
	Employees      []EmployeeParams
	Cover          []CoverParams
	OnRequests     []RequestParams
	OffRequests    []RequestParams
	// Pins are cells every roster must keep; the solver never changes
	// them.
	Pins []Assignment
}

// Problem is a validated rostering problem. It is immutable and safe for
// concurrent use; build one with [NewProblem].
type Problem struct {
	params ProblemParams

	days, nS, nE int
	shiftIdx     map[string]int
	empIdx       map[string]int
	length       []int
	forbid       []bool // forbid[a*nS+b]: b may not follow a
	// twin[k] is the first shift type that the sequence rules cannot tell
	// from k: the same length and the same cannot-follow rules, both ways
	twin      []int
	emp       []empC
	rows      []coverRow
	rowsAt    [][]int32 // [d*nS+s] -> rows
	pref      []int32   // [(e*days+d)*(nS+1)+k], k=0 off, k=s+1
	pin       []int8    // [e*days+d]: noPin, off, or shift
	weekendOf []int32   // per day: weekend index or -1
	nWeekends int
	unit      int // gcd of shift lengths
	shortest  int // the shortest shift length
}

type coverRow struct {
	day, shift       int
	level            team.Level
	req, under, over int32
}

type empC struct {
	level                    team.Level
	maxShift                 []int // per shift; large when no limit
	maxMin, minMin           int   // maxMin large when no limit
	maxCons, minCons, minOff int
	maxWE                    int
	dayOff                   []bool
	hist                     []int8 // shifts before day 0, oldest first
	histLast                 int8   // last history day: offCell/shift, or noPin when none
	histWork, histOff        int    // trailing run lengths of history
}

const (
	noPin   int8 = -2
	offCell int8 = -1
	big          = 1 << 30
)

// NewProblem validates p and returns the problem. Errors match
// [wijk.ErrInvalid] and name the offending field, e.g.
// "employees[3].contract.maxShifts[N]".
func NewProblem(p ProblemParams) (*Problem, error) {
	if err := checkRange("days", p.Days, 1, MaxDays); err != nil {
		return nil, err
	}
	if p.FirstWeekday < time.Sunday || p.FirstWeekday > time.Saturday {
		return nil, wijk.Invalid("firstWeekday", "must be a weekday, got %d", int(p.FirstWeekday))
	}
	if err := checkRange("minRestMinutes", p.MinRestMinutes, 0, 2*dayMinutes); err != nil {
		return nil, err
	}
	if len(p.Shifts) == 0 || len(p.Shifts) > MaxShifts {
		return nil, wijk.Invalid("shifts", "must list 1 to %d shift types, got %d", MaxShifts, len(p.Shifts))
	}
	if len(p.Employees) == 0 || len(p.Employees) > MaxEmployees {
		return nil, wijk.Invalid("employees", "must list 1 to %d employees, got %d", MaxEmployees, len(p.Employees))
	}
	if n := p.Days * len(p.Employees) * (len(p.Shifts) + 1); n > MaxCells {
		return nil, wijk.Invalid("employees", "days × employees × (shift types + 1) must be at most %d, got %d", MaxCells, n)
	}
	pr := &Problem{days: p.Days, nS: len(p.Shifts), nE: len(p.Employees)}
	pr.shiftIdx = make(map[string]int, pr.nS)
	pr.length = make([]int, pr.nS)
	for i, s := range p.Shifts {
		f := fmt.Sprintf("shifts[%d]", i)
		if err := checkID(f+".id", s.ID); err != nil {
			return nil, err
		}
		if _, dup := pr.shiftIdx[s.ID]; dup {
			return nil, wijk.Invalid(f+".id", "shift type %q is listed twice", s.ID)
		}
		pr.shiftIdx[s.ID] = i
		if err := checkRange(f+".startMinute", s.StartMinute, 0, dayMinutes-1); err != nil {
			return nil, err
		}
		if err := checkRange(f+".minutes", s.Minutes, 1, maxLength); err != nil {
			return nil, err
		}
		pr.length[i] = s.Minutes
		if pr.shortest == 0 || s.Minutes < pr.shortest {
			pr.shortest = s.Minutes
		}
		if pr.unit == 0 {
			pr.unit = s.Minutes
		} else {
			pr.unit = gcd(pr.unit, s.Minutes)
		}
	}
	pr.forbid = make([]bool, pr.nS*pr.nS)
	for i, s := range p.Shifts {
		for j, id := range s.NotFollowedBy {
			b, ok := pr.shiftIdx[id]
			if !ok {
				return nil, wijk.Invalid(fmt.Sprintf("shifts[%d].notFollowedBy[%d]", i, j), "unknown shift type %q", id)
			}
			pr.forbid[i*pr.nS+b] = true
		}
	}
	if p.MinRestMinutes > 0 {
		for a, sa := range p.Shifts {
			for b, sb := range p.Shifts {
				rest := dayMinutes + sb.StartMinute - (sa.StartMinute + sa.Minutes)
				if rest < p.MinRestMinutes {
					pr.forbid[a*pr.nS+b] = true
				}
			}
		}
	}
	pr.twin = make([]int, pr.nS)
	for k := range pr.nS {
		pr.twin[k] = k
		for j := range k {
			if pr.twin[j] == j && pr.sameRules(j, k) {
				pr.twin[k] = j
				break
			}
		}
	}
	pr.empIdx = make(map[string]int, pr.nE)
	pr.emp = make([]empC, pr.nE)
	for i, e := range p.Employees {
		f := fmt.Sprintf("employees[%d]", i)
		if err := checkID(f+".id", e.ID); err != nil {
			return nil, err
		}
		if _, dup := pr.empIdx[e.ID]; dup {
			return nil, wijk.Invalid(f+".id", "employee %q is listed twice", e.ID)
		}
		pr.empIdx[e.ID] = i
		c, err := pr.compileEmployee(e)
		if err != nil {
			return nil, wijk.InField(f, err)
		}
		pr.emp[i] = c
	}
	pr.rowsAt = make([][]int32, pr.days*pr.nS)
	for i, c := range p.Cover {
		f := fmt.Sprintf("cover[%d]", i)
		if err := checkRange(f+".day", c.Day, 0, pr.days-1); err != nil {
			return nil, err
		}
		s, ok := pr.shiftIdx[c.Shift]
		if !ok {
			return nil, wijk.Invalid(f+".shift", "unknown shift type %q", c.Shift)
		}
		if c.Level != 0 {
			if err := c.Level.Validate(f + ".level"); err != nil {
				return nil, err
			}
		}
		if err := checkRange(f+".required", c.Required, 0, MaxEmployees); err != nil {
			return nil, err
		}
		if err := checkRange(f+".underWeight", c.UnderWeight, 0, MaxWeight); err != nil {
			return nil, err
		}
		if err := checkRange(f+".overWeight", c.OverWeight, 0, MaxWeight); err != nil {
			return nil, err
		}
		k := c.Day*pr.nS + s
		for _, r := range pr.rowsAt[k] {
			if pr.rows[r].level == c.Level {
				return nil, wijk.Invalid(f, "day %d, shift %q, level %d already has a cover row", c.Day, c.Shift, int(c.Level))
			}
		}
		pr.rowsAt[k] = append(pr.rowsAt[k], int32(len(pr.rows)))
		pr.rows = append(pr.rows, coverRow{day: c.Day, shift: s, level: c.Level,
			req: int32(c.Required), under: int32(c.UnderWeight), over: int32(c.OverWeight)})
	}
	pr.pref = make([]int32, pr.nE*pr.days*(pr.nS+1))
	for i, r := range p.OnRequests {
		e, d, s, err := pr.checkRequest(fmt.Sprintf("onRequests[%d]", i), r, false)
		if err != nil {
			return nil, err
		}
		base := (e*pr.days + d) * (pr.nS + 1)
		for k := 0; k <= pr.nS; k++ {
			if k != s+1 {
				pr.pref[base+k] += int32(r.Weight)
			}
		}
		if err := pr.checkCellWeight(fmt.Sprintf("onRequests[%d]", i), r, base); err != nil {
			return nil, err
		}
	}
	for i, r := range p.OffRequests {
		e, d, s, err := pr.checkRequest(fmt.Sprintf("offRequests[%d]", i), r, true)
		if err != nil {
			return nil, err
		}
		base := (e*pr.days + d) * (pr.nS + 1)
		for k := 1; k <= pr.nS; k++ {
			if s < 0 || k == s+1 {
				pr.pref[base+k] += int32(r.Weight)
			}
		}
		if err := pr.checkCellWeight(fmt.Sprintf("offRequests[%d]", i), r, base); err != nil {
			return nil, err
		}
	}
	pr.pin = make([]int8, pr.nE*pr.days)
	for i := range pr.pin {
		pr.pin[i] = noPin
	}
	for i, a := range p.Pins {
		f := fmt.Sprintf("pins[%d]", i)
		e, d, k, err := pr.cell(a)
		if err != nil {
			return nil, wijk.InField(f, err)
		}
		if pr.pin[e*pr.days+d] != noPin {
			return nil, wijk.Invalid(f, "employee %q, day %d is pinned twice", a.Employee, a.Day)
		}
		pr.pin[e*pr.days+d] = k
	}
	pr.weekendOf = make([]int32, pr.days)
	for d := range pr.days {
		pr.weekendOf[d] = -1
		switch time.Weekday((int(p.FirstWeekday) + d%7) % 7) {
		case time.Saturday:
			pr.weekendOf[d] = int32(pr.nWeekends)
			pr.nWeekends++
		case time.Sunday:
			if d > 0 {
				pr.weekendOf[d] = pr.weekendOf[d-1]
			} else {
				pr.weekendOf[d] = int32(pr.nWeekends)
				pr.nWeekends++
			}
		}
	}
	pr.params = cloneParams(p)
	return pr, nil
}

func (pr *Problem) compileEmployee(e EmployeeParams) (empC, error) {
	c := empC{level: e.Level}
	if e.Level != 0 {
		if err := e.Level.Validate("level"); err != nil {
			return c, err
		}
	}
	k := e.Contract
	c.maxShift = make([]int, pr.nS)
	for s := range c.maxShift {
		c.maxShift[s] = big
	}
	ids := make([]string, 0, len(k.MaxShifts))
	for id := range k.MaxShifts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := "contract.maxShifts[" + id + "]"
		s, ok := pr.shiftIdx[id]
		if !ok {
			return c, wijk.Invalid(f, "unknown shift type %q", id)
		}
		v := k.MaxShifts[id]
		if v == NoLimit {
			continue
		}
		if err := checkRange(f, v, 0, MaxDays); err != nil {
			return c, err
		}
		c.maxShift[s] = v
	}
	var err error
	if c.maxMin, err = maxField("contract.maxMinutes", k.MaxMinutes, 1, MaxDays*dayMinutes); err != nil {
		return c, err
	}
	if err := checkRange("contract.minMinutes", k.MinMinutes, 0, MaxDays*dayMinutes); err != nil {
		return c, err
	}
	c.minMin = k.MinMinutes
	if c.minMin > c.maxMin {
		return c, wijk.Invalid("contract.minMinutes", "must not exceed maxMinutes (%d), got %d", c.maxMin, c.minMin)
	}
	if c.maxCons, err = maxField("contract.maxConsecutive", k.MaxConsecutive, 1, MaxDays); err != nil {
		return c, err
	}
	if err := checkRange("contract.minConsecutive", k.MinConsecutive, 0, MaxDays); err != nil {
		return c, err
	}
	c.minCons = k.MinConsecutive
	if c.minCons > c.maxCons {
		return c, wijk.Invalid("contract.minConsecutive", "must not exceed maxConsecutive (%d), got %d", c.maxCons, c.minCons)
	}
	if err := checkRange("contract.minConsecutiveOff", k.MinConsecutiveOff, 0, MaxDays); err != nil {
		return c, err
	}
	c.minOff = k.MinConsecutiveOff
	if c.maxWE, err = maxField("contract.maxWeekends", k.MaxWeekends, 0, MaxDays); err != nil {
		return c, err
	}
	c.dayOff = make([]bool, pr.days)
	for i, d := range e.DaysOff {
		if err := checkRange(fmt.Sprintf("daysOff[%d]", i), d, 0, pr.days-1); err != nil {
			return c, err
		}
		c.dayOff[d] = true
	}
	if len(e.History) > maxHistory {
		return c, wijk.Invalid("history", "must list at most %d days, got %d", maxHistory, len(e.History))
	}
	c.histLast = noPin
	for i, id := range e.History {
		v := offCell
		if id != "" {
			s, ok := pr.shiftIdx[id]
			if !ok {
				return c, wijk.Invalid(fmt.Sprintf("history[%d]", i), "unknown shift type %q", id)
			}
			v = int8(s)
		}
		c.hist = append(c.hist, v)
		c.histLast = v
	}
	for i := len(c.hist) - 1; i >= 0 && c.hist[i] >= 0; i-- {
		c.histWork++
	}
	for i := len(c.hist) - 1; i >= 0 && c.hist[i] < 0; i-- {
		c.histOff++
	}
	return c, nil
}

func (pr *Problem) checkRequest(f string, r RequestParams, off bool) (e, d, s int, err error) {
	e, ok := pr.empIdx[r.Employee]
	if !ok {
		return 0, 0, 0, wijk.Invalid(f+".employee", "unknown employee %q", r.Employee)
	}
	if err := checkRange(f+".day", r.Day, 0, pr.days-1); err != nil {
		return 0, 0, 0, err
	}
	s = -1
	if r.Shift != "" || !off {
		s, ok = pr.shiftIdx[r.Shift]
		if !ok {
			return 0, 0, 0, wijk.Invalid(f+".shift", "unknown shift type %q", r.Shift)
		}
	}
	if err := checkRange(f+".weight", r.Weight, 1, MaxWeight); err != nil {
		return 0, 0, 0, err
	}
	return e, r.Day, s, nil
}

// checkCellWeight refuses requests whose weights on one employee's day
// add up to more than MaxCellWeight. Each weight is at most MaxWeight and
// the sum is checked after every request, so it never overflows.
func (pr *Problem) checkCellWeight(f string, r RequestParams, base int) error {
	for k := 0; k <= pr.nS; k++ {
		if pr.pref[base+k] > MaxCellWeight {
			return wijk.Invalid(f+".weight", "the requests of employee %q on day %d must weigh at most %d together", r.Employee, r.Day, MaxCellWeight)
		}
	}
	return nil
}

// cell resolves an assignment to indices; the shift is offCell for "".
func (pr *Problem) cell(a Assignment) (e, d int, k int8, err error) {
	e, ok := pr.empIdx[a.Employee]
	if !ok {
		return 0, 0, 0, wijk.Invalid("employee", "unknown employee %q", a.Employee)
	}
	if err := checkRange("day", a.Day, 0, pr.days-1); err != nil {
		return 0, 0, 0, err
	}
	k = offCell
	if a.Shift != "" {
		s, ok := pr.shiftIdx[a.Shift]
		if !ok {
			return 0, 0, 0, wijk.Invalid("shift", "unknown shift type %q", a.Shift)
		}
		k = int8(s)
	}
	return e, a.Day, k, nil
}

func maxField(f string, v, lo, hi int) (int, error) {
	if v == NoLimit {
		return big, nil
	}
	if v < lo || v > hi {
		return 0, wijk.Invalid(f, "must be between %d and %d, or NoLimit (-1), got %d", lo, hi, v)
	}
	return v, nil
}

func checkRange(f string, v, lo, hi int) error {
	if v < lo || v > hi {
		return wijk.Invalid(f, "must be between %d and %d, got %d", lo, hi, v)
	}
	return nil
}

// checkID accepts 1–64 printable characters without white space or
// commas, so that IDs survive CSV and the benchmark text format.
func checkID(f, id string) error {
	if id == "" {
		return wijk.Invalid(f, "is required")
	}
	if !utf8.ValidString(id) || utf8.RuneCountInString(id) > maxIDLen {
		return wijk.Invalid(f, "must be valid UTF-8 of at most %d characters", maxIDLen)
	}
	if strings.IndexFunc(id, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r) || r == ',' || r == '|' || r == '=' || r == '"'
	}) >= 0 {
		return wijk.Invalid(f, "must not contain white space, control characters or any of , | = \" (got %q)", id)
	}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func cloneParams(p ProblemParams) ProblemParams {
	q := p
	q.Shifts = make([]ShiftTypeParams, len(p.Shifts))
	for i, s := range p.Shifts {
		s.NotFollowedBy = append([]string(nil), s.NotFollowedBy...)
		q.Shifts[i] = s
	}
	q.Employees = make([]EmployeeParams, len(p.Employees))
	for i, e := range p.Employees {
		e.DaysOff = append([]int(nil), e.DaysOff...)
		e.History = append([]string(nil), e.History...)
		if e.Contract.MaxShifts != nil {
			m := make(map[string]int, len(e.Contract.MaxShifts))
			for k, v := range e.Contract.MaxShifts {
				m[k] = v
			}
			e.Contract.MaxShifts = m
		}
		q.Employees[i] = e
	}
	q.Cover = append([]CoverParams(nil), p.Cover...)
	q.OnRequests = append([]RequestParams(nil), p.OnRequests...)
	q.OffRequests = append([]RequestParams(nil), p.OffRequests...)
	q.Pins = append([]Assignment(nil), p.Pins...)
	return q
}

// Params returns a copy of the parameters the problem was built from, so
// it can be stored and rebuilt with [NewProblem].
func (pr *Problem) Params() ProblemParams { return cloneParams(pr.params) }

// Days returns the length of the horizon.
func (pr *Problem) Days() int { return pr.days }

// Weekday returns the weekday of day d.
func (pr *Problem) Weekday(d int) time.Weekday {
	return time.Weekday((int(pr.params.FirstWeekday) + d%7) % 7)
}

// ShiftIDs returns the shift type IDs in the order they were given.
func (pr *Problem) ShiftIDs() []string {
	out := make([]string, pr.nS)
	for i, s := range pr.params.Shifts {
		out[i] = s.ID
	}
	return out
}

// EmployeeIDs returns the employee IDs in the order they were given.
func (pr *Problem) EmployeeIDs() []string {
	out := make([]string, pr.nE)
	for i, e := range pr.params.Employees {
		out[i] = e.ID
	}
	return out
}

// CannotFollow reports whether shift b may not be worked on the day after
// shift a (given or derived from the minimum rest). Unknown IDs give
// false.
func (pr *Problem) CannotFollow(a, b string) bool {
	i, ok1 := pr.shiftIdx[a]
	j, ok2 := pr.shiftIdx[b]
	return ok1 && ok2 && pr.forbid[i*pr.nS+j]
}

// Pins returns the pinned cells.
func (pr *Problem) Pins() []Assignment { return append([]Assignment(nil), pr.params.Pins...) }

// WithPins returns a copy of the problem with extra pins added, for
// example to fix the days someone reported ill before repairing a roster.
func (pr *Problem) WithPins(pins ...Assignment) (*Problem, error) {
	p := pr.Params()
	p.Pins = append(p.Pins, pins...)
	return NewProblem(p)
}

// sameRules reports whether shift types a and b have the same length and
// the same cannot-follow rules, as the shift before and as the one after.
func (pr *Problem) sameRules(a, b int) bool {
	if pr.length[a] != pr.length[b] {
		return false
	}
	n := pr.nS
	for x := range n {
		if pr.forbid[a*n+x] != pr.forbid[b*n+x] || pr.forbid[x*n+a] != pr.forbid[x*n+b] {
			return false
		}
	}
	return true
}

// minuteMag measures x minutes over or under a contract's total in
// shortest shifts (rounded up), so that one missing shift weighs about as
// much as one broken day-off or run rule.
func (pr *Problem) minuteMag(x int) int {
	return (x + pr.shortest - 1) / pr.shortest
}
