package team

import (
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// MaxContractPerWeek is the longest contract accepted: 60 hours a week, the
// Dutch legal ceiling on a working week.
const MaxContractPerWeek = 60 * time.Hour

// MemberParams describes a person joining a team, as a founder, a hire or
// through a split.
type MemberParams struct {
	// Person identifies the person across teams and over time. Required.
	Person wijk.ID `json:"person"`
	// Name is how the team knows them. Required, one line.
	Name string `json:"name"`
	// Level is the qualification level (3, 4 or 5). Required.
	Level Level `json:"level"`
	// ContractPerWeek is the contracted working time per week: more than
	// zero, at most [MaxContractPerWeek], in whole minutes.
	ContractPerWeek time.Duration `json:"contract_per_week"`
}

// Validate checks the params; field prefixes the error's field path.
func (p MemberParams) Validate(field string) error {
	if err := p.Person.Validate(field + ".person"); err != nil {
		return err
	}
	if err := valid.Name(field+".name", p.Name); err != nil {
		return err
	}
	if err := p.Level.Validate(field + ".level"); err != nil {
		return err
	}
	return validateContract(field+".contractPerWeek", p.ContractPerWeek)
}

func validateContract(field string, d time.Duration) error {
	if d <= 0 || d > MaxContractPerWeek {
		return wijk.Invalid(field, "must be more than 0 and at most %v, got %v", MaxContractPerWeek, d)
	}
	if d%time.Minute != 0 {
		return wijk.Invalid(field, "must be whole minutes, got %v", d)
	}
	return nil
}

// Member is one membership of one person in one team: who, at which level,
// on what contract, from when to when, and on whose decision. A person who
// leaves and later returns has two memberships; a team keeps every
// membership it ever had, so its history stays readable.
//
// Member is a value: a Team hands out copies, and changing a copy changes
// nothing in the team.
type Member struct {
	// Person identifies the person.
	Person wijk.ID `json:"person"`
	// Name is how the team knows them.
	Name string `json:"name"`
	// Level is their qualification level.
	Level Level `json:"level"`
	// ContractPerWeek is their contracted working time per week.
	ContractPerWeek time.Duration `json:"contract_per_week"`
	// Start is the first day of the membership.
	Start wijk.Date `json:"start"`
	// End is the last day of the membership (inclusive); zero while the
	// membership runs.
	End wijk.Date `json:"end"`
	// Status is active, on leave or left.
	Status MemberStatus `json:"status"`
	// Joined says how they joined: as a founder, hired, or through a split.
	Joined JoinKind `json:"joined"`
	// JoinDecision is the decision that let them join; empty only for
	// founders.
	JoinDecision DecisionRef `json:"join_decision"`
	// EndReason says why the membership ended; zero while it runs. The
	// zero EndReason has no word, so its stored form leaves it out.
	EndReason EndReason `json:"end_reason,omitzero"`
	// EndDecision is the decision that ended it; empty while it runs.
	EndDecision DecisionRef `json:"end_decision"`
}

// On reports whether the membership covers day d: Start ≤ d and, once it
// has ended, d ≤ End.
func (m Member) On(d wijk.Date) bool {
	if d.IsZero() || d.Before(m.Start) {
		return false
	}
	return m.End.IsZero() || !d.After(m.End)
}

// Current reports whether the membership still runs (active or on leave).
func (m Member) Current() bool { return m.Status.Current() }

// Actor returns the member as an [Actor] for other packages' rules.
func (m Member) Actor() Actor { return Actor{Member: m.Person, Level: m.Level} }

// Validate checks that m is a consistent membership record, as a restored
// snapshot must be. field prefixes the error's field path.
func (m Member) Validate(field string) error {
	p := MemberParams{Person: m.Person, Name: m.Name, Level: m.Level, ContractPerWeek: m.ContractPerWeek}
	if err := p.Validate(field); err != nil {
		return err
	}
	if err := valid.Date(field+".start", m.Start); err != nil {
		return err
	}
	if err := memberStatusEnum.Check(field+".status", m.Status); err != nil {
		return err
	}
	if err := joinKindEnum.Check(field+".joined", m.Joined); err != nil {
		return err
	}
	if m.Joined == JoinFounder {
		if err := m.JoinDecision.validateOptional(field + ".joinDecision"); err != nil {
			return err
		}
	} else if err := m.JoinDecision.Validate(field + ".joinDecision"); err != nil {
		return err
	}
	if m.Status == StatusLeft {
		if m.End.IsZero() {
			return wijk.Invalid(field+".end", "is required once the member has left")
		}
		if m.End.Before(m.Start) {
			return wijk.Invalid(field+".end", "must not be before start %v, got %v", m.Start, m.End)
		}
		if !m.EndReason.Valid() {
			return wijk.Invalid(field+".endReason", "must be left or split once the member has left")
		}
		return m.EndDecision.Validate(field + ".endDecision")
	}
	if !m.End.IsZero() {
		return wijk.Invalid(field+".end", "must be empty while the membership runs")
	}
	if m.EndReason != 0 {
		return wijk.Invalid(field+".endReason", "must be empty while the membership runs")
	}
	if m.EndDecision != "" {
		return wijk.Invalid(field+".endDecision", "must be empty while the membership runs")
	}
	return nil
}
