package wijk

import (
	"crypto/rand"
	"encoding/binary"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// ID identifies a stored thing: a client, a plan, a team, a member, a
// proposal. It is a ULID in its canonical 26-character text form, so IDs
// sort by the time they were made. The zero ID ("") is never valid.
type ID string

// ParseID checks that s is a canonical ULID (26 characters of Crockford
// base32, upper case) and returns it as an ID. The error matches
// [ErrInvalid] and names the field "id".
func ParseID(s string) (ID, error) {
	if err := ID(s).Validate("id"); err != nil {
		return "", err
	}
	return ID(s), nil
}

// Validate reports whether id is a well-formed ID; the error names field.
func (id ID) Validate(field string) error {
	if id == "" {
		return Invalid(field, "is required")
	}
	if len(id) != ulid.EncodedSize {
		return Invalid(field, "must be a 26-character ULID, got %d characters", len(id))
	}
	u, err := ulid.ParseStrict(string(id))
	if err != nil {
		return Invalid(field, "must be a ULID (%v)", err)
	}
	if u.String() != string(id) {
		return Invalid(field, "must be a ULID in canonical upper-case form")
	}
	return nil
}

// Time returns the millisecond time encoded in the ID, in UTC, or the zero
// time if the ID is malformed.
func (id ID) Time() time.Time {
	u, err := ulid.ParseStrict(string(id))
	if err != nil {
		return time.Time{}
	}
	return ulid.Time(u.Time()).UTC()
}

// String returns the ID's text.
func (id ID) String() string { return string(id) }

// IDSource hands out new IDs. Domain operations that create several things
// at once (a team with its founding members) take one.
type IDSource interface {
	// NewID returns an ID never returned before by this source.
	NewID() ID
}

// IDGenerator makes ULIDs from a Clock and a source of randomness. It is
// safe for concurrent use, and IDs from one generator strictly increase.
//
// A generator made with [NewSeededIDGenerator] is deterministic: the same
// seed, the same clock readings and the same order of calls give the same
// IDs, which simulations and tests rely on. [NewIDGenerator] draws its
// randomness from the operating system, for production.
type IDGenerator struct {
	mu      sync.Mutex
	clock   Clock
	entropy *ulid.MonotonicEntropy
}

// NewIDGenerator returns a generator with cryptographic randomness. A nil
// clock means real time.
func NewIDGenerator(clock Clock) *IDGenerator {
	return &IDGenerator{clock: clock, entropy: ulid.Monotonic(rand.Reader, 0)}
}

// NewSeededIDGenerator returns a deterministic generator: same seed and
// clock, same IDs. Not for production, where IDs must not be guessable.
func NewSeededIDGenerator(clock Clock, seed uint64) *IDGenerator {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	return &IDGenerator{clock: clock, entropy: ulid.Monotonic(mrand.NewChaCha8(key), 0)}
}

// NewID returns a new ID stamped with the clock's current time.
func (g *IDGenerator) NewID() ID {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.newAt(Now(g.clock))
}

// NewIDAt returns a new ID stamped with t instead of the clock's time; IDs
// stay increasing only while t does not go back.
func (g *IDGenerator) NewIDAt(t time.Time) ID {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.newAt(t)
}

func (g *IDGenerator) newAt(t time.Time) ID {
	var ms uint64
	switch {
	case t.UnixMilli() < 0:
		ms = 0
	case uint64(t.UnixMilli()) > ulid.MaxTime():
		ms = ulid.MaxTime()
	default:
		ms = ulid.Timestamp(t)
	}
	u, err := ulid.New(ms, g.entropy)
	for err != nil && ms < ulid.MaxTime() {
		// The monotonic entropy overflows only after 2^80 IDs in one
		// millisecond: move on to the next millisecond rather than fail.
		ms++
		u, err = ulid.New(ms, g.entropy)
	}
	return ID(u.String())
}

var _ IDSource = (*IDGenerator)(nil)
