package careplan

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Limits on a client's lists, so that no input can grow a client without
// bound.
const (
	// MaxNetwork is the most entries each of the informal and the formal
	// network may have.
	MaxNetwork = 50
	// MaxWishes is the most goals, strengths or wishes a client may have.
	MaxWishes = 50
	// MaxNote is the limit, in characters, of one goal, strength, wish or
	// short description.
	MaxNote = 1000
	// MaxRepresentatives is the most representatives a client may have.
	MaxRepresentatives = 10
)

// MinBirthDate is the earliest date of birth a client may have.
var MinBirthDate = wijk.NewDate(1890, time.January, 1)

// Address is where the client lives and is visited.
type Address struct {
	// Street is the street and house number, on one line.
	Street string `json:"street"`
	// Postcode is the postal code; it is stored in upper case.
	Postcode string `json:"postcode"`
	// City is the town or city.
	City string `json:"city"`
	// Area is the neighbourhood the client lives in, the unit a team
	// serves (optional).
	Area string `json:"area"`
	// Coordinates is where the address is on Earth, for travel times
	// (optional: nil when not known; see [geo.Point]).
	Coordinates *geo.Point `json:"coordinates"`
}

// clone returns a copy of a that shares no pointer with it.
func (a Address) clone() Address {
	if a.Coordinates != nil {
		c := *a.Coordinates
		a.Coordinates = &c
	}
	return a
}

// Contact is how to reach someone directly. Both parts are optional.
type Contact struct {
	// Phone is a telephone number: digits, spaces, "+", "-", "(" and ")".
	Phone string `json:"phone"`
	// Email is an e-mail address.
	Email string `json:"email"`
}

// InformalCarer is a person of the client's informal network: a partner,
// a child, a neighbour, a friend, who helps the client without being paid
// to.
type InformalCarer struct {
	// Name is the person's name.
	Name string `json:"name"`
	// Relation is how the person relates to the client, e.g. "daughter" or
	// "neighbour".
	Relation string `json:"relation"`
	// HelpsWith is what the person helps with, e.g. "shopping, Sunday
	// meals" (optional).
	HelpsWith string `json:"helps_with"`
	// Reach says how and when to reach the person, e.g. "06 1234 5678,
	// after 18:00" (optional).
	Reach string `json:"reach"`
}

// Role is the profession of someone in the client's formal network. The
// zero Role is not valid.
type Role int

// The professions of the formal network.
const (
	// RoleGP is the client's general practitioner.
	RoleGP Role = iota + 1
	// RolePharmacist is the client's pharmacist.
	RolePharmacist
	// RolePhysiotherapist is a physiotherapist.
	RolePhysiotherapist
	// RoleOccupationalTherapist is an occupational therapist.
	RoleOccupationalTherapist
	// RoleDietitian is a dietitian.
	RoleDietitian
	// RoleSpeechTherapist is a speech and language therapist.
	RoleSpeechTherapist
	// RoleSocialWorker is a social worker.
	RoleSocialWorker
	// RoleSpecialist is a medical specialist (say which in RoleDetail).
	RoleSpecialist
	// RoleOther is any other profession; RoleDetail must say which.
	RoleOther
)

var roleEnum = enum.New[Role]("Role", "role", "GP", "pharmacist", "physiotherapist", "occupational therapist",
	"dietitian", "speech therapist", "social worker", "medical specialist", "other").
	Alias(RoleGP, "general practitioner")

// Roles returns every valid Role in order.
func Roles() []Role { return roleEnum.Values() }

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool { return roleEnum.Valid(r) }

// String returns the role's name, e.g. "GP" or "physiotherapist".
func (r Role) String() string { return roleEnum.String(r) }

// ParseRole reads a role by name in any case; "general practitioner" is
// read as GP.
func ParseRole(s string) (Role, error) { return roleEnum.Parse(s) }

// MarshalText writes the role's name, e.g. "social worker", as a stored
// client keeps it; a Role that is not valid is refused with an error
// matching [wijk.ErrInvalid].
func (r Role) MarshalText() ([]byte, error) { return roleEnum.MarshalText(r) }

// UnmarshalText reads a role as [ParseRole] does.
func (r *Role) UnmarshalText(b []byte) error { return roleEnum.UnmarshalText(b, r) }

// Professional is someone of the client's formal network: the GP, the
// pharmacist, a therapist.
type Professional struct {
	// Role is the person's profession.
	Role Role `json:"role"`
	// RoleDetail refines the role, e.g. "geriatrician"; required for
	// RoleOther.
	RoleDetail string `json:"role_detail"`
	// Name is the person's name; Name or Organisation is required.
	Name string `json:"name"`
	// Organisation is the practice or organisation, e.g. "Apotheek De
	// Linde".
	Organisation string `json:"organisation"`
	// Contact says how to reach them (optional).
	Contact string `json:"contact"`
}

