// Package records is the one serialized form of wijk's aggregates, shared
// by every storage backend so that they store, and read back, the same
// bytes.
//
// A record is the aggregate's domain snapshot as JSON, wrapped with a
// record-format number:
//
//	{"format":1,"team":{…TeamSnapshot…}}
//
// Encoding normalises every time in the snapshot to UTC at millisecond
// precision, the precision storage promises. Decoding is strict (unknown
// fields, trailing data and an unknown format are errors) and always ends in
// the domain's validating Restore function, so a damaged or tampered record
// gives an error, never a panic and never an aggregate that breaks its
// rules.
package records
