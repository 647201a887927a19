package careplan

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

var (
	year10000 = time.Date(10000, time.January, 1, 9, 0, 0, 0, time.UTC)
	year0     = time.Date(0, time.June, 1, 9, 0, 0, 0, time.UTC)
)

const yearsRule = "must be in the years 1 to 9999"

// requireYears checks that err refuses a time outside the years 1 to 9999
// in field, and is nothing but a validation error.
func requireYears(t *testing.T, err error, field string) {
	t.Helper()
	require.Equal(t, field, fieldOf(t, err), "error: %v", err)
	require.NotErrorIs(t, err, wijk.ErrConflict)
	var ve *wijk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, yearsRule, ve.Rule)
}

func TestLifecycleTimesInYears1To9999(t *testing.T) {
	for _, bad := range []struct {
		name string
		at   time.Time
	}{{"year 10000", year10000}, {"year 0", year0}, {"Unix MinInt64", time.Unix(math.MinInt64, 0)}} {
		t.Run(bad.name, func(t *testing.T) {
			p := readyPlan(t)
			requireYears(t, p.Authorise(AuthoriseParams{By: anne, At: bad.at, MinutesPerWeek: 150, ReviewDate: wijk.MaxDate}), "at")
			require.Equal(t, Draft, p.Status())

			p = activePlan(t)
			requireYears(t, p.StartReview(sem.Member, bad.at, "fell"), "at")
			require.Equal(t, Active, p.Status())

			for _, code := range []string{"24", "42"} {
				require.NoError(t, p.Rate(Rating{Problem: code, Kind: Discharge, Date: start, By: sem.Member, KBS: KBS{4, 4, 4}}))
			}
			requireYears(t, p.Discharge(DischargeParams{By: sem.Member, At: bad.at, Reason: "done"}), "at")
			require.Equal(t, Active, p.Status())

			// A stored plan with such a time is refused too, naming the step.
			s := activePlan(t).Snapshot()
			s.History[0].At, s.Authorisations[0].At = bad.at, bad.at
			r, err := RestoreCarePlan(s)
			require.Nil(t, r)
			requireYears(t, err, "history[0].at")
		})
	}
	// The last moment of 9999 is still a time.
	p := activePlan(t)
	require.NoError(t, p.StartReview(sem.Member, year10000.Add(-9*time.Hour-time.Nanosecond), "far ahead"))
}

// dischargeFixture is an active plan with the admission ratings of start
// and an interim rating two weeks later.
func dischargeFixture(t *testing.T) *CarePlan {
	p := activePlan(t)
	require.NoError(t, p.Rate(Rating{Problem: "24", Kind: Interim, Date: start.AddDays(14), By: sem.Member, KBS: KBS{3, 3, 3}}))
	return p
}

func TestDischargeNotBeforeWhatThePlanRecords(t *testing.T) {
	closing := start.AddDays(30) // 2026-04-01
	plus2 := time.FixedZone("+02", 2*3600)
	rate := func(code string, kind RatingKind, d wijk.Date) func(*testing.T, *CarePlan) {
		return func(t *testing.T, p *CarePlan) {
			require.NoError(t, p.Rate(Rating{Problem: code, Kind: kind, Date: d, By: sem.Member, KBS: KBS{4, 4, 4}}))
		}
	}
	resolve := func(code string, d wijk.Date) func(*testing.T, *CarePlan) {
		return func(t *testing.T, p *CarePlan) { require.NoError(t, p.ResolveProblem(code, d)) }
	}
	tests := []struct {
		name  string
		steps []func(*testing.T, *CarePlan)
		at    time.Time
		says  string // "" = the plan closes
	}{
		{"discharge ratings on the day", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), rate("42", Discharge, closing),
		}, closing.In(time.UTC, 10*60), ""},
		{"discharge ratings the day before", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing.AddDays(-1)), rate("42", Discharge, closing.AddDays(-1)),
		}, closing.In(time.UTC, 10*60), ""},
		{"discharge at the last minute of the rating's day", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), rate("42", Discharge, closing),
		}, closing.In(time.UTC, 24*60-1), ""},
		{"a discharge rating the day after", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), rate("42", Discharge, closing.AddDays(1)),
		}, closing.In(time.UTC, 10*60), "must not be before 2026-04-02, the date of the discharge rating of Medication regimen"},
		{"both discharge ratings a year later", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing.AddDays(365)), rate("42", Discharge, closing.AddDays(366)),
		}, closing.In(time.UTC, 10*60), "the date of the discharge rating of Medication regimen"},
		{"a discharge rating on MaxDate", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), rate("42", Discharge, wijk.MaxDate),
		}, closing.In(time.UTC, 10*60), "must not be before 9999-12-31"},
		{"a resolved problem's discharge rating after the day", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing.AddDays(3)), resolve("24", closing.AddDays(3)), rate("42", Discharge, closing),
		}, closing.In(time.UTC, 10*60), "must not be before 2026-04-04, the date of the discharge rating of Skin"},
		{"a problem resolved after the day, rated before it", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), resolve("24", closing.AddDays(5)), rate("42", Discharge, closing),
		}, closing.In(time.UTC, 10*60), "must not be before 2026-04-06, the date of the resolution of Skin"},
		{"a problem resolved on the day", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), resolve("24", closing), rate("42", Discharge, closing),
		}, closing.In(time.UTC, 10*60), ""},
		// The day of At is read in At's own location, as Authorise reads it.
		{"already the rating's day where At was given", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), rate("42", Discharge, closing),
		}, closing.In(time.UTC, -60).In(plus2), ""},
		{"still the day before in UTC", []func(*testing.T, *CarePlan){
			rate("24", Discharge, closing), rate("42", Discharge, closing),
		}, closing.In(time.UTC, -60), "must not be before 2026-04-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := dischargeFixture(t)
			for _, step := range tc.steps {
				step(t, p)
			}
			before := p.Snapshot()
			err := p.Discharge(DischargeParams{By: sem.Member, At: tc.at, Reason: "goals reached"})
			if tc.says == "" {
				require.NoError(t, err)
				require.Equal(t, Closed, p.Status())
				e, ok := p.Discharged()
				require.True(t, ok)
				day := wijk.DateOf(e.At)
				for _, r := range p.Ratings() {
					require.False(t, r.Date.After(day), "rating %+v after the closing day %s", r, day)
				}
				return
			}
			require.Equal(t, "at", fieldOf(t, err))
			require.NotErrorIs(t, err, wijk.ErrConflict)
			require.ErrorContains(t, err, tc.says)
			require.Equal(t, before, p.Snapshot(), "a refused discharge changes nothing")
			require.Equal(t, Active, p.Status())
		})
	}

	t.Run("missing discharge ratings come first", func(t *testing.T) {
		p := dischargeFixture(t)
		rate("24", Discharge, closing.AddDays(9))(t, p)
		err := p.Discharge(DischargeParams{By: sem.Member, At: closing.In(time.UTC, 600), Reason: "x"})
		require.ErrorIs(t, err, wijk.ErrConflict)
		require.ErrorContains(t, err, "no discharge rating for Medication regimen")
	})
	t.Run("under review too", func(t *testing.T) {
		p := dischargeFixture(t)
		require.NoError(t, p.StartReview(sem.Member, authTime.Add(time.Hour), "moving"))
		rate("24", Discharge, closing.AddDays(1))(t, p)
		rate("42", Discharge, closing.AddDays(1))(t, p)
		require.Equal(t, "at", fieldOf(t, p.Discharge(DischargeParams{By: sem.Member, At: closing.In(time.UTC, 600), Reason: "x"})))
		require.Equal(t, UnderReview, p.Status())
		require.NoError(t, p.Discharge(DischargeParams{By: sem.Member, At: closing.AddDays(1).In(time.UTC, 600), Reason: "moved"}))
	})
}

