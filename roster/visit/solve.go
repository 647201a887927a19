package visit

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster"
)

// Options steer [Solve]. They have the same names, types and meaning as
// the roster solver's (package roster), so that a caller tunes both the
// same way.
type Options struct {
	// Seed makes the run reproducible: the same problem, seed, worker
	// count and Options give the same plan when the run is not stopped by
	// a clock (TimeLimit or a ctx deadline).
	Seed uint64
	// Workers is the number of searches run in parallel, each with its
	// own seed derived from Seed; they share the best plan every few
	// hundred iterations, or without a limit when a cooling ends (see
	// [Solve]). 0 means [roster.DefaultWorkers] (not the
	// machine's CPU count, so that a seed gives the same plan on every
	// machine); at most [MaxWorkers]. Results depend on it.
	Workers int
	// TimeLimit stops the search after this long (measured with Clock);
	// zero means no limit.
	TimeLimit time.Duration
	// MaxIterations stops each worker after this many iterations; zero
	// means no limit. The search also stops by itself when it has
	// converged (see [Solve]), so neither limit is needed.
	MaxIterations int64
	// Start is a plan to begin from (it must break no hard rule), for
	// example yesterday's routes or a plan the team edited.
	Start *Plan
	// Progress, when set, is called from Solve's goroutine after each
	// round of the workers with the best cost so far.
	Progress func(Progress)
	// Clock measures the time limit and the elapsed time; nil means the
	// system clock. It is read from several goroutines at once, so it
	// must be safe for concurrent use.
	Clock wijk.Clock
}

// StopReason says why a search ended; it is the roster solver's type, so
// that both solvers report the same reasons.
type StopReason = roster.StopReason

// The reasons Solve stops; see [roster.StopReason].
const (
	StopConverged      = roster.StopConverged
	StopIterationLimit = roster.StopIterationLimit
	StopTimeLimit      = roster.StopTimeLimit
	StopCancelled      = roster.StopCancelled
)

// Progress reports how a search is going.
type Progress struct {
	// Elapsed is the time since the search began.
	Elapsed time.Duration
	// Iterations counts the iterations of all workers so far.
	Iterations int64
	// Best is the cost of the best plan so far.
	Best Cost
}

// Result is what [Solve] found.
type Result struct {
	// Evaluation is the best plan, timed and costed; its Plan method
	// gives the routes.
	Evaluation Evaluation
	// Iterations counts the iterations of all workers.
	Iterations int64
	// Elapsed is the time the search took.
	Elapsed time.Duration
	// Stop says why the search ended: [StopConverged],
	// [StopIterationLimit], [StopTimeLimit] or [StopCancelled].
	Stop StopReason
}

// MaxWorkers bounds [Options.Workers]: each worker holds its own copy of
// the search state. It is the roster solver's bound.
const MaxWorkers = roster.MaxWorkers

// epoch is how many iterations a worker does between two exchanges of
// the best plan.
const epoch = 250

// Convergence. A cooling has converged when the best plan has not
// improved for patience(n) iterations per worker, n being the number of
// visits, and for at least as many iterations as the cooling took to find
// it. Without a limit, the acceptance temperature falls over schedule(n)
// iterations (a restart's over half of that) and a cooling cannot
// converge before; the search never runs past cap(n) iterations.
const (
	patiencePerVisit = 40
	patienceMin      = 500
	schedulePerVisit = 200
	scheduleMin      = 1000
	capFactor        = 8
	limitedPatience  = 20
)

// Trials, without a limit: the first cooling is firstTrials short
// coolings, one after the other, each from the first plan over
// 1/firstTrials of the schedule (rounded up to whole epochs), so that each
// worker makes several independent tries and a trap must catch them all.
// Only the last one must converge before the restarts.
const firstTrials = 4

// Walks, without a limit: after the short coolings every worker walks on
// its own from the first plan at the first cooling's temperature, without
// cooling, keeping its best; a walk ends when its best has not improved
// for walkPatience times the patience (a hot walk improves by chance, so
// unlike a cooling it does not also wait as long as it took to find its
// best). A hot walk and a short cooling fall into
// different traps, so a trap must now catch both kinds of search.
const walkPatience = 3

