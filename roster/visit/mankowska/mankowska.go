package mankowska

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster/visit"
)

// Instance is a benchmark instance as it is stored in JSON.
type Instance struct {
	// Patients are the clients, each needing one or two services.
	Patients []Patient `json:"patients"`
	// Services are the kinds of care, with default durations.
	Services []Service `json:"services"`
	// Caregivers are the nurses and their abilities (service IDs).
	Caregivers []Caregiver `json:"caregivers"`
	// CentralOffices holds the one office every route starts and ends at.
	CentralOffices []Office `json:"central_offices"`
	// Distances are travel times; row and column 0 are the office, k is
	// the k-th patient.
	Distances [][]float64 `json:"distances"`
}

// Patient is a client with a time window and the services needed.
type Patient struct {
	// ID names the patient.
	ID string `json:"id"`
	// Location holds the coordinates when given (informative only).
	Location []float64 `json:"location,omitempty"`
	// TimeWindow is [open, close] for the start of each service.
	TimeWindow [2]float64 `json:"time_window"`
	// RequiredCaregivers are the services needed, in order.
	RequiredCaregivers []Requirement `json:"required_caregivers"`
	// Synchronization couples the first two services, when present.
	Synchronization *Synchronization `json:"synchronization,omitempty"`
}

// Requirement is one service a patient needs.
type Requirement struct {
	// Service is the service ID.
	Service string `json:"service"`
	// Duration overrides the service's default duration when set.
	Duration *float64 `json:"duration,omitempty"`
}

// Synchronization couples a patient's two services.
type Synchronization struct {
	// Type is "simultaneous" or "sequential".
	Type string `json:"type"`
	// Distance is [min, max] between the starts, for "sequential".
	Distance []float64 `json:"distance,omitempty"`
}

// Service is a kind of care.
type Service struct {
	// ID names the service.
	ID string `json:"id"`
	// DefaultDuration is used when a requirement gives no duration.
	DefaultDuration float64 `json:"default_duration"`
}

// Caregiver is a nurse.
type Caregiver struct {
	// ID names the caregiver.
	ID string `json:"id"`
	// Abilities are the services the caregiver may provide.
	Abilities []string `json:"abilities"`
}

// Office is the central office.
type Office struct {
	// ID names the office.
	ID string `json:"id"`
	// Location holds the coordinates when given.
	Location []float64 `json:"location,omitempty"`
}

// maxBytes bounds what the readers accept (the largest benchmark file is
// under 2 MB).
const maxBytes = 64 << 20

// ReadInstance decodes an instance and checks its shape. Use
// [Instance.Problem] to turn it into a visit problem.
func ReadInstance(r io.Reader) (*Instance, error) {
	var in Instance
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := in.Problem(); err != nil {
		return nil, err
	}
	return &in, nil
}

// WriteInstance encodes an instance as indented JSON.
func WriteInstance(w io.Writer, in *Instance) error {
	return encode(w, in)
}

func decode(r io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(r, maxBytes))
	if err := dec.Decode(v); err != nil {
		return wijk.Invalid("json", "cannot decode: %v", err)
	}
	return nil
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// VisitID is the ID the visit of patient's i-th required service gets in
// the visit problem: "patient/service", with "#i" appended (i from 1) when
// the patient needs the same service twice.
func VisitID(p Patient, i int) string {
	id := p.ID + "/" + p.RequiredCaregivers[i].Service
	for j := range i {
		if p.RequiredCaregivers[j].Service == p.RequiredCaregivers[i].Service {
			return fmt.Sprintf("%s#%d", id, i+1)
		}
	}
	return id
}

