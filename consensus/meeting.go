package consensus

import (
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
)

// MeetingState is where a team meeting stands. The zero value is not valid.
type MeetingState int

// The states of a meeting.
const (
	// MeetingOpening: the opening items (the previous report, notices,
	// other business) are being dealt with; the agenda is still open.
	MeetingOpening MeetingState = iota + 1
	// MeetingInProgress: the agenda is fixed and the items are discussed.
	MeetingInProgress
	// MeetingClosed: the meeting is over. Final.
	MeetingClosed
)

var meetingStateEnum = enum.New[MeetingState]("MeetingState", "state", "opening", "in progress", "closed")

// Valid reports whether s is a defined meeting state.
func (s MeetingState) Valid() bool { return meetingStateEnum.Valid(s) }

// String returns "opening", "in progress" or "closed".
func (s MeetingState) String() string { return meetingStateEnum.String(s) }

// ParseMeetingState reads a meeting state as written by String.
func ParseMeetingState(v string) (MeetingState, error) {
	return meetingStateEnum.Parse(v)
}

// MarshalText writes "opening", "in progress" or "closed", the form a stored
// meeting keeps; the zero MeetingState is refused with an error matching
// [wijk.ErrInvalid].
func (s MeetingState) MarshalText() ([]byte, error) { return meetingStateEnum.MarshalText(s) }

// UnmarshalText reads a meeting state as [ParseMeetingState] does.
func (s *MeetingState) UnmarshalText(b []byte) error { return meetingStateEnum.UnmarshalText(b, s) }

// Facilitation records that a member facilitated a meeting at a time; the
// history [SuggestFacilitator] reads.
type Facilitation struct {
	// Member is who facilitated.
	Member wijk.ID
	// At is when the meeting started.
	At time.Time
}

// SuggestFacilitator proposes who facilitates the next meeting: the
// candidate who facilitated least recently, and a candidate who never
// facilitated before anyone who did. Ties go to the lowest ID, so the
// suggestion is the same for the same inputs. The team decides; this only
// suggests.
func SuggestFacilitator(candidates []wijk.ID, past []Facilitation) (wijk.ID, error) {
	set, err := idSet("candidates", candidates)
	if err != nil {
		return "", err
	}
	if len(set) == 0 {
		return "", wijk.Invalid("candidates", "must name at least one member")
	}
	last := make(map[wijk.ID]time.Time, len(past))
	for i, f := range past {
		if err := f.Member.Validate(fmt.Sprintf("past[%d].member", i)); err != nil {
			return "", err
		}
		if err := valid.Time(fmt.Sprintf("past[%d].at", i), f.At); err != nil {
			return "", err
		}
		if f.At.After(last[f.Member]) {
			last[f.Member] = f.At
		}
	}
	best := set[0]
	for _, c := range set[1:] { // set is sorted, so ties keep the lowest ID
		if last[c].Before(last[best]) {
			best = c
		}
	}
	return best, nil
}

// Notice is an opening item: a short message to the team, or a topic of
// other business that the agenda picks up.
type Notice struct {
	// By is the member who gave it.
	By wijk.ID `json:"by"`
	// At is when it was given.
	At time.Time `json:"at"`
	// Text is the notice or the topic.
	Text string `json:"text"`
}

// ReportAcceptance records that the meeting accepted the previous
// meeting's report.
type ReportAcceptance struct {
	// Previous is the previous meeting's ID; empty for a team's first
	// meeting.
	Previous wijk.ID `json:"previous"`
	// By is the member who moved to accept it.
	By wijk.ID `json:"by"`
	// At is when it was accepted.
	At time.Time `json:"at"`
	// Note holds corrections made to the report, if any.
	Note string `json:"note"`
}

