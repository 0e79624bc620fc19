package subsidy

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Source says how a declaration came in.
type Source string

const (
	SourceDeclared Source = "declared" // the enterprise declared it
	SourceImported Source = "imported" // the bureau imported it (批量导入)
)

// Declaration is an enterprise's R&D expense declaration for a year (研值在线).
type Declaration struct {
	ID             string
	OrganizationID string
	Year           int
	RDExpense      int64 // yuan
	Revenue        int64 // yuan
	RDStaff        int
	Tier           org.Tier // the organization's tier when it declared
	Source         Source
	Version        int
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// DeclarationView is a declaration with what a list shows of its organization.
type DeclarationView struct {
	Declaration
	OrganizationName string
	CreditCode       string
	District         string
	CurrentTier      org.Tier
}

// DeclarationFilter narrows the list of declarations.
type DeclarationFilter struct {
	Year           int
	District       string
	Tier           org.Tier // the organization's tier now
	Query          string   // the organization's name or credit code
	OrganizationID string   // set for an enterprise: its own only
}

// DeclarationInput creates or edits a declaration; nil fields stay.
type DeclarationInput struct {
	Year      *int
	RDExpense *int64
	Revenue   *int64
	RDStaff   *int
	Version   *int
}

// StoredBatch is a computed batch as kept: its totals, where it is, and the
// district totals the database aggregates from its lines.
type StoredBatch struct {
	ID            string
	Year          int
	Status        BatchStatus
	PolicyVersion int
	Budget        int64
	Total         int64
	Requested     int64
	Scaled        bool
	Enterprises   int
	ByDistrict    []DistrictTotal
	// Stale: the policy or a declaration changed since the batch was computed.
	Stale       bool
	ComputedAt  time.Time
	ComputedBy  string
	ApprovedAt  *time.Time
	PublishedAt *time.Time
	// Actions are what the reader may do to it now (the service sets them).
	Actions   []BatchAction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// LineView is one line of a batch with its organization's name.
type LineView struct {
	Line
	OrganizationName string
	CreditCode       string
	DistrictName     string
}

// MyLine is an enterprise's line of a published batch.
type MyLine struct {
	BatchID     string
	Year        int
	Line        Line
	PublishedAt time.Time
}

// StoredPolicy is a version of a year's policy.
type StoredPolicy struct {
	Policy
	Version int
	SetBy   string
	SetAt   time.Time
}

// Deps are what the service needs.
type Deps struct {
	Repo   Repository
	Orgs   Orgs
	Notify *notify.Service
	Audit  *audit.Service
	Tx     domain.Transactor
	Clock  domain.Clock
}

// Service runs 研值在线.
type Service struct{ Deps }

func NewService(d Deps) *Service { return &Service{d} }

// MinYear and MaxYear bound the years a declaration or a policy may name.
const (
	MinYear = 2020
	MaxYear = 2100
)

// MaxStaff bounds the R&D staff a declaration may name.
const MaxStaff = 1_000_000

// CheckFigures names every figure of a declaration that breaks a rule; it is
// the import's check too. The expense cannot exceed the revenue … except for
// enterprises without revenue yet, so that is not a rule.
func CheckFigures(p *domain.Problems, year *int, expense, revenue *int64, staff *int) {
	if year != nil && (*year < MinYear || *year > MaxYear) {
		p.Add("year", CodeYear, "min", MinYear, "max", MaxYear)
	}
	p.Money("rd_expense", expense, false)
	p.Money("revenue", revenue, false)
	if staff != nil && (*staff < 0 || *staff > MaxStaff) {
		p.Add("rd_staff", domain.CodeOutOfRange, "min", 0, "max", MaxStaff)
	}
}

func (s *Service) declarant(ctx context.Context, a domain.Actor) (org.Organization, error) {
	if !a.Is(domain.RoleEnterprise) || a.OrgID == "" {
		return org.Organization{}, domain.Forbidden(domain.Msg("only enterprises declare their R&D expense", "只有企业可以申报研发投入"))
	}
	o, err := s.Orgs.Get(ctx, a.OrgID)
	if err != nil {
		return org.Organization{}, err
	}
	if o.Type != org.TypeEnterprise {
		return org.Organization{}, domain.Forbidden(domain.Msg("only enterprises declare their R&D expense", "只有企业可以申报研发投入"))
	}
	return o, nil
}

// locked tells whether the year's batch is approved or published: its
// declarations are then final. It takes the year's lock first (the caller's
// transaction keeps it), so an approval committing meanwhile is seen.
func (s *Service) locked(ctx context.Context, year int) error {
	if err := s.Repo.LockYear(ctx, year); err != nil {
		return err
	}
	b, found, err := s.Repo.BatchOfYear(ctx, year)
	if err != nil {
		return err
	}
	if found && b.Status != BatchDraft {
		return domain.Conflict(domain.Msg("the %d subsidy batch is %s: its declarations can no longer change", "%d 年度补助批次已「%s」，申报数据不能再修改"), year, b.Status)
	}
	return nil
}

// Declare records the caller's enterprise's declaration for a year; a second
// one for the same year is a conflict (edit the first).
func (s *Service) Declare(ctx context.Context, a domain.Actor, in DeclarationInput) (Declaration, error) {
	o, err := s.declarant(ctx, a)
	if err != nil {
		return Declaration{}, err
	}
	var p domain.Problems
	p.Required(map[string]bool{"year": in.Year != nil, "rd_expense": in.RDExpense != nil, "revenue": in.Revenue != nil,
		"rd_staff": in.RDStaff != nil})
	CheckFigures(&p, in.Year, in.RDExpense, in.Revenue, in.RDStaff)
	if err := p.Err(); err != nil {
		return Declaration{}, err
	}
	now := s.Clock.Now()
	d := Declaration{ID: domain.NewID(), OrganizationID: o.ID, Year: *in.Year, RDExpense: *in.RDExpense, Revenue: *in.Revenue,
		RDStaff: *in.RDStaff, Tier: o.Tier, Source: SourceDeclared, Version: 1, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.locked(ctx, d.Year); err != nil {
			return err
		}
		if err := s.Repo.CreateDeclaration(ctx, d); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("your organization has declared for %d already: edit that declaration", "贵单位已申报 %d 年度研发投入，请修改该申报"), d.Year)
			}
			return err
		}
		return s.Audit.Record(ctx, a, audit.Entry{Action: "rd_declaration.create", Entity: "rd_declaration", EntityID: d.ID,
			Changes: map[string]any{"organization_id": d.OrganizationID, "year": d.Year, "rd_expense": d.RDExpense,
				"revenue": d.Revenue, "rd_staff": d.RDStaff}})
	})
	return d, err
}

