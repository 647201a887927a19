package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/team"
)

// config holds the command-line flags.
type config struct {
	days int
	seed uint64
	db   string
}

// maxDays keeps the period inside the month the story starts in.
const maxDays = 28

func parseFlags(args []string, errw io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("neighbourhood", flag.ContinueOnError)
	fs.SetOutput(errw)
	fs.IntVar(&cfg.days, "days", 7, fmt.Sprintf("number of days to plan and record, 1 to %d", maxDays))
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the IDs, the planners and the ratings: the same seed tells the same story")
	fs.StringVar(&cfg.db, "db", "", "SQLite file to keep the neighbourhood in (default: a temporary file, removed at the end)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if cfg.days < 1 || cfg.days > maxDays {
		return cfg, fmt.Errorf("-days must be from 1 to %d, got %d", maxDays, cfg.days)
	}
	return cfg, nil
}

// The two shifts of a day, in minutes after midnight. A late shift ends at
// 22:00 and an early one starts at 07:00: nine hours, less than the eleven
// hours' rest a nurse needs, so a late is never followed by an early.
const (
	earlyStart, earlyEnd = 7 * 60, 13 * 60
	lateStart, lateEnd   = 16 * 60, 22 * 60
	// meetingMinutes is the length of a team meeting.
	meetingMinutes = 90
	// handoverMinutes is the time after a round for the client reports
	// and the handover to the next shift.
	handoverMinutes = 30
	// bicycle is the speed nurses travel at, in km an hour, and detour
	// how much longer the streets make a trip than the crow flies.
	bicycle, detour = 15, 1.3
)

// story holds what the story needs as it goes: the clock and the ID
// generator every application keeps, the service and a session for each
// member, the names to print, and the team's clients, plans and visits so
// far.
type story struct {
	w     io.Writer
	cfg   config
	clock *wijk.ManualClock
	ids   *wijk.IDGenerator
	rng   *rand.Rand
	start wijk.Date

	// sessions act for one member each: every use case of the story goes
	// through the session of the person who does it.
	sessions map[wijk.ID]*service.Session
	// svc is the service the sessions belong to.
	svc *service.Service

	team    wijk.ID
	names   map[wijk.ID]string
	people  map[string]wijk.ID // founders and neighbours by name
	clients []*careplan.Client
	plans   []*careplan.CarePlan
	short   map[wijk.ID]bool // clients whose episode ends in the period
	// travel gives the times between the office and the clients' homes:
	// straight lines at a bicycle's speed, remembered between days. A
	// vendor puts a road network's service here.
	travel visit.Travel
	// visits counts, per client, the visits each member made: the
	// continuity of care the visit planner tries to keep.
	visits map[wijk.ID]map[wijk.ID]int
}

// newStory sets the scene on Monday 2 March 2026. A real application uses
// wijk.SystemClock() and wijk.NewIDGenerator; the story uses a clock that
// only moves when told to and IDs drawn from the seed, so it is the same on
// every run.
func newStory(w io.Writer, cfg config) *story {
	start := wijk.NewDate(2026, time.March, 2)
	clock := wijk.NewManualClock(start.In(time.UTC, 8*60))
	return &story{
		w: w, cfg: cfg, clock: clock, start: start,
		ids:      wijk.NewSeededIDGenerator(clock, cfg.seed),
		rng:      rand.New(rand.NewPCG(cfg.seed, 0x6e6569676862)),
		names:    map[wijk.ID]string{},
		people:   map[string]wijk.ID{},
		sessions: map[wijk.ID]*service.Session{},
		short:    map[wijk.ID]bool{},
		visits:   map[wijk.ID]map[wijk.ID]int{},
		travel:   visit.Cached(visit.StraightLine{Speed: bicycle, Detour: detour}, 10_000),
	}
}

// openStore opens the SQLite file and brings its schema up to date. Before
// the team is founded the file must hold no team yet: the same seed would
// found the same team again.
func (s *story) openStore(ctx context.Context, path string) (*sqlite.Store, error) {
	st, err := sqlite.Open(ctx, path, sqlite.Options{Clock: s.clock})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		_ = st.Close()
		return nil, err
	}
	if s.team == "" {
		teams, err := st.Teams().List(ctx)
		if err == nil && len(teams) > 0 {
			err = fmt.Errorf("%s already holds a neighbourhood: give -db a new file", path)
		}
		if err != nil {
			_ = st.Close()
			return nil, err
		}
	}
	return st, nil
}

