package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
)

// FuzzAccessEntry: an entry made of any texts is either refused with
// ErrInvalid naming an access field, or stored and read back unchanged,
// with the log still whole. Nothing panics.
func FuzzAccessEntry(f *testing.F) {
	f.Add("anouk", "member", "C1", "client", "read", "care", "", "allowed", "dossier-team", "app", int64(1700000000000))
	f.Add("zoe", "member", "C1", "care plan", "emergency", "emergency", "found unwell", "allowed", "emergency", "tablet 7", int64(0))
	f.Add("x\ny", "boss", "", "", "peek", "", "", "maybe", "", "\xff", int64(-1))
	f.Fuzz(func(t *testing.T, person, role, client, entity, action, purpose, reason, outcome, rule, app string, ms int64) {
		e := storage.AccessEntry{At: time.UnixMilli(ms).UTC(), Person: person, Role: storage.AccessRole(role),
			Client: wijk.ID(client), Entity: entity, EntityID: wijk.ID(client), Action: storage.AccessAction(action),
			Purpose: purpose, Reason: reason, Outcome: storage.Outcome(outcome), Rule: rule, Application: app}
		s := memory.New(memory.Options{})
		ctx := context.Background()
		err := s.Access().Append(ctx, e)
		if err != nil {
			require.True(t, errors.Is(err, wijk.ErrInvalid), "only ErrInvalid: %v", err)
			require.Contains(t, err.Error(), "access.")
			got, lerr := s.Access().List(ctx, storage.AccessQuery{})
			require.NoError(t, lerr)
			require.Empty(t, got, "a refused entry is not stored")
			return
		}
		got, err := s.Access().List(ctx, storage.AccessQuery{})
		require.NoError(t, err)
		require.Len(t, got, 1)
		e.Seq = 1
		e.At = e.At.Truncate(time.Millisecond)
		require.Equal(t, e, got[0])
		_, err = s.Chains().Verify(ctx, storage.LogAccess, storage.VerifyOptions{})
		require.NoError(t, err)
	})
}

// FuzzParseHead: a head written down elsewhere is read back exactly, and
// any other text is refused with ErrInvalid, never a panic.
func FuzzParseHead(f *testing.F) {
	f.Add("wijk:audit:42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
	f.Add("wijk:access:0:")
	f.Add("wijk:decisions:-1:00")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := storage.ParseHead(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		back, err := storage.ParseHead(h.String())
		require.NoError(t, err)
		require.Equal(t, h, back)
	})
}
