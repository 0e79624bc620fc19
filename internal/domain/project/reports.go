package project

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
)

// ReportStore keeps reporting duties and reports.
type ReportStore interface {
	CreateReport(ctx context.Context, r Report) error
	GetReport(ctx context.Context, id string) (Report, error)
	Reports(ctx context.Context, projectID string) ([]Report, error)
	UpdateReport(ctx context.Context, r Report, version int) error
	// ReportsToRemind are reports due on or before horizon, not submitted and
	// not reminded, at most limit of them.
	ReportsToRemind(ctx context.Context, horizon string, limit int) ([]Report, error)
	// ClaimReminder marks the report reminded if nobody has yet; false if someone had.
	ClaimReminder(ctx context.Context, id string, at time.Time) (bool, error)
}

// ReportStatus is a periodic report's status.
type ReportStatus string

const (
	ReportDue       ReportStatus = "due"
	ReportSubmitted ReportStatus = "submitted"
	ReportAccepted  ReportStatus = "accepted"
	ReportReturned  ReportStatus = "returned"
)

// ReportStatuses lists every status.
func ReportStatuses() []ReportStatus {
	return []ReportStatus{ReportDue, ReportSubmitted, ReportAccepted, ReportReturned}
}

// ReportAction moves a report.
type ReportAction string

const (
	ReportSubmit ReportAction = "submit" // the lead organization, also again after a return
	ReportAccept ReportAction = "accept" // a program manager
	ReportReturn ReportAction = "return" // a program manager, with a reason
)

// ReportMachine: due → submitted → accepted, or → returned → submitted again.
var ReportMachine = domain.Machine[ReportAction, ReportStatus]{Entity: domain.Text{En: "report", Zh: "报告"},
	Rows: map[ReportAction]domain.Transition[ReportStatus]{
		ReportSubmit: {From: []ReportStatus{ReportDue, ReportReturned}, To: ReportSubmitted},
		ReportAccept: {From: []ReportStatus{ReportSubmitted}, To: ReportAccepted},
		ReportReturn: {From: []ReportStatus{ReportSubmitted}, To: ReportReturned},
	}}

// ReportKind is what a periodic report is (中期检查 / 年度报告 / 结题报告).
type ReportKind string

const (
	ReportInterim ReportKind = "interim"
	ReportAnnual  ReportKind = "annual"
	ReportFinal   ReportKind = "final"
)

// ReportKinds lists every kind.
func ReportKinds() []ReportKind { return []ReportKind{ReportInterim, ReportAnnual, ReportFinal} }

// ReminderDays is how long before its due date the lead is reminded of a report.
const ReminderDays = 7

// KPIValue is a KPI's actual value as a report states it.
type KPIValue struct {
	KPIID string  `json:"kpi_id"`
	Value float64 `json:"value"`
}

// Report is a reporting duty a program manager sets and the lead fulfils.
type Report struct {
	ID           string
	ProjectID    string
	Kind         ReportKind
	Title        string
	DueDate      domain.Date // a Beijing day
	Status       ReportStatus
	Text         string
	KPIActuals   []KPIValue
	Spent        *int64 // yuan spent in the period
	ReturnReason string
	SubmittedAt  *time.Time
	DecidedAt    *time.Time
	RemindedAt   *time.Time
	CreatedBy    string
	// Actions are what the reader may do to it now (the services set them).
	Actions   []ReportAction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// reportActions: the lead submits a due or returned report, a program
// manager accepts or returns a submitted one.
func reportActions(r Report, acc access) []ReportAction {
	return permitted(ReportMachine, r.Status, acc, func(a ReportAction) bool { return a == ReportSubmit })
}

// Overdue: not submitted (or returned and not submitted again) after its due date.
func (r Report) Overdue(now time.Time) bool {
	return (r.Status == ReportDue || r.Status == ReportReturned) && domain.DateOf(now).After(r.DueDate)
}

// ReportInput is a new reporting duty.
type ReportInput struct {
	Kind, Title, DueDate *string
}

// Submission is the lead's report.
type Submission struct {
	Text       *string
	KPIActuals []KPIValue
	Spent      *int64
	Version    *int
}

// SetReport: a program manager sets a reporting duty on a project under way.
func (s *Service) SetReport(ctx context.Context, a domain.Actor, projectID string, in ReportInput) (Report, error) {
	var r Report
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.load(ctx, a, projectID)
		if err != nil {
			return err
		}
		defer func() { r.Actions = reportActions(r, acc) }()
		if !acc.pm {
			return domain.Forbidden(domain.Msg("only program managers set reporting duties", "只有项目主管可以布置报告任务"))
		}
		if !underWay(p) {
			return domain.Conflict(domain.Msg("reports are asked of a project under way; it is %s", "项目实施中才能布置报告任务；当前为「%s」"), p.Stage)
		}
		var pr domain.Problems
		kind := ReportKind("")
		if in.Kind != nil {
			kind, _ = domain.ParseEnum(*in.Kind, ReportKinds())
		}
		if kind == "" {
			pr.Add("kind", domain.CodeOneOf, "allowed", domain.EnumList(ReportKinds()))
		}
		if in.Title == nil {
			pr.Add("title", domain.CodeRequired)
		}
		pr.TextLen("title", in.Title, 1, 200)
		if in.DueDate == nil {
			pr.Add("due_date", domain.CodeRequired)
		}
		due, ok := pr.PlanDate("due_date", in.DueDate)
		if ok && due.Before(domain.Today(s.clock)) {
			pr.Add("due_date", codePastDate)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		r = Report{ID: domain.NewID(), ProjectID: p.ID, Kind: kind, Title: strings.TrimSpace(*in.Title), DueDate: due,
			Status: ReportDue, CreatedBy: a.UserID, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.repo.CreateReport(ctx, r); err != nil {
			return err
		}
		if err := s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: "report.due", Entity: "project", EntityID: p.ID,
			Text: fmt.Sprintf("项目「%s」须于 %s 前提交「%s」。", p.Title, r.DueDate, r.Title),
			Data: map[string]any{"report_id": r.ID, "title": p.Title, "due_date": r.DueDate}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "report.create", Entity: "report", EntityID: r.ID,
			Changes: map[string]any{"project_id": p.ID, "kind": kind, "title": r.Title, "due_date": r.DueDate}})
	})
	return r, err
}

