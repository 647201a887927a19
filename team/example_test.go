package team_test

import (
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// people hands out IDs for the examples: a seeded generator gives the same
// IDs on every run.
var people = wijk.NewSeededIDGenerator(wijk.NewManualClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)), 1)

// Four nurses found a team for the north of town in one go: their area,
// themselves, and who takes which role first. No decision is needed yet;
// the founders are the team.
func ExampleNewTeam() {
	now := time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)
	anne, bram := people.NewID(), people.NewID()
	noord, err := team.NewTeam(team.NewTeamParams{
		ID:            people.NewID(),
		Name:          "Buurtteam Noord",
		Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"1031", "1032"}},
		Founded:       wijk.NewDate(2025, time.January, 6),
		Members: []team.MemberParams{
			{Person: anne, Name: "Anne", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: bram, Name: "Bram", Level: team.Level4, ContractPerWeek: 24 * time.Hour},
			{Person: people.NewID(), Name: "Cem", Level: team.Level3, ContractPerWeek: 28 * time.Hour},
			{Person: people.NewID(), Name: "Dewi", Level: team.Level4, ContractPerWeek: 32 * time.Hour},
		},
		Roles: []team.InitialRole{
			{Role: "planner", Holder: anne, Until: wijk.NewDate(2025, time.June, 30)},
			{Role: "informer", Holder: bram, Until: wijk.NewDate(2025, time.December, 31)},
		},
		Now: now,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d members, norms %v\n", noord.Name(), noord.Size(), noord.Norms())
	for _, a := range noord.Advisories(wijk.NewDate(2025, time.January, 6)) {
		fmt.Println("advisory:", a.Message)
	}
	// Output:
	// Buurtteam Noord: 4 members, norms size ≤ 12, caseload 40–60, ≤ 2 roles per member
	// advisory: nobody holds the role "developer"
	// advisory: nobody holds the role "housekeeper"
	// advisory: nobody holds the role "mentor"
	// advisory: nobody holds the role "team player"
}

