package repo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/google/go-cmp/cmp"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
)

// Row is one row of an aggregate table exactly as stored: its key,
// version and record bytes, its index column values (strings or int64s,
// in Table.Columns order), its set (sorted, no duplicates; nil for a
// table that keeps none), and for a chained table its number in the
// chain and its hash.
type Row struct {
	Key      string
	Version  int64
	Data     []byte
	Cols     []any
	Set      []string
	ChainSeq int64
	Hash     []byte
}

// Dumper is what a backend provides to copy a whole store: every stored
// row, entry, head and checkpoint read as it is, and written as given into
// an empty store. Nothing is recomputed on the way: the copy keeps the
// source's numbers and hashes, so its chains verify exactly as the
// source's did.
type Dumper interface {
	Engine
	// Snapshot runs fn with a Dumper whose reads all see the store as of
	// one moment. fn must not write through it.
	Snapshot(ctx context.Context, fn func(d Dumper) error) error
	// Rows calls fn with every row of t, in byte order of the keys.
	Rows(ctx context.Context, t *Table, fn func(Row) error) error
	// LoadRows stores rows in t as given, in the current transaction.
	LoadRows(ctx context.Context, t *Table, rows []Row) error
	// LoadLinks stores entries of the audit or access log as given (their
	// numbers, fields and hashes), in the current transaction. The
	// decision log's entries come with the rows of its table.
	LoadLinks(ctx context.Context, log storage.Log, links []Link) error
	// LoadHead sets a log's head and stores its checkpoints as given, in
	// the current transaction.
	LoadHead(ctx context.Context, log storage.Log, seq int64, hash []byte, cps []storage.Checkpoint) error
}

// Handle gives package storecopy a store's engine. Its zero value is no
// store's.
type Handle struct{ d Dumper }

// NewHandle returns the Handle of e, which must also be a Dumper.
func NewHandle(e Engine) Handle {
	d, _ := e.(Dumper)
	return Handle{d}
}

// EngineOf returns the engine under a root Store, without the guard that
// refuses calls from inside its own transactions.
func EngineOf(s *Store) Engine {
	if g, ok := s.e.(guarded); ok {
		return g.Engine
	}
	return s.e
}

// ErrNotEmpty is matched by the error of a copy into a store that already
// holds something; the error also matches wijk.ErrConflict.
var ErrNotEmpty = errors.New("the destination store is not empty")

type notEmpty struct{ what string }

func (e notEmpty) Error() string { return ErrNotEmpty.Error() + ": " + e.what }

func (e notEmpty) Is(target error) bool { return target == ErrNotEmpty || target == wijk.ErrConflict }

// CopyReport counts what a copy moved.
type CopyReport struct {
	// Rows counts the rows per aggregate table, and Sets the entries of
	// the tables' sets, per set table.
	Rows, Sets map[string]int64
	// Logs reports each chained log as the copy verified it.
	Logs map[storage.Log]LogReport
}

// LogReport is one chained log of a copy.
type LogReport struct {
	// Entries counts the entries kept (after the last checkpoint).
	Entries int64
	// Checkpoints counts the checkpoints of past purges.
	Checkpoints int
	// Head is the log's head, the same in both stores.
	Head storage.Head
}

// loadBatch is how many rows one load call takes.
const loadBatch = 200

// Copy moves everything src keeps into dst, which must be migrated and
// empty: it reads src as of one moment, verifies its chains (a broken one
// is refused: it matches storage.ErrTampered, and nothing is written),
// writes every row, entry, head and checkpoint as stored, in one
// transaction of dst, and compares dst with src record for record and
// verifies dst's chains before that transaction commits: on any error dst
// is left empty.
func Copy(ctx context.Context, dst, src Handle) (CopyReport, error) {
	if src.d == nil || dst.d == nil {
		return CopyReport{}, errors.New("storecopy: the store is not one of wijk's backends")
	}
	if src.d == dst.d {
		return CopyReport{}, notEmpty{"it is the source"}
	}
	var rep CopyReport
	err := src.d.Snapshot(ctx, func(s Dumper) error {
		for _, log := range storage.Logs() {
			if _, err := verify(ctx, s, log, storage.VerifyOptions{}); err != nil {
				return fmt.Errorf("the source: %w", err)
			}
		}
		return dst.d.InTx(ctx, func(e Engine) error {
			d, ok := e.(Dumper)
			if !ok {
				return errors.New("storecopy: the destination's transaction cannot load rows")
			}
			if err := checkEmpty(ctx, d); err != nil {
				return err
			}
			if err := load(ctx, d, s); err != nil {
				return err
			}
			// Compared before the commit: a copy that differs is rolled
			// back, and the destination stays empty.
			r, err := compare(ctx, s, d)
			if err != nil {
				return fmt.Errorf("the copy differs from the source: %w", err)
			}
			rep = r
			return nil
		})
	})
	return rep, err
}

