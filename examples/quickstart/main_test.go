package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The quickstart must run through the service, refuse Bram's authorisation
// by the rule, read the plan back, and print the same every time.
func TestQuickstartTellsTheStory(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, run(&a))
	require.NoError(t, run(&b))
	require.Equal(t, a.String(), b.String(), "same seed, same output")
	out := a.String()
	for _, want := range []string{
		"Buurtteam Noord starts in Noord with 3 members.",
		"Bram authorises: refused (forbidden: true): forbidden by rule authorise-level-5: ",
		"(Bram asked to authorise care hours)",
		"Anne authorises: the plan is active.",
		"Each step was saved by the session that took it.",
		"Care plan for Bep de Vries (born 1941-05-12)",
		"Status: active, episode from 2026-03-02, review by 2026-04-13",
		"Authorised: 1h a week by Anne on 2026-03-02",
		"1. Skin (24): actual, individual",
		"Visits in the first week:",
	} {
		require.Contains(t, out, want)
	}
	require.Equal(t, 3, strings.Count(out, "20 min, level 4\n"), "three wound-care visits in the first week")
}
