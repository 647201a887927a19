package repo

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/chain"
)

// Access keeps the access log.
func (s *Store) Access() storage.AccessLog { return accessLog{s} }

// Chains verifies, anchors and purges the chained logs.
func (s *Store) Chains() storage.Chains { return chains{s} }

type accessLog struct{ s *Store }

func (r accessLog) Append(ctx context.Context, es ...storage.AccessEntry) error {
	if len(es) == 0 {
		return nil
	}
	out := make([]storage.AccessEntry, len(es))
	for i, e := range es {
		if err := e.Validate(); err != nil {
			return wijk.InField(fmt.Sprintf("entries[%d]", i), err)
		}
		e.At = e.At.UTC().Truncate(time.Millisecond)
		e.Seq = 0
		out[i] = e
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if r.s.group == nil { // inside a transaction: part of it
		return r.s.e.AppendAccess(ctx, out)
	}
	if InTxOf(ctx, r.s) {
		return txMisuse{}
	}
	return r.s.group.append(ctx, out)
}

func (r accessLog) List(ctx context.Context, q storage.AccessQuery) ([]storage.AccessEntry, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return r.s.e.ListAccess(ctx, q)
}

// group commits the access entries of concurrent callers together: the
// first caller to find no commit running leads, and commits everything
// waiting when its commit begins; who arrives meanwhile waits for the
// next commit, led by the first of them. One commit (one flush to disk)
// then serves many reads.
type group struct {
	e       Engine
	mu      sync.Mutex
	running bool
	waiting []*groupReq
}

type groupReq struct {
	entries []storage.AccessEntry
	done    chan error // receives the outcome, or errLead
}

// errLead tells a waiting caller that it leads the next commit.
var errLead = errors.New("lead the next commit")

func (g *group) append(ctx context.Context, es []storage.AccessEntry) error {
	r := &groupReq{entries: es, done: make(chan error, 1)}
	g.mu.Lock()
	g.waiting = append(g.waiting, r)
	if g.running {
		g.mu.Unlock()
		if err := <-r.done; err != errLead {
			return err
		}
		g.mu.Lock()
	}
	g.running = true
	batch := g.waiting
	g.waiting = nil
	g.mu.Unlock()

	// Whatever happens to this commit (a panic included), the next one
	// gets a leader: the first caller waiting, or none needed.
	defer func() {
		g.mu.Lock()
		if len(g.waiting) > 0 {
			g.waiting[0].done <- errLead
		} else {
			g.running = false
		}
		g.mu.Unlock()
	}()
	var all []storage.AccessEntry
	for _, b := range batch {
		all = append(all, b.entries...)
	}
	// The commit serves every caller in the batch: one caller's ending
	// context must not fail the others.
	shared := context.WithoutCancel(ctx)
	err := errors.New("the access log's commit did not finish")
	defer func() {
		for _, b := range batch {
			if b != r {
				b.done <- err
			}
		}
	}()
	err = g.e.AppendAccess(shared, all) // one transaction, the engine's own
	return err
}

type chains struct{ s *Store }

func (c chains) Head(ctx context.Context, log storage.Log) (storage.Head, error) {
	if err := log.Validate(); err != nil {
		return storage.Head{}, err
	}
	seq, h, err := c.s.e.ChainHead(ctx, log)
	if err != nil {
		return storage.Head{}, err
	}
	return storage.Head{Log: log, Seq: seq, Hash: h}, nil
}

func (c chains) Checkpoints(ctx context.Context, log storage.Log) ([]storage.Checkpoint, error) {
	if err := log.Validate(); err != nil {
		return nil, err
	}
	return c.s.e.Checkpoints(ctx, log)
}

// page is how many entries a walk reads at a time.
const page = 2000

func broken(log storage.Log, seq int64, format string, args ...any) error {
	return &storage.ChainBreak{Log: log, Seq: seq, Problem: fmt.Sprintf(format, args...)}
}

// CheckpointBytes are the bytes a checkpoint's signature covers.
func CheckpointBytes(cp storage.Checkpoint) []byte {
	return chain.Checkpoint(string(cp.Log), cp.Seq, cp.Hash, FormatTime(cp.At), cp.Actor, cp.Removed)
}

func (c chains) Verify(ctx context.Context, log storage.Log, opts storage.VerifyOptions) (storage.Verified, error) {
	if err := log.Validate(); err != nil {
		return storage.Verified{}, err
	}
	return verify(ctx, c.s.e, log, opts)
}

// verify walks the log from its last checkpoint to its head.
func verify(ctx context.Context, e Engine, log storage.Log, opts storage.VerifyOptions) (storage.Verified, error) {
	out := storage.Verified{Log: log}
	cps, err := e.Checkpoints(ctx, log)
	if err != nil {
		return out, err
	}
	prev := chain.Genesis
	for i, cp := range cps {
		if len(cp.Key) != ed25519.PublicKeySize || !ed25519.Verify(cp.Key, CheckpointBytes(cp), cp.Signature) {
			return out, broken(log, cp.Seq, "checkpoint %d (the purge of %s) does not hold its signature", i+1, FormatTime(cp.At))
		}
		if len(opts.Keys) > 0 && !slices.ContainsFunc(opts.Keys, func(k ed25519.PublicKey) bool { return k.Equal(cp.Key) }) {
			return out, broken(log, cp.Seq, "checkpoint %d is signed by a key not among those trusted", i+1)
		}
		if i > 0 && cp.Seq <= cps[i-1].Seq {
			return out, broken(log, cp.Seq, "checkpoint %d does not come after the one before it", i+1)
		}
	}
	if n := len(cps); n > 0 {
		out.From, prev = cps[n-1].Seq, cps[n-1].Hash
	}
	anchors := map[int64][]byte{}
	for _, a := range opts.Anchors {
		if a.Log != log {
			continue
		}
		if a.Seq < out.From {
			continue // removed by a purge since it was anchored
		}
		if a.Seq == out.From && out.From > 0 && !bytes.Equal(a.Hash, prev) {
			return out, broken(log, a.Seq, "the last checkpoint differs from the anchored head")
		}
		anchors[a.Seq] = a.Hash
	}
	last := out.From
	for {
		links, err := e.Links(ctx, log, last, page)
		if err != nil {
			return out, err
		}
		for _, l := range links {
			if l.Seq != last+1 {
				return out, broken(log, last+1, "the entry is missing (the next entry stored is %d)", l.Seq)
			}
			h := chain.Next(prev, chain.Canon(string(log), l.Seq, l.Fields...))
			if !bytes.Equal(h, l.Hash) {
				return out, broken(log, l.Seq, "its hash does not match its contents and the entry before it")
			}
			if a, ok := anchors[l.Seq]; ok && !bytes.Equal(a, l.Hash) {
				return out, broken(log, l.Seq, "the entry differs from the anchored head")
			}
			prev, last = l.Hash, l.Seq
			out.Entries++
		}
		if len(links) < page {
			break
		}
	}
	seq, head, err := e.ChainHead(ctx, log)
	if err != nil {
		return out, err
	}
	switch {
	case seq > last:
		return out, broken(log, last+1, "the entry is missing (the log's head is at %d)", seq)
	case seq < last:
		return out, broken(log, seq+1, "the entry lies beyond the log's stored head (%d)", seq)
	case !bytes.Equal(head, prev):
		return out, broken(log, last, "the log's stored head does not match the entry")
	}
	for s := range anchors {
		if s > last {
			return out, broken(log, last+1, "the anchored head %d is beyond the log's end", s)
		}
	}
	out.Head = storage.Head{Log: log, Seq: last, Hash: prev}
	return out, nil
}

func (c chains) Purge(ctx context.Context, r storage.PurgeRequest) (storage.Checkpoint, error) {
	switch {
	case r.Log == storage.LogDecisions:
		return storage.Checkpoint{}, wijk.Invalid("log", "the decision log is kept whole; only the audit and access logs are purged")
	case r.Log.Validate() != nil:
		return storage.Checkpoint{}, r.Log.Validate()
	case len(r.Key) != ed25519.PrivateKeySize:
		return storage.Checkpoint{}, wijk.Invalid("key", "must be an Ed25519 private key: it signs the checkpoint")
	case r.Retention < 0:
		return storage.Checkpoint{}, wijk.Invalid("retention", "must not be negative")
	}
	if err := r.Change.Validate(); err != nil {
		return storage.Checkpoint{}, err
	}
	if r.Retention == 0 {
		r.Retention = storage.DefaultRetention
	}
	var out storage.Checkpoint
	err := c.s.e.InTx(ctx, func(e Engine) error {
		now := e.Now().UTC().Truncate(time.Millisecond)
		cutoff := FormatTime(now.Add(-r.Retention))
		// Never purge what is already broken: that would erase the evidence.
		v, err := verify(ctx, e, r.Log, storage.VerifyOptions{})
		if err != nil {
			return fmt.Errorf("refusing to purge: %w", err)
		}
		var cut *Link
		var n int64
		for last := v.From; ; {
			links, err := e.Links(ctx, r.Log, last, page)
			if err != nil {
				return err
			}
			i := 0
			for ; i < len(links) && links[i].Fields[0] < cutoff; i++ {
				cut = &links[i]
				n++
			}
			if i < len(links) || len(links) < page {
				break
			}
			last = links[len(links)-1].Seq
		}
		if cut == nil {
			return nil
		}
		cp := storage.Checkpoint{Log: r.Log, Seq: cut.Seq, Hash: cut.Hash, At: now, Actor: r.Change.Actor, Removed: n,
			Key: r.Key.Public().(ed25519.PublicKey)}
		cp.Signature = ed25519.Sign(r.Key, CheckpointBytes(cp))
		removed, err := e.Purge(ctx, cp)
		if err != nil {
			return err
		}
		if removed != n {
			return fmt.Errorf("purging the %s log: removed %d entries, expected %d", r.Log, removed, n)
		}
		summary := r.Change.Summary
		if summary == "" {
			summary = fmt.Sprintf("purged %d entries of the %s log up to %d, kept %s", n, r.Log, cp.Seq, r.Retention)
		}
		if err := e.AppendAudit(ctx, storage.AuditEntry{At: now, Actor: r.Change.Actor, Summary: summary,
			Entity: storage.EntityLog, EntityID: wijk.ID(r.Log), Action: storage.ActionPurge}); err != nil {
			return err
		}
		out = cp
		return nil
	})
	return out, err
}
