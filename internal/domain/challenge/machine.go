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

// Operations on a challenge that move nothing; with the machine's actions
// they are what View.Actions lists.
const (
	ActEdit            Action = "edit"             // the owner, while a draft
	ActBid             Action = "bid"              // an enterprise or institute other than the owner, while open
	ActAssignReviewers Action = "assign_reviewers" // program managers, once closed and until decided
	ActAsk             Action = "ask"              // anyone signed in but the owner, while open
)

// AllActions lists every action a View may carry: the machine's and the
// operations.
func AllActions() []Action {
	return append(Machine.Actions(), ActEdit, ActBid, ActAssignReviewers, ActAsk)
}

// Who may perform an action.
type Who int

const (
	ByOwner Who = iota + 1 // a user of the owner enterprise with the enterprise role
	ByPM                   // a program manager
	BySystem
)

// Rule says who performs an action and whether it needs a reason.
type Rule struct {
	By          Who
	NeedsReason bool
}

// Machine is the challenge state machine of domain.md, as a table.
var Machine = domain.Machine[Action, Status]{Entity: domain.Text{En: "challenge", Zh: "榜单"}, Rows: map[Action]domain.Transition[Status]{
	ActSubmit:      {From: []Status{StatusDraft}, To: StatusSubmitted},
	ActWithdraw:    {From: []Status{StatusDraft, StatusSubmitted}, To: StatusWithdrawn},
	ActApprove:     {From: []Status{StatusSubmitted}, To: StatusPublished},
	ActReturn:      {From: []Status{StatusSubmitted}, To: StatusDraft},
	ActReject:      {From: []Status{StatusSubmitted}, To: StatusRejected},
	ActCancel:      {From: []Status{StatusSubmitted, StatusPublished, StatusClosed, StatusInReview}, To: StatusCancelled},
	ActClose:       {From: []Status{StatusPublished}, To: StatusClosed},
	ActStartReview: {From: []Status{StatusClosed}, To: StatusInReview},
	// A challenge nobody bid on can fail straight from closed.
	ActFail:    {From: []Status{StatusClosed, StatusInReview}, To: StatusFailed},
	ActPropose: {From: []Status{StatusInReview}, To: StatusInReview},
	ActConfirm: {From: []Status{StatusInReview}, To: StatusAwarded},
}}

// BidAction moves a bid.
type BidAction string

const (
	BidWithdraw BidAction = "withdraw"  // by the bidder, until the deadline
	BidAward    BidAction = "award"     // a winner, when the award is confirmed
	BidPassOver BidAction = "pass_over" // every other live bid, at the same time (or when the challenge fails)
)

// Operations on a bid that move nothing, and a partner's answer (said as
// partner_confirm, partner_decline): with BidWithdraw, what Bid.Actions lists.
const (
	BidEdit           BidAction = "edit"
	BidPartnerConfirm BidAction = "partner_" + BidAction(PartnerConfirm)
	BidPartnerDecline BidAction = "partner_" + BidAction(PartnerDecline)
)

// AllBidActions lists every action a bid may carry.
func AllBidActions() []BidAction {
	return []BidAction{BidEdit, BidWithdraw, BidPartnerConfirm, BidPartnerDecline}
}

// BidMachine: a submitted bid is withdrawn, awarded or passed over; each is
// final.
var BidMachine = domain.Machine[BidAction, BidStatus]{Entity: domain.Text{En: "bid", Zh: "揭榜申请"},
	Rows: map[BidAction]domain.Transition[BidStatus]{
		BidWithdraw: {From: []BidStatus{BidSubmitted}, To: BidWithdrawn},
		BidAward:    {From: []BidStatus{BidSubmitted}, To: BidAwarded},
		BidPassOver: {From: []BidStatus{BidSubmitted}, To: BidNotAwarded},
	}}

// PartnerAction is a named partner's answer to a joint bid (联合揭榜).
type PartnerAction string

const (
	PartnerConfirm PartnerAction = "confirm"
	PartnerDecline PartnerAction = "decline"
)

// PartnerMachine: a partner answers once, confirming or declining.
var PartnerMachine = domain.Machine[PartnerAction, PartnerDecision]{Entity: domain.Text{En: "partner's answer", Zh: "合作单位答复"},
	Rows: map[PartnerAction]domain.Transition[PartnerDecision]{
		PartnerConfirm: {From: []PartnerDecision{PartnerPending}, To: PartnerConfirmed},
		PartnerDecline: {From: []PartnerDecision{PartnerPending}, To: PartnerDeclined},
	}}

// AssignmentStatus is where an expert's assignment to a round is.
type AssignmentStatus string

const (
	AssignmentAssigned   AssignmentStatus = "assigned"
	AssignmentSubmitted  AssignmentStatus = "submitted"  // the expert's scores of the round are final
	AssignmentConflicted AssignmentStatus = "conflicted" // stepped out for a conflict of interest
)

// AssignmentStatuses lists every status of an assignment.
func AssignmentStatuses() []AssignmentStatus {
	return []AssignmentStatus{AssignmentAssigned, AssignmentSubmitted, AssignmentConflicted}
}

// AssignmentAction is what an assigned expert does.
type AssignmentAction string

const (
	AssignmentSubmit          AssignmentAction = "submit"
	AssignmentDeclareConflict AssignmentAction = "declare_conflict"
)

// AssignmentMachine: an assigned expert submits the round's scores once, or
// declares a conflict of interest (also after submitting: the scores then
// no longer count); conflicted is final.
var AssignmentMachine = domain.Machine[AssignmentAction, AssignmentStatus]{Entity: domain.Text{En: "review assignment", Zh: "评审任务"},
	Rows: map[AssignmentAction]domain.Transition[AssignmentStatus]{
		AssignmentSubmit:          {From: []AssignmentStatus{AssignmentAssigned}, To: AssignmentSubmitted},
		AssignmentDeclareConflict: {From: []AssignmentStatus{AssignmentAssigned, AssignmentSubmitted}, To: AssignmentConflicted},
	}}

// Rules says, per action, who performs it and whether a reason is required.
var Rules = map[Action]Rule{
	ActSubmit:      {By: ByOwner},
	ActWithdraw:    {By: ByOwner},
	ActApprove:     {By: ByPM},
	ActReturn:      {By: ByPM, NeedsReason: true},
	ActReject:      {By: ByPM, NeedsReason: true},
	ActCancel:      {By: ByPM, NeedsReason: true},
	ActClose:       {By: BySystem},
	ActStartReview: {By: ByPM},
	ActFail:        {By: ByPM, NeedsReason: true},
	ActPropose:     {By: ByPM},
	ActConfirm:     {By: ByOwner},
}
