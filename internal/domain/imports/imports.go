// Package imports brings organizations and projects in from spreadsheets (批量导入):
// every row is checked, any bad row refuses the whole file with every problem
// named by row and column, and a good file is imported in one transaction.
package imports

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
)

// MaxRows is the most rows one file may hold.
const MaxRows = 10000

// Column is one column of a template: its header and its field name.
type Column struct {
	Header string
	Field  string
}

// textKind is how much of a line the column's cells may span: a project's
// summary is long text, every other cell one line.
func (c Column) textKind() domain.TextKind {
	if c.Field == "summary" {
		return domain.MultiLine
	}
	return domain.SingleLine
}

// OrganizationColumns and ProjectColumns are the templates' columns, in order.
var (
	OrganizationColumns = []Column{{"单位名称", "name"}, {"单位类型", "type"}, {"企业层级", "tier"},
		{"统一社会信用代码", "credit_code"}, {"国家/地区", "country"}, {"所在区县", "district"}}
	DeclarationColumns = []Column{{"统一社会信用代码", "credit_code"}, {"年度", "year"}, {"研发费用(元)", "rd_expense"},
		{"营业收入(元)", "revenue"}, {"研发人员(人)", "rd_staff"}}
	ProjectColumns = []Column{{"项目名称", "title"}, {"项目简介", "summary"}, {"项目类别", "category"}, {"技术领域", "field"},
		{"牵头单位", "lead"}, {"预算(元)", "budget"}, {"技术成熟度(TRL)", "trl"}, {"阶段", "stage"}}
)

// Examples are the templates' example rows.
var (
	OrganizationExample = []string{"宁波示例新材料科技有限公司", "企业", "高新技术企业", org.WithCheckChar("91330200MA2999999"), "CN", "镇海"}
	DeclarationExample  = []string{org.WithCheckChar("91330200MA2999999"), "2026", "12000000", "150000000", "85"}
	ProjectExample      = []string{"高性能示例材料研发", "项目简介……", "关键技术突破", "前沿新材料", "宁波大学", "5000000", "4", "科技攻关"}
)

// Result says what a file held and what was imported.
type Result struct {
	Rows     int
	Imported int
	DryRun   bool
}

// Repositories are what the importer writes to and looks up in.
type Repositories struct {
	Orgs interface {
		Create(ctx context.Context, o org.Organization) error
		ByCreditCodes(ctx context.Context, codes []string) ([]org.Organization, error)
		ByNames(ctx context.Context, names []string) ([]org.Organization, error)
	}
	Projects interface {
		Create(ctx context.Context, p project.Project, members []project.Member, lines []project.FundingLine, first project.StageChange) error
		NextCode(ctx context.Context, year int) (int, error)
	}
	Reference    reference.Repository
	Declarations interface {
		DeclarationsOf(ctx context.Context, year int, orgIDs []string) (map[string]subsidy.Declaration, error)
		UpsertDeclarations(ctx context.Context, created, updated []subsidy.Declaration) error
		BatchOfYear(ctx context.Context, year int) (subsidy.StoredBatch, bool, error)
	}
}

// Service imports files.
type Service struct {
	repos Repositories
	tx    domain.Transactor
	audit *audit.Service
	clock domain.Clock
}

func NewService(r Repositories, tx domain.Transactor, a *audit.Service, clock domain.Clock) *Service {
	return &Service{repos: r, tx: tx, audit: a, clock: clock}
}

// sheet maps a file's rows onto the template's columns.
type sheet struct {
	cols  []Column
	index map[string]int
	rows  [][]string
	probs domain.Problems
	// failed holds the cells that have their problem: a cell is named once,
	// for the first thing wrong with it (a refused text is blanked, and its
	// emptiness is no second problem).
	failed map[string]bool
}

