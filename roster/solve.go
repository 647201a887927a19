package roster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
)

// Options tune [Solve].
type Options struct {
	// Seed makes the search reproducible: the same problem, seed, worker
	// count and iteration budget give the same roster.
	Seed uint64
	// Workers is the number of searches run in parallel, each with its
	// own seed derived from Seed; they share the best roster at fixed
	// iteration counts. 0 means [DefaultWorkers]; at most [MaxWorkers].
	Workers int
	// TimeLimit stops the search after this much time (measured with
	// Clock). A run limited by time can differ between runs, because how
	// far each worker gets depends on the machine; use MaxIterations for
	// an exactly reproducible result. The limit holds for building the
	// first roster too: when it runs out there, the employees not yet
	// planned get a schedule from a fast pass (about a millisecond each
	// on a year with 32 shift types), a bounded repair re-plans schedules
	// that break a hard rule, and Solve returns that roster, which may
	// still break hard rules that a longer search would have repaired.
	// That completion does not look at the clock, so a limit shorter than
	// building the first roster is overrun by the time it takes: 0.4 s on
	// a year of 150 staff and 32 shift types (a 1 s limit ended at 1.4 s).
	// Likewise, when the best roster still breaks a hard rule as the
	// limit runs out, the schedules that break one are re-planned over
	// the whole horizon before Solve returns (see the package
	// documentation), which can overrun the limit by up to a tenth, and
	// by one more program of about a second on a year.
	TimeLimit time.Duration
	// MaxIterations stops each worker after this many moves. With
	// neither TimeLimit nor MaxIterations, the search stops when it has
	// converged ([StopConverged]): it runs on a move budget sized by the
	// problem (100 moves per employee and day, from 100,000 to 10
	// million per worker) and ends in the last quarter of it, where the
	// local search is coldest, once the best roster has not improved for
	// an eighth of it (or, having improved until the end, when the budget
	// is spent: [StopIterationLimit]); such a run is reproducible, like
	// one with an iteration budget. Without TimeLimit,
	// the column generation that comes before the moves (see the package
	// documentation) is bounded by counts of dives and nodes, not by
	// time, and is not counted in moves: on horizons over 42 days it
	// makes one dive over the whole horizon (up to 84 days) and 16 dives
	// over windows, which on the benchmark's 364-day instance of 50
	// employees took five and a half minutes on two cores; beyond 84
	// days, after eight tenths of the moves, it also makes one dive
	// over a week's window per week of the horizon.
	MaxIterations int64
	// Start is a roster of the same problem to begin from, for example
	// the accepted roster after someone fell ill: pin their days off with
	// [Problem.WithPins] and carry the roster over to the new problem
	// with [RosterFromAssignments]. The problem's pins override it.
	Start *Roster
	// ChangeWeight, with Start, is the penalty the search adds for each
	// cell that differs from Start, so that a repair changes as little
	// else as possible. It never appears in the returned evaluation.
	ChangeWeight int
	// Clock measures the time limit and the elapsed time; nil means the
	// system clock. The search reads it from several goroutines at once,
	// so it must be safe for concurrent use.
	Clock wijk.Clock
	// Progress, when set, is called (from the goroutine running Solve)
	// each time the best roster improves.
	Progress func(Progress)
}

// Progress reports the state of a running search.
type Progress struct {
	// Elapsed is the time since the search began.
	Elapsed time.Duration
	// Iterations counts the moves of all workers so far.
	Iterations int64
	// Best is the score of the best roster so far.
	Best Score
}

// Result is what [Solve] returns.
type Result struct {
	// Roster is the best roster found and Evaluation its assessment.
	Roster     *Roster
	Evaluation Evaluation
	// Optimal reports that the search proved Roster optimal: the branch
	// and price search went through its whole tree (every node searched
	// or ruled out by its bound), or the lower bound it proved reached
	// Roster's penalty; Solve returns early when the proof comes first.
	// When Roster has no hard violation, no roster without one has a
	// lower penalty (with Start and ChangeWeight, penalty plus change
	// penalty). The proof covers rosters without a hard violation only:
	// when Roster has one, Optimal says that the search found no roster
	// without one that does better, not that none with fewer violations
	// exists.
	Optimal bool
	// Bound is a lower bound the search proved: no roster without a hard
	// violation has a Penalty below it (with Start and ChangeWeight,
	// Penalty plus the change penalty). Column generation proves it, from
	// its first relaxation and its branch and price tree, so it is 0 on
	// horizons beyond 84 days. When the search stopped that relaxation
	// before it was solved (a large team), the rounds it made still bound
	// every roster, less tightly; it is 0 when none did. When Optimal
	// and Roster has no hard violation, it equals Roster's Penalty (plus
	// the change penalty); otherwise Penalty less Bound is the most a
	// better roster could gain.
	Bound int
	// Iterations counts the moves tried by all workers.
	Iterations int64
	// Elapsed is the time the search took.
	Elapsed time.Duration
	// Stop says why the search ended: [StopOptimal] with a proof,
	// [StopConverged] for a search without a limit that stopped finding
	// better rosters (see Options.MaxIterations), [StopIterationLimit] or
	// [StopTimeLimit] when the budget was spent, [StopCancelled] when ctx
	// ended first.
	Stop StopReason
}

// convergeBudget is the move budget per worker of a search without a
// limit: 100 moves per cell of the roster (employee and day), at least
// 100,000 and at most 10 million, so that the schedule of the local
// search (hot at first, cold at the end) has a length that grows with the
// problem rather than with the machine.
func convergeBudget(p *Problem) int64 {
	return min(max(100*int64(p.nE)*int64(p.days), 100_000), 10_000_000)
}

// stalled reports that a search without a limit has converged: in the
// last quarter of its budget, where the local search runs coldest (its
// temperature falls from 30 to 1 over the budget), the best roster has
// not improved for an eighth of the budget, counted from the start of the
// last phase at the earliest. lastGain is the move count of the last
// improvement, or of the start of that phase.
func stalled(iters, lastGain, budget int64) bool {
	return iters >= budget-budget/4 && iters-lastGain >= budget/8
}

