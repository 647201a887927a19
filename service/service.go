package service

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// Service is wijk's use-case layer over one Store: it opens sessions that
// act for one person each. It is safe for concurrent use; open one per
// process.
type Service struct {
	store    storage.Store
	clock    wijk.Clock
	ids      wijk.IDSource
	observer func(context.Context, Access)
	app      string
	// retention is how long the audit and access logs keep an entry.
	retention time.Duration
	// noAccessLog turns the access log off, for the benchmark that
	// measures what it costs (see export_test.go); never off otherwise.
	noAccessLog bool
}

// Option changes how a Service works.
type Option func(*Service)

// WithAccessObserver has fn told of every decision the service makes
// about a request (allowed or refused, emergency access marked), after
// the policy has decided and before the request goes on. fn runs on the
// caller's goroutine and must not block; it must not use the Service.
func WithAccessObserver(fn func(context.Context, Access)) Option {
	return func(s *Service) { s.observer = fn }
}

// WithApplication names the application or device the service runs in
// ("wijkapp 2.3 on tablet T-0417"), for the access log: NEN 7513 asks
// from where each access was made. One line, at most 200 bytes; the
// default is "unnamed application".
func WithApplication(name string) Option {
	return func(s *Service) { s.app = name }
}

// WithRetention sets how long the audit and access logs keep an entry
// before PurgeLogs removes it; the default is storage.DefaultRetention
// (five years). It must be positive.
func WithRetention(d time.Duration) Option {
	return func(s *Service) { s.retention = d }
}

// New opens the service on store. The clock stamps every step and decides
// which day it is (nil means real time); ids makes the IDs of what the
// service creates (a meeting, a proposal, a decision, a coaching request).
func New(store storage.Store, clock wijk.Clock, ids wijk.IDSource, opts ...Option) (*Service, error) {
	if store == nil {
		return nil, wijk.Invalid("store", "is required")
	}
	if ids == nil {
		return nil, wijk.Invalid("ids", "is required: the service makes IDs for what it creates")
	}
	s := &Service{store: store, clock: clock, ids: ids, app: "unnamed application", retention: storage.DefaultRetention}
	for _, o := range opts {
		o(s)
	}
	if s.retention <= 0 {
		return nil, wijk.Invalid("retention", "must be positive, got %s", s.retention)
	}
	if strings.TrimSpace(s.app) == "" {
		return nil, wijk.Invalid("application", "must name the application or device when given")
	}
	if err := valid.Line("application", s.app, 200); err != nil {
		return nil, err
	}
	return s, nil
}

// PurposeKind says why a session reads and writes.
type PurposeKind int

// The purposes.
const (
	// PurposeCare: care and the team's own work. The usual purpose.
	PurposeCare PurposeKind = iota + 1
	// PurposeEmergency: emergency access ("break the glass") to the dossier
	// of a client of another team. A reason is required; every access is
	// marked as an emergency.
	PurposeEmergency
	// PurposeAdministration: the back office, the privacy officer, the
	// vendor's own processes.
	PurposeAdministration
	// PurposeOwnRecord: a client, or their representative, reading the
	// client's own record.
	PurposeOwnRecord
)

var purposeEnum = enum.New[PurposeKind]("PurposeKind", "purpose.kind", "care", "emergency", "administration", "own record")

// String returns the purpose in words.
func (k PurposeKind) String() string { return purposeEnum.String(k) }

// ParsePurposeKind reads a purpose written by String.
func ParsePurposeKind(s string) (PurposeKind, error) { return purposeEnum.Parse(s) }

// MarshalText writes the purpose in words, e.g. "own record"; a PurposeKind
// that is not valid is refused with an error matching [wijk.ErrInvalid].
func (k PurposeKind) MarshalText() ([]byte, error) { return purposeEnum.MarshalText(k) }

// UnmarshalText reads a purpose as [ParsePurposeKind] does.
func (k *PurposeKind) UnmarshalText(b []byte) error { return purposeEnum.UnmarshalText(b, k) }

// Purpose is why a session acts: a kind and, in words, the reason. The
// reason is required for emergency access. Only emergency access changes
// what a session may do; every purpose is reported with each decision
// (see Access), for the record of who read what and why.
type Purpose struct {
	// Kind is the kind of purpose.
	Kind PurposeKind
	// Reason says why, in words; one line.
	Reason string
}

// Care is the purpose of everyday care and team work.
func Care() Purpose { return Purpose{Kind: PurposeCare} }

