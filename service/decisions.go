package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// teamDecides refuses a change to the team (a payload) under a rule where
// the owner decides: a hire, a leave, a split, the norms or the area are
// decided by the whole team, never by one member after asking some.
func teamDecides(rule consensus.Rule, payload consensus.Payload) error {
	if payload != nil && rule != nil && rule.OwnerDecides() {
		return wijk.Invalid("payload", "%s is decided by the whole team: use consent, not the %s", payloadWhat(payload), rule.Name())
	}
	return nil
}

// payloadWhat names what a payload decides, for messages.
func payloadWhat(p consensus.Payload) string {
	switch p.Kind() {
	case consensus.PayloadAdoptRoster, consensus.PayloadAdoptDayPlan:
		return fmt.Sprintf("adopting a plan (%s)", p.Kind())
	}
	return fmt.Sprintf("a change to the team (%s)", p.Kind())
}

// decidersOn returns the people who take part in the team's decisions on
// day, sorted: active members whose membership covers the day. A hire
// whose first day is still to come is not one yet, though the team lists
// them among its members.
func decidersOn(t *team.Team, day wijk.Date) []wijk.ID {
	var out []wijk.ID
	for _, m := range t.MembersOn(day) {
		if t.MayDecide(m.Person) && !slices.Contains(out, m.Person) {
			out = append(out, m.Person)
		}
	}
	slices.Sort(out)
	return out
}

// act is a step taken by the session's person now, for a reason.
func (s *Session) act(why string) consensus.Act {
	return consensus.Act{By: s.person, At: s.now(), Why: why}
}

// OpenMeeting opens a team meeting now, facilitated by facilitator, with
// the members present (empty: every active member). The session's person
// must be an active member and present; so must everyone present.
func (s *Session) OpenMeeting(ctx context.Context, teamID, facilitator wijk.ID, present []wijk.ID) (*consensus.Meeting, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	var out *consensus.Meeting
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		t, v, err := tx.Teams().Get(ctx, teamID)
		if err != nil {
			return err
		}
		id := s.svc.ids.NewID()
		if _, err := s.authorise(ctx, tx, policy.Facilitate, subject{team: teamID, version: v, entity: storage.EntityMeeting, entityID: id}, nil, nil); err != nil {
			return err
		}
		deciders := decidersOn(t, s.today())
		if len(present) == 0 {
			present = deciders
		}
		for i, p := range present {
			if !slices.Contains(deciders, p) {
				return wijk.Invalid(fmt.Sprintf("present[%d]", i), "%s is not an active member of %s", p, t.Name())
			}
		}
		if !slices.Contains(present, s.person) {
			return wijk.Invalid("present", "must include the member who opens the meeting")
		}
		m, err := consensus.NewMeeting(consensus.MeetingParams{ID: id, Team: teamID, Facilitator: facilitator, Present: present, StartsAt: s.now()})
		if err != nil {
			return err
		}
		if _, err := tx.Meetings().Create(ctx, m, s.change("opened a meeting")); err != nil {
			return err
		}
		out = m
		return nil
	})
	return out, err
}

// editMeeting loads meeting id in a transaction, asks the policy for a,
// lets edit change it, and saves it.
func (s *Session) editMeeting(ctx context.Context, id wijk.ID, a policy.Action, summary string, edit func(tx storage.Store, m *consensus.Meeting) error) (*consensus.Meeting, error) {
	if err := id.Validate("meeting"); err != nil {
		return nil, err
	}
	var out *consensus.Meeting
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		m, v, err := tx.Meetings().Get(ctx, id)
		if err != nil {
			return err
		}
		if _, err := s.authorise(ctx, tx, a, subject{team: m.Team(), entity: storage.EntityMeeting, entityID: id}, nil, nil); err != nil {
			return err
		}
		if err := edit(tx, m); err != nil {
			return err
		}
		if _, err := tx.Meetings().Update(ctx, m, v, s.change(summary)); err != nil {
			return err
		}
		out = m
		return nil
	})
	return out, err
}

// AcceptReport records that the meeting accepted the previous meeting's
// report (previous: that meeting, or empty for a team's first), with
// corrections if any: for the facilitator.
func (s *Session) AcceptReport(ctx context.Context, meeting, previous wijk.ID, corrections string) (*consensus.Meeting, error) {
	return s.editMeeting(ctx, meeting, policy.Facilitate, "accepted the previous report", func(_ storage.Store, m *consensus.Meeting) error {
		return m.AcceptPreviousReport(s.act(corrections), previous)
	})
}

