package memory_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/team"
)

// Two members open the team's record at the same time and both change it:
// the second write is refused instead of silently undoing the first, and
// the audit log shows who wrote what.
func Example() {
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
	v, _ := s.Teams().Create(ctx, tm, storage.Change{Actor: "anouk", Summary: "founded the team"})
	fmt.Println("created at version", v)

	a, va, _ := s.Teams().Get(ctx, tm.ID())
	b, vb, _ := s.Teams().Get(ctx, tm.ID())
	_ = a.GoOnLeave(bas)
	v, _ = s.Teams().Update(ctx, a, va, storage.Change{Actor: "anouk", Summary: "Bas on parental leave"})
	fmt.Println("Anouk's change: version", v)
	_ = b.DefineRole("d1", team.RoleDefinition{Name: "intake", Description: "first visits"})
	_, err = s.Teams().Update(ctx, b, vb, storage.Change{Actor: "bas", Summary: "new role: intake"})
	fmt.Println("Bas's change refused:", errors.Is(err, wijk.ErrConflict))

	log, _ := s.Audit(ctx, storage.AuditQuery{})
	for _, e := range log {
		fmt.Printf("%d %s %s %s: %s\n", e.Seq, e.At.Format(time.DateTime), e.Actor, e.Action, e.Summary)
	}
	// Output:
	// created at version 1
	// Anouk's change: version 2
	// Bas's change refused: true
	// 1 2026-03-02 09:00:00 anouk create: founded the team
	// 2 2026-03-02 09:00:00 anouk update: Bas on parental leave
}
