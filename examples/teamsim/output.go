package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/wijkzorg/wijk"
)

// weekRow is one team's figures for one week: a line of weeks.csv.
type weekRow struct {
	team, parent string
	teamID       wijk.ID
	week         int
	weekStart    wijk.Date

	members, level5, hires, leavers, splits            int
	clients, referrals, admitted, declined, discharged int
	kbsProblems, kbsChange                             int

	// Minutes.
	demand, unmet, scheduled                            int
	worked, clientFacing, travel, sick, leave, training int
	need, capacity                                      float64

	meetings, proposals, decisions, withdrawn, escalated, rounds int
	stances, objections, validObjections, concerns, standAsides  int
	swayed, suppressed, dissent                                  int
	meanDaysToDecision                                           float64
	hasTimeToDecision                                            bool

	// initial counts the caseload at the start (first week only);
	// planned the minutes of care the plans asked for before any extra
	// care for unfamiliar nurses.
	initial, planned int
	// contSum and contN sum the clients' measured continuity at the end
	// of the week; sampledVisits and familiarVisits count the visits of
	// the sampled day's plan and those made by a nurse the client knew.
	contSum                       float64
	contN                         int
	sampledVisits, familiarVisits int
	// poorDecisions counts adopted proposals whose round had a valid
	// objection suppressed by dominant members.
	poorDecisions int
}

// columns are the columns of weeks.csv, in order. README.md documents each.
var columns = []string{
	"team", "team_id", "parent", "week", "week_start",
	"members", "level5", "hires", "leavers", "splits",
	"clients", "referrals", "admitted", "declined", "discharged", "kbs_change_per_problem",
	"demand_hours", "worked_hours", "client_facing_hours", "travel_hours", "unmet_hours",
	"sick_hours", "leave_hours", "training_hours",
	"productivity", "absenteeism", "workload",
	"meetings", "proposals", "decisions", "withdrawn", "escalated", "rounds", "mean_days_to_decision",
	"stances", "objections", "valid_objections", "concerns", "stand_asides",
	"swayed", "suppressed_objections", "dissent", "poor_decisions",
	"initial_clients", "planned_hours", "continuity", "sampled_visits", "familiar_visits",
}

func hours(minutes int) string { return strconv.FormatFloat(float64(minutes)/60, 'f', 2, 64) }

// ratio formats num/den with four decimals, or an empty field when den is
// zero: the figure is undefined then, not zero.
func ratio(num, den float64) string {
	if den <= 0 {
		return ""
	}
	return strconv.FormatFloat(num/den, 'f', 4, 64)
}

func (r weekRow) record() []string {
	itoa := strconv.Itoa
	ttd := ""
	if r.hasTimeToDecision {
		ttd = strconv.FormatFloat(r.meanDaysToDecision, 'f', 3, 64)
	}
	return []string{
		r.team, string(r.teamID), r.parent, itoa(r.week), r.weekStart.String(),
		itoa(r.members), itoa(r.level5), itoa(r.hires), itoa(r.leavers), itoa(r.splits),
		itoa(r.clients), itoa(r.referrals), itoa(r.admitted), itoa(r.declined), itoa(r.discharged),
		ratio(float64(r.kbsChange), float64(r.kbsProblems)),
		hours(r.demand), hours(r.worked), hours(r.clientFacing), hours(r.travel), hours(r.unmet),
		hours(r.sick), hours(r.leave), hours(r.training),
		ratio(float64(r.clientFacing), float64(r.worked)),
		ratio(float64(r.sick), float64(r.scheduled)),
		ratio(r.need, r.capacity),
		itoa(r.meetings), itoa(r.proposals), itoa(r.decisions), itoa(r.withdrawn), itoa(r.escalated), itoa(r.rounds), ttd,
		itoa(r.stances), itoa(r.objections), itoa(r.validObjections), itoa(r.concerns), itoa(r.standAsides),
		itoa(r.swayed), itoa(r.suppressed), itoa(r.dissent), itoa(r.poorDecisions),
		itoa(r.initial), hours(r.planned), ratio(r.contSum, float64(r.contN)), itoa(r.sampledVisits), itoa(r.familiarVisits),
	}
}