// treeRootLate is rootLate for horizons of up to 42 days. The
// benchmark's Instance15 (45 staff) ends its first relaxation after 21 to
// 29 s of a minute, and does much worse when it gives up; on generated
// teams of 120 over 28 days the relaxation does not end at all, and the
// local search and a sweep of weeks did better with the last third of
// the minute than the local search alone with its last quarter.
const treeRootLate = 0.65

// rootLate is the share of the time limit by which the first relaxation
// of the one dive over a horizon of 43 to 84 days must have ended. On the
// benchmark's public 56- and 84-day instances the whole dive ends within
// a fifth of a minute; on generated teams of 40 over 84 days the
// relaxation took half of the minute or more, and the search of longer
// horizons did better with that time (see Solve).
const rootLate = 0.35

// The move mix, in percent (cumulative): cell changes, single-day swaps,
// block swaps, single-employee DP, and ruin and recreate for the rest.
const (
	mixChange = 30
	mixBlock  = 50
	mixSwap   = 62
	mixDP     = 86
	rrMax     = 4
)

const (
	epochIters = 4000
	syncEvery  = 8
	// hardPatience is how many epochs the best roster's hard violations
	// may go without shrinking before the search re-plans the employees
	// who break a rule over the whole horizon (see repairHorizon)
	hardPatience = 3
	// sweepLimitShare: with a time limit, a week's window of the sweep
	// (see sweepWindows) may take the limit divided by this
	sweepLimitShare = 30
	// sweepAt is the share of the budget at which the sweep starts on
	// horizons beyond 84 days; it may take a tenth
	sweepAt = 0.8
)

