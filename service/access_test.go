package service_test

import (
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
)

// since returns the access entries appended after the last call.
func since(t *testing.T, st storage.Store) func() []storage.AccessEntry {
	var last int64
	all, err := st.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	if n := len(all); n > 0 {
		last = all[n-1].Seq
	}
	return func() []storage.AccessEntry {
		t.Helper()
		es, err := st.Access().List(ctx, storage.AccessQuery{After: last})
		require.NoError(t, err)
		if n := len(es); n > 0 {
			last = es[n-1].Seq
		}
		return es
	}
}

// Every read and write of a client's record through a session leaves
// exactly one access entry (one per record handed out, for a caseload),
// with who, role, client, record, action, purpose, outcome and rule; a
// refused request leaves one naming the refusing rule and writes nothing;
// a transaction that rolls back leaves none.
func TestAccessLogOneEntryPerRequest(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		next := since(t, w.store)
		type want struct {
			person  wijk.ID
			role    storage.AccessRole
			client  wijk.ID
			entity  string
			id      wijk.ID
			action  storage.AccessAction
			outcome storage.Outcome
			rule    string
		}
		check := func(name string, do func() error, wantErr bool, ws ...want) {
			t.Helper()
			err := do()
			if wantErr {
				require.Error(t, err, name)
			} else {
				require.NoError(t, err, name)
			}
			got := next()
			require.Len(t, got, len(ws), "%s: one entry per access", name)
			for i, x := range ws {
				e := got[i]
				require.Equal(t, string(x.person), e.Person, name)
				require.Equal(t, x.role, e.Role, name)
				require.Equal(t, x.client, e.Client, name)
				require.Equal(t, x.entity, e.Entity, name)
				require.Equal(t, x.id, e.EntityID, name)
				require.Equal(t, x.action, e.Action, name)
				require.Equal(t, x.outcome, e.Outcome, name)
				require.Equal(t, x.rule, e.Rule, name)
				require.Equal(t, "unnamed application", e.Application, name)
				require.Equal(t, w.clock.Now().UTC().Truncate(time.Millisecond), e.At, name)
			}
		}
		ok, no := storage.OutcomeAllowed, storage.OutcomeRefused
		read, upd := storage.AccessRead, storage.AccessUpdate
		cl, cp := storage.EntityClient, storage.EntityCarePlan
		anne, bram, cem := w.as(w.anne), w.as(w.bram), w.as(w.cem)

		check("member reads", func() error { _, err := anne.Client(ctx, w.bep); return err }, false,
			want{w.anne, storage.RoleMember, w.bep, cl, w.bep, read, ok, "dossier-team"})
		check("member reads a plan", func() error { _, err := bram.Plan(ctx, w.bepPlan); return err }, false,
			want{w.bram, storage.RoleMember, w.bep, cp, w.bepPlan, read, ok, "dossier-team"})
		check("client reads own plan", func() error { _, err := w.asFor(w.bep, service.OwnRecord()).Plan(ctx, w.bepPlan); return err }, false,
			want{w.bep, storage.RoleClient, w.bep, cp, w.bepPlan, read, ok, "own-dossier"})
		check("representative reads", func() error { _, err := w.asFor(w.marga, service.OwnRecord()).Client(ctx, w.bep); return err }, false,
			want{w.marga, storage.RoleRepresentative, w.bep, cl, w.bep, read, ok, "representative"})
		check("coach refused", func() error { _, err := w.as(w.carla).Client(ctx, w.bep); return err }, true,
			want{w.carla, storage.RoleCoach, w.bep, cl, w.bep, read, no, "coach-no-dossier"})
		check("stranger refused", func() error { _, err := w.as(w.sam).Plan(ctx, w.bepPlan); return err }, true,
			want{w.sam, storage.RoleNone, w.bep, cp, w.bepPlan, read, no, "dossier-team"})
		check("other team refused", func() error { _, err := w.as(w.zoe).Client(ctx, w.bep); return err }, true,
			want{w.zoe, storage.RoleMember, w.bep, cl, w.bep, read, no, "dossier-team"})
		check("emergency", func() error {
			_, err := w.asFor(w.zoe, service.Emergency("found unwell at the market")).Client(ctx, w.bep)
			return err
		}, false, want{w.zoe, storage.RoleMember, w.bep, cl, w.bep, storage.AccessEmergency, ok, "emergency"})
		check("update", func() error {
			c, err := anne.Client(ctx, w.bep)
			require.NoError(t, err)
			next()
			p := careplan.ClientParams(c.Snapshot())
			p.Goals = append(p.Goals, "go to the choir")
			_, err = anne.UpdateClient(ctx, w.bep, p, "")
			return err
		}, false, want{w.anne, storage.RoleMember, w.bep, cl, w.bep, upd, ok, "dossier-team"})
		check("rate", func() error {
			_, err := bram.Rate(ctx, w.bepPlan, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 3}}})
			return err
		}, false, want{w.bram, storage.RoleMember, w.bep, cp, w.bepPlan, upd, ok, "dossier-team"})
		lines, err := w.store.Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		check("level 3 may not authorise", func() error { _, err := cem.Authorise(ctx, w.bepPlan, 90, w.today().AddDays(30)); return err }, true,
			want{w.cem, storage.RoleMember, w.bep, cp, w.bepPlan, upd, no, "authorise-level-5"})
		after, err := w.store.Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		require.Equal(t, len(lines), len(after), "a refused write writes nothing")
		var newClient wijk.ID
		check("take in", func() error {
			c, err := anne.TakeIn(ctx, w.noord, careplan.ClientParams{ID: "01JNQ3ZK7RA6Y2M0C3P4V8X9TZ", Name: "Truus", BirthDate: wijk.NewDate(1938, 2, 3),
				Address: careplan.Address{Street: "Kerkstraat 1", Postcode: "7511 AA", City: "Enschede"}})
			if c != nil {
				newClient = c.ID()
			}
			return err
		}, false, want{w.anne, storage.RoleMember, "01JNQ3ZK7RA6Y2M0C3P4V8X9TZ", cl, "01JNQ3ZK7RA6Y2M0C3P4V8X9TZ", storage.AccessCreate, ok, "dossier-team"})

		check("export", func() error {
			d, err := w.asFor(w.marga, service.OwnRecord()).Export(ctx, w.bep)
			if err == nil && (d.Client.ID() != w.bep || len(d.Plans) != 1) {
				t.Fatalf("the dossier of Bep: %+v", d)
			}
			return err
		}, false, want{w.marga, storage.RoleRepresentative, w.bep, cl, w.bep, storage.AccessExport, ok, "representative"})
		check("no export in an emergency", func() error {
			_, err := w.asFor(w.zoe, service.Emergency("she asked for a copy")).Export(ctx, w.bep)
			return err
		}, true)
		check("export refused", func() error { _, err := w.as(w.zoe).Export(ctx, w.bep); return err }, true,
			want{w.zoe, storage.RoleMember, w.bep, cl, w.bep, storage.AccessExport, no, "dossier-team"})

		// A caseload: one entry per record handed out.
		check("caseload", func() error {
			cs, err := anne.Clients(ctx, w.noord)
			require.Len(t, cs, 2)
			return err
		}, false, want{w.anne, storage.RoleMember, newClient, cl, newClient, read, ok, "dossier-team"}, // sorted by ID
			want{w.anne, storage.RoleMember, w.bep, cl, w.bep, read, ok, "dossier-team"})
		check("caseload plans", func() error { _, err := anne.TeamPlans(ctx, w.noord); return err }, false,
			want{w.anne, storage.RoleMember, w.bep, cp, w.bepPlan, read, ok, "dossier-team"})
		check("caseload refused", func() error { _, err := w.as(w.zoe).Clients(ctx, w.noord); return err }, true,
			want{w.zoe, storage.RoleMember, "", storage.EntityTeam, w.noord, read, no, "dossier-team"})

		// Allowed, then the write fails: the transaction rolls back, and
		// with it the entry.
		check("rolled back", func() error {
			_, err := bram.Rate(ctx, w.bepPlan, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 9, Behavior: 3, Status: 3}}})
			return err
		}, true)
		check("rolled back update", func() error {
			_, err := anne.UpdateClient(ctx, w.bep, careplan.ClientParams{ID: w.bep}, "")
			return err
		}, true)

		// The writes are found by client in the audit log, and every log
		// is whole.
		byClient, err := w.store.Audit(ctx, storage.AuditQuery{Client: w.bep})
		require.NoError(t, err)
		kinds := map[string]int{}
		for _, l := range byClient {
			require.Equal(t, w.bep, l.Client)
			kinds[l.Entity]++
		}
		require.Equal(t, 2, kinds[storage.EntityClient], "taken in, updated")
		require.Equal(t, 3, kinds[storage.EntityCarePlan], "written, authorised, rated (the second rating rolled back)")
		for _, log := range storage.Logs() {
			_, err := w.store.Chains().Verify(ctx, log, storage.VerifyOptions{})
			require.NoError(t, err, "the %s log", log)
		}
	})
}

