package records

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// This file holds the decoder for record bodies: a strict, single-pass
// JSON reader that fills a Go value directly from the record's bytes.
//
// For each Go type it reads into, a plan is worked out once, by
// reflection, and cached: which JSON names map to which struct fields, and
// how each field's value is read. Reading then walks the bytes once,
// checking the JSON grammar as it goes, with no second scan and no
// intermediate tokens.
//
// It reads what encoding/json reads, into the same values, with these
// differences, each of which only refuses more:
//
//   - A field name must match exactly; encoding/json also takes a name
//     that differs only in letter case.
//   - A field may appear only once in an object.
//   - A JSON array read into a Go array must have exactly the array's
//     length.
//
// Objects and arrays may nest at most maxDepth deep, as in encoding/json.
// An unknown field, data after the value, a value of the wrong JSON type,
// a number that does not fit its Go type, and anything that is not JSON
// are errors, as with encoding/json and DisallowUnknownFields.
//
// Types that implement json.Unmarshaler or encoding.TextUnmarshaler are
// read by calling those methods, as encoding/json does; time.Time has a
// fast path for the RFC 3339 form encoding/json writes, and leaves every
// other form to its own UnmarshalJSON. A type the plan does not handle
// (maps, interfaces, byte slices, embedded pointers, field names that
// collide through embedding, the ",string" tag option, …) is handed, value
// by value, to encoding/json with DisallowUnknownFields, so it is read as
// before rather than read wrongly.

// maxDepth bounds how deeply objects and arrays may nest in a record body,
// so that hostile input cannot exhaust the stack. It is the limit
// encoding/json keeps too.
const maxDepth = 10000

// decodeBody reads the JSON value in body, in the current record format,
// into the value dst points to, which should be the zero value of its
// type. base is the offset of body in its record, used only in error
// messages.
func decodeBody(body []byte, base int, dst any) error {
	return decodeBodyAs(Format, body, base, dst)
}

// decodeBodyAs reads body as decodeBody does, in the given record format
// (see Format): format 1 names fields by their Go names and writes
// enums as numbers.
func decodeBodyAs(format int, body []byte, base int, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("decoding into %T: not a non-nil pointer", dst)
	}
	p := planFor(v.Type().Elem(), format == 1)
	d := decoder{data: body, base: base}
	if err := p.decode(&d, v.Elem()); err != nil {
		return err
	}
	d.skipSpace()
	if d.pos != len(d.data) {
		return d.syntax("trailing data after the record's body")
	}
	return nil
}

// decoder is the reading position in one record body.
type decoder struct {
	data  []byte
	pos   int
	base  int // offset of data in its record, for error messages
	depth int // objects and arrays open at pos
}

// plan reads one JSON value at the decoder's position into v, which is
// addressable and of the type the plan was made for.
type plan interface {
	decode(d *decoder, v reflect.Value) error
}

// plans caches a plan per type and form: planKey → plan.
var plans sync.Map

// planKey names a plan: the type it reads, and whether it reads the form
// of record format 1.
type planKey struct {
	typ     reflect.Type
	format1 bool
}

