package challenge

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
)

// MinReviewers is how many experts must review a challenge (以赛代评).
const MinReviewers = 3

// Assignment is an expert assigned to review a challenge.
type Assignment struct {
	ChallengeID      string
	Round            int
	ExpertID         string
	AssignedBy       string
	AssignedAt       time.Time
	ConflictDeclared bool
	ConflictReason   string
	SubmittedAt      *time.Time

	ExpertName string // read with Reviewers, for the program managers' view
}

// Active: assigned and not stepped out for a conflict of interest.
func (a Assignment) Active() bool { return !a.ConflictDeclared }

// Status is where the assignment is (AssignmentMachine).
func (a Assignment) Status() AssignmentStatus {
	switch {
	case a.ConflictDeclared:
		return AssignmentConflicted
	case a.SubmittedAt != nil:
		return AssignmentSubmitted
	}
	return AssignmentAssigned
}

// Rubric maxima: technical merit 40, feasibility 30, team 20, budget 10.
const (
	MaxTechnical   = 40
	MaxFeasibility = 30
	MaxTeam        = 20
	MaxBudget      = 10
)

// Score is one expert's score of one bid.
type Score struct {
	BidID       string
	Round       int
	ExpertID    string
	ChallengeID string
	Technical   int
	Feasibility int
	Team        int
	Budget      int
	Comment     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (s Score) Total() int { return s.Technical + s.Feasibility + s.Team + s.Budget }

// ScoreInput is an expert's scoring of a bid.
type ScoreInput struct {
	Technical, Feasibility, Team, Budget int
	Comment                              string
}

func (in ScoreInput) validate() error {
	var p domain.Problems
	check := func(field string, v, max int) {
		if v < 0 || v > max {
			p.Add(field, domain.CodeOutOfRange, "min", 0, "max", max)
		}
	}
	check("technical", in.Technical, MaxTechnical)
	check("feasibility", in.Feasibility, MaxFeasibility)
	check("team", in.Team, MaxTeam)
	check("budget", in.Budget, MaxBudget)
	p.TextLen("comment", &in.Comment, 0, 5000)
	return p.Err()
}

// Reviewers is the review's progress for program managers: who is assigned,
// who stepped out for a conflict, who has submitted.
func (s *Service) Reviewers(ctx context.Context, a domain.Actor, challengeID string) ([]Assignment, error) {
	if !a.Is(domain.RoleProgramManager) {
		return nil, domain.Forbidden(domain.Msg("only program managers follow the review", "只有项目主管可以查看评审进度"))
	}
	c, err := s.load(ctx, a, challengeID)
	if err != nil {
		return nil, err
	}
	as, err := s.repo.Assignments(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(as))
	for i, x := range as {
		ids[i] = x.ExpertID
	}
	names, err := s.users.Names(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range as {
		as[i].ExpertName = names[as[i].ExpertID]
	}
	return as, nil
}

func (s *Service) assignment(ctx context.Context, challengeID, expertID string, round int) (Assignment, bool, error) {
	as, err := s.repo.Assignments(ctx, challengeID)
	if err != nil {
		return Assignment{}, false, err
	}
	for _, a := range as {
		if a.ExpertID == expertID && a.Round == round {
			return a, true, nil
		}
	}
	return Assignment{}, false, nil
}

// expertFrom is the first round in which the expert reviews the challenge
// (0: none): the expert sees the bids that reached that round — every bid
// in round 1, the shortlisted ones in a later round.
func (s *Service) expertFrom(ctx context.Context, challengeID, expertID string) (int, error) {
	as, err := s.repo.Assignments(ctx, challengeID)
	if err != nil {
		return 0, err
	}
	from := 0
	for _, a := range as {
		if a.ExpertID == expertID && a.Active() && (from == 0 || a.Round < from) {
			from = a.Round
		}
	}
	return from, nil
}

// inRound keeps the bids that reached round.
func inRound(bids []Bid, round int) []Bid {
	var out []Bid
	for _, b := range bids {
		if b.Round >= round {
			out = append(out, b)
		}
	}
	return out
}

// ofRound keeps the assignments of round.
func ofRound(as []Assignment, round int) []Assignment {
	var out []Assignment
	for _, a := range as {
		if a.Round == round {
			out = append(out, a)
		}
	}
	return out
}

// roundOf resolves the round an expert's call names (0: the round under
// review) and refuses any other round: a closed round's scores are final,
// a later one has not begun.
func roundOf(c Challenge, round int) (int, error) {
	if round == 0 {
		return c.Round(), nil
	}
	if round < 1 || round > len(c.Plan()) {
		return 0, domain.Invalid(domain.Msg("no such round", "没有这一轮评审"), domain.Problem("round", domain.CodeOutOfRange, "min", 1, "max", len(c.Plan())))
	}
	if round < c.Round() {
		return 0, domain.Conflict(domain.Msg("round %d is closed", "第 %d 轮已经结束"), round)
	}
	if round > c.Round() {
		return 0, domain.Conflict(domain.Msg("round %d has not begun: round %d is under review", "第 %d 轮尚未开始：正在进行第 %d 轮评审"), round, c.Round())
	}
	return round, nil
}

// AssignReviewers assigns experts to a closed challenge (the first assignment
// puts it in review) or adds experts to one in review, to the round under
// review (round 0) or that round named. An expert of the owner, of a bidder or
// of a bidder's partner, or tied to one of them, is refused, every one of them
// named. An expert may review several rounds of one challenge.
func (s *Service) AssignReviewers(ctx context.Context, a domain.Actor, challengeID string, userIDs []string, round int) ([]Assignment, error) {
	if !a.Is(domain.RoleProgramManager) {
		return nil, domain.Forbidden(domain.Msg("only program managers assign reviewers", "只有项目主管可以指派评审专家"))
	}
	if len(userIDs) == 0 || len(userIDs) > 50 {
		return nil, domain.Invalid(domain.Msg("name the experts", "请选择评审专家"), domain.Problem("user_ids", domain.CodeOutOfRange, "min", 1, "max", 50))
	}
	var out []Assignment
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.load(ctx, a, challengeID)
		if err != nil {
			return err
		}
		if c.Status != StatusClosed && c.Status != StatusInReview {
			return domain.Conflict(domain.Msg("reviewers are assigned once bidding has closed; this challenge is %s", "揭榜截止后才能指派评审专家；此榜单为「%s」"), c.EffectiveStatus(s.clock.Now()))
		}
		if round, err = roundOf(c, round); err != nil {
			return err
		}
		bids, err := s.repo.LiveBids(ctx, []string{c.ID})
		if err != nil {
			return err
		}
		if len(bids) == 0 {
			return domain.Conflict(domain.Msg("nobody bid on this challenge: there is nothing to review (mark it failed instead)", "本榜单无人揭榜，无需评审（请改为流榜）"))
		}
		conflicted := map[string]domain.Code{c.OwnerID: codeConflictOwner}
		for _, b := range bids {
			conflicted[b.OrganizationID] = codeConflictBidder
			for _, p := range b.PartnerIDs {
				if _, ok := conflicted[p]; !ok {
					conflicted[p] = codeConflictPartner
				}
			}
		}
		found := map[string]UserInfo{}
		for _, id := range userIDs {
			if _, ok := found[id]; ok {
				continue
			}
			u, err := s.users.User(ctx, id)
			if domain.KindOf(err) == domain.KindNotFound {
				continue
			} else if err != nil {
				return err
			}
			found[id] = u
		}
		tied, err := s.tiesOf(ctx, found, conflicted)
		if err != nil {
			return err
		}
		existing, err := s.repo.Assignments(ctx, c.ID)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		declared := map[string]bool{}
		active := 0
		for _, x := range existing {
			if x.ConflictDeclared {
				declared[x.ExpertID] = true
			}
			if x.Round != round {
				continue
			}
			have[x.ExpertID] = true
			if x.Active() {
				active++
			}
		}
		var p domain.Problems
		var add []Assignment
		seen := map[string]bool{}
		now := s.clock.Now()
		for i, id := range userIDs {
			field := fieldIndex("user_ids", i)
			if seen[id] {
				continue
			}
			seen[id] = true
			u, ok := found[id]
			if !ok {
				p.Add(field, codeUnknownUser)
				continue
			}
			switch {
			case u.Role != domain.RoleExpert:
				p.Add(field, codeNotExpert, "name", u.Name)
				continue
			case u.Disabled:
				p.Add(field, codeExpertDisabled, "name", u.Name)
				continue
			}
			if why, ok := conflicted[u.OrgID]; ok {
				o, err := s.orgs.Get(ctx, u.OrgID)
				if err != nil {
					return err
				}
				p.Add(field, why, "name", u.Name, "organization", o.Name)
				continue
			}
			if tie, ok := tied[u.OrgID]; ok {
				names, err := s.orgNames(ctx, u.OrgID, tie.With)
				if err != nil {
					return err
				}
				code := codeConflictConsortium
				if tie.Kind == TieProject {
					code = codeConflictProject
				}
				p.Add(field, code, "name", u.Name, "organization", names[u.OrgID], "other", names[tie.With], "via", tie.Via)
				continue
			}
			if declared[id] {
				p.Add(field, codeConflictDeclared, "name", u.Name)
				continue
			}
			if have[id] {
				continue // already assigned
			}
			add = append(add, Assignment{ChallengeID: c.ID, Round: round, ExpertID: id, AssignedBy: a.UserID, AssignedAt: now})
		}
		if err := p.Err(); err != nil {
			return err
		}
		if active+len(add) < MinReviewers {
			// Per round: every round is reviewed by at least MinReviewers.
			return domain.Invalid(domain.Msg("too few reviewers", "评审专家不足"), domain.Problem("user_ids", codeTooFewReviewers, "min", MinReviewers, "count", active+len(add)))
		}
		if len(add) > 0 {
			if err := s.repo.AddAssignments(ctx, add); err != nil {
				return err
			}
		}
		to := c.Status // the first assignment starts the review; later ones leave it
		if Machine.Allows(ActStartReview, c.Status) {
			if to, err = Machine.Next(ActStartReview, c.Status); err != nil {
				return err
			}
			if err := s.repo.Transition(ctx, c.ID, c.Status, c.Version, to, Changes{}, now); err != nil {
				return err
			}
		}
		var ids []string
		for _, x := range add {
			ids = append(ids, x.ExpertID)
		}
		text := fmt.Sprintf("您被邀请评审揭榜「%s」的揭榜申请。", c.Title)
		if len(c.Plan()) > 1 {
			text = fmt.Sprintf("您被邀请参加揭榜「%s」第 %d 轮（%s）评审。", c.Title, round, c.Plan()[round-1].Name)
		}
		if err := s.notify.ToUsers(ctx, ids, notify.Message{Kind: "review.assigned", Entity: "challenge", EntityID: c.ID,
			Text: text, Data: map[string]any{"title": c.Title, "round": round}}); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "challenge.assign_reviewers", Entity: "challenge", EntityID: c.ID,
			Changes: map[string]any{"added": ids, "round": round, "status": []Status{c.Status, to}}}); err != nil {
			return err
		}
		out, err = s.repo.Assignments(ctx, c.ID)
		return err
	})
	return out, err
}

