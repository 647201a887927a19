// Quickstart is the shortest program that embeds wijk: it opens storage
// (a SQLite file) and the service on it, and a session for each nurse.
// Every step is a use case of the session of the person who takes it:
// the organisation registers the team (a system session), Bram takes in
// its first client with the people around her and writes an Omaha System
// care plan, and the district nurse authorises the care hours. Rights come from stored facts, never from
// the caller: Bram's stored membership says level 4, so the service
// refuses his authorisation and names the rule. Cem reads the plan back
// from the store and prints it with the visits it asks for in the first
// week.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/team"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	// An application keeps one clock and one ID generator. A real one uses
	// wijk.SystemClock() and wijk.NewIDGenerator; this story is set on a
	// fixed Monday and uses a seeded generator, so it prints the same every
	// time.
	monday := wijk.NewDate(2026, time.March, 2)
	clock := wijk.NewManualClock(monday.In(time.UTC, 9*60))
	ids := wijk.NewSeededIDGenerator(clock, 1)

	// Storage: one SQLite file (here a temporary one), its schema brought
	// up to date before first use.
	dir, err := os.MkdirTemp("", "wijk-quickstart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(ctx, filepath.Join(dir, "wijk.db"), sqlite.Options{Clock: clock})
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		return err
	}

	// The service is the trust boundary: it opens a session for one person
	// at a time, and every right that person has comes from what the store
	// holds (their membership, their level), never from the caller.
	svc, err := service.New(store, clock, ids)
	if err != nil {
		return err
	}
	anne, bram, cem := ids.NewID(), ids.NewID(), ids.NewID()
	names := strings.NewReplacer(string(anne), "Anne", string(bram), "Bram", string(cem), "Cem")
	sessions := map[wijk.ID]*service.Session{}
	for _, p := range []wijk.ID{anne, bram, cem} {
		if sessions[p], err = svc.As(ctx, p, service.Care()); err != nil {
			return err
		}
	}

	// A new team starts fresh: its founders, its area, its first roles.
	// The organisation registers it, here through the application's own
	// onboarding process (a system session): a team's membership is what
	// opens client dossiers, so nobody founds a team on their own.
	onboarding, err := svc.AsSystem(ctx, "onboarding", service.Administration("a new team starts"))
	if err != nil {
		return err
	}
	noord, err := onboarding.FoundTeam(ctx, team.NewTeamParams{
		Name:          "Buurtteam Noord",
		Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"7511"}},
		Founded:       monday,
		Members: []team.MemberParams{
			{Person: anne, Name: "Anne", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: bram, Name: "Bram", Level: team.Level4, ContractPerWeek: 28 * time.Hour},
			{Person: cem, Name: "Cem", Level: team.Level3, ContractPerWeek: 24 * time.Hour},
		},
		Roles: []team.InitialRole{{Role: "planner", Holder: bram, Until: monday.AddDays(182)}},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s starts in %s with %d members.\n\n", noord.Name(), noord.Neighbourhood().Area, noord.Size())

	// Intake at the kitchen table, by Bram: the client's own goals and the
	// people around her come first (the onion model).
	bep, err := sessions[bram].TakeIn(ctx, noord.ID(), careplan.ClientParams{
		Name:      "Bep de Vries",
		BirthDate: wijk.NewDate(1941, time.May, 12),
		Address:   careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede", Area: "Noord"},
		Informal:  []careplan.InformalCarer{{Name: "Marga", Relation: "daughter", HelpsWith: "shopping", Reach: "after 17:00"}},
		Formal:    []careplan.Professional{{Role: careplan.RoleGP, Name: "Dr. Smit"}},
		Goals:     []string{"walk to the market on Saturday again"},
		Wishes:    []string{"first coffee, then care"},
	})
	if err != nil {
		return err
	}

	// The care plan Bram writes with her, coded with the Omaha System, with
	// the admission ratings.
	plan, err := sessions[bram].WritePlan(ctx, service.PlanDraft{
		Client: bep.ID(),
		Start:  monday,
		Problems: []careplan.Problem{{
			Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
			Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin"}},
			Goal:  "wound closed within six weeks",
		}},
		Interventions: []careplan.Intervention{{
			Problem: "Skin", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
			Description: "clean with saline, foam dressing, measure the wound",
			Schedule:    careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}},
			Level:       team.Level4,
		}},
		Ratings: []service.Rating{{Problem: "Skin", Kind: careplan.Admission, KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 2}}},
	})
	if err != nil {
		return err
	}

	// Only a level-5 district nurse may authorise the care hours, and the
	// level comes from the stored membership: Bram (level 4) is refused,
	// Anne (level 5) may.
	_, err = sessions[bram].Authorise(ctx, plan.ID(), 60, monday.AddDays(42))
	if err == nil {
		return errors.New("a level-4 nurse must not be able to authorise care hours")
	}
	fmt.Fprintf(w, "Bram authorises: refused (forbidden: %t): %s\n", errors.Is(err, wijk.ErrForbidden), names.Replace(err.Error()))
	plan, err = sessions[anne].Authorise(ctx, plan.ID(), 60, monday.AddDays(42))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Anne authorises: the plan is %s.\n", plan.Status())
	fmt.Fprintf(w, "Each step was saved by the session that took it.\n\n")

	// Read them back from the store, as any later request would: here Cem,
	// a member of Bep's team, reads her record and her plans.
	client, err := sessions[cem].Client(ctx, bep.ID())
	if err != nil {
		return err
	}
	plans, err := sessions[cem].Plans(ctx, client.ID())
	if err != nil {
		return err
	}
	stored := plans[0]
	fmt.Fprint(w, names.Replace(stored.Summary(client)))
	visits, err := stored.VisitDemand(monday, monday.AddDays(6))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nVisits in the first week:\n")
	for _, v := range visits {
		fmt.Fprintf(w, "  %s %-9s start %02d:%02d–%02d:%02d, %d min, %s\n", v.Date, v.Date.Weekday(),
			v.EarliestStart/60, v.EarliestStart%60, v.LatestStart/60, v.LatestStart%60, v.Minutes, v.Level)
	}
	return nil
}
