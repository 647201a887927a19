package consensus

import (
	"github.com/wijkzorg/wijk/internal/enum"
)

// State is where a proposal stands in its life. The zero State is not valid.
type State int

// The states of a proposal. Adopted, Withdrawn and Expired are final.
const (
	// Draft: the owner is still writing the proposal; nobody has been asked.
	Draft State = iota + 1
	// Presented: the owner has stated the proposal and its reason to the
	// team; the members who may take a stance are fixed.
	Presented
	// Clarifying: members ask questions to understand the proposal; nobody
	// gives an opinion yet.
	Clarifying
	// ConsentRound: every eligible member takes a stance on the current
	// version.
	ConsentRound
	// Amended: the owner has written a new version (after a valid
	// objection, or to answer the clarifying questions); it waits for its
	// own consent round, and the stances on earlier versions no longer count.
	Amended
	// Escalated: the team could not reach consent by itself and asked its
	// coach to facilitate; the proposal goes on from here with the coach in
	// the chair.
	Escalated
	// Adopted: the decision rule accepted the proposal. Final.
	Adopted
	// Withdrawn: the owner took the proposal back. Final.
	Withdrawn
	// Expired: the consent round reached its deadline without adoption.
	// Final.
	Expired
)

var stateEnum = enum.New[State]("State", "state", "draft", "presented", "clarifying", "consent round", "amended", "escalated", "adopted", "withdrawn", "expired")

// States returns every valid State in lifecycle order.
func States() []State {
	return stateEnum.Values()
}

// Valid reports whether s is one of the defined states.
func (s State) Valid() bool { return stateEnum.Valid(s) }

// Final reports whether no transition leaves s.
func (s State) Final() bool { return s == Adopted || s == Withdrawn || s == Expired }

// String returns the state's name in words, e.g. "consent round".
func (s State) String() string { return stateEnum.String(s) }

// ParseState reads a state name as written by String (any case; "_" or "-"
// may stand for the space).
func ParseState(v string) (State, error) {
	return stateEnum.Parse(v)
}

// MarshalText writes the state of a proposal as its word, e.g. "consent
// round", the form a stored proposal keeps; a State that is not valid is
// refused with an error matching [wijk.ErrInvalid].
func (s State) MarshalText() ([]byte, error) { return stateEnum.MarshalText(s) }

// UnmarshalText reads a proposal state as [ParseState] does.
func (s *State) UnmarshalText(b []byte) error { return stateEnum.UnmarshalText(b, s) }

// StanceKind is what a member says in a consent round. The zero StanceKind
// is not valid.
type StanceKind int

// The stances a member can take.
const (
	// Consent: the member can live with the proposal.
	Consent StanceKind = iota + 1
	// ConsentWithConcern: the member consents and records a worry. A
	// concern never blocks; it is kept in the decision log so the team can
	// look back at it.
	ConsentWithConcern
	// StandAside: the member does not take part in this decision and will
	// not block it.
	StandAside
	// Objection: a principled objection. The member says why, and what the
	// proposal would harm (the clients, the team's purpose). A preference
	// for another solution is not an objection; an objection is tested and
	// only a valid one blocks.
	Objection
)

var stanceEnum = enum.New[StanceKind]("StanceKind", "kind", "consent", "consent with concern", "stand aside", "objection")

// StanceKinds returns every valid StanceKind.
func StanceKinds() []StanceKind {
	return stanceEnum.Values()
}

// Valid reports whether k is one of the defined stance kinds.
func (k StanceKind) Valid() bool { return stanceEnum.Valid(k) }

// Consents reports whether k is Consent or ConsentWithConcern.
func (k StanceKind) Consents() bool { return k == Consent || k == ConsentWithConcern }

// String returns the stance in words, e.g. "stand aside".
func (k StanceKind) String() string { return stanceEnum.String(k) }

// ParseStanceKind reads a stance name as written by String (any case; "_"
// or "-" may stand for the space).
func ParseStanceKind(v string) (StanceKind, error) {
	return stanceEnum.Parse(v)
}

