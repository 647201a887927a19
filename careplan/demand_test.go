package careplan

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/team"
)

// demandPlan is an active plan with the given interventions, all under
// the problem Skin, authorised on the episode's first day.
func demandPlan(t *testing.T, ivs ...Intervention) *CarePlan {
	t.Helper()
	p := newPlan(t)
	require.NoError(t, p.AddProblem(skin()))
	for _, iv := range ivs {
		iv.Problem = "24"
		require.NoError(t, p.AddIntervention(iv))
	}
	require.NoError(t, p.Rate(admission("24", 2, 2, 2)))
	require.NoError(t, p.Authorise(AuthoriseParams{By: anne, At: authTime, MinutesPerWeek: MaxMinutesPerWeek, ReviewDate: review}))
	return p
}

func iv(id string, level team.Level, s Schedule) Intervention {
	return Intervention{ID: tid(id), Category: omaha.TreatmentsProcedures, Target: "17", Description: "care", Level: level, Schedule: s}
}

func daily(minutes int, windows ...Window) Schedule {
	return Schedule{Times: len(windows), Per: PerDay, Minutes: minutes, Windows: windows}
}

func TestVisitDemandCombines(t *testing.T) {
	p := demandPlan(t,
		iv("A", team.Level3, daily(15, Window{420, 480}, Window{1200, 1260})), // 07:00–08:00 and 20:00–21:00
		iv("B", team.Level4, daily(10, Window{450, 540})),                     // 07:30–09:00: overlaps A's morning
		iv("C", team.Level3, daily(5, Window{600, 630})),                      // 10:00–10:30: its own visit
	)
	got, err := p.VisitDemand(start, start)
	require.NoError(t, err)
	want := []Visit{
		{Client: tid("C1"), Plan: tid("P1"), Date: start, EarliestStart: 450, LatestStart: 480, Minutes: 25, Level: team.Level4, Interventions: []wijk.ID{tid("A"), tid("B")}},
		{Client: tid("C1"), Plan: tid("P1"), Date: start, EarliestStart: 600, LatestStart: 630, Minutes: 5, Level: team.Level3, Interventions: []wijk.ID{tid("C")}},
		{Client: tid("C1"), Plan: tid("P1"), Date: start, EarliestStart: 1200, LatestStart: 1260, Minutes: 15, Level: team.Level3, Interventions: []wijk.ID{tid("A")}},
	}
	if d := cmp.Diff(want, got, dateEq); d != "" {
		t.Fatalf("visits (-want +got):\n%s", d)
	}

	week, err := p.VisitDemand(start, start.AddDays(6))
	require.NoError(t, err)
	require.Len(t, week, 21)
	again, _ := p.VisitDemand(start, start.AddDays(6))
	require.Empty(t, cmp.Diff(week, again, dateEq), "same plan, same visits")
}

func TestVisitDemandMidnight(t *testing.T) {
	// Both may start until 23:30, but together they take 40 minutes: the
	// combined visit must start by 23:20.
	p := demandPlan(t,
		iv("A", team.Level3, daily(20, Window{1380, 1410})),
		iv("B", team.Level3, daily(20, Window{1390, 1410})),
	)
	got, err := p.VisitDemand(start, start)
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, 1390, got[0].EarliestStart)
	require.Equal(t, 1400, got[0].LatestStart)
	require.Equal(t, 40, got[0].Minutes)

	// When the day cannot hold them together they stay apart.
	p = demandPlan(t,
		iv("A", team.Level3, daily(30, Window{1400, 1410})),
		iv("B", team.Level3, daily(20, Window{1400, 1420})),
	)
	got, err = p.VisitDemand(start, start)
	require.NoError(t, err)
	require.Len(t, got, 2)
	for _, v := range got {
		require.LessOrEqual(t, v.LatestStart+v.Minutes, MinutesPerDay)
	}
}

func TestVisitDemandWeekly(t *testing.T) {
	weekly := func(times int, days ...time.Weekday) Schedule {
		return Schedule{Times: times, Per: PerWeek, Minutes: 30, Windows: win(600, 660), Days: days}
	}
	// Fixed days.
	p := demandPlan(t, iv("A", team.Level4, weekly(2, time.Tuesday, time.Friday)))
	got, err := p.VisitDemand(start, start.AddDays(13))
	require.NoError(t, err)
	var days []string
	for _, v := range got {
		days = append(days, v.Date.String()+" "+v.Date.Weekday().String()[:3])
	}
	require.Equal(t, []string{"2026-03-03 Tue", "2026-03-06 Fri", "2026-03-10 Tue", "2026-03-13 Fri"}, days)

	// Spread days: n per week, every week, on days that repeat weekly, and
	// a client's weekly interventions fall on the same days.
	for n := 1; n <= 7; n++ {
		p := demandPlan(t, iv("A", team.Level4, weekly(n)), iv("B", team.Level3, weekly(n)))
		got, err := p.VisitDemand(start, start.AddDays(27))
		require.NoError(t, err)
		require.Len(t, got, 4*n, "n=%d", n)
		perWeek := map[int][]time.Weekday{}
		for _, v := range got {
			require.Len(t, v.Interventions, 2, "same client, same days: one visit")
			w := v.Date.DaysSince(start) / 7
			perWeek[w] = append(perWeek[w], v.Date.Weekday())
		}
		for w := 1; w < 4; w++ {
			require.Equal(t, perWeek[0], perWeek[w], "n=%d: week %d repeats week 0", n, w)
		}
	}

	// Spread gaps are as even as whole days allow: three times a week
	// never falls on consecutive days within a week.
	p = demandPlan(t, iv("A", team.Level4, weekly(3)))
	got, err = p.VisitDemand(start, start.AddDays(6))
	require.NoError(t, err)
	require.Len(t, got, 3)
	off := weekOffset(tid("C1"))
	want := []int{off % 7, (off + 2) % 7, (off + 4) % 7}
	var idx []int
	for _, v := range got {
		idx = append(idx, mondayIndex(v.Date.Weekday()))
	}
	require.ElementsMatch(t, want, idx)
}

