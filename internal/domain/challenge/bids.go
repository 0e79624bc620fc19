package challenge

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// BidStatus of a bid. Awarded and not awarded are set together, when the
// challenge's outcome is final.
type BidStatus string

const (
	BidSubmitted  BidStatus = "submitted"
	BidWithdrawn  BidStatus = "withdrawn"
	BidAwarded    BidStatus = "awarded"
	BidNotAwarded BidStatus = "not_awarded"
)

// BidStatuses lists every status of a bid.
func BidStatuses() []BidStatus {
	return []BidStatus{BidSubmitted, BidWithdrawn, BidAwarded, BidNotAwarded}
}

// Team is who will do the work.
type Team struct {
	LeadScientist string `json:"lead_scientist"`
	Size          int    `json:"size"`
}

// BidMilestone is a step of the proposed plan.
type BidMilestone struct {
	Title       string `json:"title"`
	Month       int    `json:"month"`
	Deliverable string `json:"deliverable"`
}

// Bid is an organization's application to solve a challenge (揭榜申请).
type Bid struct {
	ID             string
	ChallengeID    string
	OrganizationID string
	CreatedBy      string
	Summary        string
	Approach       string
	Team           Team
	PartnerIDs     []string
	Budget         int64
	DurationMonths int
	Milestones     []BidMilestone
	AcceptTerms    bool
	Status         BidStatus
	// Round is the furthest review round the bid reached: 1, or n when it
	// was shortlisted into round n.
	Round int
	// Partners are the named partners' answers (联合揭榜), in PartnerIDs' order.
	Partners []PartnerAnswer
	// Actions are what the reader may do to it now (the services set them).
	Actions   []BidAction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// BidInput is the content of a bid; on an edit, nil fields stay.
type BidInput struct {
	Summary        *string
	Approach       *string
	Team           *Team
	PartnerIDs     *[]string
	Budget         *int64
	DurationMonths *int
	Milestones     *[]BidMilestone
	AcceptTerms    *bool
}

// apply validates what is set and copies it onto b; partners are checked
// against the organizations (verified, not the bidder, not the owner).
func (in BidInput) apply(ctx context.Context, b *Bid, c Challenge, lookup func(context.Context, string) (org.Organization, error)) (domain.Problems, error) {
	var p domain.Problems
	p.TextLen("summary", in.Summary, 1, 5000)
	p.TextLen("approach", in.Approach, 1, 20000)
	if in.Team != nil {
		p.TextLen("team.lead_scientist", &in.Team.LeadScientist, 1, 100)
		if in.Team.Size < 1 || in.Team.Size > 10000 {
			p.Add("team.size", domain.CodeOutOfRange, "min", 1, "max", 10000)
		}
	}
	p.Money("budget", in.Budget, false)
	duration := b.DurationMonths
	if in.DurationMonths != nil {
		duration = *in.DurationMonths
		if duration < 1 || duration > 120 {
			p.Add("duration_months", domain.CodeOutOfRange, "min", 1, "max", 120)
		}
	}
	if in.Milestones != nil {
		if len(*in.Milestones) > 50 {
			p.Add("milestones", domain.CodeTooMany, "max", 50)
		}
		for i, m := range *in.Milestones {
			if strings.TrimSpace(m.Title) == "" || utf8.RuneCountInString(m.Title) > 200 || utf8.RuneCountInString(m.Deliverable) > 2000 {
				p.Add(fieldIndex("milestones", i)+".title", domain.CodeRequiredText, "max", 200)
			}
			if m.Month < 1 || (duration > 0 && m.Month > duration) {
				p.Add(fieldIndex("milestones", i)+".month", codeMilestoneMonth, "max", duration)
			}
		}
	}
	if in.AcceptTerms != nil && !*in.AcceptTerms {
		p.Add("accept_terms", codeAcceptTerms)
	}
	if in.PartnerIDs != nil {
		if len(*in.PartnerIDs) > 20 {
			p.Add("partner_ids", domain.CodeTooMany, "max", 20)
		}
		seen := map[string]bool{}
		for i, id := range *in.PartnerIDs {
			field := fieldIndex("partner_ids", i)
			switch {
			case seen[id]:
				p.Add(field, codeListedTwice)
				continue
			case id == b.OrganizationID:
				p.Add(field, codePartnerIsLead)
				continue
			case id == c.OwnerID:
				p.Add(field, codePartnerIsOwner)
				continue
			}
			seen[id] = true
			o, err := lookup(ctx, id)
			if domain.KindOf(err) == domain.KindNotFound {
				p.Add(field, domain.CodeUnknownOrg)
				continue
			} else if err != nil {
				return nil, err
			}
			if o.Status != org.StatusVerified {
				p.Add(field, domain.CodeUnverifiedOrg, "name", o.Name)
			}
			if !c.Global && !o.Domestic() {
				p.Add(field, codePartnerForeign, "name", o.Name)
			}
		}
	}
	if len(p) > 0 {
		return p, nil
	}
	if in.Summary != nil {
		b.Summary = strings.TrimSpace(*in.Summary)
	}
	if in.Approach != nil {
		b.Approach = strings.TrimSpace(*in.Approach)
	}
	if in.Team != nil {
		b.Team = Team{LeadScientist: strings.TrimSpace(in.Team.LeadScientist), Size: in.Team.Size}
	}
	if in.PartnerIDs != nil {
		b.PartnerIDs = append([]string{}, (*in.PartnerIDs)...)
	}
	if in.Budget != nil {
		b.Budget = *in.Budget
	}
	if in.DurationMonths != nil {
		b.DurationMonths = *in.DurationMonths
	}
	if in.Milestones != nil {
		b.Milestones = append([]BidMilestone{}, (*in.Milestones)...)
	}
	if in.AcceptTerms != nil {
		b.AcceptTerms = *in.AcceptTerms
	}
	return nil, nil
}

// changed names the fields an edit set (not their sealed values).
func (in BidInput) changed() []string {
	var out []string
	for name, set := range map[string]bool{"summary": in.Summary != nil, "approach": in.Approach != nil, "team": in.Team != nil,
		"partner_ids": in.PartnerIDs != nil, "budget": in.Budget != nil, "duration_months": in.DurationMonths != nil,
		"milestones": in.Milestones != nil, "accept_terms": in.AcceptTerms != nil} {
		if set {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func bidNotFound(id string) error {
	return domain.NotFound(domain.Msg("bid %s not found", "未找到揭榜方案 %s"), id)
}

// eligible checks the bidder against the challenge's rules.
func (s *Service) eligible(ctx context.Context, a domain.Actor, c Challenge) error {
	if a.OrgID == c.OwnerID {
		return domain.Forbidden(domain.Msg("an enterprise cannot bid on its own challenge", "企业不能揭自己发布的榜"))
	}
	o, err := s.orgs.Get(ctx, a.OrgID)
	if err != nil {
		return err
	}
	if o.Status != org.StatusVerified {
		return domain.Forbidden(domain.Msg("your organization is not verified yet: it cannot bid", "贵单位尚未通过认证，不能揭榜"))
	}
	allowed := false
	for _, t := range c.EligibleOrgTypes {
		allowed = allowed || t == o.Type
	}
	if !allowed {
		return domain.Forbidden(domain.Msg("this challenge does not accept bids from organizations of type %s", "本榜单不接受「%s」类单位揭榜"), o.Type)
	}
	if !c.Global && !o.Domestic() {
		return domain.Forbidden(domain.Msg("this challenge accepts bids from Chinese organizations only", "本榜单只接受国内单位揭榜"))
	}
	return nil
}

// CreateBid files the caller's organization's bid while the challenge is open.
func (s *Service) CreateBid(ctx context.Context, a domain.Actor, challengeID string, in BidInput) (Bid, error) {
	c, err := s.load(ctx, a, challengeID)
	if err != nil {
		return Bid{}, err
	}
	if !c.Open(s.clock.Now()) {
		return Bid{}, domain.Conflict(domain.Msg("this challenge is not open for bids (it is %s)", "本榜单当前不接受揭榜（状态：%s）"), c.EffectiveStatus(s.clock.Now()))
	}
	if err := s.eligible(ctx, a, c); err != nil {
		return Bid{}, err
	}
	var missing domain.Problems
	if in.Summary == nil {
		missing.Add("summary", domain.CodeRequired)
	}
	if in.Approach == nil {
		missing.Add("approach", domain.CodeRequired)
	}
	if in.Team == nil {
		missing.Add("team", domain.CodeRequired)
	}
	if in.Budget == nil {
		missing.Add("budget", domain.CodeRequired)
	}
	if in.DurationMonths == nil {
		missing.Add("duration_months", domain.CodeRequired)
	}
	if in.AcceptTerms == nil {
		missing.Add("accept_terms", codeAcceptTerms)
	}
	now := s.clock.Now()
	b := Bid{ID: domain.NewID(), ChallengeID: c.ID, OrganizationID: a.OrgID, CreatedBy: a.UserID, Status: BidSubmitted,
		PartnerIDs: []string{}, Milestones: []BidMilestone{}, Version: 1, CreatedAt: now, UpdatedAt: now}
	p, err := in.apply(ctx, &b, c, s.orgs.Get)
	if err != nil {
		return Bid{}, err
	}
	if err := append(missing, p...).Err(); err != nil {
		return Bid{}, err
	}
	for _, id := range b.PartnerIDs { // every partner named is asked (联合揭榜)
		b.Partners = append(b.Partners, PartnerAnswer{OrganizationID: id, Decision: PartnerPending})
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.repo.CreateBid(ctx, b); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("your organization already has a bid on this challenge: edit it instead", "贵单位已揭此榜，请修改已有方案"))
			}
			return err
		}
		// The content stays out of the trail: the bid is sealed.
		return s.audit.Record(ctx, a, audit.Entry{Action: "bid.create", Entity: "bid", EntityID: b.ID,
			Changes: map[string]any{"challenge_id": c.ID}})
	})
	b.Actions = s.bidActions(a, c, b)
	return b, err
}

