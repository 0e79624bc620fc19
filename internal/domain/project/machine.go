package project

import (
	"github.com/kcyj2035/portfolio/internal/domain"
)

// MoveKind names a kind of stage move.
type MoveKind string

const (
	MoveApprove   MoveKind = "approve"   // proposal → research; assigns the code
	MoveReject    MoveKind = "reject"    // proposal → rejected
	MoveGate      MoveKind = "gate"      // research → validation → industrialization
	MoveAccept    MoveKind = "accept"    // industrialization → completed (验收)
	MoveReturn    MoveKind = "return"    // one stage back
	MoveTerminate MoveKind = "terminate" // any active stage → terminated
)

// Moves is the stage machine of domain.md as a table: from → to → kind.
var Moves = map[Stage]map[Stage]MoveKind{
	StageProposal:          {StageResearch: MoveApprove, StageRejected: MoveReject},
	StageResearch:          {StageValidation: MoveGate, StageTerminated: MoveTerminate},
	StageValidation:        {StageIndustrialization: MoveGate, StageResearch: MoveReturn, StageTerminated: MoveTerminate},
	StageIndustrialization: {StageCompleted: MoveAccept, StageValidation: MoveReturn, StageTerminated: MoveTerminate},
}

// Stages lists every stage.
func Stages() []Stage {
	return []Stage{StageProposal, StageResearch, StageValidation, StageIndustrialization, StageCompleted, StageRejected, StageTerminated}
}

// ParseStage refuses anything outside the set.
func ParseStage(s string) (Stage, bool) { return domain.ParseEnum(s, Stages()) }

// Move looks up the kind of move from one stage to another; a move the table
// does not have is a 422 naming both stages.
func Move(from, to Stage) (MoveKind, error) {
	if k, ok := Moves[from][to]; ok {
		return k, nil
	}
	return "", domain.Invalidf([]domain.FieldError{domain.Problem("to", codeNoSuchMove, "from", from)},
		"a project cannot move from %s to %s", from, to)
}

// NeedsReason: refusals, terminations and returns are explained.
func (k MoveKind) NeedsReason() bool { return k == MoveReject || k == MoveTerminate || k == MoveReturn }

// MilestoneAction moves a milestone: the lead marks it done; a program
// manager accepts it or sends it back.
type MilestoneAction string

const (
	MilestoneMarkDone MilestoneAction = "mark_done"
	MilestoneAccept   MilestoneAction = "accept"
	MilestoneSendBack MilestoneAction = "send_back"
)

// MilestoneMachine is planned → done → accepted, or done → planned, as a table.
var MilestoneMachine = domain.Machine[MilestoneAction, MilestoneStatus]{Entity: domain.Text{En: "milestone", Zh: "里程碑"},
	Rows: map[MilestoneAction]domain.Transition[MilestoneStatus]{
		MilestoneMarkDone: {From: []MilestoneStatus{MilestonePlanned}, To: MilestoneDone},
		MilestoneAccept:   {From: []MilestoneStatus{MilestoneDone}, To: MilestoneAccepted},
		MilestoneSendBack: {From: []MilestoneStatus{MilestoneDone}, To: MilestonePlanned},
	}}

// MilestoneByLead: the actions of the lead organization; the others are a
// program manager's.
var MilestoneByLead = map[MilestoneAction]bool{MilestoneMarkDone: true}

// milestoneActionTo is the action a PATCH asking for a status means.
var milestoneActionTo = map[MilestoneStatus]MilestoneAction{
	MilestoneDone: MilestoneMarkDone, MilestoneAccepted: MilestoneAccept, MilestonePlanned: MilestoneSendBack,
}

// WorkStages are the stages work is planned in (milestones belong to one).
func WorkStages() []Stage { return []Stage{StageResearch, StageValidation, StageIndustrialization} }

// MilestoneStatuses lists every milestone status.
func MilestoneStatuses() []MilestoneStatus {
	return []MilestoneStatus{MilestonePlanned, MilestoneDone, MilestoneAccepted}
}

// ChangeStatus is a change request's status (变更申请).
type ChangeStatus string

const (
	ChangePending   ChangeStatus = "pending"
	ChangeApproved  ChangeStatus = "approved"
	ChangeRejected  ChangeStatus = "rejected"
	ChangeWithdrawn ChangeStatus = "withdrawn"
)

// ChangeStatuses lists every status.
func ChangeStatuses() []ChangeStatus {
	return []ChangeStatus{ChangePending, ChangeApproved, ChangeRejected, ChangeWithdrawn}
}

// ChangeAction decides a change request.
type ChangeAction string

const (
	ChangeApprove  ChangeAction = "approve"  // a program manager; applies every change at once
	ChangeReject   ChangeAction = "reject"   // a program manager, with a reason
	ChangeWithdraw ChangeAction = "withdraw" // the lead organization
)

// ChangeMachine: pending → approved, rejected or withdrawn; each is final.
var ChangeMachine = domain.Machine[ChangeAction, ChangeStatus]{Entity: domain.Text{En: "change request", Zh: "变更申请"},
	Rows: map[ChangeAction]domain.Transition[ChangeStatus]{
		ChangeApprove:  {From: []ChangeStatus{ChangePending}, To: ChangeApproved},
		ChangeReject:   {From: []ChangeStatus{ChangePending}, To: ChangeRejected},
		ChangeWithdraw: {From: []ChangeStatus{ChangePending}, To: ChangeWithdrawn},
	}}

// ReportStatus is a periodic report's status.
type ReportStatus string

const (
	ReportDue       ReportStatus = "due"
	ReportSubmitted ReportStatus = "submitted"
	ReportAccepted  ReportStatus = "accepted"
	ReportReturned  ReportStatus = "returned"
)

// ReportStatuses lists every status.
func ReportStatuses() []ReportStatus {
	return []ReportStatus{ReportDue, ReportSubmitted, ReportAccepted, ReportReturned}
}

// ReportAction moves a report.
type ReportAction string

const (
	ReportSubmit ReportAction = "submit" // the lead organization, also again after a return
	ReportAccept ReportAction = "accept" // a program manager
	ReportReturn ReportAction = "return" // a program manager, with a reason
)

// ReportMachine: due → submitted → accepted, or → returned → submitted again.
var ReportMachine = domain.Machine[ReportAction, ReportStatus]{Entity: domain.Text{En: "report", Zh: "报告"},
	Rows: map[ReportAction]domain.Transition[ReportStatus]{
		ReportSubmit: {From: []ReportStatus{ReportDue, ReportReturned}, To: ReportSubmitted},
		ReportAccept: {From: []ReportStatus{ReportSubmitted}, To: ReportAccepted},
		ReportReturn: {From: []ReportStatus{ReportSubmitted}, To: ReportReturned},
	}}
