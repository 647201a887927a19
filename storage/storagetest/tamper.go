package storagetest

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// Raw reads and rewrites one stored record's bytes behind the store's
// back, as someone with direct access to the database could. table is the
// backend's table name, key the row's key.
type Raw interface {
	Read(t *testing.T, table, key string) []byte
	Write(t *testing.T, table, key string, data []byte)
}

// SQLRaw is the Raw of a SQL backend: it reads and rewrites the data
// column of an aggregate table through db, a connection of its own.
func SQLRaw(db *sql.DB) Raw { return sqlRaw{db} }

type sqlRaw struct{ db *sql.DB }

func (r sqlRaw) Read(t *testing.T, table, key string) []byte {
	t.Helper()
	var b []byte
	require.NoError(t, r.db.QueryRow(`SELECT data FROM `+table+` WHERE id = $1`, key).Scan(&b))
	return b
}

func (r sqlRaw) Write(t *testing.T, table, key string, data []byte) {
	t.Helper()
	res, err := r.db.Exec(`UPDATE `+table+` SET data = $1 WHERE id = $2`, data, key)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(1), n, "one row of %s with key %s", table, key)
}

// NewTamperable returns a fresh store and raw access to its rows.
type NewTamperable func(t *testing.T) (storage.Store, Raw)

// edit applies fn to the JSON object of a record.
func edit(t *testing.T, data []byte, fn func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	fn(doc)
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

// at walks a path of object keys and slice indexes.
func at(doc any, path ...any) map[string]any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			doc = doc.(map[string]any)[p]
		case int:
			doc = doc.([]any)[p]
		}
	}
	return doc.(map[string]any)
}

