package challenge

import (
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestMachine checks every (action, status) pair against the state machine of
// domain.md, written out here independently of the table.
func TestMachine(t *testing.T) {
	machinetest.Check(t, Machine, Statuses(), machinetest.Spec[Action, Status]{
		ActSubmit:      {StatusDraft: StatusSubmitted},
		ActWithdraw:    {StatusDraft: StatusWithdrawn, StatusSubmitted: StatusWithdrawn},
		ActApprove:     {StatusSubmitted: StatusPublished},
		ActReturn:      {StatusSubmitted: StatusDraft},
		ActReject:      {StatusSubmitted: StatusRejected},
		ActCancel:      {StatusSubmitted: StatusCancelled, StatusPublished: StatusCancelled, StatusClosed: StatusCancelled, StatusInReview: StatusCancelled},
		ActClose:       {StatusPublished: StatusClosed},
		ActStartReview: {StatusClosed: StatusInReview},
		ActFail:        {StatusClosed: StatusFailed, StatusInReview: StatusFailed},
		ActPropose:     {StatusInReview: StatusInReview},
		ActConfirm:     {StatusInReview: StatusAwarded},
	})
	// Terminal statuses have no way out.
	for _, st := range []Status{StatusAwarded, StatusFailed, StatusRejected, StatusWithdrawn, StatusCancelled} {
		for _, action := range Machine.Actions() {
			if _, err := Machine.Next(action, st); err == nil {
				t.Errorf("%s leaves terminal status %s", action, st)
			}
		}
	}
	// Who acts, and where a reason is required, as the spec says.
	who := map[Action]Who{ActSubmit: ByOwner, ActWithdraw: ByOwner, ActConfirm: ByOwner, ActClose: BySystem}
	for _, a := range Machine.Actions() {
		want, ok := who[a]
		if !ok {
			want = ByPM
		}
		if Rules[a].By != want {
			t.Errorf("%s is performed by %v, want %v", a, Rules[a].By, want)
		}
		needs := a == ActReturn || a == ActReject || a == ActCancel || a == ActFail
		if Rules[a].NeedsReason != needs {
			t.Errorf("%s needs a reason: %v, want %v", a, Rules[a].NeedsReason, needs)
		}
	}
	if len(Rules) != len(Machine.Rows) {
		t.Errorf("%d rules for %d actions", len(Rules), len(Machine.Rows))
	}
}

func TestEffectiveStatus(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	deadline := now
	c := Challenge{Status: StatusPublished, BidDeadline: &deadline}
	if c.EffectiveStatus(now) != StatusClosed || c.Open(now) {
		t.Fatal("at the deadline the challenge is closed")
	}
	if c.EffectiveStatus(now.Add(-time.Nanosecond)) != StatusPublished || !c.Open(now.Add(-time.Nanosecond)) {
		t.Fatal("just before the deadline it is open")
	}
	c.Status = StatusInReview
	if c.EffectiveStatus(now.Add(time.Hour)) != StatusInReview {
		t.Fatal("only published challenges close by themselves")
	}
}

func TestScoreRubric(t *testing.T) {
	for _, tc := range []struct {
		in ScoreInput
		ok bool
	}{
		{ScoreInput{40, 30, 20, 10, ""}, true},
		{ScoreInput{0, 0, 0, 0, ""}, true},
		{ScoreInput{41, 30, 20, 10, ""}, false},
		{ScoreInput{40, 31, 20, 10, ""}, false},
		{ScoreInput{40, 30, 21, 10, ""}, false},
		{ScoreInput{40, 30, 20, 11, ""}, false},
		{ScoreInput{-1, 0, 0, 0, ""}, false},
	} {
		if err := tc.in.validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v", tc.in, err)
		}
	}
	if (Score{Technical: 40, Feasibility: 30, Team: 20, Budget: 10}).Total() != 100 {
		t.Fatal("total")
	}
	if !reviewComplete([]Assignment{{SubmittedAt: &time.Time{}}, {SubmittedAt: &time.Time{}}, {SubmittedAt: &time.Time{}}, {ConflictDeclared: true}}) {
		t.Fatal("three submitted plus one conflicted is complete")
	}
	if reviewComplete([]Assignment{{SubmittedAt: &time.Time{}}, {SubmittedAt: &time.Time{}}, {ConflictDeclared: true, SubmittedAt: &time.Time{}}}) {
		t.Fatal("two active experts are not enough")
	}
}