// AgendaItem is one item of a fixed agenda.
type AgendaItem struct {
	// ID identifies the item.
	ID wijk.ID `json:"id"`
	// Title names the topic.
	Title string `json:"title"`
	// Owner is the member who brings the item.
	Owner wijk.ID `json:"owner"`
	// OtherBusiness reports whether the item came from the opening's
	// other business.
	OtherBusiness bool `json:"other_business"`
	// Proposal is the proposal the item led to, if any.
	Proposal wijk.ID `json:"proposal"`
	// Outcome is what the meeting concluded; set when the item is closed.
	Outcome string `json:"outcome"`
	// Done reports whether the item was dealt with.
	Done bool `json:"done"`
}

// ItemParams describe an agenda item when the agenda is fixed.
type ItemParams struct {
	// ID identifies the item.
	ID wijk.ID
	// Title names the topic; one line.
	Title string
	// Owner is the member present who brings it.
	Owner wijk.ID
}

// MeetingParams are the inputs of [NewMeeting].
type MeetingParams struct {
	// ID identifies the meeting.
	ID wijk.ID
	// Team is the meeting team.
	Team wijk.ID
	// Facilitator is the member chosen to facilitate; one of Present.
	Facilitator wijk.ID
	// Present are the members who attend.
	Present []wijk.ID
	// StartsAt is when the meeting opens.
	StartsAt time.Time
}

// Meeting is one team meeting run by the SDMI method: the opening items,
// an agenda fixed at the start, items that lead to proposals, and a
// facilitator who only asks "what is your proposal?" and "what is its
// reason?" and so owns and amends no proposal in the meeting. A Meeting is
// not safe for concurrent use.
type Meeting struct {
	id, team, facilitator wijk.ID
	present               []wijk.ID
	startsAt              time.Time
	state                 MeetingState
	report                *ReportAcceptance
	notices               []Notice
	otherBusiness         []Notice
	agenda                []AgendaItem
	fixedAt, closedAt     time.Time
	minutes               string
	last                  time.Time
}

// NewMeeting validates p and opens a meeting.
func NewMeeting(p MeetingParams) (*Meeting, error) {
	if err := p.ID.Validate("id"); err != nil {
		return nil, err
	}
	if err := p.Team.Validate("team"); err != nil {
		return nil, err
	}
	if err := p.Facilitator.Validate("facilitator"); err != nil {
		return nil, err
	}
	present, err := idSet("present", p.Present)
	if err != nil {
		return nil, err
	}
	if _, ok := slices.BinarySearch(present, p.Facilitator); !ok {
		return nil, wijk.Invalid("facilitator", "must be one of the members present")
	}
	if err := valid.Time("startsAt", p.StartsAt); err != nil {
		return nil, err
	}
	return &Meeting{id: p.ID, team: p.Team, facilitator: p.Facilitator, present: present,
		startsAt: p.StartsAt, state: MeetingOpening, last: p.StartsAt}, nil
}

// ID returns the meeting's ID.
func (m *Meeting) ID() wijk.ID { return m.id }

// Team returns the team's ID.
func (m *Meeting) Team() wijk.ID { return m.team }

// Facilitator returns the meeting's facilitator.
func (m *Meeting) Facilitator() wijk.ID { return m.facilitator }

// Present returns the members present, sorted.
func (m *Meeting) Present() []wijk.ID { return slices.Clone(m.present) }

// StartsAt returns when the meeting opened.
func (m *Meeting) StartsAt() time.Time { return m.startsAt }

// State returns the meeting's state.
func (m *Meeting) State() MeetingState { return m.state }

// Report returns the acceptance of the previous report and whether it
// happened.
func (m *Meeting) Report() (ReportAcceptance, bool) {
	if m.report == nil {
		return ReportAcceptance{}, false
	}
	return *m.report, true
}

// Notices returns the notices of the opening.
func (m *Meeting) Notices() []Notice { return slices.Clone(m.notices) }

// OtherBusiness returns the topics raised as other business.
func (m *Meeting) OtherBusiness() []Notice { return slices.Clone(m.otherBusiness) }

// Agenda returns the agenda items in order; empty until the agenda is
// fixed.
func (m *Meeting) Agenda() []AgendaItem { return slices.Clone(m.agenda) }

