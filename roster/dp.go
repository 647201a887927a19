package roster

import (
	"math/bits"
	"math/rand/v2"
	"slices"
)

// This file re-optimises one employee's schedule over a window of days by
// dynamic programming, with everyone else's schedule fixed. The cost of a
// choice on a day is the employee's request cost plus the change in the
// cover penalty that their working that shift causes (exact, because only
// this employee moves). The sequence rules (cannot-follow, runs of working
// days and days off, weekends, total minutes, fixed days off, pins) are in
// the state or in the transitions. The maximum per shift type is counted
// in the state where the state budget allows; where it does not, it is
// priced by a multiplier that the caller raises when the result breaks
// it. The same program, given duals, prices columns for colgen.go.

const (
	inf          = int64(1) << 62
	maxDPStates  = 8_000_000 // states × days of one DP
	unlimitedWE  = -1
	maxWindowLen = 64
	// maxCountStates bounds states × days when the local search's program
	// counts shifts per type
	maxCountStates = 200_000
)

// cgCountStates bounds states × days when the pricing program of column
// generation counts shifts per type: each type counted exactly instead of
// by a multiplier makes the relaxation tighter (on the benchmark's
// Instance15, counting a second type took the first relaxation from 5511
// to 3824), and often the program faster, since its bound prunes more. A
// variable only so that a test can make pricing use multipliers on small
// problems; nothing changes it otherwise.
var cgCountStates = 2 * maxDPStates

// dpWork holds the buffers one worker reuses across DPs.
type dpWork struct {
	// tooLarge is set when optimise last refused because the window's
	// states would not fit the budget: it then proves nothing about the
	// schedules
	tooLarge bool
	// value is the cost, in the program's units, of the schedule the
	// last program returned
	value    int64
	cur, nxt []int64
	back     []int32
	dayCost  []int64
	counted  []bool
	rest     []int64
	rng      *rand.Rand
	mNeed    []int
	ncbWork  []int
	penWork  []int64
	ncbOff   []int
	penOff   []int64
	newWE    []bool
	act      []int32
	nact     []int32
	marks    []uint64 // a bitmap over states, zero between uses
	full     []bool
	// choice[(d-a)*NG+g]: the shift type of class g the last pass
	// chose on day d, or -1 when the day allows none of the class
	choice []int8
	// exactMax says which shift types' maxima the last program counted
	// exactly; only the others need a multiplier
	exactMax [MaxShifts]bool
	// outside counts, per shift type, the employee's shifts outside the
	// last program's window
	outside [MaxShifts]int
}

// raise makes dearer, in lambda, every shift type whose maximum the last
// program's result out breaks and that the program did not count
// exactly, and reports whether there was one.
func (w *dpWork) raise(c *empC, out []int8, lambda []int64) bool {
	var cnt [MaxShifts]int
	for _, k := range out {
		if k >= 0 {
			cnt[k]++
		}
	}
	broken := false
	for s := range lambda {
		if c.maxShift[s] < big && w.outside[s]+cnt[s] > c.maxShift[s] && !w.exactMax[s] {
			broken = true
			lambda[s] = min(lambda[s]*3+40, hardW-1)
		}
	}
	return broken
}