// Restarts, without a limit: once a cooling has converged, every worker
// starts again from the best plan at the first cooling's temperature and
// cools over 1/restartDivisor of the schedule. The search stops after a
// cooling that found nothing better than the one before, or after
// maxRestarts restarts.
const (
	restartDivisor = 2
	maxRestarts    = 3
)

func patience(n int) int64 { return max(patienceMin, patiencePerVisit*int64(n)) }
func schedule(n int) int64 { return max(scheduleMin, schedulePerVisit*int64(n)) }

// Solve plans the day: cheapest insertion first, then an adaptive large
// neighbourhood search on Workers goroutines that share their best plan
// (every few hundred iterations with a limit, when a cooling ends without
// one).
//
// The search ends, with the best plan and a nil error, for one of these
// reasons, which [Result.Stop] gives:
//
//   - it has converged ([StopConverged]). Without a limit, the workers
//     search independently (so that one trap does not catch them all),
//     each making four short coolings of the acceptance temperature, one
//     after the other and each from the first plan, over a quarter of 200
//     iterations per visit (at least 1,000) each, rounded up to 250; the
//     last has converged when the best plan has not improved for 40
//     iterations per visit (at least 500) nor for as many iterations as
//     that cooling took to find it. Then each worker walks from the first
//     plan, as hot as at first and without cooling, until its best has
//     not improved for 120 iterations per visit (at least 1,500; a hot
//     walk falls into other traps than a short cooling). Then all workers
//     restart from the best plan, as hot as at first, and cool over 100
//     iterations per visit; the search stops after a restart that found nothing better,
//     or after three restarts. That is how Solve normally ends, on a
//     team's day of 40 visits and 6 nurses in 17,000 to 33,000
//     iterations per worker (0.2 to 0.7 s on two cores).
//     Without a limit it never runs past 1,600
//     iterations per visit (at least 8,000) per worker, and then reports
//     [StopIterationLimit]. With a limit there are no restarts: the
//     temperature falls over the limit, a worker that falls behind
//     takes up the best plan every few hundred iterations, and the
//     search waits twenty times as long before it calls itself
//     converged, since the caller granted the time, but a small day
//     still ends long before a generous limit;
//   - MaxIterations or TimeLimit was reached;
//   - ctx was cancelled or passed its deadline: the plan is the best
//     found until then ([StopCancelled]).
//
// An error means there is no plan: pr or opts are invalid (the error
// matches [wijk.ErrInvalid]), or ctx had ended before Solve began.
//
// A run is deterministic for a given Seed and Workers unless a TimeLimit
// or a ctx deadline stops it (or sets its pace): then it stops wherever
// the clock says, so two such runs may differ. Visits that no nurse can
// make under the hard rules are left unassigned and counted in the cost;
// Solve never returns a plan that breaks a hard rule.
func Solve(ctx context.Context, pr *Problem, opts Options) (Result, error) {
	if err := pr.check("problem"); err != nil {
		return Result{}, err
	}
	if opts.Workers < 0 || opts.Workers > MaxWorkers {
		return Result{}, wijk.Invalid("options.workers", "must be between 0 and %d, got %d", MaxWorkers, opts.Workers)
	}
	if opts.MaxIterations < 0 || opts.TimeLimit < 0 {
		return Result{}, wijk.Invalid("options", "iterations and time limit must not be negative")
	}
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("visit: solve: %w", err)
	}
	workers := opts.Workers
	if workers == 0 {
		workers = roster.DefaultWorkers
	}
	m := compile(pr)
	iters := opts.MaxIterations
	// sched is the length of the temperature schedule in iterations when
	// no clock sets it
	sched := iters
	_, hasDeadline := ctx.Deadline()
	unlimited := iters == 0 && opts.TimeLimit == 0 && !hasDeadline
	if unlimited {
		sched = schedule(m.nv)
		iters = capFactor * sched
	}
	begin := wijk.Now(opts.Clock)
	s0 := newState(m)
	sh := newShared(m)
	if opts.Start != nil {
		ev := evaluate(pr, *opts.Start)
		if !ev.Feasible {
			return Result{}, wijk.Invalid("options.start", "the plan to start from breaks a hard rule: %s", ev.Violations[0])
		}
		routes := make([][]int, m.nk)
		for _, r := range ev.Routes {
			k := pr.nurse[r.Nurse]
			for _, st := range r.Stops {
				routes[k] = append(routes[k], pr.visit[st.Visit])
			}
		}
		s0.setRoutes(routes)
		s0.retime()
	}
	w0 := newWorker(m, sh, opts.Seed, 0, s0)
	var missing []int
	for v := range m.nv {
		if s0.nurse[v] < 0 {
			missing = append(missing, v)
		}
	}
	w0.orderUnits(missing, 1)
	w0.recreate(s0, missing)
	best := s0.clone()
	ws := []*worker{w0}
	for i := 1; i < workers; i++ {
		ws = append(ws, newWorker(m, sh, opts.Seed, uint64(i), s0))
	}
	for _, w := range ws {
		w.cur.copyFrom(best)
		w.best.copyFrom(best)
		w.scale = max(1, best.cost()-m.w.Unassigned*float64(best.unassigned)) / float64(max(1, m.nv))
	}
	var deadline time.Time
	if opts.TimeLimit > 0 {
		deadline = begin.Add(opts.TimeLimit)
	}
	if d, ok := ctx.Deadline(); ok && (deadline.IsZero() || d.Before(deadline)) {
		deadline = d
	}
	// phaseLen is the length of the current cooling in iterations
	phaseLen := sched
	stop := func(it, base int64) (bool, float64) {
		frac := 0.0
		if iters > 0 {
			if it >= iters {
				return true, 1
			}
			frac = min(1, float64(it-base)/float64(phaseLen))
		}
		if ctx.Err() != nil {
			return true, 1
		}
		if !deadline.IsZero() {
			now := wijk.Now(opts.Clock)
			if !now.Before(deadline) {
				return true, 1
			}
			frac = max(frac, float64(now.Sub(begin))/float64(deadline.Sub(begin)))
		}
		return false, frac
	}
	var total, round, lastImproved int64
	// with a limit, the caller has granted the time: the search waits
	// longer before it calls itself converged
	wait := patience(m.nv)
	if !unlimited {
		wait *= limitedPatience
	}
	stopReason := StopConverged
	// a problem with nothing to move (no visit, or every visit pinned)
	// has converged before it starts
	movable := false
	for v := range m.nv {
		movable = movable || !w0.pinned(v)
	}
	// phaseStart is the round the current cooling began at, phaseBest
	// the best cost then, restarts the number of coolings after the first
	var phaseStart int64
	phaseBest := best.cost()
	restarts := 0
	// without a limit the first cooling is trials short coolings, each
	// from the first plan; trial counts the ones begun
	trials, trial := 1, 1
	// walking is the phase of hot walks, without a limit; walked says it
	// is over
	walking, walked := false, false
	if unlimited {
		trials = firstTrials
		phaseLen = (sched/firstTrials + epoch - 1) / epoch * epoch
	}
	first := best.clone()
	for done := !movable; !done; {
		var wg sync.WaitGroup
		for _, w := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.improved = false
				for range epoch {
					halt, frac := stop(w.iter, w.base)
					if halt {
						w.halted = true
						return
					}
					if walking {
						frac = 0
					}
					w.iterate(frac)
				}
			}()
		}
		wg.Wait()
		round += epoch
		total = 0
		for _, w := range ws {
			total += w.iter
			if w.best.cost() < best.cost()-eps {
				best.copyFrom(w.best)
				lastImproved = round
			}
		}
		for _, w := range ws {
			done = done || w.halted
			// with a limit, a worker that is behind takes up the best
			// plan; without one, the workers cool independently, so
			// that one trap does not catch them all, and meet when a
			// cooling ends
			if !unlimited && !w.improved && w.best.cost() > best.cost()+eps {
				w.cur.copyFrom(best)
				w.best.copyFrom(best)
			}
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Iterations: total, Elapsed: wijk.Now(opts.Clock).Sub(begin), Best: best.costParts()})
		}
		stall := round - max(lastImproved, phaseStart)
		found := max(0, lastImproved-phaseStart)
		// restart sends every worker from the best plan, as hot as at
		// first, for a shorter schedule
		restart := func() {
			restarts++
			phaseStart, phaseBest = round, best.cost()
			phaseLen = max(1, sched/restartDivisor)
			for _, w := range ws {
				w.cur.copyFrom(best)
				w.best.copyFrom(best)
				w.base = w.iter
			}
		}
		switch {
		case unlimited && !done && trial < trials && round-phaseStart >= phaseLen && ctx.Err() == nil:
			// the next trial cools from the first plan again; best
			// keeps what the trials before found
			trial++
			phaseStart = round
			for _, w := range ws {
				w.cur.copyFrom(first)
				w.best.copyFrom(first)
				w.base = w.iter
			}
		case ctx.Err() != nil:
			done, stopReason = true, StopCancelled
		case done && iters > 0 && ws[0].iter >= iters:
			stopReason = StopIterationLimit
		case done && opts.TimeLimit > 0 && !wijk.Now(opts.Clock).Before(begin.Add(opts.TimeLimit)):
			stopReason = StopTimeLimit
		case done:
			// ctx's deadline, read on Clock, came first
			stopReason = StopCancelled
		case !unlimited && stall >= wait && stall >= found:
			done, stopReason = true, StopConverged
		case walking:
			// each walk converges on its own; the phase ends when all
			// have, then the restarts begin from the best plan
			all := true
			for _, w := range ws {
				if w.improved {
					w.found = w.iter
				}
				since := w.iter - max(w.found, w.base)
				w.walked = w.walked || since >= walkPatience*wait
				all = all && w.walked
			}
			if !all {
				break
			}
			walking, walked = false, true
			restart()
		case unlimited && stall >= wait && stall >= found && round-phaseStart >= phaseLen:
			if !walked {
				// the short coolings have converged: every worker
				// walks from the first plan
				walking = true
				for _, w := range ws {
					w.cur.copyFrom(first)
					w.best.copyFrom(first)
					w.base, w.found = w.iter, w.iter
				}
				break
			}
			// this cooling has converged: reheat from the best plan,
			// unless the last coolings found nothing better
			if restarts > 0 && best.cost() >= phaseBest-eps || restarts >= maxRestarts {
				done, stopReason = true, StopConverged
				break
			}
			restart()
		}
	}
	res := Result{Evaluation: evaluate(pr, best.plan()), Iterations: total, Elapsed: wijk.Now(opts.Clock).Sub(begin), Stop: stopReason}
	return res, nil
}

