package visit_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

var (
	dam = geo.Point{Lat: 52.3731, Lon: 4.8922} // Amsterdam
	dom = geo.Point{Lat: 52.0907, Lon: 5.1214} // Utrecht
	// Three addresses in Enschede.
	office  = geo.Point{Lat: 52.2215, Lon: 6.8937}
	jansen  = geo.Point{Lat: 52.2230, Lon: 6.8990}
	bakker  = geo.Point{Lat: 52.2160, Lon: 6.8850}
	enschde = []geo.Point{office, jansen, bakker}
)

func TestStraightLineKnownDistance(t *testing.T) {
	ctx := context.Background()
	km := geo.Distance(dam, dom)
	require.InDelta(t, 35, km, 0.5, "Amsterdam to Utrecht is about 35 km as the crow flies")

	m, err := visit.StraightLine{Speed: 60}.Matrix(ctx, []geo.Point{dam}, []geo.Point{dam, dom})
	require.NoError(t, err)
	require.Len(t, m, 1)
	require.Len(t, m[0], 2)
	require.Equal(t, 0.0, m[0][0])
	require.InDelta(t, km, m[0][1], 1e-9, "at 60 km/h a kilometre takes a minute")

	m, err = visit.StraightLine{Speed: 15, Detour: 1.3}.Matrix(ctx, []geo.Point{dom}, []geo.Point{dam})
	require.NoError(t, err)
	require.InDelta(t, km*1.3/15*60, m[0][0], 1e-9)
	require.InDelta(t, 182.5, m[0][0], 0.5, "by bicycle, with the roads' detour, about three hours")
}

func TestStraightLineRefuses(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		s     visit.StraightLine
		from  []geo.Point
		field string
	}{
		{visit.StraightLine{}, []geo.Point{dam}, "speed"},
		{visit.StraightLine{Speed: -5}, []geo.Point{dam}, "speed"},
		{visit.StraightLine{Speed: math.NaN()}, []geo.Point{dam}, "speed"},
		{visit.StraightLine{Speed: math.Inf(1)}, []geo.Point{dam}, "speed"},
		{visit.StraightLine{Speed: 15, Detour: 0.9}, []geo.Point{dam}, "detour"},
		{visit.StraightLine{Speed: 15, Detour: math.NaN()}, []geo.Point{dam}, "detour"},
		{visit.StraightLine{Speed: 15}, []geo.Point{dam, {Lat: 91}}, "from[1].lat"},
		{visit.StraightLine{Speed: 15}, []geo.Point{{Lon: math.NaN()}}, "from[0].lon"},
	} {
		_, err := c.s.Matrix(ctx, c.from, []geo.Point{dom})
		require.Equal(t, c.field, fieldOf(t, err), "%+v %v", c.s, c.from)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err := visit.StraightLine{Speed: 15}.Matrix(cancelled, []geo.Point{dam}, []geo.Point{dom})
	require.ErrorIs(t, err, context.Canceled)
}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	require.ErrorIs(t, err, wijk.ErrInvalid)
	var ve *wijk.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	return ve.Field
}

// roadService stands for a vendor's road-network service: it answers
// from its own table of minutes, one request per matrix, and counts the
// requests. It can be told to fail or to answer wrongly.
type roadService struct {
	minutes  map[[2]geo.Point]float64
	requests atomic.Int64
	fail     error
	mangle   func([][]float64) [][]float64
	delay    time.Duration
}

