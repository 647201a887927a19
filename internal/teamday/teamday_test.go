package teamday_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/internal/teamday"
)

// The same seed gives the same day, of the size asked for; another seed
// another day.
func TestDay(t *testing.T) {
	a, err := teamday.Day(4, 40, 6)
	require.NoError(t, err)
	b, err := teamday.Day(4, 40, 6)
	require.NoError(t, err)
	require.Equal(t, a.Params(), b.Params())
	require.Len(t, a.Nurses(), 6)
	require.GreaterOrEqual(t, len(a.Visits()), 40)
	c, err := teamday.Day(5, 40, 6)
	require.NoError(t, err)
	require.NotEqual(t, a.Params(), c.Params())
}
