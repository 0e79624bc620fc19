package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

type challengeRow struct {
	ID                    string `gorm:"primaryKey"`
	OwnerID               string
	CreatedBy             string
	Title                 string
	Problem               string
	Indicators            string
	Deliverables          string
	FieldID               *string
	EnterpriseCommitment  int64
	RequestedSupport      int64
	DurationMonths        int
	IPTerms               string `gorm:"column:ip_terms"`
	TRLStart              int    `gorm:"column:trl_start"`
	TRLTarget             int    `gorm:"column:trl_target"`
	EligibleOrgTypes      string
	GlobalBidding         bool
	Category              *string
	FundingCap            *int64
	BidDeadline           *time.Time
	PublishedAt           *time.Time
	ClosedAt              *time.Time
	DecidedAt             *time.Time
	Status                string
	StatusReason          string
	ProposedBidID         *string
	AwardedBidID          *string
	ProjectID             *string
	MaxWinners            int
	WinnerBidIDs          string
	ProjectIDs            string `gorm:"column:project_ids"`
	Rounds                string
	CurrentRound          int
	ScenarioID            *string
	ProcurementCommitment int64
	LiveBids              int `gorm:"->"` // read only: kept by CreateBid and SetBidStatus (migration 00006)
	Version               int
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

func (challengeRow) TableName() string { return "challenges" }

// targets are where a row of `SELECT *` is scanned, column by column: lists
// scan by hand (scanAll) rather than through GORM's reflection, their
// hottest cost per row.
func (r *challengeRow) targets(cols []string) ([]any, error) {
	out := make([]any, len(cols))
	for i, c := range cols {
		var p any
		switch c {
		case "id":
			p = &r.ID
		case "owner_id":
			p = &r.OwnerID
		case "created_by":
			p = &r.CreatedBy
		case "title":
			p = &r.Title
		case "problem":
			p = &r.Problem
		case "indicators":
			p = &r.Indicators
		case "deliverables":
			p = &r.Deliverables
		case "field_id":
			p = &r.FieldID
		case "enterprise_commitment":
			p = &r.EnterpriseCommitment
		case "requested_support":
			p = &r.RequestedSupport
		case "duration_months":
			p = &r.DurationMonths
		case "ip_terms":
			p = &r.IPTerms
		case "trl_start":
			p = &r.TRLStart
		case "trl_target":
			p = &r.TRLTarget
		case "eligible_org_types":
			p = &r.EligibleOrgTypes
		case "global_bidding":
			p = &r.GlobalBidding
		case "category":
			p = &r.Category
		case "funding_cap":
			p = &r.FundingCap
		case "bid_deadline":
			p = &r.BidDeadline
		case "published_at":
			p = &r.PublishedAt
		case "closed_at":
			p = &r.ClosedAt
		case "decided_at":
			p = &r.DecidedAt
		case "status":
			p = &r.Status
		case "status_reason":
			p = &r.StatusReason
		case "proposed_bid_id":
			p = &r.ProposedBidID
		case "awarded_bid_id":
			p = &r.AwardedBidID
		case "project_id":
			p = &r.ProjectID
		case "max_winners":
			p = &r.MaxWinners
		case "winner_bid_ids":
			p = &r.WinnerBidIDs
		case "project_ids":
			p = &r.ProjectIDs
		case "rounds":
			p = &r.Rounds
		case "current_round":
			p = &r.CurrentRound
		case "scenario_id":
			p = &r.ScenarioID
		case "procurement_commitment":
			p = &r.ProcurementCommitment
		case "live_bids":
			p = &r.LiveBids
		case "version":
			p = &r.Version
		case "created_at":
			p = &r.CreatedAt
		case "updated_at":
			p = &r.UpdatedAt
		default:
			return nil, fmt.Errorf("challenges: no field for column %q", c)
		}
		out[i] = p
	}
	return out, nil
}

func challengeRowOf(c challenge.Challenge) challengeRow {
	return challengeRow{ID: c.ID, OwnerID: c.OwnerID, CreatedBy: c.CreatedBy, Title: c.Title, Problem: c.Problem,
		Indicators: mustJSON(c.Indicators), Deliverables: c.Deliverables, FieldID: nullable(c.FieldID),
		EnterpriseCommitment: c.EnterpriseCommitment, RequestedSupport: c.RequestedSupport, DurationMonths: c.DurationMonths,
		IPTerms: c.IPTerms, TRLStart: c.TRLStart, TRLTarget: c.TRLTarget, EligibleOrgTypes: mustJSON(c.EligibleOrgTypes),
		GlobalBidding: c.Global, Category: nullable(c.Category), FundingCap: c.FundingCap, BidDeadline: utcPtr(c.BidDeadline),
		PublishedAt: utcPtr(c.PublishedAt), ClosedAt: utcPtr(c.ClosedAt), DecidedAt: utcPtr(c.DecidedAt), Status: string(c.Status),
		StatusReason: c.StatusReason, ProposedBidID: nullable(c.ProposedBidID), AwardedBidID: nullable(c.AwardedBidID),
		ProjectID: nullable(c.ProjectID), MaxWinners: max(c.MaxWinners, 1), WinnerBidIDs: mustJSON(orEmpty(c.WinnerBidIDs)),
		ProjectIDs: mustJSON(orEmpty(c.ProjectIDs)), Rounds: mustJSON(roundsOrEmpty(c.Rounds)), CurrentRound: max(c.CurrentRound, 1),
		ScenarioID: nullable(c.ScenarioID), ProcurementCommitment: c.ProcurementCommitment,
		Version: c.Version, CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
}

func roundsOrEmpty(rs []challenge.Round) []challenge.Round {
	if rs == nil {
		return []challenge.Round{}
	}
	return rs
}

func orEmpty(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

func (r challengeRow) domain() (challenge.Challenge, error) {
	c := challenge.Challenge{ID: r.ID, OwnerID: r.OwnerID, CreatedBy: r.CreatedBy, Title: r.Title, Problem: r.Problem,
		Deliverables: r.Deliverables, FieldID: deref(r.FieldID), EnterpriseCommitment: r.EnterpriseCommitment,
		RequestedSupport: r.RequestedSupport, DurationMonths: r.DurationMonths, IPTerms: r.IPTerms, TRLStart: r.TRLStart,
		TRLTarget: r.TRLTarget, Global: r.GlobalBidding, Category: deref(r.Category), FundingCap: r.FundingCap,
		BidDeadline: utcPtr(r.BidDeadline), PublishedAt: utcPtr(r.PublishedAt), ClosedAt: utcPtr(r.ClosedAt),
		DecidedAt: utcPtr(r.DecidedAt), Status: challenge.Status(r.Status), StatusReason: r.StatusReason,
		ProposedBidID: deref(r.ProposedBidID), AwardedBidID: deref(r.AwardedBidID), ProjectID: deref(r.ProjectID),
		LiveBids: r.LiveBids, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Indicators: []challenge.Indicator{}, EligibleOrgTypes: []org.Type{}, MaxWinners: max(r.MaxWinners, 1),
		WinnerBidIDs: []string{}, ProjectIDs: []string{}, CurrentRound: max(r.CurrentRound, 1),
		ScenarioID: deref(r.ScenarioID), ProcurementCommitment: r.ProcurementCommitment}
	return c, errors.Join(fromJSON("challenge", r.ID, "rounds", orJSONList(r.Rounds), &c.Rounds), fromJSON("challenge", r.ID, "indicators", r.Indicators, &c.Indicators),
		fromJSON("challenge", r.ID, "eligible_org_types", r.EligibleOrgTypes, &c.EligibleOrgTypes),
		fromJSON("challenge", r.ID, "winner_bid_ids", orJSONList(r.WinnerBidIDs), &c.WinnerBidIDs),
		fromJSON("challenge", r.ID, "project_ids", orJSONList(r.ProjectIDs), &c.ProjectIDs))
}

// orJSONList reads a column a row may have been read without (a partial
// select) as an empty list.
func orJSONList(s string) string {
	if s == "" {
		return "[]"
	}
	return s
}

// Challenges implements challenge.Repository.
type Challenges struct{ db *DB }

func (db *DB) Challenges() *Challenges { return &Challenges{db} }

func (s *Challenges) Create(ctx context.Context, c challenge.Challenge) error {
	row := challengeRowOf(c)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Challenges) Get(ctx context.Context, id string) (challenge.Challenge, error) {
	var row challengeRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return challenge.Challenge{}, domain.NotFound(domain.Msg("challenge %s not found", "未找到榜单 %s"), id)
		}
		return challenge.Challenge{}, translate(err)
	}
	return row.domain()
}

func (s *Challenges) GetMany(ctx context.Context, ids []string) ([]challenge.Challenge, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []challengeRow
	if err := s.db.conn(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return rowsOf(rows, challengeRow.domain)
}

// effectiveStatus filters by the status as of now: a published challenge past
// its deadline counts as closed.
func effectiveStatus(q *gorm.DB, st challenge.Status, now time.Time) *gorm.DB {
	switch st {
	case challenge.StatusPublished:
		return q.Where("status = 'published' AND bid_deadline > ?", now.UTC())
	case challenge.StatusClosed:
		return q.Where("(status = 'closed' OR (status = 'published' AND bid_deadline <= ?))", now.UTC())
	}
	return q.Where("status = ?", string(st))
}

// publicStatusSQL selects the public challenges. It is written out, not
// bound, and is the predicate of the partial index challenges_public_idx
// (migration 00005): a planner uses that index only for a query whose
// condition implies the index's, which it cannot see through parameters.
var publicStatusSQL = func() string {
	quoted := make([]string, 0, len(challenge.PublicStatuses()))
	for _, st := range challenge.PublicStatuses() {
		quoted = append(quoted, "'"+string(st)+"'") // constants of the domain, never input
	}
	return "status IN (" + strings.Join(quoted, ", ") + ")"
}()

func (s *Challenges) List(ctx context.Context, f challenge.Filter, p domain.Page) ([]challenge.Challenge, error) {
	q := s.db.conn(ctx).Model(&challengeRow{})
	switch {
	case f.Privileged:
		q = q.Where("(status <> 'draft' OR owner_id = ?)", f.ViewerOrg)
	case f.ViewerOrg != "":
		q = q.Where("("+publicStatusSQL+" OR owner_id = ?)", f.ViewerOrg)
	default:
		q = q.Where(publicStatusSQL)
		// SQLite's planner prefers the status index and sorts every public
		// challenge for each page; the unfiltered board is told which index
		// reads it in order (PostgreSQL chooses it by itself).
		if s.db.dialect == SQLite && len(f.Statuses) == 0 && f.OwnerID == "" && f.FieldID == "" && f.Category == "" && f.Query == "" {
			q = q.Table("challenges INDEXED BY challenges_public_idx")
		}
	}
	for _, st := range f.Statuses {
		q = effectiveStatus(q, st, f.Now)
	}
	if f.OwnerID != "" {
		q = q.Where("owner_id = ?", f.OwnerID)
	}
	if f.FieldID != "" {
		// The field and its children, named: a leaf field (most are) reads
		// its challenges in id order from the field index (field_id, id)
		// instead of walking every public challenge and filtering.
		var ids []string
		if err := s.db.conn(ctx).Table("fields").Where("id = ? OR parent_id = ?", f.FieldID, f.FieldID).
			Order("id").Pluck("id", &ids).Error; err != nil {
			return nil, translate(err)
		}
		if len(ids) == 0 {
			return nil, nil
		}
		q = q.Where("field_id IN ?", ids)
	}
	if f.Category != "" {
		q = q.Where("category = ?", f.Category)
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		q = q.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(problem) LIKE ? ESCAPE '\\')", pat, pat)
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	rows, err := scanAll[challengeRow](q.Order("id DESC").Limit(p.Limit))
	if err != nil {
		return nil, err
	}
	return rowsOf(rows, challengeRow.domain)
}

func (s *Challenges) UpdateContent(ctx context.Context, c challenge.Challenge, version int) error {
	r := challengeRowOf(c)
	res := s.db.conn(ctx).Model(&challengeRow{}).Where("id = ? AND status = 'draft' AND version = ?", c.ID, version).
		Updates(map[string]any{"title": r.Title, "problem": r.Problem, "indicators": r.Indicators, "deliverables": r.Deliverables,
			"field_id": r.FieldID, "enterprise_commitment": r.EnterpriseCommitment, "requested_support": r.RequestedSupport,
			"duration_months": r.DurationMonths, "ip_terms": r.IPTerms, "trl_start": r.TRLStart, "trl_target": r.TRLTarget,
			"eligible_org_types": r.EligibleOrgTypes, "global_bidding": r.GlobalBidding, "version": c.Version,
			"scenario_id": r.ScenarioID, "procurement_commitment": r.ProcurementCommitment,
			"updated_at": r.UpdatedAt})
	return guarded(res, "challenge", c.ID)
}

func (s *Challenges) Transition(ctx context.Context, id string, from challenge.Status, version int, to challenge.Status, ch challenge.Changes, at time.Time) error {
	cols := map[string]any{"status": string(to), "version": gorm.Expr("version + 1"), "updated_at": at.UTC()}
	if ch.Category != nil {
		cols["category"] = *ch.Category
	}
	if ch.FundingCap != nil {
		cols["funding_cap"] = *ch.FundingCap
	}
	for col, t := range map[string]*time.Time{"bid_deadline": ch.BidDeadline, "published_at": ch.PublishedAt,
		"closed_at": ch.ClosedAt, "decided_at": ch.DecidedAt} {
		if t != nil {
			cols[col] = t.UTC()
		}
	}
	for col, v := range map[string]*string{"status_reason": ch.StatusReason, "proposed_bid_id": ch.ProposedBidID,
		"awarded_bid_id": ch.AwardedBidID, "project_id": ch.ProjectID} {
		if v != nil {
			cols[col] = *v
		}
	}
	if ch.MaxWinners != nil {
		cols["max_winners"] = *ch.MaxWinners
	}
	if ch.WinnerBidIDs != nil {
		cols["winner_bid_ids"] = mustJSON(orEmpty(*ch.WinnerBidIDs))
	}
	if ch.ProjectIDs != nil {
		cols["project_ids"] = mustJSON(orEmpty(*ch.ProjectIDs))
	}
	if ch.Rounds != nil {
		cols["rounds"] = mustJSON(roundsOrEmpty(*ch.Rounds))
	}
	if ch.CurrentRound != nil {
		cols["current_round"] = *ch.CurrentRound
	}
	res := s.db.conn(ctx).Model(&challengeRow{}).Where("id = ? AND status = ? AND version = ?", id, string(from), version).Updates(cols)
	return guarded(res, "challenge", id)
}

func (s *Challenges) DueForClosing(ctx context.Context, now time.Time, limit int) ([]string, error) {
	var ids []string
	err := s.db.conn(ctx).Model(&challengeRow{}).Where("status = 'published' AND bid_deadline <= ?", now.UTC()).
		Order("bid_deadline").Limit(limit).Pluck("id", &ids).Error
	return ids, translate(err)
}

type questionRow struct {
	ID          string `gorm:"primaryKey"`
	ChallengeID string
	AskerOrgID  string
	AskerUserID string
	Text        string
	Answer      string
	AnsweredBy  *string
	AnsweredAt  *time.Time
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (questionRow) TableName() string { return "challenge_questions" }

func (r questionRow) domain() challenge.Question {
	return challenge.Question{ID: r.ID, ChallengeID: r.ChallengeID, AskerOrgID: r.AskerOrgID, AskerUserID: r.AskerUserID,
		Text: r.Text, Answer: r.Answer, AnsweredBy: deref(r.AnsweredBy), AnsweredAt: utcPtr(r.AnsweredAt), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (s *Challenges) CreateQuestion(ctx context.Context, q challenge.Question) error {
	row := questionRow{ID: q.ID, ChallengeID: q.ChallengeID, AskerOrgID: q.AskerOrgID, AskerUserID: q.AskerUserID,
		Text: q.Text, Version: q.Version, CreatedAt: q.CreatedAt.UTC(), UpdatedAt: q.UpdatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Challenges) GetQuestion(ctx context.Context, id string) (challenge.Question, error) {
	var row questionRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return challenge.Question{}, domain.NotFound(domain.Msg("question %s not found", "未找到提问 %s"), id)
		}
		return challenge.Question{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Challenges) ListQuestions(ctx context.Context, challengeID string, allUnanswered bool, askerOrg string, p domain.Page) ([]challenge.Question, error) {
	q := s.db.conn(ctx).Model(&questionRow{}).Where("challenge_id = ?", challengeID)
	if !allUnanswered {
		q = q.Where("(answered_at IS NOT NULL OR asker_org_id = ?)", askerOrg)
	}
	if p.After != "" {
		q = q.Where("id > ?", p.After)
	}
	var rows []questionRow
	if err := q.Order("id").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]challenge.Question, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Challenges) AnswerQuestion(ctx context.Context, id, text, by string, at time.Time) error {
	res := s.db.conn(ctx).Model(&questionRow{}).Where("id = ?", id).Updates(map[string]any{"answer": text, "answered_by": by,
		"answered_at": at.UTC(), "updated_at": at.UTC(), "version": gorm.Expr("version + 1")})
	return guarded(res, "question", id)
}

type bidRow struct {
	ID             string `gorm:"primaryKey"`
	ChallengeID    string
	OrganizationID string
	CreatedBy      string
	Summary        string
	Approach       string
	Team           string
	PartnerIDs     string `gorm:"column:partner_ids"`
	Budget         int64
	DurationMonths int
	Milestones     string
	AcceptTerms    bool
	Status         string
	RoundReached   int
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (bidRow) TableName() string { return "bids" }

func bidRowOf(b challenge.Bid) bidRow {
	return bidRow{ID: b.ID, ChallengeID: b.ChallengeID, OrganizationID: b.OrganizationID, CreatedBy: b.CreatedBy,
		Summary: b.Summary, Approach: b.Approach, Team: mustJSON(b.Team), PartnerIDs: mustJSON(b.PartnerIDs),
		Budget: b.Budget, DurationMonths: b.DurationMonths, Milestones: mustJSON(b.Milestones), AcceptTerms: b.AcceptTerms,
		Status: string(b.Status), RoundReached: max(b.Round, 1), Version: b.Version, CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC()}
}

func (r bidRow) domain() (challenge.Bid, error) {
	b := challenge.Bid{ID: r.ID, ChallengeID: r.ChallengeID, OrganizationID: r.OrganizationID, CreatedBy: r.CreatedBy,
		Summary: r.Summary, Approach: r.Approach, Budget: r.Budget, DurationMonths: r.DurationMonths, AcceptTerms: r.AcceptTerms,
		Status: challenge.BidStatus(r.Status), Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		PartnerIDs: []string{}, Milestones: []challenge.BidMilestone{}, Round: max(r.RoundReached, 1)}
	return b, errors.Join(fromJSON("bid", r.ID, "team", r.Team, &b.Team),
		fromJSON("bid", r.ID, "partner_ids", r.PartnerIDs, &b.PartnerIDs),
		fromJSON("bid", r.ID, "milestones", r.Milestones, &b.Milestones))
}

// CreateBid stores a bid and counts it on its challenge, in one transaction.
func (s *Challenges) CreateBid(ctx context.Context, b challenge.Bid) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		row := bidRowOf(b)
		if err := s.db.conn(ctx).Create(&row).Error; err != nil {
			return translate(err)
		}
		if err := s.syncPartners(ctx, b.ID, b.PartnerIDs); err != nil {
			return err
		}
		if b.Status == challenge.BidWithdrawn {
			return nil
		}
		return s.countBids(ctx, b.ChallengeID, 1)
	})
}

// countBids moves a challenge's live bid count by delta (an atomic update:
// concurrent bids on one challenge each count).
func (s *Challenges) countBids(ctx context.Context, challengeID string, delta int) error {
	// The table, not the row type: the row reads live_bids but never writes it.
	return translate(s.db.conn(ctx).Table("challenges").Where("id = ?", challengeID).
		UpdateColumn("live_bids", gorm.Expr("live_bids + ?", delta)).Error)
}

func (s *Challenges) GetBid(ctx context.Context, id string) (challenge.Bid, error) {
	bids, err := s.findBids(ctx, s.db.conn(ctx).Where("id = ?", id))
	if err != nil {
		return challenge.Bid{}, err
	}
	if len(bids) == 0 {
		return challenge.Bid{}, domain.NotFound(domain.Msg("bid %s not found", "未找到揭榜方案 %s"), id)
	}
	return bids[0], nil
}

// syncPartners keeps bid_partners with a bid's partner_ids: a partner no
// longer named goes, a new one is pending, the others keep their answers.
func (s *Challenges) syncPartners(ctx context.Context, bidID string, partners []string) error {
	tx := s.db.conn(ctx)
	q := tx.Where("bid_id = ?", bidID)
	if len(partners) > 0 {
		q = q.Where("organization_id NOT IN ?", partners)
	}
	if err := q.Delete(&bidPartnerRow{}).Error; err != nil {
		return translate(err)
	}
	if len(partners) == 0 {
		return nil
	}
	rows := make([]bidPartnerRow, len(partners))
	for i, id := range partners {
		rows[i] = bidPartnerRow{BidID: bidID, OrganizationID: id, Decision: string(challenge.PartnerPending)}
	}
	return translate(tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error)
}

type bidPartnerRow struct {
	BidID          string `gorm:"primaryKey"`
	OrganizationID string `gorm:"primaryKey"`
	Decision       string
	DecidedBy      *string
	DecidedAt      *time.Time
}

func (bidPartnerRow) TableName() string { return "bid_partners" }

// withPartners reads the bids' partners' answers in one query.
func (s *Challenges) withPartners(ctx context.Context, bids []challenge.Bid) error {
	var ids []string
	for _, b := range bids {
		if len(b.PartnerIDs) > 0 {
			ids = append(ids, b.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []bidPartnerRow
	if err := s.db.conn(ctx).Where("bid_id IN ?", ids).Find(&rows).Error; err != nil {
		return translate(err)
	}
	by := map[string]map[string]bidPartnerRow{}
	for _, r := range rows {
		if by[r.BidID] == nil {
			by[r.BidID] = map[string]bidPartnerRow{}
		}
		by[r.BidID][r.OrganizationID] = r
	}
	for i := range bids {
		b := &bids[i]
		b.Partners = make([]challenge.PartnerAnswer, len(b.PartnerIDs))
		for j, id := range b.PartnerIDs {
			r, ok := by[b.ID][id]
			b.Partners[j] = challenge.PartnerAnswer{OrganizationID: id, Decision: challenge.PartnerPending}
			if ok {
				b.Partners[j].Decision, b.Partners[j].DecidedAt = challenge.PartnerDecision(r.Decision), utcPtr(r.DecidedAt)
			}
		}
	}
	return nil
}

func (s *Challenges) DecidePartner(ctx context.Context, bidID, orgID string, from, to challenge.PartnerDecision, by string, at time.Time) error {
	res := s.db.conn(ctx).Model(&bidPartnerRow{}).Where("bid_id = ? AND organization_id = ? AND decision = ?", bidID, orgID, string(from)).
		Updates(map[string]any{"decision": string(to), "decided_by": by, "decided_at": at.UTC()})
	return guarded(res, "bid partner", bidID)
}

func (s *Challenges) PartnerBids(ctx context.Context, orgID string, p domain.Page) ([]challenge.OwnBid, error) {
	q := s.db.conn(ctx).Table("bid_partners AS bp").
		Select("b.*, c.title AS challenge_title, c.status AS challenge_status, c.bid_deadline AS challenge_deadline").
		Joins("JOIN bids b ON b.id = bp.bid_id").
		Joins("JOIN challenges c ON c.id = b.challenge_id").Where("bp.organization_id = ?", orgID)
	if p.After != "" {
		q = q.Where("bp.bid_id < ?", p.After)
	}
	return s.ownBids(ctx, q.Order("bp.bid_id DESC").Limit(p.Limit))
}

func (s *Challenges) Shortlist(ctx context.Context, challengeID string, bidIDs []string, round int, at time.Time) error {
	if len(bidIDs) == 0 {
		return nil
	}
	return translate(s.db.conn(ctx).Model(&bidRow{}).Where("challenge_id = ? AND id IN ?", challengeID, bidIDs).
		Updates(map[string]any{"round_reached": round, "updated_at": at.UTC()}).Error)
}

func (s *Challenges) ListBids(ctx context.Context, challengeID, orgID string, minRound int, p domain.Page) ([]challenge.Bid, error) {
	q := s.db.conn(ctx).Model(&bidRow{}).Where("challenge_id = ?", challengeID)
	if orgID != "" {
		q = q.Where("organization_id = ?", orgID)
	}
	if minRound > 1 {
		q = q.Where("round_reached >= ?", minRound)
	}
	if p.After != "" {
		q = q.Where("id > ?", p.After)
	}
	return s.findBids(ctx, q.Order("id").Limit(p.Limit))
}

// ownBidRow is a bid with its challenge, as an organization's list reads it.
type ownBidRow struct {
	Bid               bidRow `gorm:"embedded"` // named: GORM does not fill an unexported embedded type
	ChallengeTitle    string
	ChallengeStatus   string
	ChallengeDeadline *time.Time
}

func (s *Challenges) OwnBids(ctx context.Context, orgID string, p domain.Page) ([]challenge.OwnBid, error) {
	q := s.db.conn(ctx).Table("bids AS b").
		Select("b.*, c.title AS challenge_title, c.status AS challenge_status, c.bid_deadline AS challenge_deadline").
		Joins("JOIN challenges c ON c.id = b.challenge_id").Where("b.organization_id = ?", orgID)
	if p.After != "" {
		q = q.Where("b.id < ?", p.After)
	}
	return s.ownBids(ctx, q.Order("b.id DESC").Limit(p.Limit))
}

func (s *Challenges) ownBids(ctx context.Context, q *gorm.DB) ([]challenge.OwnBid, error) {
	var rows []ownBidRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]challenge.OwnBid, len(rows))
	for i, r := range rows {
		b, err := r.Bid.domain()
		if err != nil {
			return nil, err
		}
		out[i] = challenge.OwnBid{Bid: b, Challenge: challenge.Challenge{ID: b.ChallengeID, Title: r.ChallengeTitle,
			Status: challenge.Status(r.ChallengeStatus), BidDeadline: utcPtr(r.ChallengeDeadline)}}
	}
	bids := make([]challenge.Bid, len(out))
	for i := range out {
		bids[i] = out[i].Bid
	}
	if err := s.withPartners(ctx, bids); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Bid = bids[i]
	}
	return out, nil
}

// findBids reads bids with their partners' answers: two queries whatever the count.
func (s *Challenges) findBids(ctx context.Context, q *gorm.DB) ([]challenge.Bid, error) {
	var rows []bidRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	bids, err := rowsOf(rows, bidRow.domain)
	if err != nil {
		return nil, err
	}
	return bids, s.withPartners(ctx, bids)
}

func (s *Challenges) LiveBids(ctx context.Context, challengeIDs []string) ([]challenge.Bid, error) {
	if len(challengeIDs) == 0 {
		return nil, nil
	}
	return s.findBids(ctx, s.db.conn(ctx).Where("challenge_id IN ? AND status <> 'withdrawn'", challengeIDs).Order("id"))
}

func (s *Challenges) UpdateBid(ctx context.Context, b challenge.Bid, version int) error {
	r := bidRowOf(b)
	return s.db.InTx(ctx, func(ctx context.Context) error {
		res := s.db.conn(ctx).Model(&bidRow{}).Where("id = ? AND status = 'submitted' AND version = ?", b.ID, version).
			Updates(map[string]any{"summary": r.Summary, "approach": r.Approach, "team": r.Team, "partner_ids": r.PartnerIDs,
				"budget": r.Budget, "duration_months": r.DurationMonths, "milestones": r.Milestones, "accept_terms": r.AcceptTerms,
				"version": b.Version, "updated_at": r.UpdatedAt})
		if err := guarded(res, "bid", b.ID); err != nil {
			return err
		}
		return s.syncPartners(ctx, b.ID, b.PartnerIDs)
	})
}

// SetBidStatus moves a bid from one status to another if it is still at
// version; a bid withdrawn (or, never today, revived) moves its challenge's
// live count in the same transaction.
func (s *Challenges) SetBidStatus(ctx context.Context, id string, from challenge.BidStatus, version int, to challenge.BidStatus, at time.Time) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		res := s.db.conn(ctx).Model(&bidRow{}).Where("id = ? AND status = ? AND version = ?", id, string(from), version).
			Updates(map[string]any{"status": string(to), "version": gorm.Expr("version + 1"), "updated_at": at.UTC()})
		if err := guarded(res, "bid", id); err != nil {
			return err
		}
		delta := 0
		if to == challenge.BidWithdrawn && from != challenge.BidWithdrawn {
			delta = -1
		} else if from == challenge.BidWithdrawn && to != challenge.BidWithdrawn {
			delta = 1
		}
		if delta == 0 {
			return nil
		}
		var challengeID string
		if err := s.db.conn(ctx).Model(&bidRow{}).Select("challenge_id").Where("id = ?", id).Scan(&challengeID).Error; err != nil {
			return translate(err)
		}
		return s.countBids(ctx, challengeID, delta)
	})
}

