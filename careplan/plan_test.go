package careplan

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/team"
)

var (
	start    = wijk.NewDate(2026, time.March, 2) // a Monday
	anne     = team.Actor{Member: tid("ANNE"), Level: team.Level5}
	sem      = team.Actor{Member: tid("SEM"), Level: team.Level4}
	carer    = team.Actor{Member: tid("KEES"), Level: team.Level3}
	authTime = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	review   = wijk.NewDate(2026, time.April, 13)
)

func newPlan(t testing.TB) *CarePlan {
	t.Helper()
	p, err := NewCarePlan(CarePlanParams{ID: tid("P1"), Client: tid("C1"), Start: start, CreatedBy: sem.Member})
	require.NoError(t, err)
	return p
}

func skin() Problem {
	return Problem{Code: "24", Scope: omaha.Individual, Severity: omaha.Actual,
		Signs: []Sign{{Name: "lesion/pressure ulcer"}}, Goal: "wound closed"}
}

func meds() Problem {
	return Problem{Code: "42", Scope: omaha.Individual, Severity: omaha.Potential, Goal: "takes pills as prescribed"}
}

func win(e, l int) []Window { return []Window{{Earliest: e, Latest: l}} }

func wound() Intervention {
	return Intervention{ID: tid("W1"), Problem: "24", Category: omaha.TreatmentsProcedures, Target: "17",
		Description: "foam dressing", Level: team.Level4,
		Schedule: Schedule{Times: 1, Per: PerDay, Minutes: 20, Windows: win(540, 600)}}
}

func pills() Intervention {
	return Intervention{ID: tid("M1"), Problem: "42", Category: omaha.Surveillance, Target: "42",
		Description: "check the organiser", Level: team.Level3,
		Schedule: Schedule{Times: 1, Per: PerWeek, Minutes: 10, Windows: win(570, 660), Days: []time.Weekday{time.Monday}}}
}

func admission(code string, k, b, s int) Rating {
	return Rating{Problem: code, Kind: Admission, Date: start, By: sem.Member, KBS: KBS{k, b, s}}
}

// readyPlan is a draft with two problems, their interventions and
// admission ratings: ready to authorise.
func readyPlan(t testing.TB) *CarePlan {
	t.Helper()
	p := newPlan(t)
	require.NoError(t, p.AddProblem(skin()))
	require.NoError(t, p.AddProblem(meds()))
	require.NoError(t, p.AddIntervention(wound()))
	require.NoError(t, p.AddIntervention(pills()))
	require.NoError(t, p.Rate(admission("24", 2, 3, 2)))
	require.NoError(t, p.Rate(admission("42", 3, 3, 4)))
	return p
}

func activePlan(t testing.TB) *CarePlan {
	t.Helper()
	p := readyPlan(t)
	require.NoError(t, p.Authorise(AuthoriseParams{By: anne, At: authTime, MinutesPerWeek: 150, ReviewDate: review}))
	return p
}

func TestNewCarePlanRules(t *testing.T) {
	good := CarePlanParams{ID: tid("P1"), Client: tid("C1"), Start: start, CreatedBy: sem.Member}
	tests := []struct {
		name  string
		edit  func(p *CarePlanParams)
		field string
	}{
		{"valid", func(p *CarePlanParams) {}, ""},
		{"no id", func(p *CarePlanParams) { p.ID = "" }, "id"},
		{"bad client", func(p *CarePlanParams) { p.Client = "01j" }, "client"},
		{"no start", func(p *CarePlanParams) { p.Start = wijk.Date{} }, "start"},
		{"no creator", func(p *CarePlanParams) { p.CreatedBy = "" }, "createdBy"},
	}
	for _, tt := range tests {
		p := good
		tt.edit(&p)
		plan, err := NewCarePlan(p)
		if tt.field == "" {
			require.NoError(t, err)
			require.Equal(t, Draft, plan.Status())
			require.Equal(t, start, plan.Start())
			require.Equal(t, tid("C1"), plan.Client())
			require.Equal(t, sem.Member, plan.CreatedBy())
			continue
		}
		require.Equal(t, tt.field, fieldOf(t, err), tt.name)
	}
}

