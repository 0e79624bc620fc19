package domain

import "fmt"

// Role is the closed set of roles a user can hold (the JWT `role` claim).
type Role string

const (
	RoleEnterprise     Role = "enterprise"
	RoleInstitute      Role = "institute"
	RoleProgramManager Role = "program_manager"
	RoleExpert         Role = "expert"
	RoleAdmin          Role = "admin"
)

// Roles lists every role in a stable order.
func Roles() []Role {
	return []Role{RoleEnterprise, RoleInstitute, RoleProgramManager, RoleExpert, RoleAdmin}
}

// ParseRole turns caller text into a Role, refusing anything outside the set.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q", s)
}

// Origin says where a request came from; it goes into audit records.
type Origin struct {
	IP        string
	RequestID string
}

// Actor is who performs an operation. The zero UserID means anonymous.
// Services receive it explicitly and decide per object what it may do.
type Actor struct {
	UserID string
	OrgID  string
	Role   Role
	Origin Origin
}

// Anonymous is the actor of an unauthenticated request.
func Anonymous(o Origin) Actor { return Actor{Origin: o} }

// System is the actor of work the software does by itself (migrations, seeding, sweeps).
func System() Actor { return Actor{UserID: "system", Role: RoleAdmin} }

func (a Actor) IsAnonymous() bool { return a.UserID == "" }

// IsStaff reports the bureau's own people: admins and program managers, who
// read every organization's records (money figures, pending organizations,
// the audit trail) where others read their own.
func (a Actor) IsStaff() bool { return a.Is(RoleAdmin, RoleProgramManager) }
func (a Actor) Is(roles ...Role) bool {
	for _, r := range roles {
		if a.Role == r && !a.IsAnonymous() {
			return true
		}
	}
	return false
}
