package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/team"
)

// Repository is the shape that [Modify] works on: a repository that reads
// an aggregate with its version and updates it over that version. [Teams],
// [Coaches], [Staff], [CarePlans], [Proposals] and [Meetings] have it as
// they are (A is *team.Team, *careplan.CarePlan, …); for clients, whose
// Update also names a team, [ClientsInPlace] gives it.
type Repository[A any] interface {
	// Get returns the aggregate and its version, or an error matching
	// wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (A, Version, error)
	// Update stores a over version expected and returns the new version,
	// or fails with an error matching wijk.ErrConflict when the stored
	// version is another.
	Update(ctx context.Context, a A, expected Version, ch Change) (Version, error)
}

// The repositories that have the shape of a Repository as they are.
var (
	_ Repository[*team.Team]          = Teams(nil)
	_ Repository[*team.Coach]         = Coaches(nil)
	_ Repository[*team.Staff]         = Staff(nil)
	_ Repository[*careplan.CarePlan]  = CarePlans(nil)
	_ Repository[*consensus.Proposal] = Proposals(nil)
	_ Repository[*consensus.Meeting]  = Meetings(nil)
)

// ModifyAttempts is how many times [Modify] reads, changes and writes an
// aggregate before it gives up on conflicting writers.
const ModifyAttempts = 5

// modifyBackoff is the wait before each attempt after the first: doubling,
// the same every time (no randomness), 150 ms in all.
var modifyBackoff = [ModifyAttempts - 1]time.Duration{
	10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond,
}

// Modify applies fn to the aggregate id of repo and stores the result,
// retrying when another writer got in between. Each attempt reads the
// aggregate afresh, runs fn on it and updates it over the version it read
// (with change ch); a conflict (wijk.ErrConflict) means someone else wrote
// first, so Modify waits and tries again, fn running on what they stored.
// It returns the aggregate as stored and its new version.
//
// It makes at most [ModifyAttempts] attempts, waiting 10, 20, 40 and 80 ms
// before the second to the fifth: fn may therefore run more than once, and
// must do nothing but change the aggregate it is given. It stops at once,
// returning the error unchanged, when fn fails or the read or the update
// fails with anything but a conflict. When every attempt met a conflict,
// the error says how many were made and matches wijk.ErrConflict; when ctx
// ends while it waits, the error matches ctx's.
//
// Modify is for writes that may simply be redone on newer data, such as
// adding a role or correcting a name. A decision taken on what a person
// saw (a consent, a referral) must not be replayed on a version they did
// not see: for those, report the conflict.
//
// Call it on a Store, not on the tx Store inside [Store.InTx]: a
// transaction that met a conflict cannot cure it by reading again within
// itself (on SQLite it already holds the write lock, so nobody else can
// have written, and on PostgreSQL it would wait holding its locks). To
// retry a transaction, call InTx again.
func Modify[A any](ctx context.Context, repo Repository[A], id wijk.ID, fn func(A) error, ch Change) (A, Version, error) {
	var zero A
	if repo == nil {
		return zero, 0, wijk.Invalid("repo", "is required")
	}
	if fn == nil {
		return zero, 0, wijk.Invalid("fn", "is required")
	}
	var conflict error
	for attempt := range ModifyAttempts {
		if attempt > 0 {
			if err := wait(ctx, modifyBackoff[attempt-1]); err != nil {
				return zero, 0, fmt.Errorf("storage: modifying %s: stopped after %s (the last: %v): %w", id, attempts(attempt), conflict, err)
			}
		}
		a, v, err := repo.Get(ctx, id)
		if err != nil {
			return zero, 0, err
		}
		if err := fn(a); err != nil {
			return zero, 0, err
		}
		nv, err := repo.Update(ctx, a, v, ch)
		if err == nil {
			return a, nv, nil
		}
		if !errors.Is(err, wijk.ErrConflict) {
			return zero, 0, err
		}
		conflict = err
	}
	return zero, 0, fmt.Errorf("storage: modifying %s: gave up after %s, each overtaken by another write: %w", id, attempts(ModifyAttempts), conflict)
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// wait sleeps for d or until ctx ends, and then returns ctx's error.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// ClientsInPlace returns c as a [Repository] of clients for [Modify]: its
// Update keeps each client in the care of the team it is in (read just
// before the write; a client moved in between has a newer version, so the
// write is a conflict and Modify reads it again). To move a client to
// another team, call [Clients.Update] itself.
func ClientsInPlace(c Clients) Repository[*careplan.Client] { return clientsInPlace{c} }

type clientsInPlace struct{ c Clients }

func (r clientsInPlace) Get(ctx context.Context, id wijk.ID) (*careplan.Client, Version, error) {
	return r.c.Get(ctx, id)
}

func (r clientsInPlace) Update(ctx context.Context, c *careplan.Client, expected Version, ch Change) (Version, error) {
	teamID, err := r.c.TeamOf(ctx, c.ID())
	if err != nil {
		return 0, err
	}
	return r.c.Update(ctx, teamID, c, expected, ch)
}
