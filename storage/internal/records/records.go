// Package records is the one serialized form of wijk's aggregates, shared
// by every storage backend so that they store, and read back, the same
// bytes.
//
// A record is the aggregate's domain snapshot as JSON, wrapped with a
// record-format number:
//
//	{"format":1,"team":{…TeamSnapshot…}}
//
// Encoding normalises every time in the snapshot to UTC at millisecond
// precision, the precision storage promises. Decoding is strict (unknown
// fields, trailing data and an unknown format are errors) and always ends in
// the domain's validating Restore function, so a damaged or tampered record
// gives an error, never a panic and never an aggregate that breaks its
// rules.
package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

// decode reads a record written by encode into dst (a pointer), strictly.
func decode(entity, key string, data []byte, dst any) error {
	if len(data) > MaxRecord {
		return corrupt(entity, fmt.Errorf("record of %d bytes is over the %d-byte limit", len(data), MaxRecord))
	}
	var env struct {
		Format int             `json:"format"`
		Body   json.RawMessage `json:"-"`
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return corrupt(entity, err)
	}
	if err := json.Unmarshal(raw["format"], &env.Format); err != nil {
		return corrupt(entity, fmt.Errorf("format: %w", err))
	}
	if env.Format != Format {
		return corrupt(entity, fmt.Errorf("record format %d is not one this code reads (%d)", env.Format, Format))
	}
	body, ok := raw[key]
	if !ok || len(raw) != 2 {
		return corrupt(entity, fmt.Errorf("record must hold exactly \"format\" and %q", key))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return corrupt(entity, err)
	}
	if dec.More() {
		return corrupt(entity, errors.New("trailing data"))
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
