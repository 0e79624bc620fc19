package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
)

type declarationRow struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	Year           int
	RDExpense      int64 `gorm:"column:rd_expense"`
	Revenue        int64
	RDStaff        int `gorm:"column:rd_staff"`
	Tier           string
	Source         string
	Version        int
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (declarationRow) TableName() string { return "rd_declarations" }

func declarationRowOf(d subsidy.Declaration) declarationRow {
	return declarationRow{ID: d.ID, OrganizationID: d.OrganizationID, Year: d.Year, RDExpense: d.RDExpense, Revenue: d.Revenue,
		RDStaff: d.RDStaff, Tier: string(d.Tier), Source: string(d.Source), Version: d.Version, CreatedBy: d.CreatedBy,
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

func (r declarationRow) domain() subsidy.Declaration {
	return subsidy.Declaration{ID: r.ID, OrganizationID: r.OrganizationID, Year: r.Year, RDExpense: r.RDExpense, Revenue: r.Revenue,
		RDStaff: r.RDStaff, Tier: org.Tier(r.Tier), Source: subsidy.Source(r.Source), Version: r.Version, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type policyRow struct {
	Year            int    `gorm:"primaryKey"`
	Version         int    `gorm:"primaryKey"`
	RateTechSME     *int64 `gorm:"column:rate_tech_sme"`
	RateHighTech    *int64
	RateLittleGiant *int64
	RateLeader      *int64
	Cap             int64
	MinExpense      int64
	Budget          int64
	SetBy           string
	SetAt           time.Time
}

func (policyRow) TableName() string { return "subsidy_policies" }

func (r *policyRow) rates() map[org.Tier]**int64 {
	return map[org.Tier]**int64{org.TierTechSME: &r.RateTechSME, org.TierHighTech: &r.RateHighTech,
		org.TierLittleGiant: &r.RateLittleGiant, org.TierLeader: &r.RateLeader}
}

type batchRow struct {
	ID            string `gorm:"primaryKey"`
	Year          int
	Status        string
	PolicyVersion int
	Budget        int64
	Total         int64
	Requested     int64
	Enterprises   int
	Scaled        bool
	ComputedAt    time.Time
	ComputedBy    string
	ApprovedAt    *time.Time
	ApprovedBy    *string
	PublishedAt   *time.Time
	PublishedBy   *string
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (batchRow) TableName() string { return "subsidy_batches" }

func (r batchRow) domain() subsidy.StoredBatch {
	return subsidy.StoredBatch{ID: r.ID, Year: r.Year, Status: subsidy.BatchStatus(r.Status), PolicyVersion: r.PolicyVersion,
		Budget: r.Budget, Total: r.Total, Requested: r.Requested, Scaled: r.Scaled, Enterprises: r.Enterprises,
		ComputedAt: r.ComputedAt.UTC(), ComputedBy: r.ComputedBy, ApprovedAt: utcPtr(r.ApprovedAt), PublishedAt: utcPtr(r.PublishedAt),
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type subsidyLineRow struct {
	BatchID        string `gorm:"primaryKey"`
	OrganizationID string `gorm:"primaryKey"`
	Tier           string
	TierChanged    bool
	District       string
	RDExpense      int64 `gorm:"column:rd_expense"`
	Computed       int64
	Amount         int64
}

func (subsidyLineRow) TableName() string { return "subsidy_lines" }

func (r subsidyLineRow) domain() subsidy.Line {
	return subsidy.Line{OrganizationID: r.OrganizationID, Tier: org.Tier(r.Tier), TierChanged: r.TierChanged, District: r.District,
		RDExpense: r.RDExpense, Computed: r.Computed, Amount: r.Amount}
}

// Subsidies implements subsidy.Repository.
type Subsidies struct{ db *DB }

func (db *DB) Subsidies() *Subsidies { return &Subsidies{db} }

// subsidyLockClass is the first key of the two-key advisory lock on a year
// (the second is the year).
const subsidyLockClass = 2035

// LockYear takes a transaction advisory lock on the year on PostgreSQL;
// SQLite runs one write transaction at a time, which serialises these anyway.
func (s *Subsidies) LockYear(ctx context.Context, year int) error {
	if s.db.dialect != Postgres {
		return nil
	}
	return translate(s.db.conn(ctx).Exec("SELECT pg_advisory_xact_lock(?, ?)", subsidyLockClass, year).Error)
}

func (s *Subsidies) CreateDeclaration(ctx context.Context, d subsidy.Declaration) error {
	row := declarationRowOf(d)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Subsidies) Declaration(ctx context.Context, id string) (subsidy.Declaration, error) {
	var row declarationRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return subsidy.Declaration{}, domain.NotFound(domain.Msg("declaration %s not found", "未找到研发投入申报 %s"), id)
		}
		return subsidy.Declaration{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Subsidies) UpdateDeclaration(ctx context.Context, d subsidy.Declaration, oldVersion int) error {
	res := s.db.conn(ctx).Model(&declarationRow{}).Where("id = ? AND version = ?", d.ID, oldVersion).
		Updates(map[string]any{"rd_expense": d.RDExpense, "revenue": d.Revenue, "rd_staff": d.RDStaff, "tier": string(d.Tier),
			"source": string(d.Source), "version": d.Version, "updated_at": d.UpdatedAt.UTC()})
	return guarded(res, "declaration", d.ID)
}

// DeclarationsOf are the year's declarations of the organizations, by organization (one query).
func (s *Subsidies) DeclarationsOf(ctx context.Context, year int, orgIDs []string) (map[string]subsidy.Declaration, error) {
	out := map[string]subsidy.Declaration{}
	if orgIDs = distinct(orgIDs); len(orgIDs) == 0 {
		return out, nil
	}
	var rows []declarationRow
	if err := s.db.conn(ctx).Where("year = ? AND organization_id IN ?", year, orgIDs).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.OrganizationID] = r.domain()
	}
	return out, nil
}

func (s *Subsidies) Declarations(ctx context.Context, f subsidy.DeclarationFilter, p domain.Page) ([]subsidy.DeclarationView, error) {
	q := s.db.conn(ctx).Table("rd_declarations d").Joins("JOIN organizations o ON o.id = d.organization_id").
		Select("d.*, o.name AS organization_name, o.credit_code, o.district, o.tier AS current_tier")
	if f.Year != 0 {
		q = q.Where("d.year = ?", f.Year)
	}
	if f.OrganizationID != "" {
		q = q.Where("d.organization_id = ?", f.OrganizationID)
	}
	if f.District != "" {
		q = q.Where("o.district = ?", f.District)
	}
	if f.Tier != "" {
		q = q.Where("o.tier = ?", string(f.Tier))
	}
	if f.Query != "" {
		q = q.Where("(LOWER(o.name) LIKE ? ESCAPE '\\' OR o.credit_code = ?)", likePattern(f.Query), f.Query)
	}
	if p.After != "" {
		q = q.Where("d.id < ?", p.After)
	}
	var rows []struct {
		Row                                                 declarationRow `gorm:"embedded"` // named: GORM does not fill an unexported embedded type
		OrganizationName, CreditCode, District, CurrentTier string
	}
	if err := q.Order("d.id DESC").Limit(p.Limit).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]subsidy.DeclarationView, len(rows))
	for i, r := range rows {
		out[i] = subsidy.DeclarationView{Declaration: r.Row.domain(), OrganizationName: r.OrganizationName,
			CreditCode: r.CreditCode, District: r.District, CurrentTier: org.Tier(r.CurrentTier)}
	}
	return out, nil
}

// UpsertDeclarations writes imported declarations: new ones created, the
// others updated with their version moved on.
func (s *Subsidies) UpsertDeclarations(ctx context.Context, created, updated []subsidy.Declaration) error {
	tx := s.db.conn(ctx)
	if len(created) > 0 {
		rows := make([]declarationRow, len(created))
		for i, d := range created {
			rows[i] = declarationRowOf(d)
		}
		if err := tx.CreateInBatches(&rows, 500).Error; err != nil {
			return translate(err)
		}
	}
	for _, d := range updated {
		if err := s.UpdateDeclaration(ctx, d, d.Version-1); err != nil {
			return err
		}
	}
	return nil
}

func (s *Subsidies) Policy(ctx context.Context, year, version int) (subsidy.StoredPolicy, bool, error) {
	q := s.db.conn(ctx).Where("year = ?", year)
	if version > 0 {
		q = q.Where("version = ?", version)
	}
	var rows []policyRow
	if err := q.Order("version DESC").Limit(1).Find(&rows).Error; err != nil {
		return subsidy.StoredPolicy{}, false, translate(err)
	}
	if len(rows) == 0 {
		return subsidy.StoredPolicy{}, false, nil
	}
	r := rows[0]
	p := subsidy.StoredPolicy{Policy: subsidy.Policy{Year: r.Year, Rates: map[org.Tier]subsidy.BasisPoints{}, Cap: r.Cap,
		MinExpense: r.MinExpense, Budget: r.Budget}, Version: r.Version, SetBy: r.SetBy, SetAt: r.SetAt.UTC()}
	for t, v := range r.rates() {
		if *v != nil {
			p.Rates[t] = subsidy.BasisPoints(**v)
		}
	}
	return p, true, nil
}

func (s *Subsidies) AddPolicy(ctx context.Context, p subsidy.StoredPolicy) error {
	r := policyRow{Year: p.Year, Version: p.Version, Cap: p.Cap, MinExpense: p.MinExpense, Budget: p.Budget, SetBy: p.SetBy,
		SetAt: p.SetAt.UTC()}
	for t, v := range r.rates() {
		if bp, ok := p.Rates[t]; ok {
			n := int64(bp)
			*v = &n
		}
	}
	return translate(s.db.conn(ctx).Create(&r).Error)
}

// Applicants reads the year's declarations joined with their organizations
// as they are now, in one query.
func (s *Subsidies) Applicants(ctx context.Context, year int) ([]subsidy.Applicant, error) {
	var rows []struct {
		OrganizationID, DeclaredTier, Tier, District, Status, Type string
		RDExpense                                                  int64
	}
	err := s.db.conn(ctx).Raw(`SELECT d.organization_id, d.tier AS declared_tier, d.rd_expense,
			o.tier, o.district, o.status, o.type
		FROM rd_declarations d JOIN organizations o ON o.id = d.organization_id
		WHERE d.year = ?`, year).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]subsidy.Applicant, len(rows))
	for i, r := range rows {
		out[i] = subsidy.Applicant{OrganizationID: r.OrganizationID, Tier: org.Tier(r.Tier), DeclaredTier: org.Tier(r.DeclaredTier),
			District: r.District, RDExpense: r.RDExpense,
			Verified: r.Status == string(org.StatusVerified) && r.Type == string(org.TypeEnterprise)}
	}
	return out, nil
}

func lineRows(batchID string, lines []subsidy.Line) []subsidyLineRow {
	rows := make([]subsidyLineRow, len(lines))
	for i, l := range lines {
		rows[i] = subsidyLineRow{BatchID: batchID, OrganizationID: l.OrganizationID, Tier: string(l.Tier), TierChanged: l.TierChanged,
			District: l.District, RDExpense: l.RDExpense, Computed: l.Computed, Amount: l.Amount}
	}
	return rows
}

// lineBatch keeps a multi-row insert of lines (8 columns) well under both
// databases' limits on bound parameters.
const lineBatch = 1000

func (s *Subsidies) CreateBatch(ctx context.Context, b subsidy.StoredBatch, lines []subsidy.Line) error {
	tx := s.db.conn(ctx)
	r := batchRowOf(b, len(lines))
	if err := tx.Create(&r).Error; err != nil {
		return translate(err)
	}
	if len(lines) == 0 {
		return nil
	}
	rows := lineRows(b.ID, lines)
	return translate(tx.CreateInBatches(&rows, lineBatch).Error)
}

func batchRowOf(b subsidy.StoredBatch, lines int) batchRow {
	return batchRow{ID: b.ID, Year: b.Year, Status: string(b.Status), PolicyVersion: b.PolicyVersion, Budget: b.Budget,
		Total: b.Total, Requested: b.Requested, Enterprises: lines, Scaled: b.Scaled, ComputedAt: b.ComputedAt.UTC(),
		ComputedBy: b.ComputedBy, Version: b.Version, CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC()}
}

func (s *Subsidies) ReplaceBatch(ctx context.Context, b subsidy.StoredBatch, oldVersion int, lines []subsidy.Line) error {
	tx := s.db.conn(ctx)
	res := tx.Model(&batchRow{}).Where("id = ? AND version = ? AND status = ?", b.ID, oldVersion, string(subsidy.BatchDraft)).
		Updates(map[string]any{"policy_version": b.PolicyVersion, "budget": b.Budget, "total": b.Total, "requested": b.Requested,
			"enterprises": len(lines), "scaled": b.Scaled, "computed_at": b.ComputedAt.UTC(), "computed_by": b.ComputedBy,
			"version": b.Version, "updated_at": b.UpdatedAt.UTC()})
	if err := guarded(res, "subsidy batch", b.ID); err != nil {
		return err
	}
	if err := tx.Where("batch_id = ?", b.ID).Delete(&subsidyLineRow{}).Error; err != nil {
		return translate(err)
	}
	if len(lines) == 0 {
		return nil
	}
	rows := lineRows(b.ID, lines)
	return translate(tx.CreateInBatches(&rows, lineBatch).Error)
}

func (s *Subsidies) SetBatchStatus(ctx context.Context, id string, from, to subsidy.BatchStatus, version int, userID string, at time.Time) error {
	set := map[string]any{"status": string(to), "version": gorm.Expr("version + 1"), "updated_at": at.UTC()}
	switch to {
	case subsidy.BatchApproved:
		set["approved_at"], set["approved_by"] = at.UTC(), userID
	case subsidy.BatchPublished:
		set["published_at"], set["published_by"] = at.UTC(), userID
	}
	res := s.db.conn(ctx).Model(&batchRow{}).Where("id = ? AND status = ? AND version = ?", id, string(from), version).Updates(set)
	return guarded(res, "subsidy batch", id)
}

// Batch reads a batch, its district totals (aggregated by the database) and
// whether it is stale, in three queries.
func (s *Subsidies) Batch(ctx context.Context, id string) (subsidy.StoredBatch, error) {
	var row batchRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return subsidy.StoredBatch{}, domain.NotFound(domain.Msg("subsidy batch %s not found", "未找到补助批次 %s"), id)
		}
		return subsidy.StoredBatch{}, translate(err)
	}
	return s.complete(ctx, row)
}