// bidAccess is what the caller may do with a bid.
type bidAccess int

const (
	bidHidden bidAccess = iota
	bidRead
	bidPartner // a partner the bid names: reads it, answers
	bidOwn     // the bidding organization
)

// seesAllBids: while bids are sealed (Challenge.BidsUnsealed) nobody sees
// other organizations' bids (not even that they exist); once unsealed the
// owner and program managers see them all, and the challenge's active
// experts those that reached the first round they review (from: every bid
// for a round-1 expert, the shortlisted ones for a later round's).
func (s *Service) seesAllBids(ctx context.Context, a domain.Actor, c Challenge) (ok bool, from int, err error) {
	if a.IsAnonymous() || !c.BidsUnsealed(s.clock.Now()) {
		return false, 0, nil
	}
	if s.isOwner(a, c) || a.Is(domain.RoleProgramManager) {
		return true, 1, nil
	}
	if a.Is(domain.RoleExpert) {
		from, err := s.expertFrom(ctx, c.ID, a.UserID)
		return from > 0, from, err
	}
	return false, 0, nil
}

// access decides what the caller may do with one bid: its own organization
// always sees it, and so does a partner it names (联合揭榜: the partner must
// know what it is asked to join); others as seesAllBids says.
func (s *Service) access(ctx context.Context, a domain.Actor, c Challenge, b Bid) (bidAccess, error) {
	if !a.IsAnonymous() && a.OrgID == b.OrganizationID {
		return bidOwn, nil
	}
	if !a.IsAnonymous() && a.OrgID != "" && slices.Contains(b.PartnerIDs, a.OrgID) {
		return bidPartner, nil
	}
	all, from, err := s.seesAllBids(ctx, a, c)
	if err != nil || !all || b.Round < from {
		return bidHidden, err
	}
	return bidRead, nil
}

