package storagetest

import (
	"context"
	"database/sql"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/team"
)

// A release fixture is every row of a database that one release of wijk
// wrote, kept as JSON under testdata: release-1.json was written by the
// code of record format 1, at schema version 5. A later release must open
// such a database, migrate it and read back exactly what was stored.
//
//go:embed testdata/release-*.json
var releases embed.FS

// releaseDump is the form of a release fixture.
type releaseDump struct {
	// Schema is the schema version the rows were written at.
	Schema int `json:"schema"`
	// Format is the record format the rows were written in.
	Format int `json:"format"`
	// Tables holds each table's columns and rows, in key order.
	Tables []tableDump `json:"tables"`
}

type tableDump struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	// Rows hold each column's value as JSON: a string, a number, null,
	// {"text": …} for a blob that is UTF-8 JSON (a record), or
	// {"bytes": base64} for another blob.
	Rows [][]json.RawMessage `json:"rows"`
}

// releaseClock is the clock the release world is stored with.
func releaseClock() *wijk.ManualClock {
	return wijk.NewManualClock(time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC))
}

// ReleaseClock returns a fresh copy of the clock a release world must be
// stored with, so that its audit lines are stamped as in the fixtures.
func ReleaseClock() wijk.Clock { return releaseClock() }

// release is the world a release fixture holds, as the domain makes it.
type release struct {
	coach     *team.Coach
	staff     *team.Staff
	teams     []*team.Team
	clients   []*careplan.Client // all of teams[0]
	plans     []*careplan.CarePlan
	hours     []team.HoursRecord // of teams[0]
	proposals []*consensus.Proposal
	meetings  []*consensus.Meeting
	decisions []consensus.Decision
	access    []storage.AccessEntry
}

// releaseWorld builds the release world: pure, the same on every call.
func releaseWorld(tb testing.TB) release {
	tb.Helper()
	w := newWorld(tb, 2026)
	var r release
	r.coach = w.newCoach("Carla Coach")
	st, err := team.NewStaff(team.NewStaffParams{ID: w.id(), Name: "Fenna Financiën"})
	w.must(err)
	r.staff = st
	wd := w.newTeam("Wijkteam Lasonder", 5)
	history, _ := TeamWithHistory(tb)
	r.teams = []*team.Team{wd.team, history}

	c1 := w.newClient("Mevrouw Ødegård-Çelik")
	rep := careplan.Representative{Person: w.id(), Name: "Marga", Relation: "daughter, power of attorney"}
	snap := c1.Snapshot()
	snap.Representatives = []careplan.Representative{rep}
	c1, err = careplan.RestoreClient(snap)
	w.must(err)
	c2 := w.newClient("Meneer 山田")
	r.clients = []*careplan.Client{c1, c2}
	r.plans = []*careplan.CarePlan{
		w.newPlan(c1.ID(), wd.members[0], wijk.NewDate(2026, 3, 2), wijk.NewDate(2026, 4, 13)),
		w.newPlan(c2.ID(), wd.members[1], wijk.NewDate(2026, 3, 3), wijk.Date{}),
	}
	r.hours = []team.HoursRecord{
		{Person: wd.members[0], Day: wijk.NewDate(2026, 3, 2), Worked: 8 * time.Hour, ClientFacing: 5 * time.Hour, Travel: time.Hour, Training: 30 * time.Minute},
		{Person: wd.members[1], Day: wijk.NewDate(2026, 3, 2), Sick: 8 * time.Hour},
	}

	adopted, err := consensus.NewProposal(consensus.ProposalParams{
		ID: w.id(), Team: wd.team.ID(), Owner: wd.members[0], Title: "Hire Ilse",
		Text: "Ilse joins us from April.", Reason: "Two clients more each week.", CreatedAt: w.tick(),
		Payload: consensus.Hire{Member: team.MemberParams{Person: w.id(), Name: "Ilse", Level: team.Level4, ContractPerWeek: 28 * time.Hour}, Start: wijk.NewDate(2026, 4, 1)},
	})
	w.must(err)
	w.adopt(adopted, wd)
	r.decisions = []consensus.Decision{w.decide(adopted)}
	open := w.newProposal(wd, "Breakfast on Fridays")
	r.proposals = []*consensus.Proposal{adopted, open}
	r.meetings = []*consensus.Meeting{w.newMeeting(wd, time.Date(2026, 3, 9, 13, 0, 0, 0, time.UTC))}
	r.access = []storage.AccessEntry{
		access(string(wd.members[0]), c1.ID(), time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)),
		access(string(wd.members[1]), c2.ID(), time.Date(2026, 3, 2, 10, 5, 0, 0, time.UTC)),
	}
	return r
}

