package sqlite_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// BenchmarkLoadTeam reads a team of 12, its 60 clients and their plans in
// one transaction.
func BenchmarkLoadTeam(b *testing.B) {
	ctx := context.Background()
	s, _ := open(&testing.T{})
	defer s.Close()
	id := storagetest.SeedTeam(b, s, 12, 60)
	for b.Loop() {
		err := s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
			if _, _, err := tx.Teams().Get(ctx, id); err != nil {
				return err
			}
			if _, err := tx.Clients().ListByTeam(ctx, id); err != nil {
				return err
			}
			_, err := tx.CarePlans().ListByTeam(ctx, id)
			return err
		})
		require.NoError(b, err)
	}
}
