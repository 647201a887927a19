package consensus

import (
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/team"
)

// PayloadKind names the kind of change a proposal makes to its team, or
// the plan it adopts. The zero value is not valid.
type PayloadKind int

// The kinds of payload.
const (
	// PayloadHire: the team hires a person.
	PayloadHire PayloadKind = iota + 1
	// PayloadLeave: a member leaves the team.
	PayloadLeave
	// PayloadAssignRole: a member takes on a role.
	PayloadAssignRole
	// PayloadHandOverRole: a role passes from one member to another.
	PayloadHandOverRole
	// PayloadSplit: the team splits in two.
	PayloadSplit
	// PayloadChangeNorms: the team changes its norms.
	PayloadChangeNorms
	// PayloadChangeNeighbourhood: the team changes the area it serves.
	PayloadChangeNeighbourhood
	// PayloadAdoptRoster: the team adopts a proposed roster.
	PayloadAdoptRoster
	// PayloadAdoptDayPlan: the team adopts a proposed visit plan for a day.
	PayloadAdoptDayPlan
)

var payloadEnum = enum.New[PayloadKind]("PayloadKind", "payload.kind", "hire", "leave", "assign role", "hand over role", "split", "change norms", "change neighbourhood", "adopt roster", "adopt day plan")

// PayloadKinds returns every valid PayloadKind.
func PayloadKinds() []PayloadKind {
	return payloadEnum.Values()
}

// Valid reports whether k is a defined kind.
func (k PayloadKind) Valid() bool { return payloadEnum.Valid(k) }

// String returns the kind in words, e.g. "hand over role".
func (k PayloadKind) String() string { return payloadEnum.String(k) }

// ParsePayloadKind reads a kind as written by String.
func ParsePayloadKind(v string) (PayloadKind, error) {
	return payloadEnum.Parse(v)
}

// MarshalText writes the payload's kind in words, e.g. "hand over role"; a
// PayloadKind that is not valid is refused with an error matching
// [wijk.ErrInvalid].
func (k PayloadKind) MarshalText() ([]byte, error) { return payloadEnum.MarshalText(k) }

// UnmarshalText reads a payload kind as [ParsePayloadKind] does.
func (k *PayloadKind) UnmarshalText(b []byte) error { return payloadEnum.UnmarshalText(b, k) }

// Payload is a typed change to the team that a proposal carries. Once the
// proposal is adopted and logged, [Apply] makes the change through package
// team, with the decision as its reference. The set of payloads is closed:
// only the types of this package implement it.
type Payload interface {
	// Kind says which change this is.
	Kind() PayloadKind
	// Validate checks the payload on its own (the team's state is checked
	// when it is applied).
	Validate() error
	isPayload()
}

// Hire is the decision to take a person on: they join the team on Start.
type Hire struct {
	// Member describes the person joining.
	Member team.MemberParams `json:"member"`
	// Start is their first day.
	Start wijk.Date `json:"start"`
}

// Kind returns PayloadHire.
func (Hire) Kind() PayloadKind { return PayloadHire }

// Validate checks the person and the start day.
func (h Hire) Validate() error {
	if err := h.Member.Validate("member"); err != nil {
		return err
	}
	return valid.Date("start", h.Start)
}

func (Hire) isPayload() {}

// Leave is the decision that a member leaves; LastDay is their last day in
// the team.
type Leave struct {
	// Person is the leaving member.
	Person wijk.ID `json:"person"`
	// LastDay is their last day in the team.
	LastDay wijk.Date `json:"last_day"`
}

// Kind returns PayloadLeave.
func (Leave) Kind() PayloadKind { return PayloadLeave }

// Validate checks the person and the last day.
func (l Leave) Validate() error {
	if err := l.Person.Validate("person"); err != nil {
		return err
	}
	return valid.Date("lastDay", l.LastDay)
}

func (Leave) isPayload() {}

// AssignRole is the decision that a member takes on an unheld role for a
// term (both days inclusive).
type AssignRole struct {
	// Role is the role, in canonical form (see team.ParseRoleName).
	Role team.RoleName `json:"role"`
	// Holder is the member taking it on.
	Holder wijk.ID `json:"holder"`
	// From and Until bound the term.
	From  wijk.Date `json:"from"`
	Until wijk.Date `json:"until"`
}

