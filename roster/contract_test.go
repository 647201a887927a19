package roster

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestStopReasonRoundTripsByWord(t *testing.T) {
	enumtest.RoundTrip(t, stopEnum.Values(), ParseStopReason)
	got, err := ParseStopReason("Time Limit")
	require.NoError(t, err)
	require.Equal(t, StopTimeLimit, got)
	_, err = ParseStopReason("deadline")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = StopReason(0).MarshalText()
	require.ErrorIs(t, err, wijk.ErrInvalid)
}

// TestNoPanicOnMissingInput: a nil or zero problem or roster is an error
// naming the argument, never a panic.
func TestNoPanicOnMissingInput(t *testing.T) {
	for name, p := range map[string]*Problem{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			_, err := NewRoster(p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.ErrorContains(t, err, "problem")
			_, err = RosterFromAssignments(p, nil)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.ErrorContains(t, err, "problem")
			_, err = Solve(context.Background(), p, Options{MaxIterations: 1})
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.ErrorContains(t, err, "problem")
		})
	}
	for name, r := range map[string]*Roster{"nil": nil, "zero": {}} {
		t.Run(name+" roster", func(t *testing.T) {
			_, err := NewEvaluator(r)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.ErrorContains(t, err, "roster")
			require.ErrorIs(t, r.Set("ann", 0, ""), wijk.ErrInvalid)
			_, err = r.Shift("ann", 0)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			_, err = r.Changes(r)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Empty(t, r.Assignments())
			require.Equal(t, Evaluation{}, r.Evaluate())
		})
	}
	_, err := NewProblem(ProblemParams{})
	require.ErrorIs(t, err, wijk.ErrInvalid, "an empty problem is refused when it is made")
}
