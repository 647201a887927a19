package careplan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/team"
)

// Limits on a plan's contents.
const (
	// MaxInterventions is the most interventions one plan may hold.
	MaxInterventions = 100
	// MaxSigns is the most signs/symptoms one problem may list.
	MaxSigns = 40
	// MaxRatings is the most ratings one plan may hold.
	MaxRatings = 2000
	// MaxMinutes is the longest one intervention may take each time, in
	// minutes.
	MaxMinutes = 480
	// MaxTimesPerDay is the most times a day one intervention may be
	// given.
	MaxTimesPerDay = 12
	// MinutesPerDay is the number of minutes in a day; minutes of the day
	// run from 0 (00:00) to MinutesPerDay-1 (23:59).
	MinutesPerDay = 24 * 60
)

// Sign is a sign/symptom recorded for an actual problem: one of the
// problem's listed signs, or "other" with a description.
type Sign struct {
	// Name is the sign as the Omaha System lists it for the problem, or
	// "other". It is stored in the listed spelling.
	Name string `json:"name"`
	// Detail describes the sign in the client's case; required when Name
	// is "other", optional otherwise.
	Detail string `json:"detail"`
}

// String returns the sign's name, or "other: detail".
func (s Sign) String() string {
	if s.Detail == "" {
		return s.Name
	}
	return s.Name + ": " + s.Detail
}

// Problem is an Omaha problem as recorded in one client's plan: the
// problem, its two modifiers, the signs/symptoms seen and the goal agreed
// with the client.
type Problem struct {
	// Code is the Omaha problem code ("01" to "42"; see package omaha). A
	// plan holds each problem at most once.
	Code string `json:"code"`
	// Scope says whom the problem concerns.
	Scope omaha.Scope `json:"scope"`
	// Severity says how far the problem has developed.
	Severity omaha.Severity `json:"severity"`
	// Signs are the signs/symptoms seen: at least one when Severity is
	// actual, none otherwise.
	Signs []Sign `json:"signs"`
	// Goal is what the client and the nurse aim for with this problem, in
	// words the client recognises.
	Goal string `json:"goal"`
	// Resolved is the day the problem was resolved (set by
	// [CarePlan.ResolveProblem]); zero while the problem is open.
	Resolved wijk.Date `json:"resolved"`
}

// Open reports whether the problem has not been resolved.
func (p Problem) Open() bool { return p.Resolved.IsZero() }

// Name returns the problem's Omaha name, e.g. "Skin".
func (p Problem) Name() string {
	op, err := omaha.ProblemByCode(p.Code)
	if err != nil {
		return p.Code
	}
	return op.Name
}

func (p Problem) clone() Problem {
	p.Signs = slices.Clone(p.Signs)
	return p
}

// normalised reads the code and sign names into their canonical spelling
// where they are recognised, and trims text; validate reports anything
// left wrong.
func (p Problem) normalised() Problem {
	p = p.clone()
	if op, err := omaha.LookupProblem(p.Code); err == nil {
		p.Code = op.Code
		for i := range p.Signs {
			s := &p.Signs[i]
			s.Detail = strings.TrimSpace(s.Detail)
			if omaha.IsOther(s.Name) {
				s.Name = omaha.Other
			} else if listed, ok := op.Sign(s.Name); ok {
				s.Name = listed
			}
		}
	}
	p.Goal = strings.TrimSpace(p.Goal)
	return p
}

