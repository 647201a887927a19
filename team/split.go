package team

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Limits on split input, so that hostile input cannot make a proposal run
// away.
const (
	maxSplitClients = 10_000
	maxSplitVisits  = 1_000_000
	maxVisitCount   = 1_000_000
	maxBalance      = 100
)

// ClientLocation places one of the team's clients: the split keeps each
// postcode area whole.
type ClientLocation struct {
	// Client identifies the client.
	Client wijk.ID
	// Postcode is where the client lives: a full postcode or an area.
	Postcode Postcode
}

// VisitCount says how often a member visited a client over the period the
// team looks back on (the care records know).
type VisitCount struct {
	Client wijk.ID
	Member wijk.ID
	// Visits is the number of visits; zero counts are allowed and ignored.
	Visits int
}

// SplitInput is what a split proposal is computed from: where the
// clients live and who visited them how often.
type SplitInput struct {
	// Clients lists every client of the team once.
	Clients []ClientLocation
	// Visits lists visit counts per client and current member, each pair
	// at most once. Clients without visits are placed with their area.
	Visits []VisitCount
	// BalanceWeight is how much the team lets balance in contract hours,
	// clients and level mix weigh against continuity of care. Zero, the
	// default, puts continuity strictly first: balance only decides
	// between layouts that keep the same visits. A positive weight w lets
	// a difference of one percent of the team's contract hours (or two
	// percent of its clients) between the sides count as much as w
	// percent of the visits kept, so the proposal may give up continuity
	// for balance; its notes then say what the weight cost. The weight
	// counts in steps of 0.001, and is at most 100.
	BalanceWeight float64
	// MinTeamSize is the fewest members each new team should have: a team
	// of one or two cannot cover a week's care on its own. Zero, the
	// default, means a third of the team's current members, rounded up,
	// and at least 2 (13 members: 5; 24 members: 8). A team may set it
	// from 1 to half its current members, rounded down.
	MinTeamSize int
}

// LevelMix counts members per qualification level.
type LevelMix struct {
	Level3 int `json:"level3"`
	Level4 int `json:"level4"`
	Level5 int `json:"level5"`
}

func (l *LevelMix) add(lv Level, n int) {
	switch lv {
	case Level3:
		l.Level3 += n
	case Level4:
		l.Level4 += n
	case Level5:
		l.Level5 += n
	}
}

// String returns the mix in words, e.g. "2×L5, 5×L4, 3×L3".
func (l LevelMix) String() string {
	return fmt.Sprintf("%d×L5, %d×L4, %d×L3", l.Level5, l.Level4, l.Level3)
}

// SplitSide is one of the two teams a split proposes.
type SplitSide struct {
	// Label is "A" (the team that keeps the lowest postcode area, and the
	// existing team when the split is applied) or "B" (the new team).
	Label string `json:"label"`
	// Members are the person IDs going to this side, in joining order.
	Members []wijk.ID `json:"members"`
	// Clients are the clients going to this side, sorted.
	Clients []wijk.ID `json:"clients"`
	// Areas are the postcode areas (or, when the team's clients all live
	// in one area, the postcodes) going to this side, sorted.
	Areas []Postcode `json:"areas"`
	// ContractPerWeek is the members' total contracted time per week.
	ContractPerWeek time.Duration `json:"contract_per_week"`
	// Levels is the members' level mix.
	Levels LevelMix `json:"levels"`
	// Continuity is the part of this side's clients' visits made by this
	// side's members.
	Continuity Ratio `json:"continuity"`
}

// MemberPlacement explains where one member goes and why.
type MemberPlacement struct {
	Person wijk.ID `json:"person"`
	Name   string  `json:"name"`
	Level  Level   `json:"level"`
	// Side is 0 for team A, 1 for team B.
	Side int `json:"side"`
	// VisitsKept is the member's visits to clients on the same side;
	// VisitsTotal all the member's visits.
	VisitsKept  int `json:"visits_kept"`
	VisitsTotal int `json:"visits_total"`
	// Reason says why, in words.
	Reason string `json:"reason"`
}

// ClientPlacement explains where one client goes and why.
type ClientPlacement struct {
	Client   wijk.ID  `json:"client"`
	Postcode Postcode `json:"postcode"`
	// Area is the unit the client moved with (see [SplitSide.Areas]).
	Area Postcode `json:"area"`
	// Side is 0 for team A, 1 for team B.
	Side int `json:"side"`
	// VisitsKept is the client's visits made by members on the same side;
	// VisitsTotal all the client's visits.
	VisitsKept  int `json:"visits_kept"`
	VisitsTotal int `json:"visits_total"`
	// Reason says why, in words.
	Reason string `json:"reason"`
}

