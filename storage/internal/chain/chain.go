// Package chain holds the one definition of how wijk's logs are chained:
// the canonical bytes of an entry, how an entry's hash is made from them
// and the previous entry's hash, and the bytes a checkpoint's signature
// covers. Every backend appends with it and the verifier checks with it,
// so what is written and what is checked cannot drift apart.
package chain

import (
	"crypto/sha256"
	"encoding/binary"
)

// Size is the length of a hash, in bytes.
const Size = sha256.Size

// Genesis is the "previous hash" of a log's first entry: 32 zero bytes.
var Genesis = make([]byte, Size)

// Canon returns the canonical bytes of one entry of log: a version tag,
// the log's name, the entry's sequence number and its fields as stored,
// each prefixed with its length, so that no two different entries share
// their bytes (moving text from one field to the next changes them).
func Canon(log string, seq int64, fields ...string) []byte {
	n := 16 + len(log)
	for _, f := range fields {
		n += len(f) + binary.MaxVarintLen64
	}
	b := make([]byte, 0, n)
	b = append(b, "wijk-log-1\x00"...)
	b = appendField(b, log)
	b = binary.BigEndian.AppendUint64(b, uint64(seq))
	b = binary.AppendUvarint(b, uint64(len(fields)))
	for _, f := range fields {
		b = appendField(b, f)
	}
	return b
}

func appendField(b []byte, f string) []byte {
	b = binary.AppendUvarint(b, uint64(len(f)))
	return append(b, f...)
}

// Next returns the hash of an entry: SHA-256 over the previous entry's
// hash and the entry's canonical bytes.
func Next(prev, canon []byte) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(canon)
	return h.Sum(nil)
}

// Checkpoint returns the bytes a checkpoint's signature covers: the log,
// the sequence number and hash of the last entry removed, when, by whom,
// and how many entries were removed.
func Checkpoint(log string, seq int64, hash []byte, at, actor string, removed int64) []byte {
	b := Canon("checkpoint", seq, log, string(hash), at, actor)
	return binary.BigEndian.AppendUint64(b, uint64(removed))
}
