package team

import (
	"slices"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// MaxPostcodes is the most postcodes one neighbourhood may list.
const MaxPostcodes = 1000

// Neighbourhood is the area a team serves: a named area ("Oud-Zuid"), a
// list of postcodes or postcode areas, or both. At least one of the two is
// required.
type Neighbourhood struct {
	// Area is the neighbourhood's name; optional when postcodes are given.
	Area string `json:"area"`
	// Postcodes lists full postcodes ("1234 AB") or whole areas ("1234").
	Postcodes []Postcode `json:"postcodes"`
}

// normalised returns a copy with postcodes in canonical form, sorted and
// without duplicates, or a validation error under field.
func (n Neighbourhood) normalised(field string) (Neighbourhood, error) {
	if n.Area != "" {
		if err := valid.Name(field+".area", n.Area); err != nil {
			return Neighbourhood{}, err
		}
	}
	if n.Area == "" && len(n.Postcodes) == 0 {
		return Neighbourhood{}, wijk.Invalid(field, "needs an area name or at least one postcode")
	}
	if len(n.Postcodes) > MaxPostcodes {
		return Neighbourhood{}, wijk.Invalid(field+".postcodes", "must list at most %d postcodes, got %d", MaxPostcodes, len(n.Postcodes))
	}
	out := Neighbourhood{Area: n.Area}
	if len(n.Postcodes) > 0 {
		out.Postcodes = make([]Postcode, 0, len(n.Postcodes))
	}
	for i, p := range n.Postcodes {
		c, err := parsePostcode(field+".postcodes["+itoa(i)+"]", string(p))
		if err != nil {
			return Neighbourhood{}, err
		}
		out.Postcodes = append(out.Postcodes, c)
	}
	slices.Sort(out.Postcodes)
	out.Postcodes = slices.Compact(out.Postcodes)
	return out, nil
}

// Covers reports whether postcode p lies in the neighbourhood's listed
// postcodes: it is listed itself or its area is. A neighbourhood with only
// an area name covers no postcode.
func (n Neighbourhood) Covers(p Postcode) bool {
	for _, q := range n.Postcodes {
		if q == p || (q.IsArea() && q == p.Area()) {
			return true
		}
	}
	return false
}

func (n Neighbourhood) clone() Neighbourhood {
	n.Postcodes = slices.Clone(n.Postcodes)
	return n
}

// Validate reports whether n is a usable neighbourhood: an area name, a list
// of postcodes, or both, each well formed. field names n in the error.
func (n Neighbourhood) Validate(field string) error {
	_, err := n.normalised(field)
	return err
}
