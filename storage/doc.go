// Package storage is the contract between wijk's domain packages and the
// databases that keep their state: one set of interfaces, three backends
// (storage/memory, storage/sqlite, storage/postgres) that behave the same,
// proven by the one conformance suite in storage/storagetest.
//
// The rules every backend keeps:
//
//   - Every method takes a context first.
//   - No lost updates: each aggregate carries a Version; a write based on a
//     stale version fails with wijk.ErrConflict and changes nothing.
//   - Every write leaves a line in an append-only audit log, in the same
//     transaction.
//   - Times are stored in UTC at millisecond precision.
//   - Schema migrations are embedded per dialect with the same version
//     numbers, applied by an explicit Migrate; a database newer than the
//     code refuses to open with ErrSchemaTooNew.
package storage
