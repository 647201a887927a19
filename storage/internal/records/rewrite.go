package records

import (
	"bytes"
	"fmt"
)

// Rewrite reads a record of a mutable aggregate in any format this code
// reads and writes it again in the current format, with the same content.
// It reports false, and returns data as it is, for a record that is
// already in the current format. A record that cannot be read is an error
// matching ErrCorrupt; a caller that upgrades a database leaves such a
// record as it is, so that reading it fails as before and says why.
//
// Only format 1 needs the rewrite: its form ties stored records to Go
// names and enum positions. A record of a later format is read as it is
// and gains the current form when its aggregate is next written; a
// rewrite of one, by the one-off upgrade of a database that still holds
// format 1, is harmless, since each format only adds fields: a format-2
// client, for one, becomes a format-3 client whose address has no
// coordinates.
//
// The decision log is not rewritten: its entries are append-only and each
// is covered, byte for byte, by the log's hash chain, so they keep the
// form they were written in and are read in it.
func Rewrite(data []byte) ([]byte, bool, error) {
	if bytes.HasPrefix(data, []byte(fmt.Sprintf(`{"format":%d,`, Format))) {
		return data, false, nil
	}
	rest, ok := bytes.CutPrefix(data, []byte(`{"format":`))
	if !ok {
		return nil, false, corrupt("record", fmt.Errorf("record does not begin with its format number"))
	}
	i := bytes.IndexByte(rest, ',')
	if i < 0 || len(rest) < i+2 || rest[i+1] != '"' {
		return nil, false, corrupt("record", fmt.Errorf("record does not name what it holds"))
	}
	key, _, ok := bytes.Cut(rest[i+2:], []byte(`"`))
	if !ok {
		return nil, false, corrupt("record", fmt.Errorf("record does not name what it holds"))
	}
	again, ok := rewriters[string(key)]
	if !ok {
		return nil, false, corrupt("record", fmt.Errorf("a record of %q is not rewritten", key))
	}
	out, err := again(data)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// rewriters read a record of each mutable kind, by its key, and write
// what they read in the current format.
var rewriters = map[string]func([]byte) ([]byte, error){
	"team":     again(DecodeTeam, EncodeTeam),
	"coach":    again(DecodeCoach, EncodeCoach),
	"staff":    again(DecodeStaff, EncodeStaff),
	"hours":    again(DecodeHours, EncodeHours),
	"client":   again(DecodeClient, EncodeClient),
	"careplan": again(DecodeCarePlan, EncodeCarePlan),
	"proposal": again(DecodeProposal, EncodeProposal),
	"meeting":  again(DecodeMeeting, EncodeMeeting),
	"roster":   again(DecodeRoster, EncodeRoster),
	"dayplan":  again(DecodeDayPlan, EncodeDayPlan),
}

// again decodes a record and encodes what it read.
func again[T any](dec func([]byte) (T, error), enc func(T) ([]byte, error)) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) {
		v, err := dec(data)
		if err != nil {
			return nil, err
		}
		return enc(v)
	}
}
