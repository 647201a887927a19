// Package enum holds the one way wijk's typed enums turn into words and
// back. An enum is an int type whose valid values are 1…n (the zero value
// is never valid); Names lists the words of values 1…n in order.
package enum

import (
	"strconv"
	"strings"

	"github.com/wijkzorg/wijk"
)

// Names are the words of the values 1…len(Names) of the enum type T.
type Names[T ~int] []string

// Valid reports whether v is one of the values 1…len(n).
func (n Names[T]) Valid(v T) bool { return v >= 1 && int(v) <= len(n) }

// String returns the word of v, or "Type(v)" for a value outside the enum,
// where typ names the type.
func (n Names[T]) String(v T, typ string) string {
	if !n.Valid(v) {
		return typ + "(" + strconv.Itoa(int(v)) + ")"
	}
	return n[v-1]
}

// Values returns every valid value, in order.
func (n Names[T]) Values() []T {
	out := make([]T, len(n))
	for i := range n {
		out[i] = T(i + 1)
	}
	return out
}

// Parse reads a value by its word. Case, surrounding space, and hyphens
// or underscores written for spaces do not matter. The error matches
// wijk.ErrInvalid, names field and lists the words.
func (n Names[T]) Parse(field, s string) (T, error) {
	want := Fold(s)
	if want != "" {
		for i, name := range n {
			if Fold(name) == want {
				return T(i + 1), nil
			}
		}
	}
	return 0, wijk.Invalid(field, "must be one of %s; got %q", strings.Join(n, ", "), s)
}

// Fold is the form in which Parse compares words: lower case, hyphens and
// underscores read as spaces, runs of white space as one space, trimmed.
func Fold(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
