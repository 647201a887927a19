package omaha

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/benchdata"
	"github.com/wijkzorg/wijk/internal/enum"
)

func TestCounts(t *testing.T) {
	require.Len(t, Domains(), 4)
	require.Len(t, Problems(), 42)
	require.Len(t, Categories(), 4)
	require.Len(t, Targets(), 76)
	require.Len(t, Scopes(), 3)
	require.Len(t, Severities(), 3)
	require.Len(t, Scales(), 3)

	perDomain := map[Domain]int{}
	signs := 0
	for i, p := range Problems() {
		require.Equal(t, code(i+1), p.Code)
		require.True(t, p.Domain.Valid(), p.Name)
		require.NotEmpty(t, p.Signs, p.Name)
		perDomain[p.Domain]++
		signs += len(p.Signs)
	}
	require.Equal(t, map[Domain]int{Environmental: 4, Psychosocial: 12, Physiological: 18, HealthRelatedBehaviors: 8}, perDomain)
	require.Equal(t, 335, signs)
	total := 0
	for _, d := range Domains() {
		total += len(ProblemsIn(d))
	}
	require.Equal(t, 42, total)
	require.Empty(t, ProblemsIn(Domain(0)))
}

func TestSpotChecks(t *testing.T) {
	income, err := ProblemByCode("01")
	require.NoError(t, err)
	want := Problem{Code: "01", Name: "Income", Domain: Environmental, Signs: []string{
		"low/no income", "uninsured medical expenses", "difficulty with money management",
		"able to buy only necessities", "difficulty buying necessities",
	}}
	if d := cmp.Diff(want, income); d != "" {
		t.Fatalf("Income (-want +got):\n%s", d)
	}

	med, err := ProblemByName("  medication REGIMEN ")
	require.NoError(t, err)
	require.Equal(t, "42", med.Code)
	require.Equal(t, HealthRelatedBehaviors, med.Domain)

	skin, err := ProblemByCode("24")
	require.NoError(t, err)
	require.Equal(t, "Skin", skin.Name)
	require.Equal(t, Physiological, skin.Domain)
	require.True(t, skin.HasSign("Lesion/pressure ulcer"))

	dig, err := ProblemByName("digestion hydration")
	require.NoError(t, err)
	require.Equal(t, "Digestion-hydration", dig.Name)

	wound, err := TargetByName("Dressing change/wound care")
	require.NoError(t, err)
	require.Equal(t, Target{Code: "17", Name: "dressing change/wound care"}, wound)
	first, err := TargetByCode("1")
	require.NoError(t, err)
	require.Equal(t, "anatomy/physiology", first.Name)
	other, err := TargetByCode("76")
	require.NoError(t, err)
	require.True(t, other.IsOther())
	require.False(t, wound.IsOther())
	require.Equal(t, "wellness (75)", Targets()[74].String())

	require.Contains(t, Source(), "Martin")
}

func TestCopies(t *testing.T) {
	ps := Problems()
	ps[0].Name = "changed"
	ps[0].Signs[0] = "changed"
	p, err := ProblemByCode("01")
	require.NoError(t, err)
	require.Equal(t, "Income", p.Name)
	require.Equal(t, "low/no income", p.Signs[0])
	p.Signs[0] = "changed again"
	again, _ := ProblemByCode("01")
	require.Equal(t, "low/no income", again.Signs[0])

	ts := Targets()
	ts[0].Name = "changed"
	require.Equal(t, "anatomy/physiology", Targets()[0].Name)

	w := Knowledge.Words()
	w[0] = "changed"
	require.Equal(t, "no knowledge", Knowledge.Words()[0])
}

func TestLookupsNotFound(t *testing.T) {
	for _, c := range []string{"", "0", "00", "43", "-1", "1a", "001", "+1", "٣"} {
		_, err := ProblemByCode(c)
		require.ErrorIs(t, err, wijk.ErrNotFound, "problem code %q", c)
	}
	for _, c := range []string{"", "0", "77", "x"} {
		_, err := TargetByCode(c)
		require.ErrorIs(t, err, wijk.ErrNotFound, "target code %q", c)
	}
	_, err := ProblemByName("Happiness")
	require.ErrorIs(t, err, wijk.ErrNotFound)
	_, err = TargetByName("")
	require.ErrorIs(t, err, wijk.ErrNotFound)

	p, err := LookupProblem("7")
	require.NoError(t, err)
	require.Equal(t, "Role change", p.Name)
	p, err = LookupProblem("pain")
	require.NoError(t, err)
	require.Equal(t, "22", p.Code)
	_, err = LookupProblem("nothing")
	require.ErrorIs(t, err, wijk.ErrNotFound)
	tg, err := LookupTarget("medication set-up")
	require.NoError(t, err)
	require.Equal(t, "42", tg.Code)
	tg, err = LookupTarget("03")
	require.NoError(t, err)
	require.Equal(t, "behavior modification", tg.Name)
	_, err = LookupTarget("nothing")
	require.ErrorIs(t, err, wijk.ErrNotFound)
}