// Get is one declaration: its enterprise's users, program managers and admins.
func (s *Service) Get(ctx context.Context, a domain.Actor, id string) (Declaration, error) {
	d, err := s.Repo.Declaration(ctx, id)
	if err != nil {
		return Declaration{}, err
	}
	if !a.IsStaff() && (a.OrgID == "" || a.OrgID != d.OrganizationID) {
		return Declaration{}, domain.NotFound(domain.Msg("declaration %s not found", "未找到研发投入申报 %s"), id)
	}
	return d, nil
}

// Update edits the caller's own declaration while the year's batch is not approved.
func (s *Service) Update(ctx context.Context, a domain.Actor, id string, in DeclarationInput) (Declaration, error) {
	var d Declaration
	err := s.Tx.InTx(ctx, func(ctx context.Context) error {
		o, err := s.declarant(ctx, a)
		if err != nil {
			return err
		}
		if d, err = s.Repo.Declaration(ctx, id); err != nil {
			return err
		}
		if d.OrganizationID != o.ID {
			return domain.NotFound(domain.Msg("declaration %s not found", "未找到研发投入申报 %s"), id)
		}
		if in.Year != nil && *in.Year != d.Year {
			return domain.Invalid(domain.Msg("the year of a declaration does not change", "申报年度不能修改"), domain.Problem("year", codeYearFixed))
		}
		if err := domain.CheckVersion("declaration", id, d.Version, in.Version); err != nil {
			return err
		}
		var p domain.Problems
		CheckFigures(&p, nil, in.RDExpense, in.Revenue, in.RDStaff)
		if err := p.Err(); err != nil {
			return err
		}
		if err := s.locked(ctx, d.Year); err != nil {
			return err
		}
		before := map[string]any{"rd_expense": d.RDExpense, "revenue": d.Revenue, "rd_staff": d.RDStaff}
		old := d.Version
		if in.RDExpense != nil {
			d.RDExpense = *in.RDExpense
		}
		if in.Revenue != nil {
			d.Revenue = *in.Revenue
		}
		if in.RDStaff != nil {
			d.RDStaff = *in.RDStaff
		}
		d.Tier, d.Source, d.Version, d.UpdatedAt = o.Tier, SourceDeclared, d.Version+1, s.Clock.Now()
		if err := s.Repo.UpdateDeclaration(ctx, d, old); err != nil {
			return err
		}
		return s.Audit.Record(ctx, a, audit.Entry{Action: "rd_declaration.update", Entity: "rd_declaration", EntityID: d.ID,
			Changes: map[string]any{"before": before, "after": map[string]any{"rd_expense": d.RDExpense, "revenue": d.Revenue,
				"rd_staff": d.RDStaff}}})
	})
	return d, err
}

