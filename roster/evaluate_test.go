package roster

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/team"
)

// set fills a roster from one string per employee, a character per day:
// '.' off, otherwise the shift ID.
func set(t testing.TB, p *Problem, rows map[string]string) *Roster {
	t.Helper()
	r := newRoster(p)
	for emp, s := range rows {
		require.Len(t, s, p.Days(), emp)
		for d, ch := range s {
			shift := ""
			if ch != '.' {
				shift = string(ch)
			}
			require.NoError(t, r.Set(emp, d, shift))
		}
	}
	return r
}

func handParams() ProblemParams {
	p := smallParams()
	p.Employees[0].Contract = Contract{
		MaxShifts:         map[string]int{"L": 1},
		MaxMinutes:        4 * 480,
		MinMinutes:        2 * 480,
		MaxConsecutive:    3,
		MinConsecutive:    2,
		MinConsecutiveOff: 2,
		MaxWeekends:       0,
	}
	p.Employees[0].DaysOff = []int{3}
	p.Cover = []CoverParams{
		{Day: 0, Shift: "E", Required: 2, UnderWeight: 100, OverWeight: 1},
		{Day: 0, Shift: "E", Level: team.Level5, Required: 1, UnderWeight: 50},
		{Day: 1, Shift: "L", Required: 1, UnderWeight: 100, OverWeight: 1},
		{Day: 2, Shift: "E", Required: 0, UnderWeight: 100, OverWeight: 1},
	}
	p.OnRequests = []RequestParams{{Employee: "bob", Day: 0, Shift: "E", Weight: 3}}
	p.OffRequests = []RequestParams{
		{Employee: "cas", Day: 1, Weight: 2},             // the day off
		{Employee: "ann", Day: 0, Shift: "L", Weight: 5}, // no late shift
	}
	return p
}

