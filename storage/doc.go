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
// a care plan, a proposal, a meeting, a roster, a visit plan) is stored whole, as its domain snapshot serialized
// to JSON, with a record-format number:
//
//	{"format":3,"careplan":{"id":"01J…","client":"01J…","status":"active",…}}
//
// The stored form is pinned, because a care record must stay readable for
// at least twenty years after its last change: every field has an explicit
// name, every enum is stored by its word, golden records of each kind and
// format are tested, and a new format keeps a reader for every older one.
// The schema migration to format 2 rewrote the records of earlier code.
// Format 3 only added fields (the coordinates of an address), so records
// of format 2 are read as they are and take the new form when next
// written. The decision log, append-only and hash-chained, keeps the
// bytes it was written with and is read in the format it names.
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
// A team's plans, its rosters ([Rosters]) and its visit plans ([DayPlans]),
// are aggregates of package planning, stored whole like the others. Whether
// a plan keeps its own rules is the domain's to say; what only the stored
// facts can say is checked when it is written: the decision that adopted
// it is in its team's decision log, in force, taken by the whole team, and
// names this plan as it is (its ID and content digest), the re-plan that
// superseded it is a
// stored plan of the same team and days, and a team has at most one
// adopted plan for a day. [Rosters.Adopted] and [DayPlans.Adopted] find
// the plan the team works to on a day.
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
//     apply the change again, retry ([Modify] does this).
//   - Every write leaves one line in an append-only audit log (who, what,
//     which, when, why: [AuditEntry]), in the same transaction as the write.
//     A write of a client's record or of one of their care plans names the
//     client, so [AuditQuery].Client finds them all. No method edits a line,
//     and the SQL backends refuse UPDATE and DELETE on the logs even when
//     asked in SQL; only a purge (below) removes lines.
//   - Transactions: [Store.InTx] runs a function with a Store whose writes
//     take effect together when it returns nil, and not at all when it
//     returns an error or panics.
//   - Times are stored in UTC at millisecond precision: a time read back is
//     the time written, in UTC, truncated to the millisecond.
//   - Schema migrations are embedded per dialect with the same version
//     numbers and applied by an explicit Migrate, each whole or not at all
//     in one transaction with its record (number, name, checksum of its
//     SQL): a program killed in the middle leaves the version before.
//     Several programs may run Migrate on one database at once; the
//     database's lock makes them apply each migration once. A database
//     newer than the code refuses to open with [ErrSchemaTooNew], one whose
//     record of applied migrations has a gap or names another migration
//     or another SQL than the code's with [ErrSchemaDamaged].
//   - Missing aggregates give wijk.ErrNotFound; bad input gives
//     wijk.ErrInvalid and is never stored: a change without an actor or
//     whose actor or summary is not one clean line, an invalid ID, an
//     aggregate that could not be read back (a zero value, a broken rule,
//     a time outside the years 1–9999).
//   - Inside InTx's function only the tx Store is used: a call on the outer
//     Store with the function's context fails at once with [ErrTxMisuse]
//     instead of waiting for the transaction that waits for it.
//
// # The access log
//
// [Store.Access] keeps the access log that NEN 7513 asks for: one
// [AccessEntry] per access to a client's record, allowed or refused, with
// the person, their role, the client, the record, the action (read,
// create, update, export, erase, emergency), the purpose and reason, the
// rule that decided and the application. Package service writes it; a
// Store used directly writes none. Entries appended inside a transaction
// commit with it. Appended outside one, [AccessLog.Append] returns only
// once the entries are durable; concurrent callers share one commit (the
// first to arrive commits everything waiting, and who arrives meanwhile
// waits for the next commit), so many readers pay for one flush.
//
// # Logs that show tampering
//
// The audit log, the access log and the decision log (all teams' entries,
// in the order they were appended) are each a hash chain: an entry stores
// SHA-256 over its canonical bytes (the log's name, its number and its
// fields as stored, each with its length) and the previous entry's hash.
// [Chains.Verify] walks a log and returns a [*ChainBreak] naming the first
// entry that was edited, removed, inserted or moved. [Chains.Head] gives
// the last number and hash as one line ([Head.String]): written down
// elsewhere, it later proves the log up to it has not been rewritten
// (pass it to Verify as an anchor).
//
// Numbers are drawn in commit order, with no gaps. A number drawn from a
// sequence before commit would not do: two writers could commit in the
// other order, and a reader, or the chain, would see entry 8 before entry
// 7 exists. So each log's head (last number and hash) is a row of its own,
// which a transaction reads and moves when it appends: on PostgreSQL it
// takes the row's lock (SELECT … FOR UPDATE) and holds it until commit, so
// the appends to one log commit one after another; SQLite and memory run
// one writing transaction at a time anyway. A transaction takes the heads
// in one order (the audit log's, before the rows it writes; then the
// decision log's; the access log's last), so two transactions never wait
// for each other. The price on PostgreSQL: writes that leave audit lines
// commit one at a time.
//
// Databases made before the chains are chained once when migrated (step
// 5): audit lines in the order of their numbers (renumbered 1, 2, 3 …
// where a rolled-back transaction left a gap), decisions by team and
// position.
//
// Entries are kept for a retention period (by default
// [DefaultRetention], five years) and then removed only by
// [Chains.Purge]: it verifies the log, removes the oldest entries up to
// the first that is younger than the retention, stores a [Checkpoint]
// signed with the caller's Ed25519 key in their place (the number and hash
// of the last entry removed), and leaves a line in the audit log, all in
// one transaction. The log then verifies from the checkpoint; give Verify
// the public keys you trust. The SQL guards let a delete through only for
// entries a checkpoint covers.
//
// # Choosing a backend
//
// storage/sqlite keeps everything in one file with write-ahead logging and
// a full sync on commit: every acknowledged write survives a crash of the
// process. It allows one writer at a time, which suits one process serving
// one organisation. storage/postgres runs on PostgreSQL 14 or newer with
// nothing beyond standard SQL (no advisory locks, no LISTEN/NOTIFY), so a
// PostgreSQL-compatible distributed database can host it too. A write
// outside a transaction is one statement (the record, its audit line and
// the head moved on from where this process last left it, or, when another
// writer moved it since, the head's lock first); inside a transaction it
// takes the head's lock, then writes in one statement. storage/memory keeps everything in
// memory with the same semantics, for tests and simulations.
package storage