// Solve searches for a roster of p with no hard violation and the least
// soft penalty, and returns the best one found when it is proven optimal,
// when the time or iteration budget is spent, when a search without
// either has converged, or when ctx ends; [Result.Stop] says which. All
// of these are normal ends: Solve returns the roster and a nil error. An error means there is no roster: the
// problem or the options are invalid (the error matches
// [wijk.ErrInvalid]), or ctx had already ended when Solve was called (the
// error matches ctx's error).
//
// It builds a first roster employee by employee with the dynamic program
// that re-optimises one employee's schedule, and then searches by column
// generation (see the package documentation) as far as the horizon
// allows:
//
//   - Up to 42 days: dives for the first tenth of the time limit, then
//     branch and price from their best roster until nine tenths, as two
//     tree searches at once when there are two workers or more. The
//     first dive may run longer, until it has a roster; when its first
//     relaxation takes much of the time (a large team), its steps fix
//     more employees at once, so that it ends by about half of the time,
//     and when that relaxation ends after the first tenth, the dive fixes
//     the rest without pricing and the local search improves its roster
//     for half of the time left before branch and price starts. When
//     the first relaxation has not ended by 0.65 of the time, or the
//     first dive has no roster by three quarters of it, the dive gives
//     up: the local search runs for the next tenth of the time, then
//     weeks are swept as on the longest horizons.
//   - Up to 84 days: one dive over the whole horizon (which may take up
//     to three quarters of the time; once its first relaxation is
//     solved, its steps fix more employees at once when that keeps it
//     ending by 0.55 of the time), then re-planning windows of four to
//     eight weeks, everyone's schedule outside the window kept, until
//     0.85 of the time or until no window can improve the roster. When
//     the dive's first relaxation has not ended by 0.35 of the time (a
//     large team), the dive gives up, and the local search runs for
//     the next 0.15 of the time; the rest is as on longer horizons.
//   - Longer: the local search below for the first quarter of the time,
//     then the same windows until 0.8 of the time (when the roster has
//     no hard violation by then and a window's first relaxation takes
//     less than a tenth of the time), the local search until 0.8 if the
//     windows ended sooner, then windows of one week swept in turn (see
//     the package documentation) until 0.9 at most.
//
// The windows of four to eight weeks give up at once, on either horizon,
// when the first of them has not solved its relaxation within its share
// of one pass over the horizon: the time left for the windows divided by
// the number of four-week windows that cover it.
//
// Limited by iterations only, or not limited, it makes a fixed number of
// dives, tree nodes and windows instead, so that the result is
// reproducible. When
// the tree search goes through its whole tree, the roster is proven
// optimal and Solve returns it at once ([Result.Optimal]). Otherwise it
// last improves the roster by simulated annealing over single-cell
// changes, swaps and block swaps between employees, that same dynamic
// program over a window of days, and ruin and recreate of several
// employees over a window. Pinned cells never change.
func Solve(ctx context.Context, p *Problem, opt Options) (Result, error) {
	if err := p.check("problem"); err != nil {
		return Result{}, err
	}
	if opt.Workers < 0 || opt.Workers > MaxWorkers {
		return Result{}, wijk.Invalid("options.workers", "must be between 0 and %d, got %d", MaxWorkers, opt.Workers)
	}
	if opt.TimeLimit < 0 || opt.MaxIterations < 0 {
		return Result{}, wijk.Invalid("options", "time limit and iteration budget must not be negative")
	}
	if opt.ChangeWeight < 0 || opt.ChangeWeight > MaxWeight {
		return Result{}, wijk.Invalid("options.changeWeight", "must be between 0 and %d, got %d", MaxWeight, opt.ChangeWeight)
	}
	if opt.Start != nil && opt.Start.p != p {
		return Result{}, wijk.Invalid("options.start", "must be a roster of the same problem")
	}
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("roster: solve: %w", err)
	}
	workers := opt.Workers
	if workers == 0 {
		workers = DefaultWorkers
	}
	// without a limit the search runs on a move budget of its own, sized
	// by the problem, and ends when its coldest moves stop improving (see
	// convergeBudget and stalled)
	converge := opt.TimeLimit == 0 && opt.MaxIterations == 0
	if converge {
		opt.MaxIterations = convergeBudget(p)
	}
	converged := false
	begin := wijk.Now(opt.Clock)
	elapsed := func() time.Duration { return wijk.Now(opt.Clock).Sub(begin) }

	pref := p.pref
	start := newRoster(p).cells
	if opt.Start != nil {
		start = append([]int8(nil), opt.Start.cells...)
		for i, k := range p.pin {
			if k != noPin {
				start[i] = k
			}
		}
		if opt.ChangeWeight > 0 {
			pref = append([]int32(nil), p.pref...)
			for i, k := range opt.Start.cells {
				base := i * (p.nS + 1)
				for o := 0; o <= p.nS; o++ {
					if o != int(k)+1 {
						pref[base+o] += int32(opt.ChangeWeight)
					}
				}
			}
		}
	}

	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = newWorker(p, start, pref, opt.Seed, i)
	}
	// every worker builds the same first roster (construction is
	// deterministic), so only the first one does the work; the time
	// limit and ctx cut it short (it then completes the roster fast)
	ws[0].construct(opt.Start == nil, func() bool {
		return ctx.Err() != nil || (opt.TimeLimit > 0 && elapsed() >= opt.TimeLimit)
	})
	ws[0].saveBest()
	for _, w := range ws[1:] {
		w.adopt(ws[0].best)
		w.saveBest()
	}
	bestW := 0
	var iters int64
	report := func() {
		if opt.Progress != nil {
			b := ws[bestW]
			opt.Progress(Progress{Elapsed: elapsed(), Iterations: iters, Best: b.score()})
		}
	}
	report()
	improved := func(cells []int8) {
		ws[0].adopt(cells)
		ws[0].saveBest()
		report()
	}
	at := func(f float64) time.Time { return begin.Add(time.Duration(f * float64(opt.TimeLimit))) }
	// mend re-plans over the whole horizon the employees of the best
	// roster who break a hard rule (see repairHorizon), when it has any,
	// until the share frac of the time limit is spent
	mend := func(frac float64) {
		b := ws[bestW]
		if b.bestHard == 0 || ctx.Err() != nil {
			return
		}
		b.adopt(b.best)
		b.repairHorizon(func() bool {
			return ctx.Err() != nil || (opt.TimeLimit > 0 && !wijk.Now(opt.Clock).Before(at(frac)))
		})
		if b.st.obj() < b.bestObj {
			b.saveBest()
			report()
		}
	}

	var stopErr error
	epoch := 0
	var lastGain int64
	lastHard, hardEpoch := int64(math.MaxInt64), 0
	// anneal runs the local search on every worker until the share frac
	// of the budget is spent (or ctx ends), and reports whether to go on
	anneal := func(frac float64) bool {
		for {
			if err := ctx.Err(); err != nil {
				stopErr = err
				return false
			}
			if opt.TimeLimit > 0 && elapsed() >= time.Duration(frac*float64(opt.TimeLimit)) {
				return true
			}
			until := int64(frac * float64(opt.MaxIterations))
			if opt.MaxIterations > 0 && ws[0].iters >= until {
				return true
			}
			var deadline time.Time
			if opt.TimeLimit > 0 {
				deadline = at(frac)
			}
			n := int64(epochIters)
			if opt.MaxIterations > 0 {
				n = min(n, until-ws[0].iters)
			}
			var wg sync.WaitGroup
			for _, w := range ws {
				wg.Add(1)
				go func() {
					defer wg.Done()
					w.run(ctx, n, func() float64 {
						if opt.MaxIterations > 0 {
							return float64(w.iters) / float64(opt.MaxIterations)
						}
						return float64(elapsed()) / float64(opt.TimeLimit)
					}, deadline, opt.Clock)
				}()
			}
			wg.Wait()
			iters = 0
			prev := ws[bestW].bestObj
			bestW = 0
			for i, w := range ws {
				iters += w.iters
				if w.bestObj < ws[bestW].bestObj {
					bestW = i
				}
			}
			if ws[bestW].bestObj < prev {
				report()
				lastGain = ws[0].iters
			}
			// a hard violation that the moves have not reduced for a
			// while is mended over the whole horizon
			if h := ws[bestW].bestHard; h < lastHard {
				lastHard, hardEpoch = h, epoch
			} else if h > 0 && epoch-hardEpoch >= hardPatience {
				mend(frac)
				lastHard, hardEpoch = ws[bestW].bestHard, epoch
			}
			if converge && frac == 1 && stalled(ws[0].iters, lastGain, opt.MaxIterations) {
				converged = true
				return true
			}
			// every few epochs, a worker that fell behind the best carries
			// on from it
			epoch++
			for i, w := range ws {
				if epoch%syncEvery == 0 && i != bestW && w.bestObj > ws[bestW].bestObj {
					w.adopt(ws[bestW].best)
					w.saveBest()
				}
			}
		}
	}
	// replan runs search (windowSearch or sweepWindows) from the best
	// roster until the share frac of the budget is spent: without a time
	// limit, over up to dives windows; with one, each window's dive may
	// take the limit divided by share, and with passes above zero the
	// first window's relaxation must end within the time left divided by
	// passes
	replan := func(frac float64, dives int, share time.Duration, passes int, search windowsFunc) {
		if bestW != 0 {
			ws[0].adopt(ws[bestW].best)
			ws[0].saveBest()
			bestW = 0
		} else {
			ws[0].adopt(ws[0].best)
		}
		n := dives
		stop := func() bool { return ctx.Err() != nil }
		var limit, first time.Duration
		if opt.TimeLimit > 0 {
			n = 0
			stop = func() bool { return ctx.Err() != nil || !wijk.Now(opt.Clock).Before(at(frac)) }
			limit = opt.TimeLimit / share
			if passes > 0 {
				first = min(limit, at(frac).Sub(wijk.Now(opt.Clock))/time.Duration(passes))
				first = max(first, time.Nanosecond) // zero would mean no such limit
			}
		}
		search(ws[0].st, workers, ws[0].rng, n, stop, limit, first, opt.Clock, improved)
	}
	// a first window too slow for its share of a pass would make a pass
	// take longer than the windows have
	windows := func(frac float64) { replan(frac, cgWindowDives, 10, windowsPerPass(p.days), windowSearch) }
	// a sweep of weeks (see sweepWindows) makes one dive per week of the
	// horizon when not limited by time
	sweep := func(frac float64) { replan(frac, p.days/sweepSpan, sweepLimitShare, 0, sweepWindows) }

	optimal, goOn := false, true
	// long searches a horizon too long for one master, or one whose
	// master did not end in time. The local search runs until the share
	// from of the time, looking for a roster with no hard violation
	// first, which the windows then improve; late in the run,
	// re-planning a week at a time gains more than the moves do, and the
	// moves then have the last tenth
	long := func(from float64) {
		goOn = anneal(from)
		if goOn {
			mend(sweepAt)
		}
		// (windows of four weeks and more would re-plan most or all of a
		// horizon of up to six weeks: that relaxation was too slow)
		if goOn && ws[bestW].bestHard == 0 && p.days > cgOneByOne {
			windows(sweepAt)
		}
		if goOn && ws[bestW].bestHard == 0 {
			goOn = anneal(sweepAt)
		}
		if goOn && ws[bestW].bestHard == 0 {
			sweep(sweepAt + 0.1)
		}
	}
	bound := math.Inf(-1)
	switch {
	case treeEligible(p):
		// the dives take the first tenth of the time and branch and price
		// the rest up to nine tenths
		lim := searchLimits{dives: cgDives, tree: true, treeNodes: cgTreeNodes}
		if opt.TimeLimit > 0 {
			// a first dive whose relaxation has not ended by
			// treeRootLate of the time, or that has no roster by three
			// quarters of it, gives up, and the search of long horizons
			// has the rest
			lim = searchLimits{dives: 1 << 20, tree: true, treeAt: at(0.1), deadline: at(0.9), late: at(0.75), portfolio: true, paceBy: at(0.5), rootBy: at(treeRootLate)}
			// when the first relaxation took the dives' time, the local
			// search has half of what is left before nine tenths, and a
			// sweep of weeks the other half: the tree search, whose nodes
			// are as slow as that relaxation, gained little in that time
			// (see "A slow first relaxation" in docs/benchmarks.md); it
			// has what the sweep leaves
			lim.interlude = func() []int8 {
				for _, w := range ws[1:] {
					w.adopt(ws[0].best)
					w.saveBest()
				}
				prev := ws[bestW].bestObj
				if !anneal((0.9 + float64(elapsed())/float64(opt.TimeLimit)) / 2) {
					return nil
				}
				if ws[bestW].bestHard == 0 {
					sweep(0.9)
				}
				if ws[bestW].bestObj >= prev {
					return nil
				}
				return ws[bestW].best
			}
		}
		cs := columnSearch(ctx, ws[0].st, workers, ws[0].rng, lim, opt.Clock, improved)
		optimal, bound = cs.proven, cs.bound
		// the interlude may have left the best roster with another worker
		for i, w := range ws {
			if w.bestObj < ws[bestW].bestObj {
				bestW = i
			}
		}
		if cs.best == nil && !optimal && opt.TimeLimit > 0 && ctx.Err() == nil {
			long(float64(elapsed())/float64(opt.TimeLimit) + 0.1)
		}
	case cgEligible(p):
		// the tree search needs every node's relaxation solved to the
		// end, which longer horizons cannot afford: one dive over the
		// whole horizon (which may take up to three quarters of the
		// time, paced to end by 0.55 of it) gives the windows their
		// first roster. When its first relaxation has not ended by
		// rootLate of the time (a large team), the dive gives up, and
		// the search goes on as on a longer horizon, the local search
		// first; so it does when the dive found no roster at all
		lim := searchLimits{dives: 1}
		if opt.TimeLimit > 0 {
			lim.deadline, lim.late, lim.rootBy, lim.paceBy = at(0.75), at(0.75), at(rootLate), at(0.55)
		}
		cs := columnSearch(ctx, ws[0].st, workers, ws[0].rng, lim, opt.Clock, improved)
		bound = cs.bound
		if cs.best == nil && opt.TimeLimit > 0 && ctx.Err() == nil {
			long(float64(elapsed())/float64(opt.TimeLimit) + 0.15)
		} else {
			windows(0.85)
		}
	case p.days > cgMaxDays && p.nE > 0:
		long(0.25)
	}
	// a bound that reaches the best roster proves it optimal, even when
	// the tree search that raised it ran out of time just before
	reached := func() bool {
		b := provenBound(bound)
		return b > 0 && int64(b) >= ws[bestW].bestObj
	}
	optimal = optimal || reached()
	if goOn {
		mend(1)
		for _, w := range ws[1:] {
			w.adopt(ws[bestW].best)
			w.saveBest()
		}
		// a roster proven optimal needs no polishing
		if !optimal {
			lastGain = ws[0].iters
			anneal(1)
		}
	}
	// a roster that keeps the rules is worth overrunning the limit by
	// up to a tenth
	mend(1.1)
	optimal = optimal || reached()
	r := &Roster{p: p, cells: append([]int8(nil), ws[bestW].best...)}
	res := Result{Roster: r, Evaluation: r.Evaluate(), Optimal: optimal, Bound: provenBound(bound), Iterations: iters, Elapsed: elapsed()}
	switch {
	case optimal:
		res.Bound = int(min(ws[bestW].bestObj, math.MaxInt32))
		res.Stop = StopOptimal
	case stopErr != nil || ctx.Err() != nil:
		res.Stop = StopCancelled
	case converged:
		res.Stop = StopConverged
	case opt.MaxIterations > 0 && (opt.TimeLimit == 0 || ws[0].iters >= opt.MaxIterations):
		res.Stop = StopIterationLimit
	default:
		res.Stop = StopTimeLimit
	}
	return res, nil
}

