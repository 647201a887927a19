package roster

import "github.com/wijkzorg/wijk"

// Evaluator keeps a roster's score up to date change by change, and says
// what a change would cost before it is made: what an editing screen needs
// when a planner drags a shift from one person to another. Asking about or
// making a change costs time in proportion to one employee's days, not to
// the whole roster.
type Evaluator struct {
	st *state
}

// NewEvaluator starts from a copy of r. A nil r, or one not made by this
// package's functions, is an error matching [wijk.ErrInvalid].
func NewEvaluator(r *Roster) (*Evaluator, error) {
	if r == nil {
		return nil, wijk.Invalid("roster", "is required")
	}
	if err := r.p.check("roster"); err != nil {
		return nil, err
	}
	return &Evaluator{st: newState(r.p, r.cells, r.p.pref)}, nil
}

// Score returns the current score: violations and soft penalty.
func (ev *Evaluator) Score() Score {
	return Score{Hard: int(ev.st.nviol), Soft: int(ev.st.soft)}
}

// Roster returns a copy of the current roster.
func (ev *Evaluator) Roster() *Roster {
	return &Roster{p: ev.st.p, cells: append([]int8(nil), ev.st.cells...)}
}

// Set puts employee on shift on day ("" for a day off).
func (ev *Evaluator) Set(employee string, day int, shift string) error {
	e, d, k, err := ev.st.p.cell(Assignment{Employee: employee, Day: day, Shift: shift})
	if err != nil {
		return err
	}
	ev.st.set(e, d, k)
	ev.st.refresh(e)
	return nil
}

// ScoreAfterSet returns the score the roster would have after Set, without
// changing it.
func (ev *Evaluator) ScoreAfterSet(employee string, day int, shift string) (Score, error) {
	e, d, k, err := ev.st.p.cell(Assignment{Employee: employee, Day: day, Shift: shift})
	if err != nil {
		return Score{}, err
	}
	old := ev.st.cells[e*ev.st.p.days+d]
	ev.st.set(e, d, k)
	ev.st.refresh(e)
	after := ev.Score()
	ev.st.set(e, d, old)
	ev.st.refresh(e)
	return after, nil
}

// Swap exchanges the shifts of two employees on day.
func (ev *Evaluator) Swap(a, b string, day int) error {
	ea, d, _, err := ev.st.p.cell(Assignment{Employee: a, Day: day})
	if err != nil {
		return err
	}
	eb, _, _, err := ev.st.p.cell(Assignment{Employee: b, Day: day})
	if err != nil {
		return err
	}
	ev.swap(ea, eb, d)
	return nil
}

// ScoreAfterSwap returns the score the roster would have after Swap, without
// changing it.
func (ev *Evaluator) ScoreAfterSwap(a, b string, day int) (Score, error) {
	if err := ev.Swap(a, b, day); err != nil {
		return Score{}, err
	}
	after := ev.Score()
	_ = ev.Swap(a, b, day)
	return after, nil
}

func (ev *Evaluator) swap(ea, eb, d int) {
	H := ev.st.p.days
	ka, kb := ev.st.cells[ea*H+d], ev.st.cells[eb*H+d]
	ev.st.set(ea, d, kb)
	ev.st.set(eb, d, ka)
	ev.st.refresh(ea)
	ev.st.refresh(eb)
}
