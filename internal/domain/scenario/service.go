package scenario

import (
	"context"
	"fmt"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// Service is the scenario use cases.
type Service struct {
	repo     Repository
	projects Projects
	orgs     org.Lookup
	ref      reference.Lookup
	notify   *notify.Service
	audit    *audit.Service
	tx       domain.Transactor
	clock    domain.Clock
}

// Deps are the service's collaborators.
type Deps struct {
	Repo      Repository
	Projects  Projects
	Orgs      org.Lookup
	Reference reference.Lookup
	Notify    *notify.Service
	Audit     *audit.Service
	Tx        domain.Transactor
	Clock     domain.Clock
}

func NewService(d Deps) *Service {
	return &Service{repo: d.Repo, projects: d.Projects, orgs: d.Orgs, ref: d.Reference, notify: d.Notify, audit: d.Audit, tx: d.Tx, clock: d.Clock}
}

// Create: any verified organization offers a scenario and is its provider.
func (s *Service) Create(ctx context.Context, a domain.Actor, in Input) (Scenario, error) {
	if a.IsAnonymous() {
		return Scenario{}, domain.Unauthenticated(domain.Msg("sign in to offer a scenario", "请登录后发布应用场景"))
	}
	o, err := s.orgs.Get(ctx, a.OrgID)
	if err != nil {
		return Scenario{}, err
	}
	if o.Status != org.StatusVerified {
		return Scenario{}, domain.Forbidden(domain.Msg("your organization is not verified yet", "贵单位尚未通过认证"))
	}
	var missing domain.Problems
	missing.Required(map[string]bool{"title": in.Title != nil, "description": in.Description != nil,
		"available_from": in.AvailableFrom != nil, "available_to": in.AvailableTo != nil})
	if err := missing.Err(); err != nil {
		return Scenario{}, err
	}
	now := s.clock.Now()
	sc := Scenario{ID: domain.NewID(), ProviderID: a.OrgID, Version: 1, CreatedAt: now, UpdatedAt: now}
	fieldExists, err := reference.FieldKnown(ctx, s.ref, in.FieldID)
	if err != nil {
		return Scenario{}, err
	}
	if err := in.apply(&sc, fieldExists); err != nil {
		return Scenario{}, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.repo.Create(ctx, sc); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "scenario.create", Entity: "scenario", EntityID: sc.ID,
			Changes: map[string]any{"title": sc.Title, "field_id": sc.FieldID}})
	})
	return sc, err
}

// Update: the provider edits its scenario.
func (s *Service) Update(ctx context.Context, a domain.Actor, id string, in Input) (Scenario, error) {
	var sc Scenario
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if sc, err = s.Get(ctx, a, id); err != nil {
			return err
		}
		if sc.ProviderID != a.OrgID {
			return domain.Forbidden(domain.Msg("only the provider edits a scenario", "只有场景提供方可以编辑应用场景"))
		}
		if err := domain.CheckVersion("scenario", sc.ID, sc.Version, in.Version); err != nil {
			return err
		}
		fieldExists, err := reference.FieldKnown(ctx, s.ref, in.FieldID)
		if err != nil {
			return err
		}
		old := sc.Version
		if err := in.apply(&sc, fieldExists); err != nil {
			return err
		}
		sc.Version, sc.UpdatedAt = sc.Version+1, s.clock.Now()
		if err := s.repo.Update(ctx, sc, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "scenario.update", Entity: "scenario", EntityID: sc.ID})
	})
	return sc, err
}

// Get and List: every signed-in user sees the offered scenarios.
func (s *Service) Get(ctx context.Context, a domain.Actor, id string) (Scenario, error) {
	sc, err := s.repo.Get(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Scenario{}, domain.NotFound(domain.Msg("scenario %s not found", "未找到应用场景 %s"), id)
	}
	return sc, err
}

func (s *Service) List(ctx context.Context, a domain.Actor, f Filter, p domain.Page) (domain.List[Scenario], error) {
	return domain.Paginate(p, func(x Scenario) string { return x.ID }, func(p domain.Page) ([]Scenario, error) {
		return s.repo.List(ctx, f, p)
	})
}

