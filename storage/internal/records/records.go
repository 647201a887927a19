package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
)

// Format is the record format this code writes. A change to the shape of
// any record bumps it, and the reader keeps reading every older format:
// a record must stay readable for as long as it is kept. A reader
// refuses formats it does not know.
//
// Format 1 named each field by its Go name and wrote each enum as its
// number, so renaming a field or reordering an enum would have changed
// the meaning of stored records. Format 2 names every field by an
// explicit json tag and writes every enum by its word. Format 3 adds the
// optional coordinates of a client's address ("coordinates", null when
// not known); it is read as format 2 is, and a format-2 record reads as
// an address without coordinates. It also holds the rosters and day plans
// and the two payloads that adopt them ("adopt roster", "adopt day
// plan"), which no earlier format had: a reader that does not know a
// payload's kind refuses the record, naming the kind. Golden records
// under testdata pin every form.
const Format = 3

// MaxRecord bounds the size of one record, so a tampered row cannot make a
// reader allocate without limit.
const MaxRecord = 64 << 20

// ErrCorrupt is matched by every error about a record that cannot be read.
var ErrCorrupt = storage.ErrCorrupt

func corrupt(entity string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrCorrupt, entity, err)
}

// encode wraps v under key with the format number, after normalising its
// times. A value that cannot be written is refused with an error matching
// wijk.ErrInvalid, never an unclassified one: a time outside the years 1
// to 9999 in UTC (encoding/json writes only four-digit years) names its
// field path under key, such as "careplan.History[0].At"; anything else
// encoding/json refuses names key.
func encode(key string, v any) ([]byte, error) {
	rv, err := normalise(reflect.ValueOf(v))
	if err != nil {
		return nil, fieldError(key, err)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"format":`)
	fmt.Fprint(&buf, Format)
	buf.WriteString(`,"` + key + `":`)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rv.Interface()); err != nil {
		return nil, wijk.Invalid(key, "cannot be stored: %v", err)
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	return append(b, '}'), nil
}

// decode reads a record written by encode, in any format this code reads,
// into dst (a pointer), strictly: the record must have exactly the shape
// encode writes, {"format":N,"key":{…}}, with N a format this code reads
// and no unknown fields in the body. The envelope is checked by hand, and
// the body is read in one pass by decodeBodyAs. It returns the record's
// format.
func decode(entity, key string, data []byte, dst any) (int, error) {
	if len(data) > MaxRecord {
		return 0, corrupt(entity, fmt.Errorf("record of %d bytes is over the %d-byte limit", len(data), MaxRecord))
	}
	rest, ok := bytes.CutPrefix(data, []byte(`{"format":`))
	if !ok {
		return 0, corrupt(entity, errors.New(`record does not begin with its format number`))
	}
	n := 0
	for n < len(rest) && n < 9 && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 {
		return 0, corrupt(entity, errors.New("record format is not a number"))
	}
	format, _ := strconv.Atoi(string(rest[:n]))
	if format < 1 || format > Format || n > 1 && rest[0] == '0' {
		return 0, corrupt(entity, fmt.Errorf("record format %s is not one this code reads (1 to %d)", rest[:n], Format))
	}
	body, ok := bytes.CutPrefix(rest[n:], []byte(`,"`+key+`":`))
	if !ok {
		return 0, corrupt(entity, fmt.Errorf("record must hold %q after its format", key))
	}
	body, ok = bytes.CutSuffix(body, []byte("}"))
	if !ok {
		return 0, corrupt(entity, errors.New("record does not end with a closing brace"))
	}
	if err := decodeBodyAs(format, body, len(data)-len(body)-1, dst); err != nil {
		return 0, corrupt(entity, err)
	}
	return format, nil
}

var timeType = reflect.TypeFor[time.Time]()

// hasTime caches, per type, whether a value of it can hold a time.Time.
var hasTime sync.Map // reflect.Type → bool

func holdsTime(t reflect.Type) bool {
	if v, ok := hasTime.Load(t); ok {
		return v.(bool)
	}
	hasTime.Store(t, false) // breaks recursion through self-referencing types
	r := false
	switch t.Kind() {
	case reflect.Struct:
		if t == timeType {
			r = true
			break
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsTime(f.Type) {
				r = true
				break
			}
		}
	case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map:
		r = holdsTime(t.Elem())
	case reflect.Interface:
		r = true // whatever it holds is decided at run time
	}
	hasTime.Store(t, r)
	return r
}

// minRecordTime and pastMaxRecordTime bound the times a record holds: the
// years 1 to 9999 in UTC, as the domain accepts them (internal/valid) and
// as encoding/json writes them. The zero time, 0001-01-01T00:00:00Z, is
// in.
var (
	minRecordTime     = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	pastMaxRecordTime = time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// timeRangeError reports a time that a record cannot hold, with the path
// that leads to it.
type timeRangeError struct {
	path []string // innermost first: steps are added as the error returns outwards
}

func (e *timeRangeError) Error() string { return "a time outside the years 1 to 9999" }

// atStep adds a step (a field name, or an index or key in brackets) to
// the path of a timeRangeError.
func atStep(err error, step string) error {
	if e, ok := err.(*timeRangeError); ok {
		e.path = append(e.path, step)
	}
	return err
}

// fieldError turns an error of normalise into a validation error naming
// the field path under key.
func fieldError(key string, err error) error {
	e, ok := err.(*timeRangeError)
	if !ok {
		return wijk.Invalid(key, "cannot be stored: %v", err)
	}
	var b strings.Builder
	for i := len(e.path) - 1; i >= 0; i-- {
		s := e.path[i]
		if b.Len() > 0 && s[0] != '[' {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return wijk.InField(key, wijk.Invalid(b.String(), "must be in the years 1 to 9999"))
}

// jsonName returns the name encoding/json writes a struct field under, ""
// for an embedded struct whose fields it writes in line, and skip for a
// field it does not write.
func jsonName(f reflect.StructField) (name string, skip bool) {
	name, _, _ = strings.Cut(f.Tag.Get("json"), ",")
	switch {
	case name == "-" && f.Tag.Get("json") == "-":
		return "", true
	case name != "":
		return name, false
	case f.Anonymous && f.Type.Kind() == reflect.Struct:
		return "", false
	}
	return f.Name, false
}

// normalise returns v with every time.Time in it set to UTC and truncated
// to the millisecond. It copies what it changes and never writes through
// to v's slices or pointers, which may be shared with the caller. A time
// outside the years 1 to 9999 in UTC gives a *timeRangeError with its path.
func normalise(v reflect.Value) (reflect.Value, error) {
	if !v.IsValid() || !holdsTime(v.Type()) {
		return v, nil
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			// Compare rather than read the year: Year wraps around for
			// times billions of years away.
			if t.Before(minRecordTime) || !t.Before(pastMaxRecordTime) {
				return v, &timeRangeError{}
			}
			return reflect.ValueOf(t.UTC().Truncate(time.Millisecond)), nil
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := range v.NumField() {
			if f := c.Field(i); f.CanSet() {
				n, err := normalise(v.Field(i))
				if err != nil {
					name, skip := jsonName(v.Type().Field(i))
					if skip {
						continue // never written: leave it as it is
					}
					if name != "" {
						err = atStep(err, name)
					}
					return v, err
				}
				f.Set(n)
			}
		}
		return c, nil
	case reflect.Slice:
		if v.IsNil() {
			return v, nil
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			n, err := normalise(v.Index(i))
			if err != nil {
				return v, atStep(err, "["+strconv.Itoa(i)+"]")
			}
			c.Index(i).Set(n)
		}
		return c, nil
	case reflect.Array:
		c := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			n, err := normalise(v.Index(i))
			if err != nil {
				return v, atStep(err, "["+strconv.Itoa(i)+"]")
			}
			c.Index(i).Set(n)
		}
		return c, nil
	case reflect.Pointer:
		if v.IsNil() {
			return v, nil
		}
		n, err := normalise(v.Elem())
		if err != nil {
			return v, err
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(n)
		return c, nil
	case reflect.Map:
		if v.IsNil() {
			return v, nil
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			n, err := normalise(it.Value())
			if err != nil {
				return v, atStep(err, fmt.Sprintf("[%v]", it.Key()))
			}
			c.SetMapIndex(it.Key(), n)
		}
		return c, nil
	case reflect.Interface:
		if v.IsNil() {
			return v, nil
		}
		n, err := normalise(v.Elem())
		if err != nil {
			return v, err
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(n)
		return c, nil
	}
	return v, nil
}
