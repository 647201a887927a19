package planning

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Digest names the roster's content: its ID, team, period, problem (pins
// included) and assignments, not where it stands. It is the hexadecimal
// SHA-256 sum of a canonical form of that content, so equal rosters have
// equal digests however they were made (in memory or read back from any
// backend), and a roster with any change to its content has another
// (an empty list and an absent one are the same content).
//
// A team decision that adopts a roster names it with its ID and digest
// (consensus.AdoptRoster): the team adopts the roster it saw, and storage
// refuses the adoption of a roster revised since.
func (r *Roster) Digest() string {
	s := r.Snapshot()
	s.PlanHeader = contentHeader(s.PlanHeader)
	return digest("roster", s)
}

// Digest names the visit plan's content: its ID, team, day, problem and
// routes, not where it stands, as [Roster.Digest] does for a roster. A
// team decision that adopts the plan names it with its ID and digest
// (consensus.AdoptDayPlan).
func (d *DayPlan) Digest() string {
	s := d.Snapshot()
	s.PlanHeader = contentHeader(s.PlanHeader)
	return digest("day plan", s)
}

// contentHeader keeps of h what a digest covers, the ID and the team, and
// gives it a valid status so that it can be written even for a plan that
// was never made with a constructor (the digest leaves the status out).
func contentHeader(h PlanHeader) PlanHeader {
	return PlanHeader{ID: h.ID, Team: h.Team, Status: Proposed}
}

// lifecycleFields are the fields of [PlanHeader] that say where a plan
// stands rather than what it is; a digest leaves them out.
var lifecycleFields = []string{"created_at", "status", "adopted_by", "adopted_at", "superseded_by", "superseded_at"}

// digest is the SHA-256 sum of kind and the canonical JSON form of the
// snapshot v without its lifecycle fields: v written as JSON, read back as
// plain values, every null field and every empty list or object left out
// (a nil list and an empty one read back alike, and so do an absent
// pointer and a null one), and written again with sorted keys. Zero
// numbers, false and empty strings stay: a visit pinned to start at
// minute 0 is not the same plan as one whose start is free.
func digest(kind string, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Snapshots hold only strings, numbers, dates and lists of them.
		panic(fmt.Sprintf("planning: a %s snapshot cannot be written as JSON: %v", kind, err))
	}
	var plain any
	if err := json.Unmarshal(b, &plain); err != nil {
		panic(fmt.Sprintf("planning: a %s snapshot does not read back: %v", kind, err))
	}
	top, ok := plain.(map[string]any)
	if !ok {
		panic(fmt.Sprintf("planning: a %s snapshot is not a JSON object", kind))
	}
	for _, f := range lifecycleFields {
		delete(top, f)
	}
	b, err = json.Marshal(canonical(top))
	if err != nil {
		panic(fmt.Sprintf("planning: a %s snapshot's canonical form cannot be written: %v", kind, err))
	}
	h := sha256.New()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// canonical drops the null and empty fields of objects, at every depth;
// elements of lists stay, in their order.
func canonical(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if e = canonical(e); !isEmpty(e) {
				out[k] = e
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canonical(e)
		}
		return out
	}
	return v
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}
