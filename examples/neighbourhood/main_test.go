package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage/sqlite"
)

// tellStory runs the program with args into a fresh database file and
// returns what it printed.
func tellStory(t *testing.T, args ...string) (out, db string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "wijk.db")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), append(args, "-db", db), &stdout, &stderr))
	require.Equal(t, "The neighbourhood is kept in "+db+".\n", stderr.String())
	return stdout.String(), db
}

// The README's main command must tell the whole story, and the same seed
// must tell it word for word the same.
func TestStoryTwoDays(t *testing.T) {
	out, db := tellStory(t, "-days", "2", "-seed", "1")
	again, _ := tellStory(t, "-days", "2", "-seed", "1")
	require.Equal(t, out, again, "the same seed tells the same story")

	for _, want := range []string{
		"Buurtteam Lasonder starts on Monday 2026-03-02 in Lasonder",
		"Saved: the organisation registered the team; every founder has a session of their own.",
		"Bram (level 4) tries to authorise: refused (forbidden: true): forbidden by rule authorise-level-5: ",
		"(Bram asked to authorise care hours)",
		"Proposed roster: 0 hard violations",
		"Facilitator: ",
		"Round 1: Bram objects:",
		"The team tests the objection: valid",
		"Round 1 ends without a decision: a valid objection stands.",
		"amends: Hire Fatima as a district nurse (level 5)",
		"Round 2: adopted (no valid objection).",
		"Logged and applied: Fatima joins on 2026-03-04 as district nurse; the team has 6 members. Saved.",
		"== Report, read back from the store",
		"Read by Bram, the team's informer, in a session on the reopened store.",
		"Buurtteam Lasonder, 6 members:",
		"Productivity 2026-03-02 to 2026-03-03: ",
		"KBS change since admission:",
		"Kept in the store and adopted by consent: the decision names the roster (digest ",
		"), the roster names the decision. Saved.",
		"Decision log (2):",
		`"Roster 2026-03-02" by Dewi (consent, 1 rounds)`,
		"Rosters kept: 1. The one in force, 2026-03-02 to 2026-03-03, was adopted on 2026-03-02",
		"Day plans kept: 2, the planner's proposals, one for each day.",
		"is in anne-week.ics beside the database",
		`"Hire Fatima" by Dewi (consent, 2 rounds)`,
		"objection by Bram on version 1: valid, resolved: amended",
		"applied: Fatima joins on 2026-03-04 as district nurse",
		"Audit log of Wim Visser's dossier: 4 writes, each saying who and why:",
		`Anne  create client    "took in Wim Visser"`,
		`Bram  update care plan "discharged: goals reached: the scar has closed and Peter dresses it himself"`,
		// The team next door, the emergency at the market and its report.
		"Wednesday 2026-03-04: the organisation founds a second team next door",
		"process: Buurtteam Roombeek, in Roombeek",
		"Sanne opens Bep's record in her everyday session: refused (forbidden: true): forbidden by rule dossier-team: ",
		"(Sanne asked to read a dossier)",
		`"unwell at the Saturday market; I need her GP, family and care plan": allowed by rule emergency.`,
		"whom to call: GP Dr. Smit, Marga (daughter, after 17:00)",
		"Bram reads the team's emergency report",
		"2026-03-07 10:41  Sanne asked for Bep de Vries's client record: allowed by rule emergency",
		// Bep's own overview of who saw her record, with the refused read.
		`all made in "neighbourhood example". Per person:`,
		"Sanne  member   3: 1 read, 2 emergency, of which 1 refused",
		"2026-03-07 10:40  Sanne  member  read       client record  refused (dossier-team)  care",
		"2026-03-07 10:41  Sanne  member  emergency  care plan      allowed (emergency)     emergency: ",
	} {
		require.Contains(t, out, want)
	}
	require.Equal(t, 2, strings.Count(out, "refused (forbidden: true)"),
		"the story shows two refused requests: Bram authorising, Sanne's everyday session")
	// The story ends with the access log verified whole, and its head.
	require.Regexp(t, `\nAccess log whole: (\d+) entries checked, head wijk:access:(\d+):[0-9a-f]{64}\n$`, out)
	require.Equal(t, len(referrals), strings.Count(out, "the plan is active. Saved."), "every plan authorised")
	requirePlannedDays(t, out, 2)

	// Every client's change is reported from the store, Wim as discharged.
	report := out[strings.Index(out, "KBS change since admission:"):]
	for _, r := range referrals {
		require.Contains(t, report, r.params.Name+":")
	}
	require.Regexp(t, `Wim Visser: +Skin +K3 B3 S3 → K\d B\d S\d +K[+0-9]+ B[+0-9]+ S[+0-9]+ +discharged`, report)

	// The file is kept and holds both teams, the adopted roster and the
	// day plans.
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db, sqlite.Options{})
	require.NoError(t, err)
	defer s.Close()
	teams, err := s.Teams().List(ctx)
	require.NoError(t, err)
	require.Len(t, teams, 2)
	var lasonder wijk.ID
	for _, id := range teams {
		if tm, _, err := s.Teams().Get(ctx, id); err == nil && tm.Name() == "Buurtteam Lasonder" {
			lasonder = id
		}
	}
	adopted, _, err := s.Rosters().Adopted(ctx, lasonder, wijk.NewDate(2026, 3, 3))
	require.NoError(t, err)
	_, ok := adopted.Adoption()
	require.True(t, ok)
	day, err := s.DayPlans().ListByTeam(ctx, lasonder, wijk.NewDate(2026, 3, 3))
	require.NoError(t, err)
	require.Len(t, day, 1)

	// Anne's calendar: an iCalendar file with her shifts and visits, and
	// nothing of her clients in it.
	ics, err := os.ReadFile(filepath.Join(filepath.Dir(db), "anne-week.ics"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(ics), "BEGIN:VCALENDAR\r\n"))
	require.Contains(t, string(ics), "DTSTART;TZID=Europe/Amsterdam:20260302T070000")
	for _, r := range referrals {
		require.NotContains(t, string(ics), r.params.Name, "no client's name in a calendar")
		require.NotContains(t, string(ics), r.params.Address.Street)
	}
	clients, err := s.Clients().ListByTeam(ctx, lasonder)
	require.NoError(t, err)
	require.NotEmpty(t, clients)
	for _, c := range clients {
		require.NotContains(t, string(ics), string(c.ID()), "no client's ID in a calendar either")
	}
}

