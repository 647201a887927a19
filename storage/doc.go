// Package storage is the contract between wijk's domain packages and the
// databases that keep their state: one [Store] interface, three backends
// that behave the same (storage/memory for tests and simulations,
// storage/sqlite embedded in one process, storage/postgres for
// deployments that outgrow one machine), proven by the one conformance
// suite in storage/storagetest.
//
// # What is stored
//
// Each aggregate of the domain (a team, a coach, a staff member, a client,
// a care plan, a proposal, a meeting) is stored whole, as its domain snapshot serialized
// to JSON, with a record-format number:
//
//	{"format":1,"careplan":{"ID":"01J…","Client":"01J…","Status":2,…}}
//
// One codec, shared by every backend, writes and reads these records, so
// the memory backend keeps exactly the bytes SQLite and PostgreSQL keep
// (and what goes in and comes out are independent copies). Beside the
// record, a row has the columns the queries filter and sort on (a client's
// team, a plan's review date, a proposal's open flag, …), and beside some
// rows a set: everyone who ever had a membership in a team
// ([Teams.ListByPerson]), the representatives registered on a client's
// record ([Clients.ListByRepresentative]). Reading a record
// goes through the domain's validating Restore function: a row damaged or
// edited behind wijk's back (bytes that are not a record, an unknown
// enum value, a malformed ID, an oversized text, a broken rule) is
// returned as an error matching [ErrCorrupt], never as a panic and never as
// an aggregate that breaks its rules.
//
// Hours records are not part of the team aggregate (a team gains one per
// member and day, for years): [Hours] keeps them one per member and day,
// each checked against the team when it is written ([team.Team.CheckHours]).
// A decision log is kept entry by entry, append-only, and takes only the
// decision made from a stored, adopted proposal of the same team
// ([DecisionLog.Append] checks the proposal and compares the decision with
// it).
//
// A reader that decides whether a person may see a record needs the team
// in whose care the record's client is, and whether that team changed
// since it last looked: [CarePlans.GetPlaced] and [Clients.GetPlaced] read
// the record with that [Placement] in one read. Package service builds
// its trust boundary on this; code that uses a Store directly is trusted
// code and bypasses every rule of who may do what.
//
// # The rules every backend keeps
//
//   - Every method takes a context first.
//   - No lost updates: each aggregate carries a [Version], 1 when created
//     and one more with each update. Get returns it; Update takes the
//     version the aggregate was read at. If another write came in between,
//     Update fails with wijk.ErrConflict and changes nothing; read again,
//     apply the change again, retry.
//   - Every write leaves one line in an append-only audit log (who, what,
//     which, when, why: [AuditEntry]), in the same transaction as the write.
//     No method edits or deletes a line, and the SQL backends refuse UPDATE
//     and DELETE on the log (and on the decision log) even when asked in
//     SQL.
//   - Transactions: [Store.InTx] runs a function with a Store whose writes
//     take effect together when it returns nil, and not at all when it
//     returns an error or panics.
//   - Times are stored in UTC at millisecond precision: a time read back is
//     the time written, in UTC, truncated to the millisecond.
//   - Schema migrations are embedded per dialect with the same version
//     numbers and applied by an explicit Migrate; a database newer than the
//     code refuses to open with [ErrSchemaTooNew].
//   - Missing aggregates give wijk.ErrNotFound; bad input gives
//     wijk.ErrInvalid and is never stored: a change without an actor or
//     whose actor or summary is not one clean line, an invalid ID, an
//     aggregate that could not be read back (a zero value, a broken rule,
//     a time outside the years 1–9999).
//   - Inside InTx's function only the tx Store is used: a call on the outer
//     Store with the function's context fails at once with [ErrTxMisuse]
//     instead of waiting for the transaction that waits for it.
//
// # Choosing a backend
//
// storage/sqlite keeps everything in one file with write-ahead logging and
// a full sync on commit: every acknowledged write survives a crash of the
// process. It allows one writer at a time, which suits one process serving
// one organisation. storage/postgres runs on PostgreSQL 14 or newer with
// nothing beyond standard SQL (no advisory locks, no LISTEN/NOTIFY), so a
// PostgreSQL-compatible distributed database can host it too; each write is
// one statement and one round trip. storage/memory keeps everything in
// memory with the same semantics, for tests and simulations.
package storage