// Problem turns the instance into a visit problem under the benchmark
// objective ([visit.MankowskaObjective]). Location 0 is the office,
// location k the k-th patient (named by the patient's ID); every
// caregiver's shift starts at 0 at the office, has no end, and ends back
// at the office. Each required service becomes a visit (see [VisitID])
// whose client is the patient and whose ability is the service; a
// synchronisation becomes a link between the first two services.
//
// Every number is bounded as the visit problem bounds it (durations in
// (0, [visit.MaxDuration]], windows and gaps in [0, [visit.MaxTime]],
// distances in [0, [visit.MaxTravel]]), and a service no caregiver has is
// refused: the benchmark requires every service to be given. Errors
// match [wijk.ErrInvalid] and name the instance's field.
func (in *Instance) Problem() (*visit.Problem, error) {
	if len(in.CentralOffices) != 1 {
		return nil, wijk.Invalid("central_offices", "exactly one office is required, got %d", len(in.CentralOffices))
	}
	if len(in.Patients) == 0 {
		return nil, wijk.Invalid("patients", "at least one patient is required")
	}
	if len(in.Patients) > MaxPatients {
		return nil, wijk.Invalid("patients", "must list at most %d patients, got %d", MaxPatients, len(in.Patients))
	}
	if len(in.Caregivers) > visit.MaxEntities {
		return nil, wijk.Invalid("caregivers", "must list at most %d caregivers, got %d", visit.MaxEntities, len(in.Caregivers))
	}
	if err := in.checkNumbers(); err != nil {
		return nil, err
	}
	office := in.CentralOffices[0]
	p := visit.ProblemParams{Objective: visit.MankowskaObjective(), Travel: in.Distances}
	loc, err := location("central_offices[0].location", office.Location)
	if err != nil {
		return nil, err
	}
	loc.ID = office.ID
	p.Locations = append(p.Locations, loc)
	defaults := map[string]float64{}
	for i, s := range in.Services {
		if _, dup := defaults[s.ID]; dup {
			return nil, wijk.Invalid(fmt.Sprintf("services[%d].id", i), "duplicate service %q", s.ID)
		}
		defaults[s.ID] = s.DefaultDuration
	}
	abilities := map[string]bool{}
	for _, c := range in.Caregivers {
		p.Nurses = append(p.Nurses, visit.NurseParams{ID: c.ID, Abilities: c.Abilities, Start: office.ID})
		for _, a := range c.Abilities {
			abilities[a] = true
		}
	}
	for i, pt := range in.Patients {
		f := fmt.Sprintf("patients[%d]", i)
		l, err := location(f+".location", pt.Location)
		if err != nil {
			return nil, err
		}
		l.ID = pt.ID
		p.Locations = append(p.Locations, l)
		if len(pt.RequiredCaregivers) == 0 {
			return nil, wijk.Invalid(f+".required_caregivers", "at least one service is required")
		}
		for j, rc := range pt.RequiredCaregivers {
			fj := fmt.Sprintf("%s.required_caregivers[%d]", f, j)
			d, ok := defaults[rc.Service]
			if rc.Duration != nil {
				d, ok = *rc.Duration, true
			}
			if !ok {
				return nil, wijk.Invalid(fj, "service %q has no duration", rc.Service)
			}
			if !abilities[rc.Service] {
				return nil, wijk.Invalid(fj+".service", "no caregiver has service %q, which patient %q needs", rc.Service, pt.ID)
			}
			p.Visits = append(p.Visits, visit.VisitParams{ID: VisitID(pt, j), Client: pt.ID, Location: pt.ID,
				Open: pt.TimeWindow[0], Close: pt.TimeWindow[1], Duration: d, Ability: rc.Service})
		}
		if s := pt.Synchronization; s != nil {
			if len(pt.RequiredCaregivers) < 2 {
				return nil, wijk.Invalid(f+".synchronization", "needs two services to couple")
			}
			kind, err := visit.ParseLinkKind(s.Type)
			if err != nil {
				return nil, wijk.InField(f+".synchronization.type", wijk.Invalid("", "must be simultaneous or sequential, got %q", s.Type))
			}
			l := visit.LinkParams{First: VisitID(pt, 0), Second: VisitID(pt, 1), Kind: kind}
			if kind == visit.Sequential {
				if len(s.Distance) != 2 {
					return nil, wijk.Invalid(f+".synchronization.distance", "must be [min, max]")
				}
				l.MinGap, l.MaxGap = s.Distance[0], s.Distance[1]
			}
			p.Links = append(p.Links, l)
		}
	}
	if in.Distances == nil {
		return nil, wijk.Invalid("distances", "is required")
	}
	// The visit problem's remaining error paths name its own fields
	// (visits[3], travel[2][1], the latter the instance's distances).
	return visit.NewProblem(p)
}

// MaxPatients bounds the patients of an instance: with the office, one
// location each, within [visit.MaxLocations].
const MaxPatients = visit.MaxLocations - 1

// checkNumbers bounds every number of the instance by the visit problem's
// bounds, naming the instance's own fields: a duration in (0,
// [visit.MaxDuration]], times and gaps in [0, [visit.MaxTime]], travel
// times in [0, [visit.MaxTravel]].
func (in *Instance) checkNumbers() error {
	for i, s := range in.Services {
		if err := duration(fmt.Sprintf("services[%d].default_duration", i), s.DefaultDuration); err != nil {
			return err
		}
	}
	for i, pt := range in.Patients {
		f := fmt.Sprintf("patients[%d]", i)
		for k, t := range pt.TimeWindow {
			if err := minutes(fmt.Sprintf("%s.time_window[%d]", f, k), t, visit.MaxTime); err != nil {
				return err
			}
		}
		if pt.TimeWindow[1] < pt.TimeWindow[0] {
			return wijk.Invalid(f+".time_window", "must be [open, close] with open <= close, got [%g, %g]", pt.TimeWindow[0], pt.TimeWindow[1])
		}
		for j, rc := range pt.RequiredCaregivers {
			if rc.Duration != nil {
				if err := duration(fmt.Sprintf("%s.required_caregivers[%d].duration", f, j), *rc.Duration); err != nil {
					return err
				}
			}
		}
		if s := pt.Synchronization; s != nil {
			for k, g := range s.Distance {
				if err := minutes(fmt.Sprintf("%s.synchronization.distance[%d]", f, k), g, visit.MaxTime); err != nil {
					return err
				}
			}
		}
	}
	for i, row := range in.Distances {
		for j, t := range row {
			if err := minutes(fmt.Sprintf("distances[%d][%d]", i, j), t, visit.MaxTravel); err != nil {
				return err
			}
		}
	}
	return nil
}

