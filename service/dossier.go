package service

import (
	"context"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
)

// TakeIn takes a client into the care of team teamID: an active member of
// that team writes the client's record (the onion model: the client's own
// goals and the people around them first). An empty p.ID gets a new ID.
func (s *Session) TakeIn(ctx context.Context, teamID wijk.ID, p careplan.ClientParams) (*careplan.Client, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if p.ID == "" {
		p.ID = s.svc.ids.NewID()
	}
	c, err := careplan.NewClient(p)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		about := subject{team: teamID, client: c.ID(), entity: storage.EntityClient, entityID: c.ID(), access: storage.AccessCreate}
		if _, err := s.authorise(ctx, tx, policy.WriteDossier, about, nil, nil); err != nil {
			return err
		}
		if err := freshID(ctx, tx, "client.id", c.ID()); err != nil {
			return err
		}
		_, err := tx.Clients().Create(ctx, teamID, c, s.change("took in "+c.Name()))
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Client returns a client's record: for an active member of the client's
// team, the client, a registered representative, or a member of another
// team in an emergency session.
func (s *Session) Client(ctx context.Context, id wijk.ID) (*careplan.Client, error) {
	c, _, pl, err := s.svc.store.Clients().GetPlaced(ctx, id)
	if err != nil {
		return nil, err
	}
	about := subject{team: pl.Team, version: pl.TeamVersion, client: id, entity: storage.EntityClient, entityID: id}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadDossier, about, s.representedIn(c), nil); err != nil {
		return nil, err
	}
	return c, nil
}

// Clients returns the clients in a team's care, sorted by ID: for the
// team's active members (rule dossier-team; emergency access opens one
// dossier, never a caseload).
func (s *Session) Clients(ctx context.Context, teamID wijk.ID) ([]*careplan.Client, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	return caseload(ctx, s, teamID, 0, storage.EntityClient, clientKeys, func() ([]*careplan.Client, error) {
		return s.svc.store.Clients().ListByTeam(ctx, teamID)
	})
}

// clientKeys names a client record in the access log.
func clientKeys(c *careplan.Client) (id, client wijk.ID) { return c.ID(), c.ID() }

// planKeys names a care plan in the access log.
func planKeys(p *careplan.CarePlan) (id, client wijk.ID) { return p.ID(), p.Client() }

// caseload authorises a read of team teamID's caseload (stored at version
// v, 0 when not read yet), reads it, and records one access entry per
// record it hands out, before it hands them out.
func caseload[T any](ctx context.Context, s *Session, teamID wijk.ID, v storage.Version, entity string,
	keys func(T) (id, client wijk.ID), read func() ([]T, error)) ([]T, error) {
	tv, err := s.authorise(ctx, s.svc.store, policy.ReadCaseload, subject{team: teamID, version: v, entity: storage.EntityTeam, entityID: teamID}, nil, nil)
	if err != nil {
		return nil, err
	}
	xs, err := read()
	if err != nil {
		return nil, err
	}
	ids, clients := make([]wijk.ID, len(xs)), make([]wijk.ID, len(xs))
	for i, x := range xs {
		ids[i], clients[i] = keys(x)
	}
	if err := s.recordRead(ctx, tv, teamID, entity, ids, clients); err != nil {
		return nil, err
	}
	return xs, nil
}

// UpdateClient replaces what is known about a client with p (the ID must
// stay the same): for an active member of the client's team.
func (s *Session) UpdateClient(ctx context.Context, id wijk.ID, p careplan.ClientParams, summary string) (*careplan.Client, error) {
	var out *careplan.Client
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		c, v, pl, err := tx.Clients().GetPlaced(ctx, id)
		if err != nil {
			return err
		}
		about := subject{team: pl.Team, version: pl.TeamVersion, client: id, entity: storage.EntityClient, entityID: id}
		if _, err := s.authorise(ctx, tx, policy.WriteDossier, about, nil, nil); err != nil {
			return err
		}
		if err := c.Update(p); err != nil {
			return err
		}
		if summary == "" {
			summary = "updated the record of " + c.Name()
		}
		if _, err := tx.Clients().Update(ctx, pl.Team, c, v, s.change(summary)); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// Refer moves a client into the care of another team, for a reason ("moved
// to Deppenbroek"): for an active member of the client's present team. The
// receiving team's members see the client from then on, and the
// referring team's no longer do.
func (s *Session) Refer(ctx context.Context, id, toTeam wijk.ID, reason string) error {
	if err := toTeam.Validate("toTeam"); err != nil {
		return err
	}
	if err := valid.Line("reason", reason, 500); err != nil || reason == "" {
		if err == nil {
			err = wijk.Invalid("reason", "is required")
		}
		return err
	}
	return s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		c, v, pl, err := tx.Clients().GetPlaced(ctx, id)
		if err != nil {
			return err
		}
		if pl.Team == toTeam {
			return wijk.Conflictf("client %s is already in the care of team %s", c.Name(), toTeam)
		}
		about := subject{team: pl.Team, version: pl.TeamVersion, client: id, entity: storage.EntityClient, entityID: id}
		if _, err := s.authorise(ctx, tx, policy.WriteDossier, about, nil, nil); err != nil {
			return err
		}
		to, _, err := tx.Teams().Get(ctx, toTeam)
		if err != nil {
			return err
		}
		_, err = tx.Clients().Update(ctx, toTeam, c, v, s.change(fmt.Sprintf("referred %s to %s: %s", c.Name(), to.Name(), reason)))
		return err
	})
}