func planFor(t reflect.Type, format1 bool) plan {
	k := planKey{t, format1}
	if p, ok := plans.Load(k); ok {
		return p.(plan)
	}
	c := compiler{done: map[reflect.Type]plan{}, format1: format1}
	p, _ := plans.LoadOrStore(k, c.compile(t))
	return p.(plan)
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// compiler makes the plans for one type and every type reachable from it.
type compiler struct {
	done map[reflect.Type]plan
	// format1 makes plans for record format 1, which named every field
	// by its Go name (no field had a json tag) and wrote every enum as
	// its number (no enum wrote itself as text).
	format1 bool
}

func (c *compiler) compile(t reflect.Type) plan {
	if p, ok := c.done[t]; ok {
		return p
	}
	p := c.build(t)
	c.done[t] = p
	return p
}

func (c *compiler) build(t reflect.Type) plan {
	if t == timeType {
		return timePlan{}
	}
	if t.Kind() != reflect.Pointer && !(c.format1 && isInt(t.Kind())) {
		// encoding/json looks for the methods on the value's address,
		// and only for named types; an unnamed type with methods (a
		// struct literal type embedding one) is left to it.
		pt := reflect.PointerTo(t)
		switch {
		case pt.Implements(jsonUnmarshalerType):
			if t.Name() == "" {
				return fallbackPlan{t}
			}
			return unmarshalerPlan{t}
		case pt.Implements(textUnmarshalerType):
			if t.Name() == "" {
				return fallbackPlan{t}
			}
			return textPlan{t}
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		return boolPlan{t}
	case reflect.String:
		return stringPlan{t}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intPlan{t}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintPlan{t}
	case reflect.Float32, reflect.Float64:
		return floatPlan{t}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return fallbackPlan{t} // base64 text in encoding/json
		}
		p := &slicePlan{typ: t, empty: reflect.MakeSlice(t, 0, 0)}
		c.done[t] = p // before the element, which may refer back to t
		p.elem = c.compile(t.Elem())
		return p
	case reflect.Array:
		p := &arrayPlan{typ: t}
		c.done[t] = p
		p.elem = c.compile(t.Elem())
		return p
	case reflect.Pointer:
		// A named pointer type hides its element's methods from
		// encoding/json, and a pointer to a pointer is rare: both are
		// left to it.
		if t.Name() != "" || t.Elem().Kind() == reflect.Pointer {
			return fallbackPlan{t}
		}
		p := &pointerPlan{typ: t}
		c.done[t] = p
		p.elem = c.compile(t.Elem())
		return p
	case reflect.Struct:
		return c.structPlan(t)
	}
	return fallbackPlan{t}
}

// structPlan reads a JSON object into a struct.
type structPlan struct {
	typ    reflect.Type
	fields []fieldPlan
	byName map[string]int // JSON name → index in fields
}

// fieldPlan is one struct field as a JSON object member.
type fieldPlan struct {
	name  string // as it appears in JSON
	index int    // of the field in the struct, when it is not promoted
	path  []int  // the field's index sequence, when it is promoted from an embedded struct
	plan  plan
}

// fieldSpec is a struct field found by structFields.
type fieldSpec struct {
	name  string
	index []int
	typ   reflect.Type
}

func (c *compiler) structPlan(t reflect.Type) plan {
	specs, ok := structFields(t, c.format1)
	if !ok {
		return fallbackPlan{t}
	}
	p := &structPlan{typ: t, byName: make(map[string]int, len(specs))}
	c.done[t] = p // before the fields, which may refer back to t
	for i, s := range specs {
		f := fieldPlan{name: s.name, index: s.index[0]}
		if len(s.index) > 1 {
			f.path = s.index
		}
		f.plan = c.compile(s.typ)
		p.fields = append(p.fields, f)
		p.byName[s.name] = i
	}
	return p
}

// structFields lists the fields encoding/json reads into a struct of type
// t, with their JSON names: the exported fields and the fields promoted
// from embedded structs, named by their json tag or else their Go name.
// It reports false for what it leaves to encoding/json: an embedded
// pointer, a name given to more than one field, the ",string" option, a
// tag name other than letters, digits and underscores, or a tag name on an
// embedded field of an unexported type. With goNames, every field is named
// by its Go name whatever its tag says, as record format 1 wrote it.
func structFields(t reflect.Type, goNames bool) ([]fieldSpec, bool) {
	type embedded struct {
		typ   reflect.Type
		index []int
	}
	var specs []fieldSpec
	names := map[string]bool{}
	for level := []embedded{{typ: t}}; len(level) > 0; {
		var next []embedded
		for _, e := range level {
			for i := range e.typ.NumField() {
				sf := e.typ.Field(i)
				if sf.Anonymous {
					ft := sf.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if goNames {
					// Format 1 was written when no stored type had a
					// tag: a tag added since, of any kind, on any field,
					// says nothing about it.
					tag = ""
				}
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if name != "" && !plainName(name) {
					return nil, false
				}
				for opts != "" {
					var opt string
					opt, opts, _ = strings.Cut(opts, ",")
					if opt == "string" {
						return nil, false
					}
				}
				if name != "" && sf.Anonymous && !sf.IsExported() {
					// A named field of an unexported type: reflection
					// cannot hand out its address.
					return nil, false
				}
				index := append(append([]int(nil), e.index...), i)
				if name == "" && sf.Anonymous {
					switch {
					case sf.Type.Kind() == reflect.Struct:
						next = append(next, embedded{typ: sf.Type, index: index})
						continue
					case sf.Type.Kind() == reflect.Pointer && sf.Type.Elem().Kind() == reflect.Struct:
						return nil, false
					}
				}
				if name == "" {
					name = sf.Name
				}
				if names[name] {
					return nil, false
				}
				names[name] = true
				specs = append(specs, fieldSpec{name: name, index: index, typ: sf.Type})
			}
		}
		level = next
	}
	return specs, true
}

// isInt reports whether k is a signed integer kind, the kind of wijk's
// enums.
func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// plainName reports whether a json tag name is made of ASCII letters,
// digits and underscores only.
func plainName(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func (p *structPlan) decode(d *decoder, v reflect.Value) error {
	if null, err := d.enter('{', "an object", p.typ); null || err != nil {
		return err
	}
	c, err := d.peek()
	if err != nil {
		return err
	}
	if c == '}' {
		d.pos++
		d.depth--
		return nil
	}
	var seen uint64
	var seenMany []bool
	if len(p.fields) > 64 {
		seenMany = make([]bool, len(p.fields))
	}
	next := 0 // the field most likely to come next: the encoder writes them in order
	for {
		if c, err = d.peek(); err != nil {
			return err
		}
		if c != '"' {
			return d.syntax(fmt.Sprintf("want a field name, found %s", quoteByte(c)))
		}
		raw, plain, err := d.str()
		if err != nil {
			return err
		}
		i := -1
		var name string
		if plain {
			key := raw[1 : len(raw)-1]
			if next < len(p.fields) && p.fields[next].name == string(key) {
				i = next
			} else if j, ok := p.byName[string(key)]; ok {
				i = j
			} else {
				name = string(key)
			}
		} else {
			if name, err = d.unquote(raw); err != nil {
				return err
			}
			if j, ok := p.byName[name]; ok {
				i = j
			}
		}
		if i < 0 {
			return &bodyError{msg: fmt.Sprintf("unknown field %q in %v", name, p.typ)}
		}
		if seenMany != nil {
			if seenMany[i] {
				return &bodyError{msg: fmt.Sprintf("field %q appears twice in %v", p.fields[i].name, p.typ)}
			}
			seenMany[i] = true
		} else {
			if seen&(1<<i) != 0 {
				return &bodyError{msg: fmt.Sprintf("field %q appears twice in %v", p.fields[i].name, p.typ)}
			}
			seen |= 1 << i
		}
		if c, err = d.peek(); err != nil {
			return err
		}
		if c != ':' {
			return d.syntax(fmt.Sprintf("want ':' after a field name, found %s", quoteByte(c)))
		}
		d.pos++
		f := &p.fields[i]
		fv := v.Field(f.index)
		if f.path != nil {
			for _, j := range f.path[1:] {
				fv = fv.Field(j)
			}
		}
		if err := f.plan.decode(d, fv); err != nil {
			return atField(err, f.name)
		}
		next = i + 1
		if more, err := d.more('}', "a field"); err != nil || !more {
			return err
		}
	}
}

// slicePlan reads a JSON array into a slice; null gives a nil slice and
// [] an empty one, as with encoding/json.
type slicePlan struct {
	typ   reflect.Type
	elem  plan
	empty reflect.Value // a non-nil slice of length 0, shared: it has no room to write to
}

func (p *slicePlan) decode(d *decoder, v reflect.Value) error {
	null, err := d.enter('[', "an array", p.typ)
	if err != nil {
		return err
	}
	if null {
		v.SetZero()
		return nil
	}
	c, err := d.peek()
	if err != nil {
		return err
	}
	if c == ']' {
		d.pos++
		d.depth--
		v.Set(p.empty)
		return nil
	}
	v.SetZero()
	for i := 0; ; i++ {
		if i == v.Cap() {
			v.Grow(1)
		}
		v.SetLen(i + 1)
		if err := p.elem.decode(d, v.Index(i)); err != nil {
			return atIndex(err, i)
		}
		if more, err := d.more(']', "an element"); err != nil || !more {
			return err
		}
	}
}

// arrayPlan reads a JSON array of exactly the array's length into a Go
// array; null leaves it as it is, as with encoding/json.
type arrayPlan struct {
	typ  reflect.Type
	elem plan
}

func (p *arrayPlan) decode(d *decoder, v reflect.Value) error {
	if null, err := d.enter('[', "an array", p.typ); null || err != nil {
		return err
	}
	var c byte
	var err error
	n := p.typ.Len()
	for i := 0; ; i++ {
		if c, err = d.peek(); err != nil {
			return err
		}
		if c == ']' {
			if i != n {
				return &bodyError{msg: fmt.Sprintf("want %d elements for %v, found %d", n, p.typ, i)}
			}
			d.pos++
			d.depth--
			return nil
		}
		if i > 0 {
			if c != ',' {
				return d.syntax(fmt.Sprintf("want ',' or ']' after an element, found %s", quoteByte(c)))
			}
			d.pos++
		}
		if i == n {
			return &bodyError{msg: fmt.Sprintf("want %d elements for %v, found more", n, p.typ)}
		}
		if err := p.elem.decode(d, v.Index(i)); err != nil {
			return atIndex(err, i)
		}
	}
}

// pointerPlan reads null as a nil pointer and anything else into a newly
// allocated value.
type pointerPlan struct {
	typ  reflect.Type
	elem plan
}

func (p *pointerPlan) decode(d *decoder, v reflect.Value) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		if err := d.null(); err != nil {
			return err
		}
		v.SetZero()
		return nil
	}
	if v.IsNil() {
		v.Set(reflect.New(p.typ.Elem()))
	}
	return p.elem.decode(d, v.Elem())
}

// boolPlan reads true or false; null leaves the value as it is.
type boolPlan struct{ typ reflect.Type }

func (p boolPlan) decode(d *decoder, v reflect.Value) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	switch c {
	case 't':
		if err := d.literal("true"); err != nil {
			return err
		}
		v.SetBool(true)
		return nil
	case 'f':
		if err := d.literal("false"); err != nil {
			return err
		}
		v.SetBool(false)
		return nil
	case 'n':
		return d.null()
	}
	return d.mismatch(c, "true or false", p.typ)
}