// dpSpec is a window to re-optimise and its resource bounds.
type dpSpec struct {
	e, a, b int
	// lo and hi bound the minutes worked inside the window; below lo or
	// above hi costs hard magnitude.
	lo, hi int
	// weBudget is how many weekends not already worked outside the window
	// the window may add, or unlimitedWE.
	weBudget int
	lambda   []int64 // per shift: extra cost of one shift of that type
	// noise, when positive, adds a random cost in [0, noise) to every
	// choice, so that repeated runs explore near-optimal schedules
	noise int64
	// dayOffW, when set, replaces the cost of working a fixed day off
	// (construction makes it dearer than falling short of minutes, which
	// later moves repair more easily)
	dayOffW int64
	// hint, when set, is the schedule for days [a, b) whose cost bounds
	// the search (by default the current one); ruin and recreate passes
	// the schedule the employee had before the ruin
	hint []int8
	// dual, when set, switches the program to pricing for column
	// generation: the cover part of a day's cost is minus the sum of the
	// duals of the cover rows the shift counts towards, instead of the
	// change in the cover penalty; every other cost is multiplied by
	// scale, and only schedules cheaper than ub are searched for
	dual  []int64
	scale int64
	ub    int64
	// priced, when set, leaves the minutes out of the state: each unit
	// (Problem.unit) of a shift's length costs minPrice instead, and lo
	// and hi are not enforced. The program is then much smaller; the
	// construction searches for the price that lands the minutes between
	// lo and hi (see priceMinutes).
	priced   bool
	minPrice int64
	// finePrice makes minPrice the price of the longest shift instead of
	// one unit of minutes, each shift paying its share: a finer step
	// where the unit is short (the repair prices a one-minute unit so)
	finePrice bool
	// allow, when set, says per day of the window and choice (day off
	// first, then each shift type: (d-a)*(nS+1)+1+k) whether the program
	// may choose it; the branching of branch.go narrows it
	allow []bool
	// pricedWE, when set, leaves the weekends out of the state: each
	// weekend the window adds costs wePrice instead, and weBudget is not
	// enforced. Like priced for the minutes, it makes the program much
	// smaller; repairHorizon searches for the price that keeps the
	// weekends within the contract.
	pricedWE bool
	wePrice  int64
	// states, when positive, replaces maxDPStates as the bound of
	// states × days: the repair of a whole horizon (see repairHorizon)
	// runs the exact program once where the local search could not
	// afford it many times a second
	states int
}

// spec returns the window [a, b) for employee e with bounds taken from the
// rest of the employee's row, so that the DP's choice is judged by the
// employee's whole-horizon contract.
func (s *state) spec(e, a, b int, lambda []int64) dpSpec {
	p := s.p
	c := &p.emp[e]
	row := s.row(e)
	out := 0
	for d := range p.days {
		if (d < a || d >= b) && row[d] >= 0 {
			out += p.length[row[d]]
		}
	}
	sp := dpSpec{e: e, a: a, b: b, lo: c.minMin - out, hi: big, weBudget: unlimitedWE, lambda: lambda}
	if c.maxMin < big {
		sp.hi = c.maxMin - out
	}
	if c.maxWE < big {
		used := 0
		last := int32(-1)
		for d := range p.days {
			if wk := p.weekendOf[d]; wk >= 0 && (d < a || d >= b) && row[d] >= 0 && wk != last {
				used++
				last = wk
			}
		}
		sp.weBudget = max(c.maxWE-used, 0)
	}
	return sp
}

// minuteStates is the largest minutes state of the program for sp over
// L days, in units of U minutes, with maxLenU the longest shift. The
// minutes are tracked up to a little beyond the maximum, so that the
// program can weigh going over against other rules, exactly. Where the
// window cannot reach the maximum even by working every day at the
// longest shift, only the minimum still depends on the minutes, and
// every count at or above it costs the same: the state then saturates
// there (saturate), which is as exact and may be far smaller; with no
// minimum to reach, the minutes take no room at all.
func minuteStates(sp dpSpec, L, maxLenU, U int) (M int, saturate bool) {
	M = L * maxLenU
	if sp.hi < big && sp.hi < M*U {
		return min(M, max(sp.hi, 0)/U+2*maxLenU), false
	}
	if need := max((sp.lo+U-1)/U, 0); need < M {
		return need, true
	}
	return M, false
}

// exactSize is the number of states times days of the program for sp
// before any maximum per shift type is counted: what optimise weighs
// against its budgets. The program is exact unless sp prices the
// weekends, which then take no room in the state.
func (s *state) exactSize(sp dpSpec) int {
	p := s.p
	c := &p.emp[sp.e]
	L := sp.b - sp.a
	maxLenU := 0
	for k := range p.nS {
		maxLenU = max(maxLenU, p.length[k]/p.unit)
	}
	M, _ := minuteStates(sp, L, maxLenU, p.unit)
	NG := 0
	for k := range p.nS {
		if p.twin[k] == k {
			NG++
		}
	}
	Rw := max(c.minCons, 1)
	if c.maxCons < big {
		Rw = max(Rw, c.maxCons)
	}
	NW := 1
	if sp.weBudget != unlimitedWE && !sp.pricedWE {
		NW = sp.weBudget + 1
	}
	return (max(c.minOff, 1) + NG*Rw) * (M + 1) * NW * L
}

