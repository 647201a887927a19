package storage

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
)

// Log names one of the hash-chained logs.
type Log string

// The chained logs.
const (
	// LogAudit is the audit log: one entry per write.
	LogAudit Log = "audit"
	// LogAccess is the access log: one entry per access to a client's
	// record.
	LogAccess Log = "access"
	// LogDecisions holds every team's decision log, chained in the order
	// the decisions were appended.
	LogDecisions Log = "decisions"
)

// Logs lists the chained logs.
func Logs() []Log { return []Log{LogAudit, LogAccess, LogDecisions} }

// Validate checks that l names a chained log.
func (l Log) Validate() error {
	switch l {
	case LogAudit, LogAccess, LogDecisions:
		return nil
	}
	return wijk.Invalid("log", "must be audit, access or decisions, got %q", l)
}

// ErrTampered is matched by the error of a verification that found a log
// changed behind wijk's back: an entry edited, removed, inserted or moved,
// or a checkpoint that does not hold. The error is a *ChainBreak naming
// the first broken entry.
var ErrTampered = errors.New("log was tampered with")

// ChainBreak is the first place where a log's chain does not hold.
type ChainBreak struct {
	// Log is the log.
	Log Log
	// Seq is the first entry that is broken or missing.
	Seq int64
	// Problem says what is wrong there.
	Problem string
}

func (b *ChainBreak) Error() string {
	return fmt.Sprintf("the %s log is broken at entry %d: %s", b.Log, b.Seq, b.Problem)
}

// Is makes a ChainBreak match ErrTampered.
func (b *ChainBreak) Is(target error) bool { return target == ErrTampered }

// Head is the last entry of a log: its sequence number and hash. Every
// entry's hash covers every entry before it, so a head written down
// elsewhere (printed, sent to another system) proves later that the log up
// to it has not been rewritten since: give it to [Chains.Verify].
type Head struct {
	Log  Log
	Seq  int64
	Hash []byte
}

// String renders the head on one line, e.g.
// "wijk:audit:42:9f86d0…", as ParseHead reads it.
func (h Head) String() string {
	return "wijk:" + string(h.Log) + ":" + strconv.FormatInt(h.Seq, 10) + ":" + hex.EncodeToString(h.Hash)
}

// ParseHead reads a head written by Head.String.
func ParseHead(s string) (Head, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) != 4 || parts[0] != "wijk" {
		return Head{}, wijk.Invalid("head", "must look like wijk:LOG:SEQ:HASH, got %q", s)
	}
	h := Head{Log: Log(parts[1])}
	if err := h.Log.Validate(); err != nil {
		return Head{}, err
	}
	seq, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || seq < 0 {
		return Head{}, wijk.Invalid("head.seq", "must be a whole number of 0 or more, got %q", parts[2])
	}
	h.Seq = seq
	if h.Hash, err = hex.DecodeString(parts[3]); err != nil || len(h.Hash) != 32 {
		return Head{}, wijk.Invalid("head.hash", "must be 64 hexadecimal digits")
	}
	return h, nil
}

// Checkpoint stands in for the entries a purge removed: the sequence
// number and hash of the last one, signed. The entries after it chain on
// from its hash, so the log stays verifiable from the checkpoint.
type Checkpoint struct {
	// Log is the purged log.
	Log Log
	// Seq and Hash are those of the last entry removed.
	Seq  int64
	Hash []byte
	// At is when the purge was made, and Actor who made it.
	At    time.Time
	Actor string
	// Removed counts the entries this purge removed.
	Removed int64
	// Key is the public key that signed the checkpoint, and Signature the
	// signature (Ed25519) over its other fields.
	Key       ed25519.PublicKey
	Signature []byte
}

// DefaultRetention is how long a purge keeps entries when none is
// configured: five years, as the NEN 7513 guidance for access logs asks.
const DefaultRetention = 5 * 365 * 24 * time.Hour

// PurgeRequest asks to remove a log's entries older than the retention.
type PurgeRequest struct {
	// Log is the log to purge: LogAudit or LogAccess (the decision log
	// is kept whole).
	Log Log
	// Retention is how long entries are kept; 0 means DefaultRetention.
	// Entries made before now minus Retention are removed, from the first
	// up to the first entry that is younger.
	Retention time.Duration
	// Key signs the checkpoint. Required.
	Key ed25519.PrivateKey
	// Change names who purges and why; the purge leaves a line in the
	// audit log.
	Change Change
}

// VerifyOptions say what a verification may trust besides the log.
type VerifyOptions struct {
	// Anchors are heads written down elsewhere earlier: each must still be
	// on the chain (unless a checkpoint has since removed it).
	Anchors []Head
	// Keys are the public keys a checkpoint may be signed with. With none
	// given, a checkpoint is checked against the key stored with it, which
	// proves only that it was not altered after it was signed.
	Keys []ed25519.PublicKey
}

// Verified reports a verification that found the log whole.
type Verified struct {
	// Log is the log.
	Log Log
	// From is the sequence number the walk started after: 0, or the last
	// checkpoint's.
	From int64
	// Entries counts the entries checked.
	Entries int64
	// Head is the log's head: export it to anchor the log elsewhere.
	Head Head
}

// Chains verifies, anchors and purges the hash-chained logs. Each entry
// of the audit, access and decision logs stores SHA-256 over its canonical
// bytes and the previous entry's hash; the entries of a log are numbered
// 1, 2, 3 … in the order they commit.
type Chains interface {
	// Head returns the log's head as stored.
	Head(ctx context.Context, log Log) (Head, error)
	// Verify walks the log from its last checkpoint (or its start) to its
	// head and returns a *ChainBreak (matching ErrTampered) naming the
	// first entry whose hash or link is broken, or that is missing.
	Verify(ctx context.Context, log Log, opts VerifyOptions) (Verified, error)
	// Purge removes the entries past their retention and leaves a signed
	// checkpoint in their place, in one transaction with its audit line.
	// With nothing to remove it changes nothing and returns the zero
	// Checkpoint.
	Purge(ctx context.Context, r PurgeRequest) (Checkpoint, error)
	// Checkpoints returns the log's checkpoints, oldest first.
	Checkpoints(ctx context.Context, log Log) ([]Checkpoint, error)
}
