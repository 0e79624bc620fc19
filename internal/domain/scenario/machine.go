package scenario

import "github.com/kcyj2035/portfolio/internal/domain"

// Action moves a project's application to a scenario: the provider accepts or
// declines it; the lead then records the trial's result on an accepted one.
type Action string

const (
	ActAccept       Action = "accept"
	ActDecline      Action = "decline"
	ActRecordResult Action = "record_result"
)

// Machine is pending → accepted or declined; results are recorded on an
// accepted application (again, to correct one), as a table.
var Machine = domain.Machine[Action, Status]{Entity: domain.Text{En: "application", Zh: "场景申请"}, Rows: map[Action]domain.Transition[Status]{
	ActAccept:       {From: []Status{Pending}, To: Accepted},
	ActDecline:      {From: []Status{Pending}, To: Declined},
	ActRecordResult: {From: []Status{Accepted}, To: Accepted},
}}

// Statuses lists every application status.
func Statuses() []Status { return []Status{Pending, Accepted, Declined} }