func (s *story) printf(format string, args ...any) { fmt.Fprintf(s.w, format, args...) }

func (s *story) section(title string) { s.printf("\n== %s\n\n", title) }

// at sets the clock to a minute of the day so many days after the start.
func (s *story) at(day, minute int) { s.clock.Set(s.start.AddDays(day).In(time.UTC, minute)) }

// application names the program in the access log: next to who read or
// changed a client's record, when and why, NEN 7513 asks from where. A real
// application names itself and the device ("wijkapp 2.3 on tablet T-0417").
const application = "neighbourhood example"

// openService opens wijk's service on store, with the story's clock and
// IDs, and a care session for each founder. A real application opens a
// session for the person its identity provider authenticated, per
// request; the service takes everything that person may do from what the
// store holds on the day, never from the caller.
func (s *story) openService(ctx context.Context, store storage.Store) error {
	svc, err := service.New(store, s.clock, s.ids, service.WithApplication(application))
	if err != nil {
		return err
	}
	s.svc = svc
	for _, f := range founders {
		if s.sessions[s.id(f.name)], err = svc.As(ctx, s.id(f.name), service.Care()); err != nil {
			return err
		}
	}
	return nil
}

// as returns the session of the founder called name.
func (s *story) as(name string) *service.Session { return s.sessions[s.id(name)] }

// session returns the session of member id.
func (s *story) session(id wijk.ID) *service.Session { return s.sessions[id] }

func (s *story) id(name string) wijk.ID { return s.people[name] }

func (s *story) name(id wijk.ID) string {
	if n, ok := s.names[id]; ok {
		return n
	}
	return string(id)
}

func (s *story) founderParams() []team.MemberParams {
	var ps []team.MemberParams
	for _, f := range founders {
		id := s.ids.NewID()
		s.names[id], s.people[f.name] = f.name, id
		ps = append(ps, team.MemberParams{Person: id, Name: f.name, Level: f.level, ContractPerWeek: time.Duration(f.hours) * time.Hour})
	}
	return ps
}

func (s *story) initialRoles() []team.InitialRole {
	var rs []team.InitialRole
	for _, f := range founders {
		if f.role != "" {
			rs = append(rs, team.InitialRole{Role: string(f.role), Holder: s.people[f.name], Until: s.start.AddDays(182)})
		}
	}
	return rs
}

func (s *story) printTeam(tm *team.Team) {
	n := tm.Neighbourhood()
	s.printf("%s starts on %s %s in %s (postcode areas %s) with %d founders:\n",
		tm.Name(), tm.Founded().Weekday(), tm.Founded(), n.Area, joinPostcodes(n.Postcodes), tm.Size())
	for i, m := range tm.Members() {
		role := "-"
		if rs := tm.RolesOf(m.Person); len(rs) > 0 {
			role = string(rs[0])
		}
		s.printf("  %-5s %-24s %2.0f h a week  role: %-12s %s\n", m.Name,
			fmt.Sprintf("%s, %s", m.Level, m.Level.Title()), m.ContractPerWeek.Hours(), role, founders[i].homeNote)
	}
	s.printf("What the team may want to look at:\n")
	for _, a := range tm.Advisories(tm.Founded()) {
		s.printf("  - %s\n", a.Message)
	}
	if a, ok := tm.CaseloadAdvisory(0); ok {
		s.printf("  - %s\n", a.Message)
	}
}

func joinPostcodes(ps []team.Postcode) string {
	var ss []string
	for _, p := range ps {
		ss = append(ss, string(p))
	}
	return strings.Join(ss, ", ")
}

// intakeBy names the nurse who does the i-th intake.
func intakeBy(i int) string { return []string{"Bram", "Dewi", "Anne"}[i%3] }

