// Package matchmaking is who should bid and who should review: the fields an
// organization works in (capabilities), an expert's expertise, and the
// suggestions a published challenge makes from them — organizations ranked
// by field match and track record, experts by expertise and current load,
// each with its reasons, leaving out the owner, conflicted experts and
// anything a sealed bid would tell.
package matchmaking

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// MaxFields bounds the fields one organization or expert declares.
const MaxFields = 20

// Suggestions is how many suggestions a challenge makes at most.
const Suggestions = 20

// OrgCandidate is an organization the database found for a field, with its
// match (2: declares the field, 1: its highland) and its record in the field.
type OrgCandidate struct {
	ID, Name, Type, Country string
	Match                   int
	Bids, Projects, Outputs int
}

// ExpertCandidate is an expert with expertise in the field (2) or its
// highland (1), and the reviews the expert has open now.
type ExpertCandidate struct {
	ID, Name, OrgID string
	Match           int
	Open            int
}

// Repository keeps capabilities and expertise and finds candidates.
type Repository interface {
	Capabilities(ctx context.Context, orgID string) ([]string, error)
	SetCapabilities(ctx context.Context, orgID string, fieldIDs []string) error
	Expertise(ctx context.Context, userID string) ([]string, error)
	SetExpertise(ctx context.Context, userID string, fieldIDs []string) error
	// OrgCandidates ranks, in one query, the verified organizations that
	// declare the field or its highland or have a record in it (bids on
	// challenges whose bids are unsealed, projects under way or done,
	// outputs), best first.
	OrgCandidates(ctx context.Context, fieldID string, now time.Time, limit int) ([]OrgCandidate, error)
	// ExpertCandidates lists, in one query, the enabled experts with
	// expertise in the field or its highland, with their open reviews.
	ExpertCandidates(ctx context.Context, fieldID string, limit int) ([]ExpertCandidate, error)
}

// Challenges gives the facts of a challenge a suggestion may use.
type Challenges interface {
	Facts(ctx context.Context, a domain.Actor, id string, experts bool) (challenge.MatchFacts, error)
}

// Users reads who a user is.
type Users interface {
	User(ctx context.Context, id string) (challenge.UserInfo, error)
}

// Deps are what the service needs.
type Deps struct {
	Repo       Repository
	Challenges Challenges
	Ties       challenge.TieFinder
	Users      Users
	Orgs       interface {
		Get(ctx context.Context, id string) (org.Organization, error)
	}
	Fields interface {
		FieldExists(ctx context.Context, id string) (bool, error)
	}
	Audit *audit.Service
	Tx    domain.Transactor
	Clock domain.Clock
}

// Service runs matchmaking.
type Service struct{ Deps }

func NewService(d Deps) *Service { return &Service{d} }

func (s *Service) checkFields(ctx context.Context, ids []string) ([]string, error) {
	var p domain.Problems
	if len(ids) > MaxFields {
		p.Add("field_ids", domain.CodeOutOfRange, "min", 0, "max", MaxFields)
		return nil, p.Err()
	}
	var out []string
	for i, id := range ids {
		if slices.Contains(out, id) {
			continue
		}
		ok, err := s.Fields.FieldExists(ctx, id)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.Add(fmt.Sprintf("field_ids[%d]", i), codeNoField)
			continue
		}
		out = append(out, id)
	}
	return out, p.Err()
}

// Capabilities lists the fields an organization declares (the route admits anyone signed in).
func (s *Service) Capabilities(ctx context.Context, a domain.Actor, orgID string) ([]string, error) {
	if _, err := s.Orgs.Get(ctx, orgID); err != nil {
		return nil, err
	}
	return s.Repo.Capabilities(ctx, orgID)
}

// SetCapabilities replaces an organization's fields: its own users, and admins.
func (s *Service) SetCapabilities(ctx context.Context, a domain.Actor, orgID string, fieldIDs []string) ([]string, error) {
	if !a.Is(domain.RoleAdmin) && (a.IsAnonymous() || a.OrgID != orgID) {
		return nil, domain.Forbidden(domain.Msg("only the organization's own users and admins declare its fields", "只有本单位用户和平台管理员可以设置单位的研究方向"))
	}
	if _, err := s.Orgs.Get(ctx, orgID); err != nil {
		return nil, err
	}
	ids, err := s.checkFields(ctx, fieldIDs)
	if err != nil {
		return nil, err
	}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		before, err := s.Repo.Capabilities(ctx, orgID)
		if err != nil {
			return err
		}
		if err := s.Repo.SetCapabilities(ctx, orgID, ids); err != nil {
			return err
		}
		return s.Audit.Record(ctx, a, audit.Entry{Action: "organization.capabilities", Entity: "organization", EntityID: orgID,
			Changes: map[string]any{"before": before, "after": ids}})
	})
	if err != nil {
		return nil, err
	}
	return s.Repo.Capabilities(ctx, orgID)
}