// List: program managers and admins see every declaration; an enterprise its own.
func (s *Service) List(ctx context.Context, a domain.Actor, f DeclarationFilter, p domain.Page) (domain.List[DeclarationView], error) {
	switch {
	case a.IsStaff():
	case a.Is(domain.RoleEnterprise) && a.OrgID != "":
		f.OrganizationID = a.OrgID
	default:
		return domain.List[DeclarationView]{}, domain.Forbidden(domain.Msg("only enterprises, program managers and admins read R&D declarations", "只有企业、项目主管和平台管理员可以查看研发投入申报"))
	}
	if f.Year != 0 && (f.Year < MinYear || f.Year > MaxYear) {
		return domain.List[DeclarationView]{}, domain.Invalid(domain.Msg("no such year", "年份无效"), domain.Problem("year", CodeYear, "min", MinYear, "max", MaxYear))
	}
	return domain.Paginate(p, func(d DeclarationView) string { return d.ID },
		func(p domain.Page) ([]DeclarationView, error) { return s.Repo.Declarations(ctx, f, p) })
}

// PolicyInput is a year's policy as a caller sends it: rates in percent.
type PolicyInput struct {
	Rates      map[string]float64
	Cap        *int64
	MinExpense *int64
	Budget     *int64
	Version    *int // the version the caller saw (0: there was none)
}

func checkYear(year int) error {
	if year < MinYear || year > MaxYear {
		return domain.Invalid(domain.Msg("no such year", "年份无效"), domain.Problem("year", CodeYear, "min", MinYear, "max", MaxYear))
	}
	return nil
}

// Policy is the year's policy in force (program managers and admins).
func (s *Service) Policy(ctx context.Context, a domain.Actor, year int) (StoredPolicy, error) {
	if !a.IsStaff() {
		return StoredPolicy{}, domain.Forbidden(domain.Msg("only program managers and admins read the subsidy policy", "只有项目主管和平台管理员可以查看补助政策"))
	}
	if err := checkYear(year); err != nil {
		return StoredPolicy{}, err
	}
	p, found, err := s.Repo.Policy(ctx, year, 0)
	if err != nil {
		return StoredPolicy{}, err
	}
	if !found {
		return StoredPolicy{}, domain.NotFound(domain.Msg("no subsidy policy is set for %d", "%d 年度尚未设置研发后补助政策"), year)
	}
	return p, nil
}