func TestProblemRules(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *Problem)
		field string
	}{
		{"actual with sign", func(p *Problem) {}, ""},
		{"code by name", func(p *Problem) { p.Code = "skin" }, ""},
		{"code single digit", func(p *Problem) { p.Code = "24 " }, ""},
		{"sign in other case", func(p *Problem) { p.Signs = []Sign{{Name: " RASH "}} }, ""},
		{"other with detail", func(p *Problem) { p.Signs = []Sign{{Name: "Other", Detail: "itchy scar"}} }, ""},
		{"two others", func(p *Problem) { p.Signs = []Sign{{Name: "other", Detail: "a"}, {Name: "other", Detail: "b"}} }, ""},
		{"potential without signs", func(p *Problem) { p.Severity, p.Signs = omaha.Potential, nil }, ""},
		{"health promotion without signs", func(p *Problem) { p.Severity, p.Signs = omaha.HealthPromotion, nil }, ""},
		{"unknown code", func(p *Problem) { p.Code = "43" }, "problem.code"},
		{"empty code", func(p *Problem) { p.Code = "" }, "problem.code"},
		{"no scope", func(p *Problem) { p.Scope = 0 }, "problem.scope"},
		{"no severity", func(p *Problem) { p.Severity = 9 }, "problem.severity"},
		{"actual without signs", func(p *Problem) { p.Signs = nil }, "problem.signs"},
		{"potential with signs", func(p *Problem) { p.Severity = omaha.Potential }, "problem.signs"},
		{"health promotion with signs", func(p *Problem) { p.Severity = omaha.HealthPromotion }, "problem.signs"},
		{"sign of another problem", func(p *Problem) { p.Signs = []Sign{{Name: "low/no income"}} }, "problem.signs[0].name"},
		{"other without detail", func(p *Problem) { p.Signs = []Sign{{Name: "rash"}, {Name: "other", Detail: " "}} }, "problem.signs[1].detail"},
		{"duplicate sign", func(p *Problem) { p.Signs = []Sign{{Name: "rash"}, {Name: "Rash"}} }, "problem.signs[1]"},
		{"duplicate sign with another detail", func(p *Problem) {
			p.Signs = []Sign{{Name: "rash", Detail: "left arm"}, {Name: "Rash", Detail: "right leg"}}
		}, "problem.signs[1]"},
		{"too many signs", func(p *Problem) {
			p.Signs = nil
			for range MaxSigns + 1 {
				p.Signs = append(p.Signs, Sign{Name: "other", Detail: "x"})
			}
		}, "problem.signs"},
		{"no goal", func(p *Problem) { p.Goal = "" }, "problem.goal"},
		{"resolved given", func(p *Problem) { p.Resolved = start }, "problem.resolved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := newPlan(t)
			p := skin()
			tt.edit(&p)
			err := plan.AddProblem(p)
			if tt.field == "" {
				require.NoError(t, err)
				got := plan.Problems()
				require.Len(t, got, 1)
				require.Equal(t, "24", got[0].Code)
				require.Equal(t, "Skin", got[0].Name())
				for _, s := range got[0].Signs {
					require.NoError(t, omaha.ValidateSign("24", s.Name))
				}
				return
			}
			require.Equal(t, tt.field, fieldOf(t, err))
			require.Empty(t, plan.Problems(), "a rejected problem is not stored")
		})
	}

	plan := newPlan(t)
	require.NoError(t, plan.AddProblem(skin()))
	p := skin()
	p.Code = "Skin"
	require.ErrorIs(t, plan.AddProblem(p), wijk.ErrConflict, "each problem at most once")
	require.NoError(t, plan.AddProblem(meds()))
	require.NoError(t, plan.AddProblem(Problem{Code: "01", Scope: omaha.Family, Severity: omaha.HealthPromotion, Goal: "budget"}))
	codes := []string{}
	for _, p := range plan.Problems() {
		codes = append(codes, p.Code)
	}
	require.Equal(t, []string{"01", "24", "42"}, codes, "problems are kept in code order")

	got, err := plan.Problem("skin")
	require.NoError(t, err)
	require.Equal(t, "24", got.Code)
	_, err = plan.Problem("22")
	require.ErrorIs(t, err, wijk.ErrNotFound)

	// Update and remove.
	upd := skin()
	upd.Signs = append(upd.Signs, Sign{Name: "rash"})
	require.NoError(t, plan.UpdateProblem(upd))
	got, _ = plan.Problem("24")
	require.Len(t, got.Signs, 2)
	upd.Signs = nil
	require.Equal(t, "problem.signs", fieldOf(t, plan.UpdateProblem(upd)))
	got, _ = plan.Problem("24")
	require.Len(t, got.Signs, 2, "a rejected update changes nothing")
	require.ErrorIs(t, plan.UpdateProblem(Problem{Code: "22"}), wijk.ErrNotFound)
	require.NoError(t, plan.RemoveProblem("01"))
	require.ErrorIs(t, plan.RemoveProblem("01"), wijk.ErrNotFound)
	require.NoError(t, plan.AddIntervention(wound()))
	require.ErrorIs(t, plan.RemoveProblem("24"), wijk.ErrConflict, "interventions first")
	require.NoError(t, plan.Rate(admission("42", 3, 3, 3)))
	require.ErrorIs(t, plan.RemoveProblem("42"), wijk.ErrConflict, "a rated problem is resolved, not removed")

	// Copies.
	ps := plan.Problems()
	ps[0].Signs[0].Name = "changed"
	got, _ = plan.Problem("24")
	require.Equal(t, "lesion/pressure ulcer", got.Signs[0].Name)
}

