package careplan

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestEnumsRoundTripByWord(t *testing.T) {
	t.Run("Status", func(t *testing.T) { enumtest.RoundTrip(t, statusEnum.Values(), ParseStatus) })
	t.Run("Period", func(t *testing.T) { enumtest.RoundTrip(t, periodEnum.Values(), ParsePeriod) })
	t.Run("RatingKind", func(t *testing.T) { enumtest.RoundTrip(t, ratingKindEnum.Values(), ParseRatingKind) })
	t.Run("Role", func(t *testing.T) { enumtest.RoundTrip(t, Roles(), ParseRole) })
}

// TestParseStatusFolds is the case a reviewer found: consensus read
// "consent_round" while careplan refused "under_review".
func TestParseStatusFolds(t *testing.T) {
	for _, in := range []string{"under review", "under_review", "under-review", "Under_Review", "  UNDER   REVIEW "} {
		got, err := ParseStatus(in)
		require.NoError(t, err, in)
		require.Equal(t, UnderReview, got, in)
	}
	_, err := ParseStatus("underreview")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "invalid status: must be one of draft, active, under review, closed")
}

func TestEnumAliases(t *testing.T) {
	for in, want := range map[string]Period{"daily": PerDay, "per day": PerDay, "Per_Day": PerDay, "weekly": PerWeek, "PER-WEEK": PerWeek} {
		got, err := ParsePeriod(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	b, err := PerDay.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "day", string(b), "an alias is read, never written")

	for _, in := range []string{"general practitioner", "General_Practitioner", "gp"} {
		got, err := ParseRole(in)
		require.NoError(t, err, in)
		require.Equal(t, RoleGP, got, in)
	}
}

// TestSnapshotJSONKeepsEnumsByName checks the stored form of a care plan
// and a client: every enum is written as its word, and reads back.
func TestSnapshotJSONKeepsEnumsByName(t *testing.T) {
	s := closedPlan(t).Snapshot()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var doc struct {
		Status        string
		Problems      []struct{ Scope, Severity string }
		Interventions []struct {
			Category string
			Schedule struct{ Per string }
		}
		Ratings []struct{ Kind string }
		History []struct{ From, To string }
	}
	require.NoError(t, json.Unmarshal(b, &doc), "every enum is a JSON string")
	require.Equal(t, "closed", doc.Status)
	require.Equal(t, s.Problems[0].Scope.String(), doc.Problems[0].Scope)
	require.Equal(t, s.Problems[0].Severity.String(), doc.Problems[0].Severity)
	require.Equal(t, s.Interventions[0].Category.String(), doc.Interventions[0].Category)
	require.Equal(t, s.Interventions[0].Schedule.Per.String(), doc.Interventions[0].Schedule.Per)
	require.Equal(t, "admission", doc.Ratings[0].Kind)
	require.Equal(t, "draft", doc.History[0].From)
	require.Equal(t, "closed", doc.History[len(doc.History)-1].To)

	var back CarePlanSnapshot
	require.NoError(t, json.Unmarshal(b, &back))
	r, err := RestoreCarePlan(back)
	require.NoError(t, err)
	if d := cmp.Diff(s, r.Snapshot(), dateEq); d != "" {
		t.Fatalf("JSON restore (-want +got):\n%s", d)
	}

	s.Status = 0
	_, err = json.Marshal(s)
	require.ErrorIs(t, err, wijk.ErrInvalid, "a plan without a status is not written")

	c, err := NewClient(goodClient())
	require.NoError(t, err)
	b, err = json.Marshal(c.Snapshot())
	require.NoError(t, err)
	require.Contains(t, string(b), `"role":"GP"`)
	require.Contains(t, string(b), `"role":"other"`)
	var cs ClientSnapshot
	require.NoError(t, json.Unmarshal(b, &cs))
	if d := cmp.Diff(c.Snapshot(), cs, dateEq); d != "" {
		t.Fatalf("client JSON round trip (-want +got):\n%s", d)
	}
}