// SetPolicy stores a new version of the year's policy (program managers and
// admins), audited with the one it replaces. Once the year's batch is
// approved the policy it was computed with is final.
func (s *Service) SetPolicy(ctx context.Context, a domain.Actor, year int, in PolicyInput) (StoredPolicy, error) {
	if !a.IsStaff() {
		return StoredPolicy{}, domain.Forbidden(domain.Msg("only program managers and admins set the subsidy policy", "只有项目主管和平台管理员可以设置补助政策"))
	}
	if err := checkYear(year); err != nil {
		return StoredPolicy{}, err
	}
	var pr domain.Problems
	pr.Required(map[string]bool{"rates": len(in.Rates) > 0, "cap_per_enterprise": in.Cap != nil, "budget": in.Budget != nil})
	pol := Policy{Year: year, Rates: map[org.Tier]BasisPoints{}}
	for k, v := range in.Rates {
		bp := math.Round(v * 100)
		if math.IsNaN(v) || v < 0 || v > 100 || math.Abs(bp-v*100) > 1e-6 {
			pr.Add("rates."+k, codeRate)
			continue
		}
		pol.Rates[org.Tier(k)] = BasisPoints(bp)
	}
	if in.Cap != nil {
		pol.Cap = *in.Cap
	}
	if in.Budget != nil {
		pol.Budget = *in.Budget
	}
	if in.MinExpense != nil {
		pol.MinExpense = *in.MinExpense
	}
	pr = append(pr, pol.Validate()...)
	if err := pr.Err(); err != nil {
		return StoredPolicy{}, err
	}
	var sp StoredPolicy
	err := s.Tx.InTx(ctx, func(ctx context.Context) error {
		before, found, err := s.Repo.Policy(ctx, year, 0)
		if err != nil {
			return err
		}
		if in.Version != nil && *in.Version != before.Version {
			return domain.Conflict(domain.Msg("the %d subsidy policy is at version %d, not %d: reload and try again", "%d 年度补助政策已更新为第 %d 版（您看到的是第 %d 版），请刷新后重试"), year, before.Version, *in.Version)
		}
		if err := s.locked(ctx, year); err != nil {
			return err
		}
		sp = StoredPolicy{Policy: pol, Version: before.Version + 1, SetBy: a.UserID, SetAt: s.Clock.Now()}
		if err := s.Repo.AddPolicy(ctx, sp); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("someone else set the %d subsidy policy at the same time: reload and try again", "他人同时设置了 %d 年度补助政策，请刷新后重试"), year)
			}
			return err
		}
		ch := map[string]any{"version": sp.Version, "after": policyRecord(sp.Policy)}
		if found {
			ch["before"] = policyRecord(before.Policy)
		}
		return s.Audit.Record(ctx, a, audit.Entry{Action: "subsidy_policy.set", Entity: "subsidy_policy", EntityID: fmt.Sprint(year), Changes: ch})
	})
	return sp, err
}

func policyRecord(p Policy) map[string]any {
	rates := map[string]float64{}
	for t, r := range p.Rates {
		rates[string(t)] = float64(r) / 100
	}
	return map[string]any{"rates": rates, "cap_per_enterprise": p.Cap, "min_expense": p.MinExpense, "budget": p.Budget}
}

func (s *Service) compute(ctx context.Context, year int) (StoredPolicy, Batch, error) {
	pol, found, err := s.Repo.Policy(ctx, year, 0)
	if err != nil {
		return StoredPolicy{}, Batch{}, err
	}
	if !found {
		return StoredPolicy{}, Batch{}, domain.Invalid(domain.Msg("set the year's subsidy policy first", "请先设置该年度的补助政策"), domain.Problem("year", codeNoPolicy, "year", year))
	}
	applicants, err := s.Repo.Applicants(ctx, year)
	if err != nil {
		return StoredPolicy{}, Batch{}, err
	}
	return pol, Compute(pol.Policy, applicants), nil
}

