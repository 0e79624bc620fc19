package project

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
)

// MilestoneStore keeps a project's milestones.
type MilestoneStore interface {
	Milestones(ctx context.Context, projectID string) ([]Milestone, error)
	GetMilestone(ctx context.Context, id string) (Milestone, error)
	CreateMilestone(ctx context.Context, m Milestone) error
	UpdateMilestone(ctx context.Context, m Milestone, version int) error
}

// MilestoneStatus: planned → done (the lead) → accepted, or back to planned (a program manager).
type MilestoneStatus string

const (
	MilestonePlanned  MilestoneStatus = "planned"
	MilestoneDone     MilestoneStatus = "done"
	MilestoneAccepted MilestoneStatus = "accepted"
)

// Milestone is a step of a project.
type Milestone struct {
	ID          string
	ProjectID   string
	Title       string
	DueDate     domain.Date
	Stage       Stage // research, validation or industrialization
	Deliverable string
	Status      MilestoneStatus
	// Actions are what the reader may do to it now (the services set them).
	Actions   []MilestoneAction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MilestoneInput creates or edits a milestone; nil fields stay.
type MilestoneInput struct {
	Title       *string
	DueDate     *string
	Stage       *string
	Deliverable *string
	Status      *string
	Version     *int
}

func workStage(s Stage) bool { return slices.Contains(WorkStages(), s) }

// apply validates the content fields (not the status) and copies them.
func (in MilestoneInput) apply(m *Milestone) domain.Problems {
	var p domain.Problems
	p.TextLen("title", in.Title, 1, 200)
	p.TextLen("deliverable", in.Deliverable, 0, 2000)
	due, _ := p.PlanDate("due_date", in.DueDate)
	var st Stage
	if in.Stage != nil {
		var ok bool
		st, ok = ParseStage(*in.Stage)
		if !ok || !workStage(st) {
			p.Add("stage", domain.CodeOneOf, "allowed", domain.EnumList(WorkStages()))
		}
	}
	if len(p) > 0 {
		return p
	}
	if in.Title != nil {
		m.Title = strings.TrimSpace(*in.Title)
	}
	if in.DueDate != nil {
		m.DueDate = due
	}
	if in.Stage != nil {
		m.Stage = st
	}
	if in.Deliverable != nil {
		m.Deliverable = strings.TrimSpace(*in.Deliverable)
	}
	return nil
}

// Milestones lists a project's milestones, each with what the caller may do.
func (s *Service) Milestones(ctx context.Context, a domain.Actor, projectID string) ([]Milestone, error) {
	p, acc, err := s.load(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	ms, err := s.repo.Milestones(ctx, projectID)
	for i := range ms {
		ms[i].Actions = milestoneActions(p, acc, ms[i])
	}
	return ms, err
}

// milestoneActions are what a reader with access acc may do to m now: the
// machine's moves it performs (MilestoneByLead: the lead's, else a program
// manager's) and, while planned, an edit; nothing once the project ended.
func milestoneActions(p Project, acc access, m Milestone) []MilestoneAction {
	if ended(p) {
		return []MilestoneAction{}
	}
	out := permitted(MilestoneMachine, m.Status, acc, func(a MilestoneAction) bool { return MilestoneByLead[a] })
	if m.Status == MilestonePlanned && (acc.lead || acc.pm) {
		out = append(out, MilestoneEdit)
	}
	return out
}

// AddMilestone: the lead organization or a program manager plans a milestone.
func (s *Service) AddMilestone(ctx context.Context, a domain.Actor, projectID string, in MilestoneInput) (Milestone, error) {
	var m Milestone
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		if ended(p) {
			return domain.Conflict(domain.Msg("the project is %s", "项目当前为「%s」"), p.Stage)
		}
		defer func() { m.Actions = milestoneActions(p, acc, m) }()
		var missing domain.Problems
		missing.Required(map[string]bool{"title": in.Title != nil, "due_date": in.DueDate != nil, "stage": in.Stage != nil})
		if err := missing.Err(); err != nil {
			return err
		}
		if in.Status != nil {
			return domain.Invalid(domain.Msg("a new milestone is planned", "新里程碑为计划中"), domain.Problem("status", codeNewMilestoneStatus))
		}
		now := s.clock.Now()
		m = Milestone{ID: domain.NewID(), ProjectID: p.ID, Status: MilestonePlanned, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := in.apply(&m).Err(); err != nil {
			return err
		}
		if err := s.repo.CreateMilestone(ctx, m); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "milestone.create", Entity: "milestone", EntityID: m.ID,
			Changes: map[string]any{"project_id": p.ID, "title": m.Title, "due_date": m.DueDate, "stage": m.Stage}})
	})
	return m, err
}

// milestoneNotice is the kind of what a move of a milestone is called in
// notifications (the lead learns of acceptance and sending back).
var milestoneNotice = map[MilestoneAction]string{MilestoneMarkDone: "milestone.done",
	MilestoneAccept: "milestone.accepted", MilestoneSendBack: "milestone.sent_back"}

