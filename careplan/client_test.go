package careplan

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/geo"
)

// tid makes a valid ULID from a short upper-case tag (no I, L, O, U).
func tid(tag string) wijk.ID { return wijk.ID("01J" + strings.Repeat("0", 23-len(tag)) + tag) }

// dateEq lets go-cmp compare wijk.Date, whose field is unexported.
var dateEq = cmp.Comparer(func(a, b wijk.Date) bool { return a == b })

func goodClient() ClientParams {
	return ClientParams{
		ID:        tid("C1"),
		Name:      "Bep de Vries",
		BirthDate: wijk.NewDate(1941, time.May, 12),
		Address: Address{
			Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede", Area: "Lasonder",
			Coordinates: &geo.Point{Lat: 52.2230, Lon: 6.8990},
		},
		Contact:  Contact{Phone: "+31 53 123 4567", Email: "bep@example.org"},
		Informal: []InformalCarer{{Name: "Marga", Relation: "daughter", HelpsWith: "shopping", Reach: "evenings"}},
		Formal: []Professional{
			{Role: RoleGP, Name: "Dr. Smit"},
			{Role: RoleOther, RoleDetail: "podiatrist", Organisation: "Voetzorg Oost"},
		},
		Goals:           []string{"walk to the market"},
		Strengths:       []string{"cooks"},
		Wishes:          []string{"no visits before 8"},
		Representatives: []Representative{{Person: tid("R1"), Name: "Marga de Vries", Relation: "daughter, power of attorney"}},
	}
}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var ve *wijk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	return ve.Field
}

func TestNewClientRules(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *ClientParams)
		field string // "" = accepted
	}{
		{"valid", func(p *ClientParams) {}, ""},
		{"no network or wishes", func(p *ClientParams) { p.Informal, p.Formal, p.Goals, p.Strengths, p.Wishes = nil, nil, nil, nil, nil }, ""},
		{"no contact", func(p *ClientParams) { p.Contact = Contact{} }, ""},
		{"no area", func(p *ClientParams) { p.Address.Area = "" }, ""},
		{"bad id", func(p *ClientParams) { p.ID = "x" }, "id"},
		{"no id", func(p *ClientParams) { p.ID = "" }, "id"},
		{"no name", func(p *ClientParams) { p.Name = "  " }, "name"},
		{"two-line name", func(p *ClientParams) { p.Name = "a\nb" }, "name"},
		{"no birth date", func(p *ClientParams) { p.BirthDate = wijk.Date{} }, "birthDate"},
		{"born too early", func(p *ClientParams) { p.BirthDate = wijk.NewDate(1889, 12, 31) }, "birthDate"},
		{"no street", func(p *ClientParams) { p.Address.Street = "" }, "address.street"},
		{"no postcode", func(p *ClientParams) { p.Address.Postcode = "" }, "address.postcode"},
		{"postcode symbols", func(p *ClientParams) { p.Address.Postcode = "75#1" }, "address.postcode"},
		{"postcode no digit", func(p *ClientParams) { p.Address.Postcode = "ABCD" }, "address.postcode"},
		{"postcode too long", func(p *ClientParams) { p.Address.Postcode = "12345678901" }, "address.postcode"},
		{"no city", func(p *ClientParams) { p.Address.City = "" }, "address.city"},
		{"no coordinates", func(p *ClientParams) { p.Address.Coordinates = nil }, ""},
		{"coordinates 0,0", func(p *ClientParams) { p.Address.Coordinates = &geo.Point{} }, ""},
		{"coordinates at the bounds", func(p *ClientParams) { p.Address.Coordinates = &geo.Point{Lat: -90, Lon: 180} }, ""},
		{"latitude past the pole", func(p *ClientParams) { p.Address.Coordinates.Lat = 90.5 }, "address.coordinates.lat"},
		{"latitude NaN", func(p *ClientParams) { p.Address.Coordinates.Lat = math.NaN() }, "address.coordinates.lat"},
		{"longitude too far west", func(p *ClientParams) { p.Address.Coordinates.Lon = -181 }, "address.coordinates.lon"},
		{"longitude infinite", func(p *ClientParams) { p.Address.Coordinates.Lon = math.Inf(1) }, "address.coordinates.lon"},
		{"bad phone", func(p *ClientParams) { p.Contact.Phone = "call me" }, "contact.phone"},
		{"short phone", func(p *ClientParams) { p.Contact.Phone = "12" }, "contact.phone"},
		{"bad email", func(p *ClientParams) { p.Contact.Email = "bep@" }, "contact.email"},
		{"email no dot", func(p *ClientParams) { p.Contact.Email = "bep@localhost" }, "contact.email"},
		{"email space", func(p *ClientParams) { p.Contact.Email = "b ep@example.org" }, "contact.email"},
		{"informal no name", func(p *ClientParams) { p.Informal[0].Name = "" }, "informal[0].name"},
		{"informal no relation", func(p *ClientParams) { p.Informal[0].Relation = "" }, "informal[0].relation"},
		{"informal NUL", func(p *ClientParams) { p.Informal[0].HelpsWith = "a\x00" }, "informal[0].helpsWith"},
		{"formal no role", func(p *ClientParams) { p.Formal[0].Role = 0 }, "formal[0].role"},
		{"formal other no detail", func(p *ClientParams) { p.Formal[1].RoleDetail = "" }, "formal[1].roleDetail"},
		{"formal nobody", func(p *ClientParams) { p.Formal[0].Name = "" }, "formal[0].name"},
		{"empty goal", func(p *ClientParams) { p.Goals = []string{" "} }, "goals[0]"},
		{"long wish", func(p *ClientParams) { p.Wishes = []string{strings.Repeat("x", MaxNote+1)} }, "wishes[0]"},
		{"too many strengths", func(p *ClientParams) { p.Strengths = make([]string, MaxWishes+1) }, "strengths"},
		{"too many informal", func(p *ClientParams) { p.Informal = make([]InformalCarer, MaxNetwork+1) }, "informal"},
		{"no representatives", func(p *ClientParams) { p.Representatives = nil }, ""},
		{"representative without person", func(p *ClientParams) { p.Representatives[0].Person = "" }, "representatives[0].person"},
		{"representative without name", func(p *ClientParams) { p.Representatives[0].Name = " " }, "representatives[0].name"},
		{"representative without relation", func(p *ClientParams) { p.Representatives[0].Relation = "" }, "representatives[0].relation"},
		{"client represents herself", func(p *ClientParams) { p.Representatives[0].Person = p.ID }, "representatives[0].person"},
		{"representative twice", func(p *ClientParams) {
			p.Representatives = append(p.Representatives, Representative{Person: tid("R1"), Name: "Marga", Relation: "daughter"})
		}, "representatives[1].person"},
		{"too many representatives", func(p *ClientParams) { p.Representatives = make([]Representative, MaxRepresentatives+1) }, "representatives"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := goodClient()
			tt.edit(&p)
			c, err := NewClient(p)
			if tt.field == "" {
				require.NoError(t, err)
				require.NotNil(t, c)
				return
			}
			require.Nil(t, c)
			require.Equal(t, tt.field, fieldOf(t, err))
		})
	}
}