// FixedAt returns when the agenda was fixed (zero before).
func (m *Meeting) FixedAt() time.Time { return m.fixedAt }

// ClosedAt returns when the meeting closed (zero before).
func (m *Meeting) ClosedAt() time.Time { return m.closedAt }

// Minutes returns the report written when the meeting closed.
func (m *Meeting) Minutes() string { return m.minutes }

// Facilitation returns this meeting's entry for [SuggestFacilitator].
func (m *Meeting) Facilitation() Facilitation {
	return Facilitation{Member: m.facilitator, At: m.startsAt}
}

func (m *Meeting) isPresent(id wijk.ID) bool {
	_, ok := slices.BinarySearch(m.present, id)
	return ok
}

// step checks an act against the meeting: valid, by a member present,
// time not going back, and in the state the step needs.
func (m *Meeting) step(a Act, need MeetingState, what string) error {
	if err := a.validate(); err != nil {
		return err
	}
	if a.At.Before(m.last) {
		return wijk.Invalid("at", "must not be before the meeting's last event at %s", m.last.Format(time.RFC3339))
	}
	if m.state != need {
		return wijk.Conflictf("meeting %s is %s: %s only while it is %s", m.id, m.state, what, need)
	}
	if !m.isPresent(a.By) {
		return wijk.Forbiddenf("%s is not present at meeting %s", a.By, m.id)
	}
	return nil
}

// AcceptPreviousReport records that the meeting accepted the previous
// meeting's report (previous is empty for a team's first meeting); Why
// holds corrections, if any. It is an opening item.
func (m *Meeting) AcceptPreviousReport(a Act, previous wijk.ID) error {
	if err := m.step(a, MeetingOpening, "the previous report is accepted"); err != nil {
		return err
	}
	if previous != "" {
		if err := previous.Validate("previous"); err != nil {
			return err
		}
	}
	if m.report != nil {
		return wijk.Conflictf("meeting %s already accepted the previous report", m.id)
	}
	m.report = &ReportAcceptance{Previous: previous, By: a.By, At: a.At, Note: a.Why}
	m.last = a.At
	return nil
}

// AddNotice records a notice during the opening.
func (m *Meeting) AddNotice(a Act, text string) error {
	if err := m.step(a, MeetingOpening, "notices are given"); err != nil {
		return err
	}
	if err := valid.Required("text", text, valid.MaxText); err != nil {
		return err
	}
	m.notices = append(m.notices, Notice{By: a.By, At: a.At, Text: text})
	m.last = a.At
	return nil
}

// AddOtherBusiness records a topic raised as other business during the
// opening; fixing the agenda adds it as an item owned by who raised it.
func (m *Meeting) AddOtherBusiness(a Act, topic string) error {
	if err := m.step(a, MeetingOpening, "other business is raised"); err != nil {
		return err
	}
	if err := valid.Name("topic", topic); err != nil {
		return err
	}
	m.otherBusiness = append(m.otherBusiness, Notice{By: a.By, At: a.At, Text: topic})
	m.last = a.At
	return nil
}

