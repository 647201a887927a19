package records

import (
	"github.com/wijkzorg/wijk/careplan"
)

// EncodeClient serializes a client.
func EncodeClient(c *careplan.Client) ([]byte, error) { return encode("client", c.Snapshot()) }

// DecodeClient rebuilds a client from its record, validating it.
func DecodeClient(data []byte) (*careplan.Client, error) {
	var s careplan.ClientSnapshot
	if err := decode("client", "client", data, &s); err != nil {
		return nil, err
	}
	c, err := careplan.RestoreClient(s)
	if err != nil {
		return nil, corrupt("client", err)
	}
	return c, nil
}

// EncodeCarePlan serializes a care plan.
func EncodeCarePlan(p *careplan.CarePlan) ([]byte, error) { return encode("careplan", p.Snapshot()) }

// DecodeCarePlan rebuilds a care plan from its record, validating it.
func DecodeCarePlan(data []byte) (*careplan.CarePlan, error) {
	var s careplan.CarePlanSnapshot
	if err := decode("care plan", "careplan", data, &s); err != nil {
		return nil, err
	}
	p, err := careplan.RestoreCarePlan(s)
	if err != nil {
		return nil, corrupt("care plan", err)
	}
	return p, nil
}
