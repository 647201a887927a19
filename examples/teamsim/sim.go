package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// presence is what a member does on a day.
type presence int

const (
	off presence = iota // not scheduled
	working
	sick
	onLeave
	training
)

// member is what the simulation knows about one team member beyond the
// team's own record: their working pattern, their propensities in consent
// rounds, and their absence.
type member struct {
	id    wijk.ID
	name  string
	level team.Level
	// dayMinutes is a working day's length; workDays the weekdays worked
	// (Sunday first).
	dayMinutes int
	workDays   [7]bool
	// objection, concern and standAside are the member's own chances of
	// each stance; dominant members speak first and sway the others.
	objection, concern, standAside float64
	dominant                       bool
	// sickLeft is the number of days left of a sickness spell.
	sickLeft int
	// today is what the member does today.
	today presence
	// leaving: the member decided to leave and waits for the team's
	// decision; leaveDecided: the decision was taken.
	leaving, leaveDecided bool
	// frustration counts the member's objections suppressed by dominant
	// members, fading by half every 26 weeks.
	frustration float64
}

// teamSim is one team in the simulation: the team itself (package team),
// its decision log, its clients with their care plans, and its own clock,
// ID generator and random source, so that it can be simulated on its own.
type teamSim struct {
	cfg    *Config
	name   string
	parent string
	seed   uint64
	rng    *rand.Rand
	clock  *wijk.ManualClock
	ids    *wijk.IDGenerator
	t      *team.Team
	log    *consensus.DecisionLog
	coach  wijk.ID

	members []*member // in joining order
	byID    map[wijk.ID]*member
	clients []*client // in intake order

	clientSeq, personSeq, splitSeq int
	meetingDay                     int // day of the two-week cycle the team meets on
	founded                        int // index of the first simulated day
	facilitations                  []consensus.Facilitation
	lastMeeting                    wijk.ID
	carried                        []*consensus.Proposal
	split                          *pendingSplit

	// store keeps the team (nil: not persisted); version is the version
	// the team was last saved at.
	store   storage.Store
	version storage.Version

	// hoods is the number of neighbourhoods the team's map holds.
	hoods int
	// sampleDay is the first day the team's visits are planned with
	// roster/visit; meanCont the mean continuity of its last sample (NaN
	// before the first), which a new client starts from.
	sampleDay int
	meanCont  float64
	// vacancies are the days a traditional team's pending hires start;
	// managerSeq numbers the manager's decisions.
	vacancies  []int
	managerSeq int
	// initial counts the clients of the caseload at the start, until the
	// first week's row takes them.
	initial int
	// judged draws whether a suppressed objection would have been valid:
	// a stream of its own, so that switching the dominance effects off
	// leaves every other draw of the team as it was.
	judged stream
	// poor marks the open proposals that had an objection suppressed by
	// dominant members that would have been found valid.
	poor map[wijk.ID]bool
	// warm marks a founding team whose first sampled day only shows the
	// nurses who visit its clients, measuring nothing; samples counts the
	// sampled days.
	warm    bool
	samples int
	// travelPerVisit is the travel per visit of the last sampled day's
	// plan, in minutes (NaN: none yet, TravelPerVisit holds).
	travelPerVisit float64
	// nurse is the district nurse who authorises care, while nurseKnown.
	nurse      team.Actor
	nurseKnown bool

	row       *weekRow
	rows      []weekRow
	final     []*consensus.Proposal // proposals that ended this week
	prevNeed  float64               // last full week's care and travel, minutes
	prevCap   float64               // last full week's time available for it
	decisions int
}

type pendingSplit struct {
	t *team.Team
	p team.SplitProposal
}