// A client sees who saw or changed their record, by name, when and why;
// so do their representative and the privacy officer, and nobody else.
func TestAccessOverview(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		_, err := w.as(w.anne).Client(ctx, w.bep)
		require.NoError(t, err)
		w.tick()
		_, err = w.asFor(w.zoe, service.Emergency("found unwell at the market")).Plan(ctx, w.bepPlan)
		require.NoError(t, err)
		_, err = w.as(w.carla).Client(ctx, w.bep)
		require.Error(t, err)

		lines, err := w.asFor(w.bep, service.OwnRecord()).AccessOverview(ctx, w.bep, storage.AccessQuery{})
		require.NoError(t, err)
		who := map[string]bool{}
		for _, l := range lines {
			require.Equal(t, w.bep, l.Client)
			require.Equal(t, "Bep de Vries", l.ClientName)
			who[l.Who] = true
		}
		for _, name := range []string{"Bram", "Anne", "Zoë", "Carla"} {
			require.True(t, who[name], "%s is named in %v", name, who)
		}
		last := lines[len(lines)-2:]
		require.Equal(t, "Zoë", last[0].Who)
		require.Equal(t, storage.AccessEmergency, last[0].Action)
		require.Equal(t, "found unwell at the market", last[0].Reason)
		require.Equal(t, "care plan", last[0].What)
		require.Equal(t, "Carla", last[1].Who)
		require.Equal(t, storage.OutcomeRefused, last[1].Outcome)

		// Paging and filters pass through.
		page, err := w.asFor(w.marga, service.OwnRecord()).AccessOverview(ctx, w.bep, storage.AccessQuery{Action: storage.AccessEmergency})
		require.NoError(t, err)
		require.Len(t, page, 1)
		_, err = w.asFor(w.pim, service.Administration("a client asked")).AccessOverview(ctx, w.bep, storage.AccessQuery{Limit: 1})
		require.NoError(t, err)

		_, err = w.as(w.anne).AccessOverview(ctx, w.bep, storage.AccessQuery{})
		requireRefused(t, err, "access-own")
		_, err = w.asFor(w.wim, service.OwnRecord()).AccessOverview(ctx, w.bep, storage.AccessQuery{})
		requireRefused(t, err, "access-own")
		_, err = w.as(w.anne).AccessLog(ctx, storage.AccessQuery{})
		requireRefused(t, err, "access-own")
		all, err := w.asFor(w.pim, service.Administration("yearly check")).AccessLog(ctx, storage.AccessQuery{Outcome: storage.OutcomeRefused})
		require.NoError(t, err)
		require.NotEmpty(t, all)
	})
}