// Representative is a person registered to act for the client: a legal
// representative (a guardian, a mentor, someone with power of attorney) or
// a person the client chose. A representative may read the client's
// dossier as the client may; package service takes that right from this
// record, so the person is named by the ID they sign in with.
type Representative struct {
	// Person is the representative's person ID.
	Person wijk.ID `json:"person"`
	// Name is the representative's name.
	Name string `json:"name"`
	// Relation says who they are to the client, e.g. "daughter, power of
	// attorney" or "court-appointed mentor".
	Relation string `json:"relation"`
}

// ClientParams is everything known about a client: the input of
// [NewClient] and [Client.Update].
type ClientParams struct {
	// ID identifies the client.
	ID wijk.ID `json:"id"`
	// Name is the client's name as they like to be addressed in records.
	Name string `json:"name"`
	// BirthDate is the client's date of birth.
	BirthDate wijk.Date `json:"birth_date"`
	// Address is where the client lives.
	Address Address `json:"address"`
	// Contact is how to reach the client directly.
	Contact Contact `json:"contact"`
	// Informal is the informal network, nearest first.
	Informal []InformalCarer `json:"informal"`
	// Formal is the formal network.
	Formal []Professional `json:"formal"`
	// Goals are the client's own goals, in their words ("walk to the
	// market again").
	Goals []string `json:"goals"`
	// Strengths are what the client can do and has ("cooks for herself",
	// "daughter nearby").
	Strengths []string `json:"strengths"`
	// Wishes are the client's wishes about care ("first coffee, then
	// care"; "no visits before 8").
	Wishes []string `json:"wishes"`
	// Representatives are the people registered to act for the client,
	// each person once (optional).
	Representatives []Representative `json:"representatives"`
}

// ClientSnapshot is the full state of a [Client], for storage: a client is
// exactly its params.
type ClientSnapshot = ClientParams

// Client is a person who receives care, at the centre of the onion: their
// own goals, strengths and wishes first, then the informal network around
// them, then the team, then the formal network. Make one with [NewClient];
// rebuild a stored one with [RestoreClient].
type Client struct {
	p ClientParams
}

// NewClient validates p and returns the client. Text fields are stored
// without surrounding space; the postcode in upper case.
func NewClient(p ClientParams) (*Client, error) {
	p = p.normalised()
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &Client{p: p}, nil
}

// RestoreClient rebuilds a stored client from its snapshot, with the same
// validation as [NewClient].
func RestoreClient(s ClientSnapshot) (*Client, error) { return NewClient(s) }

// Snapshot returns the client's full state; nothing in it is shared
// with the client.
func (c *Client) Snapshot() ClientSnapshot { return c.p.clone() }

// Update replaces everything known about the client with p, after
// validating all of it; on error nothing changes. The ID cannot change.
func (c *Client) Update(p ClientParams) error {
	p = p.normalised()
	if p.ID != c.p.ID {
		return wijk.Invalid("id", "must stay %s; a client's ID never changes", c.p.ID)
	}
	if err := p.validate(); err != nil {
		return err
	}
	c.p = p
	return nil
}

// AddInformal adds a person to the client's informal network.
func (c *Client) AddInformal(ic InformalCarer) error {
	p := c.p.clone()
	p.Informal = append(p.Informal, ic)
	return c.Update(p)
}

// AddProfessional adds a professional to the client's formal network.
func (c *Client) AddProfessional(pr Professional) error {
	p := c.p.clone()
	p.Formal = append(p.Formal, pr)
	return c.Update(p)
}

// ID returns the client's ID.
func (c *Client) ID() wijk.ID { return c.p.ID }

// Name returns the client's name.
func (c *Client) Name() string { return c.p.Name }

// BirthDate returns the client's date of birth.
func (c *Client) BirthDate() wijk.Date { return c.p.BirthDate }

// Address returns the client's address.
func (c *Client) Address() Address { return c.p.Address.clone() }

// Contact returns how to reach the client.
func (c *Client) Contact() Contact { return c.p.Contact }

// Informal returns a copy of the informal network.
func (c *Client) Informal() []InformalCarer { return append([]InformalCarer(nil), c.p.Informal...) }

// Formal returns a copy of the formal network.
func (c *Client) Formal() []Professional { return append([]Professional(nil), c.p.Formal...) }