// validate checks a problem on its own: the code, the modifiers, the
// signs against the severity, the goal.
func (p Problem) validate() error {
	op, err := omaha.ProblemByCode(p.Code)
	if err != nil || op.Code != p.Code {
		return wijk.Invalid("code", "must be an Omaha problem code 01 to %02d, got %q", omaha.NumProblems, p.Code)
	}
	if !p.Scope.Valid() {
		return wijk.Invalid("scope", "must be individual, family or community")
	}
	if !p.Severity.Valid() {
		return wijk.Invalid("severity", "must be health promotion, potential or actual")
	}
	if p.Severity.NeedsSigns() && len(p.Signs) == 0 {
		return wijk.Invalid("signs", "an actual problem needs at least one sign/symptom of %s", op)
	}
	if !p.Severity.NeedsSigns() && len(p.Signs) > 0 {
		return wijk.Invalid("signs", "a %s problem has no signs/symptoms; record it as actual if signs are present", p.Severity)
	}
	if len(p.Signs) > MaxSigns {
		return wijk.Invalid("signs", "must have at most %d entries", MaxSigns)
	}
	seen := map[Sign]bool{}
	for i, s := range p.Signs {
		field := fmt.Sprintf("signs[%d]", i)
		if s.Name == omaha.Other {
			if err := valid.Required(field+".detail", s.Detail, MaxNote); err != nil {
				return wijk.Invalid(field+".detail", "must describe the sign when it is other")
			}
		} else {
			if listed, ok := op.Sign(s.Name); !ok || listed != s.Name {
				return wijk.Invalid(field+".name", "%q is not a sign/symptom of %s", s.Name, op)
			}
			if err := valid.Text(field+".detail", s.Detail, MaxNote); err != nil {
				return err
			}
		}
		key := s // "other" may appear once per description
		if s.Name != omaha.Other {
			key.Detail = "" // a listed sign appears once; its detail says it all
		}
		if seen[key] {
			return wijk.Invalid(field, "is recorded twice")
		}
		seen[key] = true
	}
	return valid.Required("goal", p.Goal, MaxNote)
}

// Period says what an intervention's frequency counts: times a day or
// times a week. The zero Period is not valid.
type Period int

// The periods of a schedule.
const (
	// PerDay: the intervention is given Times times every day.
	PerDay Period = iota + 1
	// PerWeek: the intervention is given Times times every week, on at
	// most one occasion a day.
	PerWeek
)

var periodEnum = enum.New[Period]("Period", "per", "day", "week").
	Alias(PerDay, "per day", "daily").
	Alias(PerWeek, "per week", "weekly")

// Valid reports whether p is PerDay or PerWeek.
func (p Period) Valid() bool { return periodEnum.Valid(p) }

// String returns "day" or "week".
func (p Period) String() string { return periodEnum.String(p) }

// ParsePeriod reads "day", "week", "per day", "per week", "daily" or
// "weekly", in any case.
func ParsePeriod(s string) (Period, error) { return periodEnum.Parse(s) }

// MarshalText writes "day" or "week"; a Period that is not valid is refused
// with an error matching [wijk.ErrInvalid].
func (p Period) MarshalText() ([]byte, error) { return periodEnum.MarshalText(p) }

// UnmarshalText reads a period in any form [ParsePeriod] reads.
func (p *Period) UnmarshalText(b []byte) error { return periodEnum.UnmarshalText(b, p) }

// Window is a preferred start window: the visit should start no earlier
// than Earliest and no later than Latest, both in minutes after midnight
// (480 is 08:00).
type Window struct {
	// Earliest is the earliest start, minutes after midnight.
	Earliest int `json:"earliest"`
	// Latest is the latest start, minutes after midnight.
	Latest int `json:"latest"`
}

// String returns "08:00–09:30".
func (w Window) String() string { return clock(w.Earliest) + "–" + clock(w.Latest) }

