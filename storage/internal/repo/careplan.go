package repo

import (
	"context"
	"fmt"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
)

type clients struct{ s *Store }

func (r clients) Get(ctx context.Context, id wijk.ID) (*careplan.Client, storage.Version, error) {
	return get(ctx, r.s.e, clientsTable, id, records.DecodeClient)
}

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
	if err := id.Validate("id"); err != nil {
		return nil, 0, storage.Placement{}, err
	}
	d, keys, tv, err := r.s.e.GetVia(ctx, clientsTable, string(id), toTeam)
	if err != nil {
		return nil, 0, storage.Placement{}, err
	}
	c, err := records.DecodeClient(d.Data)
	if err != nil {
		return nil, 0, storage.Placement{}, fmt.Errorf("client %s: %w", id, err)
	}
	return c, storage.Version(d.Version), storage.Placement{Client: id, Team: wijk.ID(keys[0]), TeamVersion: storage.Version(tv)}, nil
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
	return r.put(ctx, teamID, c, 0, ch, false)
}

func (r clients) Update(ctx context.Context, teamID wijk.ID, c *careplan.Client, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, teamID, c, expected, ch, true)
}

func (r clients) put(ctx context.Context, teamID wijk.ID, c *careplan.Client, expected storage.Version, ch storage.Change, update bool) (storage.Version, error) {
	if c == nil {
		return 0, wijk.Invalid("client", "is required")
	}
	if err := teamID.Validate("team"); err != nil {
		return 0, err
	}
	if err := checkWrite(ch, expected, update); err != nil {
		return 0, err
	}
	data, err := records.EncodeClient(c)
	if err != nil {
		return 0, err
	}
	var reps []string
	for _, p := range c.Representatives() {
		reps = append(reps, string(p.Person))
	}
	return r.s.writeSet(ctx, clientsTable, string(c.ID()), c.ID(), expected, data, []any{string(teamID)}, reps,
		&Ref{Table: teamsTable, Key: string(teamID)}, ch, action(update))
}

func (r clients) ListByRepresentative(ctx context.Context, person wijk.ID) ([]wijk.ID, error) {
	if err := person.Validate("person"); err != nil {
		return nil, err
	}
	return keys(r.s.e.Find(ctx, clientsTable, Query{Filters: []Filter{{Col: clientsTable.Set, Op: Has, Val: string(person)}}}))
}

func (r clients) ListByTeam(ctx context.Context, teamID wijk.ID) ([]*careplan.Client, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	return find(ctx, r.s.e, clientsTable, Query{Filters: []Filter{{Col: "team_id", Op: Eq, Val: string(teamID)}}}, records.DecodeClient)
}

type plans struct{ s *Store }

func (r plans) Get(ctx context.Context, id wijk.ID) (*careplan.CarePlan, storage.Version, error) {
	return get(ctx, r.s.e, plansTable, id, records.DecodeCarePlan)
}

// toClientTeam follows a plan to its client and the client's team.
var toClientTeam = []Hop{{Col: "client_id", To: clientsTable}, {Col: "team_id", To: teamsTable}}

func (r plans) GetPlaced(ctx context.Context, id wijk.ID) (*careplan.CarePlan, storage.Version, storage.Placement, error) {
	if err := id.Validate("id"); err != nil {
		return nil, 0, storage.Placement{}, err
	}
	d, keys, tv, err := r.s.e.GetVia(ctx, plansTable, string(id), toClientTeam)
	if err != nil {
		return nil, 0, storage.Placement{}, err
	}
	p, err := records.DecodeCarePlan(d.Data)
	if err != nil {
		return nil, 0, storage.Placement{}, fmt.Errorf("care plan %s: %w", id, err)
	}
	return p, storage.Version(d.Version), storage.Placement{Client: p.Client(), Team: wijk.ID(keys[1]), TeamVersion: storage.Version(tv)}, nil
}

func (r plans) Create(ctx context.Context, p *careplan.CarePlan, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, p, 0, ch, false)
}

func (r plans) Update(ctx context.Context, p *careplan.CarePlan, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, p, expected, ch, true)
}

func dateCol(d wijk.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (r plans) put(ctx context.Context, p *careplan.CarePlan, expected storage.Version, ch storage.Change, update bool) (storage.Version, error) {
	if p == nil {
		return 0, wijk.Invalid("plan", "is required")
	}
	if err := checkWrite(ch, expected, update); err != nil {
		return 0, err
	}
	data, err := records.EncodeCarePlan(p)
	if err != nil {
		return 0, err
	}
	cols := []any{string(p.Client()), p.Status().String(), dateCol(p.ReviewDate()), dateCol(p.Start())}
	return r.s.write(ctx, plansTable, string(p.ID()), p.ID(), expected, data, cols,
		&Ref{Table: clientsTable, Key: string(p.Client())}, ch, action(update))
}

func (r plans) ListByClient(ctx context.Context, client wijk.ID) ([]*careplan.CarePlan, error) {
	if err := client.Validate("client"); err != nil {
		return nil, err
	}
	return find(ctx, r.s.e, plansTable, Query{Filters: []Filter{{Col: "client_id", Op: Eq, Val: string(client)}}, Order: []string{"start_date"}}, records.DecodeCarePlan)
}

// teamClients returns the IDs of the clients in the team's care.
func teamClients(ctx context.Context, e Engine, teamID wijk.ID) ([]string, error) {
	cs, err := e.Find(ctx, clientsTable, Query{Filters: []Filter{{Col: "team_id", Op: Eq, Val: string(teamID)}}})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.Key
	}
	return ids, nil
}

func (r plans) ListByTeam(ctx context.Context, teamID wijk.ID) ([]*careplan.CarePlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	var out []*careplan.CarePlan
	err := r.s.e.InTx(ctx, func(e Engine) error {
		ids, err := teamClients(ctx, e, teamID)
		if err != nil || len(ids) == 0 {
			return err
		}
		out, err = find(ctx, e, plansTable, Query{Filters: []Filter{{Col: "client_id", Op: In, Val: ids}}, Order: []string{"client_id", "start_date"}}, records.DecodeCarePlan)
		return err
	})
	return out, err
}

func (r plans) DueForReview(ctx context.Context, teamID wijk.ID, day wijk.Date) ([]*careplan.CarePlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if day.IsZero() {
		return nil, wijk.Invalid("day", "is required")
	}
	var out []*careplan.CarePlan
	err := r.s.e.InTx(ctx, func(e Engine) error {
		ids, err := teamClients(ctx, e, teamID)
		if err != nil || len(ids) == 0 {
			return err
		}
		ps, err := find(ctx, e, plansTable, Query{Filters: []Filter{
			{Col: "client_id", Op: In, Val: ids},
			{Col: "status", Op: Eq, Val: careplan.Active.String()},
			{Col: "review_date", Op: Gt, Val: ""},
			{Col: "review_date", Op: Le, Val: day.String()},
		}, Order: []string{"review_date"}}, records.DecodeCarePlan)
		if err != nil {
			return err
		}
		out = careplan.DueForReview(ps, day)
		return nil
	})
	return out, err
}
