package consensus

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
)

func TestRules(t *testing.T) {
	type tally = Tally
	base := func(mod func(*Tally)) Tally {
		tl := Tally{Eligible: 4, Quorum: QuorumEveryone, Consent: []wijk.ID{ann, bob, cas, dee}}
		mod(&tl)
		return tl
	}
	allConsent := base(func(*Tally) {})
	concernAndAside := base(func(t *Tally) {
		t.Consent, t.Concern, t.StandAside = []wijk.ID{ann, bob}, []wijk.ID{cas}, []wijk.ID{dee}
	})
	missing := base(func(t *Tally) { t.Consent, t.Missing = []wijk.ID{ann, bob, cas}, []wijk.ID{dee} })
	missingSilence := base(func(t *Tally) {
		t.Consent, t.Missing, t.Quorum, t.DeadlinePassed = []wijk.ID{ann, bob, cas}, []wijk.ID{dee}, QuorumSilenceConsents, true
	})
	missingSilenceEarly := base(func(t *Tally) {
		t.Consent, t.Missing, t.Quorum = []wijk.ID{ann, bob, cas}, []wijk.ID{dee}, QuorumSilenceConsents
	})
	validObj := base(func(t *Tally) { t.Consent, t.ValidObjections = []wijk.ID{ann, bob, cas}, []wijk.ID{dee} })
	untested := base(func(t *Tally) { t.Consent, t.UntestedObjections = []wijk.ID{ann, bob, cas}, []wijk.ID{dee} })
	notValid := base(func(t *Tally) { t.Consent, t.NotValidObjections = []wijk.ID{ann, bob, cas}, []wijk.ID{dee} })
	split := base(func(t *Tally) { t.Consent, t.ValidObjections = []wijk.ID{ann, bob}, []wijk.ID{cas, dee} })

	tests := []struct {
		name string
		t    tally
		want map[string]Outcome
	}{
		{"all consent", allConsent, map[string]Outcome{"consent": Adopt, "unanimity": Adopt, "majority": Adopt, "advice process": Adopt}},
		{"concern and stand aside", concernAndAside, map[string]Outcome{"consent": Adopt, "unanimity": Block, "majority": Adopt, "advice process": Adopt}},
		{"one missing", missing, map[string]Outcome{"consent": Wait, "unanimity": Wait, "majority": Wait, "advice process": Wait}},
		{"silence after deadline", missingSilence, map[string]Outcome{"consent": Adopt, "unanimity": Adopt, "majority": Adopt, "advice process": Adopt}},
		{"silence before deadline", missingSilenceEarly, map[string]Outcome{"consent": Wait, "unanimity": Wait, "majority": Wait, "advice process": Wait}},
		{"valid objection", validObj, map[string]Outcome{"consent": Block, "unanimity": Block, "majority": Adopt, "advice process": Adopt}},
		{"untested objection", untested, map[string]Outcome{"consent": Wait, "unanimity": Block, "majority": Adopt, "advice process": Adopt}},
		{"objection not valid", notValid, map[string]Outcome{"consent": Adopt, "unanimity": Block, "majority": Adopt, "advice process": Adopt}},
		{"tied vote", split, map[string]Outcome{"consent": Block, "unanimity": Block, "majority": Block, "advice process": Adopt}},
	}
	rules := []Rule{ConsentRule{}, UnanimityRule{}, MajorityRule{}, AdviceProcessRule{}}
	for _, tt := range tests {
		for _, r := range rules {
			t.Run(tt.name+"/"+r.Name(), func(t *testing.T) {
				v := r.Decide(tt.t)
				require.Equal(t, tt.want[r.Name()], v.Outcome, v.Reason)
				require.NotEmpty(t, v.Reason)
			})
		}
	}
}

func TestRuleByName(t *testing.T) {
	for _, r := range []Rule{ConsentRule{}, UnanimityRule{}, MajorityRule{}, AdviceProcessRule{}} {
		got, err := RuleByName(r.Name())
		require.NoError(t, err)
		require.Equal(t, r, got)
	}
	got, err := RuleByName(" Advice_Process ")
	require.NoError(t, err)
	require.True(t, got.OwnerDecides())
	_, err = RuleByName("dictator")
	requireKind(t, wijk.ErrInvalid, err)
}

func TestEnumsRoundTrip(t *testing.T) {
	for _, s := range States() {
		got, err := ParseState(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	for _, k := range StanceKinds() {
		got, err := ParseStanceKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	for _, s := range ObjectionStatuses() {
		got, err := ParseObjectionStatus(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	for _, q := range []Quorum{QuorumEveryone, QuorumSilenceConsents} {
		got, err := ParseQuorum(q.String())
		require.NoError(t, err)
		require.Equal(t, q, got)
	}
	for r := ResolvedNotValid; r <= ResolvedOverruled; r++ {
		got, err := ParseResolution(r.String())
		require.NoError(t, err)
		require.Equal(t, r, got)
	}
	for s := MeetingOpening; s <= MeetingClosed; s++ {
		got, err := ParseMeetingState(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	for _, k := range PayloadKinds() {
		got, err := ParsePayloadKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	require.False(t, State(0).Valid())
	require.False(t, StanceKind(0).Valid())
	require.False(t, ObjectionStatus(0).Valid())
	require.False(t, Quorum(0).Valid())
	require.False(t, Resolution(0).Valid())
	require.False(t, MeetingState(0).Valid())
	require.False(t, PayloadKind(0).Valid())
	require.Equal(t, "State(0)", State(0).String())
	got, err := ParseStanceKind("Consent-With_Concern")
	require.NoError(t, err)
	require.Equal(t, ConsentWithConcern, got)
	for _, bad := range []string{"", "veto", "consentx"} {
		_, err := ParseStanceKind(bad)
		requireKind(t, wijk.ErrInvalid, err)
		_, err = ParseState(bad)
		requireKind(t, wijk.ErrInvalid, err)
	}
}
