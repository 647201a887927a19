// Package geo holds where places are on Earth: a [Point] of latitude and
// longitude in WGS84 degrees (the system GPS and every web map use), and
// the great-circle distance between two points.
//
// A client's address may carry a Point (package careplan), and the visit
// planner turns the points of a day's places into travel times (package
// roster/visit). The package does no input or output.
package geo

import (
	"math"

	"github.com/wijkzorg/wijk"
)

// EarthRadius is the mean radius of the Earth, in kilometres (the IUGG
// mean radius of the WGS84 ellipsoid). [Distance] uses it.
const EarthRadius = 6371.0088

// Point is a place on Earth in WGS84 degrees. Lat is north of the equator
// (negative south), within [-90, 90]; Lon is east of Greenwich (negative
// west), within [-180, 180].
//
// The zero Point is a real place, in the Gulf of Guinea, so a Point is
// never "unknown" by being zero: where a point is optional, it is held by
// pointer and nil means not known.
type Point struct {
	// Lat is the latitude in degrees.
	Lat float64 `json:"lat"`
	// Lon is the longitude in degrees.
	Lon float64 `json:"lon"`
}

// Validate checks that p is a point on Earth: both numbers finite, the
// latitude within [-90, 90] and the longitude within [-180, 180]. A
// broken rule is a *wijk.ValidationError naming field + ".lat" or
// field + ".lon" (just "lat" or "lon" when field is empty).
func (p Point) Validate(field string) error {
	prefix := ""
	if field != "" {
		prefix = field + "."
	}
	if math.IsNaN(p.Lat) || p.Lat < -90 || p.Lat > 90 {
		return wijk.Invalid(prefix+"lat", "must be a latitude in degrees from -90 to 90, got %g", p.Lat)
	}
	if math.IsNaN(p.Lon) || p.Lon < -180 || p.Lon > 180 {
		return wijk.Invalid(prefix+"lon", "must be a longitude in degrees from -180 to 180, got %g", p.Lon)
	}
	return nil
}

// Distance returns the great-circle distance between a and b, in
// kilometres, on a sphere of radius [EarthRadius] (the haversine
// formula). It is within half a percent of the distance on the WGS84
// ellipsoid, far closer than any road follows it. Points that are not
// valid give NaN.
func Distance(a, b Point) float64 {
	if a.Validate("") != nil || b.Validate("") != nil {
		return math.NaN()
	}
	const rad = math.Pi / 180
	φ1, φ2 := a.Lat*rad, b.Lat*rad
	dφ, dλ := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * EarthRadius * math.Asin(math.Sqrt(min(h, 1)))
}
