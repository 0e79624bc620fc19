package challenge

import (
	"context"
	"fmt"
	"slices"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// ProposeAward: a program manager proposes the winning bids (挂帅) once the
// ranking is ready — one, or up to the challenge's max_winners (赛马); the
// owner is asked to confirm. Bidders are not told.
func (s *Service) ProposeAward(ctx context.Context, a domain.Actor, challengeID string, bidIDs []string, version *int) (View, error) {
	var p domain.Problems
	var ids []string
	for i, id := range bidIDs {
		if slices.Contains(ids, id) {
			p.Add(fieldIndex("bid_ids", i), codeListedTwice)
			continue
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		p.Add("bid_ids", domain.CodeRequired)
	}
	if err := p.Err(); err != nil {
		return View{}, err
	}
	first := ids[0]
	return s.transition(ctx, a, challengeID, move{action: ActPropose, version: version,
		changes: Changes{ProposedBidID: &first, WinnerBidIDs: &ids},
		audit:   map[string]any{"proposed_bid_ids": ids},
		check: func(ctx context.Context, c Challenge, _ *Changes) error {
			if len(ids) > max(c.MaxWinners, 1) {
				return domain.Invalid(domain.Msg("more winners than the challenge allows", "中榜方案超过本榜单允许的数量"),
					domain.Problem("bid_ids", codeTooManyWinners, "max", max(c.MaxWinners, 1), "count", len(ids)))
			}
			if err := s.awardReady(ctx, c); err != nil {
				return err
			}
			var p domain.Problems
			for i, id := range ids {
				field := "bid_id"
				if len(bidIDs) > 1 || c.MaxWinners > 1 {
					field = fieldIndex("bid_ids", i)
				}
				b, err := s.repo.GetBid(ctx, id)
				if domain.KindOf(err) == domain.KindNotFound || (err == nil && b.ChallengeID != c.ID) {
					p.Add(field, codeNotThisBid)
					continue
				} else if err != nil {
					return err
				}
				if b.Status != BidSubmitted {
					p.Add(field, codeBidWithdrawn)
				} else if b.Round < len(c.Plan()) {
					p.Add(field, codeNotShortlisted, "round", len(c.Plan()))
				}
			}
			if err := p.Err(); err != nil {
				return domain.Invalid(domain.Msg("not bids on this challenge that can win", "所选方案中有不属于本榜单或已撤回的"), p...)
			}
			return nil
		},
		after: func(ctx context.Context, c Challenge) error {
			return s.toOwner(ctx, c, "challenge.award_proposed", fmt.Sprintf("揭榜「%s」已提出中榜建议，请确认。", c.Title),
				map[string]any{"bid_id": first, "bid_ids": ids})
		}})
}

// Confirmed is the outcome of a confirmation: one project per winner.
type Confirmed struct {
	Challenge View
	Projects  []project.Project
}

// share divides an amount among n winners in whole yuan, the remainder to the first.
func share(total int64, n, i int) int64 {
	each := total / int64(n)
	if i == 0 {
		return total - each*int64(n-1)
	}
	return each
}

// ConfirmAward: the owner confirms the proposed winners. In one transaction
// the challenge becomes awarded, every bid gets its outcome, one project is
// created per winner (lead: the winner; members: its partners and the owner
// as demand side; funding: its share of the owner's commitment and of the
// approved government funding, divided equally among the winners), and the
// bidders and owner are told, all at once.
func (s *Service) ConfirmAward(ctx context.Context, a domain.Actor, challengeID string, version *int) (Confirmed, error) {
	var projs []project.Project
	var projectIDs []string
	v, err := s.transition(ctx, a, challengeID, move{action: ActConfirm, version: version,
		check: func(ctx context.Context, c Challenge, ch *Changes) error {
			if c.ProposedBidID == "" {
				return domain.Conflict(domain.Msg("no winner has been proposed yet", "尚未提议中榜单位"))
			}
			winners := c.winners()
			projectIDs = make([]string, len(winners))
			for i := range winners {
				projectIDs[i] = domain.NewID()
			}
			now := s.clock.Now()
			ch.AwardedBidID, ch.DecidedAt, ch.ProjectID, ch.ProjectIDs = &c.ProposedBidID, &now, &projectIDs[0], &projectIDs
			return nil
		},
		after: func(ctx context.Context, c Challenge) error {
			winners := c.winners()
			var funding int64
			if c.FundingCap != nil {
				funding = *c.FundingCap
			}
			var codes []string
			for i, id := range winners {
				winner, err := s.repo.GetBid(ctx, id)
				if err != nil {
					return err
				}
				award := project.Award{ProjectID: projectIDs[i], ChallengeID: c.ID,
					Title: c.Title, Summary: winner.Summary, Category: c.Category, FieldID: c.FieldID, TRL: c.TRLStart,
					ProposedBudget: winner.Budget, LeadOrgID: winner.OrganizationID, PartnerIDs: winner.PartnerIDs, OwnerOrgID: c.OwnerID,
					EnterpriseCommitment: share(c.EnterpriseCommitment, len(winners), i), GovernmentFunding: share(funding, len(winners), i),
					ProcurementCommitment: share(c.ProcurementCommitment, len(winners), i)}
				for _, m := range winner.Milestones {
					award.Milestones = append(award.Milestones, project.PlannedMilestone{Title: m.Title, Deliverable: m.Deliverable, Month: m.Month})
				}
				for _, in := range c.Indicators {
					award.Indicators = append(award.Indicators, project.Indicator{Name: in.Name, Target: in.Target, Unit: in.Unit})
				}
				proj, err := s.projects.CreateFromAward(ctx, a, award)
				if err != nil {
					return err
				}
				if c.ScenarioID != "" && s.scenarios != nil { // 以赛代招: accepted on the scenario at once
					if err := s.scenarios.AcceptAwarded(ctx, a, c.ScenarioID, proj.ID); err != nil {
						return err
					}
				}
				projs = append(projs, proj)
				codes = append(codes, proj.Code)
			}
			return s.settle(ctx, c, winners, "challenge.awarded", fmt.Sprintf("揭榜「%s」已确定中榜单位，项目 %s 已立项。", c.Title,
				joinCodes(codes)))
		}})
	if err != nil {
		return Confirmed{}, err
	}
	return Confirmed{Challenge: v, Projects: projs}, nil
}

func joinCodes(codes []string) string {
	out := ""
	for i, c := range codes {
		if i > 0 {
			out += "、"
		}
		out += c
	}
	return out
}

// winners are the proposed (then awarded) bids: a challenge proposed before
// several winners existed names only its proposed bid.
func (c Challenge) winners() []string {
	if len(c.WinnerBidIDs) > 0 {
		return c.WinnerBidIDs
	}
	if c.ProposedBidID != "" {
		return []string{c.ProposedBidID}
	}
	return nil
}
