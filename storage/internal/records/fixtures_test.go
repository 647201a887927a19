package records_test

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/team"
)

// Full fixtures: one value of every type a record body holds, with every
// field, at every depth, set to something other than its zero value (see
// requireNoZero). They need not obey the domain's rules: they test the
// decoder, not the Restore functions.

// fixture is a record body's type with its full value.
type fixture struct {
	key   string // the record's key, as encode writes it
	value any    // a struct value, not a pointer
	since int    // the first record format in which the kind exists
}

var (
	at1  = time.Date(2026, time.March, 2, 9, 15, 30, 123_000_000, time.UTC)
	at2  = time.Date(2024, time.February, 29, 23, 59, 59, 0, time.UTC)
	at3  = time.Date(2026, time.December, 31, 0, 0, 1, 500_000_000, time.UTC)
	day1 = wijk.NewDate(2026, time.March, 2)
	day2 = wijk.NewDate(2024, time.February, 29)
)

// fid is a distinct, well-formed ID for fixtures.
func fid(n int) wijk.ID {
	s := "01JNQX0000000000000000" + strconv.Itoa(1000+n)
	return wijk.ID(s[len(s)-26:])
}

func fullNorms(n int) team.Norms {
	return team.Norms{SizeNorm: 12 + n, CaseloadMin: 40 + n, CaseloadMax: 60 + n, MaxRolesPerMember: 2 + n}
}

func fullNeighbourhood(area string) team.Neighbourhood {
	return team.Neighbourhood{Area: area, Postcodes: []team.Postcode{"7511", "7512"}}
}

func fullTeam() team.TeamSnapshot {
	return team.TeamSnapshot{
		ID: fid(1), Name: "Wijkteam Lasonder — Zoë's \"A\" team\n\t\\ 山田 🌷", Neighbourhood: fullNeighbourhood("Lasonder"),
		Founded: day1, Norms: fullNorms(0), Coach: fid(2),
		Members: []team.Member{{
			Person: fid(3), Name: "Anouk", Level: team.Level4, ContractPerWeek: 28 * time.Hour,
			Start: day2, End: day1, Status: 2, Joined: 1, JoinDecision: "decision-1", EndReason: 1, EndDecision: "decision-2",
		}, {
			Person: fid(4), Name: "Bas", Level: team.Level5, ContractPerWeek: 32 * time.Hour,
			Start: day1, End: day1, Status: 1, Joined: 2, JoinDecision: "decision-3", EndReason: 2, EndDecision: "decision-4",
		}},
		Roles:       []team.Role{{Name: "planner", Description: "makes the roster", Standard: true, Retired: day1, Decision: "decision-5"}},
		Assignments: []team.RoleAssignment{{Role: "planner", Holder: fid(3), From: day2, Until: day1, Ended: day1, Decision: "decision-6"}},
		Handovers:   []team.Handover{{Role: "planner", From: fid(3), To: fid(4), On: day1, At: at1, Decision: "decision-7", Note: "holiday"}},
		NormChanges: []team.NormChange{{At: at2, Decision: "decision-8", From: fullNorms(1), To: fullNorms(2)}},
		AreaChanges: []team.AreaChange{{At: at3, Decision: "decision-9", From: fullNeighbourhood("Oud"), To: fullNeighbourhood("Nieuw")}},
		Coaching: []team.CoachingRequest{{
			ID: fid(5), Topic: "conflict", By: fid(3), At: at1, Coach: fid(2), Status: 2, Updated: at3, Outcome: "talked it through",
		}},
	}
}

func fullCoach() team.CoachSnapshot {
	return team.CoachSnapshot{ID: fid(2), Name: "Coach Carla", MaxTeams: 40, Teams: []wijk.ID{fid(1), fid(6)}}
}

func fullHours() team.HoursRecord {
	return team.HoursRecord{
		Person: fid(3), Day: day1, Worked: 8 * time.Hour, ClientFacing: 5 * time.Hour, Travel: time.Hour,
		Sick: 30 * time.Minute, Leave: 15 * time.Minute, Training: 45 * time.Minute,
	}
}

func fullStaff() team.StaffSnapshot {
	return team.StaffSnapshot{ID: fid(18), Name: "Fenna", Grants: []team.StaffGrant{{Role: 1, From: day2, Until: day1, Reason: "pays the invoices"}}}
}

// fullClient is a client as the given record format writes it: formats
// before 3 have no coordinates on the address, so their golden records
// read as an address without them.
func fullClient(format int) careplan.ClientSnapshot {
	addr := careplan.Address{Street: "Lasondersingel 1", Postcode: "7514 BN", City: "Enschede", Area: "Lasonder"}
	if format >= 3 {
		addr.Coordinates = &geo.Point{Lat: 52.2246, Lon: 6.8953}
	}
	return careplan.ClientSnapshot{
		ID: fid(7), Name: "Mevrouw Ødegård-Çelik", BirthDate: wijk.NewDate(1938, time.May, 5),
		Address:  addr,
		Contact:  careplan.Contact{Phone: "+31 53 000 0000", Email: "client@example.org"},
		Informal: []careplan.InformalCarer{{Name: "Joost", Relation: "son", HelpsWith: "shopping", Reach: "evenings"}},
		Formal: []careplan.Professional{{
			Role: 1, RoleDetail: "GP", Name: "Dr. Jansen", Organisation: "Huisartsenpraktijk", Contact: "053 000 0001",
		}},
		Goals:           []string{"stay at home", "walk to the market"},
		Strengths:       []string{"cheerful"},
		Wishes:          []string{"see the grandchildren"},
		Representatives: []careplan.Representative{{Person: fid(12), Name: "Joost", Relation: "son, power of attorney"}},
	}
}

