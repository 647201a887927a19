// Command storagebench measures what wijk's storage costs on top of the
// database itself. It saves realistic care plans through the library (one
// transaction per plan: the client check, the plan row with its index
// columns, the audit line) and, in the same run, inserts the very same
// serialized bytes with plain database/sql into a table of the same shape,
// one autocommitted INSERT per plan, over the same database handle. It
// prints both rates and their ratio, then the time to load a whole team:
// its members, its clients and all their care plans.
//
//	go run ./examples/storagebench -backend sqlite
//	go run ./examples/storagebench -backend postgres -dsn postgres://user@host/db
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/postgres"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/team"
)

func main() {
	backend := flag.String("backend", "sqlite", "sqlite or postgres")
	dsn := flag.String("dsn", os.Getenv("WIJK_POSTGRES_DSN"), "PostgreSQL DSN (default $WIJK_POSTGRES_DSN); the run uses a fresh schema and drops it")
	dir := flag.String("dir", "", "directory for the SQLite file (default: a temporary one, removed afterwards)")
	n := flag.Int("n", 1000, "care plans to save each way")
	loads := flag.Int("loads", 200, "times to load the whole team")
	flag.Parse()
	if err := run(*backend, *dsn, *dir, *n, *loads); err != nil {
		fmt.Fprintln(os.Stderr, "storagebench:", err)
		os.Exit(1)
	}
}

// bench is one backend under test: the library's store and the raw
// database under it.
type bench struct {
	store storage.Store
	db    *sql.DB
	blob  string // the column type for bytes
	close func()
}

func open(ctx context.Context, backend, dsn, dir string) (*bench, error) {
	switch backend {
	case "sqlite":
		cleanup := func() {}
		if dir == "" {
			d, err := os.MkdirTemp("", "storagebench")
			if err != nil {
				return nil, err
			}
			dir, cleanup = d, func() { _ = os.RemoveAll(d) }
		}
		path := filepath.Join(dir, "storagebench.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(path + suffix)
		}
		s, err := sqlite.Open(ctx, path, sqlite.Options{})
		if err != nil {
			cleanup()
			return nil, err
		}
		if err := s.Migrate(ctx); err != nil {
			cleanup()
			return nil, err
		}
		// The plain side goes through the store's own handle: the same
		// settings (WAL, full sync), the same connection and page cache.
		// A second handle on the file would make each side's commits
		// invalidate the other's cache, a cost neither pays in use.
		return &bench{store: s, db: s.DB(), blob: "BLOB", close: func() { _ = s.Close(); cleanup() }}, nil
	case "postgres":
		if dsn == "" {
			return nil, fmt.Errorf("-dsn (or WIJK_POSTGRES_DSN) is required for postgres")
		}
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		var b [6]byte
		_, _ = rand.Read(b[:])
		schema := "wijk_storagebench_" + hex.EncodeToString(b[:])
		if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
			_ = admin.Close()
			return nil, err
		}
		drop := func() {
			_, _ = admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			_ = admin.Close()
		}
		u, err := url.Parse(dsn)
		if err != nil {
			drop()
			return nil, err
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		db, err := sql.Open("pgx", u.String())
		if err != nil {
			drop()
			return nil, err
		}
		s, err := postgres.New(ctx, db, postgres.Options{})
		if err == nil {
			err = s.Migrate(ctx)
		}
		if err != nil {
			_ = db.Close()
			drop()
			return nil, err
		}
		return &bench{store: s, db: db, blob: "BYTEA", close: func() { _ = db.Close(); drop() }}, nil
	}
	return nil, fmt.Errorf("unknown backend %q: use sqlite or postgres", backend)
}

