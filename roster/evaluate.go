package roster

import (
	"fmt"

	"github.com/wijkzorg/wijk/internal/enum"
)

// Rule names a hard rule of a roster. The zero Rule is not valid.
type Rule int

// The hard rules. A roster that breaks none of them is feasible.
const (
	// RuleMaxShifts: more shifts of one type than the contract allows.
	RuleMaxShifts Rule = iota + 1
	// RuleMaxMinutes: more minutes in total than the contract allows.
	RuleMaxMinutes
	// RuleMinMinutes: fewer minutes in total than the contract asks.
	RuleMinMinutes
	// RuleCannotFollow: a shift on the day after one it may not follow.
	RuleCannotFollow
	// RuleMaxConsecutive: too many working days in a row.
	RuleMaxConsecutive
	// RuleMinConsecutive: too few working days in a row.
	RuleMinConsecutive
	// RuleMinConsecutiveOff: too few days off in a row.
	RuleMinConsecutiveOff
	// RuleMaxWeekends: too many weekends worked.
	RuleMaxWeekends
	// RuleDayOff: work on a fixed day off.
	RuleDayOff
	// RulePin: a pinned cell was changed.
	RulePin
)

var ruleEnum = enum.New[Rule]("Rule", "rule", "max-shifts", "max-minutes", "min-minutes", "cannot-follow",
	"max-consecutive", "min-consecutive", "min-consecutive-off", "max-weekends", "day-off", "pin")

// Valid reports whether r is one of the defined rules.
func (r Rule) Valid() bool { return ruleEnum.Valid(r) }

// String returns the rule's name, e.g. "max-consecutive".
func (r Rule) String() string { return ruleEnum.String(r) }

// ParseRule reads a rule name as String writes it, in any case; a space or
// an underscore may stand for a hyphen ("max consecutive").
func ParseRule(s string) (Rule, error) { return ruleEnum.Parse(s) }

// MarshalText writes the rule's name, e.g. "day-off"; the zero Rule is
// refused with an error matching [wijk.ErrInvalid].
func (r Rule) MarshalText() ([]byte, error) { return ruleEnum.MarshalText(r) }

// UnmarshalText reads a rule name as [ParseRule] does.
func (r *Rule) UnmarshalText(b []byte) error { return ruleEnum.UnmarshalText(b, r) }

// Violation is one broken hard rule: who, which rule, on which days, and
// by how much.
type Violation struct {
	Employee string
	Rule     Rule
	// Days are the days involved: the run, the weekend Saturdays (or
	// Sundays), the day off; empty for rules about the whole horizon.
	Days []int
	// Shift is the shift type involved, when the rule is about one.
	Shift string
	// Amount says by how much the rule is broken: days, shifts, weekends
	// or minutes.
	Amount int
	// Message explains the violation in words.
	Message string
}

// Breakdown splits the soft penalty by constraint.
type Breakdown struct {
	// ShiftOnRequests is the weight of shift-on requests not granted.
	ShiftOnRequests int
	// ShiftOffRequests is the weight of shift-off requests not granted.
	ShiftOffRequests int
	// CoverUnder is the penalty for missing employees, CoverOver for
	// employees beyond the requirement.
	CoverUnder int
	CoverOver  int
}

// Total returns the sum of the parts.
func (b Breakdown) Total() int {
	return b.ShiftOnRequests + b.ShiftOffRequests + b.CoverUnder + b.CoverOver
}

// Score orders rosters: fewer hard violations first, then the lower soft
// penalty.
type Score struct {
	Hard int
	Soft int
}

// Less reports whether s is better than t.
func (s Score) Less(t Score) bool {
	if s.Hard != t.Hard {
		return s.Hard < t.Hard
	}
	return s.Soft < t.Soft
}

// String returns e.g. "0 hard, 607 soft".
func (s Score) String() string { return fmt.Sprintf("%d hard, %d soft", s.Hard, s.Soft) }

// Evaluation is the full assessment of a roster.
type Evaluation struct {
	// Violations lists every broken hard rule, employees in problem
	// order.
	Violations []Violation
	// Penalty is the soft penalty (the benchmark objective); Breakdown
	// splits it.
	Penalty   int
	Breakdown Breakdown
}

// Feasible reports whether no hard rule is broken.
func (ev Evaluation) Feasible() bool { return len(ev.Violations) == 0 }

// Score returns the evaluation as a Score.
func (ev Evaluation) Score() Score { return Score{Hard: len(ev.Violations), Soft: ev.Penalty} }

// Evaluate assesses the roster against every rule of its problem. A nil
// or zero Roster (not made by this package) has no problem and gives the
// zero Evaluation; [NewEvaluator] and [Roster.Set] report it as an error.
func (r *Roster) Evaluate() Evaluation {
	if r.check() != nil {
		return Evaluation{}
	}
	p := r.p
	var ev Evaluation
	for e := range p.nE {
		p.scan(e, r.cells[e*p.days:(e+1)*p.days], &ev.Violations)
	}
	for _, q := range p.params.OnRequests {
		e, s := p.empIdx[q.Employee], p.shiftIdx[q.Shift]
		if int(r.cells[e*p.days+q.Day]) != s {
			ev.Breakdown.ShiftOnRequests += q.Weight
		}
	}
	for _, q := range p.params.OffRequests {
		e := p.empIdx[q.Employee]
		k := r.cells[e*p.days+q.Day]
		if k >= 0 && (q.Shift == "" || int(k) == p.shiftIdx[q.Shift]) {
			ev.Breakdown.ShiftOffRequests += q.Weight
		}
	}
	counts := r.p.coverCounts(r.cells)
	for i, row := range p.rows {
		n := counts[i]
		if n < row.req {
			ev.Breakdown.CoverUnder += int(row.under * (row.req - n))
		} else {
			ev.Breakdown.CoverOver += int(row.over * (n - row.req))
		}
	}
	ev.Penalty = ev.Breakdown.Total()
	return ev
}