func fullCarePlan() careplan.CarePlanSnapshot {
	return careplan.CarePlanSnapshot{
		ID: fid(8), Client: fid(7), Start: day1, CreatedBy: fid(3), Status: 2, ReviewDate: day1,
		Problems: []careplan.Problem{{
			Code: "24", Scope: 1, Severity: 2,
			Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin, 3 cm"}},
			Goal:  "wound closed within six weeks", Resolved: day1,
		}},
		Interventions: []careplan.Intervention{{
			ID: fid(9), Problem: "24", Category: 2, Target: "dressing change/wound care", TargetDetail: "foam",
			Description: "clean with saline",
			Schedule: careplan.Schedule{
				Times: 1, Per: 1, Minutes: 20,
				Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}},
				Days:    []time.Weekday{time.Monday, time.Thursday},
			},
			Level: team.Level4,
		}},
		Ratings: []careplan.Rating{{
			Problem: "24", Kind: 1, Date: day1, By: fid(3),
			KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 4}, Note: "first visit",
		}},
		Authorisations: []careplan.Authorisation{{By: fid(4), At: at1, MinutesPerWeek: 140, ReviewDate: day1}},
		History:        []careplan.Event{{From: 1, To: 2, At: at2, By: fid(4), Note: "authorised"}},
	}
}

func fullStance(n int) consensus.Stance {
	return consensus.Stance{
		Member: fid(3), Version: 1 + n, Kind: 2, Reason: "too soon", Harm: "rota gap", At: at1,
		Objection: 1, TestedBy: fid(4), TestReason: "reasoned", TestedAt: at2,
	}
}

// fullPayload is a payload as the given record format writes it.
func fullPayload(format int) *records.PayloadRecord {
	if format == 1 {
		return &records.PayloadRecord{Kind: "leave", Value: json.RawMessage(`{"Person":"` + string(fid(3)) + `","LastDay":"2026-03-02"}`)}
	}
	return &records.PayloadRecord{Kind: "leave", Value: json.RawMessage(`{"person":"` + string(fid(3)) + `","last_day":"2026-03-02"}`)}
}

func fullProposal(format int) records.ProposalRecord {
	return records.ProposalRecord{
		ID: fid(10), Team: fid(1), Owner: fid(3), Title: "Bas leaves", Rule: "consent", Quorum: 1, MaxRounds: 3,
		Revisits: fid(11), CreatedAt: at1, State: 2,
		Versions: []records.VersionRecord{{
			Number: 1, Text: "Bas leaves in March", Reason: "moving", Author: fid(3), At: at1, Change: "first", Payload: fullPayload(format),
		}},
		Eligible:    []wijk.ID{fid(3), fid(4)},
		Stances:     []consensus.Stance{fullStance(0)},
		Transitions: []consensus.Transition{{From: 1, To: 2, By: fid(3), At: at2, Why: "opened", Version: 1}},
		RoundOpened: at2, RoundCloses: at3, Coach: fid(2), Meeting: fid(12), Facilitator: fid(4),
	}
}

func fullMeeting() consensus.MeetingSnapshot {
	return consensus.MeetingSnapshot{
		ID: fid(12), Team: fid(1), Facilitator: fid(4), Present: []wijk.ID{fid(3), fid(4)}, StartsAt: at1, State: 2,
		Report:        &consensus.ReportAcceptance{Previous: fid(13), By: fid(3), At: at1, Note: "accepted"},
		Notices:       []consensus.Notice{{By: fid(3), At: at1, Text: "new client"}},
		OtherBusiness: []consensus.Notice{{By: fid(4), At: at2, Text: "car"}},
		Agenda: []consensus.AgendaItem{{
			ID: fid(14), Title: "rota", Owner: fid(3), OtherBusiness: true, Proposal: fid(10), Outcome: "adopted", Done: true,
		}},
		FixedAt: at2, ClosedAt: at3, Minutes: "short meeting",
	}
}

func fullDecision(format int) records.DecisionRecord {
	return records.DecisionRecord{
		ID: fid(15), Team: fid(1), Proposal: fid(10), Owner: fid(3), Title: "Bas leaves", Text: "Bas leaves in March",
		Reason: "moving", Version: 1, Rationale: "no objections", Rule: "consent", Rounds: 1,
		Eligible: []wijk.ID{fid(3), fid(4)}, Stances: []consensus.Stance{fullStance(0)}, Silent: []wijk.ID{fid(4)},
		History: []consensus.Stance{fullStance(1)},
		Objections: []consensus.ObjectionRecord{{
			Member: fid(4), Version: 1, Reason: "rota gap", Harm: "clients unseen", At: at1, Test: 1, TestedBy: fid(3),
			TestReason: "reasoned", Resolution: 2,
		}},
		PresentedAt: at1, DecidedAt: at2, ReviewOn: day1, Supersedes: fid(16), Payload: fullPayload(format),
	}
}

