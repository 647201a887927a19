// Package records is the one serialized form of wijk's aggregates, shared
// by every storage backend so that they store, and read back, the same
// bytes.
//
// A record is the aggregate's domain snapshot as JSON, wrapped with a
// record-format number:
//
//	{"format":3,"team":{"id":"…","name":"Wijkteam Noord",…}}
//
// The stored form is a contract that must hold for as long as a record is
// kept (a care record for at least twenty years after its last change).
// Since format 2 every field is named by an explicit json tag on the
// snapshot types, so renaming a Go field does not change it, and every enum is
// written by its word, so reordering an enum does not change what stored
// records mean. Golden records of every kind, for every format, are kept
// under testdata and read back in the tests. A change of form gets a new
// format number, and the reader keeps reading every older one: format 1
// named fields by their Go names and wrote enums as numbers; format 3
// added the coordinates of a client's address, and reads a format-2
// client as one without them. Rewrite brings a mutable aggregate's record
// to the current format (the schema migration that retired format 1 does
// so for every stored one); the decision log
// is append-only and hash-chained, so its entries stay in the format they
// were written in.
//
// Encoding uses encoding/json, after normalising every time in the snapshot
// to UTC at millisecond precision, the precision storage promises.
//
// Decoding checks the envelope by hand and reads the body in one pass with
// the package's own JSON decoder, which fills the snapshot straight from
// the record's bytes by a plan worked out once per Go type. A proposal's or
// decision's payload is read by the same decoder. It reads what
// encoding/json with DisallowUnknownFields reads, into the same values,
// and is stricter in a few ways that the encoder's output never meets:
// field names must match exactly (not in another letter case), a field may
// not appear twice, and a Go array takes exactly its length of elements.
// Unknown fields, trailing data, a value of the wrong type, a number that
// does not fit its field, invalid JSON, nesting deeper than encoding/json
// allows and an unknown format are all errors; each says where (the field
// path, or the byte offset for invalid JSON) and which rule was broken.
// Types that read themselves (json.Unmarshaler, encoding.TextUnmarshaler,
// such as wijk.Date) are read by their own methods; time.Time has a fast
// path for the form encoding/json writes and leaves any other to its own
// UnmarshalJSON. A type the plans do not cover, such as a map or an
// interface, is handed to encoding/json, so it is read as before rather
// than read wrongly; no type a record holds needs that, and a test keeps
// it so for format 1, where encoding/json would read by today's tags.
//
// Decoding always ends in the domain's validating Restore function, so a
// damaged or tampered record gives an error matching ErrCorrupt, never a
// panic and never an aggregate that breaks its rules.
package records
