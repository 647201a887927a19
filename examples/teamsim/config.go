package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
)

// Config holds every parameter of a simulation run. It is read from a JSON
// file (-config FILE; field names as in the json tags) and from flags; a flag
// given on the command line overrides the file. Rates are probabilities or
// means, as each field says. Workers and Out do not change the results.
type Config struct {
	// Teams is the number of teams at the start.
	Teams int `json:"teams"`
	// Days is the number of days simulated.
	Days int `json:"days"`
	// Seed drives every random draw; the same seed and parameters give the
	// same output, byte for byte.
	Seed uint64 `json:"seed"`
	// Start is the first day, a Monday (2006-01-02).
	Start string `json:"start"`
	// Out is the directory the CSV and the summary are written to.
	Out string `json:"out"`
	// Workers is how many teams are simulated at once; 0 means one per CPU.
	Workers int `json:"workers"`
	// Store saves every team at the end of each week through the in-memory
	// storage backend (storage/memory), over the version it was saved at.
	Store bool `json:"store"`

	// MembersMin and MembersMax bound the founders of a team at the start.
	MembersMin int `json:"members_min"`
	MembersMax int `json:"members_max"`
	// ClientsMin and ClientsMax bound a team's caseload at the start.
	ClientsMin int `json:"clients_min"`
	ClientsMax int `json:"clients_max"`

	// ReferralsPerWeek is the mean number of referrals a team gets a week
	// (Poisson).
	ReferralsPerWeek float64 `json:"referrals_per_week"`
	// AcceptUpTo is the caseload, as a multiple of the caseload norm's
	// maximum, above which a team declines referrals.
	AcceptUpTo float64 `json:"accept_up_to"`
	// ImprovePerWeek is the chance a week that one KBS scale of one of a
	// client's problems improves by one point.
	ImprovePerWeek float64 `json:"improve_per_week"`
	// DischargeLevel is the rating every scale of a problem must reach for
	// the problem to be resolved; a client whose problems are all resolved
	// is discharged ("goals reached").
	DischargeLevel int `json:"discharge_level"`
	// OtherEndPerWeek is the chance a week that a client's care ends for
	// another reason (a move to a nursing home, death).
	OtherEndPerWeek float64 `json:"other_end_per_week"`
	// ReviewWeeks is the time between a plan's authorisation and its review.
	ReviewWeeks int `json:"review_weeks"`

	// SickRate is the share of scheduled working days lost to sickness;
	// sickness comes in spells of SickSpellDays days on average.
	SickRate      float64 `json:"sick_rate"`
	SickSpellDays float64 `json:"sick_spell_days"`
	// LeaveRate and TrainingRate are the shares of scheduled days taken as
	// leave and spent on training.
	LeaveRate    float64 `json:"leave_rate"`
	TrainingRate float64 `json:"training_rate"`
	// TravelPerVisit is the travel time per visit, in minutes.
	TravelPerVisit int `json:"travel_per_visit"`
	// OverheadShare is the share of worked time that goes to other work
	// (administration, intake, coordination) and is never client-facing.
	OverheadShare float64 `json:"overhead_share"`

	// MeetingEveryDays is the time between team meetings.
	MeetingEveryDays int `json:"meeting_every_days"`
	// RoutineProposals is the number of proposals without a change to the
	// team (a rota rule, a purchase) each meeting decides besides hires,
	// leavers and splits.
	RoutineProposals int `json:"routine_proposals"`
	// ObjectionRate, ConcernRate and StandAsideRate are a member's mean
	// chances of each stance in a consent round; each member's own rates
	// are drawn around them (±Spread, relative).
	ObjectionRate  float64 `json:"objection_rate"`
	ConcernRate    float64 `json:"concern_rate"`
	StandAsideRate float64 `json:"stand_aside_rate"`
	Spread         float64 `json:"spread"`
	// ValidObjectionShare is the chance an objection is tested valid.
	ValidObjectionShare float64 `json:"valid_objection_share"`
	// DominantShare is the share of members who are dominant: they speak
	// first, and their view sways the others.
	DominantShare float64 `json:"dominant_share"`
	// Dominance is the chance that a member who is not dominant takes the
	// dominant members' view (an objection if a dominant member objects,
	// consent otherwise) instead of their own. 0 means no sway.
	Dominance float64 `json:"dominance"`
	// AmendInMeeting is the chance that an owner amends a blocked proposal
	// in the same meeting; otherwise the amended proposal waits for the next
	// meeting.
	AmendInMeeting float64 `json:"amend_in_meeting"`
	// MaxRounds is the number of consent rounds before a proposal is
	// escalated to the coach (who facilitates one more round, in which
	// dominance has no sway); a proposal still blocked then is withdrawn.
	MaxRounds int `json:"max_rounds"`

	// HireAbove is the workload (care and travel ÷ time available for it,
	// over the last full week and this week so far) above which a team proposes a hire (a
	// traditional team's manager opens a vacancy). The default, 1, is the
	// one value calibrated: with it, mature self-managing teams spend
	// 60–65% of their hours with clients (see README.md).
	HireAbove float64 `json:"hire_above"`
	// MaxMembers is the size above which a team no longer hires.
	MaxMembers int `json:"max_members"`
	// LeavePerYear is the chance a year that a member decides to leave.
	LeavePerYear float64 `json:"leave_per_year"`
	// SizeNorm, CaseloadMin and CaseloadMax are the teams' norms.
	SizeNorm    int `json:"size_norm"`
	CaseloadMin int `json:"caseload_min"`
	CaseloadMax int `json:"caseload_max"`
	// SplitCaseload is the caseload, as a multiple of the caseload norm's
	// maximum, above which a team proposes to split, as it does when it has
	// more members than its size norm.
	SplitCaseload float64 `json:"split_caseload"`
	// MinSplitMembers is the fewest members a team splits with.
	MinSplitMembers int `json:"min_split_members"`
	// CoachTeams is the number of teams one coach supports.
	CoachTeams int `json:"coach_teams"`

	// Organisation is how the teams are organised: "self-managing" (the
	// teams decide by consent, each client has a primary nurse, and teams
	// split when they outgrow their norms) or "traditional" (see
	// README.md: a manager decides, care is given as timed tasks by
	// whoever is free, and one larger team serves Merge neighbourhoods).
	Organisation string `json:"organisation"`
	// Merge is the number of neighbourhoods one traditional team serves;
	// the self-managing arm always has one team per neighbourhood at the
	// start.
	Merge int `json:"merge"`
	// HireDelayDays is the time a traditional team waits for a hire the
	// manager asked for: the vacancy goes through the back office.
	HireDelayDays int `json:"hire_delay_days"`
	// BackOfficePer1000 is the back-office staff (finance, HR, IT) per
	// 1,000 nurses; PlannersPer100 the planning department's staff per
	// 100 nurses (traditional arm only); ManagersPerTeam the managers per
	// traditional team. They are inputs: the simulation reports them
	// beside its outcomes but does not derive them.
	BackOfficePer1000 float64 `json:"back_office_per_1000"`
	PlannersPer100    float64 `json:"planners_per_100"`
	ManagersPerTeam   float64 `json:"managers_per_team"`

	// Continuity switches the continuity mechanism on: care given by a
	// nurse the client does not know takes ContinuityExtraCare more time
	// (0.3: 30% more), and at no continuity the weekly chance that a
	// problem's ratings improve is ContinuityImprove lower (0.3: 30%
	// lower). How familiar the nurses are comes from visit plans made by
	// roster/visit on sampled days (VisitSampleWeeks).
	Continuity          bool    `json:"continuity"`
	ContinuityExtraCare float64 `json:"continuity_extra_care"`
	ContinuityImprove   float64 `json:"continuity_improve"`
	// VisitSampleWeeks is the time between two sampled days on which a
	// team's day is planned with roster/visit; VisitIterations the
	// search's iteration budget for each. 0 weeks: no visit plans.
	VisitSampleWeeks int `json:"visit_sample_weeks"`
	VisitIterations  int `json:"visit_iterations"`
	// MeasuredTravel: once a team's day has been planned, its travel per
	// visit is the planned routes' travel (on the team's map, by bike or
	// car in town) instead of TravelPerVisit, so a team covering more
	// ground travels more.
	MeasuredTravel bool `json:"measured_travel"`

	// Strain switches the job-strain mechanism on: less autonomy and a
	// workload above capacity raise the rate at which sickness spells start
	// and members decide to leave. Autonomy is the members' control over
	// their own work, 0 to 1. A sickness or leaving rate is multiplied by
	// (1 + X×(1 − Autonomy)) × (1 + Y×excess), where excess is the
	// workload above 1 and X, Y are the Strain…/Overload… parameters.
	Strain           bool    `json:"strain"`
	Autonomy         float64 `json:"autonomy"`
	StrainSickness   float64 `json:"strain_sickness"`
	OverloadSickness float64 `json:"overload_sickness"`
	StrainLeaving    float64 `json:"strain_leaving"`
	OverloadLeaving  float64 `json:"overload_leaving"`

	// Coordination switches the coordination mechanism on: each member
	// beyond the first adds CoordinationPerMember to the share of worked
	// time that goes to other work than care (OverheadShare is then the
	// share of a team of one).
	Coordination          bool    `json:"coordination"`
	CoordinationPerMember float64 `json:"coordination_per_member"`

	// DominanceEffects switches the dominance mechanism on: an objection
	// suppressed by dominant members that would have been found valid
	// makes the decision a poor one, and every suppressed objection adds
	// SuppressedLeaving to its member's chance of leaving (relative; half
	// of it fades every 26 weeks).
	DominanceEffects  bool    `json:"dominance_effects"`
	SuppressedLeaving float64 `json:"suppressed_leaving"`
}

