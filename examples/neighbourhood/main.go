// Neighbourhood tells the story of a new neighbourhood care team's first
// days, on wijk's embedded storage (one SQLite file):
//
//  1. a team starts fresh in a neighbourhood with its founders and roles;
//  2. clients are referred and taken in, their own goals and the people
//     around them first (the onion model); an Omaha System care plan is
//     written for each and authorised by the district nurse;
//  3. the roster is planned from the team's contracts and the care the
//     plans ask for;
//  4. each day's visits are planned from the care plans and the roster, and
//     the hours worked are recorded;
//  5. the team meets and decides by consent to hire a colleague;
//  6. at the end of the period the nurses rate how the clients are doing,
//     and a client whose wound has closed is discharged;
//  7. the store is closed and opened again, and the report is read back
//     from it: productivity, each client's change in Knowledge, Behavior and
//     Status, and the decision log.
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
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
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
	s.section("A new team starts")
	s.at(0, 8*60)
	tm, err := team.NewTeam(team.NewTeamParams{
		ID:            s.ids.NewID(),
		Name:          "Buurtteam Lasonder",
		Neighbourhood: team.Neighbourhood{Area: "Lasonder", Postcodes: []team.Postcode{"7511", "7512", "7514"}},
		Founded:       s.start,
		Members:       s.founderParams(),
		Roles:         s.initialRoles(),
		Now:           s.clock.Now(),
	})
	if err != nil {
		return err
	}
	s.team = tm.ID()
	s.printTeam(tm)
	version, err := store.Teams().Create(ctx, tm, s.change("Anne", "founded the team"))
	if err != nil {
		return err
	}
	s.printf("Saved: the team, at version %d.\n", version)

	// 2. Referrals come in. Each client is taken in at the kitchen table,
	// a care plan is written with them, and the district nurse authorises
	// the care hours.
	s.section("Referrals and intake")
	anne, bram := s.member(tm, "Anne"), s.member(tm, "Bram")
	for i, ref := range referrals {
		s.at(0, 9*60+i*30)
		c, plan, err := s.intake(ref, s.member(tm, intakeBy(i)).Person)
		if err != nil {
			return err
		}
		// The client and the draft plan are saved together.
		var planVersion storage.Version
		err = store.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
			if _, err := tx.Clients().Create(ctx, s.team, c, s.change(intakeBy(i), "intake of "+c.Name())); err != nil {
				return err
			}
			planVersion, err = tx.CarePlans().Create(ctx, plan, s.change(intakeBy(i), "care plan written"))
			return err
		})
		if err != nil {
			return err
		}

		// Only a level-5 district nurse may authorise care hours: the first
		// time, Bram (level 4) tries and is refused.
		auth := careplan.AuthoriseParams{At: s.clock.Now(), MinutesPerWeek: plan.PlannedMinutesPerWeek(), ReviewDate: s.start.AddDays(42)}
		if i == 0 {
			auth.By = bram.Actor()
			err := plan.Authorise(auth)
			if err == nil {
				return errors.New("a level-4 nurse must not be able to authorise care hours")
			}
			s.printf("  Bram (level 4) tries to authorise: refused (forbidden: %t): %s\n",
				errors.Is(err, wijk.ErrForbidden), strings.ReplaceAll(err.Error(), string(bram.Person), "Bram"))
		}
		auth.By = anne.Actor()
		if err := plan.Authorise(auth); err != nil {
			return err
		}
		if _, err := store.CarePlans().Update(ctx, plan, planVersion, s.change("Anne", "authorised the care hours")); err != nil {
			return err
		}
		s.printf("  Anne (level 5) authorises %d min a week, review by %s: the plan is %s. Saved.\n",
			auth.MinutesPerWeek, auth.ReviewDate, plan.Status())
		s.clients = append(s.clients, c)
		s.plans = append(s.plans, plan)
	}

	// 3. The planner proposes the roster for the period: shifts from the
	// team's contracts, cover from the care the plans ask for.
	s.section("The roster")
	shifts, err := s.planRoster(ctx, tm)
	if err != nil {
		return err
	}

	// 4. Day by day: the visits of the day are planned from the care plans
	// and the nurses on the roster; afterwards everyone records their hours.
	// Halfway the team meets (5).
	s.section("Day by day")
	meetingDay := min(3, cfg.days-1)
	for d := range cfg.days {
		day := s.start.AddDays(d)
		problem, routes, err := s.planDay(ctx, day, shifts[d])
		if err != nil {
			return err
		}
		meeting := map[wijk.ID]int{}
		if d == meetingDay {
			// 5. The team meeting, between the early and the late shift.
			if meeting, err = s.teamMeeting(ctx, store, day); err != nil {
				return err
			}
			s.section(fmt.Sprintf("Day by day, continued (%s)", day.Weekday()))
		}
		if err := s.recordHours(ctx, store, day, shifts[d], problem, routes, meeting); err != nil {
			return err
		}
	}

	// 6. At the end of the period the nurses rate each client's progress;
	// Wim's scar has closed, so his episode ends.
	s.section("How the clients are doing")
	if err := s.rateProgress(ctx, store, s.start.AddDays(cfg.days-1)); err != nil {
		return err
	}

	// 7. Close the store and open it again: everything in the report comes
	// back from the database, not from memory.
	closed = true
	if err := store.Close(); err != nil {
		return err
	}
	reopened, err := s.openStore(ctx, path)
	if err != nil {
		return err
	}
	defer func() { _ = reopened.Close() }()
	s.section("Report, read back from the store")
	return s.report(ctx, reopened)
}