// Kind returns PayloadAssignRole.
func (AssignRole) Kind() PayloadKind { return PayloadAssignRole }

// Validate checks the role, the holder and the term.
func (a AssignRole) Validate() error {
	if err := a.Role.Validate("role"); err != nil {
		return err
	}
	if err := a.Holder.Validate("holder"); err != nil {
		return err
	}
	return validTerm("from", a.From, a.Until)
}

func (AssignRole) isPayload() {}

// HandOverRole is the decision that a held role passes to another member
// from day On, for a new term ending on Until; Note says what is handed
// over.
type HandOverRole struct {
	// Role is the role, in canonical form.
	Role team.RoleName `json:"role"`
	// To is the new holder.
	To wijk.ID `json:"to"`
	// On is the first day of the new holder; Until ends the new term.
	On    wijk.Date `json:"on"`
	Until wijk.Date `json:"until"`
	// Note says what is handed over and what is pending.
	Note string `json:"note"`
}

// Kind returns PayloadHandOverRole.
func (HandOverRole) Kind() PayloadKind { return PayloadHandOverRole }

// Validate checks the role, the new holder, the term and the note.
func (h HandOverRole) Validate() error {
	if err := h.Role.Validate("role"); err != nil {
		return err
	}
	if err := h.To.Validate("to"); err != nil {
		return err
	}
	if err := validTerm("on", h.On, h.Until); err != nil {
		return err
	}
	return valid.Text("note", h.Note, valid.MaxText)
}

func (HandOverRole) isPayload() {}

// Split is the decision to split the team in two along a split proposal
// computed by package team (see team.Team.ProposeSplit); side B becomes a
// new team starting On.
type Split struct {
	// Proposal is the split the team adopted.
	Proposal team.SplitProposal `json:"proposal"`
	// On is the new team's first day.
	On wijk.Date `json:"on"`
	// NewTeamID and NewTeamName identify the new team.
	NewTeamID   wijk.ID `json:"new_team_id"`
	NewTeamName string  `json:"new_team_name"`
	// NewArea names the new team's neighbourhood; optional when side B has
	// postcode areas.
	NewArea string `json:"new_area"`
}

// Kind returns PayloadSplit.
func (Split) Kind() PayloadKind { return PayloadSplit }

// Validate checks the split's own fields; whether the proposal still fits
// the team is checked when it is applied.
func (s Split) Validate() error {
	if err := s.Proposal.Team.Validate("proposal.team"); err != nil {
		return err
	}
	seen := map[wijk.ID]bool{}
	for i, side := range s.Proposal.Sides {
		if len(side.Members) == 0 {
			return wijk.Invalid(fmt.Sprintf("proposal.sides[%d].members", i), "must name at least one member")
		}
		for j, m := range side.Members {
			f := fmt.Sprintf("proposal.sides[%d].members[%d]", i, j)
			if err := m.Validate(f); err != nil {
				return err
			}
			if seen[m] {
				return wijk.Invalid(f, "names member %s on both sides or twice", m)
			}
			seen[m] = true
		}
	}
	if err := valid.Date("on", s.On); err != nil {
		return err
	}
	if err := s.NewTeamID.Validate("newTeamID"); err != nil {
		return err
	}
	if s.NewTeamID == s.Proposal.Team {
		return wijk.Invalid("newTeamID", "must differ from the team being split")
	}
	if err := valid.Name("newTeamName", s.NewTeamName); err != nil {
		return err
	}
	return valid.Text("newArea", s.NewArea, valid.MaxName)
}

func (Split) isPayload() {}

// ChangeNorms is the decision to hold the team to new norms (size,
// caseload, roles per member).
type ChangeNorms struct {
	// Norms are the new norms.
	Norms team.Norms `json:"norms"`
}

// Kind returns PayloadChangeNorms.
func (ChangeNorms) Kind() PayloadKind { return PayloadChangeNorms }

