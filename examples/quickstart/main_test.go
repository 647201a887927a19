package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The quickstart must run, save the plan, read it back, and print the
// same every time.
func TestQuickstartTellsTheStory(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, run(&a))
	require.NoError(t, run(&b))
	require.Equal(t, a.String(), b.String(), "same seed, same output")
	out := a.String()
	for _, want := range []string{
		"Buurtteam Noord starts in Noord with 3 members.",
		"Bram authorises: only a level-5 district nurse may authorise care hours",
		"Anne authorises: the plan is active.",
		"Saved the team, the client and the plan.",
		"Care plan for Bep de Vries (born 1941-05-12)",
		"Status: active, episode from 2026-03-02, review by 2026-04-13",
		"1. Skin (24): actual, individual",
		"Visits in the first week:",
	} {
		require.Contains(t, out, want)
	}
	require.Equal(t, 3, strings.Count(out, "20 min, level 4\n"), "three wound-care visits in the first week")
}
