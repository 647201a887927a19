package consensus

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
)

// Rule decides whether a consent round adopts its proposal. Consent is the
// default; Unanimity, Majority and AdviceProcess are the other built-in
// rules, and a caller may plug in its own. A rule sees only the [Tally] of
// the current version and must be deterministic.
type Rule interface {
	// Name identifies the rule; storage keeps it, and [RuleByName] finds
	// the built-in rule of that name again.
	Name() string
	// OwnerDecides reports whether only the proposal's owner may close the
	// round (the advice process). Otherwise any eligible member may close
	// it, and the deadline closes it by itself.
	OwnerDecides() bool
	// Decide returns the verdict on the tally.
	Decide(t Tally) Verdict
}

// Outcome is a rule's verdict on a round.
type Outcome int

// The outcomes a rule can reach.
const (
	// Adopt: the proposal is adopted.
	Adopt Outcome = iota + 1
	// Wait: the round cannot decide yet (stances are missing, objections
	// are untested).
	Wait
	// Block: the proposal as it stands cannot be adopted (a valid
	// objection, a lost vote); amend it or withdraw it.
	Block
)

var outcomeEnum = enum.New[Outcome]("Outcome", "outcome", "adopt", "wait", "block")

// Valid reports whether o is Adopt, Wait or Block.
func (o Outcome) Valid() bool { return outcomeEnum.Valid(o) }

// String returns "adopt", "wait" or "block".
func (o Outcome) String() string { return outcomeEnum.String(o) }

// ParseOutcome reads "adopt", "wait" or "block", in any case.
func ParseOutcome(v string) (Outcome, error) { return outcomeEnum.Parse(v) }

// MarshalText writes a rule's verdict as "adopt", "wait" or "block"; the
// zero Outcome is refused with an error matching [wijk.ErrInvalid].
func (o Outcome) MarshalText() ([]byte, error) { return outcomeEnum.MarshalText(o) }

// UnmarshalText reads an outcome as [ParseOutcome] does.
func (o *Outcome) UnmarshalText(b []byte) error { return outcomeEnum.UnmarshalText(b, o) }

// Verdict is a rule's answer with its reason in words.
type Verdict struct {
	// Outcome is adopt, wait or block.
	Outcome Outcome
	// Reason says why, e.g. "valid objection by 01H… stands".
	Reason string
}

// Tally is what a rule sees of a round: the current stance of each eligible
// member on the current version. All member lists are sorted by ID.
type Tally struct {
	// Eligible is the number of members who may take a stance.
	Eligible int
	// Consent, Concern, StandAside are the members with those stances.
	Consent, Concern, StandAside []wijk.ID
	// ValidObjections, UntestedObjections and NotValidObjections are the
	// objectors by the state of their objection's test.
	ValidObjections, UntestedObjections, NotValidObjections []wijk.ID
	// Missing are the eligible members with no stance on this version.
	Missing []wijk.ID
	// DeadlinePassed is true when the round is being closed at or after
	// its deadline.
	DeadlinePassed bool
	// Quorum is the proposal's quorum policy.
	Quorum Quorum
}

// SilenceCounts reports whether the missing members count as not objecting:
// the policy is QuorumSilenceConsents and the deadline has passed.
func (t Tally) SilenceCounts() bool {
	return t.Quorum == QuorumSilenceConsents && t.DeadlinePassed
}

// QuorumMet reports whether absence no longer holds the round up: nobody
// is missing, or silence counts as not objecting.
func (t Tally) QuorumMet() bool { return len(t.Missing) == 0 || t.SilenceCounts() }

// Objectors returns every member with an objection on this version,
// whatever its test, sorted.
func (t Tally) Objectors() []wijk.ID {
	out := slices.Concat(t.ValidObjections, t.UntestedObjections, t.NotValidObjections)
	slices.Sort(out)
	return out
}

func missingVerdict(t Tally) Verdict {
	return Verdict{Wait, fmt.Sprintf("%d of %d eligible members have taken no stance (%s)", len(t.Missing), t.Eligible, joinIDs(t.Missing))}
}

