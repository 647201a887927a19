package geo_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/geo"
)

var (
	amsterdam = geo.Point{Lat: 52.3731, Lon: 4.8922} // Dam
	utrecht   = geo.Point{Lat: 52.0907, Lon: 5.1214} // Dom tower
)

func TestDistanceKnownPlaces(t *testing.T) {
	for _, c := range []struct {
		name string
		a, b geo.Point
		km   float64
		tol  float64
	}{
		{"Amsterdam to Utrecht", amsterdam, utrecht, 35.0, 0.5},
		{"the same place", utrecht, utrecht, 0, 1e-9},
		// A quarter of a meridian, pole to equator: 10 007.5 km on the
		// sphere of the mean radius.
		{"north pole to the equator", geo.Point{Lat: 90}, geo.Point{Lat: 0, Lon: 30}, math.Pi / 2 * geo.EarthRadius, 1e-6},
		// Antipodes across the date line.
		{"antipodes", geo.Point{Lat: 0, Lon: 179.5}, geo.Point{Lat: 0, Lon: -0.5}, math.Pi * geo.EarthRadius, 1e-6},
		{"across the date line", geo.Point{Lat: 0, Lon: 179.5}, geo.Point{Lat: 0, Lon: -179.5}, math.Pi / 180 * geo.EarthRadius, 1e-6},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.InDelta(t, c.km, geo.Distance(c.a, c.b), c.tol)
			require.InDelta(t, c.km, geo.Distance(c.b, c.a), c.tol, "distance is symmetric")
		})
	}
}

func TestValidate(t *testing.T) {
	require.NoError(t, geo.Point{}.Validate("p"), "0,0 is a place in the Gulf of Guinea")
	require.NoError(t, geo.Point{Lat: -90, Lon: 180}.Validate("p"))
	require.NoError(t, geo.Point{Lat: 90, Lon: -180}.Validate("p"))
	for _, c := range []struct {
		p     geo.Point
		field string
	}{
		{geo.Point{Lat: 90.0001}, "where.lat"},
		{geo.Point{Lat: -91}, "where.lat"},
		{geo.Point{Lat: math.NaN()}, "where.lat"},
		{geo.Point{Lat: math.Inf(1)}, "where.lat"},
		{geo.Point{Lon: 180.5}, "where.lon"},
		{geo.Point{Lon: math.Inf(-1)}, "where.lon"},
		{geo.Point{Lon: math.NaN()}, "where.lon"},
	} {
		err := c.p.Validate("where")
		require.ErrorIs(t, err, wijk.ErrInvalid, "%+v", c.p)
		var ve *wijk.ValidationError
		require.True(t, errors.As(err, &ve))
		require.Equal(t, c.field, ve.Field)
	}
	var ve *wijk.ValidationError
	require.True(t, errors.As(geo.Point{Lat: 100}.Validate(""), &ve))
	require.Equal(t, "lat", ve.Field)
	require.True(t, math.IsNaN(geo.Distance(geo.Point{Lat: 100}, utrecht)), "an invalid point has no distance")
}

// FuzzDistance checks that any two numbers give either a validation
// error and NaN, or a distance between 0 and half the circumference.
func FuzzDistance(f *testing.F) {
	f.Add(52.37, 4.89, 52.09, 5.12)
	f.Add(0.0, 0.0, 0.0, 0.0)
	f.Add(90.0, 0.0, -90.0, 0.0)
	f.Add(math.NaN(), 1.0, 2.0, math.Inf(1))
	f.Fuzz(func(t *testing.T, lat1, lon1, lat2, lon2 float64) {
		a, b := geo.Point{Lat: lat1, Lon: lon1}, geo.Point{Lat: lat2, Lon: lon2}
		d := geo.Distance(a, b)
		if a.Validate("a") != nil || b.Validate("b") != nil {
			require.True(t, math.IsNaN(d))
			return
		}
		require.GreaterOrEqual(t, d, 0.0)
		require.LessOrEqual(t, d, math.Pi*geo.EarthRadius*(1+1e-12))
		require.InDelta(t, d, geo.Distance(b, a), 1e-9)
	})
}

func ExampleDistance() {
	dam := geo.Point{Lat: 52.3731, Lon: 4.8922}
	dom := geo.Point{Lat: 52.0907, Lon: 5.1214}
	fmt.Printf("%.1f km\n", geo.Distance(dam, dom))
	// Output: 35.1 km
}