// optimise runs the DP for sp and writes the best schedule for days
// [a, b) into out. It reports false when no schedule satisfies the pins
// and bounds, or the window is too large for the DP (then w.tooLarge
// is set).
func (s *state) optimise(sp dpSpec, w *dpWork, out []int8) bool {
	w.tooLarge = false
	p := s.p
	c := &p.emp[sp.e]
	H, nS, U := p.days, p.nS, p.unit
	a, b, e := sp.a, sp.b, sp.e
	row := s.row(e)
	L := b - a
	noHist := len(c.hist) == 0

	maxLenU := 0
	lenU := make([]int, nS)
	for k := range nS {
		lenU[k] = p.length[k] / U
		maxLenU = max(maxLenU, lenU[k])
	}
	M, saturate := minuteStates(sp, L, maxLenU, U)
	// step[k] is what type k adds to the minutes in the state
	var step [MaxShifts]int
	if sp.priced {
		M, saturate = 0, false
	} else {
		copy(step[:], lenU)
	}
	NM := M + 1
	// hw is one unit of hard magnitude, and sc the multiplier of every
	// other cost, in the program's units
	hw, sc := int64(hardW), int64(1)
	if sp.dual != nil {
		sc = sp.scale
		hw *= sc
	}
	// weekends inside the window not already worked outside it
	if cap(w.counted) < p.nWeekends {
		w.counted = make([]bool, p.nWeekends)
	}
	counted := w.counted[:p.nWeekends]
	newWE := 0
	for d := a; d < b; d++ {
		if wk := p.weekendOf[d]; wk >= 0 {
			counted[wk] = false
		}
	}
	for _, d := range []int{a - 1, b} {
		if d >= 0 && d < H && p.weekendOf[d] >= 0 && row[d] >= 0 {
			counted[p.weekendOf[d]] = true
		}
	}
	last := int32(-1)
	for d := a; d < b; d++ {
		if wk := p.weekendOf[d]; wk >= 0 && wk != last && !counted[wk] {
			newWE++
			last = wk
		}
	}
	NW, WB := 1, 0
	tracked := sp.weBudget != unlimitedWE && sp.weBudget < newWE && !sp.pricedWE
	if tracked {
		WB = sp.weBudget
		NW = WB + 1
	}
	Roff := max(c.minOff, 1)
	Rw := max(c.minCons, 1)
	if c.maxCons < big {
		Rw = max(Rw, c.maxCons)
	}
	// shift types that the sequence rules cannot tell apart (twins, see
	// Problem.twin) share one class of states, since they lead to the
	// same states: on each day only the cheapest type of a class needs
	// trying. A type whose maximum is counted has a class of its own.
	var free [MaxShifts]int // per twin group: its types not counted
	NG := 0
	for k := range nS {
		free[p.twin[k]]++
		if p.twin[k] == k {
			NG++
		}
	}
	C := Roff + NG*Rw
	S := C * NM * NW
	limit := maxDPStates
	if sp.states > 0 {
		limit = sp.states
	}
	if S*L > limit || L <= 0 {
		w.tooLarge = L > 0
		return false
	}
	// the maximum per shift type, where the window could break it, is
	// counted in the state too (types with the smallest room first), as
	// far as the state budget allows; the multiplier prices the rest
	outside := &w.outside
	*outside = [MaxShifts]int{}
	for d := range H {
		if (d < a || d >= b) && row[d] >= 0 {
			outside[row[d]]++
		}
	}
	var stride, room [MaxShifts]int
	for k := range nS {
		room[k] = max(c.maxShift[k]-outside[k], 0)
	}
	// the local search runs the program many times a second, so it
	// counts only where that stays cheap; pricing may use it all
	budget := cgCountStates
	switch {
	case sp.priced:
		// the construction runs it a dozen times per window
		budget = maxCountStates / 8
	case sp.dual == nil:
		budget = maxCountStates
	}
	NT := 1
	for {
		pick := -1
		for k := range nS {
			if stride[k] == 0 && c.maxShift[k] > 0 && room[k] < L && (pick < 0 || room[k] < room[pick]) {
				pick = k
			}
		}
		if pick < 0 {
			break
		}
		// counting a type splits it off its twins
		ng := NG
		if free[p.twin[pick]] > 1 {
			ng++
		}
		if (Roff+ng*Rw)*NM*NW*NT*(room[pick]+1)*L > budget {
			break
		}
		stride[pick] = NT
		NT *= room[pick] + 1
		NG = ng
		free[p.twin[pick]]--
	}
	// cls[k] is the class of type k, rep[g] the first type of class g
	var cls, rep, lead [MaxShifts]int
	for k := range nS {
		lead[k] = -1
	}
	NG = 0
	for k := range nS {
		j := p.twin[k]
		switch {
		case stride[k] == 0 && lead[j] >= 0:
			cls[k] = lead[j]
		default:
			if stride[k] == 0 {
				lead[j] = NG
			}
			cls[k], rep[NG] = NG, k
			NG++
		}
	}
	C = Roff + NG*Rw
	S = C * NM * NW
	for k := range nS {
		// a type the contract bars is charged a hard unit per shift in
		// the day costs below, which is exact too
		w.exactMax[k] = stride[k] != 0 || c.maxShift[k] == 0
		if stride[k] == 0 {
			room[k] = -1
		}
	}
	S *= NT
	// full[t*nS+k]: the count of type k in count state t is at its room
	if cap(w.full) < NT*nS {
		w.full = make([]bool, NT*nS)
	}
	full := w.full[:NT*nS]
	for t := range NT {
		for k := range nS {
			full[t*nS+k] = stride[k] != 0 && (t/stride[k])%(room[k]+1) == room[k]
		}
	}

	// day costs: requests, the cover change, fixed days off, barred types
	if cap(w.dayCost) < L*(nS+1) {
		w.dayCost = make([]int64, L*(nS+1))
	}
	dc := w.dayCost[:L*(nS+1)]
	for d := a; d < b; d++ {
		cur := row[d]
		base := (d - a) * (nS + 1)
		dc[base] = sc * s.prefAt(e, d, offCell)
		for k := range nS {
			v := sc * (s.prefAt(e, d, int8(k)) + sp.lambda[k])
			for _, i := range p.rowsAt[d*nS+k] {
				if p.qualifies(e, i) && sp.dual != nil {
					v -= sp.dual[i]
				} else if p.qualifies(e, i) {
					n := s.counts[i]
					if cur == int8(k) {
						n--
					}
					r := &p.rows[i]
					v += rowCost(r, n+1) - rowCost(r, n)
				}
			}
			if c.dayOff[d] {
				if sp.dayOffW > 0 {
					v += sp.dayOffW
				} else {
					v += hw
				}
			}
			if c.maxShift[k] == 0 {
				v += hw
			}
			if sp.noise > 0 && w.rng != nil {
				v += w.rng.Int64N(sp.noise)
			}
			if sp.priced {
				if sp.finePrice {
					v += sp.minPrice * int64(lenU[k]) / int64(maxLenU)
				} else {
					v += sp.minPrice * int64(lenU[k])
				}
			}
			dc[base+1+k] = v
		}
	}

	if cap(w.cur) < S {
		w.cur = make([]int64, S)
		w.nxt = make([]int64, S)
		for i := range S {
			w.cur[i], w.nxt[i] = inf, inf
		}
	}
	cur, nxt := w.cur[:S], w.nxt[:S]
	if cap(w.back) < S*L {
		w.back = make([]int32, S*L)
	}
	back := w.back[:S*L]
	// the state on day a-1
	var k0 int8
	r0 := 0
	if a == 0 {
		if noHist {
			k0, r0 = offCell, Roff
		} else {
			k0 = c.histLast
			r0 = c.histOff
			if k0 >= 0 {
				r0 = c.histWork
			}
		}
	} else {
		k0 = row[a-1]
		d := a - 1
		for d >= 0 && (row[d] >= 0) == (k0 >= 0) {
			r0++
			d--
		}
		if d < 0 && !noHist && (c.histLast >= 0) == (k0 >= 0) {
			if k0 >= 0 {
				r0 += c.histWork
			} else {
				r0 += c.histOff
			}
		}
	}
	enc := func(k int8, r int) int {
		if k < 0 {
			return min(r, Roff) - 1
		}
		return Roff + cls[k]*Rw + min(r, Rw) - 1
	}
	start0 := enc(k0, r0) * NM * NW * NT

	// lower bounds for the rest of the window, to prune states that
	// cannot beat the current schedule (branch and bound: still exact)
	pins := p.pin[e*H : (e+1)*H]
	if cap(w.rest) < L+1 {
		w.rest = make([]int64, L+1)
	}
	rest := w.rest[:L+1]
	rest[L] = 0
	for d := b - 1; d >= a; d-- {
		base := (d - a) * (nS + 1)
		lo := inf
		for o := 0; o <= nS; o++ {
			if pin := pins[d]; (pin == noPin || int(pin)+1 == o) && (sp.allow == nil || sp.allow[base+o]) {
				lo = min(lo, dc[base+o])
			}
		}
		if lo == inf {
			return false // the pins and the allowed choices leave nothing
		}
		rest[d-a] = rest[d-a+1] + lo
	}
	// mNeed[i]: the least minutes state on day a+i from which the
	// window can still reach lo without a deficit
	if cap(w.mNeed) < L+1 {
		w.mNeed = make([]int, L+1)
	}
	mNeed := w.mNeed[:L+1]
	for i := range mNeed {
		mNeed[i] = 0
		if sp.lo > 0 && !sp.priced {
			mNeed[i] = (sp.lo+U-1)/U - (L-i)*maxLenU
		}
	}
	// bound is a lower bound of the final cost of a state with cost v
	// and minutes m at the start of day a+i
	bound := func(v int64, i, m int) int64 {
		lb := v + rest[i]
		if m < mNeed[i] {
			lb += hw * int64(p.minuteMag(sp.lo-(m+(L-i)*maxLenU)*U))
		}
		return lb
	}
	// per previous run class, the transition targets and penalties of the
	// day, which depend only on it
	if cap(w.ncbWork) < C*NG {
		w.ncbWork = make([]int, C*NG)
		w.penWork = make([]int64, C*NG)
	}
	if cap(w.choice) < L*NG {
		w.choice = make([]int8, L*NG)
	}
	choice := w.choice[:L*NG]
	if cap(w.ncbOff) < C {
		w.ncbOff = make([]int, C)
		w.penOff = make([]int64, C)
		w.newWE = make([]bool, C)
	}
	ncbWork, penWork := w.ncbWork[:C*NG], w.penWork[:C*NG]
	ncbOffs, penOffs, newWEs := w.ncbOff[:C], w.penOff[:C], w.newWE[:C]
	// cur and nxt hold inf everywhere except at the states listed in act
	// and nact: only reachable states are visited, and only they are reset
	// (between calls both hold inf throughout)
	act, nact := w.act[:0], w.nact[:0]

	// pass runs the program; with restrict it follows the current
	// schedule only, which gives the bound the full pass must beat.
	pass := func(restrict bool, ub int64) (int, int64) {
		for _, x := range act {
			cur[x] = inf
		}
		act = append(act[:0], int32(start0))
		cur[start0] = 0
		for d := a; d < b; d++ {
			i := d - a
			bk := back[i*S : (i+1)*S]
			base := i * (nS + 1)
			wk := p.weekendOf[d]
			sameWEprev := d-1 >= a && wk >= 0 && p.weekendOf[d-1] == wk
			pin := pins[d]
			if restrict {
				pin = row[d]
				if sp.hint != nil {
					pin = sp.hint[d-a]
				}
				if pins[d] != noPin && pins[d] != pin {
					for _, x := range act {
						cur[x] = inf
					}
					act = act[:0]
					return -1, inf
				}
			}
			allowOff := pin == noPin || pin == offCell
			var allow []bool
			if sp.allow != nil && !restrict {
				allow = sp.allow[base : base+nS+1]
				allowOff = allowOff && allow[0]
			}
			// the cheapest type of each class that the day allows
			ch := choice[i*NG : (i+1)*NG]
			var chCost [MaxShifts]int64
			for g := range NG {
				ch[g] = -1
			}
			for k := range nS {
				if (pin != noPin && pin != int8(k)) || (allow != nil && !allow[1+k]) {
					continue
				}
				if g := cls[k]; ch[g] < 0 || dc[base+1+k] < chCost[g] {
					ch[g], chCost[g] = int8(k), dc[base+1+k]
				}
			}
			restNow := rest[i]
			for cb := range C {
				prevWork := cb >= Roff
				var pg, r int
				if prevWork {
					pg = (cb - Roff) / Rw
					r = (cb-Roff)%Rw + 1
				} else {
					r = cb + 1
				}
				start := d - r // first day of the run that ends on d-1, when r is exact
				// a run that ended before day 0 is history, not this roster's
				exemptStart := (start == 0 && noHist) || d == 0
				var ncbOff int
				var penOff int64
				if prevWork {
					if r < c.minCons && !exemptStart {
						penOff = hw * int64(c.minCons-r)
					}
				} else {
					ncbOff = min(r+1, Roff) - 1
				}
				ncbOffs[cb], penOffs[cb] = ncbOff, penOff
				for g := range NG {
					if ch[g] < 0 {
						continue
					}
					pen := chCost[g]
					if prevWork {
						if p.forbid[rep[pg]*nS+rep[g]] {
							pen += hw
						}
						if r+1 > c.maxCons {
							pen += hw
						}
						ncbWork[cb*NG+g] = Roff + g*Rw + min(r+1, Rw) - 1
					} else {
						if r < c.minOff && !exemptStart {
							pen += hw * int64(c.minOff-r)
						}
						ncbWork[cb*NG+g] = Roff + g*Rw
					}
					penWork[cb*NG+g] = pen
				}
				newWEs[cb] = (tracked || sp.pricedWE) && wk >= 0 && !counted[wk] && !(sameWEprev && prevWork)
			}
			nact = nact[:0]
			for _, x := range act {
				v := cur[x]
				cur[x] = inf
				if v+restNow > ub {
					continue
				}
				// decode the state with as few divisions as may be: they
				// cost more than the rest of a transition
				idx := int(x)
				q := idx
				t := 0
				if NT > 1 {
					q = idx / NT
					t = idx - q*NT
				}
				wv := 0
				if NW > 1 {
					q2 := q / NW
					wv = q - q2*NW
					q = q2
				}
				cb := q / NM
				m := q - cb*NM
				if allowOff {
					nv := v + dc[base] + penOffs[cb]
					ni := ((ncbOffs[cb]*NM+m)*NW+wv)*NT + t
					if nv < nxt[ni] && bound(nv, i+1, m) <= ub {
						if nxt[ni] == inf {
							nact = append(nact, int32(ni))
						}
						nxt[ni] = nv
						bk[ni] = x
					}
				}
				newWE := newWEs[cb]
				for g := range NG {
					k := int(ch[g])
					if k < 0 {
						continue
					}
					nm := m + step[k]
					if nm > M {
						if !saturate {
							continue
						}
						nm = M
					}
					nw := wv
					nv := v + penWork[cb*NG+g]
					switch {
					case !newWE:
					case sp.pricedWE:
						nv += sp.wePrice
					default:
						// a weekend beyond the budget costs one unit each
						if nw == WB {
							nv += hw
						} else {
							nw++
						}
					}
					nt := t
					if room[k] >= 0 {
						// beyond the maximum costs one unit each
						if full[t*nS+k] {
							nv += hw
						} else {
							nt += stride[k]
						}
					}
					ni := ((ncbWork[cb*NG+g]*NM+nm)*NW+nw)*NT + nt
					if nv < nxt[ni] && bound(nv, i+1, nm) <= ub {
						if nxt[ni] == inf {
							nact = append(nact, int32(ni))
						}
						nxt[ni] = nv
						bk[ni] = x
					}
				}
			}
			// visiting states in index order keeps the tie-breaking of
			// a plain scan over all states; many states are put in
			// order faster through a bitmap than by sorting
			if len(nact) > 64 {
				if need := (S + 63) / 64; len(w.marks) < need {
					w.marks = make([]uint64, need)
				}
				marks := w.marks
				lo, hi := int32(S), int32(0)
				for _, x := range nact {
					marks[x>>6] |= 1 << (x & 63)
					lo, hi = min(lo, x), max(hi, x)
				}
				nact = nact[:0]
				for wi := lo >> 6; wi <= hi>>6; wi++ {
					for m := marks[wi]; m != 0; m &= m - 1 {
						nact = append(nact, wi<<6+int32(bits.TrailingZeros64(m)))
					}
					marks[wi] = 0
				}
			} else {
				slices.Sort(nact)
			}
			cur, nxt = nxt, cur
			act, nact = nact, act
		}

		// the run that continues after the window, if any
		var kb int8
		Lb, touchesEnd := 0, true
		if b < H {
			kb = row[b]
			d := b
			for d < H && (row[d] >= 0) == (kb >= 0) {
				Lb++
				d++
			}
			touchesEnd = d == H
		}
		minDef := func(n, need int, exempt bool) int64 {
			if n < need && !exempt {
				return int64(need - n)
			}
			return 0
		}
		over := func(n int) int64 {
			if n > c.maxCons {
				return int64(n - c.maxCons)
			}
			return 0
		}
		bestIdx, best := -1, inf
		for _, x := range act {
			idx, v := int(x), cur[x]
			m := (idx / (NT * NW)) % NM
			cb := idx / (NT * NW * NM)
			work := cb >= Roff
			var k, r int
			if work {
				k = rep[(cb-Roff)/Rw]
				r = (cb-Roff)%Rw + 1
			} else {
				r = cb + 1
			}
			exemptStart := b-r == 0 && noHist
			var pen int64
			if def := sp.lo - m*U; def > 0 && !sp.priced {
				pen += int64(p.minuteMag(def))
			}
			if x := m*U - sp.hi; sp.hi < big && x > 0 && !sp.priced {
				pen += int64(p.minuteMag(x))
			}
			if b < H {
				switch {
				case work && kb >= 0:
					if p.forbid[k*nS+int(kb)] {
						pen++
					}
					pen += over(r+Lb) - over(r) + minDef(r+Lb, c.minCons, touchesEnd || exemptStart)
				case !work && kb >= 0:
					pen += minDef(r, c.minOff, exemptStart) + over(Lb) + minDef(Lb, c.minCons, touchesEnd)
				case !work && kb < 0:
					pen += minDef(r+Lb, c.minOff, touchesEnd || exemptStart)
				default:
					pen += minDef(r, c.minCons, exemptStart) + minDef(Lb, c.minOff, touchesEnd)
				}
			}
			if t := v + hw*pen; t < best {
				best, bestIdx = t, idx
			}
		}
		return bestIdx, best
	}
	ub := inf
	if sp.dual != nil {
		ub = sp.ub
	} else if _, c := pass(true, inf); c < inf {
		ub = c
	}
	bestIdx, bestV := pass(false, ub)
	w.value = bestV
	for _, x := range act {
		cur[x] = inf
	}
	w.act, w.nact = act, nact[:0]
	if bestIdx < 0 {
		return false
	}
	idx := bestIdx
	for d := b - 1; d >= a; d-- {
		cb := idx / (NT * NW * NM)
		if cb < Roff {
			out[d-a] = offCell
		} else {
			out[d-a] = choice[(d-a)*NG+(cb-Roff)/Rw]
		}
		idx = int(back[(d-a)*S+idx])
	}
	return true
}