// The organisations a run can simulate.
const (
	selfManaging = "self-managing"
	traditional  = "traditional"
)

// DefaultConfig returns the parameters of a plain run: twenty teams for a
// year.
func DefaultConfig() Config {
	return Config{
		Teams: 20, Days: 365, Seed: 1, Start: "2026-01-05", Out: "teamsim-out", Store: true,
		MembersMin: 6, MembersMax: 10, ClientsMin: 25, ClientsMax: 45,
		ReferralsPerWeek: 1.7, AcceptUpTo: 1.5, ImprovePerWeek: 0.1, DischargeLevel: 4,
		OtherEndPerWeek: 0.004, ReviewWeeks: 6,
		SickRate: 0.05, SickSpellDays: 4, LeaveRate: 0.08, TrainingRate: 0.015,
		TravelPerVisit: 8, OverheadShare: 0.10,
		MeetingEveryDays: 14, RoutineProposals: 2,
		ObjectionRate: 0.05, ConcernRate: 0.12, StandAsideRate: 0.03, Spread: 0.5,
		ValidObjectionShare: 0.5, DominantShare: 0.15, Dominance: 0.4, AmendInMeeting: 0.5,
		MaxRounds: 3,
		HireAbove: 1.0, MaxMembers: 14, LeavePerYear: 0.08,
		SizeNorm: 12, CaseloadMin: 40, CaseloadMax: 60, SplitCaseload: 1.3, MinSplitMembers: 8,
		CoachTeams: 45,

		Organisation: selfManaging, Merge: 3, HireDelayDays: 42,
		BackOfficePer1000: 4.3, PlannersPer100: 2, ManagersPerTeam: 1,
		Continuity: true, ContinuityExtraCare: 0.3, ContinuityImprove: 0.3,
		VisitSampleWeeks: 13, VisitIterations: 10, MeasuredTravel: true,
		Strain: true, Autonomy: 0.8, StrainSickness: 0.5, OverloadSickness: 2, StrainLeaving: 1, OverloadLeaving: 2,
		Coordination: true, CoordinationPerMember: 0.004,
		DominanceEffects: true, SuppressedLeaving: 0.5,
	}
}

