package repo

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
)

// aggregate is how one kind of aggregate is kept in its table. Reading,
// writing and listing work the same for every kind; what differs between
// them (the codec, the index columns, the set, what a write requires and
// checks) is in the fields.
type aggregate[T any] struct {
	t *Table
	// name is the field a missing (nil) aggregate is reported in.
	name string
	// id is the aggregate's ID: the entity of its audit line and, unless
	// key is set, its key.
	id func(T) wijk.ID
	// key, when set, is the record's key.
	key    func(T) string
	encode func(T) ([]byte, error)
	decode func([]byte) (T, error)
	// owned says the caller names the team the aggregate is kept for
	// (the owner given to cols, requires and check); put validates it.
	owned bool
	// validate, when set, checks the aggregate before anything else of
	// the write.
	validate func(T) error
	// cols, when set, are the index column values, in t.Columns order.
	cols func(owner wijk.ID, v T) []any
	// set, when set, is the set kept beside the record (see Table.Set).
	set func(T) []string
	// requires, when set, names the record that must exist for the write.
	requires func(owner wijk.ID, v T) *Ref
	// check, when set, runs in the write's transaction before the write:
	// it refuses a write that does not fit what is stored, and may pin
	// the version req (from requires) must still be at.
	check func(ctx context.Context, e Engine, owner wijk.ID, v T, req *Ref, update bool) error
}

// get reads the aggregate id and decodes it.
func (a *aggregate[T]) get(ctx context.Context, e Engine, id wijk.ID) (T, storage.Version, error) {
	var zero T
	if err := id.Validate("id"); err != nil {
		return zero, 0, err
	}
	d, err := e.Get(ctx, a.t, string(id))
	if err != nil {
		return zero, 0, err
	}
	v, err := a.decode(d.Data)
	if err != nil {
		return zero, 0, fmt.Errorf("%s %s: %w", a.t.Entity, id, err)
	}
	return v, storage.Version(d.Version), nil
}

// getVia reads the aggregate id as get does, and follows hops from it
// (see Engine.GetVia): it also returns the key each hop reached and the
// version of the last record reached.
func (a *aggregate[T]) getVia(ctx context.Context, e Engine, id wijk.ID, hops []Hop) (T, storage.Version, []string, int64, error) {
	var zero T
	if err := id.Validate("id"); err != nil {
		return zero, 0, nil, 0, err
	}
	d, keys, tv, err := e.GetVia(ctx, a.t, string(id), hops)
	if err != nil {
		return zero, 0, nil, 0, err
	}
	v, err := a.decode(d.Data)
	if err != nil {
		return zero, 0, nil, 0, fmt.Errorf("%s %s: %w", a.t.Entity, id, err)
	}
	return v, storage.Version(d.Version), keys, tv, nil
}

// find reads and decodes the records q selects.
func (a *aggregate[T]) find(ctx context.Context, e Engine, q Query) ([]T, error) {
	docs, err := e.Find(ctx, a.t, q)
	if err != nil {
		return nil, err
	}
	return decodeAll(a.t, docs, a.decode)
}

// findBy reads the records whose index column col is id, which is
// validated as field, and which pass q's further filters, in q's order.
func (a *aggregate[T]) findBy(ctx context.Context, e Engine, field string, id wijk.ID, col string, q Query) ([]T, error) {
	if err := id.Validate(field); err != nil {
		return nil, err
	}
	q.Filters = append([]Filter{{Col: col, Op: Eq, Val: string(id)}}, q.Filters...)
	return a.find(ctx, e, q)
}

// holding lists the keys of the records whose set holds person.
func (a *aggregate[T]) holding(ctx context.Context, e Engine, person wijk.ID) ([]wijk.ID, error) {
	if err := person.Validate("person"); err != nil {
		return nil, err
	}
	return keys(e.Find(ctx, a.t, Query{Filters: []Filter{{Col: a.t.Set, Op: Has, Val: string(person)}}}))
}

