package team

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
)

// Ratio is a quotient kept with its parts, so a figure can show where it
// came from ("31.5 of 50 hours") and says when it is undefined (nothing to
// divide by) instead of inventing a number.
type Ratio struct {
	// Num and Den are the numerator and denominator.
	Num float64 `json:"num"`
	Den float64 `json:"den"`
}

// Defined reports whether the ratio has a positive denominator.
func (r Ratio) Defined() bool { return r.Den > 0 }

// Value returns Num ÷ Den, or 0 when the ratio is not defined.
func (r Ratio) Value() float64 {
	if !r.Defined() {
		return 0
	}
	return r.Num / r.Den
}

// Percent returns the value in percent.
func (r Ratio) Percent() float64 { return 100 * r.Value() }

// String returns the value as a percentage with one decimal, or "n/a".
func (r Ratio) String() string {
	if !r.Defined() {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", r.Percent())
}

// MonthFigures are one team's transparent figures for one calendar month.
type MonthFigures struct {
	// Team and TeamName identify the team: figures are never anonymous.
	Team     wijk.ID
	TeamName string
	// Year and Month name the month.
	Year  int
	Month time.Month
	// The sums of the month's hours records.
	Worked, ClientFacing, Travel, Sick, Leave, Training time.Duration
	// Contracted is the contracted working time in the month: for every
	// membership, its contract per week × the days of the month it covers
	// ÷ 7. A member on leave stays contracted.
	Contracted time.Duration
	// Headcount is the number of members on the month's last day.
	Headcount int
	// Productivity is client-facing ÷ worked hours.
	Productivity Ratio
	// Absenteeism is sick ÷ contracted hours.
	Absenteeism Ratio
	// Turnover is leavers ÷ average headcount over the year that ends
	// with this month: the twelve calendar months up to and including it,
	// or the months since the team was founded if fewer. Leavers are
	// memberships that ended by leaving (not by a split) in that window;
	// the average headcount is the mean of the month-end headcounts.
	Turnover Ratio
}

func validateMonth(year int, month time.Month) error {
	if year < 1 || year > 9999 {
		return wijk.Invalid("year", "must be between 1 and 9999, got %d", year)
	}
	if month < time.January || month > time.December {
		return wijk.Invalid("month", "must be between 1 and 12, got %d", int(month))
	}
	return nil
}

func monthBounds(year int, month time.Month) (first, last wijk.Date) {
	first = wijk.NewDate(year, month, 1)
	last = wijk.NewDate(year, month+1, 1).AddDays(-1)
	return first, last
}

// MonthFigures computes the team's figures for a calendar month from the
// members' hours records and the team's membership history (see
// [MonthFigures] for each definition). hours may hold records of other
// months, which are ignored; each record of the month must follow the rules
// of [HoursRecord], be for a member of the team on its day, and be the only
// one for that member and day, or MonthFigures returns an error matching
// [wijk.ErrInvalid] naming the record ("hours[i]").
func (t *Team) MonthFigures(hours []HoursRecord, year int, month time.Month) (MonthFigures, error) {
	if err := validateMonth(year, month); err != nil {
		return MonthFigures{}, err
	}
	first, last := monthBounds(year, month)
	f := MonthFigures{Team: t.id, TeamName: t.name, Year: year, Month: month}
	type memberDay struct {
		person wijk.ID
		day    wijk.Date
	}
	seen := make(map[memberDay]bool)
	for i, h := range hours {
		if h.Day.Before(first) || h.Day.After(last) {
			continue
		}
		field := "hours[" + itoa(i) + "]"
		if err := h.Validate(field); err != nil {
			return MonthFigures{}, err
		}
		if !t.memberOn(h.Person, h.Day) {
			return MonthFigures{}, wijk.Invalid(field+".person", "was not a member of team %s on %v", t.name, h.Day)
		}
		k := memberDay{h.Person, h.Day}
		if seen[k] {
			return MonthFigures{}, wijk.Invalid(field, "a second record for %s on %v; one record per member and day", h.Person, h.Day)
		}
		seen[k] = true
		f.Worked += h.Worked
		f.ClientFacing += h.ClientFacing
		f.Travel += h.Travel
		f.Sick += h.Sick
		f.Leave += h.Leave
		f.Training += h.Training
	}
	var contractDays time.Duration // Σ contract per week × days covered
	for _, m := range t.members {
		from, to := first, last
		if m.Start.After(from) {
			from = m.Start
		}
		if !m.End.IsZero() && m.End.Before(to) {
			to = m.End
		}
		if to.Before(from) {
			continue
		}
		contractDays += m.ContractPerWeek * time.Duration(to.DaysSince(from)+1)
	}
	f.Contracted = contractDays / 7
	f.Headcount = t.headcount(last)
	f.Productivity = Ratio{Num: f.ClientFacing.Hours(), Den: f.Worked.Hours()}
	f.Absenteeism = Ratio{Num: f.Sick.Hours(), Den: f.Contracted.Hours()}

	// Turnover over the year ending with this month.
	winFirst, _ := monthBounds(year, month-11)
	if winFirst.Before(t.founded) {
		winFirst = t.founded
	}
	leavers := 0
	for _, m := range t.members {
		if m.EndReason == EndLeft && !m.End.Before(winFirst) && !m.End.After(last) {
			leavers++
		}
	}
	heads, months := 0, 0
	for k := 11; k >= 0; k-- {
		_, end := monthBounds(year, month-time.Month(k))
		if end.Before(t.founded) {
			continue
		}
		heads += t.headcount(end)
		months++
	}
	if months > 0 {
		f.Turnover = Ratio{Num: float64(leavers), Den: float64(heads) / float64(months)}
	}
	return f, nil
}

func (t *Team) headcount(d wijk.Date) int {
	n := 0
	for _, m := range t.members {
		if m.On(d) {
			n++
		}
	}
	return n
}

// Band is a range of ratios, both ends inclusive, such as the 60–65%
// productivity that mature teams aim for.
type Band struct {
	// Low and High bound the band, as fractions (0.60, not 60).
	Low, High float64
}

// DefaultProductivityBand is the 60–65% productivity norm.
var DefaultProductivityBand = Band{Low: 0.60, High: 0.65}

// Validate checks 0 ≤ Low ≤ High ≤ 1.
func (b Band) Validate(field string) error {
	if math.IsNaN(b.Low) || math.IsNaN(b.High) || b.Low < 0 || b.High > 1 || b.Low > b.High {
		return wijk.Invalid(field, "must satisfy 0 ≤ low ≤ high ≤ 1, got %v–%v", b.Low, b.High)
	}
	return nil
}

// BandPosition says where a figure lies relative to a band. The zero value
// is not valid.
type BandPosition int

// The positions relative to a band.
const (
	// NoData: the figure is not defined (no hours worked).
	NoData BandPosition = iota + 1
	// BelowBand: under the band's low end.
	BelowBand
	// InBand: within the band.
	InBand
	// AboveBand: over the band's high end. Very high productivity can
	// mean the team skips the work that keeps it healthy.
	AboveBand
)

var bandPositionEnum = enum.New[BandPosition]("BandPosition", "band", "no data", "below", "in band", "above")

// String returns the position in words.
func (p BandPosition) String() string { return bandPositionEnum.String(p) }

// Valid reports whether p is a defined position.
func (p BandPosition) Valid() bool { return bandPositionEnum.Valid(p) }

// ParseBandPosition reads a position written by String.
func ParseBandPosition(s string) (BandPosition, error) {
	return bandPositionEnum.Parse(s)
}

// MarshalText writes "no data", "below", "in band" or "above"; the zero
// BandPosition is refused with an error matching [wijk.ErrInvalid].
func (p BandPosition) MarshalText() ([]byte, error) { return bandPositionEnum.MarshalText(p) }

// UnmarshalText reads a band position as [ParseBandPosition] does.
func (p *BandPosition) UnmarshalText(b []byte) error { return bandPositionEnum.UnmarshalText(b, p) }

// Position returns where r lies relative to b.
func (b Band) Position(r Ratio) BandPosition {
	if !r.Defined() {
		return NoData
	}
	switch v := r.Value(); {
	case v < b.Low:
		return BelowBand
	case v > b.High:
		return AboveBand
	}
	return InBand
}

// ComparisonRow is one team's line in a comparison across teams.
type ComparisonRow struct {
	// Rank is 1 for the most productive team; teams with equal
	// productivity share a rank; teams without data come last.
	Rank int
	// Figures are the team's figures, with its name.
	Figures MonthFigures
	// Band says where the team's productivity lies relative to the norm
	// band.
	Band BandPosition
}

// Compare ranks teams' figures for one month by productivity, highest
// first, names shown, and flags each team's position relative to band
// (use [DefaultProductivityBand] for the 60–65% norm). Ties are broken by
// name, then team ID, so the order is always the same. All figures must be
// for the same month and each team may appear once.
func Compare(figures []MonthFigures, band Band) ([]ComparisonRow, error) {
	if err := band.Validate("band"); err != nil {
		return nil, err
	}
	seen := make(map[wijk.ID]bool, len(figures))
	for i, f := range figures {
		field := "figures[" + itoa(i) + "]"
		if err := f.Team.Validate(field + ".team"); err != nil {
			return nil, err
		}
		if seen[f.Team] {
			return nil, wijk.Invalid(field+".team", "team %s appears twice", f.Team)
		}
		seen[f.Team] = true
		if f.Year != figures[0].Year || f.Month != figures[0].Month {
			return nil, wijk.Invalid(field, "must be for %d-%02d like the first, got %d-%02d", figures[0].Year, int(figures[0].Month), f.Year, int(f.Month))
		}
	}
	rows := make([]ComparisonRow, len(figures))
	for i, f := range figures {
		rows[i] = ComparisonRow{Figures: f, Band: band.Position(f.Productivity)}
	}
	slices.SortFunc(rows, func(a, b ComparisonRow) int {
		ad, bd := a.Figures.Productivity.Defined(), b.Figures.Productivity.Defined()
		if ad != bd {
			if ad {
				return -1
			}
			return 1
		}
		if av, bv := a.Figures.Productivity.Value(), b.Figures.Productivity.Value(); av != bv {
			if av > bv {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Figures.TeamName, b.Figures.TeamName); c != 0 {
			return c
		}
		return strings.Compare(string(a.Figures.Team), string(b.Figures.Team))
	})
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && sameProductivity(rows[i-1].Figures.Productivity, rows[i].Figures.Productivity) {
			rows[i].Rank = rows[i-1].Rank
		}
	}
	return rows, nil
}

func sameProductivity(a, b Ratio) bool {
	return a.Defined() == b.Defined() && a.Value() == b.Value()
}

// CompareTeams computes every team's figures for the month from its hours
// records (hours maps a team's ID to its records) and ranks them with
// [Compare]. A team without an entry in hours has no records.
func CompareTeams(teams []*Team, hours map[wijk.ID][]HoursRecord, year int, month time.Month, band Band) ([]ComparisonRow, error) {
	figs := make([]MonthFigures, 0, len(teams))
	for i, t := range teams {
		if t == nil {
			return nil, wijk.Invalid("teams["+itoa(i)+"]", "is nil")
		}
		f, err := t.MonthFigures(hours[t.id], year, month)
		if err != nil {
			return nil, wijk.InField("teams["+itoa(i)+"]", err)
		}
		figs = append(figs, f)
	}
	return Compare(figs, band)
}
