package project

import (
	"context"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// RecommendationStore keeps recommendations to higher programmes.
type RecommendationStore interface {
	CreateRecommendation(ctx context.Context, r Recommendation) error // the same project, programme and year twice → conflict
	GetRecommendation(ctx context.Context, id string) (Recommendation, error)
	Recommendations(ctx context.Context, f RecommendationFilter, p domain.Page) ([]RecommendationView, error)
	DecideRecommendation(ctx context.Context, r Recommendation, version int) error
}

// RecommendationStatus: recommended → awarded | not_awarded.
type RecommendationStatus string

const (
	Recommended    RecommendationStatus = "recommended"
	RecAwarded     RecommendationStatus = "awarded"
	RecNotAwarded  RecommendationStatus = "not_awarded"
	maxProgrammeLn                      = 200
)

func RecommendationStatuses() []RecommendationStatus {
	return []RecommendationStatus{Recommended, RecAwarded, RecNotAwarded}
}

// Recommendation is the bureau's recommendation of a project to a
// provincial or national programme (推荐申报).
type Recommendation struct {
	ID        string
	ProjectID string
	Level     AwardLevel
	Programme string
	Year      int
	Status    RecommendationStatus
	AwardID   string
	Version   int
	CreatedBy string
	CreatedAt time.Time
	DecidedBy string
	DecidedAt *time.Time
}

// RecommendationView is a recommendation with its project's code and title.
type RecommendationView struct {
	Recommendation
	ProjectCode, ProjectTitle string
}

// RecommendationFilter narrows the list.
type RecommendationFilter struct {
	Year      int
	Status    RecommendationStatus
	ProjectID string
}

// RecommendationInput recommends a project.
type RecommendationInput struct {
	ProjectID, Level, Programme *string
	Year                        *int
}

// OutcomeInput is a recommendation's outcome; an award names its amount.
type OutcomeInput struct {
	Awarded   *bool
	Amount    *int64
	AwardedOn *string // default: today
	Match     *bool
	Version   *int
}

// Recommend records the bureau's recommendation of a project (program managers).
func (s *Service) Recommend(ctx context.Context, a domain.Actor, in RecommendationInput) (Recommendation, error) {
	if !a.Is(domain.RoleProgramManager) {
		return Recommendation{}, domain.Forbidden(domain.Msg("only program managers recommend projects", "只有项目主管可以推荐申报项目"))
	}
	var p domain.Problems
	p.Required(map[string]bool{"project_id": in.ProjectID != nil, "level": in.Level != nil, "programme": in.Programme != nil,
		"year": in.Year != nil})
	if in.Level != nil {
		if _, ok := domain.ParseEnum(*in.Level, AwardLevels()); !ok {
			p.Add("level", domain.CodeOneOf, "allowed", domain.EnumList(AwardLevels()))
		}
	}
	p.TextLen("programme", in.Programme, 1, maxProgrammeLn)
	if in.Year != nil && (*in.Year < 2020 || *in.Year > 2100) {
		p.Add("year", domain.CodeOutOfRange, "min", 2020, "max", 2100)
	}
	if err := p.Err(); err != nil {
		return Recommendation{}, err
	}
	var r Recommendation
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		pr, _, err := s.load(ctx, a, *in.ProjectID)
		if err != nil {
			return err
		}
		if pr.Stage == StageRejected || pr.Stage == StageTerminated {
			return domain.Conflict(domain.Msg("project %s is %s: it cannot be recommended", "项目 %[1]s 为「%[2]s」，不能推荐申报"), pr.ID, pr.Stage)
		}
		now := s.clock.Now()
		r = Recommendation{ID: domain.NewID(), ProjectID: pr.ID, Level: AwardLevel(*in.Level), Programme: strings.TrimSpace(*in.Programme),
			Year: *in.Year, Status: Recommended, Version: 1, CreatedBy: a.UserID, CreatedAt: now}
		if err := s.awards.CreateRecommendation(ctx, r); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("the project is already recommended to %s for %d", "该项目已推荐申报 %[2]d 年度「%[1]s」"), r.Programme, r.Year)
			}
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "recommendation.create", Entity: "recommendation", EntityID: r.ID,
			Changes: map[string]any{"project_id": r.ProjectID, "level": r.Level, "programme": r.Programme, "year": r.Year}})
	})
	return r, err
}

