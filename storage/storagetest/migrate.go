package storagetest

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
)

// RunChainMigration checks the step that chains the logs, on a database
// that db reaches and an older wijk migrated up to step 4. It stores, as
// that wijk would have, audit lines numbered with a gap (left by a
// transaction that rolled back), the lines of a client and a care plan,
// and two teams' decisions; then migrate brings the database up to date
// and returns the store. The lines keep their order, numbered 1, 2, 3 …;
// the care plan's line names its client; every log verifies, and goes on
// verifying after new writes.
func RunChainMigration(t *testing.T, db *sql.DB, migrate func(t *testing.T) storage.Store) {
	t.Helper()
	exec := func(q string, args ...any) {
		t.Helper()
		_, err := db.Exec(q, args...)
		require.NoError(t, err, q)
	}
	line := `INSERT INTO wijk_audit (seq, at, actor, entity, entity_id, action, summary) VALUES ($1, $2, 'anouk', $3, $4, 'create', $5)`
	exec(line, 1, "2026-01-05T09:00:00.000Z", "client", "C1", "took in Bep")
	exec(line, 2, "2026-01-05T09:01:00.000Z", "care plan", "P1", "wrote a care plan")
	exec(line, 5, "2026-01-05T09:02:00.000Z", "decision", "D2", "logged")
	// A care plan as the code of that time wrote it (its record is only read
	// by the later step that rewrites records, which must be able to).
	plan := ReleaseRecord(t, 1, "wijk_careplans", string(releaseWorld(t).plans[0].ID()))
	exec(`INSERT INTO wijk_careplans (id, version, data, client_id, status, review_date, start_date) VALUES ('P1', 1, $1, 'C1', 'active', '2026-02-01', '2026-01-05')`, plan)
	dec := `INSERT INTO wijk_decisions (id, version, data, team_id, pos, decision_id) VALUES ($1, 1, $2, $3, $4, $5)`
	exec(dec, "T2/0000000000", []byte(`{"d":"second team"}`), "T2", 0, "D2")
	exec(dec, "T1/0000000000", []byte(`{"d":"first team"}`), "T1", 0, "D1")

	s := migrate(t)
	ctx := t.Context()
	lines, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, lines, 3)
	for i, l := range lines {
		require.Equal(t, int64(i+1), l.Seq)
	}
	require.Equal(t, "logged", lines[2].Summary)
	byClient, err := s.Audit(ctx, storage.AuditQuery{Client: "C1"})
	require.NoError(t, err)
	require.Len(t, byClient, 2, "the client's line and the care plan's")
	var first string
	require.NoError(t, db.QueryRow(`SELECT id FROM wijk_decisions WHERE chain_seq = 1`).Scan(&first))
	require.Equal(t, "T1/0000000000", first, "decisions are chained by team, then position")
	heads := requireWhole(t, s)
	require.Equal(t, int64(3), heads[storage.LogAudit].Seq)
	require.Equal(t, int64(2), heads[storage.LogDecisions].Seq)
	require.Equal(t, int64(0), heads[storage.LogAccess].Seq)

	w := newWorld(t, 38)
	wd := w.newTeam("Noord", 2)
	_, err = s.Teams().Create(ctx, wd.team, ch("founded after the step"))
	require.NoError(t, err)
	require.NoError(t, s.Access().Append(ctx, access("anouk", "C1", t0)))
	heads = requireWhole(t, s)
	require.Equal(t, int64(4), heads[storage.LogAudit].Seq)
}

// EnvProcess names the environment variable that tells a copy of the test
// binary started by [StartProcess] which part to play; see [Role].
const EnvProcess = "WIJK_TEST_PROCESS"

// Ready is the line [Hold] prints when its process is ready to start.
const Ready = "wijk-process-ready"

// processWait bounds each wait for a process.
const processWait = 2 * time.Minute

// Role returns the part this process plays: the value of [EnvProcess] in a
// copy started by [StartProcess], "" in the test run that go test started.
// A helper test that finds no role of its own skips.
func Role() string { return os.Getenv(EnvProcess) }

// Hold, in a process started by [StartProcess], prints [Ready] and waits
// until the parent calls [Process.Release]: processes held this way start
// their work at the same moment.
func Hold() {
	fmt.Println(Ready)
	buf := make([]byte, 1)
	for {
		if _, err := os.Stdin.Read(buf); err != nil {
			return
		}
	}
}

// Process is a copy of the running test binary that runs one test, as a
// process of its own: several of them share a database the way several
// programs do, and one can be killed.
type Process struct {
	cmd   *exec.Cmd
	stdin interface{ Close() error }
	lines chan string
	done  chan struct{}

	mu  sync.Mutex
	out strings.Builder
	err error
}

// StartProcess starts a copy of the test binary that runs only the test
// named test, with [EnvProcess] set to role and the variables env
// ("NAME=value") added. The process is killed when t ends if it still runs.
func StartProcess(t *testing.T, test, role string, env ...string) *Process {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v")
	cmd.Env = append(append(os.Environ(), EnvProcess+"="+role), env...)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = w, w
	require.NoError(t, cmd.Start())
	_ = w.Close()
	p := &Process{cmd: cmd, stdin: stdin, lines: make(chan string, 1024), done: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			p.mu.Lock()
			p.out.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		_ = r.Close()
		err := cmd.Wait()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.lines)
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	return p
}

