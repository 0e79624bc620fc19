package project

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// ChangeRequestStore keeps change requests.
type ChangeRequestStore interface {
	// PendingChange is the id of the project's pending change request, or "".
	PendingChange(ctx context.Context, projectID string) (string, error)
	// CreateChange fails with a conflict if the project has a pending request.
	CreateChange(ctx context.Context, c ChangeRequest) error
	GetChange(ctx context.Context, id string) (ChangeRequest, error)
	Changes(ctx context.Context, projectID string) ([]ChangeRequest, error)
	UpdateChange(ctx context.Context, c ChangeRequest, version int) error
}

// ChangeStatus is a change request's status (变更申请).
type ChangeStatus string

const (
	ChangePending   ChangeStatus = "pending"
	ChangeApproved  ChangeStatus = "approved"
	ChangeRejected  ChangeStatus = "rejected"
	ChangeWithdrawn ChangeStatus = "withdrawn"
)

// ChangeStatuses lists every status.
func ChangeStatuses() []ChangeStatus {
	return []ChangeStatus{ChangePending, ChangeApproved, ChangeRejected, ChangeWithdrawn}
}

// ChangeAction decides a change request.
type ChangeAction string

const (
	ChangeApprove  ChangeAction = "approve"  // a program manager; applies every change at once
	ChangeReject   ChangeAction = "reject"   // a program manager, with a reason
	ChangeWithdraw ChangeAction = "withdraw" // the lead organization
)

// ChangeMachine: pending → approved, rejected or withdrawn; each is final.
var ChangeMachine = domain.Machine[ChangeAction, ChangeStatus]{Entity: domain.Text{En: "change request", Zh: "变更申请"},
	Rows: map[ChangeAction]domain.Transition[ChangeStatus]{
		ChangeApprove:  {From: []ChangeStatus{ChangePending}, To: ChangeApproved},
		ChangeReject:   {From: []ChangeStatus{ChangePending}, To: ChangeRejected},
		ChangeWithdraw: {From: []ChangeStatus{ChangePending}, To: ChangeWithdrawn},
	}}

// MilestoneDate moves a milestone's due date.
type MilestoneDate struct {
	ID      string `json:"id"`
	DueDate string `json:"due_date"`
}

// MemberAdd adds a member organization with a role.
type MemberAdd struct {
	OrganizationID string     `json:"organization_id"`
	Role           MemberRole `json:"role"`
}

// KPITarget changes a KPI's target.
type KPITarget struct {
	ID     string  `json:"id"`
	Target float64 `json:"target"`
}

// Changes are what a change request asks for (变更内容); empty parts stay.
type Changes struct {
	Budget        *int64          `json:"budget,omitempty"`
	Milestones    []MilestoneDate `json:"milestones,omitempty"`
	AddMembers    []MemberAdd     `json:"add_members,omitempty"`
	RemoveMembers []string        `json:"remove_members,omitempty"`
	KPIs          []KPITarget     `json:"kpis,omitempty"`
}

func (c Changes) empty() bool {
	return c.Budget == nil && len(c.Milestones) == 0 && len(c.AddMembers) == 0 && len(c.RemoveMembers) == 0 && len(c.KPIs) == 0
}

// maxChanges bounds each list of a request.
const maxChanges = 50

