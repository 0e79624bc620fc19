package portfolio

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// ProjectRecord is one project as exported.
type ProjectRecord struct {
	ID, Code, Title, Category, Field, Lead, District, Stage, Origin string
	TRL                                                             int
	Budget, Funding                                                 int64
	CreatedAt                                                       time.Time
}

// ChallengeRecord is one challenge as exported.
type ChallengeRecord struct {
	ID, Title, Owner, Field, Category, Status string
	Commitment, Support                       int64
	FundingCap                                *int64
	Deadline                                  *time.Time
	Bids                                      int64
	// BidsUnsealed: the deadline passed while the challenge was open (see
	// challenge.Challenge.BidsUnsealed); before that only program managers
	// (and the owner, who does not export) may know how many bids came in.
	BidsUnsealed bool
	CreatedAt    time.Time
}

// ConsortiumRecord is one consortium as exported.
type ConsortiumRecord struct {
	ID, Name, Model, Lead, Field, Status string
	Members                              int64
	CreatedAt                            time.Time
	ApprovedAt                           *time.Time
}

// OutputRecord is one output (成果) as exported.
type OutputRecord struct {
	ID, ProjectCode, ProjectTitle, Lead, Field, Type, Title, Reference, Date string
	Landmark                                                                 bool
}

// ExportRepository reads records in keyset batches (after = the last id of
// the previous batch, "" at the start), each batch one query.
type ExportRepository interface {
	ProjectRecords(ctx context.Context, f Filter, after string, limit int) ([]ProjectRecord, error)
	ChallengeRecords(ctx context.Context, f Filter, now time.Time, after string, limit int) ([]ChallengeRecord, error)
	ConsortiumRecords(ctx context.Context, f Filter, after string, limit int) ([]ConsortiumRecord, error)
	OutputRecords(ctx context.Context, f Filter, after string, limit int) ([]OutputRecord, error)
}

// Sink receives exported rows one at a time.
type Sink interface {
	Row(values ...any) error
}

// Money marks an amount in yuan for the sink.
type Money int64

const exportBatch = 1000

// Exporter streams what managers can list into a sink.
type Exporter struct {
	repo  ExportRepository
	clock domain.Clock
}

func NewExporter(repo ExportRepository, clock domain.Clock) *Exporter {
	return &Exporter{repo: repo, clock: clock}
}

// ExportKinds lists what can be exported.
func ExportKinds() []string { return []string{"projects", "challenges", "consortia", "outputs"} }

// Kinds of export and their header rows (Chinese, as the bureau reads them).
var Headers = map[string][]string{
	"projects":   {"项目编号", "项目名称", "项目类别", "技术领域", "牵头单位", "所在区县", "阶段", "来源", "技术成熟度(TRL)", "预算(元)", "到位资金(元)", "创建时间"},
	"challenges": {"榜单名称", "出题企业", "技术领域", "项目类别", "状态", "揭榜金额(元)", "申请政府支持(元)", "政府资助上限(元)", "揭榜截止时间", "揭榜申请数", "创建时间"},
	"consortia":  {"联合体名称", "组建模式", "牵头企业", "技术领域", "状态", "成员单位数", "创建时间", "批准时间"},
	"outputs":    {"项目编号", "项目名称", "牵头单位", "技术领域", "成果类型", "成果名称", "编号/DOI", "日期", "标志性成果"},
}

// The words a spreadsheet writes for the keys the database keeps: the
// bureau reads 科技攻关, never "research"; no internal id is written.
var (
	originWords = map[string]string{"challenge": "揭榜挂帅", "application": "自主申报", "consortium": "创新联合体"}
	modelWords  = map[string]string{"task_oriented": "任务导向", "equity_linked": "股权纽带", "grant_to_investment": "拨改投"}
	outputWords = map[string]string{"patent": "专利", "paper": "论文", "standard": "标准", "software": "软件著作权",
		"product": "新产品", "award": "奖励", "other": "其他"}
	yesNo = map[bool]string{true: "是", false: "否"}
)

func zh(words map[string]string, key string) string {
	if w, ok := words[key]; ok {
		return w
	}
	return key
}

func status(key string) string { return domain.StatusLabel(key, domain.Chinese) }

// Export writes every record of the kind the filter selects; program
// managers and admins only. Rows go to the sink as they are read.
func (e *Exporter) Export(ctx context.Context, a domain.Actor, what string, f Filter, sink Sink) error {
	if !a.IsStaff() {
		return domain.Forbidden(domain.Msg("only program managers and admins export", "只有项目主管和平台管理员可以导出"))
	}
	after := ""
	for {
		var n int
		var err error
		switch what {
		case "projects":
			var rs []ProjectRecord
			if rs, err = e.repo.ProjectRecords(ctx, f, after, exportBatch); err != nil {
				return err
			}
			for _, r := range rs {
				if err := sink.Row(r.Code, r.Title, r.Category, r.Field, r.Lead, r.District, status(r.Stage), zh(originWords, r.Origin), r.TRL,
					Money(r.Budget), Money(r.Funding), r.CreatedAt); err != nil {
					return err
				}
				after = r.ID
			}
			n = len(rs)
		case "challenges":
			var rs []ChallengeRecord
			if rs, err = e.repo.ChallengeRecords(ctx, f, e.clock.Now(), after, exportBatch); err != nil {
				return err
			}
			for _, r := range rs {
				var cap any
				if r.FundingCap != nil {
					cap = Money(*r.FundingCap)
				}
				var bids any
				if r.BidsUnsealed || a.Is(domain.RoleProgramManager) {
					bids = r.Bids
				}
				if err := sink.Row(r.Title, r.Owner, r.Field, r.Category, status(r.Status), Money(r.Commitment), Money(r.Support),
					cap, r.Deadline, bids, r.CreatedAt); err != nil {
					return err
				}
				after = r.ID
			}
			n = len(rs)
		case "consortia":
			var rs []ConsortiumRecord
			if rs, err = e.repo.ConsortiumRecords(ctx, f, after, exportBatch); err != nil {
				return err
			}
			for _, r := range rs {
				if err := sink.Row(r.Name, zh(modelWords, r.Model), r.Lead, r.Field, status(r.Status), r.Members, r.CreatedAt, r.ApprovedAt); err != nil {
					return err
				}
				after = r.ID
			}
			n = len(rs)
		case "outputs":
			var rs []OutputRecord
			if rs, err = e.repo.OutputRecords(ctx, f, after, exportBatch); err != nil {
				return err
			}
			for _, r := range rs {
				if err := sink.Row(r.ProjectCode, r.ProjectTitle, r.Lead, r.Field, zh(outputWords, r.Type), r.Title, r.Reference, r.Date,
					yesNo[r.Landmark]); err != nil {
					return err
				}
				after = r.ID
			}
			n = len(rs)
		default:
			return domain.BadRequest(domain.Msg("what must be projects, challenges, consortia or outputs", "what 须为 projects、challenges、consortia 或 outputs"))
		}
		if n < exportBatch {
			return nil
		}
	}
}
