package memory_test

import (
	"testing"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return memory.New(memory.Options{}) })
}

func TestPurgeAudit(t *testing.T) {
	storagetest.RunPurgeAudit(t, func(t *testing.T, clock wijk.Clock) storage.Store {
		return memory.New(memory.Options{Clock: clock})
	})
}