func TestValidateSign(t *testing.T) {
	tests := []struct {
		code, sign string
		field      string // "" = valid
	}{
		{"24", "lesion/pressure ulcer", ""},
		{"24", "  RASH ", ""},
		{"24", "other", ""},
		{"24", "Other", ""},
		{"24", "low/no income", "sign"},
		{"24", "", "sign"},
		{"01", "low/no income", ""},
		{"43", "rash", "problem"},
		{"", "rash", "problem"},
	}
	for _, tt := range tests {
		err := ValidateSign(tt.code, tt.sign)
		if tt.field == "" {
			require.NoError(t, err, "%s %q", tt.code, tt.sign)
			continue
		}
		var ve *wijk.ValidationError
		require.ErrorAs(t, err, &ve, "%s %q", tt.code, tt.sign)
		require.Equal(t, tt.field, ve.Field)
		require.ErrorIs(t, err, wijk.ErrInvalid)
	}
	skin, _ := ProblemByCode("24")
	require.False(t, skin.HasSign("other"), "other is not a listed sign")
	s, ok := skin.Sign(" RASH")
	require.True(t, ok)
	require.Equal(t, "rash", s)
	require.True(t, IsOther(" OTHER "))
	require.False(t, IsOther("others"))
}

func TestEnums(t *testing.T) {
	type parseCase struct {
		in   string
		want int // 0 = error
	}
	check := func(t *testing.T, name string, parse func(string) (int, error), cases []parseCase) {
		t.Helper()
		for _, c := range cases {
			got, err := parse(c.in)
			if c.want == 0 {
				require.ErrorIs(t, err, wijk.ErrInvalid, "%s %q", name, c.in)
				var ve *wijk.ValidationError
				require.ErrorAs(t, err, &ve)
				require.Equal(t, name, ve.Field)
				continue
			}
			require.NoError(t, err, "%s %q", name, c.in)
			require.Equal(t, c.want, got, "%s %q", name, c.in)
		}
	}
	check(t, "domain", func(s string) (int, error) { d, err := ParseDomain(s); return int(d), err }, []parseCase{
		{"Environmental", 1}, {"psychosocial", 2}, {" PHYSIOLOGICAL ", 3},
		{"Health-related behaviors", 4}, {"health-related-behaviors", 4}, {"health related behaviors", 4},
		{"", 0}, {"social", 0},
	})
	check(t, "scope", func(s string) (int, error) { v, err := ParseScope(s); return int(v), err }, []parseCase{
		{"individual", 1}, {"Family", 2}, {"COMMUNITY ", 3}, {"", 0}, {"household", 0},
	})
	check(t, "severity", func(s string) (int, error) { v, err := ParseSeverity(s); return int(v), err }, []parseCase{
		{"health promotion", 1}, {"Health-Promotion", 1}, {"health_promotion", 1}, {"potential", 2}, {"Actual", 3},
		{"", 0}, {"severe", 0},
	})
	check(t, "category", func(s string) (int, error) { v, err := ParseCategory(s); return int(v), err }, []parseCase{
		{"Teaching, guidance, and counseling", 1}, {"TGC", 1}, {"teaching", 1},
		{"Treatments and procedures", 2}, {"tp", 2}, {"treatments", 2},
		{"Case management", 3}, {"CM", 3}, {"case-management", 3},
		{"Surveillance", 4}, {"s", 4},
		{"", 0}, {"guidance", 0}, {"x", 0},
	})
	check(t, "scale", func(s string) (int, error) { v, err := ParseScale(s); return int(v), err }, []parseCase{
		{"Knowledge", 1}, {"behavior", 2}, {"Behaviour", 2}, {"STATUS", 3}, {"", 0}, {"skill", 0},
	})

	// String round-trips through Parse for every value, and the zero
	// value is never valid.
	for _, d := range Domains() {
		got, err := ParseDomain(d.String())
		require.NoError(t, err)
		require.Equal(t, d, got)
	}
	for _, c := range Categories() {
		got, err := ParseCategory(c.String())
		require.NoError(t, err)
		require.Equal(t, c, got)
	}
	for _, s := range Severities() {
		got, err := ParseSeverity(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	require.False(t, Domain(0).Valid())
	require.False(t, Scope(0).Valid())
	require.False(t, Severity(0).Valid())
	require.False(t, Category(0).Valid())
	require.False(t, Scale(0).Valid())
	require.Equal(t, "Domain(9)", Domain(9).String())
	require.Equal(t, "Scope(0)", Scope(0).String())
	require.Equal(t, "Severity(4)", Severity(4).String())
	require.Equal(t, "Category(0)", Category(0).String())
	require.Equal(t, "Scale(0)", Scale(0).String())
	require.Equal(t, "", Domain(0).Key())
	require.Equal(t, "", Category(0).Abbrev())
	require.Equal(t, "TGC", TeachingGuidanceCounseling.Abbrev())
	require.True(t, Actual.NeedsSigns())
	require.False(t, Potential.NeedsSigns())
	require.False(t, HealthPromotion.NeedsSigns())
}

func TestScaleWords(t *testing.T) {
	tests := []struct {
		scale  Scale
		rating int
		want   string
	}{
		{Knowledge, 1, "no knowledge"},
		{Knowledge, 3, "basic knowledge"},
		{Knowledge, 5, "superior knowledge"},
		{Behavior, 1, "not appropriate behavior"},
		{Behavior, 4, "usually appropriate behavior"},
		{Status, 1, "extreme signs/symptoms"},
		{Status, 5, "no signs/symptoms"},
	}
	for _, tt := range tests {
		got, err := tt.scale.Word(tt.rating)
		require.NoError(t, err)
		require.Equal(t, tt.want, got)
	}
	for _, r := range []int{0, 6, -1} {
		_, err := Status.Word(r)
		require.ErrorIs(t, err, wijk.ErrInvalid, "rating %d", r)
	}
	_, err := Scale(0).Word(3)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Nil(t, Scale(7).Words())
	require.Len(t, Behavior.Words(), 5)
}

// TestParseRejectsMalformed changes one thing at a time in the embedded
// file and checks that parse notices.
func TestParseRejectsMalformed(t *testing.T) {
	mutate := func(f func(m map[string]any)) []byte {
		var m map[string]any
		require.NoError(t, json.Unmarshal(embedded, &m))
		f(m)
		b, err := json.Marshal(m)
		require.NoError(t, err)
		return b
	}
	domain := func(m map[string]any, i int) map[string]any { return m["domains"].([]any)[i].(map[string]any) }
	problem := func(m map[string]any, d, p int) map[string]any {
		return domain(m, d)["problems"].([]any)[p].(map[string]any)
	}
	cases := map[string][]byte{
		"not json":         []byte("{"),
		"unknown field":    mutate(func(m map[string]any) { m["extra"] = 1 }),
		"no source":        mutate(func(m map[string]any) { m["source"] = " " }),
		"three domains":    mutate(func(m map[string]any) { m["domains"] = m["domains"].([]any)[:3] }),
		"domain renamed":   mutate(func(m map[string]any) { domain(m, 0)["name"] = "Surroundings" }),
		"problem index":    mutate(func(m map[string]any) { problem(m, 0, 1)["index"] = "03" }),
		"duplicate name":   mutate(func(m map[string]any) { problem(m, 0, 1)["name"] = "Income" }),
		"padded name":      mutate(func(m map[string]any) { problem(m, 0, 1)["name"] = " Sanitation" }),
		"no signs":         mutate(func(m map[string]any) { problem(m, 0, 1)["signsSymptoms"] = []any{} }),
		"duplicate sign":   mutate(func(m map[string]any) { problem(m, 0, 0)["signsSymptoms"] = []any{"a", "A"} }),
		"other sign":       mutate(func(m map[string]any) { problem(m, 0, 0)["signsSymptoms"] = []any{"other"} }),
		"empty sign":       mutate(func(m map[string]any) { problem(m, 0, 0)["signsSymptoms"] = []any{""} }),
		"41 problems":      mutate(func(m map[string]any) { d := domain(m, 3); d["problems"] = d["problems"].([]any)[:7] }),
		"scopes":           mutate(func(m map[string]any) { m["modifiers"].(map[string]any)["scope"] = []any{"individual"} }),
		"severities":       mutate(func(m map[string]any) { m["modifiers"].(map[string]any)["severity"] = []any{"actual"} }),
		"categories":       mutate(func(m map[string]any) { m["interventionCategories"] = []any{"a", "b", "c", "d"} }),
		"scale words":      mutate(func(m map[string]any) { m["ratingScales"].(map[string]any)["status"] = []any{"a"} }),
		"scale missing":    mutate(func(m map[string]any) { delete(m["ratingScales"].(map[string]any), "status") }),
		"scale word blank": mutate(func(m map[string]any) { m["ratingScales"].(map[string]any)["status"] = []any{"a", "b", "c", "d", ""} }),
		"target index": mutate(func(m map[string]any) {
			m["targets"].([]any)[5].(map[string]any)["index"] = "99"
		}),
		"target duplicate": mutate(func(m map[string]any) {
			m["targets"].([]any)[5].(map[string]any)["name"] = "anatomy/physiology"
		}),
		"75 targets": mutate(func(m map[string]any) { m["targets"] = m["targets"].([]any)[:75] }),
		"other not last": mutate(func(m map[string]any) {
			m["targets"].([]any)[75].(map[string]any)["name"] = "zz"
		}),
	}
	for name, b := range cases {
		_, err := parse(b)
		require.Error(t, err, name)
	}
	_, err := parse(embedded)
	require.NoError(t, err)
	require.Panics(t, func() { mustParse([]byte("[]")) })
}

// TestMatchesSharedData checks that the embedded copy says the same as the
// curated taxonomy in the shared data directory, when it is there.
func TestMatchesSharedData(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(benchdata.Dir(t, "omaha"), "omaha-system.json"))
	require.NoError(t, err)
	shared, err := parse(b)
	require.NoError(t, err)
	if d := cmp.Diff(shared, tax, cmp.AllowUnexported(taxonomy{})); d != "" {
		t.Fatalf("embedded taxonomy differs from shared data (-shared +embedded):\n%s", d)
	}
}

func FuzzLookups(f *testing.F) {
	for _, s := range []string{"01", "7", "42", "43", "Income", "medication regimen", "other", "", " \t", "Digestion-hydration", "TGC", "status", "\xff"} {
		f.Add(s, "rash")
	}
	f.Fuzz(func(t *testing.T, s, sign string) {
		if p, err := ProblemByCode(s); err == nil {
			require.Len(t, p.Code, 2)
			require.NotEmpty(t, p.Signs)
		} else {
			require.ErrorIs(t, err, wijk.ErrNotFound)
		}
		if p, err := ProblemByName(s); err == nil {
			require.Equal(t, enum.Fold(s), enum.Fold(p.Name))
		} else {
			require.ErrorIs(t, err, wijk.ErrNotFound)
		}
		if tg, err := LookupTarget(s); err == nil {
			require.NotEmpty(t, tg.Name)
		} else {
			require.ErrorIs(t, err, wijk.ErrNotFound)
		}
		if err := ValidateSign(s, sign); err == nil {
			p, perr := ProblemByCode(s)
			require.NoError(t, perr)
			require.True(t, IsOther(sign) || p.HasSign(sign))
		} else {
			require.ErrorIs(t, err, wijk.ErrInvalid)
		}
		for _, parse := range []func(string) (fmtStringer, error){
			func(s string) (fmtStringer, error) { return ParseDomain(s) },
			func(s string) (fmtStringer, error) { return ParseScope(s) },
			func(s string) (fmtStringer, error) { return ParseSeverity(s) },
			func(s string) (fmtStringer, error) { return ParseCategory(s) },
			func(s string) (fmtStringer, error) { return ParseScale(s) },
		} {
			v, err := parse(s)
			if err != nil {
				require.ErrorIs(t, err, wijk.ErrInvalid)
				continue
			}
			require.True(t, v.Valid(), "%q parsed to an invalid value", s)
			require.False(t, strings.HasPrefix(v.String(), "Domain("))
		}
	})
}

type fmtStringer interface {
	String() string
	Valid() bool
}
