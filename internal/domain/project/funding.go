package project

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// FundingStore keeps funding lines.
type FundingStore interface {
	// FundingLines lists every line of a project, replaced ones too.
	FundingLines(ctx context.Context, id string) ([]FundingLine, error)
	GetFunding(ctx context.Context, id string) (FundingLine, error)
	CreateFunding(ctx context.Context, l FundingLine) error
	UpdateFunding(ctx context.Context, l FundingLine, version int) error
	// LockFunding serializes funding changes of one project until commit, so
	// that the rules hold over concurrent changes.
	LockFunding(ctx context.Context, projectID string) error
}

// Funding lists a project's funding lines (members, program managers, admins).
func (s *Service) Funding(ctx context.Context, a domain.Actor, projectID string) ([]FundingLine, error) {
	p, acc, err := s.load(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	ls, err := s.repo.FundingLines(ctx, projectID)
	withLineActions(p, acc, ls)
	return ls, err
}

// FundingLineAction is what a program manager may do to a line now.
type FundingLineAction string

const (
	LineCommit  FundingLineAction = FundingLineAction(FundingCommit) // planned → committed (FundingMachine)
	LinePay     FundingLineAction = "pay"                            // a disbursement out of a committed line
	LineConvert FundingLineAction = "convert"                        // 拨改投 of a committed municipal line
	LineUntie   FundingLineAction = "untie"                          // a tranche from its milestone, until disbursed
)

// FundingLineActions lists every action a line may carry.
func FundingLineActions() []FundingLineAction {
	return []FundingLineAction{LineCommit, LinePay, LineConvert, LineUntie}
}

// withLineActions sets on each line what a reader with access acc may do
// now: program managers, while the project is open and the line was not
// converted away.
func withLineActions(p Project, acc access, ls []FundingLine) {
	for i := range ls {
		l := &ls[i]
		l.Actions = []FundingLineAction{}
		if !acc.pm || ended(p) || l.ReplacedAt != nil {
			continue
		}
		if FundingMachine.Allows(FundingCommit, l.Status) {
			l.Actions = append(l.Actions, LineCommit)
		}
		if l.Status == FundingCommitted {
			l.Actions = append(l.Actions, LinePay)
			if l.Source == SourceMunicipal {
				l.Actions = append(l.Actions, LineConvert)
			}
		}
		if l.MilestoneID != "" && l.Status != FundingDisbursed {
			l.Actions = append(l.Actions, LineUntie)
		}
	}
}

// withActions is one line with what a program manager may do to it now.
func (l FundingLine) withActions(p Project) FundingLine {
	ls := []FundingLine{l}
	withLineActions(p, access{pm: true}, ls)
	return ls[0]
}

func live(ls []FundingLine) []FundingLine {
	var out []FundingLine
	for _, l := range ls {
		if l.ReplacedAt == nil {
			out = append(out, l)
		}
	}
	return out
}

// withLine is the live lines with l in place of the line of the same id (or added).
func withLine(ls []FundingLine, l FundingLine) []FundingLine {
	out := []FundingLine{}
	found := false
	for _, x := range live(ls) {
		if x.ID == l.ID {
			x, found = l, true
		}
		out = append(out, x)
	}
	if !found {
		out = append(out, l)
	}
	return out
}

// checkTranche: a line tied to a milestone is disbursed only after a program
// manager accepted that milestone.
func (s *Service) checkTranche(ctx context.Context, p Project, l FundingLine) error {
	if l.MilestoneID == "" {
		return nil
	}
	m, err := s.repo.GetMilestone(ctx, l.MilestoneID)
	if domain.KindOf(err) == domain.KindNotFound || (err == nil && m.ProjectID != p.ID) {
		return domain.Invalid(domain.Msg("no such milestone", "里程碑不存在"), domain.Problem("milestone_id", codeNotThisMilestone))
	} else if err != nil {
		return err
	}
	if l.Status == FundingDisbursed && m.Status != MilestoneAccepted {
		return domain.Invalid(domain.Msg("the tranche's milestone is not accepted", "该分期绑定的里程碑尚未验收"), domain.Problem("status", codeTrancheNotAccepted, "milestone", m.Title, "status", m.Status))
	}
	return nil
}

// AddFunding: program managers add a line; the funding rules hold after it.
func (s *Service) AddFunding(ctx context.Context, a domain.Actor, projectID string, in FundingInput) (FundingLine, error) {
	var l FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.load(ctx, a, projectID)
		if err != nil {
			return err
		}
		defer func() { l = l.withActions(p) }()
		if !acc.pm {
			return domain.Forbidden(domain.Msg("only program managers record funding", "只有项目主管可以登记资金"))
		}
		if err := s.repo.LockFunding(ctx, p.ID); err != nil {
			return err
		}
		var pr domain.Problems
		src, ok := Source(""), false
		if in.Source != nil {
			src, ok = parseSource(*in.Source)
		}
		if !ok || !slices.Contains(NewLineSources(), src) {
			pr.Add("source", codeNewLineSource, "allowed", domain.EnumList(NewLineSources()))
		}
		if in.Amount == nil {
			pr.Add("amount", domain.CodeRequired)
		}
		pr.Money("amount", in.Amount, true)
		status := FundingPlanned
		if in.Status != nil {
			if status, ok = parseFundingStatus(*in.Status); !ok {
				pr.Add("status", domain.CodeOneOf, "allowed", domain.EnumList(FundingStatuses()))
			}
		}
		matching := in.Matching != nil && *in.Matching
		if matching && src != SourceMunicipal {
			pr.Add("matching", codeMatchingMunicipal)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		l = FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: src, Amount: *in.Amount, Status: status,
			Matching: matching, Version: 1, CreatedAt: now, UpdatedAt: now}
		if in.MilestoneID != nil {
			l.MilestoneID = *in.MilestoneID
		}
		if err := s.checkTranche(ctx, p, l); err != nil {
			return err
		}
		lines, err := s.repo.FundingLines(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := CheckFunding(withLine(lines, l), p.Budget); err != nil {
			return err
		}
		if err := s.repo.CreateFunding(ctx, l); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.create", Entity: "funding_line", EntityID: l.ID,
			Changes: map[string]any{"project_id": p.ID, "source": l.Source, "amount": l.Amount, "status": l.Status,
				"matching": l.Matching, "milestone_id": l.MilestoneID}})
	})
	return l, err
}