// WaitFor waits until the process prints line, and fails the test if it
// ends first or takes too long.
func (p *Process) WaitFor(t *testing.T, line string) {
	t.Helper()
	timeout := time.After(processWait)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				out, err := p.Wait()
				t.Fatalf("the process ended (%v) before printing %q:\n%s", err, line, out)
			}
			if strings.TrimSpace(l) == line {
				return
			}
		case <-timeout:
			t.Fatalf("the process did not print %q within %s:\n%s", line, processWait, p.Output())
		}
	}
}

// Release lets a process waiting in [Hold] go on.
func (p *Process) Release() { _ = p.stdin.Close() }

// Kill kills the process with SIGKILL, which it cannot catch: it stops
// wherever it is, as in a power cut of the program (not of the machine).
func (p *Process) Kill(t *testing.T) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	<-p.done
}

// Output returns what the process printed so far.
func (p *Process) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// Wait waits for the process to end and returns its output and its error
// (nil when its test passed).
func (p *Process) Wait() (string, error) {
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String(), p.err
}

// RunAtOnce starts n processes as [StartProcess] does, waits until each is
// held in [Hold], releases them together and waits for them all. It
// returns each process's error (nil when its test passed) and output.
func RunAtOnce(t *testing.T, n int, test, role string, env ...string) ([]error, []string) {
	t.Helper()
	ps := make([]*Process, n)
	for i := range ps {
		ps[i] = StartProcess(t, test, role, env...)
	}
	for _, p := range ps {
		p.WaitFor(t, Ready)
	}
	for _, p := range ps {
		p.Release()
	}
	errs, outs := make([]error, n), make([]string, n)
	for i, p := range ps {
		outs[i], errs[i] = p.Wait()
	}
	return errs, outs
}

// Migrator is a SQL backend's Store as the schema tests see it.
type Migrator interface {
	Migrate(ctx context.Context) error
	SchemaVersion(ctx context.Context) (int, error)
}

// SchemaBackend gives [RunSchemaRecord] a SQL backend.
type SchemaBackend struct {
	// Fresh returns a handle on a new, empty database.
	Fresh func(t *testing.T) *sql.DB
	// Open opens a Store on the database db reaches (Open or New, which
	// check the schema), closed when t ends.
	Open func(t *testing.T, db *sql.DB) (Migrator, error)
	// MigrateTo applies the first n migrations to the database db reaches.
	MigrateTo func(t *testing.T, db *sql.DB, n int)
	// Migrations is the number of migrations the backend has.
	Migrations int
}