func (s *Service) loadBid(ctx context.Context, a domain.Actor, id string) (Bid, Challenge, bidAccess, error) {
	b, err := s.repo.GetBid(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Bid{}, Challenge{}, bidHidden, bidNotFound(id)
	} else if err != nil {
		return Bid{}, Challenge{}, bidHidden, err
	}
	// The bidding organization reads its own bid whatever became of the
	// challenge; everyone else only through a challenge they may see.
	var c Challenge
	if !a.IsAnonymous() && (a.OrgID == b.OrganizationID || (a.OrgID != "" && slices.Contains(b.PartnerIDs, a.OrgID))) {
		c, err = s.loadUnchecked(ctx, b.ChallengeID)
	} else {
		c, err = s.load(ctx, a, b.ChallengeID)
	}
	if domain.KindOf(err) == domain.KindNotFound {
		return Bid{}, Challenge{}, bidHidden, bidNotFound(id)
	} else if err != nil {
		return Bid{}, Challenge{}, bidHidden, err
	}
	acc, err := s.access(ctx, a, c, b)
	if err != nil {
		return Bid{}, Challenge{}, bidHidden, err
	}
	if acc == bidHidden {
		return Bid{}, Challenge{}, bidHidden, bidNotFound(id)
	}
	return b, c, acc, nil
}