func minutes(field string, x, hi float64) error {
	if math.IsNaN(x) || x < 0 || x > hi {
		return wijk.Invalid(field, "must be a number of minutes from 0 to %g, got %g", hi, x)
	}
	return nil
}

func duration(field string, x float64) error {
	if math.IsNaN(x) || x <= 0 || x > visit.MaxDuration {
		return wijk.Invalid(field, "must be more than 0 and at most %d minutes, got %g", visit.MaxDuration, x)
	}
	return nil
}

func location(field string, xy []float64) (visit.LocationParams, error) {
	switch len(xy) {
	case 0:
		return visit.LocationParams{}, nil
	case 2:
		for _, c := range xy {
			if math.IsNaN(c) || math.Abs(c) > visit.MaxCoordinate {
				return visit.LocationParams{}, wijk.Invalid(field, "must be finite coordinates from -%g to %g, got [%g, %g]", float64(visit.MaxCoordinate), float64(visit.MaxCoordinate), xy[0], xy[1])
			}
		}
		return visit.LocationParams{X: xy[0], Y: xy[1]}, nil
	}
	return visit.LocationParams{}, wijk.Invalid(field, "must be [x, y]")
}

// Solution is a benchmark solution as it is stored in JSON.
type Solution struct {
	// Routes holds one route per caregiver.
	Routes []SolutionRoute `json:"routes"`
}

// SolutionRoute is one caregiver's visits in order.
type SolutionRoute struct {
	// CaregiverID names the caregiver.
	CaregiverID string `json:"caregiver_id"`
	// Locations are the visits in order.
	Locations []SolutionVisit `json:"locations"`
}

// SolutionVisit is one service given.
type SolutionVisit struct {
	// PatientID and ServiceID say which service of which patient.
	PatientID string `json:"patient_id"`
	ServiceID string `json:"service_id"`
	// ArrivalTime is when the service starts.
	ArrivalTime float64 `json:"arrival_time"`
	// DepartureTime is when it ends.
	DepartureTime float64 `json:"departure_time"`
}

// NewSolution writes an evaluated plan of a problem made by
// [Instance.Problem] in the benchmark's form: one route per caregiver, in
// the problem's order, with start and end times.
func NewSolution(pr *visit.Problem, ev visit.Evaluation) Solution {
	sol := Solution{Routes: []SolutionRoute{}}
	for _, r := range ev.Routes {
		sr := SolutionRoute{CaregiverID: r.Nurse, Locations: []SolutionVisit{}}
		for _, st := range r.Stops {
			v, _ := pr.Visit(st.Visit)
			sr.Locations = append(sr.Locations, SolutionVisit{PatientID: v.Client, ServiceID: v.Ability, ArrivalTime: st.Start, DepartureTime: st.End})
		}
		sol.Routes = append(sol.Routes, sr)
	}
	return sol
}

// Plan reads the visit order out of the solution (the times are not
// needed: [visit.Evaluate] derives them). A (patient, service) pair the
// problem does not have is an error; the n-th mention of a pair a patient
// needs twice is its n-th visit.
func (s Solution) Plan(pr *visit.Problem) (visit.Plan, error) {
	ids := map[[2]string][]string{}
	for _, v := range pr.Visits() {
		key := [2]string{v.Client, v.Ability}
		ids[key] = append(ids[key], v.ID)
	}
	used := map[[2]string]int{}
	var plan visit.Plan
	for i, r := range s.Routes {
		rt := visit.Route{Nurse: r.CaregiverID}
		for j, l := range r.Locations {
			key := [2]string{l.PatientID, l.ServiceID}
			list := ids[key]
			n := used[key]
			if n >= len(list) {
				return visit.Plan{}, wijk.Invalid(fmt.Sprintf("routes[%d].locations[%d]", i, j), "patient %q does not need service %q (again)", l.PatientID, l.ServiceID)
			}
			used[key]++
			rt.Visits = append(rt.Visits, list[n])
		}
		plan.Routes = append(plan.Routes, rt)
	}
	return plan, nil
}

// ReadSolution decodes a solution.
func ReadSolution(r io.Reader) (Solution, error) {
	var s Solution
	if err := decode(r, &s); err != nil {
		return Solution{}, err
	}
	return s, nil
}

// WriteSolution encodes a solution as indented JSON.
func WriteSolution(w io.Writer, s Solution) error { return encode(w, s) }
