package records

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
)

// payloadRecord is a proposal's or decision's payload, tagged with its kind
// so the right type is read back.
type payloadRecord struct {
	Kind  string          `json:"kind"`
	Value json.RawMessage `json:"value"`
}

func encodePayload(p consensus.Payload) (*payloadRecord, error) {
	if p == nil {
		return nil, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return &payloadRecord{Kind: p.Kind().String(), Value: b}, nil
}

func decodePayload(format int, r *payloadRecord) (consensus.Payload, error) {
	if r == nil {
		return nil, nil
	}
	k, err := consensus.ParsePayloadKind(r.Kind)
	if err != nil {
		return nil, err
	}
	switch k {
	case consensus.PayloadHire:
		return strictInto[consensus.Hire](format, r.Value)
	case consensus.PayloadLeave:
		return strictInto[consensus.Leave](format, r.Value)
	case consensus.PayloadAssignRole:
		return strictInto[consensus.AssignRole](format, r.Value)
	case consensus.PayloadHandOverRole:
		return strictInto[consensus.HandOverRole](format, r.Value)
	case consensus.PayloadSplit:
		return strictInto[consensus.Split](format, r.Value)
	case consensus.PayloadChangeNorms:
		return strictInto[consensus.ChangeNorms](format, r.Value)
	case consensus.PayloadChangeNeighbourhood:
		return strictInto[consensus.ChangeNeighbourhood](format, r.Value)
	case consensus.PayloadAdoptRoster:
		return strictInto[consensus.AdoptRoster](format, r.Value)
	case consensus.PayloadAdoptDayPlan:
		return strictInto[consensus.AdoptDayPlan](format, r.Value)
	}
	return nil, fmt.Errorf("payload kind %q has no record type", r.Kind)
}

// strictInto reads a payload's value, in the given record format, as
// strictly as a record's body.
func strictInto[T any](format int, b json.RawMessage) (T, error) {
	var v T
	err := decodeBodyAs(format, b, 0, &v)
	return v, err
}

// versionRecord is a consensus.Version with its payload tagged.
type versionRecord struct {
	Number  int            `json:"number"`
	Text    string         `json:"text"`
	Reason  string         `json:"reason"`
	Author  wijk.ID        `json:"author"`
	At      time.Time      `json:"at"`
	Change  string         `json:"change"`
	Payload *payloadRecord `json:"payload"`
}

// proposalRecord is a consensus.ProposalSnapshot with the rule kept by
// name and the payloads tagged.
type proposalRecord struct {
	ID          wijk.ID                `json:"id"`
	Team        wijk.ID                `json:"team"`
	Owner       wijk.ID                `json:"owner"`
	Title       string                 `json:"title"`
	Rule        string                 `json:"rule"`
	Quorum      consensus.Quorum       `json:"quorum"`
	MaxRounds   int                    `json:"max_rounds"`
	Revisits    wijk.ID                `json:"revisits"`
	CreatedAt   time.Time              `json:"created_at"`
	State       consensus.State        `json:"state"`
	Versions    []versionRecord        `json:"versions"`
	Eligible    []wijk.ID              `json:"eligible"`
	Stances     []consensus.Stance     `json:"stances"`
	Transitions []consensus.Transition `json:"transitions"`
	RoundOpened time.Time              `json:"round_opened"`
	RoundCloses time.Time              `json:"round_closes"`
	Coach       wijk.ID                `json:"coach"`
	Meeting     wijk.ID                `json:"meeting"`
	Facilitator wijk.ID                `json:"facilitator"`
}

// EncodeProposal serializes a proposal. Only the built-in decision rules
// can be stored: a rule is kept by its name.
func EncodeProposal(p *consensus.Proposal) ([]byte, error) {
	s := p.Snapshot()
	if s.Rule == nil {
		return nil, wijk.Invalid("proposal.rule", "is required")
	}
	if _, err := consensus.RuleByName(s.Rule.Name()); err != nil {
		return nil, wijk.Invalid("proposal.rule", "only the built-in decision rules can be stored, got %q", s.Rule.Name())
	}
	if _, err := consensus.RestoreProposal(s); err != nil {
		return nil, unfit("proposal", err)
	}
	r := proposalRecord{
		ID: s.ID, Team: s.Team, Owner: s.Owner, Title: s.Title, Rule: s.Rule.Name(), Quorum: s.Quorum,
		MaxRounds: s.MaxRounds, Revisits: s.Revisits, CreatedAt: s.CreatedAt, State: s.State,
		Eligible: s.Eligible, Stances: s.Stances, Transitions: s.Transitions,
		RoundOpened: s.RoundOpened, RoundCloses: s.RoundCloses, Coach: s.Coach, Meeting: s.Meeting, Facilitator: s.Facilitator,
	}
	for _, v := range s.Versions {
		pr, err := encodePayload(v.Payload)
		if err != nil {
			return nil, fmt.Errorf("encoding proposal %s: %w", s.ID, err)
		}
		r.Versions = append(r.Versions, versionRecord{Number: v.Number, Text: v.Text, Reason: v.Reason, Author: v.Author, At: v.At, Change: v.Change, Payload: pr})
	}
	return encode("proposal", r)
}

// DecodeProposal rebuilds a proposal from its record, validating it.
func DecodeProposal(data []byte) (*consensus.Proposal, error) {
	var r proposalRecord
	format, err := decode("proposal", "proposal", data, &r)
	if err != nil {
		return nil, err
	}
	rule, err := consensus.RuleByName(r.Rule)
	if err != nil {
		return nil, corrupt("proposal", err)
	}
	s := consensus.ProposalSnapshot{
		ID: r.ID, Team: r.Team, Owner: r.Owner, Title: r.Title, Rule: rule, Quorum: r.Quorum,
		MaxRounds: r.MaxRounds, Revisits: r.Revisits, CreatedAt: r.CreatedAt, State: r.State,
		Eligible: r.Eligible, Stances: r.Stances, Transitions: r.Transitions,
		RoundOpened: r.RoundOpened, RoundCloses: r.RoundCloses, Coach: r.Coach, Meeting: r.Meeting, Facilitator: r.Facilitator,
	}
	for i, v := range r.Versions {
		p, err := decodePayload(format, v.Payload)
		if err != nil {
			return nil, corrupt("proposal", fmt.Errorf("versions[%d].payload: %w", i, err))
		}
		s.Versions = append(s.Versions, consensus.Version{Number: v.Number, Text: v.Text, Reason: v.Reason, Author: v.Author, At: v.At, Change: v.Change, Payload: p})
	}
	p, err := consensus.RestoreProposal(s)
	if err != nil {
		return nil, corrupt("proposal", err)
	}
	return p, nil
}

var meetingRecord = snapshotted[*consensus.Meeting, consensus.MeetingSnapshot]{"meeting", "meeting", (*consensus.Meeting).Snapshot, consensus.RestoreMeeting}

// EncodeMeeting serializes a meeting, refusing one that could not be read
// back (wijk.ErrInvalid).
func EncodeMeeting(m *consensus.Meeting) ([]byte, error) { return meetingRecord.encode(m) }

// DecodeMeeting rebuilds a meeting from its record, validating it.
func DecodeMeeting(data []byte) (*consensus.Meeting, error) { return meetingRecord.decode(data) }

// decisionRecord is a consensus.Decision with its payload tagged.
type decisionRecord struct {
	ID          wijk.ID                     `json:"id"`
	Team        wijk.ID                     `json:"team"`
	Proposal    wijk.ID                     `json:"proposal"`
	Owner       wijk.ID                     `json:"owner"`
	Title       string                      `json:"title"`
	Text        string                      `json:"text"`
	Reason      string                      `json:"reason"`
	Version     int                         `json:"version"`
	Rationale   string                      `json:"rationale"`
	Rule        string                      `json:"rule"`
	Rounds      int                         `json:"rounds"`
	Eligible    []wijk.ID                   `json:"eligible"`
	Stances     []consensus.Stance          `json:"stances"`
	Silent      []wijk.ID                   `json:"silent"`
	History     []consensus.Stance          `json:"history"`
	Objections  []consensus.ObjectionRecord `json:"objections"`
	PresentedAt time.Time                   `json:"presented_at"`
	DecidedAt   time.Time                   `json:"decided_at"`
	ReviewOn    wijk.Date                   `json:"review_on"`
	Supersedes  wijk.ID                     `json:"supersedes"`
	Payload     *payloadRecord              `json:"payload"`
}

// EncodeDecision serializes one entry of a decision log, refusing one that
// breaks a rule of its own (wijk.ErrInvalid).
func EncodeDecision(d consensus.Decision) ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, unfit("decision", err)
	}
	pr, err := encodePayload(d.Payload)
	if err != nil {
		return nil, fmt.Errorf("encoding decision %s: %w", d.ID, err)
	}
	return encode("decision", decisionRecord{
		ID: d.ID, Team: d.Team, Proposal: d.Proposal, Owner: d.Owner, Title: d.Title, Text: d.Text, Reason: d.Reason,
		Version: d.Version, Rationale: d.Rationale, Rule: d.Rule, Rounds: d.Rounds, Eligible: d.Eligible,
		Stances: d.Stances, Silent: d.Silent, History: d.History, Objections: d.Objections,
		PresentedAt: d.PresentedAt, DecidedAt: d.DecidedAt, ReviewOn: d.ReviewOn, Supersedes: d.Supersedes, Payload: pr,
	})
}

// DecodeDecision reads one entry of a decision log and checks it on its
// own ([consensus.Decision.Validate]); the log checks it against the
// others when it is restored.
func DecodeDecision(data []byte) (consensus.Decision, error) {
	var r decisionRecord
	format, err := decode("decision", "decision", data, &r)
	if err != nil {
		return consensus.Decision{}, err
	}
	p, err := decodePayload(format, r.Payload)
	if err != nil {
		return consensus.Decision{}, corrupt("decision", fmt.Errorf("payload: %w", err))
	}
	d := consensus.Decision{
		ID: r.ID, Team: r.Team, Proposal: r.Proposal, Owner: r.Owner, Title: r.Title, Text: r.Text, Reason: r.Reason,
		Version: r.Version, Rationale: r.Rationale, Rule: r.Rule, Rounds: r.Rounds, Eligible: r.Eligible,
		Stances: r.Stances, Silent: r.Silent, History: r.History, Objections: r.Objections,
		PresentedAt: r.PresentedAt, DecidedAt: r.DecidedAt, ReviewOn: r.ReviewOn, Supersedes: r.Supersedes, Payload: p,
	}
	if err := d.Validate(); err != nil {
		return consensus.Decision{}, corrupt("decision", err)
	}
	return d, nil
}