// UpdateFunding: program managers change the amount or move the status
// forward (planned → committed → disbursed); the rules hold after it.
func (s *Service) UpdateFunding(ctx context.Context, a domain.Actor, id string, in FundingInput) (FundingLine, error) {
	var l FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockedLine(ctx, a, id, in.Version, &l)
		if err != nil {
			return err
		}
		defer func() { l = l.withActions(p) }()
		if in.Source != nil && Source(*in.Source) != l.Source {
			return domain.Invalid(domain.Msg("the source of a line does not change", "资金来源不能修改"), domain.Problem("source", codeSourceFixed))
		}
		var pr domain.Problems
		old := l
		if in.Amount != nil {
			pr.Money("amount", in.Amount, true)
			if l.Status == FundingDisbursed {
				pr.Add("amount", codeDisbursedAmount)
			}
			l.Amount = *in.Amount
		}
		if in.Status != nil {
			st, ok := parseFundingStatus(*in.Status)
			switch {
			case !ok:
				pr.Add("status", domain.CodeOneOf, "allowed", domain.EnumList(FundingStatuses()))
			case st != l.Status && !FundingMachine.Allows(fundingActionTo[st], l.Status):
				return domain.Conflict(domain.Msg("funding moves forward only: planned → committed → disbursed (it is %s)", "资金状态只能前进：计划 → 已承诺 → 已拨付（当前为「%s」）"), l.Status)
			}
			l.Status = st
		}
		if in.Matching != nil {
			if *in.Matching && l.Source != SourceMunicipal {
				pr.Add("matching", codeMatchingMunicipal)
			}
			l.Matching = *in.Matching
		}
		if in.MilestoneID != nil && *in.MilestoneID != l.MilestoneID {
			switch {
			case *in.MilestoneID == "":
				// Untying would let a tranche be disbursed without its milestone.
				pr.Add("milestone_id", codeUntieByEdit)
			case old.Status == FundingDisbursed:
				pr.Add("milestone_id", codeDisbursedTied)
			}
			l.MilestoneID = *in.MilestoneID
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if err := s.checkTranche(ctx, p, l); err != nil {
			return err
		}
		lines, err := s.repo.FundingLines(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := CheckFunding(withLine(lines, l), p.Budget); err != nil {
			return err
		}
		l.Version, l.UpdatedAt = l.Version+1, s.clock.Now()
		if err := s.repo.UpdateFunding(ctx, l, old.Version); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.update", Entity: "funding_line", EntityID: l.ID,
			Changes: fundingChanges(p.ID, old, l)})
	})
	return l, err
}