func exampleTeam() (*team.Team, []wijk.ID) {
	ids := []wijk.ID{people.NewID(), people.NewID(), people.NewID()}
	t, err := team.NewTeam(team.NewTeamParams{
		ID: people.NewID(), Name: "Buurtteam Zuid",
		Neighbourhood: team.Neighbourhood{Area: "Zuid"},
		Founded:       wijk.NewDate(2025, time.January, 6),
		Members: []team.MemberParams{
			{Person: ids[0], Name: "Anne", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: ids[1], Name: "Bram", Level: team.Level4, ContractPerWeek: 24 * time.Hour},
			{Person: ids[2], Name: "Cem", Level: team.Level3, ContractPerWeek: 28 * time.Hour},
		},
		Roles: []team.InitialRole{{Role: "planner", Holder: ids[0], Until: wijk.NewDate(2025, time.June, 30)}},
		Now:   time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	return t, ids
}

// A team hires only by its own decision: the join is refused without one,
// and the decision's reference stays with the membership.
func ExampleTeam_Hire() {
	zuid, _ := exampleTeam()
	eva := team.MemberParams{Person: people.NewID(), Name: "Eva", Level: team.Level4, ContractPerWeek: 28 * time.Hour}
	start := wijk.NewDate(2025, time.March, 1)

	err := zuid.Hire("", start, eva)
	fmt.Println(err)

	if err := zuid.Hire("meeting 2025-02-12, item 3", start, eva); err != nil {
		fmt.Println(err)
		return
	}
	m, _ := zuid.Member(eva.Person)
	fmt.Printf("%s joined on %v (%v, decision %q); the team has %d members\n", m.Name, m.Start, m.Joined, m.JoinDecision, zuid.Size())
	// Output:
	// invalid decision: a team decision is required: pass the reference of the adopted decision
	// Eva joined on 2025-03-01 (hired, decision "meeting 2025-02-12, item 3"); the team has 4 members
}

// Roles move between members with a record of what was handed over.
func ExampleTeam_HandOverRole() {
	zuid, ids := exampleTeam()
	cem := ids[2]
	now := time.Date(2025, 6, 20, 14, 0, 0, 0, time.UTC)
	err := zuid.HandOverRole("", team.RolePlanner, cem,
		wijk.NewDate(2025, time.July, 1), wijk.NewDate(2026, time.June, 30),
		"summer roster drafted; two holiday requests still open", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, _ := zuid.Holder(team.RolePlanner)
	fmt.Printf("planner from %v until %v: %s\n", h.From, h.Until, name(zuid, h.Holder))
	for _, r := range zuid.Handovers() {
		from := "nobody"
		if r.From != "" {
			from = name(zuid, r.From)
		}
		fmt.Printf("%v %s: %s → %s %q\n", r.On, r.Role, from, name(zuid, r.To), r.Note)
	}
	// Output:
	// planner from 2025-07-01 until 2026-06-30: Cem
	// 2025-01-06 planner: nobody → Anne "role given at the founding of the team"
	// 2025-07-01 planner: Anne → Cem "summer roster drafted; two holiday requests still open"
}

func name(t *team.Team, person wijk.ID) string {
	for _, m := range t.History() {
		if m.Person == person {
			return m.Name
		}
	}
	return string(person)
}

// A team that has grown past its norms asks for a split proposal: clients
// stay with the nurses who visit them, postcode areas stay whole, and each
// new team gets a district nurse. The team adopts the proposal by decision,
// then applies it.
func ExampleTeam_ProposeSplit() {
	var members []team.MemberParams
	names := []string{"Anne", "Bram", "Cem", "Dewi", "Eva", "Fleur"}
	levels := []team.Level{team.Level5, team.Level4, team.Level3, team.Level5, team.Level4, team.Level3}
	for i, n := range names {
		members = append(members, team.MemberParams{Person: people.NewID(), Name: n, Level: levels[i], ContractPerWeek: 28 * time.Hour})
	}
	oost, err := team.NewTeam(team.NewTeamParams{
		ID: people.NewID(), Name: "Buurtteam Oost",
		Neighbourhood: team.Neighbourhood{Postcodes: []team.Postcode{"1091", "1092", "1093", "1094"}},
		Founded:       wijk.NewDate(2024, time.January, 8),
		Norms:         team.Norms{SizeNorm: 5, CaseloadMin: 5, CaseloadMax: 6, MaxRolesPerMember: 2},
		Members:       members,
		Now:           time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Eight clients; Anne, Bram and Cem mostly visit the west (1091, 1092),
	// Dewi, Eva and Fleur the east (1093, 1094). Cem helps out once in the
	// east.
	var in team.SplitInput
	postcodes := []team.Postcode{"1091 AA", "1091 AB", "1092 CA", "1092 CB", "1093 DA", "1093 DB", "1094 EA", "1094 EB"}
	for c, pc := range postcodes {
		client := people.NewID()
		in.Clients = append(in.Clients, team.ClientLocation{Client: client, Postcode: pc})
		first := 0
		if c >= 4 {
			first = 3
		}
		in.Visits = append(in.Visits,
			team.VisitCount{Client: client, Member: members[first+c%3].Person, Visits: 12},
			team.VisitCount{Client: client, Member: members[first+(c+1)%3].Person, Visits: 4})
	}
	in.Visits = append(in.Visits, team.VisitCount{Client: in.Clients[7].Client, Member: members[2].Person, Visits: 1})

	p, err := oost.ProposeSplit(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("continuity kept: %v\n", p.Continuity)
	for _, s := range p.Sides {
		fmt.Printf("team %s: areas %v, %s, %v a week\n", s.Label, s.Areas, s.Levels, s.ContractPerWeek)
	}
	for _, m := range p.Members[:3] {
		fmt.Printf("%s → %s: %s\n", m.Name, p.Sides[m.Side].Label, m.Reason)
	}

	east, err := oost.ApplySplit(p, team.ApplySplitParams{
		Decision: "meeting 2025-03-05, item 1", On: wijk.NewDate(2025, time.April, 1),
		NewTeamID: people.NewID(), NewTeamName: "Buurtteam Oost-Oost",
		Now: time.Date(2025, 3, 5, 16, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s keeps %d members; %s starts with %d on %v\n", oost.Name(), oost.Size(), east.Name(), east.Size(), east.Founded())
	// Output:
	// continuity kept: 99.2%
	// team A: areas [1091 1092], 1×L5, 1×L4, 1×L3, 84h0m0s a week
	// team B: areas [1093 1094], 1×L5, 1×L4, 1×L3, 84h0m0s a week
	// Anne → A: 28 of 28 visits (100.0%) are to clients who go to team A; the district nurse of team A
	// Bram → A: 20 of 20 visits (100.0%) are to clients who go to team A
	// Cem → A: 16 of 17 visits (94.1%) are to clients who go to team A
	// Buurtteam Oost keeps 3 members; Buurtteam Oost-Oost starts with 3 on 2025-04-01
}