type worker struct {
	p       *Problem
	st      *state
	rng     *rand.Rand
	dp      dpWork
	best    []int8
	bestObj int64
	// bestHard is the hard magnitude of best
	bestHard int64
	iters    int64
	seg      []int8
	save     []int8
	lambda   []int64
	emps     []int
	rr       []int8
	viol     []Violation
	noise    int64
	hint     []int8
	priced   []int8
}

func newWorker(p *Problem, start []int8, pref []int32, seed uint64, i int) *worker {
	w := &worker{
		p:      p,
		st:     newState(p, start, pref),
		rng:    rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15*uint64(i+1))),
		seg:    make([]int8, p.days),
		save:   make([]int8, p.days*4),
		lambda: make([]int64, p.nS),
	}
	w.dp.rng = w.rng
	return w
}

func (w *worker) adopt(cells []int8) {
	copy(w.st.cells, cells)
	w.st.recompute()
}

func (w *worker) saveBest() {
	w.best = append(w.best[:0], w.st.cells...)
	w.bestObj = w.st.obj()
	w.bestHard = w.st.hard
}

func (w *worker) score() Score {
	r := &Roster{p: w.p, cells: w.best}
	return r.Evaluate().Score()
}

// pricedAbove is the size (states times days) of the exact program above
// which the construction prices the minutes instead (see priceMinutes).
const pricedAbove = maxCountStates