func TestInterventionRules(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(iv *Intervention)
		field string
	}{
		{"valid", func(iv *Intervention) {}, ""},
		{"target by name", func(iv *Intervention) { iv.Target = "Dressing change/wound care" }, ""},
		{"other target with detail", func(iv *Intervention) { iv.Target, iv.TargetDetail = "other", "compression stockings" }, ""},
		{"three times a day", func(iv *Intervention) {
			iv.Schedule = Schedule{Times: 3, Per: PerDay, Minutes: 10, Windows: []Window{{420, 480}, {720, 750}, {1260, 1320}}}
		}, ""},
		{"weekly spread", func(iv *Intervention) {
			iv.Schedule = Schedule{Times: 3, Per: PerWeek, Minutes: 30, Windows: win(600, 660)}
		}, ""},
		{"window ends at midnight", func(iv *Intervention) { iv.Schedule.Windows = win(1380, 1420) }, ""},
		{"bad id", func(iv *Intervention) { iv.ID = "" }, "intervention.id"},
		{"problem not in plan", func(iv *Intervention) { iv.Problem = "22" }, "intervention.problem"},
		{"unknown problem", func(iv *Intervention) { iv.Problem = "99" }, "intervention.problem"},
		{"no category", func(iv *Intervention) { iv.Category = 0 }, "intervention.category"},
		{"unknown target", func(iv *Intervention) { iv.Target = "77" }, "intervention.target"},
		{"other target without detail", func(iv *Intervention) { iv.Target = "76" }, "intervention.targetDetail"},
		{"no description", func(iv *Intervention) { iv.Description = " " }, "intervention.description"},
		{"no level", func(iv *Intervention) { iv.Level = 2 }, "intervention.level"},
		{"no period", func(iv *Intervention) { iv.Schedule.Per = 0 }, "intervention.schedule.per"},
		{"zero times", func(iv *Intervention) { iv.Schedule.Times = 0 }, "intervention.schedule.times"},
		{"8 times a week", func(iv *Intervention) { iv.Schedule.Per, iv.Schedule.Times = PerWeek, 8 }, "intervention.schedule.times"},
		{"13 times a day", func(iv *Intervention) { iv.Schedule.Times = 13 }, "intervention.schedule.times"},
		{"zero minutes", func(iv *Intervention) { iv.Schedule.Minutes = 0 }, "intervention.schedule.minutes"},
		{"too many minutes", func(iv *Intervention) { iv.Schedule.Minutes = MaxMinutes + 1 }, "intervention.schedule.minutes"},
		{"window count", func(iv *Intervention) { iv.Schedule.Times = 2 }, "intervention.schedule.windows"},
		{"weekly two windows", func(iv *Intervention) {
			iv.Schedule = Schedule{Times: 2, Per: PerWeek, Minutes: 10, Windows: []Window{{1, 2}, {3, 4}}}
		}, "intervention.schedule.windows"},
		{"window backwards", func(iv *Intervention) { iv.Schedule.Windows = win(600, 540) }, "intervention.schedule.windows[0].latest"},
		{"window negative", func(iv *Intervention) { iv.Schedule.Windows = win(-1, 540) }, "intervention.schedule.windows[0].earliest"},
		{"window past midnight", func(iv *Intervention) { iv.Schedule.Windows = win(1400, 1430) }, "intervention.schedule.windows[0].latest"},
		{"windows overlap", func(iv *Intervention) {
			iv.Schedule = Schedule{Times: 2, Per: PerDay, Minutes: 10, Windows: []Window{{420, 480}, {480, 500}}}
		}, "intervention.schedule.windows[1]"},
		{"days for daily", func(iv *Intervention) { iv.Schedule.Days = []time.Weekday{time.Monday} }, "intervention.schedule.days"},
		{"days count", func(iv *Intervention) {
			iv.Schedule = Schedule{Times: 2, Per: PerWeek, Minutes: 10, Windows: win(1, 2), Days: []time.Weekday{time.Monday}}
		}, "intervention.schedule.days"},
		{"day repeated", func(iv *Intervention) {
			iv.Schedule = Schedule{Times: 2, Per: PerWeek, Minutes: 10, Windows: win(1, 2), Days: []time.Weekday{time.Monday, time.Monday}}
		}, "intervention.schedule.days[1]"},
		{"day out of range", func(iv *Intervention) {
			iv.Schedule = Schedule{Times: 1, Per: PerWeek, Minutes: 10, Windows: win(1, 2), Days: []time.Weekday{7}}
		}, "intervention.schedule.days[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := newPlan(t)
			require.NoError(t, plan.AddProblem(skin()))
			iv := wound()
			tt.edit(&iv)
			err := plan.AddIntervention(iv)
			if tt.field == "" {
				require.NoError(t, err)
				require.Len(t, plan.Interventions(), 1)
				return
			}
			require.Equal(t, tt.field, fieldOf(t, err))
			require.Empty(t, plan.Interventions())
		})
	}

	plan := newPlan(t)
	require.NoError(t, plan.AddProblem(skin()))
	require.NoError(t, plan.AddIntervention(wound()))
	require.ErrorIs(t, plan.AddIntervention(wound()), wijk.ErrConflict, "IDs are unique")
	iv := wound()
	iv.Schedule.Minutes = 30
	require.NoError(t, plan.UpdateIntervention(iv))
	require.Equal(t, 30, plan.Interventions()[0].Schedule.Minutes)
	require.Equal(t, 7*30, plan.PlannedMinutesPerWeek())
	iv.Schedule.Minutes = 0
	require.Equal(t, "intervention.schedule.minutes", fieldOf(t, plan.UpdateIntervention(iv)))
	iv.ID = tid("W9")
	require.ErrorIs(t, plan.UpdateIntervention(iv), wijk.ErrNotFound)
	require.ErrorIs(t, plan.RemoveIntervention(tid("W9")), wijk.ErrNotFound)
	ivs := plan.Interventions()
	ivs[0].Schedule.Windows[0].Earliest = 0
	require.Equal(t, 540, plan.Interventions()[0].Schedule.Windows[0].Earliest, "getters return copies")
	require.NoError(t, plan.RemoveIntervention(tid("W1")))
	require.Empty(t, plan.Interventions())
}

func TestScheduleText(t *testing.T) {
	s := Schedule{Times: 2, Per: PerDay, Minutes: 15, Windows: []Window{{480, 540}, {1200, 1260}}}
	require.Equal(t, "2× a day, 15 min, start 08:00–09:00 and 20:00–21:00", s.String())
	require.Equal(t, 7*2*15, s.MinutesPerWeek())
	w := Schedule{Times: 2, Per: PerWeek, Minutes: 30, Windows: win(600, 630), Days: []time.Weekday{time.Tuesday, time.Friday}}
	require.Equal(t, "2× a week, 30 min, start 10:00–10:30 on Tue, Fri", w.String())
	require.Equal(t, 60, w.MinutesPerWeek())
	for _, in := range []string{"day", "Per Day", "daily"} {
		p, err := ParsePeriod(in)
		require.NoError(t, err)
		require.Equal(t, PerDay, p)
	}
	p, err := ParsePeriod("WEEKLY")
	require.NoError(t, err)
	require.Equal(t, PerWeek, p)
	_, err = ParsePeriod("month")
	require.Equal(t, "per", fieldOf(t, err))
	require.Equal(t, "Period(0)", Period(0).String())
}