// intake takes a referred client in, in the session of the nurse called
// by: the onion from the inside out (their own goals, strengths and
// wishes; the informal network; the formal network), then the care plan
// written with them, with its admission ratings. The plan is a draft
// until a district nurse authorises it.
func (s *story) intake(ctx context.Context, ref referral, by string) (*careplan.Client, *careplan.CarePlan, error) {
	nurse := s.as(by)
	ref.params.Address.Coordinates = homeAt(ref.x, ref.y)
	c, err := nurse.TakeIn(ctx, s.team, ref.params)
	if err != nil {
		return nil, nil, err
	}
	s.names[c.ID()] = c.Name()
	s.short[c.ID()] = ref.shortStay

	draft := service.PlanDraft{Client: c.ID(), Start: s.start, Problems: ref.problems, Interventions: ref.care}
	for i, pr := range ref.problems {
		draft.Ratings = append(draft.Ratings, service.Rating{Problem: pr.Code, Kind: careplan.Admission, KBS: ref.admission[i]})
	}
	plan, err := nurse.WritePlan(ctx, draft)
	if err != nil {
		return nil, nil, err
	}

	a := c.Address()
	s.printf("%s (%d), %s, %s — referred by %s.\n", c.Name(), c.AgeOn(s.start), a.Street, a.Postcode, ref.from)
	s.printf("  Own goals: %s. Strengths: %s. Wishes: %s.\n",
		strings.Join(c.Goals(), "; "), strings.Join(c.Strengths(), "; "), strings.Join(c.Wishes(), "; "))
	var informal, formal []string
	for _, ic := range c.Informal() {
		informal = append(informal, fmt.Sprintf("%s (%s: %s)", ic.Name, ic.Relation, ic.HelpsWith))
	}
	for _, pr := range c.Formal() {
		role := pr.Role.String()
		if pr.RoleDetail != "" {
			role = pr.RoleDetail
		}
		formal = append(formal, strings.TrimSpace(role+" "+cmp.Or(pr.Name, pr.Organisation)))
	}
	s.printf("  Informal network: %s. Formal network: %s.\n", cmp.Or(strings.Join(informal, ", "), "nobody yet"), strings.Join(formal, ", "))
	s.printf("  Care plan, intake by %s:\n", by)
	for _, pr := range plan.Problems() {
		signs := ""
		for i, sg := range pr.Signs {
			signs += map[bool]string{true: ", ", false: ": "}[i > 0] + sg.Name
		}
		s.printf("    %s (%s%s), goal: %s\n", pr.Name(), pr.Severity, signs, pr.Goal)
	}
	for _, iv := range plan.Interventions() {
		s.printf("      - %s: %s, %s\n", iv.TargetName(), iv.Schedule, iv.Level)
	}
	return c, plan, nil
}