// TieKind is how two organizations are tied.
type TieKind string

const (
	TieConsortium TieKind = "consortium" // members of one consortium
	TieProject    TieKind = "project"    // members of one project active in the last three years
)

// Tie says that Org is tied to With through Via (a consortium's name or a project's title).
type Tie struct {
	Org, With string
	Kind      TieKind
	Via       string
}

// TieYears is how far back a shared project ties two organizations.
const TieYears = 3

// TieFinder finds, in one go, the ties of some organizations with others:
// an active membership of one consortium that is not dissolved, or
// membership of one project under way or ended since a time.
type TieFinder interface {
	Ties(ctx context.Context, orgs, others []string, since time.Time) ([]Tie, error)
}

// tiesOf finds each expert's organization's first tie with the owner, a
// bidder or a partner (those named in conflicted), consortia first.
func (s *Service) tiesOf(ctx context.Context, experts map[string]UserInfo, conflicted map[string]domain.Code) (map[string]Tie, error) {
	out := map[string]Tie{}
	if s.ties == nil {
		return out, nil
	}
	var orgs, others []string
	for id := range conflicted {
		others = append(others, id)
	}
	for _, u := range experts {
		if u.OrgID != "" {
			orgs = append(orgs, u.OrgID)
		}
	}
	if len(orgs) == 0 {
		return out, nil
	}
	ties, err := s.ties.Ties(ctx, orgs, others, s.clock.Now().AddDate(-TieYears, 0, 0))
	if err != nil {
		return nil, err
	}
	for _, t := range ties {
		if prev, ok := out[t.Org]; !ok || (prev.Kind == TieProject && t.Kind == TieConsortium) {
			out[t.Org] = t
		}
	}
	return out, nil
}

