package consensus

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/team"
)

// DefaultMaxRounds is the number of consent rounds a proposal may go
// through without adoption before the team must escalate it to its coach.
const DefaultMaxRounds = 3

// Version is one immutable text of a proposal. Version 1 is what the owner
// first wrote; each amendment adds the next number.
type Version struct {
	// Number counts from 1.
	Number int
	// Text is the proposal itself: what the team would decide.
	Text string
	// Reason is why the owner proposes it.
	Reason string
	// Author is the member who wrote this version (the owner).
	Author wijk.ID
	// At is when the version was written.
	At time.Time
	// Change says what the amendment changed and why; empty for version 1.
	Change string
	// Payload is the change to the team this version would make, or nil.
	Payload Payload
}

// Stance is one record of what a member said on one version. A member's
// current stance on a version is their last record for it; earlier records
// stay as history. Testing an objection adds a record too, so no record is
// ever changed.
type Stance struct {
	// Member is who took the stance.
	Member wijk.ID `json:"member"`
	// Version is the proposal version the stance is on.
	Version int `json:"version"`
	// Kind is consent, consent with concern, stand aside or objection.
	Kind StanceKind `json:"kind"`
	// Reason is the concern, the objection's reason, why the member stands
	// aside, or (in the advice process) the advice. Required for a concern
	// and an objection.
	Reason string `json:"reason"`
	// Harm is what the proposal would harm; only for an objection, where it
	// is required.
	Harm string `json:"harm"`
	// At is when the stance was taken.
	At time.Time `json:"at"`
	// Objection is the state of the objection's test; NotAnObjection for
	// other kinds.
	Objection ObjectionStatus `json:"objection"`
	// TestedBy, TestReason and TestedAt record the test of an objection
	// (empty until tested).
	TestedBy   wijk.ID   `json:"tested_by"`
	TestReason string    `json:"test_reason"`
	TestedAt   time.Time `json:"tested_at"`
}

// Transition records one step of a proposal's life: from which state to
// which, who took it, when and why. Steps the model takes by itself (a
// round closed by its deadline) have an empty By.
type Transition struct {
	// From and To are the states before and after the step.
	From State `json:"from"`
	To   State `json:"to"`
	// By is the member (or coach) who took the step; empty when the
	// deadline took it.
	By wijk.ID `json:"by"`
	// At is when the step was taken.
	At time.Time `json:"at"`
	// Why is the reason in words.
	Why string `json:"why"`
	// Version is the proposal version current after the step.
	Version int `json:"version"`
}

// Act says who takes a step, when, and why. Why may be empty for steps that
// have an obvious reason (the model then records a description of the
// step); withdrawing, amending and escalating need a reason.
type Act struct {
	// By is the member (or coach) taking the step.
	By wijk.ID
	// At is when the step is taken; it may not be earlier than the
	// previous event.
	At time.Time
	// Why is the reason, in words.
	Why string
}

func (a Act) validate() error {
	if err := a.By.Validate("by"); err != nil {
		return err
	}
	if err := valid.Time("at", a.At); err != nil {
		return err
	}
	return valid.Text("why", a.Why, valid.MaxText)
}

func (a Act) why(def string) string {
	if strings.TrimSpace(a.Why) == "" {
		return def
	}
	return a.Why
}

// ProposalParams are the inputs of [NewProposal].
type ProposalParams struct {
	// ID identifies the proposal.
	ID wijk.ID
	// Team is the team that decides.
	Team wijk.ID
	// Owner is the member who brings the proposal and amends it.
	Owner wijk.ID
	// Title is a one-line name for the agenda and the log.
	Title string
	// Text is the proposal (version 1).
	Text string
	// Reason is why the owner proposes it.
	Reason string
	// Rule decides the consent round; nil means [ConsentRule].
	Rule Rule
	// Quorum says what absence means; zero means QuorumEveryone.
	Quorum Quorum
	// MaxRounds is how many rounds without adoption the team holds before
	// it must escalate; zero means DefaultMaxRounds.
	MaxRounds int
	// Payload optionally says how the decision changes the team (hire,
	// leave, role, split, norm); it belongs to version 1, and each
	// amendment states its own.
	Payload Payload
	// Revisits optionally names the logged decision this proposal
	// reconsiders; adopting it supersedes that decision.
	Revisits wijk.ID
	// CreatedAt is when the draft was written.
	CreatedAt time.Time
}