// Emergency is the purpose of emergency access, with its reason ("found
// unwell at the market; her own team cannot be reached").
func Emergency(reason string) Purpose { return Purpose{Kind: PurposeEmergency, Reason: reason} }

// Administration is the purpose of the back office and the vendor's own
// processes.
func Administration(reason string) Purpose {
	return Purpose{Kind: PurposeAdministration, Reason: reason}
}

// OwnRecord is the purpose of a client, or their representative, reading
// the client's record.
func OwnRecord() Purpose { return Purpose{Kind: PurposeOwnRecord} }

// MaxReason bounds a purpose's reason, in bytes.
const MaxReason = 500

// Validate checks the purpose: a known kind, a reason of one line (at
// most MaxReason bytes), required for an emergency.
func (p Purpose) Validate() error {
	if err := purposeEnum.Check("purpose.kind", p.Kind); err != nil {
		return err
	}
	if err := valid.Line("purpose.reason", p.Reason, MaxReason); err != nil {
		return err
	}
	if p.Kind == PurposeEmergency && strings.TrimSpace(p.Reason) == "" {
		return wijk.Invalid("purpose.reason", "is required for emergency access: say why the dossier must be opened")
	}
	return nil
}

// As opens a session that acts for person, for purpose. The vendor has
// authenticated the person (with OIDC, the UZI pass, …); everything the
// person may do is taken from stored facts on the day of each request, never
// from the caller. A person with no stored standing at all gets a session
// too, in which every request is refused until the store says otherwise
// (they are hired, registered as staff, a client, a representative).
func (s *Service) As(ctx context.Context, person wijk.ID, purpose Purpose) (*Session, error) {
	if err := person.Validate("person"); err != nil {
		return nil, err
	}
	if err := purpose.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Session{svc: s, person: person, actor: string(person), purpose: purpose, teams: map[wijk.ID]teamView{}}, nil
}

// AsSystem opens a session for the vendor's own trusted process (a set-up
// script, an import, a scheduled job), named name. It may register coaches
// and staff and grant staff roles (rule administer), and nothing a person
// does: it reads no dossier and takes no team decision. Never open one for
// a person's request.
func (s *Service) AsSystem(ctx context.Context, name string, purpose Purpose) (*Session, error) {
	if strings.TrimSpace(name) == "" {
		return nil, wijk.Invalid("name", "is required: name the process")
	}
	if err := valid.Line("name", name, 100); err != nil {
		return nil, err
	}
	if err := purpose.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Session{svc: s, system: name, actor: "system:" + name, purpose: purpose, teams: map[wijk.ID]teamView{}}, nil
}

// Session acts for one person (or one system process). Every write it
// makes names that person as its actor; every right it uses comes from
// stored facts, resolved on the day of the request. A Session is safe for
// concurrent use. It caches what it learnt about a team, keyed by the
// team's version and the day, so a membership change is seen at once.
type Session struct {
	svc     *Service
	person  wijk.ID // empty for a system session
	system  string
	actor   string
	purpose Purpose

	mu    sync.Mutex
	teams map[wijk.ID]teamView
}

// Person returns the person the session acts for ("" for a system
// session).
func (s *Session) Person() wijk.ID { return s.person }

// Purpose returns the session's purpose.
func (s *Session) Purpose() Purpose { return s.purpose }

// teamView is what a session concluded about one team, from one version
// of it, on one day.
type teamView struct {
	version storage.Version
	day     wijk.Date
	member  team.Member // the membership covering day, if any
	isIn    bool        // member covers day
	decides bool        // an active member who takes part in decisions
	coach   bool        // the team's coach
}

// now reads the service's clock.
func (s *Session) now() time.Time { return wijk.Now(s.svc.clock) }

// today is the day the clock says it is.
func (s *Session) today() wijk.Date { return wijk.DateOf(s.now()) }

// change is the audit change of a write by this session. The summary is
// made one clean line: texts from the domain (a name, a reason) may hold
// line breaks or tabs that the audit log refuses.
func (s *Session) change(summary string) storage.Change {
	summary = strings.ToValidUTF8(summary, "\uFFFD")
	summary = strings.Join(strings.FieldsFunc(summary, func(r rune) bool {
		return unicode.IsControl(r) || unicode.IsSpace(r)
	}), " ")
	if len(summary) > storage.MaxSummary {
		summary = summary[:storage.MaxSummary]
		for !utf8.ValidString(summary) {
			summary = summary[:len(summary)-1]
		}
	}
	return storage.Change{Actor: s.actor, Summary: summary}
}

