package omaha

import (
	"fmt"
	"strings"

	"github.com/wijkzorg/wijk"
)

// normalise folds s for matching names: trimmed, lower case, hyphens and
// underscores read as spaces, runs of white space as one space.
func normalise(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

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

var domainNames = [...]string{"", "Environmental", "Psychosocial", "Physiological", "Health-related behaviors"}
var domainKeys = [...]string{"", "environmental", "psychosocial", "physiological", "health-related-behaviors"}

// Domains returns the four domains in Omaha order.
func Domains() []Domain {
	return []Domain{Environmental, Psychosocial, Physiological, HealthRelatedBehaviors}
}

// Valid reports whether d is one of the four domains.
func (d Domain) Valid() bool { return d >= Environmental && d <= HealthRelatedBehaviors }

// String returns the domain's name, e.g. "Health-related behaviors".
func (d Domain) String() string {
	if !d.Valid() {
		return fmt.Sprintf("Domain(%d)", int(d))
	}
	return domainNames[d]
}

// Key returns a stable lower-case key for the domain, e.g.
// "health-related-behaviors".
func (d Domain) Key() string {
	if !d.Valid() {
		return ""
	}
	return domainKeys[d]
}

// ParseDomain reads a domain by name or key, in any case.
func ParseDomain(s string) (Domain, error) {
	n := normalise(s)
	for _, d := range Domains() {
		if n != "" && (n == normalise(d.String()) || n == normalise(d.Key())) {
			return d, nil
		}
	}
	return 0, wijk.Invalid("domain", "must be one of Environmental, Psychosocial, Physiological, Health-related behaviors; got %q", s)
}

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

var scopeNames = [...]string{"", "individual", "family", "community"}

// Scopes returns the three scopes in Omaha order.
func Scopes() []Scope { return []Scope{Individual, Family, Community} }

// Valid reports whether s is one of the three scopes.
func (s Scope) Valid() bool { return s >= Individual && s <= Community }

// String returns "individual", "family" or "community".
func (s Scope) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Scope(%d)", int(s))
	}
	return scopeNames[s]
}

// ParseScope reads a scope by name, in any case.
func ParseScope(s string) (Scope, error) {
	n := normalise(s)
	for _, v := range Scopes() {
		if n == v.String() {
			return v, nil
		}
	}
	return 0, wijk.Invalid("scope", "must be individual, family or community; got %q", s)
}

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

var severityNames = [...]string{"", "health promotion", "potential", "actual"}

// Severities returns the three severities in Omaha order.
func Severities() []Severity { return []Severity{HealthPromotion, Potential, Actual} }

// Valid reports whether s is one of the three severities.
func (s Severity) Valid() bool { return s >= HealthPromotion && s <= Actual }

// String returns "health promotion", "potential" or "actual".
func (s Severity) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// NeedsSigns reports whether a problem of this severity must be recorded
// with signs/symptoms (only Actual); the other severities take none.
func (s Severity) NeedsSigns() bool { return s == Actual }

// ParseSeverity reads a severity by name, in any case; "health-promotion"
// is read as "health promotion".
func ParseSeverity(s string) (Severity, error) {
	n := normalise(s)
	for _, v := range Severities() {
		if n == v.String() {
			return v, nil
		}
	}
	return 0, wijk.Invalid("severity", "must be health promotion, potential or actual; got %q", s)
}

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

var categoryNames = [...]string{"", "Teaching, guidance, and counseling", "Treatments and procedures", "Case management", "Surveillance"}
var categoryAbbrevs = [...]string{"", "TGC", "TP", "CM", "S"}
var categoryShort = [...]string{"", "teaching", "treatments", "case management", "surveillance"}

// Categories returns the four intervention categories in Omaha order.
func Categories() []Category {
	return []Category{TeachingGuidanceCounseling, TreatmentsProcedures, CaseManagement, Surveillance}
}

// Valid reports whether c is one of the four categories.
func (c Category) Valid() bool { return c >= TeachingGuidanceCounseling && c <= Surveillance }

// String returns the category's name, e.g. "Teaching, guidance, and
// counseling".
func (c Category) String() string {
	if !c.Valid() {
		return fmt.Sprintf("Category(%d)", int(c))
	}
	return categoryNames[c]
}

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
func ParseCategory(s string) (Category, error) {
	n := normalise(s)
	if n != "" {
		for _, c := range Categories() {
			if n == normalise(c.String()) || n == strings.ToLower(c.Abbrev()) || n == categoryShort[c] {
				return c, nil
			}
		}
	}
	return 0, wijk.Invalid("category", "must be one of %q, %q, %q, %q (or TGC, TP, CM, S); got %q",
		categoryNames[1], categoryNames[2], categoryNames[3], categoryNames[4], s)
}

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

var scaleNames = [...]string{"", "Knowledge", "Behavior", "Status"}

// Scales returns the three scales in Omaha order: Knowledge, Behavior,
// Status.
func Scales() []Scale { return []Scale{Knowledge, Behavior, Status} }

// Valid reports whether s is one of the three scales.
func (s Scale) Valid() bool { return s >= Knowledge && s <= Status }

// String returns "Knowledge", "Behavior" or "Status".
func (s Scale) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Scale(%d)", int(s))
	}
	return scaleNames[s]
}

// ParseScale reads a scale by name in any case; "behaviour" is accepted
// too.
func ParseScale(s string) (Scale, error) {
	n := normalise(s)
	if n == "behaviour" {
		return Behavior, nil
	}
	for _, v := range Scales() {
		if n == strings.ToLower(v.String()) {
			return v, nil
		}
	}
	return 0, wijk.Invalid("scale", "must be Knowledge, Behavior or Status; got %q", s)
}

// Word returns the words for a rating on this scale, e.g. Knowledge 3 is
// "basic knowledge". The error matches [wijk.ErrInvalid] when the scale is
// not valid or the rating is outside 1–5.
func (s Scale) Word(rating int) (string, error) {
	if !s.Valid() {
		return "", wijk.Invalid("scale", "must be Knowledge, Behavior or Status")
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