func (s *state) costParts() Cost {
	c := Cost{Travel: s.travel, TotalTardiness: s.tardSum, MaxTardiness: s.tardMax, Overtime: s.overtime, Continuity: s.unknown, Unassigned: s.unassigned}
	c.Total = s.m.w.total(c)
	return c
}

func (s *state) plan() Plan {
	pr := s.m.pr
	var p Plan
	for k, r := range s.routes {
		rt := Route{Nurse: pr.params.Nurses[k].ID}
		for _, v := range r {
			rt.Visits = append(rt.Visits, pr.params.Visits[v].ID)
		}
		p.Routes = append(p.Routes, rt)
	}
	return p
}

// shared holds what all workers read: visits sorted by relatedness.
type shared struct {
	near [][]int
}

func newShared(m *model) *shared {
	sh := &shared{near: make([][]int, m.nv)}
	limit := min(m.nv-1, 60)
	// The relatedness of every other visit is computed once per visit,
	// then the visits are sorted by it, ties in visit order.
	rel := make([]float64, m.nv)
	others := make([]int, 0, m.nv)
	for a := range m.nv {
		others = others[:0]
		for b := range m.nv {
			if b != a {
				others = append(others, b)
				rel[b] = m.travel[m.loc[a]][m.loc[b]] + m.travel[m.loc[b]][m.loc[a]] + 0.5*math.Abs(m.open[a]-m.open[b]) + 0.5*math.Abs(m.close[a]-m.close[b])
			}
		}
		slices.SortFunc(others, func(x, y int) int {
			if c := cmp.Compare(rel[x], rel[y]); c != 0 {
				return c
			}
			return x - y
		})
		sh.near[a] = slices.Clone(others[:limit])
	}
	return sh
}

