package omaha

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
)

// The counts of the Omaha System that the embedded taxonomy must have.
const (
	// NumProblems is the number of problems in the Problem Classification
	// Scheme.
	NumProblems = 42
	// NumTargets is the number of intervention targets, "other" included.
	NumTargets = 76
)

// Other is the sign/symptom, and the name of the target, that stands for
// something not in the list. A sign "other" is only meaningful with a
// free-text description.
const Other = "other"

// OtherTargetCode is the code of the target "other".
const OtherTargetCode = "76"

//go:embed omaha-system.json
var embedded []byte

// tax is the parsed embedded taxonomy. A malformed embedded file is a
// programming error: loading panics, so every test of the package fails at
// once.
var tax = mustParse(embedded)

// Problem is one of the 42 problems of the Problem Classification Scheme,
// with its signs/symptoms. It is a value: changing a returned Problem
// changes nothing in the taxonomy.
type Problem struct {
	// Code is the problem's two-digit code in this taxonomy, "01" to "42".
	Code string
	// Name is the problem's name, e.g. "Medication regimen".
	Name string
	// Domain is the domain the problem belongs to.
	Domain Domain
	// Signs are the problem's signs/symptoms, without "other".
	Signs []string
}

// HasSign reports whether sign is one of the problem's listed
// signs/symptoms, compared case-insensitively and ignoring surrounding
// space. "other" is not a listed sign: see [ValidateSign].
func (p Problem) HasSign(sign string) bool {
	_, ok := p.Sign(sign)
	return ok
}

// Sign returns the listed spelling of sign, matched case-insensitively and
// ignoring surrounding space, and whether the problem lists it.
func (p Problem) Sign(sign string) (string, bool) {
	n := strings.ToLower(strings.TrimSpace(sign))
	for _, s := range p.Signs {
		if strings.ToLower(s) == n {
			return s, true
		}
	}
	return "", false
}

// String returns "Name (Code)".
func (p Problem) String() string { return p.Name + " (" + p.Code + ")" }

func (p Problem) clone() Problem {
	p.Signs = append([]string(nil), p.Signs...)
	return p
}

// Target is one of the intervention targets: what an intervention is
// about, such as "medication set-up".
type Target struct {
	// Code is the target's two-digit code in this taxonomy, "01" to "76".
	Code string
	// Name is the target's name, e.g. "dressing change/wound care".
	Name string
}

// IsOther reports whether the target is "other", which needs a free-text
// description of what the intervention is about.
func (t Target) IsOther() bool { return t.Code == OtherTargetCode }

// String returns "name (Code)".
func (t Target) String() string { return t.Name + " (" + t.Code + ")" }

// Domains, problems and targets, as parsed.
type taxonomy struct {
	source     string
	problems   []Problem // in code order; index = code-1
	targets    []Target  // in code order; index = code-1
	scaleWords [4][MaxRating]string
	byName     map[string]int // normalised problem name → index
	targetName map[string]int // normalised target name → index
}

// The layout of omaha-system.json.
type fileJSON struct {
	Source  string `json:"source"`
	Domains []struct {
		Key      string `json:"key"`
		Name     string `json:"name"`
		Problems []struct {
			Name  string   `json:"name"`
			Signs []string `json:"signsSymptoms"`
			Index string   `json:"index"`
		} `json:"problems"`
	} `json:"domains"`
	Modifiers struct {
		Scope    []string `json:"scope"`
		Severity []string `json:"severity"`
	} `json:"modifiers"`
	Categories []string            `json:"interventionCategories"`
	Scales     map[string][]string `json:"ratingScales"`
	Targets    []struct {
		Name  string `json:"name"`
		Index string `json:"index"`
	} `json:"targets"`
	Note string `json:"note"`
}

func mustParse(b []byte) *taxonomy {
	t, err := parse(b)
	if err != nil {
		panic("omaha: embedded taxonomy is malformed: " + err.Error())
	}
	return t
}

func code(i int) string { return fmt.Sprintf("%02d", i) }