// view returns what the session knows of team t (stored at version v) on
// day, from the cache when t has not changed since. Only a team read from
// the Store itself is remembered: one read inside a transaction might be
// the transaction's own write, which could yet be rolled back and its
// version number used again for other contents.
func (s *Session) view(t *team.Team, v storage.Version, day wijk.Date, remember bool) teamView {
	s.mu.Lock()
	if tv, ok := s.teams[t.ID()]; ok && tv.version == v && tv.day == day {
		s.mu.Unlock()
		return tv
	}
	s.mu.Unlock()
	tv := teamView{version: v, day: day}
	if s.person != "" {
		for _, m := range t.MembersOn(day) {
			if m.Person == s.person {
				tv.member, tv.isIn = m, true
			}
		}
		tv.decides = tv.isIn && t.MayDecide(s.person)
		tv.coach = t.Coach() == s.person
	}
	if remember {
		s.mu.Lock()
		s.teams[t.ID()] = tv
		s.mu.Unlock()
	}
	return tv
}

// cached returns the view of team id if it is known at version v on day.
func (s *Session) cached(id wijk.ID, v storage.Version, day wijk.Date) (teamView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tv, ok := s.teams[id]
	return tv, ok && tv.version == v && tv.day == day
}

// teamViewAt returns the session's view of team id, which was at version
// v when the record being decided on was read: from the cache if it
// still holds, else from the stored team.
func (s *Session) teamViewAt(ctx context.Context, st storage.Store, id wijk.ID, v storage.Version, day wijk.Date) (teamView, error) {
	if tv, ok := s.cached(id, v, day); ok {
		return tv, nil
	}
	t, tv, err := st.Teams().Get(ctx, id)
	if err != nil {
		return teamView{}, err
	}
	return s.view(t, tv, day, st == s.svc.store), nil
}

// facts turns a team view into the policy's facts about that team.
func (tv teamView) facts() policy.Facts {
	f := policy.Facts{Coach: tv.coach}
	if tv.isIn {
		f.Level = tv.member.Level
		if tv.member.Status == team.StatusOnLeave {
			f.OnLeave = true
		} else {
			f.Member = true
		}
	}
	f.Decides = tv.decides
	return f
}

// standing is what a session learns about the person beyond one team:
// other memberships on the day, staff roles.
type standing struct {
	elsewhere      bool // an active member of a team other than the one concerned
	backOffice     bool
	privacyOfficer bool
}

// standing looks up the person's standing outside team except on day.
func (s *Session) standing(ctx context.Context, st storage.Store, except wijk.ID, day wijk.Date) (standing, error) {
	var out standing
	if s.person == "" {
		return out, nil
	}
	ids, err := st.Teams().ListByPerson(ctx, s.person)
	if err != nil {
		return out, err
	}
	for _, id := range ids {
		if id == except {
			continue
		}
		t, v, err := st.Teams().Get(ctx, id)
		if err != nil {
			return out, err
		}
		if f := s.view(t, v, day, st == s.svc.store).facts(); f.Member {
			out.elsewhere = true
			break
		}
	}
	staff, _, err := st.Staff().Get(ctx, s.person)
	switch {
	case err == nil:
		out.backOffice = staff.Holds(team.StaffBackOffice, day)
		out.privacyOfficer = staff.Holds(team.StaffPrivacyOfficer, day)
	case !errors.Is(err, wijk.ErrNotFound):
		return out, err
	}
	return out, nil
}

// apply adds the standing to facts.
func (o standing) apply(f policy.Facts) policy.Facts {
	f.MemberElsewhere = f.MemberElsewhere || o.elsewhere
	f.BackOffice = f.BackOffice || o.backOffice
	f.PrivacyOfficer = f.PrivacyOfficer || o.privacyOfficer
	return f
}

// Access is one decision of the trust boundary, as the service tells its
// observer (see WithAccessObserver).
type Access struct {
	// At is when the decision was made.
	At time.Time
	// Actor is who asked: a person's ID, or "system:NAME".
	Actor string
	// Purpose is the session's purpose.
	Purpose Purpose
	// Action is what was asked.
	Action policy.Action
	// Team is the team concerned, if any.
	Team wijk.ID
	// Client is the client concerned, if any: the data subject.
	Client wijk.ID
	// Entity and EntityID name the record concerned, if any.
	Entity   string
	EntityID wijk.ID
	// Decision is the policy's answer.
	Decision policy.Decision
}

