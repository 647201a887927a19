package planning

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
)

// ChangeKind says how a visit changed between two plans of a day. The
// zero value is not valid.
type ChangeKind int

// The ways a visit can change.
const (
	// Added: the visit is made in the new plan and was not in the old.
	Added ChangeKind = iota + 1
	// Removed: the visit was made in the old plan and is not in the new
	// (it is unassigned, or no longer asked for).
	Removed
	// Moved: the same nurse makes it at another time.
	Moved
	// Reassigned: another nurse makes it.
	Reassigned
)

var changeKindEnum = enum.New[ChangeKind]("ChangeKind", "kind", "added", "removed", "moved", "reassigned")

// String returns the kind's name, e.g. "reassigned".
func (k ChangeKind) String() string { return changeKindEnum.String(k) }

// Valid reports whether k is one of the kinds above.
func (k ChangeKind) Valid() bool { return changeKindEnum.Valid(k) }

// ParseChangeKind parses a kind's name, in any case. The error matches
// [wijk.ErrInvalid].
func ParseChangeKind(s string) (ChangeKind, error) { return changeKindEnum.Parse(s) }

// DefaultMoveMinutes is the smallest shift in start time [DiffDay]
// reports as a move.
const DefaultMoveMinutes = 15

// VisitChange is one visit that changed between two plans of a day.
type VisitChange struct {
	Kind ChangeKind
	// Visit is the visit's ID and Client the client visited (the part of
	// the ID before its last "/", as [DayProblem] names visits; the whole
	// ID otherwise).
	Visit, Client string
	// From is the nurse of the old plan and To the nurse of the new
	// ("" where the visit is not in that plan).
	From, To string
	// Before and After are the start times, in minutes after midnight, in
	// the old and the new plan (0 where the visit is not in it).
	Before, After float64
	// Unassigned, for a removed visit, reports that the new plan leaves
	// it unassigned (rather than no longer asking for it).
	Unassigned bool
}

// DayDiff lists what changed between two plans of a day, nurse by nurse:
// nurses in the old plan's order, then nurses only in the new plan; each
// nurse's changes by time. A change appears once, under the nurse who had
// the visit (the new nurse for an added one).
type DayDiff struct {
	Changes []VisitChange
}

// DiffDay compares two evaluated plans of the same day (the adopted one
// and a re-plan, say). Visits are matched by ID. A visit whose start
// moved by less than minMove minutes with the same nurse is not a change;
// minMove 0 means [DefaultMoveMinutes].
func DiffDay(before, after visit.Evaluation, minMove float64) DayDiff {
	if minMove <= 0 || !finite(minMove) {
		minMove = DefaultMoveMinutes
	}
	type at struct {
		nurse string
		start float64
	}
	index := func(ev visit.Evaluation) (map[string]at, []string) {
		m := map[string]at{}
		var nurses []string
		for _, r := range ev.Routes {
			nurses = append(nurses, r.Nurse)
			for _, st := range r.Stops {
				if _, dup := m[st.Visit]; !dup {
					m[st.Visit] = at{r.Nurse, st.Start}
				}
			}
		}
		return m, nurses
	}
	old, oldNurses := index(before)
	now, newNurses := index(after)
	unassigned := map[string]bool{}
	for _, v := range after.Unassigned {
		unassigned[v] = true
	}
	var order []string
	seen := map[string]bool{}
	for _, n := range append(oldNurses, newNurses...) {
		if !seen[n] {
			seen[n] = true
			order = append(order, n)
		}
	}
	byNurse := map[string][]VisitChange{}
	add := func(n string, c VisitChange) { byNurse[n] = append(byNurse[n], c) }
	visitsOf := func(ev visit.Evaluation) []string {
		var ids []string
		for _, r := range ev.Routes {
			for _, st := range r.Stops {
				ids = append(ids, st.Visit)
			}
		}
		return ids
	}
	for _, id := range visitsOf(before) {
		o := old[id]
		c := VisitChange{Visit: id, Client: clientOf(id), From: o.nurse, Before: o.start}
		n, ok := now[id]
		switch {
		case !ok:
			c.Kind, c.Unassigned = Removed, unassigned[id]
		case n.nurse != o.nurse:
			c.Kind, c.To, c.After = Reassigned, n.nurse, n.start
		case math.Abs(n.start-o.start) >= minMove:
			c.Kind, c.To, c.After = Moved, n.nurse, n.start
		default:
			continue
		}
		add(o.nurse, c)
	}
	for _, id := range visitsOf(after) {
		if _, ok := old[id]; ok {
			continue
		}
		n := now[id]
		add(n.nurse, VisitChange{Kind: Added, Visit: id, Client: clientOf(id), To: n.nurse, After: n.start})
	}
	var d DayDiff
	for _, n := range order {
		cs := byNurse[n]
		delete(byNurse, n)
		slices.SortStableFunc(cs, func(a, b VisitChange) int {
			if c := cmp.Compare(when(a), when(b)); c != 0 {
				return c
			}
			return strings.Compare(a.Visit, b.Visit)
		})
		d.Changes = append(d.Changes, cs...)
	}
	return d
}

func when(c VisitChange) float64 {
	if c.Kind == Added {
		return c.After
	}
	return c.Before
}

