package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// NewStore returns a fresh, migrated, empty store for one test, and
// arranges with t.Cleanup to close it.
type NewStore func(t *testing.T) storage.Store

// Run runs every conformance test against the stores newStore makes.
func Run(t *testing.T, newStore NewStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, storage.Store)
	}{
		{"TeamRoundTrip", testTeamRoundTrip},
		{"CoachRoundTrip", testCoachRoundTrip},
		{"StaffRoundTrip", testStaffRoundTrip},
		{"TeamsByPerson", testTeamsByPerson},
		{"ClientsByRepresentative", testClientsByRepresentative},
		{"NotFound", testNotFound},
		{"Conflicts", testConflicts},
		{"BadWrites", testBadWrites},
		{"Hours", testHours},
		{"HoursAfterLeaving", testHoursAfterLeaving},
		{"HoursRaceWithLeaving", testHoursRaceWithLeaving},
		{"Clients", testClients},
		{"CarePlans", testCarePlans},
		{"Placement", testPlacement},
		{"DueForReview", testDueForReview},
		{"Proposals", testProposals},
		{"Meetings", testMeetings},
		{"DecisionLog", testDecisionLog},
		{"DecisionLogConcurrentAppends", testDecisionLogRace},
		{"DecisionLogHoldsToProposal", testDecisionLogHoldsToProposal},
		{"TxCommitsAcrossAggregates", testTxCommit},
		{"TxRollsBackOnError", testTxRollbackError},
		{"TxRollsBackOnPanic", testTxRollbackPanic},
		{"TxOuterStoreRefusedInside", testTxOuterStore},
		{"ConcurrentWritersOneVersion", testConcurrentOneVersion},
		{"ConcurrentWritersNothingLost", testConcurrentNothingLost},
		{"AuditCompleteness", testAudit},
		{"TimesUTCMilliseconds", testTimes},
		{"UnicodeAndLargeTexts", testUnicode},
		{"AccessLog", testAccessLog},
		{"AccessLogRollback", testAccessLogRollback},
		{"AccessLogRefusesBadEntries", testBadAccess},
		{"AccessLogConcurrent", testAccessLogConcurrent},
		{"AccessLogEndingContext", testAccessLogEndingContext},
		{"ChainsWholeAndAnchored", testChains},
		{"ChainsConcurrentWriters", testChainsConcurrent},
		{"ChainsMixedWrites", testChainsMixedWrites},
		{"PurgeWithCheckpoint", testPurge},
		{"RosterLifecycle", testRosterLifecycle},
		{"DayPlanLifecycle", testDayPlanLifecycle},
		{"PlanMadeUpDecision", testPlanMadeUpDecision},
		{"PlanConflicts", testPlanConflicts},
		{"PlanBadWrites", testPlanBadWrites},
		{"PlanTxRollback", testPlanTxRollback},
		{"PlanAdoptionRace", testPlanAdoptionRace},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

var ctx = context.Background()

func ch(summary string) storage.Change { return storage.Change{Actor: "tester", Summary: summary} }

func diff(t *testing.T, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("mismatch (-want +got):\n%s", d)
	}
}

func requireKind(t *testing.T, err, kind error) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, kind, "error: %v", err)
}

