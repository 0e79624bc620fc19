package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
)

// Portfolio implements portfolio.Repository with aggregate queries.
type Portfolio struct{ db *DB }

func (db *DB) Portfolio() *Portfolio { return &Portfolio{db} }

func yearRange(year int) (time.Time, time.Time) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(1, 0, 0)
}

// scope is how the portfolio filters (year, category, field, district) apply
// to one aggregate's table: its alias in the query, the column naming its
// organization, and whether it has a category (consortia have none). The
// figures and the exports filter through the same scopes.
type scope struct {
	alias, orgColumn string
	categorized      bool
}

var (
	projectScope    = scope{alias: "p", orgColumn: "lead_org_id", categorized: true}
	challengeScope  = scope{alias: "c", orgColumn: "owner_id", categorized: true}
	consortiumScope = scope{alias: "k", orgColumn: "lead_org_id"}
)

// apply adds the filters to q: created in the year, of the category, in the
// field or under it (a level-1 field includes its children), and whose
// organization is in the district.
func (sc scope) apply(q *gorm.DB, f portfolio.Filter) *gorm.DB {
	a := sc.alias + "."
	if f.Year != 0 {
		from, to := yearRange(f.Year)
		q = q.Where(a+"created_at >= ? AND "+a+"created_at < ?", from, to)
	}
	if f.Category != "" && sc.categorized {
		q = q.Where(a+"category = ?", f.Category)
	}
	if f.FieldID != "" {
		q = q.Where("("+a+"field_id = ? OR "+a+"field_id IN (SELECT id FROM fields WHERE parent_id = ?))", f.FieldID, f.FieldID)
	}
	if f.District != "" {
		q = q.Where(a+sc.orgColumn+" IN (SELECT id FROM organizations WHERE district = ?)", f.District)
	}
	return q
}

func (s *Portfolio) counts(q *gorm.DB, key string) ([]portfolio.Count, error) {
	var rows []struct {
		Grp *string
		N   int64
	}
	if err := q.Select(key + " AS grp, COUNT(*) AS n").Group(key).Order("grp").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]portfolio.Count, 0, len(rows))
	for _, r := range rows {
		out = append(out, portfolio.Count{Key: deref(r.Grp), Count: r.N})
	}
	return out, nil
}

func (s *Portfolio) Projects(ctx context.Context, f portfolio.Filter) (portfolio.ProjectFigures, error) {
	base := func() *gorm.DB { return projectScope.apply(s.db.conn(ctx).Table("projects AS p"), f) }
	var out portfolio.ProjectFigures
	var err error
	if err = base().Count(&out.Total).Error; err != nil {
		return out, translate(err)
	}
	if out.ByStage, err = s.counts(base(), "p.stage"); err != nil {
		return out, err
	}
	if out.ByCategory, err = s.counts(base(), "p.category"); err != nil {
		return out, err
	}
	// The level-1 field: the project's field's parent, or the field itself.
	if out.ByField, err = s.counts(base().Joins("LEFT JOIN fields fl ON fl.id = p.field_id"), "COALESCE(fl.parent_id, fl.id)"); err != nil {
		return out, err
	}
	if out.ByDistrict, err = s.counts(base().Joins("JOIN organizations o ON o.id = p.lead_org_id"), "o.district"); err != nil {
		return out, err
	}
	err = base().Joins("JOIN fields fl ON fl.id = p.field_id").Where("fl.priority_315 = ?", true).Count(&out.Priority315).Error
	return out, translate(err)
}

func (s *Portfolio) Funding(ctx context.Context, f portfolio.Filter) (portfolio.FundingFigures, error) {
	base := func() *gorm.DB {
		return projectScope.apply(s.db.conn(ctx).Table("funding_lines AS l").Joins("JOIN projects p ON p.id = l.project_id"), f).
			Where("l.replaced_at IS NULL")
	}
	sums := func(key string) ([]portfolio.Sum, error) {
		var rows []struct {
			Grp    string
			Amount int64
		}
		if err := base().Select(key + " AS grp, COALESCE(SUM(l.amount), 0) AS amount").Group(key).Order("grp").Scan(&rows).Error; err != nil {
			return nil, translate(err)
		}
		out := make([]portfolio.Sum, len(rows))
		for i, r := range rows {
			out[i] = portfolio.Sum{Key: r.Grp, Amount: r.Amount}
		}
		return out, nil
	}
	var out portfolio.FundingFigures
	var err error
	if err = base().Select("COALESCE(SUM(l.amount), 0)").Scan(&out.Total).Error; err != nil {
		return out, translate(err)
	}
	if out.BySource, err = sums("l.source"); err != nil {
		return out, err
	}
	out.ByStatus, err = sums("l.status")
	return out, err
}

