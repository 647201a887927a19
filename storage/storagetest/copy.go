package storagetest

import (
	"crypto/ed25519"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/storecopy"
	"github.com/wijkzorg/wijk/team"
)

// NewCopyable returns a fresh, migrated, empty store that package
// storecopy can copy, whose audit lines clock stamps (nil: real time).
type NewCopyable func(t *testing.T, clock wijk.Clock) storecopy.Store

// World is what FillWorld stored: enough to read every aggregate back
// through the Store's own methods.
type World struct {
	Teams    []wijk.ID
	Coaches  []wijk.ID
	Clients  []wijk.ID
	Meetings []wijk.ID
	// People are people kept in sets: a team's founder, a client's
	// representative.
	People []wijk.ID
	// Key signed the checkpoints of the purges.
	Key ed25519.PublicKey
}

// FillWorld stores a realistic world in s, whose audit lines clock
// stamps: two teams (one of which hired since it was founded), a coach,
// staff, hours with a correction, clients with representatives and
// authorised care plans (some updated), proposals taken through a consent
// round into the decision log, meetings, and access entries; then, three
// years on, purges of the audit and access logs past a retention of two
// years (signed checkpoints), and more writes after them.
func FillWorld(t *testing.T, s storage.Store, clock *wijk.ManualClock) World {
	t.Helper()
	w := &world{t: t, clock: clock, ids: wijk.NewSeededIDGenerator(clock, 41)}
	var out World
	north, south := w.newTeam("Wijkteam Lasonder", 6), w.newTeam("Wijkteam Roombeek", 4)
	for _, wd := range []ward{north, south} {
		_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
		require.NoError(t, err)
		out.Teams = append(out.Teams, wd.team.ID())
	}
	w.must(north.team.Hire("d-hire", wijk.NewDate(2026, 4, 1), team.MemberParams{Person: w.id(), Name: "Zoë", Level: team.Level4, ContractPerWeek: 28 * time.Hour}))
	_, err := s.Teams().Update(ctx, north.team, 1, ch("hired Zoë"))
	require.NoError(t, err)

	coach := w.newCoach("Carla")
	w.must(coach.Support(north.team.ID()))
	_, err = s.Coaches().Create(ctx, coach, ch("coach"))
	require.NoError(t, err)
	out.Coaches = append(out.Coaches, coach.ID())
	st, err := team.NewStaff(team.NewStaffParams{ID: w.id(), Name: "Ilse Bakker"})
	w.must(err)
	w.must(st.Grant(team.StaffPrivacyOfficer, wijk.NewDate(2026, 3, 1), wijk.Date{}, "privacy officer"))
	_, err = s.Staff().Create(ctx, st, ch("new staff"))
	require.NoError(t, err)

	for d := 2; d <= 6; d++ {
		for _, m := range north.members[:3] {
			_, err := s.Hours().Record(ctx, north.team.ID(), recordFor(m, wijk.NewDate(2026, 3, d)), ch("hours"))
			require.NoError(t, err)
		}
	}
	fix := recordFor(north.members[0], wijk.NewDate(2026, 3, 2))
	fix.Worked = 9 * time.Hour
	_, err = s.Hours().Correct(ctx, north.team.ID(), fix, 1, ch("forgot the evening visit"))
	require.NoError(t, err)

	daughter := w.id()
	out.People = append(out.People, north.members[0], daughter)
	for i, wd := range []ward{north, north, north, south, south} {
		c := w.newClient(fmt.Sprintf("Cliënt %d %s", i, unicodeText(12)))
		if i%2 == 0 {
			p := c.Snapshot()
			p.Representatives = []careplan.Representative{{Person: daughter, Name: "Marga", Relation: "daughter"}, {Person: w.id(), Name: "Henk", Relation: "neighbour"}}
			w.must(c.Update(p))
		}
		_, err := s.Clients().Create(ctx, wd.team.ID(), c, ch("intake"))
		require.NoError(t, err)
		out.Clients = append(out.Clients, c.ID())
		plan := w.newPlan(c.ID(), wd.members[0], wijk.NewDate(2026, 3, 2), wijk.NewDate(2026, 4, 13))
		_, err = s.CarePlans().Create(ctx, plan, ch("plan"))
		require.NoError(t, err)
		if i == 1 {
			w.must(plan.Rate(careplan.Rating{Problem: "24", Kind: careplan.Interim, Date: wijk.NewDate(2026, 3, 16), By: wd.members[0], KBS: careplan.KBS{Knowledge: 3, Behavior: 4, Status: 3}}))
			_, err = s.CarePlans().Update(ctx, plan, 1, ch("interim rating"))
			require.NoError(t, err)
		}
		require.NoError(t, s.Access().Append(ctx, access(string(wd.members[0]), c.ID(), w.tick())))
	}

	// A roster adopted, then superseded by an adopted re-plan; a visit
	// plan adopted and one proposed. Each adoption is a decision of the
	// team that names its plan.
	first, second := w.newRoster(north), w.newRoster(north, roster.Assignment{Employee: string(north.members[0]), Day: 0, Shift: "E"})
	day := w.newDayPlan(north, week)
	var northDecisions []wijk.ID
	for i, x := range []struct {
		wd      ward
		payload consensus.Payload
	}{{north, adoptsRoster(first)}, {north, adoptsRoster(second)}, {south, nil}, {north, adoptsDay(day)}} {
		pr, err := consensus.NewProposal(consensus.ProposalParams{
			ID: w.id(), Team: x.wd.team.ID(), Owner: x.wd.members[0], Title: fmt.Sprintf("Proposal %d", i),
			Text: "Adopt it.", Reason: "It is ready.", Payload: x.payload, CreatedAt: w.tick(),
		})
		w.must(err)
		_, err = s.Proposals().Create(ctx, pr, ch("drafted"))
		require.NoError(t, err)
		w.adopt(pr, x.wd)
		_, err = s.Proposals().Update(ctx, pr, 1, ch("adopted"))
		require.NoError(t, err)
		d := w.decide(pr)
		require.NoError(t, s.DecisionLog().Append(ctx, d, ch("logged")))
		if x.wd.team == north.team {
			northDecisions = append(northDecisions, d.ID)
		}
	}
	w.must(first.Adopt(northDecisions[0], w.tick()))
	w.must(first.Supersede(second.ID(), w.tick()))
	w.must(second.Adopt(northDecisions[1], w.tick()))
	for _, r := range []*planning.Roster{second, first} {
		_, err := s.Rosters().Create(ctx, r, ch("roster"))
		require.NoError(t, err)
	}
	w.must(day.Adopt(northDecisions[2], w.tick()))
	for _, d := range []*planning.DayPlan{day, w.newDayPlan(south, week)} {
		_, err := s.DayPlans().Create(ctx, d, ch("visit plan"))
		require.NoError(t, err)
	}
	open := w.newProposal(south, "Still open")
	_, err = s.Proposals().Create(ctx, open, ch("drafted"))
	require.NoError(t, err)
	for _, wd := range []ward{north, south} {
		m := w.newMeeting(wd, w.tick())
		_, err := s.Meetings().Create(ctx, m, ch("planned"))
		require.NoError(t, err)
		out.Meetings = append(out.Meetings, m.ID())
	}

	// Three years on: the first two years go, signed.
	clock.Advance(3 * 365 * 24 * time.Hour)
	late := w.newClient("Bep")
	_, err = s.Clients().Create(ctx, south.team.ID(), late, ch("intake, three years on"))
	require.NoError(t, err)
	out.Clients = append(out.Clients, late.ID())
	require.NoError(t, s.Access().Append(ctx, access("anouk", late.ID(), w.tick())))
	pub, key, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	out.Key = pub
	for _, log := range []storage.Log{storage.LogAudit, storage.LogAccess} {
		cp, err := s.Chains().Purge(ctx, storage.PurgeRequest{Log: log, Retention: 2 * 365 * 24 * time.Hour, Key: key,
			Change: storage.Change{Actor: "privacy officer", Summary: "yearly purge"}})
		require.NoError(t, err)
		require.NotZero(t, cp.Seq, "the purge of the %s log removed entries", log)
	}
	w.tick()
	_, err = s.Coaches().Update(ctx, coach, 1, ch("after the purge"))
	require.NoError(t, err)
	requireWhole(t, s)
	return out
}