func snapshots[T any, S any](xs []T, f func(T) S) []S {
	out := make([]S, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func clientSnap(c *careplan.Client) careplan.ClientSnapshot     { return c.Snapshot() }
func planSnap(p *careplan.CarePlan) careplan.CarePlanSnapshot   { return p.Snapshot() }
func propSnap(p *consensus.Proposal) consensus.ProposalSnapshot { return p.Snapshot() }
func meetSnap(m *consensus.Meeting) consensus.MeetingSnapshot   { return m.Snapshot() }

func testTeamRoundTrip(t *testing.T, s storage.Store) {
	w := newWorld(t, 1)
	wd := w.newTeam("Wijkteam Noord", 5)
	v, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)

	got, v, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	diff(t, wd.team.Snapshot(), got.Snapshot())

	// A hire, a departure and a coaching request later.
	newcomer := w.id()
	w.must(got.Hire("d1", wijk.NewDate(2026, time.April, 1), team.MemberParams{Person: newcomer, Name: "Noor", Level: team.Level4, ContractPerWeek: 28 * time.Hour}))
	w.must(got.Leave("d2", wd.members[4], wijk.NewDate(2026, time.March, 31), w.tick()))
	v, err = s.Teams().Update(ctx, got, 1, ch("hired Noor; Eva left"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	back, v, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	diff(t, got.Snapshot(), back.Snapshot())

	members, err := s.Teams().Members(ctx, wd.team.ID())
	require.NoError(t, err)
	diff(t, got.Members(), members)
	require.Len(t, members, 5)

	other := w.newTeam("Wijkteam Zuid", 2)
	_, err = s.Teams().Create(ctx, other.team, ch("founded"))
	require.NoError(t, err)
	ids, err := s.Teams().List(ctx)
	require.NoError(t, err)
	want := []wijk.ID{wd.team.ID(), other.team.ID()}
	slices.Sort(want)
	diff(t, want, ids)
}

func testCoachRoundTrip(t *testing.T, s storage.Store) {
	w := newWorld(t, 2)
	c := w.newCoach("Carla Coach")
	v, err := s.Coaches().Create(ctx, c, ch("new coach"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	w.must(c.Support(w.id()))
	w.must(c.Support(w.id()))
	v, err = s.Coaches().Update(ctx, c, v, ch("supports two teams"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	got, v, err := s.Coaches().Get(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	diff(t, c.Snapshot(), got.Snapshot())
}

func testStaffRoundTrip(t *testing.T, s storage.Store) {
	w := newWorld(t, 26)
	st, err := team.NewStaff(team.NewStaffParams{ID: w.id(), Name: "Ilse Bakker"})
	w.must(err)
	w.must(st.Grant(team.StaffBackOffice, wijk.NewDate(2026, 3, 1), wijk.Date{}, "finance"))
	v, err := s.Staff().Create(ctx, st, ch("new staff"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	got, v, err := s.Staff().Get(ctx, st.ID())
	require.NoError(t, err)
	diff(t, st.Snapshot(), got.Snapshot())
	w.must(got.End(team.StaffBackOffice, wijk.NewDate(2026, 6, 30)))
	w.must(got.Grant(team.StaffPrivacyOfficer, wijk.NewDate(2026, 7, 1), wijk.Date{}, "privacy officer"))
	v, err = s.Staff().Update(ctx, got, v, ch("new role"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	_, err = s.Staff().Update(ctx, st, 1, ch("stale"))
	requireKind(t, err, wijk.ErrConflict)
	other, err := team.NewStaff(team.NewStaffParams{ID: w.id(), Name: "Joop"})
	w.must(err)
	_, err = s.Staff().Create(ctx, other, ch("new staff"))
	require.NoError(t, err)
	all, err := s.Staff().List(ctx)
	require.NoError(t, err)
	diff(t, []team.StaffSnapshot{got.Snapshot(), other.Snapshot()}, snapshots(all, (*team.Staff).Snapshot))
	_, _, err = s.Staff().Get(ctx, w.id())
	requireKind(t, err, wijk.ErrNotFound)
}

// A person's teams are found from the people of each team: founders,
// hires (also before their first day), leavers (also after their last),
// and those who moved in a split, on both sides.
func testTeamsByPerson(t *testing.T, s storage.Store) {
	w := newWorld(t, 27)
	north, south := w.newTeam("Noord", 3), w.newTeam("Zuid", 2)
	for _, wd := range []ward{north, south} {
		_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
		require.NoError(t, err)
	}
	sorted := func(ids ...wijk.ID) []wijk.ID { slices.Sort(ids); return ids }
	got, err := s.Teams().ListByPerson(ctx, north.members[0])
	require.NoError(t, err)
	diff(t, []wijk.ID{north.team.ID()}, got)
	nobody := w.id()
	got, err = s.Teams().ListByPerson(ctx, nobody)
	require.NoError(t, err)
	require.Empty(t, got)

	// Cor leaves Noord and is hired, from a later day, by Zuid.
	cor := north.members[2]
	tm, v, err := s.Teams().Get(ctx, north.team.ID())
	require.NoError(t, err)
	w.must(tm.Leave("d1", cor, wijk.NewDate(2026, 3, 31), w.tick()))
	_, err = s.Teams().Update(ctx, tm, v, ch("Cor leaves"))
	require.NoError(t, err)
	zuid, v, err := s.Teams().Get(ctx, south.team.ID())
	require.NoError(t, err)
	m := tm.History()[2]
	w.must(zuid.Hire("d2", wijk.NewDate(2026, 4, 1), team.MemberParams{Person: cor, Name: m.Name, Level: m.Level, ContractPerWeek: m.ContractPerWeek}))
	_, err = s.Teams().Update(ctx, zuid, v, ch("Cor hired"))
	require.NoError(t, err)
	got, err = s.Teams().ListByPerson(ctx, cor)
	require.NoError(t, err)
	diff(t, sorted(north.team.ID(), south.team.ID()), got)
	_, err = s.Teams().ListByPerson(ctx, "nope")
	requireKind(t, err, wijk.ErrInvalid)
}

// A client is found by each registered representative, and no longer once
// the registration is removed.
func testClientsByRepresentative(t *testing.T, s storage.Store) {
	w := newWorld(t, 28)
	wd := w.newTeam("Noord", 2)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	daughter, neighbour := w.id(), w.id()
	a, b := w.newClient("Bep"), w.newClient("Wim")
	for _, c := range []*careplan.Client{a, b} {
		p := c.Snapshot()
		p.Representatives = []careplan.Representative{{Person: daughter, Name: "Marga", Relation: "daughter, power of attorney"}}
		w.must(c.Update(p))
		_, err := s.Clients().Create(ctx, wd.team.ID(), c, ch("intake"))
		require.NoError(t, err)
	}
	want := []wijk.ID{a.ID(), b.ID()}
	slices.Sort(want)
	got, err := s.Clients().ListByRepresentative(ctx, daughter)
	require.NoError(t, err)
	diff(t, want, got)

	p := b.Snapshot()
	p.Representatives = []careplan.Representative{{Person: neighbour, Name: "Henk", Relation: "neighbour, chosen by Wim"}}
	w.must(b.Update(p))
	_, err = s.Clients().Update(ctx, wd.team.ID(), b, 1, ch("representative changed"))
	require.NoError(t, err)
	got, err = s.Clients().ListByRepresentative(ctx, daughter)
	require.NoError(t, err)
	diff(t, []wijk.ID{a.ID()}, got)
	got, err = s.Clients().ListByRepresentative(ctx, neighbour)
	require.NoError(t, err)
	diff(t, []wijk.ID{b.ID()}, got)
}

func testNotFound(t *testing.T, s storage.Store) {
	w := newWorld(t, 3)
	missing := w.id()
	_, _, err := s.Teams().Get(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, err = s.Teams().Members(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.Coaches().Get(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.Clients().Get(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, err = s.Clients().TeamOf(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.CarePlans().Get(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.Proposals().Get(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.Meetings().Get(ctx, missing)
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.Hours().Get(ctx, missing, wijk.NewDate(2026, 3, 2))
	requireKind(t, err, wijk.ErrNotFound)

	// Updating what was never stored is not found either, and leaves no
	// trace.
	wd := w.newTeam("Nergens", 1)
	_, err = s.Teams().Update(ctx, wd.team, 1, ch("ghost"))
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.Teams().Get(ctx, wd.team.ID())
	requireKind(t, err, wijk.ErrNotFound)
	audit, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Empty(t, audit)

	// Empty queries are empty, not errors.
	clients, err := s.Clients().ListByTeam(ctx, missing)
	require.NoError(t, err)
	require.Empty(t, clients)
	log, err := s.DecisionLog().Log(ctx, missing)
	require.NoError(t, err)
	require.Zero(t, log.Len())
}

func testConflicts(t *testing.T, s storage.Store) {
	w := newWorld(t, 4)
	wd := w.newTeam("Wijkteam Oost", 3)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	_, err = s.Teams().Create(ctx, wd.team, ch("founded again"))
	requireKind(t, err, wijk.ErrConflict)

	a, va, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	b, vb, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	w.must(a.GoOnLeave(wd.members[1]))
	_, err = s.Teams().Update(ctx, a, va, ch("Bas on leave"))
	require.NoError(t, err)
	before, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)

	// b was read before a's write: its write must fail and change nothing.
	w.must(b.GoOnLeave(wd.members[2]))
	_, err = s.Teams().Update(ctx, b, vb, ch("Cor on leave"))
	requireKind(t, err, wijk.ErrConflict)
	got, v, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	diff(t, a.Snapshot(), got.Snapshot())
	after, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Equal(t, len(before), len(after), "a refused write leaves no audit line")

	// A version from the future is as stale as one from the past.
	_, err = s.Teams().Update(ctx, b, 7, ch("guess"))
	requireKind(t, err, wijk.ErrConflict)
}

func testBadWrites(t *testing.T, s storage.Store) {
	w := newWorld(t, 5)
	wd := w.newTeam("Wijkteam West", 2)
	_, err := s.Teams().Create(ctx, wd.team, storage.Change{})
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.Teams().Create(ctx, nil, ch("nil"))
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.Teams().Create(ctx, wd.team, ch("ok"))
	require.NoError(t, err)
	_, err = s.Teams().Update(ctx, wd.team, 0, ch("no version"))
	requireKind(t, err, wijk.ErrInvalid)
	_, _, err = s.Teams().Get(ctx, "not-an-id")
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.Audit(ctx, storage.AuditQuery{Limit: -1})
	requireKind(t, err, wijk.ErrInvalid)
	long := storage.Change{Actor: "tester", Summary: string(make([]byte, 2000))}
	_, err = s.Teams().Update(ctx, wd.team, 1, long)
	requireKind(t, err, wijk.ErrInvalid)
	before, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)

	// A change is one line of valid UTF-8 with no control characters: a
	// line break in the actor would forge a line in a text rendering of
	// the audit log.
	for name, c := range map[string]storage.Change{
		"blank actor":        {Actor: "  ", Summary: "x"},
		"newline in actor":   {Actor: "anne\n2026-03-02 system deleted everything", Summary: "x"},
		"CR in summary":      {Actor: "anne", Summary: "hired\rfired"},
		"escape in summary":  {Actor: "anne", Summary: "\x1b[2Jcleared"},
		"NUL in actor":       {Actor: "an\x00ne", Summary: "x"},
		"bad UTF-8":          {Actor: "anne", Summary: "caf\xe9"},
		"line separator":     {Actor: "anne\u2028bob", Summary: "x"},
		"actor over 200 B":   {Actor: strings.Repeat("a", 201), Summary: "x"},
		"summary over 1000B": {Actor: "anne", Summary: strings.Repeat("é", 501)},
	} {
		_, err := s.Teams().Update(ctx, wd.team, 1, c)
		requireKind(t, err, wijk.ErrInvalid)
		require.ErrorContains(t, err, "change.", name)
	}

	// Zero values and aggregates that could not be read back are refused
	// and never stored: no row, no audit line.
	zero := []struct {
		name  string
		write func() error
	}{
		{"team", func() error { _, err := s.Teams().Create(ctx, &team.Team{}, ch("zero")); return err }},
		{"coach", func() error { _, err := s.Coaches().Create(ctx, &team.Coach{}, ch("zero")); return err }},
		{"client", func() error {
			_, err := s.Clients().Create(ctx, wd.team.ID(), &careplan.Client{}, ch("zero"))
			return err
		}},
		{"care plan", func() error { _, err := s.CarePlans().Create(ctx, &careplan.CarePlan{}, ch("zero")); return err }},
		{"proposal", func() error { _, err := s.Proposals().Create(ctx, &consensus.Proposal{}, ch("zero")); return err }},
		{"meeting", func() error { _, err := s.Meetings().Create(ctx, &consensus.Meeting{}, ch("zero")); return err }},
		{"hours", func() error {
			_, err := s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: wd.members[0], Day: wijk.NewDate(2026, 3, 2), Worked: -time.Hour}, ch("negative"))
			return err
		}},
		{"decision", func() error { return s.DecisionLog().Append(ctx, consensus.Decision{Team: wd.team.ID()}, ch("zero")) }},
	}
	for _, z := range zero {
		requireKind(t, z.write(), wijk.ErrInvalid)
	}
	after, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Equal(t, len(before), len(after), "no refused write leaves an audit line")
	ids, err := s.Teams().List(ctx)
	require.NoError(t, err)
	require.Equal(t, []wijk.ID{wd.team.ID()}, ids)
}

func testHours(t *testing.T, s storage.Store) {
	w := newWorld(t, 6)
	wd := w.newTeam("Wijkteam Noord", 3)
	h := time.Hour
	anne, bas, cor := wd.members[0], wd.members[1], wd.members[2]
	r := team.HoursRecord{Person: anne, Day: wijk.NewDate(2026, 3, 3), Worked: 8 * h, ClientFacing: 5 * h}
	_, err := s.Hours().Record(ctx, wd.team.ID(), r, ch("hours"))
	requireKind(t, err, wijk.ErrNotFound) // the team is not stored yet
	_, err = s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)

	v, err := s.Hours().Record(ctx, wd.team.ID(), r, ch("hours"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	_, err = s.Hours().Record(ctx, wd.team.ID(), r, ch("twice"))
	requireKind(t, err, wijk.ErrConflict)
	r.ClientFacing = 6 * h
	_, err = s.Hours().Correct(ctx, wd.team.ID(), r, 7, ch("stale"))
	requireKind(t, err, wijk.ErrConflict)
	v, err = s.Hours().Correct(ctx, wd.team.ID(), r, 1, ch("corrected"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	got, v, err := s.Hours().Get(ctx, anne, r.Day)
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	diff(t, r, got)

	_, err = s.Hours().Correct(ctx, wd.team.ID(), team.HoursRecord{Person: bas, Day: r.Day}, 1, ch("none"))
	requireKind(t, err, wijk.ErrNotFound)
	_, err = s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: w.id(), Day: r.Day}, ch("stranger"))
	requireKind(t, err, wijk.ErrNotFound)
	_, err = s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: anne, Day: wijk.NewDate(2025, 12, 31)}, ch("before founding"))
	requireKind(t, err, wijk.ErrNotFound)
	_, err = s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: anne, Day: wijk.NewDate(2026, 3, 4), Worked: -1}, ch("negative"))
	requireKind(t, err, wijk.ErrInvalid)

	// Sorted by day, then person, whatever the order of recording; the
	// month query keeps to its month.
	more := []team.HoursRecord{
		{Person: cor, Day: wijk.NewDate(2026, 3, 3), Sick: 8 * h},
		{Person: bas, Day: wijk.NewDate(2026, 3, 2), Worked: 6 * h, ClientFacing: 4 * h, Travel: h},
		{Person: bas, Day: wijk.NewDate(2026, 3, 31), Leave: 6 * h, Training: 2 * h},
		{Person: anne, Day: wijk.NewDate(2026, 4, 1), Worked: 8 * h, ClientFacing: 8 * h},
		{Person: bas, Day: wijk.NewDate(2026, 2, 28), Worked: 8 * h},
	}
	for _, m := range more {
		_, err := s.Hours().Record(ctx, wd.team.ID(), m, ch("hours"))
		require.NoError(t, err)
	}
	march, err := s.Hours().Month(ctx, wd.team.ID(), 2026, time.March)
	require.NoError(t, err)
	want := []team.HoursRecord{r, more[0], more[1], more[2]}
	slices.SortFunc(want, team.CompareHours)
	diff(t, want, march)
	require.Equal(t, wijk.NewDate(2026, 3, 2), march[0].Day)
	few, err := s.Hours().List(ctx, wd.team.ID(), wijk.NewDate(2026, 3, 3), wijk.NewDate(2026, 3, 3))
	require.NoError(t, err)
	require.Len(t, few, 2)

	// The month's records are what the team's figures are made from.
	f, err := wd.team.MonthFigures(march, 2026, time.March)
	require.NoError(t, err)
	require.Equal(t, 14*h, f.Worked)
	require.Equal(t, 10*h, f.ClientFacing)

	_, err = s.Hours().Month(ctx, wd.team.ID(), 2026, 13)
	requireKind(t, err, wijk.ErrInvalid)
	other, err := s.Hours().Month(ctx, w.id(), 2026, time.March)
	require.NoError(t, err)
	require.Empty(t, other)
}

func testHoursAfterLeaving(t *testing.T, s storage.Store) {
	w := newWorld(t, 7)
	wd := w.newTeam("Wijkteam Noord", 3)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	cor := wd.members[2]
	_, err = s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: cor, Day: wijk.NewDate(2026, 4, 2), Worked: 8 * time.Hour}, ch("hours"))
	require.NoError(t, err)

	tm, v, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	w.must(tm.Leave("d1", cor, wijk.NewDate(2026, 3, 31), w.tick()))
	_, err = s.Teams().Update(ctx, tm, v, ch("Cor leaves"))
	requireKind(t, err, wijk.ErrConflict)
	back, _, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	require.True(t, back.IsMember(cor))

	// Leaving on the day of the last hours is fine.
	w.must(back.Leave("d1", cor, wijk.NewDate(2026, 4, 2), w.tick()))
	_, err = s.Teams().Update(ctx, back, v, ch("Cor leaves"))
	require.NoError(t, err)
}

// Recording hours after a member's last day and making that day their
// last, at the same moment: at most one of the two may succeed, or the
// store would hold hours of someone who was no longer a member.
func testHoursRaceWithLeaving(t *testing.T, s storage.Store) {
	w := newWorld(t, 22)
	for i := range 12 {
		wd := w.newTeam(fmt.Sprintf("Team %d", i), 3)
		_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
		require.NoError(t, err)
		cor := wd.members[2]
		tm, v, err := s.Teams().Get(ctx, wd.team.ID())
		require.NoError(t, err)
		w.must(tm.Leave("d1", cor, wijk.NewDate(2026, 3, 31), w.tick()))
		var hoursErr, leaveErr error
		var wg sync.WaitGroup
		wg.Go(func() {
			_, hoursErr = s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: cor, Day: wijk.NewDate(2026, 4, 2), Worked: 8 * time.Hour}, ch("hours"))
		})
		wg.Go(func() {
			_, leaveErr = s.Teams().Update(ctx, tm, v, ch("Cor leaves"))
		})
		wg.Wait()
		require.False(t, hoursErr == nil && leaveErr == nil, "both the hours after the last day and the leaving were stored")
		if leaveErr != nil {
			requireKind(t, leaveErr, wijk.ErrConflict)
		}
		if hoursErr != nil && !errors.Is(hoursErr, wijk.ErrNotFound) { // not a member any more
			requireKind(t, hoursErr, wijk.ErrConflict)
		}
	}
}

func testClients(t *testing.T, s storage.Store) {
	w := newWorld(t, 8)
	north, south := w.newTeam("Noord", 2), w.newTeam("Zuid", 2)
	c := w.newClient("Bep de Vries")
	_, err := s.Clients().Create(ctx, north.team.ID(), c, ch("intake"))
	requireKind(t, err, wijk.ErrNotFound)
	for _, wd := range []ward{north, south} {
		_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
		require.NoError(t, err)
	}
	var northClients []*careplan.Client
	for i := range 4 {
		c := w.newClient(fmt.Sprintf("Cliënt %d", i))
		_, err := s.Clients().Create(ctx, north.team.ID(), c, ch("intake"))
		require.NoError(t, err)
		northClients = append(northClients, c)
	}
	v, err := s.Clients().Create(ctx, south.team.ID(), c, ch("intake"))
	require.NoError(t, err)

	got, gv, err := s.Clients().Get(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, v, gv)
	diff(t, c.Snapshot(), got.Snapshot())

	list, err := s.Clients().ListByTeam(ctx, north.team.ID())
	require.NoError(t, err)
	slices.SortFunc(northClients, func(a, b *careplan.Client) int { return compareIDs(a.ID(), b.ID()) })
	diff(t, snapshots(northClients, clientSnap), snapshots(list, clientSnap))

	// Bep moves house, into the north team's area.
	p := c.Snapshot()
	p.Address.Street = "Oude Markt 1"
	w.must(got.Update(p))
	v, err = s.Clients().Update(ctx, north.team.ID(), got, v, ch("moved"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	tm, err := s.Clients().TeamOf(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, north.team.ID(), tm)
	list, err = s.Clients().ListByTeam(ctx, north.team.ID())
	require.NoError(t, err)
	require.Len(t, list, 5)
	list, err = s.Clients().ListByTeam(ctx, south.team.ID())
	require.NoError(t, err)
	require.Empty(t, list)
}

func compareIDs(a, b wijk.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// placeClient stores a team (if new) and a client in its care.
func placeClient(t *testing.T, s storage.Store, w *world, wd ward, name string) *careplan.Client {
	t.Helper()
	if _, _, err := s.Teams().Get(ctx, wd.team.ID()); errors.Is(err, wijk.ErrNotFound) {
		_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
		require.NoError(t, err)
	}
	c := w.newClient(name)
	_, err := s.Clients().Create(ctx, wd.team.ID(), c, ch("intake"))
	require.NoError(t, err)
	return c
}

func testCarePlans(t *testing.T, s storage.Store) {
	w := newWorld(t, 9)
	wd := w.newTeam("Noord", 3)
	nurse := wd.members[0]
	orphan := w.newPlan(w.id(), nurse, wijk.NewDate(2026, 3, 2), wijk.Date{})
	_, err := s.CarePlans().Create(ctx, orphan, ch("intake"))
	requireKind(t, err, wijk.ErrNotFound)

	c := placeClient(t, s, w, wd, "Bep de Vries")
	p := w.newPlan(c.ID(), nurse, wijk.NewDate(2026, 3, 2), wijk.Date{})
	v, err := s.CarePlans().Create(ctx, p, ch("intake"))
	require.NoError(t, err)
	got, gv, err := s.CarePlans().Get(ctx, p.ID())
	require.NoError(t, err)
	require.Equal(t, v, gv)
	diff(t, p.Snapshot(), got.Snapshot())

	w.must(got.Authorise(careplan.AuthoriseParams{By: team.Actor{Member: nurse, Level: team.Level5}, At: w.tick(), MinutesPerWeek: 160, ReviewDate: wijk.NewDate(2026, 4, 13)}))
	v, err = s.CarePlans().Update(ctx, got, v, ch("authorised 160 min/week"))
	require.NoError(t, err)
	back, _, err := s.CarePlans().Get(ctx, p.ID())
	require.NoError(t, err)
	diff(t, got.Snapshot(), back.Snapshot())
	require.Equal(t, careplan.Active, back.Status())

	// A second episode later; plans list oldest first.
	later := w.newPlan(c.ID(), nurse, wijk.NewDate(2026, 9, 1), wijk.NewDate(2026, 10, 1))
	_, err = s.CarePlans().Create(ctx, later, ch("second episode"))
	require.NoError(t, err)
	list, err := s.CarePlans().ListByClient(ctx, c.ID())
	require.NoError(t, err)
	diff(t, []careplan.CarePlanSnapshot{back.Snapshot(), later.Snapshot()}, snapshots(list, planSnap))
	_ = v

	// The team's plans: every client's, by client, then episode.
	c2 := placeClient(t, s, w, wd, "Cor")
	p2 := w.newPlan(c2.ID(), nurse, wijk.NewDate(2026, 5, 1), wijk.Date{})
	_, err = s.CarePlans().Create(ctx, p2, ch("intake"))
	require.NoError(t, err)
	other := w.newTeam("Zuid", 2)
	c3 := placeClient(t, s, w, other, "Elders")
	_, err = s.CarePlans().Create(ctx, w.newPlan(c3.ID(), other.members[0], wijk.NewDate(2026, 5, 1), wijk.Date{}), ch("intake"))
	require.NoError(t, err)
	want := []careplan.CarePlanSnapshot{back.Snapshot(), later.Snapshot()}
	if c2.ID() < c.ID() {
		want = append([]careplan.CarePlanSnapshot{p2.Snapshot()}, want...)
	} else {
		want = append(want, p2.Snapshot())
	}
	all, err := s.CarePlans().ListByTeam(ctx, wd.team.ID())
	require.NoError(t, err)
	diff(t, want, snapshots(all, planSnap))
}

// A client's and a plan's placement name the team in whose care the client
// is and that team's version, read together with the record.
func testPlacement(t *testing.T, s storage.Store) {
	w := newWorld(t, 29)
	north, south := w.newTeam("Noord", 2), w.newTeam("Zuid", 2)
	for _, wd := range []ward{north, south} {
		_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
		require.NoError(t, err)
	}
	c := placeClient(t, s, w, north, "Bep de Vries")
	p := w.newPlan(c.ID(), north.members[0], wijk.NewDate(2026, 3, 2), wijk.NewDate(2026, 4, 13))
	_, err := s.CarePlans().Create(ctx, p, ch("plan"))
	require.NoError(t, err)

	want := storage.Placement{Client: c.ID(), Team: north.team.ID(), TeamVersion: 1}
	gotC, v, pl, err := s.Clients().GetPlaced(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	diff(t, c.Snapshot(), gotC.Snapshot())
	diff(t, want, pl)
	gotP, v, pl, err := s.CarePlans().GetPlaced(ctx, p.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	diff(t, p.Snapshot(), gotP.Snapshot())
	diff(t, want, pl)

	// A change to the team shows in the version; a move to another team
	// in the team.
	tm, tv, err := s.Teams().Get(ctx, north.team.ID())
	require.NoError(t, err)
	w.must(tm.GoOnLeave(north.members[1]))
	_, err = s.Teams().Update(ctx, tm, tv, ch("on leave"))
	require.NoError(t, err)
	pl, err = s.Clients().Placement(ctx, c.ID())
	require.NoError(t, err)
	diff(t, storage.Placement{Client: c.ID(), Team: north.team.ID(), TeamVersion: 2}, pl)
	_, err = s.Clients().Update(ctx, south.team.ID(), c, 1, ch("moved to Zuid"))
	require.NoError(t, err)
	_, _, pl, err = s.CarePlans().GetPlaced(ctx, p.ID())
	require.NoError(t, err)
	diff(t, storage.Placement{Client: c.ID(), Team: south.team.ID(), TeamVersion: 1}, pl)

	_, _, _, err = s.CarePlans().GetPlaced(ctx, w.id())
	requireKind(t, err, wijk.ErrNotFound)
	_, err = s.Clients().Placement(ctx, w.id())
	requireKind(t, err, wijk.ErrNotFound)
	_, _, _, err = s.Clients().GetPlaced(ctx, "bad")
	requireKind(t, err, wijk.ErrInvalid)
}

func testDueForReview(t *testing.T, s storage.Store) {
	w := newWorld(t, 10)
	north, south := w.newTeam("Noord", 3), w.newTeam("Zuid", 3)
	d := wijk.NewDate
	var plans []*careplan.CarePlan
	for i, review := range []wijk.Date{d(2026, 4, 13), d(2026, 4, 1), {}, d(2026, 5, 1), d(2026, 4, 1), d(2026, 4, 14)} {
		c := placeClient(t, s, w, north, fmt.Sprintf("Cliënt %d", i))
		p := w.newPlan(c.ID(), north.members[0], d(2026, 3, 2), review)
		_, err := s.CarePlans().Create(ctx, p, ch("plan"))
		require.NoError(t, err)
		plans = append(plans, p)
	}
	c := placeClient(t, s, w, south, "Elders")
	p := w.newPlan(c.ID(), south.members[0], d(2026, 3, 2), d(2026, 3, 20))
	_, err := s.CarePlans().Create(ctx, p, ch("plan"))
	require.NoError(t, err)

	got, err := s.CarePlans().DueForReview(ctx, north.team.ID(), d(2026, 4, 13))
	require.NoError(t, err)
	want := careplan.DueForReview(plans, d(2026, 4, 13))
	require.Len(t, want, 3)
	diff(t, snapshots(want, planSnap), snapshots(got, planSnap))
	none, err := s.CarePlans().DueForReview(ctx, north.team.ID(), d(2026, 3, 1))
	require.NoError(t, err)
	require.Empty(t, none)
	south1, err := s.CarePlans().DueForReview(ctx, south.team.ID(), d(2026, 4, 13))
	require.NoError(t, err)
	require.Len(t, south1, 1)
}

func testProposals(t *testing.T, s storage.Store) {
	w := newWorld(t, 11)
	wd := w.newTeam("Noord", 4)
	other := w.newTeam("Zuid", 2)
	a := w.newProposal(wd, "Friday breakfast")
	b := w.newProposal(wd, "New planning board")
	c := w.newProposal(wd, "Team outing")
	x := w.newProposal(other, "Elsewhere")
	for _, p := range []*consensus.Proposal{c, a, b, x} {
		v, err := s.Proposals().Create(ctx, p, ch("drafted"))
		require.NoError(t, err)
		require.Equal(t, storage.Version(1), v)
	}
	got, v, err := s.Proposals().Get(ctx, b.ID())
	require.NoError(t, err)
	diff(t, b.Snapshot(), got.Snapshot())
	w.adopt(got, wd)
	_, err = s.Proposals().Update(ctx, got, v, ch("adopted"))
	require.NoError(t, err)
	back, _, err := s.Proposals().Get(ctx, b.ID())
	require.NoError(t, err)
	diff(t, got.Snapshot(), back.Snapshot())
	require.Equal(t, consensus.Adopted, back.State())

	open, err := s.Proposals().Open(ctx, wd.team.ID())
	require.NoError(t, err)
	diff(t, []consensus.ProposalSnapshot{a.Snapshot(), c.Snapshot()}, snapshots(open, propSnap))

	// A proposal with a payload and another rule survives the trip.
	hire := w.id()
	p, err := consensus.NewProposal(consensus.ProposalParams{
		ID: w.id(), Team: wd.team.ID(), Owner: wd.members[0], Title: "Hire Fatima",
		Text: "Hire Fatima, 28 hours a week.", Reason: "More hands in the mornings.",
		Rule: consensus.MajorityRule{}, Quorum: consensus.QuorumEveryone,
		Payload:   consensus.Hire{Member: team.MemberParams{Person: hire, Name: "Fatima", Level: team.Level5, ContractPerWeek: 28 * time.Hour}, Start: wijk.NewDate(2026, 4, 1)},
		CreatedAt: w.tick(),
	})
	require.NoError(t, err)
	_, err = s.Proposals().Create(ctx, p, ch("drafted"))
	require.NoError(t, err)
	gotP, _, err := s.Proposals().Get(ctx, p.ID())
	require.NoError(t, err)
	diff(t, p.Snapshot(), gotP.Snapshot())
}

func testMeetings(t *testing.T, s storage.Store) {
	w := newWorld(t, 12)
	wd := w.newTeam("Noord", 4)
	late := w.newMeeting(wd, t0.Add(14*24*time.Hour))
	early := w.newMeeting(wd, t0)
	for _, m := range []*consensus.Meeting{late, early} {
		_, err := s.Meetings().Create(ctx, m, ch("planned"))
		require.NoError(t, err)
	}
	got, v, err := s.Meetings().Get(ctx, early.ID())
	require.NoError(t, err)
	diff(t, early.Snapshot(), got.Snapshot())
	w.must(got.AddNotice(consensus.Act{By: wd.members[2], At: t0.Add(time.Minute)}, "The GP practice moves in April."))
	_, err = s.Meetings().Update(ctx, got, v, ch("notice"))
	require.NoError(t, err)
	list, err := s.Meetings().ListByTeam(ctx, wd.team.ID())
	require.NoError(t, err)
	diff(t, []consensus.MeetingSnapshot{got.Snapshot(), late.Snapshot()}, snapshots(list, meetSnap))
}

func testDecisionLog(t *testing.T, s storage.Store) {
	w := newWorld(t, 13)
	wd := w.newTeam("Noord", 4)
	var want []consensus.Decision
	for _, title := range []string{"Friday breakfast", "New planning board", "Team outing"} {
		p := w.newProposal(wd, title)
		w.adopt(p, wd)
		_, err := s.Proposals().Create(ctx, p, ch("proposed "+title))
		require.NoError(t, err)
		d := w.decide(p)
		require.NoError(t, s.DecisionLog().Append(ctx, d, ch("logged "+title)))
		want = append(want, d)
	}
	log, err := s.DecisionLog().Log(ctx, wd.team.ID())
	require.NoError(t, err)
	diff(t, want, log.Entries())

	// The same decision twice is refused by the log's own rules.
	err = s.DecisionLog().Append(ctx, want[0], ch("again"))
	require.Error(t, err)
	log, err = s.DecisionLog().Log(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Equal(t, 3, log.Len())
	audit, err := s.Audit(ctx, storage.AuditQuery{EntityID: want[1].ID})
	require.NoError(t, err)
	require.Len(t, audit, 1)
	require.Equal(t, storage.ActionAppend, audit[0].Action)
}

// A decision is logged only for what was decided: a stored proposal of
// the same team, adopted, and the decision made from it unchanged. A
// made-up decision never reaches the log, and leaves no audit line.
func testDecisionLogHoldsToProposal(t *testing.T, s storage.Store) {
	w := newWorld(t, 24)
	wd := w.newTeam("Noord", 4)
	other := w.newTeam("Zuid", 3)
	for _, x := range []ward{wd, other} {
		_, err := s.Teams().Create(ctx, x.team, ch("founded"))
		require.NoError(t, err)
	}
	stranger := team.MemberParams{Person: w.id(), Name: "Stranger", Level: team.Level5, ContractPerWeek: 36 * time.Hour}
	hire := consensus.Hire{Member: stranger, Start: wijk.NewDate(2026, time.April, 1)}
	audit := func() int {
		a, err := s.Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		return len(a)
	}

	// A proposal that was never stored: not found.
	ghost := w.newProposal(wd, "Hire a stranger")
	w.adopt(ghost, wd)
	d := w.decide(ghost)
	before := audit()
	requireKind(t, s.DecisionLog().Append(ctx, d, ch("trust me")), wijk.ErrNotFound)

	// A stored proposal still in its consent round: a conflict.
	open := w.newProposal(wd, "Open question")
	w.must(open.Present(consensus.Act{By: open.Owner(), At: w.tick()}, wd.team.Decisionmakers()))
	_, err := s.Proposals().Create(ctx, open, ch("proposed"))
	require.NoError(t, err)
	fake := d
	fake.ID, fake.Proposal = w.id(), open.ID()
	requireKind(t, s.DecisionLog().Append(ctx, fake, ch("not adopted")), wijk.ErrConflict)

	// Another team's adopted proposal, logged in this team: invalid.
	theirs := w.newProposal(other, "Their outing")
	w.adopt(theirs, other)
	_, err = s.Proposals().Create(ctx, theirs, ch("proposed"))
	require.NoError(t, err)
	borrowed := w.decide(theirs)
	borrowed.Team = wd.team.ID()
	requireKind(t, s.DecisionLog().Append(ctx, borrowed, ch("borrowed")), wijk.ErrInvalid)

	// An adopted proposal of this team, with the decision changed after the
	// fact: a payload that was never proposed, or stances never taken.
	p := w.newProposal(wd, "Friday breakfast")
	w.adopt(p, wd)
	_, err = s.Proposals().Create(ctx, p, ch("proposed"))
	require.NoError(t, err)
	edited := w.decide(p)
	edited.Payload = hire
	err = s.DecisionLog().Append(ctx, edited, ch("edited payload"))
	requireKind(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "Payload")
	edited = w.decide(p)
	edited.Stances = edited.Stances[:1]
	requireKind(t, s.DecisionLog().Append(ctx, edited, ch("edited stances")), wijk.ErrInvalid)

	log, err := s.DecisionLog().Log(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Zero(t, log.Len(), "no refused decision reaches the log")
	require.Equal(t, before+3, audit(), "only the three proposals were written")

	// The decision as made from the stored proposal is logged.
	require.NoError(t, s.DecisionLog().Append(ctx, w.decide(p), ch("decided")))
}

// Appends racing for the same place in a log: each either lands or is
// refused as a conflict, and the log holds exactly those that landed.
func testDecisionLogRace(t *testing.T, s storage.Store) {
	w := newWorld(t, 23)
	wd := w.newTeam("Noord", 4)
	const n = 6
	ds := make([]consensus.Decision, n)
	for i := range ds {
		p := w.newProposal(wd, fmt.Sprintf("Proposal %d", i))
		w.adopt(p, wd)
		_, err := s.Proposals().Create(ctx, p, ch("proposed"))
		require.NoError(t, err)
		ds[i] = w.decide(p)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = s.DecisionLog().Append(ctx, ds[i], ch("logged")) })
	}
	wg.Wait()
	landed := map[wijk.ID]bool{}
	for i, err := range errs {
		if err != nil {
			requireKind(t, err, wijk.ErrConflict)
			continue
		}
		landed[ds[i].ID] = true
	}
	require.NotEmpty(t, landed)
	log, err := s.DecisionLog().Log(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Equal(t, len(landed), log.Len())
	for _, d := range log.Entries() {
		require.True(t, landed[d.ID])
	}
}

func testTxCommit(t *testing.T, s storage.Store) {
	w := newWorld(t, 14)
	wd := w.newTeam("Noord", 2)
	c := w.newClient("Bep de Vries")
	p := w.newPlan(c.ID(), wd.members[0], wijk.NewDate(2026, 3, 2), wijk.NewDate(2026, 4, 13))
	err := s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := tx.Teams().Create(ctx, wd.team, ch("founded")); err != nil {
			return err
		}
		if _, err := tx.Clients().Create(ctx, wd.team.ID(), c, ch("intake")); err != nil {
			return err
		}
		if _, err := tx.CarePlans().Create(ctx, p, ch("plan")); err != nil {
			return err
		}
		// The transaction sees its own writes, and nests flat.
		return tx.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
			_, _, err := tx.CarePlans().Get(ctx, p.ID())
			return err
		})
	})
	require.NoError(t, err)
	got, _, err := s.CarePlans().Get(ctx, p.ID())
	require.NoError(t, err)
	diff(t, p.Snapshot(), got.Snapshot())
	audit, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, audit, 3)
}

// requireUntouched checks that nothing of a rolled-back transaction is
// left: not the aggregates, not their audit lines, and that the store
// still works.
func requireUntouched(t *testing.T, s storage.Store, w *world, wd ward, c *careplan.Client, seen int) {
	t.Helper()
	_, _, err := s.Clients().Get(ctx, c.ID())
	requireKind(t, err, wijk.ErrNotFound)
	tm, v, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	diff(t, wd.team.Snapshot(), tm.Snapshot())
	audit, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, audit, seen)
	_, err = s.Clients().Create(ctx, wd.team.ID(), c, ch("intake after all"))
	require.NoError(t, err)
}

func txWrites(ctx context.Context, tx storage.Store, w *world, wd ward, c *careplan.Client) error {
	if _, err := tx.Clients().Create(ctx, wd.team.ID(), c, ch("intake")); err != nil {
		return err
	}
	tm, v, err := tx.Teams().Get(ctx, wd.team.ID())
	if err != nil {
		return err
	}
	if err := tm.GoOnLeave(wd.members[1]); err != nil {
		return err
	}
	_, err = tx.Teams().Update(ctx, tm, v, ch("on leave"))
	return err
}

func testTxRollbackError(t *testing.T, s storage.Store) {
	w := newWorld(t, 15)
	wd := w.newTeam("Noord", 2)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	c := w.newClient("Bep de Vries")
	boom := errors.New("boom")
	err = s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if err := txWrites(ctx, tx, w, wd, c); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	requireUntouched(t, s, w, wd, c, 1)

	// A failed write inside the transaction, returned by fn, rolls back
	// the writes before it too.
	c2 := w.newClient("Cor")
	err = s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := tx.Clients().Create(ctx, wd.team.ID(), c2, ch("intake")); err != nil {
			return err
		}
		_, err := tx.Teams().Create(ctx, wd.team, ch("again"))
		return err
	})
	requireKind(t, err, wijk.ErrConflict)
	_, _, err = s.Clients().Get(ctx, c2.ID())
	requireKind(t, err, wijk.ErrNotFound)
}

// Inside InTx the outer store, called with the function's context, fails
// at once instead of waiting for the transaction that waits for it; the
// transaction goes on, and the context works again once it has ended.
func testTxOuterStore(t *testing.T, s storage.Store) {
	w := newWorld(t, 25)
	wd := w.newTeam("Noord", 2)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	id := wd.team.ID()
	bounded, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var inside context.Context
	err = s.InTx(bounded, func(ctx context.Context, tx storage.Store) error {
		inside = ctx
		got, v, err := tx.Teams().Get(ctx, id)
		if err != nil {
			return err
		}
		w.must(got.GoOnLeave(wd.members[1]))
		if _, err := tx.Teams().Update(ctx, got, v, ch("on leave")); err != nil {
			return err
		}
		calls := []struct {
			name string
			call func() error
		}{
			{"Teams.Get", func() error { _, _, err := s.Teams().Get(ctx, id); return err }},
			{"Teams.Update", func() error { _, err := s.Teams().Update(ctx, got, v+1, ch("outer")); return err }},
			{"Teams.List", func() error { _, err := s.Teams().List(ctx); return err }},
			{"Clients.ListByTeam", func() error { _, err := s.Clients().ListByTeam(ctx, id); return err }},
			{"CarePlans.ListByTeam", func() error { _, err := s.CarePlans().ListByTeam(ctx, id); return err }},
			{"Hours.List", func() error { _, err := s.Hours().List(ctx, id, got.Founded(), got.Founded()); return err }},
			{"DecisionLog.Log", func() error { _, err := s.DecisionLog().Log(ctx, id); return err }},
			{"Audit", func() error { _, err := s.Audit(ctx, storage.AuditQuery{}); return err }},
			{"InTx", func() error {
				return s.InTx(ctx, func(context.Context, storage.Store) error { return nil })
			}},
		}
		for _, c := range calls {
			err := c.call()
			requireKind(t, err, storage.ErrTxMisuse)
			requireKind(t, err, wijk.ErrInvalid)
			require.NoError(t, ctx.Err(), "%s must fail at once, not wait for the context", c.name)
		}
		// The transaction is unharmed, and InTx on the tx Store joins it.
		return tx.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
			_, _, err := tx.Teams().Get(ctx, id)
			return err
		})
	})
	require.NoError(t, err)
	got, v, err := s.Teams().Get(inside, id)
	require.NoError(t, err, "once the transaction has ended its context may be used again")
	require.Equal(t, storage.Version(2), v)
	m, _ := got.Member(wd.members[1])
	require.Equal(t, team.StatusOnLeave, m.Status)
}

func testTxRollbackPanic(t *testing.T, s storage.Store) {
	w := newWorld(t, 16)
	wd := w.newTeam("Noord", 2)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	c := w.newClient("Bep de Vries")
	func() {
		defer func() {
			require.Equal(t, "boom", recover(), "the panic goes on after the rollback")
		}()
		_ = s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
			if err := txWrites(ctx, tx, w, wd, c); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	requireUntouched(t, s, w, wd, c, 1)
}

// N writers read the same version and write: exactly one wins.
func testConcurrentOneVersion(t *testing.T, s storage.Store) {
	w := newWorld(t, 17)
	c := w.newCoach("Carla")
	_, err := s.Coaches().Create(ctx, c, ch("new coach"))
	require.NoError(t, err)
	const n = 8
	teams := make([]wijk.ID, n)
	for i := range teams {
		teams[i] = w.id()
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			mine, v, err := s.Coaches().Get(ctx, c.ID())
			if err != nil {
				errs[i] = err
				return
			}
			if err := mine.Support(teams[i]); err != nil {
				errs[i] = err
				return
			}
			_, errs[i] = s.Coaches().Update(ctx, mine, 1, ch("support")) // all based on version 1
			_ = v
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		requireKind(t, err, wijk.ErrConflict)
	}
	require.Equal(t, 1, wins)
	got, v, err := s.Coaches().Get(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	require.Len(t, got.Teams(), 1)
}

// N writers each add to one aggregate, retrying on conflict: every
// version is won by exactly one write, and no addition is lost.
func testConcurrentNothingLost(t *testing.T, s storage.Store) {
	w := newWorld(t, 18)
	c := w.newCoach("Carla")
	_, err := s.Coaches().Create(ctx, c, ch("new coach"))
	require.NoError(t, err)
	const writers, each = 6, 4
	var want []wijk.ID
	plan := make([][]wijk.ID, writers)
	for i := range plan {
		for range each {
			id := w.id()
			plan[i] = append(plan[i], id)
			want = append(want, id)
		}
	}
	var mu sync.Mutex
	var versions []storage.Version
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			for _, teamID := range plan[i] {
				for attempt := 0; ; attempt++ {
					if attempt > 1000 {
						errs[i] = errors.New("no progress after 1000 attempts")
						return
					}
					mine, v, err := s.Coaches().Get(ctx, c.ID())
					if err != nil {
						errs[i] = err
						return
					}
					if err := mine.Support(teamID); err != nil {
						errs[i] = err
						return
					}
					nv, err := s.Coaches().Update(ctx, mine, v, ch("support"))
					if errors.Is(err, wijk.ErrConflict) {
						continue
					}
					if err != nil {
						errs[i] = err
						return
					}
					mu.Lock()
					versions = append(versions, nv)
					mu.Unlock()
					break
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	slices.Sort(versions)
	var wantVersions []storage.Version
	for v := range writers * each {
		wantVersions = append(wantVersions, storage.Version(v+2))
	}
	diff(t, wantVersions, versions)
	got, v, err := s.Coaches().Get(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(writers*each+1), v)
	slices.Sort(want)
	gotTeams := got.Teams()
	slices.Sort(gotTeams)
	diff(t, want, gotTeams)
	audit, err := s.Audit(ctx, storage.AuditQuery{EntityID: c.ID()})
	require.NoError(t, err)
	require.Len(t, audit, writers*each+1, "one audit line per winning write, none for the losers")
}

func testAudit(t *testing.T, s storage.Store) {
	w := newWorld(t, 19)
	start := time.Now().UTC().Truncate(time.Millisecond)
	wd := w.newTeam("Noord", 3)
	coach := w.newCoach("Carla")
	type line struct {
		Actor, Summary, Entity string
		EntityID               wijk.ID
		Action                 storage.Action
	}
	var want []line
	write := func(actor, summary, entity string, id wijk.ID, action storage.Action, do func(storage.Change) error) {
		t.Helper()
		require.NoError(t, do(storage.Change{Actor: actor, Summary: summary}))
		want = append(want, line{actor, summary, entity, id, action})
	}
	write("anouk", "founded", "team", wd.team.ID(), storage.ActionCreate, func(c storage.Change) error {
		_, err := s.Teams().Create(ctx, wd.team, c)
		return err
	})
	write("system", "new coach", "coach", coach.ID(), storage.ActionCreate, func(c storage.Change) error {
		_, err := s.Coaches().Create(ctx, coach, c)
		return err
	})
	w.must(wd.team.GoOnLeave(wd.members[1]))
	write("bas", "Bas on leave", "team", wd.team.ID(), storage.ActionUpdate, func(c storage.Change) error {
		_, err := s.Teams().Update(ctx, wd.team, 1, c)
		return err
	})
	write("cor", "8 h", "hours", wd.members[2], storage.ActionCreate, func(c storage.Change) error {
		_, err := s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: wd.members[2], Day: wijk.NewDate(2026, 3, 2), Worked: 8 * time.Hour}, c)
		return err
	})
	cl := w.newClient("Bep")
	write("anouk", "intake", "client", cl.ID(), storage.ActionCreate, func(c storage.Change) error {
		_, err := s.Clients().Create(ctx, wd.team.ID(), cl, c)
		return err
	})
	end := time.Now().UTC()

	all, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	var got []line
	for i, a := range all {
		got = append(got, line{a.Actor, a.Summary, a.Entity, a.EntityID, a.Action})
		require.Equal(t, time.UTC, a.At.Location())
		require.Zero(t, a.At.Nanosecond()%int(time.Millisecond), "millisecond precision")
		require.False(t, a.At.Before(start) || a.At.After(end), "stamped when written: %v", a.At)
		if i > 0 {
			require.Greater(t, a.Seq, all[i-1].Seq)
			require.False(t, a.At.Before(all[i-1].At))
		}
	}
	diff(t, want, got)

	teamOnly, err := s.Audit(ctx, storage.AuditQuery{EntityID: wd.team.ID()})
	require.NoError(t, err)
	require.Len(t, teamOnly, 2)
	page, err := s.Audit(ctx, storage.AuditQuery{After: all[1].Seq, Limit: 2})
	require.NoError(t, err)
	diff(t, all[2:4], page)
}

func testTimes(t *testing.T, s storage.Store) {
	w := newWorld(t, 20)
	wd := w.newTeam("Noord", 2)
	coach := w.newCoach("Carla")
	w.must(wd.team.SetCoach(coach.ID()))
	amsterdam := time.FixedZone("CET", 3600)
	at := time.Date(2026, 3, 2, 10, 30, 15, 123456789, amsterdam)
	w.must(wd.team.RequestCoaching(team.CoachingRequestParams{ID: w.id(), Topic: "roster conflicts", By: wd.members[0], At: at}))
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	got, _, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	stored := got.Snapshot().Coaching[0].At
	require.Equal(t, time.UTC, stored.Location())
	require.Equal(t, time.Date(2026, 3, 2, 9, 30, 15, 123000000, time.UTC), stored)
	// What came back is stable: storing it again changes nothing.
	_, err = s.Teams().Update(ctx, got, 1, ch("again"))
	require.NoError(t, err)
	again, _, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	diff(t, got.Snapshot(), again.Snapshot())
	// The caller's aggregate is left as it was.
	require.Equal(t, 123456789, wd.team.Snapshot().Coaching[0].At.Nanosecond())
}

func testUnicode(t *testing.T, s storage.Store) {
	w := newWorld(t, 21)
	wd := w.newTeam("Wijkteam Zoë & Ødegård 🌷", 3)
	_, err := s.Teams().Create(ctx, wd.team, ch("opgericht — ‘Zoë’"))
	require.NoError(t, err)
	p := careplan.ClientParams(w.newClient("x").Snapshot())
	p.Name = unicodeText(150)
	p.Goals = []string{unicodeText(1000), "\"quotes\", \\backslashes\\, <tags> & \u2028 separators"}
	c, err := careplan.NewClient(p)
	require.NoError(t, err)
	_, err = s.Clients().Create(ctx, wd.team.ID(), c, ch(unicodeText(300)))
	require.NoError(t, err)
	got, _, err := s.Clients().Get(ctx, c.ID())
	require.NoError(t, err)
	diff(t, c.Snapshot(), got.Snapshot())

	m := w.newMeeting(wd, t0)
	w.must(m.AcceptPreviousReport(consensus.Act{By: wd.members[2], At: t0.Add(time.Minute)}, w.id()))
	w.must(m.FixAgenda(consensus.Act{By: wd.members[1], At: t0.Add(2 * time.Minute)}, nil, w.ids))
	minutes := unicodeText(10000) // the longest text the domain allows
	w.must(m.Close(consensus.Act{By: wd.members[1], At: t0.Add(time.Hour)}, minutes))
	_, err = s.Meetings().Create(ctx, m, ch("closed"))
	require.NoError(t, err)
	back, _, err := s.Meetings().Get(ctx, m.ID())
	require.NoError(t, err)
	require.Equal(t, minutes, back.Minutes())
	diff(t, m.Snapshot(), back.Snapshot())
	tm, _, err := s.Teams().Get(ctx, wd.team.ID())
	require.NoError(t, err)
	require.Equal(t, "Wijkteam Zoë & Ødegård 🌷", tm.Name())
}