// Proposal is a question or a proposal a team decides on, as an explicit
// state machine (see [State]). Create one with [NewProposal]; rebuild a
// stored one with [RestoreProposal]. A Proposal is not safe for concurrent
// use.
type Proposal struct {
	id, team, owner wijk.ID
	title           string
	rule            Rule
	quorum          Quorum
	maxRounds       int
	revisits        wijk.ID
	createdAt       time.Time

	state       State
	versions    []Version
	eligible    []wijk.ID // sorted
	stances     []Stance
	transitions []Transition
	roundOpened time.Time
	roundCloses time.Time
	coach       wijk.ID
	meeting     wijk.ID
	facilitator wijk.ID
}

// NewProposal validates p and returns a draft proposal.
func NewProposal(p ProposalParams) (*Proposal, error) {
	if p.Rule == nil {
		p.Rule = ConsentRule{}
	}
	if p.Quorum == 0 {
		p.Quorum = QuorumEveryone
	}
	if p.MaxRounds == 0 {
		p.MaxRounds = DefaultMaxRounds
	}
	if err := validateHeader(p); err != nil {
		return nil, err
	}
	return &Proposal{
		id: p.ID, team: p.Team, owner: p.Owner, title: p.Title,
		rule: p.Rule, quorum: p.Quorum, maxRounds: p.MaxRounds,
		revisits: p.Revisits, createdAt: p.CreatedAt,
		state: Draft,
		versions: []Version{{
			Number: 1, Text: p.Text, Reason: p.Reason, Author: p.Owner, At: p.CreatedAt, Payload: p.Payload,
		}},
	}, nil
}

func validateHeader(p ProposalParams) error {
	if err := p.ID.Validate("id"); err != nil {
		return err
	}
	if err := p.Team.Validate("team"); err != nil {
		return err
	}
	if err := p.Owner.Validate("owner"); err != nil {
		return err
	}
	if err := valid.Name("title", p.Title); err != nil {
		return err
	}
	if err := valid.Required("text", p.Text, valid.MaxText); err != nil {
		return err
	}
	if err := valid.Required("reason", p.Reason, valid.MaxText); err != nil {
		return err
	}
	if p.Rule == nil {
		return wijk.Invalid("rule", "is required")
	}
	if err := valid.Name("rule", p.Rule.Name()); err != nil {
		return err
	}
	if err := quorumEnum.Check("quorum", p.Quorum); err != nil {
		return err
	}
	if err := valid.Range("maxRounds", p.MaxRounds, 1, 100); err != nil {
		return err
	}
	if err := validatePayload("payload", p.Payload); err != nil {
		return err
	}
	if p.Revisits != "" {
		if err := p.Revisits.Validate("revisits"); err != nil {
			return err
		}
	}
	return valid.Time("createdAt", p.CreatedAt)
}

// ID returns the proposal's ID.
func (p *Proposal) ID() wijk.ID { return p.id }

// Team returns the deciding team's ID.
func (p *Proposal) Team() wijk.ID { return p.team }

// Owner returns the member who owns the proposal.
func (p *Proposal) Owner() wijk.ID { return p.owner }

// Title returns the one-line title.
func (p *Proposal) Title() string { return p.title }

// Rule returns the decision rule.
func (p *Proposal) Rule() Rule { return p.rule }

// Quorum returns the quorum policy.
func (p *Proposal) Quorum() Quorum { return p.quorum }

// MaxRounds returns how many rounds may pass without adoption before the
// proposal must be escalated.
func (p *Proposal) MaxRounds() int { return p.maxRounds }