func (s *Service) loadReport(ctx context.Context, a domain.Actor, id string) (Report, Project, access, error) {
	r, err := s.repo.GetReport(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Report{}, Project{}, access{}, domain.NotFound(domain.Msg("report %s not found", "未找到报告 %s"), id)
	} else if err != nil {
		return Report{}, Project{}, access{}, err
	}
	p, acc, err := s.load(ctx, a, r.ProjectID)
	if domain.KindOf(err) == domain.KindNotFound {
		return Report{}, Project{}, access{}, domain.NotFound(domain.Msg("report %s not found", "未找到报告 %s"), id)
	}
	return r, p, acc, err
}

// Report is one report, for whoever may read its project.
func (s *Service) Report(ctx context.Context, a domain.Actor, id string) (Report, error) {
	r, _, acc, err := s.loadReport(ctx, a, id)
	r.Actions = reportActions(r, acc)
	return r, err
}

// Reports is a project's reports, by due date.
func (s *Service) Reports(ctx context.Context, a domain.Actor, projectID string) ([]Report, error) {
	_, acc, err := s.load(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	rs, err := s.repo.Reports(ctx, projectID)
	for i := range rs {
		rs[i].Actions = reportActions(rs[i], acc)
	}
	return rs, err
}

// ReportDocuments answers for a report's documents: its project's readers
// read them; the lead organization adds to them until it is submitted (and
// again once returned).
func (s *Service) ReportDocuments(ctx context.Context, a domain.Actor, id string) (edit, err error) {
	r, _, acc, err := s.loadReport(ctx, a, id)
	if err != nil {
		return nil, err
	}
	switch {
	case !acc.lead:
		return domain.Forbidden(domain.Msg("only the lead organization adds documents to its report", "只有牵头单位可以为报告上传附件")), nil
	case r.Status != ReportDue && r.Status != ReportReturned:
		return domain.Conflict(domain.Msg("the report is %s: its documents stay for the record", "报告已「%s」，其附件留档备查"), r.Status), nil
	}
	return nil, nil
}

// SubmitReport: the lead organization submits (or, once returned, submits
// again) with its text, the KPIs' actual values and the money spent; each
// value becomes the KPI's actual as of today.
func (s *Service) SubmitReport(ctx context.Context, a domain.Actor, id string, in Submission) (Report, error) {
	var r Report
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			p   Project
			acc access
			err error
		)
		if r, p, acc, err = s.loadReport(ctx, a, id); err != nil {
			return err
		}
		defer func() { r.Actions = reportActions(r, acc) }()
		if !acc.lead {
			return domain.Forbidden(domain.Msg("only the lead organization submits its reports", "只有牵头单位可以提交报告"))
		}
		if err := domain.CheckVersion("report", r.ID, r.Version, in.Version); err != nil {
			return err
		}
		to, err := ReportMachine.Next(ReportSubmit, r.Status)
		if err != nil {
			return err
		}
		var pr domain.Problems
		if in.Text == nil {
			pr.Add("text", domain.CodeRequired)
		}
		pr.TextLen("text", in.Text, 1, 50000)
		pr.Money("spent", in.Spent, false)
		if len(in.KPIActuals) > maxChanges {
			pr.Add("kpi_actuals", domain.CodeTooMany, "max", maxChanges)
		}
		kpis := make([]KPI, len(in.KPIActuals))
		seen := map[string]bool{}
		for i, v := range in.KPIActuals {
			f := fmt.Sprintf("kpi_actuals[%d]", i)
			k, err := s.repo.GetKPI(ctx, v.KPIID)
			switch {
			case domain.KindOf(err) == domain.KindNotFound || (err == nil && k.ProjectID != p.ID) || seen[v.KPIID]:
				pr.Add(f+".kpi_id", codeNotThisKPI)
			case err != nil:
				return err
			}
			seen[v.KPIID], kpis[i] = true, k
			val := v.Value
			checkValue(&pr, f+".value", &val)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		for i, v := range in.KPIActuals {
			if _, err := s.recordActual(ctx, a, kpis[i], v.Value, domain.DateOf(now), r.Title); err != nil {
				return err
			}
		}
		old := r.Version
		r.Status, r.Text, r.KPIActuals, r.Spent, r.SubmittedAt = to, strings.TrimSpace(*in.Text), in.KPIActuals, in.Spent, &now
		r.Version, r.UpdatedAt = r.Version+1, now
		if err := s.repo.UpdateReport(ctx, r, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "report.submit", Entity: "report", EntityID: r.ID,
			Changes: map[string]any{"project_id": p.ID, "kpi_actuals": len(in.KPIActuals), "spent": in.Spent}})
	})
	return r, err
}

