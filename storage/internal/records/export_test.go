package records

import (
	"reflect"
	"slices"
)

// Names for the tests of package records_test, which cannot see inside.
var (
	// DecodeBody is decodeBody.
	DecodeBody = decodeBody
	// DecodeBodyAs is decodeBodyAs.
	DecodeBodyAs = decodeBodyAs
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
// leaves to encoding/json, in the current format.
func FallbackTypes(t reflect.Type) []string { return fallbackTypes(t, false) }

// Format1FallbackTypes lists them in format 1, where encoding/json,
// reading by today's tags and text forms, would read wrongly.
func Format1FallbackTypes(t reflect.Type) []string { return fallbackTypes(t, true) }

func fallbackTypes(t reflect.Type, format1 bool) []string {
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
	walk(planFor(t, format1))
	slices.Sort(out)
	return out
}