func (s *Challenges) SettleBids(ctx context.Context, challengeID string, winners []string, live, won, lost challenge.BidStatus, at time.Time) error {
	tx := s.db.conn(ctx)
	set := func(status challenge.BidStatus) map[string]any {
		return map[string]any{"status": string(status), "version": gorm.Expr("version + 1"), "updated_at": at.UTC()}
	}
	if len(winners) > 0 {
		if err := tx.Model(&bidRow{}).Where("challenge_id = ? AND id IN ? AND status = ?", challengeID, winners, string(live)).
			Updates(set(won)).Error; err != nil {
			return translate(err)
		}
	}
	// The winners are no longer live: every other live bid lost.
	return translate(tx.Model(&bidRow{}).Where("challenge_id = ? AND status = ?", challengeID, string(live)).Updates(set(lost)).Error)
}

type assignmentRow struct {
	ChallengeID      string `gorm:"primaryKey"`
	Round            int    `gorm:"primaryKey"`
	ExpertID         string `gorm:"primaryKey"`
	AssignedBy       string
	AssignedAt       time.Time
	ConflictDeclared bool
	ConflictReason   string
	SubmittedAt      *time.Time
}

func (assignmentRow) TableName() string { return "reviewer_assignments" }

func (r assignmentRow) domain() challenge.Assignment {
	return challenge.Assignment{ChallengeID: r.ChallengeID, Round: r.Round, ExpertID: r.ExpertID, AssignedBy: r.AssignedBy,
		AssignedAt: r.AssignedAt.UTC(), ConflictDeclared: r.ConflictDeclared, ConflictReason: r.ConflictReason,
		SubmittedAt: utcPtr(r.SubmittedAt)}
}