// Payload returns the current version's typed change to the team, or nil.
func (p *Proposal) Payload() Payload { return p.Current().Payload }

// Revisits returns the ID of the decision this proposal reconsiders, or "".
func (p *Proposal) Revisits() wijk.ID { return p.revisits }

// CreatedAt returns when the draft was written.
func (p *Proposal) CreatedAt() time.Time { return p.createdAt }

// State returns the current state.
func (p *Proposal) State() State { return p.state }

// Current returns the current (latest) version.
func (p *Proposal) Current() Version { return p.versions[len(p.versions)-1] }

// Versions returns every version, oldest first.
func (p *Proposal) Versions() []Version { return slices.Clone(p.versions) }

// Eligible returns the members who may take a stance, sorted; empty while
// the proposal is a draft.
func (p *Proposal) Eligible() []wijk.ID { return slices.Clone(p.eligible) }

// Stances returns the full stance history, in the order taken.
func (p *Proposal) Stances() []Stance { return slices.Clone(p.stances) }

// Transitions returns every step of the proposal's life, oldest first.
func (p *Proposal) Transitions() []Transition { return slices.Clone(p.transitions) }

// Rounds returns how many consent rounds have been opened.
func (p *Proposal) Rounds() int {
	n := 0
	for _, t := range p.transitions {
		if t.To == ConsentRound {
			n++
		}
	}
	return n
}

// RoundOpened and RoundCloses return the open (or last) consent round's
// start and deadline; zero before the first round.
func (p *Proposal) RoundOpened() time.Time { return p.roundOpened }

// RoundCloses returns the deadline of the open (or last) consent round.
func (p *Proposal) RoundCloses() time.Time { return p.roundCloses }

// Coach returns the coach the proposal was escalated to, or "".
func (p *Proposal) Coach() wijk.ID { return p.coach }

// Meeting returns the meeting that last took the proposal up, or "".
func (p *Proposal) Meeting() wijk.ID { return p.meeting }

// Facilitator returns who facilitates the proposal now: the coach once it
// is escalated, else the facilitator of the meeting that took it up, or "".
func (p *Proposal) Facilitator() wijk.ID {
	if p.coach != "" {
		return p.coach
	}
	return p.facilitator
}

// PresentedAt returns when the proposal was presented (zero if it is still
// a draft).
func (p *Proposal) PresentedAt() time.Time { return p.firstAt(Presented) }

// DecidedAt returns when the proposal was adopted (zero if it was not).
func (p *Proposal) DecidedAt() time.Time { return p.firstAt(Adopted) }

func (p *Proposal) firstAt(s State) time.Time {
	for _, t := range p.transitions {
		if t.To == s {
			return t.At
		}
	}
	return time.Time{}
}

// lastAt is the time of the latest event; a new event may not be earlier.
func (p *Proposal) lastAt() time.Time {
	last := p.createdAt
	if n := len(p.transitions); n > 0 && p.transitions[n-1].At.After(last) {
		last = p.transitions[n-1].At
	}
	if n := len(p.stances); n > 0 {
		s := p.stances[n-1]
		if s.At.After(last) {
			last = s.At
		}
		if s.TestedAt.After(last) {
			last = s.TestedAt
		}
	}
	if v := p.Current(); v.At.After(last) {
		last = v.At
	}
	return last
}

func (p *Proposal) isEligible(m wijk.ID) bool {
	_, ok := slices.BinarySearch(p.eligible, m)
	return ok
}

// participant reports whether m takes part in the proposal: the owner, an
// eligible member, the facilitator or the coach.
func (p *Proposal) participant(m wijk.ID) bool {
	return m == p.owner || p.isEligible(m) || (p.facilitator != "" && m == p.facilitator) || (p.coach != "" && m == p.coach)
}