// Goals returns a copy of the client's own goals.
func (c *Client) Goals() []string { return append([]string(nil), c.p.Goals...) }

// Strengths returns a copy of the client's strengths.
func (c *Client) Strengths() []string { return append([]string(nil), c.p.Strengths...) }

// Wishes returns a copy of the client's wishes.
func (c *Client) Wishes() []string { return append([]string(nil), c.p.Wishes...) }

// Representatives returns a copy of the client's registered
// representatives.
func (c *Client) Representatives() []Representative {
	return append([]Representative(nil), c.p.Representatives...)
}

// RepresentedBy reports whether person is registered as one of the
// client's representatives.
func (c *Client) RepresentedBy(person wijk.ID) bool {
	for _, r := range c.p.Representatives {
		if r.Person == person {
			return true
		}
	}
	return false
}

// AgeOn returns the client's age in whole years on day d (0 if d is before
// the birth date).
func (c *Client) AgeOn(d wijk.Date) int {
	by, bm, bd := c.p.BirthDate.Date()
	y, m, dd := d.Date()
	age := y - by
	if m < bm || (m == bm && dd < bd) {
		age--
	}
	return max(age, 0)
}

func (p ClientParams) clone() ClientParams {
	p.Informal = append([]InformalCarer(nil), p.Informal...)
	p.Formal = append([]Professional(nil), p.Formal...)
	p.Goals = append([]string(nil), p.Goals...)
	p.Strengths = append([]string(nil), p.Strengths...)
	p.Wishes = append([]string(nil), p.Wishes...)
	p.Representatives = append([]Representative(nil), p.Representatives...)
	p.Address = p.Address.clone()
	return p
}

func trimAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

// normalised returns a copy with text trimmed and the postcode in upper
// case; it never shares slices with p.
func (p ClientParams) normalised() ClientParams {
	p = p.clone()
	p.Name = strings.TrimSpace(p.Name)
	a := &p.Address
	a.Street, a.City, a.Area = strings.TrimSpace(a.Street), strings.TrimSpace(a.City), strings.TrimSpace(a.Area)
	a.Postcode = strings.ToUpper(strings.TrimSpace(a.Postcode))
	p.Contact.Phone = strings.TrimSpace(p.Contact.Phone)
	p.Contact.Email = strings.TrimSpace(p.Contact.Email)
	for i := range p.Informal {
		ic := &p.Informal[i]
		ic.Name, ic.Relation = strings.TrimSpace(ic.Name), strings.TrimSpace(ic.Relation)
		ic.HelpsWith, ic.Reach = strings.TrimSpace(ic.HelpsWith), strings.TrimSpace(ic.Reach)
	}
	for i := range p.Formal {
		f := &p.Formal[i]
		f.RoleDetail, f.Name = strings.TrimSpace(f.RoleDetail), strings.TrimSpace(f.Name)
		f.Organisation, f.Contact = strings.TrimSpace(f.Organisation), strings.TrimSpace(f.Contact)
	}
	p.Goals, p.Strengths, p.Wishes = trimAll(p.Goals), trimAll(p.Strengths), trimAll(p.Wishes)
	for i := range p.Representatives {
		r := &p.Representatives[i]
		r.Name, r.Relation = strings.TrimSpace(r.Name), strings.TrimSpace(r.Relation)
	}
	return p
}

func (p ClientParams) validate() error {
	if err := p.ID.Validate("id"); err != nil {
		return err
	}
	if err := valid.Name("name", p.Name); err != nil {
		return err
	}
	if err := valid.Date("birthDate", p.BirthDate); err != nil {
		return err
	}
	if p.BirthDate.Before(MinBirthDate) {
		return wijk.Invalid("birthDate", "must be on or after %s", MinBirthDate)
	}
	if err := p.Address.validate(); err != nil {
		return wijk.InField("address", err)
	}
	if err := p.Contact.validate(); err != nil {
		return wijk.InField("contact", err)
	}
	if len(p.Informal) > MaxNetwork {
		return wijk.Invalid("informal", "must have at most %d people", MaxNetwork)
	}
	for i, ic := range p.Informal {
		if err := ic.validate(); err != nil {
			return wijk.InField(fmt.Sprintf("informal[%d]", i), err)
		}
	}
	if len(p.Formal) > MaxNetwork {
		return wijk.Invalid("formal", "must have at most %d people", MaxNetwork)
	}
	for i, f := range p.Formal {
		if err := f.validate(); err != nil {
			return wijk.InField(fmt.Sprintf("formal[%d]", i), err)
		}
	}
	for _, l := range []struct {
		field string
		items []string
	}{{"goals", p.Goals}, {"strengths", p.Strengths}, {"wishes", p.Wishes}} {
		if len(l.items) > MaxWishes {
			return wijk.Invalid(l.field, "must have at most %d entries", MaxWishes)
		}
		for i, s := range l.items {
			if err := valid.Required(fmt.Sprintf("%s[%d]", l.field, i), s, MaxNote); err != nil {
				return err
			}
		}
	}
	if len(p.Representatives) > MaxRepresentatives {
		return wijk.Invalid("representatives", "must have at most %d people", MaxRepresentatives)
	}
	seen := map[wijk.ID]bool{}
	for i, r := range p.Representatives {
		f := fmt.Sprintf("representatives[%d]", i)
		if err := r.validate(); err != nil {
			return wijk.InField(f, err)
		}
		if r.Person == p.ID {
			return wijk.Invalid(f+".person", "must be someone other than the client")
		}
		if seen[r.Person] {
			return wijk.Invalid(f+".person", "names %s a second time", r.Person)
		}
		seen[r.Person] = true
	}
	return nil
}