// MarshalText writes the stance in words, e.g. "stand aside"; the zero
// StanceKind is refused with an error matching [wijk.ErrInvalid].
func (k StanceKind) MarshalText() ([]byte, error) { return stanceEnum.MarshalText(k) }

// UnmarshalText reads a stance kind as [ParseStanceKind] does.
func (k *StanceKind) UnmarshalText(b []byte) error { return stanceEnum.UnmarshalText(b, k) }

// ObjectionStatus says whether an objection has been tested and how. The
// zero value is not valid; a stance that is not an objection carries
// NotAnObjection.
type ObjectionStatus int

// The statuses of a stance's objection test.
const (
	// NotAnObjection: the stance is not an objection, nothing to test.
	NotAnObjection ObjectionStatus = iota + 1
	// Untested: an objection waiting for the team to test it. It holds up
	// the consent rule until it is tested.
	Untested
	// ValidObjection: the test found the proposal would cause the harm the
	// objector named; it blocks adoption until the proposal is amended or
	// the objector changes their stance.
	ValidObjection
	// NotValid: the test found a preference or a worry rather than harm;
	// it is recorded with the reason and does not block.
	NotValid
)

var objectionStatusEnum = enum.New[ObjectionStatus]("ObjectionStatus", "status", "not an objection", "untested", "valid", "not valid")

// ObjectionStatuses returns every valid ObjectionStatus.
func ObjectionStatuses() []ObjectionStatus {
	return objectionStatusEnum.Values()
}

// Valid reports whether s is one of the defined statuses.
func (s ObjectionStatus) Valid() bool { return objectionStatusEnum.Valid(s) }

// String returns the status in words, e.g. "not valid".
func (s ObjectionStatus) String() string { return objectionStatusEnum.String(s) }

// ParseObjectionStatus reads a status as written by String.
func ParseObjectionStatus(v string) (ObjectionStatus, error) {
	return objectionStatusEnum.Parse(v)
}

// MarshalText writes the status of an objection's test, e.g. "untested"; an
// ObjectionStatus that is not valid is refused with an error matching
// [wijk.ErrInvalid].
func (s ObjectionStatus) MarshalText() ([]byte, error) { return objectionStatusEnum.MarshalText(s) }

// UnmarshalText reads an objection status as [ParseObjectionStatus] does.
func (s *ObjectionStatus) UnmarshalText(b []byte) error {
	return objectionStatusEnum.UnmarshalText(b, s)
}

// Quorum says what it means when an eligible member takes no stance. The
// zero value is not valid; proposal parameters treat it as QuorumEveryone.
type Quorum int

// The quorum policies.
const (
	// QuorumEveryone: every eligible member must take a stance; a round
	// with a member missing cannot adopt, and expires at its deadline.
	QuorumEveryone Quorum = iota + 1
	// QuorumSilenceConsents: a member who has taken no stance by the
	// deadline is counted as not objecting. Before the deadline, everyone
	// must still have spoken for the round to close.
	QuorumSilenceConsents
)

var quorumEnum = enum.New[Quorum]("Quorum", "quorum", "everyone", "silence consents")

// Valid reports whether q is one of the defined policies.
func (q Quorum) Valid() bool { return quorumEnum.Valid(q) }

// String returns "everyone" or "silence consents".
func (q Quorum) String() string { return quorumEnum.String(q) }

// ParseQuorum reads a policy as written by String.
func ParseQuorum(v string) (Quorum, error) {
	return quorumEnum.Parse(v)
}

// MarshalText writes "everyone" or "silence consents". The zero Quorum, which
// proposal parameters read as QuorumEveryone, is refused with an error
// matching [wijk.ErrInvalid].
func (q Quorum) MarshalText() ([]byte, error) { return quorumEnum.MarshalText(q) }

// UnmarshalText reads a quorum policy as [ParseQuorum] does.
func (q *Quorum) UnmarshalText(b []byte) error { return quorumEnum.UnmarshalText(b, q) }
