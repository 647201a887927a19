package planning_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
)

var hexDigest = regexp.MustCompile(`^[0-9a-f]{64}$`)

// A digest names a plan's content: the same after the plan is adopted,
// written out and read back (even through JSON, where an empty list comes
// back absent), and different after any change the team would see.
func TestRosterDigestNamesTheContent(t *testing.T) {
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	d := r.Digest()
	require.Regexp(t, hexDigest, d)

	require.NoError(t, r.Adopt(dec, t0))
	require.Equal(t, d, r.Digest(), "adoption does not change the content")

	b, err := json.Marshal(r.Snapshot())
	require.NoError(t, err)
	var s planning.RosterSnapshot
	require.NoError(t, json.Unmarshal(b, &s))
	back, err := planning.RestoreRoster(s)
	require.NoError(t, err)
	require.Equal(t, d, back.Digest())

	// Empty lists and absent ones are the same content.
	p := rosterParams()
	p.Problem.OffRequests = []roster.RequestParams{}
	p.Problem.Employees[1].DaysOff = []int{}
	same, err := planning.NewRoster(p)
	require.NoError(t, err)
	require.Equal(t, d, same.Digest())

	changes := map[string]func(p *planning.RosterParams){
		"one more shift": func(p *planning.RosterParams) {
			p.Assignments = append(p.Assignments, roster.Assignment{Employee: "anouk", Day: 3, Shift: "E"})
		},
		"a shift moved":   func(p *planning.RosterParams) { p.Assignments[1].Day = 3 },
		"a pin taken off": func(p *planning.RosterParams) { p.Problem.Pins = p.Problem.Pins[:1] },
		"a cover changed": func(p *planning.RosterParams) { p.Problem.Cover[0].Required = 2 },
		"another ID":      func(p *planning.RosterParams) { p.ID = ids[2] },
		"another team":    func(p *planning.RosterParams) { p.Team = wijk.ID("01JNQX0000000000000000TEAX") },
		"another start":   func(p *planning.RosterParams) { p.Start = p.Start.AddDays(7) },
	}
	for name, change := range changes {
		p := rosterParams()
		change(&p)
		other, err := planning.NewRoster(p)
		require.NoError(t, err, name)
		require.NotEqual(t, d, other.Digest(), name)
	}

	// Revising the proposal changes its digest.
	r2, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	p = rosterParams()
	require.NoError(t, r2.Revise(p.Problem, p.Assignments[:1]))
	require.NotEqual(t, d, r2.Digest())
}

func TestDayPlanDigestNamesTheContent(t *testing.T) {
	p := dayParams()
	d, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	sum := d.Digest()
	require.Regexp(t, hexDigest, sum)
	back, err := planning.RestoreDayPlan(d.Snapshot())
	require.NoError(t, err)
	require.Equal(t, sum, back.Digest())
	require.NoError(t, d.Adopt(dec, t0))
	require.Equal(t, sum, d.Digest())

	p.Plan.Routes[0].Visits = append(p.Plan.Routes[0].Visits, "v1")
	p.Plan.Routes[1].Visits = nil
	other, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	require.NotEqual(t, sum, other.Digest())

	// A roster and a day plan never share a digest, even with one ID.
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	require.NotEqual(t, r.Digest(), sum)
}

// A value set to zero is not the same as a value not set: a day re-planned
// "as of minute 0" differs from a day planned afresh.
func TestDigestKeepsZeroValues(t *testing.T) {
	p := dayParams()
	free, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	zero := 0.0
	p.Problem.Now = &zero
	atZero, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	require.NotEqual(t, free.Digest(), atZero.Digest())
}

// Digests are written into the append-only decision log, so a pending
// decision must still adopt its plan after an upgrade: the digest of a
// fixed plan does not change. If this test fails, the stored form or the
// canonical form changed, and decisions already logged no longer match
// the plans they adopt.
func TestDigestIsStable(t *testing.T) {
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	d, err := planning.NewDayPlan(dayParams())
	require.NoError(t, err)
	require.Equal(t, "d14aa199d015fb1cc8839ca4b428701278279e7e4584f0b6659cced95e89c1ff", r.Digest())
	require.Equal(t, "f156e2e1d19facbc7e2cdfbcdc4f15e321c14e4914e60a9bbd84cbccb6a5df83", d.Digest())
}

// A plan not made with a constructor still has a digest, and no panic.
func TestDigestOfAZeroPlan(t *testing.T) {
	require.Regexp(t, hexDigest, (&planning.Roster{}).Digest())
	require.Regexp(t, hexDigest, (&planning.DayPlan{}).Digest())
}
