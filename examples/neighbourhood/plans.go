package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/wijkzorg/wijk/calendar"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/service"
)

// calendarFile is where the story writes one member's week, beside the
// database.
const calendarFile = "anne-week.ics"

// calendarKey makes the IDs of visits in calendars opaque and stable
// (planning.CalendarVisits). A deployment keeps a secret of its own; the
// story's is written here so that it tells the same story every time.
var calendarKey = []byte("the neighbourhood story's calendar key")

// reportPlans reads the period's roster and day plans back from the
// store, in Anne's session on the reopened store, says what they are, and writes Anne's shifts and visits as an
// iCalendar file beside the database, for her phone: times in Amsterdam's
// time, visits named by an opaque reference only, no client's name, address
// or care.
func (s *story) reportPlans(ctx context.Context, svc *service.Service, dbPath string) error {
	anneS, err := svc.As(ctx, s.id("Anne"), service.Care())
	if err != nil {
		return err
	}
	end := s.start.AddDays(s.cfg.days - 1)
	rosters, err := anneS.Rosters(ctx, s.team, s.start, end)
	if err != nil {
		return err
	}
	adopted, err := anneS.AdoptedRoster(ctx, s.team, s.start)
	if err != nil {
		return err
	}
	a, _ := adopted.Adoption()
	s.printf("\nRosters kept: %d. The one in force, %s to %s, was adopted on %s by the team's decision.\n",
		len(rosters), adopted.Start(), adopted.End(), a.At.Format("2006-01-02 15:04"))

	anne := string(s.id("Anne"))
	shifts, err := planning.CalendarShifts(adopted, anne)
	if err != nil {
		return err
	}
	var visits []calendar.Visit
	days := 0
	for d := range s.cfg.days {
		plans, err := anneS.DayPlans(ctx, s.team, s.start.AddDays(d))
		if err != nil {
			return err
		}
		days += len(plans)
		for _, dp := range plans {
			if _, superseded := dp.SupersededBy(); superseded {
				continue // a re-plan's events replace its own
			}
			vs, err := planning.CalendarVisits(dp, anne, calendarKey)
			if err != nil {
				return err
			}
			visits = append(visits, vs...)
		}
	}
	s.printf("Day plans kept: %d, the planner's proposals, one for each day.\n", days)

	f, err := os.Create(filepath.Join(filepath.Dir(dbPath), calendarFile))
	if err != nil {
		return err
	}
	err = calendar.MemberCalendar(f, "Anne", shifts, visits, calendar.Options{
		Domain: "lasonder.buurtteam.example", Stamp: s.clock.Now(), Revision: 1,
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	s.printf("Anne's week, %d shifts and %d visits, is in %s beside the database: her phone's calendar\n"+
		"reads it, and a re-plan updates the same events. Visits show a reference, not who or why.\n",
		len(shifts), len(visits), calendarFile)
	return nil
}
