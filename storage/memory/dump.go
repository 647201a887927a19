package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// CopyHandle gives package storage/storecopy the store's rows as stored,
// to copy them to or from another backend. Its value is of no use
// elsewhere.
func (s *Store) CopyHandle() repo.Handle { return repo.NewHandle(repo.EngineOf(s.repos)) }

var _ repo.Dumper = (*engine)(nil)

// Snapshot runs fn holding the store's lock: nothing changes meanwhile.
func (e *engine) Snapshot(ctx context.Context, fn func(d repo.Dumper) error) error {
	return e.InTx(ctx, func(tx repo.Engine) error { return fn(tx.(*engine)) })
}

// Rows calls fn with every row of t, in byte order of the keys.
func (e *engine) Rows(ctx context.Context, t *repo.Table, fn func(repo.Row) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer e.rlock()()
	tab := e.db.tables[t.Name]
	keys := make([]string, 0, len(tab))
	for k := range tab {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var chained map[string]repo.Link
	if t.Chained != "" {
		chained = map[string]repo.Link{}
		for _, l := range e.db.decisions {
			chained[l.Fields[0]] = l
		}
	}
	for _, k := range keys {
		r := tab[k]
		out := repo.Row{Key: k, Version: r.version, Data: r.data, Cols: slices.Clone(r.cols)}
		if len(r.set) > 0 {
			out.Set = slices.Compact(slices.Sorted(slices.Values(r.set)))
		}
		if l, ok := chained[k]; ok {
			out.ChainSeq, out.Hash = l.Seq, l.Hash
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return nil
}

// LoadRows stores rows in t as given; the caller is in a transaction.
func (e *engine) LoadRows(ctx context.Context, t *repo.Table, rows []repo.Row) error {
	return e.write(ctx, func(tx *engine) error {
		tab := tx.db.tables[t.Name]
		if tab == nil {
			tab = map[string]*row{}
			tx.db.tables[t.Name] = tab
		}
		for _, r := range rows {
			if len(r.Cols) != len(t.Columns) {
				return fmt.Errorf("%s %s: %d index values for %d columns", t.Name, r.Key, len(r.Cols), len(t.Columns))
			}
			if _, ok := tab[r.Key]; ok {
				return wijk.Conflictf("%s %s already exists", t.Entity, r.Key)
			}
			tab[r.Key] = &row{version: r.Version, data: r.Data, cols: slices.Clone(r.Cols), set: slices.Clone(r.Set)}
			if t.Chained != "" {
				tx.db.decisions = append(tx.db.decisions, repo.Link{Seq: r.ChainSeq, Fields: repo.RecordFields(r.Key, r.Data), Hash: r.Hash})
			}
		}
		if t.Chained != "" {
			slices.SortFunc(tx.db.decisions, func(a, b repo.Link) int { return cmp.Compare(a.Seq, b.Seq) })
		}
		tx.tx.undo = append(tx.tx.undo, func() {
			for _, r := range rows {
				delete(tab, r.Key)
			}
			if t.Chained != "" {
				tx.db.decisions = slices.DeleteFunc(tx.db.decisions, func(l repo.Link) bool {
					return slices.ContainsFunc(rows, func(r repo.Row) bool { return r.Key == l.Fields[0] })
				})
			}
		})
		return nil
	})
}

// LoadLinks stores entries of the audit or access log as given. An entry
// whose time is not in the stored form cannot be kept in memory exactly
// as it is, and is refused.
func (e *engine) LoadLinks(ctx context.Context, log storage.Log, links []repo.Link) error {
	return e.write(ctx, func(tx *engine) error {
		switch log {
		case storage.LogAudit:
			n := len(tx.db.audit)
			for _, l := range links {
				f := l.Fields
				if len(f) != 7 {
					return fmt.Errorf("audit entry %d has %d fields, not 7", l.Seq, len(f))
				}
				at, err := parseTime(f[0])
				if err != nil {
					return fmt.Errorf("audit entry %d: %w", l.Seq, err)
				}
				a := storage.AuditEntry{Seq: l.Seq, At: at, Actor: f[1], Entity: f[2], EntityID: wijk.ID(f[3]), Client: wijk.ID(f[4]),
					Action: storage.Action(f[5]), Summary: f[6]}
				if !slices.Equal(repo.AuditFields(a, repo.FormatTime(a.At)), f) {
					return fmt.Errorf("audit entry %d cannot be kept in memory exactly as stored", l.Seq)
				}
				tx.db.audit = append(tx.db.audit, chained[storage.AuditEntry]{a, l.Seq, l.Hash})
			}
			tx.tx.undo = append(tx.tx.undo, func() { tx.db.audit = tx.db.audit[:n] })
		case storage.LogAccess:
			n := len(tx.db.access)
			for _, l := range links {
				f := l.Fields
				if len(f) != 12 {
					return fmt.Errorf("access entry %d has %d fields, not 12", l.Seq, len(f))
				}
				at, err := parseTime(f[0])
				if err != nil {
					return fmt.Errorf("access entry %d: %w", l.Seq, err)
				}
				a := storage.AccessEntry{Seq: l.Seq, At: at, Person: f[1], Role: storage.AccessRole(f[2]), Client: wijk.ID(f[3]),
					Entity: f[4], EntityID: wijk.ID(f[5]), Action: storage.AccessAction(f[6]), Purpose: f[7], Reason: f[8],
					Outcome: storage.Outcome(f[9]), Rule: f[10], Application: f[11]}
				if !slices.Equal(repo.AccessFields(a, repo.FormatTime(a.At)), f) {
					return fmt.Errorf("access entry %d cannot be kept in memory exactly as stored", l.Seq)
				}
				tx.db.access = append(tx.db.access, chained[storage.AccessEntry]{a, l.Seq, l.Hash})
			}
			tx.tx.undo = append(tx.tx.undo, func() { tx.db.access = tx.db.access[:n] })
		default:
			return fmt.Errorf("the %s log's entries are not loaded on their own", log)
		}
		return nil
	})
}

// LoadHead sets a log's head and stores its checkpoints as given.
func (e *engine) LoadHead(ctx context.Context, log storage.Log, seq int64, hash []byte, cps []storage.Checkpoint) error {
	return e.write(ctx, func(tx *engine) error {
		oldHead, hadHead := tx.db.heads[log]
		oldCps := tx.db.checkpoints[log]
		tx.db.heads[log] = head{seq, slices.Clone(hash)}
		tx.db.checkpoints[log] = append(slices.Clone(oldCps), cps...)
		tx.tx.undo = append(tx.tx.undo, func() {
			if hadHead {
				tx.db.heads[log] = oldHead
			} else {
				delete(tx.db.heads, log)
			}
			tx.db.checkpoints[log] = oldCps
		})
		return nil
	})
}

// parseTime reads a time as repo.FormatTime writes it.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(repo.TimeFormat, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q is not in the form %s", s, repo.TimeFormat)
	}
	return t.UTC(), nil
}
