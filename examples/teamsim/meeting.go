package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/team"
)

// item is an agenda item the team brings to a meeting: a proposal carried
// over from an earlier meeting, or a new one with its owner and payload.
type item struct {
	carried *consensus.Proposal
	title   string
	owner   wijk.ID
	text    string
	reason  string
	payload consensus.Payload
}

var routineTopics = []string{
	"Weekend rota for the summer", "A second team phone", "Wound-care refresher course",
	"New intake checklist", "Car-sharing for the evening round", "Visit times at the care home",
	"Training budget for this quarter", "Cooperation with the new GP practice",
}

// meeting runs a team meeting the SDMI way: a facilitator who facilitated
// least recently, the previous report, an agenda fixed at the start, and a
// consent decision on each proposal. The agenda carries a split when the
// team outgrew its norms, the leavers' departures, a hire when the workload
// is high, proposals carried over from the last meeting and routine ones.
func (s *teamSim) meeting(day wijk.Date) error {
	start := day.In(time.UTC, 13*60)
	s.clock.Set(start)
	var present []wijk.ID
	for _, id := range s.t.Decisionmakers() {
		if m := s.byID[id]; m != nil && m.today != sick && m.today != onLeave && !day.Before(s.memberStart(id)) {
			present = append(present, id)
		}
	}
	if len(present) < 3 {
		return nil // not enough people to meet; the items wait
	}
	isPresent := func(id wijk.ID) bool { _, ok := slices.BinarySearch(present, id); return ok }

	// Proposals carried over: their owners must be present and may not
	// facilitate; an owner who left the team withdraws theirs.
	var carried []*consensus.Proposal
	owners := map[wijk.ID]bool{}
	var waiting []*consensus.Proposal
	for _, p := range s.carried {
		switch {
		case !s.t.IsMember(p.Owner()):
			if err := p.Withdraw(consensus.Act{By: p.Owner(), At: s.tick(), Why: "the owner left the team"}); err != nil {
				return err
			}
			s.finished(p)
		case isPresent(p.Owner()):
			carried = append(carried, p)
			owners[p.Owner()] = true
		default:
			waiting = append(waiting, p)
		}
	}
	var candidates []wijk.ID
	for _, id := range present {
		if !owners[id] {
			candidates = append(candidates, id)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	fac, err := consensus.SuggestFacilitator(candidates, s.facilitations)
	if err != nil {
		return err
	}
	m, err := consensus.NewMeeting(consensus.MeetingParams{ID: s.ids.NewID(), Team: s.t.ID(), Facilitator: fac, Present: present, StartsAt: start})
	if err != nil {
		return err
	}
	s.facilitations = append(s.facilitations, m.Facilitation())
	if len(s.facilitations) > 64 {
		s.facilitations = slices.Delete(s.facilitations, 0, len(s.facilitations)-64)
	}
	s.row.meetings++
	if err := m.AcceptPreviousReport(consensus.Act{By: present[s.rng.IntN(len(present))], At: s.tick()}, s.lastMeeting); err != nil {
		return err
	}
	others := slices.DeleteFunc(slices.Clone(present), func(id wijk.ID) bool { return id == fac })
	pick := func() wijk.ID { return others[s.rng.IntN(len(others))] }

	// The agenda: a split first (it needs the membership as it is now),
	// then what was carried over, leavers, a hire, routine proposals.
	var items []item
	splitting := false
	if s.outgrown() && !s.pending(consensus.PayloadSplit) {
		sp, err := s.splitPayload(day)
		if err != nil {
			return err
		}
		splitting = true
		items = append(items, item{title: "Split the team", owner: pick(), payload: sp,
			text:   fmt.Sprintf("Split into %s and %s along the proposal: %s.", s.t.Name(), sp.NewTeamName, sp.Proposal.Continuity),
			reason: fmt.Sprintf("We are %d members with %d clients; our norms are %d members and %d clients.", s.t.Size(), len(s.clients), s.cfg.SizeNorm, s.cfg.CaseloadMax)})
	}
	for _, p := range carried {
		items = append(items, item{carried: p, title: p.Title(), owner: p.Owner()})
	}
	for _, mm := range s.members {
		if !mm.leaving || !s.t.IsMember(mm.id) || s.pendingLeave(mm.id) {
			continue
		}
		owner := mm.id
		if !isPresent(owner) || owner == fac {
			owner = pick()
		}
		items = append(items, item{title: "Leaving: " + mm.name, owner: owner,
			text:    fmt.Sprintf("%s leaves the team; their last day is %s.", mm.name, day.AddDays(13)),
			reason:  "They have decided to move on.",
			payload: consensus.Leave{Person: mm.id, LastDay: day.AddDays(13)}})
	}
	if w := s.workload(); !splitting && w > s.cfg.HireAbove && s.t.Size() < s.cfg.MaxMembers && !s.pending(consensus.PayloadHire) {
		level := s.hireLevel()
		nm := s.newMember(s.rng, level)
		items = append(items, item{title: "Hire " + nm.name, owner: pick(),
			text:   fmt.Sprintf("Hire %s (%s), %s a week, from %s.", nm.name, level.Title(), s.contractOf(nm), day.AddDays(7)),
			reason: fmt.Sprintf("The care and travel our plans ask for take %.0f%% of the time we have for them.", 100*w),
			payload: consensus.Hire{Start: day.AddDays(7), Member: team.MemberParams{
				Person: nm.id, Name: nm.name, Level: level, ContractPerWeek: s.contractOf(nm)}}})
	}
	for range s.cfg.RoutineProposals {
		topic := routineTopics[s.rng.IntN(len(routineTopics))]
		items = append(items, item{title: topic, owner: pick(), text: "Proposal: " + topic + ".", reason: "It makes our work easier."})
	}
	params := make([]consensus.ItemParams, len(items))
	for i, it := range items {
		params[i] = consensus.ItemParams{ID: s.ids.NewID(), Title: it.title, Owner: it.owner}
	}
	if err := m.FixAgenda(consensus.Act{By: fac, At: s.tick()}, params, s.ids); err != nil {
		return err
	}
	s.carried = waiting
	for i, it := range items {
		var p *consensus.Proposal
		if it.carried != nil {
			p = it.carried
			if err := m.TakeUp(params[i].ID, p); err != nil {
				return err
			}
		} else {
			p, err = m.Propose(params[i].ID, consensus.ProposalParams{
				ID: s.ids.NewID(), Team: s.t.ID(), Owner: it.owner, Title: it.title, Text: it.text, Reason: it.reason,
				Quorum: consensus.QuorumSilenceConsents, MaxRounds: s.cfg.MaxRounds, Payload: it.payload, CreatedAt: s.tick(),
			})
			if err != nil {
				return err
			}
			s.row.proposals++
			if err := p.Present(consensus.Act{By: it.owner, At: s.tick()}, s.t.Decisionmakers()); err != nil {
				return err
			}
			if err := p.Clarify(consensus.Act{By: fac, At: s.tick(), Why: "what is your proposal, and what is its reason?"}); err != nil {
				return err
			}
		}
		outcome, err := s.decide(p, day, isPresent)
		if err != nil {
			return fmt.Errorf("proposal %q: %w", p.Title(), err)
		}
		if err := m.CloseItem(consensus.Act{By: fac, At: s.tick()}, params[i].ID, outcome); err != nil {
			return err
		}
	}
	if err := m.Close(consensus.Act{By: fac, At: s.tick()}, fmt.Sprintf("%d items dealt with.", len(items))); err != nil {
		return err
	}
	s.lastMeeting = m.ID()
	return nil
}

// tick moves the team's clock on by a minute: each step in a meeting takes
// one.
func (s *teamSim) tick() time.Time { return s.clock.Advance(time.Minute) }

func (s *teamSim) memberStart(id wijk.ID) wijk.Date {
	m, _ := s.t.Member(id)
	return m.Start
}

func (s *teamSim) contractOf(m *member) time.Duration {
	return time.Duration(m.dayMinutes*countDays(m.workDays)) * time.Minute
}

// hireLevel picks the level of a new colleague: a district nurse when the
// team has fewer than two, else mostly nurses and carers.
func (s *teamSim) hireLevel() team.Level {
	n := 0
	for _, m := range s.t.Members() {
		if m.Level == team.Level5 {
			n++
		}
	}
	u := s.rng.Float64()
	switch {
	case n < 2 || u < 0.2:
		return team.Level5
	case u < 0.55:
		return team.Level3
	default:
		return team.Level4
	}
}

// outgrown reports whether the team has outgrown its norms and is large
// enough to split.
func (s *teamSim) outgrown() bool {
	n := s.t.Norms()
	big := s.t.Size() > n.SizeNorm || float64(len(s.clients)) > s.cfg.SplitCaseload*float64(n.CaseloadMax)
	return big && s.t.Size() >= s.cfg.MinSplitMembers && len(s.clients) >= 2
}

// pending reports whether a carried-over proposal has a payload of kind k.
func (s *teamSim) pending(k consensus.PayloadKind) bool {
	for _, p := range s.carried {
		if pl := p.Payload(); pl != nil && pl.Kind() == k {
			return true
		}
	}
	return false
}

func (s *teamSim) pendingLeave(person wijk.ID) bool {
	for _, p := range s.carried {
		if l, ok := p.Payload().(consensus.Leave); ok && l.Person == person {
			return true
		}
	}
	return false
}

// splitPayload computes the split proposal (package team) from where the
// clients live and who visited them.
func (s *teamSim) splitPayload(day wijk.Date) (consensus.Split, error) {
	in := team.SplitInput{}
	for _, cl := range s.clients {
		in.Clients = append(in.Clients, team.ClientLocation{Client: cl.c.ID(), Postcode: cl.postcode})
		for _, v := range cl.visits {
			if s.t.IsMember(v.member) {
				in.Visits = append(in.Visits, team.VisitCount{Client: cl.c.ID(), Member: v.member, Visits: v.n})
			}
		}
	}
	prop, err := s.t.ProposeSplit(in)
	if err != nil {
		return consensus.Split{}, err
	}
	name := fmt.Sprintf("%s.%d", s.name, s.splitSeq+1)
	return consensus.Split{Proposal: prop, On: day.AddDays(1), NewTeamID: s.ids.NewID(), NewTeamName: "Team " + name}, nil
}

// refresh brings a carried-over proposal's payload up to date before its
// round: a hire's first day moves on, and a split is computed again from the
// team as it is now. It returns false when the proposal no longer applies
// and was withdrawn.
func (s *teamSim) refresh(p *consensus.Proposal, day wijk.Date) (bool, error) {
	cur := p.Current()
	var np consensus.Payload
	switch pl := cur.Payload.(type) {
	case consensus.Hire:
		if pl.Start.After(day) {
			return true, nil
		}
		pl.Start = day.AddDays(7)
		np = pl
	case consensus.Split:
		if !s.outgrown() {
			return false, p.Withdraw(consensus.Act{By: p.Owner(), At: s.tick(), Why: "the team no longer outgrows its norms"})
		}
		fresh, err := s.splitPayload(day)
		if err != nil {
			return false, err
		}
		fresh.NewTeamID, fresh.NewTeamName = pl.NewTeamID, pl.NewTeamName
		np = fresh
	case consensus.Leave:
		if !s.t.IsMember(pl.Person) {
			return false, p.Withdraw(consensus.Act{By: p.Owner(), At: s.tick(), Why: "no longer a member here"})
		}
		return true, nil
	default:
		return true, nil
	}
	return true, p.Amend(consensus.Act{By: p.Owner(), At: s.tick(), Why: "brought up to date for this meeting"},
		consensus.Revision{Text: fmt.Sprintf("%s (as of %s)", cur.Text, day), Reason: cur.Reason, Payload: np})
}

// decide runs consent rounds on p until it is adopted, carried over to
// the next meeting, or withdrawn, and returns the outcome in words.
func (s *teamSim) decide(p *consensus.Proposal, day wijk.Date, isPresent func(wijk.ID) bool) (string, error) {
	if p.State() != consensus.Clarifying {
		ok, err := s.refresh(p, day)
		if err != nil {
			return "", err
		}
		if !ok {
			s.finished(p)
			return "withdrawn", nil
		}
	} else if l, isLeave := p.Payload().(consensus.Leave); isLeave && !s.t.IsMember(l.Person) {
		if err := p.Withdraw(consensus.Act{By: p.Owner(), At: s.tick(), Why: "moved to the new team, which decides it"}); err != nil {
			return "", err
		}
		s.finished(p)
		return "withdrawn", nil
	}
	for {
		chair := p.Facilitator()
		if err := p.StartRound(consensus.Act{By: chair, At: s.tick()}, s.clock.Now().Add(2*time.Hour)); err != nil {
			return "", err
		}
		s.row.rounds++
		if err := s.stances(p, isPresent); err != nil {
			return "", err
		}
		tally := p.Tally(s.clock.Now())
		if len(tally.ValidObjections) == 0 {
			return "adopted", s.adopt(p, tally, day)
		}
		switch {
		case p.Coach() != "":
			if err := p.Withdraw(consensus.Act{By: p.Owner(), At: s.tick(), Why: "no consent, even with the coach"}); err != nil {
				return "", err
			}
			s.row.withdrawn++
			s.finished(p)
			return "withdrawn", nil
		case p.Rounds() >= p.MaxRounds():
			if s.coach == "" {
				if err := p.Withdraw(consensus.Act{By: p.Owner(), At: s.tick(), Why: "no consent after the rounds the team allows"}); err != nil {
					return "", err
				}
				s.row.withdrawn++
				s.finished(p)
				return "withdrawn", nil
			}
			if err := p.Escalate(consensus.Act{By: p.Owner(), At: s.tick(), Why: "no consent after the rounds the team allows"}, s.coach, false); err != nil {
				return "", err
			}
			s.row.escalated++
			s.carried = append(s.carried, p)
			return "escalated to the coach", nil
		}
		cur := p.Current()
		if err := p.Amend(consensus.Act{By: p.Owner(), At: s.tick(), Why: "answers the valid objection"},
			consensus.Revision{Text: fmt.Sprintf("%s (version %d)", baseText(cur.Text), cur.Number+1), Reason: cur.Reason, Payload: cur.Payload}); err != nil {
			return "", err
		}
		if s.rng.Float64() >= s.cfg.AmendInMeeting {
			s.carried = append(s.carried, p)
			return "amended; decided next meeting", nil
		}
	}
}

// baseText strips the version suffix an earlier amendment added.
func baseText(t string) string {
	if i := len(t) - 1; i > 0 && t[i] == ')' {
		for j := i; j >= 0; j-- {
			if t[j] == '(' && j+len("(version") <= len(t) && t[j:j+len("(version")] == "(version" {
				return t[:max(0, j-1)]
			}
		}
	}
	return t
}

// stances lets every eligible member present take a stance on the current
// version, and tests each objection.
//
// The model of dominance: dominant members speak first, each drawing their
// stance from their own propensities. Their view is an objection if any of
// them objects, consent otherwise. Every other member first draws a stance
// of their own; with probability Dominance they take the dominant view
// instead. A member swayed from an objection to consent is suppressed
// dissent; a member whose stance differs from the dominant view (objecting
// or not) is visible dissent. With the coach in the chair dominance has no
// sway. Leaving is the member's own choice, so objections to a leaver's
// departure are never found valid.
func (s *teamSim) stances(p *consensus.Proposal, isPresent func(wijk.ID) bool) error {
	var dominant, rest []*member
	for _, id := range p.Eligible() {
		m := s.byID[id]
		if m == nil || !isPresent(id) || !s.t.MayDecide(id) {
			continue
		}
		if m.dominant {
			dominant = append(dominant, m)
		} else {
			rest = append(rest, m)
		}
	}
	sway := s.cfg.Dominance
	if p.Coach() != "" {
		sway = 0
	}
	view, viewBy := consensus.StanceKind(0), wijk.ID("")
	var objectors []wijk.ID
	// After an escalation the stances on the same version still stand: a
	// member who says the same again keeps the stance they took (and an
	// objection keeps its test).
	held := map[wijk.ID]consensus.Stance{}
	for _, st := range p.CurrentStances(p.Current().Number) {
		held[st.Member] = st
	}
	take := func(m *member, k consensus.StanceKind, reason string) error {
		if st, ok := held[m.id]; ok && st.Kind == k {
			s.row.stances++
			if k == consensus.Objection {
				s.row.objections++
			}
			return nil
		}
		sp := consensus.StanceParams{Member: m.id, Kind: k, At: s.tick()}
		switch k {
		case consensus.Objection:
			sp.Reason, sp.Harm = reason, "the care our clients get"
			objectors = append(objectors, m.id)
			s.row.objections++
		case consensus.ConsentWithConcern:
			sp.Reason = "worried it costs time with clients"
			s.row.concerns++
		case consensus.StandAside:
			s.row.standAsides++
		}
		s.row.stances++
		return p.TakeStance(sp)
	}
	for _, m := range dominant {
		k := s.draw(m)
		if k == consensus.Objection {
			if view != consensus.Objection {
				view, viewBy = consensus.Objection, m.id
			}
		} else if view == 0 {
			view, viewBy = consensus.Consent, m.id
		}
		if err := take(m, k, "I see a risk for our clients"); err != nil {
			return err
		}
	}
	for _, m := range rest {
		own := s.draw(m)
		k, reason := own, "I see a risk for our clients"
		if view != 0 && s.rng.Float64() < sway {
			k = view
			if k == consensus.Objection {
				reason = fmt.Sprintf("I agree with the objection of %s", viewBy)
			}
			if (own == consensus.Objection) != (k == consensus.Objection) {
				s.row.swayed++
				if own == consensus.Objection {
					s.row.suppressed++
					s.suppress(p, m)
				}
			}
		}
		if view != 0 && (k == consensus.Objection) != (view == consensus.Objection) {
			s.row.dissent++
		}
		if err := take(m, k, reason); err != nil {
			return err
		}
	}
	_, leaving := p.Payload().(consensus.Leave)
	for _, o := range objectors {
		valid := !leaving && s.rng.Float64() < s.cfg.ValidObjectionShare
		why := "a preference, not harm to clients"
		if valid {
			s.row.validObjections++
			why = "the team agrees it would harm the care"
		}
		if err := p.TestObjection(consensus.TestParams{Objector: o, By: p.Facilitator(), Valid: valid, Reason: why, At: s.tick()}); err != nil {
			return err
		}
	}
	return nil
}

// suppress records an objection of m that a dominant member swayed to
// consent. With the dominance effects on, it adds to the member's
// frustration, and when the objection would have been found valid the
// proposal, if adopted, counts as a poorer decision: it went through with a
// harm to clients nobody tested.
func (s *teamSim) suppress(p *consensus.Proposal, m *member) {
	if !s.cfg.DominanceEffects {
		return
	}
	m.frustration++
	if _, leaving := p.Payload().(consensus.Leave); leaving {
		return // an objection to a member's leaving is never valid
	}
	if s.judged.float64() < s.cfg.ValidObjectionShare {
		if s.poor == nil {
			s.poor = map[wijk.ID]bool{}
		}
		s.poor[p.ID()] = true
	}
}

// draw picks a member's own stance from their propensities.
func (s *teamSim) draw(m *member) consensus.StanceKind {
	u := s.rng.Float64()
	switch {
	case u < m.objection:
		return consensus.Objection
	case u < m.objection+m.concern:
		return consensus.ConsentWithConcern
	case u < m.objection+m.concern+m.standAside:
		return consensus.StandAside
	}
	return consensus.Consent
}

// adopt closes a round without a valid objection: right away when every
// eligible member spoke, else at its deadline (silence consents). The
// decision goes into the log and its payload is applied to the team.
func (s *teamSim) adopt(p *consensus.Proposal, tally consensus.Tally, day wijk.Date) error {
	if len(tally.Missing) == 0 {
		if _, err := p.Close(consensus.Act{By: p.Owner(), At: s.tick()}); err != nil {
			return err
		}
	} else if !p.CloseIfDue(p.RoundCloses()) || p.State() != consensus.Adopted {
		return fmt.Errorf("round not adopted at its deadline: %s", p.State())
	}
	d, err := consensus.NewDecision(p, consensus.DecisionParams{
		ID: s.ids.NewID(), Rationale: "No valid objection: the team can live with it.", ReviewOn: day.AddDays(182),
	})
	if err != nil {
		return err
	}
	if err := s.log.Append(d); err != nil {
		return err
	}
	s.row.decisions++
	s.decisions++
	if s.poor[p.ID()] {
		s.row.poorDecisions++
	}
	s.finished(p)
	if d.Payload == nil {
		return nil
	}
	now := s.tick()
	if t := p.DecidedAt(); now.Before(t) {
		now = t
	}
	child, err := consensus.Apply(d, s.t, now)
	if err != nil {
		return err
	}
	switch pl := d.Payload.(type) {
	case consensus.Hire:
		s.row.hires++
	case consensus.Leave:
		s.row.leavers++
		if m := s.byID[pl.Person]; m != nil {
			m.leaving, m.leaveDecided = false, true
		}
		for _, cl := range s.clients {
			if cl.primary == pl.Person {
				cl.primary = s.leastLoaded(day)
			}
		}
	case consensus.Split:
		s.split = &pendingSplit{t: child, p: pl.Proposal}
	}
	return nil
}

// finished notes a proposal that reached a final state this week.
func (s *teamSim) finished(p *consensus.Proposal) {
	s.final = append(s.final, p)
	delete(s.poor, p.ID())
}