// The ruin operators.
const (
	ruinRandom = iota
	ruinRelated
	ruinString
	ruinWorst
	ruinTime
	ruinRoute
	nRuin
)

type worker struct {
	m        *model
	sh       *shared
	rng      *rand.Rand
	cur      *state
	cand     *state
	best     *state
	iter     int64
	scale    float64
	improved bool
	halted   bool
	// base is the iteration the current cooling began at
	base int64
	// found is the iteration the worker last improved its best at, and
	// walked says that its walk has converged (without a limit)
	found   int64
	walked  bool
	weight  [nRuin]float64
	score   [nRuin]float64
	uses    [nRuin]int
	removed []int
	mark    []bool
	tmp     []int
	cands   []cand
}

type cand struct {
	k, i int
	d    float64
}

func newWorker(m *model, sh *shared, seed, idx uint64, s *state) *worker {
	w := &worker{m: m, sh: sh, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^idx)),
		cur: s.clone(), cand: s.clone(), best: s.clone(), mark: make([]bool, m.nv)}
	for i := range w.weight {
		w.weight[i] = 1
	}
	return w
}

// iterate does one ruin-and-recreate step; frac is how far the search is
// (0 to 1) and sets the acceptance temperature.
func (w *worker) iterate(frac float64) {
	w.iter++
	m := w.m
	c := w.cand
	c.copyFrom(w.cur)
	op := w.pickOp()
	qmax := max(2, min(m.nv/3, 40))
	q := 1 + w.rng.IntN(qmax)
	w.ruin(c, op, q)
	if len(w.removed) == 0 {
		return
	}
	c.remove(w.removed)
	if !c.retime() {
		return
	}
	w.orderUnits(w.removed, w.rng.IntN(5))
	w.recreate(c, w.removed)
	cost, curCost := c.cost(), w.cur.cost()
	t0, t1 := 0.5*w.scale, 0.01*w.scale
	temp := t0 * math.Pow(t1/t0, frac)
	gain := 0.0
	accept := cost < curCost-eps || cost < curCost-temp*math.Log(1-w.rng.Float64())
	if accept {
		gain = 1
		if cost < curCost-eps {
			gain = 2
		}
		w.cur, w.cand = w.cand, w.cur
		if cost < w.best.cost()-eps {
			w.best.copyFrom(w.cur)
			w.improved = true
			gain = 4
		}
	}
	w.score[op] += gain
	w.uses[op]++
	if w.iter%100 == 0 {
		for i := range w.weight {
			if w.uses[i] > 0 {
				w.weight[i] = 0.7*w.weight[i] + 0.3*max(0.05, w.score[i]/float64(w.uses[i]))
			}
			w.score[i], w.uses[i] = 0, 0
		}
	}
}