// Compute computes the year's batch with the policy in force (一键生成):
// program managers; one batch per year.
func (s *Service) Compute(ctx context.Context, a domain.Actor, year int) (StoredBatch, error) {
	if !a.Is(domain.RoleProgramManager) {
		return StoredBatch{}, domain.Forbidden(domain.Msg("only program managers compute subsidy batches", "只有项目主管可以核算补助批次"))
	}
	if err := checkYear(year); err != nil {
		return StoredBatch{}, err
	}
	var id string
	err := s.Tx.InTx(ctx, func(ctx context.Context) error {
		pol, b, err := s.compute(ctx, year)
		if err != nil {
			return err
		}
		now := s.Clock.Now()
		sb := StoredBatch{ID: domain.NewID(), Year: year, Status: BatchDraft, PolicyVersion: pol.Version, Budget: pol.Budget,
			Total: b.Total, Requested: b.Requested, Scaled: b.Scaled, ComputedAt: now, ComputedBy: a.UserID, Version: 1,
			CreatedAt: now, UpdatedAt: now}
		if err := s.Repo.CreateBatch(ctx, sb, b.Lines); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("the %d subsidy batch exists already: recompute it while it is a draft", "%d 年度补助批次已存在：草稿状态下可重新核算"), year)
			}
			return err
		}
		id = sb.ID
		return s.Audit.Record(ctx, a, audit.Entry{Action: "subsidy_batch.compute", Entity: "subsidy_batch", EntityID: sb.ID,
			Changes: batchRecord(sb, len(b.Lines))})
	})
	if err != nil {
		return StoredBatch{}, err
	}
	return s.read(ctx, a, id)
}

func batchRecord(b StoredBatch, lines int) map[string]any {
	return map[string]any{"year": b.Year, "policy_version": b.PolicyVersion, "lines": lines, "total": b.Total,
		"requested": b.Requested, "scaled": b.Scaled}
}

// Batch is one batch with its district totals (program managers and admins).
func (s *Service) Batch(ctx context.Context, a domain.Actor, id string) (StoredBatch, error) {
	if !a.IsStaff() {
		return StoredBatch{}, domain.Forbidden(domain.Msg("only program managers and admins read subsidy batches", "只有项目主管和平台管理员可以查看补助批次"))
	}
	return s.read(ctx, a, id)
}

// Batches lists every year's batch, newest year first (one per year).
func (s *Service) Batches(ctx context.Context, a domain.Actor) ([]StoredBatch, error) {
	if !a.IsStaff() {
		return nil, domain.Forbidden(domain.Msg("only program managers and admins read subsidy batches", "只有项目主管和平台管理员可以查看补助批次"))
	}
	bs, err := s.Repo.Batches(ctx)
	for i := range bs {
		bs[i].Actions = batchActions(a, bs[i])
	}
	return bs, err
}

// read is a batch as the caller sees it, with what it may do now.
func (s *Service) read(ctx context.Context, a domain.Actor, id string) (StoredBatch, error) {
	b, err := s.Repo.Batch(ctx, id)
	b.Actions = batchActions(a, b)
	return b, err
}

// batchActions: program managers recompute a draft and move the batch on
// (BatchMachine); everyone else reads it.
func batchActions(a domain.Actor, b StoredBatch) []BatchAction {
	out := []BatchAction{}
	if !a.Is(domain.RoleProgramManager) {
		return out
	}
	if b.Status == BatchDraft {
		out = append(out, BatchRecompute)
	}
	for _, act := range BatchMachine.Actions() {
		if BatchMachine.Allows(act, b.Status) {
			out = append(out, act)
		}
	}
	return out
}

// Lines is one page of a batch's lines, by organization.
func (s *Service) Lines(ctx context.Context, a domain.Actor, id string, p domain.Page) (domain.List[LineView], error) {
	if _, err := s.Batch(ctx, a, id); err != nil {
		return domain.List[LineView]{}, err
	}
	return domain.Paginate(p, func(l LineView) string { return l.OrganizationID },
		func(p domain.Page) ([]LineView, error) { return s.Repo.Lines(ctx, id, p) })
}