// The emergency report shows a team the emergency accesses to its
// clients and by its members, and nothing else.
func TestEmergencyReport(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		start := w.clock.Now()
		_, err := w.as(w.anne).Client(ctx, w.bep)
		require.NoError(t, err)
		_, err = w.asFor(w.zoe, service.Emergency("found unwell at the market")).Client(ctx, w.bep)
		require.NoError(t, err)
		_, err = w.asFor(w.bram, service.Emergency("wrong door")).Client(ctx, w.wim)
		require.NoError(t, err)

		noord, err := w.as(w.anne).EmergencyReport(ctx, w.noord, start, time.Time{})
		require.NoError(t, err)
		require.Len(t, noord, 2, "to Bep, and by Bram")
		require.Equal(t, "Zoë", noord[0].Who)
		require.Equal(t, "Bep de Vries", noord[0].ClientName)
		require.Equal(t, "Bram", noord[1].Who)
		require.Equal(t, "Wim Jansen", noord[1].ClientName)
		zuid, err := w.as(w.yara).EmergencyReport(ctx, w.zuid, start, time.Time{})
		require.NoError(t, err)
		require.Len(t, zuid, 2)
		later, err := w.as(w.yara).EmergencyReport(ctx, w.zuid, w.clock.Now().Add(time.Minute), time.Time{})
		require.NoError(t, err)
		require.Empty(t, later)
		_, err = w.asFor(w.pim, service.Administration("report")).EmergencyReport(ctx, w.noord, time.Time{}, time.Time{})
		require.NoError(t, err)
		_, err = w.asFor(w.bo, service.Administration("report")).EmergencyReport(ctx, w.noord, time.Time{}, time.Time{})
		requireRefused(t, err, "emergency-report")
		_, err = w.as(w.zoe).EmergencyReport(ctx, w.noord, time.Time{}, time.Time{})
		requireRefused(t, err, "emergency-report")
	})
}

