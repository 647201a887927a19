package postgres

import "github.com/wijkzorg/wijk/storage/internal/repo"

// CopyHandle gives package storage/storecopy the store's rows as stored,
// to copy them to or from another backend. Its value is of no use
// elsewhere.
func (s *Store) CopyHandle() repo.Handle { return repo.NewHandle(s.core) }