func run(backend, dsn, dir string, n, loads int) error {
	ctx := context.Background()
	b, err := open(ctx, backend, dsn, dir)
	if err != nil {
		return err
	}
	defer b.close()
	ch := storage.Change{Actor: "storagebench", Summary: "intake"}
	w := newWorld()

	// A team of 12 with n clients, each with a care plan made but not yet
	// saved.
	tm, members := w.team(12)
	if _, err := b.store.Teams().Create(ctx, tm, ch); err != nil {
		return err
	}
	plans := make([]*careplan.CarePlan, n)
	for i := range plans {
		c := w.client(i)
		if _, err := b.store.Clients().Create(ctx, tm.ID(), c, ch); err != nil {
			return err
		}
		plans[i] = w.plan(c.ID(), members[0])
	}

	// The same bytes go, with plain database/sql, into a table of the
	// same shape.
	if _, err := b.db.ExecContext(ctx, `CREATE TABLE bench_careplans (
		id TEXT PRIMARY KEY, version BIGINT NOT NULL, data `+b.blob+` NOT NULL,
		client_id TEXT NOT NULL, status TEXT NOT NULL, review_date TEXT NOT NULL, start_date TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, ix := range []string{`CREATE INDEX bench_careplans_client ON bench_careplans (client_id, start_date)`,
		`CREATE INDEX bench_careplans_review ON bench_careplans (status, review_date)`} {
		if _, err := b.db.ExecContext(ctx, ix); err != nil {
			return err
		}
	}

	// The two run in turns, plan by plan, so that a disk or a neighbour
	// that slows down mid-run slows both alike: save a plan through the
	// library (timed), read back the bytes it stored (not timed), insert
	// them plainly (timed).
	var lib, raw time.Duration
	var bytes int
	for _, p := range plans {
		start := time.Now()
		if _, err := b.store.CarePlans().Create(ctx, p, ch); err != nil {
			return err
		}
		lib += time.Since(start)

		var id, client, status, review, startDate string
		var data []byte
		if err := b.db.QueryRowContext(ctx, `SELECT id, data, client_id, status, review_date, start_date FROM wijk_careplans WHERE id = $1`, string(p.ID())).
			Scan(&id, &data, &client, &status, &review, &startDate); err != nil {
			return err
		}
		bytes += len(data)

		start = time.Now()
		if _, err := b.db.ExecContext(ctx, `INSERT INTO bench_careplans (id, version, data, client_id, status, review_date, start_date) VALUES ($1, 1, $2, $3, $4, $5, $6)`,
			id, data, client, status, review, startDate); err != nil {
			return err
		}
		raw += time.Since(start)
	}

	libRate := float64(n) / lib.Seconds()
	rawRate := float64(n) / raw.Seconds()
	fmt.Printf("backend %s: %d care plans, %.0f bytes each on average\n", backend, n, float64(bytes)/float64(n))
	fmt.Printf("library   %8.0f plans/s (%v)\n", libRate, lib.Round(time.Millisecond))
	fmt.Printf("plain SQL %8.0f plans/s (%v)\n", rawRate, raw.Round(time.Millisecond))
	fmt.Printf("ratio     %8.2f (plain ÷ library; target ≤ 1.5)\n", rawRate/libRate)

	// Loading a whole team: 12 members, 60 clients, each with a plan.
	small, smallMembers := w.team(12)
	if _, err := b.store.Teams().Create(ctx, small, ch); err != nil {
		return err
	}
	for i := range 60 {
		c := w.client(i)
		if _, err := b.store.Clients().Create(ctx, small.ID(), c, ch); err != nil {
			return err
		}
		if _, err := b.store.CarePlans().Create(ctx, w.plan(c.ID(), smallMembers[0]), ch); err != nil {
			return err
		}
	}
	times := make([]time.Duration, loads)
	for i := range times {
		start := time.Now()
		got, err := loadTeam(ctx, b.store, small.ID())
		if err != nil {
			return err
		}
		times[i] = time.Since(start)
		if got.members != 12 || got.clients != 60 || got.plans != 60 {
			return fmt.Errorf("loaded %+v, want 12 members, 60 clients, 60 plans", got)
		}
	}
	slices.Sort(times)
	fmt.Printf("load a team (12 members, 60 clients with plans): median %v, p90 %v (target < 5ms on SQLite)\n",
		times[len(times)/2].Round(time.Microsecond), times[len(times)*9/10].Round(time.Microsecond))
	return nil
}

type loaded struct{ members, clients, plans int }

// loadTeam reads a team, its clients and their plans in one transaction:
// a consistent picture of the team's caseload.
func loadTeam(ctx context.Context, s storage.Store, id wijk.ID) (loaded, error) {
	var l loaded
	err := s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		t, _, err := tx.Teams().Get(ctx, id)
		if err != nil {
			return err
		}
		l.members = len(t.Members())
		clients, err := tx.Clients().ListByTeam(ctx, id)
		if err != nil {
			return err
		}
		l.clients = len(clients)
		plans, err := tx.CarePlans().ListByTeam(ctx, id)
		if err != nil {
			return err
		}
		l.plans = len(plans)
		return nil
	})
	return l, err
}

// world makes realistic aggregates with deterministic IDs.
type world struct {
	ids *wijk.IDGenerator
}

func newWorld() *world {
	return &world{ids: wijk.NewSeededIDGenerator(wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), 1)}
}

var names = []string{"Anouk", "Bas", "Cor", "Dewi", "Eva", "Femke", "Gert", "Hanna", "Ilse", "Joost", "Karin", "Lotte"}

func (w *world) team(n int) (*team.Team, []wijk.ID) {
	var ms []team.MemberParams
	var ids []wijk.ID
	for i := range n {
		id := w.ids.NewID()
		ids = append(ids, id)
		level := []team.Level{team.Level5, team.Level4, team.Level3}[i%3]
		ms = append(ms, team.MemberParams{Person: id, Name: names[i%len(names)], Level: level, ContractPerWeek: 28 * time.Hour})
	}
	t, err := team.NewTeam(team.NewTeamParams{
		ID: w.ids.NewID(), Name: "Wijkteam Lasonder", Neighbourhood: team.Neighbourhood{Area: "Lasonder", Postcodes: []team.Postcode{"7511", "7512"}},
		Founded: wijk.NewDate(2026, time.January, 1), Members: ms, Now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC),
	})
	must(err)
	return t, ids
}

func (w *world) client(i int) *careplan.Client {
	c, err := careplan.NewClient(careplan.ClientParams{
		ID: w.ids.NewID(), Name: fmt.Sprintf("Cliënt %d", i), BirthDate: wijk.NewDate(1941, time.May, 12),
		Address:   careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede", Area: "Lasonder"},
		Contact:   careplan.Contact{Phone: "053 123 4567"},
		Informal:  []careplan.InformalCarer{{Name: "Marga", Relation: "daughter", HelpsWith: "shopping, Sunday dinner", Reach: "06 1234 5678 after 17:00"}},
		Formal:    []careplan.Professional{{Role: careplan.RoleGP, Name: "Dr. Smit", Organisation: "Huisartsen Lasonder"}},
		Goals:     []string{"walk to the market on Saturday again"},
		Strengths: []string{"cooks for herself"},
		Wishes:    []string{"first coffee, then care"},
	})
	must(err)
	return c
}

// plan is an authorised care plan: two Omaha problems with their goals,
// three interventions with schedules, admission ratings.
func (w *world) plan(client, nurse wijk.ID) *careplan.CarePlan {
	start := wijk.NewDate(2026, time.March, 2)
	p, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: w.ids.NewID(), Client: client, Start: start, CreatedBy: nurse})
	must(err)
	must(p.AddProblem(careplan.Problem{
		Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
		Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin, 3 cm"}},
		Goal:  "wound closed within six weeks",
	}))
	must(p.AddProblem(careplan.Problem{Code: "Medication regimen", Scope: omaha.Individual, Severity: omaha.Potential, Goal: "takes her pills as prescribed, by herself"}))
	must(p.AddIntervention(careplan.Intervention{
		ID: w.ids.NewID(), Problem: "24", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
		Description: "clean with saline, foam dressing, measure the wound",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerDay, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}},
		Level:       team.Level4,
	}))
	must(p.AddIntervention(careplan.Intervention{
		ID: w.ids.NewID(), Problem: "24", Category: omaha.TeachingGuidanceCounseling, Target: "skin care",
		Description: "show her how to check the skin around the wound",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 15, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 11 * 60}}, Days: []time.Weekday{time.Thursday}},
		Level:       team.Level4,
	}))
	must(p.AddIntervention(careplan.Intervention{
		ID: w.ids.NewID(), Problem: "42", Category: omaha.Surveillance, Target: "medication set-up",
		Description: "check the weekly pill organiser with her",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 10, Windows: []careplan.Window{{Earliest: 9*60 + 30, Latest: 11 * 60}}, Days: []time.Weekday{time.Monday}},
		Level:       team.Level3,
	}))
	must(p.Rate(careplan.Rating{Problem: "24", Kind: careplan.Admission, Date: start, By: nurse, KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 2}}))
	must(p.Rate(careplan.Rating{Problem: "42", Kind: careplan.Admission, Date: start, By: nurse, KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 4}}))
	must(p.Authorise(careplan.AuthoriseParams{By: team.Actor{Member: nurse, Level: team.Level5}, At: time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), MinutesPerWeek: 185, ReviewDate: wijk.NewDate(2026, time.April, 13)}))
	return p
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