// fundingChanges is an audit record's account of an edit: every field of the
// line that changed, as [before, after].
func fundingChanges(projectID string, old, l FundingLine) map[string]any {
	ch := map[string]any{"project_id": projectID}
	if old.Amount != l.Amount {
		ch["amount"] = []int64{old.Amount, l.Amount}
	}
	if old.Status != l.Status {
		ch["status"] = []FundingStatus{old.Status, l.Status}
	}
	if old.Matching != l.Matching {
		ch["matching"] = []bool{old.Matching, l.Matching}
	}
	if old.MilestoneID != l.MilestoneID {
		ch["milestone_id"] = []string{old.MilestoneID, l.MilestoneID}
	}
	return ch
}

// Untie releases a tranche from its milestone (program managers, with a
// reason): the line can then be disbursed without that milestone's
// acceptance. A disbursed tranche stays tied to the milestone that released it.
func (s *Service) Untie(ctx context.Context, a domain.Actor, id, reason string, version *int) (FundingLine, error) {
	var l FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockedLine(ctx, a, id, version, &l)
		if err != nil {
			return err
		}
		defer func() { l = l.withActions(p) }()
		switch {
		case l.MilestoneID == "":
			return domain.Conflict(domain.Msg("funding line %s is not tied to a milestone", "资金 %s 未绑定里程碑"), l.ID)
		case l.Status == FundingDisbursed:
			return domain.Conflict(domain.Msg("a disbursed tranche stays tied to the milestone that released it", "已拨付的分期保持与其里程碑的绑定"))
		}
		if _, err := domain.Reason(&reason); err != nil {
			return err
		}
		old := l
		l.MilestoneID, l.Version, l.UpdatedAt = "", l.Version+1, s.clock.Now()
		if err := s.repo.UpdateFunding(ctx, l, old.Version); err != nil {
			return err
		}
		ch := fundingChanges(p.ID, old, l)
		ch["reason"] = strings.TrimSpace(reason)
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.untie", Entity: "funding_line", EntityID: l.ID, Changes: ch})
	})
	return l, err
}

// lockedLine loads a funding line for a program manager's change: the
// project's funding locked, the line read again under the lock, its version
// checked and not replaced by 拨改投.
func (s *Service) lockedLine(ctx context.Context, a domain.Actor, id string, version *int, l *FundingLine) (Project, error) {
	line, err := s.repo.GetFunding(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Project{}, domain.NotFound(domain.Msg("funding line %s not found", "未找到资金 %s"), id)
	} else if err != nil {
		return Project{}, err
	}
	p, acc, err := s.load(ctx, a, line.ProjectID)
	if domain.KindOf(err) == domain.KindNotFound {
		return Project{}, domain.NotFound(domain.Msg("funding line %s not found", "未找到资金 %s"), id)
	} else if err != nil {
		return Project{}, err
	}
	if !acc.pm {
		return Project{}, domain.Forbidden(domain.Msg("only program managers change funding", "只有项目主管可以修改资金"))
	}
	if err := s.repo.LockFunding(ctx, p.ID); err != nil {
		return Project{}, err
	}
	if *l, err = s.repo.GetFunding(ctx, id); err != nil {
		return Project{}, err
	}
	if err := domain.CheckVersion("funding line", l.ID, l.Version, version); err != nil {
		return Project{}, err
	}
	if l.ReplacedAt != nil {
		return Project{}, domain.Conflict(domain.Msg("this line was converted (grant-to-investment) and no longer changes", "此笔资金已拨改投，不能再修改"))
	}
	return p, nil
}

