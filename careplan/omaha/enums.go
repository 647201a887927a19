package omaha

import (
	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
)

// Domain is one of the four domains of the Problem Classification Scheme.
// The zero Domain is not valid.
type Domain int

// The four domains, in the order of the Omaha System.
const (
	// Environmental: the material resources and physical surroundings of
	// home, neighbourhood and community.
	Environmental Domain = iota + 1
	// Psychosocial: patterns of behaviour, emotion, communication,
	// relationships and development.
	Psychosocial
	// Physiological: functions and processes that maintain life.
	Physiological
	// HealthRelatedBehaviors: activities that maintain or promote wellness,
	// promote recovery and decrease the risk of disease.
	HealthRelatedBehaviors
)

var domainEnum = enum.New[Domain]("Domain", "domain", "Environmental", "Psychosocial", "Physiological", "Health-related behaviors")
var domainKeys = [...]string{"", "environmental", "psychosocial", "physiological", "health-related-behaviors"}

// Domains returns the four domains in Omaha order.
func Domains() []Domain { return domainEnum.Values() }

// Valid reports whether d is one of the four domains.
func (d Domain) Valid() bool { return domainEnum.Valid(d) }

// String returns the domain's name, e.g. "Health-related behaviors".
func (d Domain) String() string { return domainEnum.String(d) }

// Key returns a stable lower-case key for the domain, e.g.
// "health-related-behaviors".
func (d Domain) Key() string {
	if !d.Valid() {
		return ""
	}
	return domainKeys[d]
}

// ParseDomain reads a domain by name or key, in any case.
func ParseDomain(s string) (Domain, error) { return domainEnum.Parse(s) }

// MarshalText writes the domain's name, e.g. "Psychosocial"; a Domain that
// is not valid is refused with an error matching [wijk.ErrInvalid].
func (d Domain) MarshalText() ([]byte, error) { return domainEnum.MarshalText(d) }

// UnmarshalText reads a domain by name or key, as [ParseDomain] does.
func (d *Domain) UnmarshalText(b []byte) error { return domainEnum.UnmarshalText(b, d) }

// Scope is the first problem modifier: whom the problem concerns. The zero
// Scope is not valid.
type Scope int

// The three scopes.
const (
	// Individual: the problem is the client's own.
	Individual Scope = iota + 1
	// Family: the problem concerns the family or household as a whole.
	Family
	// Community: the problem concerns a group or neighbourhood.
	Community
)

var scopeEnum = enum.New[Scope]("Scope", "scope", "individual", "family", "community")

// Scopes returns the three scopes in Omaha order.
func Scopes() []Scope { return scopeEnum.Values() }

// Valid reports whether s is one of the three scopes.
func (s Scope) Valid() bool { return scopeEnum.Valid(s) }

// String returns "individual", "family" or "community".
func (s Scope) String() string { return scopeEnum.String(s) }

// ParseScope reads a scope by name, in any case.
func ParseScope(s string) (Scope, error) { return scopeEnum.Parse(s) }

// MarshalText writes "individual", "family" or "community"; the zero Scope
// is refused with an error matching [wijk.ErrInvalid].
func (s Scope) MarshalText() ([]byte, error) { return scopeEnum.MarshalText(s) }

// UnmarshalText reads a scope as [ParseScope] does.
func (s *Scope) UnmarshalText(b []byte) error { return scopeEnum.UnmarshalText(b, s) }

// Severity is the second problem modifier: how far the problem has
// developed. The zero Severity is not valid.
type Severity int

// The three severities, from least to most developed.
const (
	// HealthPromotion: no risk factors or signs; the client wants to
	// improve knowledge, behaviour or health.
	HealthPromotion Severity = iota + 1
	// Potential: risk factors but no signs/symptoms yet.
	Potential
	// Actual: one or more signs/symptoms are present.
	Actual
)

var severityEnum = enum.New[Severity]("Severity", "severity", "health promotion", "potential", "actual")

// Severities returns the three severities in Omaha order.
func Severities() []Severity { return severityEnum.Values() }

// Valid reports whether s is one of the three severities.
func (s Severity) Valid() bool { return severityEnum.Valid(s) }

// String returns "health promotion", "potential" or "actual".
func (s Severity) String() string { return severityEnum.String(s) }

// NeedsSigns reports whether a problem of this severity must be recorded
// with signs/symptoms (only Actual); the other severities take none.
func (s Severity) NeedsSigns() bool { return s == Actual }

// ParseSeverity reads a severity by name, in any case; "health-promotion"
// is read as "health promotion".
func ParseSeverity(s string) (Severity, error) { return severityEnum.Parse(s) }

// MarshalText writes the severity in words, e.g. "health promotion"; a
// Severity that is not valid is refused with an error matching
// [wijk.ErrInvalid].
func (s Severity) MarshalText() ([]byte, error) { return severityEnum.MarshalText(s) }

// UnmarshalText reads a severity as [ParseSeverity] does.
func (s *Severity) UnmarshalText(b []byte) error { return severityEnum.UnmarshalText(b, s) }

