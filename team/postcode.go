package team

import (
	"strings"

	"github.com/wijkzorg/wijk"
)

// Postcode is a Dutch postcode in canonical form: either a full postcode of
// four digits, a space and two capital letters ("1234 AB"), or just the
// four-digit area ("1234"). The four digits name a postcode area, a few
// streets to a small village; a team's neighbourhood is a set of such areas,
// and a split keeps every area whole.
type Postcode string

// ParsePostcode reads a Dutch postcode, accepting "1234AB", "1234 ab",
// " 1234 AB " and a bare area "1234", and returns it in canonical form. The
// area never starts with 0, and the letter pairs SA, SD and SS are not in
// use. The error matches [wijk.ErrInvalid] and names the field "postcode".
func ParsePostcode(s string) (Postcode, error) {
	return parsePostcode("postcode", s)
}

func parsePostcode(field, s string) (Postcode, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	bad := func() (Postcode, error) {
		return "", wijk.Invalid(field, "must be a Dutch postcode such as \"1234 AB\" or an area such as \"1234\", got %q", s)
	}
	if len(t) < 4 {
		return bad()
	}
	digits, rest := t[:4], strings.TrimSpace(t[4:])
	if digits[0] < '1' || digits[0] > '9' {
		return bad()
	}
	for i := 1; i < 4; i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return bad()
		}
	}
	if rest == "" {
		return Postcode(digits), nil
	}
	if len(rest) != 2 || rest[0] < 'A' || rest[0] > 'Z' || rest[1] < 'A' || rest[1] > 'Z' {
		return bad()
	}
	if rest == "SA" || rest == "SD" || rest == "SS" {
		return "", wijk.Invalid(field, "letters %s are not used in Dutch postcodes", rest)
	}
	return Postcode(digits + " " + rest), nil
}

// Validate reports whether p is in canonical form; the error names field.
func (p Postcode) Validate(field string) error {
	c, err := parsePostcode(field, string(p))
	if err != nil {
		return err
	}
	if c != p {
		return wijk.Invalid(field, "must be in canonical form %q, got %q", string(c), string(p))
	}
	return nil
}

// Area returns the four-digit postcode area of p ("1234 AB" → "1234").
func (p Postcode) Area() Postcode {
	if len(p) < 4 {
		return p
	}
	return p[:4]
}

// IsArea reports whether p names a whole area (four digits, no letters).
func (p Postcode) IsArea() bool { return len(p) == 4 }

// String returns the postcode text.
func (p Postcode) String() string { return string(p) }