// planRoster has the planner propose the roster for the period: the
// problem from the team, its contracts and the care its clients' plans ask
// for (planning.RosterProblem), the solver's proposal, kept as proposed and
// adopted by the team's consent, through the planner's session. It prints the roster and
// returns it with what reads it back.
func (s *story) planRoster(ctx context.Context, tm *team.Team) (*planning.RosterSetup, *planning.Roster, error) {
	days := s.cfg.days
	// A wish: Dewi would like Wednesday off.
	var wishes []planning.Wish
	if wed := 2; wed < days {
		wishes = append(wishes, planning.Wish{Member: s.id("Dewi"), Date: s.start.AddDays(wed), Weight: 10})
	}
	setup, err := planning.RosterProblem(planning.RosterProblemParams{
		Team: tm, Start: s.start, Days: days, Plans: s.plans, Wishes: wishes,
	})
	if err != nil {
		return nil, nil, err
	}
	// An iteration budget makes the proposal the same on every machine;
	// the time limit only guards against a very slow one.
	res, err := roster.Solve(ctx, setup.Problem, roster.Options{Seed: s.cfg.seed, Workers: 2, MaxIterations: 20_000, TimeLimit: 20 * time.Second})
	if err != nil {
		return nil, nil, err
	}

	s.printf("Shifts: early %s–%s and late %s–%s; no early after a late (%d hours' rest).\n",
		hhmm(earlyStart), hhmm(earlyEnd), hhmm(lateStart), hhmm(lateEnd), planning.DefaultMinRestMinutes/60)
	s.printf("Contracts: each member's contract hours over %d days; cover: a nurse for every %d minutes of care\n"+
		"in a shift, and nurses of the level a visit needs. Dewi asked for Wednesday off.\n\n", days, planning.DefaultCareMinutesPerNurse)
	s.printf("%-10s", "")
	for d := range days {
		s.printf(" %-3s", s.start.AddDays(d).Weekday().String()[:3])
	}
	s.printf("\n")
	for _, m := range tm.MembersOn(s.start) {
		s.printf("%-10s", fmt.Sprintf("%s (%d)", m.Name, int(m.Level)))
		for d := range days {
			sh, _ := res.Roster.Shift(string(m.Person), d)
			mark := "-"
			switch sh {
			case "early":
				mark = "E"
			case "late":
				mark = "L"
			}
			s.printf(" %-3s", mark)
		}
		s.printf("\n")
	}
	ev := res.Evaluation
	b := ev.Breakdown
	s.printf("\nProposed roster: %d hard violations, soft penalty %d (cover short %d, over %d; wishes not granted %d).\n",
		len(ev.Violations), ev.Penalty, b.CoverUnder, b.CoverOver, b.ShiftOffRequests+b.ShiftOnRequests)
	for _, v := range ev.Violations {
		s.printf("  ! %s\n", v.Message)
	}

	// The proposal is kept in the store, and the team adopts it by
	// consent: the planner proposes to adopt this roster as it is (its ID
	// and content digest), everyone consents, the decision goes into the
	// log, and the roster names it.
	proposed, err := planning.NewRoster(planning.RosterParams{
		ID: s.ids.NewID(), Team: s.team, Start: s.start, Problem: setup.Problem.Params(),
		Assignments: res.Roster.Assignments(), CreatedAt: s.clock.Now(),
	})
	if err != nil {
		return nil, nil, err
	}
	if err := s.as("Dewi").ProposeRoster(ctx, proposed); err != nil {
		return nil, nil, err
	}
	d, err := s.adoptByConsent(ctx, "Dewi", "Roster "+s.start.String(),
		fmt.Sprintf("Work the proposed roster from %s to %s.", proposed.Start(), proposed.End()),
		"Cover follows the care our clients' plans ask for.",
		consensus.AdoptRoster{Roster: proposed.ID(), Digest: proposed.Digest()})
	if err != nil {
		return nil, nil, err
	}
	if proposed, err = s.as("Dewi").AdoptRoster(ctx, proposed.ID(), d); err != nil {
		return nil, nil, err
	}
	s.printf("Kept in the store and adopted by consent: the decision names the roster (digest %.12s), the roster names the decision. Saved.\n", proposed.Digest())
	// From here on the days are planned from the roster as stored.
	setup.Problem = proposed.Problem()
	return setup, proposed, nil
}

// adoptByConsent has owner propose text to the team and every active
// member consent, in their own sessions, and returns the decision the
// adoption logged.
func (s *story) adoptByConsent(ctx context.Context, owner, title, text, reason string, payload consensus.Payload) (wijk.ID, error) {
	own := s.as(owner)
	tm, err := own.Team(ctx, s.team)
	if err != nil {
		return "", err
	}
	p, err := own.Propose(ctx, service.ProposalDraft{Team: s.team, Title: title, Text: text, Reason: reason, Payload: payload})
	if err != nil {
		return "", err
	}
	s.clock.Advance(time.Minute)
	if _, err := own.Present(ctx, p.ID(), nil); err != nil {
		return "", err
	}
	if err := s.consentRound(ctx, own, p.ID(), tm.Decisionmakers(), func(id wijk.ID) error {
		_, err := s.session(id).TakeStance(ctx, p.ID(), consensus.Consent, "", "")
		return err
	}); err != nil {
		return "", err
	}
	s.clock.Advance(time.Minute)
	adopted, err := own.Close(ctx, p.ID(), service.Record{Rationale: reason, ReviewOn: s.start.AddDays(s.cfg.days)})
	if err != nil {
		return "", err
	}
	return adopted.Decision.ID, nil
}

