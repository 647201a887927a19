package repo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
)

// FormatTime renders a time for an index column: UTC, milliseconds, one
// fixed width, so text order is time order ("" for the zero time).
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Millisecond).Format(TimeFormat)
}

// TimeFormat is how times are written in index columns and the audit log.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// proposalsAgg keeps proposals, indexed by team, whether still open and
// when made.
var proposalsAgg = &aggregate[*consensus.Proposal]{
	t: proposalsTable, name: "proposal", id: (*consensus.Proposal).ID,
	encode: records.EncodeProposal, decode: records.DecodeProposal,
	cols: func(_ wijk.ID, p *consensus.Proposal) []any {
		open := int64(1)
		if p.State().Final() {
			open = 0
		}
		return []any{string(p.Team()), open, FormatTime(p.CreatedAt())}
	},
}

// meetingsAgg keeps meetings, indexed by team and start.
var meetingsAgg = &aggregate[*consensus.Meeting]{
	t: meetingsTable, name: "meeting", id: (*consensus.Meeting).ID,
	encode: records.EncodeMeeting, decode: records.DecodeMeeting,
	cols: func(_ wijk.ID, m *consensus.Meeting) []any {
		return []any{string(m.Team()), FormatTime(m.StartsAt())}
	},
}

// decisionsAgg reads the entries of the decision logs; Append writes
// them, each at its place in its team's log.
var decisionsAgg = &aggregate[consensus.Decision]{t: decisionsTable, decode: records.DecodeDecision}

type proposals struct {
	repository[*consensus.Proposal]
}

func (r proposals) Open(ctx context.Context, teamID wijk.ID) ([]*consensus.Proposal, error) {
	return r.a.findBy(ctx, r.s.e, "team", teamID, "team_id", Query{Filters: []Filter{
		{Col: "open", Op: Eq, Val: int64(1)},
	}, Order: []string{"created_at"}})
}

type meetings struct{ repository[*consensus.Meeting] }

func (r meetings) ListByTeam(ctx context.Context, teamID wijk.ID) ([]*consensus.Meeting, error) {
	return r.a.findBy(ctx, r.s.e, "team", teamID, "team_id", Query{Order: []string{"starts_at"}})
}

type decisions struct{ s *Store }

// decisionKey places an entry in its team's log: two appends racing for
// the same place collide on the key.
func decisionKey(teamID wijk.ID, pos int) string { return fmt.Sprintf("%s/%010d", teamID, pos) }

func (r decisions) Append(ctx context.Context, d consensus.Decision, ch storage.Change) error {
	if err := ch.Validate(); err != nil {
		return err
	}
	if err := d.Team.Validate("decision.team"); err != nil {
		return err
	}
	data, err := records.EncodeDecision(d)
	if err != nil {
		return err
	}
	return r.s.e.InTx(ctx, func(e Engine) error {
		if err := checkDecided(ctx, e, d, data); err != nil {
			return err
		}
		log, err := loadLog(ctx, e, d.Team)
		if err != nil {
			return err
		}
		pos := log.Len()
		if err := log.Append(d); err != nil {
			return err
		}
		_, err = write(ctx, e, WriteOp{Table: decisionsTable, Key: decisionKey(d.Team, pos), Data: data,
			Cols: []any{string(d.Team), int64(pos), string(d.ID)}}, d.ID, ch, storage.ActionAppend)
		if errors.Is(err, wijk.ErrConflict) {
			return wijk.Conflictf("the decision log of team %s grew while decision %s was being appended; read it again and retry", d.Team, d.ID)
		}
		return err
	})
}

// checkDecided holds a decision to what was decided: its proposal must be
// stored, belong to the decision's team and be adopted, and the decision
// must be the one [consensus.NewDecision] makes of that proposal (its
// text, payload, stances and times), with only its own ID, rationale and
// review date chosen by the caller. data is the decision's record; the
// two are compared as records, so times compare at the millisecond
// precision they are stored at.
func checkDecided(ctx context.Context, e Engine, d consensus.Decision, data []byte) error {
	if err := d.Proposal.Validate("decision.proposal"); err != nil {
		return err
	}
	p, _, err := proposalsAgg.get(ctx, e, d.Proposal)
	if errors.Is(err, wijk.ErrNotFound) {
		return wijk.NotFoundf("decision %s: proposal %s is not stored; only an adopted, stored proposal is logged as a decision", d.ID, d.Proposal)
	}
	if err != nil {
		return err
	}
	if p.Team() != d.Team {
		return wijk.Invalid("decision.proposal", "proposal %s is of team %s, not of team %s", p.ID(), p.Team(), d.Team)
	}
	if p.State() != consensus.Adopted {
		return wijk.Conflictf("decision %s: proposal %s is %s, not adopted; only an adopted proposal is logged as a decision", d.ID, p.ID(), p.State())
	}
	want, err := consensus.NewDecision(p, consensus.DecisionParams{ID: d.ID, Rationale: d.Rationale, ReviewOn: d.ReviewOn})
	if err != nil {
		return wijk.InField("decision", err)
	}
	wantData, err := records.EncodeDecision(want)
	if err != nil {
		return err
	}
	if !bytes.Equal(wantData, data) {
		return wijk.Invalid("decision", "does not match its adopted proposal %s (%s): make it with consensus.NewDecision from the stored proposal", p.ID(), decisionDiff(want, d))
	}
	return nil
}

// decisionDiff names the first field in which got differs from want.
func decisionDiff(want, got consensus.Decision) string {
	wv, gv := reflect.ValueOf(want), reflect.ValueOf(got)
	for i := range wv.NumField() {
		wf, gf := wv.Field(i).Interface(), gv.Field(i).Interface()
		wb, _ := json.Marshal(normaliseForDiff(wf))
		gb, _ := json.Marshal(normaliseForDiff(gf))
		if !bytes.Equal(wb, gb) {
			return "field " + wv.Type().Field(i).Name + " differs"
		}
	}
	return "its record differs"
}

// normaliseForDiff truncates a time to the stored precision, so that a
// decision made from an unstored proposal is not reported as different
// in its times alone.
func normaliseForDiff(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Truncate(time.Millisecond)
	}
	return v
}

func (r decisions) Log(ctx context.Context, teamID wijk.ID) (*consensus.DecisionLog, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	return loadLog(ctx, r.s.e, teamID)
}

func loadLog(ctx context.Context, e Engine, teamID wijk.ID) (*consensus.DecisionLog, error) {
	entries, err := decisionsAgg.find(ctx, e, Query{Filters: []Filter{{Col: "team_id", Op: Eq, Val: string(teamID)}}, Order: []string{"pos"}})
	if err != nil {
		return nil, err
	}
	log, err := consensus.RestoreDecisionLog(teamID, entries)
	if err != nil {
		return nil, fmt.Errorf("%w: decision log of team %s: %w", records.ErrCorrupt, teamID, err)
	}
	return log, nil
}
