package main

import "testing"

// BenchmarkYear simulates 20 teams for a year on one worker; the full
// research run (850 teams) is the command in README.md.
func BenchmarkYear(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Teams, cfg.Days, cfg.Workers = 20, 365, 1
	for b.Loop() {
		if _, err := simulate(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
