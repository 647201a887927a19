package postgres_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
)

// Both dialects must number the same steps the same way, so that a schema
// version means one thing whichever database holds it.
func TestDialectsShareMigrationNumbers(t *testing.T) {
	pg, err := sqlcore.LoadMigrations(os.DirFS("migrations"), ".")
	require.NoError(t, err)
	lite, err := sqlcore.LoadMigrations(os.DirFS("../sqlite/migrations"), ".")
	require.NoError(t, err)
	require.Equal(t, len(lite), len(pg))
	for i := range pg {
		require.Equal(t, lite[i].Version, pg[i].Version)
		require.Equal(t, lite[i].Name, pg[i].Name)
	}
}