// qualifies reports whether employee e counts towards cover row i.
func (pr *Problem) qualifies(e int, i int32) bool {
	l := pr.rows[i].level
	return l == 0 || pr.emp[e].level >= l
}

func (pr *Problem) coverCounts(cells []int8) []int32 {
	counts := make([]int32, len(pr.rows))
	for e := range pr.nE {
		for d := range pr.days {
			if k := cells[e*pr.days+d]; k >= 0 {
				for _, i := range pr.rowsAt[d*pr.nS+int(k)] {
					if pr.qualifies(e, i) {
						counts[i]++
					}
				}
			}
		}
	}
	return counts
}

// scan checks employee e's row against the hard rules. It returns the
// number of violations and their weighted magnitude (the measure the
// solver minimises), and appends explained violations to out when out is
// not nil.
func (pr *Problem) scan(e int, row []int8, out *[]Violation) (count, mag int) {
	c := &pr.emp[e]
	H := pr.days
	id := ""
	if out != nil {
		id = pr.params.Employees[e].ID
	}
	add := func(rule Rule, days []int, shift int8, amount, m int, msg string, args ...any) {
		count++
		mag += m
		if out != nil {
			*out = append(*out, Violation{Employee: id, Rule: rule, Days: days, Shift: pr.shiftName(shift),
				Amount: amount, Message: id + " " + fmt.Sprintf(msg, args...)})
		}
	}
	var perShift [MaxShifts]int
	minutes, we := 0, 0
	lastWE := int32(-1)
	noHist := len(c.hist) == 0
	closeRun := func(work bool, start, end, n int) {
		exempt := end == H-1 || (start == 0 && noHist)
		switch {
		case work && n > c.maxCons:
			add(RuleMaxConsecutive, span(start, end), offCell, n-c.maxCons, n-c.maxCons,
				"works %d days in a row (days %d–%d), the contract allows at most %d", n, start, end, c.maxCons)
		case work && n < c.minCons && !exempt:
			add(RuleMinConsecutive, span(start, end), offCell, c.minCons-n, c.minCons-n,
				"works only %d days in a row (days %d–%d), the contract asks at least %d", n, start, end, c.minCons)
		case !work && n < c.minOff && !exempt:
			add(RuleMinConsecutiveOff, span(start, end), offCell, c.minOff-n, c.minOff-n,
				"has only %d days off in a row (days %d–%d), the contract asks at least %d", n, start, end, c.minOff)
		}
	}
	prev := c.histLast
	curWork, n, start := false, 0, 0
	if !noHist {
		curWork = c.histLast >= 0
		n = c.histOff
		if curWork {
			n = c.histWork
		}
	}
	for d := range H {
		k := row[d]
		w := k >= 0
		if (d > 0 || !noHist) && w == curWork {
			n++
		} else {
			if d > 0 {
				closeRun(curWork, start, d-1, n)
			}
			curWork, n, start = w, 1, d
		}
		if w {
			if prev >= 0 && pr.forbid[int(prev)*pr.nS+int(k)] {
				add(RuleCannotFollow, []int{d - 1, d}, k, 1, 1, "works %s on day %d after %s, which it may not follow",
					pr.shiftName(k), d, pr.shiftName(prev))
			}
			perShift[k]++
			minutes += pr.length[k]
			if c.dayOff[d] {
				add(RuleDayOff, []int{d}, k, 1, 1, "works %s on day %d, a fixed day off", pr.shiftName(k), d)
			}
			if wk := pr.weekendOf[d]; wk >= 0 && wk != lastWE {
				we++
				lastWE = wk
			}
		}
		if pk := pr.pin[e*H+d]; pk != noPin && pk != k {
			add(RulePin, []int{d}, pk, 1, 1, "is pinned to %s on day %d", pinText(pr, pk), d)
		}
		prev = k
	}
	closeRun(curWork, start, H-1, n)
	for s := range pr.nS {
		if perShift[s] > c.maxShift[s] {
			add(RuleMaxShifts, nil, int8(s), perShift[s]-c.maxShift[s], perShift[s]-c.maxShift[s],
				"works %d %s shifts, the contract allows at most %d", perShift[s], pr.shiftName(int8(s)), c.maxShift[s])
		}
	}
	if minutes > c.maxMin {
		x := minutes - c.maxMin
		add(RuleMaxMinutes, nil, offCell, x, pr.minuteMag(x), "works %d minutes, the contract allows at most %d", minutes, c.maxMin)
	}
	if minutes < c.minMin {
		x := c.minMin - minutes
		add(RuleMinMinutes, nil, offCell, x, pr.minuteMag(x), "works %d minutes, the contract asks at least %d", minutes, c.minMin)
	}
	if we > c.maxWE {
		var days []int
		if out != nil {
			last := int32(-1)
			for d := range H {
				if w := pr.weekendOf[d]; w >= 0 && w != last && row[d] >= 0 {
					days = append(days, d)
					last = w
				}
			}
		}
		add(RuleMaxWeekends, days, offCell, we-c.maxWE, we-c.maxWE, "works %d weekends, the contract allows at most %d", we, c.maxWE)
	}
	return count, mag
}

func pinText(pr *Problem, k int8) string {
	if k < 0 {
		return "a day off"
	}
	return pr.shiftName(k)
}

func span(a, b int) []int {
	if b < a {
		return nil
	}
	out := make([]int, 0, b-a+1)
	for d := a; d <= b; d++ {
		out = append(out, d)
	}
	return out
}