// ChangeRequest is the lead organization's request to change a project under
// way: its budget, milestone due dates, members or KPI targets.
type ChangeRequest struct {
	ID             string
	ProjectID      string
	Status         ChangeStatus
	Reason         string
	Changes        Changes
	ProjectVersion int // the project's version the request was made against
	DecisionReason string
	RequestedBy    string
	DecidedBy      string
	DecidedAt      *time.Time
	// Actions are what the reader may do to it now (the services set them).
	Actions   []ChangeAction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// changeActions: the lead withdraws its pending request, a program manager
// approves or rejects it.
func changeActions(cr ChangeRequest, acc access) []ChangeAction {
	return permitted(ChangeMachine, cr.Status, acc, func(a ChangeAction) bool { return a == ChangeWithdraw })
}

// ChangeInput is a new change request.
type ChangeInput struct {
	Reason  *string
	Changes *Changes
	Version *int // the project's
}

func underWay(p Project) bool { return workStage(p.Stage) }

// checkChanges validates a request against the project as it is now; every
// problem is one field error, named by its place in the request.
func (s *Service) checkChanges(ctx context.Context, p Project, c Changes) error {
	var pr domain.Problems
	if c.empty() {
		pr.Add("changes", codeNoChanges)
	}
	for name, n := range map[string]int{"changes.milestones": len(c.Milestones), "changes.add_members": len(c.AddMembers),
		"changes.remove_members": len(c.RemoveMembers), "changes.kpis": len(c.KPIs)} {
		if n > maxChanges {
			pr.Add(name, domain.CodeTooMany, "max", maxChanges)
		}
	}
	if err := pr.Err(); err != nil {
		return err
	}
	if c.Budget != nil {
		pr.Money("changes.budget", c.Budget, false)
		if lines, err := s.repo.FundingLines(ctx, p.ID); err != nil {
			return err
		} else if used := committedTotal(live(lines)); *c.Budget < used {
			pr.Add("changes.budget", codeBudgetBelowFunding, "funding", used)
		}
	}
	seen := map[string]bool{}
	for i, m := range c.Milestones {
		f := fmt.Sprintf("changes.milestones[%d]", i)
		ms, err := s.repo.GetMilestone(ctx, m.ID)
		switch {
		case domain.KindOf(err) == domain.KindNotFound || (err == nil && ms.ProjectID != p.ID) || seen[m.ID]:
			pr.Add(f+".id", codeNotThisMilestone)
		case err != nil:
			return err
		case ms.Status == MilestoneAccepted:
			pr.Add(f+".id", codeMilestoneClosed, "title", ms.Title)
		}
		seen[m.ID] = true
		pr.PlanDate(f+".due_date", &c.Milestones[i].DueDate)
	}
	members, err := s.repo.Members(ctx, p.ID)
	if err != nil {
		return err
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.OrganizationID] = true
	}
	for i, m := range c.AddMembers {
		f := fmt.Sprintf("changes.add_members[%d]", i)
		if r, ok := parseMemberRole(string(m.Role)); !ok || r == RoleLead {
			pr.Add(f+".role", domain.CodeOneOf, "allowed", domain.EnumList(AddableRoles()))
		}
		o, err := s.orgs.Get(ctx, m.OrganizationID)
		switch {
		case domain.KindOf(err) == domain.KindNotFound:
			pr.Add(f+".organization_id", domain.CodeUnknownOrg)
		case err != nil:
			return err
		case o.Status != org.StatusVerified:
			pr.Add(f+".organization_id", domain.CodeUnverifiedOrg, "name", o.Name)
		case isMember[o.ID] || seen[o.ID]:
			pr.Add(f+".organization_id", codeAlreadyMember, "name", o.Name)
		}
		seen[m.OrganizationID] = true
	}
	for i, id := range c.RemoveMembers {
		f := fmt.Sprintf("changes.remove_members[%d]", i)
		switch {
		case id == p.LeadOrgID:
			pr.Add(f, codeRemoveLead)
		case !isMember[id] || seen["-"+id]:
			pr.Add(f, codeNotMember)
		}
		seen["-"+id] = true
	}
	for i, k := range c.KPIs {
		f := fmt.Sprintf("changes.kpis[%d]", i)
		got, err := s.repo.GetKPI(ctx, k.ID)
		switch {
		case domain.KindOf(err) == domain.KindNotFound || (err == nil && got.ProjectID != p.ID) || seen[k.ID]:
			pr.Add(f+".id", codeNotThisKPI)
		case err != nil:
			return err
		}
		seen[k.ID] = true
		t := k.Target
		checkValue(&pr, f+".target", &t)
	}
	return pr.Err()
}