// subject names what a request is about: the team concerned (and its
// version when the record was read, 0 when unknown), the day the request
// is about (zero: today), and for the access observer the client and the
// record.
type subject struct {
	team     wijk.ID
	version  storage.Version
	day      wijk.Date
	client   wijk.ID
	entity   string
	entityID wijk.ID
	// known says that the cheap facts given to authorise already hold
	// the person's standing outside the team: it is not read again.
	known bool
	// access is what the access log records (AccessCreate, AccessExport);
	// when empty, a write is AccessUpdate and a read AccessRead, or
	// AccessEmergency in an emergency.
	access storage.AccessAction
}

// decide asks the policy, tells the observer, records the access to a
// client's record (see record), and returns the decision's error
// (wijk.ErrForbidden) when refused. who names the person in the error.
func (s *Session) decide(ctx context.Context, a policy.Action, f policy.Facts, about subject, who string) (policy.Decision, error) {
	f = s.withPurpose(f)
	d := policy.Decide(a, f)
	now := s.now()
	if s.svc.observer != nil {
		s.svc.observer(ctx, Access{At: now, Actor: s.actor, Purpose: s.purpose, Action: a,
			Team: about.team, Client: about.client, Entity: about.entity, EntityID: about.entityID, Decision: d})
	}
	if who == "" {
		who = s.actor
	}
	refusal := d.Err(who, a)
	if about.client != "" || (a == policy.ReadCaseload && !d.Allowed) {
		if err := s.record(ctx, s.accessEntry(now, a, f, d, about)); err != nil {
			return d, errors.Join(refusal, err)
		}
	}
	return d, refusal
}

// accessEntry is the access log's entry for a decision about a client's
// record (or a refused caseload).
func (s *Session) accessEntry(at time.Time, a policy.Action, f policy.Facts, d policy.Decision, about subject) storage.AccessEntry {
	e := storage.AccessEntry{At: at, Person: s.actor, Role: roleOf(f), Client: about.client, Entity: about.entity,
		EntityID: about.entityID, Action: storage.AccessRead, Purpose: s.purpose.Kind.String(), Reason: s.purpose.Reason,
		Outcome: storage.OutcomeAllowed, Rule: string(d.Rule), Application: s.svc.app}
	switch {
	case about.access != "":
		e.Action = about.access
	case a != policy.ReadDossier && a != policy.ReadCaseload:
		e.Action = storage.AccessUpdate
	case d.Emergency || (!d.Allowed && s.purpose.Kind == PurposeEmergency):
		e.Action = storage.AccessEmergency
	}
	if !d.Allowed {
		e.Outcome = storage.OutcomeRefused
	}
	return e
}

// roleOf names the capacity the facts give the person, the strongest
// first.
func roleOf(f policy.Facts) storage.AccessRole {
	switch {
	case f.System:
		return storage.RoleSystem
	case f.Member || f.OnLeave:
		return storage.RoleMember
	case f.Coach || f.Facilitator:
		return storage.RoleCoach
	case f.Subject:
		return storage.RoleClient
	case f.Representative:
		return storage.RoleRepresentative
	case f.BackOffice || f.PrivacyOfficer:
		return storage.RoleOrganisation
	case f.MemberElsewhere:
		return storage.RoleMember
	}
	return storage.RoleNone
}

// accessRec gathers the access entries of one transaction: the allowed
// ones commit with it; the refused ones are written after a rollback.
type accessRec struct {
	mu      sync.Mutex
	entries []storage.AccessEntry
}

type accessRecKey struct{}

// record writes an access entry: inside a session's transaction it is
// gathered and committed with the transaction's writes (a refusal is
// written after the rollback); outside one it is written at once and is
// durable before the call returns, so a read hands out its data only
// after its entry is kept.
func (s *Session) record(ctx context.Context, es ...storage.AccessEntry) error {
	if s.svc.noAccessLog || len(es) == 0 {
		return nil
	}
	if rec, ok := ctx.Value(accessRecKey{}).(*accessRec); ok {
		rec.mu.Lock()
		rec.entries = append(rec.entries, es...)
		rec.mu.Unlock()
		return nil
	}
	return s.svc.store.Access().Append(ctx, es...)
}

// recordRead writes one allowed read entry per record of a caseload read
// (each names its client), before the caseload is handed out. tv is what
// authorise concluded of the team: the caseload was allowed on it alone.
func (s *Session) recordRead(ctx context.Context, tv teamView, teamID wijk.ID, entity string, ids, clients []wijk.ID) error {
	if len(ids) == 0 {
		return nil
	}
	at := s.now()
	f := s.withPurpose(tv.facts())
	d := policy.Decide(policy.ReadCaseload, f)
	es := make([]storage.AccessEntry, len(ids))
	for i, id := range ids {
		es[i] = s.accessEntry(at, policy.ReadCaseload, f, d, subject{team: teamID, client: clients[i], entity: entity, entityID: id})
	}
	return s.record(ctx, es...)
}

