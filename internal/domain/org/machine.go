package org

import "github.com/kcyj2035/portfolio/internal/domain"

// Action moves an organization: an admin verifies a pending one.
type Action string

const ActVerify Action = "verify"

// Machine is pending → verified, as a table.
var Machine = domain.Machine[Action, Status]{Entity: domain.Text{En: "organization", Zh: "单位"}, Rows: map[Action]domain.Transition[Status]{
	ActVerify: {From: []Status{StatusPending}, To: StatusVerified},
}}

// Statuses lists every organization status.
func Statuses() []Status { return []Status{StatusPending, StatusVerified} }