// planDay plans the visits of one day from the adopted roster: the care
// plans' demand for the day, the nurses on duty, the clients' homes and
// the nurses each client already knows (planning.DayProblem). The planner
// keeps the plan as her proposal, in her session; prints each nurse's
// route and remembers who visited whom.
func (s *story) planDay(ctx context.Context, day wijk.Date, setup *planning.RosterSetup, adopted *planning.Roster) (*visit.Problem, visit.Evaluation, error) {
	// The office and the clients' homes, at their addresses' coordinates;
	// the times between them from the travel service (asked once, then
	// from its cache on the days after).
	locations, addresses, err := planning.Places(office, officeAt, s.clients)
	if err != nil {
		return nil, visit.Evaluation{}, err
	}
	travel, err := visit.TravelMatrix(ctx, s.travel, locations)
	if err != nil {
		return nil, visit.Evaluation{}, err
	}
	known := map[wijk.ID][]wijk.ID{}
	for _, c := range s.clients {
		known[c.ID()] = s.knownBy(c.ID())
	}
	pr, shifts, err := planning.DayProblem(planning.DayParams{
		Setup: setup, Roster: adopted.Roster(), Date: day, Plans: s.plans, Office: office,
		Locations: locations, Travel: travel, Addresses: addresses, Known: known,
	})
	if err != nil {
		return nil, visit.Evaluation{}, err
	}
	res, err := visit.Solve(ctx, pr, visit.Options{
		Seed: s.cfg.seed + uint64(day.DaysSince(s.start)), Workers: 1, MaxIterations: 400, TimeLimit: 20 * time.Second})
	if err != nil {
		return nil, visit.Evaluation{}, err
	}
	ev := res.Evaluation
	dp, err := planning.NewDayPlan(planning.DayPlanParams{
		ID: s.ids.NewID(), Team: s.team, Day: day, Problem: pr.Params(), Plan: ev.Plan(), CreatedAt: s.clock.Now(),
	})
	if err != nil {
		return nil, visit.Evaluation{}, err
	}
	if err := s.as("Dewi").ProposeDayPlan(ctx, dp); err != nil {
		return nil, visit.Evaluation{}, err
	}

	visits, familiar := 0, 0
	var lines []string
	for _, r := range ev.Routes {
		nurse := wijk.ID(r.Nurse)
		var stops []string
		for _, st := range r.Stops {
			v, _ := pr.Visit(st.Visit)
			client := wijk.ID(v.Client)
			if slices.Contains(known[client], nurse) {
				familiar++
			}
			visits++
			if s.visits[client] == nil {
				s.visits[client] = map[wijk.ID]int{}
			}
			s.visits[client][nurse]++
			stops = append(stops, hhmm(int(st.Start))+" "+firstName(s.name(client)))
		}
		if len(stops) == 0 {
			stops = []string{"no visits: office work"}
		}
		lines = append(lines, fmt.Sprintf("  %-5s %s", s.name(nurse), strings.Join(stops, ", ")))
	}
	c := ev.Cost
	s.printf("%s %s: %d visits by %d nurses; travel %.0f min, late %.0f min, unassigned %d; %d of %d by a familiar face.\n",
		day.Weekday().String()[:3], day, visits, len(shifts), c.Travel, c.TotalTardiness, len(ev.Unassigned), familiar, visits)
	for _, l := range lines {
		s.printf("%s\n", l)
	}
	return pr, ev, nil
}

// knownBy returns the members who visited the client before, sorted.
func (s *story) knownBy(client wijk.ID) []wijk.ID {
	var ids []wijk.ID
	for m := range s.visits[client] {
		ids = append(ids, m)
	}
	slices.Sort(ids)
	return ids
}

// recordHours has every member who worked on day record their own hours,
// in their own session, at the end of the day: from leaving for the first
// visit until back at the office plus the handover (a shift without visits
// is office work), the time with clients and the travel from the day's
// plan (planning.Hours), and the team meeting.
func (s *story) recordHours(ctx context.Context, day wijk.Date, pr *visit.Problem, ev visit.Evaluation, meeting map[wijk.ID]int) error {
	hours, err := planning.Hours(planning.HoursParams{Date: day, Problem: pr, Routes: ev.Routes, HandoverMinutes: handoverMinutes, Other: meeting})
	if err != nil {
		return err
	}
	records := map[wijk.ID]*team.HoursRecord{}
	for i := range hours {
		records[hours[i].Person] = &hours[i]
	}
	people := make([]wijk.ID, 0, len(records))
	for m := range records {
		people = append(people, m)
	}
	slices.Sort(people)
	s.at(day.DaysSince(s.start), lateEnd)
	var worked, facing, travel time.Duration
	for _, m := range people {
		h := *records[m]
		if err := s.session(m).RecordHours(ctx, s.team, h); err != nil {
			return err
		}
		worked, facing, travel = worked+h.Worked, facing+h.ClientFacing, travel+h.Travel
	}
	s.printf("  Hours recorded: %d people, %.1f h worked, %.1f h with clients, %.1f h travel. Each recorded their own.\n",
		len(people), worked.Hours(), facing.Hours(), travel.Hours())
	return nil
}

