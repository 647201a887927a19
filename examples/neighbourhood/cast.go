package main

import (
	"math"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/team"
)

// The people of the story. Everything here is data: the program reads it
// and turns it into a team, clients and care plans through the SDK.

// founder is one of the nurses and carers who start the team.
type founder struct {
	name     string
	level    team.Level
	hours    int // contract hours per week
	role     team.RoleName
	homeNote string // what they bring, printed at the founding
}

var founders = []founder{
	{"Anne", team.Level5, 32, team.RoleMentor, "twenty years in the neighbourhood"},
	{"Bram", team.Level4, 28, team.RoleInformer, "likes numbers"},
	{"Cem", team.Level3, 24, team.RoleHousekeeper, "knows every street"},
	{"Dewi", team.Level4, 32, team.RolePlanner, "keeps the schedule"},
	{"Esra", team.Level3, 28, "", "new to the city"},
}

// office is where every shift starts and ends: the team's rented room in
// the community centre, at officeAt.
const office = "office"

// officeAt is where the office is on Earth.
var officeAt = geo.Point{Lat: 52.2215, Lon: 6.8937}

// homeAt is the point x km east and y km north of the office, close
// enough for a town: the coordinates a client's address gets at intake.
func homeAt(x, y float64) *geo.Point {
	const kmPerDegree = 6371.0088 * math.Pi / 180
	lat := officeAt.Lat + y/kmPerDegree
	lon := officeAt.Lon + x/(kmPerDegree*math.Cos(officeAt.Lat*math.Pi/180))
	return &geo.Point{Lat: math.Round(lat*1e6) / 1e6, Lon: math.Round(lon*1e6) / 1e6}
}

// referral is a client as the team first hears of them, with what the intake
// at the kitchen table adds: the onion from the inside out, then the care
// plan the nurse and the client write together.
type referral struct {
	from      string // who referred the client
	params    careplan.ClientParams
	x, y      float64 // where they live, km east and north of the office
	problems  []careplan.Problem
	care      []careplan.Intervention // the service gives each an ID at intake
	admission []careplan.KBS          // one per problem, in the order of problems
	// shortStay marks the client whose episode ends within the period.
	shortStay bool
}

// win is a start window from hh:mm to hh:mm.
func win(fromH, fromM, toH, toM int) careplan.Window {
	return careplan.Window{Earliest: fromH*60 + fromM, Latest: toH*60 + toM}
}

func daily(minutes int, windows ...careplan.Window) careplan.Schedule {
	return careplan.Schedule{Times: len(windows), Per: careplan.PerDay, Minutes: minutes, Windows: windows}
}

func weekly(times, minutes int, w careplan.Window, days ...time.Weekday) careplan.Schedule {
	return careplan.Schedule{Times: times, Per: careplan.PerWeek, Minutes: minutes, Windows: []careplan.Window{w}, Days: days}
}

func kbs(k, b, s int) careplan.KBS { return careplan.KBS{Knowledge: k, Behavior: b, Status: s} }

func gp(name string) careplan.Professional {
	return careplan.Professional{Role: careplan.RoleGP, Name: name, Organisation: "Huisartsen Lasonder"}
}