func clientOf(visitID string) string {
	if i := strings.LastIndexByte(visitID, '/'); i > 0 {
		return visitID[:i]
	}
	return visitID
}

// String renders the diff with IDs as they are; see [DayDiff.Format].
func (d DayDiff) String() string { return d.Format(nil) }

// Format renders the diff one change per line, in plain words, with
// name turning nurse and client IDs into names (nil leaves the IDs):
//
//	Anne: visit to Bep at 09:30 goes to Cem, at 09:45
//	Anne: visit to Jan moves from 11:00 to 11:30
//	Anne: visit to Kees at 14:00 is dropped and stays unassigned
//	Cem: new visit to Lies at 10:15
//
// An empty diff renders as "no changes".
func (d DayDiff) Format(name func(id string) string) string {
	if name == nil {
		name = func(id string) string { return id }
	}
	if len(d.Changes) == 0 {
		return "no changes\n"
	}
	var b strings.Builder
	for _, c := range d.Changes {
		client := name(c.Client)
		switch c.Kind {
		case Added:
			fmt.Fprintf(&b, "%s: new visit to %s at %s\n", name(c.To), client, hhmm(c.After))
		case Removed:
			what := "is no longer planned"
			if c.Unassigned {
				what = "is dropped and stays unassigned"
			}
			fmt.Fprintf(&b, "%s: visit to %s at %s %s\n", name(c.From), client, hhmm(c.Before), what)
		case Moved:
			fmt.Fprintf(&b, "%s: visit to %s moves from %s to %s\n", name(c.From), client, hhmm(c.Before), hhmm(c.After))
		case Reassigned:
			fmt.Fprintf(&b, "%s: visit to %s at %s goes to %s, at %s\n", name(c.From), client, hhmm(c.Before), name(c.To), hhmm(c.After))
		}
	}
	return b.String()
}

func hhmm(m float64) string {
	n := int(math.Round(m))
	return fmt.Sprintf("%02d:%02d", n/60, n%60)
}

// ShiftChange is one member's day that differs between two rosters.
type ShiftChange struct {
	// Member is the employee ID (the member's ID in a [RosterSetup]).
	Member string
	// Day is the day index and Date its date (zero when the diff was
	// made without a start date).
	Day  int
	Date wijk.Date
	// Before and After are the shift types, "" for a day off.
	Before, After string
}

// RosterDiff lists the days that changed between two rosters, member by
// member (in the old roster's order, then members only in the new), each
// member's days in order.
type RosterDiff struct {
	Changes []ShiftChange
}

// DiffRoster compares two rosters of the same period, which may belong to
// different problems (a roster and its repair): cells are matched by
// employee ID and day, and an employee or day that one roster lacks counts
// as off there. start, when not zero, dates the days. A nil roster is an
// error matching [wijk.ErrInvalid].
func DiffRoster(before, after *roster.Roster, start wijk.Date) (RosterDiff, error) {
	if before == nil {
		return RosterDiff{}, wijk.Invalid("before", "is required")
	}
	if after == nil {
		return RosterDiff{}, wijk.Invalid("after", "is required")
	}
	shift := func(r *roster.Roster, e string, d int) string {
		if d >= r.Problem().Days() {
			return ""
		}
		s, err := r.Shift(e, d)
		if err != nil {
			return ""
		}
		return s
	}
	var order []string
	seen := map[string]bool{}
	for _, e := range append(before.Problem().EmployeeIDs(), after.Problem().EmployeeIDs()...) {
		if !seen[e] {
			seen[e] = true
			order = append(order, e)
		}
	}
	days := max(before.Problem().Days(), after.Problem().Days())
	var out RosterDiff
	for _, e := range order {
		for d := range days {
			b, a := shift(before, e, d), shift(after, e, d)
			if a == b {
				continue
			}
			c := ShiftChange{Member: e, Day: d, Before: b, After: a}
			if !start.IsZero() {
				c.Date = start.AddDays(d)
			}
			out.Changes = append(out.Changes, c)
		}
	}
	return out, nil
}

// String renders the diff with IDs as they are; see [RosterDiff.Format].
func (d RosterDiff) String() string { return d.Format(nil) }

// Format renders the diff one change per line, in plain words, with name
// turning member IDs into names (nil leaves the IDs):
//
//	Anne, Wed 2026-03-04: early shift becomes a day off
//	Cem, Wed 2026-03-04: day off becomes early shift
//	Cem, Thu 2026-03-05: late shift becomes early shift
//
// An empty diff renders as "no changes".
func (d RosterDiff) Format(name func(id string) string) string {
	if name == nil {
		name = func(id string) string { return id }
	}
	if len(d.Changes) == 0 {
		return "no changes\n"
	}
	word := func(s string) string {
		if s == "" {
			return "day off"
		}
		return s + " shift"
	}
	var b strings.Builder
	for _, c := range d.Changes {
		day := fmt.Sprintf("day %d", c.Day)
		if !c.Date.IsZero() {
			day = c.Date.Weekday().String()[:3] + " " + c.Date.String()
		}
		after := word(c.After)
		if c.After == "" {
			after = "a day off"
		}
		fmt.Fprintf(&b, "%s, %s: %s becomes %s\n", name(c.Member), day, word(c.Before), after)
	}
	return b.String()
}