// allowed lists the states each state may move to.
var allowed = map[State][]State{
	Draft:        {Presented, Withdrawn},
	Presented:    {Clarifying, ConsentRound, Amended, Escalated, Withdrawn},
	Clarifying:   {ConsentRound, Amended, Escalated, Withdrawn},
	ConsentRound: {Adopted, Amended, Escalated, Withdrawn, Expired},
	Amended:      {Clarifying, ConsentRound, Amended, Escalated, Withdrawn},
	Escalated:    {Clarifying, ConsentRound, Amended, Withdrawn},
}

// CanMove reports whether the state machine has a step from one state to
// another.
func CanMove(from, to State) bool { return slices.Contains(allowed[from], to) }

// begin checks the common preconditions of a step: valid act, time not
// going back, and a transition the state machine allows.
func (p *Proposal) begin(a Act, to State) error {
	if err := a.validate(); err != nil {
		return err
	}
	if last := p.lastAt(); a.At.Before(last) {
		return wijk.Invalid("at", "must not be before the proposal's last event at %s", last.Format(time.RFC3339))
	}
	if p.state == ConsentRound && to != Adopted && !a.At.Before(p.roundCloses) {
		return wijk.Conflictf("the consent round on proposal %s passed its deadline at %s: close it first", p.id, p.roundCloses.UTC().Format(time.RFC3339))
	}
	if !CanMove(p.state, to) {
		if p.state.Final() {
			return wijk.Conflictf("proposal %s is %s: no further step is possible", p.id, p.state)
		}
		return wijk.Conflictf("proposal %s cannot move from %s to %s", p.id, p.state, to)
	}
	return nil
}

func (p *Proposal) move(to State, by wijk.ID, at time.Time, why string) {
	p.transitions = append(p.transitions, Transition{From: p.state, To: to, By: by, At: at, Why: why, Version: len(p.versions)})
	p.state = to
}

// PresentToTeam is [Proposal.Present] with the eligible members taken from
// the team itself: its active members at this moment ([team.Team.Decisionmakers]),
// never members on leave or a coach. The team must be the proposal's team.
// Use Present directly for the advice process, where only the affected
// members are asked.
func (p *Proposal) PresentToTeam(a Act, t *team.Team) error {
	if t == nil {
		return wijk.Invalid("team", "is required")
	}
	if t.ID() != p.team {
		return wijk.Invalid("team", "proposal %s belongs to team %s, not %s", p.id, p.team, t.ID())
	}
	return p.Present(a, t.Decisionmakers())
}

// Present lets the owner state the proposal and its reason to the team. The
// eligible members (the team's active members at this moment; for the
// advice process, the members the proposal affects) are fixed here: only
// they take stances, on every version.
func (p *Proposal) Present(a Act, eligible []wijk.ID) error {
	if err := p.begin(a, Presented); err != nil {
		return err
	}
	if a.By != p.owner {
		return wijk.Forbiddenf("only the owner %s presents proposal %s", p.owner, p.id)
	}
	set, err := idSet("eligible", eligible)
	if err != nil {
		return err
	}
	if len(set) == 0 {
		return wijk.Invalid("eligible", "must name at least one member")
	}
	p.eligible = set
	p.move(Presented, a.By, a.At, a.why("the owner presented the proposal and its reason"))
	return nil
}

// idSet validates ids (no duplicates) and returns them sorted.
func idSet(field string, ids []wijk.ID) ([]wijk.ID, error) {
	out := slices.Clone(ids)
	for i, id := range out {
		if err := id.Validate(fmt.Sprintf("%s[%d]", field, i)); err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			return nil, wijk.Invalid(field, "names member %s twice", out[i])
		}
	}
	return out, nil
}

// Clarify opens the round of clarifying questions.
func (p *Proposal) Clarify(a Act) error {
	if err := p.begin(a, Clarifying); err != nil {
		return err
	}
	if !p.participant(a.By) {
		return wijk.Forbiddenf("%s takes no part in proposal %s", a.By, p.id)
	}
	p.move(Clarifying, a.By, a.At, a.why("clarifying questions"))
	return nil
}