// requirePlannedDays checks that the roster and every day's visit plan kept
// their promises: no hard violation, no visit left without a nurse.
func requirePlannedDays(t *testing.T, out string, days int) {
	t.Helper()
	require.Contains(t, out, "Proposed roster: 0 hard violations")
	dayLines := regexp.MustCompile(`(?m)^\w{3} 2026-03-\d\d: \d+ visits by \d+ nurses; .*unassigned (\d+);`).FindAllStringSubmatch(out, -1)
	require.Len(t, dayLines, days)
	for _, m := range dayLines {
		require.Equal(t, "0", m[1], "no unassigned visits: %s", m[0])
	}
	require.Equal(t, days, strings.Count(out, "  Hours recorded: "))
}

// Other seeds plan other rosters and routes, and keep the same promises.
func TestStoryOtherSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("a week for two more seeds")
	}
	for _, seed := range []string{"2", "3"} {
		out, _ := tellStory(t, "-days", "7", "-seed", seed)
		requirePlannedDays(t, out, 7)
		require.Contains(t, out, "Round 2: adopted")
	}
}

func TestStoryRefusesAFileInUse(t *testing.T) {
	_, db := tellStory(t, "-days", "1")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-days", "1", "-db", db}, &stdout, &stderr)
	require.ErrorContains(t, err, "already holds a neighbourhood")
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"-days", "0"}, {"-days", "29"}, {"extra"}, {"-nope"}} {
		var stdout, stderr bytes.Buffer
		require.Error(t, run(context.Background(), args, &stdout, &stderr), "args %q", args)
		require.Empty(t, stdout.String())
	}
}