// Expertise lists an expert's fields: the expert, program managers, admins.
func (s *Service) Expertise(ctx context.Context, a domain.Actor, userID string) ([]string, error) {
	if a.UserID != userID && !a.IsStaff() {
		return nil, domain.NotFound(domain.Msg("user %s not found", "未找到用户 %s"), userID)
	}
	if _, err := s.expert(ctx, userID); err != nil {
		return nil, err
	}
	return s.Repo.Expertise(ctx, userID)
}

func (s *Service) expert(ctx context.Context, userID string) (challenge.UserInfo, error) {
	u, err := s.Users.User(ctx, userID)
	if err != nil {
		return u, err
	}
	if u.Role != domain.RoleExpert {
		return u, domain.Invalid(domain.Msg("only experts declare expertise", "只有评审专家可以设置专业方向"), domain.Problem("user", codeNotExpert, "name", u.Name))
	}
	return u, nil
}

// SetExpertise replaces an expert's fields: the expert, and admins.
func (s *Service) SetExpertise(ctx context.Context, a domain.Actor, userID string, fieldIDs []string) ([]string, error) {
	if a.UserID != userID && !a.Is(domain.RoleAdmin) {
		return nil, domain.Forbidden(domain.Msg("only the expert and admins declare an expert's expertise", "只有专家本人和平台管理员可以设置专家的专业方向"))
	}
	if _, err := s.expert(ctx, userID); err != nil {
		return nil, err
	}
	ids, err := s.checkFields(ctx, fieldIDs)
	if err != nil {
		return nil, err
	}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		before, err := s.Repo.Expertise(ctx, userID)
		if err != nil {
			return err
		}
		if err := s.Repo.SetExpertise(ctx, userID, ids); err != nil {
			return err
		}
		return s.Audit.Record(ctx, a, audit.Entry{Action: "user.expertise", Entity: "user", EntityID: userID,
			Changes: map[string]any{"before": before, "after": ids}})
	})
	if err != nil {
		return nil, err
	}
	return s.Repo.Expertise(ctx, userID)
}

// Suggestion is a suggested organization or expert, its score and reasons.
type Suggestion struct {
	ID      string // the organization's or the user's
	Name    string
	OrgID   string // an expert's organization
	Score   int
	Open    int // an expert's open reviews
	Reasons []domain.FieldError
}

func reason(code domain.Code, kv ...any) domain.FieldError { return domain.Problem("", code, kv...) }

// eligible: the challenge's rule on who may bid (its organization types;
// foreign organizations only when it is global).
func eligible(c challenge.Challenge, typ, country string) bool {
	if len(c.EligibleOrgTypes) > 0 && !slices.Contains(c.EligibleOrgTypes, org.Type(typ)) {
		return false
	}
	return c.Global || country == "CN"
}

// Organizations suggests who could bid on a published challenge (its owner
// and program managers): never the owner, only organizations the challenge
// admits, ranked by field match then track record, with the reasons. While
// bids are sealed a bidder is neither left out nor marked; once they are
// unsealed the bidders and their partners are left out.
func (s *Service) Organizations(ctx context.Context, a domain.Actor, challengeID string) ([]Suggestion, error) {
	f, err := s.Challenges.Facts(ctx, a, challengeID, false)
	if err != nil {
		return nil, err
	}
	c := f.Challenge
	if c.FieldID == "" {
		return []Suggestion{}, nil
	}
	cands, err := s.Repo.OrgCandidates(ctx, c.FieldID, s.Clock.Now(), 10*Suggestions)
	if err != nil {
		return nil, err
	}
	out := []Suggestion{}
	for _, x := range cands {
		if x.ID == c.OwnerID || slices.Contains(f.RuledOut, x.ID) || !eligible(c, x.Type, x.Country) {
			continue
		}
		sg := Suggestion{ID: x.ID, Name: x.Name, Score: 10*x.Match + 3*x.Projects + 2*x.Outputs + x.Bids}
		switch x.Match {
		case 2:
			sg.Reasons = append(sg.Reasons, reason(codeDeclaresField))
		case 1:
			sg.Reasons = append(sg.Reasons, reason(codeDeclaresHighland))
		}
		if x.Projects > 0 {
			sg.Reasons = append(sg.Reasons, reason(codeProjects, "count", x.Projects))
		}
		if x.Outputs > 0 {
			sg.Reasons = append(sg.Reasons, reason(codeOutputs, "count", x.Outputs))
		}
		if x.Bids > 0 {
			sg.Reasons = append(sg.Reasons, reason(codeBids, "count", x.Bids))
		}
		out = append(out, sg)
	}
	return rank(out), nil
}