func readSheet(rows [][]string, cols []Column) (*sheet, error) {
	if len(rows) == 0 {
		return nil, domain.Invalid(domain.Msg("the sheet is empty: start from the template", "表格为空：请从模板开始填写"), domain.Problem("file", codeNoHeader))
	}
	s := &sheet{cols: cols, index: map[string]int{}, rows: rows[1:]}
	for i, h := range rows[0] {
		s.index[strings.TrimSpace(h)] = i
	}
	var p domain.Problems
	for _, c := range cols {
		if _, ok := s.index[c.Header]; !ok {
			p.Add("header", codeMissingColumn, "column", c.Header)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	// Trailing empty rows are not rows.
	for len(s.rows) > 0 && blank(s.rows[len(s.rows)-1]) {
		s.rows = s.rows[:len(s.rows)-1]
	}
	if len(s.rows) == 0 {
		return nil, domain.Invalid(domain.Msg("the sheet has no rows to import", "表格中没有可导入的数据"), domain.Problem("file", codeNoRows))
	}
	if len(s.rows) > MaxRows {
		return nil, domain.Invalid(domain.Msg("too many rows", "行数过多"), domain.Problem("file", codeTooManyRows, "max", MaxRows))
	}
	// A cell may hold what no database stores (an escaped _x0000_ is NUL),
	// or what its field refuses (a line break in a name, a control or
	// text-direction character): named like any other bad cell, on the dry
	// run too. Line ends in a long text arrive as LF.
	for i := range s.rows {
		for _, c := range cols {
			j := s.index[c.Header]
			if j >= len(s.rows[i]) {
				continue
			}
			kind := c.textKind()
			if kind == domain.MultiLine {
				s.rows[i][j] = domain.NormalizeLines(s.rows[i][j])
			}
			switch cell := s.rows[i][j]; {
			case !domain.StorableText(cell):
				s.fail(i, c.Field, domain.CodeBadText)
			case !domain.CleanText(cell, kind):
				s.fail(i, c.Field, kind.Code())
			default:
				continue
			}
			s.rows[i][j] = "" // never sent to a lookup; the problem refuses the file anyway
		}
	}
	return s, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// get is the cell of row i (0-based, after the header) in the column.
func (s *sheet) get(i int, field string) string {
	for _, c := range s.cols {
		if c.Field == field {
			j := s.index[c.Header]
			if j < len(s.rows[i]) {
				return strings.TrimSpace(s.rows[i][j])
			}
		}
	}
	return ""
}

// fail records a problem of row i (0-based) in a column; the row number is
// the spreadsheet's own (the header is row 1).
func (s *sheet) fail(i int, field string, code domain.Code, kv ...any) {
	s.failWith(i, domain.Problem(field, code, kv...))
}

// failWith records a problem found by a check of its own (its field is the column's).
func (s *sheet) failWith(i int, p domain.FieldError) {
	field := fmt.Sprintf("rows[%d].%s", i+2, p.Field)
	if s.failed[field] {
		return
	}
	if s.failed == nil {
		s.failed = map[string]bool{}
	}
	s.failed[field] = true
	header := p.Field
	for _, c := range s.cols {
		if c.Field == p.Field {
			header = c.Header
		}
	}
	s.probs = append(s.probs, domain.Problem(field, domain.CodeRow,
		"row", i+2, "column", header, "problem", p))
}

func (s *sheet) err() error {
	if len(s.probs) == 0 {
		return nil
	}
	rows := map[string]bool{}
	for _, p := range s.probs {
		rows[strings.SplitN(p.Field, ".", 2)[0]] = true
	}
	return domain.Invalidf(s.probs, domain.Msg("%d of %d rows have problems; nothing was imported", "%[2]d 行中有 %[1]d 行有问题，未导入任何数据"), len(rows), len(s.rows))
}

var orgTypes = map[string]string{"企业": "enterprise", "科研院所": "research_institute", "研究院": "research_institute",
	"高校": "university", "大学": "university", "政府机关": "government", "金融机构": "financial", "其他": "other"}
var tiers = map[string]string{"科技型中小企业": "tech_sme", "高新技术企业": "high_tech", "科技小巨人": "little_giant", "科技领军企业": "leader"}

func alias(m map[string]string, v string) string {
	if k, ok := m[v]; ok {
		return k
	}
	return v
}

// Organizations imports organizations (admins); they are created verified.
func (s *Service) Organizations(ctx context.Context, a domain.Actor, rows [][]string, dryRun bool) (Result, error) {
	if !a.Is(domain.RoleAdmin) {
		return Result{}, domain.Forbidden(domain.Msg("only admins import organizations", "只有平台管理员可以导入单位"))
	}
	sh, err := readSheet(rows, OrganizationColumns)
	if err != nil {
		return Result{}, err
	}
	districts, err := s.repos.Reference.ListDistricts(ctx)
	if err != nil {
		return Result{}, err
	}
	districtID := map[string]string{}
	for _, d := range districts {
		districtID[d.ID], districtID[d.Name] = d.ID, d.ID
	}
	var codes []string
	for i := range sh.rows {
		if c := sh.get(i, "credit_code"); c != "" {
			codes = append(codes, c)
		}
	}
	existing, err := s.repos.Orgs.ByCreditCodes(ctx, codes)
	if err != nil {
		return Result{}, err
	}
	taken := map[string]bool{}
	for _, o := range existing {
		taken[o.CreditCode] = true
	}
	seen := map[string]int{}
	var orgs []org.Organization
	for i := range sh.rows {
		district := sh.get(i, "district")
		if id, ok := districtID[district]; ok {
			district = id
		}
		d := org.Draft{Name: sh.get(i, "name"), Type: alias(orgTypes, sh.get(i, "type")), Tier: alias(tiers, sh.get(i, "tier")),
			CreditCode: sh.get(i, "credit_code"), Country: strings.ToUpper(sh.get(i, "country")), District: district}
		o, probs := d.Validate("", func(id string) bool { _, ok := districtID[id]; return ok })
		for _, p := range probs {
			sh.failWith(i, p)
		}
		if o.CreditCode != "" {
			if taken[o.CreditCode] {
				sh.fail(i, "credit_code", codeCreditCodeTaken)
			} else if first, dup := seen[o.CreditCode]; dup {
				sh.fail(i, "credit_code", codeCreditCodeTwice, "row", first+2)
			}
			seen[o.CreditCode] = i
		}
		orgs = append(orgs, o)
	}
	return s.write(ctx, sh, dryRun, len(orgs), func(ctx context.Context) error {
		now := s.clock.Now()
		for _, o := range orgs {
			o.ID, o.Status, o.Version, o.CreatedAt, o.UpdatedAt = domain.NewID(), org.StatusVerified, 1, now, now
			if err := s.repos.Orgs.Create(ctx, o); err != nil {
				return err
			}
			if err := s.audit.Record(ctx, a, audit.Entry{Action: "organization.import", Entity: "organization", EntityID: o.ID,
				Changes: map[string]any{"name": o.Name, "type": o.Type, "credit_code": o.CreditCode}}); err != nil {
				return err
			}
		}
		return nil
	})
}

var stages = map[string]string{"申报": "proposal", "科技攻关": "research", "场景验证": "validation", "产业化应用": "industrialization",
	"验收完成": "completed", "已验收": "completed"}

// Projects imports projects (program managers): each row's lead organization
// is named by credit code or exact name; projects past the proposal get a code.
func (s *Service) Projects(ctx context.Context, a domain.Actor, rows [][]string, dryRun bool) (Result, error) {
	if !a.Is(domain.RoleProgramManager) {
		return Result{}, domain.Forbidden(domain.Msg("only program managers import projects", "只有项目主管可以导入项目"))
	}
	sh, err := readSheet(rows, ProjectColumns)
	if err != nil {
		return Result{}, err
	}
	cats, err := s.repos.Reference.ListCategories(ctx)
	if err != nil {
		return Result{}, err
	}
	catID := map[string]string{}
	for _, c := range cats {
		catID[c.ID], catID[c.Name] = c.ID, c.ID
	}
	fields, err := s.repos.Reference.ListFields(ctx)
	if err != nil {
		return Result{}, err
	}
	fieldID := map[string]string{}
	for _, f := range fields {
		fieldID[f.ID], fieldID[f.Name] = f.ID, f.ID
	}
	var leads []string
	for i := range sh.rows {
		leads = append(leads, sh.get(i, "lead"))
	}
	byCode, err := s.repos.Orgs.ByCreditCodes(ctx, leads)
	if err != nil {
		return Result{}, err
	}
	byName, err := s.repos.Orgs.ByNames(ctx, leads)
	if err != nil {
		return Result{}, err
	}
	orgOf := map[string]org.Organization{}
	for _, o := range append(byName, byCode...) { // a code wins over a name
		orgOf[o.Name] = o
		if o.CreditCode != "" {
			orgOf[o.CreditCode] = o
		}
	}
	type row struct {
		p    project.Project
		lead string
	}
	var ps []row
	for i := range sh.rows {
		var p project.Project
		p.Title, p.Summary = sh.get(i, "title"), sh.get(i, "summary")
		if n := len([]rune(p.Title)); n < 4 || n > 200 {
			sh.fail(i, "title", domain.CodeLength, "min", 4, "max", 200)
		}
		if n := len([]rune(p.Summary)); n > 20000 {
			sh.fail(i, "summary", domain.CodeTooLong, "max", 20000)
		}
		var ok bool
		if p.Category, ok = catID[sh.get(i, "category")]; !ok {
			sh.fail(i, "category", codeCategoryCell)
		}
		if p.FieldID, ok = fieldID[sh.get(i, "field")]; !ok {
			sh.fail(i, "field", codeFieldCell)
		}
		lead, ok := orgOf[sh.get(i, "lead")]
		switch {
		case !ok:
			sh.fail(i, "lead", codeLeadCell)
		case lead.Status != org.StatusVerified:
			sh.fail(i, "lead", domain.CodeUnverifiedOrg, "name", lead.Name)
		}
		budget, err := strconv.ParseInt(strings.ReplaceAll(sh.get(i, "budget"), ",", ""), 10, 64)
		if err != nil || budget < 0 || budget > domain.MaxAmount {
			sh.fail(i, "budget", domain.CodeMoney, "max", domain.MaxAmount)
		}
		trl, err := strconv.Atoi(sh.get(i, "trl"))
		if err != nil || trl < 1 || trl > 9 {
			sh.fail(i, "trl", domain.CodeOutOfRange, "min", 1, "max", 9)
		}
		stage := alias(stages, sh.get(i, "stage"))
		if stage == "" {
			stage = string(project.StageProposal)
		}
		st, ok := project.ParseStage(stage)
		if !ok || st == project.StageRejected || st == project.StageTerminated {
			sh.fail(i, "stage", codeStageCell)
		}
		p.Budget, p.TRL, p.Stage, p.LeadOrgID = budget, trl, st, lead.ID
		ps = append(ps, row{p: p, lead: lead.ID})
	}
	return s.write(ctx, sh, dryRun, len(ps), func(ctx context.Context) error {
		now := s.clock.Now()
		for _, r := range ps {
			p := r.p
			p.ID, p.Origin, p.Version, p.CreatedAt, p.UpdatedAt = domain.NewID(), project.OriginApplication, 1, now, now
			if p.Stage != project.StageProposal {
				seq, err := s.repos.Projects.NextCode(ctx, now.Year())
				if err != nil {
					return err
				}
				p.Code = project.FormatCode(now.Year(), seq)
			}
			first := project.StageChange{ID: domain.NewID(), ProjectID: p.ID, To: p.Stage, ActorID: a.UserID,
				Reason: "imported from a spreadsheet", OccurredAt: now}
			if err := s.repos.Projects.Create(ctx, p, []project.Member{{OrganizationID: r.lead, Role: project.RoleLead, CreatedAt: now}}, nil, first); err != nil {
				return err
			}
			if err := s.audit.Record(ctx, a, audit.Entry{Action: "project.import", Entity: "project", EntityID: p.ID,
				Changes: map[string]any{"title": p.Title, "code": p.Code, "stage": p.Stage, "lead_org_id": r.lead}}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Declarations imports R&D expense declarations (program managers), keyed by
// credit code: a verified enterprise's declaration for the year is created,
// or replaced by the row if it has one; a year whose batch is approved takes
// no more.
func (s *Service) Declarations(ctx context.Context, a domain.Actor, rows [][]string, dryRun bool) (Result, error) {
	if !a.Is(domain.RoleProgramManager) {
		return Result{}, domain.Forbidden(domain.Msg("only program managers import R&D declarations", "只有项目主管可以导入研发投入申报"))
	}
	sh, err := readSheet(rows, DeclarationColumns)
	if err != nil {
		return Result{}, err
	}
	var codes []string
	for i := range sh.rows {
		codes = append(codes, sh.get(i, "credit_code"))
	}
	found, err := s.repos.Orgs.ByCreditCodes(ctx, codes)
	if err != nil {
		return Result{}, err
	}
	byCode := map[string]org.Organization{}
	for _, o := range found {
		byCode[o.CreditCode] = o
	}
	number := func(i int, field string) *int64 {
		v, err := strconv.ParseInt(strings.ReplaceAll(sh.get(i, field), ",", ""), 10, 64)
		if err != nil {
			sh.fail(i, field, codeWholeNumber)
			return nil
		}
		return &v
	}
	type row struct {
		o    org.Organization
		year int
		d    subsidy.Declaration
	}
	var rs []row
	seen := map[string]int{}
	years := map[int]bool{}
	for i := range sh.rows {
		code := sh.get(i, "credit_code")
		o, ok := byCode[code]
		switch {
		case !ok:
			sh.fail(i, "credit_code", codeNoSuchCode)
		case o.Type != org.TypeEnterprise:
			sh.fail(i, "credit_code", codeNotEnterprise, "name", o.Name)
		case o.Status != org.StatusVerified:
			sh.fail(i, "credit_code", domain.CodeUnverifiedOrg, "name", o.Name)
		}
		var p domain.Problems
		year, expense, revenue, staff := number(i, "year"), number(i, "rd_expense"), number(i, "revenue"), number(i, "rd_staff")
		var y, n *int
		if year != nil {
			v := int(max(min(*year, 1<<30), -1<<30))
			y = &v
		}
		if staff != nil {
			v := int(max(min(*staff, 1<<30), -1<<30))
			n = &v
		}
		subsidy.CheckFigures(&p, y, expense, revenue, n)
		for _, pb := range p {
			sh.failWith(i, pb)
		}
		if len(p) > 0 || y == nil || expense == nil || revenue == nil || n == nil {
			continue
		}
		key := fmt.Sprintf("%s|%d", code, *y)
		if first, dup := seen[key]; dup {
			sh.fail(i, "credit_code", codeDeclaredTwice, "row", first+2)
		}
		seen[key] = i
		years[*y] = true
		rs = append(rs, row{o: o, year: *y, d: subsidy.Declaration{OrganizationID: o.ID, Year: *y, RDExpense: *expense,
			Revenue: *revenue, RDStaff: *n, Tier: o.Tier, Source: subsidy.SourceImported}})
	}
	for y := range years {
		b, found, err := s.repos.Declarations.BatchOfYear(ctx, y)
		if err != nil {
			return Result{}, err
		}
		if found && b.Status != subsidy.BatchDraft {
			for i := range sh.rows {
				if sh.get(i, "year") == fmt.Sprint(y) {
					sh.fail(i, "year", codeYearFinal, "year", y)
				}
			}
		}
	}
	return s.write(ctx, sh, dryRun, len(rs), func(ctx context.Context) error {
		now := s.clock.Now()
		byYear := map[int][]string{}
		for _, r := range rs {
			byYear[r.year] = append(byYear[r.year], r.o.ID)
		}
		existing := map[string]subsidy.Declaration{}
		for y, ids := range byYear {
			ds, err := s.repos.Declarations.DeclarationsOf(ctx, y, ids)
			if err != nil {
				return err
			}
			for id, d := range ds {
				existing[fmt.Sprintf("%s|%d", id, y)] = d
			}
		}
		var created, updated []subsidy.Declaration
		for _, r := range rs {
			d := r.d
			if old, ok := existing[fmt.Sprintf("%s|%d", r.o.ID, r.year)]; ok {
				d.ID, d.Version, d.CreatedBy, d.CreatedAt, d.UpdatedAt = old.ID, old.Version+1, old.CreatedBy, old.CreatedAt, now
				updated = append(updated, d)
			} else {
				d.ID, d.Version, d.CreatedBy, d.CreatedAt, d.UpdatedAt = domain.NewID(), 1, a.UserID, now, now
				created = append(created, d)
			}
		}
		if err := s.repos.Declarations.UpsertDeclarations(ctx, created, updated); err != nil {
			return err
		}
		ys := slices.Sorted(maps.Keys(years))
		return s.audit.Record(ctx, a, audit.Entry{Action: "rd_declaration.import", Entity: "rd_declaration", EntityID: fmt.Sprint(ys),
			Changes: map[string]any{"rows": len(rs), "created": len(created), "updated": len(updated)}})
	})
}

// write finishes an import once every row is checked: a file with a bad
// row refuses it whole (every problem named), a dry run stops there, and
// otherwise write stores the n good rows in one transaction.
func (s *Service) write(ctx context.Context, sh *sheet, dryRun bool, n int, store func(ctx context.Context) error) (Result, error) {
	if err := sh.err(); err != nil {
		return Result{}, err
	}
	res := Result{Rows: len(sh.rows), DryRun: dryRun}
	if dryRun {
		return res, nil
	}
	if err := s.tx.InTx(ctx, store); err != nil {
		return Result{}, err
	}
	res.Imported = n
	return res, nil
}

// The problems a spreadsheet can have, each in both languages.
var (
	codeNoHeader        = domain.NewCode("import.no_header", "no header row: start from the template", "没有表头行：请从模板开始填写")
	codeNoRows          = domain.NewCode("import.no_rows", "only a header row", "只有表头行，没有数据")
	codeTooManyRows     = domain.NewCode("import.too_many_rows", "at most {max} rows per file", "每个文件最多 {max} 行")
	codeMissingColumn   = domain.NewCode("import.missing_column", "the column「{column}」is missing: start from the template", "缺少「{column}」列：请从模板开始填写")
	codeCreditCodeTaken = domain.NewCode("import.credit_code_taken", "an organization with this code is already registered", "该统一社会信用代码的单位已注册")
	codeCreditCodeTwice = domain.NewCode("import.credit_code_twice", "the same code is in row {row}", "与第 {row} 行的代码相同")
	codeCategoryCell    = domain.NewCode("import.category", "must be one of 战略协同创新, 关键技术突破, 科创生态育成, 重大应用示范 (or their keys)", "须为战略协同创新、关键技术突破、科创生态育成或重大应用示范")
	codeFieldCell       = domain.NewCode("import.field", "no such field: use a field's name or id", "没有这个技术领域：请填写领域名称或编号")
	codeLeadCell        = domain.NewCode("import.lead", "no organization with this credit code or name", "没有该统一社会信用代码或名称的单位")
	codeWholeNumber     = domain.NewCode("import.whole_number", "must be a whole number", "须为整数")
	codeNoSuchCode      = domain.NewCode("import.no_such_code", "no organization is registered with this credit code", "没有以该统一社会信用代码注册的单位")
	codeNotEnterprise   = domain.NewCode("import.not_enterprise", "「{name}」is not an enterprise", "「{name}」不是企业")
	codeDeclaredTwice   = domain.NewCode("import.declared_twice", "the same enterprise and year are in row {row}", "与第 {row} 行的企业和年度相同")
	codeYearFinal       = domain.NewCode("import.year_final", "the {year} subsidy batch is approved: its declarations are final", "{year} 年度补助批次已审定，申报数据不能再修改")
	codeStageCell       = domain.NewCode("import.stage", "must be 申报, 科技攻关, 场景验证, 产业化应用 or 验收完成", "须为申报、科技攻关、场景验证、产业化应用或验收完成")
)