// TestBidsUnsealed: bids unseal only when the deadline passed while the
// challenge was open; ending before the deadline seals them for ever.
func TestBidsUnsealed(t *testing.T) {
	deadline := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	before, after := deadline.Add(-time.Hour), deadline.Add(time.Hour)
	closedAt := deadline
	for _, tc := range []struct {
		name   string
		c      Challenge
		now    time.Time
		unseal bool
	}{
		{"published before the deadline", Challenge{Status: StatusPublished, BidDeadline: &deadline}, before, false},
		{"published, deadline passed, not yet recorded", Challenge{Status: StatusPublished, BidDeadline: &deadline}, after, true},
		{"closed", Challenge{Status: StatusClosed, BidDeadline: &deadline, ClosedAt: &closedAt}, after, true},
		{"in review", Challenge{Status: StatusInReview, BidDeadline: &deadline, ClosedAt: &closedAt}, after, true},
		{"awarded", Challenge{Status: StatusAwarded, BidDeadline: &deadline, ClosedAt: &closedAt}, after, true},
		{"failed", Challenge{Status: StatusFailed, BidDeadline: &deadline, ClosedAt: &closedAt}, after, true},
		{"cancelled after closing", Challenge{Status: StatusCancelled, BidDeadline: &deadline, ClosedAt: &closedAt}, after, true},
		{"cancelled while published, before the deadline", Challenge{Status: StatusCancelled, BidDeadline: &deadline}, before, false},
		{"cancelled while published, deadline since passed", Challenge{Status: StatusCancelled, BidDeadline: &deadline}, after.Add(1000 * time.Hour), false},
		{"submitted", Challenge{Status: StatusSubmitted}, after, false},
		{"draft", Challenge{Status: StatusDraft}, after, false},
	} {
		if got := tc.c.BidsUnsealed(tc.now); got != tc.unseal {
			t.Errorf("%s: unsealed = %v, want %v", tc.name, got, tc.unseal)
		}
	}
}

// TestBidMachine: a submitted bid is withdrawn, awarded or passed over, each final.
func TestBidMachine(t *testing.T) {
	machinetest.Check(t, BidMachine, BidStatuses(), machinetest.Spec[BidAction, BidStatus]{
		BidWithdraw: {BidSubmitted: BidWithdrawn},
		BidAward:    {BidSubmitted: BidAwarded},
		BidPassOver: {BidSubmitted: BidNotAwarded},
	})
}

// TestPartnerMachine: a partner answers once.
func TestPartnerMachine(t *testing.T) {
	machinetest.Check(t, PartnerMachine, PartnerDecisions(), machinetest.Spec[PartnerAction, PartnerDecision]{
		PartnerConfirm: {PartnerPending: PartnerConfirmed},
		PartnerDecline: {PartnerPending: PartnerDeclined},
	})
}

// TestAssignmentMachine: submit once, or step out for a conflict (also after
// submitting); conflicted is final.
func TestAssignmentMachine(t *testing.T) {
	machinetest.Check(t, AssignmentMachine, AssignmentStatuses(), machinetest.Spec[AssignmentAction, AssignmentStatus]{
		AssignmentSubmit:          {AssignmentAssigned: AssignmentSubmitted},
		AssignmentDeclareConflict: {AssignmentAssigned: AssignmentConflicted, AssignmentSubmitted: AssignmentConflicted},
	})
}