// StartRound opens a consent round on the current version, closing at
// closesAt. Stances already taken on the same version (in a round before an
// escalation) still stand; members may change them. After MaxRounds rounds
// without adoption, a new round needs the proposal to be escalated first.
func (p *Proposal) StartRound(a Act, closesAt time.Time) error {
	if err := p.begin(a, ConsentRound); err != nil {
		return err
	}
	if !p.participant(a.By) {
		return wijk.Forbiddenf("%s takes no part in proposal %s", a.By, p.id)
	}
	if err := valid.Time("closesAt", closesAt); err != nil {
		return err
	}
	if !closesAt.After(a.At) {
		return wijk.Invalid("closesAt", "must be after the round opens")
	}
	if n := p.Rounds(); n >= p.maxRounds && p.coach == "" {
		return wijk.Conflictf("proposal %s has had %d consent rounds without adoption: escalate it to the coach before another round", p.id, n)
	}
	p.roundOpened, p.roundCloses = a.At, closesAt
	p.move(ConsentRound, a.By, a.At, a.why(fmt.Sprintf("consent round %d on version %d, closing %s", p.Rounds()+1, len(p.versions), closesAt.UTC().Format(time.RFC3339))))
	return nil
}

// Revision is the content of a new version: complete, not a difference.
// A version carries its own payload, so pass the payload again to keep it
// (nil means the new version changes nothing in the team).
type Revision struct {
	// Text is the new proposal text.
	Text string
	// Reason is why the owner proposes it.
	Reason string
	// Payload is the change to the team, or nil.
	Payload Payload
}

// Amend lets the owner write a new version; a.Why says what changed and
// why. The new version is immutable; stances on earlier versions stay in
// the history but no longer count, and the new version needs its own
// consent round. The facilitator of the meeting that took the proposal up,
// and the coach, may not amend it.
func (p *Proposal) Amend(a Act, r Revision) error {
	if err := p.begin(a, Amended); err != nil {
		return err
	}
	if err := valid.Required("why", a.Why, valid.MaxText); err != nil {
		return err
	}
	if err := valid.Required("text", r.Text, valid.MaxText); err != nil {
		return err
	}
	if err := valid.Required("reason", r.Reason, valid.MaxText); err != nil {
		return err
	}
	if err := validatePayload("payload", r.Payload); err != nil {
		return err
	}
	switch {
	case p.facilitator != "" && a.By == p.facilitator:
		return wijk.Forbiddenf("%s facilitates the meeting on proposal %s and may not amend it", a.By, p.id)
	case p.coach != "" && a.By == p.coach:
		return wijk.Forbiddenf("the coach %s facilitates and may not amend proposal %s", a.By, p.id)
	case a.By != p.owner:
		return wijk.Forbiddenf("only the owner %s amends proposal %s", p.owner, p.id)
	}
	cur := p.Current()
	if cur.Text == r.Text && cur.Reason == r.Reason && reflect.DeepEqual(cur.Payload, r.Payload) {
		return wijk.Conflictf("the amendment of proposal %s changes neither the text, the reason nor the payload", p.id)
	}
	p.versions = append(p.versions, Version{Number: len(p.versions) + 1, Text: r.Text, Reason: r.Reason,
		Author: a.By, At: a.At, Change: a.Why, Payload: r.Payload})
	p.move(Amended, a.By, a.At, a.Why)
	return nil
}

// Withdraw lets the owner take the proposal back, in any state that is not
// final.
func (p *Proposal) Withdraw(a Act) error {
	if err := p.begin(a, Withdrawn); err != nil {
		return err
	}
	if err := valid.Required("why", a.Why, valid.MaxText); err != nil {
		return err
	}
	if a.By != p.owner {
		return wijk.Forbiddenf("only the owner %s withdraws proposal %s", p.owner, p.id)
	}
	p.move(Withdrawn, a.By, a.At, a.Why)
	return nil
}

