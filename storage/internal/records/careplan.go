package records

import (
	"github.com/wijkzorg/wijk/careplan"
)

var (
	clientRecord = snapshotted[*careplan.Client, careplan.ClientSnapshot]{"client", "client", (*careplan.Client).Snapshot, careplan.RestoreClient}
	planRecord   = snapshotted[*careplan.CarePlan, careplan.CarePlanSnapshot]{"care plan", "careplan", (*careplan.CarePlan).Snapshot, careplan.RestoreCarePlan}
)

// EncodeClient serializes a client, refusing one that could not be read
// back (a zero value, a broken rule) with an error matching
// wijk.ErrInvalid.
func EncodeClient(c *careplan.Client) ([]byte, error) { return clientRecord.encode(c) }

// DecodeClient rebuilds a client from its record, validating it.
func DecodeClient(data []byte) (*careplan.Client, error) { return clientRecord.decode(data) }

// EncodeCarePlan serializes a care plan, refusing one that could not be
// read back (wijk.ErrInvalid).
func EncodeCarePlan(p *careplan.CarePlan) ([]byte, error) { return planRecord.encode(p) }

// DecodeCarePlan rebuilds a care plan from its record, validating it.
func DecodeCarePlan(data []byte) (*careplan.CarePlan, error) { return planRecord.decode(data) }