// Recompute computes a draft batch again with the policy and declarations of
// now. Two at once: one wins, the other is a conflict (the version moved).
func (s *Service) Recompute(ctx context.Context, a domain.Actor, id string, version *int) (StoredBatch, error) {
	if !a.Is(domain.RoleProgramManager) {
		return StoredBatch{}, domain.Forbidden(domain.Msg("only program managers compute subsidy batches", "只有项目主管可以核算补助批次"))
	}
	err := s.Tx.InTx(ctx, func(ctx context.Context) error {
		old, err := s.Repo.Batch(ctx, id)
		if err != nil {
			return err
		}
		if old.Status != BatchDraft {
			return domain.Conflict(domain.Msg("the batch is %s: only a draft is recomputed", "补助批次为「%s」，只有草稿可以重新核算"), old.Status)
		}
		if err := domain.CheckVersion("subsidy batch", id, old.Version, version); err != nil {
			return err
		}
		pol, b, err := s.compute(ctx, old.Year)
		if err != nil {
			return err
		}
		now := s.Clock.Now()
		sb := old
		sb.PolicyVersion, sb.Budget, sb.Total, sb.Requested, sb.Scaled = pol.Version, pol.Budget, b.Total, b.Requested, b.Scaled
		sb.ComputedAt, sb.ComputedBy, sb.Version, sb.UpdatedAt = now, a.UserID, old.Version+1, now
		if err := s.Repo.ReplaceBatch(ctx, sb, old.Version, b.Lines); err != nil {
			return err
		}
		return s.Audit.Record(ctx, a, audit.Entry{Action: "subsidy_batch.recompute", Entity: "subsidy_batch", EntityID: id,
			Changes: map[string]any{"before": batchRecord(old, old.Enterprises), "after": batchRecord(sb, len(b.Lines))}})
	})
	if err != nil {
		return StoredBatch{}, err
	}
	return s.read(ctx, a, id)
}

// Approve fixes a draft batch; its year's declarations and policy are final from now on.
func (s *Service) Approve(ctx context.Context, a domain.Actor, id string, version *int) (StoredBatch, error) {
	return s.move(ctx, a, id, version, BatchApprove)
}

// Publish tells the enterprises with a line; each sees its own from now on.
func (s *Service) Publish(ctx context.Context, a domain.Actor, id string, version *int) (StoredBatch, error) {
	return s.move(ctx, a, id, version, BatchPublish)
}

func (s *Service) move(ctx context.Context, a domain.Actor, id string, version *int, act BatchAction) (StoredBatch, error) {
	if !a.Is(domain.RoleProgramManager) {
		return StoredBatch{}, domain.Forbidden(domain.Msg("only program managers approve and publish subsidy batches", "只有项目主管可以审定和公布补助批次"))
	}
	err := s.Tx.InTx(ctx, func(ctx context.Context) error {
		b, err := s.Repo.Batch(ctx, id)
		if err != nil {
			return err
		}
		// Read again under the year's lock: a declaration edited meanwhile
		// (it holds the lock until it commits) makes the batch stale.
		if err := s.Repo.LockYear(ctx, b.Year); err != nil {
			return err
		}
		if b, err = s.Repo.Batch(ctx, id); err != nil {
			return err
		}
		from := b.Status
		to, err := BatchMachine.Next(act, from)
		if err != nil {
			return err
		}
		if err := domain.CheckVersion("subsidy batch", id, b.Version, version); err != nil {
			return err
		}
		if to == BatchApproved && b.Stale {
			return domain.Conflict(domain.Msg("the policy or a declaration changed since the batch was computed: recompute it first", "核算后补助政策或申报数据有变动，请先重新核算"))
		}
		now := s.Clock.Now()
		if err := s.Repo.SetBatchStatus(ctx, id, from, to, b.Version, a.UserID, now); err != nil {
			return err
		}
		if err := s.Audit.Record(ctx, a, audit.Entry{Action: "subsidy_batch." + string(act), Entity: "subsidy_batch", EntityID: id,
			Changes: map[string]any{"status": []BatchStatus{from, to}, "year": b.Year, "total": b.Total}}); err != nil {
			return err
		}
		if to != BatchPublished {
			return nil
		}
		orgs, err := s.Repo.LineOrganizations(ctx, id)
		if err != nil {
			return err
		}
		return s.Notify.ToOrgs(ctx, orgs, notify.Message{Kind: "subsidy.published", Entity: "subsidy_batch", EntityID: id,
			Text: fmt.Sprintf("%d 年度研发后补助已公布，请在「研发后补助」查看贵单位的补助金额", b.Year), Data: map[string]any{"year": b.Year}})
	})
	if err != nil {
		return StoredBatch{}, err
	}
	return s.read(ctx, a, id)
}

