package project

import (
	"context"
	"fmt"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// Service is the project use cases.
type Service struct {
	repo      Repository
	orgs      org.Lookup
	ref       reference.Lookup
	consortia ConsortiumLookup
	scenarios ScenarioFacts
	notify    *notify.Service
	tx        domain.Transactor
	audit     *audit.Service
	clock     domain.Clock
	documents DocumentCheck
	awards    AwardRepository
}

// Deps are the service's collaborators.
type Deps struct {
	Repo      Repository
	Orgs      org.Lookup
	Reference reference.Lookup
	Consortia ConsortiumLookup
	Scenarios ScenarioFacts
	Notify    *notify.Service
	Tx        domain.Transactor
	Audit     *audit.Service
	Clock     domain.Clock
	// Documents answers whether a document is a project's (disbursement vouchers).
	Documents DocumentCheck
	// Awards keeps external awards and recommendations (省市联动).
	Awards AwardRepository
}

func NewService(d Deps) *Service {
	return &Service{repo: d.Repo, orgs: d.Orgs, ref: d.Reference, consortia: d.Consortia, scenarios: d.Scenarios, notify: d.Notify,
		tx: d.Tx, audit: d.Audit, clock: d.Clock, documents: d.Documents, awards: d.Awards}
}

// access is what the caller may do with one project.
type access struct {
	read  bool
	lead  bool // a user of the lead organization (enterprise or institute role)
	pm    bool
	admin bool
}

func notFound(id string) error {
	return domain.NotFound(domain.Msg("project %s not found", "未找到项目 %s"), id)
}

// load reads a project and decides the caller's access: members, program
// managers and admins read; others get 404 as if it did not exist.
func (s *Service) load(ctx context.Context, a domain.Actor, id string) (Project, access, error) {
	p, err := s.repo.Get(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Project{}, access{}, notFound(id)
	} else if err != nil {
		return Project{}, access{}, err
	}
	acc := access{pm: a.Is(domain.RoleProgramManager), admin: a.Is(domain.RoleAdmin)}
	acc.read = acc.pm || acc.admin
	if !a.IsAnonymous() && !acc.read {
		member, err := s.repo.IsMember(ctx, id, a.OrgID)
		if err != nil {
			return Project{}, access{}, err
		}
		acc.read = member
	}
	if !acc.read {
		return Project{}, access{}, notFound(id)
	}
	acc.lead = a.OrgID == p.LeadOrgID && a.Is(domain.RoleEnterprise, domain.RoleInstitute)
	return p, acc, nil
}

// loadWritable loads a project the caller may change the work plan of: its
// lead organization and program managers.
func (s *Service) loadWritable(ctx context.Context, a domain.Actor, id string) (Project, access, error) {
	p, acc, err := s.load(ctx, a, id)
	if err == nil {
		err = acc.canWrite()
	}
	return p, acc, err
}

// permitted are the actions of machine m from state from that a reader with
// access acc performs: the lead organization's (byLead) or, the others, a
// program manager's. They are what the reader may do now, as the services
// check it when it is done.
func permitted[A, S ~string](m domain.Machine[A, S], from S, acc access, byLead func(A) bool) []A {
	out := []A{}
	for _, act := range m.Actions() {
		if m.Allows(act, from) && (byLead(act) && acc.lead || !byLead(act) && acc.pm) {
			out = append(out, act)
		}
	}
	return out
}

func (acc access) canWrite() error {
	if acc.pm || acc.lead {
		return nil
	}
	return domain.Forbidden(domain.Msg("only the lead organization and program managers change a project's work plan", "只有牵头单位和项目主管可以修改项目工作计划"))
}

// Details is a project with its members and funding, and what the reader
// may do now: the stages it may move the project to (Moves, the way forward
// first) and the operations on it (Actions).
type Details struct {
	Project
	Members []Member
	Funding []FundingLine
	Moves   []Stage
	Actions []ProjectAction
}

// ProjectAction is an operation on a project (its moves are Details.Moves).
type ProjectAction string

const (
	ProjectPlan         ProjectAction = "plan"          // milestones, KPIs and documents: the lead and program managers while open
	ProjectFund         ProjectAction = "fund"          // funding lines and members: program managers while open
	ProjectSetReport    ProjectAction = "set_report"    // reporting duties: program managers while open
	ProjectAskChange    ProjectAction = "ask_change"    // a change request: the lead while under way
	ProjectRecordAward  ProjectAction = "record_award"  // a provincial or national award: program managers while under way
	ProjectRecordOutput ProjectAction = "record_output" // outputs: the lead and program managers once approved
)

// ProjectActions lists every operation a project may carry.
func ProjectActions() []ProjectAction {
	return []ProjectAction{ProjectPlan, ProjectFund, ProjectSetReport, ProjectAskChange, ProjectRecordAward, ProjectRecordOutput}
}

// stageOrder is the order moves are offered in: forward first, then back,
// then the ends.
var stageOrder = []StageAction{StageApprove, StageStartValidation, StageStartIndustrialization, StageAccept,
	StageBackToResearch, StageBackToValidation, StageReject, StageTerminate}

// whatMayBeDone is Details' Moves and Actions for a reader with access acc.
func whatMayBeDone(p Project, acc access) ([]Stage, []ProjectAction) {
	moves, ops := []Stage{}, []ProjectAction{}
	if acc.pm {
		for _, act := range stageOrder {
			if StageMachine.Allows(act, p.Stage) {
				moves = append(moves, StageMachine.Rows[act].To)
			}
		}
	}
	open := !ended(p)
	add := func(ok bool, a ProjectAction) {
		if ok {
			ops = append(ops, a)
		}
	}
	add(open && (acc.lead || acc.pm), ProjectPlan)
	add(open && acc.pm, ProjectFund)
	add(open && acc.pm, ProjectSetReport)
	add(underWay(p) && acc.lead, ProjectAskChange)
	add(underWay(p) && acc.pm, ProjectRecordAward)
	add((acc.lead || acc.pm) && p.Stage != StageProposal && p.Stage != StageRejected, ProjectRecordOutput)
	return moves, ops
}

// Get returns a project the caller may read, with members and funding lines.
func (s *Service) Get(ctx context.Context, a domain.Actor, id string) (Details, error) {
	p, acc, err := s.load(ctx, a, id)
	if err != nil {
		return Details{}, err
	}
	d := Details{Project: p}
	d.Moves, d.Actions = whatMayBeDone(p, acc)
	if d.Members, err = s.repo.Members(ctx, id); err != nil {
		return Details{}, err
	}
	d.Funding, err = s.repo.FundingLines(ctx, id)
	withLineActions(p, acc, d.Funding)
	return d, err
}

// List: program managers and admins see every project; others the projects
// their organization is a member of.
func (s *Service) List(ctx context.Context, a domain.Actor, f Filter, p domain.Page) (domain.List[Project], error) {
	if !a.IsStaff() {
		f.MemberOrg = a.OrgID
	}
	f.Query = strings.TrimSpace(f.Query)
	return domain.Paginate(p, func(x Project) string { return x.ID }, func(p domain.Page) ([]Project, error) {
		return s.repo.List(ctx, f, p)
	})
}

// Proposal is a project applied for directly (origin application).
type Proposal struct {
	Title    string
	Summary  string
	Category string
	FieldID  string
	Budget   int64
	TRL      int
	// ConsortiumID, if set, names the active consortium that carries the
	// project out; the caller's organization must be an active member of it.
	ConsortiumID string
}

// Propose: a verified enterprise or institute applies; its organization leads.
func (s *Service) Propose(ctx context.Context, a domain.Actor, in Proposal) (Project, error) {
	if !a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
		return Project{}, domain.Forbidden(domain.Msg("only enterprises and institutes propose projects", "只有企业和科研院所/高校可以申报项目"))
	}
	fieldExists, err := reference.FieldKnown(ctx, s.ref, &in.FieldID)
	if err != nil {
		return Project{}, err
	}
	var pr domain.Problems
	title, summary := strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
	pr.TextLen("title", &title, 4, 200)
	pr.TextLen("summary", &summary, 1, 20000)
	if !reference.IsCategory(in.Category) {
		pr.Add("category", domain.CodeUnknownCategory, "allowed", reference.CategoryList())
	}
	if !fieldExists(in.FieldID) {
		pr.Add("field_id", domain.CodeUnknownField)
	}
	pr.Money("budget", &in.Budget, false)
	if in.TRL < 1 || in.TRL > 9 {
		pr.Add("trl", codeTRL)
	}
	if err := pr.Err(); err != nil {
		return Project{}, err
	}
	o, err := s.orgs.Get(ctx, a.OrgID)
	if err != nil {
		return Project{}, err
	}
	if o.Status != org.StatusVerified {
		return Project{}, domain.Forbidden(domain.Msg("your organization is not verified yet: it cannot propose a project", "贵单位尚未通过认证，不能申报项目"))
	}
	origin := OriginApplication
	if in.ConsortiumID != "" {
		ok, err := s.consortia.IsActiveMember(ctx, in.ConsortiumID, a.OrgID)
		if err != nil {
			return Project{}, err
		}
		if !ok {
			return Project{}, domain.Invalid(domain.Msg("not a consortium of yours", "不是贵单位所在的创新联合体"), domain.Problem("consortium_id", codeNotYourConsortium))
		}
		origin = OriginConsortium
	}
	now := s.clock.Now()
	p := Project{ID: domain.NewID(), Title: title, Summary: summary, Category: in.Category, FieldID: in.FieldID,
		LeadOrgID: a.OrgID, ConsortiumID: in.ConsortiumID, Origin: origin, Stage: StageProposal, TRL: in.TRL, Budget: in.Budget,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	first := StageChange{ID: domain.NewID(), ProjectID: p.ID, To: StageProposal, ActorID: a.UserID, Reason: "proposed", OccurredAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.repo.Create(ctx, p, []Member{{OrganizationID: a.OrgID, Role: RoleLead, CreatedAt: now}}, nil, first); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "project.propose", Entity: "project", EntityID: p.ID,
			Changes: map[string]any{"title": p.Title, "category": p.Category, "field_id": p.FieldID, "budget": p.Budget, "trl": p.TRL}})
	})
	return p, err
}

