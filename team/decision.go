package team

import (
	"strings"
	"unicode/utf8"

	"github.com/wijkzorg/wijk"
)

// MaxDecisionRef is the longest decision reference accepted, in characters.
const MaxDecisionRef = 200

// DecisionRef is an opaque reference to a decision the team adopted: the ID
// of a consent decision, a minute number, a link into a decision log. The
// team package never looks inside it and never depends on the package that
// made the decision; it stores the reference beside what the decision
// changed (a hire, a leave, a split, a norm), so anyone can trace each
// change back to the decision behind it.
//
// A valid reference is one line of 1 to [MaxDecisionRef] characters of
// valid UTF-8 without leading or trailing white space. The zero
// DecisionRef ("") means "no decision" and is refused wherever a decision
// is required.
type DecisionRef string

// ParseDecisionRef checks s and returns it as a DecisionRef. The error
// matches [wijk.ErrInvalid] and names the field "decision".
func ParseDecisionRef(s string) (DecisionRef, error) {
	if err := DecisionRef(s).Validate("decision"); err != nil {
		return "", err
	}
	return DecisionRef(s), nil
}

// IsZero reports whether r is the empty reference: no decision.
func (r DecisionRef) IsZero() bool { return r == "" }

// String returns the reference text.
func (r DecisionRef) String() string { return string(r) }

// Validate reports whether r is a well-formed, non-empty reference; the
// error names field. An empty reference gets the rule "a team decision is
// required", so a caller that forgot the decision learns why.
func (r DecisionRef) Validate(field string) error {
	s := string(r)
	if s == "" {
		return wijk.Invalid(field, "a team decision is required: pass the reference of the adopted decision")
	}
	if !utf8.ValidString(s) {
		return wijk.Invalid(field, "must be valid UTF-8")
	}
	if strings.TrimSpace(s) != s {
		return wijk.Invalid(field, "must not start or end with white space")
	}
	if strings.ContainsAny(s, "\x00\r\n") {
		return wijk.Invalid(field, "must be a single line without NUL characters")
	}
	if n := utf8.RuneCountInString(s); n > MaxDecisionRef {
		return wijk.Invalid(field, "must be at most %d characters, got %d", MaxDecisionRef, n)
	}
	return nil
}

// validateOptional checks r only when it is set.
func (r DecisionRef) validateOptional(field string) error {
	if r == "" {
		return nil
	}
	return r.Validate(field)
}

// Carries reports whether any record of the team carries ref: a
// membership that began or ended by it, a role defined, given, handed over
// or retired by it, a change of norms or of area. A decision that a team
// carries has been applied; applying it again would record it twice.
func (t *Team) Carries(ref DecisionRef) bool {
	if ref == "" {
		return false
	}
	for _, m := range t.members {
		if m.JoinDecision == ref || m.EndDecision == ref {
			return true
		}
	}
	for _, r := range t.roles {
		if r.Decision == ref {
			return true
		}
	}
	for _, a := range t.assignments {
		if a.Decision == ref {
			return true
		}
	}
	for _, h := range t.handovers {
		if h.Decision == ref {
			return true
		}
	}
	for _, c := range t.normChanges {
		if c.Decision == ref {
			return true
		}
	}
	for _, c := range t.areaChanges {
		if c.Decision == ref {
			return true
		}
	}
	return false
}