// AddNotice gives the meeting a notice: for an active member present.
func (s *Session) AddNotice(ctx context.Context, meeting wijk.ID, text string) (*consensus.Meeting, error) {
	return s.editMeeting(ctx, meeting, policy.Propose, "gave a notice", func(_ storage.Store, m *consensus.Meeting) error {
		return m.AddNotice(s.act(""), text)
	})
}

// AddOtherBusiness brings a topic of other business: for an active member
// present.
func (s *Session) AddOtherBusiness(ctx context.Context, meeting wijk.ID, topic string) (*consensus.Meeting, error) {
	return s.editMeeting(ctx, meeting, policy.Propose, "brought other business", func(_ storage.Store, m *consensus.Meeting) error {
		return m.AddOtherBusiness(s.act(""), topic)
	})
}

// FixAgenda fixes the meeting's agenda: for the facilitator. Items
// without an ID get one.
func (s *Session) FixAgenda(ctx context.Context, meeting wijk.ID, items []consensus.ItemParams) (*consensus.Meeting, error) {
	items = slices.Clone(items)
	for i := range items {
		if items[i].ID == "" {
			items[i].ID = s.svc.ids.NewID()
		}
	}
	return s.editMeeting(ctx, meeting, policy.Facilitate, "fixed the agenda", func(_ storage.Store, m *consensus.Meeting) error {
		return m.FixAgenda(s.act(""), items, s.svc.ids)
	})
}

// CloseItem closes an agenda item with what the meeting concluded: for the
// facilitator.
func (s *Session) CloseItem(ctx context.Context, meeting, item wijk.ID, outcome string) (*consensus.Meeting, error) {
	return s.editMeeting(ctx, meeting, policy.Facilitate, "closed an agenda item", func(_ storage.Store, m *consensus.Meeting) error {
		return m.CloseItem(s.act(""), item, outcome)
	})
}

// CloseMeeting closes the meeting with its minutes: for the facilitator.
func (s *Session) CloseMeeting(ctx context.Context, meeting wijk.ID, minutes string) (*consensus.Meeting, error) {
	return s.editMeeting(ctx, meeting, policy.Facilitate, "closed the meeting", func(_ storage.Store, m *consensus.Meeting) error {
		return m.Close(s.act(""), minutes)
	})
}

// ProposalDraft is a new proposal; the session's person owns it.
type ProposalDraft struct {
	// ID identifies the proposal; empty means a new ID.
	ID wijk.ID
	// Team is the team that decides. Required.
	Team wijk.ID
	// Title, Text and Reason are the proposal and why.
	Title, Text, Reason string
	// Rule decides the consent round; nil means consent.
	Rule consensus.Rule
	// Quorum says what silence means; zero means everyone.
	Quorum consensus.Quorum
	// MaxRounds is how many rounds may pass before escalation; zero means
	// the default.
	MaxRounds int
	// Payload is the change to the team the decision makes, if any.
	Payload consensus.Payload
	// Revisits names the logged decision this proposal reconsiders.
	Revisits wijk.ID
	// Meeting and Item, when set, make the proposal from that agenda item
	// of a meeting in progress (the item's owner proposes).
	Meeting, Item wijk.ID
}

// Propose writes a proposal owned by the session's person: for an active
// member of the team (rule decide-active).
func (s *Session) Propose(ctx context.Context, d ProposalDraft) (*consensus.Proposal, error) {
	if err := d.Team.Validate("team"); err != nil {
		return nil, err
	}
	if d.ID == "" {
		d.ID = s.svc.ids.NewID()
	}
	if err := teamDecides(d.Rule, d.Payload); err != nil {
		return nil, err
	}
	params := consensus.ProposalParams{ID: d.ID, Team: d.Team, Owner: s.person, Title: d.Title, Text: d.Text, Reason: d.Reason,
		Rule: d.Rule, Quorum: d.Quorum, MaxRounds: d.MaxRounds, Payload: d.Payload, Revisits: d.Revisits, CreatedAt: s.now()}
	var out *consensus.Proposal
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := s.authorise(ctx, tx, policy.Propose, subject{team: d.Team, entity: storage.EntityProposal, entityID: d.ID}, nil, nil); err != nil {
			return err
		}
		if err := freshID(ctx, tx, "id", d.ID); err != nil {
			return err
		}
		if d.Meeting == "" {
			p, err := consensus.NewProposal(params)
			if err != nil {
				return err
			}
			out = p
			_, err = tx.Proposals().Create(ctx, p, s.change("proposed: "+p.Title()))
			return err
		}
		m, v, err := tx.Meetings().Get(ctx, d.Meeting)
		if err != nil {
			return err
		}
		if m.Team() != d.Team {
			return wijk.Invalid("meeting", "is a meeting of another team")
		}
		p, err := m.Propose(d.Item, params)
		if err != nil {
			return err
		}
		if _, err := tx.Meetings().Update(ctx, m, v, s.change("agenda item became a proposal")); err != nil {
			return err
		}
		out = p
		_, err = tx.Proposals().Create(ctx, p, s.change("proposed: "+p.Title()))
		return err
	})
	return out, err
}