// clock formats a minute of the day as 15:04.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Schedule says how often and how long an intervention is given, and when
// in the day.
type Schedule struct {
	// Times is how often the intervention is given per Per: 1 to
	// MaxTimesPerDay a day, or 1 to 7 a week.
	Times int `json:"times"`
	// Per is the period Times counts.
	Per Period `json:"per"`
	// Minutes is how long the intervention takes each time, 1 to
	// MaxMinutes.
	Minutes int `json:"minutes"`
	// Windows are the preferred start windows. PerDay: one window for each
	// time, in order through the day and not overlapping. PerWeek: exactly
	// one window, used on every day the intervention is given. A visit must
	// end by midnight: Latest + Minutes ≤ 1440.
	Windows []Window `json:"windows"`
	// Days optionally fixes the weekdays of a PerWeek schedule (one per
	// time, no repeats). Empty means the days are spread over the week by
	// the rule of [CarePlan.VisitDemand]. Must be empty for PerDay.
	Days []time.Weekday `json:"days"`
}

// MinutesPerWeek returns the care time the schedule asks for in a week.
func (s Schedule) MinutesPerWeek() int {
	if s.Per == PerDay {
		return 7 * s.Times * s.Minutes
	}
	return s.Times * s.Minutes
}

// String returns e.g. "2× a day, 15 min, start 08:00–09:00 and 20:00–21:00".
func (s Schedule) String() string {
	ws := make([]string, len(s.Windows))
	for i, w := range s.Windows {
		ws[i] = w.String()
	}
	out := fmt.Sprintf("%d× a %s, %d min, start %s", s.Times, s.Per, s.Minutes, strings.Join(ws, " and "))
	if len(s.Days) > 0 {
		ds := make([]string, len(s.Days))
		for i, d := range s.Days {
			ds[i] = d.String()[:3]
		}
		out += " on " + strings.Join(ds, ", ")
	}
	return out
}

func (s Schedule) clone() Schedule {
	s.Windows = slices.Clone(s.Windows)
	s.Days = slices.Clone(s.Days)
	return s
}

func (s Schedule) validate() error {
	if err := periodEnum.Check("per", s.Per); err != nil {
		return err
	}
	maxTimes := MaxTimesPerDay
	if s.Per == PerWeek {
		maxTimes = 7
	}
	if err := valid.Range("times", s.Times, 1, maxTimes); err != nil {
		return err
	}
	if err := valid.Range("minutes", s.Minutes, 1, MaxMinutes); err != nil {
		return err
	}
	wantWindows := s.Times
	if s.Per == PerWeek {
		wantWindows = 1
	}
	if len(s.Windows) != wantWindows {
		if s.Per == PerDay {
			return wijk.Invalid("windows", "must have one start window for each of the %d times a day, got %d", s.Times, len(s.Windows))
		}
		return wijk.Invalid("windows", "must have exactly one start window for a weekly schedule, got %d", len(s.Windows))
	}
	for i, w := range s.Windows {
		field := fmt.Sprintf("windows[%d]", i)
		if err := valid.Range(field+".earliest", w.Earliest, 0, MinutesPerDay-1); err != nil {
			return err
		}
		if err := valid.Range(field+".latest", w.Latest, w.Earliest, MinutesPerDay-1); err != nil {
			return err
		}
		if w.Latest+s.Minutes > MinutesPerDay {
			return wijk.Invalid(field+".latest", "leaves too little time: a visit of %d minutes starting at %s ends after midnight", s.Minutes, clock(w.Latest))
		}
		if i > 0 && w.Earliest <= s.Windows[i-1].Latest {
			return wijk.Invalid(field, "must start after the previous window ends (%s), in order through the day", clock(s.Windows[i-1].Latest))
		}
	}
	if len(s.Days) > 0 {
		if s.Per != PerWeek {
			return wijk.Invalid("days", "are only for weekly schedules")
		}
		if len(s.Days) != s.Times {
			return wijk.Invalid("days", "must name one day for each of the %d times a week, got %d", s.Times, len(s.Days))
		}
		seen := map[time.Weekday]bool{}
		for i, d := range s.Days {
			if d < time.Sunday || d > time.Saturday || seen[d] {
				return wijk.Invalid(fmt.Sprintf("days[%d]", i), "must be a weekday not named before")
			}
			seen[d] = true
		}
	}
	return nil
}

