package records

import (
	"github.com/wijkzorg/wijk/careplan"
)

// EncodeClient serializes a client, refusing one that could not be read
// back (a zero value, a broken rule) with an error matching
// wijk.ErrInvalid.
func EncodeClient(c *careplan.Client) ([]byte, error) {
	s := c.Snapshot()
	if _, err := careplan.RestoreClient(s); err != nil {
		return nil, unfit("client", err)
	}
	return encode("client", s)
}

// DecodeClient rebuilds a client from its record, validating it.
func DecodeClient(data []byte) (*careplan.Client, error) {
	var s careplan.ClientSnapshot
	if _, err := decode("client", "client", data, &s); err != nil {
		return nil, err
	}
	c, err := careplan.RestoreClient(s)
	if err != nil {
		return nil, corrupt("client", err)
	}
	return c, nil
}

// EncodeCarePlan serializes a care plan, refusing one that could not be
// read back (wijk.ErrInvalid).
func EncodeCarePlan(p *careplan.CarePlan) ([]byte, error) {
	s := p.Snapshot()
	if _, err := careplan.RestoreCarePlan(s); err != nil {
		return nil, unfit("care plan", err)
	}
	return encode("careplan", s)
}

// DecodeCarePlan rebuilds a care plan from its record, validating it.
func DecodeCarePlan(data []byte) (*careplan.CarePlan, error) {
	var s careplan.CarePlanSnapshot
	if _, err := decode("care plan", "careplan", data, &s); err != nil {
		return nil, err
	}
	p, err := careplan.RestoreCarePlan(s)
	if err != nil {
		return nil, corrupt("care plan", err)
	}
	return p, nil
}
