// Neighbourhood tells the story of a new neighbourhood care team's first
// days, on wijk's embedded storage (one SQLite file) and through wijk's
// service: every member acts in a session of their own, and every right
// they use comes from what the store holds (their membership, their
// level), never from the program. The story:
//
//  1. a team starts fresh in a neighbourhood with its founders and roles,
//     founded by one of them;
//  2. clients are referred and taken in, their own goals and the people
//     around them first (the onion model); an Omaha System care plan is
//     written for each and authorised by the district nurse, after the
//     service refused a level-4 nurse by its rule authorise-level-5;
//  3. the roster is planned from the team's contracts and the care the
//     plans ask for (package planning), kept in the store and adopted by
//     the team's consent;
//  4. each day's visits are planned from the care plans and the adopted
//     roster and kept in the store, and each member records their own
//     hours worked;
//  5. the team meets and decides by consent to hire a colleague, each step
//     taken by the member who takes it, and the decision is applied from
//     the team's decision log;
//  6. at the end of the period the nurses rate how the clients are doing,
//     and a client whose wound has closed is discharged;
//  7. the store is closed and opened again, and a member reads the report
//     back from it: productivity, each client's change in Knowledge,
//     Behavior and Status, the decision log, the audit lines of a
//     client's dossier, the rosters and day plans, and one member's week
//     written as an iCalendar file beside the database;
//  8. the organisation founds a second team next door; on Saturday a nurse
//     of that team finds one of the first team's clients unwell at the
//     market. Her everyday session may not open the client's record (rule
//     dossier-team); an emergency session, with the reason given, may (rule
//     emergency). On Monday a member of the client's team reads the
//     emergency report, the client reads in her own session who saw or
//     changed her record, and the access log's chain is checked whole.
//
// Usage:
//
//	go run ./examples/neighbourhood [-days 7] [-seed 1] [-db FILE]
//
// Without -db the database is a temporary file, removed at the end. The same
// seed gives the same story, word for word.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/team"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "neighbourhood:", err)
		os.Exit(1)
	}
}

