package sqlcore

import (
	"errors"
	"time"
)

// Dialect is what differs between the SQL backends.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// IsUniqueViolation reports whether err is a duplicate key.
	IsUniqueViolation func(err error) bool
	// IsBusy reports whether err is a lock or serialization failure that a
	// retry of the whole transaction may cure.
	IsBusy func(err error) bool
	// OneStatementWrite makes each write, with its checks and its audit
	// line, one statement (PostgreSQL's data-modifying WITH): one round
	// trip to a server instead of five. Without it a write is a short
	// transaction of several statements, which costs nothing extra in an
	// embedded database.
	OneStatementWrite bool
	// IsDivisionByZero reports whether err is a division by zero, the
	// error a guarded one-statement write raises to undo itself.
	IsDivisionByZero func(err error) bool
	// RowLocks says the dialect has SELECT … FOR UPDATE / FOR SHARE.
	RowLocks bool
	// CacheStatements prepares each statement once and reuses it, for a
	// driver that would otherwise prepare it on every call.
	CacheStatements bool
}

// TimeFormat is how every time is stored: UTC, milliseconds, one fixed
// width, so that text order is time order in every dialect.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// FormatTime renders t for storage: UTC, truncated to the millisecond.
func FormatTime(t time.Time) string { return t.UTC().Truncate(time.Millisecond).Format(TimeFormat) }

// ParseTime reads a time written by FormatTime.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(TimeFormat, s)
	if err != nil {
		return time.Time{}, errors.New("stored time " + quote(s) + " is not in the form " + TimeFormat)
	}
	return t.UTC(), nil
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + s + "\""
}
