// Package enumtest checks that an enum type of a domain package keeps the
// promises of package enum: every value round-trips through its word, by
// String and Parse, by MarshalText and UnmarshalText and inside JSON, and
// the zero value is never written.
package enumtest

import (
	"encoding"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

// Value is what an enum type of wijk implements.
type Value interface {
	~int
	fmt.Stringer
	encoding.TextMarshaler
}

// Ptr is a pointer to an enum type, which reads its text form.
type Ptr[T Value] interface {
	*T
	encoding.TextUnmarshaler
}

// RoundTrip checks each of values (which must be every value of the type,
// as its Values function or Enum lists them) and the zero value:
//   - String gives a word that parse reads back, also in upper case and
//     with underscores or hyphens for the spaces;
//   - MarshalText writes that same word, and UnmarshalText reads it back;
//   - encoding/json writes the value as its word in quotes, and reads it
//     back;
//   - the zero value, and the value after the last, are refused by
//     MarshalText and by encoding/json with an error matching
//     wijk.ErrInvalid.
func RoundTrip[T Value, P Ptr[T]](t *testing.T, values []T, parse func(string) (T, error)) {
	t.Helper()
	require.NotEmpty(t, values)
	for i, v := range values {
		require.Equal(t, T(i+1), v, "the values must be 1…n in order")
		word := v.String()
		got, err := parse(word)
		require.NoError(t, err, word)
		require.Equal(t, v, got, word)
		for _, form := range []string{strings.ToUpper(word), " " + strings.ReplaceAll(word, " ", "_") + "\t", strings.ReplaceAll(word, " ", "-")} {
			got, err := parse(form)
			require.NoError(t, err, form)
			require.Equal(t, v, got, form)
		}

		text, err := v.MarshalText()
		require.NoError(t, err, word)
		require.Equal(t, word, string(text), "MarshalText writes the canonical word")
		var back T
		require.NoError(t, P(&back).UnmarshalText(text), word)
		require.Equal(t, v, back, word)

		b, err := json.Marshal(v)
		require.NoError(t, err, word)
		want, err := json.Marshal(word)
		require.NoError(t, err)
		require.Equal(t, string(want), string(b), "encoding/json writes the word")
		back = 0
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, v, back, string(b))
	}

	for _, bad := range []T{0, T(len(values) + 1)} {
		_, err := bad.MarshalText()
		require.ErrorIs(t, err, wijk.ErrInvalid, "MarshalText(%d)", int(bad))
		_, err = json.Marshal(bad)
		require.ErrorIs(t, err, wijk.ErrInvalid, "json.Marshal(%d)", int(bad))
	}
	var v T
	require.ErrorIs(t, P(&v).UnmarshalText([]byte("1")), wijk.ErrInvalid, "a number is not read as a value")
	require.Error(t, json.Unmarshal([]byte("1"), &v), "a JSON number is not read as a value")
	require.Zero(t, v)
	_, err := parse("")
	require.ErrorIs(t, err, wijk.ErrInvalid)
}