// TakeUp puts an existing proposal on a meeting's agenda item: for the
// meeting's facilitator.
func (s *Session) TakeUp(ctx context.Context, meeting, item, proposal wijk.ID) (*consensus.Meeting, error) {
	return s.editMeeting(ctx, meeting, policy.Facilitate, "took up a proposal", func(tx storage.Store, m *consensus.Meeting) error {
		p, v, err := tx.Proposals().Get(ctx, proposal)
		if err != nil {
			return err
		}
		if err := m.TakeUp(item, p); err != nil {
			return err
		}
		_, err = tx.Proposals().Update(ctx, p, v, s.change("taken up in a meeting"))
		return err
	})
}

// editProposal loads proposal id in a transaction, asks the policy for a
// (a coach the proposal was escalated to counts as its facilitator), lets
// edit change it, and saves it. edit may return a decision to log with it.
func (s *Session) editProposal(ctx context.Context, id wijk.ID, a policy.Action, summary string, edit func(tx storage.Store, p *consensus.Proposal) (*consensus.Decision, error)) (*consensus.Proposal, *consensus.Decision, error) {
	if err := id.Validate("proposal"); err != nil {
		return nil, nil, err
	}
	var out *consensus.Proposal
	var dec *consensus.Decision
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		p, v, err := tx.Proposals().Get(ctx, id)
		if err != nil {
			return err
		}
		facilitator := func(f *policy.Facts) { f.Facilitator = f.Coach && s.person != "" && p.Coach() == s.person }
		if _, err := s.authorise(ctx, tx, a, subject{team: p.Team(), entity: storage.EntityProposal, entityID: id}, facilitator, nil); err != nil {
			return err
		}
		if dec, err = edit(tx, p); err != nil {
			return err
		}
		if _, err := tx.Proposals().Update(ctx, p, v, s.change(summary+": "+p.Title())); err != nil {
			return err
		}
		if dec != nil {
			if err := tx.DecisionLog().Append(ctx, *dec, s.change("decided: "+p.Title())); err != nil {
				return err
			}
		}
		out = p
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, dec, nil
}

// Present lets the owner state the proposal to the team. Who may take a
// stance is fixed now, from the stored team: its active members whose
// membership covers today (a hire who starts later is not asked).
// Under the advice process the owner names the members the proposal
// affects instead (affected), each of whom must be an active member.
func (s *Session) Present(ctx context.Context, id wijk.ID, affected []wijk.ID) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.Propose, "presented", func(tx storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		t, _, err := tx.Teams().Get(ctx, p.Team())
		if err != nil {
			return nil, err
		}
		deciders := decidersOn(t, s.today())
		if !p.Rule().OwnerDecides() {
			if len(affected) > 0 {
				return nil, wijk.Invalid("affected", "is only for the advice process: under %s every active member takes a stance", p.Rule().Name())
			}
			return nil, p.Present(s.act(""), deciders)
		}
		for i, m := range affected {
			if !slices.Contains(deciders, m) {
				return nil, wijk.Invalid(fmt.Sprintf("affected[%d]", i), "%s is not an active member of %s", m, t.Name())
			}
		}
		return nil, p.Present(s.act(""), affected)
	})
	return p, err
}

// Clarify opens the round of clarifying questions: for an active member
// (or the coach of an escalated proposal).
func (s *Session) Clarify(ctx context.Context, id wijk.ID, question string) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.Facilitate, "clarifying questions", func(_ storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		return nil, p.Clarify(s.act(question))
	})
	return p, err
}

// StartRound opens a consent round closing at closesAt: for an active
// member (or the coach of an escalated proposal).
func (s *Session) StartRound(ctx context.Context, id wijk.ID, closesAt time.Time) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.Facilitate, "opened a consent round", func(_ storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		return nil, p.StartRound(s.act(""), closesAt)
	})
	return p, err
}