// Mine is the caller's enterprise's lines of published batches.
func (s *Service) Mine(ctx context.Context, a domain.Actor) ([]MyLine, error) {
	if !a.Is(domain.RoleEnterprise) || a.OrgID == "" {
		return nil, domain.Forbidden(domain.Msg("only enterprises have R&D subsidies", "只有企业享有研发后补助"))
	}
	return s.Repo.MyLines(ctx, a.OrgID)
}

// Export writes the batch's lines and its district summary (program managers and admins).
func (s *Service) Export(ctx context.Context, a domain.Actor, id string, sink ExportSink) error {
	b, err := s.Batch(ctx, a, id)
	if err != nil {
		return err
	}
	if err := sink.Sheet(fmt.Sprintf("%d年度研发后补助", b.Year), LineHeaders); err != nil {
		return err
	}
	after := ""
	for {
		ls, err := s.Repo.Lines(ctx, id, domain.Page{Limit: 1000, After: after})
		if err != nil {
			return err
		}
		for _, l := range ls {
			changed := "否"
			if l.TierChanged {
				changed = "是"
			}
			if err := sink.Row(l.OrganizationName, l.CreditCode, orNone(l.DistrictName), TierName(l.Tier), changed,
				Money(l.RDExpense), Money(l.Computed), Money(l.Amount)); err != nil {
				return err
			}
			after = l.OrganizationID
		}
		if len(ls) < 1000 {
			break
		}
	}
	if err := sink.Sheet("区县汇总", DistrictHeaders); err != nil {
		return err
	}
	for _, d := range b.ByDistrict {
		if err := sink.Row(orNone(d.Name), d.Enterprises, Money(d.Total)); err != nil {
			return err
		}
	}
	return sink.Row("合计", b.Enterprises, Money(b.Total))
}

func orNone(s string) string {
	if s == "" {
		return "（未填写）"
	}
	return s
}

// Money marks an amount of yuan for the sink.
type Money int64

// ExportSink receives sheets and their rows.
type ExportSink interface {
	Sheet(name string, header []string) error
	Row(values ...any) error
}

// The export's headers, as the bureau reads them.
var (
	LineHeaders     = []string{"企业名称", "统一社会信用代码", "所在区县", "企业层级(核算时)", "层级有变化", "研发费用(元)", "核定补助(元)", "拨付金额(元)"}
	DistrictHeaders = []string{"区县", "企业数", "补助总额(元)"}
)

var tierNames = map[org.Tier]string{org.TierTechSME: "科技型中小企业", org.TierHighTech: "高新技术企业",
	org.TierLittleGiant: "科技小巨人", org.TierLeader: "科技领军企业"}

// TierName is the tier's Chinese name.
func TierName(t org.Tier) string {
	if n, ok := tierNames[t]; ok {
		return n
	}
	return string(t)
}

var (
	CodeYear      = domain.NewCode("subsidy.year", "must be a year from {min} to {max}", "须为 {min} 至 {max} 之间的年份")
	codeYearFixed = domain.NewCode("subsidy.year_fixed", "the year of a declaration does not change", "申报年度不能修改")
	codeNoPolicy  = domain.NewCode("subsidy.no_policy", "no subsidy policy is set for {year}: set it first", "{year} 年度尚未设置补助政策，请先设置")
)