// rateProgress rates every open problem of every active plan on day, as
// the nurse who visited the client most sees it, in that nurse's session: an
// interim rating, or for a client whose episode ends, the discharge rating
// and the discharge. Progress is drawn from the seed: a scale improves by
// one with chance 2/5.
func (s *story) rateProgress(ctx context.Context, day wijk.Date) error {
	s.at(day.DaysSince(s.start), 22*60)
	for _, c := range s.clients {
		by := s.mostVisits(c.ID())
		nurse := s.session(by)
		plans, err := nurse.Plans(ctx, c.ID())
		if err != nil {
			return err
		}
		plan := plans[len(plans)-1]
		kind := careplan.Interim
		if s.short[c.ID()] {
			kind = careplan.Discharge
		}
		var ratings []service.Rating
		for _, pr := range plan.Problems() {
			o, err := plan.Outcome(pr.Code)
			if err != nil {
				return err
			}
			next := o.Latest.KBS
			for _, k := range []*int{&next.Knowledge, &next.Behavior, &next.Status} {
				if *k < 5 && s.rng.IntN(5) < 2 {
					*k++
				}
			}
			ratings = append(ratings, service.Rating{Problem: pr.Code, Kind: kind, KBS: next})
			s.printf("%-14s %-32s %s → %s (%s, by %s)\n", c.Name()+":", pr.Name(), o.Latest.KBS, next, kind, s.name(by))
		}
		if kind != careplan.Discharge {
			if _, err := nurse.Rate(ctx, plan.ID(), ratings); err != nil {
				return err
			}
			continue
		}
		reason := "goals reached: the scar has closed and Peter dresses it himself"
		if _, err := nurse.Discharge(ctx, plan.ID(), reason, ratings); err != nil {
			return err
		}
		s.printf("%-14s discharged: %s.\n", "", reason)
	}
	s.printf("Saved.\n")
	return nil
}

// mostVisits returns the member who visited the client most (the lowest ID
// on a tie), or Anne when nobody has yet.
func (s *story) mostVisits(client wijk.ID) wijk.ID {
	best, n := s.id("Anne"), 0
	for _, m := range s.knownBy(client) {
		if s.visits[client][m] > n {
			best, n = m, s.visits[client][m]
		}
	}
	return best
}

// pickSpeakers chooses, besides the facilitator, who brings the proposal
// (a nurse who plans the work) and who objects.
func (s *story) pickSpeakers(facilitator wijk.ID) (owner, objector wijk.ID) {
	for _, n := range []string{"Dewi", "Bram", "Esra"} {
		if id := s.id(n); id != facilitator {
			owner = id
			break
		}
	}
	for _, n := range []string{"Bram", "Cem", "Dewi", "Esra"} {
		if id := s.id(n); id != facilitator && id != owner {
			objector = id
			break
		}
	}
	return owner, objector
}

