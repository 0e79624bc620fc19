package challenge

import (
	"github.com/kcyj2035/portfolio/internal/domain"
)

// Action is something that moves a challenge from one status to another.
type Action string

const (
	ActSubmit      Action = "submit"
	ActWithdraw    Action = "withdraw"
	ActApprove     Action = "approve"
	ActReturn      Action = "return"
	ActReject      Action = "reject"
	ActCancel      Action = "cancel"
	ActClose       Action = "close"        // at the deadline, by itself
	ActStartReview Action = "start_review" // the first reviewer assignment
	ActFail        Action = "fail"         // 流榜
	ActPropose     Action = "propose_award"
	ActConfirm     Action = "confirm_award"
)

// Who may perform an action.
type Who int

const (
	ByOwner Who = iota + 1 // a user of the owner enterprise with the enterprise role
	ByPM                   // a program manager
	BySystem
)

// Transition is one row of the state machine.
type Transition struct {
	From        []Status
	To          Status
	By          Who
	NeedsReason bool
}

// Machine is the challenge state machine of domain.md, as a table.
var Machine = map[Action]Transition{
	ActSubmit:      {From: []Status{StatusDraft}, To: StatusSubmitted, By: ByOwner},
	ActWithdraw:    {From: []Status{StatusDraft, StatusSubmitted}, To: StatusWithdrawn, By: ByOwner},
	ActApprove:     {From: []Status{StatusSubmitted}, To: StatusPublished, By: ByPM},
	ActReturn:      {From: []Status{StatusSubmitted}, To: StatusDraft, By: ByPM, NeedsReason: true},
	ActReject:      {From: []Status{StatusSubmitted}, To: StatusRejected, By: ByPM, NeedsReason: true},
	ActCancel:      {From: []Status{StatusSubmitted, StatusPublished, StatusClosed, StatusInReview}, To: StatusCancelled, By: ByPM, NeedsReason: true},
	ActClose:       {From: []Status{StatusPublished}, To: StatusClosed, By: BySystem},
	ActStartReview: {From: []Status{StatusClosed}, To: StatusInReview, By: ByPM},
	// A challenge nobody bid on can fail straight from closed.
	ActFail:    {From: []Status{StatusClosed, StatusInReview}, To: StatusFailed, By: ByPM, NeedsReason: true},
	ActPropose: {From: []Status{StatusInReview}, To: StatusInReview, By: ByPM},
	ActConfirm: {From: []Status{StatusInReview}, To: StatusAwarded, By: ByOwner},
}

// Next checks that the action is allowed from the status and returns the
// status it leads to; a disallowed move is a conflict naming both.
func Next(a Action, from Status) (Status, error) {
	t, ok := Machine[a]
	if !ok {
		return "", domain.Invalid("unknown action " + string(a))
	}
	for _, f := range t.From {
		if f == from {
			return t.To, nil
		}
	}
	return "", domain.Conflict("a challenge that is %s cannot be %s", from, pastTense(a))
}

func pastTense(a Action) string {
	switch a {
	case ActSubmit:
		return "submitted"
	case ActWithdraw:
		return "withdrawn"
	case ActApprove:
		return "approved"
	case ActReturn:
		return "returned"
	case ActReject:
		return "rejected"
	case ActCancel:
		return "cancelled"
	case ActClose:
		return "closed"
	case ActStartReview:
		return "put in review"
	case ActFail:
		return "marked failed"
	case ActPropose:
		return "given a proposed winner"
	case ActConfirm:
		return "awarded"
	}
	return string(a)
}
