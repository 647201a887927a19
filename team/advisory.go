package team

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
)

// AdvisoryKind names something a team may want to look at. Advisories are
// not errors: norms are the team's own, and the team decides what to do.
// The zero value is not valid.
type AdvisoryKind int

// The advisories a team can list.
const (
	// AdvisoryUnheldRole: a role in use that nobody holds.
	AdvisoryUnheldRole AdvisoryKind = iota + 1
	// AdvisoryTermExpired: a role still held past the end of its term.
	AdvisoryTermExpired
	// AdvisoryRoleConcentration: one member holds more roles than the
	// norm allows; hierarchy creeps back when roles pile up.
	AdvisoryRoleConcentration
	// AdvisoryNoDistrictNurse: no current member is a level-5 district
	// nurse, so nobody may assess clients' needs.
	AdvisoryNoDistrictNurse
	// AdvisoryOverSize: the team has more current members than its size
	// norm; time to consider a split.
	AdvisoryOverSize
	// AdvisoryCaseload: the team's caseload lies outside its caseload
	// norm (see [Team.CaseloadAdvisory]).
	AdvisoryCaseload
)

var advisoryKindEnum = enum.New[AdvisoryKind]("AdvisoryKind", "kind", "unheld role", "term expired", "role concentration", "no district nurse", "over size norm", "caseload outside norm")

// String returns the kind in words, e.g. "unheld role".
func (k AdvisoryKind) String() string { return advisoryKindEnum.String(k) }

// Valid reports whether k is a defined kind.
func (k AdvisoryKind) Valid() bool { return advisoryKindEnum.Valid(k) }

// ParseAdvisoryKind reads a kind written by String.
func ParseAdvisoryKind(s string) (AdvisoryKind, error) {
	return advisoryKindEnum.Parse(s)
}

// MarshalText writes the advisory's kind in words, e.g. "over size norm";
// an AdvisoryKind that is not valid is refused with an error matching
// [wijk.ErrInvalid].
func (k AdvisoryKind) MarshalText() ([]byte, error) { return advisoryKindEnum.MarshalText(k) }

// UnmarshalText reads an advisory kind as [ParseAdvisoryKind] does.
func (k *AdvisoryKind) UnmarshalText(b []byte) error { return advisoryKindEnum.UnmarshalText(b, k) }

// Advisory is one thing a team may want to look at, with a message in plain
// words.
type Advisory struct {
	// Kind says what it is about.
	Kind AdvisoryKind
	// Role is the role concerned, if any.
	Role RoleName
	// Member is the person concerned, if any.
	Member wijk.ID
	// Message explains it in words.
	Message string
}

// Advisories lists what the team may want to look at on day on: roles
// nobody holds, terms that ran out, members holding more roles than the
// norm, no level-5 district nurse, more members than the size norm. The
// list is sorted by kind, then role, then member, so it is the same for the
// same team and day.
func (t *Team) Advisories(on wijk.Date) []Advisory {
	var out []Advisory
	for _, r := range t.roles {
		if !r.Retired.IsZero() && !on.Before(r.Retired) {
			continue
		}
		i, held := t.currentAssignment(r.Name)
		if !held {
			out = append(out, Advisory{Kind: AdvisoryUnheldRole, Role: r.Name,
				Message: fmt.Sprintf("nobody holds the role %q", r.Name)})
			continue
		}
		a := t.assignments[i]
		if a.Until.Before(on) {
			out = append(out, Advisory{Kind: AdvisoryTermExpired, Role: r.Name, Member: a.Holder,
				Message: fmt.Sprintf("%s's term as %s ended on %v; renew it or hand the role over", t.nameOf(a.Holder), r.Name, a.Until)})
		}
	}
	for _, m := range t.members {
		if !m.Current() {
			continue
		}
		if roles := t.RolesOf(m.Person); len(roles) > t.norms.MaxRolesPerMember {
			names := make([]string, len(roles))
			for i, r := range roles {
				names[i] = string(r)
			}
			out = append(out, Advisory{Kind: AdvisoryRoleConcentration, Member: m.Person,
				Message: fmt.Sprintf("%s holds %d roles (%s), more than the norm of %d",
					m.Name, len(roles), strings.Join(names, ", "), t.norms.MaxRolesPerMember)})
		}
	}
	level5 := false
	for _, m := range t.members {
		if m.Current() && m.Level == Level5 {
			level5 = true
		}
	}
	if !level5 {
		out = append(out, Advisory{Kind: AdvisoryNoDistrictNurse,
			Message: "no member is a level-5 district nurse, so nobody may assess clients' needs"})
	}
	if n := t.Size(); n > t.norms.SizeNorm {
		out = append(out, Advisory{Kind: AdvisoryOverSize,
			Message: fmt.Sprintf("the team has %d members, more than its size norm of %d; consider a split", n, t.norms.SizeNorm)})
	}
	sortAdvisories(out)
	return out
}

// CaseloadAdvisory compares a caseload (the number of clients the team
// serves, which the care records know) with the team's caseload norm, and
// returns an advisory when it lies outside.
func (t *Team) CaseloadAdvisory(clients int) (Advisory, bool) {
	switch {
	case clients > t.norms.CaseloadMax:
		return Advisory{Kind: AdvisoryCaseload, Message: fmt.Sprintf(
			"the team serves %d clients, more than its caseload norm of %d–%d; consider a split",
			clients, t.norms.CaseloadMin, t.norms.CaseloadMax)}, true
	case clients < t.norms.CaseloadMin:
		return Advisory{Kind: AdvisoryCaseload, Message: fmt.Sprintf(
			"the team serves %d clients, fewer than its caseload norm of %d–%d",
			clients, t.norms.CaseloadMin, t.norms.CaseloadMax)}, true
	}
	return Advisory{}, false
}

func sortAdvisories(a []Advisory) {
	slices.SortStableFunc(a, func(x, y Advisory) int {
		if x.Kind != y.Kind {
			return int(x.Kind) - int(y.Kind)
		}
		if c := strings.Compare(string(x.Role), string(y.Role)); c != 0 {
			return c
		}
		return strings.Compare(string(x.Member), string(y.Member))
	})
}

// nameOf returns the name of person's latest membership, or the ID.
func (t *Team) nameOf(person wijk.ID) string {
	if i, ok := t.lastMembership(person); ok {
		return t.members[i].Name
	}
	return string(person)
}
