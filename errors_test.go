package wijk_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

func TestErrorKinds(t *testing.T) {
	kinds := []error{wijk.ErrInvalid, wijk.ErrNotFound, wijk.ErrConflict, wijk.ErrForbidden}
	made := map[error]error{
		wijk.ErrInvalid:   wijk.Invalid("name", "is required"),
		wijk.ErrNotFound:  wijk.NotFoundf("client %s", "X"),
		wijk.ErrConflict:  wijk.Conflictf("plan is %s", "closed"),
		wijk.ErrForbidden: wijk.Forbiddenf("level %d may not authorise", 4),
	}
	for want, err := range made {
		wrapped := fmt.Errorf("saving: %w", err)
		for _, k := range kinds {
			require.Equal(t, k == want, errors.Is(err, k), "%v is %v", err, k)
			require.Equal(t, k == want, errors.Is(wrapped, k), "%v is %v", wrapped, k)
		}
	}
}

func TestValidationErrorNamesFieldAndRule(t *testing.T) {
	err := wijk.Invalid("problems[2].signs", "must have at least %d entry", 1)
	require.EqualError(t, err, "invalid problems[2].signs: must have at least 1 entry")
	var ve *wijk.ValidationError
	require.True(t, errors.As(err, &ve))
	require.Equal(t, "problems[2].signs", ve.Field)
	require.Equal(t, "must have at least 1 entry", ve.Rule)
	require.EqualError(t, wijk.Invalid("", "empty"), "invalid: empty")
}

func TestInField(t *testing.T) {
	tests := []struct {
		prefix string
		err    error
		want   string
	}{
		{"problems[2]", wijk.Invalid("signs[0]", "unknown"), "invalid problems[2].signs[0]: unknown"},
		{"problems", wijk.Invalid("[2]", "duplicate"), "invalid problems[2]: duplicate"},
		{"client", wijk.Invalid("", "bad"), "invalid client: bad"},
		{"plan", fmt.Errorf("ctx: %w", wijk.Invalid("x", "y")), "invalid plan.x: y"},
	}
	for _, tt := range tests {
		got := wijk.InField(tt.prefix, tt.err)
		require.EqualError(t, got, tt.want)
		require.ErrorIs(t, got, wijk.ErrInvalid)
	}
	require.NoError(t, wijk.InField("x", nil))
	other := wijk.NotFoundf("nope")
	require.Same(t, other, wijk.InField("x", other))
}