func fullMemberParams() team.MemberParams {
	return team.MemberParams{Person: fid(17), Name: "Cor", Level: team.Level3, ContractPerWeek: 24 * time.Hour}
}

func fullSplit() consensus.Split {
	side := func(label string, n int) team.SplitSide {
		return team.SplitSide{
			Label: label, Members: []wijk.ID{fid(n)}, Clients: []wijk.ID{fid(n + 1)}, Areas: []team.Postcode{"7511"},
			ContractPerWeek: 100 * time.Hour, Levels: team.LevelMix{Level3: 1, Level4: 2, Level5: 3},
			Continuity: team.Ratio{Num: 0.75, Den: 1.5},
		}
	}
	return consensus.Split{
		Proposal: team.SplitProposal{
			Team:    fid(1),
			Sides:   [2]team.SplitSide{side("north", 20), side("south", 30)},
			Members: []team.MemberPlacement{{Person: fid(3), Name: "Anouk", Level: team.Level4, Side: 1, VisitsKept: 10, VisitsTotal: 12, Reason: "lives north"}},
			Clients: []team.ClientPlacement{{
				Client: fid(7), Postcode: "7511", Area: "7512", Side: 1, VisitsKept: 3, VisitsTotal: 4, Reason: "postcode",
			}},
			Continuity: team.Ratio{Num: 1e-3, Den: 12345.678},
			Notes:      []string{"balanced"},
		},
		On: day1, NewTeamID: fid(40), NewTeamName: "Wijkteam Noord", NewArea: "Noord",
	}
}

// fullFixtures lists every record body type and payload type, as the
// current record format writes them.
func fullFixtures() []fixture { return fullFixturesIn(records.Format) }

// fullFixturesIn lists the fixtures as record format format writes them:
// they differ in the raw bytes of the payloads and in the fields a later
// format added.
func fullFixturesIn(format int) []fixture {
	all := []fixture{
		{"team", fullTeam(), 1},
		{"coach", fullCoach(), 1},
		{"hours", fullHours(), 1},
		{"client", fullClient(format), 1},
		{"careplan", fullCarePlan(), 1},
		{"proposal", fullProposal(format), 1},
		{"meeting", fullMeeting(), 1},
		{"decision", fullDecision(format), 1},
		{"staff", fullStaff(), 1},
		{"hire", consensus.Hire{Member: fullMemberParams(), Start: day1}, 1},
		{"leave", consensus.Leave{Person: fid(3), LastDay: day1}, 1},
		{"assign", consensus.AssignRole{Role: "planner", Holder: fid(3), From: day1, Until: day2}, 1},
		{"handover", consensus.HandOverRole{Role: "planner", To: fid(4), On: day1, Until: day2, Note: "holiday"}, 1},
		{"split", fullSplit(), 1},
		{"norms", consensus.ChangeNorms{Norms: fullNorms(3)}, 1},
		{"neighbourhood", consensus.ChangeNeighbourhood{Neighbourhood: team.Neighbourhood{Area: "Centrum", Postcodes: []team.Postcode{"7511", "7512 AB"}}}, 1},
		{"roster", fullRoster(), 3},
		{"dayplan", fullDayPlan(), 3},
		{"adoptroster", consensus.AdoptRoster{Roster: fid(5), Digest: strings.Repeat("0f", 32)}, 3},
		{"adoptdayplan", consensus.AdoptDayPlan{Plan: fid(6), Digest: strings.Repeat("e1", 32)}, 3},
	}
	var out []fixture
	for _, fx := range all {
		if fx.since <= format {
			out = append(out, fx)
		}
	}
	return out
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// requireNoZero fails unless v, and every field, element and pointee in it,
// is non-zero, and every slice in it has elements. A value that reads
// itself (UnmarshalJSON or UnmarshalText) counts as one value.
func requireNoZero(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	if v.IsZero() {
		t.Errorf("%s (%v) is zero in the fixture: give it a value, and make sure the decoder reads it", path, v.Type())
		return
	}
	pt := reflect.PointerTo(v.Type())
	if pt.Implements(jsonUnmarshalerType) || pt.Implements(textUnmarshalerType) {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				requireNoZero(t, v.Field(i), path+"."+f.Name)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			t.Errorf("%s (%v) is empty in the fixture", path, v.Type())
		}
		for i := range v.Len() {
			requireNoZero(t, v.Index(i), path+"["+strconv.Itoa(i)+"]")
		}
	case reflect.Pointer:
		requireNoZero(t, v.Elem(), path)
	case reflect.Map, reflect.Interface:
		t.Errorf("%s (%v): the fixtures do not cover this kind yet", path, v.Type())
	}
}