// put creates v (expected 0, update false) or updates it from version
// expected, with its audit line, and returns the new version.
func (a *aggregate[T]) put(ctx context.Context, e Engine, owner wijk.ID, v T, expected storage.Version, ch storage.Change, update bool) (storage.Version, error) {
	if isNil(v) {
		return 0, wijk.Invalid(a.name, "is required")
	}
	if a.owned {
		if err := owner.Validate("team"); err != nil {
			return 0, err
		}
	}
	if a.validate != nil {
		if err := a.validate(v); err != nil {
			return 0, err
		}
	}
	if err := checkWrite(ch, expected, update); err != nil {
		return 0, err
	}
	data, err := a.encode(v)
	if err != nil {
		return 0, err
	}
	id := a.id(v)
	w := WriteOp{Table: a.t, Key: string(id), Expected: int64(expected), Data: data}
	if a.key != nil {
		w.Key = a.key(v)
	}
	if a.cols != nil {
		w.Cols = a.cols(owner, v)
	}
	if a.set != nil {
		w.Set = a.set(v)
	}
	if a.requires != nil {
		w.Requires = a.requires(owner, v)
	}
	if a.check == nil {
		return write(ctx, e, w, id, ch, action(update))
	}
	var out storage.Version
	err = e.InTx(ctx, func(e Engine) error {
		if err := a.check(ctx, e, owner, v, w.Requires, update); err != nil {
			return err
		}
		var err error
		out, err = write(ctx, e, w, id, ch, action(update))
		return err
	})
	return out, err
}

// isNil reports whether v is a nil pointer.
func isNil[T any](v T) bool {
	rv := reflect.ValueOf(&v).Elem()
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// repository is the repository of an aggregate kept by its own ID: the
// methods every such repository has. A repository that differs embeds it
// and adds or replaces methods.
type repository[T any] struct {
	s *Store
	a *aggregate[T]
}

func (r repository[T]) Get(ctx context.Context, id wijk.ID) (T, storage.Version, error) {
	return r.a.get(ctx, r.s.e, id)
}

func (r repository[T]) Create(ctx context.Context, v T, ch storage.Change) (storage.Version, error) {
	return r.a.put(ctx, r.s.e, "", v, 0, ch, false)
}

func (r repository[T]) Update(ctx context.Context, v T, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return r.a.put(ctx, r.s.e, "", v, expected, ch, true)
}

// List returns every record of the table, sorted by key.
func (r repository[T]) List(ctx context.Context) ([]T, error) {
	return r.a.find(ctx, r.s.e, Query{})
}

// write stores w and appends its audit line for ch, atomically, and
// returns the new version. auditID is the entity of the audit line.
func write(ctx context.Context, e Engine, w WriteOp, auditID wijk.ID, ch storage.Change, act storage.Action) (storage.Version, error) {
	var client wijk.ID
	switch t := w.Table; {
	case t.Client == "id":
		client = wijk.ID(w.Key)
	case t.Client != "":
		client = wijk.ID(w.Cols[slices.Index(t.Columns, t.Client)].(string))
	}
	w.Audit = storage.AuditEntry{
		At: e.Now().UTC().Truncate(time.Millisecond), Actor: ch.Actor, Summary: ch.Summary,
		Entity: w.Table.Entity, EntityID: auditID, Client: client, Action: act,
	}
	v, err := e.Write(ctx, w)
	if err != nil {
		return 0, err
	}
	return storage.Version(v), nil
}

// checkWrite validates what every write needs: a change, and for an
// update a version to base it on.
func checkWrite(ch storage.Change, expected storage.Version, update bool) error {
	if err := ch.Validate(); err != nil {
		return err
	}
	if update && expected < 1 {
		return wijk.Invalid("expected", "must be the version the aggregate was read at (1 or more), got %d", expected)
	}
	return nil
}

func action(update bool) storage.Action {
	if update {
		return storage.ActionUpdate
	}
	return storage.ActionCreate
}

// keys returns the keys of docs as IDs, in order.
func keys(docs []Doc, err error) ([]wijk.ID, error) {
	if err != nil {
		return nil, err
	}
	out := make([]wijk.ID, len(docs))
	for i, d := range docs {
		out[i] = wijk.ID(d.Key)
	}
	return out, nil
}

// parallelFrom is the number of records from which decoding is shared
// among the processors: a team's caseload is read in one go, and decoding
// (JSON, then the domain's checks) is most of the cost of reading it.
const parallelFrom = 16

// decodeAll decodes docs in order; the first error (in order) wins.
func decodeAll[T any](t *Table, docs []Doc, decode func([]byte) (T, error)) ([]T, error) {
	out := make([]T, len(docs))
	errs := make([]error, len(docs))
	one := func(i int) {
		v, err := decode(docs[i].Data)
		if err != nil {
			errs[i] = fmt.Errorf("%s %s: %w", t.Entity, docs[i].Key, err)
			return
		}
		out[i] = v
	}
	workers := min(runtime.GOMAXPROCS(0), len(docs)/parallelFrom*2)
	if workers < 2 {
		for i := range docs {
			one(i)
			if errs[i] != nil {
				return nil, errs[i]
			}
		}
		return out, nil
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(docs); i += workers {
				one(i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