// report prints the period's report from what the store holds, as Bram,
// the team's informer, reads it through his session on svc, the service
// opened on the reopened store: the team as saved, its productivity from the hours records, each
// client's change in Knowledge, Behavior and Status, the decision log, and
// the audit lines of one client's dossier (a member reads the audit lines
// of their own team's records; the whole log is for the privacy officer).
func (s *story) report(ctx context.Context, svc *service.Service) error {
	bram, err := svc.As(ctx, s.id("Bram"), service.Care())
	if err != nil {
		return err
	}
	tm, err := bram.Team(ctx, s.team)
	if err != nil {
		return err
	}
	names := map[wijk.ID]string{}
	s.printf("Read by Bram, the team's informer, in a session on the reopened store.\n\n")
	s.printf("%s, %d members:\n", tm.Name(), tm.Size())
	for _, m := range tm.Members() {
		names[m.Person] = m.Name
		how := "founder"
		if m.Joined == team.JoinHired {
			how = fmt.Sprintf("hired by decision %s", m.JoinDecision)
		}
		s.printf("  %-6s %s, from %s, %s\n", m.Name, m.Level, m.Start, how)
	}

	// Productivity: time with clients ÷ time worked, from each member's
	// hours records over the period.
	from, to := s.start, s.start.AddDays(s.cfg.days-1)
	figures, err := bram.MemberFigures(ctx, s.team, from, to)
	if err != nil {
		return err
	}
	var worked, facing, travel time.Duration
	for _, f := range figures {
		worked, facing, travel = worked+f.Worked, facing+f.ClientFacing, travel+f.Travel
	}
	r := team.Ratio{Num: facing.Hours(), Den: worked.Hours()}
	s.printf("\nProductivity %s to %s: %s (%.1f of %.1f hours with clients, %.1f h travel), %s the %.0f–%.0f%% mature teams aim for.\n",
		from, to, r, facing.Hours(), worked.Hours(), travel.Hours(),
		team.DefaultProductivityBand.Position(r), team.DefaultProductivityBand.Low*100, team.DefaultProductivityBand.High*100)
	for _, f := range figures {
		if f.Days > 0 {
			s.printf("  %-6s %s (%.1f of %.1f h)\n", f.Name, f.Productivity, f.ClientFacing.Hours(), f.Worked.Hours())
		}
	}

	// Outcomes of care: the change from the admission rating to the latest.
	clients, err := bram.Clients(ctx, s.team)
	if err != nil {
		return err
	}
	clientNames := map[wijk.ID]string{}
	for _, c := range clients {
		clientNames[c.ID()] = c.Name()
	}
	plans, err := bram.TeamPlans(ctx, s.team)
	if err != nil {
		return err
	}
	s.printf("\nKBS change since admission:\n")
	for _, p := range plans {
		for _, o := range p.Outcomes().Problems {
			state := "in care"
			if p.Status() == careplan.Closed {
				state = "discharged"
			}
			s.printf("  %-14s %-32s %s → %s  %-12s %s\n", clientNames[p.Client()]+":", o.Name, o.Admission.KBS, o.Latest.KBS, o.Change.Change(), state)
		}
	}

	// The decision log, and what each decision changed in the team.
	log, err := bram.DecisionLog(ctx, s.team)
	if err != nil {
		return err
	}
	s.printf("\nDecision log (%d):\n", log.Len())
	for _, d := range log.Entries() {
		s.printf("  %s %q by %s (%s, %d rounds): %s\n", wijk.DateOf(d.DecidedAt), d.Title, names[d.Owner], d.Rule, d.Rounds, d.Text)
		s.printf("    why: %s Review on %s.\n", d.Rationale, d.ReviewOn)
		var stances []string
		for _, st := range d.Stances {
			stances = append(stances, fmt.Sprintf("%s %s", names[st.Member], st.Kind))
		}
		s.printf("    stances: %s\n", strings.Join(stances, ", "))
		for _, o := range d.Objections {
			s.printf("    objection by %s on version %d: %s, resolved: %s\n", names[o.Member], o.Version, o.Test, o.Resolution)
		}
		for _, m := range tm.Members() {
			if m.JoinDecision == team.DecisionRef(d.ID) {
				s.printf("    applied: %s joins on %s as %s\n", m.Name, m.Start, m.Level.Title())
			}
		}
	}

	// The audit log: every write says who made it and why. A member may
	// read the lines of their own team's records, here the dossier of the
	// client who was discharged: every write of his record and his care
	// plans, found by the client.
	for _, p := range plans {
		if p.Status() != careplan.Closed {
			continue
		}
		lines, err := bram.Audit(ctx, storage.AuditQuery{Client: p.Client()})
		if err != nil {
			return err
		}
		s.printf("\nAudit log of %s's dossier: %d writes, each saying who and why:\n", clientNames[p.Client()], len(lines))
		for _, l := range lines {
			s.printf("  %s  %-5s %-6s %-9s %q\n", l.At.Format("2006-01-02 15:04"), s.name(wijk.ID(l.Actor)), l.Action, l.Entity, l.Summary)
		}
	}
	return nil
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func firstName(full string) string {
	first, _, _ := strings.Cut(full, " ")
	return first
}
