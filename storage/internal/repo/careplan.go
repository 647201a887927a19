package repo

import (
	"context"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
)

// clientsAgg keeps clients in the care of the team the caller names, each
// with its representatives as its set.
var clientsAgg = &aggregate[*careplan.Client]{
	t: clientsTable, name: "client", id: (*careplan.Client).ID,
	encode: records.EncodeClient, decode: records.DecodeClient,
	owned: true,
	cols:  func(teamID wijk.ID, _ *careplan.Client) []any { return []any{string(teamID)} },
	set: func(c *careplan.Client) []string {
		var reps []string
		for _, p := range c.Representatives() {
			reps = append(reps, string(p.Person))
		}
		return reps
	},
	requires: func(teamID wijk.ID, _ *careplan.Client) *Ref { return &Ref{Table: teamsTable, Key: string(teamID)} },
}

// plansAgg keeps care plans, each of a stored client.
var plansAgg = &aggregate[*careplan.CarePlan]{
	t: plansTable, name: "plan", id: (*careplan.CarePlan).ID,
	encode: records.EncodeCarePlan, decode: records.DecodeCarePlan,
	cols: func(_ wijk.ID, p *careplan.CarePlan) []any {
		return []any{string(p.Client()), p.Status().String(), dateCol(p.ReviewDate()), dateCol(p.Start())}
	},
	requires: func(_ wijk.ID, p *careplan.CarePlan) *Ref { return &Ref{Table: clientsTable, Key: string(p.Client())} },
}

type clients struct{ repository[*careplan.Client] }

func (r clients) TeamOf(ctx context.Context, id wijk.ID) (wijk.ID, error) {
	if err := id.Validate("id"); err != nil {
		return "", err
	}
	v, err := r.s.e.Column(ctx, clientsTable, string(id), "team_id")
	return wijk.ID(v), err
}

// toTeam follows a client to the team in whose care it is.
var toTeam = []Hop{{Col: "team_id", To: teamsTable}}

func (r clients) GetPlaced(ctx context.Context, id wijk.ID) (*careplan.Client, storage.Version, storage.Placement, error) {
	c, v, keys, tv, err := r.a.getVia(ctx, r.s.e, id, toTeam)
	if err != nil {
		return nil, 0, storage.Placement{}, err
	}
	return c, v, storage.Placement{Client: id, Team: wijk.ID(keys[0]), TeamVersion: storage.Version(tv)}, nil
}

func (r clients) Placement(ctx context.Context, id wijk.ID) (storage.Placement, error) {
	if err := id.Validate("id"); err != nil {
		return storage.Placement{}, err
	}
	_, keys, tv, err := r.s.e.GetVia(ctx, clientsTable, string(id), toTeam)
	if err != nil {
		return storage.Placement{}, err
	}
	return storage.Placement{Client: id, Team: wijk.ID(keys[0]), TeamVersion: storage.Version(tv)}, nil
}

func (r clients) Create(ctx context.Context, teamID wijk.ID, c *careplan.Client, ch storage.Change) (storage.Version, error) {
	return r.a.put(ctx, r.s.e, teamID, c, 0, ch, false)
}

func (r clients) Update(ctx context.Context, teamID wijk.ID, c *careplan.Client, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return r.a.put(ctx, r.s.e, teamID, c, expected, ch, true)
}

func (r clients) ListByRepresentative(ctx context.Context, person wijk.ID) ([]wijk.ID, error) {
	return r.a.holding(ctx, r.s.e, person)
}

func (r clients) ListByTeam(ctx context.Context, teamID wijk.ID) ([]*careplan.Client, error) {
	return r.a.findBy(ctx, r.s.e, "team", teamID, "team_id", Query{})
}

type plans struct{ repository[*careplan.CarePlan] }

// toClientTeam follows a plan to its client and the client's team.
var toClientTeam = []Hop{{Col: "client_id", To: clientsTable}, {Col: "team_id", To: teamsTable}}

func (r plans) GetPlaced(ctx context.Context, id wijk.ID) (*careplan.CarePlan, storage.Version, storage.Placement, error) {
	p, v, keys, tv, err := r.a.getVia(ctx, r.s.e, id, toClientTeam)
	if err != nil {
		return nil, 0, storage.Placement{}, err
	}
	return p, v, storage.Placement{Client: p.Client(), Team: wijk.ID(keys[1]), TeamVersion: storage.Version(tv)}, nil
}

func dateCol(d wijk.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (r plans) ListByClient(ctx context.Context, client wijk.ID) ([]*careplan.CarePlan, error) {
	return r.a.findBy(ctx, r.s.e, "client", client, "client_id", Query{Order: []string{"start_date"}})
}

// ofTeamClients reads, in one transaction, the plans of the clients in
// the team's care that q selects besides; none when the team has no
// clients.
func (r plans) ofTeamClients(ctx context.Context, teamID wijk.ID, q Query) ([]*careplan.CarePlan, error) {
	var out []*careplan.CarePlan
	err := r.s.e.InTx(ctx, func(e Engine) error {
		cs, err := e.Find(ctx, clientsTable, Query{Filters: []Filter{{Col: "team_id", Op: Eq, Val: string(teamID)}}})
		if err != nil || len(cs) == 0 {
			return err
		}
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.Key
		}
		q.Filters = append([]Filter{{Col: "client_id", Op: In, Val: ids}}, q.Filters...)
		out, err = r.a.find(ctx, e, q)
		return err
	})
	return out, err
}

func (r plans) ListByTeam(ctx context.Context, teamID wijk.ID) ([]*careplan.CarePlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	return r.ofTeamClients(ctx, teamID, Query{Order: []string{"client_id", "start_date"}})
}

func (r plans) DueForReview(ctx context.Context, teamID wijk.ID, day wijk.Date) ([]*careplan.CarePlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if day.IsZero() {
		return nil, wijk.Invalid("day", "is required")
	}
	ps, err := r.ofTeamClients(ctx, teamID, Query{Filters: []Filter{
		{Col: "status", Op: Eq, Val: careplan.Active.String()},
		{Col: "review_date", Op: Gt, Val: ""},
		{Col: "review_date", Op: Le, Val: day.String()},
	}, Order: []string{"review_date"}})
	if err != nil {
		return nil, err
	}
	return careplan.DueForReview(ps, day), nil
}
