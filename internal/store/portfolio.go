package store

import (
	"context"
	"slices"
	"strings"
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

// tally adds up the database's group counts along one dimension, in key order
// (a NULL key is ""; skipNull leaves it out).
type tally map[string]int64

func (t tally) add(key *string, n int64, skipNull bool) {
	if key == nil && skipNull {
		return
	}
	t[deref(key)] += n
}

func (t tally) counts() []portfolio.Count {
	out := make([]portfolio.Count, 0, len(t))
	for k, n := range t {
		out = append(out, portfolio.Count{Key: k, Count: n})
	}
	slices.SortFunc(out, func(a, b portfolio.Count) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Projects reads the projects once: the database counts them per combination
// of stage, category, level-1 field, district and 315 flag (a few thousand
// groups at most), and each breakdown adds those up.
func (s *Portfolio) Projects(ctx context.Context, f portfolio.Filter) (portfolio.ProjectFigures, error) {
	var rows []struct {
		Stage, Category string
		Field, District *string // no field, or no district: NULL
		Priority        *bool
		N               int64
	}
	// The level-1 field: the project's field's parent, or the field itself.
	q := projectScope.apply(s.db.conn(ctx).Table("projects AS p").
		Joins("LEFT JOIN fields fl ON fl.id = p.field_id").
		Joins("LEFT JOIN organizations o ON o.id = p.lead_org_id"), f).
		Select("p.stage AS stage, p.category AS category, COALESCE(fl.parent_id, fl.id) AS field, o.district AS district, " +
			"fl.priority_315 AS priority, COUNT(*) AS n").
		Group("p.stage, p.category, COALESCE(fl.parent_id, fl.id), o.district, fl.priority_315")
	if err := q.Scan(&rows).Error; err != nil {
		return portfolio.ProjectFigures{}, translate(err)
	}
	var out portfolio.ProjectFigures
	stages, categories, fields, districts := tally{}, tally{}, tally{}, tally{}
	for _, r := range rows {
		out.Total += r.N
		stages.add(&r.Stage, r.N, false)
		categories.add(&r.Category, r.N, false)
		fields.add(r.Field, r.N, false)
		districts.add(r.District, r.N, true)
		if r.Priority != nil && *r.Priority {
			out.Priority315 += r.N
		}
	}
	out.ByStage, out.ByCategory, out.ByField, out.ByDistrict = stages.counts(), categories.counts(), fields.counts(), districts.counts()
	return out, nil
}

// Funding sums the live lines once, per source and status.
func (s *Portfolio) Funding(ctx context.Context, f portfolio.Filter) (portfolio.FundingFigures, error) {
	var rows []struct {
		Source, Status string
		Amount         int64
	}
	q := projectScope.apply(s.db.conn(ctx).Table("funding_lines AS l").Joins("JOIN projects p ON p.id = l.project_id"), f).
		Where("l.replaced_at IS NULL").
		Select("l.source AS source, l.status AS status, COALESCE(SUM(l.amount), 0) AS amount").Group("l.source, l.status")
	if err := q.Scan(&rows).Error; err != nil {
		return portfolio.FundingFigures{}, translate(err)
	}
	var out portfolio.FundingFigures
	sources, statuses := map[string]int64{}, map[string]int64{}
	for _, r := range rows {
		out.Total += r.Amount
		sources[r.Source] += r.Amount
		statuses[r.Status] += r.Amount
	}
	out.BySource, out.ByStatus = sums(sources), sums(statuses)
	return out, nil
}

func sums(m map[string]int64) []portfolio.Sum {
	out := make([]portfolio.Sum, 0, len(m))
	for k, v := range m {
		out = append(out, portfolio.Sum{Key: k, Amount: v})
	}
	slices.SortFunc(out, func(a, b portfolio.Sum) int { return strings.Compare(a.Key, b.Key) })
	return out
}

const effectiveStatusSQL = "CASE WHEN c.status = 'published' AND c.bid_deadline <= ? THEN 'closed' ELSE c.status END"

// Challenges reads the challenges once for the counts by effective status and
// the bids per challenge (each challenge keeps its live count, live_bids, so
// the bids are not read), and once more for the median if any was awarded.
func (s *Portfolio) Challenges(ctx context.Context, f portfolio.Filter, now time.Time, privileged bool) (portfolio.ChallengeFigures, error) {
	base := func() *gorm.DB {
		q := s.db.conn(ctx).Table("challenges AS c")
		if privileged {
			q = q.Where("c.status <> 'draft'")
		} else {
			q = q.Where(publicStatusSQL)
		}
		return challengeScope.apply(q, f)
	}
	now = now.UTC()
	// Bids count over public challenges whose deadline has passed (sealed ones do not).
	decided := "c.bid_deadline <= ? AND " + publicStatusSQL
	var rows []struct {
		Grp              string
		N                int64
		Bids, Counted    int64
		MaxBids, ToAward int64
	}
	if err := base().Select(effectiveStatusSQL+` AS grp, COUNT(*) AS n,
		COALESCE(SUM(CASE WHEN `+decided+` THEN c.live_bids ELSE 0 END), 0) AS bids,
		COUNT(CASE WHEN `+decided+` THEN 1 END) AS counted,
		COALESCE(MAX(CASE WHEN `+decided+` THEN c.live_bids END), 0) AS max_bids,
		COUNT(CASE WHEN `+awardedSQL+` THEN 1 END) AS to_award`, now, now, now, now).
		Group("grp").Order("grp").Scan(&rows).Error; err != nil {
		return portfolio.ChallengeFigures{}, translate(err)
	}
	var out portfolio.ChallengeFigures
	var bids, counted, awarded int64
	for _, r := range rows {
		out.Total += r.N
		out.ByStatus = append(out.ByStatus, portfolio.Count{Key: r.Grp, Count: r.N})
		bids, counted, awarded = bids+r.Bids, counted+r.Counted, awarded+r.ToAward
		out.BidsMax = max(out.BidsMax, r.MaxBids)
	}
	if counted > 0 {
		out.BidsMean = float64(bids) / float64(counted)
	}
	median, err := s.medianDaysToAward(base, awarded)
	out.MedianDaysToAward = median
	return out, err
}

// awardedSQL: the challenges the median of days to award is taken over.
const awardedSQL = "c.status = 'awarded' AND c.published_at IS NOT NULL AND c.decided_at IS NOT NULL"

// medianDaysToAward: the database orders the durations and picks the middle
// one (or the two middle ones), portable to both drivers.
func (s *Portfolio) medianDaysToAward(base func() *gorm.DB, n int64) (*float64, error) {
	days := "(julianday(c.decided_at) - julianday(c.published_at))"
	if s.db.dialect == Postgres {
		days = "(EXTRACT(EPOCH FROM (c.decided_at - c.published_at)) / 86400.0)"
	}
	if n == 0 {
		return nil, nil
	}
	var middle []float64
	offset, limit := (n-1)/2, 1
	if n%2 == 0 {
		limit = 2
	}
	if err := base().Where(awardedSQL).Select(days+" AS d").Order("d").Offset(int(offset)).Limit(limit).Pluck("d", &middle).Error; err != nil {
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

// Consortia counts by model in one pass.
func (s *Portfolio) Consortia(ctx context.Context, f portfolio.Filter) (int64, []portfolio.Count, error) {
	var rows []struct {
		Model string
		N     int64
	}
	q := consortiumScope.apply(s.db.conn(ctx).Table("consortia AS k"), f).
		Select("k.model AS model, COUNT(*) AS n").Group("k.model").Order("k.model")
	if err := q.Scan(&rows).Error; err != nil {
		return 0, nil, translate(err)
	}
	var total int64
	out := make([]portfolio.Count, len(rows))
	for i, r := range rows {
		total += r.N
		out[i] = portfolio.Count{Key: r.Model, Count: r.N}
	}
	return total, out, nil
}

// NextDeadline is the earliest deadline after t of a published challenge
// (the partial index challenges_open_deadline_idx holds exactly these).
func (s *Portfolio) NextDeadline(ctx context.Context, after time.Time) (*time.Time, error) {
	var next []time.Time
	if err := s.db.conn(ctx).Table("challenges").Where("status = 'published' AND bid_deadline > ?", after.UTC()).
		Order("bid_deadline").Limit(1).Pluck("bid_deadline", &next).Error; err != nil {
		return nil, translate(err)
	}
	if len(next) == 0 {
		return nil, nil
	}
	t := next[0].UTC()
	return &t, nil
}

// Outputs reads the outputs once, counted per type, landmark flag, the
// project's level-1 field and the output's year.
func (s *Portfolio) Outputs(ctx context.Context, f portfolio.Filter) (portfolio.OutputFigures, error) {
	var rows []struct {
		Type     string
		Landmark bool
		Field    *string
		Year     string
		N        int64
	}
	q := projectScope.apply(s.db.conn(ctx).Table("outputs AS x").Joins("JOIN projects p ON p.id = x.project_id").
		Joins("LEFT JOIN fields fl ON fl.id = p.field_id"), f).
		Select("x.type AS type, x.landmark AS landmark, COALESCE(fl.parent_id, fl.id) AS field, SUBSTR(x.date, 1, 4) AS year, COUNT(*) AS n").
		Group("x.type, x.landmark, COALESCE(fl.parent_id, fl.id), SUBSTR(x.date, 1, 4)")
	if err := q.Scan(&rows).Error; err != nil {
		return portfolio.OutputFigures{}, translate(err)
	}
	var out portfolio.OutputFigures
	types, fields, years := tally{}, tally{}, tally{}
	for _, r := range rows {
		out.Total += r.N
		if r.Landmark {
			out.Landmark += r.N
		}
		types.add(&r.Type, r.N, false)
		fields.add(r.Field, r.N, true)
		years.add(&r.Year, r.N, false)
	}
	out.ByType, out.ByField, out.ByYear = types.counts(), fields.counts(), years.counts()
	return out, nil
}

// Work counts reports by status and lateness, and pending change requests.
func (s *Portfolio) Work(ctx context.Context, f portfolio.Filter, today string) (portfolio.WorkFigures, error) {
	var rows []struct {
		Status string
		Late   bool
		N      int64
	}
	q := projectScope.apply(s.db.conn(ctx).Table("reports AS r").Joins("JOIN projects p ON p.id = r.project_id"), f).
		Where("r.status IN ?", []string{"due", "returned", "submitted"}).
		Select("r.status AS status, (r.due_date < ?) AS late, COUNT(*) AS n", today).Group("r.status, late")
	if err := q.Scan(&rows).Error; err != nil {
		return portfolio.WorkFigures{}, translate(err)
	}
	var out portfolio.WorkFigures
	for _, r := range rows {
		if r.Status == "submitted" {
			out.ReportsSubmitted += r.N
			continue
		}
		out.ReportsDue += r.N
		if r.Late {
			out.ReportsOverdue += r.N
		}
	}
	err := projectScope.apply(s.db.conn(ctx).Table("change_requests AS cr").Joins("JOIN projects p ON p.id = cr.project_id"), f).
		Where("cr.status = ?", "pending").Count(&out.ChangesPending).Error
	return out, translate(err)
}
