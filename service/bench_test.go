package service_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// BenchmarkReadPlan reads care plans of a team of 12 with 60 clients, in
// turn: straight from the store, and through a session of one of the
// team's members, which decides from the team's version read with each
// plan. The ratio of the two is what the trust boundary costs a read
// (docs/benchmarks.md).
func BenchmarkReadPlan(b *testing.B) {
	for _, be := range backends[1:] {
		b.Run(be.name, func(b *testing.B) {
			clock := wijk.NewManualClock(day0.In(time.UTC, 0))
			store := be.open(b, clock)
			teamID := storagetest.SeedTeam(b, store, 12, 60)
			tm, _, err := store.Teams().Get(ctx, teamID)
			require.NoError(b, err)
			plans, err := store.CarePlans().ListByTeam(ctx, teamID)
			require.NoError(b, err)
			ids := make([]wijk.ID, len(plans))
			for i, p := range plans {
				ids[i] = p.ID()
			}
			clock.Set(tm.Founded().In(time.UTC, 9*60))
			svc, err := service.New(store, clock, wijk.NewSeededIDGenerator(clock, 1))
			require.NoError(b, err)
			s, err := svc.As(ctx, tm.Members()[1].Person, service.Care())
			require.NoError(b, err)
			b.Run("store", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, _, err := store.CarePlans().Get(ctx, ids[i%len(ids)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run("session", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := s.Plan(ctx, ids[i%len(ids)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		})
	}
}
