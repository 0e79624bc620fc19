package challenge

import (
	"context"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// MatchFacts is what suggesting bidders and reviewers may know of a
// challenge: never a sealed bid.
type MatchFacts struct {
	Challenge Challenge
	// Ruled out are the organizations a suggestion leaves out besides the
	// owner: the bidders and their partners once bids are unsealed (while they
	// are sealed nobody is left out for having bid, so no suggestion tells).
	RuledOut []string
	// Assigned are the challenge's reviewers (left out of expert suggestions).
	Assigned []string
}

// Facts answers MatchFacts to the owner (organizations only) and program
// managers, for a challenge that has been published.
func (s *Service) Facts(ctx context.Context, a domain.Actor, id string, experts bool) (MatchFacts, error) {
	c, err := s.load(ctx, a, id)
	if err != nil {
		return MatchFacts{}, err
	}
	pm := a.Is(domain.RoleProgramManager)
	if !pm && (experts || !s.isOwner(a, c)) {
		return MatchFacts{}, domain.Forbidden(domain.Msg("only the owner and program managers see suggestions", "只有出题企业和项目主管可以查看推荐"))
	}
	if c.PublishedAt == nil {
		return MatchFacts{}, domain.Conflict(domain.Msg("suggestions are for a published challenge; this one is %s", "榜单发布后才有推荐；当前为「%s」"), c.EffectiveStatus(s.clock.Now()))
	}
	f := MatchFacts{Challenge: c}
	if c.BidsUnsealed(s.clock.Now()) {
		bids, err := s.repo.LiveBids(ctx, []string{c.ID})
		if err != nil {
			return MatchFacts{}, err
		}
		for _, b := range bids {
			f.RuledOut = append(f.RuledOut, b.OrganizationID)
			f.RuledOut = append(f.RuledOut, b.PartnerIDs...)
		}
	}
	if experts {
		as, err := s.repo.Assignments(ctx, c.ID)
		if err != nil {
			return MatchFacts{}, err
		}
		for _, x := range as {
			f.Assigned = append(f.Assigned, x.ExpertID)
		}
	}
	return f, nil
}
