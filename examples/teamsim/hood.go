package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// hood is one neighbourhood: its postcode areas, its place on the map, and
// the random streams of what happens there whatever the organisation: the
// nurses who work there at the start, the caseload at the start and the
// referrals. Both arms of an experiment draw the same neighbourhoods from
// the same seed, so they care for the same clients with the same staff at
// the start; only the organisation differs.
type hood struct {
	areas []team.Postcode
	// x0 is the west edge of the neighbourhood on its team's map, in km;
	// each postcode area is a 1 km square, three in a row, two rows.
	x0    float64
	staff *rand.Rand
	refs  *rand.Rand
}

// maxTeams is the most neighbourhoods the postcode areas allow: six
// four-digit areas each, from 1000 to 9999.
const maxTeams = (9999 - 1000 + 1) / 6

func newHood(cfg *Config, n, place int) (*hood, error) {
	if n < 0 || n >= maxTeams {
		return nil, fmt.Errorf("too many teams for the postcode areas (at most %d)", maxTeams)
	}
	h := &hood{x0: 3 * float64(place),
		staff: rand.New(rand.NewPCG(mix(cfg.Seed, uint64(n)), 0x57AFF)),
		refs:  rand.New(rand.NewPCG(mix(cfg.Seed, uint64(n)), 0x12EF5)),
	}
	for k := range 6 {
		h.areas = append(h.areas, team.Postcode(fmt.Sprintf("%04d", 1000+6*n+k)))
	}
	return h, nil
}

// referral is a client referred to a neighbourhood, drawn before any team
// sees them: who they are, where they live, and what care they need.
type referral struct {
	// seed is the client's own random stream (their progress, the end of
	// their care for other reasons), the same whichever team takes them.
	seed     uint64
	postcode team.Postcode
	x, y     float64 // km on the team's map
	birth    wijk.Date
	street   int
	problems []drawnProblem
	// reviewIn is the number of days to the first review; weeksInCare the
	// weeks of care a client of the caseload at the start has had.
	reviewIn, weeksInCare int
}

type drawnProblem struct {
	need, sign int
	kbs        [3]int
}

// referral draws the next client referred to the neighbourhood. atStart
// marks a client of the caseload at the start, who is further along in care.
func (h *hood) referral(cfg *Config, atStart bool) referral {
	r := h.refs
	k := r.IntN(len(h.areas))
	area := h.areas[k]
	ref := referral{
		seed:     r.Uint64(),
		postcode: team.Postcode(fmt.Sprintf("%s %c%c", area, 'A'+rune(r.IntN(17)), 'A'+rune(r.IntN(26)))),
		x:        h.x0 + float64(k%3) + r.Float64(),
		y:        float64(k/3) + r.Float64(),
		birth:    wijk.NewDate(1925+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
		street:   1 + r.IntN(200),
		reviewIn: 7 * cfg.ReviewWeeks,
	}
	if atStart {
		ref.reviewIn = 1 + r.IntN(7*cfg.ReviewWeeks)
		ref.weeksInCare = r.IntN(3 * cfg.ReviewWeeks)
	}
	// One to three distinct problems, drawn by weight.
	n := 1
	if r.Float64() < 0.5 {
		n++
	}
	if r.Float64() < 0.1 {
		n++
	}
	var taken [16]bool
	for len(ref.problems) < n {
		k := drawNeed(r)
		if taken[k] {
			continue
		}
		taken[k] = true
		ref.problems = append(ref.problems, drawnProblem{
			need: k, sign: r.IntN(len(needProblems[k].Signs)),
			kbs: [3]int{2 + r.IntN(2), 2 + r.IntN(2), 1 + r.IntN(3)},
		})
	}
	return ref
}

// drawNeed picks a kind of care by weight.
func drawNeed(r *rand.Rand) int {
	u := r.IntN(needWeights)
	for i, nd := range needs {
		if u < nd.weight {
			return i
		}
		u -= nd.weight
	}
	return len(needs) - 1
}

// stream is a client's own sequence of uniform draws: a counter hashed
// with the client's seed, so that it costs no state beyond two numbers.
type stream struct {
	seed, n uint64
}

// float64 returns the next draw in [0, 1).
func (s *stream) float64() float64 {
	s.n++
	return float64(mix(s.seed, s.n)>>11) / (1 << 53)
}

// office returns the middle of the map of a team serving hoods
// neighbourhoods, where its nurses start and end their rounds.
func office(hoods int) (x, y float64) { return 1.5 * float64(hoods), 1 }