func TestClientRepresentedBy(t *testing.T) {
	c, err := NewClient(goodClient())
	require.NoError(t, err)
	require.True(t, c.RepresentedBy(tid("R1")))
	require.False(t, c.RepresentedBy(tid("R2")))
	require.False(t, c.RepresentedBy(c.ID()), "a client is not her own representative")
	reps := c.Representatives()
	reps[0].Person = tid("R2")
	require.True(t, c.RepresentedBy(tid("R1")), "the list returned is a copy")
}

func TestClientNormalisesAndCopies(t *testing.T) {
	p := goodClient()
	p.Name = "  Bep de Vries "
	p.Address.Postcode = " 7511 jk"
	p.Goals = []string{" walk "}
	c, err := NewClient(p)
	require.NoError(t, err)
	require.Equal(t, "Bep de Vries", c.Name())
	require.Equal(t, "7511 JK", c.Address().Postcode)
	require.Equal(t, []string{"walk"}, c.Goals())
	require.Equal(t, " walk ", p.Goals[0], "the caller's slice is not changed")

	// Getters and snapshots are copies.
	c.Goals()[0] = "x"
	c.Informal()[0].Name = "x"
	c.Formal()[0].Name = "x"
	s := c.Snapshot()
	s.Wishes[0] = "x"
	s.Strengths[0] = "x"
	require.Equal(t, "walk", c.Goals()[0])
	require.Equal(t, "Marga", c.Informal()[0].Name)
	require.Equal(t, "Dr. Smit", c.Formal()[0].Name)
	require.Equal(t, "no visits before 8", c.Wishes()[0])
	require.Equal(t, "cooks", c.Strengths()[0])
	c.Address().Coordinates.Lat = 0
	s.Address.Coordinates.Lon = 0
	require.Equal(t, geo.Point{Lat: 52.2230, Lon: 6.8990}, *c.Address().Coordinates, "the address returned shares no point with the client")
	p.Address.Coordinates.Lat = 1
	require.Equal(t, 52.2230, c.Address().Coordinates.Lat, "the client shares no point with the caller's params")

	// A snapshot restores to the same client.
	r, err := RestoreClient(c.Snapshot())
	require.NoError(t, err)
	if d := cmp.Diff(c.Snapshot(), r.Snapshot(), dateEq); d != "" {
		t.Fatalf("restore (-want +got):\n%s", d)
	}
	require.Equal(t, c.ID(), r.ID())
	require.Equal(t, c.BirthDate(), r.BirthDate())
	require.Equal(t, c.Contact(), r.Contact())
	require.Equal(t, 84, c.AgeOn(wijk.NewDate(2026, time.March, 2)))
	require.Equal(t, 85, c.AgeOn(wijk.NewDate(2026, time.May, 12)))
	require.Equal(t, 0, c.AgeOn(wijk.NewDate(1900, time.May, 12)))

	bad := c.Snapshot()
	bad.Name = ""
	_, err = RestoreClient(bad)
	require.Equal(t, "name", fieldOf(t, err))
}