// PlanDraft is a new care plan: the client's problems with their goals,
// the interventions with their schedules, and the admission ratings.
type PlanDraft struct {
	// ID identifies the plan; empty means a new ID.
	ID wijk.ID
	// Client is the client the plan is for. Required.
	Client wijk.ID
	// Start is the first day of the episode; zero means today.
	Start wijk.Date
	// Problems are the client's problems, Omaha-coded.
	Problems []careplan.Problem
	// Interventions are what the team will do about them.
	Interventions []careplan.Intervention
	// Ratings are the admission ratings (Knowledge, Behavior, Status).
	Ratings []Rating
}

// Rating is a rating made in a session: the session's person rates.
type Rating struct {
	// Problem is the code of the rated problem.
	Problem string
	// Kind is admission, interim or discharge.
	Kind careplan.RatingKind
	// Date is the day of the rating; zero means today. It may not lie
	// after today.
	Date wijk.Date
	// KBS holds the three ratings, each 1 to 5.
	careplan.KBS
	// Note is an optional remark.
	Note string
}

// rate records ratings by the session's person on plan p.
func (s *Session) rate(p *careplan.CarePlan, rs []Rating) error {
	today := s.today()
	for i, r := range rs {
		if r.Date.IsZero() {
			r.Date = today
		}
		if r.Date.After(today) {
			return wijk.Invalid(fmt.Sprintf("ratings[%d].date", i), "must not be after today (%s)", today)
		}
		err := p.Rate(careplan.Rating{Problem: r.Problem, Kind: r.Kind, Date: r.Date, By: s.person, KBS: r.KBS, Note: r.Note})
		if err != nil {
			return wijk.InField(fmt.Sprintf("ratings[%d]", i), err)
		}
	}
	return nil
}

// WritePlan writes a client's care plan as a draft: for an active member
// of the client's team, who is recorded as its author.
func (s *Session) WritePlan(ctx context.Context, d PlanDraft) (*careplan.CarePlan, error) {
	if err := d.Client.Validate("client"); err != nil {
		return nil, err
	}
	if d.ID == "" {
		d.ID = s.svc.ids.NewID()
	}
	if d.Start.IsZero() {
		d.Start = s.today()
	}
	var out *careplan.CarePlan
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		pl, err := tx.Clients().Placement(ctx, d.Client)
		if err != nil {
			return err
		}
		about := subject{team: pl.Team, version: pl.TeamVersion, client: d.Client, entity: storage.EntityCarePlan, entityID: d.ID, access: storage.AccessCreate}
		if _, err := s.authorise(ctx, tx, policy.WriteDossier, about, nil, nil); err != nil {
			return err
		}
		if err := freshID(ctx, tx, "id", d.ID); err != nil {
			return err
		}
		p, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: d.ID, Client: d.Client, Start: d.Start, CreatedBy: s.person})
		if err != nil {
			return err
		}
		for i, pr := range d.Problems {
			if err := p.AddProblem(pr); err != nil {
				return wijk.InField(fmt.Sprintf("problems[%d]", i), err)
			}
		}
		for i, iv := range d.Interventions {
			if iv.ID == "" {
				iv.ID = s.svc.ids.NewID()
			}
			if err := p.AddIntervention(iv); err != nil {
				return wijk.InField(fmt.Sprintf("interventions[%d]", i), err)
			}
		}
		if err := s.rate(p, d.Ratings); err != nil {
			return err
		}
		if _, err := tx.CarePlans().Create(ctx, p, s.change("wrote a care plan")); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// Plan returns a care plan: for whoever may read the client's dossier
// (see Client). It reads the plan and the team in charge of it at once,
// and decides from what the session knows of that team while the team is
// unchanged.
func (s *Session) Plan(ctx context.Context, id wijk.ID) (*careplan.CarePlan, error) {
	p, _, pl, err := s.svc.store.CarePlans().GetPlaced(ctx, id)
	if err != nil {
		return nil, err
	}
	about := subject{team: pl.Team, version: pl.TeamVersion, client: pl.Client, entity: storage.EntityCarePlan, entityID: id}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadDossier, about, s.subjectOf(pl.Client), s.representativeOf(pl.Client)); err != nil {
		return nil, err
	}
	return p, nil
}