// Compare reads a and b each as of one moment and reports the first
// difference between them: a row, a set, a log entry, a head or a
// checkpoint. It verifies both stores' chains, and reports what it
// compared.
func Compare(ctx context.Context, a, b Handle) (CopyReport, error) {
	if a.d == nil || b.d == nil {
		return CopyReport{}, errors.New("storecopy: the store is not one of wijk's backends")
	}
	if a.d == b.d {
		return CopyReport{}, errors.New("storecopy: a store is compared with itself")
	}
	var rep CopyReport
	err := a.d.Snapshot(ctx, func(da Dumper) error {
		return b.d.Snapshot(ctx, func(db Dumper) error {
			var err error
			rep, err = compare(ctx, da, db)
			return err
		})
	})
	return rep, err
}

// checkEmpty refuses a store that holds any row, log entry or checkpoint.
func checkEmpty(ctx context.Context, d Dumper) error {
	for _, t := range Tables() {
		docs, err := d.Find(ctx, t, Query{Limit: 1})
		if err != nil {
			return err
		}
		if len(docs) > 0 {
			return notEmpty{"its " + t.Name + " table holds rows"}
		}
	}
	for _, log := range storage.Logs() {
		seq, _, err := d.ChainHead(ctx, log)
		if err != nil {
			return err
		}
		links, err := d.Links(ctx, log, 0, 1)
		if err != nil {
			return err
		}
		cps, err := d.Checkpoints(ctx, log)
		if err != nil {
			return err
		}
		if seq != 0 || len(links) > 0 || len(cps) > 0 {
			return notEmpty{"its " + string(log) + " log has entries"}
		}
	}
	return nil
}

// load writes everything s holds through d.
func load(ctx context.Context, d, s Dumper) error {
	for _, t := range Tables() {
		var batch []Row
		if err := s.Rows(ctx, t, func(r Row) error {
			batch = append(batch, r)
			if len(batch) < loadBatch {
				return nil
			}
			err := d.LoadRows(ctx, t, batch)
			batch = nil
			return err
		}); err != nil {
			return fmt.Errorf("copying %s: %w", t.Name, err)
		}
		if len(batch) > 0 {
			if err := d.LoadRows(ctx, t, batch); err != nil {
				return fmt.Errorf("copying %s: %w", t.Name, err)
			}
		}
	}
	for _, log := range storage.Logs() {
		if log != storage.LogDecisions {
			for after := int64(0); ; {
				links, err := s.Links(ctx, log, after, page)
				if err != nil {
					return err
				}
				if len(links) > 0 {
					if err := d.LoadLinks(ctx, log, links); err != nil {
						return fmt.Errorf("copying the %s log: %w", log, err)
					}
					after = links[len(links)-1].Seq
				}
				if len(links) < page {
					break
				}
			}
		}
		seq, h, err := s.ChainHead(ctx, log)
		if err != nil {
			return err
		}
		cps, err := s.Checkpoints(ctx, log)
		if err != nil {
			return err
		}
		if err := d.LoadHead(ctx, log, seq, h, cps); err != nil {
			return fmt.Errorf("copying the %s log's head: %w", log, err)
		}
	}
	return nil
}