func (s *Service) orgNames(ctx context.Context, ids ...string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		o, err := s.orgs.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = o.Name
	}
	return out, nil
}

// DeclareConflict: an assigned expert steps out of a review; their scores no
// longer count.
func (s *Service) DeclareConflict(ctx context.Context, a domain.Actor, challengeID, reason string) error {
	r, err := domain.Reason(&reason)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.repo.Get(ctx, challengeID)
		if domain.KindOf(err) == domain.KindNotFound {
			return notFound(challengeID)
		} else if err != nil {
			return err
		}
		as, ok, err := s.assignment(ctx, c.ID, a.UserID, c.Round())
		if err != nil {
			return err
		}
		if !ok {
			return notFound(challengeID)
		}
		if !AssignmentMachine.Allows(AssignmentDeclareConflict, as.Status()) {
			return domain.Conflict(domain.Msg("you have already declared a conflict on this challenge", "您已就本榜单声明利益冲突"))
		}
		if c.Status != StatusInReview {
			return domain.Conflict(domain.Msg("the review of this challenge is over", "本榜单的评审已结束"))
		}
		if err := s.repo.DeclareConflict(ctx, c.ID, as.Round, a.UserID, r); err != nil {
			return err
		}
		if err := s.notify.ToUsers(ctx, []string{as.AssignedBy}, notify.Message{Kind: "review.conflict_declared",
			Entity: "challenge", EntityID: c.ID, Text: fmt.Sprintf("一位评审专家声明了与揭榜「%s」的利益冲突并退出评审。", c.Title),
			Data: map[string]any{"title": c.Title, "expert_id": a.UserID}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "challenge.declare_conflict", Entity: "challenge", EntityID: c.ID,
			Changes: map[string]any{"reason": r, "round": as.Round}})
	})
}