// RequestChange: the lead organization asks to change a project under way,
// naming the project's version it saw. One request waits at a time.
func (s *Service) RequestChange(ctx context.Context, a domain.Actor, projectID string, in ChangeInput) (ChangeRequest, error) {
	var cr ChangeRequest
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.load(ctx, a, projectID)
		if err != nil {
			return err
		}
		defer func() { cr.Actions = changeActions(cr, acc) }()
		if !acc.lead {
			return domain.Forbidden(domain.Msg("only the lead organization asks to change its project", "只有牵头单位可以提出项目变更申请"))
		}
		if !underWay(p) {
			return domain.Conflict(domain.Msg("changes are asked for while a project is under way; it is %s", "项目实施中才能提出变更申请；当前为「%s」"), p.Stage)
		}
		if in.Version == nil {
			return domain.Invalid(domain.Msg("name the project's version you saw", "请填写您所看到的项目版本号"), domain.Problem("version", domain.CodeRequired))
		}
		if err := domain.CheckVersion("project", p.ID, p.Version, in.Version); err != nil {
			return err
		}
		reason, err := domain.Reason(in.Reason)
		if err != nil {
			return err
		}
		var ch Changes
		if in.Changes != nil {
			ch = *in.Changes
		}
		if err := s.checkChanges(ctx, p, ch); err != nil {
			return err
		}
		if pending, err := s.repo.PendingChange(ctx, p.ID); err != nil {
			return err
		} else if pending != "" {
			return domain.Conflict(domain.Msg("a change request of this project is still waiting for a decision: withdraw it or wait", "本项目已有一项变更申请待审批：请先撤回或等待审批"))
		}
		now := s.clock.Now()
		cr = ChangeRequest{ID: domain.NewID(), ProjectID: p.ID, Status: ChangePending, Reason: reason, Changes: ch,
			ProjectVersion: p.Version, RequestedBy: a.UserID, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.repo.CreateChange(ctx, cr); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("a change request of this project is still waiting for a decision: withdraw it or wait", "本项目已有一项变更申请待审批：请先撤回或等待审批"))
			}
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "change_request.create", Entity: "change_request", EntityID: cr.ID,
			Changes: map[string]any{"project_id": p.ID, "reason": reason, "changes": ch, "project_version": p.Version}})
	})
	return cr, err
}

// loadChange reads a change request whose project the caller may read.
func (s *Service) loadChange(ctx context.Context, a domain.Actor, id string) (ChangeRequest, Project, access, error) {
	cr, err := s.repo.GetChange(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return ChangeRequest{}, Project{}, access{}, domain.NotFound(domain.Msg("change request %s not found", "未找到变更申请 %s"), id)
	} else if err != nil {
		return ChangeRequest{}, Project{}, access{}, err
	}
	p, acc, err := s.load(ctx, a, cr.ProjectID)
	if domain.KindOf(err) == domain.KindNotFound {
		return ChangeRequest{}, Project{}, access{}, domain.NotFound(domain.Msg("change request %s not found", "未找到变更申请 %s"), id)
	}
	return cr, p, acc, err
}

// Change is one change request, for whoever may read its project.
func (s *Service) Change(ctx context.Context, a domain.Actor, id string) (ChangeRequest, error) {
	cr, _, acc, err := s.loadChange(ctx, a, id)
	cr.Actions = changeActions(cr, acc)
	return cr, err
}

// Changes is a project's change requests, newest first: its history of changes.
func (s *Service) Changes(ctx context.Context, a domain.Actor, projectID string) ([]ChangeRequest, error) {
	_, acc, err := s.load(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	crs, err := s.repo.Changes(ctx, projectID)
	for i := range crs {
		crs[i].Actions = changeActions(crs[i], acc)
	}
	return crs, err
}

// ChangeDocuments answers for a change request's documents (its
// justification): its project's readers read them; the lead organization
// adds to them while the request waits.
func (s *Service) ChangeDocuments(ctx context.Context, a domain.Actor, id string) (edit, err error) {
	cr, _, acc, err := s.loadChange(ctx, a, id)
	if err != nil {
		return nil, err
	}
	switch {
	case !acc.lead:
		return domain.Forbidden(domain.Msg("only the lead organization adds documents to its change request", "只有牵头单位可以为变更申请上传附件")), nil
	case cr.Status != ChangePending:
		return domain.Conflict(domain.Msg("the change request is %s: its documents stay for the record", "变更申请已「%s」，其附件留档备查"), cr.Status), nil
	}
	return nil, nil
}

// DecideChange approves, rejects or withdraws a change request. Approval
// applies every change in the caller's transaction, after checking them
// again, and is refused (409) if the project changed since the request: what
// was asked for may no longer make sense.
func (s *Service) DecideChange(ctx context.Context, a domain.Actor, id string, act ChangeAction, reason *string, version *int) (ChangeRequest, error) {
	var cr ChangeRequest
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			p   Project
			acc access
			err error
		)
		if cr, p, acc, err = s.loadChange(ctx, a, id); err != nil {
			return err
		}
		defer func() { cr.Actions = changeActions(cr, acc) }()
		switch {
		case act == ChangeWithdraw && !acc.lead:
			return domain.Forbidden(domain.Msg("only the lead organization withdraws its change request", "只有牵头单位可以撤回变更申请"))
		case act != ChangeWithdraw && !acc.pm:
			return domain.Forbidden(domain.Msg("only program managers decide change requests", "只有项目主管可以审批变更申请"))
		}
		if err := domain.CheckVersion("change request", cr.ID, cr.Version, version); err != nil {
			return err
		}
		to, err := ChangeMachine.Next(act, cr.Status)
		if err != nil {
			return err
		}
		decision := ""
		if act == ChangeReject {
			if decision, err = domain.Reason(reason); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		if act == ChangeApprove {
			if p.Version != cr.ProjectVersion {
				return domain.Conflict(domain.Msg("the project changed since the request was made (version %d, now %d): ask the lead organization to make it again", "提出申请后项目已有变动（申请时版本 %d，现为 %d）：请牵头单位重新提出申请"),
					cr.ProjectVersion, p.Version)
			}
			if err := s.applyChanges(ctx, a, p, cr, now); err != nil {
				return err
			}
		}
		old := cr.Version
		cr.Status, cr.DecisionReason, cr.DecidedBy, cr.DecidedAt = to, decision, a.UserID, &now
		cr.Version, cr.UpdatedAt = cr.Version+1, now
		if err := s.repo.UpdateChange(ctx, cr, old); err != nil {
			return err
		}
		if act != ChangeWithdraw {
			verb := map[ChangeAction]string{ChangeApprove: "已批准，变更已生效", ChangeReject: "未获批准：" + decision}[act]
			if err := s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: "change_request." + string(to),
				Entity: "project", EntityID: p.ID, Text: fmt.Sprintf("项目「%s」的变更申请%s。", p.Title, verb),
				Data: map[string]any{"change_request_id": cr.ID, "title": p.Title}}); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "change_request." + string(act), Entity: "change_request", EntityID: cr.ID,
			Changes: map[string]any{"project_id": p.ID, "status": []ChangeStatus{ChangePending, to}, "reason": decision}})
	})
	return cr, err
}