func (w *worker) pickOp() int {
	sum := 0.0
	for _, x := range w.weight {
		sum += x
	}
	r := w.rng.Float64() * sum
	for i, x := range w.weight {
		if r < x {
			return i
		}
		r -= x
	}
	return nRuin - 1
}

// take marks v (and its partner) for removal.
func (w *worker) take(s *state, v int) {
	if v < 0 || w.mark[v] || s.nurse[v] < 0 || w.pinned(v) {
		return
	}
	w.mark[v] = true
	w.removed = append(w.removed, v)
	if p := w.m.partner[v]; p >= 0 && !w.mark[p] && s.nurse[p] >= 0 && !w.pinned(p) {
		w.mark[p] = true
		w.removed = append(w.removed, p)
	}
}

// pinned visits with a fixed start and nurse never move.
func (w *worker) pinned(v int) bool {
	return !math.IsNaN(w.m.pin[v]) && len(w.m.nurses[v]) == 1
}

func (w *worker) assigned(s *state) []int {
	w.tmp = w.tmp[:0]
	for v, k := range s.nurse {
		if k >= 0 {
			w.tmp = append(w.tmp, v)
		}
	}
	return w.tmp
}

func (w *worker) ruin(s *state, op, q int) {
	m := w.m
	for _, v := range w.removed {
		w.mark[v] = false
	}
	w.removed = w.removed[:0]
	as := w.assigned(s)
	if len(as) == 0 {
		return
	}
	switch op {
	case ruinRandom:
		for range q {
			w.take(s, as[w.rng.IntN(len(as))])
		}
	case ruinRelated:
		seed := as[w.rng.IntN(len(as))]
		w.take(s, seed)
		for _, b := range w.sh.near[seed] {
			if len(w.removed) >= q {
				break
			}
			if w.rng.Float64() < 0.8 {
				w.take(s, b)
			}
		}
	case ruinString:
		seed := as[w.rng.IntN(len(as))]
		l := 1 + w.rng.IntN(max(1, min(10, q)))
		seen := map[int]bool{}
		for _, b := range append([]int{seed}, w.sh.near[seed]...) {
			if len(w.removed) >= q {
				break
			}
			k := s.nurse[b]
			if k < 0 || seen[k] {
				continue
			}
			seen[k] = true
			r := s.routes[k]
			first := max(0, min(s.pos[b]-w.rng.IntN(l), len(r)-l))
			for i := first; i < min(len(r), first+l); i++ {
				w.take(s, r[i])
			}
		}
	case ruinWorst:
		type vc struct {
			v int
			c float64
		}
		list := make([]vc, 0, len(as))
		for _, v := range as {
			k, i := s.nurse[v], s.pos[v]
			r := s.routes[k]
			prev, next := m.kStart[k], m.kEnd[k]
			if i > 0 {
				prev = m.loc[r[i-1]]
			}
			if i+1 < len(r) {
				next = m.loc[r[i+1]]
			}
			c := m.w.Travel*(m.travel[prev][m.loc[v]]+m.travel[m.loc[v]][next]-m.travel[prev][next]) + m.w.TotalTardiness*s.tard(v)*2
			if m.unknown[v*m.nk+k] {
				c += m.w.Continuity
			}
			list = append(list, vc{v, c})
		}
		slices.SortStableFunc(list, func(a, b vc) int { return cmp.Compare(b.c, a.c) })
		for len(w.removed) < q && len(list) > 0 {
			i := int(math.Pow(w.rng.Float64(), 4) * float64(len(list)))
			w.take(s, list[i].v)
			list = slices.Delete(list, i, i+1)
		}
	case ruinTime:
		seed := as[w.rng.IntN(len(as))]
		t := s.start[seed]
		slices.SortStableFunc(as, func(a, b int) int { return cmp.Compare(math.Abs(s.start[a]-t), math.Abs(s.start[b]-t)) })
		for _, v := range as {
			if len(w.removed) >= q {
				break
			}
			w.take(s, v)
		}
	case ruinRoute:
		seed := as[w.rng.IntN(len(as))]
		for _, v := range s.routes[s.nurse[seed]] {
			w.take(s, v)
		}
	}
}

