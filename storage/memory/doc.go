// Package memory keeps wijk's data in memory: for tests, simulations and
// examples. It behaves exactly like the SQL backends (it runs the same
// conformance suite): versions and conflicts, the audit log, transactions
// that roll back on an error or a panic. It even stores the same bytes:
// every aggregate is kept in its serialized form, so what goes in and what
// comes out are independent copies, and a read goes through the same
// validating decoder.
//
// A transaction holds the store's write lock from start to end, so
// transactions run one at a time (reads outside a transaction wait for it);
// a rolled-back transaction undoes its writes from an undo log.
package memory