// SplitProposal is a proposal to split a team in two. It is only a
// proposal: the team discusses it, may change it, and adopts it by
// decision; [Team.ApplySplit] then carries it out.
type SplitProposal struct {
	// Team is the team the proposal is for.
	Team wijk.ID `json:"team"`
	// Sides are team A and team B.
	Sides [2]SplitSide `json:"sides"`
	// Members explains every member's placement, in joining order.
	Members []MemberPlacement `json:"members"`
	// Clients explains every client's placement, sorted by client.
	Clients []ClientPlacement `json:"clients"`
	// Continuity is the share of all visits made by a member who stays
	// on the same side as the client: how much continuity of care the
	// split keeps.
	Continuity Ratio `json:"continuity"`
	// Notes are remarks about the proposal as a whole, in words.
	Notes []string `json:"notes"`
}

// Explain renders the proposal as text a team can read in its meeting.
func (p SplitProposal) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Split proposal: continuity kept %s of visits\n", p.Continuity)
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	for _, s := range p.Sides {
		areas := make([]string, len(s.Areas))
		for i, a := range s.Areas {
			areas[i] = string(a)
		}
		fmt.Fprintf(&b, "team %s: %s (%s), %v per week, %s in %s; continuity %s\n",
			s.Label, count(len(s.Members), "member"), s.Levels, s.ContractPerWeek, count(len(s.Clients), "client"), strings.Join(areas, ", "), s.Continuity)
	}
	for _, m := range p.Members {
		fmt.Fprintf(&b, "member %s → team %s: %s\n", m.Name, p.Sides[m.Side].Label, m.Reason)
	}
	for _, c := range p.Clients {
		fmt.Fprintf(&b, "client %s → team %s: %s\n", c.Client, p.Sides[c.Side].Label, c.Reason)
	}
	return b.String()
}

// count writes n with the noun, in the plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// splitScale is the unit of the integer imbalance: 1,000,000 is "all of
// it" (all hours or all clients on one side).
const splitScale = 1_000_000

// splitScore rates a layout. Layouts compare field by field, in order: a
// later field only decides between layouts equal in every earlier one, so
// no amount of balance ever buys a visit of continuity, and no amount of
// continuity a side without a district nurse, a side below the minimum
// team size or a side over the size norm.
type splitScore struct {
	// noDistrict counts the sides without a level-5 district nurse, where
	// the team has two or more (fewer is better).
	noDistrict int
	// underMin counts the members missing to the minimum team size,
	// summed over both sides (fewer is better).
	underMin int
	// overSize counts the members over the team's size norm, summed over
	// both sides (fewer is better).
	overSize int
	// weighted is continuity less balance weight times imbalance, both
	// in units of splitScale (more is better); zero unless the team set a
	// balance weight.
	weighted int64
	// kept is the continuity kept: visits made by a member on the
	// client's side (more is better).
	kept int64
	// imbalance is the imbalance in contract hours, clients and level mix,
	// in units of splitScale (less is better).
	imbalance int64
}

// better reports whether a is a better layout than b.
func (a splitScore) better(b splitScore) bool {
	switch {
	case a.noDistrict != b.noDistrict:
		return a.noDistrict < b.noDistrict
	case a.underMin != b.underMin:
		return a.underMin < b.underMin
	case a.overSize != b.overSize:
		return a.overSize < b.overSize
	case a.weighted != b.weighted:
		return a.weighted > b.weighted
	case a.kept != b.kept:
		return a.kept > b.kept
	}
	return a.imbalance < b.imbalance
}