// Intervention is what the team does about one of the plan's problems: an
// Omaha category and target, a description written for this client, a
// schedule, and the qualification level it needs.
type Intervention struct {
	// ID identifies the intervention; the caller chooses it.
	ID wijk.ID `json:"id"`
	// Problem is the code of the plan's problem this intervention
	// addresses.
	Problem string `json:"problem"`
	// Category is the Omaha intervention category.
	Category omaha.Category `json:"category"`
	// Target is the Omaha target code ("01" to "76").
	Target string `json:"target"`
	// TargetDetail says what the target is when Target is "other"
	// (required then), or refines it (optional).
	TargetDetail string `json:"target_detail"`
	// Description is what exactly is done for this client, e.g. "clean the
	// heel wound with saline, foam dressing, check the edges".
	Description string `json:"description"`
	// Schedule says how often, how long and when.
	Schedule Schedule `json:"schedule"`
	// Level is the lowest qualification level that may give it.
	Level team.Level `json:"level"`
}

// TargetName returns the Omaha name of the target, or the detail for
// "other".
func (iv Intervention) TargetName() string {
	t, err := omaha.TargetByCode(iv.Target)
	if err != nil {
		return iv.Target
	}
	if t.IsOther() && iv.TargetDetail != "" {
		return "other: " + iv.TargetDetail
	}
	return t.Name
}

func (iv Intervention) clone() Intervention {
	iv.Schedule = iv.Schedule.clone()
	return iv
}

func (iv Intervention) normalised() Intervention {
	iv = iv.clone()
	if op, err := omaha.LookupProblem(iv.Problem); err == nil {
		iv.Problem = op.Code
	}
	if t, err := omaha.LookupTarget(iv.Target); err == nil {
		iv.Target = t.Code
	}
	iv.TargetDetail = strings.TrimSpace(iv.TargetDetail)
	iv.Description = strings.TrimSpace(iv.Description)
	return iv
}

// validate checks an intervention on its own; that its problem is in the
// plan is the plan's check.
func (iv Intervention) validate() error {
	if err := iv.ID.Validate("id"); err != nil {
		return err
	}
	if op, err := omaha.ProblemByCode(iv.Problem); err != nil || op.Code != iv.Problem {
		return wijk.Invalid("problem", "must be an Omaha problem code 01 to %02d, got %q", omaha.NumProblems, iv.Problem)
	}
	if !iv.Category.Valid() {
		return wijk.Invalid("category", "must be one of the four Omaha intervention categories")
	}
	t, err := omaha.TargetByCode(iv.Target)
	if err != nil || t.Code != iv.Target {
		return wijk.Invalid("target", "must be an Omaha target code 01 to %02d, got %q", omaha.NumTargets, iv.Target)
	}
	if t.IsOther() {
		if err := valid.Name("targetDetail", iv.TargetDetail); err != nil {
			return wijk.Invalid("targetDetail", "must say what the target is when it is other")
		}
	} else if err := valid.Text("targetDetail", iv.TargetDetail, valid.MaxName); err != nil {
		return err
	}
	if err := valid.Required("description", iv.Description, MaxNote); err != nil {
		return err
	}
	if err := iv.Schedule.validate(); err != nil {
		return wijk.InField("schedule", err)
	}
	return iv.Level.Validate("level")
}

// RatingKind says when in the episode a rating was made. The zero
// RatingKind is not valid.
type RatingKind int

// The kinds of rating.
const (
	// Admission is the first rating of a problem, the baseline.
	Admission RatingKind = iota + 1
	// Interim is a rating during care, usually at a review.
	Interim
	// Discharge is the last rating of a problem, when it is resolved or
	// the client is discharged.
	Discharge
)

var ratingKindEnum = enum.New[RatingKind]("RatingKind", "kind", "admission", "interim", "discharge")

// Valid reports whether k is Admission, Interim or Discharge.
func (k RatingKind) Valid() bool { return ratingKindEnum.Valid(k) }

