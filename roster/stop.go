package roster

import "github.com/wijkzorg/wijk/internal/enum"

// StopReason says why a search ended. Both solvers of wijk, [Solve] and
// the visit planner's (package roster/visit), report one in their
// result. Every reason but the zero value comes with a plan: a search
// that ends for any of them returns its best plan and a nil error. The
// zero StopReason is not valid.
type StopReason int

// The reasons a search ends.
const (
	// StopOptimal: the search proved its plan optimal (roster only, see
	// [Result.Optimal]).
	StopOptimal StopReason = iota + 1
	// StopConverged: the search stopped by itself because its best plan
	// had not improved for long enough (the solver's documentation says
	// how long); a further search is unlikely to find a better one.
	StopConverged
	// StopIterationLimit: the search used its iteration budget
	// (Options.MaxIterations, or a budget the solver derives itself when
	// none is set, see its documentation).
	StopIterationLimit
	// StopTimeLimit: the search used its time (Options.TimeLimit).
	StopTimeLimit
	// StopCancelled: the caller's context was cancelled or passed its
	// deadline while the search ran; the plan is the best found until
	// then.
	StopCancelled
)

var stopEnum = enum.New[StopReason]("StopReason", "stop", "optimal", "converged", "iteration-limit", "time-limit", "cancelled")

// Valid reports whether s is one of the defined reasons.
func (s StopReason) Valid() bool { return stopEnum.Valid(s) }

// String returns the reason's name, e.g. "time-limit".
func (s StopReason) String() string { return stopEnum.String(s) }

// ParseStopReason reads a reason's name as String writes it, in any case;
// a space or an underscore may stand for a hyphen ("time limit").
func ParseStopReason(v string) (StopReason, error) { return stopEnum.Parse(v) }

// MarshalText writes the reason's name; the zero StopReason is refused
// with an error matching [wijk.ErrInvalid].
func (s StopReason) MarshalText() ([]byte, error) { return stopEnum.MarshalText(s) }

// UnmarshalText reads a reason's name as [ParseStopReason] does.
func (s *StopReason) UnmarshalText(b []byte) error { return stopEnum.UnmarshalText(b, s) }

// MaxWorkers bounds Options.Workers in both solvers: each worker holds
// its own copy of the search state.
const MaxWorkers = 64

// DefaultWorkers is the number of workers both solvers use when
// Options.Workers is 0. It is fixed, not the machine's CPU count, so that
// a run stopped by an iteration budget gives the same plan on every
// machine.
const DefaultWorkers = 2