// Validate checks the norms.
func (c ChangeNorms) Validate() error { return c.Norms.Validate("norms") }

func (ChangeNorms) isPayload() {}

// ChangeNeighbourhood is the decision to serve another area: a new name,
// other postcodes, or both.
type ChangeNeighbourhood struct {
	// Neighbourhood is the area the team serves from now on.
	Neighbourhood team.Neighbourhood `json:"neighbourhood"`
}

// Kind returns PayloadChangeNeighbourhood.
func (ChangeNeighbourhood) Kind() PayloadKind { return PayloadChangeNeighbourhood }

// Validate checks the neighbourhood.
func (c ChangeNeighbourhood) Validate() error { return c.Neighbourhood.Validate("neighbourhood") }

func (ChangeNeighbourhood) isPayload() {}

// AdoptRoster is the decision to adopt a proposed roster: the plan with
// ID Roster whose content has the digest Digest (see
// planning.Roster.Digest). The digest ties the decision to the roster the
// team saw: a roster revised after the decision, or another roster, is
// not adopted by it. Storage checks both when the adoption is written.
// It changes no team: [Apply] refuses it; the service's AdoptRoster and
// ReplanRoster carry it out.
type AdoptRoster struct {
	// Roster is the ID of the roster adopted.
	Roster wijk.ID `json:"roster"`
	// Digest is the roster's content digest, as planning.Roster.Digest
	// gives it.
	Digest string `json:"digest"`
}

// Kind returns PayloadAdoptRoster.
func (AdoptRoster) Kind() PayloadKind { return PayloadAdoptRoster }

// Validate checks the roster's ID and the digest's form.
func (a AdoptRoster) Validate() error {
	if err := a.Roster.Validate("roster"); err != nil {
		return err
	}
	return validDigest("digest", a.Digest)
}

func (AdoptRoster) isPayload() {}

// AdoptDayPlan is the decision to adopt a proposed visit plan for a day:
// the plan with ID Plan whose content has the digest Digest (see
// planning.DayPlan.Digest), as [AdoptRoster] is for a roster.
type AdoptDayPlan struct {
	// Plan is the ID of the visit plan adopted.
	Plan wijk.ID `json:"plan"`
	// Digest is the plan's content digest, as planning.DayPlan.Digest
	// gives it.
	Digest string `json:"digest"`
}

// Kind returns PayloadAdoptDayPlan.
func (AdoptDayPlan) Kind() PayloadKind { return PayloadAdoptDayPlan }

// Validate checks the plan's ID and the digest's form.
func (a AdoptDayPlan) Validate() error {
	if err := a.Plan.Validate("plan"); err != nil {
		return err
	}
	return validDigest("digest", a.Digest)
}

func (AdoptDayPlan) isPayload() {}

// AdoptedPlan returns the plan a decision's payload adopts: its ID and
// digest, and false when the payload adopts no plan of that kind. kind is
// PayloadAdoptRoster or PayloadAdoptDayPlan.
func AdoptedPlan(p Payload, kind PayloadKind) (id wijk.ID, digest string, ok bool) {
	switch a := p.(type) {
	case AdoptRoster:
		return a.Roster, a.Digest, kind == PayloadAdoptRoster
	case AdoptDayPlan:
		return a.Plan, a.Digest, kind == PayloadAdoptDayPlan
	}
	return "", "", false
}

// validDigest checks a content digest: 64 lowercase hexadecimal digits,
// a SHA-256 sum.
func validDigest(field, d string) error {
	if len(d) != 64 {
		return wijk.Invalid(field, "must be a SHA-256 digest of 64 hexadecimal digits, got %d characters", len(d))
	}
	for _, c := range d {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return wijk.Invalid(field, "must be a SHA-256 digest of 64 lowercase hexadecimal digits")
		}
	}
	return nil
}

