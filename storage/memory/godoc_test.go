package memory_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/doccheck"
)

// TestStoreDocumentsEveryMethod: go doc, and the package site, read the
// source; a method promoted from an embedded internal type is invisible
// there. Every method of storage.Store must show on Store, documented.
func TestStoreDocumentsEveryMethod(t *testing.T) {
	missing, err := doccheck.Undocumented(".", "Store", reflect.TypeFor[storage.Store]())
	require.NoError(t, err)
	require.Empty(t, missing, "methods of storage.Store that go doc does not show, documented, on Store")
}
