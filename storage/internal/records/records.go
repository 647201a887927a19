package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/wijkzorg/wijk/storage"
)

// Format is the record format this code writes and reads. A change to the
// shape of any record bumps it; a reader refuses formats it does not know.
const Format = 1

// MaxRecord bounds the size of one record, so a tampered row cannot make a
// reader allocate without limit.
const MaxRecord = 64 << 20

// ErrCorrupt is matched by every error about a record that cannot be read.
var ErrCorrupt = storage.ErrCorrupt

func corrupt(entity string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrCorrupt, entity, err)
}

// encode wraps v under key with the format number, after normalising its
// times.
func encode(key string, v any) ([]byte, error) {
	rv := normalise(reflect.ValueOf(v))
	var buf bytes.Buffer
	buf.WriteString(`{"format":`)
	fmt.Fprint(&buf, Format)
	buf.WriteString(`,"` + key + `":`)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rv.Interface()); err != nil {
		return nil, fmt.Errorf("encoding %s: %w", key, err)
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	return append(b, '}'), nil
}

// decode reads a record written by encode into dst (a pointer), strictly:
// the record must have exactly the shape encode writes,
// {"format":N,"key":{…}}, with N a format this code reads and no unknown
// fields in the body. The envelope is checked by hand, and the body is
// read in one pass by decodeBody.
func decode(entity, key string, data []byte, dst any) error {
	if len(data) > MaxRecord {
		return corrupt(entity, fmt.Errorf("record of %d bytes is over the %d-byte limit", len(data), MaxRecord))
	}
	rest, ok := bytes.CutPrefix(data, []byte(`{"format":`))
	if !ok {
		return corrupt(entity, errors.New(`record does not begin with its format number`))
	}
	n := 0
	for n < len(rest) && n < 9 && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 {
		return corrupt(entity, errors.New("record format is not a number"))
	}
	format, _ := strconv.Atoi(string(rest[:n]))
	if format != Format {
		return corrupt(entity, fmt.Errorf("record format %d is not one this code reads (%d)", format, Format))
	}
	body, ok := bytes.CutPrefix(rest[n:], []byte(`,"`+key+`":`))
	if !ok {
		return corrupt(entity, fmt.Errorf("record must hold %q after its format", key))
	}
	body, ok = bytes.CutSuffix(body, []byte("}"))
	if !ok {
		return corrupt(entity, errors.New("record does not end with a closing brace"))
	}
	if err := decodeBody(body, len(data)-len(body)-1, dst); err != nil {
		return corrupt(entity, err)
	}
	return nil
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

// normalise returns v with every time.Time in it set to UTC and truncated
// to the millisecond. It copies what it changes and never writes through
// to v's slices or pointers, which may be shared with the caller.
func normalise(v reflect.Value) reflect.Value {
	if !v.IsValid() || !holdsTime(v.Type()) {
		return v
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			return reflect.ValueOf(t.UTC().Truncate(time.Millisecond))
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := range v.NumField() {
			if f := c.Field(i); f.CanSet() {
				f.Set(normalise(v.Field(i)))
			}
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(normalise(v.Index(i)))
		}
		return c
	case reflect.Array:
		c := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			c.Index(i).Set(normalise(v.Index(i)))
		}
		return c
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(normalise(v.Elem()))
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			c.SetMapIndex(it.Key(), normalise(it.Value()))
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(normalise(v.Elem()))
		return c
	}
	return v
}