// Convert is 拨改投: a committed municipal line becomes an investment line held
// by a financial organization, keeping the link to the line it replaced.
func (s *Service) Convert(ctx context.Context, a domain.Actor, id, investorID string, version *int) (FundingLine, error) {
	var out FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		l, err := s.repo.GetFunding(ctx, id)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.NotFound(domain.Msg("funding line %s not found", "未找到资金 %s"), id)
		} else if err != nil {
			return err
		}
		p, acc, err := s.load(ctx, a, l.ProjectID)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.NotFound(domain.Msg("funding line %s not found", "未找到资金 %s"), id)
		} else if err != nil {
			return err
		}
		defer func() { out = out.withActions(p) }()
		if !acc.pm {
			return domain.Forbidden(domain.Msg("only program managers convert funding", "只有项目主管可以办理拨改投"))
		}
		if err := s.repo.LockFunding(ctx, p.ID); err != nil {
			return err
		}
		if l, err = s.repo.GetFunding(ctx, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("funding line", l.ID, l.Version, version); err != nil {
			return err
		}
		switch {
		case l.ReplacedAt != nil:
			return domain.Conflict(domain.Msg("this line was already converted", "此笔资金已办理拨改投"))
		case l.Source != SourceMunicipal || l.Status != FundingCommitted:
			return domain.Invalid(domain.Msg("only committed municipal lines convert", "只有已承诺的市级财政资金可以拨改投"), domain.Problem("source", codeConvertWhich, "source", l.Source, "status", l.Status))
		}
		investor, err := s.orgs.Get(ctx, investorID)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.Invalid(domain.Msg("no such investor", "投资方不存在"), domain.Problem("investor_id", domain.CodeUnknownOrg))
		} else if err != nil {
			return err
		}
		if investor.Type != org.TypeFinancial || investor.Status != org.StatusVerified {
			return domain.Invalid(domain.Msg("the investor must be a verified financial organization", "投资方须为已认证的金融机构"), domain.Problem("investor_id", codeInvestor, "name", investor.Name))
		}
		now := s.clock.Now()
		replaced := l
		replaced.ReplacedAt, replaced.Version, replaced.UpdatedAt = &now, l.Version+1, now
		if err := s.repo.UpdateFunding(ctx, replaced, l.Version); err != nil {
			return err
		}
		out = FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: SourceInvestment, Amount: l.Amount, Status: FundingCommitted,
			HolderOrgID: investor.ID, ConvertedFromID: l.ID, MilestoneID: l.MilestoneID, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.repo.CreateFunding(ctx, out); err != nil {
			return err
		}
		if member, err := s.repo.IsMember(ctx, p.ID, investor.ID); err != nil {
			return err
		} else if !member {
			if err := s.repo.AddMember(ctx, p.ID, Member{OrganizationID: investor.ID, Role: RoleInvestor, CreatedAt: now}); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.convert", Entity: "funding_line", EntityID: out.ID,
			Changes: map[string]any{"project_id": p.ID, "converted_from_id": l.ID, "investor_id": investor.ID, "amount": l.Amount}})
	})
	return out, err
}

// Funding sources and statuses.
type (
	Source        string
	FundingStatus string
)

const (
	SourceMunicipal  Source = "municipal"
	SourceProvincial Source = "provincial"
	SourceNational   Source = "national"
	SourceEnterprise Source = "enterprise"
	SourceInvestment Source = "investment"

	FundingPlanned   FundingStatus = "planned"
	FundingCommitted FundingStatus = "committed"
	FundingDisbursed FundingStatus = "disbursed"
)

// FundingLine is money for a project from one source.
type FundingLine struct {
	ID              string
	ProjectID       string
	Source          Source
	Amount          int64 // yuan
	Status          FundingStatus
	Matching        bool       // a municipal 1:1 matching line
	MilestoneID     string     // a tranche tied to a milestone
	HolderOrgID     string     // for investment lines: the financial organization
	ConvertedFromID string     // 拨改投: the municipal line this one replaced
	ReplacedAt      *time.Time // set on a line a 拨改投 conversion replaced; it no longer counts
	// Actions are what the reader may do to it now (the services set them).
	Actions   []FundingLineAction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Label says a funding line's status in lang.
func (s FundingStatus) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }

var sourceLabel = domain.LabelTable(map[Source]string{SourceMunicipal: "市级财政", SourceProvincial: "省级",
	SourceNational: "国家级", SourceEnterprise: "企业自筹", SourceInvestment: "投资（拨改投）"})