// startDate returns Start as a date.
func (c Config) startDate() (wijk.Date, error) {
	return wijk.ParseDate(c.Start)
}

// Validate checks that the parameters make a run.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, field, rule string) {
		if !ok {
			errs = append(errs, fmt.Errorf("%s %s", field, rule))
		}
	}
	prob := func(v float64, field string) { check(v >= 0 && v <= 1, field, "must be between 0 and 1") }
	// between checks the range of a parameter the mechanisms added.
	between := func(v, lo, hi float64, field string) {
		check(v >= lo && v <= hi, field, fmt.Sprintf("must be %g to %g", lo, hi))
	}
	check(c.Teams >= 1 && c.Teams <= maxTeams, "teams", fmt.Sprintf("must be 1 to %d (six four-digit postcode areas each)", maxTeams))
	check(c.Days >= 1 && c.Days <= 3660, "days", "must be 1 to 3660")
	if d, err := c.startDate(); err != nil {
		errs = append(errs, fmt.Errorf("start: %w", err))
	} else {
		check(d.Weekday() == time.Monday, "start", "must be a Monday")
	}
	check(c.Workers >= 0, "workers", "must not be negative")
	check(c.MembersMin >= 3 && c.MembersMin <= c.MembersMax && c.MembersMax <= 40, "members_min/members_max", "must satisfy 3 ≤ min ≤ max ≤ 40")
	check(c.ClientsMin >= 0 && c.ClientsMin <= c.ClientsMax && c.ClientsMax <= 500, "clients_min/clients_max", "must satisfy 0 ≤ min ≤ max ≤ 500")
	check(c.ReferralsPerWeek >= 0 && c.ReferralsPerWeek <= 50, "referrals_per_week", "must be 0 to 50")
	check(c.AcceptUpTo > 0 && c.AcceptUpTo <= 10, "accept_up_to", "must be more than 0, at most 10")
	prob(c.ImprovePerWeek, "improve_per_week")
	check(c.DischargeLevel >= 1 && c.DischargeLevel <= 5, "discharge_level", "must be 1 to 5")
	prob(c.OtherEndPerWeek, "other_end_per_week")
	check(c.ReviewWeeks >= 1 && c.ReviewWeeks <= 52, "review_weeks", "must be 1 to 52")
	prob(c.SickRate, "sick_rate")
	check(c.SickSpellDays >= 1 && c.SickSpellDays <= 365, "sick_spell_days", "must be 1 to 365")
	prob(c.LeaveRate, "leave_rate")
	prob(c.TrainingRate, "training_rate")
	check(c.SickRate+c.LeaveRate+c.TrainingRate < 1, "sick_rate+leave_rate+training_rate", "must be below 1")
	check(c.TravelPerVisit >= 0 && c.TravelPerVisit <= 120, "travel_per_visit", "must be 0 to 120 minutes")
	check(c.OverheadShare >= 0 && c.OverheadShare < 1, "overhead_share", "must be at least 0 and below 1")
	check(c.MeetingEveryDays >= 1 && c.MeetingEveryDays <= 91, "meeting_every_days", "must be 1 to 91")
	check(c.RoutineProposals >= 0 && c.RoutineProposals <= 10, "routine_proposals", "must be 0 to 10")
	prob(c.ObjectionRate, "objection_rate")
	prob(c.ConcernRate, "concern_rate")
	prob(c.StandAsideRate, "stand_aside_rate")
	check(c.ObjectionRate+c.ConcernRate+c.StandAsideRate <= 1, "objection_rate+concern_rate+stand_aside_rate", "must be at most 1")
	check(c.Spread >= 0 && c.Spread <= 1, "spread", "must be between 0 and 1")
	prob(c.ValidObjectionShare, "valid_objection_share")
	prob(c.DominantShare, "dominant_share")
	prob(c.Dominance, "dominance")
	prob(c.AmendInMeeting, "amend_in_meeting")
	check(c.MaxRounds >= 1 && c.MaxRounds <= 20, "max_rounds", "must be 1 to 20")
	check(c.HireAbove > 0 && c.HireAbove <= 10, "hire_above", "must be more than 0, at most 10")
	check(c.MaxMembers >= c.MembersMin && c.MaxMembers <= 100, "max_members", "must be at least members_min, at most 100")
	prob(c.LeavePerYear, "leave_per_year")
	check(c.SizeNorm >= 2 && c.SizeNorm <= 100, "size_norm", "must be 2 to 100")
	check(c.CaseloadMin >= 1 && c.CaseloadMin <= c.CaseloadMax && c.CaseloadMax <= 1000, "caseload_min/caseload_max", "must satisfy 1 ≤ min ≤ max ≤ 1000")
	check(c.SplitCaseload >= 1 && c.SplitCaseload <= 10, "split_caseload", "must be 1 to 10")
	check(c.MinSplitMembers >= 2 && c.MinSplitMembers <= 100, "min_split_members", "must be 2 to 100")
	check(c.CoachTeams >= 1 && c.CoachTeams <= 1000, "coach_teams", "must be 1 to 1000")
	check(c.Organisation == selfManaging || c.Organisation == traditional, "organisation", `must be "self-managing" or "traditional"`)
	between(float64(c.Merge), 1, 10, "merge")
	check(c.Organisation != traditional || c.CaseloadMax*c.Merge <= 1000, "caseload_max", "times merge must be at most 1000 in the traditional arm (a team's caseload norm)")
	between(float64(c.HireDelayDays), 0, 365, "hire_delay_days")
	between(c.BackOfficePer1000, 0, 1000, "back_office_per_1000")
	between(c.PlannersPer100, 0, 100, "planners_per_100")
	between(c.ManagersPerTeam, 0, 10, "managers_per_team")
	between(c.ContinuityExtraCare, 0, 3, "continuity_extra_care")
	prob(c.ContinuityImprove, "continuity_improve")
	between(float64(c.VisitSampleWeeks), 0, 52, "visit_sample_weeks")
	between(float64(c.VisitIterations), 1, 100000, "visit_iterations")
	check(!c.Continuity || c.VisitSampleWeeks > 0, "visit_sample_weeks", "must be at least 1 when continuity is on: continuity comes from the sampled visit plans")
	prob(c.Autonomy, "autonomy")
	between(c.StrainSickness, 0, 10, "strain_sickness")
	between(c.OverloadSickness, 0, 10, "overload_sickness")
	between(c.StrainLeaving, 0, 10, "strain_leaving")
	between(c.OverloadLeaving, 0, 10, "overload_leaving")
	between(c.CoordinationPerMember, 0, 0.05, "coordination_per_member")
	between(c.SuppressedLeaving, 0, 10, "suppressed_leaving")
	return errors.Join(errs...)
}