// A closed plan takes no rating, whatever its kind and date, so none is
// ever dated after the day it closed.
func TestRateOnAClosedPlan(t *testing.T) {
	closedOn := wijk.NewDate(2026, time.April, 1) // closedPlan's day
	tests := []struct {
		name string
		r    Rating
	}{
		{"interim after the closing day", Rating{Problem: "24", Kind: Interim, Date: closedOn.AddDays(1), By: sem.Member, KBS: KBS{4, 4, 4}}},
		{"discharge after the closing day", Rating{Problem: "42", Kind: Discharge, Date: closedOn.AddDays(1), By: sem.Member, KBS: KBS{4, 4, 4}}},
		{"discharge on MaxDate", Rating{Problem: "42", Kind: Discharge, Date: wijk.MaxDate, By: sem.Member, KBS: KBS{4, 4, 4}}},
		{"interim on the closing day", Rating{Problem: "24", Kind: Interim, Date: closedOn, By: sem.Member, KBS: KBS{4, 4, 4}}},
		{"interim before the closing day", Rating{Problem: "24", Kind: Interim, Date: closedOn.AddDays(-1), By: sem.Member, KBS: KBS{4, 4, 4}}},
		{"admission of the episode's start", admission("24", 1, 1, 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := closedPlan(t)
			e, ok := p.Discharged()
			require.True(t, ok)
			require.Equal(t, closedOn, wijk.DateOf(e.At))
			before := p.Ratings()
			err := p.Rate(tc.r)
			require.ErrorIs(t, err, wijk.ErrConflict)
			require.NotErrorIs(t, err, wijk.ErrInvalid)
			require.Equal(t, before, p.Ratings())
		})
	}
}

// Plans closed before Discharge checked the dates may hold ratings and
// resolutions dated after their closing day. They must stay readable, so
// RestoreCarePlan does not apply the rule; and they take no new rating.
func TestRestoreKeepsPlansClosedBeforeTheirRatings(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *CarePlanSnapshot)
	}{
		{"discharge ratings after the closing day", func(s *CarePlanSnapshot) {
			for i := range s.Ratings {
				if s.Ratings[i].Kind == Discharge {
					s.Ratings[i].Date = s.Ratings[i].Date.AddDays(10)
				}
			}
		}},
		{"a problem resolved after the closing day", func(s *CarePlanSnapshot) {
			s.Problems[0].Resolved = wijk.NewDate(2026, time.April, 20)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := closedPlan(t).Snapshot()
			tc.edit(&s)
			p, err := RestoreCarePlan(s)
			require.NoError(t, err)
			require.Equal(t, Closed, p.Status())
			require.Equal(t, s.Ratings, p.Ratings())
			require.ErrorIs(t, p.Rate(Rating{Problem: "24", Kind: Interim, Date: wijk.NewDate(2026, time.May, 1), By: sem.Member, KBS: KBS{4, 4, 4}}), wijk.ErrConflict)
		})
	}
	// What Restore checked before it still checks: a rating before the
	// episode, or out of order.
	s := closedPlan(t).Snapshot()
	s.Ratings[len(s.Ratings)-1].Date = start.AddDays(-1)
	_, err := RestoreCarePlan(s)
	require.ErrorIs(t, err, wijk.ErrInvalid)
}