// UpdateMilestone edits a milestone and moves its status: the lead marks a
// planned milestone done; a program manager accepts a done one or sends it
// back to planned. Its content changes only while it is planned.
func (s *Service) UpdateMilestone(ctx context.Context, a domain.Actor, projectID, id string, in MilestoneInput) (Milestone, error) {
	var m Milestone
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		defer func() { m.Actions = milestoneActions(p, acc, m) }()
		m, err = s.repo.GetMilestone(ctx, id)
		if domain.KindOf(err) == domain.KindNotFound || (err == nil && m.ProjectID != p.ID) {
			return domain.NotFound(domain.Msg("milestone %s not found", "未找到里程碑 %s"), id)
		} else if err != nil {
			return err
		}
		if err := domain.CheckVersion("milestone", m.ID, m.Version, in.Version); err != nil {
			return err
		}
		contentChange := in.Title != nil || in.DueDate != nil || in.Stage != nil || in.Deliverable != nil
		if contentChange && m.Status != MilestonePlanned {
			return domain.Conflict(domain.Msg("a milestone that is %s can no longer be edited", "「%s」的里程碑不能再修改"), m.Status)
		}
		old, oldStatus := m.Version, m.Status
		if err := in.apply(&m).Err(); err != nil {
			return err
		}
		kind := ""
		if in.Status != nil && MilestoneStatus(*in.Status) != m.Status {
			act, ok := milestoneActionTo[MilestoneStatus(*in.Status)]
			if !ok {
				return domain.Invalid(domain.Msg("unknown status", "未知状态"), domain.Problem("status", domain.CodeOneOf, "allowed", domain.EnumList(MilestoneStatuses())))
			}
			to, err := MilestoneMachine.Next(act, m.Status)
			if err != nil {
				return err
			}
			switch {
			case MilestoneByLead[act] && !acc.lead:
				return domain.Forbidden(domain.Msg("the lead organization marks its milestones done", "由牵头单位标记里程碑完成"))
			case !MilestoneByLead[act] && !acc.pm:
				return domain.Forbidden(domain.Msg("program managers accept a milestone or send it back", "由项目主管验收或退回里程碑"))
			}
			kind = milestoneNotice[act]
			m.Status = to
		}
		m.Version, m.UpdatedAt = m.Version+1, s.clock.Now()
		if err := s.repo.UpdateMilestone(ctx, m, old); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "milestone.update", Entity: "milestone", EntityID: m.ID,
			Changes: map[string]any{"project_id": p.ID, "status": []MilestoneStatus{oldStatus, m.Status}}}); err != nil {
			return err
		}
		if kind == "milestone.accepted" || kind == "milestone.sent_back" {
			verb := map[string]string{"milestone.accepted": "已通过验收", "milestone.sent_back": "被退回，请补充完善"}[kind]
			return s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: kind, Entity: "project", EntityID: p.ID,
				Text: fmt.Sprintf("项目「%s」的里程碑「%s」%s。", p.Title, m.Title, verb), Data: map[string]any{"milestone_id": m.ID, "title": p.Title}})
		}
		return nil
	})
	return m, err
}

// MilestoneAction moves a milestone: the lead marks it done; a program
// manager accepts it or sends it back.
type MilestoneAction string

const (
	MilestoneMarkDone MilestoneAction = "mark_done"
	MilestoneAccept   MilestoneAction = "accept"
	MilestoneSendBack MilestoneAction = "send_back"
	// MilestoneEdit changes a planned milestone's content (it moves nothing).
	MilestoneEdit MilestoneAction = "edit"
)

// MilestoneMachine is planned → done → accepted, or done → planned, as a table.
var MilestoneMachine = domain.Machine[MilestoneAction, MilestoneStatus]{Entity: domain.Text{En: "milestone", Zh: "里程碑"},
	Rows: map[MilestoneAction]domain.Transition[MilestoneStatus]{
		MilestoneMarkDone: {From: []MilestoneStatus{MilestonePlanned}, To: MilestoneDone},
		MilestoneAccept:   {From: []MilestoneStatus{MilestoneDone}, To: MilestoneAccepted},
		MilestoneSendBack: {From: []MilestoneStatus{MilestoneDone}, To: MilestonePlanned},
	}}

// MilestoneByLead: the actions of the lead organization; the others are a
// program manager's.
var MilestoneByLead = map[MilestoneAction]bool{MilestoneMarkDone: true}

// milestoneActionTo is the action a PATCH asking for a status means.
var milestoneActionTo = map[MilestoneStatus]MilestoneAction{
	MilestoneDone: MilestoneMarkDone, MilestoneAccepted: MilestoneAccept, MilestonePlanned: MilestoneSendBack,
}

// MilestoneStatuses lists every milestone status.
func MilestoneStatuses() []MilestoneStatus {
	return []MilestoneStatus{MilestonePlanned, MilestoneDone, MilestoneAccepted}
}

// Label says a milestone's status in lang.
func (s MilestoneStatus) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }
