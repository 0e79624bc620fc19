package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// FieldsRequest replaces the fields an organization works in or an expert knows.
type FieldsRequest struct {
	FieldIDs []string `json:"field_ids" validate:"required,max=20"`
}

// FieldsDTO lists field ids.
type FieldsDTO struct {
	FieldIDs []string `json:"field_ids"`
}

// ReasonDTO says why something is suggested, in the request's language.
type ReasonDTO struct {
	Code    string         `json:"code" enum:"message.code"`
	Params  map[string]any `json:"params,omitempty"`
	Message string         `json:"message"`
}

// SuggestedOrganizationDTO is an organization that could bid.
type SuggestedOrganizationDTO struct {
	OrganizationID   string      `json:"organization_id"`
	OrganizationName string      `json:"organization_name"`
	Score            int         `json:"score"`
	Reasons          []ReasonDTO `json:"reasons"`
}

// SuggestedExpertDTO is an expert who could review.
type SuggestedExpertDTO struct {
	UserID          string      `json:"user_id"`
	Name            string      `json:"name"`
	OrganizationID  string      `json:"organization_id"`
	Score           int         `json:"score"`
	OpenAssignments int         `json:"open_assignments"`
	Reasons         []ReasonDTO `json:"reasons"`
}

func reasons(c echo.Context, rs []domain.FieldError) []ReasonDTO {
	lang := langOf(c)
	out := make([]ReasonDTO, len(rs))
	for i, r := range rs {
		r = r.In(lang)
		out[i] = ReasonDTO{Code: r.Code, Params: r.Params, Message: r.Message}
	}
	return out
}

func fieldsReply(c echo.Context) func([]string, error) error {
	return func(ids []string, err error) error {
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, FieldsDTO{FieldIDs: ids})
	}
}

func (s *Server) getCapabilities(c echo.Context) error {
	return fieldsReply(c)(s.deps.Matchmaking.Capabilities(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) putCapabilities(c echo.Context) error {
	var in FieldsRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return fieldsReply(c)(s.deps.Matchmaking.SetCapabilities(ctxOf(c), actorOf(c), c.Param("id"), in.FieldIDs))
}

func (s *Server) getExpertise(c echo.Context) error {
	return fieldsReply(c)(s.deps.Matchmaking.Expertise(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) putExpertise(c echo.Context) error {
	var in FieldsRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return fieldsReply(c)(s.deps.Matchmaking.SetExpertise(ctxOf(c), actorOf(c), c.Param("id"), in.FieldIDs))
}

func (s *Server) suggestedOrganizations(c echo.Context) error {
	sg, err := s.deps.Matchmaking.Organizations(ctxOf(c), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := Items[SuggestedOrganizationDTO]{Items: make([]SuggestedOrganizationDTO, len(sg))}
	for i, x := range sg {
		out.Items[i] = SuggestedOrganizationDTO{OrganizationID: x.ID, OrganizationName: x.Name, Score: x.Score, Reasons: reasons(c, x.Reasons)}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) suggestedExperts(c echo.Context) error {
	sg, err := s.deps.Matchmaking.Experts(ctxOf(c), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := Items[SuggestedExpertDTO]{Items: make([]SuggestedExpertDTO, len(sg))}
	for i, x := range sg {
		out.Items[i] = SuggestedExpertDTO{UserID: x.ID, Name: x.Name, OrganizationID: x.OrgID, Score: x.Score, OpenAssignments: x.Open,
			Reasons: reasons(c, x.Reasons)}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) matchmakingRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/organizations/:id/capabilities", OperationID: "organizationCapabilities", Tag: "organizations",
			Summary: "The fields an organization works in", Access: signedIn, Response: FieldsDTO{}, Status: http.StatusOK, Handler: s.getCapabilities},
		{Method: http.MethodPut, Path: v1 + "/organizations/:id/capabilities", OperationID: "setOrganizationCapabilities", Tag: "organizations",
			Summary: "Replace the fields an organization works in (its own users, admins); audited", Access: signedIn,
			Body: FieldsRequest{}, Response: FieldsDTO{}, Status: http.StatusOK, Handler: s.putCapabilities},
		{Method: http.MethodGet, Path: v1 + "/users/:id/expertise", OperationID: "userExpertise", Tag: "users",
			Summary: "An expert's fields of expertise (the expert, program managers, admins)", Access: signedIn,
			Response: FieldsDTO{}, Status: http.StatusOK, Handler: s.getExpertise},
		{Method: http.MethodPut, Path: v1 + "/users/:id/expertise", OperationID: "setUserExpertise", Tag: "users",
			Summary: "Replace an expert's fields of expertise (the expert, admins); audited", Access: roles(expert, admin),
			Body: FieldsRequest{}, Response: FieldsDTO{}, Status: http.StatusOK, Handler: s.putExpertise},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/suggested-organizations", OperationID: "suggestedOrganizations", Tag: "challenges",
			Summary: "Organizations that could bid on a published challenge, ranked by field match and track record, with reasons; never the owner, never marking a sealed bid",
			Access:  roles(enterprise, pm), Response: Items[SuggestedOrganizationDTO]{}, Status: http.StatusOK, Handler: s.suggestedOrganizations},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/suggested-experts", OperationID: "suggestedExperts", Tag: "challenges",
			Summary: "Experts who could review, by expertise and current load, with reasons; conflicted and assigned experts left out",
			Access:  roles(pm), Response: Items[SuggestedExpertDTO]{}, Status: http.StatusOK, Handler: s.suggestedExperts},
	}
}
