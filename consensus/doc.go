// Package consensus models how a self-managing team decides: by consent,
// in a fixed meeting method, with a log of what it decided.
//
// A team member who wants something decided writes a [Proposal]. It moves
// through explicit states (see [State]): the owner presents it and its
// reason, members ask clarifying questions, then every eligible member
// takes a stance in a consent round. A stance is consent, consent with a
// concern (recorded, never blocking), stand aside, or a principled
// objection, which must say why and what the proposal would harm. Preferring
// another solution is not an objection: the team tests each objection and
// records whether it is valid; only a valid objection blocks. The owner then
// amends the proposal (a [Revision]: a new, immutable version on which
// everyone takes a stance again) or withdraws it. Every step records who took it, when and
// why; a step the state machine does not allow is refused with an error
// matching wijk.ErrConflict that says why.
//
// Who may take a stance is fixed when the proposal is presented: the
// team's active members at that moment, passed in by the caller.
//
// The decision rule is pluggable through one interface, [Rule]: consent
// (the default), unanimity, majority (for research that compares them) and
// the advice process, where the owner decides after asking the members the
// proposal affects. A [Quorum] policy says what silence means: by default
// everyone must take a stance; a team may choose that no stance by the
// deadline counts as no objection. Deadlines are enforced by the model, not
// by a timer: [CloseDue] closes, for a given moment, every round that is due.
//
// When a team cannot reach consent after a number of rounds (three by
// default), or when it asks, a proposal is escalated to the team's coach,
// who facilitates from then on but never takes a stance and never adopts.
//
// Meetings follow the SDMI method ([Meeting]): a facilitator chosen per
// meeting ([SuggestFacilitator] proposes the member who facilitated least
// recently), the opening items (the previous report, notices, other
// business), an agenda fixed at the start, and agenda items that lead to
// proposals. The facilitator owns and amends no proposal in a meeting they
// facilitate.
//
// Adopted proposals go into an append-only [DecisionLog] with their final
// text, rationale, every stance, how each objection was resolved, and a
// review date. Revisiting a decision opens a new proposal linked to the old
// one; adopting it marks the old decision superseded.
//
// Consensus can turn into a dominant view that silences people, so the
// package makes participation and dissent visible: [Statistics] counts, per
// member and per team, stances by kind, objections raised and upheld,
// proposals owned, silences, rounds and the time to a decision.
//
// A proposal may carry a typed [Payload] (hire a person, a member leaves,
// assign or hand over a role, split the team, change a team norm); once
// adopted and logged, [Apply] carries it out through package team, with
// the decision's ID as the team's decision reference. Package team knows
// nothing of this package: the dependency runs one way. Two payloads
// change no team but adopt a plan the team saw ([AdoptRoster],
// [AdoptDayPlan]: the plan's ID and content digest); storage checks them
// when the plan's adoption is written.
//
// All operations take the time as an argument and never read a clock;
// the same inputs give the same results. Proposals, meetings and the log
// expose their full state as snapshots and are rebuilt from them with
// validation ([RestoreProposal], [RestoreMeeting], [RestoreDecisionLog]).
package consensus