// view is everything a store answers about a world, through its own
// methods.
type view struct {
	Teams       []team.TeamSnapshot
	Versions    map[wijk.ID]storage.Version
	Coaches     []team.CoachSnapshot
	Staff       []team.StaffSnapshot
	Hours       [][]team.HoursRecord
	Clients     [][]careplan.ClientSnapshot
	ByPerson    [][]wijk.ID
	Plans       [][]careplan.CarePlanSnapshot
	Proposals   [][]consensus.ProposalSnapshot
	Meetings    [][]consensus.MeetingSnapshot
	Decisions   [][]consensus.Decision
	Rosters     [][]planning.RosterSnapshot
	DayPlans    [][]planning.DayPlanSnapshot
	Audit       []storage.AuditEntry
	Access      []storage.AccessEntry
	Heads       map[storage.Log]storage.Head
	Checkpoints map[storage.Log][]storage.Checkpoint
}

// look reads the view of w from s.
func look(t *testing.T, s storage.Store, w World) view {
	t.Helper()
	v := view{Versions: map[wijk.ID]storage.Version{}, Heads: map[storage.Log]storage.Head{}, Checkpoints: map[storage.Log][]storage.Checkpoint{}}
	for _, id := range w.Teams {
		tm, ver, err := s.Teams().Get(ctx, id)
		require.NoError(t, err)
		v.Teams, v.Versions[id] = append(v.Teams, tm.Snapshot()), ver
		hs, err := s.Hours().Month(ctx, id, 2026, time.March)
		require.NoError(t, err)
		v.Hours = append(v.Hours, hs)
		cs, err := s.Clients().ListByTeam(ctx, id)
		require.NoError(t, err)
		v.Clients = append(v.Clients, snapshots(cs, clientSnap))
		ps, err := s.CarePlans().ListByTeam(ctx, id)
		require.NoError(t, err)
		v.Plans = append(v.Plans, snapshots(ps, planSnap))
		for _, p := range ps {
			_, ver, err := s.CarePlans().Get(ctx, p.ID())
			require.NoError(t, err)
			v.Versions[p.ID()] = ver
		}
		prs, err := s.Proposals().Open(ctx, id)
		require.NoError(t, err)
		v.Proposals = append(v.Proposals, snapshots(prs, propSnap))
		ms, err := s.Meetings().ListByTeam(ctx, id)
		require.NoError(t, err)
		v.Meetings = append(v.Meetings, snapshots(ms, meetSnap))
		dl, err := s.DecisionLog().Log(ctx, id)
		require.NoError(t, err)
		v.Decisions = append(v.Decisions, dl.Entries())
		rs, err := s.Rosters().ListByTeam(ctx, id, week, week.AddDays(6))
		require.NoError(t, err)
		v.Rosters = append(v.Rosters, snapshots(rs, (*planning.Roster).Snapshot))
		dps, err := s.DayPlans().ListByTeam(ctx, id, week)
		require.NoError(t, err)
		v.DayPlans = append(v.DayPlans, snapshots(dps, dayPlanSnap))
	}
	for _, id := range w.Coaches {
		c, ver, err := s.Coaches().Get(ctx, id)
		require.NoError(t, err)
		v.Coaches, v.Versions[id] = append(v.Coaches, c.Snapshot()), ver
	}
	for _, id := range w.Clients {
		_, ver, err := s.Clients().Get(ctx, id)
		require.NoError(t, err)
		v.Versions[id] = ver
	}
	for _, p := range w.People {
		ts, err := s.Teams().ListByPerson(ctx, p)
		require.NoError(t, err)
		cs, err := s.Clients().ListByRepresentative(ctx, p)
		require.NoError(t, err)
		v.ByPerson = append(v.ByPerson, ts, cs)
	}
	staff, err := s.Staff().List(ctx)
	require.NoError(t, err)
	v.Staff = snapshots(staff, (*team.Staff).Snapshot)
	v.Audit, err = s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	v.Access, err = s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	for _, log := range storage.Logs() {
		h, err := s.Chains().Head(ctx, log)
		require.NoError(t, err)
		v.Heads[log] = h
		cps, err := s.Chains().Checkpoints(ctx, log)
		require.NoError(t, err)
		v.Checkpoints[log] = cps
	}
	return v
}