func TestEditOnlyInDraftOrReview(t *testing.T) {
	type op struct {
		name string
		do   func(p *CarePlan) error
	}
	ops := []op{
		{"add problem", func(p *CarePlan) error {
			return p.AddProblem(Problem{Code: "01", Scope: omaha.Individual, Severity: omaha.Potential, Goal: "g"})
		}},
		{"update problem", func(p *CarePlan) error { return p.UpdateProblem(meds()) }},
		{"remove problem", func(p *CarePlan) error { return p.RemoveProblem("42") }},
		{"add intervention", func(p *CarePlan) error {
			iv := wound()
			iv.ID = tid("W2")
			return p.AddIntervention(iv)
		}},
		{"update intervention", func(p *CarePlan) error { return p.UpdateIntervention(wound()) }},
		{"remove intervention", func(p *CarePlan) error { return p.RemoveIntervention(tid("W1")) }},
	}
	for _, o := range ops {
		active := activePlan(t)
		require.ErrorIs(t, o.do(active), wijk.ErrConflict, "%s on an active plan", o.name)
		closed := closedPlan(t)
		require.ErrorIs(t, o.do(closed), wijk.ErrConflict, "%s on a closed plan", o.name)
		under := activePlan(t)
		require.NoError(t, under.StartReview(sem.Member, authTime.Add(time.Hour), "fell"))
		err := o.do(under)
		if o.name == "remove problem" {
			require.ErrorIs(t, err, wijk.ErrConflict, "the problem has history")
			continue
		}
		require.NoError(t, err, "%s under review", o.name)
	}
}

func closedPlan(t testing.TB) *CarePlan {
	t.Helper()
	p := activePlan(t)
	day := wijk.NewDate(2026, time.April, 1)
	for _, code := range []string{"24", "42"} {
		require.NoError(t, p.Rate(Rating{Problem: code, Kind: Discharge, Date: day, By: sem.Member, KBS: KBS{4, 4, 5}}))
	}
	require.NoError(t, p.Discharge(DischargeParams{By: sem.Member, At: day.In(time.UTC, 600), Reason: "goals reached"}))
	return p
}

func TestRatingRules(t *testing.T) {
	later := start.AddDays(14)
	t.Run("draft takes only admission", func(t *testing.T) {
		p := newPlan(t)
		require.NoError(t, p.AddProblem(skin()))
		require.ErrorIs(t, p.Rate(Rating{Problem: "24", Kind: Interim, Date: later, By: sem.Member, KBS: KBS{3, 3, 3}}), wijk.ErrConflict)
		require.NoError(t, p.Rate(admission("24", 1, 2, 3)))
		require.ErrorIs(t, p.Rate(admission("24", 1, 2, 3)), wijk.ErrConflict, "one admission rating")
	})
	t.Run("field rules", func(t *testing.T) {
		tests := []struct {
			name  string
			r     Rating
			field string
		}{
			{"knowledge 0", Rating{Problem: "24", Kind: Admission, Date: start, By: sem.Member, KBS: KBS{0, 3, 3}}, "rating.knowledge"},
			{"behavior 6", Rating{Problem: "24", Kind: Admission, Date: start, By: sem.Member, KBS: KBS{3, 6, 3}}, "rating.behavior"},
			{"status 0", Rating{Problem: "24", Kind: Admission, Date: start, By: sem.Member, KBS: KBS{3, 3, 0}}, "rating.status"},
			{"no kind", Rating{Problem: "24", Date: start, By: sem.Member, KBS: KBS{3, 3, 3}}, "rating.kind"},
			{"no date", Rating{Problem: "24", Kind: Admission, By: sem.Member, KBS: KBS{3, 3, 3}}, "rating.date"},
			{"no rater", Rating{Problem: "24", Kind: Admission, Date: start, KBS: KBS{3, 3, 3}}, "rating.by"},
			{"unknown problem", Rating{Problem: "xx", Kind: Admission, Date: start, By: sem.Member, KBS: KBS{3, 3, 3}}, "rating.problem"},
			{"problem not in plan", Rating{Problem: "22", Kind: Admission, Date: start, By: sem.Member, KBS: KBS{3, 3, 3}}, "rating.problem"},
			{"before the episode", Rating{Problem: "24", Kind: Admission, Date: start.AddDays(-1), By: sem.Member, KBS: KBS{3, 3, 3}}, "rating.date"},
		}
		for _, tt := range tests {
			p := newPlan(t)
			require.NoError(t, p.AddProblem(skin()))
			require.Equal(t, tt.field, fieldOf(t, p.Rate(tt.r)), tt.name)
			require.Empty(t, p.Ratings())
		}
	})
	t.Run("order during care", func(t *testing.T) {
		p := activePlan(t)
		interim := Rating{Problem: "24", Kind: Interim, Date: later, By: sem.Member, KBS: KBS{3, 3, 3}}
		require.NoError(t, p.Rate(interim))
		back := interim
		back.Date = later.AddDays(-1)
		require.Equal(t, "rating.date", fieldOf(t, p.Rate(back)), "dates never go back")
		require.NoError(t, p.Rate(interim), "the same day again is fine")
		dis := Rating{Problem: "24", Kind: Discharge, Date: later.AddDays(7), By: anne.Member, KBS: KBS{4, 4, 5}}
		require.NoError(t, p.Rate(dis))
		require.ErrorIs(t, p.Rate(dis), wijk.ErrConflict, "nothing after the discharge rating")
		require.Len(t, p.RatingsOf("skin"), 4)
		require.Len(t, p.Ratings(), 5)
	})
	t.Run("closed takes none", func(t *testing.T) {
		p := closedPlan(t)
		require.ErrorIs(t, p.Rate(admission("24", 1, 1, 1)), wijk.ErrConflict)
	})
	t.Run("first rating must be admission", func(t *testing.T) {
		p := activePlan(t)
		require.NoError(t, p.StartReview(sem.Member, authTime.Add(time.Hour), "new problem"))
		require.NoError(t, p.AddProblem(Problem{Code: "22", Scope: omaha.Individual, Severity: omaha.Potential, Goal: "no pain"}))
		require.ErrorIs(t, p.Rate(Rating{Problem: "22", Kind: Interim, Date: later, By: sem.Member, KBS: KBS{3, 3, 3}}), wijk.ErrConflict)
	})
	require.Equal(t, "K+1 B0 S-2", KBS{1, 0, -2}.Change())
	for _, s := range []string{"admission", " Interim", "DISCHARGE"} {
		_, err := ParseRatingKind(s)
		require.NoError(t, err)
	}
	_, err := ParseRatingKind("final")
	require.Equal(t, "kind", fieldOf(t, err))
	require.Equal(t, "RatingKind(0)", RatingKind(0).String())
}