// Escalate hands the facilitation of the proposal to the team's coach,
// either because MaxRounds consent rounds passed without adoption or
// because the team asks (requested). The coach facilitates from then on,
// never takes a stance and never adopts. The owner or any eligible member
// may escalate.
func (p *Proposal) Escalate(a Act, coach wijk.ID, requested bool) error {
	if err := p.begin(a, Escalated); err != nil {
		return err
	}
	if err := valid.Required("why", a.Why, valid.MaxText); err != nil {
		return err
	}
	if err := coach.Validate("coach"); err != nil {
		return err
	}
	if a.By != p.owner && !p.isEligible(a.By) {
		return wijk.Forbiddenf("only the owner or an eligible member escalates proposal %s", p.id)
	}
	if coach == p.owner || p.isEligible(coach) {
		return wijk.Invalid("coach", "must be the team's coach, not one of its members")
	}
	if p.coach != "" {
		return wijk.Conflictf("proposal %s was already escalated to %s", p.id, p.coach)
	}
	if n := p.Rounds(); !requested && n < p.maxRounds {
		return wijk.Conflictf("proposal %s has had %d of %d consent rounds; it escalates earlier only when the team asks", p.id, n, p.maxRounds)
	}
	p.coach = coach
	p.move(Escalated, a.By, a.At, a.Why)
	return nil
}

// StanceParams are the inputs of [Proposal.TakeStance].
type StanceParams struct {
	// Member is the eligible member taking the stance.
	Member wijk.ID
	// Kind is the stance.
	Kind StanceKind
	// Reason: required for a concern and an objection.
	Reason string
	// Harm: what the proposal would harm; required for an objection, and
	// only for an objection.
	Harm string
	// At is when the stance is taken: within the open round.
	At time.Time
}

func (s StanceParams) validate() error {
	if err := s.Member.Validate("member"); err != nil {
		return err
	}
	if err := stanceEnum.Check("kind", s.Kind); err != nil {
		return err
	}
	if err := valid.Text("reason", s.Reason, valid.MaxText); err != nil {
		return err
	}
	if err := valid.Text("harm", s.Harm, valid.MaxText); err != nil {
		return err
	}
	switch s.Kind {
	case ConsentWithConcern:
		if err := valid.Required("reason", s.Reason, valid.MaxText); err != nil {
			return wijk.Invalid("reason", "a concern must say what the concern is")
		}
	case Objection:
		if err := valid.Required("reason", s.Reason, valid.MaxText); err != nil {
			return wijk.Invalid("reason", "an objection must carry its reason")
		}
		if err := valid.Required("harm", s.Harm, valid.MaxText); err != nil {
			return wijk.Invalid("harm", "an objection must say what the proposal would harm")
		}
	}
	if s.Kind != Objection && strings.TrimSpace(s.Harm) != "" {
		return wijk.Invalid("harm", "only an objection names a harm")
	}
	return valid.Time("at", s.At)
}

// TakeStance records a member's stance on the current version during a
// consent round. A member may change their stance until the round closes;
// every change is kept. An objection starts untested.
func (p *Proposal) TakeStance(s StanceParams) error {
	if err := s.validate(); err != nil {
		return err
	}
	if p.state != ConsentRound {
		return wijk.Conflictf("proposal %s is %s: stances are taken only in a consent round", p.id, p.state)
	}
	if p.coach != "" && s.Member == p.coach {
		return wijk.Forbiddenf("the coach %s facilitates and never takes a stance", s.Member)
	}
	if !p.isEligible(s.Member) {
		return wijk.Forbiddenf("%s was not an active member of the team when proposal %s was presented", s.Member, p.id)
	}
	if last := p.lastAt(); s.At.Before(last) {
		return wijk.Invalid("at", "must not be before the proposal's last event at %s", last.Format(time.RFC3339))
	}
	if !s.At.Before(p.roundCloses) {
		return wijk.Conflictf("the consent round on proposal %s closed at %s", p.id, p.roundCloses.UTC().Format(time.RFC3339))
	}
	v := len(p.versions)
	if cur, ok := p.currentStance(s.Member, v); ok && cur.Kind == s.Kind && cur.Reason == s.Reason && cur.Harm == s.Harm {
		return wijk.Conflictf("%s already holds this stance on version %d", s.Member, v)
	}
	st := Stance{Member: s.Member, Version: v, Kind: s.Kind, Reason: s.Reason, Harm: s.Harm, At: s.At, Objection: NotAnObjection}
	if s.Kind == Objection {
		st.Objection = Untested
	}
	p.stances = append(p.stances, st)
	return nil
}