func (s *Challenges) Assignments(ctx context.Context, challengeID string) ([]challenge.Assignment, error) {
	var rows []assignmentRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("round, assigned_at, expert_id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]challenge.Assignment, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Challenges) AddAssignments(ctx context.Context, as []challenge.Assignment) error {
	rows := make([]assignmentRow, len(as))
	for i, a := range as {
		rows[i] = assignmentRow{ChallengeID: a.ChallengeID, Round: max(a.Round, 1), ExpertID: a.ExpertID, AssignedBy: a.AssignedBy, AssignedAt: a.AssignedAt.UTC()}
	}
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error)
}

func (s *Challenges) DeclareConflict(ctx context.Context, challengeID string, round int, expertID, reason string) error {
	res := s.db.conn(ctx).Model(&assignmentRow{}).Where("challenge_id = ? AND round = ? AND expert_id = ? AND conflict_declared = ?", challengeID, round, expertID, false).
		Updates(map[string]any{"conflict_declared": true, "conflict_reason": reason})
	return guarded(res, "assignment", challengeID)
}

func (s *Challenges) MarkSubmitted(ctx context.Context, challengeID string, round int, expertID string, at time.Time) error {
	res := s.db.conn(ctx).Model(&assignmentRow{}).Where("challenge_id = ? AND round = ? AND expert_id = ? AND submitted_at IS NULL", challengeID, round, expertID).
		Update("submitted_at", at.UTC())
	return guarded(res, "assignment", challengeID)
}

