package sqlite_test

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/storage/storagetest"
	"github.com/wijkzorg/wijk/storage/storecopy"
	"github.com/wijkzorg/wijk/team"
)

// openBackup opens a backup file as a store.
func openBackup(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(t.Context()))
	return s
}

// verifyAll verifies every chained log of s and returns their heads.
func verifyAll(t *testing.T, s storage.Store, opts storage.VerifyOptions) []storage.Head {
	t.Helper()
	var heads []storage.Head
	for _, log := range storage.Logs() {
		v, err := s.Chains().Verify(t.Context(), log, opts)
		require.NoError(t, err, "the %s log", log)
		heads = append(heads, v.Head)
	}
	return heads
}

// A backup taken while others write holds everything acknowledged before
// it began, verifies, is a prefix of the live logs, and takes writes.
func TestBackupWhileWriting(t *testing.T) {
	ctx := t.Context()
	live, _ := open(t)
	var (
		mu    sync.Mutex
		acked []wijk.ID
		stop  atomic.Bool
		wg    sync.WaitGroup
	)
	for g := range 3 {
		wg.Go(func() {
			ids := wijk.NewSeededIDGenerator(wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), uint64(g+1))
			for !stop.Load() {
				c, err := team.NewCoach(team.NewCoachParams{ID: ids.NewID(), Name: "Carla"})
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := live.Coaches().Create(ctx, c, storage.Change{Actor: "writer"}); err != nil {
					t.Error(err)
					return
				}
				if err := live.Access().Append(ctx, storage.AccessEntry{At: time.Now(), Person: "anouk", Role: storage.RoleMember,
					Client: c.ID(), Entity: storage.EntityClient, EntityID: c.ID(), Action: storage.AccessRead, Purpose: "care",
					Outcome: storage.OutcomeAllowed, Rule: "dossier-team", Application: "test"}); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, c.ID())
				mu.Unlock()
			}
		})
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 30 || t.Failed() {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	before := append([]wijk.ID(nil), acked...)
	mu.Unlock()
	path := filepath.Join(t.TempDir(), "backup.db")
	require.NoError(t, live.Backup(ctx, path))
	mu.Lock()
	during := len(acked) - len(before)
	mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	t.Logf("%d coaches acknowledged before the backup began, %d while it ran", len(before), during)

	b := openBackup(t, path)
	heads := verifyAll(t, b, storage.VerifyOptions{})
	for _, id := range before {
		_, v, err := b.Coaches().Get(ctx, id)
		require.NoError(t, err, "coach %s was acknowledged before the backup began", id)
		require.Equal(t, storage.Version(1), v)
	}
	// The backup's logs are where the live logs were at one moment: its
	// heads lie on the live chains.
	verifyAll(t, live, storage.VerifyOptions{Anchors: heads})
	lines, err := b.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(lines), len(before))
	liveLines, err := live.Audit(ctx, storage.AuditQuery{Limit: len(lines)})
	require.NoError(t, err)
	require.Equal(t, liveLines, lines)

	// The restored store takes writes, chained on from the backup's heads.
	c, err := team.NewCoach(team.NewCoachParams{ID: "01JNQ3ZK7RA6Y2M0C3P4V8X9TA", Name: "Karin"})
	require.NoError(t, err)
	_, err = b.Coaches().Create(ctx, c, storage.Change{Actor: "restorer"})
	require.NoError(t, err)
	verifyAll(t, b, storage.VerifyOptions{Anchors: heads})
}

// A backup of a store filled with a realistic world is that store,
// record for record, log for log.
func TestBackupIsTheStore(t *testing.T) {
	clock := wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	live, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "wijk.db"), sqlite.Options{Clock: clock})
	require.NoError(t, err)
	t.Cleanup(func() { _ = live.Close() })
	require.NoError(t, live.Migrate(t.Context()))
	storagetest.FillWorld(t, live, clock)
	path := filepath.Join(t.TempDir(), "backup.db")
	require.NoError(t, live.Backup(t.Context(), path))
	rep, err := storecopy.Compare(t.Context(), live, openBackup(t, path))
	require.NoError(t, err)
	require.Positive(t, rep.Rows["wijk_careplans"])
	require.Equal(t, 1, rep.Logs[storage.LogAudit].Checkpoints)
}

func TestBackupNeverOverwrites(t *testing.T) {
	live, _ := open(t)
	path := filepath.Join(t.TempDir(), "backup.db")
	require.NoError(t, os.WriteFile(path, []byte("yesterday's backup"), 0o600))
	err := live.Backup(t.Context(), path)
	require.ErrorIs(t, err, wijk.ErrConflict)
	require.ErrorContains(t, err, "already exists")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "yesterday's backup", string(b), "the file is untouched")

	err = live.Backup(t.Context(), "")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	err = live.Backup(t.Context(), filepath.Join(t.TempDir(), "no such directory", "backup.db"))
	require.Error(t, err)
}

// The conformance suite needs a fresh, empty store per test: each gets
// the backup of a fresh, empty live store, opened from its file.
func TestBackupConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		live, _ := open(t)
		path := filepath.Join(t.TempDir(), "backup.db")
		require.NoError(t, live.Backup(t.Context(), path))
		return openBackup(t, path)
	})
}
