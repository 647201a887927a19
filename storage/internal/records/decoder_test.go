package records_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/storage/storagetest"
	"github.com/wijkzorg/wijk/team"
)

// jsonDecodeBody is how record bodies were read before the decoder: it is
// the reference the decoder is held to.
func jsonDecodeBody(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data")
	}
	return nil
}

// stricterByDesign reports whether err is one of the refusals the decoder
// makes where encoding/json reads on: a field name in another letter case
// (of a field of the struct being read, and not that struct's exact name
// of another field), a field given twice, a Go array given the wrong
// number of elements.
func stricterByDesign(t reflect.Type, err error) bool {
	msg := err.Error()
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		name, uerr := strconv.Unquote(m[1])
		names, ok := jsonNames(t)[m[2]]
		if uerr != nil || !ok || names[name] {
			return false
		}
		// encoding/json read the key only if it names a field of that
		// struct in another letter case
		for n := range names {
			if strings.EqualFold(n, name) {
				return true
			}
		}
		return false
	}
	for _, s := range []string{"appears twice", "elements for", "nest deeper"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

var unknownField = regexp.MustCompile(`unknown field ("(?:[^"\\]|\\.)*") in ([^\s:]+)`)

// jsonNames maps every struct type reachable from t, by its name, to the
// JSON names of its fields.
func jsonNames(t reflect.Type) map[string]map[string]bool {
	names := map[string]map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Struct:
			own := map[string]bool{}
			names[t.String()] = own
			for i := range t.NumField() {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "" {
					name = f.Name
				}
				own[name] = true
				walk(f.Type)
				if f.Anonymous && f.Type.Kind() == reflect.Struct {
					for n := range names[f.Type.String()] {
						own[n] = true // promoted fields
					}
				}
			}
		case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map:
			walk(t.Elem())
		}
	}
	walk(t)
	return names
}

// diffDecode reads body as a T with the decoder and with encoding/json and
// fails unless they agree: the decoder reads only what encoding/json
// reads, into a deeply equal value, and refuses what it reads only for the
// reasons its doc gives.
func diffDecode[T any](t *testing.T, body []byte) {
	t.Helper()
	var got, want T
	errGot := records.DecodeBody(body, 0, &got)
	errWant := jsonDecodeBody(body, &want)
	switch {
	case errGot != nil && errWant == nil:
		if !stricterByDesign(reflect.TypeFor[T](), errGot) {
			t.Fatalf("the decoder refuses what encoding/json reads: %v\nbody: %q", errGot, body)
		}
	case errGot == nil && errWant != nil:
		t.Fatalf("the decoder reads what encoding/json refuses (%v)\nbody: %q", errWant, body)
	case errGot == nil && !reflect.DeepEqual(want, got):
		t.Fatalf("the decoders read different values from %q (-json +decoder):\n%s\njson:    %#v\ndecoder: %#v",
			body, cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true })), want, got)
	}
}

// bodyOf is a record's body: the record without its envelope.
func bodyOf(tb testing.TB, record []byte, key string) []byte {
	tb.Helper()
	prefix := fmt.Sprintf(`{"format":%d,"%s":`, records.Format, key)
	require.True(tb, bytes.HasPrefix(record, []byte(prefix)), "record %q", record)
	return record[len(prefix) : len(record)-1]
}

// fullBody is the body encode writes for a fixture.
func fullBody(tb testing.TB, fx fixture) []byte {
	tb.Helper()
	b, err := records.Encode(fx.key, fx.value)
	require.NoError(tb, err)
	return bodyOf(tb, b, fx.key)
}

func fullBodyOf[T any](tb testing.TB) []byte {
	tb.Helper()
	for _, fx := range fullFixtures() {
		if _, ok := fx.value.(T); ok {
			return fullBody(tb, fx)
		}
	}
	tb.Fatalf("no full fixture of type %v", reflect.TypeFor[T]())
	return nil
}