// RunCopy fills a store made by chain[0] with FillWorld, copies it to a
// store made by chain[1], that one to chain[2], and so on (for example
// SQLite → PostgreSQL → SQLite), and checks each copy: it verifies as its
// source did (with the purges' key trusted and the source's heads as
// anchors), it answers every read as the source does, storecopy.Compare
// finds no difference from the first store record for record, each copy
// reports the same counts, and it goes on taking writes that chain on
// from the copied heads.
func RunCopy(t *testing.T, chain ...NewCopyable) {
	require.GreaterOrEqual(t, len(chain), 2, "a copy needs two stores")
	clock := wijk.NewManualClock(t0)
	first := chain[0](t, clock)
	w := FillWorld(t, first, clock)
	want := look(t, first, w)
	var anchors []storage.Head
	for _, h := range want.Heads {
		anchors = append(anchors, h)
	}
	src := first
	var wantRep storecopy.Report
	for i, newStore := range chain[1:] {
		dst := newStore(t, clock)
		rep, err := storecopy.Copy(ctx, dst, src)
		require.NoError(t, err, "copy %d", i+1)
		if i == 0 {
			wantRep = rep
			require.Positive(t, rep.Rows["wijk_hours"])
			require.Positive(t, rep.Sets["wijk_teams_people"])
			require.Positive(t, rep.Sets["wijk_clients_representatives"])
			for _, log := range storage.Logs() {
				require.Positive(t, rep.Logs[log].Entries, "the %s log", log)
				require.Equal(t, want.Heads[log], rep.Logs[log].Head)
			}
			require.Equal(t, 1, rep.Logs[storage.LogAudit].Checkpoints)
			require.Equal(t, 1, rep.Logs[storage.LogAccess].Checkpoints)
		}
		diff(t, wantRep, rep)
		diff(t, want, look(t, dst, w))
		for _, log := range storage.Logs() {
			_, err := dst.Chains().Verify(ctx, log, storage.VerifyOptions{Anchors: anchors, Keys: []ed25519.PublicKey{w.Key}})
			require.NoError(t, err, "copy %d: the %s log verifies as the source's did", i+1, log)
		}
		_, err = storecopy.Compare(ctx, first, dst)
		require.NoError(t, err, "copy %d is the first store, record for record", i+1)
		src = dst
	}

	// The last copy takes writes, chained on from the copied heads.
	c, v, err := src.Coaches().Get(ctx, w.Coaches[0])
	require.NoError(t, err)
	clock.Advance(time.Minute)
	_, err = src.Coaches().Update(ctx, c, v, ch("after the move"))
	require.NoError(t, err)
	require.NoError(t, src.Access().Append(ctx, access("anouk", w.Clients[0], clock.Now())))
	require.NoError(t, src.DecisionLog().Append(ctx, consensusDecisionAfterMove(t, src, w, clock), ch("logged after the move")))
	heads := requireWhole(t, src)
	// The audit log took the coach, the proposal and the decision.
	for log, n := range map[storage.Log]int64{storage.LogAudit: 3, storage.LogAccess: 1, storage.LogDecisions: 1} {
		require.Equal(t, want.Heads[log].Seq+n, heads[log].Seq, "the %s log goes on from the copied head", log)
	}
	_, err = storecopy.Compare(ctx, first, src)
	require.Error(t, err, "a store that took a write is no longer the first one")
}

// consensusDecisionAfterMove adopts a new proposal of the first team in
// store s and returns its decision.
func consensusDecisionAfterMove(t *testing.T, s storage.Store, w World, clock *wijk.ManualClock) consensus.Decision {
	t.Helper()
	tm, _, err := s.Teams().Get(ctx, w.Teams[0])
	require.NoError(t, err)
	wd := ward{team: tm, members: tm.Decisionmakers()}
	ww := &world{t: t, clock: clock, ids: wijk.NewSeededIDGenerator(clock, 43)}
	pr := ww.newProposal(wd, "After the move")
	ww.adopt(pr, wd)
	_, err = s.Proposals().Create(ctx, pr, ch("proposed"))
	require.NoError(t, err)
	later := clock.Now().AddDate(0, 3, 0)
	d, err := consensus.NewDecision(pr, consensus.DecisionParams{
		ID: ww.id(), Rationale: "Still worth trying after the move.", ReviewOn: wijk.NewDate(later.Year(), later.Month(), later.Day()),
	})
	require.NoError(t, err)
	return d
}
