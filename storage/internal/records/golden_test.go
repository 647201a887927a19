package records_test

import (
	"encoding"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/team"
)

var update = flag.Bool("update", false, "rewrite the golden records of the current record format")

func goldenPath(format int, key string) string {
	return filepath.Join("testdata", "golden", fmt.Sprintf("format-%d", format), key+".json")
}

// Every record format this code has ever written is read from its golden
// records into exactly the values that were written; the current format
// is also written to exactly its golden bytes. Older formats' golden files
// are never rewritten: they are what that code wrote.
func TestGoldenRecords(t *testing.T) {
	if *update {
		for _, fx := range fullFixtures() {
			b, err := records.Encode(fx.key, fx.value)
			require.NoError(t, err)
			require.NoError(t, os.MkdirAll(filepath.Dir(goldenPath(records.Format, fx.key)), 0o755))
			require.NoError(t, os.WriteFile(goldenPath(records.Format, fx.key), append(b, '\n'), 0o644))
		}
	}
	for format := 1; format <= records.Format; format++ {
		for _, fx := range fullFixturesIn(format) {
			t.Run(fmt.Sprintf("format %d/%s", format, fx.key), func(t *testing.T) {
				golden, err := os.ReadFile(goldenPath(format, fx.key))
				require.NoError(t, err, "every format keeps a golden record of every kind")
				golden = []byte(strings.TrimSuffix(string(golden), "\n"))
				got := reflect.New(reflect.TypeOf(fx.value))
				f, err := records.Decode(fx.key, fx.key, golden, got.Interface())
				require.NoError(t, err)
				require.Equal(t, format, f)
				if d := cmp.Diff(fx.value, got.Elem().Interface()); d != "" {
					t.Fatalf("the golden record of format %d reads differently (-want +got):\n%s", format, d)
				}
				if format == records.Format {
					b, err := records.Encode(fx.key, fx.value)
					require.NoError(t, err)
					require.Equal(t, string(golden), string(b), "the current format writes its golden bytes; a change of form needs a new format")
				}
			})
		}
	}
}

var textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

// The stored form is a contract: every field of every stored type is named
// by an explicit json tag, so renaming a Go field cannot change the
// records, and every enum is written by its word, so reordering an enum
// cannot change what stored records mean. The exceptions are numbers that
// are not positions in a list: team.Level (the qualification level itself,
// 3, 4 or 5, declared with those values), time.Weekday (numbered by Go,
// Sunday 0) and time.Duration (nanoseconds).
func TestStoredFormIsExplicit(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Struct:
			if typ.PkgPath() == "time" || reflect.PointerTo(typ).Implements(jsonUnmarshalerType) {
				return
			}
			for i := range typ.NumField() {
				f := typ.Field(i)
				if !f.IsExported() && !f.Anonymous {
					continue
				}
				if !f.Anonymous && f.Tag.Get("json") == "" {
					t.Errorf("%s.%s (%s): a stored field needs an explicit json tag", path, f.Name, typ)
				}
				walk(f.Type, path+"."+f.Name)
			}
		case reflect.Slice, reflect.Array, reflect.Pointer:
			walk(typ.Elem(), path+"[]")
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if typ == reflect.TypeFor[time.Weekday]() || typ == reflect.TypeFor[time.Duration]() || typ == reflect.TypeFor[team.Level]() || typ.PkgPath() == "" {
				return
			}
			if !typ.Implements(textMarshalerType) || !reflect.PointerTo(typ).Implements(textUnmarshalerType) {
				t.Errorf("%s (%s): a stored enum must be written and read by its word (MarshalText, UnmarshalText)", path, typ)
			}
		}
	}
	for _, fx := range fullFixtures() {
		walk(reflect.TypeOf(fx.value), fx.key)
	}
}

// Format 1 was written when no stored type had a json tag: its reader
// names every field by its Go name whatever tags the types have today (a
// "-", a tag on an embedded struct), and leaves nothing to encoding/json,
// which would read by today's tags and text forms.
func TestFormat1IgnoresTags(t *testing.T) {
	for _, fx := range fullFixturesIn(1) {
		require.Empty(t, records.Format1FallbackTypes(reflect.TypeOf(fx.value)), fx.key)
	}
	type inner struct {
		A int `json:"a"`
	}
	type later struct {
		inner `json:"in"`
		B     int    `json:"-"`
		C     string `json:"c,omitzero"`
	}
	var v later
	require.NoError(t, records.DecodeBodyAs(1, []byte(`{"A":1,"B":2,"C":"x"}`), 0, &v))
	require.Equal(t, later{inner: inner{A: 1}, B: 2, C: "x"}, v)
	require.Error(t, records.DecodeBodyAs(1, []byte(`{"in":{"a":1}}`), 0, &v), "format 1 knows no tag names")
}