// construct gives every employee a schedule with the DP, one after the
// other, each seeing the cover the earlier ones already give, in two
// passes. Long horizons go in windows, on the first pass with the
// contract's totals spread pro rata. It asks stop before each window
// (each employee on short horizons); once stop reports true, it fills the
// windows the first pass from scratch has not reached yet with the fast
// priced program (see priceMinutes), leaves the rest as it is, and
// repairs what the missing second pass would have (see repairFew), so
// that there is always a whole roster. It reports whether stop ended it.
func (w *worker) construct(fromScratch bool, stop func() bool) bool {
	p := w.p
	span := 28
	if p.days <= 42 {
		span = p.days
	}
	stopped := false
	for pass := 0; pass < 2 && !(stopped && pass > 0); pass++ {
		first := pass == 0 && fromScratch
		for e := range p.nE {
			for a := 0; a < p.days; a += span {
				b := min(a+span, p.days)
				stopped = stopped || stop()
				switch {
				case stopped && !first:
				case stopped:
					w.constructWindow(e, a, b, true)
				case p.days <= 42 || !first:
					w.improveWindow(e, a, b, true)
				default:
					w.constructWindow(e, a, b, false)
				}
			}
		}
	}
	if stopped {
		w.repairFew(span, p.nE)
	}
	return stopped
}

// repairFew re-optimises, window by window, the schedules of the
// employees who break a hard rule, as the second pass of construct would
// have, until each keeps the rules or n windows were tried in all: a
// bounded repair of a roster cut short.
func (w *worker) repairFew(span, n int) {
	p, st := w.p, w.st
	for e := 0; e < p.nE && n > 0; e++ {
		for a := 0; a < p.days && n > 0 && st.mag[e] > 0; a += span {
			w.improveWindow(e, a, min(a+span, p.days), false)
			n--
		}
	}
}

// maxRepairStates bounds states × days of the whole-horizon repair (see
// repairHorizon). Its back pointers take four bytes each: 256 MiB at the
// bound, held only while the repair runs.
const maxRepairStates = 64_000_000

// repairTries bounds the programs repairHorizon runs for one employee.
const repairTries = 12

// repairHorizon re-plans the whole horizon of every employee who breaks
// a hard rule, with everyone else fixed, and keeps each new schedule that
// makes the roster better. Windows cannot mend every such schedule: a
// contract whose total minutes, weekends and runs leave almost no slack
// over a year (Instance22 of the Curtois & Qu benchmark has one: 232 to
// 234 shifts in 328 available days, at most 26 weekends) can need the
// whole year moved to free a single day.
//
// It runs the exact program when that fits maxRepairStates. Where it does
// not (a year whose shift lengths make the minutes fine-grained), the
// weekends leave the state and are priced, the price raised until the
// schedule keeps the contract's maximum; where even that is too large,
// the minutes are priced instead, and the weekends counted (see
// priceMinutes). The maximum per shift type is priced as in dpInto.
// stop is asked before each program.
func (w *worker) repairHorizon(stop func() bool) {
	for e := range w.p.nE {
		if w.st.mag[e] > 0 && !stop() {
			w.repairEmployee(e, stop)
		}
	}
	// the buffers of a program over the whole horizon are far larger than
	// the local search needs
	if cap(w.dp.back) > maxDPStates {
		w.dp.back = nil
	}
}

// repairEmployee is repairHorizon for employee e.
func (w *worker) repairEmployee(e int, stop func() bool) {
	p, st := w.p, w.st
	H := p.days
	c := &p.emp[e]
	seg := w.seg[:H]
	keep := w.save[:H]
	bestObj := st.obj()
	copy(keep, st.row(e))
	for i := range w.lambda {
		w.lambda[i] = 0
	}
	mode := 0 // 0: exact; 1: weekends priced; 2: minutes priced, weekends counted
	wePrice := int64(0)
	for try := 0; try < repairTries && !stop(); try++ {
		sp := st.spec(e, 0, H, w.lambda)
		sp.states = maxRepairStates
		sp.pricedWE, sp.wePrice = mode >= 1, wePrice
		if mode == 0 && st.exactSize(sp) > maxRepairStates {
			mode, sp.pricedWE = 1, true
		}
		if mode == 1 && st.exactSize(sp) > maxRepairStates {
			mode = 2
		}
		var ok bool
		if mode == 2 {
			// a price per longest shift, not per unit of minutes, which
			// can be as short as a minute
			sp.pricedWE, sp.finePrice = false, true
			ok, _ = w.priceMinutes(sp, seg)
		} else {
			ok = st.optimise(sp, &w.dp, seg)
		}
		if !ok {
			break
		}
		for d := range H {
			st.set(e, d, seg[d])
		}
		st.refresh(e)
		if o := st.obj(); o < bestObj {
			bestObj = o
			copy(keep, seg)
		}
		if w.dp.raise(c, seg, w.lambda) {
			continue
		}
		if mode != 1 || weekendsOf(p, seg) <= c.maxWE || wePrice >= hardW-1 {
			break
		}
		wePrice = min(wePrice*4+16, hardW-1)
	}
	for d := range H {
		st.set(e, d, keep[d])
	}
	st.refresh(e)
}

