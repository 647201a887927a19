package wijk

import (
	"sync"
	"time"
)

// Clock tells the time. Domain code in wijk never reads the wall clock: its
// operations take the time as an argument, and the code that calls them (an
// application, a storage backend, a simulation) reads it from a Clock. That
// keeps every rule testable and every simulation repeatable.
//
// A nil Clock means real time; use [Now] to read a Clock that may be nil.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
}

// Now returns c.Now(), or the real time in UTC when c is nil.
func Now(c Clock) time.Time {
	if c == nil {
		return time.Now().UTC()
	}
	return c.Now()
}

// SystemClock returns the real clock: UTC wall-clock time. It is the
// default wherever a Clock is optional.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now().UTC() }

// ManualClock is a Clock that only moves when told to: for tests and
// simulations. It is safe for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock standing at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the time the clock stands at.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (backwards too).
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d and returns the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}
