// Package mankowska reads and writes the public home-care routing
// benchmark of Mankowska, Meisel and Bierwirth (Health Care Management
// Science, 2014) in the JSON encoding of Ceschia, Di Gaspero, Rosati and
// Schaerf (2024), and turns its instances into [visit.Problem] values.
//
// An instance lists patients (a time window and one or two services, the
// two coupled as simultaneous or sequential with a minimum and maximum gap),
// services with default durations, caregivers with the services they may
// give, one central office, and a travel-time matrix whose row and column 0
// are the office. Every caregiver starts at the office at time 0 and comes
// back to it; starting a service after its window closes is allowed and
// costs tardiness. The benchmark's objective is distance/3 + total
// tardiness/3 + maximum tardiness/3, which [visit.MankowskaObjective]
// reproduces and [visit.Cost.Mankowska] computes to the last digit.
//
// A solution lists, per caregiver, the (patient, service) pairs in order
// with their start ("arrival_time") and end ("departure_time").
// [NewSolution] writes an evaluated plan in that form and [Solution.Plan]
// reads the order back.
package mankowska
