package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The quickstart is the README's first command: it must run, tell the
// story, and print the same every time.
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
		"1. Skin (24): actual, individual",
		"Visits in the first week:",
	} {
		require.Contains(t, out, want)
	}
	require.Equal(t, 3, strings.Count(out, "20 min, level 4\n"), "three wound-care visits in the first week")
}
