package enum_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

// colour is an enum declared the way every wijk package declares one.
type colour int

const (
	red colour = iota + 1
	seaGreen
	maxShifts
)

var colours = enum.New[colour]("colour", "paint.colour", "red", "sea green", "max-shifts").
	Alias(red, "crimson", "rood")

func (c colour) String() string                { return colours.String(c) }
func (c colour) MarshalText() ([]byte, error)  { return colours.MarshalText(c) }
func (c *colour) UnmarshalText(b []byte) error { return colours.UnmarshalText(b, c) }
func parseColour(s string) (colour, error)     { return colours.Parse(s) }

func TestString(t *testing.T) {
	for v, want := range map[colour]string{red: "red", seaGreen: "sea green", maxShifts: "max-shifts", 0: "colour(0)", 4: "colour(4)", -1: "colour(-1)"} {
		require.Equal(t, want, colours.String(v))
	}
}

func TestValidValuesWords(t *testing.T) {
	require.False(t, colours.Valid(0))
	require.True(t, colours.Valid(red))
	require.True(t, colours.Valid(maxShifts))
	require.False(t, colours.Valid(4))
	require.False(t, colours.Valid(-1))
	if diff := cmp.Diff([]colour{red, seaGreen, maxShifts}, colours.Values()); diff != "" {
		t.Errorf("Values (-want +got):\n%s", diff)
	}
	words := colours.Words()
	require.Equal(t, []string{"red", "sea green", "max-shifts"}, words)
	words[0] = "blue"
	require.Equal(t, "red", colours.String(red), "Words hands out a copy")
}

func TestParseFolds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want colour
	}{
		{"red", red},
		{" RED ", red},
		{"\tRed\n", red},
		{"sea green", seaGreen},
		{"sea_green", seaGreen},
		{"Sea-Green", seaGreen},
		{"sea   green", seaGreen},
		{"SEA_-_GREEN", seaGreen},
		{"max-shifts", maxShifts},
		{"max shifts", maxShifts},
		{"MAX_SHIFTS", maxShifts},
		{"crimson", red},
		{"ROOD", red},
	} {
		got, err := colours.Parse(tc.in)
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, bad := range []string{"", " ", "-", "blue", "redd", "re d", "seagreen", "1", "0", "colour(1)"} {
		v, err := colours.Parse(bad)
		require.ErrorIs(t, err, wijk.ErrInvalid, bad)
		require.Zero(t, v, bad)
		var ve *wijk.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "paint.colour", ve.Field)
		require.Contains(t, ve.Rule, "must be one of red, sea green, max-shifts", "the error lists the canonical words, not the aliases")
		require.NotContains(t, ve.Rule, "crimson")
	}
}

func TestCheck(t *testing.T) {
	require.NoError(t, colours.Check("paint", seaGreen))
	err := colours.Check("paint", 0)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.EqualError(t, err, "invalid paint: must be one of red, sea green, max-shifts; got colour(0)")
}

func TestMarshalText(t *testing.T) {
	b, err := colours.MarshalText(seaGreen)
	require.NoError(t, err)
	require.Equal(t, "sea green", string(b))

	for _, bad := range []colour{0, 4, -3} {
		b, err := colours.MarshalText(bad)
		require.ErrorIs(t, err, wijk.ErrInvalid, "value %d", int(bad))
		require.ErrorContains(t, err, "invalid paint.colour: must be one of red, sea green, max-shifts")
		require.Nil(t, b)
	}
}

func TestUnmarshalText(t *testing.T) {
	var c colour
	require.NoError(t, colours.UnmarshalText([]byte("Sea_Green"), &c))
	require.Equal(t, seaGreen, c)
	require.NoError(t, colours.UnmarshalText([]byte("crimson"), &c))
	require.Equal(t, red, c)

	c = maxShifts
	err := colours.UnmarshalText([]byte("2"), &c)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Equal(t, maxShifts, c, "a failed read leaves the value as it was")
}

// TestJSON shows what storage relies on: a struct holding an enum is
// written with the enum's word, read back to the same value, and an unset
// enum makes the write fail instead of storing a number.
func TestJSON(t *testing.T) {
	type paint struct {
		Colour colour
		Layers []colour
		Spare  colour `json:",omitzero"`
	}
	in := paint{Colour: maxShifts, Layers: []colour{red, seaGreen}}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"Colour":"max-shifts","Layers":["red","sea green"]}`, string(b))
	var out paint
	require.NoError(t, json.Unmarshal(b, &out))
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}

	_, err = json.Marshal(paint{})
	require.ErrorIs(t, err, wijk.ErrInvalid, "an unset enum is not written")

	err = json.Unmarshal([]byte(`{"Colour":"blue"}`), &out)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	err = json.Unmarshal([]byte(`{"Colour":2}`), &out)
	require.Error(t, err, "a number is not read as a colour")
}

func TestRoundTripHelper(t *testing.T) {
	enumtest.RoundTrip(t, colours.Values(), parseColour)
}

func TestNewRefusesBadDeclarations(t *testing.T) {
	require.Panics(t, func() { enum.New[colour]("colour", "colour", "red", "") }, "empty word")
	require.Panics(t, func() { enum.New[colour]("colour", "colour", "sea green", "Sea_Green") }, "words that fold alike")
	require.Panics(t, func() { enum.New[colour]("colour", "colour", "red").Alias(red, "RED") }, "alias equal to a word")
	require.Panics(t, func() { enum.New[colour]("colour", "colour", "red").Alias(2, "rood") }, "alias for no value")
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"  ":                       "",
		"Under_Review":             "under review",
		"under-review":             "under review",
		" under \t review ":        "under review",
		"Health-related behaviors": "health related behaviors",
		"Teaching, guidance":       "teaching, guidance",
	} {
		require.Equal(t, want, enum.Fold(in), in)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"red", " Sea_Green ", "max-shifts", "MAX SHIFTS", "crimson", "", "-", "blue", "r\u0130d", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := colours.Parse(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Zero(t, v)
			return
		}
		require.True(t, colours.Valid(v))
		// Whatever was read is written as its canonical word, and that
		// word reads back as the same value.
		b, err := colours.MarshalText(v)
		require.NoError(t, err)
		require.Equal(t, colours.String(v), string(b))
		back, err := colours.Parse(string(b))
		require.NoError(t, err)
		require.Equal(t, v, back)
		// Parse compares folded forms: folding the input again changes
		// nothing.
		again, err := colours.Parse(enum.Fold(s))
		require.NoError(t, err)
		require.Equal(t, v, again)
	})
}
