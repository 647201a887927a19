package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
)

// AccessLine is one access to a client's record, in words: who (by name),
// in which role, what they did, when, why, and whether it was allowed.
type AccessLine struct {
	// Seq is the entry's number in the access log: page on with
	// AccessQuery.After.
	Seq int64
	// At is when.
	At time.Time
	// Who is the person's name as wijk knows it (a team member's name, a
	// coach's, a staff member's, the client's or a representative's), or
	// "NAME (system)" for a process of the vendor's own.
	Who string
	// Role is the capacity they acted in.
	Role storage.AccessRole
	// Action is what they did.
	Action storage.AccessAction
	// What is what they accessed: "client record" or "care plan".
	What string
	// Client and ClientName say whose record it was.
	Client     wijk.ID
	ClientName string
	// Purpose and Reason say why ("care"; "emergency", "found unwell at
	// the market").
	Purpose string
	Reason  string
	// Outcome says whether it was allowed, and Rule which rule decided.
	Outcome storage.Outcome
	Rule    string
	// Application is where it was done from.
	Application string
}

// AccessOverview returns who saw or changed a client's record, when, why,
// and with what outcome, oldest first, names shown: for the client, a
// registered representative, and the privacy officer. q selects further
// (a period, an action, an outcome, paging); its Client is the client.
func (s *Session) AccessOverview(ctx context.Context, client wijk.ID, q storage.AccessQuery) ([]AccessLine, error) {
	if err := client.Validate("client"); err != nil {
		return nil, err
	}
	c, _, pl, err := s.svc.store.Clients().GetPlaced(ctx, client)
	if err != nil {
		return nil, err
	}
	about := subject{team: pl.Team, version: pl.TeamVersion, entity: "access log", entityID: client}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadAccessLog, about, s.representedIn(c), nil); err != nil {
		return nil, err
	}
	q.Client = client
	es, err := s.svc.store.Access().List(ctx, q)
	if err != nil {
		return nil, err
	}
	return newNamer(s.svc.store).lines(ctx, es)
}

// AccessLog returns the access entries q selects, as stored: for the
// privacy officer.
func (s *Session) AccessLog(ctx context.Context, q storage.AccessQuery) ([]storage.AccessEntry, error) {
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadAccessLog, subject{entity: "access log"}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.Access().List(ctx, q)
}

// EmergencyReport returns the emergency accesses a team was involved in
// from from until to (either may be zero): those to the records of the
// clients now in its care, and those made by its members. Refused
// attempts are included. For the team's active members and the privacy
// officer.
func (s *Session) EmergencyReport(ctx context.Context, teamID wijk.ID, from, to time.Time) ([]AccessLine, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	t, v, err := s.svc.store.Teams().Get(ctx, teamID)
	if err != nil {
		return nil, err
	}
	about := subject{team: teamID, version: v, entity: storage.EntityTeam, entityID: teamID}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadEmergencyReport, about, nil, nil); err != nil {
		return nil, err
	}
	q := storage.AccessQuery{Action: storage.AccessEmergency, From: from, To: to}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	es, err := s.svc.store.Access().List(ctx, q)
	if err != nil {
		return nil, err
	}
	members := map[string]bool{}
	for _, m := range t.Members() {
		members[string(m.Person)] = true
	}
	placed := map[wijk.ID]bool{}
	var mine []storage.AccessEntry
	for _, e := range es {
		in, ok := placed[e.Client]
		if !ok && e.Client != "" {
			pl, err := s.svc.store.Clients().Placement(ctx, e.Client)
			if err != nil && !errors.Is(err, wijk.ErrNotFound) {
				return nil, err
			}
			in = err == nil && pl.Team == teamID
			placed[e.Client] = in
		}
		if in || members[e.Person] {
			mine = append(mine, e)
		}
	}
	return newNamer(s.svc.store).lines(ctx, mine)
}

// namer finds the names of the people and clients in access entries, each
// once.
type namer struct {
	st      storage.Store
	people  map[string]string
	clients map[wijk.ID]*careplan.Client
}

func newNamer(st storage.Store) *namer {
	return &namer{st: st, people: map[string]string{}, clients: map[wijk.ID]*careplan.Client{}}
}

func (n *namer) lines(ctx context.Context, es []storage.AccessEntry) ([]AccessLine, error) {
	out := make([]AccessLine, 0, len(es))
	for _, e := range es {
		l := AccessLine{Seq: e.Seq, At: e.At, Role: e.Role, Action: e.Action, Client: e.Client, Purpose: e.Purpose,
			Reason: e.Reason, Outcome: e.Outcome, Rule: e.Rule, Application: e.Application}
		switch e.Entity {
		case storage.EntityCarePlan:
			l.What = "care plan"
		case storage.EntityClient:
			l.What = "client record"
		default:
			l.What = e.Entity
		}
		c, err := n.client(ctx, e.Client)
		if err != nil {
			return nil, err
		}
		if c != nil {
			l.ClientName = c.Name()
		}
		if l.Who, err = n.person(ctx, e.Person, c); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func (n *namer) client(ctx context.Context, id wijk.ID) (*careplan.Client, error) {
	if id == "" {
		return nil, nil
	}
	if c, ok := n.clients[id]; ok {
		return c, nil
	}
	c, _, err := n.st.Clients().Get(ctx, id)
	if errors.Is(err, wijk.ErrNotFound) {
		err = nil
	}
	n.clients[id] = c
	return c, err
}

// person returns how the person is known: as the client, a
// representative of the client, a member of a team, a coach, or staff.
func (n *namer) person(ctx context.Context, who string, c *careplan.Client) (string, error) {
	if name, ok := strings.CutPrefix(who, "system:"); ok {
		return name + " (system)", nil
	}
	if c != nil && string(c.ID()) == who {
		return c.Name(), nil
	}
	if c != nil {
		reps := c.Representatives()
		if i := slices.IndexFunc(reps, func(r careplan.Representative) bool { return string(r.Person) == who }); i >= 0 {
			return reps[i].Name, nil
		}
	}
	if name, ok := n.people[who]; ok {
		return name, nil
	}
	name, err := n.lookup(ctx, wijk.ID(who))
	if err != nil {
		return "", err
	}
	n.people[who] = name
	return name, nil
}

func (n *namer) lookup(ctx context.Context, id wijk.ID) (string, error) {
	if id.Validate("person") != nil {
		return string(id), nil
	}
	teams, err := n.st.Teams().ListByPerson(ctx, id)
	if err != nil {
		return "", err
	}
	for _, tid := range teams {
		t, _, err := n.st.Teams().Get(ctx, tid)
		if err != nil {
			return "", err
		}
		for _, m := range t.History() {
			if m.Person == id && m.Name != "" {
				return m.Name, nil
			}
		}
	}
	if co, _, err := n.st.Coaches().Get(ctx, id); err == nil {
		return co.Name(), nil
	} else if !errors.Is(err, wijk.ErrNotFound) {
		return "", err
	}
	if st, _, err := n.st.Staff().Get(ctx, id); err == nil {
		return st.Name(), nil
	} else if !errors.Is(err, wijk.ErrNotFound) {
		return "", err
	}
	if c, _, err := n.st.Clients().Get(ctx, id); err == nil {
		return c.Name(), nil
	} else if !errors.Is(err, wijk.ErrNotFound) {
		return "", err
	}
	return "unknown person " + string(id), nil
}
