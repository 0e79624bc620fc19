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

// AwardLevel is who made an external award: the province or the nation.
type AwardLevel string

const (
	LevelProvincial AwardLevel = "provincial" // e.g. 尖兵, 领雁
	LevelNational   AwardLevel = "national"   // e.g. 国家重点研发计划
)

func AwardLevels() []AwardLevel { return []AwardLevel{LevelProvincial, LevelNational} }

// CapReason says why a matching line is less than the award (省市联动).
type CapReason string

const (
	CappedNone      CapReason = ""
	CappedMunicipal CapReason = "municipal_cap" // the project's municipal money reached 5000万
	CappedOneToOne  CapReason = "one_to_one"    // matching already equals the higher-level money
)

// ExternalAward is a provincial or national award won by a project, with
// the funding line it brought and the municipal matching line created with it.
type ExternalAward struct {
	ID               string
	ProjectID        string
	Level            AwardLevel
	Programme        string
	Amount           int64
	AwardedOn        domain.Date
	FundingLineID    string
	MatchingLineID   string // "" when declined or capped to nothing
	MatchingDeclined bool
	Capped           CapReason
	RecommendationID string
	CreatedBy        string
	CreatedAt        time.Time
}

// AwardInput records an external award; Match defaults to true.
type AwardInput struct {
	Level, Programme, AwardedOn *string
	Amount                      *int64
	Match                       *bool
}

// AwardResult is what recording an award did.
type AwardResult struct {
	Award        ExternalAward
	FundingLine  FundingLine
	MatchingLine *FundingLine
	// Requested is the matching asked for (the award's amount, or 0 when declined).
	Requested int64
}

// AwardRepository keeps external awards and the recommendations that may
// lead to them (recommendations.go).
type AwardRepository interface {
	ExternalAwardStore
	RecommendationStore
}

// ExternalAwardStore keeps the provincial and national awards of projects.
type ExternalAwardStore interface {
	CreateAward(ctx context.Context, x ExternalAward) error
	Awards(ctx context.Context, projectID string) ([]ExternalAward, error)
}

// matchingFor is the municipal matching an award of amount may bring to a
// project with these live lines: 1:1, but never past the 1:1 rule over all
// lines nor the 5000万 municipal ceiling; the reason says which one cut it.
func matchingFor(lines []FundingLine, amount int64) (int64, CapReason) {
	municipal, matching, higher := sums(lines)
	oneToOne := max(higher+amount-matching, 0)
	ceiling := max(domain.MaxMunicipalSubsidy-municipal, 0)
	m := min(amount, oneToOne, ceiling)
	switch {
	case m == amount:
		return m, CappedNone
	case ceiling <= oneToOne:
		return m, CappedMunicipal
	default:
		return m, CappedOneToOne
	}
}

func (in AwardInput) check() domain.Problems {
	var p domain.Problems
	p.Required(map[string]bool{"level": in.Level != nil, "programme": in.Programme != nil, "amount": in.Amount != nil,
		"awarded_on": in.AwardedOn != nil})
	if in.Level != nil {
		if _, ok := domain.ParseEnum(*in.Level, AwardLevels()); !ok {
			p.Add("level", domain.CodeOneOf, "allowed", domain.EnumList(AwardLevels()))
		}
	}
	p.TextLen("programme", in.Programme, 1, maxProgrammeLn)
	p.Money("amount", in.Amount, true)
	// An award's date is the programme's to state (it may be announced ahead
	// of its day): any day of the sane range.
	p.PlanDate("awarded_on", in.AwardedOn)
	return p
}

// RecordAward records a provincial or national award on a project under way
// (program managers): its funding line and, unless declined, the municipal
// matching line, both committed, in one transaction; the project's budget
// grows by what they bring (so committed money stays within it). The
// matching is capped by the 1:1 rule and the 5000万 ceiling, and the result
// says when and why.
func (s *Service) RecordAward(ctx context.Context, a domain.Actor, projectID string, in AwardInput) (AwardResult, error) {
	var res AwardResult
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		res, err = s.recordAward(ctx, a, projectID, in, "")
		return err
	})
	return res, err
}