// Label says a funding source in lang.
func (s Source) Label(l domain.Lang) string { return sourceLabel(s, l) }

// Sources and statuses, parsed from caller text.
func Sources() []Source {
	return []Source{SourceMunicipal, SourceProvincial, SourceNational, SourceEnterprise, SourceInvestment}
}

func parseSource(s string) (Source, bool) { return domain.ParseEnum(s, Sources()) }

// FundingStatuses lists every status of a line (they only move forward).
func FundingStatuses() []FundingStatus {
	return []FundingStatus{FundingPlanned, FundingCommitted, FundingDisbursed}
}

// NewLineSources are the sources a line is added with; investment lines come
// from 拨改投 conversion only.
func NewLineSources() []Source {
	return []Source{SourceMunicipal, SourceProvincial, SourceNational, SourceEnterprise}
}

func parseFundingStatus(s string) (FundingStatus, bool) {
	return domain.ParseEnum(s, FundingStatuses())
}

// FundingAction moves a funding line.
type FundingAction string

const (
	FundingCommit   FundingAction = "commit"   // the money is promised
	FundingDisburse FundingAction = "disburse" // paid in full (by a program manager's edit, or the last disbursement)
)

// FundingMachine: planned → committed → disbursed, forward only; a planned
// line may be marked disbursed at once. A program manager's edit names the
// status it wants: fundingActionTo is the action that leads there.
var FundingMachine = domain.Machine[FundingAction, FundingStatus]{Entity: domain.Text{En: "funding line", Zh: "资金"},
	Rows: map[FundingAction]domain.Transition[FundingStatus]{
		FundingCommit:   {From: []FundingStatus{FundingPlanned}, To: FundingCommitted},
		FundingDisburse: {From: []FundingStatus{FundingPlanned, FundingCommitted}, To: FundingDisbursed},
	}}

var fundingActionTo = map[FundingStatus]FundingAction{FundingCommitted: FundingCommit, FundingDisbursed: FundingDisburse}

// committedTotal is what lines commit: the committed and disbursed ones
// (planned money is not promised yet).
func committedTotal(lines []FundingLine) int64 {
	var n int64
	for _, l := range lines {
		if l.Status != FundingPlanned {
			n += l.Amount
		}
	}
	return n
}

// sums are what the municipal rules read of a project's lines: all its
// municipal money, the matching part of it, and the provincial and national
// money the matching answers.
func sums(lines []FundingLine) (municipal, matching, higher int64) {
	for _, l := range lines {
		switch l.Source {
		case SourceMunicipal:
			municipal += l.Amount
			if l.Matching {
				matching += l.Amount
			}
		case SourceNational, SourceProvincial:
			higher += l.Amount
		}
	}
	return municipal, matching, higher
}

// CheckFunding checks the rules over a project's live (not replaced) lines
// as they would be after a change: every broken rule is one field error. The
// committed and disbursed money never exceeds the budget (which approved
// change requests move).
func CheckFunding(lines []FundingLine, budget int64) error {
	municipal, matching, higher := sums(lines)
	var p domain.Problems
	if municipal > domain.MaxMunicipalSubsidy {
		p.Add("amount", codeMunicipalCap, "max", domain.MaxMunicipalSubsidy, "total", municipal)
	}
	if matching > higher {
		p.Add("matching", codeMatchingCap, "matching", matching, "higher", higher)
	}
	if used := committedTotal(lines); used > budget {
		p.Add("amount", codeOverBudget, "excess", used-budget, "budget", budget, "committed", used)
	}
	if len(p) > 0 {
		return domain.Invalid(domain.Msg("the funding rules are not met", "不符合资金规则"), p...)
	}
	return nil
}

// yuan formats an amount with thousands separators.
func yuan(n int64) string {
	s := fmt.Sprint(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := ""
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += ","
		}
		out += string(c)
	}
	if neg {
		return "-" + out
	}
	return out
}

// FundingInput creates or edits a funding line; nil fields stay.
type FundingInput struct {
	Source      *string
	Amount      *int64
	Status      *string
	Matching    *bool
	MilestoneID *string
	Version     *int
}