// withPurpose adds what the session is to facts: a system session is
// nothing but the system; an emergency gives its reason.
func (s *Session) withPurpose(f policy.Facts) policy.Facts {
	if s.system != "" {
		return policy.Facts{System: true}
	}
	if s.purpose.Kind == PurposeEmergency {
		f.EmergencyReason = s.purpose.Reason
	}
	return f
}

// name returns how the session's person is known in the team view, or
// their ID.
func (s *Session) name(tv teamView) string {
	if tv.isIn && tv.member.Name != "" {
		return tv.member.Name
	}
	return s.actor
}

// authorise decides a request: first from what the session knows of the
// team concerned (and cheap, which adds facts at hand), then, when that
// does not allow it, from the person's whole standing (and dear, which
// may read more). The policy only grows more permissive with more facts,
// so the first answer that allows is the answer. The observer hears the
// final answer once.
func (s *Session) authorise(ctx context.Context, st storage.Store, a policy.Action, about subject,
	cheap func(*policy.Facts), dear func(context.Context, storage.Store, *policy.Facts) error) (teamView, error) {
	day := about.day
	if day.IsZero() {
		day = s.today()
	}
	var tv teamView
	if about.team != "" && s.system == "" {
		var err error
		if tv, err = s.teamViewAt(ctx, st, about.team, about.version, day); err != nil {
			return teamView{}, err
		}
	}
	f := tv.facts()
	if cheap != nil {
		cheap(&f)
	}
	if s.system != "" || about.known || policy.Decide(a, s.withPurpose(f)).Allowed {
		_, err := s.decide(ctx, a, f, about, s.name(tv))
		return tv, err
	}
	o, err := s.standing(ctx, st, about.team, day)
	if err != nil {
		return teamView{}, err
	}
	f = o.apply(f)
	if dear != nil {
		if err := dear(ctx, st, &f); err != nil {
			return teamView{}, err
		}
	}
	_, err = s.decide(ctx, a, f, about, s.name(tv))
	return tv, err
}

// subjectOf adds what the client's ID says of the person: whether they
// are the client.
func (s *Session) subjectOf(client wijk.ID) func(*policy.Facts) {
	return func(f *policy.Facts) { f.Subject = s.person != "" && client == s.person }
}

// representativeOf reads the client's record to tell whether the person is
// a registered representative.
func (s *Session) representativeOf(client wijk.ID) func(context.Context, storage.Store, *policy.Facts) error {
	return func(ctx context.Context, st storage.Store, f *policy.Facts) error {
		if s.person == "" {
			return nil
		}
		c, _, err := st.Clients().Get(ctx, client)
		if err != nil {
			return err
		}
		f.Representative = c.RepresentedBy(s.person)
		return nil
	}
}

// representedIn tells, from a client already read, whether the person is
// a registered representative.
func (s *Session) representedIn(c *careplan.Client) func(*policy.Facts) {
	return func(f *policy.Facts) {
		f.Subject = s.person != "" && c.ID() == s.person
		f.Representative = s.person != "" && c.RepresentedBy(s.person)
	}
}

// inTx runs fn in one transaction of the store. The access entries of
// the decisions made inside are appended at its end, last, in the same
// transaction (so the access log's head is always taken after the audit
// log's); if it rolls back, only the refusals among them are written,
// after.
func (s *Session) inTx(ctx context.Context, fn func(ctx context.Context, tx storage.Store) error) error {
	rec := &accessRec{}
	err := s.svc.store.InTx(context.WithValue(ctx, accessRecKey{}, rec), func(ctx context.Context, tx storage.Store) error {
		if err := fn(ctx, tx); err != nil {
			return err
		}
		if s.svc.noAccessLog {
			return nil
		}
		return tx.Access().Append(ctx, rec.entries...)
	})
	if err == nil || s.svc.noAccessLog {
		return err
	}
	var refused []storage.AccessEntry
	for _, e := range rec.entries {
		if e.Outcome == storage.OutcomeRefused {
			refused = append(refused, e)
		}
	}
	if len(refused) > 0 {
		if lerr := s.svc.store.Access().Append(context.WithoutCancel(ctx), refused...); lerr != nil {
			return errors.Join(err, lerr)
		}
	}
	return err
}