func TestClientUpdate(t *testing.T) {
	c, err := NewClient(goodClient())
	require.NoError(t, err)
	before := c.Snapshot()

	p := goodClient()
	p.ID = tid("C2")
	require.Equal(t, "id", fieldOf(t, c.Update(p)))

	p = goodClient()
	p.Address.City = ""
	require.Equal(t, "address.city", fieldOf(t, c.Update(p)))
	if d := cmp.Diff(before, c.Snapshot(), dateEq); d != "" {
		t.Fatalf("a failed update changed the client (-want +got):\n%s", d)
	}

	require.NoError(t, c.AddInformal(InformalCarer{Name: "Henk", Relation: "neighbour", HelpsWith: "bins"}))
	require.Len(t, c.Informal(), 2)
	require.Equal(t, "informal[2].relation", fieldOf(t, c.AddInformal(InformalCarer{Name: "x"})))
	require.Len(t, c.Informal(), 2)

	require.NoError(t, c.AddProfessional(Professional{Role: RolePharmacist, Organisation: "Apotheek De Linde"}))
	require.Len(t, c.Formal(), 3)
	require.Equal(t, "formal[3].role", fieldOf(t, c.AddProfessional(Professional{Name: "x"})))
}

func TestRoles(t *testing.T) {
	for _, r := range Roles() {
		got, err := ParseRole(strings.ToUpper(r.String()))
		require.NoError(t, err)
		require.Equal(t, r, got)
	}
	r, err := ParseRole("General  Practitioner")
	require.NoError(t, err)
	require.Equal(t, RoleGP, r)
	_, err = ParseRole("plumber")
	require.True(t, errors.Is(err, wijk.ErrInvalid))
	require.False(t, Role(0).Valid())
	require.Equal(t, "Role(0)", Role(0).String())
}

func FuzzNewClient(f *testing.F) {
	f.Add("Bep de Vries", "Lindenstraat 4", "7511 JK", "Enschede", "053 123", "bep@example.org", "Marga", "daughter", "walk", 1941, 5, 12, 52.223, 6.899)
	f.Add(" ", "", "x", "", "abc", "@", "", "", "", 0, 0, 0, 0.0, 0.0)
	f.Add("a\x00", "s\n", "1234-ab", "c", "+(1)", "a@b.c", "n", "r", "\xff", 2100, 13, 40, math.NaN(), math.Inf(-1))
	f.Fuzz(func(t *testing.T, name, street, postcode, city, phone, email, carer, relation, goal string, y, m, d int, lat, lon float64) {
		p := ClientParams{
			ID: tid("F1"), Name: name, BirthDate: wijk.NewDate(y, time.Month(m), d),
			Address:  Address{Street: street, Postcode: postcode, City: city, Coordinates: &geo.Point{Lat: lat, Lon: lon}},
			Contact:  Contact{Phone: phone, Email: email},
			Informal: []InformalCarer{{Name: carer, Relation: relation}},
			Goals:    []string{goal},
		}
		c, err := NewClient(p)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Nil(t, c)
			return
		}
		s := c.Snapshot()
		require.NoError(t, s.validate(), "an accepted client satisfies its invariants")
		require.Equal(t, strings.TrimSpace(s.Name), s.Name)
		r, err := RestoreClient(s)
		require.NoError(t, err)
		require.Empty(t, cmp.Diff(s, r.Snapshot(), dateEq))
	})
}