// orderUnits sorts the visits to insert by one of several rules.
func (w *worker) orderUnits(vs []int, rule int) {
	m := w.m
	key := func(v int) float64 {
		switch rule {
		case 1:
			return m.close[v]
		case 2:
			return -m.travel[m.kStart[0]][m.loc[v]]
		case 3:
			return float64(len(m.nurses[v]))
		case 4:
			return -m.dur[v]
		}
		return 0
	}
	w.rng.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
	if rule != 0 {
		slices.SortStableFunc(vs, func(a, b int) int {
			// Pinned visits first: they fix the frame the rest fits into.
			pa, pb := !math.IsNaN(m.pin[a]), !math.IsNaN(m.pin[b])
			if pa != pb {
				if pa {
					return -1
				}
				return 1
			}
			return cmp.Compare(key(a), key(b))
		})
	}
}

// recreate inserts the visits one by one (double visits as a pair) where
// they cost least.
func (w *worker) recreate(s *state, vs []int) {
	m := w.m
	for _, v := range vs {
		if s.nurse[v] >= 0 {
			continue
		}
		if p := m.partner[v]; p >= 0 && s.nurse[p] < 0 {
			w.insertPair(s, v, p)
		} else {
			if k, i, ok := w.bestPosition(s, v, math.Inf(1)); ok {
				s.insert(v, k, i)
			}
		}
		s.commit()
	}
}

const blink = 0.01

