package sqlcore

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
)

// Whatever the version table holds, checking it never panics, and it is
// accepted only when it records this code's migrations 1, 2, 3 … in
// order.
func FuzzCheckApplied(f *testing.F) {
	f.Add(1, "one", true, 2, "two", false, 3)
	f.Add(2, "two", true, 1, "one", true, 2)
	f.Add(-1, "", false, 0, "x", true, 0)
	f.Fuzz(func(t *testing.T, v1 int, n1 string, c1 bool, v2 int, n2 string, c2 bool, known int) {
		ms := []Migration{{1, "one", "CREATE TABLE a (x INT)"}, {2, "two", "CREATE TABLE b (x INT)"}, {3, "three", "CREATE TABLE c (x INT)"}}
		known = min(max(known, 0), len(ms))
		sum := func(v int, ok bool) sql.NullString {
			if !ok || v < 1 || v > len(ms) {
				return sql.NullString{String: "sha256:other", Valid: ok}
			}
			return sql.NullString{String: Checksum(ms[v-1]), Valid: true}
		}
		as := []applied{{v1, n1, sum(v1, c1)}, {v2, n2, sum(v2, c2)}}
		err := checkApplied(as, ms[:known])
		good := v1 == 1 && v2 == 2 && n1 == "one" && n2 == "two" && known >= 2 // a NULL checksum is not compared
		if good {
			require.NoError(t, err)
			return
		}
		require.Error(t, err)
		require.True(t, errors.Is(err, storage.ErrSchemaDamaged) || errors.Is(err, storage.ErrSchemaTooNew), "%v", err)
	})
}
