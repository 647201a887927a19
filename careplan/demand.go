package careplan

import (
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// MaxDemandDays is the longest date range, in days, one demand request may
// cover.
const MaxDemandDays = 366

// Visit is one visit a client needs on one day: the demand a visit
// planner turns into a nurse's route. It is what a plan's interventions
// ask for, not yet who goes or when exactly.
type Visit struct {
	// Client is the client to visit.
	Client wijk.ID
	// Plan is the care plan the visit comes from.
	Plan wijk.ID
	// Date is the day of the visit.
	Date wijk.Date
	// EarliestStart and LatestStart bound the start of the visit, in
	// minutes after midnight (inclusive): the overlap of the start windows
	// of the interventions it covers.
	EarliestStart int
	LatestStart   int
	// Minutes is how long the visit takes: the sum of its interventions'
	// minutes. LatestStart + Minutes never passes midnight.
	Minutes int
	// Level is the lowest qualification level that may make the visit:
	// the highest level any of its interventions needs.
	Level team.Level
	// Interventions are the IDs of the interventions the visit covers, in
	// the order of their start windows.
	Interventions []wijk.ID
}

// VisitDemand expands the plan's interventions into the visits needed on
// each day from from to to (inclusive; at most [MaxDemandDays] days).
//
// Which plans give demand: only active plans and plans under review (care
// goes on during a review, with the plan's current interventions), and
// only from the day of the plan's first authorisation and the episode's
// start. Interventions of a resolved problem stop on the day it was
// resolved. Draft and closed plans give no visits and no error.
//
// Which days: a PerDay intervention is given every day, once in each of
// its windows. A PerWeek intervention is given on its fixed Days if it has
// them; otherwise its n times are spread over each Monday-to-Sunday week as
// evenly as whole days allow — on days ⌊i·7/n⌋ for i = 0…n−1 counted from
// a first day — where the first day is derived from the client's ID (a
// hash, the same on every run): one client's weekly care falls on the same
// days, so it can share visits, while different clients' weekly care is
// spread over the week.
//
// How interventions share a visit: on each day the client's intervention
// times are taken in order of their window's earliest start (then latest
// start, then the order of the interventions in the plan), and each joins
// the visit being formed when its start window overlaps the visit's start
// window so far and the combined visit still ends by midnight; otherwise it
// starts a new visit. A combined visit's start window is the overlap of
// its interventions' windows, its minutes their sum, and its level the
// highest they need. The result is sorted by date, earliest start, latest
// start and first intervention ID, so the same plan and range always give
// the same visits.
func (c *CarePlan) VisitDemand(from, to wijk.Date) ([]Visit, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	return c.demand(from, to), nil
}

// Demand returns the visits that all the given plans need from from to to
// (see [CarePlan.VisitDemand] for the rules), sorted by date, earliest
// start, latest start, client, plan and first intervention. Nil plans are
// skipped.
func Demand(plans []*CarePlan, from, to wijk.Date) ([]Visit, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	var out []Visit
	for _, p := range plans {
		if p != nil {
			out = append(out, p.demand(from, to)...)
		}
	}
	slices.SortStableFunc(out, func(a, b Visit) int {
		if c := compareVisits(a, b); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Client), string(b.Client)); c != 0 {
			return c
		}
		return strings.Compare(string(a.Plan), string(b.Plan))
	})
	return out, nil
}

func checkRange(from, to wijk.Date) error {
	if from.IsZero() {
		return wijk.Invalid("from", "is required")
	}
	if to.IsZero() {
		return wijk.Invalid("to", "is required")
	}
	if to.Before(from) {
		return wijk.Invalid("to", "must not be before from (%s)", from)
	}
	if n := to.DaysSince(from) + 1; n > MaxDemandDays {
		return wijk.Invalid("to", "must be at most %d days after from, got %d days", MaxDemandDays, n)
	}
	return nil
}