// stringPlan reads a JSON string; null leaves the value as it is.
type stringPlan struct{ typ reflect.Type }

func (p stringPlan) decode(d *decoder, v reflect.Value) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		raw, plain, err := d.str()
		if err != nil {
			return err
		}
		if plain {
			v.SetString(string(raw[1 : len(raw)-1]))
			return nil
		}
		s, err := d.unquote(raw)
		if err != nil {
			return err
		}
		v.SetString(s)
		return nil
	case 'n':
		return d.null()
	}
	return d.mismatch(c, "a string", p.typ)
}

// more reads what follows a field of an object (closer '}') or an element
// of an array (closer ']'): a comma, after which another must come (true),
// or the closer, which ends the object or array (false).
func (d *decoder) more(closer byte, after string) (bool, error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case ',':
		d.pos++
		return true, nil
	case closer:
		d.pos++
		d.depth--
		return false, nil
	}
	return false, d.syntax(fmt.Sprintf("want ',' or '%c' after %s, found %s", closer, after, quoteByte(c)))
}

// numberFor reads a JSON number for a value of type t, described as want
// in the error when the value is of another JSON type. It reports null
// (consumed, with no number) for a JSON null, which leaves the value as it
// is.
func (d *decoder) numberFor(want string, t reflect.Type) (num []byte, integer, null bool, err error) {
	c, err := d.peek()
	if err != nil {
		return nil, false, false, err
	}
	if c == 'n' {
		return nil, false, true, d.null()
	}
	if c != '-' && !isDigit(c) {
		return nil, false, false, d.mismatch(c, want, t)
	}
	num, integer, err = d.number()
	return num, integer, false, err
}

