package main

import (
	"fmt"
	"math"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/team"
)

// need is a kind of care a referred client may need: an Omaha problem and
// the intervention the team plans for it, at full and at reduced intensity.
type need struct {
	problem  string // Omaha problem name
	category omaha.Category
	target   string // Omaha target name
	what     string // the care description
	full     careplan.Schedule
	light    careplan.Schedule // once the problem's status is rated 4 or better
	level    team.Level
	weight   int // how often it comes up, relative
}

func win(from, to int) []careplan.Window { return []careplan.Window{{Earliest: from, Latest: to}} }

// needs are the kinds of care the simulation refers, with how often each
// comes up. They are the common problems of home care in a Dutch
// neighbourhood: wounds, medication, personal care, mobility.
var needs = []need{
	{"Skin", omaha.TreatmentsProcedures, "dressing change/wound care", "clean and dress the wound",
		careplan.Schedule{Times: 1, Per: careplan.PerDay, Minutes: 25, Windows: win(8*60, 11*60)},
		careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 20, Windows: win(8*60, 11*60)}, team.Level4, 4},
	{"Medication regimen", omaha.TreatmentsProcedures, "medication administration", "give the morning and evening medication",
		careplan.Schedule{Times: 2, Per: careplan.PerDay, Minutes: 10, Windows: []careplan.Window{{Earliest: 8 * 60, Latest: 9*60 + 30}, {Earliest: 17 * 60, Latest: 18*60 + 30}}},
		careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 15, Windows: win(9*60, 12*60)}, team.Level3, 4},
	{"Personal care", omaha.TreatmentsProcedures, "personal hygiene", "help with washing and dressing",
		careplan.Schedule{Times: 1, Per: careplan.PerDay, Minutes: 40, Windows: win(7*60+30, 9*60+30)},
		careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 30, Windows: win(7*60+30, 9*60+30)}, team.Level3, 4},
	{"Neuro-musculo-skeletal function", omaha.TeachingGuidanceCounseling, "mobility/transfers", "practise transfers and walking with the frame",
		careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 30, Windows: win(10*60, 15*60)},
		careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 30, Windows: win(10*60, 15*60)}, team.Level3, 3},
	{"Circulation", omaha.Surveillance, "signs/symptoms-physical", "check the legs for oedema, compression stockings",
		careplan.Schedule{Times: 1, Per: careplan.PerDay, Minutes: 15, Windows: win(7*60+30, 10*60)},
		careplan.Schedule{Times: 2, Per: careplan.PerWeek, Minutes: 15, Windows: win(7*60+30, 10*60)}, team.Level4, 2},
	{"Pain", omaha.Surveillance, "signs/symptoms-physical", "assess the pain and the effect of the pain relief",
		careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 20, Windows: win(9*60, 16*60)},
		careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 20, Windows: win(9*60, 16*60)}, team.Level4, 2},
	{"Cognition", omaha.CaseManagement, "continuity of care", "coordinate care with the family and the GP",
		careplan.Schedule{Times: 2, Per: careplan.PerWeek, Minutes: 30, Windows: win(10*60, 16*60)},
		careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 30, Windows: win(10*60, 16*60)}, team.Level5, 2},
	{"Nutrition", omaha.TeachingGuidanceCounseling, "dietary management", "talk through meals and weigh",
		careplan.Schedule{Times: 2, Per: careplan.PerWeek, Minutes: 20, Windows: win(11*60, 14*60)},
		careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 20, Windows: win(11*60, 14*60)}, team.Level3, 1},
}

// needWeights is the sum of the needs' weights.
var needWeights = func() int {
	n := 0
	for _, nd := range needs {
		n += nd.weight
	}
	return n
}()

// needProblems holds the Omaha problem of each need, looked up once.
var needProblems = func() []omaha.Problem {
	out := make([]omaha.Problem, len(needs))
	for i, nd := range needs {
		p, err := omaha.ProblemByName(nd.problem)
		if err != nil {
			panic(fmt.Sprintf("teamsim: the Omaha taxonomy has no problem %q: %v", nd.problem, err))
		}
		out[i] = p
	}
	return out
}()

// problemState is the simulation's view of one problem of a client: the
// client's true Knowledge/Behavior/Status, which the team rates at reviews.
type problemState struct {
	need  int
	code  string
	kbs   careplan.KBS
	iv    wijk.ID // the intervention for it
	light bool    // the intervention runs at reduced intensity
	open  bool
}

// dayLoad is the care a client needs on one weekday: visits and minutes.
type dayLoad struct{ visits, minutes int }