// The vendor's system purges the logs past the retention; nobody else
// may. The purge leaves signed checkpoints, and the logs verify from them
// with the vendor's key.
func TestPurgeLogs(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		_, err := w.as(w.anne).Client(ctx, w.bep)
		require.NoError(t, err)
		pub, key, err := ed25519.GenerateKey(nil)
		require.NoError(t, err)
		_, err = w.asFor(w.pim, service.Administration("clean up")).PurgeLogs(ctx, key)
		requireRefused(t, err, "administer")

		sys := w.system()
		cps, err := sys.PurgeLogs(ctx, key)
		require.NoError(t, err)
		require.Empty(t, cps, "nothing is five years old yet")

		w.clock.Advance(6 * 365 * 24 * time.Hour)
		_, err = w.as(w.anne).Client(ctx, w.bep)
		require.NoError(t, err)
		cps, err = sys.PurgeLogs(ctx, key)
		require.NoError(t, err)
		require.Len(t, cps, 2)
		for _, cp := range cps {
			require.Positive(t, cp.Removed)
			v, err := w.store.Chains().Verify(ctx, cp.Log, storage.VerifyOptions{Keys: []ed25519.PublicKey{pub}})
			require.NoError(t, err)
			require.Equal(t, cp.Seq, v.From)
		}
		left, err := w.store.Access().List(ctx, storage.AccessQuery{})
		require.NoError(t, err)
		require.Len(t, left, 1, "only the recent read is kept")
		lines, err := w.store.Audit(ctx, storage.AuditQuery{Entity: storage.EntityLog})
		require.NoError(t, err)
		require.Len(t, lines, 2)
		require.Equal(t, "system:setup", lines[0].Actor)

		_, err = service.New(w.store, w.clock, w.ids, service.WithRetention(0))
		require.ErrorIs(t, err, wijk.ErrInvalid)
	})
}
