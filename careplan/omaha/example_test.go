package omaha_test

import (
	"fmt"

	"github.com/wijkzorg/wijk/careplan/omaha"
)

// A district nurse at intake looks up the problem she sees, checks that
// the sign she wants to record belongs to it, and reads the words for the
// ratings she gives.
func Example() {
	skin, err := omaha.ProblemByName("skin")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(skin, "in the", skin.Domain, "domain")
	fmt.Println("lesion/pressure ulcer:", omaha.ValidateSign(skin.Code, "lesion/pressure ulcer"))
	fmt.Println("low/no income:", omaha.ValidateSign(skin.Code, "low/no income"))

	target, _ := omaha.TargetByName("dressing change/wound care")
	fmt.Println(omaha.TreatmentsProcedures, "/", target)

	for _, s := range omaha.Scales() {
		w, _ := s.Word(2)
		fmt.Printf("%s 2: %s\n", s, w)
	}
	// Output:
	// Skin (24) in the Physiological domain
	// lesion/pressure ulcer: <nil>
	// low/no income: invalid sign: "low/no income" is not a sign/symptom of the problem Skin (24)
	// Treatments and procedures / dressing change/wound care (17)
	// Knowledge 2: minimal knowledge
	// Behavior 2: rarely appropriate behavior
	// Status 2: severe signs/symptoms
}

// The taxonomy in numbers.
func ExampleDomains() {
	for _, d := range omaha.Domains() {
		fmt.Printf("%s: %d problems\n", d, len(omaha.ProblemsIn(d)))
	}
	fmt.Println(len(omaha.Problems()), "problems,", len(omaha.Categories()), "categories,", len(omaha.Targets()), "targets")
	// Output:
	// Environmental: 4 problems
	// Psychosocial: 12 problems
	// Physiological: 18 problems
	// Health-related behaviors: 8 problems
	// 42 problems, 4 categories, 76 targets
}