// RunSchemaRecord checks what a SQL backend's Open and Migrate make of the
// record of applied migrations (the wijk_schema_version table). Opening a
// new database creates nothing; Migrate records every migration once. A
// record with a version missing below a recorded one, with another name
// for a version, or with another checksum of a migration's SQL is refused
// by Open and by Migrate with an error matching storage.ErrSchemaDamaged
// that names the version, and Migrate then changes nothing. A version
// table an older wijk made, without checksums, keeps opening and
// migrating, and gains the column.
func RunSchemaRecord(t *testing.T, b SchemaBackend) {
	ctx := context.Background()
	migrated := func(t *testing.T) (*sql.DB, Migrator) {
		db := b.Fresh(t)
		s, err := b.Open(t, db)
		require.NoError(t, err)
		require.NoError(t, s.Migrate(ctx))
		return db, s
	}
	exec := func(t *testing.T, db *sql.DB, q string) {
		t.Helper()
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	versions := func(t *testing.T, db *sql.DB) []string {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT version, name, COALESCE(checksum, '') FROM wijk_schema_version ORDER BY version`)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v int
			var n, c string
			require.NoError(t, rows.Scan(&v, &n, &c))
			out = append(out, fmt.Sprintf("%d %s %s", v, n, c))
		}
		require.NoError(t, rows.Err())
		return out
	}

	t.Run("opening creates nothing", func(t *testing.T) {
		db := b.Fresh(t)
		s, err := b.Open(t, db)
		require.NoError(t, err)
		v, err := s.SchemaVersion(ctx)
		require.NoError(t, err)
		require.Zero(t, v)
		_, err = db.ExecContext(ctx, `SELECT COUNT(*) FROM wijk_schema_version`)
		require.Error(t, err, "Open made the version table")
	})

	t.Run("every migration recorded once, with its checksum", func(t *testing.T) {
		db, s := migrated(t)
		require.NoError(t, s.Migrate(ctx), "migrating again changes nothing")
		got := versions(t, db)
		require.Len(t, got, b.Migrations)
		for i, row := range got {
			require.Regexp(t, fmt.Sprintf(`^%d [a-z0-9_]+ sha256:[0-9a-f]{64}$`, i+1), row)
		}
	})

	damage := []struct {
		name, sql, want string
	}{
		{"a version missing", `DELETE FROM wijk_schema_version WHERE version = 2`, "version 3 is recorded but version 2 is not"},
		{"another name", `UPDATE wijk_schema_version SET name = 'renamed' WHERE version = 3`, `version 3 is recorded as migration "renamed"`},
		{"another checksum", `UPDATE wijk_schema_version SET checksum = 'sha256:00' WHERE version = 4`, "migration 004_"},
	}
	for _, c := range damage {
		t.Run("refuses "+c.name, func(t *testing.T) {
			db, s := migrated(t)
			exec(t, db, c.sql)
			before := versions(t, db)
			err := s.Migrate(ctx)
			require.ErrorIs(t, err, storage.ErrSchemaDamaged)
			require.ErrorContains(t, err, c.want)
			require.Equal(t, before, versions(t, db), "a refused Migrate changes nothing")
			_, err = b.Open(t, db)
			require.ErrorIs(t, err, storage.ErrSchemaDamaged)
			require.ErrorContains(t, err, c.want)
		})
	}

	t.Run("refuses a last version deleted and its name reused", func(t *testing.T) {
		// The version below the newest is gone and the newest renumbered:
		// no gap, but the names no longer match.
		db, s := migrated(t)
		exec(t, db, fmt.Sprintf(`DELETE FROM wijk_schema_version WHERE version = %d`, b.Migrations-1))
		exec(t, db, fmt.Sprintf(`UPDATE wijk_schema_version SET version = %d WHERE version = %d`, b.Migrations-1, b.Migrations))
		err := s.Migrate(ctx)
		require.ErrorIs(t, err, storage.ErrSchemaDamaged)
		require.ErrorContains(t, err, fmt.Sprintf("version %d is recorded as migration", b.Migrations-1))
	})

	t.Run("a version table without checksums keeps working", func(t *testing.T) {
		// As the wijk before checksums left it, one migration short.
		db := b.Fresh(t)
		b.MigrateTo(t, db, b.Migrations-1)
		exec(t, db, `ALTER TABLE wijk_schema_version DROP COLUMN checksum`)
		s, err := b.Open(t, db)
		require.NoError(t, err)
		v, err := s.SchemaVersion(ctx)
		require.NoError(t, err)
		require.Equal(t, b.Migrations-1, v)
		require.NoError(t, s.Migrate(ctx))
		got := versions(t, db)
		require.Len(t, got, b.Migrations)
		for _, row := range got[:b.Migrations-1] {
			require.Regexp(t, `^\d+ [a-z0-9_]+ $`, row, "rows written before checksums have none")
		}
		require.Regexp(t, `^\d+ [a-z0-9_]+ sha256:[0-9a-f]{64}$`, got[b.Migrations-1])
		exec(t, db, `UPDATE wijk_schema_version SET name = 'renamed' WHERE version = 1`)
		_, err = b.Open(t, db)
		require.ErrorIs(t, err, storage.ErrSchemaDamaged, "names are still compared")
		require.ErrorContains(t, err, `version 1 is recorded as migration "renamed"`)
	})
}

// ConcurrentBackend gives [RunConcurrentMigrate] a SQL backend.
type ConcurrentBackend struct {
	// Migrations names the backend's migrations, as "version name".
	Migrations []string
	// Reference is the schema one program alone makes (see Schema).
	Reference []string
	// Fresh makes a new, empty database for a round and returns the
	// environment entry ("NAME=value") that points a helper process at it,
	// and a function that opens a handle on it.
	Fresh func(t *testing.T, round int) (env string, open func() *sql.DB)
	// Schema describes a database's tables, indexes and triggers.
	Schema func(t *testing.T, db *sql.DB) []string
}

// RunConcurrentMigrate has 8 programs (the test binary's test named test,
// playing role "migrate") open the same new database and migrate it at
// the same moment, for a few rounds of fresh databases: all succeed, and
// leave the schema one program alone makes, every migration recorded
// once, in order.
func RunConcurrentMigrate(t *testing.T, test string, b ConcurrentBackend) {
	t.Helper()
	for round := range 4 {
		env, open := b.Fresh(t, round)
		errs, outs := RunAtOnce(t, 8, test, "migrate", env)
		var failed []string
		for i, err := range errs {
			if err != nil {
				failed = append(failed, fmt.Sprintf("process %d: %v\n%s", i, err, outs[i]))
			}
		}
		require.Empty(t, failed, "round %d: %d of 8 processes failed:\n%s", round, len(failed), strings.Join(failed, "\n"))

		db := open()
		require.Equal(t, b.Reference, b.Schema(t, db), "round %d", round)
		require.Equal(t, b.Migrations, Recorded(t, db), "round %d", round)
		require.NoError(t, db.Close())
	}
}

// Recorded returns the migrations a database records, as "version name",
// in order.
func Recorded(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT version, name FROM wijk_schema_version ORDER BY version`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v int
		var n string
		require.NoError(t, rows.Scan(&v, &n))
		out = append(out, fmt.Sprintf("%d %s", v, n))
	}
	require.NoError(t, rows.Err())
	return out
}