// weekendsOf counts the weekends a row of the whole horizon works.
func weekendsOf(p *Problem, row []int8) int {
	n := 0
	last := int32(-1)
	for d, k := range row {
		if wk := p.weekendOf[d]; wk >= 0 && k >= 0 && wk != last {
			n++
			last = wk
		}
	}
	return n
}

// constructWindow fills days [a, b) of e on a first pass, with the totals
// scaled to the days planned so far. It prices the minutes (see
// priceMinutes) when fast is set or the exact program would be large.
func (w *worker) constructWindow(e, a, b int, fast bool) {
	p, st := w.p, w.st
	c := &p.emp[e]
	row := st.row(e)
	before := 0
	we := 0
	last := int32(-1)
	for d := 0; d < a; d++ {
		if row[d] >= 0 {
			before += p.length[row[d]]
			if wk := p.weekendOf[d]; wk >= 0 && wk != last {
				we++
				last = wk
			}
		}
	}
	// spread the totals over the days the employee is available, so that
	// a holiday does not leave a window short of its share
	availTo, availAll := 0, 0
	for d := range p.days {
		if !c.dayOff[d] {
			availAll++
			if d < b {
				availTo++
			}
		}
	}
	availAll = max(availAll, 1)
	slack := p.shortest
	if fast && b == p.days {
		// nothing comes after to make up for it
		slack = 0
	}
	sp := dpSpec{e: e, a: a, b: b, lo: c.minMin*availTo/availAll - before - slack, hi: big, weBudget: unlimitedWE, lambda: w.lambda}
	if c.maxMin < big {
		sp.hi = c.maxMin*availTo/availAll - before + slack
	}
	if c.maxWE < big {
		wkTotal, wkSoFar := max(p.nWeekends, 1), 0
		for d := 0; d < b; d++ {
			if p.weekendOf[d] >= 0 && (d == 0 || p.weekendOf[d-1] != p.weekendOf[d]) {
				wkSoFar++
			}
		}
		sp.weBudget = max((c.maxWE*wkSoFar+wkTotal-1)/wkTotal-we, 0)
	}
	for i := range w.lambda {
		w.lambda[i] = 0
	}
	sp.dayOffW = 4 * hardW
	seg := w.seg[:b-a]
	ok, hit, priced := false, false, fast || st.exactSize(sp) > pricedAbove
	if priced {
		ok, hit = w.priceMinutes(sp, seg)
	}
	// the exact program, unless the priced one was enough: on the first
	// pass the second repairs a window that missed its share of the
	// totals, but a roster completed fast has no second pass (optimise
	// keeps seg as it is when the window is too large for it)
	if (!priced || (fast && !hit)) && st.optimise(sp, &w.dp, seg) {
		ok = true
	}
	if ok {
		for d := a; d < b; d++ {
			st.set(e, d, seg[d-a])
		}
		st.refresh(e)
	}
}

// priceSpan bounds the price per unit of minutes that priceMinutes
// searches: at its ends a shift costs or gains more than any soft cost of
// a day. priceMinutes narrows it further so that the longest shift's
// price stays below one unit of hard magnitude (a small minute unit makes
// a shift many units long), so that no price makes breaking a hard rule
// cheaper than missing minutes.
const priceSpan = 2048

// priceMinutes runs the program for sp with the minutes priced instead of
// counted (see dpSpec.priced), much smaller than the exact program on long
// windows with many shift types: it searches by bisection for a price per
// unit of minutes at which the schedule's minutes fall between sp.lo and
// sp.hi, and writes into seg the first schedule found that does, or else
// the one closest to them. It reports whether the program found a
// schedule at all, and whether its minutes fall between the bounds.
func (w *worker) priceMinutes(sp dpSpec, seg []int8) (ok, hit bool) {
	p := w.p
	U := p.unit
	tlo := (sp.lo + U - 1) / U
	if sp.lo <= 0 {
		tlo = 0
	}
	thi := big
	if sp.hi < big {
		thi = sp.hi / U
	}
	if cap(w.priced) < len(seg) {
		w.priced = make([]int8, len(seg))
	}
	best := w.priced[:len(seg)]
	bestD := -1
	sp.priced = true
	maxLenU := 1
	for _, l := range p.length {
		maxLenU = max(maxLenU, l/U)
	}
	// with finePrice a price is per longest shift, not per unit
	div := int64(1)
	if sp.finePrice {
		div = int64(maxLenU)
	}
	span := min(priceSpan*div, (hardW-1)*div/int64(maxLenU))
	lo, hi := -span, span
	for price := int64(0); lo <= hi; price = (lo + hi) >> 1 {
		sp.minPrice = price
		if !w.st.optimise(sp, &w.dp, seg) {
			return false, false
		}
		m := 0
		for _, k := range seg {
			if k >= 0 {
				m += p.length[k] / U
			}
		}
		d := max(tlo-m, m-thi, 0)
		if bestD < 0 || d < bestD {
			copy(best, seg)
			bestD = d
		}
		if d == 0 {
			break
		}
		if m > thi {
			lo = price + 1
		} else {
			hi = price - 1
		}
	}
	copy(seg, best)
	return true, bestD == 0
}