const effectiveStatusSQL = "CASE WHEN c.status = 'published' AND c.bid_deadline <= ? THEN 'closed' ELSE c.status END"

func (s *Portfolio) Challenges(ctx context.Context, f portfolio.Filter, now time.Time, privileged bool) (portfolio.ChallengeFigures, error) {
	base := func() *gorm.DB {
		q := s.db.conn(ctx).Table("challenges AS c")
		if privileged {
			q = q.Where("c.status <> 'draft'")
		} else {
			q = q.Where("c.status IN ('published', 'closed', 'in_review', 'awarded', 'failed')")
		}
		return challengeScope.apply(q, f)
	}
	var out portfolio.ChallengeFigures
	if err := base().Count(&out.Total).Error; err != nil {
		return out, translate(err)
	}
	var rows []struct {
		Grp string
		N   int64
	}
	if err := base().Select(effectiveStatusSQL+" AS grp, COUNT(*) AS n", now.UTC()).
		Group("grp").Order("grp").Scan(&rows).Error; err != nil {
		return out, translate(err)
	}
	for _, r := range rows {
		out.ByStatus = append(out.ByStatus, portfolio.Count{Key: r.Grp, Count: r.N})
	}
	// Bids per challenge, over challenges whose deadline has passed: each
	// challenge keeps its live count (live_bids), so the bids are not read.
	var bids struct {
		Mean *float64
		Max  *int64
	}
	if err := base().Select("AVG(CAST(c.live_bids AS REAL)) AS mean, MAX(c.live_bids) AS max").
		Where("c.bid_deadline <= ? AND c.status IN ('published', 'closed', 'in_review', 'awarded', 'failed')", now.UTC()).
		Scan(&bids).Error; err != nil {
		return out, translate(err)
	}
	if bids.Mean != nil {
		out.BidsMean = *bids.Mean
	}
	if bids.Max != nil {
		out.BidsMax = *bids.Max
	}
	median, err := s.medianDaysToAward(base)
	out.MedianDaysToAward = median
	return out, err
}

// medianDaysToAward: the database orders the durations and picks the middle
// one (or the two middle ones), portable to both drivers.
func (s *Portfolio) medianDaysToAward(base func() *gorm.DB) (*float64, error) {
	days := "(julianday(c.decided_at) - julianday(c.published_at))"
	if s.db.dialect == Postgres {
		days = "(EXTRACT(EPOCH FROM (c.decided_at - c.published_at)) / 86400.0)"
	}
	awarded := func() *gorm.DB {
		return base().Where("c.status = 'awarded' AND c.published_at IS NOT NULL AND c.decided_at IS NOT NULL")
	}
	var n int64
	if err := awarded().Count(&n).Error; err != nil || n == 0 {
		return nil, translate(err)
	}
	var middle []float64
	offset, limit := (n-1)/2, 1
	if n%2 == 0 {
		limit = 2
	}
	if err := awarded().Select(days+" AS d").Order("d").Offset(int(offset)).Limit(limit).Pluck("d", &middle).Error; err != nil {
		return nil, translate(err)
	}
	if len(middle) == 0 {
		return nil, nil
	}
	sum := 0.0
	for _, d := range middle {
		sum += d
	}
	m := sum / float64(len(middle))
	return &m, nil
}

func (s *Portfolio) Consortia(ctx context.Context, f portfolio.Filter) (int64, []portfolio.Count, error) {
	base := func() *gorm.DB { return consortiumScope.apply(s.db.conn(ctx).Table("consortia AS k"), f) }
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return 0, nil, translate(err)
	}
	byModel, err := s.counts(base(), "k.model")
	return total, byModel, err
}
