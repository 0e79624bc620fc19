package account

import "github.com/kcyj2035/portfolio/internal/domain"

// Status of an account: active until an admin disables it. (Stored as the
// user's Disabled flag.)
type Status string

const (
	StatusActive   Status = "active"
	StatusDisabled Status = "disabled"
)

// Status of the user.
func (u User) Status() Status {
	if u.Disabled {
		return StatusDisabled
	}
	return StatusActive
}

// Action moves an account: an admin disables it (every session ends at once)
// or enables it again.
type Action string

const (
	ActDisable Action = "disable"
	ActEnable  Action = "enable"
)

// Machine is active ⇄ disabled, as a table.
var Machine = domain.Machine[Action, Status]{Entity: domain.Text{En: "account", Zh: "账号"}, Rows: map[Action]domain.Transition[Status]{
	ActDisable: {From: []Status{StatusActive}, To: StatusDisabled},
	ActEnable:  {From: []Status{StatusDisabled}, To: StatusActive},
}}

// Statuses lists every account status.
func Statuses() []Status { return []Status{StatusActive, StatusDisabled} }