// PutScore records or changes the caller's score of a bid in the round under
// review (round 0) until they submit that round.
func (s *Service) PutScore(ctx context.Context, a domain.Actor, bidID string, round int, in ScoreInput) (Score, error) {
	if err := in.validate(); err != nil {
		return Score{}, err
	}
	var sc Score
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		b, err := s.repo.GetBid(ctx, bidID)
		if domain.KindOf(err) == domain.KindNotFound {
			return bidNotFound(bidID)
		} else if err != nil {
			return err
		}
		from, err := s.expertFrom(ctx, b.ChallengeID, a.UserID)
		if err != nil {
			return err
		}
		if from == 0 || b.Round < from || !a.Is(domain.RoleExpert) {
			return bidNotFound(bidID)
		}
		c, err := s.repo.Get(ctx, b.ChallengeID)
		if err != nil {
			return err
		}
		if c.Status != StatusInReview {
			return domain.Conflict(domain.Msg("the review of this challenge is over", "本榜单的评审已结束"))
		}
		if round, err = roundOf(c, round); err != nil {
			return err
		}
		as, ok, err := s.assignment(ctx, c.ID, a.UserID, round)
		if err != nil {
			return err
		}
		switch {
		case !ok || !as.Active():
			return domain.Conflict(domain.Msg("you do not review round %d of this challenge", "您不是本榜单第 %d 轮的评审专家"), round)
		case b.Round < round:
			return domain.Conflict(domain.Msg("this bid was not shortlisted for round %d", "该揭榜方案未入围第 %d 轮"), round)
		case as.SubmittedAt != nil:
			return domain.Conflict(domain.Msg("you have submitted your scores for this challenge: they can no longer change", "您已提交本榜单的评分，不能再修改"))
		case b.Status != BidSubmitted:
			return domain.Conflict(domain.Msg("this bid was withdrawn: it is not scored", "此揭榜方案已撤回，无需评分"))
		}
		now := s.clock.Now()
		sc = Score{BidID: b.ID, Round: round, ExpertID: a.UserID, ChallengeID: c.ID, Technical: in.Technical, Feasibility: in.Feasibility,
			Team: in.Team, Budget: in.Budget, Comment: strings.TrimSpace(in.Comment), CreatedAt: now, UpdatedAt: now}
		if err := s.repo.UpsertScore(ctx, sc); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "bid.score", Entity: "bid", EntityID: b.ID,
			Changes: map[string]any{"round": round, "technical": sc.Technical, "feasibility": sc.Feasibility, "team": sc.Team, "budget": sc.Budget}})
	})
	return sc, err
}