// worldBodies are the bodies of real records: a team of three with four
// clients and their care plans, as the conformance suite makes them.
type worldBodies struct {
	team    []byte
	clients [][]byte
	plans   [][]byte
}

func newWorldBodies(tb testing.TB) worldBodies {
	tb.Helper()
	ctx := context.Background()
	s := memory.New(memory.Options{})
	id := storagetest.SeedTeam(tb, s, 3, 4)
	var w worldBodies
	tm, _, err := s.Teams().Get(ctx, id)
	require.NoError(tb, err)
	b, err := records.EncodeTeam(tm)
	require.NoError(tb, err)
	w.team = bodyOf(tb, b, "team")
	cs, err := s.Clients().ListByTeam(ctx, id)
	require.NoError(tb, err)
	for _, c := range cs {
		b, err := records.EncodeClient(c)
		require.NoError(tb, err)
		w.clients = append(w.clients, bodyOf(tb, b, "client"))
	}
	ps, err := s.CarePlans().ListByTeam(ctx, id)
	require.NoError(tb, err)
	for _, p := range ps {
		b, err := records.EncodeCarePlan(p)
		require.NoError(tb, err)
		w.plans = append(w.plans, bodyOf(tb, b, "careplan"))
	}
	return w
}

func TestFullFixturesRoundTrip(t *testing.T) {
	for _, fx := range fullFixtures() {
		t.Run(fx.key, func(t *testing.T) {
			requireNoZero(t, reflect.ValueOf(fx.value), reflect.TypeOf(fx.value).String())
			require.Empty(t, records.FallbackTypes(reflect.TypeOf(fx.value)), "types the decoder leaves to encoding/json")
			body := fullBody(t, fx)
			typ := reflect.TypeOf(fx.value)
			got, want := reflect.New(typ), reflect.New(typ)
			require.NoError(t, records.DecodeBody(body, 0, got.Interface()))
			require.NoError(t, jsonDecodeBody(body, want.Interface()))
			require.True(t, reflect.DeepEqual(want.Elem().Interface(), got.Elem().Interface()),
				"decoder and encoding/json differ (-json +decoder):\n%s", cmp.Diff(want.Elem().Interface(), got.Elem().Interface()))
			require.True(t, reflect.DeepEqual(fx.value, got.Elem().Interface()),
				"a round trip changes the value (-fixture +decoded):\n%s", cmp.Diff(fx.value, got.Elem().Interface()))
		})
	}
}

func TestWorldRecordsDecodeAlike(t *testing.T) {
	w := newWorldBodies(t)
	diffDecode[team.TeamSnapshot](t, w.team)
	for _, b := range w.clients {
		diffDecode[careplan.ClientSnapshot](t, b)
	}
	for _, b := range w.plans {
		diffDecode[careplan.CarePlanSnapshot](t, b)
	}
}