// Plans returns a client's care plans, oldest episode first: for whoever
// may read the client's dossier.
func (s *Session) Plans(ctx context.Context, client wijk.ID) ([]*careplan.CarePlan, error) {
	pl, err := s.svc.store.Clients().Placement(ctx, client)
	if err != nil {
		return nil, err
	}
	about := subject{team: pl.Team, version: pl.TeamVersion, client: client, entity: storage.EntityClient, entityID: client}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadDossier, about, s.subjectOf(client), s.representativeOf(client)); err != nil {
		return nil, err
	}
	return s.svc.store.CarePlans().ListByClient(ctx, client)
}

// Dossier is a client's whole record: what is known about the client and
// every care plan, oldest episode first.
type Dossier struct {
	Client *careplan.Client
	Plans  []*careplan.CarePlan
}

// Export hands out a client's whole dossier for a copy outside wijk (the
// client's right to a copy, a transfer to another provider): for whoever
// may read the dossier in everyday care (the client's team, the client, a
// registered representative). It is logged as an export. Emergency access
// opens a dossier to read, never to export: an emergency session is
// refused.
func (s *Session) Export(ctx context.Context, client wijk.ID) (Dossier, error) {
	if err := client.Validate("client"); err != nil {
		return Dossier{}, err
	}
	if s.purpose.Kind == PurposeEmergency {
		return Dossier{}, wijk.Invalid("purpose", "an emergency session reads a dossier and does not export it; export in a session for care or for the client's own record")
	}
	c, _, pl, err := s.svc.store.Clients().GetPlaced(ctx, client)
	if err != nil {
		return Dossier{}, err
	}
	about := subject{team: pl.Team, version: pl.TeamVersion, client: client, entity: storage.EntityClient, entityID: client, access: storage.AccessExport}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadDossier, about, s.representedIn(c), nil); err != nil {
		return Dossier{}, err
	}
	plans, err := s.svc.store.CarePlans().ListByClient(ctx, client)
	if err != nil {
		return Dossier{}, err
	}
	return Dossier{Client: c, Plans: plans}, nil
}

// TeamPlans returns the care plans of every client in the team's care: for
// the team's active members.
func (s *Session) TeamPlans(ctx context.Context, teamID wijk.ID) ([]*careplan.CarePlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	return caseload(ctx, s, teamID, 0, storage.EntityCarePlan, planKeys, func() ([]*careplan.CarePlan, error) {
		return s.svc.store.CarePlans().ListByTeam(ctx, teamID)
	})
}

// DueForReview returns the team's active plans due for review today, the
// most overdue first: for the team's active members.
func (s *Session) DueForReview(ctx context.Context, teamID wijk.ID) ([]*careplan.CarePlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	return caseload(ctx, s, teamID, 0, storage.EntityCarePlan, planKeys, func() ([]*careplan.CarePlan, error) {
		return s.svc.store.CarePlans().DueForReview(ctx, teamID, s.today())
	})
}