// applyChanges makes an approved request's changes, all in the caller's
// transaction, and records them in the project's history.
func (s *Service) applyChanges(ctx context.Context, a domain.Actor, p Project, cr ChangeRequest, now time.Time) error {
	c := cr.Changes
	if err := s.checkChanges(ctx, p, c); err != nil {
		return err
	}
	for _, m := range c.Milestones {
		ms, err := s.repo.GetMilestone(ctx, m.ID)
		if err != nil {
			return err
		}
		old := ms.Version
		due, err := domain.ParseDate(m.DueDate) // checked with the request (PlanDate)
		if err != nil {
			return err
		}
		ms.DueDate, ms.Version, ms.UpdatedAt = due, ms.Version+1, now
		if err := s.repo.UpdateMilestone(ctx, ms, old); err != nil {
			return err
		}
	}
	for _, m := range c.AddMembers {
		if err := s.repo.AddMember(ctx, p.ID, Member{OrganizationID: m.OrganizationID, Role: m.Role, CreatedAt: now}); err != nil {
			return err
		}
	}
	for _, id := range c.RemoveMembers {
		if err := s.repo.RemoveMember(ctx, p.ID, id); err != nil {
			return err
		}
	}
	for _, k := range c.KPIs {
		got, err := s.repo.GetKPI(ctx, k.ID)
		if err != nil {
			return err
		}
		old := got.Version
		got.Target, got.Version, got.UpdatedAt = k.Target, got.Version+1, now
		if err := s.repo.UpdateKPI(ctx, got, old); err != nil {
			return err
		}
	}
	old := p.Version
	if c.Budget != nil {
		p.Budget = *c.Budget
	}
	p.Version, p.UpdatedAt = p.Version+1, now
	if err := s.repo.Update(ctx, p, old); err != nil {
		return err
	}
	if len(c.AddMembers) > 0 {
		ids := make([]string, len(c.AddMembers))
		for i, m := range c.AddMembers {
			ids[i] = m.OrganizationID
		}
		if err := s.notify.ToOrgs(ctx, ids, notify.Message{Kind: "project.member_added", Entity: "project", EntityID: p.ID,
			Text: fmt.Sprintf("贵单位已加入项目「%s」。", p.Title), Data: map[string]any{"title": p.Title}}); err != nil {
			return err
		}
	}
	return s.repo.AddHistory(ctx, StageChange{ID: domain.NewID(), ProjectID: p.ID, From: p.Stage, To: p.Stage, ActorID: a.UserID,
		Reason: "变更申请已批准：" + cr.Reason, Evidence: "change_request:" + cr.ID, OccurredAt: now})
}