// FixAgenda fixes the agenda at the start: the given items in order, then
// one item per topic of other business (their IDs drawn from ids). Only the
// facilitator fixes it, after the previous report was accepted; it cannot
// change afterwards.
func (m *Meeting) FixAgenda(a Act, items []ItemParams, ids wijk.IDSource) error {
	if err := m.step(a, MeetingOpening, "the agenda is fixed"); err != nil {
		return err
	}
	if a.By != m.facilitator {
		return wijk.Forbiddenf("only the facilitator %s fixes the agenda", m.facilitator)
	}
	if m.report == nil {
		return wijk.Conflictf("meeting %s must accept the previous report before fixing the agenda", m.id)
	}
	if len(m.otherBusiness) > 0 && ids == nil {
		return wijk.Invalid("ids", "is required to number the items of other business")
	}
	agenda := make([]AgendaItem, 0, len(items)+len(m.otherBusiness))
	seen := map[wijk.ID]bool{}
	for i, it := range items {
		f := fmt.Sprintf("items[%d]", i)
		if err := it.ID.Validate(f + ".id"); err != nil {
			return err
		}
		if seen[it.ID] {
			return wijk.Invalid(f+".id", "is used twice")
		}
		seen[it.ID] = true
		if err := valid.Name(f+".title", it.Title); err != nil {
			return err
		}
		if err := it.Owner.Validate(f + ".owner"); err != nil {
			return err
		}
		if !m.isPresent(it.Owner) {
			return wijk.Invalid(f+".owner", "must be a member present")
		}
		agenda = append(agenda, AgendaItem{ID: it.ID, Title: it.Title, Owner: it.Owner})
	}
	for _, ob := range m.otherBusiness {
		nid := ids.NewID()
		if seen[nid] {
			return wijk.Conflictf("the ID source returned %s twice", nid)
		}
		seen[nid] = true
		agenda = append(agenda, AgendaItem{ID: nid, Title: ob.Text, Owner: ob.By, OtherBusiness: true})
	}
	m.agenda, m.fixedAt, m.state, m.last = agenda, a.At, MeetingInProgress, a.At
	return nil
}

func (m *Meeting) item(id wijk.ID) (int, error) {
	for i, it := range m.agenda {
		if it.ID == id {
			return i, nil
		}
	}
	return 0, wijk.NotFoundf("meeting %s has no agenda item %s", m.id, id)
}

// Propose lets the owner of an agenda item turn it into a proposal, which
// the meeting takes up. The facilitator cannot own a proposal in the
// meeting they facilitate.
func (m *Meeting) Propose(item wijk.ID, p ProposalParams) (*Proposal, error) {
	if m.state != MeetingInProgress {
		return nil, wijk.Conflictf("meeting %s is %s: proposals come from agenda items while it is in progress", m.id, m.state)
	}
	i, err := m.item(item)
	if err != nil {
		return nil, err
	}
	if err := m.checkTakeUp(i, p.Team, p.Owner); err != nil {
		return nil, err
	}
	if p.Owner != m.agenda[i].Owner {
		return nil, wijk.Forbiddenf("agenda item %s is brought by %s; only they turn it into a proposal", item, m.agenda[i].Owner)
	}
	if p.CreatedAt.Before(m.last) {
		return nil, wijk.Invalid("createdAt", "must not be before the meeting's last event")
	}
	prop, err := NewProposal(p)
	if err != nil {
		return nil, err
	}
	prop.takeUp(m.id, m.facilitator)
	m.agenda[i].Proposal = prop.id
	m.last = p.CreatedAt
	return prop, nil
}

// TakeUp puts an existing proposal (a draft prepared before the meeting,
// or one carried over from an earlier meeting) on an agenda item. From
// then on the meeting's facilitator may not amend it.
func (m *Meeting) TakeUp(item wijk.ID, p *Proposal) error {
	if p == nil {
		return wijk.Invalid("proposal", "is required")
	}
	if m.state != MeetingInProgress {
		return wijk.Conflictf("meeting %s is %s: proposals are taken up while it is in progress", m.id, m.state)
	}
	i, err := m.item(item)
	if err != nil {
		return err
	}
	if p.state.Final() {
		return wijk.Conflictf("proposal %s is %s and cannot be taken up", p.id, p.state)
	}
	if err := m.checkTakeUp(i, p.team, p.owner); err != nil {
		return err
	}
	p.takeUp(m.id, m.facilitator)
	m.agenda[i].Proposal = p.id
	return nil
}

func (m *Meeting) checkTakeUp(i int, team, owner wijk.ID) error {
	it := m.agenda[i]
	switch {
	case team != m.team:
		return wijk.Invalid("team", "must be the meeting's team")
	case owner == m.facilitator:
		return wijk.Forbiddenf("%s facilitates meeting %s and may not own a proposal in it", owner, m.id)
	case it.Proposal != "":
		return wijk.Conflictf("agenda item %s already led to proposal %s", it.ID, it.Proposal)
	case it.Done:
		return wijk.Conflictf("agenda item %s is already done", it.ID)
	}
	return nil
}

