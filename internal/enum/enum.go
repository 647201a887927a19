// Package enum holds the one way wijk's typed enums turn into words and
// back.
//
// An enum is an int type whose valid values are 1…n; the zero value is
// never valid, so a field nobody set is caught. Its [Enum] lists the words
// of 1…n in order and gives the type everything else: String, Parse,
// validity, the list of values, and the text form that storage writes.
// Every enum of every package parses the same way (see [Fold]), and every
// one is written to storage by its word, never by its number, so that
// reordering an enum can never change what a stored record means.
//
// A package declares one Enum per type and hands each method on:
//
//	var statusEnum = enum.New[Status]("Status", "status", "draft", "active")
//
//	func (s Status) String() string               { return statusEnum.String(s) }
//	func ParseStatus(v string) (Status, error)    { return statusEnum.Parse(v) }
//	func (s Status) MarshalText() ([]byte, error) { return statusEnum.MarshalText(s) }
//	func (s *Status) UnmarshalText(b []byte) error { return statusEnum.UnmarshalText(b, s) }
package enum

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wijkzorg/wijk"
)

// Enum is the word list of the enum type T, with the type's name and the
// field its errors name. Make one with [New] when the package loads; it is
// safe for concurrent use once made.
type Enum[T ~int] struct {
	typ    string
	field  string
	words  []string
	list   string       // the words joined, for error messages
	byFold map[string]T // folded word or alias → value
}

// New returns the enum whose values 1…len(words) have those words. typ is
// the Go type's name, used by String for a value outside the enum; field
// is the field that Parse, MarshalText and UnmarshalText errors name.
//
// New panics when a word is empty or two words fold to the same form: that
// is a mistake in the declaration, found when the package loads.
func New[T ~int](typ, field string, words ...string) *Enum[T] {
	e := &Enum[T]{typ: typ, field: field, words: words, list: strings.Join(words, ", "), byFold: map[string]T{}}
	for i, w := range words {
		e.add(T(i+1), w)
	}
	return e
}

// Alias makes Parse read each of words as v as well, e.g. "daily" for
// "day". Aliases are only read: String and MarshalText always write the
// canonical word. Alias returns e, so that it can follow New in a
// declaration; call it only there, before e is used. It panics on an alias
// that is empty, clashes with a word, or names a value outside the enum.
func (e *Enum[T]) Alias(v T, words ...string) *Enum[T] {
	if !e.Valid(v) {
		panic(fmt.Sprintf("enum %s: alias for %d, which is not a value", e.typ, int(v)))
	}
	for _, w := range words {
		e.add(v, w)
	}
	return e
}

func (e *Enum[T]) add(v T, word string) {
	f := Fold(word)
	if f == "" {
		panic(fmt.Sprintf("enum %s: empty word for %d", e.typ, int(v)))
	}
	if _, dup := e.byFold[f]; dup {
		panic(fmt.Sprintf("enum %s: %q is given twice", e.typ, word))
	}
	e.byFold[f] = v
}

// Valid reports whether v is one of the values 1…n.
func (e *Enum[T]) Valid(v T) bool { return v >= 1 && int(v) <= len(e.words) }

// String returns the word of v, or "Type(v)" for a value outside the enum.
func (e *Enum[T]) String(v T) string {
	if !e.Valid(v) {
		return e.typ + "(" + strconv.Itoa(int(v)) + ")"
	}
	return e.words[v-1]
}

// Values returns every valid value, in order.
func (e *Enum[T]) Values() []T {
	out := make([]T, len(e.words))
	for i := range out {
		out[i] = T(i + 1)
	}
	return out
}

// Words returns the canonical words of the values, in order.
func (e *Enum[T]) Words() []string { return append([]string(nil), e.words...) }

// Check returns nil when v is valid, and otherwise an error matching
// wijk.ErrInvalid that names field and lists the words.
func (e *Enum[T]) Check(field string, v T) error {
	if e.Valid(v) {
		return nil
	}
	return wijk.Invalid(field, "must be one of %s; got %s", e.list, e.String(v))
}

// Parse reads a value by its word or an alias, compared in the form
// [Fold] gives: case, surrounding space, and hyphens or underscores
// written for spaces do not matter. The error matches wijk.ErrInvalid,
// names the enum's field and lists the words.
func (e *Enum[T]) Parse(s string) (T, error) {
	if v, ok := e.byFold[Fold(s)]; ok {
		return v, nil
	}
	return 0, wijk.Invalid(e.field, "must be one of %s; got %q", e.list, s)
}

// MarshalText returns the canonical word of v, the form storage keeps. A
// value that is not valid, the zero value too, is refused with the error
// of [Enum.Check]: a number is never written.
func (e *Enum[T]) MarshalText(v T) ([]byte, error) {
	if err := e.Check(e.field, v); err != nil {
		return nil, err
	}
	return []byte(e.words[v-1]), nil
}

// UnmarshalText reads b as Parse does into *v. On error *v is left as it
// was.
func (e *Enum[T]) UnmarshalText(b []byte, v *T) error {
	x, err := e.Parse(string(b))
	if err != nil {
		return err
	}
	*v = x
	return nil
}

// Fold is the form in which Parse compares words: lower case, hyphens and
// underscores read as spaces, runs of white space as one space, trimmed.
func Fold(s string) string {
	return strings.Join(strings.Fields(separators.Replace(strings.ToLower(s))), " ")
}

var separators = strings.NewReplacer("-", " ", "_", " ")
