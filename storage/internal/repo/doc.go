// Package repo implements storage.Store once, over a small Engine that
// each backend provides: a keyed, versioned document table with index
// columns, an audit log and transactions. Every repository rule (what is
// checked, in which transaction, in which order results come) lives here,
// so the backends cannot drift apart.
package repo