// CloseItem records the outcome of an agenda item; the facilitator closes
// items.
func (m *Meeting) CloseItem(a Act, item wijk.ID, outcome string) error {
	if err := m.step(a, MeetingInProgress, "items are closed"); err != nil {
		return err
	}
	if a.By != m.facilitator {
		return wijk.Forbiddenf("only the facilitator %s closes agenda items", m.facilitator)
	}
	if err := valid.Required("outcome", outcome, valid.MaxText); err != nil {
		return err
	}
	i, err := m.item(item)
	if err != nil {
		return err
	}
	if m.agenda[i].Done {
		return wijk.Conflictf("agenda item %s is already done", item)
	}
	m.agenda[i].Outcome, m.agenda[i].Done, m.last = outcome, true, a.At
	return nil
}

// Close ends the meeting with its minutes; items not done stay open (carry
// them to the next meeting). Only the facilitator closes the meeting.
func (m *Meeting) Close(a Act, minutes string) error {
	if err := m.step(a, MeetingInProgress, "the meeting is closed"); err != nil {
		return err
	}
	if a.By != m.facilitator {
		return wijk.Forbiddenf("only the facilitator %s closes the meeting", m.facilitator)
	}
	if err := valid.Text("minutes", minutes, valid.MaxText); err != nil {
		return err
	}
	m.minutes, m.closedAt, m.state, m.last = minutes, a.At, MeetingClosed, a.At
	return nil
}

// MeetingSnapshot is the full state of a meeting, for storage; each field
// holds what the getter of the same name returns (Report is nil until the
// previous report is accepted).
type MeetingSnapshot struct {
	ID            wijk.ID           `json:"id"`
	Team          wijk.ID           `json:"team"`
	Facilitator   wijk.ID           `json:"facilitator"`
	Present       []wijk.ID         `json:"present"`
	StartsAt      time.Time         `json:"starts_at"`
	State         MeetingState      `json:"state"`
	Report        *ReportAcceptance `json:"report"`
	Notices       []Notice          `json:"notices"`
	OtherBusiness []Notice          `json:"other_business"`
	Agenda        []AgendaItem      `json:"agenda"`
	FixedAt       time.Time         `json:"fixed_at"`
	ClosedAt      time.Time         `json:"closed_at"`
	Minutes       string            `json:"minutes"`
}

// Snapshot returns the meeting's full state; slices are copies.
func (m *Meeting) Snapshot() MeetingSnapshot {
	s := MeetingSnapshot{ID: m.id, Team: m.team, Facilitator: m.facilitator, Present: m.Present(),
		StartsAt: m.startsAt, State: m.state, Notices: m.Notices(), OtherBusiness: m.OtherBusiness(),
		Agenda: m.Agenda(), FixedAt: m.fixedAt, ClosedAt: m.closedAt, Minutes: m.minutes}
	if r, ok := m.Report(); ok {
		s.Report = &r
	}
	return s
}