// StoreReleaseWorld stores the release world in s, which should be empty
// and stamp its audit lines with ReleaseClock.
func StoreReleaseWorld(tb testing.TB, s storage.Store) {
	tb.Helper()
	ctx := context.Background()
	r := releaseWorld(tb)
	must := func(_ storage.Version, err error) {
		tb.Helper()
		require.NoError(tb, err)
	}
	must(s.Coaches().Create(ctx, r.coach, ch("a coach for the region")))
	must(s.Staff().Create(ctx, r.staff, ch("finance joins")))
	for _, t := range r.teams {
		must(s.Teams().Create(ctx, t, ch("founded")))
	}
	for _, c := range r.clients {
		must(s.Clients().Create(ctx, r.teams[0].ID(), c, ch("intake")))
	}
	for _, p := range r.plans {
		must(s.CarePlans().Create(ctx, p, ch("care plan written")))
	}
	for _, h := range r.hours {
		must(s.Hours().Record(ctx, r.teams[0].ID(), h, ch("hours")))
	}
	for _, p := range r.proposals {
		must(s.Proposals().Create(ctx, p, ch("proposed")))
	}
	for _, m := range r.meetings {
		must(s.Meetings().Create(ctx, m, ch("meeting planned")))
	}
	for _, d := range r.decisions {
		require.NoError(tb, s.DecisionLog().Append(ctx, d, ch("logged")))
	}
	require.NoError(tb, s.Access().Append(ctx, r.access...))
}

