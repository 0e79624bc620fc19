package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/org"
)

func orgTypes() []string {
	var out []string
	for _, t := range org.Types() {
		out = append(out, string(t))
	}
	return out
}

func (s *Server) listOrganizations(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	t, err := enumQuery(c, "type", orgTypes()...)
	if err != nil {
		return err
	}
	l, err := s.deps.Orgs.List(c.Request().Context(), actorOf(c), org.Filter{Type: org.Type(t), Query: c.QueryParam("q")}, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[OrganizationDTO]{Items: mapSlice(l.Items, organizationDTO), NextCursor: cursorOf(l.Next)})
}

func (s *Server) getOrganization(c echo.Context) error {
	o, err := s.deps.Orgs.Get(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, organizationDTO(o))
}

// VersionRequest is the body of an action on a versioned resource; version
// is optional (without it the action applies to the current state).
type VersionRequest struct {
	Version *int `json:"version,omitempty" validate:"omitnil,gte=1"`
}

// decodeOptionalJSON decodes the body when there is one (actions may have none).
func decodeOptionalJSON(c echo.Context, dst any) error {
	if c.Request().ContentLength == 0 && c.Request().Header.Get("Transfer-Encoding") == "" {
		return nil
	}
	return decodeJSON(c, dst)
}

func (s *Server) verifyOrganization(c echo.Context) error {
	var in VersionRequest
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	version, err := ifMatch(c, in.Version)
	if err != nil {
		return err
	}
	o, err := s.deps.Orgs.Verify(c.Request().Context(), actorOf(c), c.Param("id"), version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, organizationDTO(o))
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
	o, err := s.deps.Orgs.Create(c.Request().Context(), actorOf(c), in.draft(), status)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, organizationDTO(o))
}
