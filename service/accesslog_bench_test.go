package service_test

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/postgres"
)

// readers is how many sessions read at once in
// BenchmarkConcurrentPlanReads.
const readers = 16

// BenchmarkConcurrentPlanReads reads care plans of a team of 12 with 60
// clients from 16 sessions at once, each on its own goroutine, with the
// access log (log) and without it (nolog): what the log costs a read when
// reads come together and their entries share commits. The team has 12
// members, so the first four members have two sessions each. The
// goroutines are started by the benchmark, not by b.RunParallel, so that
// there are 16 whatever GOMAXPROCS is. On PostgreSQL the pool keeps a
// connection for each reader (openPooled). Each sub-benchmark reports the reads per second of all sessions together and
// the 50th and 99th percentile of one read's latency; ratio runs the two
// in turn, in rounds, and reports the reads per second with the log
// divided by those without (docs/benchmarks.md).
//
// b.N is the number of reads, shared out among the 16 goroutines as they
// go; in ratio it is the number of reads with the log, and as many are
// made without.
func BenchmarkConcurrentPlanReads(b *testing.B) {
	for _, be := range []backend{backends[1], {"postgres", openPooled}} {
		b.Run(be.name, func(b *testing.B) {
			store, clock, tm, ids := seededTeam(b, be)
			members := tm.Members()
			open := func(opts ...service.Option) []*service.Session {
				svc, err := service.New(store, clock, wijk.NewSeededIDGenerator(clock, 1), opts...)
				require.NoError(b, err)
				ss := make([]*service.Session, readers)
				for i := range ss {
					ss[i], err = svc.As(ctx, members[i%len(members)].Person, service.Care())
					require.NoError(b, err)
				}
				return ss
			}
			logged, unlogged := open(), open(service.WithoutAccessLog())
			head := func() int64 {
				h, err := store.Chains().Head(ctx, storage.LogAccess)
				require.NoError(b, err)
				return h.Seq
			}

			b.Run("log", func(b *testing.B) {
				before := head()
				r := readConcurrently(b, logged, ids, b.N)
				r.report(b)
				// Every read left its entry, and nothing else did.
				require.Equal(b, before+int64(b.N), head())
			})
			b.Run("nolog", func(b *testing.B) {
				before := head()
				r := readConcurrently(b, unlogged, ids, b.N)
				r.report(b)
				require.Equal(b, before, head())
			})
			// The two in turn, in rounds of 1,024 reads, so that drift in
			// the machine's speed weighs on both alike; which goes first
			// alternates from round to round.
			b.Run("ratio", func(b *testing.B) {
				const round = 1024
				before := head()
				var with, without time.Duration
				for done, i := 0, 0; done < b.N; i++ {
					n := min(round, b.N-done)
					first, second := logged, unlogged
					if i%2 == 1 {
						first, second = unlogged, logged
					}
					d1 := readConcurrently(b, first, ids, n).elapsed
					d2 := readConcurrently(b, second, ids, n).elapsed
					if i%2 == 1 {
						d1, d2 = d2, d1
					}
					with += d1
					without += d2
					done += n
				}
				b.ReportMetric(float64(b.N)/with.Seconds(), "log-reads/s")
				b.ReportMetric(float64(b.N)/without.Seconds(), "nolog-reads/s")
				b.ReportMetric(without.Seconds()/with.Seconds(), "ratio")
				require.Equal(b, before+int64(b.N), head())
			})
			v, err := store.Chains().Verify(ctx, storage.LogAccess, storage.VerifyOptions{})
			require.NoError(b, err)
			require.Equal(b, head(), v.Head.Seq)
			b.Logf("%s: the access log holds %d entries and verifies", be.name, v.Entries)
		})
	}
}

// openPooled opens a PostgreSQL store whose pool keeps a connection for
// each reader. With database/sql's default of two idle connections, 16
// readers would open and close a server connection for most statements,
// and the access log, whose commits take turns, would wait on that more
// than anything else.
func openPooled(t testing.TB, clock wijk.Clock) storage.Store {
	db := pgtest.Fresh(t)
	db.SetMaxIdleConns(readers)
	s, err := postgres.New(ctx, db, postgres.Options{Clock: clock})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	return s
}

// reads is what one concurrent run measured.
type reads struct {
	n         int
	elapsed   time.Duration
	latencies []time.Duration // sorted
}

// readConcurrently makes n plan reads, shared out among one goroutine per
// session as each is free, and times them: the whole run and each read.
// The benchmark's timer runs only while the goroutines read.
func readConcurrently(b *testing.B, sessions []*service.Session, ids []wijk.ID, n int) reads {
	b.StopTimer()
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	start := make(chan struct{})
	lat := make([][]time.Duration, len(sessions))
	for g, s := range sessions {
		lat[g] = make([]time.Duration, 0, n/len(sessions)+1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				t0 := time.Now()
				if _, err := s.Plan(ctx, ids[int(i)%len(ids)]); err != nil {
					failed.CompareAndSwap(nil, &err)
					next.Store(int64(n))
					return
				}
				lat[g] = append(lat[g], time.Since(t0))
			}
		}()
	}
	b.StartTimer()
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()
	if err := failed.Load(); err != nil {
		b.Fatal(*err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.StartTimer()
	return reads{n: n, elapsed: elapsed, latencies: all}
}

// quantile returns the q-quantile of the sorted latencies (nearest rank).
func (r reads) quantile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(q*float64(len(r.latencies))+0.5) - 1
	return r.latencies[max(0, min(i, len(r.latencies)-1))]
}

func (r reads) report(b *testing.B) {
	b.ReportMetric(float64(r.n)/r.elapsed.Seconds(), "reads/s")
	b.ReportMetric(float64(r.quantile(0.50).Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(r.quantile(0.99).Nanoseconds())/1e3, "p99-µs")
}