// client is one client of a team with their care plan and what the
// simulation knows about them.
type client struct {
	c        *careplan.Client
	plan     *careplan.CarePlan
	postcode team.Postcode
	problems []problemState
	// week is the care the plan asks for on each weekday (Sunday first),
	// from the plan's visit demand, recomputed whenever the plan changes.
	week [7]dayLoad
	// primary is the member who visits the client when they can.
	primary wijk.ID
	// visits counts visits per member (few members, so a slice).
	visits []visitCount
	// x and y are where the client lives, in km on the team's map.
	x, y float64
	// draws is the client's own random stream.
	draws stream
	// cont is the share of the client's visits on the last sampled day
	// made by a nurse they know (NaN: not measured yet); familiar are the
	// nurses who visited them on the last sampled days, newest last.
	cont     float64
	familiar []wijk.ID
}

// continuity is the client's measured continuity, or 1 (no effect) before
// it was first measured.
func (c *client) continuity() float64 {
	if math.IsNaN(c.cont) {
		return 1
	}
	return c.cont
}

type visitCount struct {
	member wijk.ID
	n      int
}

func (c *client) addVisits(m wijk.ID, n int) {
	for i := range c.visits {
		if c.visits[i].member == m {
			c.visits[i].n += n
			return
		}
	}
	c.visits = append(c.visits, visitCount{m, n})
}

// refreshDemand recomputes the client's weekly care from the plan's visit
// demand over the week that starts on monday.
func (c *client) refreshDemand(monday wijk.Date) error {
	visits, err := c.plan.VisitDemand(monday, monday.AddDays(6))
	if err != nil {
		return err
	}
	c.week = [7]dayLoad{}
	for _, v := range visits {
		wd := v.Date.Weekday()
		c.week[wd].visits++
		c.week[wd].minutes += v.Minutes
	}
	return nil
}

// intake takes a referred client into the team: it writes the care plan
// with the client's Omaha problems, rates them at admission and has a
// district nurse authorise the care hours. It returns nil and no error when
// the team has no active district nurse to authorise the plan: the referral
// is declined.
func (s *teamSim) intake(ref referral, day wijk.Date, now time.Time) (*client, error) {
	nurse, ok := s.districtNurse()
	if !ok {
		return nil, nil
	}
	s.clientSeq++
	c, err := careplan.NewClient(careplan.ClientParams{
		ID:        s.ids.NewID(),
		Name:      fmt.Sprintf("Client %s-%d", s.name, s.clientSeq),
		BirthDate: ref.birth,
		Address:   careplan.Address{Street: fmt.Sprintf("Dorpsstraat %d", ref.street), Postcode: string(ref.postcode), City: "Wijkstad", Area: s.t.Neighbourhood().Area},
		Goals:     []string{"live at home, as independently as possible"},
		Wishes:    []string{"first coffee, then care"},
	})
	if err != nil {
		return nil, err
	}
	plan, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: s.ids.NewID(), Client: c.ID(), Start: day, CreatedBy: nurse.Member})
	if err != nil {
		return nil, err
	}
	cl := &client{c: c, plan: plan, postcode: ref.postcode, x: ref.x, y: ref.y,
		draws: stream{seed: ref.seed}, cont: s.meanCont}
	for _, dp := range ref.problems {
		k := dp.need
		nd, op := needs[k], needProblems[k]
		if err := plan.AddProblem(careplan.Problem{
			Code: op.Code, Scope: omaha.Individual, Severity: omaha.Actual,
			Signs: []careplan.Sign{{Name: op.Signs[dp.sign]}},
			Goal:  "better than at admission, with as little care as possible",
		}); err != nil {
			return nil, err
		}
		iv := s.ids.NewID()
		if err := plan.AddIntervention(careplan.Intervention{
			ID: iv, Problem: op.Code, Category: nd.category, Target: nd.target,
			Description: nd.what, Schedule: nd.full, Level: nd.level,
		}); err != nil {
			return nil, err
		}
		kbs := careplan.KBS{Knowledge: dp.kbs[0], Behavior: dp.kbs[1], Status: dp.kbs[2]}
		if err := plan.Rate(careplan.Rating{Problem: op.Code, Kind: careplan.Admission, Date: day, By: nurse.Member, KBS: kbs}); err != nil {
			return nil, err
		}
		cl.problems = append(cl.problems, problemState{need: k, code: op.Code, kbs: kbs, iv: iv, open: true})
	}
	if err := plan.Authorise(careplan.AuthoriseParams{
		By: nurse, At: now, MinutesPerWeek: plan.PlannedMinutesPerWeek(),
		ReviewDate: day.AddDays(ref.reviewIn),
	}); err != nil {
		return nil, err
	}
	if err := cl.refreshDemand(mondayOf(day)); err != nil {
		return nil, err
	}
	if s.cfg.Organisation == selfManaging {
		cl.primary = s.leastLoaded(day)
	}
	// A client of the caseload at the start is further along in care:
	// their true ratings have had some weeks to improve already.
	for range ref.weeksInCare {
		s.progress(cl)
	}
	return cl, nil
}