// SubmitScores finalizes the caller's scores of the round under review (round
// 0) or the round named; every live bid of the round must be scored. When the
// last active expert of the final round submits, the owner and the assigning
// program managers are told the ranking is ready; of an earlier round, the
// program managers are told it can be closed.
func (s *Service) SubmitScores(ctx context.Context, a domain.Actor, challengeID string, round int) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.repo.Get(ctx, challengeID)
		if domain.KindOf(err) == domain.KindNotFound {
			return notFound(challengeID)
		} else if err != nil {
			return err
		}
		from, err := s.expertFrom(ctx, c.ID, a.UserID)
		if err != nil {
			return err
		}
		if from == 0 || !a.Is(domain.RoleExpert) {
			return notFound(challengeID)
		}
		if c.Status != StatusInReview {
			return domain.Conflict(domain.Msg("the review of this challenge is over", "本榜单的评审已结束"))
		}
		if round, err = roundOf(c, round); err != nil {
			return err
		}
		as, ok, err := s.assignment(ctx, c.ID, a.UserID, round)
		if err != nil {
			return err
		}
		switch {
		case !ok || as.Status() == AssignmentConflicted:
			return domain.Conflict(domain.Msg("you do not review round %d of this challenge", "您不是本榜单第 %d 轮的评审专家"), round)
		case !AssignmentMachine.Allows(AssignmentSubmit, as.Status()):
			return domain.Conflict(domain.Msg("you have already submitted your scores", "您已提交评分"))
		}
		bids, err := s.repo.LiveBids(ctx, []string{c.ID})
		if err != nil {
			return err
		}
		bids = inRound(bids, round)
		mine, err := s.repo.Scores(ctx, []string{c.ID}, a.UserID)
		if err != nil {
			return err
		}
		scored := map[string]bool{}
		for _, sc := range mine {
			if sc.Round == round {
				scored[sc.BidID] = true
			}
		}
		var p domain.Problems
		for _, b := range bids {
			if !scored[b.ID] {
				p.Add("bids", codeBidNotScored, "bid", b.ID)
			}
		}
		if err := p.Err(); err != nil {
			return domain.Invalid(domain.Msg("score every bid before submitting", "请先为每个揭榜方案评分再提交"), p...)
		}
		now := s.clock.Now()
		if err := s.repo.MarkSubmitted(ctx, c.ID, round, a.UserID, now); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "challenge.submit_scores", Entity: "challenge", EntityID: c.ID,
			Changes: map[string]any{"round": round}}); err != nil {
			return err
		}
		all, err := s.repo.Assignments(ctx, c.ID)
		if err != nil {
			return err
		}
		all = ofRound(all, round)
		if !reviewComplete(all) {
			return nil
		}
		if !c.FinalRound() {
			var pms []string
			for _, x := range all {
				pms = append(pms, x.AssignedBy)
			}
			return s.notify.ToUsers(ctx, pms, notify.Message{Kind: "challenge.round_ready", Entity: "challenge", EntityID: c.ID,
				Text: fmt.Sprintf("揭榜「%s」第 %d 轮（%s）评审已完成，可以结束本轮并确定入围名单。", c.Title, round, c.Plan()[round-1].Name),
				Data: map[string]any{"title": c.Title, "round": round}})
		}
		if err := s.toOwner(ctx, c, "challenge.ranking_ready", fmt.Sprintf("揭榜「%s」的专家评审已完成，可以查看排名。", c.Title), nil); err != nil {
			return err
		}
		var pms []string
		for _, x := range all {
			pms = append(pms, x.AssignedBy)
		}
		return s.notify.ToUsers(ctx, pms, notify.Message{Kind: "challenge.ranking_ready", Entity: "challenge", EntityID: c.ID,
			Text: fmt.Sprintf("揭榜「%s」的专家评审已完成，可以提出中榜建议。", c.Title), Data: map[string]any{"title": c.Title}})
	})
}

// reviewComplete: at least MinReviewers active experts, all of them submitted.
func reviewComplete(as []Assignment) bool {
	active := 0
	for _, a := range as {
		if !a.Active() {
			continue
		}
		if a.SubmittedAt == nil {
			return false
		}
		active++
	}
	return active >= MinReviewers
}

