package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// ProjectSummaryDTO is a project in a list: every field and related id of
// the detail except the texts and the lists (ProjectDTO embeds it, so the two
// cannot drift apart).
type ProjectSummaryDTO struct {
	ID             string    `json:"id"`
	Code           string    `json:"code,omitempty"`
	Title          string    `json:"title"`
	Category       string    `json:"category,omitempty"`
	FieldID        string    `json:"field_id,omitempty"`
	LeadID         string    `json:"lead_id"`
	LeadName       string    `json:"lead_name"`
	ConsortiumID   string    `json:"consortium_id,omitempty"`
	Origin         string    `json:"origin" enum:"project.origin"`
	ChallengeID    string    `json:"challenge_id,omitempty"`
	Stage          string    `json:"stage" enum:"project.stage"`
	TRL            int       `json:"trl"`
	Budget         int64     `json:"budget" jsonschema:"description=yuan: committed and disbursed funding never exceed it; a change request moves it"`
	ProposedBudget int64     `json:"proposed_budget,omitempty" jsonschema:"description=yuan: what the winning bid proposed (awarded projects)"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func projectSummaryDTO(p project.Project) ProjectSummaryDTO {
	return ProjectSummaryDTO{ID: p.ID, Code: p.Code, Title: p.Title, Category: p.Category, FieldID: p.FieldID, LeadID: p.LeadOrgID,
		ConsortiumID: p.ConsortiumID, Origin: string(p.Origin), ChallengeID: p.ChallengeID, Stage: string(p.Stage), TRL: p.TRL,
		Budget: p.Budget, ProposedBudget: p.ProposedBudget, Version: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// ProjectDTO is one project with its members and funding lines.
type ProjectDTO struct {
	ProjectSummaryDTO
	Summary string             `json:"summary"`
	Members []ProjectMemberDTO `json:"members"`
	Funding []FundingLineDTO   `json:"funding"`
	Moves   []string           `json:"moves" enum:"project.stage" jsonschema:"description=the stages the caller may move the project to now, the way forward first"`
	Actions []string           `json:"actions" enum:"project.action" jsonschema:"description=what else the caller may do now: show these, derive nothing"`
}

func projectDTO(d project.Details) ProjectDTO {
	return ProjectDTO{ProjectSummaryDTO: projectSummaryDTO(d.Project), Summary: d.Project.Summary,
		Members: mapSlice(d.Members, projectMemberDTO),
		Funding: mapSlice(d.Funding, fundingLineDTO), Moves: strs(d.Moves), Actions: strs(d.Actions)}
}

func (s *Server) listProjects(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	stage, err := enumQuery(c, "stage", enumValues("project.stage")...)
	if err != nil {
		return err
	}
	year, err := yearQuery(c, "year")
	if err != nil {
		return err
	}
	return replyPage(c, projectSummaryDTO)(s.deps.Projects.List(ctxOf(c), actorOf(c), project.Filter{Stage: project.Stage(stage),
		Category: c.QueryParam("category"), FieldID: c.QueryParam("field"), District: c.QueryParam("district"),
		ConsortiumID: c.QueryParam("consortium_id"), Year: year, Query: c.QueryParam("q")}, p))
}

// ProposalRequest is POST /projects: a project of origin application.
type ProposalRequest struct {
	Title    string `json:"title" validate:"required,max=200"`
	Summary  string `json:"summary" validate:"required,max=20000" text:"multiline"`
	Category string `json:"category" validate:"required" enum:"category"`
	FieldID  string `json:"field_id" validate:"required,max=40"`
	Budget   *int64 `json:"budget" validate:"required" jsonschema:"description=yuan"`
	TRL      *int   `json:"trl" validate:"required" jsonschema:"minimum=1,maximum=9"`
	// ConsortiumID: the project is carried out by this consortium (origin consortium).
	ConsortiumID string `json:"consortium_id,omitempty" validate:"max=64"`
}

func (s *Server) proposeProject(c echo.Context) error {
	var in ProposalRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.deps.Projects.Propose(ctxOf(c), actorOf(c), project.Proposal{Title: in.Title, Summary: in.Summary,
		Category: in.Category, FieldID: in.FieldID, Budget: *in.Budget, TRL: *in.TRL, ConsortiumID: in.ConsortiumID})
	if err != nil {
		return err
	}
	return s.respondProject(c, http.StatusCreated, p.ID)
}

func (s *Server) respondProject(c echo.Context, status int, id string) error {
	return reply(c, status, projectDTO)(s.deps.Projects.Get(ctxOf(c), actorOf(c), id))
}

// ProjectPatch is PATCH /projects/{id}; trl is for program managers only.
type ProjectPatch struct {
	Title    *string `json:"title,omitempty"`
	Summary  *string `json:"summary,omitempty" text:"multiline"`
	Category *string `json:"category,omitempty"`
	FieldID  *string `json:"field_id,omitempty"`
	Budget   *int64  `json:"budget,omitempty"`
	TRL      *int    `json:"trl,omitempty" jsonschema:"minimum=1,maximum=9"`
	Version  *int    `json:"version,omitempty"`
}

func (s *Server) updateProject(c echo.Context) error {
	var in ProjectPatch
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	p, err := s.deps.Projects.Update(ctxOf(c), actorOf(c), c.Param("id"), project.Patch{Title: in.Title, Summary: in.Summary,
		Category: in.Category, FieldID: in.FieldID, Budget: in.Budget, TRL: in.TRL, Version: version})
	if err != nil {
		return err
	}
	return s.respondProject(c, http.StatusOK, p.ID)
}

// TransitionRequest moves a project between stages.
type TransitionRequest struct {
	To          string   `json:"to" validate:"required" enum:"project.stage"`
	From        string   `json:"from" validate:"required" jsonschema:"description=the stage you believe the project is in"`
	Version     *int     `json:"version" validate:"required" jsonschema:"description=the version you saw"`
	Reason      string   `json:"reason,omitempty" validate:"max=2000" text:"multiline"`
	Evidence    string   `json:"evidence,omitempty" validate:"max=5000" jsonschema:"description=what backs the move; for completion, the acceptance note" text:"multiline"`
	DocumentIDs []string `json:"document_ids,omitempty" jsonschema:"description=the project's documents cited as evidence (an acceptance note uploaded as a file meets the completion gate)"`
}

func (s *Server) transitionProject(c echo.Context) error {
	var in TransitionRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.deps.Projects.Transition(ctxOf(c), actorOf(c), c.Param("id"), project.MoveInput{
		To: in.To, From: in.From, Version: *in.Version, Reason: in.Reason, Evidence: in.Evidence, DocumentIDs: in.DocumentIDs})
	if err != nil {
		return err
	}
	return s.respondProject(c, http.StatusOK, p.ID)
}

// StageChangeDTO is one stage move.
type StageChangeDTO struct {
	ID          string    `json:"id"`
	From        string    `json:"from,omitempty"`
	To          string    `json:"to"`
	ActorID     string    `json:"actor_id"`
	Reason      string    `json:"reason,omitempty"`
	Evidence    string    `json:"evidence,omitempty"`
	DocumentIDs []string  `json:"document_ids,omitempty"`
	OccurredAt  time.Time `json:"occurred_at"`
}

func (s *Server) projectHistory(c echo.Context) error {
	hs, err := s.deps.Projects.History(ctxOf(c), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[StageChangeDTO]{Items: mapSlice(hs, func(h project.StageChange) StageChangeDTO {
		return StageChangeDTO{ID: h.ID, From: string(h.From), To: string(h.To), ActorID: h.ActorID, Reason: h.Reason,
			Evidence: h.Evidence, DocumentIDs: h.DocumentIDs, OccurredAt: h.OccurredAt}
	})})
}

// GateDTO is the checklist of a project's next forward gate.
type GateDTO struct {
	From       string         `json:"from"`
	To         string         `json:"to,omitempty" jsonschema:"description=empty when the project has no forward move"`
	Ready      bool           `json:"ready"`
	Conditions []ConditionDTO `json:"conditions"`
}

// ConditionDTO is one condition of a gate.
type ConditionDTO struct {
	Key         string         `json:"key"`
	Code        string         `json:"code"`
	Params      map[string]any `json:"params,omitempty"`
	Description string         `json:"description"` // in the request's language
	Met         bool           `json:"met"`
}

func (s *Server) projectGate(c echo.Context) error {
	g, err := s.deps.Projects.NextGate(ctxOf(c), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := GateDTO{From: string(g.From), To: string(g.To), Ready: g.To != "", Conditions: []ConditionDTO{}}
	for _, cnd := range g.Conditions {
		said := cnd.In(langOf(c))
		out.Conditions = append(out.Conditions, ConditionDTO{Key: cnd.Key, Code: said.Code, Params: said.Params,
			Description: said.Message, Met: cnd.Met})
		out.Ready = out.Ready && cnd.Met
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) listMembers(c echo.Context) error {
	ms, err := s.deps.Projects.Members(ctxOf(c), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return replyItems(c, projectMemberDTO)(ms, nil)
}

func projectMemberDTO(m project.Member) ProjectMemberDTO {
	return ProjectMemberDTO{OrganizationID: m.OrganizationID, Role: string(m.Role)}
}

// MemberRequest adds an organization to a project.
type MemberRequest struct {
	OrganizationID string `json:"organization_id" validate:"required,max=64"`
	Role           string `json:"role" validate:"required" enum:"project.addable_role"`
}

func (s *Server) addMember(c echo.Context) error {
	var in MemberRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, projectMemberDTO)(s.deps.Projects.AddMember(ctxOf(c), actorOf(c), c.Param("id"), in.OrganizationID, in.Role))
}

// ProjectMemberDTO is an organization's part in a project.
type ProjectMemberDTO struct {
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	Role             string `json:"role" enum:"project.member_role"`
}

func (s *Server) getProject(c echo.Context) error {
	return reply(c, http.StatusOK, projectDTO)(s.deps.Projects.Get(ctxOf(c), actorOf(c), c.Param("id")))
}

// projectRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) projectRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Projects of the key R&D plan
		{Method: http.MethodGet, Path: v1 + "/projects", OperationID: "listProjects", Tag: "projects",
			Summary: "Projects: program managers and admins see all; others their organization's", Access: signedIn,
			Query: withPage(QueryParam{Name: "stage", Type: "string", Enum: enumValues("project.stage")}, QueryParam{Name: "category", Type: "string"},
				QueryParam{Name: "field", Type: "string"}, QueryParam{Name: "district", Type: "string", Description: "the lead organization's district"},
				QueryParam{Name: "consortium_id", Type: "string"}, QueryParam{Name: "year", Type: "integer", Description: "the year the project started"}, qParam),
			Response: Page[ProjectSummaryDTO]{}, Status: http.StatusOK, Handler: s.listProjects},
		{Method: http.MethodPost, Path: v1 + "/projects", OperationID: "proposeProject", Tag: "projects",
			Summary: "Propose a project (origin application); the caller's verified organization leads it",
			Access:  roles(enterprise, institute), Body: ProposalRequest{}, Response: ProjectDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.proposeProject},
		{Method: http.MethodGet, Path: v1 + "/projects/:id", OperationID: "getProject", Tag: "projects",
			Summary: "One project with its members and funding lines (members, program managers, admins)", Access: signedIn,
			Response: ProjectDTO{}, Status: http.StatusOK, Handler: s.getProject},
		{Method: http.MethodPatch, Path: v1 + "/projects/:id", OperationID: "updateProject", Tag: "projects",
			Summary: "Edit a project: program managers (trl too), or the lead organization while it is a proposal",
			Access:  roles(pm, enterprise, institute), Body: ProjectPatch{}, Response: ProjectDTO{}, Status: http.StatusOK, Handler: s.updateProject},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/transitions", OperationID: "transitionProject", Tag: "projects",
			Summary: "Move the project to another stage; stale from/version is 409, an unmet gate 422 listing every unmet condition",
			Access:  roles(pm), Body: TransitionRequest{}, Response: ProjectDTO{}, Status: http.StatusOK, Handler: s.transitionProject},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/history", OperationID: "projectHistory", Tag: "projects",
			Summary: "Every stage move: from, to, who, when, reason, evidence", Access: signedIn,
			Response: Items[StageChangeDTO]{}, Status: http.StatusOK, Handler: s.projectHistory},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/gate", OperationID: "projectGate", Tag: "projects",
			Summary: "The checklist of the project's next gate: each condition and whether it is met", Access: signedIn,
			Response: GateDTO{}, Status: http.StatusOK, Handler: s.projectGate},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/members", OperationID: "listProjectMembers", Tag: "projects",
			Summary: "The member organizations and their roles", Access: signedIn, Response: Items[ProjectMemberDTO]{},
			Status: http.StatusOK, Handler: s.listMembers},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/members", OperationID: "addProjectMember", Tag: "projects",
			Summary: "Add a member organization", Access: roles(pm), Body: MemberRequest{}, Response: ProjectMemberDTO{},
			Status: http.StatusCreated, Idempotent: true, Handler: s.addMember},
	}
}