// Patch edits a project: program managers at any time (TRL too); the lead
// organization while it is a proposal.
type Patch struct {
	Title, Summary, Category, FieldID *string
	Budget                            *int64
	TRL                               *int
	Version                           *int
}

func (s *Service) Update(ctx context.Context, a domain.Actor, id string, in Patch) (Project, error) {
	var p Project
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			acc access
			err error
		)
		if p, acc, err = s.load(ctx, a, id); err != nil {
			return err
		}
		switch {
		case acc.pm:
		case acc.lead && p.Stage == StageProposal:
			if in.TRL != nil {
				return domain.Forbidden(domain.Msg("only program managers change the technology readiness level of a project", "只有项目主管可以修改项目的技术成熟度"))
			}
		case acc.lead:
			return domain.Conflict(domain.Msg("the lead organization edits a project only while it is a proposal; it is %s", "牵头单位只能在申报阶段编辑项目；当前为「%s」"), p.Stage)
		default:
			return domain.Forbidden(domain.Msg("only program managers and the lead organization edit a project", "只有项目主管和牵头单位可以编辑项目"))
		}
		if err := domain.CheckVersion("project", p.ID, p.Version, in.Version); err != nil {
			return err
		}
		if in.Budget != nil && *in.Budget != p.Budget && p.Stage != StageProposal {
			return domain.Conflict(domain.Msg("the budget of a project under way changes by an approved change request", "项目实施中，预算须通过经批准的变更申请调整"))
		}
		fieldExists, err := reference.FieldKnown(ctx, s.ref, in.FieldID)
		if err != nil {
			return err
		}
		var pr domain.Problems
		pr.TextLen("title", in.Title, 4, 200)
		pr.TextLen("summary", in.Summary, 1, 20000)
		if in.Category != nil && !reference.IsCategory(*in.Category) {
			pr.Add("category", domain.CodeUnknownCategory, "allowed", reference.CategoryList())
		}
		if in.FieldID != nil && !fieldExists(*in.FieldID) {
			pr.Add("field_id", domain.CodeUnknownField)
		}
		pr.Money("budget", in.Budget, false)
		if in.TRL != nil && (*in.TRL < 1 || *in.TRL > 9) {
			pr.Add("trl", codeTRL)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		changes := map[string]any{}
		setS := func(name string, dst *string, src *string) {
			if src != nil {
				changes[name] = []string{*dst, strings.TrimSpace(*src)}
				*dst = strings.TrimSpace(*src)
			}
		}
		setS("title", &p.Title, in.Title)
		setS("summary", &p.Summary, in.Summary)
		setS("category", &p.Category, in.Category)
		setS("field_id", &p.FieldID, in.FieldID)
		if in.Budget != nil {
			changes["budget"] = []int64{p.Budget, *in.Budget}
			p.Budget = *in.Budget
		}
		if in.TRL != nil {
			changes["trl"] = []int{p.TRL, *in.TRL}
			p.TRL = *in.TRL
		}
		old := p.Version
		p.Version, p.UpdatedAt = p.Version+1, s.clock.Now()
		if err := s.repo.Update(ctx, p, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "project.update", Entity: "project", EntityID: p.ID, Changes: changes})
	})
	return p, err
}