func (s *Challenges) AssignmentsOfExpert(ctx context.Context, expertID string, p domain.Page) ([]challenge.Assignment, error) {
	// The latest round the expert reviews on each challenge.
	q := s.db.conn(ctx).Where("expert_id = ?", expertID).
		Where("round = (SELECT MAX(r2.round) FROM reviewer_assignments r2 WHERE r2.challenge_id = reviewer_assignments.challenge_id AND r2.expert_id = reviewer_assignments.expert_id)")
	if p.After != "" {
		q = q.Where("challenge_id < ?", p.After)
	}
	var rows []assignmentRow
	if err := q.Order("challenge_id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]challenge.Assignment, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

type scoreRow struct {
	BidID       string `gorm:"primaryKey"`
	Round       int    `gorm:"primaryKey"`
	ExpertID    string `gorm:"primaryKey"`
	ChallengeID string
	Technical   int
	Feasibility int
	Team        int
	Budget      int
	Total       int
	Comment     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (scoreRow) TableName() string { return "bid_scores" }

func (s *Challenges) UpsertScore(ctx context.Context, sc challenge.Score) error {
	row := scoreRow{BidID: sc.BidID, Round: max(sc.Round, 1), ExpertID: sc.ExpertID, ChallengeID: sc.ChallengeID, Technical: sc.Technical,
		Feasibility: sc.Feasibility, Team: sc.Team, Budget: sc.Budget, Total: sc.Total(), Comment: sc.Comment,
		CreatedAt: sc.CreatedAt.UTC(), UpdatedAt: sc.UpdatedAt.UTC()}
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "bid_id"}, {Name: "round"}, {Name: "expert_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"technical", "feasibility", "team", "budget", "total", "comment", "updated_at"}),
	}).Create(&row).Error)
}