// TakeStance records the session's person's stance in the open round:
// consent, a concern (with its reason), stand aside, or an objection
// (with its reason and the harm). Only an active member may; the proposal
// itself refuses a member who was not eligible when it was presented.
func (s *Session) TakeStance(ctx context.Context, id wijk.ID, kind consensus.StanceKind, reason, harm string) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.TakeStance, "took a stance", func(_ storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		return nil, p.TakeStance(consensus.StanceParams{Member: s.person, Kind: kind, Reason: reason, Harm: harm, At: s.now()})
	})
	return p, err
}

// Object raises a principled objection: what the proposal would harm, and
// why. It is TakeStance with an objection.
func (s *Session) Object(ctx context.Context, id wijk.ID, reason, harm string) (*consensus.Proposal, error) {
	return s.TakeStance(ctx, id, consensus.Objection, reason, harm)
}

// TestObjection records whether objector's objection is valid, and why:
// for an active member (the facilitator, usually) or the coach of an
// escalated proposal. The proposal's owner may concede an objection but
// not dismiss it.
func (s *Session) TestObjection(ctx context.Context, id, objector wijk.ID, valid bool, reason string) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.Facilitate, "tested an objection", func(_ storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		return nil, p.TestObjection(consensus.TestParams{Objector: objector, By: s.person, Valid: valid, Reason: reason, At: s.now()})
	})
	return p, err
}

// Amend writes a new version of the proposal, saying what changed and
// why: for its owner.
func (s *Session) Amend(ctx context.Context, id wijk.ID, why string, r consensus.Revision) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.Propose, "amended", func(_ storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		if err := teamDecides(p.Rule(), r.Payload); err != nil {
			return nil, err
		}
		return nil, p.Amend(s.act(why), r)
	})
	return p, err
}

// Withdraw takes the proposal back, with the reason: for its owner.
func (s *Session) Withdraw(ctx context.Context, id wijk.ID, why string) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.Propose, "withdrew", func(_ storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		return nil, p.Withdraw(s.act(why))
	})
	return p, err
}

// Escalate hands the proposal's facilitation to the team's coach (taken
// from the stored team), because the rounds ran out or because the team
// asks (requested): for its owner or an eligible member.
func (s *Session) Escalate(ctx context.Context, id wijk.ID, why string, requested bool) (*consensus.Proposal, error) {
	p, _, err := s.editProposal(ctx, id, policy.Propose, "escalated to the coach", func(tx storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		t, _, err := tx.Teams().Get(ctx, p.Team())
		if err != nil {
			return nil, err
		}
		if t.Coach() == "" {
			return nil, wijk.Conflictf("team %s has no coach to escalate to: invite one first", t.Name())
		}
		return nil, p.Escalate(s.act(why), t.Coach(), requested)
	})
	return p, err
}

// Record is what the team says of a decision it adopts: why, and when it
// looks at it again.
type Record struct {
	// Rationale says why the team adopted the proposal. Required.
	Rationale string
	// ReviewOn is when the team looks at the decision again; after today.
	// Required.
	ReviewOn wijk.Date
}

// Adoption is what closing an adopted consent round gives: the proposal,
// the rule's verdict and the decision logged.
type Adoption struct {
	// Proposal is the proposal, now adopted.
	Proposal *consensus.Proposal
	// Verdict is the decision rule's answer, with its reason.
	Verdict consensus.Verdict
	// Decision is the entry logged in the team's decision log.
	Decision consensus.Decision
}

// Close asks the decision rule to decide the open consent round: for an
// active member (a coach never adopts). When the proposal is adopted, the
// decision goes into the team's log in the same transaction, with rec;
// when it is not, the error (wijk.ErrConflict) says why and nothing
// changes.
func (s *Session) Close(ctx context.Context, id wijk.ID, rec Record) (Adoption, error) {
	var verdict consensus.Verdict
	p, d, err := s.editProposal(ctx, id, policy.Adopt, "adopted", func(_ storage.Store, p *consensus.Proposal) (*consensus.Decision, error) {
		v, err := p.Close(s.act(""))
		if err != nil {
			return nil, err
		}
		verdict = v
		d, err := consensus.NewDecision(p, consensus.DecisionParams{ID: s.svc.ids.NewID(), Rationale: rec.Rationale, ReviewOn: rec.ReviewOn})
		if err != nil {
			return nil, err
		}
		return &d, nil
	})
	if err != nil {
		return Adoption{}, err
	}
	return Adoption{Proposal: p, Verdict: verdict, Decision: *d}, nil
}

