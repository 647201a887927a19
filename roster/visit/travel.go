package visit

import (
	"cmp"
	"container/list"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/geo"
)

// Travel gives the travel times between places on Earth. [StraightLine]
// is the default; a vendor plugs in a road-network service (a routing
// engine of its own, or a hosted one) by implementing the one method,
// without any change to this package. Wrap it in [Cached] so that days
// with the same places ask once.
type Travel interface {
	// Matrix returns the travel time, in minutes, from each point of
	// from to each point of to: len(from) rows of len(to) values, row i
	// column j the trip from from[i] to to[j]. Times may be asymmetric
	// (one-way streets); each must be finite, not negative and at most
	// [MaxTravel].
	//
	// [TravelMatrix] asks once for all the places of a day, as
	// road-network services answer a whole matrix in one request; an
	// implementation should not need one request per pair. It should
	// honour ctx, and return an error when it cannot answer (the service
	// is down, the quota is spent): the caller gets that error, wrapped
	// with context, and no plan is built on guesses.
	Matrix(ctx context.Context, from, to []geo.Point) ([][]float64, error)
}

// StraightLine is the default [Travel]: the great-circle distance between
// two points ([geo.Distance]), lengthened by Detour for the roads not
// being straight, covered at Speed. It needs no service and is the same
// everywhere, which makes it a fair first estimate and a fallback; a
// road network is better where rivers, railways and one-way streets
// make the trip longer than the crow flies.
type StraightLine struct {
	// Speed is the average speed door to door, in km/h (more than 0,
	// at most 1000): about 15 by bicycle in town, 40 by car in the
	// country, parking included.
	Speed float64
	// Detour is the ratio of the distance by road to the distance as the
	// crow flies (at least 1, at most 10); zero means 1. About 1.3 is
	// usual in Dutch towns.
	Detour float64
}

// Matrix returns the straight-line travel times in minutes. A speed or
// detour out of bounds, or a point that is not on Earth, is an error
// matching [wijk.ErrInvalid] that names the field ("speed", "detour",
// "from[2].lat").
func (s StraightLine) Matrix(ctx context.Context, from, to []geo.Point) ([][]float64, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !(s.Speed > 0 && s.Speed <= 1000) {
		return nil, wijk.Invalid("speed", "must be more than 0 and at most 1000 km/h, got %g", s.Speed)
	}
	detour := s.Detour
	if detour == 0 {
		detour = 1
	}
	if !(detour >= 1 && detour <= 10) {
		return nil, wijk.Invalid("detour", "must be from 1 to 10, or 0 for 1, got %g", s.Detour)
	}
	if err := validPoints(from, to); err != nil {
		return nil, err
	}
	perKm := detour / s.Speed * 60 // minutes per great-circle kilometre
	m := make([][]float64, len(from))
	for i, a := range from {
		m[i] = make([]float64, len(to))
		for j, b := range to {
			m[i][j] = geo.Distance(a, b) * perKm
		}
	}
	return m, nil
}

// TravelMatrix asks t for the travel times between the locations, in the
// order of locations, and returns the matrix to use as
// [ProblemParams.Travel] (or [DayParams.Travel]). Every location needs a
// Point. It makes one call, from every location to every location.
//
// A location without a point, or a nil t, is an error matching
// [wijk.ErrInvalid]. An error of t is returned wrapped with what was
// asked. A matrix that t gets wrong (the wrong number of rows or
// columns, a time that is NaN, negative or over [MaxTravel]) is refused
// with an error matching [wijk.ErrInvalid] that names the cell, e.g.
// "travel[2][5]", and the two locations: no plan is built on it.
func TravelMatrix(ctx context.Context, t Travel, locations []LocationParams) ([][]float64, error) {
	if t == nil {
		return nil, wijk.Invalid("travel", "is required")
	}
	points := make([]geo.Point, len(locations))
	for i, l := range locations {
		if l.Point == nil {
			return nil, wijk.Invalid(fmt.Sprintf("locations[%d].point", i), "location %q has no point on Earth to ask travel times for", l.ID)
		}
		if err := l.Point.Validate(fmt.Sprintf("locations[%d].point", i)); err != nil {
			return nil, err
		}
		points[i] = *l.Point
	}
	m, err := t.Matrix(ctx, points, points)
	if err != nil {
		return nil, fmt.Errorf("visit: travel times between %d locations: %w", len(points), err)
	}
	if err := checkMatrix(m, len(points), len(points), func(i int) string { return fmt.Sprintf("%q", locations[i].ID) }); err != nil {
		return nil, fmt.Errorf("visit: the travel times given for %d locations: %w", len(points), err)
	}
	return m, nil
}