// parse reads and checks a taxonomy file: the counts, the order of the
// codes, the names of the enums, and no duplicates.
func parse(b []byte) (*taxonomy, error) {
	var f fileJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if strings.TrimSpace(f.Source) == "" {
		return nil, errors.New("source citation is missing")
	}
	t := &taxonomy{source: f.Source, byName: map[string]int{}, targetName: map[string]int{}}

	if len(f.Domains) != len(Domains()) {
		return nil, fmt.Errorf("want %d domains, got %d", len(Domains()), len(f.Domains))
	}
	for i, d := range f.Domains {
		dom := Domain(i + 1)
		if d.Key != dom.Key() || d.Name != dom.String() {
			return nil, fmt.Errorf("domain %d is %q/%q, want %q/%q", i+1, d.Key, d.Name, dom.Key(), dom.String())
		}
		for _, p := range d.Problems {
			want := code(len(t.problems) + 1)
			if p.Index != want {
				return nil, fmt.Errorf("problem %q has index %q, want %q", p.Name, p.Index, want)
			}
			if err := checkTerm(p.Name); err != nil {
				return nil, fmt.Errorf("problem %s name: %w", p.Index, err)
			}
			n := enum.Fold(p.Name)
			if _, dup := t.byName[n]; dup {
				return nil, fmt.Errorf("problem name %q appears twice", p.Name)
			}
			if len(p.Signs) == 0 {
				return nil, fmt.Errorf("problem %q has no signs/symptoms", p.Name)
			}
			seen := map[string]bool{}
			for _, s := range p.Signs {
				if err := checkTerm(s); err != nil {
					return nil, fmt.Errorf("problem %q sign: %w", p.Name, err)
				}
				k := strings.ToLower(s)
				if seen[k] || k == Other {
					return nil, fmt.Errorf("problem %q: sign %q is duplicate or 'other'", p.Name, s)
				}
				seen[k] = true
			}
			t.byName[n] = len(t.problems)
			t.problems = append(t.problems, Problem{
				Code: p.Index, Name: p.Name, Domain: dom,
				Signs: append([]string(nil), p.Signs...),
			})
		}
	}
	if len(t.problems) != NumProblems {
		return nil, fmt.Errorf("want %d problems, got %d", NumProblems, len(t.problems))
	}

	if !equalStrings(f.Modifiers.Scope, scopeEnum.Words()) {
		return nil, fmt.Errorf("scopes %q, want %q", f.Modifiers.Scope, scopeEnum.Words())
	}
	if !equalStrings(f.Modifiers.Severity, severityEnum.Words()) {
		return nil, fmt.Errorf("severities %q, want %q", f.Modifiers.Severity, severityEnum.Words())
	}
	if !equalStrings(f.Categories, categoryEnum.Words()) {
		return nil, fmt.Errorf("categories %q, want %q", f.Categories, categoryEnum.Words())
	}
	if len(f.Scales) != len(Scales()) {
		return nil, fmt.Errorf("want %d rating scales, got %d", len(Scales()), len(f.Scales))
	}
	for _, s := range Scales() {
		words, ok := f.Scales[strings.ToLower(s.String())]
		if !ok || len(words) != MaxRating {
			return nil, fmt.Errorf("scale %s needs %d words", s, MaxRating)
		}
		for i, w := range words {
			if err := checkTerm(w); err != nil {
				return nil, fmt.Errorf("scale %s word %d: %w", s, i+1, err)
			}
			t.scaleWords[s][i] = w
		}
	}

	for i, tg := range f.Targets {
		want := code(i + 1)
		if tg.Index != want {
			return nil, fmt.Errorf("target %q has index %q, want %q", tg.Name, tg.Index, want)
		}
		if err := checkTerm(tg.Name); err != nil {
			return nil, fmt.Errorf("target %s name: %w", tg.Index, err)
		}
		n := enum.Fold(tg.Name)
		if _, dup := t.targetName[n]; dup {
			return nil, fmt.Errorf("target name %q appears twice", tg.Name)
		}
		t.targetName[n] = i
		t.targets = append(t.targets, Target{Code: tg.Index, Name: tg.Name})
	}
	if len(t.targets) != NumTargets {
		return nil, fmt.Errorf("want %d targets, got %d", NumTargets, len(t.targets))
	}
	if t.targets[NumTargets-1].Name != Other || t.targets[NumTargets-1].Code != OtherTargetCode {
		return nil, fmt.Errorf("the last target must be %q with code %s", Other, OtherTargetCode)
	}
	return t, nil
}

// checkTerm rejects empty or padded terms.
func checkTerm(s string) error {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\r\n\t") {
		return fmt.Errorf("term %q must be non-empty single-line text without surrounding space", s)
	}
	return nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Source returns the citation of the taxonomy's source.
func Source() string { return tax.source }