// bestPosition finds the cheapest feasible place for v, costing less than
// bound, without changing s.
func (w *worker) bestPosition(s *state, v int, bound float64) (int, int, bool) {
	m := w.m
	// Deltas are measured as if v were already counted as planned, so
	// that they compare with the lower bounds.
	base := s.cost() - m.w.Unassigned
	best, bk, bi := bound, -1, -1
	for _, k := range m.nurses[v] {
		if m.unknown[v*m.nk+k] && m.w.Continuity-eps >= best {
			// every place in this route costs at least the continuity
			continue
		}
		r := s.routes[k]
		for i := 0; i <= len(r); i++ {
			lb, tight := w.lowerBound(s, v, k, i)
			if lb >= best {
				continue
			}
			// the random skip comes before the tight bound, so that
			// which places draw from rng does not depend on how tight
			// the bound is
			if w.rng.Float64() < blink || tight >= best {
				continue
			}
			if c, ok, known := s.peek(v, k, i); known {
				if d := c - base; ok && d < best {
					best, bk, bi = d, k, i
				}
				continue
			}
			if s.insert(v, k, i) {
				if d := s.cost() - base; d < best {
					best, bk, bi = d, k, i
				}
			}
			s.rollback()
		}
	}
	return bk, bi, bk >= 0
}

// lowerBound is a cheap bound on the cost of inserting v at (k, i): the
// detour, the continuity count and v's own lateness given its
// predecessor's current times (inserting only delays visits). tight adds
// the lateness the visit after v gains: a bound at least as close, which
// the search checks after its random skip (see bestPosition).
func (w *worker) lowerBound(s *state, v, k, i int) (lb, tight float64) {
	m := w.m
	r := s.routes[k]
	prev, next, t := s.around(k, i)
	lb = m.w.Travel * m.detour(v, prev, next, len(r) == 0)
	if m.unknown[v*m.nk+k] {
		lb += m.w.Continuity
	}
	sv := max(m.open[v], t+m.travel[prev][m.loc[v]])
	late := max(0, sv-m.close[v])
	if late > 0 {
		lb += m.w.TotalTardiness*late + m.w.MaxTardiness*max(0, late-s.tardMax)
	}
	tight = lb
	if i < len(r) {
		// the next visit starts no earlier than v's end and the leg to
		// it, nor earlier than now
		u := r[i]
		su := max(s.start[u], sv+m.dur[v]+m.travel[m.loc[v]][next])
		if lu := su - m.close[u]; lu > 0 {
			tight += m.w.TotalTardiness*(lu-s.tard(u)) + m.w.MaxTardiness*(max(late, lu, s.tardMax)-max(late, s.tardMax))
		}
	}
	return lb - eps, tight - eps
}

// insertPair inserts the two visits of a double visit: the best few
// places for a, each completed with the best place for b.
func (w *worker) insertPair(s *state, a, b int) {
	m := w.m
	base := s.cost() - m.w.Unassigned
	const keep = 4
	w.cands = w.cands[:0]
	worst := math.Inf(1)
	for _, k := range m.nurses[a] {
		if len(w.cands) == keep && m.unknown[a*m.nk+k] && m.w.Continuity-eps >= worst {
			continue
		}
		r := s.routes[k]
		for i := 0; i <= len(r); i++ {
			if len(w.cands) == keep {
				if lb, _ := w.lowerBound(s, a, k, i); lb >= worst {
					continue
				}
			}
			if w.rng.Float64() < blink {
				continue
			}
			if s.insert(a, k, i) {
				d := s.cost() - base
				if len(w.cands) < keep || d < worst {
					if len(w.cands) == keep {
						w.cands = w.cands[:keep-1]
					}
					j, _ := slices.BinarySearchFunc(w.cands, d, func(c cand, d float64) int { return cmp.Compare(c.d, d) })
					w.cands = slices.Insert(w.cands, j, cand{k, i, d})
					worst = w.cands[len(w.cands)-1].d
				}
			}
			s.rollback()
		}
	}
	best, ba, bb := math.Inf(1), cand{}, cand{}
	for _, c := range w.cands {
		if c.d >= best {
			break
		}
		if !s.insert(a, c.k, c.i) {
			s.rollback()
			continue
		}
		// bestPosition measures from the state with a inserted.
		if k, i, ok := w.bestPosition(s, b, best-(s.cost()-base)); ok {
			s.insert(b, k, i)
			if tot := s.cost() - base + m.w.Unassigned; tot < best {
				best, ba, bb = tot, c, cand{k, i, 0}
			}
			s.rollback()
		}
		s.rollback()
	}
	if !math.IsInf(best, 1) {
		s.insert(a, ba.k, ba.i)
		s.insert(b, bb.k, bb.i)
	}
}
