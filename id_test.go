package wijk_test

import (
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

var t0 = time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)

func TestSeededIDsAreDeterministic(t *testing.T) {
	gen := func(seed uint64) []wijk.ID {
		clock := wijk.NewManualClock(t0)
		g := wijk.NewSeededIDGenerator(clock, seed)
		var ids []wijk.ID
		for i := range 50 {
			if i%10 == 0 {
				clock.Advance(time.Second)
			}
			ids = append(ids, g.NewID())
		}
		return ids
	}
	a, b := gen(7), gen(7)
	require.Equal(t, a, b, "same seed and clock must give the same IDs")
	require.NotEqual(t, a, gen(8), "another seed must give other IDs")
}

func TestIDsIncreaseAndCarryTheirTime(t *testing.T) {
	clock := wijk.NewManualClock(t0)
	g := wijk.NewSeededIDGenerator(clock, 1)
	prev := g.NewID()
	require.Equal(t, t0, prev.Time())
	for range 1000 {
		id := g.NewID()
		require.NoError(t, id.Validate("id"))
		require.Less(t, string(prev), string(id), "IDs in one millisecond must still increase")
		prev = id
	}
	require.Equal(t, t0.Add(time.Hour), g.NewIDAt(t0.Add(time.Hour)).Time())
}

func TestIDGeneratorConcurrentUse(t *testing.T) {
	g := wijk.NewIDGenerator(nil)
	const workers, each = 8, 500
	var (
		mu  sync.Mutex
		all []wijk.ID
		wg  sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			local := make([]wijk.ID, 0, each)
			for range each {
				local = append(local, g.NewID())
			}
			mu.Lock()
			all = append(all, local...)
			mu.Unlock()
		})
	}
	wg.Wait()
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	for i := 1; i < len(all); i++ {
		require.NotEqual(t, all[i-1], all[i], "duplicate ID")
	}
	require.Len(t, all, workers*each)
}

func TestIDsOutsideTheULIDTimeRange(t *testing.T) {
	g := wijk.NewSeededIDGenerator(nil, 1)
	early := g.NewIDAt(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, early.Validate("id"))
	late := g.NewIDAt(time.Date(20000, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, late.Validate("id"))
}

func TestParseID(t *testing.T) {
	good := wijk.NewSeededIDGenerator(wijk.NewManualClock(t0), 1).NewID()
	got, err := wijk.ParseID(string(good))
	require.NoError(t, err)
	require.Equal(t, good, got)

	for _, bad := range []string{
		"",
		"01ARZ3NDEKTSV4RRFFQ69G5FA",   // 25 characters
		"01ARZ3NDEKTSV4RRFFQ69G5FAVX", // 27
		"01arz3ndektsv4rrffq69g5fav",  // lower case
		"01ARZ3NDEKTSV4RRFFQ69G5FAU",  // U is not Crockford base32
		"81ARZ3NDEKTSV4RRFFQ69G5FAV",  // overflows 128 bits
		"01ARZ3NDEKTSV4RRFFQ69G5FA\x00",
	} {
		_, err := wijk.ParseID(bad)
		require.ErrorIs(t, err, wijk.ErrInvalid, "%q", bad)
	}
}

func FuzzParseID(f *testing.F) {
	f.Add("01ARZ3NDEKTSV4RRFFQ69G5FAV")
	f.Add("")
	f.Add("7ZZZZZZZZZZZZZZZZZZZZZZZZZ")
	f.Add("ILOU0000000000000000000000")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := wijk.ParseID(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.Equal(t, s, string(id))
		require.NoError(t, id.Validate("id"))
	})
}
