package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/scenario"
)

func projectStages() []string {
	return mapSlice(project.Stages(), func(s project.Stage) string { return string(s) })
}

// ProjectSummaryDTO is a project in a list: every field and related id of
// the detail except the texts and the lists (ProjectDTO embeds it, so the two
// cannot drift apart).
type ProjectSummaryDTO struct {
	ID           string    `json:"id"`
	Code         string    `json:"code,omitempty"`
	Title        string    `json:"title"`
	Category     string    `json:"category,omitempty"`
	FieldID      string    `json:"field_id,omitempty"`
	LeadID       string    `json:"lead_id"`
	ConsortiumID string    `json:"consortium_id,omitempty"`
	Origin       string    `json:"origin" jsonschema:"enum=challenge,enum=application,enum=consortium"`
	ChallengeID  string    `json:"challenge_id,omitempty"`
	Stage        string    `json:"stage" jsonschema:"enum=proposal,enum=research,enum=validation,enum=industrialization,enum=completed,enum=rejected,enum=terminated"`
	TRL          int       `json:"trl"`
	Budget       int64     `json:"budget"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func projectSummaryDTO(p project.Project) ProjectSummaryDTO {
	return ProjectSummaryDTO{ID: p.ID, Code: p.Code, Title: p.Title, Category: p.Category, FieldID: p.FieldID, LeadID: p.LeadOrgID,
		ConsortiumID: p.ConsortiumID, Origin: string(p.Origin), ChallengeID: p.ChallengeID, Stage: string(p.Stage), TRL: p.TRL,
		Budget: p.Budget, Version: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// ProjectDTO is one project with its members and funding lines.
type ProjectDTO struct {
	ProjectSummaryDTO
	Summary string             `json:"summary"`
	Members []ProjectMemberDTO `json:"members"`
	Funding []FundingLineDTO   `json:"funding"`
}

func projectDTO(d project.Details) ProjectDTO {
	return ProjectDTO{ProjectSummaryDTO: projectSummaryDTO(d.Project), Summary: d.Project.Summary,
		Members: mapSlice(d.Members, func(m project.Member) ProjectMemberDTO {
			return ProjectMemberDTO{OrganizationID: m.OrganizationID, Role: string(m.Role)}
		}),
		Funding: mapSlice(d.Funding, fundingLineDTO)}
}

func (s *Server) listProjects(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	stage, err := enumQuery(c, "stage", projectStages()...)
	if err != nil {
		return err
	}
	year := 0
	if y := c.QueryParam("year"); y != "" {
		if year, err = strconv.Atoi(y); err != nil || year < 2000 || year > 2100 {
			return domain.BadRequest("year must be a year such as 2026")
		}
	}
	l, err := s.deps.Projects.List(c.Request().Context(), actorOf(c), project.Filter{Stage: project.Stage(stage),
		Category: c.QueryParam("category"), FieldID: c.QueryParam("field"), District: c.QueryParam("district"),
		ConsortiumID: c.QueryParam("consortium_id"), Year: year, Query: c.QueryParam("q")}, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[ProjectSummaryDTO]{Items: mapSlice(l.Items, projectSummaryDTO), NextCursor: cursorOf(l.Next)})
}

// ProposalRequest is POST /projects: a project of origin application.
type ProposalRequest struct {
	Title    string `json:"title" validate:"required,max=200"`
	Summary  string `json:"summary" validate:"required,max=20000"`
	Category string `json:"category" validate:"required" jsonschema:"enum=strategic_collaboration,enum=key_technology,enum=ecosystem,enum=application_demo"`
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
	p, err := s.deps.Projects.Propose(c.Request().Context(), actorOf(c), project.Proposal{Title: in.Title, Summary: in.Summary,
		Category: in.Category, FieldID: in.FieldID, Budget: *in.Budget, TRL: *in.TRL, ConsortiumID: in.ConsortiumID})
	if err != nil {
		return err
	}
	return s.respondProject(c, http.StatusCreated, p.ID)
}

func (s *Server) respondProject(c echo.Context, status int, id string) error {
	d, err := s.deps.Projects.Get(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(status, projectDTO(d))
}

// ProjectPatch is PATCH /projects/{id}; trl is for program managers only.
type ProjectPatch struct {
	Title    *string `json:"title,omitempty"`
	Summary  *string `json:"summary,omitempty"`
	Category *string `json:"category,omitempty"`
	FieldID  *string `json:"field_id,omitempty"`
	Budget   *int64  `json:"budget,omitempty"`
	TRL      *int    `json:"trl,omitempty" jsonschema:"minimum=1,maximum=9"`
	Version  *int    `json:"version,omitempty"`
}

func (s *Server) updateProject(c echo.Context) error {
	var in ProjectPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	version, err := ifMatch(c, in.Version)
	if err != nil {
		return err
	}
	p, err := s.deps.Projects.Update(c.Request().Context(), actorOf(c), c.Param("id"), project.Patch{Title: in.Title, Summary: in.Summary,
		Category: in.Category, FieldID: in.FieldID, Budget: in.Budget, TRL: in.TRL, Version: version})
	if err != nil {
		return err
	}
	return s.respondProject(c, http.StatusOK, p.ID)
}

// TransitionRequest moves a project between stages.
type TransitionRequest struct {
	To       string `json:"to" validate:"required" jsonschema:"enum=proposal,enum=research,enum=validation,enum=industrialization,enum=completed,enum=rejected,enum=terminated"`
	From     string `json:"from" validate:"required" jsonschema:"description=the stage you believe the project is in"`
	Version  *int   `json:"version" validate:"required" jsonschema:"description=the version you saw"`
	Reason   string `json:"reason,omitempty" validate:"max=2000"`
	Evidence string `json:"evidence,omitempty" validate:"max=5000" jsonschema:"description=what backs the move; for completion, the acceptance note"`
}

func (s *Server) transitionProject(c echo.Context) error {
	var in TransitionRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.deps.Projects.Transition(c.Request().Context(), actorOf(c), c.Param("id"), project.MoveInput{
		To: in.To, From: in.From, Version: *in.Version, Reason: in.Reason, Evidence: in.Evidence})
	if err != nil {
		return err
	}
	return s.respondProject(c, http.StatusOK, p.ID)
}

// StageChangeDTO is one stage move.
type StageChangeDTO struct {
	ID         string    `json:"id"`
	From       string    `json:"from,omitempty"`
	To         string    `json:"to"`
	ActorID    string    `json:"actor_id"`
	Reason     string    `json:"reason,omitempty"`
	Evidence   string    `json:"evidence,omitempty"`
	OccurredAt time.Time `json:"occurred_at"`
}

func (s *Server) projectHistory(c echo.Context) error {
	hs, err := s.deps.Projects.History(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[StageChangeDTO]{Items: mapSlice(hs, func(h project.StageChange) StageChangeDTO {
		return StageChangeDTO{ID: h.ID, From: string(h.From), To: string(h.To), ActorID: h.ActorID, Reason: h.Reason,
			Evidence: h.Evidence, OccurredAt: h.OccurredAt}
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
	Key         string `json:"key"`
	Description string `json:"description"`
	Met         bool   `json:"met"`
}

func (s *Server) projectGate(c echo.Context) error {
	g, err := s.deps.Projects.NextGate(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := GateDTO{From: string(g.From), To: string(g.To), Ready: g.To != "", Conditions: []ConditionDTO{}}
	for _, cnd := range g.Conditions {
		out.Conditions = append(out.Conditions, ConditionDTO{Key: cnd.Key, Description: cnd.Description, Met: cnd.Met})
		out.Ready = out.Ready && cnd.Met
	}
	return c.JSON(http.StatusOK, out)
}

// MilestoneInput is a milestone to create or edit; PATCH may set status
// (done by the lead; accepted or planned by a program manager).
type MilestoneInput struct {
	Title       *string `json:"title,omitempty"`
	DueDate     *string `json:"due_date,omitempty" jsonschema:"format=date"`
	Stage       *string `json:"stage,omitempty" jsonschema:"enum=research,enum=validation,enum=industrialization"`
	Deliverable *string `json:"deliverable,omitempty"`
	Status      *string `json:"status,omitempty" jsonschema:"enum=planned,enum=done,enum=accepted"`
	Version     *int    `json:"version,omitempty"`
}

func (in MilestoneInput) domain() project.MilestoneInput { return project.MilestoneInput(in) }

// MilestoneDTO is a project milestone.
type MilestoneDTO struct {
	ID          string    `json:"id"`
	ProjectID   string    `json:"project_id"`
	Title       string    `json:"title"`
	DueDate     string    `json:"due_date"`
	Stage       string    `json:"stage"`
	Deliverable string    `json:"deliverable"`
	Status      string    `json:"status"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func milestoneDTO(m project.Milestone) MilestoneDTO {
	return MilestoneDTO{ID: m.ID, ProjectID: m.ProjectID, Title: m.Title, DueDate: m.DueDate, Stage: string(m.Stage),
		Deliverable: m.Deliverable, Status: string(m.Status), Version: m.Version, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

func (s *Server) listMilestones(c echo.Context) error {
	ms, err := s.deps.Projects.Milestones(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[MilestoneDTO]{Items: mapSlice(ms, milestoneDTO)})
}

func (s *Server) addMilestone(c echo.Context) error {
	var in MilestoneInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Version != nil {
		return badVersionOnCreate()
	}
	m, err := s.deps.Projects.AddMilestone(c.Request().Context(), actorOf(c), c.Param("id"), in.domain())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, milestoneDTO(m))
}

func (s *Server) updateMilestone(c echo.Context) error {
	var in MilestoneInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.deps.Projects.UpdateMilestone(c.Request().Context(), actorOf(c), c.Param("id"), c.Param("mid"), in.domain())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, milestoneDTO(m))
}

// KPIInput is a KPI to create or edit.
type KPIInput struct {
	Name    *string `json:"name,omitempty"`
	Target  *string `json:"target,omitempty"`
	Actual  *string `json:"actual,omitempty"`
	Unit    *string `json:"unit,omitempty"`
	Version *int    `json:"version,omitempty"`
}

// KPIDTO is a key performance indicator.
type KPIDTO struct {
	ID        string    `json:"id"`
	ProjectID string    `json:"project_id"`
	Name      string    `json:"name"`
	Target    string    `json:"target"`
	Actual    string    `json:"actual"`
	Unit      string    `json:"unit"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func kpiDTO(k project.KPI) KPIDTO {
	return KPIDTO{ID: k.ID, ProjectID: k.ProjectID, Name: k.Name, Target: k.Target, Actual: k.Actual, Unit: k.Unit,
		Version: k.Version, CreatedAt: k.CreatedAt, UpdatedAt: k.UpdatedAt}
}

func (s *Server) listKPIs(c echo.Context) error {
	ks, err := s.deps.Projects.KPIs(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[KPIDTO]{Items: mapSlice(ks, kpiDTO)})
}

func (s *Server) addKPI(c echo.Context) error {
	var in KPIInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Version != nil {
		return badVersionOnCreate()
	}
	k, err := s.deps.Projects.AddKPI(c.Request().Context(), actorOf(c), c.Param("id"), project.KPIInput(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, kpiDTO(k))
}

func (s *Server) updateKPI(c echo.Context) error {
	var in KPIInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	k, err := s.deps.Projects.UpdateKPI(c.Request().Context(), actorOf(c), c.Param("id"), c.Param("kid"), project.KPIInput(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, kpiDTO(k))
}

func (s *Server) listMembers(c echo.Context) error {
	ms, err := s.deps.Projects.Members(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[ProjectMemberDTO]{Items: mapSlice(ms, func(m project.Member) ProjectMemberDTO {
		return ProjectMemberDTO{OrganizationID: m.OrganizationID, Role: string(m.Role)}
	})})
}

// MemberRequest adds an organization to a project.
type MemberRequest struct {
	OrganizationID string `json:"organization_id" validate:"required,max=64"`
	Role           string `json:"role" validate:"required" jsonschema:"enum=partner,enum=demand_side,enum=scenario_provider,enum=investor"`
}

func (s *Server) addMember(c echo.Context) error {
	var in MemberRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.deps.Projects.AddMember(c.Request().Context(), actorOf(c), c.Param("id"), in.OrganizationID, in.Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ProjectMemberDTO{OrganizationID: m.OrganizationID, Role: string(m.Role)})
}

// FundingInput is a funding line to add or change (integer yuan).
type FundingInput struct {
	Source      *string `json:"source,omitempty" jsonschema:"enum=municipal,enum=provincial,enum=national,enum=enterprise"`
	Amount      *int64  `json:"amount,omitempty"`
	Status      *string `json:"status,omitempty" jsonschema:"enum=planned,enum=committed,enum=disbursed"`
	Matching    *bool   `json:"matching,omitempty" jsonschema:"description=municipal 1:1 matching line"`
	MilestoneID *string `json:"milestone_id,omitempty" jsonschema:"description=a tranche tied to this milestone"`
	Version     *int    `json:"version,omitempty"`
}

func (s *Server) listFunding(c echo.Context) error {
	ls, err := s.deps.Projects.Funding(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[FundingLineDTO]{Items: mapSlice(ls, fundingLineDTO)})
}

func (s *Server) addFunding(c echo.Context) error {
	var in FundingInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Version != nil {
		return badVersionOnCreate()
	}
	l, err := s.deps.Projects.AddFunding(c.Request().Context(), actorOf(c), c.Param("id"), project.FundingInput(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, fundingLineDTO(l))
}

func (s *Server) updateFunding(c echo.Context) error {
	var in FundingInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	l, err := s.deps.Projects.UpdateFunding(c.Request().Context(), actorOf(c), c.Param("fid"), project.FundingInput(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, fundingLineDTO(l))
}

// ConvertRequest is 拨改投: the investor holding the new investment line.
type ConvertRequest struct {
	InvestorID string `json:"investor_id" validate:"required,max=64" jsonschema:"description=a verified financial organization"`
	Version    *int   `json:"version,omitempty" validate:"omitnil,gte=1"`
}

func (s *Server) convertFunding(c echo.Context) error {
	var in ConvertRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	l, err := s.deps.Projects.Convert(c.Request().Context(), actorOf(c), c.Param("fid"), in.InvestorID, in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, fundingLineDTO(l))
}

func (s *Server) untieFunding(c echo.Context) error {
	var in ReasonRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	l, err := s.deps.Projects.Untie(c.Request().Context(), actorOf(c), c.Param("fid"), in.Reason, in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, fundingLineDTO(l))
}

// ScenarioInput is a scenario to offer or edit.
type ScenarioInput struct {
	Title         *string `json:"title,omitempty"`
	Description   *string `json:"description,omitempty"`
	FieldID       *string `json:"field_id,omitempty"`
	Capacity      *string `json:"capacity,omitempty"`
	AvailableFrom *string `json:"available_from,omitempty" jsonschema:"format=date"`
	AvailableTo   *string `json:"available_to,omitempty" jsonschema:"format=date"`
	Version       *int    `json:"version,omitempty"`
}

// ScenarioDTO is an application scenario (重大应用场景).
type ScenarioDTO struct {
	ID            string    `json:"id"`
	ProviderID    string    `json:"provider_id"`
	Title         string    `json:"title"`
	Description   string    `json:"description"`
	FieldID       string    `json:"field_id,omitempty"`
	Capacity      string    `json:"capacity"`
	AvailableFrom string    `json:"available_from"`
	AvailableTo   string    `json:"available_to"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func scenarioDTO(x scenario.Scenario) ScenarioDTO {
	return ScenarioDTO{ID: x.ID, ProviderID: x.ProviderID, Title: x.Title, Description: x.Description, FieldID: x.FieldID,
		Capacity: x.Capacity, AvailableFrom: x.AvailableFrom, AvailableTo: x.AvailableTo, Version: x.Version,
		CreatedAt: x.CreatedAt, UpdatedAt: x.UpdatedAt}
}

func (s *Server) listScenarios(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := s.deps.Scenarios.List(c.Request().Context(), actorOf(c), scenario.Filter{FieldID: c.QueryParam("field"), Query: c.QueryParam("q")}, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[ScenarioDTO]{Items: mapSlice(l.Items, scenarioDTO), NextCursor: cursorOf(l.Next)})
}

func (s *Server) getScenario(c echo.Context) error {
	x, err := s.deps.Scenarios.Get(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, scenarioDTO(x))
}

func (s *Server) createScenario(c echo.Context) error {
	var in ScenarioInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Version != nil {
		return badVersionOnCreate()
	}
	x, err := s.deps.Scenarios.Create(c.Request().Context(), actorOf(c), scenario.Input(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, scenarioDTO(x))
}

func (s *Server) updateScenario(c echo.Context) error {
	var in ScenarioInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	x, err := s.deps.Scenarios.Update(c.Request().Context(), actorOf(c), c.Param("id"), scenario.Input(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, scenarioDTO(x))
}

// ApplicationRequest applies a project to a scenario.
type ApplicationRequest struct {
	ProjectID string `json:"project_id" validate:"required,max=64"`
	Plan      string `json:"plan" validate:"required,max=10000"`
}

// ApplicationDTO is a project's application to a scenario.
type ApplicationDTO struct {
	ID         string     `json:"id"`
	ScenarioID string     `json:"scenario_id"`
	ProjectID  string     `json:"project_id"`
	Plan       string     `json:"plan"`
	Status     string     `json:"status" jsonschema:"enum=pending,enum=accepted,enum=declined"`
	Result     string     `json:"result,omitempty" jsonschema:"enum=passed,enum=failed"`
	Report     string     `json:"report,omitempty"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	ReportedAt *time.Time `json:"reported_at,omitempty"`
	Version    int        `json:"version"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

func applicationDTO(a scenario.Application) ApplicationDTO {
	return ApplicationDTO{ID: a.ID, ScenarioID: a.ScenarioID, ProjectID: a.ProjectID, Plan: a.Plan, Status: string(a.Status),
		Result: string(a.Result), Report: a.Report, DecidedAt: a.DecidedAt, ReportedAt: a.ReportedAt, Version: a.Version,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

func (s *Server) applyToScenario(c echo.Context) error {
	var in ApplicationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.deps.Scenarios.Apply(c.Request().Context(), actorOf(c), c.Param("id"), in.ProjectID, in.Plan)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, applicationDTO(a))
}

func (s *Server) decideApplication(accept bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in VersionRequest
		if err := decodeOptionalJSON(c, &in); err != nil {
			return err
		}
		a, err := s.deps.Scenarios.Decide(c.Request().Context(), actorOf(c), c.Param("id"), accept)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, applicationDTO(a))
	}
}

// ResultRequest records a trial's result.
type ResultRequest struct {
	Result string `json:"result" validate:"required" jsonschema:"enum=passed,enum=failed"`
	Report string `json:"report" validate:"required,max=20000"`
}

func (s *Server) recordResult(c echo.Context) error {
	var in ResultRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.deps.Scenarios.RecordResult(c.Request().Context(), actorOf(c), c.Param("id"), in.Result, in.Report)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, applicationDTO(a))
}

func (s *Server) projectApplications(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.deps.Projects.Get(ctx, actorOf(c), c.Param("id")); err != nil {
		return err
	}
	as, err := s.deps.Scenarios.ApplicationsOfProject(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[ApplicationDTO]{Items: mapSlice(as, applicationDTO)})
}