// ReviewTask is one challenge an expert reviews (in the latest round the
// expert was assigned to), with that round's bids and the expert's own scores of it.
type ReviewTask struct {
	Assignment
	Challenge Challenge
	Bids      []Bid
	MyScores  []Score
}

// Reviews lists the caller's review assignments with the bids to score. An
// expert sees only their own scores, never another expert's.
func (s *Service) Reviews(ctx context.Context, a domain.Actor, p domain.Page) (domain.List[ReviewTask], error) {
	if !a.Is(domain.RoleExpert) {
		return domain.List[ReviewTask]{}, domain.Forbidden(domain.Msg("only experts review", "只有评审专家可以评审"))
	}
	page, err := domain.Paginate(p, func(x Assignment) string { return x.ChallengeID }, func(p domain.Page) ([]Assignment, error) {
		return s.repo.AssignmentsOfExpert(ctx, a.UserID, p)
	})
	if err != nil {
		return domain.List[ReviewTask]{}, err
	}
	out := domain.List[ReviewTask]{Next: page.Next}
	as := page.Items
	var ids, activeIDs []string
	for _, x := range as {
		ids = append(ids, x.ChallengeID)
		if x.Active() {
			activeIDs = append(activeIDs, x.ChallengeID)
		}
	}
	cs, err := s.repo.GetMany(ctx, ids)
	if err != nil {
		return out, err
	}
	byID := map[string]Challenge{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	round := map[string]int{}
	for _, x := range as {
		round[x.ChallengeID] = x.Round
	}
	bidsBy := map[string][]Bid{}
	scoresBy := map[string][]Score{}
	if len(activeIDs) > 0 {
		bids, err := s.repo.LiveBids(ctx, activeIDs)
		if err != nil {
			return out, err
		}
		for _, b := range bids {
			if b.Round >= round[b.ChallengeID] {
				bidsBy[b.ChallengeID] = append(bidsBy[b.ChallengeID], b)
			}
		}
		scores, err := s.repo.Scores(ctx, activeIDs, a.UserID)
		if err != nil {
			return out, err
		}
		for _, sc := range scores {
			if sc.Round == round[sc.ChallengeID] {
				scoresBy[sc.ChallengeID] = append(scoresBy[sc.ChallengeID], sc)
			}
		}
	}
	for _, x := range as {
		out.Items = append(out.Items, ReviewTask{Assignment: x, Challenge: byID[x.ChallengeID],
			Bids: bidsBy[x.ChallengeID], MyScores: scoresBy[x.ChallengeID]})
	}
	return out, nil
}

// RankedBid is a bid's place in the ranking: its mean total in each round it
// was scored in, their weighted sum, and every active expert's scores.
type RankedBid struct {
	BidID          string
	OrganizationID string
	Round          int // the furthest round the bid reached
	Rounds         []RoundMean
	MeanTotal      float64 // in the latest round it was scored in
	WeightedTotal  float64
	Scores         []Score
}

// RoundMean is a bid's mean total in one round.
type RoundMean struct {
	Round     int
	MeanTotal float64
}

// Ranking is for program managers and the owner once the round under review
// is complete (or an earlier round has closed): bids that went furthest
// first, then by the weighted sum of their rounds' mean totals.
func (s *Service) Ranking(ctx context.Context, a domain.Actor, challengeID string) ([]RankedBid, error) {
	c, err := s.load(ctx, a, challengeID)
	if err != nil {
		return nil, err
	}
	if !s.isOwner(a, c) && !a.Is(domain.RoleProgramManager) {
		return nil, domain.Forbidden(domain.Msg("only program managers and the owner see the ranking", "只有项目主管和出题企业可以查看评审排名"))
	}
	as, err := s.rankingReady(ctx, c)
	if err != nil {
		return nil, err
	}
	rows, err := s.repo.Ranking(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	bids, err := s.repo.LiveBids(ctx, []string{c.ID})
	if err != nil {
		return nil, err
	}
	type key struct {
		expert string
		round  int
	}
	active := map[key]bool{}
	for _, x := range as {
		active[key{x.ExpertID, x.Round}] = x.Active()
	}
	scores, err := s.repo.Scores(ctx, []string{c.ID}, "")
	if err != nil {
		return nil, err
	}
	byBid := map[string][]Score{}
	for _, sc := range scores {
		if active[key{sc.ExpertID, sc.Round}] {
			byBid[sc.BidID] = append(byBid[sc.BidID], sc)
		}
	}
	plan := c.Plan()
	ranked := map[string]*RankedBid{}
	for _, b := range bids {
		ranked[b.ID] = &RankedBid{BidID: b.ID, OrganizationID: b.OrganizationID, Round: max(b.Round, 1), Rounds: []RoundMean{}}
	}
	for _, r := range rows {
		x, ok := ranked[r.BidID]
		if !ok || r.Round < 1 || r.Round > len(plan) {
			continue
		}
		x.Rounds = append(x.Rounds, RoundMean{Round: r.Round, MeanTotal: r.MeanTotal})
		x.WeightedTotal += float64(plan[r.Round-1].Weight) * r.MeanTotal / 100
		x.MeanTotal = r.MeanTotal
	}
	out := make([]RankedBid, 0, len(ranked))
	for _, x := range ranked {
		if len(x.Rounds) == 0 {
			continue // not scored: a bid the review never reached
		}
		sort.Slice(x.Rounds, func(i, j int) bool { return x.Rounds[i].Round < x.Rounds[j].Round })
		x.MeanTotal = x.Rounds[len(x.Rounds)-1].MeanTotal
		ss := byBid[x.BidID]
		sort.Slice(ss, func(i, j int) bool {
			if ss[i].Round != ss[j].Round {
				return ss[i].Round < ss[j].Round
			}
			return ss[i].ExpertID < ss[j].ExpertID
		})
		x.Scores = ss
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Round != out[j].Round {
			return out[i].Round > out[j].Round
		}
		if out[i].WeightedTotal != out[j].WeightedTotal {
			return out[i].WeightedTotal > out[j].WeightedTotal
		}
		return out[i].BidID < out[j].BidID
	})
	return out, nil
}

// rankingReady: a ranking exists once the round under review is complete,
// or an earlier round has closed (its results stand), or the challenge is
// decided. It returns the challenge's assignments.
func (s *Service) rankingReady(ctx context.Context, c Challenge) ([]Assignment, error) {
	switch c.Status {
	case StatusInReview, StatusAwarded, StatusFailed:
	default:
		return nil, domain.Conflict(domain.Msg("there is no ranking while the challenge is %s", "榜单为「%s」时没有排名"), c.EffectiveStatus(s.clock.Now()))
	}
	as, err := s.repo.Assignments(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if c.Round() == 1 && !reviewComplete(ofRound(as, 1)) {
		return nil, domain.Conflict(domain.Msg("the ranking is ready once at least %d experts are assigned and every one has submitted scores", "至少指派 %d 位专家且全部提交评分后才有排名"), MinReviewers)
	}
	return as, nil
}

// awardReady: the award follows the final round, complete.
func (s *Service) awardReady(ctx context.Context, c Challenge) error {
	as, err := s.rankingReady(ctx, c)
	if err != nil {
		return err
	}
	if !c.FinalRound() {
		return domain.Conflict(domain.Msg("round %d of %d is under review: the award follows the final round", "正在进行第 %d 轮（共 %d 轮）评审：最后一轮结束后才能提出中榜建议"), c.Round(), len(c.Plan()))
	}
	if !reviewComplete(ofRound(as, c.Round())) {
		return domain.Conflict(domain.Msg("the ranking is ready once at least %d experts are assigned and every one has submitted scores", "至少指派 %d 位专家且全部提交评分后才有排名"), MinReviewers)
	}
	return nil
}

// CloseRound closes round n (the round under review, not the final one) once
// every active expert of it has submitted: the best Shortlist bids by mean
// total go through to round n+1, all those tied with the last of them too;
// the shortlisted bidders are told (the others learn their outcome when the
// challenge is decided). Two closings of one round: one wins, the other is a
// version conflict.
func (s *Service) CloseRound(ctx context.Context, a domain.Actor, challengeID string, n int, version *int) ([]string, View, error) {
	if !a.Is(domain.RoleProgramManager) {
		return nil, View{}, domain.Forbidden(domain.Msg("only program managers close a review round", "只有项目主管可以结束评审轮次"))
	}
	var shortlisted []string
	var c Challenge
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.load(ctx, a, challengeID); err != nil {
			return err
		}
		if err := domain.CheckVersion("challenge", c.ID, c.Version, version); err != nil {
			return err
		}
		plan := c.Plan()
		switch {
		case n < 1 || n > len(plan):
			return domain.Invalid(domain.Msg("no such round", "没有这一轮评审"), domain.Problem("round", domain.CodeOutOfRange, "min", 1, "max", len(plan)))
		case c.Status != StatusInReview:
			return domain.Conflict(domain.Msg("rounds are closed while the challenge is in review; it is %s", "榜单评审中才能结束评审轮次；当前为「%s」"), c.EffectiveStatus(s.clock.Now()))
		case n < c.Round():
			return domain.Conflict(domain.Msg("round %d is already closed", "第 %d 轮已经结束"), n)
		case n > c.Round():
			return domain.Conflict(domain.Msg("round %d has not begun: round %d is under review", "第 %d 轮尚未开始：正在进行第 %d 轮评审"), n, c.Round())
		case n == len(plan):
			return domain.Conflict(domain.Msg("round %d is the final round: propose the award instead", "第 %d 轮是最后一轮：请提出中榜建议"), n)
		}
		as, err := s.repo.Assignments(ctx, c.ID)
		if err != nil {
			return err
		}
		if mine := ofRound(as, n); !reviewComplete(mine) {
			var missing []string
			active := 0
			for _, x := range mine {
				if x.Active() {
					active++
					if x.SubmittedAt == nil {
						missing = append(missing, x.ExpertID)
					}
				}
			}
			names, err := s.users.Names(ctx, missing)
			if err != nil {
				return err
			}
			var who []string
			for _, id := range missing {
				who = append(who, names[id])
			}
			if active < MinReviewers {
				return domain.Conflict(domain.Msg("round %d has %d active experts of the %d it needs", "第 %d 轮只有 %d 位有效评审专家，至少需要 %d 位"), n, active, MinReviewers)
			}
			return domain.Conflict(domain.Msg("round %d cannot close: not every expert has submitted scores (%s)", "第 %d 轮尚不能结束：有专家未提交评分（%s）"), n, strings.Join(who, ", "))
		}
		rows, err := s.repo.Ranking(ctx, c.ID)
		if err != nil {
			return err
		}
		var means []RankRow
		for _, r := range rows {
			if r.Round == n {
				means = append(means, r)
			}
		}
		shortlisted = shortlist(means, plan[n-1].Shortlist)
		now := s.clock.Now()
		next := n + 1
		if err := s.repo.Transition(ctx, c.ID, c.Status, c.Version, c.Status, Changes{CurrentRound: &next}, now); err != nil {
			return err
		}
		if err := s.repo.Shortlist(ctx, c.ID, shortlisted, next, now); err != nil {
			return err
		}
		if c, err = s.repo.Get(ctx, c.ID); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "challenge.close_round", Entity: "challenge", EntityID: c.ID,
			Changes: map[string]any{"round": n, "shortlisted": shortlisted, "current_round": []int{n, next}}}); err != nil {
			return err
		}
		bids, err := s.repo.LiveBids(ctx, []string{c.ID})
		if err != nil {
			return err
		}
		var orgs []string
		for _, b := range bids {
			if slices.Contains(shortlisted, b.ID) {
				orgs = append(orgs, b.OrganizationID)
			}
		}
		return s.notify.ToOrgs(ctx, orgs, notify.Message{Kind: "bid.shortlisted", Entity: "challenge", EntityID: c.ID,
			Text: fmt.Sprintf("贵单位对「%s」的揭榜方案入围第 %d 轮（%s）。", c.Title, next, plan[next-1].Name),
			Data: map[string]any{"title": c.Title, "round": next, "round_name": plan[next-1].Name}})
	})
	if err != nil {
		return nil, View{}, err
	}
	v, err := s.viewOf(ctx, a, c)
	return shortlisted, v, err
}

// shortlist picks the best n bids by mean total, and every bid tied with the
// n-th (ties at the boundary all go through).
func shortlist(means []RankRow, n int) []string {
	sorted := append([]RankRow{}, means...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].MeanTotal != sorted[j].MeanTotal {
			return sorted[i].MeanTotal > sorted[j].MeanTotal
		}
		return sorted[i].BidID < sorted[j].BidID
	})
	out := []string{}
	for i, r := range sorted {
		if i >= n && r.MeanTotal != sorted[n-1].MeanTotal {
			break
		}
		out = append(out, r.BidID)
	}
	return out
}