// TestParams are the inputs of [Proposal.TestObjection].
type TestParams struct {
	// Objector is the member whose current objection is tested.
	Objector wijk.ID
	// By is who records the test's outcome (usually the facilitator).
	By wijk.ID
	// Valid is the outcome: true when the proposal would cause the harm.
	Valid bool
	// Reason says why the objection is, or is not, valid. Required.
	Reason string
	// At is when the test is recorded.
	At time.Time
}

// TestObjection records whether the objector's current objection on the
// current version is valid. Only a valid objection blocks; a tested
// objection is not tested again (the objector may change their stance
// instead).
//
// The owner of a proposal may concede that an objection to it is valid,
// but may not rule it not valid: dismissing dissent against one's own
// proposal is how a dominant view silences a team, so the facilitator or
// another member makes that call ([wijk.ErrForbidden]).
func (p *Proposal) TestObjection(t TestParams) error {
	if err := t.Objector.Validate("objector"); err != nil {
		return err
	}
	if err := t.By.Validate("by"); err != nil {
		return err
	}
	if err := valid.Required("reason", t.Reason, valid.MaxText); err != nil {
		return err
	}
	if err := valid.Time("at", t.At); err != nil {
		return err
	}
	if p.state != ConsentRound {
		return wijk.Conflictf("proposal %s is %s: objections are tested only in a consent round", p.id, p.state)
	}
	if !p.participant(t.By) {
		return wijk.Forbiddenf("%s takes no part in proposal %s", t.By, p.id)
	}
	if t.By == p.owner && !t.Valid {
		return wijk.Forbiddenf("%s owns proposal %s and may not rule an objection to it not valid; the facilitator or another member tests it", t.By, p.id)
	}
	if last := p.lastAt(); t.At.Before(last) {
		return wijk.Invalid("at", "must not be before the proposal's last event at %s", last.Format(time.RFC3339))
	}
	if !t.At.Before(p.roundCloses) {
		return wijk.Conflictf("the consent round on proposal %s closed at %s", p.id, p.roundCloses.UTC().Format(time.RFC3339))
	}
	cur, ok := p.currentStance(t.Objector, len(p.versions))
	if !ok || cur.Kind != Objection {
		return wijk.Conflictf("%s has no objection on version %d of proposal %s", t.Objector, len(p.versions), p.id)
	}
	if cur.Objection != Untested {
		return wijk.Conflictf("the objection of %s was already tested (%s)", t.Objector, cur.Objection)
	}
	cur.Objection = NotValid
	if t.Valid {
		cur.Objection = ValidObjection
	}
	cur.TestedBy, cur.TestReason, cur.TestedAt = t.By, t.Reason, t.At
	p.stances = append(p.stances, cur)
	return nil
}

func (p *Proposal) currentStance(m wijk.ID, version int) (Stance, bool) {
	for i := len(p.stances) - 1; i >= 0; i-- {
		if s := p.stances[i]; s.Member == m && s.Version == version {
			return s, true
		}
	}
	return Stance{}, false
}

// CurrentStances returns each eligible member's current stance on the
// given version, sorted by member; members without a stance are left out.
func (p *Proposal) CurrentStances(version int) []Stance {
	var out []Stance
	for _, m := range p.eligible {
		if s, ok := p.currentStance(m, version); ok {
			out = append(out, s)
		}
	}
	return out
}

// Tally counts the current stances on the current version as the rule sees
// them at time now (which decides whether the deadline has passed).
func (p *Proposal) Tally(now time.Time) Tally {
	return p.tally(p.state == ConsentRound && !now.Before(p.roundCloses))
}

