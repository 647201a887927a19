package wijk_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
)

// A simulation uses a manual clock and a seeded generator: running it twice
// gives the same IDs.
func ExampleNewSeededIDGenerator() {
	clock := wijk.NewManualClock(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	ids := wijk.NewSeededIDGenerator(clock, 42)
	first := ids.NewID()
	clock.Advance(24 * time.Hour)
	second := ids.NewID()
	fmt.Println(first.Time().Format(time.DateTime), len(first))
	fmt.Println(second.Time().Format(time.DateTime), first < second)
	// Output:
	// 2026-03-02 08:00:00 26
	// 2026-03-03 08:00:00 true
}

// Callers branch on the kind of an error, and read the field and rule of a
// validation error.
func ExampleValidationError() {
	err := fmt.Errorf("taking in client: %w", wijk.Invalid("dateOfBirth", "must not be in the future"))
	var ve *wijk.ValidationError
	if errors.Is(err, wijk.ErrInvalid) && errors.As(err, &ve) {
		fmt.Println(ve.Field, "—", ve.Rule)
	}
	// Output: dateOfBirth — must not be in the future
}

func ExampleDate() {
	review := wijk.NewDate(2026, time.March, 2).AddDays(6 * 7)
	fmt.Println(review, review.Weekday())
	// Output: 2026-04-13 Monday
}
