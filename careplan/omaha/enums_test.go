package omaha

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestEnumsRoundTripByWord(t *testing.T) {
	t.Run("Domain", func(t *testing.T) { enumtest.RoundTrip(t, Domains(), ParseDomain) })
	t.Run("Scope", func(t *testing.T) { enumtest.RoundTrip(t, Scopes(), ParseScope) })
	t.Run("Severity", func(t *testing.T) { enumtest.RoundTrip(t, Severities(), ParseSeverity) })
	t.Run("Category", func(t *testing.T) { enumtest.RoundTrip(t, Categories(), ParseCategory) })
	t.Run("Scale", func(t *testing.T) { enumtest.RoundTrip(t, Scales(), ParseScale) })
}

func TestEnumAliases(t *testing.T) {
	for _, d := range Domains() {
		got, err := ParseDomain(d.Key())
		require.NoError(t, err, d.Key())
		require.Equal(t, d, got)
	}
	for in, want := range map[string]Category{"TGC": TeachingGuidanceCounseling, "tp": TreatmentsProcedures, "CM": CaseManagement, "s": Surveillance, "Teaching": TeachingGuidanceCounseling, "treatments": TreatmentsProcedures} {
		got, err := ParseCategory(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	b, err := CaseManagement.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "Case management", string(b), "the full name is written, never the abbreviation")

	got, err := ParseScale("Behaviour")
	require.NoError(t, err)
	require.Equal(t, Behavior, got)

	_, err = ParseCategory("tgcx")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "invalid category: must be one of Teaching, guidance, and counseling, Treatments and procedures, Case management, Surveillance")
}
