package challenge

import (
	"context"
	"fmt"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// ProposeAward: a program manager proposes the winning bid (挂帅) once the
// ranking is ready; the owner is asked to confirm. Bidders are not told.
func (s *Service) ProposeAward(ctx context.Context, a domain.Actor, challengeID, bidID string, version *int) (View, error) {
	return s.transition(ctx, a, challengeID, move{action: ActPropose, version: version,
		changes: Changes{ProposedBidID: &bidID},
		audit:   map[string]any{"proposed_bid_id": bidID},
		check: func(ctx context.Context, c Challenge, _ *Changes) error {
			if err := s.rankingReady(ctx, c); err != nil {
				return err
			}
			b, err := s.repo.GetBid(ctx, bidID)
			if domain.KindOf(err) == domain.KindNotFound || (err == nil && b.ChallengeID != c.ID) {
				return domain.Invalid("no such bid on this challenge", domain.Problem("bid_id", codeNotThisBid))
			} else if err != nil {
				return err
			}
			if b.Status != BidSubmitted {
				return domain.Invalid("that bid was withdrawn", domain.Problem("bid_id", codeBidWithdrawn))
			}
			return nil
		},
		after: func(ctx context.Context, c Challenge) error {
			return s.toOwner(ctx, c, "challenge.award_proposed", fmt.Sprintf("揭榜「%s」已提出中榜建议，请确认。", c.Title),
				map[string]any{"bid_id": bidID})
		}})
}

// Confirmed is the outcome of a confirmation.
type Confirmed struct {
	Challenge View
	Project   project.Project
}

// ConfirmAward: the owner confirms the proposed winner. In one transaction the
// challenge becomes awarded, every bid gets its outcome, the project is
// created (lead: the winner; members: its partners and the owner as demand
// side; funding: the owner's commitment and the approved government funding),
// and the bidders and owner are told, all at once.
func (s *Service) ConfirmAward(ctx context.Context, a domain.Actor, challengeID string, version *int) (Confirmed, error) {
	projectID := domain.NewID()
	var proj project.Project
	v, err := s.transition(ctx, a, challengeID, move{action: ActConfirm, version: version,
		changes: Changes{ProjectID: &projectID},
		check: func(ctx context.Context, c Challenge, ch *Changes) error {
			if c.ProposedBidID == "" {
				return domain.Conflict("no winner has been proposed yet")
			}
			now := s.clock.Now()
			ch.AwardedBidID, ch.DecidedAt = &c.ProposedBidID, &now
			return nil
		},
		after: func(ctx context.Context, c Challenge) error {
			winner, err := s.repo.GetBid(ctx, c.AwardedBidID)
			if err != nil {
				return err
			}
			var funding int64
			if c.FundingCap != nil {
				funding = *c.FundingCap
			}
			award := project.Award{ProjectID: projectID, ChallengeID: c.ID,
				Title: c.Title, Summary: winner.Summary, Category: c.Category, FieldID: c.FieldID, TRL: c.TRLStart,
				ProposedBudget: winner.Budget, LeadOrgID: winner.OrganizationID, PartnerIDs: winner.PartnerIDs, OwnerOrgID: c.OwnerID,
				EnterpriseCommitment: c.EnterpriseCommitment, GovernmentFunding: funding}
			for _, m := range winner.Milestones {
				award.Milestones = append(award.Milestones, project.PlannedMilestone{Title: m.Title, Deliverable: m.Deliverable, Month: m.Month})
			}
			for _, in := range c.Indicators {
				award.Indicators = append(award.Indicators, project.Indicator{Name: in.Name, Target: in.Target, Unit: in.Unit})
			}
			proj, err = s.projects.CreateFromAward(ctx, a, award)
			if err != nil {
				return err
			}
			return s.settle(ctx, c, winner.ID, "challenge.awarded", fmt.Sprintf("揭榜「%s」已确定中榜单位，项目 %s 已立项。", c.Title, proj.Code))
		}})
	if err != nil {
		return Confirmed{}, err
	}
	return Confirmed{Challenge: v, Project: proj}, nil
}