func TestAuthorise(t *testing.T) {
	good := AuthoriseParams{By: anne, At: authTime, MinutesPerWeek: 150, ReviewDate: review}
	t.Run("invalid and forbidden", func(t *testing.T) {
		tests := []struct {
			name string
			edit func(a *AuthoriseParams)
			kind error
			fld  string
		}{
			{"level 4", func(a *AuthoriseParams) { a.By = sem }, wijk.ErrForbidden, ""},
			{"level 3", func(a *AuthoriseParams) { a.By = carer }, wijk.ErrForbidden, ""},
			{"no member", func(a *AuthoriseParams) { a.By.Member = "" }, wijk.ErrInvalid, "by.member"},
			{"no level", func(a *AuthoriseParams) { a.By.Level = 0 }, wijk.ErrInvalid, "by.level"},
			{"no time", func(a *AuthoriseParams) { a.At = time.Time{} }, wijk.ErrInvalid, "at"},
			{"before the episode", func(a *AuthoriseParams) { a.At = start.AddDays(-1).In(time.UTC, 600) }, wijk.ErrInvalid, "at"},
			{"zero minutes", func(a *AuthoriseParams) { a.MinutesPerWeek = 0 }, wijk.ErrInvalid, "minutesPerWeek"},
			{"more than a week", func(a *AuthoriseParams) { a.MinutesPerWeek = MaxMinutesPerWeek + 1 }, wijk.ErrInvalid, "minutesPerWeek"},
			{"less than planned", func(a *AuthoriseParams) { a.MinutesPerWeek = 149 }, wijk.ErrInvalid, "minutesPerWeek"},
			{"no review date", func(a *AuthoriseParams) { a.ReviewDate = wijk.Date{} }, wijk.ErrInvalid, "reviewDate"},
			{"review today", func(a *AuthoriseParams) { a.ReviewDate = start }, wijk.ErrInvalid, "reviewDate"},
		}
		for _, tt := range tests {
			p := readyPlan(t)
			a := good
			tt.edit(&a)
			err := p.Authorise(a)
			require.ErrorIs(t, err, tt.kind, tt.name)
			if tt.fld != "" {
				require.Equal(t, tt.fld, fieldOf(t, err), tt.name)
			}
			require.Equal(t, Draft, p.Status(), tt.name)
			require.Empty(t, p.Authorisations(), tt.name)
		}
	})
	t.Run("not ready", func(t *testing.T) {
		p := newPlan(t)
		require.ErrorIs(t, p.Authorise(good), wijk.ErrConflict, "no problems")
		require.NoError(t, p.AddProblem(skin()))
		err := p.Authorise(good)
		require.ErrorIs(t, err, wijk.ErrConflict)
		require.Contains(t, err.Error(), "no intervention for Skin")
		require.NoError(t, p.AddIntervention(wound()))
		err = p.Authorise(good)
		require.ErrorIs(t, err, wijk.ErrConflict)
		require.Contains(t, err.Error(), "no admission rating for Skin")
		require.NoError(t, p.Rate(admission("24", 2, 2, 2)))
		require.NoError(t, p.Authorise(good))
	})
	t.Run("records who, when, how much", func(t *testing.T) {
		p := activePlan(t)
		require.Equal(t, Active, p.Status())
		require.Equal(t, review, p.ReviewDate())
		a, ok := p.Authorisation()
		require.True(t, ok)
		require.Equal(t, Authorisation{By: anne.Member, At: authTime, MinutesPerWeek: 150, ReviewDate: review}, a)
		require.Equal(t, 2.5, a.Hours())
		require.Equal(t, []Event{{From: Draft, To: Active, At: authTime, By: anne.Member}}, p.History())
		require.ErrorIs(t, p.Authorise(good), wijk.ErrConflict, "already active")
		_, ok = newPlan(t).Authorisation()
		require.False(t, ok)
	})
}