// validatePayload checks an optional payload under field. Only the value
// types of this package are payloads: their pointers satisfy the interface
// too, but a nil one cannot be read and Apply and storage know only the
// values, so a pointer is refused rather than dereferenced.
func validatePayload(field string, p Payload) error {
	switch p.(type) {
	case nil:
		return nil
	case Hire, Leave, AssignRole, HandOverRole, Split, ChangeNorms, ChangeNeighbourhood, AdoptRoster, AdoptDayPlan:
		return wijk.InField(field, p.Validate())
	}
	return wijk.Invalid(field, "must be a Hire, Leave, AssignRole, HandOverRole, Split, ChangeNorms, ChangeNeighbourhood, AdoptRoster or AdoptDayPlan value, got %T", p)
}

func validTerm(field string, from, until wijk.Date) error {
	if err := valid.Date(field, from); err != nil {
		return err
	}
	if err := valid.Date("until", until); err != nil {
		return err
	}
	if until.Before(from) {
		return wijk.Invalid("until", "must not be before %s (%s)", field, from)
	}
	return nil
}

// Apply carries out the payload of an adopted, logged decision on its team
// through package team, with the decision's ID as the team's decision
// reference, so the change can be traced back to the decision. now stamps
// the team's records. A split returns the new team; every other payload
// returns nil. The decision must be valid, carry a payload that changes
// the team (not [AdoptRoster] or [AdoptDayPlan], which adopt a plan) and
// belong to t; team's own rules decide the rest (a person already a
// member, a role already held), and on any error the team is unchanged.
//
// Apply cannot know whether d is really in the team's decision log or has
// been superseded since; [DecisionLog.Apply] checks both and is the safer
// call when the log is at hand.
func Apply(d Decision, t *team.Team, now time.Time) (*team.Team, error) {
	if err := d.Validate(); err != nil {
		return nil, wijk.InField("decision", err)
	}
	if d.Payload == nil {
		return nil, wijk.Invalid("decision.payload", "the decision carries no change to the team")
	}
	if t == nil {
		return nil, wijk.Invalid("team", "is required")
	}
	if t.ID() != d.Team {
		return nil, wijk.Invalid("team", "decision %s is of team %s, not %s", d.ID, d.Team, t.ID())
	}
	if err := valid.Time("now", now); err != nil {
		return nil, err
	}
	ref, err := team.ParseDecisionRef(string(d.ID))
	if err != nil {
		return nil, err
	}
	switch p := d.Payload.(type) {
	case Hire:
		return nil, t.Hire(ref, p.Start, p.Member)
	case Leave:
		return nil, t.Leave(ref, p.Person, p.LastDay, now)
	case AssignRole:
		return nil, t.AssignRole(ref, p.Role, p.Holder, p.From, p.Until, now)
	case HandOverRole:
		return nil, t.HandOverRole(ref, p.Role, p.To, p.On, p.Until, p.Note, now)
	case Split:
		return t.ApplySplit(p.Proposal, team.ApplySplitParams{Decision: ref, On: p.On,
			NewTeamID: p.NewTeamID, NewTeamName: p.NewTeamName, NewArea: p.NewArea, Now: now})
	case ChangeNorms:
		return nil, t.ChangeNorms(ref, p.Norms, now)
	case ChangeNeighbourhood:
		return nil, t.ChangeNeighbourhood(ref, p.Neighbourhood, now)
	case AdoptRoster, AdoptDayPlan:
		return nil, wijk.Invalid("decision.payload", "decision %s adopts a plan and changes no team: it is carried out by adopting that plan", d.ID)
	}
	return nil, wijk.Invalid("decision.payload", "unknown payload kind %s", d.Payload.Kind())
}

// Apply carries out the payload of the logged decision id on team t, as the
// package-level [Apply] does, after checking what only the log knows: that
// the decision is in this log ([wijk.ErrNotFound]) and has not been
// superseded by a later one ([wijk.ErrConflict]). Prefer it to the
// package-level function whenever the log is at hand.
func (l *DecisionLog) Apply(id wijk.ID, t *team.Team, now time.Time) (*team.Team, error) {
	d, err := l.Get(id)
	if err != nil {
		return nil, err
	}
	if by, ok := l.SupersededBy(id); ok {
		return nil, wijk.Conflictf("decision %s was superseded by decision %s; apply that one instead", id, by)
	}
	return Apply(d, t, now)
}
