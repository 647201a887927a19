package team

import (
	"slices"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Membership is one line of a person's history across teams: a [Member]
// record with the team it belongs to.
type Membership struct {
	// Team and TeamName identify the team.
	Team     wijk.ID
	TeamName string
	// Member is the membership record.
	Member
}

// PersonHistory returns every membership person had in any of teams,
// ordered by start date, then team ID: where they worked, from when to
// when, and how they came and went.
func PersonHistory(person wijk.ID, teams ...*Team) []Membership {
	var out []Membership
	for _, t := range teams {
		if t == nil {
			continue
		}
		for _, m := range t.members {
			if m.Person == person {
				out = append(out, Membership{Team: t.id, TeamName: t.name, Member: m})
			}
		}
	}
	sortMemberships(out)
	return out
}

func sortMemberships(ms []Membership) {
	slices.SortStableFunc(ms, func(a, b Membership) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(string(a.Team), string(b.Team))
	})
}

// overlap reports whether two memberships share a day.
func overlap(a, b Member) bool {
	aEndsBefore := !a.End.IsZero() && a.End.Before(b.Start)
	bEndsBefore := !b.End.IsZero() && b.End.Before(a.Start)
	return !aEndsBefore && !bEndsBefore
}

// CheckCanJoin reports whether person may join a team on start, given
// their memberships elsewhere (for instance from [PersonHistory]): a
// person is in one team at a time, so a membership that still runs, or
// that ends on or after start, blocks the join ([wijk.ErrConflict]; the
// person must leave that team first). Call it before [Team.Hire] when the
// person's other teams are at hand.
func CheckCanJoin(person wijk.ID, start wijk.Date, history []Membership) error {
	if err := person.Validate("person"); err != nil {
		return err
	}
	if err := valid.Date("start", start); err != nil {
		return err
	}
	for _, m := range history {
		if m.Person != person {
			continue
		}
		if m.Current() {
			return wijk.Conflictf("person %s is a member of team %s (%s) since %v; they must leave it first", person, m.TeamName, m.Team, m.Start)
		}
		if !m.End.Before(start) {
			return wijk.Conflictf("person %s is a member of team %s (%s) until %v; they can join another team from %v on",
				person, m.TeamName, m.Team, m.End, m.End.AddDays(1))
		}
	}
	return nil
}

// CheckOneTeamAtATime checks the rule that a person is in one team at a
// time across teams: no person may have two running memberships, nor two
// memberships that share a day. It returns nil, or an error matching
// [wijk.ErrConflict] naming the first person (in ID order) who breaks the
// rule and the two teams.
func CheckOneTeamAtATime(teams ...*Team) error {
	byPerson := map[wijk.ID][]Membership{}
	for _, t := range teams {
		if t == nil {
			continue
		}
		for _, m := range t.members {
			byPerson[m.Person] = append(byPerson[m.Person], Membership{Team: t.id, TeamName: t.name, Member: m})
		}
	}
	people := make([]wijk.ID, 0, len(byPerson))
	for p := range byPerson {
		people = append(people, p)
	}
	slices.Sort(people)
	for _, p := range people {
		ms := byPerson[p]
		sortMemberships(ms)
		for i := range ms {
			for j := i + 1; j < len(ms); j++ {
				a, b := ms[i], ms[j]
				if overlap(a.Member, b.Member) {
					return wijk.Conflictf("person %s (%s) is in team %s from %v and in team %s from %v at the same time",
						p, a.Name, a.TeamName, a.Start, b.TeamName, b.Start)
				}
			}
		}
	}
	return nil
}