// LogDecision logs a proposal that was adopted when its round closed at
// its deadline (see CloseDue): for an active member.
func (s *Session) LogDecision(ctx context.Context, id wijk.ID, rec Record) (consensus.Decision, error) {
	if err := id.Validate("proposal"); err != nil {
		return consensus.Decision{}, err
	}
	var out consensus.Decision
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		p, _, err := tx.Proposals().Get(ctx, id)
		if err != nil {
			return err
		}
		if _, err := s.authorise(ctx, tx, policy.Adopt, subject{team: p.Team(), entity: storage.EntityProposal, entityID: id}, nil, nil); err != nil {
			return err
		}
		out, err = consensus.NewDecision(p, consensus.DecisionParams{ID: s.svc.ids.NewID(), Rationale: rec.Rationale, ReviewOn: rec.ReviewOn})
		if err != nil {
			return err
		}
		return tx.DecisionLog().Append(ctx, out, s.change("decided: "+p.Title()))
	})
	return out, err
}

// CloseDue closes every consent round of the team whose deadline has
// passed (adopted or expired as the rule says) and returns the proposals
// that changed: for an active member. Adopted ones are logged with
// LogDecision.
func (s *Session) CloseDue(ctx context.Context, teamID wijk.ID) ([]*consensus.Proposal, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	var out []*consensus.Proposal
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := s.authorise(ctx, tx, policy.Facilitate, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
			return err
		}
		open, err := tx.Proposals().Open(ctx, teamID)
		if err != nil {
			return err
		}
		now := s.now()
		for _, p := range open {
			_, v, err := tx.Proposals().Get(ctx, p.ID())
			if err != nil {
				return err
			}
			if !p.CloseIfDue(now) {
				continue
			}
			if _, err := tx.Proposals().Update(ctx, p, v, s.change(fmt.Sprintf("round closed at its deadline: %s", p.State()))); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// Applied is what applying a decision changed.
type Applied struct {
	// Decision is the decision applied.
	Decision consensus.Decision
	// Team is the team after the change.
	Team *team.Team
	// NewTeam is the team a split made, or nil.
	NewTeam *team.Team
}

// ApplyDecision carries out an adopted decision on its team: for an active
// member. The decision must be in the team's own decision log (which only
// takes decisions of stored, adopted proposals), not superseded, and not
// applied before; what it changes is the payload the team decided on (a
// hire of that person, a leave, a role, norms, the neighbourhood, a
// split), never anything the caller says. A decision that adopts a plan
// changes no team and is refused here (wijk.ErrInvalid): adopt the plan
// with it (AdoptRoster, AdoptDayPlan). A hire checks that the person is
// in no other team from their first day; a split is applied on its first
// day or later, and founds the new team and moves its clients to it.
func (s *Session) ApplyDecision(ctx context.Context, teamID, decision wijk.ID) (Applied, error) {
	if err := teamID.Validate("team"); err != nil {
		return Applied{}, err
	}
	if err := decision.Validate("decision"); err != nil {
		return Applied{}, err
	}
	var out Applied
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		t, v, err := tx.Teams().Get(ctx, teamID)
		if err != nil {
			return err
		}
		if _, err := s.authorise(ctx, tx, policy.ApplyDecision, subject{team: teamID, version: v, entity: storage.EntityDecision, entityID: decision}, nil, nil); err != nil {
			return err
		}
		log, err := tx.DecisionLog().Log(ctx, teamID)
		if err != nil {
			return err
		}
		d, err := log.Get(decision)
		if errors.Is(err, wijk.ErrNotFound) {
			return wijk.NotFoundf("decision %s is not in the decision log of %s: only a decision the team adopted and logged is applied", decision, t.Name())
		}
		if err != nil {
			return err
		}
		if d.Payload != nil && d.Rule == (consensus.AdviceProcessRule{}).Name() {
			return wijk.Conflictf("decision %s (%s) was taken by the advice process: a change to the team needs the whole team's decision", d.ID, d.Title)
		}
		if t.Carries(team.DecisionRef(d.ID)) {
			return wijk.Conflictf("decision %s (%s) was already applied to %s", d.ID, d.Title, t.Name())
		}
		switch p := d.Payload.(type) {
		case consensus.Hire:
			if err := checkCanJoin(ctx, tx, p.Member.Person, p.Start, teamID); err != nil {
				return err
			}
		case consensus.Split:
			// The clients of side B move to the new team when it is
			// applied; its members join it on its first day. Applied any
			// earlier, nobody could care for those clients in between.
			if today := s.today(); p.On.After(today) {
				return wijk.Conflictf("the split of %s takes effect on %s: apply it on that day, when the new team starts and its clients move to it", t.Name(), p.On)
			}
		}
		newTeam, err := log.Apply(decision, t, s.now())
		if err != nil {
			return err
		}
		if _, err := tx.Teams().Update(ctx, t, v, s.change(fmt.Sprintf("applied decision %q", d.Title))); err != nil {
			return err
		}
		if newTeam != nil {
			if _, err := tx.Teams().Create(ctx, newTeam, s.change(fmt.Sprintf("founded by the split of %s", t.Name()))); err != nil {
				return err
			}
			split := d.Payload.(consensus.Split)
			for _, c := range split.Proposal.Sides[1].Clients {
				client, cv, pl, err := tx.Clients().GetPlaced(ctx, c)
				if err != nil {
					return err
				}
				if pl.Team != teamID {
					return wijk.Conflictf("the split names client %s, who is not in the care of %s: a split moves only the team's own clients", c, t.Name())
				}
				if _, err := tx.Clients().Update(ctx, newTeam.ID(), client, cv, s.change("moved to "+newTeam.Name()+" by the split")); err != nil {
					return err
				}
			}
		}
		out = Applied{Decision: d, Team: t, NewTeam: newTeam}
		return nil
	})
	return out, err
}