// writeWeeks writes the rows as CSV with a header line.
func writeWeeks(w io.Writer, rows []weekRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(columns); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.record()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// summary holds the run's totals.
type summary struct {
	teamsStart, teamsEnd, splits, hires, leavers                      int
	membersEnd, clientsEnd, maxMembers                                int
	referrals, admitted, declined, discharged                         int
	kbsProblems, kbsChange                                            int
	worked, clientFacing, travel, unmet, demand, sick, scheduled      int
	meetings, proposals, decisions, withdrawn, escalated, rounds      int
	stances, objections, validObjections, swayed, suppressed, dissent int
	ttdSum                                                            float64
	ttdN                                                              int
	inBand, withData                                                  int
}

func summarise(cfg Config, rows []weekRow, lastWeek int) summary {
	s := summary{teamsStart: cfg.Teams}
	if cfg.Organisation == traditional {
		s.teamsStart = (cfg.Teams + cfg.Merge - 1) / cfg.Merge
	}
	for _, r := range rows {
		s.splits += r.splits
		s.hires += r.hires
		s.leavers += r.leavers
		s.referrals += r.referrals
		s.admitted += r.admitted
		s.declined += r.declined
		s.discharged += r.discharged
		s.kbsProblems += r.kbsProblems
		s.kbsChange += r.kbsChange
		s.worked += r.worked
		s.clientFacing += r.clientFacing
		s.travel += r.travel
		s.unmet += r.unmet
		s.demand += r.demand
		s.sick += r.sick
		s.scheduled += r.scheduled
		s.meetings += r.meetings
		s.proposals += r.proposals
		s.decisions += r.decisions
		s.withdrawn += r.withdrawn
		s.escalated += r.escalated
		s.rounds += r.rounds
		s.stances += r.stances
		s.objections += r.objections
		s.validObjections += r.validObjections
		s.swayed += r.swayed
		s.suppressed += r.suppressed
		s.dissent += r.dissent
		if r.hasTimeToDecision {
			s.ttdSum += r.meanDaysToDecision * float64(r.decisions)
			s.ttdN += r.decisions
		}
		s.maxMembers = max(s.maxMembers, r.members)
		if r.week == lastWeek {
			s.teamsEnd++
			s.membersEnd += r.members
			s.clientsEnd += r.clients
			if r.worked > 0 {
				s.withData++
				if p := float64(r.clientFacing) / float64(r.worked); p >= 0.60 && p <= 0.65 {
					s.inBand++
				}
			}
		}
	}
	return s
}

func pct(num, den int) string {
	if den == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(num)/float64(den))
}

// write prints the summary as text.
func (s summary) write(w io.Writer, cfg Config) error {
	ttd := "n/a"
	if s.ttdN > 0 {
		ttd = fmt.Sprintf("%.2f days", s.ttdSum/float64(s.ttdN))
	}
	kbs := "n/a"
	if s.kbsProblems > 0 {
		kbs = fmt.Sprintf("%+.2f points (K+B+S)", float64(s.kbsChange)/float64(s.kbsProblems))
	}
	_, err := fmt.Fprintf(w, `teamsim: %d teams, %d days from %s, seed %d
teams:       %d at the start, %d at the end (%d splits); %d members, %d clients at the end; largest team %d
staff:       %d hires, %d leavers
clients:     %d referrals, %d admitted, %d declined, %d discharged; mean change per problem at discharge %s
hours:       productivity %s (client-facing of worked), travel %s of worked, absenteeism %s, unmet care %s of demand
             teams in the 60–65%% productivity band in the last week: %d of %d
decisions:   %d meetings, %d proposals, %d adopted, %d withdrawn, %d escalated to a coach; %d rounds; mean time to decision %s
dissent:     %d stances: %s objections (%d valid), %d swayed by dominant members (%d objections suppressed), %d against the dominant view
`,
		cfg.Teams, cfg.Days, cfg.Start, cfg.Seed,
		s.teamsStart, s.teamsEnd, s.splits, s.membersEnd, s.clientsEnd, s.maxMembers,
		s.hires, s.leavers,
		s.referrals, s.admitted, s.declined, s.discharged, kbs,
		pct(s.clientFacing, s.worked), pct(s.travel, s.worked), pct(s.sick, s.scheduled), pct(s.unmet, s.demand),
		s.inBand, s.withData,
		s.meetings, s.proposals, s.decisions, s.withdrawn, s.escalated, s.rounds, ttd,
		s.stances, pct(s.objections, s.stances), s.validObjections, s.swayed, s.suppressed, s.dissent)
	return err
}