// Experts suggests reviewers for a challenge (program managers): by
// expertise (the field before its highland) and current load (fewer open
// reviews first), leaving out the reviewers already assigned and every
// expert with a conflict of interest the software can see — of the owner's
// organization, or, once bids are unsealed, of a bidder's or a partner's, or
// tied to one of them by a consortium or a recent project.
func (s *Service) Experts(ctx context.Context, a domain.Actor, challengeID string) ([]Suggestion, error) {
	f, err := s.Challenges.Facts(ctx, a, challengeID, true)
	if err != nil {
		return nil, err
	}
	c := f.Challenge
	if c.FieldID == "" {
		return []Suggestion{}, nil
	}
	cands, err := s.Repo.ExpertCandidates(ctx, c.FieldID, 10*Suggestions)
	if err != nil {
		return nil, err
	}
	parties := append([]string{c.OwnerID}, f.RuledOut...)
	var orgs []string
	for _, x := range cands {
		orgs = append(orgs, x.OrgID)
	}
	tied := map[string]bool{}
	if s.Ties != nil && len(orgs) > 0 {
		ties, err := s.Ties.Ties(ctx, orgs, parties, s.Clock.Now().AddDate(-challenge.TieYears, 0, 0))
		if err != nil {
			return nil, err
		}
		for _, t := range ties {
			tied[t.Org] = true
		}
	}
	out := []Suggestion{}
	for _, x := range cands {
		if slices.Contains(parties, x.OrgID) || tied[x.OrgID] || slices.Contains(f.Assigned, x.ID) {
			continue
		}
		sg := Suggestion{ID: x.ID, Name: x.Name, OrgID: x.OrgID, Open: x.Open, Score: 10*x.Match - 2*x.Open}
		if x.Match == 2 {
			sg.Reasons = append(sg.Reasons, reason(codeExpertField))
		} else {
			sg.Reasons = append(sg.Reasons, reason(codeExpertHighland))
		}
		sg.Reasons = append(sg.Reasons, reason(codeLoad, "count", x.Open))
		out = append(out, sg)
	}
	return rank(out), nil
}

// rank sorts by score, best first (ties by name), and keeps the best.
func rank(out []Suggestion) []Suggestion {
	slices.SortStableFunc(out, func(x, y Suggestion) int {
		if x.Score != y.Score {
			return y.Score - x.Score
		}
		if x.Name < y.Name {
			return -1
		}
		if x.Name > y.Name {
			return 1
		}
		return 0
	})
	if len(out) > Suggestions {
		out = out[:Suggestions]
	}
	return out
}

var (
	codeNoField          = domain.NewCode("match.no_field", "no such field", "没有这个技术领域")
	codeNotExpert        = domain.NewCode("match.not_expert", "{name} is not an expert", "{name} 不是评审专家")
	codeDeclaresField    = domain.NewCode("match.declares_field", "works in the challenge's field", "研究方向与榜单技术领域一致")
	codeDeclaresHighland = domain.NewCode("match.declares_highland", "works in the same highland", "研究方向属于同一创新高地")
	codeProjects         = domain.NewCode("match.projects", "{count} projects in the field", "在该领域承担 {count} 个项目")
	codeOutputs          = domain.NewCode("match.outputs", "{count} outputs in the field", "在该领域取得 {count} 项成果")
	codeBids             = domain.NewCode("match.bids", "{count} bids in the field", "在该领域揭榜 {count} 次")
	codeExpertField      = domain.NewCode("match.expert_field", "expertise in the challenge's field", "专业方向与榜单技术领域一致")
	codeExpertHighland   = domain.NewCode("match.expert_highland", "expertise in the same highland", "专业方向属于同一创新高地")
	codeLoad             = domain.NewCode("match.load", "{count} reviews open now", "当前有 {count} 项评审未完成")
)