// improveWindow re-optimises e over [a, b) and keeps the result when it is
// no worse (or always, when force is set and the result is no worse in
// hard magnitude). It returns the change in the objective, applied or not.
func (w *worker) improveWindow(e, a, b int, force bool) (int64, bool) {
	st := w.st
	before := st.obj()
	copy(w.save, st.row(e)[a:b])
	if !w.dpInto(e, a, b) {
		return 0, false
	}
	delta := st.obj() - before
	if delta > 0 && !force {
		w.restore(e, a, b)
		return delta, false
	}
	return delta, true
}

// dpInto runs the DP for e over [a, b), raising the multipliers of shift
// types whose maximum the result breaks, and applies the result.
func (w *worker) dpInto(e, a, b int) bool { return w.dpIntoFree(e, a, b, false) }

// dpIntoFree is dpInto; with free the window may fall short of the
// contract's minimum minutes (a second window is to make up for it).
func (w *worker) dpIntoFree(e, a, b int, free bool) bool {
	p, st := w.p, w.st
	c := &p.emp[e]
	for i := range w.lambda {
		w.lambda[i] = 0
	}
	seg := w.seg[:b-a]
	for try := 0; ; try++ {
		sp := st.spec(e, a, b, w.lambda)
		sp.noise = w.noise
		sp.hint = w.hint
		if free {
			sp.lo = -big
		}
		if !st.optimise(sp, &w.dp, seg) {
			return false
		}
		if !w.dp.raise(c, seg, w.lambda) || try == 3 {
			break
		}
	}
	w.put(e, a, seg)
	return true
}

// restore puts back e's schedule over [a, b) as saved in w.save.
func (w *worker) restore(e, a, b int) { w.put(e, a, w.save[:b-a]) }

// put writes cells into employee e's schedule from day a on, and counts
// e's hard violations again.
func (w *worker) put(e, a int, cells []int8) {
	for i, k := range cells {
		w.st.set(e, a+i, k)
	}
	w.st.refresh(e)
}

// run performs n moves (fewer when the deadline passes or ctx ends).
func (w *worker) run(ctx context.Context, n int64, progress func() float64, deadline time.Time, clock wijk.Clock) {
	p, st := w.p, w.st
	H, nE := p.days, p.nE
	const t0, t1 = 30.0, 1.0
	temp := t0
	for i := int64(0); i < n; i++ {
		if i&63 == 0 {
			if ctx.Err() != nil || (!deadline.IsZero() && !wijk.Now(clock).Before(deadline)) {
				return
			}
			temp = t0 * math.Pow(t1/t0, min(progress(), 1))
		}
		w.iters++
		// the largest worsening this move may make and still be accepted
		thr := int64(-temp * math.Log(1-w.rng.Float64()))
		before := st.obj()
		x := w.rng.IntN(100)
		if st.hard > 0 && x < mixSwap && w.rng.IntN(2) == 0 {
			x = mixSwap // while infeasible, favour repairing an employee
		}
		switch {
		case x < mixChange: // change one cell
			e, d := w.rng.IntN(nE), w.rng.IntN(H)
			if p.pin[e*H+d] != noPin {
				continue
			}
			k := int8(w.rng.IntN(p.nS+1)) - 1
			old := st.cells[e*H+d]
			if k == old || (k >= 0 && p.emp[e].maxShift[k] == 0) {
				continue
			}
			if st.softDelta(e, d, k) > thr {
				continue
			}
			st.set(e, d, k)
			st.refresh(e)
			if st.obj()-before > thr {
				st.set(e, d, old)
				st.refresh(e)
			}
		case x < mixSwap: // swap one day or a block of days between two employees
			e1, e2 := w.rng.IntN(nE), w.rng.IntN(nE)
			if e1 == e2 {
				continue
			}
			d := w.rng.IntN(H)
			l := 1
			if x >= mixBlock {
				l = 2 + w.rng.IntN(6)
			}
			l = min(l, H-d)
			if !w.swap(e1, e2, d, l) {
				continue
			}
			if st.obj()-before > thr {
				w.swap(e1, e2, d, l)
			}
		case x < mixDP: // re-optimise one employee over a window
			e := w.pickEmployee()
			a, b := w.window(28)
			if st.mag[e] > 0 {
				l := 28
				if p.days > 2*28 && w.rng.IntN(4) == 0 {
					// a dense contract may need a quarter of a year to
					// make room for a change
					l = 84
				}
				a, b = w.violationWindow(e, l)
			}
			if p.days > 2*28 && w.rng.IntN(2) == 0 {
				w.twoWindows(e, a, b, before, thr)
				break
			}
			copy(w.save, st.row(e)[a:b])
			w.noise = 0
			if st.hard == 0 && w.rng.IntN(2) == 0 {
				w.noise = int64(temp) + 1
			}
			ok := w.dpInto(e, a, b)
			w.noise = 0
			if !ok {
				continue
			}
			if st.obj()-before > thr {
				w.restore(e, a, b)
			}
		default: // ruin and recreate a few employees over a window
			w.ruinRecreate(before, thr)
		}
		if st.obj() < w.bestObj {
			w.saveBest()
		}
	}
}

func (w *worker) pickEmployee() int {
	st := w.st
	if st.hard > 0 && w.rng.IntN(2) == 0 {
		// an employee who breaks a rule, chosen uniformly
		n := 0
		for _, m := range st.mag {
			if m > 0 {
				n++
			}
		}
		j := w.rng.IntN(n)
		for e, m := range st.mag {
			if m > 0 {
				if j == 0 {
					return e
				}
				j--
			}
		}
	}
	return w.rng.IntN(w.p.nE)
}

// window returns a random window of at most maxLen days (the whole
// horizon when it is that short, half of the time).
func (w *worker) window(maxLen int) (int, int) {
	H := w.p.days
	if H <= maxLen && w.rng.IntN(2) == 0 {
		return 0, H
	}
	l := min(H, 7+w.rng.IntN(maxLen-6))
	a := w.rng.IntN(H - l + 1)
	return a, a + l
}