func (s *Subsidies) complete(ctx context.Context, row batchRow) (subsidy.StoredBatch, error) {
	b := row.domain()
	var ds []struct {
		District, Name string
		Enterprises    int
		Total          int64
	}
	err := s.db.conn(ctx).Raw(`SELECT l.district, COALESCE(d.name, '') AS name, COUNT(*) AS enterprises, SUM(l.amount) AS total
		FROM subsidy_lines l LEFT JOIN districts d ON d.id = l.district
		WHERE l.batch_id = ? GROUP BY l.district, d.name ORDER BY l.district`, b.ID).Scan(&ds).Error
	if err != nil {
		return subsidy.StoredBatch{}, translate(err)
	}
	b.ByDistrict = make([]subsidy.DistrictTotal, len(ds))
	for i, d := range ds {
		b.ByDistrict[i] = subsidy.DistrictTotal{District: d.District, Name: d.Name, Enterprises: d.Enterprises, Total: d.Total}
	}
	if b.Status != subsidy.BatchDraft {
		return b, nil
	}
	var stale struct{ Policy, Changed int64 }
	err = s.db.conn(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM subsidy_policies WHERE year = @year AND version > @version) AS policy,
		(SELECT COUNT(*) FROM rd_declarations d JOIN organizations o ON o.id = d.organization_id
			WHERE d.year = @year AND (d.updated_at > @at OR o.updated_at > @at)) AS changed`,
		map[string]any{"year": b.Year, "version": b.PolicyVersion, "at": b.ComputedAt}).Scan(&stale).Error
	if err != nil {
		return subsidy.StoredBatch{}, translate(err)
	}
	b.Stale = stale.Policy > 0 || stale.Changed > 0
	return b, nil
}

func (s *Subsidies) BatchOfYear(ctx context.Context, year int) (subsidy.StoredBatch, bool, error) {
	var rows []batchRow
	if err := s.db.conn(ctx).Where("year = ?", year).Limit(1).Find(&rows).Error; err != nil {
		return subsidy.StoredBatch{}, false, translate(err)
	}
	if len(rows) == 0 {
		return subsidy.StoredBatch{}, false, nil
	}
	return rows[0].domain(), true, nil
}

// Batches lists every batch, newest year first, without district totals
// (one query; a year has at most one batch).
func (s *Subsidies) Batches(ctx context.Context) ([]subsidy.StoredBatch, error) {
	var rows []batchRow
	if err := s.db.conn(ctx).Order("year DESC").Limit(subsidy.MaxYear - subsidy.MinYear + 1).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]subsidy.StoredBatch, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Subsidies) Lines(ctx context.Context, batchID string, p domain.Page) ([]subsidy.LineView, error) {
	q := s.db.conn(ctx).Table("subsidy_lines l").Joins("JOIN organizations o ON o.id = l.organization_id").
		Joins("LEFT JOIN districts d ON d.id = l.district").
		Select("l.*, o.name AS organization_name, o.credit_code, COALESCE(d.name, '') AS district_name").
		Where("l.batch_id = ?", batchID)
	if p.After != "" {
		q = q.Where("l.organization_id > ?", p.After)
	}
	var rows []struct {
		Row                                        subsidyLineRow `gorm:"embedded"`
		OrganizationName, CreditCode, DistrictName string
	}
	if err := q.Order("l.organization_id").Limit(p.Limit).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]subsidy.LineView, len(rows))
	for i, r := range rows {
		out[i] = subsidy.LineView{Line: r.Row.domain(), OrganizationName: r.OrganizationName, CreditCode: r.CreditCode,
			DistrictName: r.DistrictName}
	}
	return out, nil
}

func (s *Subsidies) LineOrganizations(ctx context.Context, batchID string) ([]string, error) {
	var ids []string
	err := s.db.conn(ctx).Model(&subsidyLineRow{}).Where("batch_id = ?", batchID).Order("organization_id").Pluck("organization_id", &ids).Error
	return ids, translate(err)
}

func (s *Subsidies) MyLines(ctx context.Context, orgID string) ([]subsidy.MyLine, error) {
	var rows []struct {
		Row         subsidyLineRow `gorm:"embedded"`
		Year        int
		PublishedAt time.Time
	}
	err := s.db.conn(ctx).Table("subsidy_lines l").Joins("JOIN subsidy_batches b ON b.id = l.batch_id").
		Select("l.*, b.year, b.published_at").
		Where("l.organization_id = ? AND b.status = ?", orgID, string(subsidy.BatchPublished)).
		Order("b.year DESC").Limit(subsidy.MaxYear - subsidy.MinYear + 1).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]subsidy.MyLine, len(rows))
	for i, r := range rows {
		out[i] = subsidy.MyLine{BatchID: r.Row.BatchID, Year: r.Year, Line: r.Row.domain(), PublishedAt: r.PublishedAt.UTC()}
	}
	return out, nil
}

var _ subsidy.Repository = (*Subsidies)(nil)