func TestLifecycle(t *testing.T) {
	p := activePlan(t)
	require.ErrorIs(t, p.Discharge(DischargeParams{By: sem.Member, At: authTime.Add(time.Hour), Reason: "x"}), wijk.ErrConflict, "no discharge ratings yet")

	// Review.
	require.Equal(t, "reason", fieldOf(t, p.StartReview(sem.Member, authTime.Add(time.Hour), " ")))
	require.Equal(t, "by", fieldOf(t, p.StartReview("", authTime.Add(time.Hour), "x")))
	require.Equal(t, "at", fieldOf(t, p.StartReview(sem.Member, authTime.Add(-time.Hour), "x")), "not before the previous step")
	require.NoError(t, p.StartReview(sem.Member, authTime.Add(time.Hour), "fell and broke her wrist"))
	require.Equal(t, UnderReview, p.Status())
	require.ErrorIs(t, p.StartReview(sem.Member, authTime.Add(2*time.Hour), "again"), wijk.ErrConflict)
	require.False(t, p.DueForReview(review), "a plan under review is not due")

	// Re-authorise with a new review date.
	next := review.AddDays(42)
	require.ErrorIs(t, p.Authorise(AuthoriseParams{By: sem, At: authTime.Add(2 * time.Hour), MinutesPerWeek: 150, ReviewDate: next}), wijk.ErrForbidden)
	require.NoError(t, p.Authorise(AuthoriseParams{By: anne, At: authTime.Add(2 * time.Hour), MinutesPerWeek: 200, ReviewDate: next}))
	require.Equal(t, Active, p.Status())
	require.Equal(t, next, p.ReviewDate())
	require.Len(t, p.Authorisations(), 2)

	// Discharge.
	day := wijk.NewDate(2026, time.May, 4)
	require.NoError(t, p.Rate(Rating{Problem: "24", Kind: Discharge, Date: day, By: sem.Member, KBS: KBS{4, 5, 5}}))
	err := p.Discharge(DischargeParams{By: sem.Member, At: day.In(time.UTC, 600), Reason: "healed"})
	require.ErrorIs(t, err, wijk.ErrConflict)
	require.Contains(t, err.Error(), "Medication regimen")
	require.NotContains(t, err.Error(), "Skin")
	require.NoError(t, p.Rate(Rating{Problem: "42", Kind: Discharge, Date: day, By: sem.Member, KBS: KBS{4, 5, 5}}))
	require.Equal(t, "reason", fieldOf(t, p.Discharge(DischargeParams{By: sem.Member, At: day.In(time.UTC, 600)})))
	require.Equal(t, "by", fieldOf(t, p.Discharge(DischargeParams{At: day.In(time.UTC, 600), Reason: "x"})))
	_, ok := p.Discharged()
	require.False(t, ok)
	require.NoError(t, p.Discharge(DischargeParams{By: sem.Member, At: day.In(time.UTC, 600), Reason: " healed "}))
	require.Equal(t, Closed, p.Status())
	e, ok := p.Discharged()
	require.True(t, ok)
	require.Equal(t, "healed", e.Note)
	require.Equal(t, UnderReview, p.History()[1].To)
	require.Len(t, p.History(), 4)

	// A closed plan is final.
	require.ErrorIs(t, p.Discharge(DischargeParams{By: sem.Member, At: day.In(time.UTC, 700), Reason: "x"}), wijk.ErrConflict)
	require.ErrorIs(t, p.StartReview(sem.Member, day.In(time.UTC, 700), "x"), wijk.ErrConflict)
	require.ErrorIs(t, p.Authorise(AuthoriseParams{By: anne, At: day.In(time.UTC, 700), MinutesPerWeek: 1, ReviewDate: next}), wijk.ErrConflict)
	require.ErrorIs(t, p.ResolveProblem("24", day), wijk.ErrConflict)

	// A draft cannot be discharged or reviewed.
	d := readyPlan(t)
	require.ErrorIs(t, d.Discharge(DischargeParams{By: sem.Member, At: authTime, Reason: "x"}), wijk.ErrConflict)
	require.ErrorIs(t, d.StartReview(sem.Member, authTime, "x"), wijk.ErrConflict)
	require.ErrorIs(t, d.ResolveProblem("24", start), wijk.ErrConflict)

	for st := Draft; st <= Closed; st++ {
		got, err := ParseStatus(strings.ToUpper(st.String()))
		require.NoError(t, err)
		require.Equal(t, st, got)
	}
	got, err := ParseStatus("under-review")
	require.NoError(t, err)
	require.Equal(t, UnderReview, got)
	_, err = ParseStatus("open")
	require.Equal(t, "status", fieldOf(t, err))
	require.Equal(t, "Status(0)", Status(0).String())
	require.Contains(t, p.History()[1].String(), "active → under review")
}

func TestResolveProblem(t *testing.T) {
	p := activePlan(t)
	day := start.AddDays(10)
	require.ErrorIs(t, p.ResolveProblem("24", day), wijk.ErrConflict, "needs a discharge rating")
	require.ErrorIs(t, p.ResolveProblem("22", day), wijk.ErrNotFound)
	require.Equal(t, "on", fieldOf(t, p.ResolveProblem("24", wijk.Date{})))
	require.NoError(t, p.Rate(Rating{Problem: "24", Kind: Discharge, Date: day, By: sem.Member, KBS: KBS{4, 4, 5}}))
	require.Equal(t, "on", fieldOf(t, p.ResolveProblem("24", day.AddDays(-1))))
	require.NoError(t, p.ResolveProblem("24", day))
	require.ErrorIs(t, p.ResolveProblem("24", day), wijk.ErrConflict, "already resolved")
	got, _ := p.Problem("24")
	require.False(t, got.Open())
	require.Equal(t, 10, p.PlannedMinutesPerWeek(), "a resolved problem's care stops")

	// Its wound care stops on the day it is resolved.
	visits, err := p.VisitDemand(day.AddDays(-1), day)
	require.NoError(t, err)
	require.Len(t, visits, 1)
	require.Equal(t, day.AddDays(-1), visits[0].Date)

	// Under review, a resolved problem cannot be changed or given new
	// interventions.
	require.NoError(t, p.StartReview(sem.Member, authTime.Add(time.Hour), "wound healed"))
	require.ErrorIs(t, p.UpdateProblem(skin()), wijk.ErrConflict)
	iv := wound()
	iv.ID = tid("W2")
	require.ErrorIs(t, p.AddIntervention(iv), wijk.ErrConflict)

	// Discharge needs only the open problem's rating now.
	require.NoError(t, p.Rate(Rating{Problem: "42", Kind: Discharge, Date: day, By: sem.Member, KBS: KBS{5, 5, 5}}))
	require.Equal(t, "at", fieldOf(t, p.Discharge(DischargeParams{By: sem.Member, At: authTime.Add(2 * time.Hour), Reason: "done"})),
		"not closed on 2 March with ratings and a resolution of 12 March")
	require.NoError(t, p.Discharge(DischargeParams{By: sem.Member, At: day.In(time.UTC, 600), Reason: "done"}))
}