var referrals = []referral{
	{
		from: "GP Dr. Smit",
		params: careplan.ClientParams{
			Name: "Bep de Vries", BirthDate: wijk.NewDate(1941, time.May, 12),
			Address:   careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede", Area: "Lasonder"},
			Informal:  []careplan.InformalCarer{{Name: "Marga", Relation: "daughter", HelpsWith: "shopping, Sunday dinner", Reach: "after 17:00"}},
			Formal:    []careplan.Professional{gp("Dr. Smit")},
			Goals:     []string{"walk to the market on Saturday again"},
			Strengths: []string{"cooks for herself"},
			Wishes:    []string{"first coffee, then care"},
		},
		x: 0.8, y: 0.4,
		problems: []careplan.Problem{
			{Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin"}},
				Goal:  "wound closed within six weeks"},
			{Code: "Medication regimen", Scope: omaha.Individual, Severity: omaha.Potential,
				Goal: "takes her pills as prescribed, by herself"},
		},
		care: []careplan.Intervention{
			{Problem: "Skin", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
				Description: "clean with saline, foam dressing, measure the wound",
				Schedule:    daily(20, win(9, 0, 10, 30)), Level: team.Level4},
			{Problem: "Medication regimen", Category: omaha.Surveillance, Target: "medication set-up",
				Description: "check the weekly pill organiser with her",
				Schedule:    weekly(1, 10, win(9, 0, 10, 30), time.Monday), Level: team.Level3},
		},
		admission: []careplan.KBS{kbs(2, 3, 2), kbs(3, 3, 4)},
	},
	{
		from: "hospital discharge nurse, MST",
		params: careplan.ClientParams{
			Name: "Henk Jansen", BirthDate: wijk.NewDate(1947, time.February, 3),
			Address:   careplan.Address{Street: "Molenstraat 21", Postcode: "7511 AB", City: "Enschede", Area: "Lasonder"},
			Informal:  []careplan.InformalCarer{{Name: "Gerda", Relation: "wife", HelpsWith: "meals, laundry"}},
			Formal:    []careplan.Professional{gp("Dr. Smit"), {Role: careplan.RolePhysiotherapist, Name: "Lotte Kamp"}},
			Goals:     []string{"shower on his own again", "cycle to the allotment"},
			Strengths: []string{"determined", "Gerda at home"},
			Wishes:    []string{"a man for the shower, if possible"},
		},
		x: 1.6, y: 0.2,
		problems: []careplan.Problem{
			{Code: "Personal care", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "difficulty with bathing"}},
				Goal:  "showers with only a stool and a rail"},
			{Code: "Neuro-musculo-skeletal function", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "decreased balance"}, {Name: "difficulty transferring"}},
				Goal:  "no falls; walks to the corner with his stick"},
		},
		care: []careplan.Intervention{
			{Problem: "Personal care", Category: omaha.TreatmentsProcedures, Target: "personal hygiene",
				Description: "help with the shower; let him do what he can",
				Schedule:    daily(40, win(7, 30, 9, 0)), Level: team.Level3},
			{Problem: "Neuro-musculo-skeletal function", Category: omaha.TeachingGuidanceCounseling, Target: "mobility/transfers",
				Description: "practise getting up from the chair and the bed safely",
				Schedule:    weekly(2, 15, win(9, 0, 11, 0)), Level: team.Level4},
		},
		admission: []careplan.KBS{kbs(3, 2, 2), kbs(2, 2, 3)},
	},
	{
		from: "daughter Joke, by phone",
		params: careplan.ClientParams{
			Name: "Riet Bakker", BirthDate: wijk.NewDate(1937, time.October, 30),
			Address:   careplan.Address{Street: "Kuipersdijk 9", Postcode: "7512 CE", City: "Enschede", Area: "Lasonder"},
			Informal:  []careplan.InformalCarer{{Name: "Joke", Relation: "daughter", HelpsWith: "groceries, paperwork", Reach: "weekends"}, {Name: "Mr. Ozturk", Relation: "neighbour", HelpsWith: "a spare key"}},
			Formal:    []careplan.Professional{gp("Dr. Smit"), {Role: careplan.RolePharmacist, Organisation: "Apotheek De Linde"}},
			Goals:     []string{"stay in her own flat"},
			Strengths: []string{"reads the paper every day"},
			Wishes:    []string{"no visits during the church service on the radio"},
		},
		x: 2.1, y: 1.3,
		problems: []careplan.Problem{
			{Code: "Medication regimen", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "unable to take medications without help"}},
				Goal:  "takes her heart pills every morning and evening"},
		},
		care: []careplan.Intervention{
			{Problem: "Medication regimen", Category: omaha.TreatmentsProcedures, Target: "medication administration",
				Description: "hand her the pills from the pharmacy roll and watch her take them",
				Schedule:    daily(10, win(8, 0, 9, 30), win(19, 30, 21, 0)), Level: team.Level3},
		},
		admission: []careplan.KBS{kbs(2, 2, 3)},
	},
	{
		from: "GP Dr. Smit",
		params: careplan.ClientParams{
			Name: "Gerrit Smit", BirthDate: wijk.NewDate(1953, time.July, 14),
			Address:   careplan.Address{Street: "Oldenzaalsestraat 112", Postcode: "7511 DZ", City: "Enschede", Area: "Lasonder"},
			Formal:    []careplan.Professional{gp("Dr. Smit")},
			Goals:     []string{"keep walking the dog twice a day"},
			Strengths: []string{"the dog gets him out"},
			Wishes:    []string{"early, before the dog walk"},
		},
		x: 0.3, y: 1.5,
		problems: []careplan.Problem{
			{Code: "Circulation", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "edema", Detail: "both lower legs"}},
				Goal:  "legs stay slim; learns to put on the stockings with an aid"},
		},
		care: []careplan.Intervention{
			{Problem: "Circulation", Category: omaha.TreatmentsProcedures, Target: "other", TargetDetail: "compression stockings",
				Description: "stockings on in the morning, off in the evening; check the skin",
				Schedule:    daily(15, win(7, 30, 8, 30), win(20, 0, 21, 30)), Level: team.Level3},
		},
		admission: []careplan.KBS{kbs(2, 3, 3)},
	},
	{
		from: "husband Jan, at the door of the office",
		params: careplan.ClientParams{
			Name: "Ans Mulder", BirthDate: wijk.NewDate(1944, time.March, 22),
			Address:   careplan.Address{Street: "Pathmossingel 30", Postcode: "7512 AG", City: "Enschede", Area: "Lasonder"},
			Informal:  []careplan.InformalCarer{{Name: "Jan", Relation: "husband", HelpsWith: "everything, day and night"}, {Name: "Sara", Relation: "granddaughter", HelpsWith: "Wednesday afternoons"}},
			Formal:    []careplan.Professional{gp("Dr. Smit"), {Role: careplan.RoleSpecialist, RoleDetail: "geriatrician", Name: "Dr. Kok"}},
			Goals:     []string{"sing in the choir on Tuesday evenings"},
			Strengths: []string{"knows all the old songs", "Jan"},
			Wishes:    []string{"the same faces at the door"},
		},
		x: 2.6, y: 0.6,
		problems: []careplan.Problem{
			{Code: "Cognition", Scope: omaha.Family, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "limited recall of recent events"}},
				Goal:  "a calm day structure that Jan can keep up"},
		},
		care: []careplan.Intervention{
			{Problem: "Cognition", Category: omaha.Surveillance, Target: "signs/symptoms-mental/emotional",
				Description: "go through the day plan with Ans and Jan; ask Jan how he copes",
				Schedule:    daily(20, win(10, 0, 12, 0)), Level: team.Level4},
		},
		admission: []careplan.KBS{kbs(2, 3, 3)},
	},
	{
		from: "surgeon's outpatient clinic",
		params: careplan.ClientParams{
			Name: "Wim Visser", BirthDate: wijk.NewDate(1958, time.December, 1),
			Address:   careplan.Address{Street: "Hengelosestraat 70", Postcode: "7512 JL", City: "Enschede", Area: "Lasonder"},
			Informal:  []careplan.InformalCarer{{Name: "Peter", Relation: "partner", HelpsWith: "dressing the wound at weekends"}},
			Formal:    []careplan.Professional{gp("Dr. Smit")},
			Goals:     []string{"back at work in two weeks"},
			Strengths: []string{"Peter has done this before"},
			Wishes:    []string{"visits before 10, then he works from home"},
		},
		x: 1.2, y: 2.2,
		problems: []careplan.Problem{
			{Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "delayed incisional healing", Detail: "hernia scar"}},
				Goal:  "scar closed; Peter changes the dressing himself"},
		},
		care: []careplan.Intervention{
			{Problem: "Skin", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
				Description: "clean and dress the scar; show Peter how",
				Schedule:    daily(25, win(8, 0, 10, 0)), Level: team.Level4},
		},
		admission: []careplan.KBS{kbs(3, 3, 3)},
		shortStay: true,
	},
	{
		from: "GP Dr. Smit",
		params: careplan.ClientParams{
			Name: "Toos van Dijk", BirthDate: wijk.NewDate(1934, time.April, 8),
			Address:   careplan.Address{Street: "De Klomp 3", Postcode: "7511 JT", City: "Enschede", Area: "Lasonder"},
			Informal:  []careplan.InformalCarer{{Name: "Ria", Relation: "niece", HelpsWith: "visits on Sunday"}},
			Formal:    []careplan.Professional{gp("Dr. Smit")},
			Goals:     []string{"keep living at De Klomp"},
			Strengths: []string{"cheerful", "eats well"},
			Wishes:    []string{"to bed after the eight o'clock news"},
		},
		x: 0.5, y: 0.9,
		problems: []careplan.Problem{
			{Code: "Personal care", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "difficulty dressing lower body"}, {Name: "difficulty with bathing"}},
				Goal:  "washed and dressed every morning, in her own pace"},
		},
		care: []careplan.Intervention{
			{Problem: "Personal care", Category: omaha.TreatmentsProcedures, Target: "personal hygiene",
				Description: "wash at the sink, help with stockings and shoes; in the evening help to bed",
				Schedule:    daily(25, win(8, 0, 9, 30), win(20, 30, 21, 30)), Level: team.Level3},
		},
		admission: []careplan.KBS{kbs(3, 3, 2)},
	},
	{
		from: "GP Dr. Smit",
		params: careplan.ClientParams{
			Name: "Kees de Boer", BirthDate: wijk.NewDate(1949, time.September, 19),
			Address:   careplan.Address{Street: "Deurningerstraat 48", Postcode: "7514 BH", City: "Enschede", Area: "Lasonder"},
			Informal:  []careplan.InformalCarer{{Name: "Hans", Relation: "brother", HelpsWith: "the garden", Reach: "06 5555 0101"}},
			Formal:    []careplan.Professional{gp("Dr. Smit"), {Role: careplan.RolePharmacist, Organisation: "Apotheek De Linde"}},
			Goals:     []string{"sleep through the night without pain"},
			Strengths: []string{"keeps a pain diary"},
			Wishes:    []string{"evening visits only"},
		},
		x: 1.9, y: 2.8,
		problems: []careplan.Problem{
			{Code: "Pain", Scope: omaha.Individual, Severity: omaha.Actual,
				Signs: []careplan.Sign{{Name: "expresses discomfort/pain", Detail: "back, worse in the evening"}},
				Goal:  "pain below 4 of 10 in the evening"},
		},
		care: []careplan.Intervention{
			{Problem: "Pain", Category: omaha.Surveillance, Target: "signs/symptoms-physical",
				Description: "ask for the pain score, read the diary, check the patch",
				Schedule:    daily(15, win(18, 30, 19, 30)), Level: team.Level3},
		},
		admission: []careplan.KBS{kbs(3, 4, 2)},
	},
}

// The hire the team will discuss at its meeting.
var newColleague = struct {
	name  string
	hours int
}{"Fatima", 28}

// The team next door, which the organisation founds after the period. Its
// nurse Sanne meets one of Lasonder's clients at the Saturday market.
var neighbours = struct {
	name    string
	hood    team.Neighbourhood
	members []founder
}{
	name: "Buurtteam Roombeek",
	hood: team.Neighbourhood{Area: "Roombeek", Postcodes: []team.Postcode{"7521", "7522", "7523"}},
	members: []founder{
		{"Sanne", team.Level4, 32, "", "shops at the Saturday market"},
		{"Joost", team.Level5, 36, "", "fifteen years in Roombeek"},
	},
}