// DecideReport: a program manager accepts a submitted report or returns it
// with a reason (the lead then submits it again).
func (s *Service) DecideReport(ctx context.Context, a domain.Actor, id string, act ReportAction, reason *string, version *int) (Report, error) {
	var r Report
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			p   Project
			acc access
			err error
		)
		if r, p, acc, err = s.loadReport(ctx, a, id); err != nil {
			return err
		}
		defer func() { r.Actions = reportActions(r, acc) }()
		if !acc.pm {
			return domain.Forbidden(domain.Msg("only program managers accept or return reports", "只有项目主管可以通过或退回报告"))
		}
		if err := domain.CheckVersion("report", r.ID, r.Version, version); err != nil {
			return err
		}
		to, err := ReportMachine.Next(act, r.Status)
		if err != nil {
			return err
		}
		why := ""
		if act == ReportReturn {
			if why, err = domain.Reason(reason); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		old := r.Version
		r.Status, r.ReturnReason, r.DecidedAt, r.Version, r.UpdatedAt = to, why, &now, r.Version+1, now
		if err := s.repo.UpdateReport(ctx, r, old); err != nil {
			return err
		}
		verb := map[ReportAction]string{ReportAccept: "已通过", ReportReturn: "被退回：" + why}[act]
		if err := s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: "report." + string(to), Entity: "project",
			EntityID: p.ID, Text: fmt.Sprintf("项目「%s」的「%s」%s。", p.Title, r.Title, verb),
			Data: map[string]any{"report_id": r.ID, "title": p.Title}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "report." + string(act), Entity: "report", EntityID: r.ID,
			Changes: map[string]any{"project_id": p.ID, "status": []ReportStatus{ReportSubmitted, to}, "reason": why}})
	})
	return r, err
}

// RemindReports tells the lead organization of every report due within
// ReminderDays and not yet submitted, once per report: the reminder is
// claimed by a conditional update in its own transaction with the
// notification, so several processes sweeping at once send it once.
func (s *Service) RemindReports(ctx context.Context) (int, error) {
	now := s.clock.Now()
	horizon := domain.Day(now.AddDate(0, 0, ReminderDays))
	due, err := s.repo.ReportsToRemind(ctx, horizon, 200)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range due {
		claimed := false
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			var err error
			if claimed, err = s.repo.ClaimReminder(ctx, r.ID, now); err != nil || !claimed {
				return err
			}
			p, err := s.repo.Get(ctx, r.ProjectID)
			if err != nil {
				return err
			}
			return s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: "report.reminder", Entity: "project", EntityID: p.ID,
				Text: fmt.Sprintf("提醒：项目「%s」的「%s」须于 %s 前提交。", p.Title, r.Title, r.DueDate),
				Data: map[string]any{"report_id": r.ID, "title": p.Title, "due_date": r.DueDate}})
		})
		if err != nil {
			return sent, err
		}
		if claimed {
			sent++
		}
	}
	return sent, nil
}
