package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// OrganizationInput describes an organization in a registration or an admin's create.
type OrganizationInput struct {
	Name       string `json:"name" validate:"required,max=200"`
	Type       string `json:"type" validate:"required" enum:"org.type"`
	Tier       string `json:"tier,omitempty" enum:"org.tier"`
	CreditCode string `json:"credit_code,omitempty" validate:"max=40" jsonschema:"description=统一社会信用代码 (18 characters, GB 32100-2015); required for Chinese organizations"`
	Country    string `json:"country,omitempty" validate:"max=2" jsonschema:"description=ISO 3166-1 alpha-2; default CN"`
	District   string `json:"district,omitempty" validate:"max=40" jsonschema:"description=a district id from GET /districts"`
}

func (in OrganizationInput) draft() org.Draft {
	return org.Draft{Name: in.Name, Type: in.Type, Tier: in.Tier, CreditCode: in.CreditCode, Country: in.Country, District: in.District}
}

// RegisterUserInput is the first user of a registering organization.
type RegisterUserInput struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required" jsonschema:"minLength=10,maxLength=72"`
	Name     string `json:"name" validate:"required,max=100"`
}

// RegisterRequest is POST /auth/register.
type RegisterRequest struct {
	Organization OrganizationInput `json:"organization" validate:"required"`
	User         RegisterUserInput `json:"user" validate:"required"`
}

// RegisterResponse is the new pending organization and its user.
type RegisterResponse struct {
	Organization OrganizationDTO `json:"organization"`
	User         UserDTO         `json:"user"`
}

func (s *Server) register(c echo.Context) error {
	var in RegisterRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	o, u, err := s.deps.Accounts.Register(ctxOf(c), actorOf(c), account.Registration{
		Organization: in.Organization.draft(), Email: in.User.Email, Password: in.User.Password, Name: in.User.Name})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, RegisterResponse{Organization: organizationDTO(o), User: userDTO(u)})
}

// LoginRequest is POST /auth/login.
type LoginRequest struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required,max=200"`
}

// TokenResponse is a new session.
type TokenResponse struct {
	AccessToken  string  `json:"access_token"`
	RefreshToken string  `json:"refresh_token"`
	TokenType    string  `json:"token_type"`
	ExpiresIn    int     `json:"expires_in" jsonschema:"description=seconds until the access token expires"`
	User         UserDTO `json:"user"`
}

func tokenResponse(s account.Session) TokenResponse {
	return TokenResponse{AccessToken: s.AccessToken, RefreshToken: s.RefreshToken, TokenType: "Bearer",
		ExpiresIn: int(s.ExpiresIn.Seconds()), User: userDTO(s.User)}
}

func (s *Server) login(c echo.Context) error {
	var in LoginRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	sess, err := s.deps.Accounts.Login(ctxOf(c), originOf(c), in.Email, in.Password)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, tokenResponse(sess))
}

// RefreshRequest carries a refresh token (refresh and logout).
type RefreshRequest struct {
	RefreshToken string `json:"refresh_token" validate:"required,max=200"`
}

func (s *Server) refresh(c echo.Context) error {
	var in RefreshRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	sess, err := s.deps.Accounts.Refresh(ctxOf(c), originOf(c), in.RefreshToken)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, tokenResponse(sess))
}

func (s *Server) logout(c echo.Context) error {
	var in RefreshRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.Logout(ctxOf(c), actorOf(c), in.RefreshToken); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// MeResponse is GET /me.
type MeResponse struct {
	User         UserDTO         `json:"user"`
	Role         string          `json:"role" enum:"role"`
	Organization OrganizationDTO `json:"organization"`
}

func (s *Server) me(c echo.Context) error {
	u, o, err := s.deps.Accounts.Me(ctxOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, MeResponse{User: userDTO(u), Role: string(u.Role), Organization: organizationDTO(o)})
}

// CreateUserRequest is POST /users (admins).
type CreateUserRequest struct {
	Email          string `json:"email" validate:"required,max=254"`
	Password       string `json:"password" validate:"required" jsonschema:"minLength=10,maxLength=72"`
	Name           string `json:"name" validate:"required,max=100"`
	Role           string `json:"role" validate:"required" enum:"role"`
	OrganizationID string `json:"organization_id" validate:"required,max=64"`
}

func (s *Server) createUser(c echo.Context) error {
	var in CreateUserRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, userDTO)(s.deps.Accounts.CreateUser(ctxOf(c), actorOf(c), account.NewUser{
		Email: in.Email, Password: in.Password, Name: in.Name, Role: in.Role, OrganizationID: in.OrganizationID}))
}

// UpdateUserRequest is PATCH /users/{id} (admins); absent fields stay.
type UpdateUserRequest struct {
	Role     *string `json:"role,omitempty" enum:"role"`
	Disabled *bool   `json:"disabled,omitempty"`
	Name     *string `json:"name,omitempty" validate:"omitnil,max=100"`
	Version  *int    `json:"version,omitempty" jsonschema:"description=the version you last saw; a stale one is a 409"`
}

func (s *Server) updateUser(c echo.Context) error {
	var in UpdateUserRequest
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, userDTO)(s.deps.Accounts.UpdateUser(ctxOf(c), actorOf(c), c.Param("id"), account.UserPatch{
		Role: in.Role, Disabled: in.Disabled, Name: in.Name, Version: version}))
}

func (s *Server) listUsers(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	role, err := enumQuery(c, "role", enumValues("role")...)
	if err != nil {
		return err
	}
	return replyPage(c, userDTO)(s.deps.Accounts.ListUsers(ctxOf(c), actorOf(c), account.UserFilter{
		OrganizationID: c.QueryParam("organization_id"), Role: domain.Role(role), Query: c.QueryParam("q")}, p))
}

// UserDTO is a user as the API shows it (never the password hash).
type UserDTO struct {
	ID               string    `json:"id"`
	Email            string    `json:"email"`
	Name             string    `json:"name"`
	Role             string    `json:"role" enum:"role"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name,omitempty"`
	Disabled         bool      `json:"disabled"`
	Version          int       `json:"version"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

func userDTO(u account.User) UserDTO {
	return UserDTO{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), OrganizationID: u.OrganizationID,
		Disabled: u.Disabled, Version: u.Version, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// accountRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) accountRoutes() []Route {
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
		{Method: http.MethodGet, Path: v1 + "/users", OperationID: "listUsers", Tag: "users",
			Summary: "Users, newest first (program managers: the experts only, to assign reviewers)", Access: roles(admin, pm),
			Query: withPage(QueryParam{Name: "organization_id", Type: "string"},
				QueryParam{Name: "role", Type: "string", Enum: enumValues("role")}, qParam),
			Response: Page[UserDTO]{}, Status: http.StatusOK, Handler: s.listUsers},
		{Method: http.MethodPost, Path: v1 + "/users", OperationID: "createUser", Tag: "users",
			Summary: "Create a user of any role in an organization whose type fits the role", Access: roles(admin),
			Body: CreateUserRequest{}, Response: UserDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createUser},
		{Method: http.MethodPatch, Path: v1 + "/users/:id", OperationID: "updateUser", Tag: "users",
			Summary: "Change a user's role or name, or disable the account (effective on the next request)",
			Access:  roles(admin), Body: UpdateUserRequest{}, Response: UserDTO{}, Status: http.StatusOK, Handler: s.updateUser},
	}
}