// run parses the flags and tells the story to w. Notes that are not part of
// the story (where the database is kept) go to errw.
func run(ctx context.Context, args []string, w, errw io.Writer) error {
	cfg, err := parseFlags(args, errw)
	if err != nil {
		return err
	}
	path := cfg.db
	if path == "" {
		dir, err := os.MkdirTemp("", "wijk-neighbourhood-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "wijk.db")
	}
	if err := tell(ctx, w, cfg, path); err != nil {
		return err
	}
	if cfg.db != "" {
		fmt.Fprintf(errw, "The neighbourhood is kept in %s.\n", cfg.db)
	}
	return nil
}

// tell is the story itself.
func tell(ctx context.Context, w io.Writer, cfg config, path string) error {
	s := newStory(w, cfg)
	store, err := s.openStore(ctx, path)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			_ = store.Close()
		}
	}()

	// 1. A new team starts fresh: its founders, its area, its first roles.
	// The organisation registers it with its founders, here through the
	// application's onboarding process (a system session); from then on
	// each founder has a session of the service, which acts for them and
	// takes their rights from what the store holds.
	s.section("A new team starts")
	s.at(0, 8*60)
	founders := s.founderParams()
	if err := s.openService(ctx, store); err != nil {
		return err
	}
	onboarding, err := s.svc.AsSystem(ctx, "onboarding", service.Administration("a new team starts"))
	if err != nil {
		return err
	}
	tm, err := onboarding.FoundTeam(ctx, team.NewTeamParams{
		Name:          "Buurtteam Lasonder",
		Neighbourhood: team.Neighbourhood{Area: "Lasonder", Postcodes: []team.Postcode{"7511", "7512", "7514"}},
		Founded:       s.start,
		Members:       founders,
		Roles:         s.initialRoles(),
	})
	if err != nil {
		return err
	}
	s.team = tm.ID()
	s.printTeam(tm)
	s.printf("Saved: the organisation registered the team; every founder has a session of their own.\n")

	// 2. Referrals come in. Each client is taken in at the kitchen table,
	// a care plan is written with them, and the district nurse authorises
	// the care hours. Every step is a use case of the session of the
	// nurse who takes it, saved as it is taken.
	s.section("Referrals and intake")
	for i, ref := range referrals {
		s.at(0, 9*60+i*30)
		c, plan, err := s.intake(ctx, ref, intakeBy(i))
		if err != nil {
			return err
		}

		// Only a level-5 district nurse may authorise care hours, and the
		// level comes from the stored membership: the first time, Bram
		// (level 4) tries and the service refuses, naming the rule.
		minutesPerWeek, review := plan.PlannedMinutesPerWeek(), s.start.AddDays(42)
		if i == 0 {
			_, err := s.as("Bram").Authorise(ctx, plan.ID(), minutesPerWeek, review)
			if err == nil {
				return errors.New("a level-4 nurse must not be able to authorise care hours")
			}
			s.printf("  Bram (level 4) tries to authorise: refused (forbidden: %t): %s\n",
				errors.Is(err, wijk.ErrForbidden), strings.ReplaceAll(err.Error(), string(s.id("Bram")), "Bram"))
		}
		if plan, err = s.as("Anne").Authorise(ctx, plan.ID(), minutesPerWeek, review); err != nil {
			return err
		}
		s.printf("  Anne (level 5) authorises %d min a week, review by %s: the plan is %s. Saved.\n",
			minutesPerWeek, review, plan.Status())
		s.clients = append(s.clients, c)
		s.plans = append(s.plans, plan)
	}

	// 3. The planner proposes the roster for the period: shifts from the
	// team's contracts, cover from the care the plans ask for.
	s.section("The roster")
	setup, adopted, err := s.planRoster(ctx, tm)
	if err != nil {
		return err
	}

	// 4. Day by day: the visits of the day are planned from the care plans
	// and the nurses on the roster; at the end of the day everyone records
	// their own hours. Halfway the team meets (5).
	s.section("Day by day")
	meetingDay := min(3, cfg.days-1)
	for d := range cfg.days {
		day := s.start.AddDays(d)
		problem, routes, err := s.planDay(ctx, day, setup, adopted)
		if err != nil {
			return err
		}
		meeting := map[wijk.ID]int{}
		if d == meetingDay {
			// 5. The team meeting, between the early and the late shift.
			if meeting, err = s.teamMeeting(ctx, day); err != nil {
				return err
			}
			s.section(fmt.Sprintf("Day by day, continued (%s)", day.Weekday()))
		}
		if err := s.recordHours(ctx, day, problem, routes, meeting); err != nil {
			return err
		}
	}

	// 6. At the end of the period the nurses rate each client's progress;
	// Wim's scar has closed, so his episode ends.
	s.section("How the clients are doing")
	if err := s.rateProgress(ctx, s.start.AddDays(cfg.days-1)); err != nil {
		return err
	}

	// 7. Close the store and open it again: everything in the report comes
	// back from the database, not from memory, through a member's session
	// on a service opened on the reopened store.
	closed = true
	if err := store.Close(); err != nil {
		return err
	}
	reopened, err := s.openStore(ctx, path)
	if err != nil {
		return err
	}
	defer func() { _ = reopened.Close() }()
	// The service is opened again on the reopened store, as an application
	// does when it restarts.
	svc, err := service.New(reopened, s.clock, s.ids, service.WithApplication(application))
	if err != nil {
		return err
	}
	s.section("Report, read back from the store")
	if err := s.report(ctx, svc); err != nil {
		return err
	}
	if err := s.reportPlans(ctx, svc, path); err != nil {
		return err
	}

	// 8. After the period: a second team next door, an emergency at the
	// market, and on Monday who saw the client's record, from the access
	// log, which the store checks whole.
	s.section("Next door, and an emergency at the market")
	saturday, err := s.emergency(ctx, svc)
	if err != nil {
		return err
	}
	s.section("Who saw Bep's record")
	return s.whoSaw(ctx, svc, reopened, saturday.AddDays(2))
}