// intPlan reads a JSON integer that fits the signed integer type; null
// leaves the value as it is.
type intPlan struct{ typ reflect.Type }

func (p intPlan) decode(d *decoder, v reflect.Value) error {
	num, integer, null, err := d.numberFor("an integer", p.typ)
	if err != nil || null {
		return err
	}
	if !integer {
		return &bodyError{msg: fmt.Sprintf("want an integer for %v, found %s", p.typ, num)}
	}
	n, ok := parseInt(num)
	if !ok || v.OverflowInt(n) {
		return &bodyError{msg: fmt.Sprintf("number %s overflows %v", num, p.typ)}
	}
	v.SetInt(n)
	return nil
}

// uintPlan reads a JSON integer that fits the unsigned integer type; null
// leaves the value as it is.
type uintPlan struct{ typ reflect.Type }

func (p uintPlan) decode(d *decoder, v reflect.Value) error {
	num, integer, null, err := d.numberFor("an unsigned integer", p.typ)
	if err != nil || null {
		return err
	}
	if !integer || num[0] == '-' {
		return &bodyError{msg: fmt.Sprintf("want an unsigned integer for %v, found %s", p.typ, num)}
	}
	n, err := strconv.ParseUint(string(num), 10, 64)
	if err != nil || v.OverflowUint(n) {
		return &bodyError{msg: fmt.Sprintf("number %s overflows %v", num, p.typ)}
	}
	v.SetUint(n)
	return nil
}