func (s *Service) recordAward(ctx context.Context, a domain.Actor, projectID string, in AwardInput, recommendationID string) (AwardResult, error) {
	p, acc, err := s.load(ctx, a, projectID)
	if err != nil {
		return AwardResult{}, err
	}
	if !acc.pm {
		return AwardResult{}, domain.Forbidden(domain.Msg("only program managers record external awards", "只有项目主管可以登记上级立项支持"))
	}
	if err := in.check().Err(); err != nil {
		return AwardResult{}, err
	}
	if !underWay(p) {
		return AwardResult{}, domain.Conflict(domain.Msg("external awards are recorded on a project under way; it is %s", "项目实施中才能登记上级立项支持；当前为「%s」"), p.Stage)
	}
	if err := s.repo.LockFunding(ctx, p.ID); err != nil {
		return AwardResult{}, err
	}
	lines, err := s.repo.FundingLines(ctx, p.ID)
	if err != nil {
		return AwardResult{}, err
	}
	now := s.clock.Now()
	level := AwardLevel(*in.Level)
	src := SourceProvincial
	if level == LevelNational {
		src = SourceNational
	}
	amount := *in.Amount
	funding := FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: src, Amount: amount, Status: FundingCommitted,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	on, err := domain.ParseDate(*in.AwardedOn) // checked with the input (PlanDate)
	if err != nil {
		return AwardResult{}, err
	}
	x := ExternalAward{ID: domain.NewID(), ProjectID: p.ID, Level: level, Programme: strings.TrimSpace(*in.Programme),
		Amount: amount, AwardedOn: on, FundingLineID: funding.ID, RecommendationID: recommendationID,
		CreatedBy: a.UserID, CreatedAt: now}
	res := AwardResult{FundingLine: funding}
	all := withLine(lines, funding)
	if in.Match == nil || *in.Match {
		res.Requested = amount
		m, why := matchingFor(live(lines), amount)
		x.Capped = why
		if m > 0 {
			ml := FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: SourceMunicipal, Amount: m, Status: FundingCommitted,
				Matching: true, Version: 1, CreatedAt: now, UpdatedAt: now}
			res.MatchingLine, x.MatchingLineID = &ml, ml.ID
			all = withLine(all, ml)
		}
	} else {
		x.MatchingDeclined = true
	}
	brought := amount
	if res.MatchingLine != nil {
		brought += res.MatchingLine.Amount
	}
	if p.Budget+brought > domain.MaxAmount {
		return AwardResult{}, domain.Invalid(domain.Msg("the award takes the project's budget past the ceiling", "该立项支持将使项目预算超出上限"),
			domain.Problem("amount", domain.CodeMoneyPositive, "max", domain.MaxAmount-p.Budget))
	}
	old := p.Version
	p.Budget, p.Version, p.UpdatedAt = p.Budget+brought, p.Version+1, now
	if err := CheckFunding(all, p.Budget); err != nil {
		return AwardResult{}, err
	}
	if err := s.repo.Update(ctx, p, old); err != nil {
		return AwardResult{}, err
	}
	if err := s.repo.CreateFunding(ctx, funding); err != nil {
		return AwardResult{}, err
	}
	if res.MatchingLine != nil {
		if err := s.repo.CreateFunding(ctx, *res.MatchingLine); err != nil {
			return AwardResult{}, err
		}
	}
	if err := s.awards.CreateAward(ctx, x); err != nil {
		return AwardResult{}, err
	}
	res.Award = x
	matched := int64(0)
	if res.MatchingLine != nil {
		matched = res.MatchingLine.Amount
	}
	if err := s.audit.Record(ctx, a, audit.Entry{Action: "external_award.create", Entity: "external_award", EntityID: x.ID,
		Changes: map[string]any{"project_id": p.ID, "level": x.Level, "programme": x.Programme, "amount": x.Amount,
			"awarded_on": x.AwardedOn, "matching": matched, "matching_declined": x.MatchingDeclined, "capped": x.Capped,
			"budget": []int64{p.Budget - brought, p.Budget}}}); err != nil {
		return AwardResult{}, err
	}
	return res, s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: "project.external_award", Entity: "project",
		EntityID: p.ID, Text: fmt.Sprintf("项目「%s」获%s支持 %s 元，市级配套 %s 元。", p.Title, x.Programme, yuan(amount), yuan(matched)),
		Data: map[string]any{"title": p.Title, "programme": x.Programme, "amount": amount, "matching": matched}})
}

// Awards lists a project's external awards (as the project is read).
func (s *Service) Awards(ctx context.Context, a domain.Actor, projectID string) ([]ExternalAward, error) {
	if _, _, err := s.load(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.awards.Awards(ctx, projectID)
}