func compareVisits(a, b Visit) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if a.EarliestStart != b.EarliestStart {
		return a.EarliestStart - b.EarliestStart
	}
	if a.LatestStart != b.LatestStart {
		return a.LatestStart - b.LatestStart
	}
	return strings.Compare(string(a.Interventions[0]), string(b.Interventions[0]))
}

// occurrence is one intervention to be given at one time on one day.
type occurrence struct {
	order   int // index of the intervention in the plan
	id      wijk.ID
	window  Window
	minutes int
	level   team.Level
}

func (c *CarePlan) demand(from, to wijk.Date) []Visit {
	if (c.status != Active && c.status != UnderReview) || len(c.authorisations) == 0 {
		return nil
	}
	day := from
	if day.Before(c.start) {
		day = c.start
	}
	if careStart := wijk.DateOf(c.authorisations[0].At); day.Before(careStart) {
		day = careStart
	}
	offset := weekOffset(c.client)
	resolved := map[string]wijk.Date{}
	for _, p := range c.problems {
		resolved[p.Code] = p.Resolved
	}
	var out []Visit
	for ; !day.After(to); day = day.AddDays(1) {
		var occ []occurrence
		for i, iv := range c.interventions {
			if r := resolved[iv.Problem]; !r.IsZero() && !day.Before(r) {
				continue
			}
			s := iv.Schedule
			if s.Per == PerWeek && !givenOn(s, day, offset) {
				continue
			}
			for _, w := range s.Windows {
				occ = append(occ, occurrence{order: i, id: iv.ID, window: w, minutes: s.Minutes, level: iv.Level})
			}
		}
		out = append(out, c.combine(day, occ)...)
		if day == wijk.MaxDate {
			break
		}
	}
	slices.SortStableFunc(out, compareVisits)
	return out
}

// combine groups one day's occurrences into visits, by the rule of
// VisitDemand.
func (c *CarePlan) combine(day wijk.Date, occ []occurrence) []Visit {
	slices.SortStableFunc(occ, func(a, b occurrence) int {
		if a.window.Earliest != b.window.Earliest {
			return a.window.Earliest - b.window.Earliest
		}
		if a.window.Latest != b.window.Latest {
			return a.window.Latest - b.window.Latest
		}
		return a.order - b.order
	})
	var out []Visit
	for _, o := range occ {
		if n := len(out); n > 0 {
			v := &out[n-1]
			e := max(v.EarliestStart, o.window.Earliest)
			l := min(v.LatestStart, o.window.Latest, MinutesPerDay-(v.Minutes+o.minutes))
			if e <= l && !slices.Contains(v.Interventions, o.id) {
				v.EarliestStart, v.LatestStart = e, l
				v.Minutes += o.minutes
				v.Level = max(v.Level, o.level)
				v.Interventions = append(v.Interventions, o.id)
				continue
			}
		}
		out = append(out, Visit{
			Client: c.client, Plan: c.id, Date: day,
			EarliestStart: o.window.Earliest, LatestStart: o.window.Latest,
			Minutes: o.minutes, Level: o.level, Interventions: []wijk.ID{o.id},
		})
	}
	return out
}

// weekOffset derives the first day of a client's spread weekly care from
// the client's ID: 0 is Monday.
func weekOffset(client wijk.ID) int {
	h := fnv.New32a()
	h.Write([]byte(client))
	return int(h.Sum32() % 7)
}

// mondayIndex returns 0 for Monday … 6 for Sunday.
func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

// givenOn reports whether a weekly schedule is given on day.
func givenOn(s Schedule, day wijk.Date, offset int) bool {
	wd := day.Weekday()
	if len(s.Days) > 0 {
		return slices.Contains(s.Days, wd)
	}
	k := (mondayIndex(wd) - offset + 7) % 7
	for i := range s.Times {
		if i*7/s.Times == k {
			return true
		}
	}
	return false
}
