package careplan_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/team"
)

// exampleID makes a readable ULID for the examples: "ANNE" becomes
// 01J0000000000000000000ANNE.
func exampleID(name string) wijk.ID {
	return wijk.ID("01J" + strings.Repeat("0", 23-len(name)) + name)
}

// at returns a moment on a day in March 2026 (UTC).
func at(month time.Month, day, hour int) time.Time {
	return time.Date(2026, month, day, hour, 0, 0, 0, time.UTC)
}

// A district nurse team takes on Mrs de Vries: intake, a care plan on the
// Omaha System, authorisation of the care hours, a review six weeks later,
// and discharge when her leg has healed.
func Example() {
	var (
		anne = team.Actor{Member: exampleID("ANNE"), Level: team.Level5} // district nurse
		sem  = team.Actor{Member: exampleID("SEM"), Level: team.Level4}  // nurse
	)

	// Intake, at her kitchen table: her own goals and her network first.
	bep, err := careplan.NewClient(careplan.ClientParams{
		ID:        exampleID("BEP"),
		Name:      "Bep de Vries",
		BirthDate: wijk.NewDate(1941, time.May, 12),
		Address:   careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 jk", City: "Enschede", Area: "Lasonder"},
		Contact:   careplan.Contact{Phone: "053 123 4567"},
		Informal: []careplan.InformalCarer{
			{Name: "Marga", Relation: "daughter", HelpsWith: "shopping, Sunday dinner", Reach: "06 1234 5678 after 17:00"},
		},
		Formal: []careplan.Professional{
			{Role: careplan.RoleGP, Name: "Dr. Smit", Organisation: "Huisartsen Lasonder"},
		},
		Goals:     []string{"walk to the market on Saturday again"},
		Strengths: []string{"cooks for herself"},
		Wishes:    []string{"first coffee, then care"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The plan: a leg wound (actual, so with its signs) and a risk around
	// her medication (potential, so none).
	plan, _ := careplan.NewCarePlan(careplan.CarePlanParams{
		ID: exampleID("CP1"), Client: bep.ID(), Start: wijk.NewDate(2026, time.March, 2), CreatedBy: sem.Member,
	})
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(plan.AddProblem(careplan.Problem{
		Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
		Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin, 3 cm"}},
		Goal:  "wound closed within six weeks",
	}))
	must(plan.AddProblem(careplan.Problem{
		Code: "Medication regimen", Scope: omaha.Individual, Severity: omaha.Potential,
		Goal: "takes her pills as prescribed, by herself",
	}))
	must(plan.AddIntervention(careplan.Intervention{
		ID: exampleID("WND"), Problem: "24", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
		Description: "clean with saline, foam dressing, measure the wound",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerDay, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}},
		Level:       team.Level4,
	}))
	must(plan.AddIntervention(careplan.Intervention{
		ID: exampleID("MEDS"), Problem: "42", Category: omaha.Surveillance, Target: "medication set-up",
		Description: "check the weekly pill organiser with her",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 10, Windows: []careplan.Window{{Earliest: 9*60 + 30, Latest: 11 * 60}}, Days: []time.Weekday{time.Monday}},
		Level:       team.Level3,
	}))
	must(plan.Rate(careplan.Rating{Problem: "24", Kind: careplan.Admission, Date: plan.Start(), By: sem.Member,
		KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 2}}))
	must(plan.Rate(careplan.Rating{Problem: "42", Kind: careplan.Admission, Date: plan.Start(), By: sem.Member,
		KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 4}}))

	// Only a district nurse authorises care hours.
	err = plan.Authorise(careplan.AuthoriseParams{By: sem, At: at(3, 2, 14), MinutesPerWeek: 160, ReviewDate: wijk.NewDate(2026, time.April, 13)})
	fmt.Println("Sem authorises:", errors.Is(err, wijk.ErrForbidden))
	must(plan.Authorise(careplan.AuthoriseParams{By: anne, At: at(3, 2, 15), MinutesPerWeek: 160, ReviewDate: wijk.NewDate(2026, time.April, 13)}))
	fmt.Println("Anne authorises:", plan.Status())

	// What the planner sees for Monday and Tuesday: on Monday wound care
	// and the pill check share one visit.
	visits, _ := plan.VisitDemand(wijk.NewDate(2026, time.March, 9), wijk.NewDate(2026, time.March, 10))
	for _, v := range visits {
		fmt.Printf("visit %s %s, start %02d:%02d–%02d:%02d, %d min, %s, %d intervention(s)\n",
			v.Date, v.Date.Weekday(), v.EarliestStart/60, v.EarliestStart%60, v.LatestStart/60, v.LatestStart%60, v.Minutes, v.Level, len(v.Interventions))
	}

	// Six weeks on, the review: the wound is healing, so wound care drops
	// to three times a week.
	fmt.Println("due for review:", len(careplan.DueForReview([]*careplan.CarePlan{plan}, wijk.NewDate(2026, time.April, 13))))
	must(plan.StartReview(anne.Member, at(4, 13, 10), "review date reached"))
	must(plan.Rate(careplan.Rating{Problem: "24", Kind: careplan.Interim, Date: wijk.NewDate(2026, time.April, 13), By: anne.Member,
		KBS: careplan.KBS{Knowledge: 4, Behavior: 4, Status: 4}}))
	wound := plan.Interventions()[0]
	wound.Schedule = careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}}
	must(plan.UpdateIntervention(wound))
	must(plan.Authorise(careplan.AuthoriseParams{By: anne, At: at(4, 13, 11), MinutesPerWeek: 70, ReviewDate: wijk.NewDate(2026, time.May, 25)}))

	// Discharge: it refuses until every open problem has its discharge
	// rating.
	err = plan.Discharge(careplan.DischargeParams{By: sem.Member, At: at(5, 4, 10), Reason: "wound healed, goals reached"})
	fmt.Println("discharge too early:", err)
	must(plan.Rate(careplan.Rating{Problem: "24", Kind: careplan.Discharge, Date: wijk.NewDate(2026, time.May, 4), By: sem.Member,
		KBS: careplan.KBS{Knowledge: 4, Behavior: 5, Status: 5}}))
	must(plan.Rate(careplan.Rating{Problem: "42", Kind: careplan.Discharge, Date: wijk.NewDate(2026, time.May, 4), By: sem.Member,
		KBS: careplan.KBS{Knowledge: 4, Behavior: 5, Status: 5}, Note: "uses the organiser without help"}))
	must(plan.Discharge(careplan.DischargeParams{By: sem.Member, At: at(5, 4, 10), Reason: "wound healed, goals reached"}))

	out := plan.Outcomes()
	for _, o := range out.Problems {
		fmt.Printf("%s: %s → %s (%s)\n", o.Name, o.Admission.KBS, o.Latest.KBS, o.Change.Change())
	}
	fmt.Println()
	fmt.Print(plan.Summary(bep))
	// Output:
	// Sem authorises: true
	// Anne authorises: active
	// visit 2026-03-09 Monday, start 09:30–10:00, 30 min, level 4, 2 intervention(s)
	// visit 2026-03-10 Tuesday, start 09:00–10:00, 20 min, level 4, 1 intervention(s)
	// due for review: 1
	// discharge too early: care plan 01J00000000000000000000CP1 cannot close: no discharge rating for Skin, Medication regimen
	// Skin: K2 B3 S2 → K4 B5 S5 (K+2 B+2 S+3)
	// Medication regimen: K3 B3 S4 → K4 B5 S5 (K+1 B+2 S+1)
	//
	// Care plan for Bep de Vries (born 1941-05-12)
	// Address: Lindenstraat 4, 7511 JK Enschede (Lasonder)
	// Own goals: walk to the market on Saturday again
	// Strengths: cooks for herself
	// Wishes: first coffee, then care
	// Informal: Marga (daughter), helps with shopping, Sunday dinner, reach: 06 1234 5678 after 17:00
	// Formal: GP: Dr. Smit, Huisartsen Lasonder
	// Status: closed, episode from 2026-03-02
	// Discharged on 2026-05-04: wound healed, goals reached
	//
	// 1. Skin (24): actual, individual
	//    Signs: lesion/pressure ulcer: wound on the left shin, 3 cm
	//    Goal: wound closed within six weeks
	//    - Treatments and procedures, dressing change/wound care: clean with saline, foam dressing, measure the wound
	//      3× a week, 20 min, start 09:00–10:00, level 4 or higher
	//    Rated admission 2026-03-02: K2 B3 S2
	//    Rated interim 2026-04-13: K4 B4 S4
	//    Rated discharge 2026-05-04: K4 B5 S5
	//    Change since admission: K+2 B+2 S+3
	//
	// 2. Medication regimen (42): potential, individual
	//    Goal: takes her pills as prescribed, by herself
	//    - Surveillance, medication set-up: check the weekly pill organiser with her
	//      1× a week, 10 min, start 09:30–11:00 on Mon, level 3 or higher
	//    Rated admission 2026-03-02: K3 B3 S4
	//    Rated discharge 2026-05-04: K4 B5 S5 (uses the organiser without help)
	//    Change since admission: K+1 B+2 S+1
}