func TestEvaluateHandComputed(t *testing.T) {
	p := mustProblem(t, handParams())
	r := set(t, p, map[string]string{
		"ann": "LEEE.E.",
		"bob": "E......",
		"cas": "EL.....",
	})
	ev := r.Evaluate()
	// ann: L then E (cannot follow), works day 3 (a day off), days 0–3 in
	// a row (max 3), one day off on day 4 (min 2), one working day on day
	// 5 (min 2), 5 × 480 minutes (max 1920), the weekend of day 5 (max 0).
	// The off day 6 touches the end of the horizon: exempt.
	type brief struct {
		Rule   Rule
		Days   []int
		Shift  string
		Amount int
	}
	var got []brief
	for _, v := range ev.Violations {
		require.Equal(t, "ann", v.Employee)
		require.Contains(t, v.Message, "ann ")
		got = append(got, brief{v.Rule, v.Days, v.Shift, v.Amount})
	}
	want := []brief{
		{RuleCannotFollow, []int{0, 1}, "E", 1},
		{RuleDayOff, []int{3}, "E", 1},
		{RuleMaxConsecutive, []int{0, 1, 2, 3}, "", 1},
		{RuleMinConsecutiveOff, []int{4}, "", 1},
		{RuleMinConsecutive, []int{5}, "", 1},
		{RuleMaxMinutes, nil, "", 480},
		{RuleMaxWeekends, []int{5}, "", 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("violations (-want +got):\n%s", diff)
	}
	// cover: day 0 E has bob and cas (2 of 2) but no level-5 (50); day 1
	// L has cas (1 of 1); day 2 E has ann where none is needed (1).
	// requests: bob's early on day 0 is granted; cas asked day 1 off (2);
	// ann asked no late on day 0 (5).
	wantB := Breakdown{ShiftOnRequests: 0, ShiftOffRequests: 7, CoverUnder: 50, CoverOver: 1}
	require.Equal(t, wantB, ev.Breakdown)
	require.Equal(t, 58, ev.Penalty)
	require.Equal(t, Score{Hard: 7, Soft: 58}, ev.Score())
	require.False(t, ev.Feasible())

	// the incremental evaluator agrees
	ie := mustEvaluator(t, r)
	require.Equal(t, ev.Score(), ie.Score())
}

func TestEvaluateCountsLevelsAndRequests(t *testing.T) {
	p := handParams()
	p.Employees[0].Contract = free()
	p.Employees[0].DaysOff = nil
	pr := mustProblem(t, p)
	tests := []struct {
		name string
		rows map[string]string
		want Breakdown
	}{
		{"nobody works", map[string]string{},
			// day 0 E short 2 (200) and level 5 short (50); day 1 L short
			// (100); bob's request for an early (3)
			Breakdown{ShiftOnRequests: 3, CoverUnder: 350}},
		{"level 4 does not cover level 5", map[string]string{"bob": "E......", "cas": "E......"},
			Breakdown{CoverUnder: 150}},
		{"level 5 covers both rows", map[string]string{"ann": "E......", "bob": "E......", "cas": ".L....."},
			Breakdown{ShiftOffRequests: 2}},
		{"over cover", map[string]string{"ann": "EL.....", "bob": "EL.....", "cas": "E.E...."},
			Breakdown{CoverOver: 1 + 1 + 1}},
		{"off request for another shift is granted", map[string]string{"ann": "E......", "bob": "E......", "cas": ".E....."},
			Breakdown{ShiftOffRequests: 2, CoverUnder: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := set(t, pr, tt.rows).Evaluate()
			require.Empty(t, ev.Violations)
			require.Equal(t, tt.want, ev.Breakdown)
			require.Equal(t, tt.want.Total(), ev.Penalty)
		})
	}
}

func TestEvaluateRunsAtTheBordersAndHistory(t *testing.T) {
	contract := Contract{MaxMinutes: NoLimit, MaxConsecutive: 3, MinConsecutive: 2, MinConsecutiveOff: 2, MaxWeekends: NoLimit}
	tests := []struct {
		name    string
		history []string
		row     string
		want    []Rule
		days    [][]int
	}{
		{"short runs at both borders are exempt", nil, "E.....E", nil, nil},
		{"short off run at the start is exempt", nil, ".EE.EEE", []Rule{RuleMinConsecutiveOff}, [][]int{{3}}},
		{"history makes the first run count", []string{""}, "E..EE..", []Rule{RuleMinConsecutive}, [][]int{{0}}},
		{"history run continues into day 0", []string{"E", "E"}, "EE.....", []Rule{RuleMaxConsecutive}, [][]int{{0, 1}}},
		{"history long enough for the minimum", []string{"E"}, "E...EE.", nil, nil},
		{"history off run continues", []string{"E", ""}, ".EE....", nil, nil},
		{"rest rule across day 0", []string{"L"}, "EE.....", []Rule{RuleCannotFollow}, [][]int{{-1, 0}}},
		{"max run touching the end still counts", nil, "...EEEE", []Rule{RuleMaxConsecutive}, [][]int{{3, 4, 5, 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := smallParams()
			p.Employees = p.Employees[:1]
			p.Employees[0].Contract = contract
			p.Employees[0].History = tt.history
			pr := mustProblem(t, p)
			ev := set(t, pr, map[string]string{"ann": tt.row}).Evaluate()
			var rules []Rule
			var days [][]int
			for _, v := range ev.Violations {
				rules = append(rules, v.Rule)
				days = append(days, v.Days)
			}
			require.Equal(t, tt.want, rules)
			require.Equal(t, tt.days, days)
			ie := mustEvaluator(t, set(t, pr, map[string]string{"ann": tt.row}))
			require.Equal(t, len(tt.want), ie.Score().Hard)
		})
	}
}

func TestEvaluateMaxShiftsMinutesAndPins(t *testing.T) {
	p := smallParams()
	p.Employees[1].Contract = Contract{MaxShifts: map[string]int{"E": 0, "L": 2}, MaxMinutes: NoLimit,
		MinMinutes: 4 * 480, MaxConsecutive: NoLimit, MaxWeekends: 1}
	p.Pins = []Assignment{{Employee: "bob", Day: 6, Shift: "L"}, {Employee: "cas", Day: 0}}
	pr := mustProblem(t, p)
	r := set(t, pr, map[string]string{"bob": "ELLL.EE", "cas": "E......"})
	ev := r.Evaluate()
	got := map[Rule]int{}
	for _, v := range ev.Violations {
		got[v.Rule] += v.Amount
	}
	// bob: E three times (max 0: 3 over), L three times (max 2: 1 over), 6
	// shifts so minutes are fine, weekend days 5 and 6 are one weekend,
	// day 6 pinned to L but works E; cas works day 0, pinned off.
	require.Equal(t, map[Rule]int{RuleMaxShifts: 4, RulePin: 2}, got)
	require.Len(t, ev.Violations, 4)

	r = set(t, pr, map[string]string{"bob": "L.....L"})
	ev = r.Evaluate()
	require.Len(t, ev.Violations, 1)
	require.Equal(t, RuleMinMinutes, ev.Violations[0].Rule)
	require.Equal(t, 960, ev.Violations[0].Amount)
}

func TestRuleNames(t *testing.T) {
	for r := RuleMaxShifts; r <= RulePin; r++ {
		got, err := ParseRule(r.String())
		require.NoError(t, err)
		require.Equal(t, r, got)
	}
	require.False(t, Rule(0).Valid())
	_, err := ParseRule("nap")
	require.Error(t, err)
}

// randomProblem builds a random problem with every kind of rule, for
// property tests.
func randomProblem(t testing.TB, rng *rand.Rand, days int, history bool) *Problem {
	t.Helper()
	return randomTeamProblem(t, rng, days, 0, history)
}

// randomTeamProblem is randomProblem with staff employees (0: two to
// five at random).
func randomTeamProblem(t testing.TB, rng *rand.Rand, days, staff int, history bool) *Problem {
	t.Helper()
	p := ProblemParams{Days: days, FirstWeekday: time.Weekday(rng.IntN(7))}
	ids := []string{"E", "D", "L"}
	nS := 1 + rng.IntN(3)
	for i := range nS {
		s := ShiftTypeParams{ID: ids[i], Minutes: []int{480, 480, 600}[rng.IntN(3)]}
		for j := range i {
			if rng.IntN(2) == 0 {
				s.NotFollowedBy = append(s.NotFollowedBy, ids[j])
			}
		}
		p.Shifts = append(p.Shifts, s)
	}
	nE := 2 + rng.IntN(4)
	if staff > 0 {
		nE = staff
	}
	for i := range nE {
		c := Contract{
			MaxShifts:         map[string]int{},
			MaxMinutes:        480 * (days/2 + rng.IntN(days/2+1)),
			MinMinutes:        480 * rng.IntN(days/3+1),
			MaxConsecutive:    2 + rng.IntN(4),
			MinConsecutive:    rng.IntN(3),
			MinConsecutiveOff: rng.IntN(3),
			MaxWeekends:       rng.IntN(3),
		}
		c.MinMinutes = min(c.MinMinutes, c.MaxMinutes)
		if rng.IntN(2) == 0 {
			c.MaxShifts[ids[rng.IntN(nS)]] = rng.IntN(days / 2)
		}
		e := EmployeeParams{ID: string(rune('a' + i)), Level: team.Level(3 + rng.IntN(3)), Contract: c}
		if rng.IntN(2) == 0 {
			e.DaysOff = []int{rng.IntN(days)}
		}
		if history && rng.IntN(2) == 0 {
			for range 1 + rng.IntN(4) {
				h := ""
				if rng.IntN(2) == 0 {
					h = ids[rng.IntN(nS)]
				}
				e.History = append(e.History, h)
			}
		}
		p.Employees = append(p.Employees, e)
	}
	for d := range days {
		for s := range nS {
			if rng.IntN(3) > 0 {
				p.Cover = append(p.Cover, CoverParams{Day: d, Shift: ids[s], Required: rng.IntN(3), UnderWeight: 100, OverWeight: 1})
			}
			if rng.IntN(5) == 0 {
				p.Cover = append(p.Cover, CoverParams{Day: d, Shift: ids[s], Level: team.Level5, Required: 1, UnderWeight: 30, OverWeight: 0})
			}
		}
		e := p.Employees[rng.IntN(nE)].ID
		if rng.IntN(2) == 0 {
			p.OnRequests = append(p.OnRequests, RequestParams{Employee: e, Day: d, Shift: ids[rng.IntN(nS)], Weight: 1 + rng.IntN(3)})
		} else {
			p.OffRequests = append(p.OffRequests, RequestParams{Employee: e, Day: d, Shift: []string{"", ids[0]}[rng.IntN(2)], Weight: 1 + rng.IntN(3)})
		}
	}
	if rng.IntN(2) == 0 {
		p.Pins = []Assignment{{Employee: p.Employees[0].ID, Day: rng.IntN(days), Shift: []string{"", ids[0]}[rng.IntN(2)]}}
	}
	return mustProblem(t, p)
}

func randomRoster(p *Problem, rng *rand.Rand) *Roster {
	r := newRoster(p)
	for i := range r.cells {
		r.cells[i] = int8(rng.IntN(p.nS+1)) - 1
	}
	return r
}

// TestIncrementalMatchesFull checks, on random problems and random edits,
// that the fast hard-rule scan and the incremental evaluator agree with
// the full evaluation.
func TestIncrementalMatchesFull(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		p := randomProblem(t, rng, 7+rng.IntN(22), rng.IntN(2) == 0)
		r := randomRoster(p, rng)
		ie := mustEvaluator(t, r)
		ids, shifts := p.EmployeeIDs(), append(p.ShiftIDs(), "")
		for range 30 {
			e, d := ids[rng.IntN(len(ids))], rng.IntN(p.Days())
			if rng.IntN(2) == 0 {
				s := shifts[rng.IntN(len(shifts))]
				want, err := ie.ScoreAfterSet(e, d, s)
				require.NoError(t, err)
				require.NoError(t, ie.Set(e, d, s))
				require.Equal(t, want, ie.Score())
			} else {
				f := ids[rng.IntN(len(ids))]
				want, err := ie.ScoreAfterSwap(e, f, d)
				require.NoError(t, err)
				require.NoError(t, ie.Swap(e, f, d))
				require.Equal(t, want, ie.Score())
			}
			full := ie.Roster().Evaluate()
			require.Equal(t, full.Score(), ie.Score())
			st := ie.st
			for e := range p.nE {
				var vs []Violation
				c, m := p.scan(e, st.row(e), &vs)
				c2, m2 := st.hardOf(e)
				require.Equal(t, c, c2)
				require.Equal(t, m, m2)
				require.Len(t, vs, c)
			}
		}
	}
}

func BenchmarkEvaluate(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	p := randomProblem(b, rng, 28, false)
	r := randomRoster(p, rng)
	for b.Loop() {
		r.Evaluate()
	}
}

func BenchmarkEvaluatorScoreAfterSet(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	p := randomProblem(b, rng, 28, false)
	ie := mustEvaluator(b, randomRoster(p, rng))
	ids := p.EmployeeIDs()
	i := 0
	for b.Loop() {
		i++
		_, _ = ie.ScoreAfterSet(ids[i%len(ids)], i%28, "E")
	}
}

func mustEvaluator(t testing.TB, r *Roster) *Evaluator {
	t.Helper()
	ev, err := NewEvaluator(r)
	require.NoError(t, err)
	return ev
}
