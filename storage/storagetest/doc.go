// Package storagetest is the one conformance suite every wijk storage
// backend runs. A backend's test file calls [Run] with a function that
// returns a fresh, migrated, empty store; a backend is done when the suite
// passes. SQL backends also call [RunTampered], which damages stored rows
// behind the store's back and checks that reading them gives an error,
// never a panic.
package storagetest