// editPlan loads plan id in a transaction, asks the policy for a, lets
// edit change the plan, and saves it.
func (s *Session) editPlan(ctx context.Context, id wijk.ID, a policy.Action, summary string, edit func(p *careplan.CarePlan, tv teamView, now time.Time) error) (*careplan.CarePlan, error) {
	if err := id.Validate("plan"); err != nil {
		return nil, err
	}
	var out *careplan.CarePlan
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		p, v, pl, err := tx.CarePlans().GetPlaced(ctx, id)
		if err != nil {
			return err
		}
		about := subject{team: pl.Team, version: pl.TeamVersion, client: pl.Client, entity: storage.EntityCarePlan, entityID: id}
		tv, err := s.authorise(ctx, tx, a, about, nil, nil)
		if err != nil {
			return err
		}
		if err := edit(p, tv, s.now()); err != nil {
			return err
		}
		if _, err := tx.CarePlans().Update(ctx, p, v, s.change(summary)); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// PlanRevision changes a plan's content: problems and interventions
// added, changed, resolved or removed. Each part is applied in the order
// of the fields; on any error nothing is saved.
type PlanRevision struct {
	// AddProblems are new problems.
	AddProblems []careplan.Problem
	// UpdateProblems replace problems of the same code.
	UpdateProblems []careplan.Problem
	// ResolveProblems mark problems resolved.
	ResolveProblems []ResolvedProblem
	// RemoveProblems remove problems entered by mistake, by code.
	RemoveProblems []string
	// AddInterventions are new interventions; one without an ID gets one.
	AddInterventions []careplan.Intervention
	// UpdateInterventions replace interventions of the same ID.
	UpdateInterventions []careplan.Intervention
	// RemoveInterventions remove interventions, by ID.
	RemoveInterventions []wijk.ID
}

// ResolvedProblem marks a problem resolved on a day.
type ResolvedProblem struct {
	// Code is the problem's code.
	Code string
	// On is the day it was resolved; zero means today.
	On wijk.Date
}

// RevisePlan changes a plan's content: for an active member of the
// client's team.
func (s *Session) RevisePlan(ctx context.Context, id wijk.ID, r PlanRevision, summary string) (*careplan.CarePlan, error) {
	if summary == "" {
		summary = "revised the care plan"
	}
	return s.editPlan(ctx, id, policy.WriteDossier, summary, func(p *careplan.CarePlan, _ teamView, _ time.Time) error {
		for i, pr := range r.AddProblems {
			if err := p.AddProblem(pr); err != nil {
				return wijk.InField(fmt.Sprintf("addProblems[%d]", i), err)
			}
		}
		for i, pr := range r.UpdateProblems {
			if err := p.UpdateProblem(pr); err != nil {
				return wijk.InField(fmt.Sprintf("updateProblems[%d]", i), err)
			}
		}
		for i, rp := range r.ResolveProblems {
			on := rp.On
			if on.IsZero() {
				on = s.today()
			}
			if err := p.ResolveProblem(rp.Code, on); err != nil {
				return wijk.InField(fmt.Sprintf("resolveProblems[%d]", i), err)
			}
		}
		for i, code := range r.RemoveProblems {
			if err := p.RemoveProblem(code); err != nil {
				return wijk.InField(fmt.Sprintf("removeProblems[%d]", i), err)
			}
		}
		for i, iv := range r.AddInterventions {
			if iv.ID == "" {
				iv.ID = s.svc.ids.NewID()
			}
			if err := p.AddIntervention(iv); err != nil {
				return wijk.InField(fmt.Sprintf("addInterventions[%d]", i), err)
			}
		}
		for i, iv := range r.UpdateInterventions {
			if err := p.UpdateIntervention(iv); err != nil {
				return wijk.InField(fmt.Sprintf("updateInterventions[%d]", i), err)
			}
		}
		for i, ivID := range r.RemoveInterventions {
			if err := p.RemoveIntervention(ivID); err != nil {
				return wijk.InField(fmt.Sprintf("removeInterventions[%d]", i), err)
			}
		}
		return nil
	})
}

// Rate records Knowledge/Behavior/Status ratings on a plan, made by the
// session's person: for an active member of the client's team.
func (s *Session) Rate(ctx context.Context, id wijk.ID, ratings []Rating) (*careplan.CarePlan, error) {
	return s.editPlan(ctx, id, policy.WriteDossier, fmt.Sprintf("rated %d problem(s)", len(ratings)), func(p *careplan.CarePlan, _ teamView, _ time.Time) error {
		return s.rate(p, ratings)
	})
}

// Authorise authorises the plan's care hours: minutesPerWeek of care, to
// be reviewed by reviewDate. Only a district nurse (level 5) whose stored
// membership in the client's team covers today may: the level comes from
// that membership, never from the caller.
func (s *Session) Authorise(ctx context.Context, id wijk.ID, minutesPerWeek int, reviewDate wijk.Date) (*careplan.CarePlan, error) {
	summary := fmt.Sprintf("authorised %d min a week, review by %s", minutesPerWeek, reviewDate)
	return s.editPlan(ctx, id, policy.AuthoriseCare, summary, func(p *careplan.CarePlan, tv teamView, now time.Time) error {
		return p.Authorise(careplan.AuthoriseParams{By: tv.member.Actor(), At: now, MinutesPerWeek: minutesPerWeek, ReviewDate: reviewDate})
	})
}

// StartReview takes an active plan under review, for a reason: for an
// active member of the client's team.
func (s *Session) StartReview(ctx context.Context, id wijk.ID, reason string) (*careplan.CarePlan, error) {
	return s.editPlan(ctx, id, policy.WriteDossier, "started a review", func(p *careplan.CarePlan, _ teamView, now time.Time) error {
		return p.StartReview(s.person, now, reason)
	})
}

// Discharge records the discharge ratings and closes the plan, for a
// reason: for an active member of the client's team.
func (s *Session) Discharge(ctx context.Context, id wijk.ID, reason string, ratings []Rating) (*careplan.CarePlan, error) {
	return s.editPlan(ctx, id, policy.WriteDossier, "discharged: "+reason, func(p *careplan.CarePlan, _ teamView, now time.Time) error {
		if err := s.rate(p, ratings); err != nil {
			return err
		}
		return p.Discharge(careplan.DischargeParams{By: s.person, At: now, Reason: reason})
	})
}