// Apply: the lead organization of a project in research or validation applies.
func (s *Service) Apply(ctx context.Context, a domain.Actor, scenarioID, projectID, plan string) (Application, error) {
	var app Application
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		sc, err := s.Get(ctx, a, scenarioID)
		if err != nil {
			return err
		}
		p, err := s.leadProject(ctx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage != project.StageResearch && p.Stage != project.StageValidation {
			return domain.Conflict(domain.Msg("a project applies to a scenario while in research or validation; it is %s", "项目在科技攻关或场景验证阶段才能申请应用场景；当前为「%s」"), p.Stage)
		}
		var pr domain.Problems
		if pr.TextLen("plan", &plan, 1, 10000); len(pr) > 0 {
			return domain.Invalid(domain.Msg("describe the trial plan", "请填写试验方案"), pr...)
		}
		plan = strings.TrimSpace(plan)
		now := s.clock.Now()
		app = Application{ID: domain.NewID(), ScenarioID: sc.ID, ProjectID: p.ID, Plan: plan, Status: Pending, Version: 1,
			CreatedAt: now, UpdatedAt: now}
		if err := s.repo.CreateApplication(ctx, app); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("this project has already applied to this scenario", "本项目已申请过此应用场景"))
			}
			return err
		}
		if err := s.notify.ToOrgs(ctx, []string{sc.ProviderID}, notify.Message{Kind: "scenario.application", Entity: "scenario",
			EntityID: sc.ID, Text: fmt.Sprintf("项目「%s」申请在应用场景「%s」开展验证。", p.Title, sc.Title),
			Data: map[string]any{"application_id": app.ID, "project_id": p.ID}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "scenario.apply", Entity: "scenario_application", EntityID: app.ID,
			Changes: map[string]any{"scenario_id": sc.ID, "project_id": p.ID}})
	})
	return app, err
}

// leadProject loads a project the caller's organization leads; a project the
// caller cannot see is "not found", one it sees but does not lead is forbidden.
func (s *Service) leadProject(ctx context.Context, a domain.Actor, id string) (project.Project, error) {
	p, err := s.projects.Get(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return project.Project{}, domain.NotFound(domain.Msg("project %s not found", "未找到项目 %s"), id)
	} else if err != nil {
		return project.Project{}, err
	}
	if p.LeadOrgID == a.OrgID && a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
		return p, nil
	}
	member, err := s.projects.IsMember(ctx, id, a.OrgID)
	if err != nil {
		return project.Project{}, err
	}
	if member || a.IsStaff() {
		return project.Project{}, domain.Forbidden(domain.Msg("only the project's lead organization does this", "只有项目牵头单位可以执行此操作"))
	}
	return project.Project{}, domain.NotFound(domain.Msg("project %s not found", "未找到项目 %s"), id)
}

func (s *Service) loadApplication(ctx context.Context, id string) (Application, Scenario, error) {
	app, err := s.repo.GetApplication(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Application{}, Scenario{}, domain.NotFound(domain.Msg("application %s not found", "未找到场景申请 %s"), id)
	} else if err != nil {
		return Application{}, Scenario{}, err
	}
	sc, err := s.repo.Get(ctx, app.ScenarioID)
	return app, sc, err
}