// swap exchanges days [d, d+l) between e1 and e2. It reports false, and
// changes nothing, when a pin is in the way or the cells are equal.
func (w *worker) swap(e1, e2, d, l int) bool {
	p, st := w.p, w.st
	H := p.days
	same := true
	for i := d; i < d+l; i++ {
		if p.pin[e1*H+i] != noPin || p.pin[e2*H+i] != noPin {
			return false
		}
		if st.cells[e1*H+i] != st.cells[e2*H+i] {
			same = false
		}
	}
	if same {
		return false
	}
	for i := d; i < d+l; i++ {
		k1, k2 := st.cells[e1*H+i], st.cells[e2*H+i]
		st.set(e1, i, k2)
		st.set(e2, i, k1)
	}
	st.refresh(e1)
	st.refresh(e2)
	return true
}

func (w *worker) ruinRecreate(before, thr int64) {
	p, st := w.p, w.st
	a, b := w.window(21)
	m := min(p.nE, 2+w.rng.IntN(rrMax-1))
	w.emps = w.emps[:0]
	for len(w.emps) < m {
		e := w.rng.IntN(p.nE)
		dup := false
		for _, x := range w.emps {
			dup = dup || x == e
		}
		if !dup {
			w.emps = append(w.emps, e)
		}
	}
	L := b - a
	if cap(w.rr) < m*L {
		w.rr = make([]int8, m*L)
	}
	saved := w.rr[:m*L]
	for j, e := range w.emps {
		copy(saved[j*L:(j+1)*L], st.row(e)[a:b])
		w.empty(e, a, b)
	}
	ok := true
	for j, e := range w.emps {
		w.hint = saved[j*L : (j+1)*L]
		ok = w.dpInto(e, a, b)
		w.hint = nil
		if !ok {
			break
		}
	}
	if ok && st.obj()-before <= thr {
		return
	}
	for j, e := range w.emps {
		w.put(e, a, saved[j*L:(j+1)*L])
	}
}

// violationWindow returns a random window of at most maxLen days around a
// day where employee e breaks a rule (anywhere, for rules about totals).
func (w *worker) violationWindow(e, maxLen int) (int, int) {
	p := w.p
	w.viol = w.viol[:0]
	p.scan(e, w.st.row(e), &w.viol)
	if len(w.viol) == 0 {
		return w.window(maxLen)
	}
	v := w.viol[w.rng.IntN(len(w.viol))]
	if len(v.Days) == 0 {
		return w.window(maxLen)
	}
	H := p.days
	c := min(max(v.Days[w.rng.IntN(len(v.Days))], 0), H-1)
	l := min(H, 7+w.rng.IntN(maxLen-6))
	a := min(max(c-w.rng.IntN(l), 0), H-l)
	return a, a + l
}

// twoWindows moves work of employee e between two parts of a long
// horizon: [a, b) and another window of e's, chosen at random, are
// re-planned one after the other (see replanPair, which half of the time
// empties [a, b) first), and both are kept when the pair is accepted.
func (w *worker) twoWindows(e, a, b int, before, thr int64) {
	st := w.st
	H := w.p.days
	l := min(28, H/2)
	if w.st.mag[e] > 0 && H >= 4*56 && w.rng.IntN(2) == 0 {
		l = 56
	}
	a2 := w.rng.IntN(H - l + 1)
	if a2 < b && a < a2+l {
		return // the windows overlap
	}
	b2 := a2 + l
	row := st.row(e)
	n1, n2 := b-a, b2-a2
	if cap(w.rr) < n1+n2 {
		w.rr = make([]int8, n1+n2)
	}
	saved := w.rr[:n1+n2]
	copy(saved, row[a:b])
	copy(saved[n1:], row[a2:b2])
	if w.replanPair(e, a, b, a2, b2, saved[:n1], w.rng.IntN(2) == 0) && st.obj()-before <= thr {
		return
	}
	w.put(e, a, saved[:n1])
	w.put(e, a2, saved[n1:])
}

// replanPair re-plans employee e over the disjoint windows [a, b) and
// [a2, b2), whose first holds the schedule old, and reports whether both
// programs ran (the caller restores the windows either way when it does
// not keep the result). By default [a, b) goes first, free of the
// contract's minimum minutes, and [a2, b2) makes up the minutes. With
// empty, [a, b) is emptied first and re-planned last: the other window
// may then take what [a, b) held, a weekend when the employee is at the
// contract's maximum, or shifts of a type at its maximum, which the first
// window alone would not give up while working it still gains anything.
// On the benchmark's Instance22, where every employee works the most
// weekends the contract allows, this lets a weekend move to a distant
// week whose cover is short.
func (w *worker) replanPair(e, a, b, a2, b2 int, old []int8, empty bool) bool {
	if !empty {
		return w.dpIntoFree(e, a, b, true) && w.dpInto(e, a2, b2)
	}
	w.empty(e, a, b)
	if !w.dpIntoFree(e, a2, b2, true) {
		return false
	}
	// the old schedule bounds the search, as in ruin and recreate
	w.hint = old
	ok := w.dpInto(e, a, b)
	w.hint = nil
	return ok
}

// empty sets employee e off on every day of [a, b) that is not pinned.
func (w *worker) empty(e, a, b int) {
	H := w.p.days
	for d := a; d < b; d++ {
		if w.p.pin[e*H+d] == noPin {
			w.st.set(e, d, offCell)
		}
	}
	w.st.refresh(e)
}

// provenBound turns a bound of the search into a whole one: costs are
// whole numbers, and the relaxation's value is known to within cgPrune.
// Every cost is at least zero, so 0 is the bound when none was proven.
func provenBound(b float64) int {
	if math.IsInf(b, -1) || math.IsNaN(b) || b <= 0 {
		return 0
	}
	return int(min(math.Ceil(b-cgPrune), math.MaxInt32))
}