// RunTampered stores aggregates, damages their rows in ways a bug, a
// careless hand or an attacker might (bytes that are not JSON, unknown
// fields and formats, unknown enum values, malformed IDs, oversized
// texts, broken rules), and checks that every read of them returns an
// error: never a panic, never a broken aggregate.
func RunTampered(t *testing.T, newStore NewTamperable) {
	type tamper struct {
		name  string
		table string
		fn    func(t *testing.T, data []byte) []byte
	}
	cases := []tamper{
		{"not JSON", "wijk_teams", func(t *testing.T, b []byte) []byte { return []byte("\x00\xffnot json") }},
		{"truncated", "wijk_teams", func(t *testing.T, b []byte) []byte { return b[:len(b)/2] }},
		{"empty", "wijk_teams", func(t *testing.T, b []byte) []byte { return []byte{} }},
		{"unknown format", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { d["format"] = 99 })
		}},
		{"unknown field", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "team")["Boss"] = "me" })
		}},
		{"unknown level", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "team", "members", 0)["level"] = 9 })
		}},
		{"unknown member status", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "team", "members", 1)["status"] = -3 })
		}},
		{"malformed member ID", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "team", "members", 0)["person"] = "robert'); DROP TABLE" })
		}},
		{"oversized name", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "team")["name"] = strings.Repeat("x", 100_000) })
		}},
		{"wrong type", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "team")["members"] = "everyone" })
		}},
		{"broken rule: coach is a member", "wijk_teams", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) {
				at(d, "team")["coach"] = at(d, "team", "members", 0)["person"]
			})
		}},
		{"hours over a day", "wijk_hours", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "hours")["sick"] = float64(30 * time.Hour) })
		}},
		{"client name with NUL", "wijk_clients", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "client")["name"] = "Bep\x00" })
		}},
		{"care plan status", "wijk_careplans", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "careplan")["status"] = 42 })
		}},
		{"proposal rule", "wijk_proposals", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "proposal")["rule"] = "dictator" })
		}},
		{"meeting state", "wijk_meetings", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "meeting")["state"] = 0 })
		}},
		{"roster status", "wijk_rosters", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "roster")["status"] = "decided" })
		}},
		{"roster assignment outside the period", "wijk_rosters", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "roster", "assignments", 0)["day"] = 99 })
		}},
		{"visit plan route of a stranger", "wijk_day_plans", func(t *testing.T, b []byte) []byte {
			return edit(t, b, func(d map[string]any) { at(d, "dayplan", "routes", 0)["nurse"] = "stranger" })
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, raw := newStore(t)
			w := newWorld(t, 30)
			wd := w.newTeam("Noord", 3)
			_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
			require.NoError(t, err)
			h := team.HoursRecord{Person: wd.members[0], Day: wijk.NewDate(2026, 3, 2), Worked: 8 * time.Hour}
			_, err = s.Hours().Record(ctx, wd.team.ID(), h, ch("hours"))
			require.NoError(t, err)
			c := placeClient(t, s, w, wd, "Bep")
			p := w.newPlan(c.ID(), wd.members[0], wijk.NewDate(2026, 3, 2), wijk.NewDate(2026, 4, 1))
			_, err = s.CarePlans().Create(ctx, p, ch("plan"))
			require.NoError(t, err)
			prop := w.newProposal(wd, "Breakfast")
			_, err = s.Proposals().Create(ctx, prop, ch("draft"))
			require.NoError(t, err)
			m := w.newMeeting(wd, t0)
			_, err = s.Meetings().Create(ctx, m, ch("planned"))
			require.NoError(t, err)
			ro, dp := w.newRoster(wd), w.newDayPlan(wd, week)
			_, err = s.Rosters().Create(ctx, ro, ch("proposed"))
			require.NoError(t, err)
			_, err = s.DayPlans().Create(ctx, dp, ch("proposed"))
			require.NoError(t, err)

			keys := map[string]string{
				"wijk_teams": string(wd.team.ID()), "wijk_hours": string(h.Person) + "/" + h.Day.String(),
				"wijk_clients": string(c.ID()), "wijk_careplans": string(p.ID()),
				"wijk_proposals": string(prop.ID()), "wijk_meetings": string(m.ID()),
				"wijk_rosters": string(ro.ID()), "wijk_day_plans": string(dp.ID()),
			}
			key := keys[tc.table]
			raw.Write(t, tc.table, key, tc.fn(t, raw.Read(t, tc.table, key)))

			var reads []error
			switch tc.table {
			case "wijk_teams":
				_, _, err := s.Teams().Get(ctx, wd.team.ID())
				reads = append(reads, err)
				_, err = s.Teams().Members(ctx, wd.team.ID())
				reads = append(reads, err)
				_, err = s.Hours().Record(ctx, wd.team.ID(), team.HoursRecord{Person: wd.members[1], Day: h.Day}, ch("hours"))
				reads = append(reads, err)
			case "wijk_hours":
				_, _, err := s.Hours().Get(ctx, h.Person, h.Day)
				reads = append(reads, err)
				_, err = s.Hours().Month(ctx, wd.team.ID(), 2026, time.March)
				reads = append(reads, err)
			case "wijk_clients":
				_, _, err := s.Clients().Get(ctx, c.ID())
				reads = append(reads, err)
				_, err = s.Clients().ListByTeam(ctx, wd.team.ID())
				reads = append(reads, err)
			case "wijk_careplans":
				_, _, err := s.CarePlans().Get(ctx, p.ID())
				reads = append(reads, err)
				_, err = s.CarePlans().DueForReview(ctx, wd.team.ID(), wijk.NewDate(2026, 5, 1))
				reads = append(reads, err)
			case "wijk_proposals":
				_, _, err := s.Proposals().Get(ctx, prop.ID())
				reads = append(reads, err)
				_, err = s.Proposals().Open(ctx, wd.team.ID())
				reads = append(reads, err)
			case "wijk_meetings":
				_, _, err := s.Meetings().Get(ctx, m.ID())
				reads = append(reads, err)
				_, err = s.Meetings().ListByTeam(ctx, wd.team.ID())
				reads = append(reads, err)
			case "wijk_rosters":
				_, _, err := s.Rosters().Get(ctx, ro.ID())
				reads = append(reads, err)
				_, err = s.Rosters().ListByTeam(ctx, wd.team.ID(), week, week)
				reads = append(reads, err)
			case "wijk_day_plans":
				_, _, err := s.DayPlans().Get(ctx, dp.ID())
				reads = append(reads, err)
				_, err = s.DayPlans().ListByTeam(ctx, wd.team.ID(), week)
				reads = append(reads, err)
			}
			for i, err := range reads {
				require.Error(t, err, "read %d of a tampered %s row", i, tc.table)
				require.ErrorIs(t, err, storage.ErrCorrupt, "read %d: %v", i, err)
			}
		})
	}
}
