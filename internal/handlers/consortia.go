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
	Actions     []string   `json:"actions" enum:"consortium.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
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
		LeadID: c.LeadOrgID, Status: string(c.Status), ApprovedAt: c.ApprovedAt, DissolvedAt: c.DissolvedAt, Actions: strs(c.Actions), Version: c.Version,
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
	return reply(c, http.StatusOK, consortiumDTO)(s.deps.Consortia.Read(ctxOf(c), actorOf(c), c.Param("id")))
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

// consortiumRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) consortiumRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Innovation consortia (创新联合体)
		{Method: http.MethodGet, Path: v1 + "/consortia", OperationID: "listConsortia", Tag: "consortia",
			Summary: "Innovation consortia", Access: signedIn,
			Query: withPage(QueryParam{Name: "model", Type: "string", Enum: enumValues("consortium.model")},
				QueryParam{Name: "status", Type: "string", Enum: enumValues("consortium.status")}, QueryParam{Name: "field", Type: "string"}, qParam),
			Response: Page[ConsortiumDTO]{}, Status: http.StatusOK, Handler: s.listConsortia},
		{Method: http.MethodPost, Path: v1 + "/consortia", OperationID: "createConsortium", Tag: "consortia",
			Summary: "Found a consortium; the caller's verified enterprise leads it", Access: roles(enterprise),
			Body: ConsortiumInput{}, Response: ConsortiumDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createConsortium},
		{Method: http.MethodGet, Path: v1 + "/consortia/:id", OperationID: "getConsortium", Tag: "consortia",
			Summary: "One consortium", Access: signedIn, Response: ConsortiumDTO{}, Status: http.StatusOK, Handler: s.getConsortium},
		{Method: http.MethodPatch, Path: v1 + "/consortia/:id", OperationID: "updateConsortium", Tag: "consortia",
			Summary: "Edit the consortium (the lead)", Access: roles(enterprise), Body: ConsortiumInput{}, Response: ConsortiumDTO{},
			Status: http.StatusOK, Handler: s.updateConsortium},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/invitations", OperationID: "inviteToConsortium", Tag: "consortia",
			Summary: "Invite an organization with a role (and an equity share in an equity-linked consortium)", Access: roles(enterprise),
			Body: InvitationRequest{}, Response: MembershipDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.invite},
		{Method: http.MethodGet, Path: v1 + "/invitations", OperationID: "listInvitations", Tag: "consortia",
			Summary: "Pending invitations to my organization", Access: signedIn, Query: pageParams,
			Response: Page[MembershipDTO]{}, Status: http.StatusOK, Handler: s.listInvitations},
		{Method: http.MethodPost, Path: v1 + "/invitations/:id/accept", OperationID: "acceptInvitation", Tag: "consortia",
			Summary: "Accept an invitation (the invited organization); equity over 100% in total is refused", Access: signedIn,
			Body: VersionRequest{}, Response: MembershipDTO{}, Status: http.StatusOK, Handler: s.respondInvitation(true)},
		{Method: http.MethodPost, Path: v1 + "/invitations/:id/decline", OperationID: "declineInvitation", Tag: "consortia",
			Summary: "Decline an invitation (the invited organization)", Access: signedIn,
			Body: VersionRequest{}, Response: MembershipDTO{}, Status: http.StatusOK, Handler: s.respondInvitation(false)},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/leave", OperationID: "leaveConsortium", Tag: "consortia",
			Summary: "Leave a consortium (a member other than the lead)", Access: signedIn, Response: MembershipDTO{},
			Status: http.StatusOK, Handler: s.leaveConsortium},
		{Method: http.MethodDelete, Path: v1 + "/consortia/:id/members/:organization_id", OperationID: "removeConsortiumMember", Tag: "consortia",
			Summary: "Remove a member (the lead; never the lead itself)", Access: roles(enterprise), Response: MembershipDTO{},
			Status: http.StatusOK, Handler: s.removeMember},
		{Method: http.MethodGet, Path: v1 + "/consortia/:id/members", OperationID: "listConsortiumMembers", Tag: "consortia",
			Summary: "Current members and invitations; ?history=true includes past members", Access: signedIn,
			Query: []QueryParam{{Name: "history", Type: "boolean"}}, Response: Items[MembershipDTO]{}, Status: http.StatusOK,
			Handler: s.listConsortiumMembers},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/approve", OperationID: "approveConsortium", Tag: "consortia",
			Summary: "Approve a forming consortium", Access: roles(pm), Body: VersionRequest{}, Response: ConsortiumDTO{},
			Status: http.StatusOK, Handler: s.consortiumStatus(true)},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/dissolve", OperationID: "dissolveConsortium", Tag: "consortia",
			Summary: "Dissolve a consortium (program managers or the lead)", Access: roles(pm, enterprise), Body: VersionRequest{},
			Response: ConsortiumDTO{}, Status: http.StatusOK, Handler: s.consortiumStatus(false)},
	}
}