// DumpRelease writes every row of every wijk table that db holds (the
// schema version table aside) as a release fixture.
func DumpRelease(tb testing.TB, db *sql.DB, schema, format int) []byte {
	tb.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'wijk_%' AND name <> 'wijk_schema_version' ORDER BY name`)
	require.NoError(tb, err)
	var names []string
	for rows.Next() {
		var n string
		require.NoError(tb, rows.Scan(&n))
		names = append(names, n)
	}
	require.NoError(tb, rows.Close())
	d := releaseDump{Schema: schema, Format: format}
	for _, n := range names {
		rs, err := db.Query(`SELECT * FROM ` + n + ` ORDER BY 1`)
		require.NoError(tb, err)
		cols, err := rs.Columns()
		require.NoError(tb, err)
		td := tableDump{Name: n, Columns: cols}
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(tb, rs.Scan(ptrs...))
			var row []json.RawMessage
			for _, v := range vals {
				var b []byte
				switch v := v.(type) {
				case []byte:
					if utf8.Valid(v) && json.Valid(v) {
						b, err = json.Marshal(map[string]string{"text": string(v)})
					} else {
						b, err = json.Marshal(map[string]string{"bytes": base64.StdEncoding.EncodeToString(v)})
					}
				default:
					b, err = json.Marshal(v)
				}
				require.NoError(tb, err)
				row = append(row, b)
			}
			td.Rows = append(td.Rows, row)
		}
		require.NoError(tb, rs.Close())
		d.Tables = append(d.Tables, td)
	}
	// One row a line, so that a reader can follow the records.
	var out strings.Builder
	fmt.Fprintf(&out, "{\"schema\": %d, \"format\": %d, \"tables\": [", d.Schema, d.Format)
	for i, td := range d.Tables {
		cols, err := json.Marshal(td.Columns)
		require.NoError(tb, err)
		fmt.Fprintf(&out, "%s\n {\"name\": %q, \"columns\": %s, \"rows\": [", map[bool]string{true: ",", false: ""}[i > 0], td.Name, cols)
		for j, row := range td.Rows {
			b, err := json.Marshal(row)
			require.NoError(tb, err)
			fmt.Fprintf(&out, "%s\n  %s", map[bool]string{true: ",", false: ""}[j > 0], b)
		}
		out.WriteString("]}")
	}
	out.WriteString("\n]}\n")
	return []byte(out.String())
}

// loadRelease reads release fixture n.
func loadRelease(t *testing.T, n int) releaseDump {
	t.Helper()
	b, err := releases.ReadFile(fmt.Sprintf("testdata/release-%d.json", n))
	require.NoError(t, err)
	var d releaseDump
	require.NoError(t, json.Unmarshal(b, &d))
	return d
}

// ReleaseSchema is the schema version at which release fixture n was
// written: migrate a fresh database up to it before RunReleaseUpgrade.
func ReleaseSchema(t *testing.T, n int) int { return loadRelease(t, n).Schema }

// insertRelease writes the rows of a release fixture into db, a database
// at the fixture's schema version. Guards that refuse edits of the logs
// refuse inserts only when they break the chain, so the rows go in as
// they were written.
func insertRelease(t *testing.T, db *sql.DB, d releaseDump) {
	t.Helper()
	for _, td := range d.Tables {
		marks := make([]string, len(td.Columns))
		for i := range marks {
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		q := `INSERT INTO ` + td.Name + ` (` + strings.Join(td.Columns, ", ") + `) VALUES (` + strings.Join(marks, ", ") + `)`
		if td.Name == "wijk_chain_heads" {
			// Migrations create the heads; the fixture's replace them.
			_, err := db.Exec(`DELETE FROM wijk_chain_heads`)
			require.NoError(t, err)
		}
		for _, row := range td.Rows {
			args := make([]any, len(row))
			for i, raw := range row {
				args[i] = releaseValue(t, raw)
			}
			_, err := db.Exec(q, args...)
			require.NoError(t, err, "%s: %s", td.Name, q)
		}
	}
}

func releaseValue(t *testing.T, raw json.RawMessage) any {
	t.Helper()
	var v any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v))
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		require.NoError(t, err)
		return n
	case map[string]any:
		if text, ok := v["text"].(string); ok {
			return []byte(text)
		}
		b, err := base64.StdEncoding.DecodeString(v["bytes"].(string))
		require.NoError(t, err)
		return b
	}
	return v
}

// RunReleaseUpgrade checks that a database written by release n of wijk
// opens and reads back exactly what that release stored. db reaches a
// fresh database that has been migrated up to ReleaseSchema(n) and no
// further; open opens the store on it and migrates it to the latest
// schema. Every aggregate, log entry and chain comes back as the release
// stored it; the logs verify; the store takes new writes, after which the
// logs still verify; and every mutable record has been rewritten in the
// current record format by the migration, while the decision log, which
// is append-only and hash-chained, keeps the bytes it was written with.
func RunReleaseUpgrade(t *testing.T, n int, db *sql.DB, open func(t *testing.T) storage.Store) {
	t.Helper()
	d := loadRelease(t, n)
	insertRelease(t, db, d)
	s := open(t)
	ctx := t.Context()
	r := releaseWorld(t)
	before := CheckRelease(t, s)

	// The mutable records are in the current format now; the decision
	// log's are as they were written.
	for _, table := range []string{"wijk_teams", "wijk_coaches", "wijk_staff", "wijk_clients", "wijk_careplans", "wijk_hours", "wijk_proposals", "wijk_meetings"} {
		rows, err := db.Query(`SELECT data FROM ` + table)
		require.NoError(t, err)
		for rows.Next() {
			var b []byte
			require.NoError(t, rows.Scan(&b))
			require.True(t, strings.HasPrefix(string(b), fmt.Sprintf(`{"format":%d,`, records.Format)), "%s: %.40s", table, b)
		}
		require.NoError(t, rows.Close())
	}
	var first []byte
	require.NoError(t, db.QueryRow(`SELECT data FROM wijk_decisions`).Scan(&first))
	require.True(t, strings.HasPrefix(string(first), fmt.Sprintf(`{"format":%d,`, d.Format)), "the decision log keeps its bytes")

	// And the store goes on.
	tm, v, err := s.Teams().Get(ctx, r.teams[0].ID())
	require.NoError(t, err)
	_, err = s.Teams().Update(ctx, tm, v, ch("touched after the upgrade"))
	require.NoError(t, err)
	w := newWorld(t, 77)
	wd := w.newTeam("Wijkteam Noord", 3)
	_, err = s.Teams().Create(ctx, wd.team, ch("founded after the upgrade"))
	require.NoError(t, err)
	p := w.newProposal(wd, "Shared car")
	w.adopt(p, wd)
	_, err = s.Proposals().Create(ctx, p, ch("proposed"))
	require.NoError(t, err)
	require.NoError(t, s.DecisionLog().Append(ctx, w.decide(p), ch("logged")))
	after := requireWhole(t, s)
	require.Equal(t, before[storage.LogAudit].Seq+4, after[storage.LogAudit].Seq)
	require.Equal(t, before[storage.LogDecisions].Seq+1, after[storage.LogDecisions].Seq)
}

// InsertRelease writes the rows of release fixture n into db, a fresh
// database migrated up to ReleaseSchema(n) and no further, as that
// release left them.
func InsertRelease(t *testing.T, n int, db *sql.DB) { insertRelease(t, db, loadRelease(t, n)) }

// CheckRelease checks that s holds exactly the release world, every
// aggregate and log entry as the domain made it, and that its logs
// verify. It returns the logs' heads.
func CheckRelease(t *testing.T, s storage.Store) map[storage.Log]storage.Head {
	t.Helper()
	ctx := t.Context()
	r := releaseWorld(t)

	for i, tm := range r.teams {
		got, v, err := s.Teams().Get(ctx, tm.ID())
		require.NoError(t, err, "team %d", i)
		require.Equal(t, storage.Version(1), v)
		diff(t, tm.Snapshot(), got.Snapshot())
	}
	coach, _, err := s.Coaches().Get(ctx, r.coach.ID())
	require.NoError(t, err)
	diff(t, r.coach.Snapshot(), coach.Snapshot())
	staff, _, err := s.Staff().Get(ctx, r.staff.ID())
	require.NoError(t, err)
	diff(t, r.staff.Snapshot(), staff.Snapshot())
	clients, err := s.Clients().ListByTeam(ctx, r.teams[0].ID())
	require.NoError(t, err)
	diff(t, snapshots(sortedClients(r.clients), clientSnap), snapshots(sortedClients(clients), clientSnap))
	reps, err := s.Clients().ListByRepresentative(ctx, r.clients[0].Representatives()[0].Person)
	require.NoError(t, err)
	require.Equal(t, []wijk.ID{r.clients[0].ID()}, reps)
	for _, p := range r.plans {
		got, _, err := s.CarePlans().Get(ctx, p.ID())
		require.NoError(t, err)
		diff(t, planSnap(p), planSnap(got))
	}
	due, err := s.CarePlans().DueForReview(ctx, r.teams[0].ID(), wijk.NewDate(2026, 4, 13))
	require.NoError(t, err)
	require.Len(t, due, 1, "the index columns came over with the records")
	for _, h := range r.hours {
		got, _, err := s.Hours().Get(ctx, h.Person, h.Day)
		require.NoError(t, err)
		diff(t, h, got)
	}
	for _, p := range r.proposals {
		got, _, err := s.Proposals().Get(ctx, p.ID())
		require.NoError(t, err)
		diff(t, propSnap(p), propSnap(got))
	}
	for _, m := range r.meetings {
		got, _, err := s.Meetings().Get(ctx, m.ID())
		require.NoError(t, err)
		diff(t, meetSnap(m), meetSnap(got))
	}
	log, err := s.DecisionLog().Log(ctx, r.teams[0].ID())
	require.NoError(t, err)
	diff(t, r.decisions, log.Entries())
	acc, err := s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	require.Len(t, acc, len(r.access))
	for i, a := range acc {
		want := r.access[i]
		want.Seq = int64(i + 1)
		diff(t, want, a)
	}
	return requireWhole(t, s)
}

func sortedClients(cs []*careplan.Client) []*careplan.Client {
	out := append([]*careplan.Client(nil), cs...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out
}

// ReleaseRecord returns the record that release fixture n holds in table
// under key, as that release wrote it.
func ReleaseRecord(t *testing.T, n int, table, key string) []byte {
	t.Helper()
	for _, td := range loadRelease(t, n).Tables {
		if td.Name != table {
			continue
		}
		for _, row := range td.Rows {
			if id, _ := releaseValue(t, row[0]).(string); id == key {
				return releaseValue(t, row[2]).([]byte)
			}
		}
	}
	t.Fatalf("release fixture %d holds no %s record %s", n, table, key)
	return nil
}

// RunUpgradeRefusesUnreadable checks the upgrade of a database written by
// release n holding many records and one that cannot be read. db reaches a
// fresh database migrated up to ReleaseSchema(n); migrate migrates it to
// the latest schema and reports the schema version after. The upgrade is
// refused, naming the record, and changes nothing; once the record is
// removed it goes through and rewrites every record, however many there
// are.
func RunUpgradeRefusesUnreadable(t *testing.T, n int, db *sql.DB, migrate func(t *testing.T) (int, error)) {
	t.Helper()
	d := loadRelease(t, n)
	insertRelease(t, db, d)
	coach := ReleaseRecord(t, n, "wijk_coaches", string(releaseWorld(t).coach.ID()))
	for i := range 450 {
		_, err := db.Exec(`INSERT INTO wijk_coaches (id, version, data) VALUES ($1, 1, $2)`, fmt.Sprintf("C%04d", i), coach)
		require.NoError(t, err)
	}
	_, err := db.Exec(`INSERT INTO wijk_coaches (id, version, data) VALUES ('C0200x', 1, $1)`, []byte(`{"format":1,"coach":{"Boss":"me"}}`))
	require.NoError(t, err)

	v, err := migrate(t)
	require.ErrorIs(t, err, storage.ErrCorrupt)
	require.ErrorContains(t, err, "wijk_coaches C0200x")
	require.ErrorContains(t, err, "1 records cannot be read")
	require.Equal(t, d.Schema, v, "a refused upgrade changes nothing")
	inFormat := func(f int) int {
		prefix := []byte(fmt.Sprintf(`{"format":%d,`, f))
		var n int
		require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM wijk_coaches WHERE substr(data, 1, $1) = $2`, len(prefix), prefix).Scan(&n))
		return n
	}
	require.Equal(t, 452, inFormat(1))

	_, err = db.Exec(`DELETE FROM wijk_coaches WHERE id = 'C0200x'`)
	require.NoError(t, err)
	_, err = migrate(t)
	require.NoError(t, err)
	require.Equal(t, 451, inFormat(records.Format), "every page was rewritten")
}