// Recommendations lists recommendations, newest first (program managers and admins).
func (s *Service) Recommendations(ctx context.Context, a domain.Actor, f RecommendationFilter, p domain.Page) (domain.List[RecommendationView], error) {
	if !a.IsStaff() {
		return domain.List[RecommendationView]{}, domain.Forbidden(domain.Msg("only program managers and admins follow recommendations", "只有项目主管和平台管理员可以查看推荐申报"))
	}
	return domain.Paginate(p, func(r RecommendationView) string { return r.ID },
		func(p domain.Page) ([]RecommendationView, error) { return s.awards.Recommendations(ctx, f, p) })
}

// Outcome records what came of a recommendation (program managers); an
// award records the external award, with its matching, in the same transaction.
func (s *Service) Outcome(ctx context.Context, a domain.Actor, id string, in OutcomeInput) (Recommendation, *AwardResult, error) {
	if !a.Is(domain.RoleProgramManager) {
		return Recommendation{}, nil, domain.Forbidden(domain.Msg("only program managers record outcomes", "只有项目主管可以登记推荐结果"))
	}
	var p domain.Problems
	p.Required(map[string]bool{"awarded": in.Awarded != nil})
	if in.Awarded != nil && *in.Awarded {
		p.Required(map[string]bool{"amount": in.Amount != nil})
	}
	if err := p.Err(); err != nil {
		return Recommendation{}, nil, err
	}
	var r Recommendation
	var award *AwardResult
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if r, err = s.awards.GetRecommendation(ctx, id); err != nil {
			return err
		}
		act := RecommendationNotAwarded
		if *in.Awarded {
			act = RecommendationAwarded
		}
		if !RecommendationMachine.Allows(act, r.Status) {
			return domain.Conflict(domain.Msg("the outcome of this recommendation is recorded already: %s", "该推荐申报的结果已登记：%s"), r.Status)
		}
		from := r.Status
		if err := domain.CheckVersion("recommendation", id, r.Version, in.Version); err != nil {
			return err
		}
		now := s.clock.Now()
		old := r.Version
		r.Status, _ = RecommendationMachine.Next(act, from)
		r.Version, r.DecidedBy, r.DecidedAt = r.Version+1, a.UserID, &now
		if *in.Awarded {
			on := domain.Day(now)
			if in.AwardedOn != nil {
				on = *in.AwardedOn
			}
			level := string(r.Level)
			res, err := s.recordAward(ctx, a, r.ProjectID, AwardInput{Level: &level, Programme: &r.Programme, AwardedOn: &on,
				Amount: in.Amount, Match: in.Match}, r.ID)
			if err != nil {
				return err
			}
			r.AwardID, award = res.Award.ID, &res
		}
		if err := s.awards.DecideRecommendation(ctx, r, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "recommendation.outcome", Entity: "recommendation", EntityID: r.ID,
			Changes: map[string]any{"status": []RecommendationStatus{from, r.Status}, "award_id": r.AwardID}})
	})
	return r, award, err
}

// RecommendationAction records a recommendation's outcome.
type RecommendationAction string

const (
	RecommendationAwarded    RecommendationAction = "awarded"     // the higher programme funds it (the award is recorded with it)
	RecommendationNotAwarded RecommendationAction = "not_awarded" // it does not
)

// RecommendationMachine: recommended → awarded or not awarded, each final.
var RecommendationMachine = domain.Machine[RecommendationAction, RecommendationStatus]{
	Entity: domain.Text{En: "recommendation", Zh: "推荐"},
	Rows: map[RecommendationAction]domain.Transition[RecommendationStatus]{
		RecommendationAwarded:    {From: []RecommendationStatus{Recommended}, To: RecAwarded},
		RecommendationNotAwarded: {From: []RecommendationStatus{Recommended}, To: RecNotAwarded},
	}}

var recommendationWords = map[RecommendationStatus]string{Recommended: "已推荐", RecAwarded: "已获立项", RecNotAwarded: "未获立项"}

// Label is the status in lang.
func (s RecommendationStatus) Label(l domain.Lang) string {
	if w, ok := recommendationWords[s]; ok && l == domain.Chinese {
		return w
	}
	return strings.ReplaceAll(string(s), "_", " ")
}