// Decide: the provider accepts or declines; on acceptance the provider joins
// the project as its scenario provider.
func (s *Service) Decide(ctx context.Context, a domain.Actor, id string, accept bool) (Application, error) {
	var app Application
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			sc  Scenario
			err error
		)
		if app, sc, err = s.loadApplication(ctx, id); err != nil {
			return err
		}
		if sc.ProviderID != a.OrgID {
			lead, err := s.projects.Get(ctx, app.ProjectID)
			if err != nil && domain.KindOf(err) != domain.KindNotFound {
				return err
			}
			if err == nil && lead.LeadOrgID == a.OrgID {
				return domain.Forbidden(domain.Msg("the scenario's provider decides, not the applicant", "由场景提供方决定，而非申请方"))
			}
			return domain.NotFound(domain.Msg("application %s not found", "未找到场景申请 %s"), id)
		}
		act := map[bool]Action{true: ActAccept, false: ActDecline}[accept]
		to, err := Machine.Next(act, app.Status)
		if err != nil {
			return domain.Conflict(domain.Msg("this application was already %s", "此申请已是「%s」"), app.Status)
		}
		now := s.clock.Now()
		old := app.Version
		app.Status, app.DecidedAt, app.Version, app.UpdatedAt = to, &now, app.Version+1, now
		if err := s.repo.UpdateApplication(ctx, app, old); err != nil {
			return err
		}
		p, err := s.projects.Get(ctx, app.ProjectID)
		if err != nil {
			return err
		}
		if accept {
			if member, err := s.projects.IsMember(ctx, p.ID, sc.ProviderID); err != nil {
				return err
			} else if !member {
				if err := s.projects.AddMember(ctx, p.ID, project.Member{OrganizationID: sc.ProviderID,
					Role: project.RoleScenarioProvider, CreatedAt: now}); err != nil {
					return err
				}
			}
		}
		verb := map[bool]string{true: "已接受", false: "已婉拒"}[accept]
		if err := s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: "scenario." + string(app.Status), Entity: "project",
			EntityID: p.ID, Text: fmt.Sprintf("应用场景「%s」%s项目「%s」的验证申请。", sc.Title, verb, p.Title),
			Data: map[string]any{"application_id": app.ID, "scenario_id": sc.ID}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "scenario." + string(act),
			Entity: "scenario_application", EntityID: app.ID, Changes: map[string]any{"status": []Status{Pending, app.Status}}})
	})
	return app, err
}

// RecordResult: the lead organization records an accepted trial's result
// while the project is in validation.
func (s *Service) RecordResult(ctx context.Context, a domain.Actor, id, result, report string) (Application, error) {
	var app Application
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			sc  Scenario
			err error
		)
		if app, sc, err = s.loadApplication(ctx, id); err != nil {
			return err
		}
		p, err := s.leadProject(ctx, a, app.ProjectID)
		if err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				return domain.NotFound(domain.Msg("application %s not found", "未找到场景申请 %s"), id)
			}
			return err
		}
		var pr domain.Problems
		r := Result(result)
		if r != Passed && r != Failed {
			pr.Add("result", domain.CodeOneOf, "allowed", domain.EnumList(Results()))
		}
		pr.TextLen("report", &report, 1, 20000)
		report = strings.TrimSpace(report)
		if err := pr.Err(); err != nil {
			return err
		}
		if _, err := Machine.Next(ActRecordResult, app.Status); err != nil {
			return domain.Conflict(domain.Msg("only an accepted application has a trial; this one is %s", "只有已接纳的场景申请才有试验；此申请为「%s」"), app.Status)
		}
		switch {
		case p.Stage != project.StageValidation:
			return domain.Conflict(domain.Msg("trial results are recorded while the project is in validation; it is %s", "项目在场景验证阶段才能登记试验结果；当前为「%s」"), p.Stage)
		}
		now := s.clock.Now()
		old := app.Version
		app.Result, app.Report, app.ReportedAt, app.Version, app.UpdatedAt = r, report, &now, app.Version+1, now
		if err := s.repo.UpdateApplication(ctx, app, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "scenario.result", Entity: "scenario_application", EntityID: app.ID,
			Changes: map[string]any{"result": r, "scenario_id": sc.ID, "project_id": p.ID}})
	})
	return app, err
}

// Applications pages the applications to a scenario, for its provider (who
// decides them) and program managers.
func (s *Service) Applications(ctx context.Context, a domain.Actor, scenarioID string, p domain.Page) (domain.List[Application], error) {
	sc, err := s.Get(ctx, a, scenarioID)
	if err != nil {
		return domain.List[Application]{}, err
	}
	if a.OrgID != sc.ProviderID && !a.Is(domain.RoleProgramManager) {
		return domain.List[Application]{}, domain.Forbidden(domain.Msg("only the provider and program managers see a scenario's applications", "只有场景提供方和项目主管可以查看场景的申请"))
	}
	return domain.Paginate(p, func(x Application) string { return x.ID }, func(p domain.Page) ([]Application, error) {
		return s.repo.ApplicationsOfScenario(ctx, scenarioID, p)
	})
}