func TestDueForReview(t *testing.T) {
	mk := func(id string, rd wijk.Date) *CarePlan {
		p := readyPlan(t)
		p.id = tid(id)
		require.NoError(t, p.Authorise(AuthoriseParams{By: anne, At: authTime, MinutesPerWeek: 150, ReviewDate: rd}))
		return p
	}
	a := mk("A", review.AddDays(2))
	b := mk("B", review)
	c := mk("C", review)
	d := mk("D", review.AddDays(3))
	draft := readyPlan(t)
	under := mk("E", review)
	require.NoError(t, under.StartReview(sem.Member, authTime, "early"))
	got := DueForReview([]*CarePlan{a, nil, d, c, draft, b, under}, review.AddDays(2))
	ids := []wijk.ID{}
	for _, p := range got {
		ids = append(ids, p.ID())
	}
	require.Equal(t, []wijk.ID{tid("B"), tid("C"), tid("A")}, ids, "most overdue first, then by ID")
	require.Empty(t, DueForReview([]*CarePlan{a, b}, review.AddDays(-1)))
	require.True(t, b.DueForReview(review))
	require.False(t, b.DueForReview(review.AddDays(-1)))
}

func TestOutcomes(t *testing.T) {
	p := activePlan(t)
	o, err := p.Outcome("24")
	require.NoError(t, err)
	require.True(t, o.Rated)
	require.Equal(t, KBS{}, o.Change, "only an admission rating: no change yet")
	require.NoError(t, p.Rate(Rating{Problem: "24", Kind: Interim, Date: start.AddDays(14), By: sem.Member, KBS: KBS{3, 4, 3}}))
	require.NoError(t, p.Rate(Rating{Problem: "24", Kind: Discharge, Date: start.AddDays(28), By: sem.Member, KBS: KBS{4, 4, 5}}))
	require.NoError(t, p.Rate(Rating{Problem: "42", Kind: Interim, Date: start.AddDays(14), By: sem.Member, KBS: KBS{3, 2, 4}}))

	got := p.Outcomes()
	want := PlanOutcome{
		Problems: []ProblemOutcome{
			{Problem: "24", Name: "Skin", Rated: true, Admission: p.RatingsOf("24")[0], Latest: p.RatingsOf("24")[2], Change: KBS{2, 1, 3}, Discharged: true},
			{Problem: "42", Name: "Medication regimen", Rated: true, Admission: p.RatingsOf("42")[0], Latest: p.RatingsOf("42")[1], Change: KBS{0, -1, 0}},
		},
		Rated: 2,
		Total: KBS{2, 0, 3},
	}
	if d := cmp.Diff(want, got, dateEq); d != "" {
		t.Fatalf("outcomes (-want +got):\n%s", d)
	}
	k, b, s := got.Mean()
	require.Equal(t, []float64{1, 0, 1.5}, []float64{k, b, s})
	k, b, s = PlanOutcome{}.Mean()
	require.Equal(t, []float64{0, 0, 0}, []float64{k, b, s})

	_, err = p.Outcome("01")
	require.ErrorIs(t, err, wijk.ErrNotFound)
	d := newPlan(t)
	require.NoError(t, d.AddProblem(skin()))
	o, err = d.Outcome("24")
	require.NoError(t, err)
	require.False(t, o.Rated)
	require.Equal(t, 0, d.Outcomes().Rated)
}

func TestSummaryIsDeterministic(t *testing.T) {
	p := activePlan(t)
	c, err := NewClient(goodClient())
	require.NoError(t, err)
	s := p.Summary(c)
	require.Equal(t, s, p.Summary(c))
	for _, want := range []string{
		"Care plan for Bep de Vries (born 1941-05-12)",
		"Own goals: walk to the market",
		"Informal: Marga (daughter), helps with shopping, reach: evenings",
		"Formal: other (podiatrist): Voetzorg Oost",
		"Status: active, episode from 2026-03-02, review by 2026-04-13",
		"Authorised: 2h 30m a week by " + string(anne.Member) + " on 2026-03-02 (planned 2h 30m)",
		"1. Skin (24): actual, individual",
		"1× a day, 20 min, start 09:00–10:00, level 4 or higher",
	} {
		require.Contains(t, s, want)
	}
	other := p.Summary(nil)
	require.Contains(t, other, "Care plan for client "+string(tid("C1")))
	require.Contains(t, readyPlan(t).Summary(nil), "Planned: 2h 30m a week, not yet authorised")
	require.Equal(t, "45m", hm(45))
	require.Equal(t, "2h", hm(120))
}

func TestSnapshotRoundTrip(t *testing.T) {
	// An active plan whose problems were all resolved, not yet closed.
	resolved := activePlan(t)
	for _, code := range []string{"24", "42"} {
		require.NoError(t, resolved.Rate(Rating{Problem: code, Kind: Discharge, Date: start.AddDays(10), By: sem.Member, KBS: KBS{5, 5, 5}}))
		require.NoError(t, resolved.ResolveProblem(code, start.AddDays(10)))
	}
	for name, p := range map[string]*CarePlan{
		"draft":        readyPlan(t),
		"active":       activePlan(t),
		"all resolved": resolved,
		"closed":       closedPlan(t),
	} {
		s := p.Snapshot()
		r, err := RestoreCarePlan(s)
		require.NoError(t, err, name)
		if d := cmp.Diff(s, r.Snapshot(), dateEq); d != "" {
			t.Fatalf("%s: restore (-want +got):\n%s", name, d)
		}
		// Through JSON too, as a storage layer might keep it.
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back CarePlanSnapshot
		require.NoError(t, json.Unmarshal(b, &back))
		r, err = RestoreCarePlan(back)
		require.NoError(t, err, name)
		if d := cmp.Diff(s, r.Snapshot(), dateEq); d != "" {
			t.Fatalf("%s: JSON restore (-want +got):\n%s", name, d)
		}
	}
	// Snapshots share nothing with the plan.
	p := activePlan(t)
	s := p.Snapshot()
	s.Problems[0].Signs[0].Name = "x"
	s.Interventions[0].Schedule.Windows[0].Latest = 0
	s.History[0].Note = "x"
	require.Equal(t, "lesion/pressure ulcer", p.Problems()[0].Signs[0].Name)
	require.Equal(t, 600, p.Interventions()[0].Schedule.Windows[0].Latest)
	require.Equal(t, "", p.History()[0].Note)
}