// Problems returns all 42 problems in code order. The slice and the signs
// are copies.
func Problems() []Problem {
	out := make([]Problem, len(tax.problems))
	for i, p := range tax.problems {
		out[i] = p.clone()
	}
	return out
}

// ProblemsIn returns the problems of one domain in code order; none for a
// domain that is not valid.
func ProblemsIn(d Domain) []Problem {
	var out []Problem
	for _, p := range tax.problems {
		if p.Domain == d {
			out = append(out, p.clone())
		}
	}
	return out
}

// Targets returns all 76 targets in code order, "other" last. The slice is
// a copy.
func Targets() []Target { return append([]Target(nil), tax.targets...) }

// codeIndex reads a code "01".."NN" (also "1".."NN", surrounding space
// ignored) and returns its zero-based index, or -1.
func codeIndex(s string, n int) int {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 2 {
		return -1
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return -1
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 || v > n {
		return -1
	}
	return v - 1
}

// ProblemByCode returns the problem with the given code ("01" to "42"; a
// single digit such as "7" is read as "07"). The error matches
// [wijk.ErrNotFound] when no problem has that code.
func ProblemByCode(code string) (Problem, error) {
	i := codeIndex(code, len(tax.problems))
	if i < 0 {
		return Problem{}, wijk.NotFoundf("omaha: no problem with code %q (codes are 01 to %02d)", code, NumProblems)
	}
	return tax.problems[i].clone(), nil
}

// ProblemByName returns the problem with the given name, compared
// case-insensitively, ignoring surrounding space and reading hyphens as
// spaces ("digestion hydration" finds "Digestion-hydration"). The error
// matches [wijk.ErrNotFound].
func ProblemByName(name string) (Problem, error) {
	i, ok := tax.byName[enum.Fold(name)]
	if !ok {
		return Problem{}, wijk.NotFoundf("omaha: no problem named %q", name)
	}
	return tax.problems[i].clone(), nil
}

// LookupProblem finds a problem by code or, failing that, by name. The
// error matches [wijk.ErrNotFound].
func LookupProblem(s string) (Problem, error) {
	if p, err := ProblemByCode(s); err == nil {
		return p, nil
	}
	if p, err := ProblemByName(s); err == nil {
		return p, nil
	}
	return Problem{}, wijk.NotFoundf("omaha: no problem with code or name %q", s)
}

// TargetByCode returns the target with the given code ("01" to "76"; a
// single digit is read with a leading zero). The error matches
// [wijk.ErrNotFound].
func TargetByCode(code string) (Target, error) {
	i := codeIndex(code, len(tax.targets))
	if i < 0 {
		return Target{}, wijk.NotFoundf("omaha: no target with code %q (codes are 01 to %02d)", code, NumTargets)
	}
	return tax.targets[i], nil
}

// TargetByName returns the target with the given name, compared as
// [ProblemByName] does. The error matches [wijk.ErrNotFound].
func TargetByName(name string) (Target, error) {
	i, ok := tax.targetName[enum.Fold(name)]
	if !ok {
		return Target{}, wijk.NotFoundf("omaha: no target named %q", name)
	}
	return tax.targets[i], nil
}

// LookupTarget finds a target by code or, failing that, by name. The error
// matches [wijk.ErrNotFound].
func LookupTarget(s string) (Target, error) {
	if t, err := TargetByCode(s); err == nil {
		return t, nil
	}
	if t, err := TargetByName(s); err == nil {
		return t, nil
	}
	return Target{}, wijk.NotFoundf("omaha: no target with code or name %q", s)
}

// IsOther reports whether s means "other" (any case, surrounding space
// ignored).
func IsOther(s string) bool { return strings.EqualFold(strings.TrimSpace(s), Other) }

// ValidateSign checks that sign may be recorded for the problem with the
// given code: it is one of the problem's listed signs/symptoms, or
// [Other]. A sign "other" needs a free-text description, which the caller
// must check. The error matches [wijk.ErrInvalid] and names the field
// "sign" (or "problem" when the code is unknown).
func ValidateSign(problemCode, sign string) error {
	p, err := ProblemByCode(problemCode)
	if err != nil {
		return wijk.Invalid("problem", "must be an Omaha problem code 01 to %02d, got %q", NumProblems, problemCode)
	}
	if IsOther(sign) || p.HasSign(sign) {
		return nil
	}
	return wijk.Invalid("sign", "%q is not a sign/symptom of the problem %s", sign, p)
}