// Category is one of the four intervention categories of the Intervention
// Scheme. The zero Category is not valid.
type Category int

// The four intervention categories.
const (
	// TeachingGuidanceCounseling: giving information, anticipating
	// problems, encouraging action and responsibility for self-care.
	TeachingGuidanceCounseling Category = iota + 1
	// TreatmentsProcedures: technical activities such as wound care or
	// medication administration.
	TreatmentsProcedures
	// CaseManagement: coordination, advocacy and referral.
	CaseManagement
	// Surveillance: detecting, measuring and monitoring the client's
	// status.
	Surveillance
)

var categoryEnum = enum.New[Category]("Category", "category",
	"Teaching, guidance, and counseling", "Treatments and procedures", "Case management", "Surveillance").
	Alias(TeachingGuidanceCounseling, "TGC", "teaching").
	Alias(TreatmentsProcedures, "TP", "treatments").
	Alias(CaseManagement, "CM").
	Alias(Surveillance, "S")
var categoryAbbrevs = [...]string{"", "TGC", "TP", "CM", "S"}

// Categories returns the four intervention categories in Omaha order.
func Categories() []Category { return categoryEnum.Values() }

// Valid reports whether c is one of the four categories.
func (c Category) Valid() bool { return categoryEnum.Valid(c) }

// String returns the category's name, e.g. "Teaching, guidance, and
// counseling".
func (c Category) String() string { return categoryEnum.String(c) }

// Abbrev returns the usual abbreviation: "TGC", "TP", "CM" or "S".
func (c Category) Abbrev() string {
	if !c.Valid() {
		return ""
	}
	return categoryAbbrevs[c]
}

// ParseCategory reads a category by its full name, its abbreviation ("TGC",
// "TP", "CM", "S") or its first word ("teaching", "treatments",
// "surveillance"; "case management"), in any case.
func ParseCategory(s string) (Category, error) { return categoryEnum.Parse(s) }

// MarshalText writes the category's full name, e.g. "Case management",
// never its abbreviation; a Category that is not valid is refused with an
// error matching [wijk.ErrInvalid].
func (c Category) MarshalText() ([]byte, error) { return categoryEnum.MarshalText(c) }

// UnmarshalText reads a category in any form [ParseCategory] reads.
func (c *Category) UnmarshalText(b []byte) error { return categoryEnum.UnmarshalText(b, c) }

// Scale is one of the three scales of the Problem Rating Scale for
// Outcomes. The zero Scale is not valid.
type Scale int

// The three rating scales.
const (
	// Knowledge: what the client remembers and understands.
	Knowledge Scale = iota + 1
	// Behavior: what the client does, and how appropriate it is.
	Behavior
	// Status: the client's condition compared with the signs/symptoms.
	Status
)

// MinRating and MaxRating bound a rating on every scale: 1 is the worst
// (no knowledge, not appropriate behaviour, extreme signs/symptoms), 5 the
// best.
const (
	MinRating = 1
	MaxRating = 5
)

var scaleEnum = enum.New[Scale]("Scale", "scale", "Knowledge", "Behavior", "Status").
	Alias(Behavior, "behaviour")

// Scales returns the three scales in Omaha order: Knowledge, Behavior,
// Status.
func Scales() []Scale { return scaleEnum.Values() }

// Valid reports whether s is one of the three scales.
func (s Scale) Valid() bool { return scaleEnum.Valid(s) }

// String returns "Knowledge", "Behavior" or "Status".
func (s Scale) String() string { return scaleEnum.String(s) }

// ParseScale reads a scale by name in any case; "behaviour" is accepted
// too.
func ParseScale(s string) (Scale, error) { return scaleEnum.Parse(s) }

// MarshalText writes "Knowledge", "Behavior" or "Status"; the zero Scale is
// refused with an error matching [wijk.ErrInvalid].
func (s Scale) MarshalText() ([]byte, error) { return scaleEnum.MarshalText(s) }

// UnmarshalText reads a scale as [ParseScale] does.
func (s *Scale) UnmarshalText(b []byte) error { return scaleEnum.UnmarshalText(b, s) }

// Word returns the words for a rating on this scale, e.g. Knowledge 3 is
// "basic knowledge". The error matches [wijk.ErrInvalid] when the scale is
// not valid or the rating is outside 1–5.
func (s Scale) Word(rating int) (string, error) {
	if err := scaleEnum.Check("scale", s); err != nil {
		return "", err
	}
	if err := ValidateRating("rating", rating); err != nil {
		return "", err
	}
	return tax.scaleWords[s][rating-1], nil
}

// Words returns the five words of the scale, for ratings 1 to 5; nil when
// the scale is not valid.
func (s Scale) Words() []string {
	if !s.Valid() {
		return nil
	}
	out := make([]string, MaxRating)
	copy(out, tax.scaleWords[s][:])
	return out
}

// ValidateRating checks that r is a rating from 1 to 5; the error names
// field.
func ValidateRating(field string, r int) error {
	if r < MinRating || r > MaxRating {
		return wijk.Invalid(field, "must be a rating from %d to %d, got %d", MinRating, MaxRating, r)
	}
	return nil
}
