package records_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
)

type encTimeInner struct {
	At time.Time
}

type EncTimeEmbedded struct {
	Since time.Time
}

type encTimeRecord struct {
	Plain   time.Time
	Tagged  time.Time `json:"when,omitempty"`
	Skipped time.Time `json:"-"`
	Ptr     *encTimeInner
	List    []encTimeInner
	Arr     [2]encTimeInner
	Map     map[string]encTimeInner
	Any     any
	EncTimeEmbedded
}

// requireStoreField checks that err is a validation error naming field,
// and matches no other kind and not storage.ErrCorrupt.
func requireStoreField(t *testing.T, err error, field, rule string) {
	t.Helper()
	require.ErrorIs(t, err, wijk.ErrInvalid, "error: %v", err)
	for _, kind := range []error{wijk.ErrNotFound, wijk.ErrConflict, wijk.ErrForbidden, storage.ErrCorrupt} {
		require.False(t, errors.Is(err, kind), "error %v matches %v", err, kind)
	}
	var ve *wijk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, field, ve.Field, "error: %v", err)
	require.Contains(t, ve.Rule, rule)
}

// encode refuses a time that encoding/json cannot write (or that falls
// outside the years 1 to 9999 in UTC, as the domain does) with an error
// matching wijk.ErrInvalid that names the field path, never an
// unclassified error.
func TestEncodeRefusesTimesOutsideYears1To9999(t *testing.T) {
	const rule = "must be in the years 1 to 9999"
	west := time.FixedZone("-12", -12*3600)
	bad := []struct {
		name string
		at   time.Time
	}{
		{"year 10000", time.Date(10000, time.January, 1, 9, 0, 0, 0, time.UTC)},
		{"year 0", time.Date(0, time.June, 1, 9, 0, 0, 0, time.UTC)},
		{"year -1", time.Date(-1, time.June, 1, 9, 0, 0, 0, time.UTC)},
		{"year 10000 in UTC, 9999 locally", time.Date(9999, time.December, 31, 20, 0, 0, 0, west)},
		{"year 1e9", time.Date(1e9, time.January, 1, 0, 0, 0, 0, time.UTC)},
		{"Unix MinInt64", time.Unix(math.MinInt64, 0)},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			paths := []struct {
				field string
				v     any
			}{
				{"x", b.at},
				{"x.Plain", encTimeRecord{Plain: b.at}},
				{"x.when", encTimeRecord{Tagged: b.at}},
				{"x.Ptr.At", encTimeRecord{Ptr: &encTimeInner{At: b.at}}},
				{"x.List[1].At", encTimeRecord{List: []encTimeInner{{}, {At: b.at}}}},
				{"x.Arr[1].At", encTimeRecord{Arr: [2]encTimeInner{{}, {At: b.at}}}},
				{"x.Map[k].At", encTimeRecord{Map: map[string]encTimeInner{"k": {At: b.at}}}},
				{"x.Any.At", encTimeRecord{Any: encTimeInner{At: b.at}}},
				{"x.Since", encTimeRecord{EncTimeEmbedded: EncTimeEmbedded{Since: b.at}}},
				{"x[0].Plain", []*encTimeRecord{{Plain: b.at}}},
			}
			for _, p := range paths {
				_, err := records.Encode("x", p.v)
				requireStoreField(t, err, p.field, rule)
			}

			// The snapshots storage writes, by the field names the record
			// holds them under.
			s := testPlan(t).Snapshot()
			s.History[0].At = b.at
			_, err := records.Encode("careplan", s)
			requireStoreField(t, err, "careplan.history[0].at", rule)

			s = testPlan(t).Snapshot()
			s.Authorisations[0].At = b.at
			_, err = records.Encode("careplan", s)
			requireStoreField(t, err, "careplan.authorisations[0].at", rule)

			_, err = records.Encode("proposal", records.ProposalRecord{RoundCloses: b.at})
			requireStoreField(t, err, "proposal.round_closes", rule)
			_, err = records.Encode("proposal", records.ProposalRecord{Versions: []records.VersionRecord{{At: b.at}}})
			requireStoreField(t, err, "proposal.versions[0].at", rule)

			_, err = records.Encode("decision", records.DecisionRecord{
				Stances: []consensus.Stance{{}, {TestedAt: b.at}},
			})
			requireStoreField(t, err, "decision.stances[1].tested_at", rule)

			_, err = records.Encode("meeting", consensus.MeetingSnapshot{Report: &consensus.ReportAcceptance{At: b.at}})
			requireStoreField(t, err, "meeting.report.at", rule)
		})
	}

	t.Run("the caller's value is left alone", func(t *testing.T) {
		in := &encTimeInner{At: bad[0].at}
		v := encTimeRecord{Ptr: in, List: []encTimeInner{{At: time.Date(2026, 3, 2, 9, 0, 0, 123456789, west)}}}
		_, err := records.Encode("x", v)
		requireStoreField(t, err, "x.Ptr.At", rule)
		require.Equal(t, bad[0].at, in.At)
		require.Equal(t, west, v.List[0].At.Location())
	})

	t.Run("times within the range are written", func(t *testing.T) {
		for _, ok := range []time.Time{
			{}, // the zero time: 0001-01-01T00:00:00Z
			time.Date(1, time.January, 1, 0, 0, 0, 1, time.UTC),
			time.Date(9999, time.December, 31, 23, 59, 59, 999999999, time.UTC),
			time.Date(10000, time.January, 1, 6, 0, 0, 0, time.FixedZone("+14", 14*3600)), // 9999 in UTC
		} {
			b, err := records.Encode("x", encTimeRecord{Plain: ok, List: []encTimeInner{{At: ok}}})
			require.NoError(t, err, ok.String())
			require.Contains(t, string(b), `"Plain":"`+ok.UTC().Truncate(time.Millisecond).Format(time.RFC3339Nano)+`"`)
		}
	})

	t.Run("a field encoding/json does not write is not checked", func(t *testing.T) {
		_, err := records.Encode("x", encTimeRecord{Skipped: bad[0].at})
		require.NoError(t, err)
	})

	t.Run("anything else encoding/json refuses is invalid too", func(t *testing.T) {
		_, err := records.Encode("x", math.NaN())
		requireStoreField(t, err, "x", "cannot be stored")
		_, err = records.Encode("x", struct{ C chan int }{C: make(chan int)})
		requireStoreField(t, err, "x", "cannot be stored")
	})
}