// splitter holds the search state for one proposal.
type splitter struct {
	m, u     int
	members  []Member
	sizeNorm int
	minSize  int       // minimum members per side
	weight   int64     // balance weight in thousandths; 0: continuity first
	hours    []int64   // contract minutes per week, per member
	level    []int     // 0, 1, 2 for level 3, 4, 5
	w        [][]int64 // w[unit][member] visits
	unitCli  []int64   // clients per unit
	totalV   int64
	totalH   int64
	totalC   int64
	totalL5  int
	memSide  []int8
	unitSide []int8
	// running aggregates
	mvs  [][2]int64 // member's visits to units on side 0/1
	uvs  [][2]int64 // unit's visits by members on side 0/1
	hrs  [2]int64
	cli  [2]int64
	lvl  [2][3]int
	cnt  [2]int
	cntU [2]int
	cont int64
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// score rates a state with the given aggregates.
func (s *splitter) score(cont int64, hrs, cli [2]int64, lvl [2][3]int, cnt [2]int) splitScore {
	sc := splitScore{kept: cont}
	if s.totalL5 >= 2 {
		for side := range 2 {
			if lvl[side][2] == 0 {
				sc.noDistrict++
			}
		}
	}
	for side := range 2 {
		sc.underMin += max(0, s.minSize-cnt[side])
		sc.overSize += max(0, cnt[side]-s.sizeNorm)
	}
	if s.totalH > 0 {
		sc.imbalance += abs64(hrs[0]-hrs[1]) * splitScale / s.totalH
	}
	if s.totalC > 0 {
		sc.imbalance += abs64(cli[0]-cli[1]) * splitScale / s.totalC / 2
	}
	for l := range 3 {
		if d := abs64(int64(lvl[0][l] - lvl[1][l])); d > 1 {
			sc.imbalance += (d - 1) * splitScale / 20
		}
	}
	if s.weight > 0 && s.totalV > 0 {
		sc.weighted = cont*splitScale/s.totalV*1000 - s.weight*sc.imbalance
	} else if s.weight > 0 {
		sc.weighted = -s.weight * sc.imbalance
	}
	return sc
}

func (s *splitter) current() splitScore { return s.score(s.cont, s.hrs, s.cli, s.lvl, s.cnt) }

// memberFlipScore rates the state after moving member m to the other side.
func (s *splitter) memberFlipScore(m int) splitScore {
	from := s.memSide[m]
	hrs, lvl, cnt := s.hrs, s.lvl, s.cnt
	hrs[from] -= s.hours[m]
	hrs[1-from] += s.hours[m]
	lvl[from][s.level[m]]--
	lvl[1-from][s.level[m]]++
	cnt[from]--
	cnt[1-from]++
	return s.score(s.cont+s.memberFlipDelta(m), hrs, s.cli, lvl, cnt)
}

// reset lays out a start: units by side, members to where their visits
// are, then recomputes all aggregates.
func (s *splitter) reset(unitSide []int8) {
	copy(s.unitSide, unitSide)
	var byHours [2]int64
	for m := range s.m {
		var v [2]int64
		for u := range s.u {
			v[s.unitSide[u]] += s.w[u][m]
		}
		side := int8(0)
		switch {
		case v[1] > v[0]:
			side = 1
		case v[1] == v[0] && byHours[1] < byHours[0]:
			side = 1
		}
		s.memSide[m] = side
		byHours[side] += s.hours[m]
	}
	s.recompute()
	for side := range int8(2) {
		if s.cnt[side] > 0 {
			continue
		}
		best, bestV := -1, int64(-1)
		for m := range s.m {
			if s.memSide[m] != side && s.mvs[m][side] > bestV {
				best, bestV = m, s.mvs[m][side]
			}
		}
		s.memSide[best] = side
		s.recompute()
	}
}

func (s *splitter) recompute() {
	s.hrs, s.cli, s.lvl, s.cnt, s.cntU, s.cont = [2]int64{}, [2]int64{}, [2][3]int{}, [2]int{}, [2]int{}, 0
	for m := range s.m {
		s.mvs[m] = [2]int64{}
		side := s.memSide[m]
		s.hrs[side] += s.hours[m]
		s.lvl[side][s.level[m]]++
		s.cnt[side]++
	}
	for u := range s.u {
		s.uvs[u] = [2]int64{}
		side := s.unitSide[u]
		s.cli[side] += s.unitCli[u]
		s.cntU[side]++
		for m, v := range s.w[u] {
			if v == 0 {
				continue
			}
			s.mvs[m][side] += v
			s.uvs[u][s.memSide[m]] += v
			if s.memSide[m] == side {
				s.cont += v
			}
		}
	}
}

// memberFlipDelta returns the continuity change of moving member m.
func (s *splitter) memberFlipDelta(m int) int64 {
	from := s.memSide[m]
	return s.mvs[m][1-from] - s.mvs[m][from]
}

func (s *splitter) flipMember(m int) {
	from := s.memSide[m]
	to := 1 - from
	s.cont += s.memberFlipDelta(m)
	s.memSide[m] = to
	s.hrs[from] -= s.hours[m]
	s.hrs[to] += s.hours[m]
	s.lvl[from][s.level[m]]--
	s.lvl[to][s.level[m]]++
	s.cnt[from]--
	s.cnt[to]++
	for u := range s.u {
		if v := s.w[u][m]; v != 0 {
			s.uvs[u][from] -= v
			s.uvs[u][to] += v
		}
	}
}

func (s *splitter) flipUnit(u int) {
	from := s.unitSide[u]
	to := 1 - from
	s.cont += s.uvs[u][to] - s.uvs[u][from]
	s.unitSide[u] = to
	s.cli[from] -= s.unitCli[u]
	s.cli[to] += s.unitCli[u]
	s.cntU[from]--
	s.cntU[to]++
	for m, v := range s.w[u] {
		if v != 0 {
			s.mvs[m][from] -= v
			s.mvs[m][to] += v
		}
	}
}

// climb improves the state by the best single move (move a member, move an
// area, swap two members) until no move improves it. Moves compare by
// [splitScore.better], so a move that keeps more continuity always beats
// one that only balances, and a move is taken only if it is strictly
// better than staying: the climb ends, and ties go to the first move
// found, so the result depends on the input alone.
func (s *splitter) climb() {
	for range 10_000 {
		best := s.current()
		kind, ba, bb := 0, -1, -1
		for m := range s.m {
			if s.cnt[s.memSide[m]] < 2 {
				continue
			}
			if sc := s.memberFlipScore(m); sc.better(best) {
				best, kind, ba = sc, 1, m
			}
		}
		for u := range s.u {
			from := s.unitSide[u]
			if s.cntU[from] < 2 {
				continue
			}
			cli := s.cli
			cli[from] -= s.unitCli[u]
			cli[1-from] += s.unitCli[u]
			if sc := s.score(s.cont+s.uvs[u][1-from]-s.uvs[u][from], s.hrs, cli, s.lvl, s.cnt); sc.better(best) {
				best, kind, ba = sc, 2, u
			}
		}
		for a := range s.m {
			if s.memSide[a] != 0 {
				continue
			}
			for b := range s.m {
				if s.memSide[b] != 1 {
					continue
				}
				hrs, lvl := s.hrs, s.lvl
				hrs[0] += s.hours[b] - s.hours[a]
				hrs[1] += s.hours[a] - s.hours[b]
				lvl[0][s.level[a]]--
				lvl[1][s.level[a]]++
				lvl[1][s.level[b]]--
				lvl[0][s.level[b]]++
				// a and b are on different sides, so their continuity
				// changes do not interact.
				if sc := s.score(s.cont+s.memberFlipDelta(a)+s.memberFlipDelta(b), hrs, s.cli, lvl, s.cnt); sc.better(best) {
					best, kind, ba, bb = sc, 3, a, b
				}
			}
		}
		switch kind {
		case 0:
			return
		case 1:
			s.flipMember(ba)
		case 2:
			s.flipUnit(ba)
		case 3:
			s.flipMember(ba)
			s.flipMember(bb)
		}
	}
}

// maxSplitStarts bounds the number of starting layouts tried.
const maxSplitStarts = 32

// splitStarts returns the starting layouts of units: with up to six
// units, every way to divide them in two (the first unit on side 0); with
// more, the units in postcode order cut at up to maxSplitStarts evenly
// spread points; with one unit or none, every unit on side 0.
func splitStarts(u int) [][]int8 {
	var starts [][]int8
	if u < 2 {
		return [][]int8{make([]int8, u)}
	}
	if 1<<(u-1)-1 <= maxSplitStarts {
		for mask := 1; mask < 1<<(u-1); mask++ {
			layout := make([]int8, u)
			for i := 1; i < u; i++ {
				layout[i] = int8(mask >> (i - 1) & 1)
			}
			starts = append(starts, layout)
		}
		return starts
	}
	n := min(u-1, maxSplitStarts)
	last := 0
	for k := range n {
		cut := 1 + k*(u-1)/n
		if cut == last {
			continue
		}
		last = cut
		layout := make([]int8, u)
		for i := cut; i < u; i++ {
			layout[i] = 1
		}
		starts = append(starts, layout)
	}
	return starts
}

// search runs the climb from every start and leaves the best layout found
// in memSide and unitSide, with the aggregates recomputed.
func (s *splitter) search() {
	var best splitScore
	var bestMem, bestUnit []int8
	for _, layout := range splitStarts(s.u) {
		s.reset(layout)
		s.climb()
		if sc := s.current(); bestMem == nil || sc.better(best) {
			best = sc
			bestMem = slices.Clone(s.memSide)
			bestUnit = slices.Clone(s.unitSide)
		}
	}
	copy(s.memSide, bestMem)
	copy(s.unitSide, bestUnit)
	s.recompute()
}

// ProposeSplit computes a proposal to split the team in two from where its
// clients live and who visited them. Postcode areas stay whole, and the
// same team and input always give the same proposal.
//
// Layouts are compared rule by rule; a later rule only decides between
// layouts equal under every earlier one. Rules 1 to 3 make two teams that
// can work; only among the layouts that meet them as well as the team
// allows does continuity count:
//
//  1. Each side has a level-5 district nurse, where the team has two or
//     more: a team without one cannot assess clients or authorise their
//     care.
//  2. Each side has at least the minimum team size
//     ([SplitInput.MinTeamSize]; by default a third of the team, rounded
//     up, and at least 2): a team of one cannot cover a week's care, so
//     a split that keeps every visit but leaves a side that small is not
//     a workable split. Where the team is too small for both sides to
//     reach the minimum, the sides come as close to it as they can.
//  3. Each side stays within the team's size norm, as far as the team's
//     size allows: a split that leaves one side too big does not do what
//     the team splits for.
//  4. Continuity of care: the visits made by a member who goes to the
//     same side as the client, as many as possible. Clients stay with the
//     nurses who know them, and no balance ever outweighs a visit.
//  5. Balance in contract hours, clients and level mix, which only
//     decides between layouts that keep the same visits.
//
// Rules 1 to 3 never pull against each other: a layout that meets all
// three as far as the team's size and levels allow always exists, so
// ranking them only decides which the search fixes first.
//
// Continuity first can make the two teams uneven, in members or hours;
// the proposal's notes then say so. A team that wants to trade some
// continuity for balance sets [SplitInput.BalanceWeight]: rules 4 and 5
// are then weighed together by that weight (rules 1 to 3 still come
// first), and the notes say which weight was used and how many visits it
// cost against putting continuity first.
//
// The search is a local search from several starting layouts of the areas
// (every division of them when there are at most six, else the areas in
// postcode order cut in two at different points): it moves a member,
// moves an area or swaps two members while that gives a better layout by
// the rules above, taking the best such move each time and, among equally
// good moves, the first. It is a heuristic: with many areas it may miss
// the layout that keeps the most visits. The proposal explains every
// placement: a member placed with fewer than half their visits, or with
// exactly half, is told which rule or which balance put them there.
//
// Every client of the team must be listed once with a postcode; every
// visit count must name a listed client and a current member; a minimum
// team size, if set, must be between 1 and half the current members. The
// team needs at least two current members.
func (t *Team) ProposeSplit(in SplitInput) (SplitProposal, error) {
	members := t.Members()
	if len(members) < 2 {
		return SplitProposal{}, wijk.Conflictf("team %s has %d current member(s); a split needs at least two", t.name, len(members))
	}
	if len(in.Clients) > maxSplitClients {
		return SplitProposal{}, wijk.Invalid("clients", "must list at most %d clients, got %d", maxSplitClients, len(in.Clients))
	}
	if len(in.Visits) > maxSplitVisits {
		return SplitProposal{}, wijk.Invalid("visits", "must list at most %d counts, got %d", maxSplitVisits, len(in.Visits))
	}
	if w := in.BalanceWeight; !(w >= 0 && w <= maxBalance) { // also refuses NaN
		return SplitProposal{}, wijk.Invalid("balanceWeight", "must be between 0 and %d, got %v", maxBalance, w)
	}
	minSize := max(2, (len(members)+2)/3)
	if in.MinTeamSize != 0 {
		if in.MinTeamSize < 1 || in.MinTeamSize > len(members)/2 {
			return SplitProposal{}, wijk.Invalid("minTeamSize", "must be between 1 and %d (half of the team's %d members), or 0 for the default, got %d",
				len(members)/2, len(members), in.MinTeamSize)
		}
		minSize = in.MinTeamSize
	}
	weight := int64(math.Round(in.BalanceWeight * 1000))
	memberIdx := make(map[wijk.ID]int, len(members))
	for i, m := range members {
		memberIdx[m.Person] = i
	}
	clients := slices.Clone(in.Clients)
	for i, c := range clients {
		field := "clients[" + itoa(i) + "]"
		if err := c.Client.Validate(field + ".client"); err != nil {
			return SplitProposal{}, err
		}
		pc, err := parsePostcode(field+".postcode", string(c.Postcode))
		if err != nil {
			return SplitProposal{}, err
		}
		clients[i].Postcode = pc
	}
	slices.SortFunc(clients, func(a, b ClientLocation) int { return strings.Compare(string(a.Client), string(b.Client)) })
	for i := 1; i < len(clients); i++ {
		if clients[i].Client == clients[i-1].Client {
			return SplitProposal{}, wijk.Invalid("clients", "client %s is listed twice", clients[i].Client)
		}
	}
	clientIdx := make(map[wijk.ID]int, len(clients))
	for i, c := range clients {
		clientIdx[c.Client] = i
	}
	// Units: postcode areas, or full postcodes when all clients share one
	// area.
	areaOf := func(p Postcode) Postcode { return p.Area() }
	areas := map[Postcode]bool{}
	for _, c := range clients {
		areas[c.Postcode.Area()] = true
	}
	var notes []string
	if len(areas) == 1 && len(clients) > 1 {
		areaOf = func(p Postcode) Postcode { return p }
		notes = append(notes, "all clients live in one postcode area, so the split divides it by full postcode")
	}
	unitKeys := make([]Postcode, 0, len(areas))
	seenUnit := map[Postcode]int{}
	for _, c := range clients {
		k := areaOf(c.Postcode)
		if _, ok := seenUnit[k]; !ok {
			seenUnit[k] = 0
			unitKeys = append(unitKeys, k)
		}
	}
	slices.Sort(unitKeys)
	for i, k := range unitKeys {
		seenUnit[k] = i
	}

	s := &splitter{m: len(members), u: len(unitKeys), members: members, sizeNorm: t.norms.SizeNorm, minSize: minSize}
	s.hours = make([]int64, s.m)
	s.level = make([]int, s.m)
	for i, m := range members {
		s.hours[i] = int64(m.ContractPerWeek / time.Minute)
		s.level[i] = int(m.Level - Level3)
		s.totalH += s.hours[i]
		if m.Level == Level5 {
			s.totalL5++
		}
	}
	s.w = make([][]int64, s.u)
	for u := range s.w {
		s.w[u] = make([]int64, s.m)
	}
	s.unitCli = make([]int64, s.u)
	clientUnit := make([]int, len(clients))
	for i, c := range clients {
		clientUnit[i] = seenUnit[areaOf(c.Postcode)]
		s.unitCli[clientUnit[i]]++
	}
	s.totalC = int64(len(clients))
	cv := make([][]int64, len(clients)) // visits per client and member
	seenPair := make(map[[2]int]bool, len(in.Visits))
	for i, v := range in.Visits {
		field := "visits[" + itoa(i) + "]"
		ci, ok := clientIdx[v.Client]
		if !ok {
			return SplitProposal{}, wijk.Invalid(field+".client", "client %q is not listed in clients", v.Client)
		}
		mi, ok := memberIdx[v.Member]
		if !ok {
			return SplitProposal{}, wijk.Invalid(field+".member", "person %q is not a current member of team %s", v.Member, t.name)
		}
		if v.Visits < 0 || v.Visits > maxVisitCount {
			return SplitProposal{}, wijk.Invalid(field+".visits", "must be between 0 and %d, got %d", maxVisitCount, v.Visits)
		}
		if seenPair[[2]int{ci, mi}] {
			return SplitProposal{}, wijk.Invalid(field, "client %s and member %s are counted twice", v.Client, v.Member)
		}
		seenPair[[2]int{ci, mi}] = true
		if cv[ci] == nil {
			cv[ci] = make([]int64, s.m)
		}
		cv[ci][mi] += int64(v.Visits)
		s.w[clientUnit[ci]][mi] += int64(v.Visits)
		s.totalV += int64(v.Visits)
	}

	s.memSide = make([]int8, s.m)
	s.unitSide = make([]int8, s.u)
	s.mvs = make([][2]int64, s.m)
	s.uvs = make([][2]int64, s.u)

	// With a balance weight, search continuity first as well, to say
	// what the weight cost.
	firstKept := int64(-1)
	if weight > 0 {
		s.search()
		firstKept = s.cont
		s.weight = weight
	}
	s.search()
	// Orientation: side A holds the lowest area, or the first member.
	if (s.u > 0 && s.unitSide[0] == 1) || (s.u == 0 && s.memSide[0] == 1) {
		for i := range s.memSide {
			s.memSide[i] = 1 - s.memSide[i]
		}
		for i := range s.unitSide {
			s.unitSide[i] = 1 - s.unitSide[i]
		}
		s.recompute()
	}
	if weight > 0 {
		notes = append(notes, weightNote(in.BalanceWeight, s.cont, firstKept, s.totalV))
	}
	return t.explainSplit(s, clients, clientUnit, cv, unitKeys, notes, len(in.Clients)), nil
}

// whyPlaced says in words why member i is on its side rather than the
// other, from what moving it would do to the score cur of the layout; it
// reports whether the reason is that the side needs the member as its
// district nurse.
func (s *splitter) whyPlaced(i int, cur splitScore, label, other string) (string, bool) {
	if s.cnt[s.memSide[i]] < 2 {
		return fmt.Sprintf("so that team %s has a member", label), false
	}
	moved := s.memberFlipScore(i)
	switch {
	case moved.noDistrict > cur.noDistrict:
		return fmt.Sprintf("so that team %s has a level-5 district nurse", label), true
	case moved.underMin > cur.underMin:
		return fmt.Sprintf("so that team %s has at least %d members", label, s.minSize), false
	case moved.overSize > cur.overSize:
		return fmt.Sprintf("so that team %s stays within the size norm of %d", other, s.sizeNorm), false
	case moved.weighted < cur.weighted:
		return fmt.Sprintf("to balance hours and levels, by the balance weight of %g", float64(s.weight)/1000), false
	case moved.kept < cur.kept:
		return "to keep continuity of care", false
	case moved.imbalance > cur.imbalance:
		return "to balance hours and levels", false
	}
	return "where the search left it; either team would keep as much continuity and balance", false
}

// weightNote says what the balance weight w cost: kept visits of totalV
// against firstKept when continuity comes first.
func weightNote(w float64, kept, firstKept, totalV int64) string {
	if totalV == 0 {
		return fmt.Sprintf("balance weight %g was used; with no recorded visits it cost no continuity", w)
	}
	r := Ratio{Num: float64(kept), Den: float64(totalV)}
	if kept >= firstKept {
		return fmt.Sprintf("balance weight %g was used; it cost no continuity: the proposal keeps %s of visits, no fewer than with continuity first", w, r)
	}
	return fmt.Sprintf("balance weight %g was used; it cost continuity of care: the proposal keeps %s of visits (%d of %d), %d fewer than the %s kept with continuity first",
		w, r, kept, totalV, firstKept-kept, Ratio{Num: float64(firstKept), Den: float64(totalV)})
}

func (t *Team) explainSplit(s *splitter, clients []ClientLocation, clientUnit []int, cv [][]int64, unitKeys []Postcode, notes []string, nClients int) SplitProposal {
	p := SplitProposal{Team: t.id}
	p.Sides[0].Label, p.Sides[1].Label = "A", "B"
	var sideKept, sideTotal [2]int64
	for i, m := range s.members {
		side := s.memSide[i]
		sd := &p.Sides[side]
		sd.Members = append(sd.Members, m.Person)
		sd.ContractPerWeek += m.ContractPerWeek
		sd.Levels.add(m.Level, 1)
	}
	for u, k := range unitKeys {
		sd := &p.Sides[s.unitSide[u]]
		sd.Areas = append(sd.Areas, k)
	}
	for i, c := range clients {
		u := clientUnit[i]
		side := int(s.unitSide[u])
		var kept, total int64
		for m, v := range cv[i] {
			total += v
			if int(s.memSide[m]) == side {
				kept += v
			}
		}
		sideKept[side] += kept
		sideTotal[side] += total
		p.Sides[side].Clients = append(p.Sides[side].Clients, c.Client)
		var reason string
		if total == 0 {
			reason = fmt.Sprintf("no recorded visits; goes with its area %s", unitKeys[u])
		} else {
			reason = fmt.Sprintf("area %s goes to team %s; %d of %d visits (%s) were by nurses who go there too",
				unitKeys[u], p.Sides[side].Label, kept, total, Ratio{Num: float64(kept), Den: float64(total)})
		}
		p.Clients = append(p.Clients, ClientPlacement{
			Client: c.Client, Postcode: c.Postcode, Area: unitKeys[u], Side: side,
			VisitsKept: int(kept), VisitsTotal: int(total), Reason: reason,
		})
	}
	for side := range 2 {
		p.Sides[side].Continuity = Ratio{Num: float64(sideKept[side]), Den: float64(sideTotal[side])}
	}
	p.Continuity = Ratio{Num: float64(s.cont), Den: float64(s.totalV)}
	cur := s.current()
	for i, m := range s.members {
		side := int(s.memSide[i])
		label, other := p.Sides[side].Label, p.Sides[1-side].Label
		kept, total := s.mvs[i][side], s.mvs[i][0]+s.mvs[i][1]
		share := Ratio{Num: float64(kept), Den: float64(total)}
		why, district := s.whyPlaced(i, cur, label, other)
		var reason string
		if 2*kept > total {
			district = false // the visits decided, not the rule
		}
		switch {
		case total == 0:
			reason = "no recorded visits; placed " + why
		case 2*kept > total:
			reason = fmt.Sprintf("%d of %d visits (%s) are to clients who go to team %s", kept, total, share, label)
		case 2*kept == total:
			reason = fmt.Sprintf("%d of %d visits (%s) are to clients who go to team %s and as many to team %s's; placed %s",
				kept, total, share, label, other, why)
		default:
			reason = fmt.Sprintf("placed in team %s %s, though only %d of %d visits (%s) are to its clients",
				label, why, kept, total, share)
		}
		if m.Level == Level5 && p.Sides[side].Levels.Level5 == 1 && !district {
			reason += fmt.Sprintf("; the district nurse of team %s", label)
		}
		p.Members = append(p.Members, MemberPlacement{
			Person: m.Person, Name: m.Name, Level: m.Level, Side: side,
			VisitsKept: int(kept), VisitsTotal: int(total), Reason: reason,
		})
	}
	// Notes on the team as a whole.
	size := len(s.members)
	over := []string{}
	if size > t.norms.SizeNorm {
		over = append(over, fmt.Sprintf("%d members, more than the size norm of %d", size, t.norms.SizeNorm))
	}
	if nClients > t.norms.CaseloadMax {
		over = append(over, fmt.Sprintf("%d clients, more than the caseload norm of %d–%d", nClients, t.norms.CaseloadMin, t.norms.CaseloadMax))
	}
	if len(over) > 0 {
		notes = append([]string{"the team has " + strings.Join(over, " and ")}, notes...)
	} else {
		notes = append([]string{"the team is within its size and caseload norms; a split is not indicated by them"}, notes...)
	}
	switch {
	case s.totalL5 == 0:
		notes = append(notes, "the team has no level-5 district nurse; neither new team will have one")
	case s.totalL5 == 1:
		notes = append(notes, "the team has one level-5 district nurse; the other new team will need to find one")
	}
	if len(s.members) < 2*s.minSize {
		notes = append(notes, fmt.Sprintf("with %d members the two new teams cannot both have the minimum of %d members", len(s.members), s.minSize))
	}
	if len(s.members) > 2*s.sizeNorm {
		notes = append(notes, fmt.Sprintf("with %d members the two new teams cannot both stay within the size norm of %d", len(s.members), s.sizeNorm))
	}
	if len(unitKeys) < 2 {
		notes = append(notes, "the clients live in fewer than two areas, so one new team starts without clients")
	}
	a, b := p.Sides[0], p.Sides[1]
	hoursApart := 10*abs64(int64(a.ContractPerWeek-b.ContractPerWeek)) > int64(a.ContractPerWeek+b.ContractPerWeek)
	if s.weight == 0 && (hoursApart || abs64(int64(len(a.Members)-len(b.Members))) > 2) {
		count := func(n int) string {
			if n == 1 {
				return "1 member"
			}
			return itoa(n) + " members"
		}
		notes = append(notes, fmt.Sprintf("the new teams are uneven (team A: %s, %v a week; team B: %s, %v a week): "+
			"continuity of care comes first, and balance only decides between layouts that keep as many visits; "+
			"a balance weight lets the team trade continuity for balance",
			count(len(a.Members)), a.ContractPerWeek, count(len(b.Members)), b.ContractPerWeek))
	}
	p.Notes = notes
	return p
}

// ApplySplitParams says how an adopted split is carried out.
type ApplySplitParams struct {
	// Decision is the adopted team decision to split. Required.
	Decision DecisionRef
	// On is the new team's first day; the members of team B leave this
	// team the day before. Required.
	On wijk.Date
	// NewTeamID and NewTeamName identify team B. Required.
	NewTeamID   wijk.ID
	NewTeamName string
	// NewArea names team B's neighbourhood; optional when team B has
	// postcode areas.
	NewArea string
	// Now is when the split is recorded. Required.
	Now time.Time
}

// ApplySplit carries out an adopted split proposal: this team keeps side A
// and the members of side B leave it the day before p.On, moving to a new
// team founded on p.On with side B's areas, this team's norms and custom
// roles, and its members' records showing the decision that moved them.
// The moving members' roles here are released. Hours records stay with
// this team; code that keeps them calls [Team.CheckLeave] for each moving
// member (last day p.On − 1) first. The new team starts without a coach.
//
// The proposal must be for this team and its members must be exactly the
// current members; otherwise the team changed since the proposal was made
// and ApplySplit fails with [wijk.ErrConflict]. Nothing changes unless
// every check passes.
func (t *Team) ApplySplit(p SplitProposal, ap ApplySplitParams) (*Team, error) {
	if err := ap.Decision.Validate("decision"); err != nil {
		return nil, err
	}
	if err := valid.Date("on", ap.On); err != nil {
		return nil, err
	}
	if err := valid.Time("now", ap.Now); err != nil {
		return nil, err
	}
	if p.Team != t.id {
		return nil, wijk.Conflictf("the proposal is for team %s, not team %s (%s)", p.Team, t.name, t.id)
	}
	proposed := append(slices.Clone(p.Sides[0].Members), p.Sides[1].Members...)
	slices.Sort(proposed)
	var current []wijk.ID
	for _, m := range t.Members() {
		current = append(current, m.Person)
	}
	slices.Sort(current)
	if !slices.Equal(proposed, current) {
		return nil, wijk.Conflictf("team %s: the members changed since the proposal was made; propose the split again", t.name)
	}
	if len(p.Sides[0].Members) == 0 || len(p.Sides[1].Members) == 0 {
		return nil, wijk.Invalid("proposal.sides", "each side needs at least one member")
	}
	last := ap.On.AddDays(-1)
	var moving []int
	var founders []MemberParams
	for _, person := range p.Sides[1].Members {
		i, _ := t.current(person)
		if err := t.checkEnd(i, last); err != nil {
			return nil, err
		}
		m := t.members[i]
		moving = append(moving, i)
		founders = append(founders, MemberParams{Person: m.Person, Name: m.Name, Level: m.Level, ContractPerWeek: m.ContractPerWeek})
	}
	var custom []RoleDefinition
	for _, r := range t.roles {
		if !r.Standard && r.Retired.IsZero() {
			custom = append(custom, RoleDefinition{Name: string(r.Name), Description: r.Description})
		}
	}
	hoodB := Neighbourhood{Area: ap.NewArea, Postcodes: slices.Clone(p.Sides[1].Areas)}
	if ap.NewArea == "" && len(hoodB.Postcodes) == 0 {
		return nil, wijk.Invalid("newArea", "is required when team B gets no postcode areas")
	}
	nt, err := NewTeam(NewTeamParams{
		ID: ap.NewTeamID, Name: ap.NewTeamName, Neighbourhood: hoodB, Founded: ap.On,
		Norms: t.norms, Members: founders, CustomRoles: custom, Now: ap.Now,
	})
	if err != nil {
		return nil, wijk.InField("newTeam", err)
	}
	if nt.id == t.id {
		return nil, wijk.Invalid("newTeamID", "must differ from the team being split")
	}
	for i := range nt.members {
		nt.members[i].Joined, nt.members[i].JoinDecision = JoinSplit, ap.Decision
		// A member on leave moves on leave: the split does not end it.
		if j, ok := t.current(nt.members[i].Person); ok && t.members[j].Status == StatusOnLeave {
			nt.members[i].Status = StatusOnLeave
		}
	}
	// This team's neighbourhood loses the areas that go to team B.
	hoodA := t.hood.clone()
	if len(hoodA.Postcodes) > 0 {
		moved := Neighbourhood{Postcodes: p.Sides[1].Areas}
		kept := hoodA.Postcodes[:0]
		for _, pc := range hoodA.Postcodes {
			if !moved.Covers(pc) {
				kept = append(kept, pc)
			}
		}
		hoodA.Postcodes = kept
		if len(hoodA.Postcodes) == 0 && hoodA.Area == "" {
			hoodA.Postcodes = slices.Clone(p.Sides[0].Areas)
		}
		if len(hoodA.Postcodes) == 0 && hoodA.Area == "" {
			hoodA.Area = t.name
		}
	}
	for _, i := range moving {
		t.end(i, last, EndSplit, ap.Decision, ap.Now, "holder moved to team "+ap.NewTeamName+" in the split")
	}
	t.hood = hoodA
	return nt, nil
}