// MoveInput is a stage move: the caller names the stage it believes the
// project is in and the version it saw.
type MoveInput struct {
	To       string
	From     string
	Version  int
	Reason   string
	Evidence string
	// DocumentIDs cite the project's documents as evidence (an acceptance
	// note uploaded as a file meets the completion gate).
	DocumentIDs []string
}

// Transition moves a project through its stage gates (program managers only).
// A stale from or version is a conflict and changes nothing; a gate that is
// not met is a 422 listing every unmet condition.
func (s *Service) Transition(ctx context.Context, a domain.Actor, id string, in MoveInput) (Project, error) {
	var pr domain.Problems
	to, okTo := ParseStage(in.To)
	from, okFrom := ParseStage(in.From)
	if !okTo {
		pr.Add("to", domain.CodeOneOf, "allowed", domain.EnumList(Stages()))
	}
	if !okFrom {
		pr.Add("from", codeMoveFrom)
	}
	if in.Version < 1 {
		pr.Add("version", codeMoveVersion)
	}
	pr.TextLen("reason", &in.Reason, 0, domain.MaxReason)
	pr.TextLen("evidence", &in.Evidence, 0, 5000)
	if len(in.DocumentIDs) > 20 {
		pr.Add("document_ids", domain.CodeTooMany, "max", 20)
	}
	if err := pr.Err(); err != nil {
		return Project{}, err
	}
	var p Project
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			acc access
			err error
		)
		if p, acc, err = s.load(ctx, a, id); err != nil {
			return err
		}
		if !acc.pm {
			return domain.Forbidden(domain.Msg("only program managers move projects between stages", "只有项目主管可以变更项目阶段"))
		}
		if p.Stage != from || p.Version != in.Version {
			return domain.Conflict(domain.Msg("project %s is in %s at version %d, not %s at version %d: reload and try again", "项目已变更（当前为「%[2]s」，版本 %[3]d；您看到的是「%[4]s」，版本 %[5]d），请刷新后重试"),
				p.ID, p.Stage, p.Version, from, in.Version)
		}
		kind, err := Move(from, to)
		if err != nil {
			return err
		}
		reason, evidence := strings.TrimSpace(in.Reason), strings.TrimSpace(in.Evidence)
		if kind.NeedsReason() {
			if reason, err = domain.Reason(&reason); err != nil {
				return err
			}
		}
		for i, d := range in.DocumentIDs {
			if ok, err := s.isProjectDocument(ctx, d, p.ID); err != nil {
				return err
			} else if !ok {
				pr.Add(fmt.Sprintf("document_ids[%d]", i), codeVoucher)
			}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		note := evidence
		if note == "" && len(in.DocumentIDs) > 0 {
			note = "document"
		}
		conds, err := s.gate(ctx, p, to, note)
		if err != nil {
			return err
		}
		if err := Unmet(from, to, conds); err != nil {
			return err
		}
		code := ""
		if kind == MoveApprove && p.Code == "" {
			seq, err := s.repo.NextCode(ctx, s.clock.Now().Year())
			if err != nil {
				return err
			}
			code = FormatCode(s.clock.Now().Year(), seq)
		}
		now := s.clock.Now()
		if err := s.repo.MoveStage(ctx, p.ID, from, p.Version, to, code, now); err != nil {
			return err
		}
		if err := s.repo.AddHistory(ctx, StageChange{ID: domain.NewID(), ProjectID: p.ID, From: from, To: to,
			ActorID: a.UserID, Reason: reason, Evidence: evidence, DocumentIDs: in.DocumentIDs, OccurredAt: now}); err != nil {
			return err
		}
		if p, err = s.repo.Get(ctx, p.ID); err != nil {
			return err
		}
		changes := map[string]any{"stage": []Stage{from, to}, "reason": reason, "evidence": evidence, "document_ids": in.DocumentIDs}
		if code != "" {
			changes["code"] = code
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "project.transition", Entity: "project", EntityID: p.ID, Changes: changes}); err != nil {
			return err
		}
		return s.toMembers(ctx, p, "project.stage_changed", fmt.Sprintf("项目「%s」已由 %s 阶段进入 %s 阶段。", p.Title, stageName(from), stageName(to)),
			map[string]any{"from": from, "to": to, "reason": reason})
	})
	return p, err
}

