// Package curtois reads and writes the Curtois & Qu shift rostering
// benchmark (schedulingbenchmarks.org, "instances 1–24"), the public
// benchmark the rostering field measures itself on.
//
// An instance is a text file with CRLF line endings, # comments and
// sections (SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF,
// SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS,
// SECTION_COVER) of comma-separated lines. [Parse] turns it into a
// [roster.Problem] whose evaluation is exactly the benchmark's objective.
// A solution is CSV, one working assignment a line, `employee,day,shift`,
// with an optional header line; [WriteSolution] and [ReadSolution] write
// and read it.
//
// [Generate] draws new instances in the benchmark's style, sized by
// horizon, staff and shift types and seeded, each with a reference roster
// that proves it feasible; [WriteInstance] writes any problem the format
// can hold, so that [Parse] reads it back unchanged. They let the solver be
// measured on instances it was never tuned on.
package curtois