// ConsentRule is the default rule: adopted when every eligible member has
// taken a stance (or silence counts, see [Quorum]) and no valid objection
// stands. Concerns and stand-asides never block; an untested objection
// holds the round until it is tested.
type ConsentRule struct{}

// Name returns "consent".
func (ConsentRule) Name() string { return "consent" }

// OwnerDecides returns false.
func (ConsentRule) OwnerDecides() bool { return false }

// Decide applies the consent rule.
func (ConsentRule) Decide(t Tally) Verdict {
	if len(t.ValidObjections) > 0 {
		return Verdict{Block, "valid objection stands (" + joinIDs(t.ValidObjections) + ")"}
	}
	if len(t.UntestedObjections) > 0 {
		return Verdict{Wait, "objection not yet tested (" + joinIDs(t.UntestedObjections) + ")"}
	}
	if !t.QuorumMet() {
		return missingVerdict(t)
	}
	return Verdict{Adopt, "no valid objection"}
}

// UnanimityRule adopts only when every eligible member consents (with or
// without a concern). Any objection, tested or not, and any stand-aside
// blocks. When silence counts, a missing member is taken to consent.
type UnanimityRule struct{}

// Name returns "unanimity".
func (UnanimityRule) Name() string { return "unanimity" }

// OwnerDecides returns false.
func (UnanimityRule) OwnerDecides() bool { return false }

// Decide applies the unanimity rule.
func (UnanimityRule) Decide(t Tally) Verdict {
	if o := t.Objectors(); len(o) > 0 {
		return Verdict{Block, "not unanimous: objection (" + joinIDs(o) + ")"}
	}
	if len(t.StandAside) > 0 {
		return Verdict{Block, "not unanimous: stood aside (" + joinIDs(t.StandAside) + ")"}
	}
	if !t.QuorumMet() {
		return missingVerdict(t)
	}
	return Verdict{Adopt, "every eligible member consents"}
}

// MajorityRule adopts when more than half of the members who voted consent;
// an objection, tested or not, is a vote against, and a stand-aside is an
// abstention. It exists to compare consent with voting in research; the
// quorum policy applies as for the other rules.
type MajorityRule struct{}

// Name returns "majority".
func (MajorityRule) Name() string { return "majority" }

// OwnerDecides returns false.
func (MajorityRule) OwnerDecides() bool { return false }

// Decide applies the majority rule.
func (MajorityRule) Decide(t Tally) Verdict {
	if !t.QuorumMet() {
		return missingVerdict(t)
	}
	yes := len(t.Consent) + len(t.Concern)
	no := len(t.Objectors())
	if yes > no {
		return Verdict{Adopt, fmt.Sprintf("majority for: %d for, %d against", yes, no)}
	}
	return Verdict{Block, fmt.Sprintf("no majority: %d for, %d against", yes, no)}
}

// AdviceProcessRule lets the owner decide after asking the members the
// proposal affects (the eligible members are the affected ones). Every
// stance is advice: it is recorded and shown in the decision log, and no
// objection blocks. The owner may decide once every affected member has
// given advice, or, when silence counts, once the deadline has passed.
type AdviceProcessRule struct{}

// Name returns "advice process".
func (AdviceProcessRule) Name() string { return "advice process" }

// OwnerDecides returns true.
func (AdviceProcessRule) OwnerDecides() bool { return true }

// Decide applies the advice process.
func (AdviceProcessRule) Decide(t Tally) Verdict {
	if !t.QuorumMet() {
		v := missingVerdict(t)
		v.Reason = "advice not yet given: " + v.Reason
		return v
	}
	return Verdict{Adopt, "the owner decided after hearing the advice"}
}

// RuleByName returns the built-in rule with the given name ("consent",
// "unanimity", "majority", "advice process"; any case).
func RuleByName(name string) (Rule, error) {
	n := enum.Fold(name)
	for _, r := range []Rule{ConsentRule{}, UnanimityRule{}, MajorityRule{}, AdviceProcessRule{}} {
		if r.Name() == n {
			return r, nil
		}
	}
	return nil, wijk.Invalid("rule", "must be one of consent, unanimity, majority, advice process; got %q", name)
}

func joinIDs(ids []wijk.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}
