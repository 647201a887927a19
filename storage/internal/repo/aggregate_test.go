package repo

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/team"
)

// A nil aggregate is refused as missing, but a value aggregate (an hours
// record) is never taken for a missing one, even at its zero value: its
// own validation names what is wrong with it.
func TestIsNil(t *testing.T) {
	var nilTeam *team.Team
	require.True(t, isNil(nilTeam))
	require.False(t, isNil(&team.Coach{}))
	require.False(t, isNil(team.HoursRecord{}))
}
