package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/org"
)

func (s *Server) listOrganizations(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	t, err := enumQuery(c, "type", enumValues("org.type")...)
	if err != nil {
		return err
	}
	status, err := enumQuery(c, "status", enumValues("org.status")...)
	if err != nil {
		return err
	}
	return replyPage(c, organizationDTO)(s.deps.Orgs.List(ctxOf(c), actorOf(c), org.Filter{Type: org.Type(t), Status: org.Status(status),
		Query: c.QueryParam("q")}, p))
}

func (s *Server) getOrganization(c echo.Context) error {
	return reply(c, http.StatusOK, organizationDTO)(s.deps.Orgs.Get(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) verifyOrganization(c echo.Context) error {
	version, err := decodeVersionOnly(c)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, organizationDTO)(s.deps.Orgs.Verify(ctxOf(c), actorOf(c), c.Param("id"), version))
}

// CreateOrganizationRequest is an admin's POST /organizations: the way
// government organizations (and pre-verified ones) come into being.
type CreateOrganizationRequest struct {
	OrganizationInput
	Verified bool `json:"verified,omitempty" jsonschema:"description=create it verified (default: pending)"`
}

func (s *Server) createOrganization(c echo.Context) error {
	var in CreateOrganizationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	status := org.StatusPending
	if in.Verified {
		status = org.StatusVerified
	}
	return reply(c, http.StatusCreated, organizationDTO)(s.deps.Orgs.Create(ctxOf(c), actorOf(c), in.draft(), status))
}

// OrganizationDTO is an organization as the API shows it.
type OrganizationDTO struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Type       string    `json:"type" enum:"org.type"`
	Tier       string    `json:"tier,omitempty" enum:"org.tier"`
	CreditCode string    `json:"credit_code,omitempty"`
	Country    string    `json:"country"`
	District   string    `json:"district,omitempty"`
	Status     string    `json:"status" enum:"org.status"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func organizationDTO(o org.Organization) OrganizationDTO {
	return OrganizationDTO{ID: o.ID, Name: o.Name, Type: string(o.Type), Tier: string(o.Tier), CreditCode: o.CreditCode,
		Country: o.Country, District: o.District, Status: string(o.Status), Version: o.Version,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

// organizationRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) organizationRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/organizations", OperationID: "listOrganizations", Tag: "organizations",
			Summary: "Verified organizations (admins and program managers also see pending ones)", Access: signedIn,
			Query: withPage(QueryParam{Name: "type", Type: "string", Enum: enumValues("org.type")},
				QueryParam{Name: "status", Type: "string", Enum: enumValues("org.status"), Description: "only this status (callers who see only verified organizations always get verified ones)"}, qParam),
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
	}
}
