// Package sqlite stores wijk's data in one SQLite file: the embedded default
// for an application that runs as a single process. It uses a pure-Go SQLite
// (no cgo), write-ahead logging and full fsync, so every acknowledged write
// survives a crash. The store reads and writes on one connection; the
// access log's entries for reads are committed on a second, so that reads
// go on while a commit waits for the disk. An application may keep tables
// of its own in the same file; it reaches them through Store.DB, a
// connection of its own with the same settings.
//
// Store.Backup writes a consistent copy of the live database to a new
// file while the store goes on serving; docs/backup.md in the repository
// says how to restore it and check it, and package storage/storecopy moves
// a store to PostgreSQL.
package sqlite
