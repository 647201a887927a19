package planning_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster/visit"
)

func clientAt(t *testing.T, id wijk.ID, pt *geo.Point) *careplan.Client {
	t.Helper()
	c, err := careplan.NewClient(careplan.ClientParams{
		ID: id, Name: "Client " + string(id[len(id)-1:]), BirthDate: wijk.NewDate(1940, time.May, 1),
		Address: careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede", Coordinates: pt},
	})
	require.NoError(t, err)
	return c
}

// From addresses to travel times: the office and each client's home
// become locations at their coordinates, and the default straight-line
// travel, asked once for the whole matrix, gives the times a nurse on a
// bicycle needs between them.
func TestPlacesFromAddresses(t *testing.T) {
	office := geo.Point{Lat: 52.2215, Lon: 6.8937}
	near := geo.Point{Lat: 52.2305, Lon: 6.8937} // 1 km north
	far := geo.Point{Lat: 52.2215, Lon: 6.9231}  // about 2 km east
	a, b := clientAt(t, ids[0], &near), clientAt(t, ids[1], &far)

	locs, addresses, err := planning.Places("office", office, []*careplan.Client{a, b})
	require.NoError(t, err)
	require.Len(t, locs, 3)
	require.Equal(t, "office", locs[0].ID)
	require.Equal(t, office, *locs[0].Point)
	require.Equal(t, string(ids[1]), locs[2].ID)
	require.Equal(t, far, *locs[2].Point)
	require.Equal(t, map[wijk.ID]string{ids[0]: string(ids[0]), ids[1]: string(ids[1])}, addresses)

	travel := visit.Cached(visit.StraightLine{Speed: 15}, 1000)
	m, err := visit.TravelMatrix(context.Background(), travel, locs)
	require.NoError(t, err)
	want := geo.Distance(office, near) / 15 * 60
	require.InDelta(t, 4.0, want, 0.05, "1 km at 15 km/h is four minutes")
	require.InDelta(t, want, m[0][1], 1e-9)
	require.InDelta(t, m[0][2], m[2][0], 1e-9)
	require.Zero(t, m[1][1])
	require.False(t, math.IsNaN(m[1][2]))

	// Refused, naming what is wrong.
	_, _, err = planning.Places("office", office, []*careplan.Client{a, clientAt(t, ids[2], nil)})
	requireInvalid(t, err, "clients[1].address.coordinates")
	_, _, err = planning.Places("office", office, []*careplan.Client{a, a})
	requireInvalid(t, err, "clients[1]")
	_, _, err = planning.Places("office", office, []*careplan.Client{nil})
	requireInvalid(t, err, "clients[0]")
	_, _, err = planning.Places("", office, nil)
	requireInvalid(t, err, "officeID")
	_, _, err = planning.Places("office", geo.Point{Lat: 91}, nil)
	requireInvalid(t, err, "office")
	_, _, err = planning.Places(string(ids[0]), office, []*careplan.Client{a})
	requireInvalid(t, err, "clients[0]")
}
