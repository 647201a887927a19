// Package sqlite stores wijk's data in one SQLite file: the embedded default
// for an application that runs as a single process. It uses a pure-Go SQLite
// (no cgo), write-ahead logging and full fsync, so every acknowledged write
// survives a crash. An application may keep tables of its own in the same
// file; it reaches them through Store.DB, which shares the store's single
// connection.
package sqlite
