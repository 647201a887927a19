package consensus

import (
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Resolution says how an objection was resolved by the time the proposal
// was adopted. The zero value is not valid.
type Resolution int

// The ways an objection is resolved.
const (
	// ResolvedNotValid: the objection was tested and found not valid.
	ResolvedNotValid Resolution = iota + 1
	// ResolvedByAmendment: the owner amended the proposal after the
	// objection; it was on an earlier version.
	ResolvedByAmendment
	// ResolvedWithdrawn: the objector changed their stance.
	ResolvedWithdrawn
	// ResolvedOverruled: the proposal was adopted with the objection
	// standing, which only a rule other than consent allows (a majority
	// vote, the owner's decision in the advice process).
	ResolvedOverruled
)

var resolutionEnum = enum.New[Resolution]("Resolution", "resolution", "not valid", "amended", "withdrawn", "overruled")

// Valid reports whether r is a defined resolution.
func (r Resolution) Valid() bool { return resolutionEnum.Valid(r) }

// String returns the resolution in words.
func (r Resolution) String() string { return resolutionEnum.String(r) }

// ParseResolution reads a resolution as written by String.
func ParseResolution(v string) (Resolution, error) {
	return resolutionEnum.Parse(v)
}

// MarshalText writes how an objection was resolved, e.g. "amended"; a
// Resolution that is not valid is refused with an error matching
// [wijk.ErrInvalid].
func (r Resolution) MarshalText() ([]byte, error) { return resolutionEnum.MarshalText(r) }

// UnmarshalText reads a resolution as [ParseResolution] does.
func (r *Resolution) UnmarshalText(b []byte) error { return resolutionEnum.UnmarshalText(b, r) }

// ObjectionRecord is one member's objection on one version, as the log
// keeps it: what was said, how it was tested, and how it was resolved.
type ObjectionRecord struct {
	// Member is the objector.
	Member wijk.ID `json:"member"`
	// Version is the version objected to.
	Version int `json:"version"`
	// Reason and Harm are the objection's reason and what it would harm.
	Reason string `json:"reason"`
	Harm   string `json:"harm"`
	// At is when the objection was raised.
	At time.Time `json:"at"`
	// Test is the outcome of the objection's test.
	Test ObjectionStatus `json:"test"`
	// TestedBy and TestReason record the test; empty when untested.
	TestedBy   wijk.ID `json:"tested_by"`
	TestReason string  `json:"test_reason"`
	// Resolution is how the objection ended.
	Resolution Resolution `json:"resolution"`
}

// Decision is an adopted proposal as the decision log keeps it. Make one
// with [NewDecision]; the log checks every field again when it is appended.
type Decision struct {
	// ID identifies the decision; it is the reference package team stores
	// beside the changes the decision made.
	ID wijk.ID
	// Team is the team that decided.
	Team wijk.ID
	// Proposal is the adopted proposal.
	Proposal wijk.ID
	// Owner is the proposal's owner.
	Owner wijk.ID
	// Title is the proposal's title.
	Title string
	// Text and Reason are the final version's.
	Text, Reason string
	// Version is the final version's number.
	Version int
	// Rationale says why the team adopted it, in the team's words.
	Rationale string
	// Rule is the name of the decision rule.
	Rule string
	// Rounds is the number of consent rounds held.
	Rounds int
	// Eligible are the members who could take a stance, sorted.
	Eligible []wijk.ID
	// Stances are the final stances on the final version, sorted by member.
	Stances []Stance
	// Silent are the eligible members with no stance on the final version.
	Silent []wijk.ID
	// History is every stance record on every version, in the order
	// taken: changes of mind and objection tests included.
	History []Stance
	// Objections are every objection on every version and how each was
	// resolved, in the order first raised.
	Objections []ObjectionRecord
	// PresentedAt and DecidedAt bound the time the decision took.
	PresentedAt, DecidedAt time.Time
	// ReviewOn is when the team means to look at the decision again.
	ReviewOn wijk.Date
	// Supersedes is the earlier decision this one replaces, if the
	// proposal revisited one.
	Supersedes wijk.ID
	// Payload is the change the decision makes to the team (the final
	// version's), or nil.
	Payload Payload
}

// DecisionParams are the inputs of [NewDecision].
type DecisionParams struct {
	// ID identifies the decision.
	ID wijk.ID
	// Rationale says why the team adopted the proposal. Required.
	Rationale string
	// ReviewOn is when the team looks at the decision again; after the
	// day of the decision. Required.
	ReviewOn wijk.Date
}

// NewDecision makes the log entry for an adopted proposal.
func NewDecision(p *Proposal, d DecisionParams) (Decision, error) {
	if p == nil {
		return Decision{}, wijk.Invalid("proposal", "is required")
	}
	if p.state != Adopted {
		return Decision{}, wijk.Conflictf("proposal %s is %s: only an adopted proposal is logged", p.id, p.state)
	}
	cur := p.Current()
	dec := Decision{
		ID: d.ID, Team: p.team, Proposal: p.id, Owner: p.owner, Title: p.title,
		Text: cur.Text, Reason: cur.Reason, Version: cur.Number, Rationale: d.Rationale,
		Rule: p.rule.Name(), Rounds: p.Rounds(), Eligible: p.Eligible(),
		Stances: p.CurrentStances(cur.Number), History: p.Stances(), Objections: objectionRecords(p),
		PresentedAt: p.PresentedAt(), DecidedAt: p.DecidedAt(), ReviewOn: d.ReviewOn,
		Supersedes: p.revisits, Payload: cur.Payload,
	}
	for _, m := range p.eligible {
		if _, ok := p.currentStance(m, cur.Number); !ok {
			dec.Silent = append(dec.Silent, m)
		}
	}
	if err := dec.Validate(); err != nil {
		return Decision{}, err
	}
	return dec, nil
}

// objectionRecords finds, for each member and version with an objection,
// the last objection and how it ended.
func objectionRecords(p *Proposal) []ObjectionRecord {
	type key struct {
		m wijk.ID
		v int
	}
	idx := map[key]int{}
	var out []ObjectionRecord
	final := len(p.versions)
	for _, s := range p.stances {
		if s.Kind != Objection {
			continue
		}
		r := ObjectionRecord{Member: s.Member, Version: s.Version, Reason: s.Reason, Harm: s.Harm,
			At: s.At, Test: s.Objection, TestedBy: s.TestedBy, TestReason: s.TestReason}
		k := key{s.Member, s.Version}
		if i, ok := idx[k]; ok {
			out[i] = r
		} else {
			idx[k] = len(out)
			out = append(out, r)
		}
	}
	for i, r := range out {
		last, _ := p.currentStance(r.Member, r.Version)
		switch {
		case last.Kind != Objection:
			out[i].Resolution = ResolvedWithdrawn
		case r.Test == NotValid:
			out[i].Resolution = ResolvedNotValid
		case r.Version < final:
			out[i].Resolution = ResolvedByAmendment
		default:
			out[i].Resolution = ResolvedOverruled
		}
	}
	return out
}

// Validate checks every field of the decision.
func (d Decision) Validate() error {
	ids := []struct {
		f string
		v wijk.ID
	}{{"id", d.ID}, {"team", d.Team}, {"proposal", d.Proposal}, {"owner", d.Owner}}
	for _, x := range ids {
		if err := x.v.Validate(x.f); err != nil {
			return err
		}
	}
	if err := valid.Name("title", d.Title); err != nil {
		return err
	}
	texts := []struct{ f, v string }{{"text", d.Text}, {"reason", d.Reason}, {"rationale", d.Rationale}}
	for _, x := range texts {
		if err := valid.Required(x.f, x.v, valid.MaxText); err != nil {
			return err
		}
	}
	if err := valid.Name("rule", d.Rule); err != nil {
		return err
	}
	if d.Version < 1 {
		return wijk.Invalid("version", "must be at least 1")
	}
	if d.Rounds < 1 {
		return wijk.Invalid("rounds", "must be at least 1: every decision goes through a round")
	}
	eligible, err := idSet("eligible", d.Eligible)
	if err != nil {
		return err
	}
	if len(eligible) == 0 || !slices.Equal(eligible, d.Eligible) {
		return wijk.Invalid("eligible", "must name the eligible members, sorted")
	}
	isEligible := func(m wijk.ID) bool { _, ok := slices.BinarySearch(eligible, m); return ok }
	consent := d.Rule == (ConsentRule{}).Name()
	seen := map[wijk.ID]bool{}
	for i, s := range d.Stances {
		f := fmt.Sprintf("stances[%d]", i)
		if err := wijk.InField(f, (StanceParams{Member: s.Member, Kind: s.Kind, Reason: s.Reason, Harm: s.Harm, At: s.At}).validate()); err != nil {
			return err
		}
		if err := checkObjectionState(f, s); err != nil {
			return err
		}
		if consent && s.Kind == Objection && s.Objection != NotValid {
			return wijk.Invalid(f+".objection", "must be not valid: the consent rule adopts no proposal over a valid or untested objection")
		}
		if !isEligible(s.Member) || seen[s.Member] {
			return wijk.Invalid(f+".member", "must be an eligible member with one final stance")
		}
		if s.Version != d.Version {
			return wijk.Invalid(f+".version", "must be the final version %d", d.Version)
		}
		seen[s.Member] = true
	}
	for i, m := range d.Silent {
		if !isEligible(m) || seen[m] {
			return wijk.Invalid(fmt.Sprintf("silent[%d]", i), "must be an eligible member without a final stance")
		}
		seen[m] = true
	}
	if len(seen) != len(eligible) {
		return wijk.Invalid("silent", "must list every eligible member without a final stance")
	}
	for i, s := range d.History {
		f := fmt.Sprintf("history[%d]", i)
		if err := wijk.InField(f, (StanceParams{Member: s.Member, Kind: s.Kind, Reason: s.Reason, Harm: s.Harm, At: s.At}).validate()); err != nil {
			return err
		}
		if err := checkObjectionState(f, s); err != nil {
			return err
		}
		if !isEligible(s.Member) {
			return wijk.Invalid(f+".member", "must be an eligible member")
		}
		if s.Version < 1 || s.Version > d.Version {
			return wijk.Invalid(f+".version", "must be between 1 and %d", d.Version)
		}
	}
	for i, o := range d.Objections {
		f := fmt.Sprintf("objections[%d]", i)
		if !isEligible(o.Member) {
			return wijk.Invalid(f+".member", "must be an eligible member")
		}
		if o.Version < 1 || o.Version > d.Version {
			return wijk.Invalid(f+".version", "must be between 1 and %d", d.Version)
		}
		if err := valid.Required(f+".reason", o.Reason, valid.MaxText); err != nil {
			return err
		}
		if err := valid.OptionalTime(f+".at", o.At); err != nil {
			return err
		}
		if err := valid.Required(f+".harm", o.Harm, valid.MaxText); err != nil {
			return err
		}
		if o.Test != Untested && o.Test != ValidObjection && o.Test != NotValid {
			return wijk.Invalid(f+".test", "must be untested, valid or not valid")
		}
		if err := resolutionEnum.Check(f+".resolution", o.Resolution); err != nil {
			return err
		}
		if consent && o.Resolution == ResolvedOverruled {
			return wijk.Invalid(f+".resolution", "must not be overruled: the consent rule never adopts over an objection")
		}
	}
	if err := valid.Time("presentedAt", d.PresentedAt); err != nil {
		return err
	}
	if err := valid.Time("decidedAt", d.DecidedAt); err != nil {
		return err
	}
	if d.DecidedAt.Before(d.PresentedAt) {
		return wijk.Invalid("decidedAt", "must not be before the proposal was presented")
	}
	if err := valid.Date("reviewOn", d.ReviewOn); err != nil {
		return err
	}
	if !d.ReviewOn.After(wijk.DateOf(d.DecidedAt)) {
		return wijk.Invalid("reviewOn", "must be after the day of the decision")
	}
	if d.Supersedes != "" {
		if err := d.Supersedes.Validate("supersedes"); err != nil {
			return err
		}
	}
	return validatePayload("payload", d.Payload)
}

// checkObjectionState checks that a stance's objection state fits its
// kind: an objection is untested, valid or not valid; any other stance is
// not an objection.
func checkObjectionState(f string, s Stance) error {
	if err := valid.OptionalTime(f+".testedAt", s.TestedAt); err != nil {
		return err
	}
	if !s.Objection.Valid() || (s.Kind == Objection) == (s.Objection == NotAnObjection) {
		return wijk.Invalid(f+".objection", "must be untested, valid or not valid for an objection, and not an objection otherwise")
	}
	return nil
}

// DecisionLog is a team's append-only record of its decisions. Entries are
// never changed or removed; a decision is superseded when a later entry
// says it replaces it. A DecisionLog is not safe for concurrent use.
type DecisionLog struct {
	team         wijk.ID
	entries      []Decision
	byID         map[wijk.ID]int
	byProposal   map[wijk.ID]bool
	supersededBy map[wijk.ID]wijk.ID
}

// NewDecisionLog returns an empty log for a team.
func NewDecisionLog(team wijk.ID) (*DecisionLog, error) {
	if err := team.Validate("team"); err != nil {
		return nil, err
	}
	return &DecisionLog{team: team, byID: map[wijk.ID]int{}, byProposal: map[wijk.ID]bool{}, supersededBy: map[wijk.ID]wijk.ID{}}, nil
}

// RestoreDecisionLog rebuilds a log from its entries, in order, checking
// each as [DecisionLog.Append] does.
func RestoreDecisionLog(team wijk.ID, entries []Decision) (*DecisionLog, error) {
	l, err := NewDecisionLog(team)
	if err != nil {
		return nil, err
	}
	for i, d := range entries {
		if err := l.Append(d); err != nil {
			return nil, wijk.InField(fmt.Sprintf("entries[%d]", i), err)
		}
	}
	return l, nil
}

// Team returns the team whose log this is.
func (l *DecisionLog) Team() wijk.ID { return l.team }

// Len returns the number of entries.
func (l *DecisionLog) Len() int { return len(l.entries) }

// Append adds a decision at the end of the log. The decision must be the
// log team's, with an ID and a proposal not logged before; if it
// supersedes a decision, that one must be in the log and still current.
func (l *DecisionLog) Append(d Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Team != l.team {
		return wijk.Invalid("team", "must be the log's team %s", l.team)
	}
	if _, dup := l.byID[d.ID]; dup {
		return wijk.Conflictf("decision %s is already in the log", d.ID)
	}
	if l.byProposal[d.Proposal] {
		return wijk.Conflictf("proposal %s was already logged", d.Proposal)
	}
	if d.Supersedes != "" {
		if _, ok := l.byID[d.Supersedes]; !ok {
			return wijk.NotFoundf("decision %s, which %s supersedes, is not in the log", d.Supersedes, d.ID)
		}
		if by, ok := l.supersededBy[d.Supersedes]; ok {
			return wijk.Conflictf("decision %s was already superseded by %s", d.Supersedes, by)
		}
	}
	d = cloneDecision(d)
	l.byID[d.ID] = len(l.entries)
	l.byProposal[d.Proposal] = true
	if d.Supersedes != "" {
		l.supersededBy[d.Supersedes] = d.ID
	}
	l.entries = append(l.entries, d)
	return nil
}

func cloneDecision(d Decision) Decision {
	d.Eligible = slices.Clone(d.Eligible)
	d.Stances = slices.Clone(d.Stances)
	d.Silent = slices.Clone(d.Silent)
	d.History = slices.Clone(d.History)
	d.Objections = slices.Clone(d.Objections)
	return d
}

// Entries returns every decision in the order logged.
func (l *DecisionLog) Entries() []Decision {
	out := make([]Decision, len(l.entries))
	for i, d := range l.entries {
		out[i] = cloneDecision(d)
	}
	return out
}

// Get returns the decision with the given ID.
func (l *DecisionLog) Get(id wijk.ID) (Decision, error) {
	i, ok := l.byID[id]
	if !ok {
		return Decision{}, wijk.NotFoundf("decision %s is not in the log of team %s", id, l.team)
	}
	return cloneDecision(l.entries[i]), nil
}

// SupersededBy returns the decision that replaced id, if any.
func (l *DecisionLog) SupersededBy(id wijk.ID) (wijk.ID, bool) {
	by, ok := l.supersededBy[id]
	return by, ok
}

// Current returns the decisions not superseded, in the order logged.
func (l *DecisionLog) Current() []Decision {
	var out []Decision
	for _, d := range l.entries {
		if _, gone := l.supersededBy[d.ID]; !gone {
			out = append(out, cloneDecision(d))
		}
	}
	return out
}

// DueForReview returns the current decisions whose review date is on or
// before day, in the order logged.
func (l *DecisionLog) DueForReview(day wijk.Date) []Decision {
	var out []Decision
	for _, d := range l.Current() {
		if !d.ReviewOn.After(day) {
			out = append(out, d)
		}
	}
	return out
}

// Revisit opens a new draft proposal that reconsiders a current decision:
// p describes the new proposal, and its Revisits is set to the decision.
// Adopting and logging it supersedes the old decision.
func (l *DecisionLog) Revisit(decision wijk.ID, p ProposalParams) (*Proposal, error) {
	if _, err := l.Get(decision); err != nil {
		return nil, err
	}
	if by, ok := l.supersededBy[decision]; ok {
		return nil, wijk.Conflictf("decision %s was already superseded by %s: revisit that one", decision, by)
	}
	if p.Team != l.team {
		return nil, wijk.Invalid("team", "must be the log's team %s", l.team)
	}
	if p.Revisits != "" && p.Revisits != decision {
		return nil, wijk.Invalid("revisits", "must be empty or the decision revisited")
	}
	p.Revisits = decision
	return NewProposal(p)
}