// mix derives a new 64-bit seed from a seed and a number (SplitMix64), so
// that every team has its own random stream whatever the order teams are
// simulated in.
func mix(seed, n uint64) uint64 {
	z := seed + 0x9e3779b97f4a7c15*(n+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func newTeamSim(cfg *Config, name, parent string, seed uint64, now time.Time) *teamSim {
	clock := wijk.NewManualClock(now)
	return &teamSim{
		cfg: cfg, name: name, parent: parent, seed: seed,
		rng:   rand.New(rand.NewPCG(seed, mix(seed, 1))),
		clock: clock, ids: wijk.NewSeededIDGenerator(clock, mix(seed, 2)),
		byID: map[wijk.ID]*member{}, meanCont: math.NaN(), travelPerVisit: math.NaN(),
		judged: stream{seed: mix(seed, 3)},
	}
}

// foundTeam starts root team number n on day 0 with the founders and the
// caseload of its neighbourhoods: one for a self-managing team, Merge for a
// traditional one.
func foundTeam(cfg *Config, n int, hoods []*hood, coach wijk.ID, start wijk.Date) (*teamSim, error) {
	name := fmt.Sprintf("T%04d", n+1)
	s := newTeamSim(cfg, name, "", mix(cfg.Seed, uint64(n)), start.In(time.UTC, 8*60))
	s.hoods, s.warm = len(hoods), true
	var founders []team.MemberParams
	var areas []team.Postcode
	for _, h := range hoods {
		size := cfg.MembersMin + h.staff.IntN(cfg.MembersMax-cfg.MembersMin+1)
		for i := range size {
			level := team.Level4
			switch {
			case i < 2:
				level = team.Level5 // two district nurses to assess and authorise
			case h.staff.Float64() < 0.4:
				level = team.Level3
			}
			m := s.newMember(h.staff, level)
			founders = append(founders, team.MemberParams{Person: m.id, Name: m.name, Level: level, ContractPerWeek: s.contractOf(m)})
		}
		areas = append(areas, h.areas...)
	}
	norms := team.Norms{SizeNorm: cfg.SizeNorm, CaseloadMin: cfg.CaseloadMin, CaseloadMax: cfg.CaseloadMax, MaxRolesPerMember: team.DefaultMaxRolesPerMember}
	if cfg.Organisation == traditional {
		// A traditional team's norms are its neighbourhoods' together.
		norms.SizeNorm = min(100, max(norms.SizeNorm, cfg.MaxMembers))
		norms.CaseloadMin *= len(hoods)
		norms.CaseloadMax *= len(hoods)
	}
	size := len(founders)
	t, err := team.NewTeam(team.NewTeamParams{
		ID: s.ids.NewID(), Name: "Team " + name,
		Neighbourhood: team.Neighbourhood{Area: "Wijk " + name, Postcodes: areas},
		Founded:       start,
		Norms:         norms,
		Members:       founders,
		Roles: []team.InitialRole{
			{Role: string(team.RolePlanner), Holder: founders[2%size].Person, Until: start.AddDays(364)},
			{Role: string(team.RoleInformer), Holder: founders[1].Person, Until: start.AddDays(364)},
		},
		Coach: coach,
		Now:   s.clock.Now(),
	})
	if err != nil {
		return nil, err
	}
	if err := s.attach(t, coach, 0); err != nil {
		return nil, err
	}
	for _, h := range hoods {
		clients := cfg.ClientsMin + h.refs.IntN(cfg.ClientsMax-cfg.ClientsMin+1)
		for range clients {
			cl, err := s.intake(h.referral(cfg, true), start, s.clock.Now())
			if err != nil {
				return nil, err
			}
			s.clients = append(s.clients, cl)
			s.initial++
		}
	}
	return s, nil
}

// attach gives the sim its team and the decision log, and picks the
// weekday of its meetings.
func (s *teamSim) attach(t *team.Team, coach wijk.ID, founded int) error {
	log, err := consensus.NewDecisionLog(t.ID())
	if err != nil {
		return err
	}
	s.t, s.log, s.coach, s.founded = t, log, coach, founded
	// Meet on a weekday (Tuesday to Thursday) of either week of the
	// two-week cycle, so that not every team meets in the same week. Day
	// index 0 is a Monday, so day indices 1 to 3 modulo 7 are Tuesday to
	// Thursday.
	s.meetingDay = (1 + s.rng.IntN(3) + 7*s.rng.IntN(max(1, s.cfg.MeetingEveryDays/7))) % s.cfg.MeetingEveryDays
	// Plan a weekday's visits in the first week, then every sampling period.
	s.sampleDay = founded + s.rng.IntN(5)
	return nil
}

// newMember draws a new person from r: contract, working days,
// propensities.
func (s *teamSim) newMember(r *rand.Rand, level team.Level) *member {
	s.personSeq++
	contracts := []int{24, 28, 32, 36}
	hours := contracts[r.IntN(len(contracts))]
	days := max(2, min(5, int(math.Round(float64(hours)/8))))
	m := &member{
		id: s.ids.NewID(), name: fmt.Sprintf("Member %s-%d", s.name, s.personSeq), level: level,
		dayMinutes: hours * 60 / days,
	}
	first := r.IntN(7)
	for i := range days {
		m.workDays[(first+i*7/days)%7] = true
	}
	spread := func(mean float64) float64 {
		return min(1, max(0, mean*(1+s.cfg.Spread*(2*r.Float64()-1))))
	}
	m.objection, m.concern, m.standAside = spread(s.cfg.ObjectionRate), spread(s.cfg.ConcernRate), spread(s.cfg.StandAsideRate)
	m.dominant = r.Float64() < s.cfg.DominantShare
	s.members = append(s.members, m)
	s.byID[m.id] = m
	return m
}

func countDays(d [7]bool) int {
	n := 0
	for _, b := range d {
		if b {
			n++
		}
	}
	return n
}

// districtNurse returns an active level-5 member, the first in joining
// order, who may authorise care hours.
// The answer is kept until the team changes (s.changed).
func (s *teamSim) districtNurse() (team.Actor, bool) {
	if s.nurseKnown {
		return s.nurse, s.nurse.Member != ""
	}
	s.nurse, s.nurseKnown = team.Actor{}, true
	for _, m := range s.t.Members() {
		if m.Level == team.Level5 && m.Status == team.StatusActive {
			s.nurse = m.Actor()
			break
		}
	}
	return s.nurse, s.nurse.Member != ""
}

// changed forgets what was derived from the team's membership: after a
// meeting, the manager's decisions, or a split.
func (s *teamSim) changed() { s.nurseKnown = false }

// leastLoaded returns the active member, not leaving, who is the primary
// nurse of the fewest clients (the first in joining order on a tie).
func (s *teamSim) leastLoaded(day wijk.Date) wijk.ID {
	best, bestN := wijk.ID(""), math.MaxInt
	for _, m := range s.t.Members() {
		sm := s.byID[m.Person]
		if m.Status != team.StatusActive || sm == nil || sm.leaving || sm.leaveDecided || day.Before(m.Start) {
			continue
		}
		n := 0
		for _, c := range s.clients {
			if c.primary == m.Person {
				n++
			}
		}
		if n < bestN {
			best, bestN = m.Person, n
		}
	}
	return best
}

// poisson draws from a Poisson distribution with mean lambda (small).
func poisson(r *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// beginDay starts a day of the team: who works, and once a week the
// clients' progress, care that ends for other reasons, and members who
// decide to leave.
func (s *teamSim) beginDay(d int, day wijk.Date) error {
	week := d / 7
	if s.row == nil || s.row.week != week {
		if err := s.flushWeek(); err != nil {
			return err
		}
		s.row = &weekRow{team: s.t.Name(), teamID: s.t.ID(), parent: s.parent, week: week, weekStart: mondayOf(day), initial: s.initial}
		s.initial = 0
	}
	now := day.In(time.UTC, 8*60)
	s.clock.Set(now)
	s.changed()

	// Who works, who is ill, who is on leave today. A spell of sickness
	// lasts SickSpellDays scheduled days on average; spells start at a
	// rate that makes SickRate of the scheduled days sick, raised by
	// strain when that mechanism is on.
	startSick := s.cfg.SickRate / (s.cfg.SickSpellDays * (1 - s.cfg.SickRate))
	if s.cfg.Strain {
		startSick *= s.strain(s.cfg.StrainSickness, s.cfg.OverloadSickness)
	}
	for _, m := range s.members {
		m.today = off
		if !m.workDays[day.Weekday()] {
			continue
		}
		u := s.rng.Float64()
		switch {
		case m.sickLeft > 0:
			m.today = sick
			m.sickLeft--
		case u < startSick:
			m.today = sick
			m.sickLeft = s.rng.IntN(max(1, int(2*s.cfg.SickSpellDays)-1)) // more days after today
		case u < startSick+s.cfg.LeaveRate:
			m.today = onLeave
		case u < startSick+s.cfg.LeaveRate+s.cfg.TrainingRate:
			m.today = training
		default:
			m.today = working
		}
	}

	if day.Weekday() != time.Monday {
		return nil
	}
	by, _ := s.districtNurse()
	for _, cl := range s.clients {
		s.progress(cl)
		if by.Member != "" && cl.draws.float64() < s.cfg.OtherEndPerWeek {
			if err := s.endCare(cl, day, now, by.Member); err != nil {
				return fmt.Errorf("end of care: %w", err)
			}
			s.discharged(cl)
		}
	}
	s.dropDischarged()
	weekly := 1 - math.Pow(1-s.cfg.LeavePerYear, 1.0/52)
	if s.cfg.Strain {
		weekly *= s.strain(s.cfg.StrainLeaving, s.cfg.OverloadLeaving)
	}
	fade := math.Pow(0.5, 1.0/26)
	for _, m := range s.t.Members() {
		sm := s.byID[m.Person]
		if sm == nil || day.Before(m.Start) {
			continue // not started yet
		}
		p := weekly
		if s.cfg.DominanceEffects {
			p *= 1 + s.cfg.SuppressedLeaving*sm.frustration
			sm.frustration *= fade
		}
		if !sm.leaving && !sm.leaveDecided && s.rng.Float64() < p {
			sm.leaving = true
		}
	}
	if s.cfg.Organisation == traditional {
		defer s.changed()
		return s.manage(day)
	}
	return nil
}

// strain is the factor by which job strain raises a rate: less autonomy
// (x per unit of autonomy missing) and a workload above capacity (y per
// unit above 1) both raise it.
func (s *teamSim) strain(x, y float64) float64 {
	w := s.workload()
	if math.IsInf(w, 0) || math.IsNaN(w) {
		w = 1
	}
	return (1 + x*(1-s.cfg.Autonomy)) * (1 + y*max(0, w-1))
}

// admit takes a referral in while the caseload allows and a district nurse
// can authorise the plan.
func (s *teamSim) admit(ref referral, day wijk.Date) error {
	s.row.referrals++
	if float64(len(s.clients)) >= s.cfg.AcceptUpTo*float64(s.t.Norms().CaseloadMax) {
		s.row.declined++
		return nil
	}
	cl, err := s.intake(ref, day, s.clock.Now())
	if err != nil {
		return fmt.Errorf("intake: %w", err)
	}
	if cl == nil {
		s.row.declined++
		return nil
	}
	s.row.admitted++
	s.clients = append(s.clients, cl)
	return nil
}

// endDay finishes a day of the team: reviews, the meeting, the sampled
// visit plan and the day's hours. It returns the new team when the team
// split that day.
func (s *teamSim) endDay(d int, day wijk.Date) (*teamSim, error) {
	// Plans whose review date has come.
	for _, cl := range s.clients {
		if !cl.plan.DueForReview(day) && cl.plan.Status() != careplan.UnderReview {
			continue
		}
		done, err := s.review(cl, day, s.clock.Now())
		if err != nil {
			return nil, fmt.Errorf("review: %w", err)
		}
		if done {
			s.discharged(cl)
		}
	}
	s.dropDischarged()

	if s.cfg.Organisation == selfManaging && d >= s.founded && (d-s.meetingDay)%s.cfg.MeetingEveryDays == 0 {
		err := s.meeting(day)
		s.changed()
		if err != nil {
			return nil, fmt.Errorf("meeting on %s: %w", day, err)
		}
	}
	if s.sampled(d, day) {
		if err := s.planVisits(d, day); err != nil {
			return nil, fmt.Errorf("visit plan on %s: %w", day, err)
		}
	}
	if err := s.hours(day); err != nil {
		return nil, fmt.Errorf("hours on %s: %w", day, err)
	}
	if s.split == nil {
		return nil, nil
	}
	return s.finishSplit(d, day)
}

// manage is the traditional team's manager, on Mondays: members who decided
// to leave go after two weeks' notice, and when the workload is above
// HireAbove the manager opens a vacancy through the back office, filled
// HireDelayDays later. The team may grow to MaxMembers per neighbourhood.
func (s *teamSim) manage(day wijk.Date) error {
	now := s.clock.Now()
	ref := func() team.DecisionRef {
		s.managerSeq++
		return team.DecisionRef(fmt.Sprintf("manager %s/%d", s.name, s.managerSeq))
	}
	for _, m := range s.members {
		if !m.leaving || !s.t.IsMember(m.id) {
			continue
		}
		if err := s.t.Leave(ref(), m.id, day.AddDays(13), now); err != nil {
			return err
		}
		m.leaving, m.leaveDecided = false, true
		s.row.leavers++
	}
	// Vacancies whose hire has started are filled; the manager keeps at
	// most one open per neighbourhood the team serves.
	d := s.dayIndex(day)
	open := s.vacancies[:0]
	for _, v := range s.vacancies {
		if v > d {
			open = append(open, v)
		}
	}
	s.vacancies = open
	if len(open) >= s.hoods || s.t.Size() >= s.cfg.MaxMembers*s.hoods {
		return nil
	}
	if w := s.workload(); w > s.cfg.HireAbove {
		level := s.hireLevel()
		nm := s.newMember(s.rng, level)
		delay := max(1, s.cfg.HireDelayDays)
		if err := s.t.Hire(ref(), day.AddDays(delay), team.MemberParams{Person: nm.id, Name: nm.name, Level: level, ContractPerWeek: s.contractOf(nm)}); err != nil {
			return err
		}
		s.vacancies = append(s.vacancies, d+delay)
		s.row.hires++
	}
	return nil
}

// dayIndex is the number of days from the start of the run to day.
func (s *teamSim) dayIndex(day wijk.Date) int {
	return s.row.week*7 + int(day.Weekday()+6)%7
}

// discharged records the outcome of a client's finished care.
func (s *teamSim) discharged(cl *client) {
	s.row.discharged++
	o := cl.plan.Outcomes()
	s.row.kbsProblems += o.Rated
	s.row.kbsChange += o.Total.Knowledge + o.Total.Behavior + o.Total.Status
}

// dropDischarged removes the clients whose plan is closed.
func (s *teamSim) dropDischarged() {
	keep := s.clients[:0]
	for _, cl := range s.clients {
		if cl.plan.Status() != careplan.Closed {
			keep = append(keep, cl)
		}
	}
	clear(s.clients[len(keep):])
	s.clients = keep
}

// hours records the day's hours of every member: the care the plans ask
// for today, and the travel between visits, are shared by the members at
// work in proportion to their working time, up to the time they have for it
// after other work; care that does not fit is unmet. With the continuity
// mechanism on, a client's care takes longer the less familiar the nurses
// are. Each visit goes to the client's primary nurse when they work today,
// else to a colleague.
func (s *teamSim) hours(day wijk.Date) error {
	wd := day.Weekday()
	var visits, planned, minutes int
	for _, cl := range s.clients {
		visits += cl.week[wd].visits
		planned += cl.week[wd].minutes
		m := cl.week[wd].minutes
		if s.cfg.Continuity && m > 0 {
			m = int(math.Round(float64(m) * (1 + s.cfg.ContinuityExtraCare*(1-cl.continuity()))))
		}
		minutes += m
	}
	ms := s.t.MembersOn(day)
	var workers []*member
	worked := 0
	for _, rec := range ms {
		m := s.byID[rec.Person]
		if m == nil || rec.Status != team.StatusActive || m.today == off {
			continue
		}
		s.row.scheduled += m.dayMinutes
		if m.today == working {
			workers = append(workers, m)
			worked += m.dayMinutes
		}
	}
	travel := visits * s.cfg.TravelPerVisit
	if !math.IsNaN(s.travelPerVisit) {
		travel = int(math.Round(float64(visits) * s.travelPerVisit))
	}
	need := float64(minutes + travel)
	capacity := float64(worked) * (1 - s.overhead(len(ms)))
	f := 1.0
	if need > capacity {
		f = capacity / need
	}
	s.row.need += need
	s.row.capacity += capacity
	s.row.demand += minutes
	s.row.planned += planned
	given := 0
	for _, rec := range ms {
		m := s.byID[rec.Person]
		if m == nil || rec.Status != team.StatusActive || m.today == off {
			continue
		}
		h := team.HoursRecord{Person: m.id, Day: day}
		dm := time.Duration(m.dayMinutes) * time.Minute
		switch m.today {
		case working:
			share := float64(m.dayMinutes) / float64(worked)
			cf := int(float64(minutes) * f * share)
			tr := int(float64(travel) * f * share)
			h.Worked = dm
			h.ClientFacing = time.Duration(cf) * time.Minute
			h.Travel = time.Duration(tr) * time.Minute
			given += cf
		case sick:
			h.Sick = dm
		case onLeave:
			h.Leave = dm
		case training:
			h.Training = dm
		}
		if err := s.t.CheckHours(h); err != nil {
			return err
		}
		s.row.worked += int(h.Worked / time.Minute)
		s.row.clientFacing += int(h.ClientFacing / time.Minute)
		s.row.travel += int(h.Travel / time.Minute)
		s.row.sick += int(h.Sick / time.Minute)
		s.row.leave += int(h.Leave / time.Minute)
		s.row.training += int(h.Training / time.Minute)
	}
	s.row.unmet += max(0, minutes-given)
	if len(workers) == 0 {
		return nil
	}
	for _, cl := range s.clients {
		n := cl.week[wd].visits
		if n == 0 {
			continue
		}
		if p := s.byID[cl.primary]; p != nil && p.today == working {
			cl.addVisits(p.id, n)
			continue
		}
		cl.addVisits(workers[s.rng.IntN(len(workers))].id, n)
	}
	return nil
}

// headcount is the number of members today who have started: a hire
// waiting for their first day is on the team's books (team.Size) but does
// not work, coordinate or leave yet.
func (s *teamSim) headcount() int {
	return len(s.t.MembersOn(wijk.DateOf(s.clock.Now())))
}

// overhead is the share of worked time that goes to other work than care
// and travel: OverheadShare, plus coordination that grows with the team's
// size (its members who have started) when that mechanism is on.
func (s *teamSim) overhead(size int) float64 {
	o := s.cfg.OverheadShare
	if s.cfg.Coordination {
		o += s.cfg.CoordinationPerMember * float64(max(0, size-1))
	}
	return min(o, 0.9)
}

// workload is the care and travel the team's plans asked for over the last
// full week and this week so far, as a share of the time the members at
// work had for it.
func (s *teamSim) workload() float64 {
	need, capacity := s.prevNeed+s.row.need, s.prevCap+s.row.capacity
	if capacity == 0 {
		return math.Inf(1)
	}
	return need / capacity
}

// finishSplit moves the members and clients of side B to the new team at
// the end of the day the split was adopted; the new team starts tomorrow.
func (s *teamSim) finishSplit(d int, day wijk.Date) (*teamSim, error) {
	ps := s.split
	s.split = nil
	defer s.changed()
	s.splitSeq++
	child := newTeamSim(s.cfg, ps.t.Name()[len("Team "):], s.name, mix(s.seed, uint64(1000+s.splitSeq)), day.AddDays(1).In(time.UTC, 8*60))
	child.store, child.hoods, child.meanCont, child.travelPerVisit = s.store, s.hoods, s.meanCont, s.travelPerVisit
	if err := ps.t.SetCoach(s.coach); err != nil {
		return nil, err
	}
	if err := child.attach(ps.t, s.coach, d+1); err != nil {
		return nil, err
	}
	side := ps.p.Sides[1]
	moving := map[wijk.ID]bool{}
	for _, id := range side.Members {
		moving[id] = true
	}
	keep := s.members[:0]
	for _, m := range s.members {
		if moving[m.id] {
			child.members = append(child.members, m)
			child.byID[m.id] = m
			delete(s.byID, m.id)
		} else {
			keep = append(keep, m)
		}
	}
	clear(s.members[len(keep):])
	s.members = keep
	movingClients := map[wijk.ID]bool{}
	for _, id := range side.Clients {
		movingClients[id] = true
	}
	kept := s.clients[:0]
	for _, cl := range s.clients {
		if movingClients[cl.c.ID()] {
			child.clients = append(child.clients, cl)
		} else {
			kept = append(kept, cl)
		}
	}
	clear(s.clients[len(kept):])
	s.clients = kept
	// Clients whose primary nurse went to the other team get a new one.
	for _, ts := range []*teamSim{s, child} {
		for _, cl := range ts.clients {
			if ts.byID[cl.primary] == nil {
				cl.primary = ts.leastLoaded(day.AddDays(1))
			}
		}
	}
	child.clientSeq = s.clientSeq
	child.personSeq = 0
	s.row.splits++
	return child, nil
}

// save stores the team through the store at the end of each week: created
// the first time, then updated over the version it was saved at, so a lost
// update would show as a conflict.
func (s *teamSim) save() error {
	if s.store == nil {
		return nil
	}
	ctx := context.Background()
	ch := storage.Change{Actor: "teamsim", Summary: "end of the week"}
	var err error
	if s.version == 0 {
		s.version, err = s.store.Teams().Create(ctx, s.t, ch)
	} else {
		s.version, err = s.store.Teams().Update(ctx, s.t, s.version, ch)
	}
	if err != nil {
		return fmt.Errorf("saving %s: %w", s.t.Name(), err)
	}
	return nil
}

// flushWeek closes the current week's row and saves the team.
func (s *teamSim) flushWeek() error {
	if s.row == nil {
		return nil
	}
	r := s.row
	r.members = s.headcount()
	today := wijk.DateOf(s.clock.Now())
	for _, m := range s.t.MembersOn(today) {
		if m.Level == team.Level5 {
			r.level5++
		}
	}
	r.clients = len(s.clients)
	for _, cl := range s.clients {
		if !math.IsNaN(cl.cont) {
			r.contSum += cl.cont
			r.contN++
		}
	}
	if len(s.final) > 0 {
		for _, st := range consensus.Statistics(s.final) {
			if st.Team == s.t.ID() && st.Adopted > 0 {
				r.meanDaysToDecision = st.MeanTimeToDecision.Hours() / 24
				r.hasTimeToDecision = true
			}
		}
	}
	s.final = s.final[:0]
	s.prevNeed, s.prevCap = r.need, r.capacity
	s.rows = append(s.rows, *r)
	s.row = nil
	return s.save()
}