func stageName(s Stage) string {
	return map[Stage]string{StageProposal: "申报", StageResearch: "科技攻关", StageValidation: "场景验证",
		StageIndustrialization: "产业化应用", StageCompleted: "验收完成", StageRejected: "未立项", StageTerminated: "终止"}[s]
}

func (s *Service) toMembers(ctx context.Context, p Project, kind, text string, data map[string]any) error {
	ms, err := s.repo.Members(ctx, p.ID)
	if err != nil {
		return err
	}
	var orgs []string
	for _, m := range ms {
		orgs = append(orgs, m.OrganizationID)
	}
	data["title"] = p.Title
	return s.notify.ToOrgs(ctx, orgs, notify.Message{Kind: kind, Entity: "project", EntityID: p.ID, Text: text, Data: data})
}

// gate gathers the facts and evaluates the gate of the move.
func (s *Service) gate(ctx context.Context, p Project, to Stage, evidence string) ([]Condition, error) {
	f := GateFacts{TRL: p.TRL, AcceptanceNote: evidence}
	var err error
	switch {
	case p.Stage == StageResearch && to == StageValidation:
		if f.Milestones, err = s.repo.Milestones(ctx, p.ID); err != nil {
			return nil, err
		}
		if f.HasAcceptedScenario, err = s.scenarios.HasAcceptedApplication(ctx, p.ID); err != nil {
			return nil, err
		}
	case p.Stage == StageValidation && to == StageIndustrialization:
		if f.HasPassedTrial, err = s.scenarios.HasPassedTrial(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	return Gate(p.Stage, to, f), nil
}

// GateReport is the checklist of the next forward gate of a project.
type GateReport struct {
	From       Stage
	To         Stage
	Conditions []Condition
}

// NextGate reports what the project needs for its next forward move, for the
// project page's checklist. A project with no forward move has none.
func (s *Service) NextGate(ctx context.Context, a domain.Actor, id string) (GateReport, error) {
	p, _, err := s.load(ctx, a, id)
	if err != nil {
		return GateReport{}, err
	}
	next := map[Stage]Stage{StageProposal: StageResearch, StageResearch: StageValidation,
		StageValidation: StageIndustrialization, StageIndustrialization: StageCompleted}[p.Stage]
	if next == "" {
		return GateReport{From: p.Stage}, nil
	}
	conds, err := s.gate(ctx, p, next, "")
	if err != nil {
		return GateReport{}, err
	}
	if next == StageCompleted {
		for i := range conds {
			if conds[i].Key == "acceptance_note" {
				conds[i].Code = codeGateAcceptanceNoteToGive
			}
		}
	}
	return GateReport{From: p.Stage, To: next, Conditions: conds}, nil
}

// History lists every stage move, oldest first.
func (s *Service) History(ctx context.Context, a domain.Actor, id string) ([]StageChange, error) {
	if _, _, err := s.load(ctx, a, id); err != nil {
		return nil, err
	}
	return s.repo.History(ctx, id)
}

// ProjectDocuments answers for a project's documents (gate evidence,
// acceptance notes …): its readers read them; the lead organization and
// program managers add to them until the project ends.
func (s *Service) ProjectDocuments(ctx context.Context, a domain.Actor, id string) (edit, err error) {
	p, acc, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := acc.canWrite(); err != nil {
		return err, nil
	}
	if ended(p) {
		return domain.Conflict(domain.Msg("the project is %s", "项目当前为「%s」"), p.Stage), nil
	}
	return nil, nil
}