// checkMatrix checks that m has rows rows of cols travel times each, every
// one a number of minutes from 0 to MaxTravel. name names the place of a
// row or column index in the error.
func checkMatrix(m [][]float64, rows, cols int, name func(int) string) error {
	if len(m) != rows {
		return wijk.Invalid("travel", "must have %d rows, one per place it was asked from, got %d", rows, len(m))
	}
	for i, row := range m {
		if len(row) != cols {
			return wijk.Invalid(fmt.Sprintf("travel[%d]", i), "must have %d columns, one per place it was asked to, got %d", cols, len(row))
		}
		for j, x := range row {
			if !finite(x) || x < 0 || x > MaxTravel {
				return wijk.Invalid(fmt.Sprintf("travel[%d][%d]", i, j), "the trip from %s to %s must take from 0 to %d minutes, got %g", name(i), name(j), MaxTravel, x)
			}
		}
	}
	return nil
}

// DefaultCacheCells is the bound of a [Cached] travel whose bound is not
// given: a million travel times, 8 MB.
const DefaultCacheCells = 1 << 20

// Cache is a [Travel] that remembers the matrices another Travel gave,
// so that days with the same places (most days of a team: its clients
// change slowly) ask once. Make one with [Cached]. It is safe for
// concurrent use: callers asking for the same places at once share one
// request. It keeps the matrices used most recently, within a bound on
// the travel times it holds.
//
// A matrix is kept per list of places asked from and list asked to, each
// taken as a set: the same places in another order are answered from the
// cache, a day with one client more or less asks again.
type Cache struct {
	travel   Travel
	maxCells int

	mu       sync.Mutex
	entries  map[string]*list.Element // of *cacheEntry
	recent   *list.List               // most recently used first
	cells    int
	inflight map[string]*cacheCall
	hits     int64
	misses   int64
}

type cacheEntry struct {
	key      string
	from, to map[geo.Point]int // the index of each point in the matrix
	m        [][]float64
}

type cacheCall struct {
	done  chan struct{}
	entry *cacheEntry
	err   error
}

// CacheStats counts how a [Cache] answered.
type CacheStats struct {
	// Hits counts the answers given without asking the Travel, including
	// those that shared another caller's request.
	Hits int64
	// Misses counts the requests made to the Travel.
	Misses int64
	// Matrices is the number of matrices kept, and Cells the number of
	// travel times in them.
	Matrices, Cells int
}

// Cached returns a [Cache] over t that keeps at most maxCells travel
// times; zero or less means [DefaultCacheCells]. A matrix larger than the
// bound is passed on but not kept. Errors of t are never kept: the next
// call asks again.
func Cached(t Travel, maxCells int) *Cache {
	if maxCells <= 0 {
		maxCells = DefaultCacheCells
	}
	return &Cache{
		travel: t, maxCells: maxCells,
		entries: map[string]*list.Element{}, recent: list.New(), inflight: map[string]*cacheCall{},
	}
}

// Stats returns the counts of the cache so far.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits, Misses: c.misses, Matrices: c.recent.Len(), Cells: c.cells}
}