func (r *roadService) Matrix(ctx context.Context, from, to []geo.Point) ([][]float64, error) {
	r.requests.Add(1)
	if r.delay > 0 {
		select {
		case <-time.After(r.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if r.fail != nil {
		return nil, r.fail
	}
	m := make([][]float64, len(from))
	for i, a := range from {
		m[i] = make([]float64, len(to))
		for j, b := range to {
			if a != b {
				m[i][j] = r.minutes[[2]geo.Point{a, b}]
			}
		}
	}
	if r.mangle != nil {
		m = r.mangle(m)
	}
	return m, nil
}

// enschedeRoads has one-way streets: office to Jansen is quicker than
// back.
func enschedeRoads() *roadService {
	return &roadService{minutes: map[[2]geo.Point]float64{
		{office, jansen}: 4, {jansen, office}: 6,
		{office, bakker}: 5, {bakker, office}: 5,
		{jansen, bakker}: 7, {bakker, jansen}: 8,
	}}
}

func enschedeLocations() []visit.LocationParams {
	o, j, b := office, jansen, bakker // the test may change them
	return []visit.LocationParams{
		{ID: "office", Point: &o},
		{ID: "jansen", Point: &j},
		{ID: "bakker", Point: &b},
	}
}

// A road-network service plugs in through the interface, and the problem
// plans with its times, asymmetric ones included.
func TestTravelMatrixFromARoadService(t *testing.T) {
	roads := enschedeRoads()
	locs := enschedeLocations()
	m, err := visit.TravelMatrix(context.Background(), roads, locs)
	require.NoError(t, err)
	require.Equal(t, [][]float64{{0, 4, 5}, {6, 0, 7}, {5, 8, 0}}, m)
	require.EqualValues(t, 1, roads.requests.Load(), "one request for the whole day")

	pr, err := visit.NewProblem(visit.ProblemParams{
		Locations: locs, Travel: m,
		Nurses: []visit.NurseParams{{ID: "anna", Level: team.Level4, ShiftStart: 480, ShiftEnd: 720, Start: "office"}},
		Visits: []visit.VisitParams{
			{ID: "v1", Client: "jansen", Location: "jansen", Open: 480, Close: 540, Duration: 30},
			{ID: "v2", Client: "bakker", Location: "bakker", Open: 480, Close: 600, Duration: 30},
		},
		Objective: visit.DefaultObjective(),
	})
	require.NoError(t, err)
	tt, ok := pr.TravelTime("jansen", "office")
	require.True(t, ok)
	require.Equal(t, 6.0, tt)
	tt, _ = pr.TravelTime("office", "jansen")
	require.Equal(t, 4.0, tt, "one-way streets: the way out is quicker than back")

	// The problem keeps its own copy of the points.
	*locs[0].Point = geo.Point{}
	require.Equal(t, office, *pr.Params().Locations[0].Point)
	pr.Params().Locations[0].Point.Lat = 1
	require.Equal(t, office, *pr.Params().Locations[0].Point)
}

func TestTravelMatrixErrors(t *testing.T) {
	ctx := context.Background()
	down := errors.New("routing service unavailable")
	roads := enschedeRoads()
	roads.fail = down
	_, err := visit.TravelMatrix(ctx, roads, enschedeLocations())
	require.ErrorIs(t, err, down, "the service's error comes back")
	require.ErrorContains(t, err, "travel times between 3 locations")
	require.NotErrorIs(t, err, wijk.ErrInvalid, "a service that is down is not bad input")

	_, err = visit.TravelMatrix(ctx, nil, enschedeLocations())
	require.Equal(t, "travel", fieldOf(t, err))

	locs := enschedeLocations()
	locs[2].Point = nil
	_, err = visit.TravelMatrix(ctx, enschedeRoads(), locs)
	require.Equal(t, "locations[2].point", fieldOf(t, err))
	locs[2].Point = &geo.Point{Lat: 52, Lon: 200}
	_, err = visit.TravelMatrix(ctx, enschedeRoads(), locs)
	require.Equal(t, "locations[2].point.lon", fieldOf(t, err))

	for _, c := range []struct {
		name   string
		mangle func([][]float64) [][]float64
		field  string
	}{
		{"a row short", func(m [][]float64) [][]float64 { return m[:2] }, "travel"},
		{"a column short", func(m [][]float64) [][]float64 { m[1] = m[1][:2]; return m }, "travel[1]"},
		{"NaN", func(m [][]float64) [][]float64 { m[0][2] = math.NaN(); return m }, "travel[0][2]"},
		{"negative", func(m [][]float64) [][]float64 { m[2][1] = -1; return m }, "travel[2][1]"},
		{"infinite", func(m [][]float64) [][]float64 { m[1][0] = math.Inf(1); return m }, "travel[1][0]"},
		{"over MaxTravel", func(m [][]float64) [][]float64 { m[1][2] = visit.MaxTravel + 1; return m }, "travel[1][2]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			roads := enschedeRoads()
			roads.mangle = c.mangle
			m, err := visit.TravelMatrix(ctx, roads, enschedeLocations())
			require.Nil(t, m)
			require.Equal(t, c.field, fieldOf(t, err))
			require.ErrorContains(t, err, "the travel times given for 3 locations")
		})
	}
	roads = enschedeRoads()
	roads.mangle = func(m [][]float64) [][]float64 { m[1][2] = -3; return m }
	_, err = visit.TravelMatrix(ctx, roads, enschedeLocations())
	require.ErrorContains(t, err, `from "jansen" to "bakker"`, "the error names the trip")
}

// Points on Earth are not planar coordinates: a problem whose locations
// have points but no travel matrix is refused rather than planned with
// every trip at zero minutes.
func TestProblemWithPointsNeedsTravel(t *testing.T) {
	p := visit.ProblemParams{
		Locations: enschedeLocations(),
		Nurses:    []visit.NurseParams{{ID: "anna", Start: "office"}},
		Visits:    []visit.VisitParams{{ID: "v1", Client: "jansen", Location: "jansen", Open: 480, Close: 540, Duration: 30}},
		Objective: visit.DefaultObjective(),
	}
	_, err := visit.NewProblem(p)
	require.Equal(t, "travel", fieldOf(t, err))
	require.ErrorContains(t, err, "TravelMatrix")

	p.Travel = [][]float64{{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}
	p.Locations[1].Point = &geo.Point{Lat: -90.5}
	_, err = visit.NewProblem(p)
	require.Equal(t, "locations[1].point.lat", fieldOf(t, err))
}

func TestCachedAsksOncePerSetOfPlaces(t *testing.T) {
	ctx := context.Background()
	roads := enschedeRoads()
	c := visit.Cached(roads, 0)

	first, err := c.Matrix(ctx, enschde, enschde)
	require.NoError(t, err)
	require.Equal(t, [][]float64{{0, 4, 5}, {6, 0, 7}, {5, 8, 0}}, first)

	// The same places in another order, and with one twice: no request.
	again, err := c.Matrix(ctx, []geo.Point{bakker, office, jansen, office}, []geo.Point{jansen, bakker, office})
	require.NoError(t, err)
	require.Equal(t, [][]float64{{8, 0, 5}, {4, 5, 0}, {0, 7, 6}, {4, 5, 0}}, again)
	require.EqualValues(t, 1, roads.requests.Load())

	// What the caller gets is its own.
	first[0][1] = 99
	third, err := c.Matrix(ctx, enschde, enschde)
	require.NoError(t, err)
	require.Equal(t, 4.0, third[0][1])
	require.Equal(t, visit.CacheStats{Hits: 2, Misses: 1, Matrices: 1, Cells: 9}, c.Stats())

	// Other places ask again.
	_, err = c.Matrix(ctx, []geo.Point{office, jansen}, []geo.Point{office, jansen})
	require.NoError(t, err)
	require.EqualValues(t, 2, roads.requests.Load())

	// Nothing to ask, nothing asked.
	none, err := c.Matrix(ctx, nil, enschde)
	require.NoError(t, err)
	require.Empty(t, none)
	require.EqualValues(t, 2, roads.requests.Load())

	// A point not on Earth is refused before anything is asked.
	_, err = c.Matrix(ctx, []geo.Point{office}, []geo.Point{{Lat: 100}})
	require.Equal(t, "to[0].lat", fieldOf(t, err))
	require.EqualValues(t, 2, roads.requests.Load())
}

func TestCachedKeepsNoErrorsAndNoGarbage(t *testing.T) {
	ctx := context.Background()
	down := errors.New("routing service unavailable")
	roads := enschedeRoads()
	roads.fail = down
	c := visit.Cached(roads, 0)
	_, err := c.Matrix(ctx, enschde, enschde)
	require.ErrorIs(t, err, down)
	roads.fail = nil
	_, err = c.Matrix(ctx, enschde, enschde)
	require.NoError(t, err, "a failure is not kept: the next call asks again")
	require.EqualValues(t, 2, roads.requests.Load())

	bad := enschedeRoads()
	bad.mangle = func(m [][]float64) [][]float64 { return m[:1] }
	c = visit.Cached(bad, 0)
	for range 2 {
		_, err = c.Matrix(ctx, enschde, enschde)
		require.Equal(t, "travel", fieldOf(t, err))
	}
	require.EqualValues(t, 2, bad.requests.Load(), "a matrix of the wrong shape is not kept")
	require.Zero(t, c.Stats().Matrices)
}

func TestCachedStaysWithinItsBound(t *testing.T) {
	ctx := context.Background()
	roads := enschedeRoads()
	c := visit.Cached(roads, 9) // one 3×3 matrix, or two 2×2
	ask := func(pts ...geo.Point) {
		t.Helper()
		_, err := c.Matrix(ctx, pts, pts)
		require.NoError(t, err)
	}
	ask(office, jansen)
	ask(office, bakker)
	require.Equal(t, 8, c.Stats().Cells)
	ask(office, jansen) // used most recently now
	ask(office, jansen, bakker)
	s := c.Stats()
	require.Equal(t, 1, s.Matrices, "the 3×3 matrix pushed both 2×2 ones out")
	require.Equal(t, 9, s.Cells)
	ask(office, jansen)
	ask(jansen, bakker)
	s = c.Stats()
	require.Equal(t, 2, s.Matrices)
	require.Equal(t, 8, s.Cells)
	ask(office, jansen) // still there: the 3×3 one went first
	require.EqualValues(t, 5, roads.requests.Load())

	// A matrix larger than the bound is answered, not kept.
	big := visit.Cached(roads, 4)
	_, err := big.Matrix(ctx, enschde, enschde)
	require.NoError(t, err)
	require.Zero(t, big.Stats().Matrices)
}

// Callers asking for the same places at once share one request, and
// everyone gets the same answer. Run with -race.
func TestCachedConcurrentCallers(t *testing.T) {
	ctx := context.Background()
	roads := enschedeRoads()
	roads.delay = 20 * time.Millisecond
	c := visit.Cached(roads, 0)
	want := [][]float64{{0, 4, 5}, {6, 0, 7}, {5, 8, 0}}
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pts := enschde
			if i%2 == 1 {
				pts = []geo.Point{bakker, jansen, office}
			}
			m, err := c.Matrix(ctx, pts, pts)
			if err != nil {
				errs <- err
				return
			}
			if i%2 == 1 {
				m = [][]float64{{m[2][2], m[2][1], m[2][0]}, {m[1][2], m[1][1], m[1][0]}, {m[0][2], m[0][1], m[0][0]}}
			}
			if d := cmp.Diff(want, m); d != "" {
				errs <- fmt.Errorf("caller %d (-want +got):\n%s", i, d)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, roads.requests.Load(), "32 callers at once, one request")
	s := c.Stats()
	require.EqualValues(t, 31, s.Hits)
	require.EqualValues(t, 1, s.Misses)
}

// A caller whose context ends stops waiting for another's request.
func TestCachedWaiterHonoursItsContext(t *testing.T) {
	roads := enschedeRoads()
	roads.delay = 300 * time.Millisecond
	c := visit.Cached(roads, 0)
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		close(started)
		_, err := c.Matrix(context.Background(), enschde, enschde)
		done <- err
	}()
	<-started
	for roads.requests.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := c.Matrix(ctx, enschde, enschde)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NoError(t, <-done)
}

// The travel times of a team's day from the clients' address
// coordinates: straight lines at cycling speed, with the roads' usual
// detour, kept in a cache so the next day with the same places asks no
// one. A road-network service would take StraightLine's place.
func ExampleTravelMatrix() {
	ctx := context.Background()
	homes := []struct {
		id   string
		addr careplan.Address
	}{
		{"jansen", careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede", Coordinates: &geo.Point{Lat: 52.2230, Lon: 6.8990}}},
		{"bakker", careplan.Address{Street: "Molenstraat 21", Postcode: "7511 AB", City: "Enschede", Coordinates: &geo.Point{Lat: 52.2160, Lon: 6.8850}}},
	}
	locations := []visit.LocationParams{{ID: "office", Point: &geo.Point{Lat: 52.2215, Lon: 6.8937}}}
	for _, h := range homes {
		locations = append(locations, visit.LocationParams{ID: h.id, Point: h.addr.Coordinates})
	}

	travel := visit.Cached(visit.StraightLine{Speed: 15, Detour: 1.3}, 0)
	monday, err := visit.TravelMatrix(ctx, travel, locations)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, row := range monday {
		fmt.Printf("%-6s", locations[i].ID)
		for _, minutes := range row {
			fmt.Printf(" %4.1f", minutes)
		}
		fmt.Println()
	}
	tuesday, err := visit.TravelMatrix(ctx, travel, locations)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := travel.Stats()
	fmt.Printf("Tuesday: the same times (%t); asked %d time, answered from the cache %d time\n",
		cmp.Equal(monday, tuesday), s.Misses, s.Hits)
	// Output:
	// office  0.0  2.1  4.4
	// jansen  2.1  0.0  6.4
	// bakker  4.4  6.4  0.0
	// Tuesday: the same times (true); asked 1 time, answered from the cache 1 time
}
