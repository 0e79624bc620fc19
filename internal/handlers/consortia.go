package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/consortium"
)

// ConsortiumInput creates or edits a consortium.
type ConsortiumInput struct {
	Name        *string `json:"name,omitempty"`
	Model       *string `json:"model,omitempty" jsonschema:"enum=task_oriented,enum=equity_linked,enum=grant_to_investment"`
	FieldID     *string `json:"field_id,omitempty"`
	Description *string `json:"description,omitempty"`
	Version     *int    `json:"version,omitempty"`
}

// ConsortiumDTO is an innovation consortium (创新联合体).
type ConsortiumDTO struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Model       string     `json:"model" jsonschema:"enum=task_oriented,enum=equity_linked,enum=grant_to_investment"`
	FieldID     string     `json:"field_id,omitempty"`
	Description string     `json:"description"`
	LeadID      string     `json:"lead_id"`
	Status      string     `json:"status" jsonschema:"enum=forming,enum=active,enum=dissolved"`
	ApprovedAt  *time.Time `json:"approved_at,omitempty"`
	DissolvedAt *time.Time `json:"dissolved_at,omitempty"`
	Version     int        `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func consortiumDTO(c consortium.Consortium) ConsortiumDTO {
	return ConsortiumDTO{ID: c.ID, Name: c.Name, Model: string(c.Model), FieldID: c.FieldID, Description: c.Description,
		LeadID: c.LeadOrgID, Status: string(c.Status), ApprovedAt: c.ApprovedAt, DissolvedAt: c.DissolvedAt, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// MembershipDTO is one membership or invitation, with its history dates.
type MembershipDTO struct {
	ID             string     `json:"id"`
	ConsortiumID   string     `json:"consortium_id"`
	OrganizationID string     `json:"organization_id"`
	Role           string     `json:"role" jsonschema:"enum=lead,enum=upstream,enum=downstream,enum=research,enum=university,enum=finance"`
	EquityShare    *float64   `json:"equity_share,omitempty" jsonschema:"description=percent"`
	Status         string     `json:"status" jsonschema:"enum=invited,enum=active,enum=declined,enum=left,enum=removed"`
	InvitedAt      time.Time  `json:"invited_at"`
	JoinedAt       *time.Time `json:"joined_at,omitempty"`
	EndedAt        *time.Time `json:"ended_at,omitempty"`
	Version        int        `json:"version"`
}

func membershipDTO(m consortium.Membership) MembershipDTO {
	d := MembershipDTO{ID: m.ID, ConsortiumID: m.ConsortiumID, OrganizationID: m.OrganizationID, Role: string(m.Role),
		Status: string(m.Status), InvitedAt: m.InvitedAt, JoinedAt: m.JoinedAt, EndedAt: m.EndedAt, Version: m.Version}
	if m.EquityBP > 0 {
		e := m.EquityPercent()
		d.EquityShare = &e
	}
	return d
}

func (s *Server) listConsortia(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	model, err := enumQuery(c, "model", "task_oriented", "equity_linked", "grant_to_investment")
	if err != nil {
		return err
	}
	status, err := enumQuery(c, "status", "forming", "active", "dissolved")
	if err != nil {
		return err
	}
	l, err := s.deps.Consortia.List(c.Request().Context(), actorOf(c), consortium.Filter{Model: consortium.Model(model),
		Status: consortium.Status(status), FieldID: c.QueryParam("field"), Query: c.QueryParam("q")}, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[ConsortiumDTO]{Items: mapSlice(l.Items, consortiumDTO), NextCursor: cursorOf(l.Next)})
}

func (s *Server) getConsortium(c echo.Context) error {
	x, err := s.deps.Consortia.Get(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, consortiumDTO(x))
}

func (s *Server) createConsortium(c echo.Context) error {
	var in ConsortiumInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Version != nil {
		return badVersionOnCreate()
	}
	x, err := s.deps.Consortia.Create(c.Request().Context(), actorOf(c), consortium.Input(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, consortiumDTO(x))
}

func (s *Server) updateConsortium(c echo.Context) error {
	var in ConsortiumInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	x, err := s.deps.Consortia.Update(c.Request().Context(), actorOf(c), c.Param("id"), consortium.Input(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, consortiumDTO(x))
}

func (s *Server) consortiumStatus(approve bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in VersionRequest
		if err := decodeOptionalJSON(c, &in); err != nil {
			return err
		}
		version, err := ifMatch(c, in.Version)
		if err != nil {
			return err
		}
		act := s.deps.Consortia.Dissolve
		if approve {
			act = s.deps.Consortia.Approve
		}
		x, err := act(c.Request().Context(), actorOf(c), c.Param("id"), version)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, consortiumDTO(x))
	}
}

// InvitationRequest invites an organization.
type InvitationRequest struct {
	OrganizationID string   `json:"organization_id" validate:"required,max=64"`
	Role           string   `json:"role" validate:"required" jsonschema:"enum=upstream,enum=downstream,enum=research,enum=university,enum=finance"`
	EquityShare    *float64 `json:"equity_share,omitempty" jsonschema:"description=percent, equity-linked consortia only"`
}

func (s *Server) invite(c echo.Context) error {
	var in InvitationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.deps.Consortia.Invite(c.Request().Context(), actorOf(c), c.Param("id"), in.OrganizationID, in.Role, in.EquityShare)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, membershipDTO(m))
}

func (s *Server) listInvitations(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := s.deps.Consortia.Invitations(c.Request().Context(), actorOf(c), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[MembershipDTO]{Items: mapSlice(l.Items, membershipDTO), NextCursor: cursorOf(l.Next)})
}

func (s *Server) respondInvitation(accept bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in VersionRequest
		if err := decodeOptionalJSON(c, &in); err != nil {
			return err
		}
		m, err := s.deps.Consortia.Respond(c.Request().Context(), actorOf(c), c.Param("id"), accept)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, membershipDTO(m))
	}
}

func (s *Server) leaveConsortium(c echo.Context) error {
	m, err := s.deps.Consortia.Leave(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, membershipDTO(m))
}

func (s *Server) removeMember(c echo.Context) error {
	m, err := s.deps.Consortia.Remove(c.Request().Context(), actorOf(c), c.Param("id"), c.Param("organization_id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, membershipDTO(m))
}

func (s *Server) listConsortiumMembers(c echo.Context) error {
	history, err := boolQuery(c, "history")
	if err != nil {
		return err
	}
	ms, err := s.deps.Consortia.Members(c.Request().Context(), actorOf(c), c.Param("id"), history)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[MembershipDTO]{Items: mapSlice(ms, membershipDTO)})
}
