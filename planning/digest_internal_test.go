package planning

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Every field of PlanHeader but the ID and the team says where a plan
// stands; a field added to it must be added to lifecycleFields too, or
// adopting a plan would change its digest.
func TestDigestLeavesOutEveryLifecycleField(t *testing.T) {
	var fields []string
	ht := reflect.TypeFor[PlanHeader]()
	for i := range ht.NumField() {
		name, _, _ := strings.Cut(ht.Field(i).Tag.Get("json"), ",")
		if name != "id" && name != "team" {
			fields = append(fields, name)
		}
	}
	want := slices.Clone(lifecycleFields)
	slices.Sort(want)
	slices.Sort(fields)
	if !slices.Equal(fields, want) {
		t.Fatalf("PlanHeader's lifecycle fields are %v; the digest leaves out %v", fields, want)
	}
}
