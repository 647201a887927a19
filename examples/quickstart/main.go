// Quickstart is the shortest program that embeds wijk: it opens storage
// (a SQLite file), a team starts in a neighbourhood, takes in its first
// client with the people around her, writes an Omaha System care plan, has
// the district nurse authorise the care hours, saves it all, and reads the
// plan back from the store to print it with the visits it asks for in the
// first week.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/storage"
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

	// A new team starts fresh: its founders, its area, its first roles.
	anne, bram, cem := ids.NewID(), ids.NewID(), ids.NewID()
	noord, err := team.NewTeam(team.NewTeamParams{
		ID:            ids.NewID(),
		Name:          "Buurtteam Noord",
		Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"7511"}},
		Founded:       monday,
		Members: []team.MemberParams{
			{Person: anne, Name: "Anne", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: bram, Name: "Bram", Level: team.Level4, ContractPerWeek: 28 * time.Hour},
			{Person: cem, Name: "Cem", Level: team.Level3, ContractPerWeek: 24 * time.Hour},
		},
		Roles: []team.InitialRole{{Role: "planner", Holder: bram, Until: monday.AddDays(182)}},
		Now:   clock.Now(),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s starts in %s with %d members.\n\n", noord.Name(), noord.Neighbourhood().Area, noord.Size())

	// Intake at the kitchen table: the client's own goals and the people
	// around her come first (the onion model).
	bep, err := careplan.NewClient(careplan.ClientParams{
		ID:        ids.NewID(),
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

	// The care plan, coded with the Omaha System.
	plan, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: ids.NewID(), Client: bep.ID(), Start: monday, CreatedBy: bram})
	if err != nil {
		return err
	}
	err = plan.AddProblem(careplan.Problem{
		Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
		Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin"}},
		Goal:  "wound closed within six weeks",
	})
	if err != nil {
		return err
	}
	err = plan.AddIntervention(careplan.Intervention{
		ID: ids.NewID(), Problem: "Skin", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
		Description: "clean with saline, foam dressing, measure the wound",
		Schedule:    careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}},
		Level:       team.Level4,
	})
	if err != nil {
		return err
	}
	err = plan.Rate(careplan.Rating{Problem: "Skin", Kind: careplan.Admission, Date: monday, By: bram,
		KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 2}})
	if err != nil {
		return err
	}

	// Only a level-5 district nurse may authorise the care hours: Bram
	// (level 4) is refused, Anne (level 5) may.
	byBram, _ := noord.Member(bram)
	err = plan.Authorise(careplan.AuthoriseParams{By: byBram.Actor(), At: clock.Now(), MinutesPerWeek: 60, ReviewDate: monday.AddDays(42)})
	fmt.Fprintf(w, "Bram authorises: %v\n", err)
	byAnne, _ := noord.Member(anne)
	err = plan.Authorise(careplan.AuthoriseParams{By: byAnne.Actor(), At: clock.Now(), MinutesPerWeek: 60, ReviewDate: monday.AddDays(42)})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Anne authorises: the plan is %s.\n", plan.Status())

	// Save the team, the client in the team's care and the plan, together.
	err = store.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := tx.Teams().Create(ctx, noord, storage.Change{Actor: "Anne", Summary: "founded the team"}); err != nil {
			return err
		}
		if _, err := tx.Clients().Create(ctx, noord.ID(), bep, storage.Change{Actor: "Bram", Summary: "intake"}); err != nil {
			return err
		}
		_, err := tx.CarePlans().Create(ctx, plan, storage.Change{Actor: "Anne", Summary: "authorised 60 min a week"})
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Saved the team, the client and the plan.\n\n")

	// Read them back from the store, as any later request would.
	client, _, err := store.Clients().Get(ctx, bep.ID())
	if err != nil {
		return err
	}
	plans, err := store.CarePlans().ListByClient(ctx, client.ID())
	if err != nil {
		return err
	}
	stored := plans[0]
	fmt.Fprint(w, stored.Summary(client))
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
