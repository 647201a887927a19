package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/team"
)

// childEnv names the database file a child process writes to.
const childEnv = "WIJK_DURABILITY_CHILD_DB"

// TestDurability starts a child process that writes coaches one by one and
// prints "ack ID" after each write returns, kills it with SIGKILL in the
// middle of the stream, and reopens the file: every acknowledged write must
// be there, with its audit line, and SQLite's integrity check must pass.
func TestDurability(t *testing.T) {
	if path := os.Getenv(childEnv); path != "" {
		durabilityChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wijk.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	require.NoError(t, s.Close())

	cmd := exec.Command(os.Args[0], "-test.run=^TestDurability$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	var acked []wijk.ID
	lines := bufio.NewScanner(out)
	killed := false
	for lines.Scan() {
		id, ok := strings.CutPrefix(lines.Text(), "ack ")
		if !ok {
			continue
		}
		acked = append(acked, wijk.ID(id))
		if len(acked) == 150 && !killed {
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			killed = true
		}
	}
	err = cmd.Wait()
	require.True(t, killed, "the child stopped before it was killed: %v", err)
	require.Error(t, err, "the child was killed")
	require.GreaterOrEqual(t, len(acked), 150)

	s, err = sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	defer s.Close()
	for _, id := range acked {
		c, v, err := s.Coaches().Get(ctx, id)
		require.NoError(t, err, "acknowledged write %s is lost", id)
		require.Equal(t, storage.Version(1), v)
		require.Equal(t, id, c.ID())
	}
	audit, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(audit), len(acked))

	var check string
	db := openRaw(t, path)
	require.NoError(t, db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	require.Equal(t, "ok", check)
}

// durabilityChild writes until it is killed.
func durabilityChild(t *testing.T, path string) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	ids := wijk.NewSeededIDGenerator(wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), uint64(os.Getpid()))
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		c, err := team.NewCoach(team.NewCoachParams{ID: ids.NewID(), Name: fmt.Sprintf("Coach %d", i)})
		require.NoError(t, err)
		_, err = s.Coaches().Create(ctx, c, storage.Change{Actor: "durability", Summary: "coach"})
		require.NoError(t, err)
		// Acknowledge only after the write returned.
		fmt.Fprintf(w, "ack %s\n", c.ID())
		require.NoError(t, w.Flush())
	}
}
