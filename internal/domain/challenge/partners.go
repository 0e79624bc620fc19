package challenge

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
)

// PartnerDecision is a named partner's answer to a bid (联合揭榜).
type PartnerDecision string

const (
	PartnerPending   PartnerDecision = "pending"
	PartnerConfirmed PartnerDecision = "confirmed"
	PartnerDeclined  PartnerDecision = "declined"
)

// PartnerDecisions lists every decision.
func PartnerDecisions() []PartnerDecision {
	return []PartnerDecision{PartnerPending, PartnerConfirmed, PartnerDeclined}
}

// PartnerAnswer is one named partner's answer to a bid.
type PartnerAnswer struct {
	OrganizationID string
	Decision       PartnerDecision
	DecidedAt      *time.Time
}

// Unconfirmed tells whether a partner the bid names has not confirmed: what
// reviewers see marked once the deadline has passed.
func (b Bid) Unconfirmed() []string {
	var out []string
	for _, p := range b.Partners {
		if p.Decision != PartnerConfirmed {
			out = append(out, p.OrganizationID)
		}
	}
	return out
}

// AnswerAsPartner records the caller's organization's answer to a bid that
// names it as a partner: confirm or decline, once, before the deadline. The
// bidding organization is told.
func (s *Service) AnswerAsPartner(ctx context.Context, a domain.Actor, bidID string, confirm bool) (Bid, error) {
	var b Bid
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			c   Challenge
			acc bidAccess
			err error
		)
		if b, c, acc, err = s.loadBid(ctx, a, bidID); err != nil {
			return err
		}
		defer func() { b.Actions = s.bidActions(a, c, b) }()
		if acc != bidPartner || !a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
			return domain.Forbidden(domain.Msg("only an organization the bid names as a partner answers it", "只有揭榜方案列明的合作单位可以答复"))
		}
		if !c.Open(s.clock.Now()) {
			return domain.Conflict(domain.Msg("the deadline has passed: partners answer before it", "揭榜已截止：合作单位须在截止前答复"))
		}
		if b.Status != BidSubmitted {
			return domain.Conflict(domain.Msg("this bid is %s", "此揭榜方案为「%s」"), b.Status)
		}
		act, current := PartnerDecline, PartnerPending
		if confirm {
			act = PartnerConfirm
		}
		for _, p := range b.Partners {
			if p.OrganizationID == a.OrgID {
				current = p.Decision
			}
		}
		d, err := PartnerMachine.Next(act, current)
		if err != nil {
			return domain.Conflict(domain.Msg("your organization has already answered this bid", "贵单位已答复过该揭榜方案"))
		}
		now := s.clock.Now()
		if err := s.repo.DecidePartner(ctx, b.ID, a.OrgID, current, d, a.UserID, now); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("your organization has already answered this bid", "贵单位已答复过该揭榜方案"))
			}
			return err
		}
		if b, err = s.repo.GetBid(ctx, b.ID); err != nil {
			return err
		}
		partner, err := s.orgs.Get(ctx, a.OrgID)
		if err != nil {
			return err
		}
		text := fmt.Sprintf("「%s」已确认参加贵单位对「%s」的联合揭榜。", partner.Name, c.Title)
		if !confirm {
			text = fmt.Sprintf("「%s」谢绝参加贵单位对「%s」的联合揭榜。", partner.Name, c.Title)
		}
		if err := s.notify.ToOrgs(ctx, []string{b.OrganizationID}, notify.Message{Kind: "bid.partner_" + string(d),
			Entity: "bid", EntityID: b.ID, Text: text,
			Data: map[string]any{"title": c.Title, "partner": partner.Name, "decision": d}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "bid.partner_answer", Entity: "bid", EntityID: b.ID,
			Changes: map[string]any{"challenge_id": c.ID, "organization_id": a.OrgID, "decision": d}})
	})
	return b, err
}

// PartnerBids pages the bids naming the caller's organization as a partner
// (its work list), newest first, each with its challenge's title and status.
func (s *Service) PartnerBids(ctx context.Context, a domain.Actor, p domain.Page) (domain.List[OwnBid], error) {
	if !a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
		return domain.List[OwnBid]{}, domain.Forbidden(domain.Msg("only enterprises and institutes are partners in bids", "只有企业和科研机构可以作为联合揭榜的合作单位"))
	}
	now := s.clock.Now()
	l, err := domain.Paginate(p, func(x OwnBid) string { return x.Bid.ID }, func(p domain.Page) ([]OwnBid, error) {
		return s.repo.PartnerBids(ctx, a.OrgID, p)
	})
	for i := range l.Items {
		l.Items[i].Bid.Actions = s.bidActions(a, l.Items[i].Challenge, l.Items[i].Bid)
		l.Items[i].Challenge.Status = l.Items[i].Challenge.EffectiveStatus(now)
	}
	return l, err
}
