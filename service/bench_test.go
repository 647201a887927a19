package service_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/storagetest"
	"github.com/wijkzorg/wijk/team"
)

// seededTeam opens a store on backend be with a team of 12 and 60
// clients with their plans, and sets the clock to a day on which every
// member is active. It returns the team and its plans' IDs.
func seededTeam(b *testing.B, be backend) (storage.Store, *wijk.ManualClock, *team.Team, []wijk.ID) {
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
	return store, clock, tm, ids
}

// BenchmarkReadPlan reads care plans of a team of 12 with 60 clients, in
// turn: straight from the store, and through a session of one of the
// team's members, which decides from the team's version read with each
// plan. The ratio of the two is what the trust boundary costs a read
// (docs/benchmarks.md); the ratio sub-benchmark reports it from the two
// reads made in turn.
func BenchmarkReadPlan(b *testing.B) {
	for _, be := range backends[1:] {
		b.Run(be.name, func(b *testing.B) {
			store, clock, tm, ids := seededTeam(b, be)
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
			// The two reads in turn, each timed on its own, so that drift in
			// the machine's speed and the garbage collector weigh on both
			// alike: the ratio it reports is the figure the target is on.
			b.Run("ratio", func(b *testing.B) {
				var direct, through time.Duration
				i := 0
				for b.Loop() {
					id := ids[i%len(ids)]
					t0 := time.Now()
					if _, _, err := store.CarePlans().Get(ctx, id); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					if _, err := s.Plan(ctx, id); err != nil {
						b.Fatal(err)
					}
					through += time.Since(t1)
					direct += t1.Sub(t0)
					i++
				}
				b.ReportMetric(float64(direct.Nanoseconds())/float64(i), "store-ns/op")
				b.ReportMetric(float64(through.Nanoseconds())/float64(i), "session-ns/op")
				b.ReportMetric(float64(through)/float64(direct), "ratio")
			})
		})
	}
}