// GetBid returns a bid the caller may see; any other bid is "not found".
func (s *Service) GetBid(ctx context.Context, a domain.Actor, id string) (Bid, error) {
	b, c, _, err := s.loadBid(ctx, a, id)
	b.Actions = s.bidActions(a, c, b)
	return b, err
}

// bidActions are what actor a may do to bid b of challenge c now, while the
// challenge is open: its own organization edits and withdraws it while it is
// live (BidMachine); a partner it names answers once (PartnerMachine).
func (s *Service) bidActions(a domain.Actor, c Challenge, b Bid) []BidAction {
	out := []BidAction{}
	if !a.Is(domain.RoleEnterprise, domain.RoleInstitute) || !c.Open(s.clock.Now()) {
		return out
	}
	switch {
	case a.OrgID == b.OrganizationID:
		if BidMachine.Allows(BidWithdraw, b.Status) {
			out = append(out, BidEdit, BidWithdraw)
		}
	case b.Status == BidSubmitted:
		for _, p := range b.Partners {
			if p.OrganizationID != a.OrgID {
				continue
			}
			for _, act := range PartnerMachine.Actions() {
				if PartnerMachine.Allows(act, p.Decision) {
					out = append(out, BidAction("partner_"+act))
				}
			}
		}
	}
	return out
}

// Bids lists the bids of a challenge the caller may see: before the deadline
// only its own organization's; after it all of them for the owner, program
// managers and the active experts; its own for a bidder.
func (s *Service) Bids(ctx context.Context, a domain.Actor, challengeID string, p domain.Page) (domain.List[Bid], error) {
	c, err := s.load(ctx, a, challengeID)
	if err != nil {
		return domain.List[Bid]{}, err
	}
	if a.IsAnonymous() {
		return domain.List[Bid]{}, domain.Unauthenticated(domain.Msg("sign in to see bids", "请登录后查看揭榜方案"))
	}
	all, from, err := s.seesAllBids(ctx, a, c)
	if err != nil {
		return domain.List[Bid]{}, err
	}
	scope := a.OrgID
	if all {
		scope = ""
	}
	l, err := domain.Paginate(p, func(x Bid) string { return x.ID }, func(p domain.Page) ([]Bid, error) {
		return s.repo.ListBids(ctx, c.ID, scope, max(from, 1), p)
	})
	for i := range l.Items {
		l.Items[i].Actions = s.bidActions(a, c, l.Items[i])
	}
	return l, err
}

// OwnBid is one of an organization's bids with the challenge it answers.
type OwnBid struct {
	Bid       Bid
	Challenge Challenge // only ID, Title, Status and BidDeadline are read
}

// OwnBids pages the caller's organization's bids (我的揭榜), newest first,
// each with its challenge's title and status as of now: what a bidder follows.
func (s *Service) OwnBids(ctx context.Context, a domain.Actor, p domain.Page) (domain.List[OwnBid], error) {
	if !a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
		return domain.List[OwnBid]{}, domain.Forbidden(domain.Msg("only enterprises and institutes bid", "只有企业和科研院所/高校可以揭榜"))
	}
	now := s.clock.Now()
	l, err := domain.Paginate(p, func(x OwnBid) string { return x.Bid.ID }, func(p domain.Page) ([]OwnBid, error) {
		return s.repo.OwnBids(ctx, a.OrgID, p)
	})
	for i := range l.Items {
		l.Items[i].Bid.Actions = s.bidActions(a, l.Items[i].Challenge, l.Items[i].Bid)
		l.Items[i].Challenge.Status = l.Items[i].Challenge.EffectiveStatus(now)
	}
	return l, err
}