// teamMeeting is the team's meeting on day: a facilitator suggested by the
// model, the opening, a proposal to hire a carer, a principled objection
// that the team finds valid, an amendment, consent, the decision in the log
// and the hire applied to the team through the log. Each step is taken in
// the session of the member who takes it: the facilitator runs the
// meeting and the rounds, the owner proposes and amends, every member
// takes their own stance. It returns the minutes each member spent in the
// meeting.
func (s *story) teamMeeting(ctx context.Context, day wijk.Date) (map[wijk.ID]int, error) {
	s.section(fmt.Sprintf("The team meets (%s %s, 13:30)", day.Weekday(), day))
	s.at(day.DaysSince(s.start), 13*60+30)
	tick := func() time.Time { return s.clock.Advance(2 * time.Minute) }

	// The facilitator: whoever facilitated least recently, from the
	// meetings the store holds (a new team: the model suggests, the team
	// agrees).
	anne := s.as("Anne")
	tm, err := anne.Team(ctx, s.team)
	if err != nil {
		return nil, err
	}
	past, err := anne.Meetings(ctx, s.team)
	if err != nil {
		return nil, err
	}
	var history []consensus.Facilitation
	for _, m := range past {
		history = append(history, m.Facilitation())
	}
	facilitator, err := consensus.SuggestFacilitator(tm.Decisionmakers(), history)
	if err != nil {
		return nil, err
	}
	owner, objector := s.pickSpeakers(facilitator)
	s.printf("Facilitator: %s (suggested: nobody has facilitated yet).\n", s.name(facilitator))
	fac, own := s.session(facilitator), s.session(owner)

	// The opening: every active member is present.
	m, err := fac.OpenMeeting(ctx, s.team, facilitator, nil)
	if err != nil {
		return nil, err
	}
	present := m.Present()
	tick()
	if _, err := fac.AcceptReport(ctx, m.ID(), "", "our first meeting: no previous report"); err != nil {
		return nil, err
	}
	tick()
	if _, err := anne.AddNotice(ctx, m.ID(), "Dr. Smit's practice will refer more clients next month."); err != nil {
		return nil, err
	}
	tick()
	if m, err = fac.FixAgenda(ctx, m.ID(), []consensus.ItemParams{{Title: "Another pair of hands", Owner: owner}}); err != nil {
		return nil, err
	}
	hiring := m.Agenda()[0].ID

	// The owner turns the agenda item into a proposal: to hire Fatima, who
	// starts on the first day after the period.
	fatima := s.ids.NewID()
	s.names[fatima] = newColleague.name
	start := s.start.AddDays(s.cfg.days)
	hire := func(level team.Level) consensus.Hire {
		return consensus.Hire{Start: start, Member: team.MemberParams{
			Person: fatima, Name: newColleague.name, Level: level, ContractPerWeek: time.Duration(newColleague.hours) * time.Hour}}
	}
	tick()
	p, err := own.Propose(ctx, service.ProposalDraft{
		Team: s.team, Meeting: m.ID(), Item: hiring, Title: "Hire Fatima",
		Text:    fmt.Sprintf("Hire Fatima as a carer (level 3), %d hours a week, from %s.", newColleague.hours, start),
		Reason:  "The mornings are full and more referrals are coming.",
		Payload: hire(team.Level3),
	})
	if err != nil {
		return nil, err
	}
	s.printf("Agenda: %q, brought by %s.\n", "Another pair of hands", s.name(owner))
	s.printf("%s proposes: %s\n", s.name(owner), p.Current().Text)
	tick()
	if _, err := own.Present(ctx, p.ID(), nil); err != nil {
		return nil, err
	}
	tick()
	if _, err := fac.Clarify(ctx, p.ID(), "what is your proposal, and what is its reason?"); err != nil {
		return nil, err
	}
	if err := s.consentRound(ctx, fac, p.ID(), present, func(id wijk.ID) error {
		if id == objector {
			_, err := s.session(id).Object(ctx, p.ID(),
				"Anne is our only district nurse: every intake and every authorisation waits for her.",
				"new clients wait for their assessment")
			return err
		}
		_, err := s.session(id).TakeStance(ctx, p.ID(), consensus.Consent, "", "")
		return err
	}); err != nil {
		return nil, err
	}
	s.printf("Round 1: %s objects: %q\n", s.name(objector), "Anne is our only district nurse")
	tick()
	if _, err := fac.TestObjection(ctx, p.ID(), objector, true, "this week two intakes waited a day for Anne"); err != nil {
		return nil, err
	}
	s.printf("The team tests the objection: valid (this week two intakes waited a day for Anne).\n")
	tick()
	record := service.Record{Rationale: "More hands, and assessments no longer wait for one person.", ReviewOn: day.AddDays(182)}
	if _, err := fac.Close(ctx, p.ID(), record); !errors.Is(err, wijk.ErrConflict) {
		return nil, fmt.Errorf("round 1 should end without a decision, got: %v", err)
	}
	s.printf("Round 1 ends without a decision: a valid objection stands.\n")

	tick()
	p, err = own.Amend(ctx, p.ID(), "answer the objection: a second district nurse", consensus.Revision{
		Text:    fmt.Sprintf("Hire Fatima as a district nurse (level 5), %d hours a week, from %s.", newColleague.hours, start),
		Reason:  "More hands, and a second person who can assess clients and authorise care.",
		Payload: hire(team.Level5),
	})
	if err != nil {
		return nil, err
	}
	s.printf("%s amends: %s\n", s.name(owner), p.Current().Text)
	if err := s.consentRound(ctx, fac, p.ID(), present, func(id wijk.ID) error {
		kind, reason := consensus.Consent, ""
		if id == present[len(present)-1] && id != owner {
			kind, reason = consensus.ConsentWithConcern, "the mornings stay tight until she starts"
		}
		_, err := s.session(id).TakeStance(ctx, p.ID(), kind, reason, "")
		return err
	}); err != nil {
		return nil, err
	}
	tick()
	adopted, err := fac.Close(ctx, p.ID(), record)
	if err != nil {
		return nil, err
	}
	d := adopted.Decision
	s.printf("Round 2: %s (%s).\n", adopted.Proposal.State(), adopted.Verdict.Reason)
	tick()
	if _, err := fac.CloseItem(ctx, m.ID(), hiring, "Fatima is hired as a district nurse"); err != nil {
		return nil, err
	}
	tick()
	if _, err := fac.CloseMeeting(ctx, m.ID(), "Fatima hired as a district nurse."); err != nil {
		return nil, err
	}

	// Closing the round put the decision in the team's log. The hire is
	// applied to the team from the log, with the decision as its
	// reference: what changes is what the team adopted.
	tick()
	applied, err := own.ApplyDecision(ctx, s.team, d.ID)
	if err != nil {
		return nil, err
	}
	f, _ := applied.Team.Member(fatima)
	s.printf("Logged and applied: %s joins on %s as %s; the team has %d members. Saved.\n",
		f.Name, f.Start, f.Level.Title(), applied.Team.Size())

	// Everyone present spent the meeting's time on it.
	minutes := map[wijk.ID]int{}
	for _, id := range present {
		minutes[id] = meetingMinutes
	}
	return minutes, nil
}

// consentRound has the facilitator open a consent round of an hour on
// proposal id, and each member present take their stance in their own
// session, in turn.
func (s *story) consentRound(ctx context.Context, fac *service.Session, id wijk.ID, present []wijk.ID, stance func(member wijk.ID) error) error {
	s.clock.Advance(2 * time.Minute)
	if _, err := fac.StartRound(ctx, id, s.clock.Now().Add(time.Hour)); err != nil {
		return err
	}
	for _, member := range present {
		s.clock.Advance(2 * time.Minute)
		if err := stance(member); err != nil {
			return err
		}
	}
	return nil
}