func TestWeekOffsetSpreadsClients(t *testing.T) {
	seen := map[int]bool{}
	for i := range 50 {
		seen[weekOffset(tid(fmt.Sprintf("C%d", i)))] = true
	}
	require.Greater(t, len(seen), 4, "different clients start their weekly care on different days")
	require.Equal(t, weekOffset(tid("C1")), weekOffset(tid("C1")))
}

func TestVisitDemandWhichPlansAndDays(t *testing.T) {
	// Draft and closed plans give nothing.
	got, err := readyPlan(t).VisitDemand(start, start.AddDays(6))
	require.NoError(t, err)
	require.Empty(t, got)
	got, err = closedPlan(t).VisitDemand(start, start.AddDays(6))
	require.NoError(t, err)
	require.Empty(t, got)

	// Nothing before the episode starts or before the first
	// authorisation.
	p := newPlan(t)
	require.NoError(t, p.AddProblem(skin()))
	require.NoError(t, p.AddIntervention(wound()))
	require.NoError(t, p.Rate(admission("24", 2, 2, 2)))
	require.NoError(t, p.Authorise(AuthoriseParams{By: anne, At: start.AddDays(3).In(time.UTC, 600), MinutesPerWeek: 140, ReviewDate: review}))
	got, err = p.VisitDemand(start.AddDays(-5), start.AddDays(6))
	require.NoError(t, err)
	require.Len(t, got, 4)
	require.Equal(t, start.AddDays(3), got[0].Date)

	// Under review, care goes on.
	require.NoError(t, p.StartReview(sem.Member, start.AddDays(4).In(time.UTC, 600), "check"))
	got, err = p.VisitDemand(start.AddDays(5), start.AddDays(5))
	require.NoError(t, err)
	require.Len(t, got, 1)

	// Range rules.
	for _, tt := range []struct {
		from, to wijk.Date
		field    string
	}{
		{wijk.Date{}, start, "from"},
		{start, wijk.Date{}, "to"},
		{start, start.AddDays(-1), "to"},
		{start, start.AddDays(MaxDemandDays), "to"},
	} {
		_, err := p.VisitDemand(tt.from, tt.to)
		require.Equal(t, tt.field, fieldOf(t, err))
		_, err = Demand([]*CarePlan{p}, tt.from, tt.to)
		require.Equal(t, tt.field, fieldOf(t, err))
	}
	_, err = p.VisitDemand(start, start.AddDays(MaxDemandDays-1))
	require.NoError(t, err)
	_, err = p.VisitDemand(wijk.MaxDate, wijk.MaxDate)
	require.NoError(t, err)
}

func TestDemandAcrossPlans(t *testing.T) {
	a := activePlan(t)
	b := readyPlan(t)
	b.id, b.client = tid("P2"), tid("C2")
	require.NoError(t, b.Authorise(AuthoriseParams{By: anne, At: authTime, MinutesPerWeek: 150, ReviewDate: review}))
	got, err := Demand([]*CarePlan{b, nil, a}, start, start.AddDays(1))
	require.NoError(t, err)
	var keys []string
	for _, v := range got {
		keys = append(keys, fmt.Sprintf("%s %d %s", v.Date, v.EarliestStart, v.Client[len(v.Client)-2:]))
	}
	// Monday: both clients' wound care and pill check share a visit
	// (09:30–10:00); Tuesday: wound care only.
	require.Equal(t, []string{
		"2026-03-02 570 C1", "2026-03-02 570 C2",
		"2026-03-03 540 C1", "2026-03-03 540 C2",
	}, keys)
	require.Equal(t, 30, got[0].Minutes)
	require.Equal(t, team.Level4, got[0].Level)
}

