package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// emergency is the scene after the period. The day after it, the
// organisation founds a second team next door, through its onboarding
// process, as it founded the first. On the Saturday after that, Sanne, a
// nurse of the new team, finds Bep, a client of the first team, unwell at
// the market. In her everyday session the service refuses to open Bep's
// record (rule dossier-team: Bep is not her team's client); in an emergency
// session, with the reason given, it opens it (rule emergency), and every
// read is kept in the access log, marked as an emergency. It returns the
// day of the emergency.
func (s *story) emergency(ctx context.Context, svc *service.Service) (wijk.Date, error) {
	// The organisation founds the team next door, the day after the period.
	founded := s.start.AddDays(s.cfg.days)
	s.at(s.cfg.days, 8*60)
	onboarding, err := svc.AsSystem(ctx, "onboarding", service.Administration("a neighbouring team starts"))
	if err != nil {
		return wijk.Date{}, err
	}
	var members []team.MemberParams
	for _, n := range neighbours.members {
		id := s.ids.NewID()
		s.names[id], s.people[n.name] = n.name, id
		members = append(members, team.MemberParams{Person: id, Name: n.name, Level: n.level, ContractPerWeek: time.Duration(n.hours) * time.Hour})
	}
	next, err := onboarding.FoundTeam(ctx, team.NewTeamParams{
		Name: neighbours.name, Neighbourhood: neighbours.hood, Founded: founded, Members: members,
	})
	if err != nil {
		return wijk.Date{}, err
	}
	hood := next.Neighbourhood()
	s.printf("%s %s: the organisation founds a second team next door, through the same onboarding\n"+
		"process: %s, in %s (postcode areas %s).\n",
		founded.Weekday(), founded, next.Name(), hood.Area, joinPostcodes(hood.Postcodes))
	for i, m := range next.Members() {
		s.printf("  %-5s %-24s %2.0f h a week  %s\n", m.Name, fmt.Sprintf("%s, %s", m.Level, m.Level.Title()),
			m.ContractPerWeek.Hours(), neighbours.members[i].homeNote)
	}
	s.printf("Saved.\n")

	// The Saturday after: Bep walks to the market, her own goal, and turns
	// dizzy. Sanne, of the team next door, is there.
	day := founded.AddDays(1)
	for day.Weekday() != time.Saturday {
		day = day.AddDays(1)
	}
	s.at(day.DaysSince(s.start), 10*60+40)
	bep, plan := s.clients[0], s.plans[0]
	nurse := neighbours.members[0].name
	s.printf("\n%s %s, 10:40. %s walks to the market on her own, the goal she set at intake\n"+
		"(%q), and turns dizzy at the fish stall. %s, a nurse of\n"+
		"%s, is doing her shopping and kneels beside her. %s is confused: she cannot say what\n"+
		"care she gets, or whom to call.\n",
		day.Weekday(), day, firstName(bep.Name()), bep.Goals()[0], nurse, next.Name(), firstName(bep.Name()))

	// First, her everyday session: the service refuses, naming the rule.
	everyday, err := svc.As(ctx, s.id(nurse), service.Care())
	if err != nil {
		return wijk.Date{}, err
	}
	_, err = everyday.Client(ctx, bep.ID())
	if err == nil {
		return wijk.Date{}, errors.New("a nurse of another team must not open a client's record for everyday care")
	}
	if !errors.Is(err, wijk.ErrForbidden) {
		return wijk.Date{}, err
	}
	s.printf("  %s opens %s's record in her everyday session: refused (forbidden: %t): %s\n",
		nurse, firstName(bep.Name()), errors.Is(err, wijk.ErrForbidden), strings.ReplaceAll(err.Error(), string(s.id(nurse)), nurse))

	// Then an emergency session: she says why, and the record opens.
	s.clock.Advance(time.Minute)
	reason := "unwell at the Saturday market; I need her GP, family and care plan"
	urgent, err := svc.As(ctx, s.id(nurse), service.Emergency(reason))
	if err != nil {
		return wijk.Date{}, err
	}
	c, err := urgent.Client(ctx, bep.ID())
	if err != nil {
		return wijk.Date{}, err
	}
	p, err := urgent.Plan(ctx, plan.ID())
	if err != nil {
		return wijk.Date{}, err
	}
	s.printf("  She opens it in an emergency session instead, giving the reason\n"+
		"  %q: allowed by rule emergency. She reads:\n", reason)
	var people []string
	for _, pr := range c.Formal() {
		people = append(people, strings.TrimSpace(pr.Role.String()+" "+cmp.Or(pr.Name, pr.Organisation)))
	}
	for _, ic := range c.Informal() {
		people = append(people, fmt.Sprintf("%s (%s, %s)", ic.Name, ic.Relation, cmp.Or(ic.Reach, "any time")))
	}
	s.printf("    whom to call: %s\n", strings.Join(people, ", "))
	var problems []string
	for _, pr := range p.Problems() {
		var signs []string
		for _, sg := range pr.Signs {
			signs = append(signs, cmp.Or(sg.Detail, sg.Name))
		}
		problems = append(problems, fmt.Sprintf("%s (%s%s)", pr.Name(), pr.Severity, prefixed(": ", strings.Join(signs, ", "))))
	}
	s.printf("    care plan: %s\n", strings.Join(problems, "; "))
	s.printf("  She calls the GP out-of-hours service with what she read, and leaves a message for %s.\n"+
		"  Both reads are in the access log, marked as an emergency: %s's team will see them.\n",
		c.Informal()[0].Name, firstName(bep.Name()))
	return day, nil
}