// Matrix answers from the cache, or asks the Travel for the matrix between
// the distinct points of from and of to, keeps it, and answers from it.
// The result is the caller's own: changing it does not change the cache.
// A point that is not on Earth is refused, as by [StraightLine], before
// anything is asked.
// A matrix of the wrong shape, or with a time that is NaN, negative or
// over [MaxTravel], is refused with an error matching [wijk.ErrInvalid]
// and not kept.
func (c *Cache) Matrix(ctx context.Context, from, to []geo.Point) ([][]float64, error) {
	if c == nil || c.travel == nil {
		return nil, wijk.Invalid("travel", "the cache has no travel to ask")
	}
	if err := validPoints(from, to); err != nil {
		return nil, err
	}
	if len(from) == 0 || len(to) == 0 {
		out := make([][]float64, len(from))
		for i := range out {
			out[i] = []float64{}
		}
		return out, nil
	}
	fromSet, toSet := distinct(from), distinct(to)
	key := setKey(fromSet, toSet)
	for {
		c.mu.Lock()
		if el, ok := c.entries[key]; ok {
			c.recent.MoveToFront(el)
			c.hits++
			e := el.Value.(*cacheEntry)
			c.mu.Unlock()
			return e.answer(from, to), nil
		}
		if call, ok := c.inflight[key]; ok {
			c.mu.Unlock()
			select {
			case <-call.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if call.err != nil {
				continue // the other caller failed, perhaps on its own context: ask again
			}
			c.mu.Lock()
			c.hits++
			c.mu.Unlock()
			return call.entry.answer(from, to), nil
		}
		call := &cacheCall{done: make(chan struct{})}
		c.inflight[key] = call
		c.misses++
		c.mu.Unlock()

		call.entry, call.err = c.ask(ctx, key, fromSet, toSet)
		c.mu.Lock()
		delete(c.inflight, key)
		if call.err == nil {
			c.keep(call.entry)
		}
		c.mu.Unlock()
		close(call.done)
		if call.err != nil {
			return nil, call.err
		}
		return call.entry.answer(from, to), nil
	}
}

// ask gets the matrix between two sets of points from the Travel.
func (c *Cache) ask(ctx context.Context, key string, from, to []geo.Point) (*cacheEntry, error) {
	m, err := c.travel.Matrix(ctx, from, to)
	if err != nil {
		return nil, err
	}
	name := func(pts []geo.Point) func(int) string {
		return func(i int) string { return fmt.Sprintf("(%g, %g)", pts[i].Lat, pts[i].Lon) }
	}
	if err := checkMatrix(m, len(from), len(to), name(from)); err != nil {
		return nil, err
	}
	e := &cacheEntry{key: key, from: index(from), to: index(to), m: make([][]float64, len(m))}
	for i, row := range m {
		e.m[i] = slices.Clone(row)
	}
	return e, nil
}

// keep adds e, dropping the least recently used matrices to stay within
// the bound. c.mu is held.
func (c *Cache) keep(e *cacheEntry) {
	n := len(e.from) * len(e.to)
	if n > c.maxCells {
		return
	}
	if _, ok := c.entries[e.key]; ok {
		return
	}
	for c.cells+n > c.maxCells {
		last := c.recent.Back()
		old := c.recent.Remove(last).(*cacheEntry)
		delete(c.entries, old.key)
		c.cells -= len(old.from) * len(old.to)
	}
	c.entries[e.key] = c.recent.PushFront(e)
	c.cells += n
}

// answer returns the matrix from each of from to each of to, which are
// all among the entry's points.
func (e *cacheEntry) answer(from, to []geo.Point) [][]float64 {
	out := make([][]float64, len(from))
	for i, a := range from {
		row := e.m[e.from[canonical(a)]]
		out[i] = make([]float64, len(to))
		for j, b := range to {
			out[i][j] = row[e.to[canonical(b)]]
		}
	}
	return out
}

// canonical makes equal coordinates equal keys: -0 becomes 0.
func canonical(p geo.Point) geo.Point { return geo.Point{Lat: p.Lat + 0, Lon: p.Lon + 0} }

// distinct returns the distinct points of ps, in a fixed order that does
// not depend on the order of ps.
func distinct(ps []geo.Point) []geo.Point {
	out := make([]geo.Point, 0, len(ps))
	for _, p := range ps {
		out = append(out, canonical(p))
	}
	slices.SortFunc(out, func(a, b geo.Point) int {
		if c := cmp.Compare(a.Lat, b.Lat); c != 0 {
			return c
		}
		return cmp.Compare(a.Lon, b.Lon)
	})
	return slices.CompactFunc(out, func(a, b geo.Point) bool { return sameBits(a, b) })
}

func sameBits(a, b geo.Point) bool {
	return math.Float64bits(a.Lat) == math.Float64bits(b.Lat) && math.Float64bits(a.Lon) == math.Float64bits(b.Lon)
}

func index(ps []geo.Point) map[geo.Point]int {
	m := make(map[geo.Point]int, len(ps))
	for i, p := range ps {
		m[p] = i
	}
	return m
}

// setKey names a pair of point sets exactly, by the bits of their
// coordinates.
func setKey(from, to []geo.Point) string {
	b := make([]byte, 0, 8+16*(len(from)+len(to)))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(from)))
	for _, ps := range [][]geo.Point{from, to} {
		for _, p := range ps {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Lat))
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Lon))
		}
	}
	return string(b)
}

// validPoints checks that every point of a matrix request is on Earth,
// naming the first one that is not ("from[2].lat").
func validPoints(from, to []geo.Point) error {
	for _, ps := range []struct {
		field  string
		points []geo.Point
	}{{"from", from}, {"to", to}} {
		for i, p := range ps.points {
			if err := p.Validate(fmt.Sprintf("%s[%d]", ps.field, i)); err != nil {
				return err
			}
		}
	}
	return nil
}