// floatPlan reads a JSON number that fits the floating-point type; null
// leaves the value as it is.
type floatPlan struct{ typ reflect.Type }

func (p floatPlan) decode(d *decoder, v reflect.Value) error {
	num, _, null, err := d.numberFor("a number", p.typ)
	if err != nil || null {
		return err
	}
	f, err := strconv.ParseFloat(string(num), p.typ.Bits())
	if err != nil || v.OverflowFloat(f) {
		return &bodyError{msg: fmt.Sprintf("number %s overflows %v", num, p.typ)}
	}
	v.SetFloat(f)
	return nil
}

// timePlan reads a time.Time. The form encoding/json writes for a UTC
// time, 2006-01-02T15:04:05.999999999Z, is read here; every other value,
// null included, goes to time.Time's own UnmarshalJSON, as with
// encoding/json.
type timePlan struct{}

func (timePlan) decode(d *decoder, v reflect.Value) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	t := v.Addr().Interface().(*time.Time)
	if c == '"' {
		raw, plain, err := d.str()
		if err != nil {
			return err
		}
		if plain {
			if tm, ok := parseUTC(raw[1 : len(raw)-1]); ok {
				*t = tm
				return nil
			}
		}
		if err := t.UnmarshalJSON(raw); err != nil {
			return &bodyError{msg: "reading time.Time", err: err}
		}
		return nil
	}
	raw, err := d.value()
	if err != nil {
		return err
	}
	if err := t.UnmarshalJSON(raw); err != nil {
		return &bodyError{msg: "reading time.Time", err: err}
	}
	return nil
}

// parseUTC reads s if it is exactly 2006-01-02T15:04:05Z with an optional
// fraction of one to nine digits before the Z, and every part in range.
// The result is what time.Time's UnmarshalJSON gives for the same text.
func parseUTC(s []byte) (time.Time, bool) {
	if len(s) < len("2006-01-02T15:04:05Z") || s[len(s)-1] != 'Z' ||
		s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	if frac := s[19 : len(s)-1]; len(frac) > 0 {
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			return time.Time{}, false
		}
		n, ok := digits(frac[1:])
		if !ok {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			n *= 10
		}
		nsec = n
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

// digits reads s, at most nine decimal digits, as a number.
func digits(s []byte) (int, bool) {
	n := 0
	for _, c := range s {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days in a month of the proleptic Gregorian
// calendar.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// unmarshalerPlan hands the whole JSON value, null included, to the
// type's UnmarshalJSON, as encoding/json does.
type unmarshalerPlan struct{ typ reflect.Type }

func (p unmarshalerPlan) decode(d *decoder, v reflect.Value) error {
	raw, err := d.value()
	if err != nil {
		return err
	}
	if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		return &bodyError{msg: "reading " + p.typ.String(), err: err}
	}
	return nil
}

// textPlan hands a JSON string's text to the type's UnmarshalText, as
// encoding/json does. null leaves the value as it is (or sets it to nil,
// for the kinds that have one); any other JSON value is an error.
type textPlan struct{ typ reflect.Type }

func (p textPlan) decode(d *decoder, v reflect.Value) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		raw, plain, err := d.str()
		if err != nil {
			return err
		}
		text := raw[1 : len(raw)-1]
		if !plain {
			s, err := d.unquote(raw)
			if err != nil {
				return err
			}
			text = []byte(s)
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(text); err != nil {
			return &bodyError{msg: "reading " + p.typ.String(), err: err}
		}
		return nil
	case 'n':
		if err := d.null(); err != nil {
			return err
		}
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.Interface, reflect.Pointer:
			v.SetZero()
		}
		return nil
	}
	return d.mismatch(c, "a string", p.typ)
}

// fallbackPlan hands the JSON value to encoding/json, with unknown fields
// disallowed, for a type the plans do not cover.
type fallbackPlan struct{ typ reflect.Type }

func (p fallbackPlan) decode(d *decoder, v reflect.Value) error {
	raw, err := d.value()
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Addr().Interface()); err != nil {
		return &bodyError{msg: "reading " + p.typ.String(), err: err}
	}
	return nil
}