// The decoder's errors name the field, by its path, and the rule.
func TestDecodeErrors(t *testing.T) {
	for name, tc := range map[string]struct{ body, want string }{
		"unknown field":        {`{"Problems":[{"Sevrity":1}]}`, `care plan: Problems[0]: unknown field "Sevrity" in careplan.Problem`},
		"field in other case":  {`{"id":"x"}`, `unknown field "id" in careplan.CarePlanSnapshot`},
		"escaped unknown":      {`{"I\u0044x":"x"}`, `unknown field "IDx" in careplan.CarePlanSnapshot`},
		"string for int":       {`{"Problems":[{"Scope":"x"}]}`, `Problems[0].Scope: want an integer for omaha.Scope, found a string`},
		"fraction for int":     {`{"Interventions":[{"Schedule":{"Windows":[{},{"Earliest":1.5}]}}]}`, `Interventions[0].Schedule.Windows[1].Earliest: want an integer for int, found 1.5`},
		"overflow":             {`{"Status":99999999999999999999}`, `Status: number 99999999999999999999 overflows careplan.Status`},
		"object for string":    {`{"Problems":[{"Signs":[{"Name":{}}]}]}`, `Problems[0].Signs[0].Name: want a string for string, found an object`},
		"number for slice":     {`{"History":7}`, `History: want an array for []careplan.Event, found a number`},
		"array for struct":     {`{"Interventions":[{"Schedule":[]}]}`, `Interventions[0].Schedule: want an object for careplan.Schedule, found an array`},
		"number for date":      {`{"Start":20260302}`, `Start: want a string for wijk.Date, found a number`},
		"bad date":             {`{"Start":"2026-13-01"}`, `Start: reading wijk.Date: `},
		"bad time":             {`{"History":[{"At":"yesterday"}]}`, `History[0].At: reading time.Time: `},
		"promoted field":       {`{"Ratings":[{"Knowledge":true}]}`, `Ratings[0].Knowledge: want an integer for int, found a boolean`},
		"twice":                {`{"ID":"a","ID":"b"}`, `field "ID" appears twice in careplan.CarePlanSnapshot`},
		"trailing":             {`{"ID":"a"} x`, `trailing data after the record's body`},
		"bad value":            {`{"ID":x}`, `invalid JSON at byte 29: want a value, found 'x'`},
		"truncated":            {`{"ID":"a`, `invalid JSON at byte 31: unexpected end of data in a string`},
		"control in string":    {`{"ID":"a` + "\x01" + `"}`, `invalid JSON at byte 31: control character byte 0x01 in a string`},
		"bad escape":           {`{"ID":"\x"}`, `invalid escape 'x' in a string`},
		"missing colon":        {`{"ID" "a"}`, `want ':' after a field name, found '"'`},
		"missing comma":        {`{"ID":"a" "Client":"b"}`, `want ',' or '}' after a field, found '"'`},
		"leading zero":         {`{"Status":01}`, `want ',' or '}' after a field, found '1'`},
		"bad literal":          {`{"Status":nul}`, `Status: invalid JSON at byte 33: invalid literal, want null`},
		"empty":                {``, `unexpected end of data`},
		"trailing comma":       {`{"Problems":[{},]}`, `want a value, found ']'`},
		"field name no string": {`{ID:1}`, `want a field name, found 'I'`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := records.DecodeCarePlan([]byte(`{"format":1,"careplan":` + tc.body + `}`))
			require.ErrorIs(t, err, storage.ErrCorrupt)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// Format 2 (and 3, which only adds fields) names fields by their tags and
// enums by their words; a record of format 2 in the form of format 1 is
// refused, and so are formats this code does not know.
func TestDecodeErrorsFormat2(t *testing.T) {
	for name, tc := range map[string]struct{ record, want string }{
		"go name":           {`{"format":2,"careplan":{"Status":"active"}}`, `unknown field "Status" in careplan.CarePlanSnapshot`},
		"enum as number":    {`{"format":2,"careplan":{"status":2}}`, `status: want a string for careplan.Status, found a number`},
		"unknown word":      {`{"format":2,"careplan":{"problems":[{"scope":"street"}]}}`, `problems[0].scope: reading omaha.Scope`},
		"word in format 1":  {`{"format":1,"careplan":{"Status":"active"}}`, `Status: want an integer for careplan.Status, found a string`},
		"go name, format 3": {`{"format":3,"careplan":{"Status":"active"}}`, `unknown field "Status" in careplan.CarePlanSnapshot`},
		"format 4":          {`{"format":4,"careplan":{}}`, `record format 4 is not one this code reads (1 to 3)`},
		"format 0":          {`{"format":0,"careplan":{}}`, `record format 0 is not one this code reads`},
		"format 02":         {`{"format":02,"careplan":{}}`, `record format 02 is not one this code reads`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := records.DecodeCarePlan([]byte(tc.record))
			require.ErrorIs(t, err, storage.ErrCorrupt)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// sink has a field of every kind the decoder reads, and some it leaves
// to encoding/json.
type sink struct {
	B     bool
	I     int
	I8    int8
	I16   int16
	I32   int32
	I64   int64
	U     uint
	U8    uint8
	U16   uint16
	U32   uint32
	U64   uint64
	UP    uintptr
	F32   float32
	F64   float64
	S     string
	ID    wijk.ID
	D     time.Duration
	T     time.Time
	TP    *time.Time
	Date  wijk.Date
	Text  sinkText
	TextS sinkTexts
	JS    sinkJSON
	Raw   json.RawMessage
	P     *sinkInner
	PP    **sinkInner
	Arr   [2]int8
	Sl    []sinkInner
	SS    [][]string
	Bytes []byte
	M     map[string]int
	Any   any
	Tag   int    `json:"tagged_name"`
	Skip  int    `json:"-"`
	Omit  string `json:",omitempty"`
	Odd   sinkOdd
	Emb   sinkTaggedEmbed
	sinkEmbedded
	//lint:ignore U1000 never set: it is here so that a key naming an unexported field is refused
	hidden int
}

type sinkInner struct {
	A int
	B string
}

type sinkEmbedded struct {
	E1 int
	E2 []string
}

// sinkOdd is left to encoding/json whole: its fields collide through
// embedding, and one is quoted.
type sinkOdd struct {
	A int
	sinkInner
	Q int `json:",string"`
}

// sinkTaggedEmbed is left to encoding/json whole: it embeds a field of an
// unexported type under a tag name.
type sinkTaggedEmbed struct {
	sinkInner `json:"t"`
}

// sinkText reads itself from text.
type sinkText struct{ s string }

func (x *sinkText) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("bad text")
	}
	x.s = string(b)
	return nil
}

// sinkTexts is a slice that reads itself from text.
type sinkTexts []string

func (x *sinkTexts) UnmarshalText(b []byte) error {
	*x = append(*x, string(b))
	return nil
}

// sinkJSON keeps the JSON it is given.
type sinkJSON struct{ raw string }

func (x *sinkJSON) UnmarshalJSON(b []byte) error {
	if string(b) == `"bad"` {
		return errors.New("bad json")
	}
	x.raw = string(b)
	return nil
}

// sinkSeeds are bodies for sink that reach every plan, and its edges.
var sinkSeeds = []string{
	`{"B":true,"I":-9223372036854775808,"I8":-128,"I16":32767,"I32":-2147483648,"I64":9223372036854775807,` +
		`"U":18446744073709551615,"U8":255,"U16":65535,"U32":4294967295,"U64":1,"UP":2,"F32":3.4028234e38,"F64":-1.5e-300,` +
		`"S":"plain","ID":"01JNQX00000000000000001001","D":1000,"T":"2026-03-02T09:15:30.123Z","TP":"2024-02-29T23:59:59Z",` +
		`"Date":"2026-03-02","Text":"hello","TextS":"one","JS":{"x":[1,2,{}]},"Raw":[true, false ,null],` +
		`"P":{"A":1,"B":"b"},"PP":{"A":2},"Arr":[1,-1],"Sl":[{"A":1},{"B":"x"}],"SS":[["a"],[],null],` +
		`"Bytes":"aGVsbG8=","M":{"a":1},"Any":{"k":[1,"2",null]},"tagged_name":5,"Omit":"o",` +
		`"Odd":{"A":1,"B":"b","Q":"7"},"E1":3,"E2":["e"]}`,
	`{"B":null,"I":null,"S":null,"T":null,"TP":null,"Date":null,"Text":null,"TextS":null,"JS":null,"Raw":null,` +
		`"P":null,"PP":null,"Arr":null,"Sl":null,"SS":null,"Bytes":null,"M":null,"Any":null,"Odd":null}`,
	`{"Sl":[],"SS":[],"E2":[],"Raw":"","TextS":"x"}`,
	`{"S":"esc\"aped\\\/\b\f\n\r\t\u00e9\ud83c\udf37\ud800x","ID":"Zo\u00eb","Text":"\u0041"}`,
	"{\"S\":\"bad utf-8 \xff\xfe and \xc3\"}",
	`{"T":"2026-03-02T09:15:30+01:00"}`,
	`{"T":"2026-03-02T09:15:30.1234567891Z"}`,
	`{"T":"2026-02-29T09:15:30Z"}`,
	`{"T":"2026-03-02t09:15:30z"}`,
	`{"T":"2026-03-02T09:15:30,5Z"}`,
	`{"T":"\u0032026-03-02T09:15:30Z"}`,
	`{"Emb":{"t":{"A":1,"B":"b"}}}`, `{"Emb":{"t":null}}`, `{"Emb":{"A":1}}`,
	`{"I8":128}`, `{"U":-1}`, `{"U":-0}`, `{"I":-0}`, `{"I":1e2}`, `{"I":1.0}`, `{"F32":1e39}`, `{"F64":1e400}`,
	`{"I64":9223372036854775808}`, `{"I":-9223372036854775809}`, `{"U64":18446744073709551616}`,
	`{"Arr":[1]}`, `{"Arr":[1,2,3]}`, `{"Arr":[1,128]}`,
	`{"i":1}`, `{"I":1,"I":2}`, `{"Skip":1}`, `{"hidden":1}`, `{"Tag":1}`, `{"sinkEmbedded":{}}`,
	`{"Text":"bad"}`, `{"JS":"bad"}`, `{"Text":1}`, `{"TextS":null}`, `{"JS":[1,}`,
	` { "B" : true } `, `{"B":true}x`, `{"B":tru}`, `[]`, `null`, `"x"`, `{}`,
}

func TestSinkDecodesAlike(t *testing.T) {
	for _, s := range sinkSeeds {
		diffDecode[sink](t, []byte(s))
	}
	require.Equal(t, []string{"**records_test.sinkInner", "[]uint8", "interface {}", "map[string]int", "records_test.sinkOdd", "records_test.sinkTaggedEmbed"},
		records.FallbackTypes(reflect.TypeFor[sink]()))
	var v sink
	require.NoError(t, records.DecodeBody([]byte(sinkSeeds[0]), 0, &v))
	require.Equal(t, 5, v.Tag)
	require.Equal(t, "hello", v.Text.s)
	require.Equal(t, `{"x":[1,2,{}]}`, v.JS.raw)
	require.Equal(t, 2, (**v.PP).A)
	require.Equal(t, 7, v.Odd.Q)
	require.Equal(t, []string{"e"}, v.E2)
	require.NoError(t, records.DecodeBody([]byte(`{"Emb":{"t":{"A":1,"B":"b"}}}`), 0, &v))
	require.Equal(t, sinkInner{A: 1, B: "b"}, v.Emb.sinkInner)
}

func TestSinkErrors(t *testing.T) {
	for body, want := range map[string]string{
		`{"I8":128}`:          `I8: number 128 overflows int8`,
		`{"U":-1}`:            `U: want an unsigned integer for uint, found -1`,
		`{"F32":1e39}`:        `F32: number 1e39 overflows float32`,
		`{"Arr":[1,2,3]}`:     `Arr: want 2 elements for [2]int8, found more`,
		`{"Arr":[1]}`:         `Arr: want 2 elements for [2]int8, found 1`,
		`{"Sl":[{},{"C":1}]}`: `Sl[1]: unknown field "C" in records_test.sinkInner`,
		`{"Text":"bad"}`:      `Text: reading records_test.sinkText: bad text`,
		`{"JS":"bad"}`:        `JS: reading records_test.sinkJSON: bad json`,
		`{"M":{"a":"b"}}`:     `M: reading map[string]int: json: cannot unmarshal string into Go value of type int`,
		`{"Odd":{"X":1}}`:     `Odd: reading records_test.sinkOdd: json: unknown field "X"`,
		`{"Skip":1}`:          `unknown field "Skip" in records_test.sink`,
	} {
		err := records.DecodeBody([]byte(body), 0, &sink{})
		require.ErrorContains(t, err, want, body)
	}
}

func TestDecodeDepthLimit(t *testing.T) {
	type deep struct{ Raw json.RawMessage }
	nested := func(n int) []byte {
		return []byte(`{"Raw":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`)
	}
	require.NoError(t, records.DecodeBody(nested(9999), 0, &deep{}))
	err := records.DecodeBody(nested(10000), 0, &deep{})
	require.ErrorContains(t, err, "nest deeper than 10000")
	diffDecode[deep](t, nested(10000))
	diffDecode[deep](t, nested(100000))
}

// Every time encoding/json writes for a UTC time, and near misses, is read
// as time.Time's own UnmarshalJSON reads it.
func TestDecodeTimesAlike(t *testing.T) {
	type timed struct{ T time.Time }
	base := time.Date(2024, time.February, 28, 23, 59, 58, 0, time.UTC)
	for i := range 2000 {
		tm := base.Add(time.Duration(i) * 1234567891 * time.Microsecond)
		if i%7 == 0 {
			tm = tm.Truncate(time.Second)
		}
		b, err := json.Marshal(timed{tm})
		require.NoError(t, err)
		diffDecode[timed](t, b)
	}
	for _, s := range []string{
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2023-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
		"1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z",
		"2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "2026-01-01T23:59:59.Z",
		"2026-01-01T23:59:59.1Z", "2026-01-01T23:59:59.12345678901Z", "2026-01-01T23:59:59.1x3Z",
		"2026-01-01T23:59:59+00:00", "2026-01-01T23:59:59-23:59", "2026-01-01 23:59:59Z", "+2026-01-01T23:59:59Z",
		"2026-1-01T23:59:59Z", "2026-01-01T23:59:59", "2026-01-01T23:59:59ZZ", "2026-01-01T3:59:59Z",
	} {
		diffDecode[timed](t, []byte(`{"T":"`+s+`"}`))
	}
}

// Differential fuzz targets: whatever the decoder reads, encoding/json
// reads into the same value; see diffDecode.

func FuzzDiffCarePlan(f *testing.F) {
	f.Add(fullBodyOf[careplan.CarePlanSnapshot](f))
	for _, b := range newWorldBodies(f).plans[:2] {
		f.Add(b)
	}
	b, err := records.EncodeCarePlan(testPlan(f))
	require.NoError(f, err)
	f.Add(bodyOf(f, b, "careplan"))
	f.Add([]byte(`{"Problems":[{"Signs":null,"Scope":1e0}],"Ratings":[{"Knowledge":-0,"knowledge":1}],"status":2}`))
	f.Add([]byte(`{"ID":"\u0030\ud800","History":[{"At":"2026-03-02T09:15:30+01:00"},{"At":null}],"Start":null}`))
	f.Add([]byte(`{"Problems":[{"Signs":[{}]}],"Interventions":[{"Schedule":{"Windows":[{}],"Days":[1]}}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[careplan.CarePlanSnapshot](t, body) })
}

func FuzzDiffClient(f *testing.F) {
	f.Add(fullBodyOf[careplan.ClientSnapshot](f))
	for _, b := range newWorldBodies(f).clients[:2] {
		f.Add(b)
	}
	f.Add([]byte(`{"Name":"Zo\u00eb","Goals":[],"Strengths":null,"Formal":[{"Role":1,"role":2}]}`))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[careplan.ClientSnapshot](t, body) })
}

func FuzzDiffTeam(f *testing.F) {
	f.Add(fullBodyOf[team.TeamSnapshot](f))
	f.Add(newWorldBodies(f).team)
	f.Add([]byte(`{"Members":[{"Level":9,"ContractPerWeek":1e3}],"Norms":{"SizeNorm":-1},"Founded":""}`))
	f.Add([]byte(`{"Handovers":[{"At":"2026-03-02T09:15:30Z"}],"AreaChanges":[{"To":{"Postcodes":[]}}],"Roles":[{"Standard":true}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[team.TeamSnapshot](t, body) })
}

func FuzzDiffCoach(f *testing.F) {
	f.Add(fullBodyOf[team.CoachSnapshot](f))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[team.CoachSnapshot](t, body) })
}

func FuzzDiffHours(f *testing.F) {
	f.Add(fullBodyOf[team.HoursRecord](f))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[team.HoursRecord](t, body) })
}

func FuzzDiffProposal(f *testing.F) {
	f.Add(fullBodyOf[records.ProposalRecord](f))
	f.Add([]byte(`{"Versions":[{"Payload":null},{"Payload":{"Kind":"x","Value":null}},{"Payload":{"Value":[1, {"a" : 2}]}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[records.ProposalRecord](t, body) })
}

func FuzzDiffMeeting(f *testing.F) {
	f.Add(fullBodyOf[consensus.MeetingSnapshot](f))
	f.Add([]byte(`{"Report":null,"Agenda":[{"Done":false,"OtherBusiness":null}]}`))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[consensus.MeetingSnapshot](t, body) })
}

func FuzzDiffDecision(f *testing.F) {
	f.Add(fullBodyOf[records.DecisionRecord](f))
	f.Add([]byte(`{"Payload":{"Kind":"leave","Value":{"Person":"x"}},"Objections":[{}],"ReviewOn":"2026-03-02"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[records.DecisionRecord](t, body) })
}

// TestDecodeHugeDateIsCheap: a date field holding megabytes of junk is
// refused with a short error. The date's own parser used to quote the whole
// value, four bytes per control byte, so one such body cost the decoder
// seconds and hundreds of megabytes, enough to get a fuzzing worker killed
// or timed out without a reproducible failure.
func TestDecodeHugeDateIsCheap(t *testing.T) {
	body := []byte(`{"start":"` + strings.Repeat("\x7f", 8<<20) + `"}`)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var h consensus.Hire
	err := records.DecodeBody(body, 0, &h)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Less(t, len(err.Error()), 400)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4*len(body)), "reading the body allocates in proportion to it")
}

// FuzzDiffPayload covers the payload types; kind picks one.
func FuzzDiffPayload(f *testing.F) {
	bodies := []func(testing.TB) []byte{
		fullBodyOf[consensus.Hire], fullBodyOf[consensus.Leave], fullBodyOf[consensus.AssignRole],
		fullBodyOf[consensus.HandOverRole], fullBodyOf[consensus.Split], fullBodyOf[consensus.ChangeNorms],
	}
	for i, body := range bodies {
		f.Add(uint8(i), body(f))
	}
	f.Add(uint8(4), []byte(`{"proposal":{"sides":[{"continuity":{"num":1e-400,"den":-0.0}},{}]}}`))
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		switch kind % 6 {
		case 0:
			diffDecode[consensus.Hire](t, body)
		case 1:
			diffDecode[consensus.Leave](t, body)
		case 2:
			diffDecode[consensus.AssignRole](t, body)
		case 3:
			diffDecode[consensus.HandOverRole](t, body)
		case 4:
			diffDecode[consensus.Split](t, body)
		case 5:
			diffDecode[consensus.ChangeNorms](t, body)
		}
	})
}

// FuzzDiffSink covers every kind the decoder reads, and the fallback.
func FuzzDiffSink(f *testing.F) {
	for _, s := range sinkSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { diffDecode[sink](t, body) })
}

// BenchmarkDecodeBody compares the decoder with encoding/json on a care
// plan's body alone, without the envelope and without Restore.
func BenchmarkDecodeBody(b *testing.B) {
	rec, err := records.EncodeCarePlan(testPlan(b))
	require.NoError(b, err)
	body := bodyOf(b, rec, "careplan")
	b.Run("decoder", func(b *testing.B) {
		for b.Loop() {
			var s careplan.CarePlanSnapshot
			if err := records.DecodeBody(body, 0, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			var s careplan.CarePlanSnapshot
			if err := jsonDecodeBody(body, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
