package handlers

import (
	"net/http"

	"github.com/kcyj2035/portfolio/internal/domain"
)

const (
	admin = domain.RoleAdmin
	pm    = domain.RoleProgramManager
)

var (
	pageParams = []QueryParam{
		{Name: "limit", Type: "integer", Description: "items per page (default 20, at most 100)"},
		{Name: "cursor", Type: "string", Description: "next_cursor of the previous page"},
	}
	qParam = QueryParam{Name: "q", Type: "string", Description: "search text (Chinese included)"}
)

func withPage(ps ...QueryParam) []QueryParam { return append(ps, pageParams...) }

// apiRoutes is the table of every /api/v1 operation: path, who may call it,
// what it takes and returns. The router and the OpenAPI document are both
// made from it.
func (s *Server) apiRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Auth and accounts
		{Method: http.MethodPost, Path: v1 + "/auth/register", OperationID: "register", Tag: "auth",
			Summary: "Register an organization and its first user (the organization stays pending until an admin verifies it)",
			Access:  anyone, Body: RegisterRequest{}, Response: RegisterResponse{}, Status: http.StatusCreated, Handler: s.register},
		{Method: http.MethodPost, Path: v1 + "/auth/login", OperationID: "login", Tag: "auth",
			Summary: "Sign in with email and password", Access: anyone, Body: LoginRequest{}, Response: TokenResponse{},
			Status: http.StatusOK, Handler: s.login},
		{Method: http.MethodPost, Path: v1 + "/auth/refresh", OperationID: "refresh", Tag: "auth",
			Summary: "Trade a refresh token for a new pair (single use; reusing one revokes its session)",
			Access:  anyone, Body: RefreshRequest{}, Response: TokenResponse{}, Status: http.StatusOK, Handler: s.refresh},
		{Method: http.MethodPost, Path: v1 + "/auth/logout", OperationID: "logout", Tag: "auth",
			Summary: "Sign out: revoke the session of this refresh token", Access: signedIn, Body: RefreshRequest{},
			Status: http.StatusNoContent, Handler: s.logout},
		{Method: http.MethodGet, Path: v1 + "/me", OperationID: "me", Tag: "auth",
			Summary: "The signed-in user, role and organization", Access: signedIn, Response: MeResponse{},
			Status: http.StatusOK, Handler: s.me},

		{Method: http.MethodGet, Path: v1 + "/organizations", OperationID: "listOrganizations", Tag: "organizations",
			Summary: "Verified organizations (admins and program managers also see pending ones)", Access: signedIn,
			Query:    withPage(QueryParam{Name: "type", Type: "string", Enum: orgTypes()}, qParam),
			Response: Page[OrganizationDTO]{}, Status: http.StatusOK, Handler: s.listOrganizations},
		{Method: http.MethodPost, Path: v1 + "/organizations", OperationID: "createOrganization", Tag: "organizations",
			Summary: "Create an organization directly (admins; the only way to create government organizations)",
			Access:  roles(admin), Body: CreateOrganizationRequest{}, Response: OrganizationDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.createOrganization},
		{Method: http.MethodGet, Path: v1 + "/organizations/:id", OperationID: "getOrganization", Tag: "organizations",
			Summary: "One organization", Access: signedIn, Response: OrganizationDTO{}, Status: http.StatusOK,
			Handler: s.getOrganization},
		{Method: http.MethodPost, Path: v1 + "/organizations/:id/verify", OperationID: "verifyOrganization", Tag: "organizations",
			Summary: "Verify a pending organization", Access: roles(admin), Body: VersionRequest{}, Response: OrganizationDTO{},
			Status: http.StatusOK, Handler: s.verifyOrganization},

		{Method: http.MethodGet, Path: v1 + "/users", OperationID: "listUsers", Tag: "users",
			Summary: "Users, newest first", Access: roles(admin),
			Query: withPage(QueryParam{Name: "organization_id", Type: "string"},
				QueryParam{Name: "role", Type: "string", Enum: rolesAsStrings()}, qParam),
			Response: Page[UserDTO]{}, Status: http.StatusOK, Handler: s.listUsers},
		{Method: http.MethodPost, Path: v1 + "/users", OperationID: "createUser", Tag: "users",
			Summary: "Create a user of any role in an organization whose type fits the role", Access: roles(admin),
			Body: CreateUserRequest{}, Response: UserDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createUser},
		{Method: http.MethodPatch, Path: v1 + "/users/:id", OperationID: "updateUser", Tag: "users",
			Summary: "Change a user's role or name, or disable the account (effective on the next request)",
			Access:  roles(admin), Body: UpdateUserRequest{}, Response: UserDTO{}, Status: http.StatusOK, Handler: s.updateUser},

		// Reference data
		{Method: http.MethodGet, Path: v1 + "/fields", OperationID: "listFields", Tag: "reference",
			Summary: "The two-level field taxonomy with the 315 priority flag", Access: anyone, Response: Items[FieldDTO]{},
			Status: http.StatusOK, Handler: s.listFields},
		{Method: http.MethodPost, Path: v1 + "/fields", OperationID: "createField", Tag: "reference",
			Summary: "Add a field", Access: roles(admin), Body: CreateFieldRequest{}, Response: FieldDTO{},
			Status: http.StatusCreated, Idempotent: true, Handler: s.createField},
		{Method: http.MethodPatch, Path: v1 + "/fields/:id", OperationID: "updateField", Tag: "reference",
			Summary: "Rename a field or change its 315 flag", Access: roles(admin), Body: UpdateFieldRequest{},
			Response: FieldDTO{}, Status: http.StatusOK, Handler: s.updateField},
		{Method: http.MethodGet, Path: v1 + "/categories", OperationID: "listCategories", Tag: "reference",
			Summary: "The four project categories", Access: anyone, Response: Items[NamedDTO]{}, Status: http.StatusOK,
			Handler: s.listCategories},
		{Method: http.MethodGet, Path: v1 + "/districts", OperationID: "listDistricts", Tag: "reference",
			Summary: "Ningbo's districts", Access: anyone, Response: Items[NamedDTO]{}, Status: http.StatusOK,
			Handler: s.listDistricts},

		// Audit
		{Method: http.MethodGet, Path: v1 + "/audit", OperationID: "listAudit", Tag: "audit",
			Summary: "Audit records, newest first", Access: roles(admin, pm),
			Query: withPage(QueryParam{Name: "entity", Type: "string"}, QueryParam{Name: "entity_id", Type: "string"},
				QueryParam{Name: "actor_id", Type: "string"}, QueryParam{Name: "action", Type: "string"}),
			Response: Page[AuditRecordDTO]{}, Status: http.StatusOK, Handler: s.listAudit},
		{Method: http.MethodGet, Path: v1 + "/audit/verify", OperationID: "verifyAudit", Tag: "audit",
			Summary: "Recompute the audit hash chain and name the first broken record", Access: roles(admin),
			Response: AuditVerification{}, Status: http.StatusOK, Handler: s.verifyAudit},
	}
}

// AuditVerification is the result of GET /audit/verify.
type AuditVerification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	FirstBad *int64 `json:"first_bad"`
	Reason   string `json:"reason,omitempty"`
}
