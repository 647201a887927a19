package records_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/team"
)

func testPlan(tb testing.TB) *careplan.CarePlan {
	ids := wijk.NewSeededIDGenerator(wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), 1)
	nurse := ids.NewID()
	start := wijk.NewDate(2026, time.March, 2)
	p, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: ids.NewID(), Client: ids.NewID(), Start: start, CreatedBy: nurse})
	require.NoError(tb, err)
	require.NoError(tb, p.AddProblem(careplan.Problem{
		Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
		Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin, 3 cm"}},
		Goal:  "wound closed within six weeks",
	}))
	require.NoError(tb, p.AddIntervention(careplan.Intervention{
		ID: ids.NewID(), Problem: "24", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
		Description: "clean with saline, foam dressing, measure the wound",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerDay, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}},
		Level:       team.Level4,
	}))
	require.NoError(tb, p.Rate(careplan.Rating{Problem: "24", Kind: careplan.Admission, Date: start, By: nurse, KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 2}}))
	require.NoError(tb, p.Authorise(careplan.AuthoriseParams{By: team.Actor{Member: nurse, Level: team.Level5}, At: time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), MinutesPerWeek: 140, ReviewDate: wijk.NewDate(2026, time.April, 13)}))
	return p
}

func TestRecordShapeAndStrictness(t *testing.T) {
	p := testPlan(t)
	b, err := records.EncodeCarePlan(p)
	require.NoError(t, err)
	require.Contains(t, string(b), `{"format":3,"careplan":{`)
	back, err := records.DecodeCarePlan(b)
	require.NoError(t, err)
	require.Equal(t, p.Snapshot().ID, back.Snapshot().ID)
	again, err := records.EncodeCarePlan(back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(again), "a record read back encodes to the same bytes")

	for name, bad := range map[string]string{
		"other key":     `{"format":1,"team":{}}`,
		"extra key":     string(b[:len(b)-1]) + `,"x":1}`,
		"no format":     `{"careplan":{}}`,
		"format string": `{"format":"1","careplan":{}}`,
		"null":          `null`,
		"array":         `[]`,
	} {
		_, err := records.DecodeCarePlan([]byte(bad))
		require.ErrorIs(t, err, storage.ErrCorrupt, name)
	}
}

func FuzzDecodeCarePlan(f *testing.F) {
	b, err := records.EncodeCarePlan(testPlan(f))
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"format":1,"careplan":{}}`))
	f.Add([]byte(`{"format":1,"careplan":{"Status":99}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := records.DecodeCarePlan(data)
		if err != nil {
			require.ErrorIs(t, err, storage.ErrCorrupt)
			return
		}
		// Whatever was accepted is a valid plan that survives a round trip.
		again, err := records.EncodeCarePlan(p)
		require.NoError(t, err)
		back, err := records.DecodeCarePlan(again)
		require.NoError(t, err)
		require.Equal(t, p.Snapshot().ID, back.Snapshot().ID)
	})
}

func FuzzDecodeTeam(f *testing.F) {
	f.Add([]byte(`{"format":1,"team":{}}`))
	f.Add([]byte(`{"format":1,"team":{"Members":[{"Level":9}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tm, err := records.DecodeTeam(data)
		if err != nil {
			require.ErrorIs(t, err, storage.ErrCorrupt)
			return
		}
		_, err = records.EncodeTeam(tm)
		require.NoError(t, err)
	})
}

func BenchmarkEncodeCarePlan(b *testing.B) {
	p := testPlan(b)
	for b.Loop() {
		if _, err := records.EncodeCarePlan(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCarePlan(b *testing.B) {
	data, err := records.EncodeCarePlan(testPlan(b))
	require.NoError(b, err)
	for b.Loop() {
		if _, err := records.DecodeCarePlan(data); err != nil {
			b.Fatal(err)
		}
	}
}

// A client stored before addresses had coordinates (record format 2)
// reads as a client without them. Rewriting it, as an upgrade of the
// database does, only changes its form: it reads back the same. A record
// in the current format is left as it is.
func TestClientCoordinatesAcrossFormats(t *testing.T) {
	p := careplan.ClientParams{
		ID: wijk.ID("01JNQX00000000000000001007"), Name: "Bep", BirthDate: wijk.NewDate(1941, time.May, 12),
		Address: careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede"},
	}
	c, err := careplan.NewClient(p)
	require.NoError(t, err)
	current, err := records.EncodeClient(c)
	require.NoError(t, err)
	require.Contains(t, string(current), `"area":"","coordinates":null}`, "an address without coordinates says so")

	format2 := strings.Replace(strings.Replace(string(current), `{"format":3,`, `{"format":2,`, 1), `,"coordinates":null`, ``, 1)
	old, err := records.DecodeClient([]byte(format2))
	require.NoError(t, err)
	require.Nil(t, old.Address().Coordinates)
	require.Empty(t, cmp.Diff(c.Snapshot(), old.Snapshot(), cmp.Comparer(func(a, b wijk.Date) bool { return a == b })))

	again, changed, err := records.Rewrite([]byte(format2))
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, string(current), string(again), "a format-2 record is rewritten to the bytes the current format writes")

	same, changed, err := records.Rewrite(current)
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, string(current), string(same))

	// With coordinates, they come back as written.
	p.Address.Coordinates = &geo.Point{Lat: 52.2230, Lon: 6.8990}
	c, err = careplan.NewClient(p)
	require.NoError(t, err)
	b, err := records.EncodeClient(c)
	require.NoError(t, err)
	require.Contains(t, string(b), `"coordinates":{"lat":52.223,"lon":6.899}`)
	back, err := records.DecodeClient(b)
	require.NoError(t, err)
	require.Equal(t, geo.Point{Lat: 52.2230, Lon: 6.8990}, *back.Address().Coordinates)
}