// RestoreMeeting rebuilds a meeting from a snapshot, checking the
// invariants the operations keep. The error matches [wijk.ErrInvalid].
func RestoreMeeting(s MeetingSnapshot) (*Meeting, error) {
	m, err := NewMeeting(MeetingParams{ID: s.ID, Team: s.Team, Facilitator: s.Facilitator, Present: s.Present, StartsAt: s.StartsAt})
	if err != nil {
		return nil, err
	}
	if !slices.Equal(m.present, s.Present) {
		return nil, wijk.Invalid("present", "must be sorted")
	}
	if err := meetingStateEnum.Check("state", s.State); err != nil {
		return nil, err
	}
	if r := s.Report; r != nil {
		if r.Previous != "" {
			if err := r.Previous.Validate("report.previous"); err != nil {
				return nil, err
			}
		}
		if err := m.checkEvent("report", r.By, r.At); err != nil {
			return nil, err
		}
		if err := valid.Text("report.note", r.Note, valid.MaxText); err != nil {
			return nil, err
		}
		rc := *r
		m.report = &rc
	}
	for i, n := range s.Notices {
		f := fmt.Sprintf("notices[%d]", i)
		if err := m.checkEvent(f, n.By, n.At); err != nil {
			return nil, err
		}
		if err := valid.Required(f+".text", n.Text, valid.MaxText); err != nil {
			return nil, err
		}
	}
	for i, n := range s.OtherBusiness {
		f := fmt.Sprintf("otherBusiness[%d]", i)
		if err := m.checkEvent(f, n.By, n.At); err != nil {
			return nil, err
		}
		if err := valid.Name(f+".text", n.Text); err != nil {
			return nil, err
		}
	}
	m.notices, m.otherBusiness = slices.Clone(s.Notices), slices.Clone(s.OtherBusiness)
	if s.State == MeetingOpening {
		if len(s.Agenda) > 0 || !s.FixedAt.IsZero() || !s.ClosedAt.IsZero() || s.Minutes != "" {
			return nil, wijk.Invalid("agenda", "must be empty while the meeting is opening")
		}
		return m, nil
	}
	if m.report == nil {
		return nil, wijk.Invalid("report", "must be accepted before the agenda was fixed")
	}
	if err := valid.Time("fixedAt", s.FixedAt); err != nil {
		return nil, err
	}
	if s.FixedAt.Before(m.last) {
		return nil, wijk.Invalid("fixedAt", "must not be before the meeting starts or its opening items")
	}
	seen := map[wijk.ID]bool{}
	for i, it := range s.Agenda {
		f := fmt.Sprintf("agenda[%d]", i)
		if err := it.ID.Validate(f + ".id"); err != nil {
			return nil, err
		}
		if seen[it.ID] {
			return nil, wijk.Invalid(f+".id", "is used twice")
		}
		seen[it.ID] = true
		if err := valid.Name(f+".title", it.Title); err != nil {
			return nil, err
		}
		if !m.isPresent(it.Owner) {
			return nil, wijk.Invalid(f+".owner", "must be a member present")
		}
		if it.Proposal != "" {
			if err := it.Proposal.Validate(f + ".proposal"); err != nil {
				return nil, err
			}
		}
		if err := valid.Text(f+".outcome", it.Outcome, valid.MaxText); err != nil {
			return nil, err
		}
		if it.Done && it.Outcome == "" {
			return nil, wijk.Invalid(f+".outcome", "is required once the item is done")
		}
	}
	m.agenda, m.fixedAt, m.state, m.last = slices.Clone(s.Agenda), s.FixedAt, s.State, s.FixedAt
	if s.State == MeetingClosed {
		if err := valid.Time("closedAt", s.ClosedAt); err != nil {
			return nil, err
		}
		if s.ClosedAt.Before(s.FixedAt) {
			return nil, wijk.Invalid("closedAt", "must not be before the agenda was fixed")
		}
		if err := valid.Text("minutes", s.Minutes, valid.MaxText); err != nil {
			return nil, err
		}
		m.closedAt, m.minutes, m.last = s.ClosedAt, s.Minutes, s.ClosedAt
	} else if !s.ClosedAt.IsZero() || s.Minutes != "" {
		return nil, wijk.Invalid("closedAt", "must be zero until the meeting closes")
	}
	return m, nil
}

// checkEvent checks an opening event's author and time, and moves the
// meeting's last event time forward to it.
func (m *Meeting) checkEvent(f string, by wijk.ID, at time.Time) error {
	if !m.isPresent(by) {
		return wijk.Invalid(f+".by", "must be a member present")
	}
	if err := valid.Time(f+".at", at); err != nil {
		return err
	}
	if at.Before(m.startsAt) {
		return wijk.Invalid(f+".at", "must not be before the meeting starts")
	}
	if at.After(m.last) {
		m.last = at
	}
	return nil
}
