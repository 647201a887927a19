package enum_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
)

type colour int

var colours = enum.Names[colour]{"red", "sea green", "max-shifts"}

func TestNames(t *testing.T) {
	require.Equal(t, "sea green", colours.String(2, "colour"))
	require.Equal(t, "colour(0)", colours.String(0, "colour"))
	require.Equal(t, "colour(4)", colours.String(4, "colour"))
	require.False(t, colours.Valid(0))
	require.True(t, colours.Valid(3))
	require.Equal(t, []colour{1, 2, 3}, colours.Values())

	for in, want := range map[string]colour{"red": 1, " RED ": 1, "sea_green": 2, "Sea-Green": 2, "sea   green": 2, "max shifts": 3, "MAX-SHIFTS": 3} {
		got, err := colours.Parse("colour", in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", " ", "blue", "redd", "1"} {
		_, err := colours.Parse("colour", bad)
		require.ErrorIs(t, err, wijk.ErrInvalid, bad)
		require.ErrorContains(t, err, "invalid colour: must be one of red, sea green, max-shifts")
	}
}
