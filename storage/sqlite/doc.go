// Package sqlite stores wijk's data in one SQLite file: the embedded default
// for an application that runs as a single process. It uses a pure-Go SQLite
// (no cgo), write-ahead logging and full fsync, so every acknowledged write
// survives a crash.
package sqlite