// String returns "admission", "interim" or "discharge".
func (k RatingKind) String() string { return ratingKindEnum.String(k) }

// ParseRatingKind reads "admission", "interim" or "discharge" in any case.
func ParseRatingKind(s string) (RatingKind, error) { return ratingKindEnum.Parse(s) }

// MarshalText writes the kind of rating as its word, e.g. "interim"; the
// zero RatingKind is refused with an error matching [wijk.ErrInvalid].
func (k RatingKind) MarshalText() ([]byte, error) { return ratingKindEnum.MarshalText(k) }

// UnmarshalText reads a kind of rating as [ParseRatingKind] does.
func (k *RatingKind) UnmarshalText(b []byte) error { return ratingKindEnum.UnmarshalText(b, k) }

// KBS is a rating, or a change of rating, on the three Omaha scales.
type KBS struct {
	// Knowledge: 1 no knowledge … 5 superior knowledge.
	Knowledge int `json:"knowledge"`
	// Behavior: 1 not appropriate … 5 consistently appropriate.
	Behavior int `json:"behavior"`
	// Status: 1 extreme signs/symptoms … 5 no signs/symptoms.
	Status int `json:"status"`
}

// Sub returns k − o, scale by scale.
func (k KBS) Sub(o KBS) KBS {
	return KBS{k.Knowledge - o.Knowledge, k.Behavior - o.Behavior, k.Status - o.Status}
}

// Add returns k + o, scale by scale.
func (k KBS) Add(o KBS) KBS {
	return KBS{k.Knowledge + o.Knowledge, k.Behavior + o.Behavior, k.Status + o.Status}
}

// String returns "K3 B4 S2".
func (k KBS) String() string { return fmt.Sprintf("K%d B%d S%d", k.Knowledge, k.Behavior, k.Status) }

// Change formats a difference with signs: "K+1 B0 S+2".
func (k KBS) Change() string {
	f := func(v int) string {
		if v > 0 {
			return fmt.Sprintf("+%d", v)
		}
		return fmt.Sprint(v)
	}
	return "K" + f(k.Knowledge) + " B" + f(k.Behavior) + " S" + f(k.Status)
}

func (k KBS) validate() error {
	if err := omaha.ValidateRating("knowledge", k.Knowledge); err != nil {
		return err
	}
	if err := omaha.ValidateRating("behavior", k.Behavior); err != nil {
		return err
	}
	return omaha.ValidateRating("status", k.Status)
}

// Rating is one Knowledge/Behavior/Status rating of one problem.
type Rating struct {
	// Problem is the code of the rated problem.
	Problem string `json:"problem"`
	// Kind says whether this is the admission, an interim or the
	// discharge rating.
	Kind RatingKind `json:"kind"`
	// Date is the day of the rating.
	Date wijk.Date `json:"date"`
	// By is the member who rated.
	By wijk.ID `json:"by"`
	// KBS holds the three ratings, each 1 to 5.
	KBS
	// Note is an optional remark.
	Note string `json:"note"`
}

func (r Rating) normalised() Rating {
	if op, err := omaha.LookupProblem(r.Problem); err == nil {
		r.Problem = op.Code
	}
	r.Note = strings.TrimSpace(r.Note)
	return r
}

func (r Rating) validate() error {
	if op, err := omaha.ProblemByCode(r.Problem); err != nil || op.Code != r.Problem {
		return wijk.Invalid("problem", "must be an Omaha problem code 01 to %02d, got %q", omaha.NumProblems, r.Problem)
	}
	if err := ratingKindEnum.Check("kind", r.Kind); err != nil {
		return err
	}
	if err := valid.Date("date", r.Date); err != nil {
		return err
	}
	if err := r.By.Validate("by"); err != nil {
		return err
	}
	if err := r.KBS.validate(); err != nil {
		return err
	}
	return valid.Text("note", r.Note, MaxNote)
}