// Reading JSON tokens.

// skipSpace moves past JSON white space.
func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek moves past white space and returns the byte there, without
// consuming it. The end of the data is an error: every caller wants more.
func (d *decoder) peek() (byte, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return 0, d.syntax("unexpected end of data")
	}
	return d.data[d.pos], nil
}

// enter starts a container value that begins with opener (typ's JSON
// form, described as what): it consumes the opener, or a null and reports
// it, and refuses anything else.
func (d *decoder) enter(opener byte, what string, typ reflect.Type) (null bool, err error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case opener:
		return false, d.open()
	case 'n':
		return true, d.null()
	}
	return false, d.mismatch(c, what, typ)
}

// open consumes the '{' or '[' at pos, one level deeper.
func (d *decoder) open() error {
	d.depth++
	if d.depth > maxDepth {
		return d.syntax(fmt.Sprintf("objects and arrays nest deeper than %d", maxDepth))
	}
	d.pos++
	return nil
}

// literal consumes the literal word (true, false or null) at pos.
func (d *decoder) literal(word string) error {
	if len(d.data)-d.pos < len(word) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return d.syntax(fmt.Sprintf("invalid literal, want %s", word))
	}
	d.pos += len(word)
	return nil
}

// null consumes a null at pos.
func (d *decoder) null() error { return d.literal("null") }

// str consumes the string at pos, which begins with '"', checking its
// escapes, and returns it with its quotes. plain reports that its content
// is its value as it stands: no escapes, and valid UTF-8.
func (d *decoder) str() (raw []byte, plain bool, err error) {
	data := d.data
	start := d.pos
	plain = true
	ascii := true
	for i := start + 1; i < len(data); {
		for i < len(data) && plainByte[data[i]] {
			i++
		}
		if i >= len(data) {
			break
		}
		c := data[i]
		switch {
		case c == '"':
			raw = data[start : i+1]
			d.pos = i + 1
			if plain && !ascii {
				plain = utf8.Valid(raw[1 : len(raw)-1])
			}
			return raw, plain, nil
		case c == '\\':
			plain = false
			if i+1 >= len(data) {
				return nil, false, d.syntaxAt(i, "unexpected end of data in a string")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) || !isHex(data[i+5]) {
					return nil, false, d.syntaxAt(i, `invalid \u escape in a string`)
				}
				i += 6
			default:
				return nil, false, d.syntaxAt(i, fmt.Sprintf("invalid escape %s in a string", quoteByte(data[i+1])))
			}
		case c < 0x20:
			return nil, false, d.syntaxAt(i, fmt.Sprintf("control character %s in a string", quoteByte(c)))
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			i++
		}
	}
	return nil, false, d.syntaxAt(len(data), "unexpected end of data in a string")
}

// plainByte tells the bytes that stand for themselves in a JSON string:
// printable ASCII other than '"' and '\\'.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// unquote gives the value of a string str has checked but found not
// plain. encoding/json itself turns it into Go text, so escapes and
// invalid UTF-8 come out exactly as they always have.
func (d *decoder) unquote(raw []byte) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", &bodyError{msg: "reading a string", err: err}
	}
	return s, nil
}

// number consumes the JSON number at pos and returns its text, and
// whether it is written as an integer (no fraction, no exponent).
func (d *decoder) number() (num []byte, integer bool, err error) {
	data := d.data
	start := d.pos
	i := start
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return nil, false, d.syntaxAt(i, "unexpected end of data in a number")
	case data[i] == '0':
		i++
	case '1' <= data[i] && data[i] <= '9':
		for i++; i < len(data) && isDigit(data[i]); i++ {
		}
	default:
		return nil, false, d.syntaxAt(i, fmt.Sprintf("invalid %s in a number", quoteByte(data[i])))
	}
	integer = true
	if i < len(data) && data[i] == '.' {
		integer = false
		i++
		if i >= len(data) || !isDigit(data[i]) {
			return nil, false, d.syntaxAt(i, "want a digit after the decimal point")
		}
		for ; i < len(data) && isDigit(data[i]); i++ {
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return nil, false, d.syntaxAt(i, "want a digit in the exponent")
		}
		for ; i < len(data) && isDigit(data[i]); i++ {
		}
	}
	d.pos = i
	return data[start:i], integer, nil
}

