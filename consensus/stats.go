package consensus

import (
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
)

// MemberStats shows how one member took part in a team's decisions. Counts
// are per proposal version that had a consent round: a member's final
// stance on such a version counts once, whatever changes came before it.
type MemberStats struct {
	Member wijk.ID
	// Rounds is the number of versions put to a round that the member
	// was eligible for.
	Rounds int
	// Consent, Concern, StandAside and Objection count final stances by
	// kind; Silent counts rounds without any stance.
	Consent, Concern, StandAside, Objection, Silent int
	// ObjectionsRaised counts (proposal, version) pairs on which the
	// member objected at any moment; ObjectionsUpheld those where an
	// objection was tested valid; ObjectionsNotValid those tested not
	// valid.
	ObjectionsRaised, ObjectionsUpheld, ObjectionsNotValid int
	// StanceChanges counts stances that replaced an earlier stance of the
	// member on the same version.
	StanceChanges int
	// ProposalsOwned and ProposalsAdopted count the member's own
	// proposals, and those of them adopted.
	ProposalsOwned, ProposalsAdopted int
}

// TeamStats shows how a team decides, with one MemberStats per member who
// owned a proposal or was eligible on one.
type TeamStats struct {
	Team wijk.ID
	// Proposals counts the team's proposals; the next fields count them by
	// final state, and Open counts those not final. Escalated counts
	// proposals escalated at any moment.
	Proposals, Adopted, Withdrawn, Expired, Open, Escalated int
	// Rounds is the number of consent rounds held.
	Rounds int
	// RoundsToDecision is the mean number of rounds an adopted proposal
	// took; zero when none was adopted.
	RoundsToDecision float64
	// MeanTimeToDecision and MedianTimeToDecision measure from
	// presentation to adoption.
	MeanTimeToDecision, MedianTimeToDecision time.Duration
	// Consent, Concern, StandAside, Objection and Silent total the
	// members' counts.
	Consent, Concern, StandAside, Objection, Silent int
	// ObjectionsRaised and ObjectionsUpheld total the members' counts.
	ObjectionsRaised, ObjectionsUpheld int
	// Members holds the per-member figures, sorted by member ID.
	Members []MemberStats
}

// Statistics computes participation and dissent for every team that has a
// proposal in proposals, sorted by team ID. Nil proposals are skipped. The
// result depends only on the proposals, not on their order.
func Statistics(proposals []*Proposal) []TeamStats {
	byTeam := map[wijk.ID][]*Proposal{}
	for _, p := range proposals {
		if p != nil {
			byTeam[p.team] = append(byTeam[p.team], p)
		}
	}
	teams := make([]wijk.ID, 0, len(byTeam))
	for t := range byTeam {
		teams = append(teams, t)
	}
	slices.Sort(teams)
	out := make([]TeamStats, 0, len(teams))
	for _, t := range teams {
		out = append(out, teamStats(t, byTeam[t]))
	}
	return out
}

func teamStats(team wijk.ID, ps []*Proposal) TeamStats {
	ts := TeamStats{Team: team}
	members := map[wijk.ID]*MemberStats{}
	get := func(m wijk.ID) *MemberStats {
		s, ok := members[m]
		if !ok {
			s = &MemberStats{Member: m}
			members[m] = s
		}
		return s
	}
	var times []time.Duration
	adoptedRounds := 0
	for _, p := range ps {
		ts.Proposals++
		owner := get(p.owner)
		owner.ProposalsOwned++
		switch p.state {
		case Adopted:
			ts.Adopted++
			owner.ProposalsAdopted++
			adoptedRounds += p.Rounds()
			times = append(times, p.DecidedAt().Sub(p.PresentedAt()))
		case Withdrawn:
			ts.Withdrawn++
		case Expired:
			ts.Expired++
		default:
			ts.Open++
		}
		if p.coach != "" {
			ts.Escalated++
		}
		ts.Rounds += p.Rounds()
		memberRounds(p, get)
	}
	if ts.Adopted > 0 {
		ts.RoundsToDecision = float64(adoptedRounds) / float64(ts.Adopted)
		var sum time.Duration
		for _, d := range times {
			sum += d
		}
		ts.MeanTimeToDecision = sum / time.Duration(len(times))
		slices.Sort(times)
		n := len(times)
		if n%2 == 1 {
			ts.MedianTimeToDecision = times[n/2]
		} else {
			ts.MedianTimeToDecision = (times[n/2-1] + times[n/2]) / 2
		}
	}
	ids := make([]wijk.ID, 0, len(members))
	for m := range members {
		ids = append(ids, m)
	}
	slices.Sort(ids)
	for _, m := range ids {
		s := *members[m]
		ts.Members = append(ts.Members, s)
		ts.Consent += s.Consent
		ts.Concern += s.Concern
		ts.StandAside += s.StandAside
		ts.Objection += s.Objection
		ts.Silent += s.Silent
		ts.ObjectionsRaised += s.ObjectionsRaised
		ts.ObjectionsUpheld += s.ObjectionsUpheld
	}
	return ts
}

// memberRounds adds each eligible member's figures for every version of p
// that had a consent round.
func memberRounds(p *Proposal, get func(wijk.ID) *MemberStats) {
	var versions []int
	for _, t := range p.transitions {
		if t.To == ConsentRound && !slices.Contains(versions, t.Version) {
			versions = append(versions, t.Version)
		}
	}
	for _, v := range versions {
		for _, m := range p.eligible {
			s := get(m)
			s.Rounds++
			objected, upheld, notValid, n := false, false, false, 0
			for _, st := range p.stances {
				if st.Member != m || st.Version != v {
					continue
				}
				if st.TestedBy == "" {
					n++ // a test adds a record but is not a change of stance
				}
				if st.Kind == Objection {
					objected = true
					upheld = upheld || st.Objection == ValidObjection
					notValid = notValid || st.Objection == NotValid
				}
			}
			if n > 1 {
				s.StanceChanges += n - 1
			}
			if objected {
				s.ObjectionsRaised++
			}
			if upheld {
				s.ObjectionsUpheld++
			}
			if notValid {
				s.ObjectionsNotValid++
			}
			cur, ok := p.currentStance(m, v)
			if !ok {
				s.Silent++
				continue
			}
			switch cur.Kind {
			case Consent:
				s.Consent++
			case ConsentWithConcern:
				s.Concern++
			case StandAside:
				s.StandAside++
			case Objection:
				s.Objection++
			}
		}
	}
}