func BenchmarkVisitDemand(b *testing.B) {
	p, _ := NewCarePlan(CarePlanParams{ID: tid("P1"), Client: tid("C1"), Start: start, CreatedBy: sem.Member})
	_ = p.AddProblem(skin())
	for i := range 6 {
		_ = p.AddIntervention(Intervention{ID: tid(fmt.Sprintf("X%d", i)), Problem: "24", Category: omaha.TreatmentsProcedures,
			Target: "17", Description: "care", Level: team.Level3,
			Schedule: Schedule{Times: 2, Per: PerDay, Minutes: 10, Windows: []Window{{420 + i*10, 540}, {1100, 1200}}}})
	}
	_ = p.Rate(admission("24", 2, 2, 2))
	if err := p.Authorise(AuthoriseParams{By: anne, At: authTime, MinutesPerWeek: MaxMinutesPerWeek, ReviewDate: review}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.VisitDemand(start, start.AddDays(27)); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzAddProblem feeds outside text into a problem and checks that an
// accepted problem satisfies the rules.
func FuzzAddProblem(f *testing.F) {
	f.Add("24", "individual", "actual", "lesion/pressure ulcer", "", "heal")
	f.Add("Skin", "family", "potential", "", "", "x")
	f.Add("42", "community", "health promotion", "other", "own words", "g")
	f.Add("99", "", "actual", "OTHER", "", "")
	f.Add("1", "individual", "actual", "low/no income", "\xff", "goal\x00")
	f.Fuzz(func(t *testing.T, code, scope, severity, sign, detail, goal string) {
		p := newPlan(t)
		sc, _ := omaha.ParseScope(scope)
		sv, _ := omaha.ParseSeverity(severity)
		var signs []Sign
		if sign != "" {
			signs = []Sign{{Name: sign, Detail: detail}}
		}
		err := p.AddProblem(Problem{Code: code, Scope: sc, Severity: sv, Signs: signs, Goal: goal})
		if err != nil {
			require.Empty(t, p.Problems())
			return
		}
		got := p.Problems()
		require.Len(t, got, 1)
		pr := got[0]
		require.NoError(t, pr.validate())
		require.Equal(t, pr.Severity == omaha.Actual, len(pr.Signs) > 0)
		for _, s := range pr.Signs {
			require.NoError(t, omaha.ValidateSign(pr.Code, s.Name))
		}
	})
}

// FuzzAddIntervention feeds outside numbers and text into a schedule.
func FuzzAddIntervention(f *testing.F) {
	f.Add("17", "TP", 1, "day", 20, 540, 600, 4, "dressing")
	f.Add("other", "s", 3, "week", 30, 0, 1439, 3, "x")
	f.Add("76", "CM", 8, "week", 0, -5, 1500, 6, "")
	f.Add("medication set-up", "teaching", 2, "daily", 15, 1380, 1420, 5, "pills")
	f.Fuzz(func(t *testing.T, target, category string, times int, per string, minutes, earliest, latest, level int, desc string) {
		p := newPlan(t)
		require.NoError(t, p.AddProblem(skin()))
		cat, _ := omaha.ParseCategory(category)
		pd, _ := ParsePeriod(per)
		windows := []Window{{earliest, latest}}
		if pd == PerDay && times > 1 && times <= MaxTimesPerDay {
			windows = nil
			for i := range times {
				windows = append(windows, Window{earliest + i*100, latest + i*100})
			}
		}
		err := p.AddIntervention(Intervention{ID: tid("F1"), Problem: "24", Category: cat, Target: target,
			TargetDetail: desc, Description: desc, Level: team.Level(level),
			Schedule: Schedule{Times: times, Per: pd, Minutes: minutes, Windows: windows}})
		if err != nil {
			require.Empty(t, p.Interventions())
			return
		}
		iv := p.Interventions()[0]
		require.NoError(t, iv.validate())
		require.NoError(t, p.Rate(admission("24", 2, 2, 2)))
		require.NoError(t, p.Authorise(AuthoriseParams{By: anne, At: authTime, MinutesPerWeek: MaxMinutesPerWeek, ReviewDate: review}))
		visits, err := p.VisitDemand(start, start.AddDays(6))
		require.NoError(t, err)
		total := 0
		for _, v := range visits {
			require.LessOrEqual(t, v.EarliestStart, v.LatestStart)
			require.LessOrEqual(t, v.LatestStart+v.Minutes, MinutesPerDay)
			total += v.Minutes
		}
		require.Equal(t, iv.Schedule.MinutesPerWeek(), total, "a week of visits gives the planned minutes")
	})
}

// FuzzRestoreCarePlan feeds stored state, as JSON, into RestoreCarePlan:
// what it accepts must round-trip and keep working.
func FuzzRestoreCarePlan(f *testing.F) {
	for _, p := range []*CarePlan{readyPlan(f), activePlan(f), closedPlan(f)} {
		b, err := json.Marshal(p.Snapshot())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"Status":2,"History":[{"From":1,"To":2}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s CarePlanSnapshot
		if json.Unmarshal(b, &s) != nil {
			return
		}
		p, err := RestoreCarePlan(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		r, err := RestoreCarePlan(p.Snapshot())
		require.NoError(t, err)
		require.Empty(t, cmp.Diff(p.Snapshot(), r.Snapshot(), dateEq))
		_, err = p.VisitDemand(start, start.AddDays(13))
		require.NoError(t, err)
		_ = p.Summary(nil)
		_ = p.Outcomes()
	})
}