func (s *Challenges) Scores(ctx context.Context, challengeIDs []string, expertID string) ([]challenge.Score, error) {
	if len(challengeIDs) == 0 {
		return nil, nil
	}
	q := s.db.conn(ctx).Where("challenge_id IN ?", challengeIDs)
	if expertID != "" {
		q = q.Where("expert_id = ?", expertID)
	}
	var rows []scoreRow
	if err := q.Order("bid_id, round, expert_id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]challenge.Score, len(rows))
	for i, r := range rows {
		out[i] = challenge.Score{BidID: r.BidID, Round: r.Round, ExpertID: r.ExpertID, ChallengeID: r.ChallengeID, Technical: r.Technical,
			Feasibility: r.Feasibility, Team: r.Team, Budget: r.Budget, Comment: r.Comment,
			CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	}
	return out, nil
}

func (s *Challenges) Ranking(ctx context.Context, challengeID string) ([]challenge.RankRow, error) {
	var rows []struct {
		BidID          string
		OrganizationID string
		Round          int
		MeanTotal      float64
		Experts        int
	}
	err := s.db.conn(ctx).Table("bids AS b").
		Select("b.id AS bid_id, b.organization_id, sc.round, AVG(CAST(sc.total AS REAL)) AS mean_total, COUNT(sc.expert_id) AS experts").
		Joins("JOIN bid_scores sc ON sc.bid_id = b.id").
		Joins("JOIN reviewer_assignments ra ON ra.challenge_id = b.challenge_id AND ra.round = sc.round AND ra.expert_id = sc.expert_id AND ra.conflict_declared = ?", false).
		Where("b.challenge_id = ? AND b.status <> 'withdrawn'", challengeID).
		Group("b.id, b.organization_id, sc.round").
		Order("sc.round, mean_total DESC, b.id").Scan(&rows).Error
	out := make([]challenge.RankRow, len(rows))
	for i, r := range rows {
		out[i] = challenge.RankRow(r)
	}
	return out, translate(err)
}

// unsealedSQL is challenge.Challenge.BidsUnsealed in SQL, for a challenge
// aliased c and the time as its one parameter: the deadline passed while the
// challenge was open for bids.
const unsealedSQL = "(c.closed_at IS NOT NULL OR (c.status = 'published' AND c.bid_deadline <= ?))"