// teamMeeting is the team's meeting on day: a facilitator suggested by the
// model, the opening, a proposal to hire a carer, a principled objection
// that the team finds valid, an amendment, consent, the decision in the log
// and the hire applied to the team through the log. It returns the minutes
// each member spent in the meeting.
func (s *story) teamMeeting(ctx context.Context, store storage.Store, day wijk.Date) (map[wijk.ID]int, error) {
	s.section(fmt.Sprintf("The team meets (%s %s, 13:30)", day.Weekday(), day))
	s.at(day.DaysSince(s.start), 13*60+30)
	tm, version, err := store.Teams().Get(ctx, s.team)
	if err != nil {
		return nil, err
	}
	present := tm.Decisionmakers()
	tick := func() time.Time { return s.clock.Advance(2 * time.Minute) }

	// The facilitator: whoever facilitated least recently (a new team: the
	// model suggests, the team agrees).
	facilitator, err := consensus.SuggestFacilitator(present, nil)
	if err != nil {
		return nil, err
	}
	owner, objector := s.pickSpeakers(facilitator)
	s.printf("Facilitator: %s (suggested: nobody has facilitated yet).\n", s.name(facilitator))

	m, err := consensus.NewMeeting(consensus.MeetingParams{
		ID: s.ids.NewID(), Team: s.team, Facilitator: facilitator, Present: present, StartsAt: s.clock.Now(),
	})
	if err != nil {
		return nil, err
	}
	// Each step below returns an error when the model refuses it; the
	// first one is kept and checked before the story goes on.
	var failed error
	must := func(err error) {
		if failed == nil {
			failed = err
		}
	}
	must(m.AcceptPreviousReport(consensus.Act{By: facilitator, At: tick(), Why: "our first meeting: no previous report"}, ""))
	must(m.AddNotice(consensus.Act{By: s.id("Anne"), At: tick()}, "Dr. Smit's practice will refer more clients next month."))
	hiring := s.ids.NewID()
	must(m.FixAgenda(consensus.Act{By: facilitator, At: tick()},
		[]consensus.ItemParams{{ID: hiring, Title: "Another pair of hands", Owner: owner}}, s.ids))
	if failed != nil {
		return nil, failed
	}
	fatima := s.ids.NewID()
	s.names[fatima] = newColleague.name
	start := s.start.AddDays(s.cfg.days) // the first day after the period
	hire := func(level team.Level) consensus.Hire {
		return consensus.Hire{Start: start, Member: team.MemberParams{
			Person: fatima, Name: newColleague.name, Level: level, ContractPerWeek: time.Duration(newColleague.hours) * time.Hour}}
	}
	p, err := m.Propose(hiring, consensus.ProposalParams{
		ID: s.ids.NewID(), Team: s.team, Owner: owner, Title: "Hire Fatima",
		Text:      fmt.Sprintf("Hire Fatima as a carer (level 3), %d hours a week, from %s.", newColleague.hours, start),
		Reason:    "The mornings are full and more referrals are coming.",
		Payload:   hire(team.Level3),
		CreatedAt: tick(),
	})
	if err != nil {
		return nil, err
	}
	s.printf("Agenda: %q, brought by %s.\n", "Another pair of hands", s.name(owner))
	s.printf("%s proposes: %s\n", s.name(owner), p.Current().Text)
	must(p.Present(consensus.Act{By: owner, At: tick()}, present))
	must(p.Clarify(consensus.Act{By: facilitator, At: tick(), Why: "what is your proposal, and what is its reason?"}))
	must(p.StartRound(consensus.Act{By: facilitator, At: tick()}, s.clock.Now().Add(time.Hour)))
	for _, id := range present {
		st := consensus.StanceParams{Member: id, Kind: consensus.Consent, At: tick()}
		if id == objector {
			st.Kind = consensus.Objection
			st.Reason = "Anne is our only district nurse: every intake and every authorisation waits for her."
			st.Harm = "new clients wait for their assessment"
		}
		must(p.TakeStance(st))
	}
	s.printf("Round 1: %s objects: %q\n", s.name(objector), "Anne is our only district nurse")
	must(p.TestObjection(consensus.TestParams{Objector: objector, By: facilitator, Valid: true,
		Reason: "this week two intakes waited a day for Anne", At: tick()}))
	s.printf("The team tests the objection: valid (this week two intakes waited a day for Anne).\n")
	if failed != nil {
		return nil, failed
	}
	if v, err := p.Close(consensus.Act{By: facilitator, At: tick()}); err == nil || p.State() == consensus.Adopted {
		return nil, fmt.Errorf("round 1 should not adopt: %s", v.Reason)
	}
	s.printf("Round 1 ends without a decision: a valid objection stands.\n")

	must(p.Amend(consensus.Act{By: owner, At: tick(), Why: "answer the objection: a second district nurse"},
		consensus.Revision{
			Text:    fmt.Sprintf("Hire Fatima as a district nurse (level 5), %d hours a week, from %s.", newColleague.hours, start),
			Reason:  "More hands, and a second person who can assess clients and authorise care.",
			Payload: hire(team.Level5),
		}))
	s.printf("%s amends: %s\n", s.name(owner), p.Current().Text)
	must(p.StartRound(consensus.Act{By: facilitator, At: tick()}, s.clock.Now().Add(time.Hour)))
	for i, id := range present {
		st := consensus.StanceParams{Member: id, Kind: consensus.Consent, At: tick()}
		if i == len(present)-1 && id != owner {
			st.Kind, st.Reason = consensus.ConsentWithConcern, "the mornings stay tight until she starts"
		}
		must(p.TakeStance(st))
	}
	if failed != nil {
		return nil, failed
	}
	verdict, err := p.Close(consensus.Act{By: facilitator, At: tick()})
	if err != nil {
		return nil, err
	}
	s.printf("Round 2: %s (%s).\n", p.State(), verdict.Reason)
	must(m.CloseItem(consensus.Act{By: facilitator, At: tick()}, hiring, "Fatima is hired as a district nurse"))
	must(m.Close(consensus.Act{By: facilitator, At: tick()}, "Fatima hired as a district nurse."))
	if failed != nil {
		return nil, failed
	}

	// The decision goes into the log; the hire is applied to the team
	// through the log, with the decision as its reference. Meeting,
	// proposal, decision and team are saved in one transaction.
	d, err := consensus.NewDecision(p, consensus.DecisionParams{
		ID: s.ids.NewID(), Rationale: "More hands, and assessments no longer wait for one person.",
		ReviewOn: day.AddDays(182),
	})
	if err != nil {
		return nil, err
	}
	err = store.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := tx.Meetings().Create(ctx, m, s.change(s.name(facilitator), "first team meeting")); err != nil {
			return err
		}
		if _, err := tx.Proposals().Create(ctx, p, s.change(s.name(owner), "proposal: hire Fatima")); err != nil {
			return err
		}
		if err := tx.DecisionLog().Append(ctx, d, s.change(s.name(facilitator), "decided: hire Fatima")); err != nil {
			return err
		}
		log, err := tx.DecisionLog().Log(ctx, s.team)
		if err != nil {
			return err
		}
		if _, err := log.Apply(d.ID, tm, tick()); err != nil {
			return err
		}
		_, err = tx.Teams().Update(ctx, tm, version, s.change(s.name(facilitator), "hired Fatima by decision"))
		return err
	})
	if err != nil {
		return nil, err
	}
	f, _ := tm.Member(fatima)
	s.printf("Logged and applied: %s joins on %s as %s; the team has %d members. Saved.\n",
		f.Name, f.Start, f.Level.Title(), tm.Size())

	// Everyone present spent the meeting's time on it.
	minutes := map[wijk.ID]int{}
	for _, id := range present {
		minutes[id] = meetingMinutes
	}
	return minutes, nil
}