func (r Representative) validate() error {
	if err := r.Person.Validate("person"); err != nil {
		return err
	}
	if err := valid.Name("name", r.Name); err != nil {
		return err
	}
	return valid.Name("relation", r.Relation)
}

func (a Address) validate() error {
	if err := valid.Name("street", a.Street); err != nil {
		return err
	}
	if err := validPostcode(a.Postcode); err != nil {
		return err
	}
	if err := valid.Name("city", a.City); err != nil {
		return err
	}
	if a.Area != "" {
		if err := valid.Name("area", a.Area); err != nil {
			return err
		}
	}
	if a.Coordinates != nil {
		return a.Coordinates.Validate("coordinates")
	}
	return nil
}

// validPostcode accepts 3 to 10 letters, digits, spaces and hyphens with
// at least one digit: Dutch "1234 AB" as well as other countries' forms.
func validPostcode(s string) error {
	if s == "" {
		return wijk.Invalid("postcode", "is required")
	}
	n, digits := 0, 0
	for _, r := range s {
		n++
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z', r == ' ', r == '-':
		default:
			return wijk.Invalid("postcode", "may hold only letters A-Z, digits, spaces and hyphens, got %q", s)
		}
	}
	if n < 3 || n > 10 || digits == 0 {
		return wijk.Invalid("postcode", "must be 3 to 10 characters with at least one digit, got %q", s)
	}
	return nil
}

func (c Contact) validate() error {
	if c.Phone != "" {
		if err := validPhone("phone", c.Phone); err != nil {
			return err
		}
	}
	if c.Email != "" {
		if err := validEmail("email", c.Email); err != nil {
			return err
		}
	}
	return nil
}

func validPhone(field, s string) error {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ', r == '+', r == '-', r == '(', r == ')':
		default:
			return wijk.Invalid(field, "may hold only digits, spaces and + - ( ), got %q", s)
		}
	}
	if digits < 3 || digits > 15 || len(s) > 30 {
		return wijk.Invalid(field, "must have 3 to 15 digits, got %q", s)
	}
	return nil
}

func validEmail(field, s string) error {
	if err := valid.Text(field, s, 254); err != nil {
		return err
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return wijk.Invalid(field, "must be an e-mail address such as name@example.org, got %q", s)
	}
	return nil
}

func (ic InformalCarer) validate() error {
	if err := valid.Name("name", ic.Name); err != nil {
		return err
	}
	if err := valid.Name("relation", ic.Relation); err != nil {
		return err
	}
	if err := valid.Text("helpsWith", ic.HelpsWith, MaxNote); err != nil {
		return err
	}
	return valid.Text("reach", ic.Reach, MaxNote)
}

func (f Professional) validate() error {
	if err := roleEnum.Check("role", f.Role); err != nil {
		return err
	}
	if f.Role == RoleOther {
		if err := valid.Name("roleDetail", f.RoleDetail); err != nil {
			return wijk.Invalid("roleDetail", "must say which profession when the role is other")
		}
	} else if f.RoleDetail != "" {
		if err := valid.Name("roleDetail", f.RoleDetail); err != nil {
			return err
		}
	}
	if f.Name == "" && f.Organisation == "" {
		return wijk.Invalid("name", "is required when there is no organisation")
	}
	if f.Name != "" {
		if err := valid.Name("name", f.Name); err != nil {
			return err
		}
	}
	if f.Organisation != "" {
		if err := valid.Name("organisation", f.Organisation); err != nil {
			return err
		}
	}
	return valid.Text("contact", f.Contact, MaxNote)
}