// UpdateBid edits the caller's organization's bid until the deadline.
func (s *Service) UpdateBid(ctx context.Context, a domain.Actor, id string, in BidInput, version *int) (Bid, error) {
	var b Bid
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			c   Challenge
			acc bidAccess
			err error
		)
		if b, c, acc, err = s.loadBid(ctx, a, id); err != nil {
			return err
		}
		defer func() { b.Actions = s.bidActions(a, c, b) }()
		if acc != bidOwn || !a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
			return domain.Forbidden(domain.Msg("only the bidding organization edits its bid", "只有揭榜单位可以修改其揭榜方案"))
		}
		if err := lockedCheck(s, c, b, version); err != nil {
			return err
		}
		old := b.Version
		p, err := in.apply(ctx, &b, c, s.orgs.Get)
		if err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		b.Version, b.UpdatedAt = b.Version+1, s.clock.Now()
		if err := s.repo.UpdateBid(ctx, b, old); err != nil {
			return err
		}
		if b, err = s.repo.GetBid(ctx, b.ID); err != nil { // with its partners' answers as they now stand
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "bid.update", Entity: "bid", EntityID: b.ID,
			Changes: map[string]any{"challenge_id": c.ID, "fields": in.changed(), "version": b.Version}})
	})
	return b, err
}

func lockedCheck(s *Service, c Challenge, b Bid, version *int) error {
	if !c.Open(s.clock.Now()) {
		return domain.Conflict(domain.Msg("the deadline has passed: bids are locked", "已过截止时间，揭榜方案已锁定"))
	}
	if b.Status != BidSubmitted {
		return domain.Conflict(domain.Msg("this bid is %s", "此揭榜方案为「%s」"), b.Status)
	}
	if err := domain.CheckVersion("bid", b.ID, b.Version, version); err != nil {
		return err
	}
	return nil
}

// WithdrawBid takes the caller's organization's bid back until the deadline.
func (s *Service) WithdrawBid(ctx context.Context, a domain.Actor, id string, version *int) (Bid, error) {
	var b Bid
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			c   Challenge
			acc bidAccess
			err error
		)
		if b, c, acc, err = s.loadBid(ctx, a, id); err != nil {
			return err
		}
		defer func() { b.Actions = s.bidActions(a, c, b) }()
		if acc != bidOwn || !a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
			return domain.Forbidden(domain.Msg("only the bidding organization withdraws its bid", "只有揭榜单位可以撤回其揭榜方案"))
		}
		if err := lockedCheck(s, c, b, version); err != nil {
			return err
		}
		from := b.Status
		to, err := BidMachine.Next(BidWithdraw, from)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if err := s.repo.SetBidStatus(ctx, b.ID, from, b.Version, to, now); err != nil {
			return err
		}
		b.Status, b.Version, b.UpdatedAt = to, b.Version+1, now
		return s.audit.Record(ctx, a, audit.Entry{Action: "bid.withdraw", Entity: "bid", EntityID: b.ID,
			Changes: map[string]any{"challenge_id": c.ID, "status": []BidStatus{from, to}}})
	})
	return b, err
}

// BidDocuments answers for a bid's documents: whoever may see the bid reads
// them (a sealed bid's are as sealed as the bid); the bidding organization
// adds to them until the deadline.
func (s *Service) BidDocuments(ctx context.Context, a domain.Actor, id string) (edit, err error) {
	b, c, acc, err := s.loadBid(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if acc != bidOwn || !a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
		return domain.Forbidden(domain.Msg("only the bidding organization adds documents to its bid", "只有揭榜单位可以为其揭榜方案上传附件")), nil
	}
	return lockedCheck(s, c, b, nil), nil
}
