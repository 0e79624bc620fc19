package consortium

import "github.com/kcyj2035/portfolio/internal/domain"

// Action moves a consortium: a program manager approves it; a program
// manager or the lead dissolves it.
type Action string

const (
	ActApprove  Action = "approve"
	ActDissolve Action = "dissolve"
)

// Operations that move nothing; with the machine's actions, what
// Consortium.Actions lists.
const (
	ActEdit    Action = "edit"   // the lead, until dissolved
	ActInvite  Action = "invite" // the lead, until dissolved
	ActLeaveIt Action = "leave"  // an active member other than the lead (its membership's ActLeave)
)

// AllActions lists every action a consortium may carry.
func AllActions() []Action {
	return append(Machine.Actions(), ActEdit, ActInvite, ActLeaveIt)
}

// Machine is forming → active → dissolved (dissolving also while forming), as a table.
var Machine = domain.Machine[Action, Status]{Entity: domain.Text{En: "consortium", Zh: "创新联合体"}, Rows: map[Action]domain.Transition[Status]{
	ActApprove:  {From: []Status{Forming}, To: Active},
	ActDissolve: {From: []Status{Forming, Active}, To: Dissolved},
}}

// Statuses lists every consortium status.
func Statuses() []Status { return []Status{Forming, Active, Dissolved} }

// MembershipAction moves a membership: the invited organization accepts or
// declines; a member leaves; the lead removes a member.
type MembershipAction string

const (
	ActAccept  MembershipAction = "accept"
	ActDecline MembershipAction = "decline"
	ActLeave   MembershipAction = "leave"
	ActRemove  MembershipAction = "remove"
)

// MembershipMachine is invited → active (or declined) → left or removed, as a table.
var MembershipMachine = domain.Machine[MembershipAction, MemberStatus]{Entity: domain.Text{En: "membership", Zh: "成员资格"},
	Rows: map[MembershipAction]domain.Transition[MemberStatus]{
		ActAccept:  {From: []MemberStatus{Invited}, To: Member},
		ActDecline: {From: []MemberStatus{Invited}, To: Declined},
		ActLeave:   {From: []MemberStatus{Member}, To: Left},
		ActRemove:  {From: []MemberStatus{Member}, To: Removed},
	}}

// MemberStatuses lists every membership status.
func MemberStatuses() []MemberStatus { return []MemberStatus{Invited, Member, Declined, Left, Removed} }
