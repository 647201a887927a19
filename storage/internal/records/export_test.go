package records

import (
	"reflect"
	"slices"
)

// Names for the tests of package records_test, which cannot see inside.
var (
	// DecodeBody is decodeBody.
	DecodeBody = decodeBody
	// Encode is encode.
	Encode = encode
	// Decode is decode.
	Decode = decode
)

type (
	// ProposalRecord is proposalRecord.
	ProposalRecord = proposalRecord
	// VersionRecord is versionRecord.
	VersionRecord = versionRecord
	// DecisionRecord is decisionRecord.
	DecisionRecord = decisionRecord
	// PayloadRecord is payloadRecord.
	PayloadRecord = payloadRecord
)

// FallbackTypes lists the types, reachable from t, that the decoder
// leaves to encoding/json.
func FallbackTypes(t reflect.Type) []string {
	var out []string
	seen := map[plan]bool{}
	var walk func(p plan)
	walk = func(p plan) {
		if seen[p] {
			return
		}
		seen[p] = true
		switch p := p.(type) {
		case fallbackPlan:
			out = append(out, p.typ.String())
		case *structPlan:
			for _, f := range p.fields {
				walk(f.plan)
			}
		case *slicePlan:
			walk(p.elem)
		case *arrayPlan:
			walk(p.elem)
		case *pointerPlan:
			walk(p.elem)
		}
	}
	walk(planFor(t, false))
	slices.Sort(out)
	return out
}