// whoSaw is Monday after the emergency. Bram, of Bep's team, reads the
// team's emergency report: who opened which of its clients' records in an
// emergency, when and why. Bep reads, in her own session, who saw or
// changed her record since her intake. Last, the store checks that the
// access log's chain is whole and prints its head.
func (s *story) whoSaw(ctx context.Context, svc *service.Service, store storage.Store, monday wijk.Date) error {
	s.at(monday.DaysSince(s.start), 9*60)
	bram, err := svc.As(ctx, s.id("Bram"), service.Care())
	if err != nil {
		return err
	}
	report, err := bram.EmergencyReport(ctx, s.team, s.start.In(time.UTC, 0), s.clock.Now())
	if err != nil {
		return err
	}
	s.printf("%s %s, 09:00. Bram reads the team's emergency report: every emergency access to the\n"+
		"team's clients, and by its members, since the team started (%d):\n", monday.Weekday(), monday, len(report))
	for i, l := range report {
		s.printf("  %s  %s asked for %s's %s: %s by rule %s\n", l.At.Format("2006-01-02 15:04"), l.Who, l.ClientName, l.What, l.Outcome, l.Rule)
		// The reason once, under the last line that gave it.
		if i == len(report)-1 || report[i+1].Who != l.Who || report[i+1].Reason != l.Reason {
			s.printf("    why: %q\n", l.Reason)
		}
	}

	// Bep's own session: a client's person ID is her client ID.
	bep := s.clients[0]
	s.clock.Advance(10 * time.Hour)
	own, err := svc.As(ctx, bep.ID(), service.OwnRecord())
	if err != nil {
		return err
	}
	lines, err := own.AccessOverview(ctx, bep.ID(), storage.AccessQuery{})
	if err != nil {
		return err
	}
	apps := map[string]bool{}
	for _, l := range lines {
		apps[l.Application] = true
	}
	s.printf("\nThat evening %s asks, in her own session, who saw or changed her record. The access\n"+
		"log holds %d lines about it, all made in %s. Per person:\n", firstName(bep.Name()), len(lines), quoted(slices.Sorted(maps.Keys(apps))))

	// A summary per person, in the order they first came.
	type tally struct {
		role    storage.AccessRole
		total   int
		actions map[storage.AccessAction]int
		refused int
	}
	var order []string
	per := map[string]*tally{}
	for _, l := range lines {
		t := per[l.Who]
		if t == nil {
			t = &tally{role: l.Role, actions: map[storage.AccessAction]int{}}
			per[l.Who] = t
			order = append(order, l.Who)
		}
		t.total++
		t.actions[l.Action]++
		if l.Outcome == storage.OutcomeRefused {
			t.refused++
		}
	}
	for _, who := range order {
		t := per[who]
		var parts []string
		for _, a := range []storage.AccessAction{storage.AccessCreate, storage.AccessUpdate, storage.AccessRead, storage.AccessEmergency} {
			if n := t.actions[a]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, a))
			}
		}
		if t.refused > 0 {
			parts = append(parts, fmt.Sprintf("of which %d refused", t.refused))
		}
		s.printf("  %-6s %-7s %2d: %s\n", who, t.role, t.total, strings.Join(parts, ", "))
	}

	// The last lines, in full: when, who, in which role, what they did to
	// what, the outcome and the rule, and why.
	const last = 5
	tail := lines[max(0, len(lines)-last):]
	s.printf("The last %d:\n", len(tail))
	for _, l := range tail {
		why := l.Purpose
		if l.Reason != "" {
			why += fmt.Sprintf(": %q", l.Reason)
		}
		s.printf("  %s  %-6s %-7s %-10s %-14s %-23s %s\n", l.At.Format("2006-01-02 15:04"), l.Who, l.Role, l.Action,
			l.What, fmt.Sprintf("%s (%s)", l.Outcome, l.Rule), why)
	}

	// Every entry's hash covers every entry before it: the head, written
	// down elsewhere, shows later whether the log up to it was rewritten.
	v, err := store.Chains().Verify(ctx, storage.LogAccess, storage.VerifyOptions{})
	if err != nil {
		return err
	}
	s.printf("\nAccess log whole: %d entries checked, head %s\n", v.Entries, v.Head)
	return nil
}

// prefixed returns prefix+s, or "" when s is empty.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// quoted lists ss, each in quotes.
func quoted(ss []string) string {
	var qs []string
	for _, s := range ss {
		qs = append(qs, fmt.Sprintf("%q", s))
	}
	return strings.Join(qs, ", ")
}