// ApplicationsOfProject lists a project's applications for anyone who may read
// the project (the caller checks that).
func (s *Service) ApplicationsOfProject(ctx context.Context, projectID string) ([]Application, error) {
	return s.repo.ApplicationsOfProject(ctx, projectID)
}

// Facts answers the project gates' questions.
type Facts struct{ Repo Repository }

func (f Facts) HasAcceptedApplication(ctx context.Context, projectID string) (bool, error) {
	as, err := f.Repo.ApplicationsOfProject(ctx, projectID)
	for _, a := range as {
		if a.Status == Accepted {
			return true, err
		}
	}
	return false, err
}

func (f Facts) HasPassedTrial(ctx context.Context, projectID string) (bool, error) {
	as, err := f.Repo.ApplicationsOfProject(ctx, projectID)
	for _, a := range as {
		if a.Status == Accepted && a.Result == Passed && a.Report != "" {
			return true, err
		}
	}
	return false, err
}

// ApplicationDocuments answers for a scenario application's documents (the
// trial report): the scenario's provider, program managers, admins and the
// project's members read them; the project's lead organization adds to them
// until the trial's result is recorded.
func (s *Service) ApplicationDocuments(ctx context.Context, a domain.Actor, id string) (edit, err error) {
	app, sc, err := s.loadApplication(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.IsAnonymous() {
		return nil, domain.NotFound(domain.Msg("application %s not found", "未找到场景申请 %s"), id)
	}
	_, err = s.leadProject(ctx, a, app.ProjectID)
	switch {
	case err == nil:
		if app.Result != "" || app.Status == Declined {
			return domain.Conflict(domain.Msg("this application is closed: its documents stay for the record", "该场景申请已结束，其附件留档备查")), nil
		}
		return nil, nil
	case domain.KindOf(err) == domain.KindForbidden:
		return domain.Forbidden(domain.Msg("only the project's lead organization adds documents to its application", "只有项目牵头单位可以为场景申请上传附件")), nil
	case domain.KindOf(err) != domain.KindNotFound:
		return nil, err
	case sc.ProviderID == a.OrgID:
		return domain.Forbidden(domain.Msg("only the project's lead organization adds documents to its application", "只有项目牵头单位可以为场景申请上传附件")), nil
	}
	return nil, domain.NotFound(domain.Msg("application %s not found", "未找到场景申请 %s"), id)
}

// Provider names a scenario's provider organization (以赛代招: only the
// provider posts a competition for its scenario).
func (s *Service) Provider(ctx context.Context, scenarioID string) (string, error) {
	sc, err := s.repo.Get(ctx, scenarioID)
	if err != nil {
		return "", err
	}
	return sc.ProviderID, nil
}

// AcceptAwarded accepts the project of a scenario competition's winner on
// the scenario at once (以赛代招: winning the competition is the provider's
// acceptance), in the caller's transaction: an accepted application, the
// provider a member of the project (it is already its demand side).
func (s *Service) AcceptAwarded(ctx context.Context, a domain.Actor, scenarioID, projectID string) error {
	sc, err := s.repo.Get(ctx, scenarioID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	app := Application{ID: domain.NewID(), ScenarioID: sc.ID, ProjectID: projectID, Status: Accepted, DecidedAt: &now,
		Plan: "以赛代招：揭榜中榜项目直接进入本场景验证。", Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.repo.CreateApplication(ctx, app); err != nil {
		return err
	}
	if member, err := s.projects.IsMember(ctx, projectID, sc.ProviderID); err != nil {
		return err
	} else if !member {
		if err := s.projects.AddMember(ctx, projectID, project.Member{OrganizationID: sc.ProviderID,
			Role: project.RoleScenarioProvider, CreatedAt: now}); err != nil {
			return err
		}
	}
	return s.audit.Record(ctx, a, audit.Entry{Action: "scenario.accept_awarded", Entity: "scenario_application", EntityID: app.ID,
		Changes: map[string]any{"scenario_id": sc.ID, "project_id": projectID, "status": Accepted}})
}