// loadConfig builds the configuration from the command line: the defaults,
// then the JSON file named by -config (if any), then every flag given.
func loadConfig(args []string, stderr io.Writer) (Config, error) {
	cfg := DefaultConfig()
	if path := flagArg(args, "config"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cfg); err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	}
	fs := flag.NewFlagSet("teamsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: teamsim [-config FILE] [flags]\n\nA seeded simulation of self-managing neighbourhood teams; flags override the file.")
		fs.PrintDefaults()
	}
	fs.String("config", "", "JSON file with parameters (flags given here override it)")
	fs.IntVar(&cfg.Teams, "teams", cfg.Teams, "number of teams at the start")
	fs.IntVar(&cfg.Days, "days", cfg.Days, "number of days to simulate")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed")
	fs.StringVar(&cfg.Start, "start", cfg.Start, "first day, a Monday (YYYY-MM-DD)")
	fs.StringVar(&cfg.Out, "out", cfg.Out, "output directory")
	fs.IntVar(&cfg.Workers, "workers", cfg.Workers, "teams simulated at once (0: one per CPU); does not change results")
	fs.BoolVar(&cfg.Store, "store", cfg.Store, "save every team weekly through the in-memory storage backend")
	fs.IntVar(&cfg.MembersMin, "members-min", cfg.MembersMin, "fewest founders of a team")
	fs.IntVar(&cfg.MembersMax, "members-max", cfg.MembersMax, "most founders of a team")
	fs.IntVar(&cfg.ClientsMin, "clients-min", cfg.ClientsMin, "smallest caseload at the start")
	fs.IntVar(&cfg.ClientsMax, "clients-max", cfg.ClientsMax, "largest caseload at the start")
	fs.Float64Var(&cfg.ReferralsPerWeek, "referrals", cfg.ReferralsPerWeek, "mean referrals per team per week")
	fs.Float64Var(&cfg.AcceptUpTo, "accept-up-to", cfg.AcceptUpTo, "caseload (× caseload norm max) above which referrals are declined")
	fs.Float64Var(&cfg.ImprovePerWeek, "improve", cfg.ImprovePerWeek, "weekly chance a KBS scale of a problem improves by one")
	fs.IntVar(&cfg.DischargeLevel, "discharge-level", cfg.DischargeLevel, "rating every scale must reach to resolve a problem")
	fs.Float64Var(&cfg.OtherEndPerWeek, "other-end", cfg.OtherEndPerWeek, "weekly chance care ends for another reason")
	fs.IntVar(&cfg.ReviewWeeks, "review-weeks", cfg.ReviewWeeks, "weeks between care plan reviews")
	fs.Float64Var(&cfg.SickRate, "sick-rate", cfg.SickRate, "share of scheduled days lost to sickness")
	fs.Float64Var(&cfg.SickSpellDays, "sick-spell", cfg.SickSpellDays, "mean length of a sickness spell, days")
	fs.Float64Var(&cfg.LeaveRate, "leave-rate", cfg.LeaveRate, "share of scheduled days on leave")
	fs.Float64Var(&cfg.TrainingRate, "training-rate", cfg.TrainingRate, "share of scheduled days in training")
	fs.IntVar(&cfg.TravelPerVisit, "travel", cfg.TravelPerVisit, "travel minutes per visit")
	fs.Float64Var(&cfg.OverheadShare, "overhead", cfg.OverheadShare, "share of worked time that is not client-facing work")
	fs.IntVar(&cfg.MeetingEveryDays, "meeting-every", cfg.MeetingEveryDays, "days between team meetings")
	fs.IntVar(&cfg.RoutineProposals, "routine-proposals", cfg.RoutineProposals, "proposals without a team change per meeting")
	fs.Float64Var(&cfg.ObjectionRate, "objection-rate", cfg.ObjectionRate, "mean chance a member objects")
	fs.Float64Var(&cfg.ConcernRate, "concern-rate", cfg.ConcernRate, "mean chance a member consents with a concern")
	fs.Float64Var(&cfg.StandAsideRate, "stand-aside-rate", cfg.StandAsideRate, "mean chance a member stands aside")
	fs.Float64Var(&cfg.Spread, "spread", cfg.Spread, "relative spread of members' own stance rates around the means")
	fs.Float64Var(&cfg.ValidObjectionShare, "valid-objections", cfg.ValidObjectionShare, "chance an objection is tested valid")
	fs.Float64Var(&cfg.DominantShare, "dominant-share", cfg.DominantShare, "share of members who are dominant")
	fs.Float64Var(&cfg.Dominance, "dominance", cfg.Dominance, "chance a member takes the dominant members' view instead of their own")
	fs.Float64Var(&cfg.AmendInMeeting, "amend-in-meeting", cfg.AmendInMeeting, "chance a blocked proposal is amended and decided in the same meeting")
	fs.IntVar(&cfg.MaxRounds, "max-rounds", cfg.MaxRounds, "consent rounds before escalation to the coach")
	fs.Float64Var(&cfg.HireAbove, "hire-above", cfg.HireAbove, "workload above which a team proposes a hire")
	fs.IntVar(&cfg.MaxMembers, "max-members", cfg.MaxMembers, "size above which a team no longer hires")
	fs.Float64Var(&cfg.LeavePerYear, "leave-per-year", cfg.LeavePerYear, "yearly chance a member decides to leave")
	fs.IntVar(&cfg.SizeNorm, "size-norm", cfg.SizeNorm, "team size norm")
	fs.IntVar(&cfg.CaseloadMin, "caseload-min", cfg.CaseloadMin, "caseload norm, low end")
	fs.IntVar(&cfg.CaseloadMax, "caseload-max", cfg.CaseloadMax, "caseload norm, high end")
	fs.Float64Var(&cfg.SplitCaseload, "split-caseload", cfg.SplitCaseload, "caseload (× caseload norm max) above which a team splits")
	fs.IntVar(&cfg.MinSplitMembers, "min-split-members", cfg.MinSplitMembers, "fewest members a team splits with")
	fs.IntVar(&cfg.CoachTeams, "coach-teams", cfg.CoachTeams, "teams per coach")
	fs.StringVar(&cfg.Organisation, "organisation", cfg.Organisation, `"self-managing" or "traditional"`)
	fs.IntVar(&cfg.Merge, "merge", cfg.Merge, "neighbourhoods one traditional team serves")
	fs.BoolVar(&cfg.Continuity, "continuity", cfg.Continuity, "mechanism: continuity of care changes care hours and improvement")
	fs.IntVar(&cfg.VisitSampleWeeks, "visit-sample-weeks", cfg.VisitSampleWeeks, "weeks between a team's days planned with roster/visit (0: none)")
	fs.IntVar(&cfg.VisitIterations, "visit-iterations", cfg.VisitIterations, "search iterations of each sampled day's visit plan")
	fs.BoolVar(&cfg.MeasuredTravel, "measured-travel", cfg.MeasuredTravel, "travel per visit from the sampled days' plans instead of -travel")
	fs.BoolVar(&cfg.Strain, "strain", cfg.Strain, "mechanism: autonomy and workload change sickness and leaving")
	fs.Float64Var(&cfg.Autonomy, "autonomy", cfg.Autonomy, "members' control over their own work, 0 to 1")
	fs.BoolVar(&cfg.Coordination, "coordination", cfg.Coordination, "mechanism: team size changes coordination overhead")
	fs.BoolVar(&cfg.DominanceEffects, "dominance-effects", cfg.DominanceEffects, "mechanism: suppressed objections make poor decisions and members leave")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return cfg, cfg.Validate()
}

// flagArg finds the value of flag flagName among args before the flags are
// parsed, so the file can be read first and the flags applied over it.
func flagArg(args []string, flagName string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return ""
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != flagName {
			continue
		}
		if hasValue {
			return value
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}
