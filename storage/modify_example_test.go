package storage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/team"
)

// Anouk records Bas's parental leave while Bas, at the same moment, adds
// a role to the team. Her first write is refused (Bas saved first), so
// Modify reads the team again and puts Bas on leave in the team that
// has his new role: both changes are kept, none is lost.
func ExampleModify() {
	ctx := context.Background()
	clock := wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	ids := wijk.NewSeededIDGenerator(clock, 1)
	s := memory.New(memory.Options{Clock: clock})

	anouk, bas := ids.NewID(), ids.NewID()
	tm, err := team.NewTeam(team.NewTeamParams{
		ID: ids.NewID(), Name: "Wijkteam Lasonder", Neighbourhood: team.Neighbourhood{Area: "Lasonder"},
		Founded: wijk.NewDate(2026, 1, 1), Now: clock.Now(),
		Members: []team.MemberParams{
			{Person: anouk, Name: "Anouk", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: bas, Name: "Bas", Level: team.Level4, ContractPerWeek: 28 * time.Hour},
		},
	})
	if err != nil {
		panic(err)
	}
	if _, err := s.Teams().Create(ctx, tm, storage.Change{Actor: "anouk", Summary: "founded the team"}); err != nil {
		panic(err)
	}

	// basSaves is Bas's write, made while Anouk's is under way.
	basSaves := func() {
		b, v, _ := s.Teams().Get(ctx, tm.ID())
		_ = b.DefineRole("", team.RoleDefinition{Name: "intake"})
		_, _ = s.Teams().Update(ctx, b, v, storage.Change{Actor: "bas", Summary: "new role: intake"})
	}

	runs := 0
	saved, v, err := storage.Modify(ctx, s.Teams(), tm.ID(), func(t *team.Team) error {
		runs++
		if runs == 1 {
			basSaves()
		}
		return t.GoOnLeave(bas)
	}, storage.Change{Actor: "anouk", Summary: "Bas on parental leave"})
	if err != nil {
		panic(err)
	}
	m, _ := saved.Member(bas)
	fmt.Printf("Anouk's change ran %d times; stored at version %d\n", runs, v)
	for _, r := range saved.Roles() {
		if !r.Standard {
			fmt.Println("the team's own role:", r.Name)
		}
	}
	fmt.Println("Bas is", m.Status)

	log, _ := s.Audit(ctx, storage.AuditQuery{})
	for _, e := range log {
		fmt.Printf("%d %s %s: %s\n", e.Seq, e.Actor, e.Action, e.Summary)
	}
	// Output:
	// Anouk's change ran 2 times; stored at version 3
	// the team's own role: intake
	// Bas is on leave
	// 1 anouk create: founded the team
	// 2 bas update: new role: intake
	// 3 anouk update: Bas on parental leave
}
