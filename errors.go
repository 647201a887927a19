package wijk

import (
	"errors"
	"fmt"
)

// The four error kinds of wijk. Every error a wijk package returns for one
// of these reasons matches exactly one of them under [errors.Is], so callers
// branch on the kind and never on message text:
//
//	if errors.Is(err, wijk.ErrNotFound) { … }
var (
	// ErrInvalid: the input broke a rule of the model. The error is (or
	// wraps) a *ValidationError that names the field and the rule.
	ErrInvalid = errors.New("invalid")
	// ErrNotFound: the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the operation clashes with the current state, for
	// example a write based on a stale version, or a transition the state
	// machine does not allow from where the thing now is.
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the actor may not do this, for example a level-4 nurse
	// authorising care hours, or a coach taking a stance.
	ErrForbidden = errors.New("forbidden")
)

// ValidationError reports input that broke a rule. It names the field (a
// path such as "problems[2].signs[0]" where the input is nested) and the
// rule, in words a user can act on. It matches [ErrInvalid].
type ValidationError struct {
	// Field is the name or path of the offending field.
	Field string
	// Rule says what the field must be, e.g. "must be between 1 and 5".
	Rule string
}

// Invalid returns a *ValidationError for field. The rule is formatted with
// fmt.Sprintf.
func Invalid(field, rule string, args ...any) error {
	if len(args) > 0 {
		rule = fmt.Sprintf(rule, args...)
	}
	return &ValidationError{Field: field, Rule: rule}
}

// Error returns "invalid FIELD: RULE".
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return "invalid: " + e.Rule
	}
	return "invalid " + e.Field + ": " + e.Rule
}

// Is reports whether target is [ErrInvalid].
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// InField prefixes the field of every *ValidationError in err with prefix,
// so that a nested check can report a full path: a problem validated on its
// own says "signs[0]", the plan that holds it says "problems[2].signs[0]".
// Errors that are not validation errors are returned unchanged; nil stays
// nil.
func InField(prefix string, err error) error {
	var ve *ValidationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	field := prefix
	if ve.Field != "" {
		if ve.Field[0] == '[' {
			field += ve.Field
		} else {
			field += "." + ve.Field
		}
	}
	return &ValidationError{Field: field, Rule: ve.Rule}
}

// kindError is an error of one kind with a message.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// NotFoundf returns an error matching [ErrNotFound] with a formatted message.
func NotFoundf(format string, args ...any) error {
	return &kindError{ErrNotFound, fmt.Sprintf(format, args...)}
}

// Conflictf returns an error matching [ErrConflict] with a formatted message.
func Conflictf(format string, args ...any) error {
	return &kindError{ErrConflict, fmt.Sprintf(format, args...)}
}

// Forbiddenf returns an error matching [ErrForbidden] with a formatted
// message.
func Forbiddenf(format string, args ...any) error {
	return &kindError{ErrForbidden, fmt.Sprintf(format, args...)}
}
