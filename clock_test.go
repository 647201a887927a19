package wijk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

func TestClocks(t *testing.T) {
	c := wijk.NewManualClock(t0)
	require.Equal(t, t0, wijk.Now(c))
	require.Equal(t, t0.Add(time.Minute), c.Advance(time.Minute))
	c.Set(t0)
	require.Equal(t, t0, c.Now())

	before := time.Now()
	got := wijk.Now(nil)
	require.Equal(t, time.UTC, got.Location(), "real time is read in UTC")
	require.False(t, got.Before(before.Add(-time.Second)))
	require.Equal(t, time.UTC, wijk.SystemClock().Now().Location())
}