// ProposeSplit computes a proposal to split the team in two (see
// team.Team.ProposeSplit): the clients and where they live come from
// storage; the caller gives how often each member visited each client
// (in.Visits) and the team's choices (in.BalanceWeight, in.MinTeamSize).
// For an active member of the team. It is only a proposal: the team
// adopts it as a decision with a consensus.Split payload.
func (s *Session) ProposeSplit(ctx context.Context, teamID wijk.ID, in team.SplitInput) (team.SplitProposal, error) {
	t, v, err := s.svc.store.Teams().Get(ctx, teamID)
	if err != nil {
		return team.SplitProposal{}, err
	}
	clients, err := caseload(ctx, s, teamID, v, storage.EntityClient, clientKeys, func() ([]*careplan.Client, error) {
		return s.svc.store.Clients().ListByTeam(ctx, teamID)
	})
	if err != nil {
		return team.SplitProposal{}, err
	}
	in.Clients = nil
	for _, c := range clients {
		pc, err := team.ParsePostcode(c.Address().Postcode)
		if err != nil {
			return team.SplitProposal{}, fmt.Errorf("client %s: %w", c.ID(), err)
		}
		in.Clients = append(in.Clients, team.ClientLocation{Client: c.ID(), Postcode: pc})
	}
	return t.ProposeSplit(in)
}

// Proposal returns a proposal: for the team's members, and for the coach it
// was escalated to.
func (s *Session) Proposal(ctx context.Context, id wijk.ID) (*consensus.Proposal, error) {
	p, _, err := s.svc.store.Proposals().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	facilitator := func(f *policy.Facts) { f.Facilitator = f.Coach && s.person != "" && p.Coach() == s.person }
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadProposals, subject{team: p.Team(), entity: storage.EntityProposal, entityID: id}, facilitator, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// OpenProposals returns the team's proposals not yet in a final state,
// oldest first: for the team's members.
func (s *Session) OpenProposals(ctx context.Context, teamID wijk.ID) ([]*consensus.Proposal, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadProposals, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.Proposals().Open(ctx, teamID)
}

// Meeting returns a meeting: for the team's members.
func (s *Session) Meeting(ctx context.Context, id wijk.ID) (*consensus.Meeting, error) {
	m, _, err := s.svc.store.Meetings().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadProposals, subject{team: m.Team(), entity: storage.EntityMeeting, entityID: id}, nil, nil); err != nil {
		return nil, err
	}
	return m, nil
}

// Meetings returns the team's meetings in the order they started: for the
// team's members.
func (s *Session) Meetings(ctx context.Context, teamID wijk.ID) ([]*consensus.Meeting, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadProposals, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.Meetings().ListByTeam(ctx, teamID)
}

// DecisionLog returns the team's decision log: for its members and its
// coach.
func (s *Session) DecisionLog(ctx context.Context, teamID wijk.ID) (*consensus.DecisionLog, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadDecisionLog, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.DecisionLog().Log(ctx, teamID)
}