// rows iterates over the rows of t.
func rows(ctx context.Context, d Dumper, t *Table) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		stop := errors.New("stop")
		err := d.Rows(ctx, t, func(r Row) error {
			if !yield(r, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != stop {
			yield(Row{}, err)
		}
	}
}

// links iterates over the entries of log.
func links(ctx context.Context, d Dumper, log storage.Log) iter.Seq2[Link, error] {
	return func(yield func(Link, error) bool) {
		for after := int64(0); ; {
			ls, err := d.Links(ctx, log, after, page)
			if err != nil {
				yield(Link{}, err)
				return
			}
			for _, l := range ls {
				if !yield(l, nil) {
					return
				}
			}
			if len(ls) < page {
				return
			}
			after = ls[len(ls)-1].Seq
		}
	}
}

// zip walks two sequences side by side and calls same for each pair; a
// sequence that ends first is a difference.
func zip[T any](a, b iter.Seq2[T, error], what string, same func(x, y T) error) (int64, error) {
	nextB, stopB := iter.Pull2(b)
	defer stopB()
	var n int64
	for x, err := range a {
		if err != nil {
			return n, err
		}
		y, errB, ok := nextB()
		if errB != nil {
			return n, errB
		}
		if !ok {
			return n, fmt.Errorf("%s: the second store ends after %d, the first goes on", what, n)
		}
		if err := same(x, y); err != nil {
			return n, fmt.Errorf("%s: %w", what, err)
		}
		n++
	}
	if _, errB, ok := nextB(); errB != nil {
		return n, errB
	} else if ok {
		return n, fmt.Errorf("%s: the first store ends after %d, the second goes on", what, n)
	}
	return n, nil
}

// compare reports the first difference between a and b, and verifies
// both stores' chains.
func compare(ctx context.Context, a, b Dumper) (CopyReport, error) {
	rep := CopyReport{Rows: map[string]int64{}, Sets: map[string]int64{}, Logs: map[storage.Log]LogReport{}}
	for _, t := range Tables() {
		var sets int64
		n, err := zip(rows(ctx, a, t), rows(ctx, b, t), t.Name, func(x, y Row) error {
			sets += int64(len(x.Set))
			if d := cmp.Diff(x, y); d != "" {
				return fmt.Errorf("row %s differs (-first +second):\n%s", x.Key, d)
			}
			return nil
		})
		if err != nil {
			return rep, err
		}
		rep.Rows[t.Name] = n
		if t.Set != "" {
			rep.Sets[t.SetTable()] = sets
		}
	}
	for _, log := range storage.Logs() {
		lr := LogReport{}
		if log != storage.LogDecisions {
			n, err := zip(links(ctx, a, log), links(ctx, b, log), "the "+string(log)+" log", func(x, y Link) error {
				if x.Seq != y.Seq || !slices.Equal(x.Fields, y.Fields) || !bytes.Equal(x.Hash, y.Hash) {
					return fmt.Errorf("entry %d differs from entry %d", x.Seq, y.Seq)
				}
				return nil
			})
			if err != nil {
				return rep, err
			}
			lr.Entries = n
		}
		seqA, hA, err := a.ChainHead(ctx, log)
		if err != nil {
			return rep, err
		}
		seqB, hB, err := b.ChainHead(ctx, log)
		if err != nil {
			return rep, err
		}
		if seqA != seqB || !bytes.Equal(hA, hB) {
			return rep, fmt.Errorf("the %s log's heads differ: %d and %d", log, seqA, seqB)
		}
		cpA, err := a.Checkpoints(ctx, log)
		if err != nil {
			return rep, err
		}
		cpB, err := b.Checkpoints(ctx, log)
		if err != nil {
			return rep, err
		}
		if d := cmp.Diff(cpA, cpB); d != "" {
			return rep, fmt.Errorf("the %s log's checkpoints differ (-first +second):\n%s", log, d)
		}
		for i, d := range []Dumper{a, b} {
			v, err := verify(ctx, d, log, storage.VerifyOptions{})
			if err != nil {
				return rep, fmt.Errorf("store %d: %w", i+1, err)
			}
			if log == storage.LogDecisions {
				lr.Entries = v.Entries
			}
			lr.Head = v.Head
		}
		lr.Checkpoints = len(cpA)
		rep.Logs[log] = lr
	}
	return rep, nil
}