// tally counts the current stances on the current version, with the
// deadline passed or not.
func (p *Proposal) tally(deadlinePassed bool) Tally {
	t := Tally{Eligible: len(p.eligible), Quorum: p.quorum, DeadlinePassed: deadlinePassed}
	v := len(p.versions)
	for _, m := range p.eligible {
		s, ok := p.currentStance(m, v)
		if !ok {
			t.Missing = append(t.Missing, m)
			continue
		}
		switch s.Kind {
		case Consent:
			t.Consent = append(t.Consent, m)
		case ConsentWithConcern:
			t.Concern = append(t.Concern, m)
		case StandAside:
			t.StandAside = append(t.StandAside, m)
		case Objection:
			switch s.Objection {
			case ValidObjection:
				t.ValidObjections = append(t.ValidObjections, m)
			case NotValid:
				t.NotValidObjections = append(t.NotValidObjections, m)
			default:
				t.UntestedObjections = append(t.UntestedObjections, m)
			}
		}
	}
	return t
}

// Close asks the decision rule to decide the open consent round. On
// adoption it returns the verdict and the proposal is Adopted; otherwise
// the error (matching [wijk.ErrConflict]) says why not, and nothing
// changes. The coach never adopts; under the advice process only the owner
// decides.
func (p *Proposal) Close(a Act) (Verdict, error) {
	if err := p.begin(a, Adopted); err != nil {
		return Verdict{}, err
	}
	switch {
	case p.coach != "" && a.By == p.coach:
		return Verdict{}, wijk.Forbiddenf("the coach %s facilitates and never adopts a proposal", a.By)
	case p.rule.OwnerDecides() && a.By != p.owner:
		return Verdict{}, wijk.Forbiddenf("under the %s only the owner %s decides", p.rule.Name(), p.owner)
	case !p.participant(a.By):
		return Verdict{}, wijk.Forbiddenf("%s takes no part in proposal %s", a.By, p.id)
	}
	v := p.rule.Decide(p.Tally(a.At))
	if v.Outcome != Adopt {
		return v, wijk.Conflictf("proposal %s is not adopted (%s): %s", p.id, v.Outcome, v.Reason)
	}
	p.move(Adopted, a.By, a.At, a.why("adopted: "+v.Reason))
	return v, nil
}

// CloseIfDue closes the consent round when now is at or past its
// deadline: the proposal is adopted if the rule adopts it with the deadline
// passed (see [Quorum]), and expires otherwise. Under a rule where the
// owner decides, a round whose advice is complete stays open for the owner.
// The step is recorded at the deadline, with no actor. It reports whether
// the proposal changed.
func (p *Proposal) CloseIfDue(now time.Time) bool {
	if p.state != ConsentRound || now.Before(p.roundCloses) {
		return false
	}
	at := p.roundCloses
	if last := p.lastAt(); at.Before(last) {
		at = last
	}
	v := p.rule.Decide(p.Tally(now))
	switch {
	case v.Outcome == Adopt && p.rule.OwnerDecides():
		return false
	case v.Outcome == Adopt:
		p.move(Adopted, "", at, "deadline passed; adopted: "+v.Reason)
	default:
		p.move(Expired, "", at, "deadline passed without adoption: "+v.Reason)
	}
	return true
}

// CloseDue runs [Proposal.CloseIfDue] on every proposal and returns the IDs
// of those that changed, in the order given. Nil proposals are skipped.
func CloseDue(now time.Time, proposals []*Proposal) []wijk.ID {
	var out []wijk.ID
	for _, p := range proposals {
		if p != nil && p.CloseIfDue(now) {
			out = append(out, p.id)
		}
	}
	return out
}

// takeUp binds the proposal to a meeting and its facilitator.
func (p *Proposal) takeUp(meeting, facilitator wijk.ID) {
	p.meeting, p.facilitator = meeting, facilitator
}