// parseInt reads a JSON integer as an int64, reporting false if it does
// not fit.
func parseInt(num []byte) (int64, bool) {
	neg := num[0] == '-'
	ds := num
	if neg {
		ds = num[1:]
	}
	if len(ds) > 18 {
		n, err := strconv.ParseInt(string(num), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range ds {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// value consumes the JSON value at pos, checking it, and returns its text.
func (d *decoder) value() ([]byte, error) {
	d.skipSpace()
	start := d.pos
	if err := d.skip(); err != nil {
		return nil, err
	}
	return d.data[start:d.pos], nil
}

// skip consumes one JSON value, checking its grammar.
func (d *decoder) skip() error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	switch {
	case c == '{':
		if err := d.open(); err != nil {
			return err
		}
		if c, err = d.peek(); err != nil {
			return err
		}
		if c == '}' {
			d.pos++
			d.depth--
			return nil
		}
		for {
			if c, err = d.peek(); err != nil {
				return err
			}
			if c != '"' {
				return d.syntax(fmt.Sprintf("want a field name, found %s", quoteByte(c)))
			}
			if _, _, err := d.str(); err != nil {
				return err
			}
			if c, err = d.peek(); err != nil {
				return err
			}
			if c != ':' {
				return d.syntax(fmt.Sprintf("want ':' after a field name, found %s", quoteByte(c)))
			}
			d.pos++
			if err := d.skip(); err != nil {
				return err
			}
			if more, err := d.more('}', "a field"); err != nil || !more {
				return err
			}
		}
	case c == '[':
		if err := d.open(); err != nil {
			return err
		}
		if c, err = d.peek(); err != nil {
			return err
		}
		if c == ']' {
			d.pos++
			d.depth--
			return nil
		}
		for {
			if err := d.skip(); err != nil {
				return err
			}
			if more, err := d.more(']', "an element"); err != nil || !more {
				return err
			}
		}
	case c == '"':
		_, _, err := d.str()
		return err
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.null()
	case c == '-' || isDigit(c):
		_, _, err := d.number()
		return err
	}
	return d.syntax(fmt.Sprintf("want a value, found %s", quoteByte(c)))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// Errors.

// bodyError is an error about a record body, with the path of fields and
// indexes that leads to where it was found.
type bodyError struct {
	path []pathStep // innermost first: steps are added as the error returns outwards
	msg  string
	err  error // the cause, from an UnmarshalJSON, UnmarshalText or encoding/json
}

// pathStep is one step into a value: a field name, or else an index.
type pathStep struct {
	field string
	index int
}

func (e *bodyError) Error() string {
	var b strings.Builder
	for i := len(e.path) - 1; i >= 0; i-- {
		s := e.path[i]
		if s.field == "" {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.field)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.msg)
	if e.err != nil {
		b.WriteString(": ")
		b.WriteString(e.err.Error())
	}
	return b.String()
}

func (e *bodyError) Unwrap() error { return e.err }

// atField adds the field to the path of a bodyError.
func atField(err error, name string) error {
	if e, ok := err.(*bodyError); ok {
		e.path = append(e.path, pathStep{field: name})
	}
	return err
}

// atIndex adds the index to the path of a bodyError.
func atIndex(err error, i int) error {
	if e, ok := err.(*bodyError); ok {
		e.path = append(e.path, pathStep{index: i})
	}
	return err
}

// syntax is an error about the JSON grammar at pos.
func (d *decoder) syntax(msg string) error { return d.syntaxAt(d.pos, msg) }

func (d *decoder) syntaxAt(pos int, msg string) error {
	return &bodyError{msg: fmt.Sprintf("invalid JSON at byte %d: %s", d.base+pos, msg)}
}

// mismatch is the error for a JSON value, beginning with c, that the Go
// type cannot take: a type error if c begins a JSON value, else a syntax
// error.
func (d *decoder) mismatch(c byte, want string, t reflect.Type) error {
	var found string
	switch {
	case c == '{':
		found = "an object"
	case c == '[':
		found = "an array"
	case c == '"':
		found = "a string"
	case c == 't' || c == 'f':
		found = "a boolean"
	case c == 'n':
		found = "null"
	case c == '-' || isDigit(c):
		found = "a number"
	default:
		return d.syntax(fmt.Sprintf("want a value, found %s", quoteByte(c)))
	}
	return &bodyError{msg: fmt.Sprintf("want %s for %v, found %s", want, t, found)}
}

// quoteByte shows a byte of the input in an error message.
func quoteByte(c byte) string {
	if c >= 0x20 && c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}