// progress lets each open problem's true ratings move on by a week of care.
// With the continuity mechanism on, care by nurses the client does not know
// improves the ratings less often.
func (s *teamSim) progress(cl *client) {
	p := s.cfg.ImprovePerWeek
	if s.cfg.Continuity {
		p *= 1 - s.cfg.ContinuityImprove*(1-cl.continuity())
	}
	for i := range cl.problems {
		pr := &cl.problems[i]
		if !pr.open {
			continue
		}
		for _, v := range []*int{&pr.kbs.Knowledge, &pr.kbs.Behavior, &pr.kbs.Status} {
			if *v < 5 && cl.draws.float64() < p {
				*v++
			}
		}
	}
}

// review takes a plan whose review date has come under review: the team
// rates every open problem, resolves those that reached the discharge level,
// lightens the care of those that are better, and has a district nurse
// authorise the plan again. A client with no open problem left is discharged
// ("goals reached"); discharged reports that. When no district nurse is
// active the plan stays under review, with care going on, until one is.
func (s *teamSim) review(cl *client, day wijk.Date, now time.Time) (discharged bool, err error) {
	nurse, ok := s.districtNurse()
	if !ok {
		return false, nil
	}
	if cl.plan.Status() == careplan.Active {
		if err := cl.plan.StartReview(nurse.Member, now, "review date reached"); err != nil {
			return false, err
		}
	}
	open := 0
	for i := range cl.problems {
		p := &cl.problems[i]
		if !p.open {
			continue
		}
		if s.resolved(p.kbs) {
			if err := cl.plan.Rate(careplan.Rating{Problem: p.code, Kind: careplan.Discharge, Date: day, By: nurse.Member, KBS: p.kbs}); err != nil {
				return false, err
			}
			if err := cl.plan.ResolveProblem(p.code, day); err != nil {
				return false, err
			}
			p.open = false
			continue
		}
		open++
		if err := cl.plan.Rate(careplan.Rating{Problem: p.code, Kind: careplan.Interim, Date: day, By: nurse.Member, KBS: p.kbs}); err != nil {
			return false, err
		}
		if !p.light && p.kbs.Status >= 4 {
			nd := needs[p.need]
			if err := cl.plan.UpdateIntervention(careplan.Intervention{
				ID: p.iv, Problem: p.code, Category: nd.category, Target: nd.target,
				Description: nd.what + " (less often: better at the review)", Schedule: nd.light, Level: nd.level,
			}); err != nil {
				return false, err
			}
			p.light = true
		}
	}
	if open == 0 {
		if err := cl.plan.Discharge(careplan.DischargeParams{By: nurse.Member, At: now, Reason: "goals reached"}); err != nil {
			return false, err
		}
		return true, nil
	}
	if err := cl.plan.Authorise(careplan.AuthoriseParams{
		By: nurse, At: now, MinutesPerWeek: cl.plan.PlannedMinutesPerWeek(),
		ReviewDate: day.AddDays(7 * s.cfg.ReviewWeeks),
	}); err != nil {
		return false, err
	}
	return false, cl.refreshDemand(mondayOf(day))
}

// endCare discharges a client whose care ends for another reason than
// reaching their goals, with a discharge rating for every open problem.
func (s *teamSim) endCare(cl *client, day wijk.Date, now time.Time, by wijk.ID) error {
	for i := range cl.problems {
		p := &cl.problems[i]
		if !p.open {
			continue
		}
		if err := cl.plan.Rate(careplan.Rating{Problem: p.code, Kind: careplan.Discharge, Date: day, By: by, KBS: p.kbs}); err != nil {
			return err
		}
	}
	return cl.plan.Discharge(careplan.DischargeParams{By: by, At: now, Reason: "moved to a nursing home"})
}

func (s *teamSim) resolved(k careplan.KBS) bool {
	l := s.cfg.DischargeLevel
	return k.Knowledge >= l && k.Behavior >= l && k.Status >= l
}

// mondayOf returns the Monday on or before d.
func mondayOf(d wijk.Date) wijk.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}
