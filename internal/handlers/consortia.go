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
	Model       *string `json:"model,omitempty" enum:"consortium.model"`
	FieldID     *string `json:"field_id,omitempty"`
	Description *string `json:"description,omitempty" text:"multiline"`
	Version     *int    `json:"version,omitempty"`
}

// ConsortiumDTO is an innovation consortium (创新联合体).
type ConsortiumDTO struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Model       string     `json:"model" enum:"consortium.model"`
	FieldID     string     `json:"field_id,omitempty"`
	Description string     `json:"description"`
	LeadID      string     `json:"lead_id"`
	LeadName    string     `json:"lead_name"`
	Status      string     `json:"status" enum:"consortium.status"`
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
	ID               string     `json:"id"`
	ConsortiumID     string     `json:"consortium_id"`
	ConsortiumName   string     `json:"consortium_name,omitempty" jsonschema:"description=in the caller's invitations"`
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	Role             string     `json:"role" enum:"consortium.role"`
	EquityShare      *float64   `json:"equity_share,omitempty" jsonschema:"description=percent"`
	Status           string     `json:"status" enum:"membership.status"`
	InvitedAt        time.Time  `json:"invited_at"`
	JoinedAt         *time.Time `json:"joined_at,omitempty"`
	EndedAt          *time.Time `json:"ended_at,omitempty"`
	Version          int        `json:"version"`
}

func membershipDTO(m consortium.Membership) MembershipDTO {
	d := MembershipDTO{ID: m.ID, ConsortiumID: m.ConsortiumID, ConsortiumName: m.ConsortiumName, OrganizationID: m.OrganizationID, Role: string(m.Role),
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
	model, err := enumQuery(c, "model", enumValues("consortium.model")...)
	if err != nil {
		return err
	}
	status, err := enumQuery(c, "status", enumValues("consortium.status")...)
	if err != nil {
		return err
	}
	return replyPage(c, consortiumDTO)(s.deps.Consortia.List(ctxOf(c), actorOf(c), consortium.Filter{Model: consortium.Model(model),
		Status: consortium.Status(status), FieldID: c.QueryParam("field"), Query: c.QueryParam("q")}, p))
}

func (s *Server) getConsortium(c echo.Context) error {
	return reply(c, http.StatusOK, consortiumDTO)(s.deps.Consortia.Get(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) createConsortium(c echo.Context) error {
	var in ConsortiumInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, consortiumDTO)(s.deps.Consortia.Create(ctxOf(c), actorOf(c), consortium.Input(in)))
}

func (s *Server) updateConsortium(c echo.Context) error {
	var in ConsortiumInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, consortiumDTO)(s.deps.Consortia.Update(ctxOf(c), actorOf(c), c.Param("id"), consortium.Input(in)))
}

func (s *Server) consortiumStatus(approve bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		version, err := decodeVersionOnly(c)
		if err != nil {
			return err
		}
		act := s.deps.Consortia.Dissolve
		if approve {
			act = s.deps.Consortia.Approve
		}
		return reply(c, http.StatusOK, consortiumDTO)(act(ctxOf(c), actorOf(c), c.Param("id"), version))
	}
}

// InvitationRequest invites an organization.
type InvitationRequest struct {
	OrganizationID string   `json:"organization_id" validate:"required,max=64"`
	Role           string   `json:"role" validate:"required" enum:"consortium.invitation"`
	EquityShare    *float64 `json:"equity_share,omitempty" jsonschema:"description=percent, equity-linked consortia only"`
}

func (s *Server) invite(c echo.Context) error {
	var in InvitationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, membershipDTO)(s.deps.Consortia.Invite(ctxOf(c), actorOf(c), c.Param("id"), in.OrganizationID, in.Role, in.EquityShare))
}

func (s *Server) listInvitations(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, membershipDTO)(s.deps.Consortia.Invitations(ctxOf(c), actorOf(c), p))
}

func (s *Server) respondInvitation(accept bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in VersionRequest
		if err := decodeOptionalJSON(c, &in); err != nil {
			return err
		}
		return reply(c, http.StatusOK, membershipDTO)(s.deps.Consortia.Respond(ctxOf(c), actorOf(c), c.Param("id"), accept))
	}
}

func (s *Server) leaveConsortium(c echo.Context) error {
	return reply(c, http.StatusOK, membershipDTO)(s.deps.Consortia.Leave(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) removeMember(c echo.Context) error {
	return reply(c, http.StatusOK, membershipDTO)(s.deps.Consortia.Remove(ctxOf(c), actorOf(c), c.Param("id"), c.Param("organization_id")))
}

func (s *Server) listConsortiumMembers(c echo.Context) error {
	history, err := boolQuery(c, "history")
	if err != nil {
		return err
	}
	return replyItems(c, membershipDTO)(s.deps.Consortia.Members(ctxOf(c), actorOf(c), c.Param("id"), history))
}
