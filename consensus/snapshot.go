package consensus

import (
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// ProposalSnapshot is the full state of a proposal, for storage. Read it
// with [Proposal.Snapshot]; rebuild the proposal with [RestoreProposal].
// Each field holds what the getter of the same name returns (Facilitator
// is the meeting's facilitator, before any coach).
// A storage backend keeps Rule by its name (see [RuleByName]) and each
// version's Payload by its kind.
type ProposalSnapshot struct {
	ID, Team, Owner wijk.ID
	Title           string
	Rule            Rule
	Quorum          Quorum
	MaxRounds       int
	Revisits        wijk.ID
	CreatedAt       time.Time
	State           State
	Versions        []Version
	Eligible        []wijk.ID
	Stances         []Stance
	Transitions     []Transition
	RoundOpened     time.Time
	RoundCloses     time.Time
	Coach           wijk.ID
	Meeting         wijk.ID
	Facilitator     wijk.ID
}

// Snapshot returns the proposal's full state; the slices are copies.
func (p *Proposal) Snapshot() ProposalSnapshot {
	return ProposalSnapshot{
		ID: p.id, Team: p.team, Owner: p.owner, Title: p.title,
		Rule: p.rule, Quorum: p.quorum, MaxRounds: p.maxRounds,
		Revisits: p.revisits, CreatedAt: p.createdAt,
		State: p.state, Versions: p.Versions(), Eligible: p.Eligible(),
		Stances: p.Stances(), Transitions: p.Transitions(),
		RoundOpened: p.roundOpened, RoundCloses: p.roundCloses,
		Coach: p.coach, Meeting: p.meeting, Facilitator: p.facilitator,
	}
}

// RestoreProposal rebuilds a proposal from a snapshot, checking every
// invariant the operations keep: a header NewProposal would accept,
// numbered versions, a chain of transitions the state machine allows
// ending in the snapshot's state, times that never go back, stances only by
// eligible members on existing versions and within a consent round on
// their version, consistent objection tests, and an adoption or expiry the
// decision rule agrees with.
// The error matches [wijk.ErrInvalid] and names the field.
func RestoreProposal(s ProposalSnapshot) (*Proposal, error) {
	if len(s.Versions) == 0 {
		return nil, wijk.Invalid("versions", "must hold at least version 1")
	}
	if err := validateHeader(ProposalParams{
		ID: s.ID, Team: s.Team, Owner: s.Owner, Title: s.Title, Text: s.Versions[0].Text,
		Reason: s.Versions[0].Reason, Rule: s.Rule, Quorum: s.Quorum, MaxRounds: s.MaxRounds,
		Payload: s.Versions[0].Payload, Revisits: s.Revisits, CreatedAt: s.CreatedAt,
	}); err != nil {
		return nil, err
	}
	if err := stateEnum.Check("state", s.State); err != nil {
		return nil, err
	}
	if err := checkVersions(s); err != nil {
		return nil, err
	}
	eligible, err := idSet("eligible", s.Eligible)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(eligible, s.Eligible) {
		return nil, wijk.Invalid("eligible", "must be sorted")
	}
	p := &Proposal{
		id: s.ID, team: s.Team, owner: s.Owner, title: s.Title,
		rule: s.Rule, quorum: s.Quorum, maxRounds: s.MaxRounds,
		revisits: s.Revisits, createdAt: s.CreatedAt,
		state: s.State, versions: slices.Clone(s.Versions), eligible: eligible,
		stances: slices.Clone(s.Stances), transitions: slices.Clone(s.Transitions),
		roundOpened: s.RoundOpened, roundCloses: s.RoundCloses,
		coach: s.Coach, meeting: s.Meeting, facilitator: s.Facilitator,
	}
	if err := p.checkTransitions(); err != nil {
		return nil, err
	}
	if err := p.checkStances(); err != nil {
		return nil, err
	}
	if err := p.checkStanceTimes(); err != nil {
		return nil, err
	}
	if err := p.checkOutcome(); err != nil {
		return nil, err
	}
	if err := p.checkRefs(); err != nil {
		return nil, err
	}
	return p, nil
}

func checkVersions(s ProposalSnapshot) error {
	prev := s.CreatedAt
	for i, v := range s.Versions {
		f := fmt.Sprintf("versions[%d]", i)
		if v.Number != i+1 {
			return wijk.Invalid(f+".number", "must be %d", i+1)
		}
		if err := valid.Required(f+".text", v.Text, valid.MaxText); err != nil {
			return err
		}
		if err := valid.Required(f+".reason", v.Reason, valid.MaxText); err != nil {
			return err
		}
		if v.Author != s.Owner {
			return wijk.Invalid(f+".author", "must be the owner")
		}
		if err := valid.Time(f+".at", v.At); err != nil {
			return err
		}
		if v.At.Before(prev) {
			return wijk.Invalid(f+".at", "must not be before the previous version or the draft")
		}
		prev = v.At
		if i == 0 && v.Change != "" {
			return wijk.Invalid(f+".change", "must be empty for version 1")
		}
		if i > 0 {
			if err := valid.Required(f+".change", v.Change, valid.MaxText); err != nil {
				return err
			}
		}
		if err := validatePayload(f+".payload", v.Payload); err != nil {
			return err
		}
	}
	return nil
}

func (p *Proposal) checkTransitions() error {
	state, prev, version := Draft, p.createdAt, 1
	rounds, escalated, presented := 0, false, false
	for i, t := range p.transitions {
		f := fmt.Sprintf("transitions[%d]", i)
		if t.From != state {
			return wijk.Invalid(f+".from", "must be %s, the state the previous step reached", state)
		}
		if !CanMove(t.From, t.To) {
			return wijk.Invalid(f+".to", "the state machine has no step from %s to %s", t.From, t.To)
		}
		if t.By == "" {
			if t.From != ConsentRound || (t.To != Adopted && t.To != Expired) {
				return wijk.Invalid(f+".by", "is required except when a deadline closes a round")
			}
		} else if err := t.By.Validate(f + ".by"); err != nil {
			return err
		}
		if err := valid.Time(f+".at", t.At); err != nil {
			return err
		}
		if t.At.Before(prev) {
			return wijk.Invalid(f+".at", "must not be before the previous step")
		}
		if err := valid.Required(f+".why", t.Why, valid.MaxText); err != nil {
			return err
		}
		if t.To == Amended {
			version++
		}
		if t.Version != version {
			return wijk.Invalid(f+".version", "must be %d, the version current after the step", version)
		}
		switch t.To {
		case ConsentRound:
			rounds++
		case Escalated:
			escalated = true
		case Presented:
			presented = true
		}
		state, prev = t.To, t.At
	}
	if err := valid.OptionalTime("roundOpened", p.roundOpened); err != nil {
		return err
	}
	if err := valid.OptionalTime("roundCloses", p.roundCloses); err != nil {
		return err
	}
	switch {
	case state != p.state:
		return wijk.Invalid("state", "must be %s, the state the last step reached", state)
	case version != len(p.versions):
		return wijk.Invalid("versions", "must hold %d versions, one per amendment plus the first", version)
	case presented != (len(p.eligible) > 0):
		return wijk.Invalid("eligible", "must be set exactly when the proposal has been presented")
	case escalated != (p.coach != ""):
		return wijk.Invalid("coach", "must be set exactly when the proposal has been escalated")
	case rounds > 0 && (p.roundOpened.IsZero() || !p.roundCloses.After(p.roundOpened)):
		return wijk.Invalid("roundCloses", "must be after roundOpened once a round was held")
	case rounds == 0 && (!p.roundOpened.IsZero() || !p.roundCloses.IsZero()):
		return wijk.Invalid("roundOpened", "must be zero before the first round")
	}
	return nil
}

func (p *Proposal) checkStances() error {
	for i, s := range p.stances {
		f := fmt.Sprintf("stances[%d]", i)
		if err := wijk.InField(f, (StanceParams{Member: s.Member, Kind: s.Kind, Reason: s.Reason, Harm: s.Harm, At: s.At}).validate()); err != nil {
			return err
		}
		if !p.isEligible(s.Member) {
			return wijk.Invalid(f+".member", "must be an eligible member")
		}
		if s.Version < 1 || s.Version > len(p.versions) {
			return wijk.Invalid(f+".version", "must be between 1 and %d", len(p.versions))
		}
		if i > 0 && s.Version < p.stances[i-1].Version {
			return wijk.Invalid(f+".version", "must not go back to an earlier version")
		}
		tested := s.Objection == ValidObjection || s.Objection == NotValid
		switch {
		case s.Kind == Objection && s.Objection == NotAnObjection, s.Kind != Objection && s.Objection != NotAnObjection, !s.Objection.Valid():
			return wijk.Invalid(f+".objection", "must be untested, valid or not valid for an objection, and not an objection otherwise")
		case tested:
			if err := s.TestedBy.Validate(f + ".testedBy"); err != nil {
				return err
			}
			if err := valid.Required(f+".testReason", s.TestReason, valid.MaxText); err != nil {
				return err
			}
			if err := valid.Time(f+".testedAt", s.TestedAt); err != nil {
				return err
			}
			if s.TestedAt.Before(s.At) {
				return wijk.Invalid(f+".testedAt", "must not be before the objection")
			}
			if s.Objection == NotValid && s.TestedBy == p.owner {
				return wijk.Invalid(f+".testedBy", "must not be the proposal's owner when the objection was ruled not valid")
			}
		case s.TestedBy != "" || s.TestReason != "" || !s.TestedAt.IsZero():
			return wijk.Invalid(f+".testedBy", "must be empty until the objection is tested")
		}
	}
	return nil
}

func (p *Proposal) checkRefs() error {
	if p.coach != "" {
		if err := p.coach.Validate("coach"); err != nil {
			return err
		}
		if p.coach == p.owner || p.isEligible(p.coach) {
			return wijk.Invalid("coach", "must not be a member of the team")
		}
	}
	if (p.meeting == "") != (p.facilitator == "") {
		return wijk.Invalid("facilitator", "must be set exactly when a meeting took the proposal up")
	}
	if p.meeting != "" {
		if err := p.meeting.Validate("meeting"); err != nil {
			return err
		}
		if err := p.facilitator.Validate("facilitator"); err != nil {
			return err
		}
		if p.facilitator == p.owner {
			return wijk.Invalid("facilitator", "must not be the owner")
		}
	}
	return nil
}

// round is the span of one consent round: opened at open on version
// version, ended by the next step at end (zero while it is open).
type round struct {
	version   int
	open, end time.Time
}

// rounds returns the consent rounds the transitions record.
func (p *Proposal) rounds() []round {
	var out []round
	for i, t := range p.transitions {
		if t.To != ConsentRound {
			continue
		}
		r := round{version: t.Version, open: t.At}
		if i+1 < len(p.transitions) {
			r.end = p.transitions[i+1].At
		}
		out = append(out, r)
	}
	return out
}

// checkStanceTimes checks that every stance, and every objection test, was
// recorded during a consent round on its version, as TakeStance and
// TestObjection allow.
func (p *Proposal) checkStanceTimes() error {
	rs := p.rounds()
	within := func(version int, at time.Time) bool {
		for _, r := range rs {
			if r.version == version && !at.Before(r.open) && (r.end.IsZero() || !at.After(r.end)) {
				return true
			}
		}
		return false
	}
	for i, s := range p.stances {
		f := fmt.Sprintf("stances[%d]", i)
		if !within(s.Version, s.At) {
			return wijk.Invalid(f+".at", "must fall within a consent round on version %d", s.Version)
		}
		if !s.TestedAt.IsZero() && !within(s.Version, s.TestedAt) {
			return wijk.Invalid(f+".testedAt", "must fall within a consent round on version %d", s.Version)
		}
	}
	return nil
}

// checkOutcome checks that a round closed by adoption or expiry closed the
// way the decision rule decides on the final stances: an adopted proposal
// the rule adopts, an expired one it does not adopt, at or after the
// deadline.
func (p *Proposal) checkOutcome() error {
	n := len(p.transitions)
	if n == 0 || (p.state != Adopted && p.state != Expired) {
		return nil
	}
	last := p.transitions[n-1]
	t := p.tally(!last.At.Before(p.roundCloses))
	v := p.rule.Decide(t)
	switch {
	case p.state == Adopted && v.Outcome != Adopt:
		return wijk.Invalid("state", "must not be adopted: the %s rule does not adopt the final stances (%s)", p.rule.Name(), v.Reason)
	case p.state == Expired && !t.DeadlinePassed:
		return wijk.Invalid("state", "must not be expired before the round's deadline")
	case p.state == Expired && v.Outcome == Adopt:
		return wijk.Invalid("state", "must not be expired: the %s rule adopts the final stances", p.rule.Name())
	}
	return nil
}