func TestRestoreRejects(t *testing.T) {
	tests := []struct {
		name  string
		base  func(t testing.TB) *CarePlan
		edit  func(s *CarePlanSnapshot)
		field string
	}{
		{"bad id", activePlan, func(s *CarePlanSnapshot) { s.ID = "" }, "id"},
		{"bad status", activePlan, func(s *CarePlanSnapshot) { s.Status = 0 }, "status"},
		{"status not where history ends", activePlan, func(s *CarePlanSnapshot) { s.Status = UnderReview }, "status"},
		{"duplicate problem", activePlan, func(s *CarePlanSnapshot) { s.Problems[1] = s.Problems[0] }, "problems[1].code"},
		{"actual without signs", activePlan, func(s *CarePlanSnapshot) { s.Problems[0].Signs = nil }, "problems[0].signs"},
		{"resolved without discharge rating", activePlan, func(s *CarePlanSnapshot) { s.Problems[0].Resolved = start.AddDays(3) }, "problems[0].resolved"},
		{"intervention of missing problem", activePlan, func(s *CarePlanSnapshot) { s.Interventions[0].Problem = "22" }, "interventions[0].problem"},
		{"duplicate intervention", activePlan, func(s *CarePlanSnapshot) { s.Interventions[1].ID = s.Interventions[0].ID }, "interventions[1].id"},
		{"bad schedule", activePlan, func(s *CarePlanSnapshot) { s.Interventions[0].Schedule.Minutes = 0 }, "interventions[0].schedule.minutes"},
		{"rating out of range", activePlan, func(s *CarePlanSnapshot) { s.Ratings[0].Knowledge = 7 }, "ratings[0].knowledge"},
		{"rating of missing problem", activePlan, func(s *CarePlanSnapshot) { s.Ratings[0].Problem = "22" }, "ratings[0].problem"},
		{"second admission", activePlan, func(s *CarePlanSnapshot) { s.Ratings[1].Problem = "24" }, "ratings[1]"},
		{"interim in a draft", readyPlan, func(s *CarePlanSnapshot) { s.Ratings[1].Kind = Interim }, "ratings[1].kind"},
		{"history skips a state", activePlan, func(s *CarePlanSnapshot) { s.History[0].To = Closed; s.Status = Closed }, "history[0].to"},
		{"history starts elsewhere", activePlan, func(s *CarePlanSnapshot) { s.History[0].From = UnderReview }, "history[0].from"},
		{"history no time", activePlan, func(s *CarePlanSnapshot) { s.History[0].At = time.Time{} }, "history[0].at"},
		{"history before start", activePlan, func(s *CarePlanSnapshot) {
			s.History[0].At = start.AddDays(-1).In(time.UTC, 0)
		}, "history[0].at"},
		{"missing authorisation", activePlan, func(s *CarePlanSnapshot) { s.Authorisations = nil }, "authorisations"},
		{"extra authorisation", activePlan, func(s *CarePlanSnapshot) {
			s.Authorisations = append(s.Authorisations, s.Authorisations[0])
		}, "authorisations"},
		{"authorisation by someone else", activePlan, func(s *CarePlanSnapshot) { s.Authorisations[0].By = sem.Member }, "authorisations[0]"},
		{"authorisation zero minutes", activePlan, func(s *CarePlanSnapshot) { s.Authorisations[0].MinutesPerWeek = 0 }, "authorisations[0].minutesPerWeek"},
		{"authorisation review date", activePlan, func(s *CarePlanSnapshot) { s.Authorisations[0].ReviewDate = start }, "authorisations[0].reviewDate"},
		{"review date differs", activePlan, func(s *CarePlanSnapshot) { s.ReviewDate = start.AddDays(100) }, "reviewDate"},
		{"active with an unplanned problem", activePlan, func(s *CarePlanSnapshot) {
			var keep []Intervention
			for _, iv := range s.Interventions {
				if iv.Problem != s.Problems[0].Code {
					keep = append(keep, iv)
				}
			}
			s.Interventions = keep
		}, "status"},
		{"active beyond the authorised hours", activePlan, func(s *CarePlanSnapshot) { s.Authorisations[0].MinutesPerWeek = 1 }, "authorisations[0].minutesPerWeek"},
		{"note on an authorisation step", activePlan, func(s *CarePlanSnapshot) { s.History[0].Note = "looks fine" }, "history[0].note"},
		{"closed without reason", closedPlan, func(s *CarePlanSnapshot) { s.History[1].Note = "" }, "history[1].note"},
		{"closed without discharge ratings", closedPlan, func(s *CarePlanSnapshot) { s.Ratings = s.Ratings[:3] }, "ratings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.base(t).Snapshot()
			tt.edit(&s)
			p, err := RestoreCarePlan(s)
			require.Nil(t, p)
			require.Equal(t, tt.field, fieldOf(t, err))
		})
	}
}
