package challenge

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// Users is what the review reads of user accounts.
type Users interface {
	// User returns a user's role, organization and whether it is enabled.
	User(ctx context.Context, id string) (UserInfo, error)
	// Names names users (one query).
	Names(ctx context.Context, ids []string) (map[string]string, error)
}

// UserInfo is what the review needs to know of a user.
type UserInfo struct {
	ID       string
	Name     string
	Role     domain.Role
	OrgID    string
	Disabled bool
}

// Service is the challenge use cases.
type Service struct {
	repo      Repository
	orgs      org.Lookup
	ref       reference.Lookup
	users     Users
	ties      TieFinder
	scenarios Scenarios
	projects  *project.Service
	notify    *notify.Service
	audit     *audit.Service
	tx        domain.Transactor
	clock     domain.Clock
}

// Deps are the service's collaborators.
type Deps struct {
	Repo      Repository
	Orgs      org.Lookup
	Reference reference.Lookup
	Users     Users
	Projects  *project.Service
	// Ties finds the ties between organizations that make a conflict of
	// interest: a shared consortium, a shared recent project.
	Ties TieFinder
	// Scenarios: a challenge posted for an application scenario (以赛代招).
	Scenarios Scenarios
	Notify    *notify.Service
	Audit     *audit.Service
	Tx        domain.Transactor
	Clock     domain.Clock
}

// Scenarios is what a scenario competition (以赛代招) needs of application
// scenarios: who provides one, and accepting the winner's project on it.
type Scenarios interface {
	Provider(ctx context.Context, scenarioID string) (string, error)
	AcceptAwarded(ctx context.Context, a domain.Actor, scenarioID, projectID string) error
}

func NewService(d Deps) *Service {
	return &Service{repo: d.Repo, orgs: d.Orgs, ref: d.Reference, users: d.Users, projects: d.Projects, ties: d.Ties, scenarios: d.Scenarios, notify: d.Notify,
		audit: d.Audit, tx: d.Tx, clock: d.Clock}
}

func (s *Service) isOwner(a domain.Actor, c Challenge) bool {
	return !a.IsAnonymous() && a.OrgID == c.OwnerID && a.Is(domain.RoleEnterprise)
}

// visible: the owner organization sees its own in every status; program
// managers and admins everything but drafts; everyone else the public board.
func (s *Service) visible(a domain.Actor, c Challenge, now time.Time) bool {
	switch {
	case !a.IsAnonymous() && a.OrgID == c.OwnerID:
		return true
	case a.IsStaff():
		return c.Status != StatusDraft
	}
	return c.EffectiveStatus(now).Public()
}

func notFound(id string) error {
	return domain.NotFound(domain.Msg("challenge %s not found", "未找到榜单 %s"), id)
}

// load reads a challenge the actor may see, after recording its closing if
// the deadline has passed (in a transaction of its own, so that the close
// stays even if the caller's action is then refused).
func (s *Service) load(ctx context.Context, a domain.Actor, id string) (Challenge, error) {
	c, err := s.repo.Get(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Challenge{}, notFound(id)
	} else if err != nil {
		return Challenge{}, err
	}
	now := s.clock.Now()
	if c.Status == StatusDraft && c.OwnerID != a.OrgID {
		return Challenge{}, notFound(id)
	}
	if !s.visible(a, c, now) {
		// An organization that bid learns that the challenge was cancelled
		// (and nothing more: its bids stay sealed if it ended before the deadline).
		bidder, err := s.bidder(ctx, a, c)
		if err != nil {
			return Challenge{}, err
		}
		if !bidder {
			return Challenge{}, notFound(id)
		}
	}
	return s.recordClosing(ctx, c, now)
}

// bidder tells whether the caller's organization bid on a cancelled challenge.
func (s *Service) bidder(ctx context.Context, a domain.Actor, c Challenge) (bool, error) {
	if a.IsAnonymous() || c.Status != StatusCancelled {
		return false, nil
	}
	own, err := s.repo.ListBids(ctx, c.ID, a.OrgID, 1, domain.Page{Limit: 1})
	return len(own) > 0, err
}

// loadUnchecked reads a challenge without asking whether the caller may see
// it: for a bidding organization reading its own bid.
func (s *Service) loadUnchecked(ctx context.Context, id string) (Challenge, error) {
	c, err := s.repo.Get(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Challenge{}, notFound(id)
	} else if err != nil {
		return Challenge{}, err
	}
	return s.recordClosing(ctx, c, s.clock.Now())
}

// recordClosing closes c if its deadline has passed and returns it as it is now.
func (s *Service) recordClosing(ctx context.Context, c Challenge, now time.Time) (Challenge, error) {
	if c.Status != StatusPublished || c.EffectiveStatus(now) != StatusClosed {
		return c, nil
	}
	if err := s.close(ctx, c); err != nil {
		return Challenge{}, err
	}
	return s.repo.Get(ctx, c.ID)
}

// close records that a published challenge's deadline has passed and tells the
// owner how many bids came in. Several processes may try at once: the guarded
// update lets exactly one succeed, and the others do nothing.
func (s *Service) close(ctx context.Context, c Challenge) error {
	to, err := Machine.Next(ActClose, c.Status)
	if domain.KindOf(err) == domain.KindConflict {
		return nil // closed (or moved on) by someone else since it was read
	} else if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		err := s.repo.Transition(ctx, c.ID, c.Status, c.Version, to, Changes{ClosedAt: c.BidDeadline}, s.clock.Now())
		if domain.KindOf(err) == domain.KindConflict {
			return nil // someone else closed it
		} else if err != nil {
			return err
		}
		n := c.LiveBids // no bid comes or goes after the deadline
		if err := s.notify.ToOrgs(ctx, []string{c.OwnerID}, notify.Message{Kind: "challenge.closed", Entity: "challenge",
			EntityID: c.ID, Text: fmt.Sprintf("揭榜「%s」已截止，共收到 %d 份揭榜申请。", c.Title, n),
			Data: map[string]any{"title": c.Title, "bid_count": n}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, domain.System(), audit.Entry{Action: "challenge.close", Entity: "challenge", EntityID: c.ID,
			Changes: map[string]any{"status": []Status{c.Status, to}, "bid_count": n}})
	})
}

// CloseDue closes every published challenge whose deadline has passed; the
// periodic sweep calls it. It is safe to run in several processes at once.
func (s *Service) CloseDue(ctx context.Context) (int, error) {
	closed := 0
	for {
		ids, err := s.repo.DueForClosing(ctx, s.clock.Now(), 100)
		if err != nil || len(ids) == 0 {
			return closed, err
		}
		for _, id := range ids {
			c, err := s.repo.Get(ctx, id)
			if err != nil {
				return closed, err
			}
			if err := s.close(ctx, c); err != nil {
				return closed, err
			}
			closed++
		}
		if len(ids) < 100 {
			return closed, nil
		}
	}
}

// View is a challenge as one caller sees it.
type View struct {
	Challenge
	Status    Status // effective
	BidCount  *int   // owner and program managers only
	OwnerName string // the enterprise that posed it (lists and single reads)
	// Actions are what the caller may do now (Actions): the client shows
	// these and re-derives nothing from roles and statuses.
	Actions []Action
}

// Actions are what actor a may do to c now: the machine's actions it
// performs by its Rules from the effective status (the sweep's close and the
// review's start happen by themselves; the award is proposed in the final
// round and confirmed once proposed), and the operations that move nothing.
// The services check the same again when it is done.
func (s *Service) Actions(a domain.Actor, c Challenge, now time.Time) []Action {
	st := c.EffectiveStatus(now)
	owner, pm := s.isOwner(a, c), a.Is(domain.RoleProgramManager)
	var out []Action
	for _, act := range Machine.Actions() {
		if !Machine.Allows(act, st) {
			continue
		}
		switch rule := Rules[act]; {
		case act == ActPropose:
			if pm && c.FinalRound() { // the award follows the final round
				out = append(out, act)
			}
		case act == ActConfirm:
			if owner && (c.ProposedBidID != "" || len(c.WinnerBidIDs) > 0) {
				out = append(out, act)
			}
		case rule.By == ByOwner && owner, rule.By == ByPM && pm && act != ActStartReview:
			out = append(out, act)
		}
	}
	switch {
	case owner && st == StatusDraft:
		out = append(out, ActEdit)
	case pm && (st == StatusClosed || st == StatusInReview):
		out = append(out, ActAssignReviewers)
	case st == StatusPublished && !a.IsAnonymous() && a.OrgID != c.OwnerID:
		if a.Is(domain.RoleEnterprise, domain.RoleInstitute) {
			out = append(out, ActBid)
		}
		out = append(out, ActAsk)
	}
	return out
}

func (s *Service) view(a domain.Actor, c Challenge, now time.Time) View {
	v := View{Challenge: c, Status: c.EffectiveStatus(now), Actions: s.Actions(a, c, now)}
	if s.isOwner(a, c) || a.Is(domain.RoleProgramManager) {
		n := c.LiveBids
		v.BidCount = &n
	}
	if !s.isOwner(a, c) && !a.Is(domain.RoleProgramManager) {
		// A proposal is not an outcome: bidders learn it only when final.
		v.ProposedBidID = ""
		// Nor which round the review has reached: the bidders left out learn
		// it when the challenge is decided.
		v.CurrentRound = 0
		if c.AwardedBidID == "" {
			v.WinnerBidIDs = []string{}
		}
	}
	return v
}

// Get returns one challenge as the board shows it to the caller.
func (s *Service) Get(ctx context.Context, a domain.Actor, id string) (View, error) {
	c, err := s.load(ctx, a, id)
	if err != nil {
		return View{}, err
	}
	return s.viewOf(ctx, a, c)
}

// ListInput is the board's query.
type ListInput struct {
	Status   string
	FieldID  string
	Category string
	Query    string
	Mine     bool
}

// List is the board (揭榜榜单), newest first.
func (s *Service) List(ctx context.Context, a domain.Actor, in ListInput, p domain.Page) (domain.List[View], error) {
	now := s.clock.Now()
	f := Filter{FieldID: in.FieldID, Category: in.Category, Query: strings.TrimSpace(in.Query), Now: now,
		Privileged: a.IsStaff()}
	if !a.IsAnonymous() {
		f.ViewerOrg = a.OrgID
	}
	if in.Status != "" {
		f.Statuses = []Status{Status(in.Status)}
	}
	if in.Mine {
		if a.IsAnonymous() {
			return domain.List[View]{}, domain.Unauthenticated(domain.Msg("sign in to list your own challenges", "请登录后查看本单位的榜单"))
		}
		f.OwnerID = a.OrgID
	}
	page, err := domain.Paginate(p, func(c Challenge) string { return c.ID }, func(p domain.Page) ([]Challenge, error) {
		return s.repo.List(ctx, f, p)
	})
	if err != nil {
		return domain.List[View]{}, err
	}
	owners := make([]string, len(page.Items))
	for i, c := range page.Items {
		owners[i] = c.OwnerID
	}
	names, err := s.orgs.Names(ctx, owners)
	if err != nil {
		return domain.List[View]{}, err
	}
	return domain.MapList(page, func(c Challenge) View {
		v := s.view(a, c, now)
		v.OwnerName = names[c.OwnerID]
		return v
	}), nil
}

// Create saves a new draft for the caller's enterprise. Only the title is
// needed to save a draft; everything is checked on submission.
func (s *Service) Create(ctx context.Context, a domain.Actor, d Draft) (View, error) {
	if !a.Is(domain.RoleEnterprise) {
		return View{}, domain.Forbidden(domain.Msg("only enterprises post challenges", "只有企业可以发布榜单"))
	}
	if d.Title == nil {
		return View{}, domain.Invalid(domain.Msg("a draft needs a title", "草稿须有榜单名称"), domain.Problem("title", domain.CodeRequired))
	}
	now := s.clock.Now()
	c := Challenge{ID: domain.NewID(), OwnerID: a.OrgID, CreatedBy: a.UserID, Status: StatusDraft, Version: 1,
		Indicators: []Indicator{}, EligibleOrgTypes: []org.Type{}, CreatedAt: now, UpdatedAt: now}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		known, err := reference.FieldKnown(ctx, s.ref, d.FieldID)
		if err != nil {
			return err
		}
		if err := d.apply(&c, known).Err(); err != nil {
			return err
		}
		if err := s.checkScenario(ctx, a, c); err != nil {
			return err
		}
		if err := s.repo.Create(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "challenge.create", Entity: "challenge", EntityID: c.ID,
			Changes: map[string]any{"title": c.Title, "status": c.Status}})
	})
	if err != nil {
		return View{}, err
	}
	return s.view(a, c, now), nil
}

// Update edits a draft (owner only).
func (s *Service) Update(ctx context.Context, a domain.Actor, id string, d Draft, version *int) (View, error) {
	var c Challenge
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.load(ctx, a, id); err != nil {
			return err
		}
		if !s.isOwner(a, c) {
			return domain.Forbidden(domain.Msg("only the enterprise that posed the challenge edits it", "只有出题企业可以编辑榜单"))
		}
		if err := domain.CheckVersion("challenge", c.ID, c.Version, version); err != nil {
			return err
		}
		if c.Status != StatusDraft {
			return domain.Conflict(domain.Msg("only drafts can be edited; this challenge is %s", "只有草稿可以编辑；此榜单为「%s」"), c.Status)
		}
		known, err := reference.FieldKnown(ctx, s.ref, d.FieldID)
		if err != nil {
			return err
		}
		old := c.Version
		if err := d.apply(&c, known).Err(); err != nil {
			return err
		}
		if err := s.checkScenario(ctx, a, c); err != nil {
			return err
		}
		c.Version, c.UpdatedAt = c.Version+1, s.clock.Now()
		if err := s.repo.UpdateContent(ctx, c, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "challenge.update", Entity: "challenge", EntityID: c.ID, Changes: d.changed()})
	})
	if err != nil {
		return View{}, err
	}
	return s.view(a, c, s.clock.Now()), nil
}

// checkScenario: a challenge for an application scenario (以赛代招) is
// posted by the scenario's provider; a procurement commitment needs a
// scenario to buy for.
func (s *Service) checkScenario(ctx context.Context, a domain.Actor, c Challenge) error {
	if c.ScenarioID == "" {
		if c.ProcurementCommitment > 0 {
			return domain.Invalid(domain.Msg("a procurement commitment is for a scenario competition", "采购承诺只适用于以赛代招榜单"),
				domain.Problem("procurement_commitment", codeProcurementWithoutScenario))
		}
		return nil
	}
	if s.scenarios == nil {
		return domain.Invalid(domain.Msg("no scenarios here", "应用场景不可用"), domain.Problem("scenario_id", codeUnknownScenario))
	}
	provider, err := s.scenarios.Provider(ctx, c.ScenarioID)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Invalid(domain.Msg("no such scenario", "应用场景不存在"), domain.Problem("scenario_id", codeUnknownScenario))
	} else if err != nil {
		return err
	}
	if provider != a.OrgID {
		return domain.Invalid(domain.Msg("only the scenario's provider posts a competition for it", "只有应用场景的提供方可以为其发布以赛代招榜单"), domain.Problem("scenario_id", codeNotProvider))
	}
	return nil
}

// changed names the fields a draft edit set (the audit record's "what changed").
func (d Draft) changed() map[string]any {
	m := map[string]any{}
	if d.Title != nil {
		m["title"] = *d.Title
	}
	for name, set := range map[string]bool{"problem": d.Problem != nil, "indicators": d.Indicators != nil,
		"deliverables": d.Deliverables != nil, "field_id": d.FieldID != nil, "enterprise_commitment": d.EnterpriseCommitment != nil,
		"requested_support": d.RequestedSupport != nil, "duration_months": d.DurationMonths != nil, "ip_terms": d.IPTerms != nil,
		"trl_start": d.TRLStart != nil, "trl_target": d.TRLTarget != nil, "eligible_org_types": d.EligibleOrgTypes != nil,
		"global": d.Global != nil, "scenario_id": d.ScenarioID != nil, "procurement_commitment": d.ProcurementCommitment != nil} {
		if set {
			m[name] = "changed"
		}
	}
	return m
}

// move is the common shape of a transition: load, check who and the version,
// check the table, update guarded by status and version, audit, notify.
type move struct {
	action  Action
	version *int
	reason  string
	changes Changes
	// check runs after the table allowed the move, inside the transaction; it
	// may add to the columns the move sets.
	check func(ctx context.Context, c Challenge, ch *Changes) error
	// after runs after the update, inside the transaction.
	after func(ctx context.Context, c Challenge) error
	audit map[string]any
}

func (s *Service) transition(ctx context.Context, a domain.Actor, id string, m move) (View, error) {
	var c Challenge
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.load(ctx, a, id); err != nil {
			return err
		}
		t := Rules[m.action]
		switch t.By {
		case ByOwner:
			if !s.isOwner(a, c) {
				return domain.Forbidden(domain.Msg("only the enterprise that posed the challenge may do this", "只有出题企业可以执行此操作"))
			}
		case ByPM:
			if !a.Is(domain.RoleProgramManager) {
				return domain.Forbidden(domain.Msg("only program managers may do this", "只有项目主管可以执行此操作"))
			}
		}
		if err := domain.CheckVersion("challenge", c.ID, c.Version, m.version); err != nil {
			return err
		}
		to, err := Machine.Next(m.action, c.Status)
		if err != nil {
			return err
		}
		if t.NeedsReason {
			r, err := domain.Reason(&m.reason)
			if err != nil {
				return err
			}
			m.changes.StatusReason = &r
		}
		if m.check != nil {
			if err := m.check(ctx, c, &m.changes); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		if err := s.repo.Transition(ctx, c.ID, c.Status, c.Version, to, m.changes, now); err != nil {
			return err
		}
		from := c.Status
		if c, err = s.repo.Get(ctx, c.ID); err != nil {
			return err
		}
		changes := map[string]any{"status": []Status{from, to}}
		for k, v := range m.audit {
			changes[k] = v
		}
		if t.NeedsReason {
			changes["reason"] = *m.changes.StatusReason
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "challenge." + string(m.action), Entity: "challenge",
			EntityID: c.ID, Changes: changes}); err != nil {
			return err
		}
		if m.after != nil {
			return m.after(ctx, c)
		}
		return nil
	})
	if err != nil {
		return View{}, err
	}
	// The challenge as it now is, even if the caller can no longer see it on
	// the board (a program manager who returned it to draft).
	return s.viewOf(ctx, a, c)
}

func (s *Service) viewOf(ctx context.Context, a domain.Actor, c Challenge) (View, error) {
	v := s.view(a, c, s.clock.Now())
	owner, err := s.orgs.Get(ctx, c.OwnerID)
	if err != nil {
		return View{}, err
	}
	v.OwnerName = owner.Name
	return v, nil
}

func (s *Service) toOwner(ctx context.Context, c Challenge, kind, text string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	data["title"] = c.Title
	return s.notify.ToOrgs(ctx, []string{c.OwnerID}, notify.Message{Kind: kind, Entity: "challenge", EntityID: c.ID, Text: text, Data: data})
}

// Submit sends a complete draft to the bureau for vetting.
func (s *Service) Submit(ctx context.Context, a domain.Actor, id string, version *int) (View, error) {
	return s.transition(ctx, a, id, move{action: ActSubmit, version: version,
		check: func(ctx context.Context, c Challenge, _ *Changes) error {
			o, err := s.orgs.Get(ctx, c.OwnerID)
			if err != nil {
				return err
			}
			if o.Status != org.StatusVerified {
				return domain.Forbidden(domain.Msg("your organization is not verified yet: drafts can be edited, but nothing can be submitted until an admin verifies it", "贵单位尚未通过认证：可以编辑草稿，通过平台管理员认证后才能提交"))
			}
			return c.completeness().Err()
		}})
}

// Withdraw takes back a draft or a submitted challenge.
func (s *Service) Withdraw(ctx context.Context, a domain.Actor, id string, version *int) (View, error) {
	return s.transition(ctx, a, id, move{action: ActWithdraw, version: version})
}

// Approval is the bureau's set-up of a challenge (立题).
type Approval struct {
	Category    string
	FundingCap  int64
	BidDeadline time.Time
	MaxWinners  int     // 0: one
	Rounds      []Round // none: one round
}

// MaxRounds bounds a challenge's review rounds.
const MaxRounds = 5

// checkRounds validates the review rounds set at approval: names, weights
// summing to 100, a shortlist (at least the winners allowed) for every round
// but the last, none for the last.
func checkRounds(rounds []Round, maxWinners int, p *domain.Problems) []Round {
	if len(rounds) == 0 {
		return nil
	}
	if len(rounds) > MaxRounds {
		p.Add("rounds", domain.CodeTooMany, "max", MaxRounds)
		return nil
	}
	out := make([]Round, len(rounds))
	sum := 0
	for i, r := range rounds {
		field := fieldIndex("rounds", i)
		name := strings.TrimSpace(r.Name)
		if name == "" || utf8.RuneCountInString(name) > 50 {
			p.Add(field+".name", codeRoundName)
		}
		if r.Weight < 1 || r.Weight > 100 {
			p.Add(field+".weight", domain.CodeOutOfRange, "min", 1, "max", 100)
		}
		sum += r.Weight
		switch {
		case i == len(rounds)-1 && r.Shortlist != 0:
			p.Add(field+".shortlist", codeLastShortlist)
		case i < len(rounds)-1 && (r.Shortlist < maxWinners || r.Shortlist > 100):
			p.Add(field+".shortlist", codeRoundShortlist, "min", maxWinners)
		}
		out[i] = Round{Name: name, Weight: r.Weight, Shortlist: r.Shortlist}
	}
	if sum != 100 {
		p.Add("rounds", codeRoundsWeights, "sum", sum)
	}
	return out
}

// MaxWinnersLimit bounds how many teams one challenge funds in parallel.
const MaxWinnersLimit = 10

// Approve publishes a submitted challenge with its category, the government
// funding cap and the bid deadline (which must be in the future).
func (s *Service) Approve(ctx context.Context, a domain.Actor, id string, in Approval, version *int) (View, error) {
	now := s.clock.Now()
	var p domain.Problems
	if !reference.IsCategory(in.Category) {
		p.Add("category", domain.CodeUnknownCategory, "allowed", reference.CategoryList())
	}
	if in.FundingCap < 0 || in.FundingCap > domain.MaxMunicipalSubsidy {
		p.Add("funding_cap", codeFundingCap, "max", domain.MaxMunicipalSubsidy)
	}
	if !in.BidDeadline.After(now) {
		p.Add("bid_deadline", codeDeadlinePast)
	} else if in.BidDeadline.After(now.AddDate(2, 0, 0)) {
		p.Add("bid_deadline", codeDeadlineFar)
	}
	if in.MaxWinners == 0 {
		in.MaxWinners = 1
	}
	if in.MaxWinners < 1 || in.MaxWinners > MaxWinnersLimit {
		p.Add("max_winners", domain.CodeOutOfRange, "min", 1, "max", MaxWinnersLimit)
	}
	rounds := checkRounds(in.Rounds, in.MaxWinners, &p)
	if err := p.Err(); err != nil {
		return View{}, err
	}
	deadline := in.BidDeadline.UTC()
	return s.transition(ctx, a, id, move{action: ActApprove, version: version,
		changes: Changes{Category: &in.Category, FundingCap: &in.FundingCap, BidDeadline: &deadline, PublishedAt: &now,
			MaxWinners: &in.MaxWinners, Rounds: &rounds},
		audit: map[string]any{"category": in.Category, "funding_cap": in.FundingCap, "bid_deadline": deadline,
			"max_winners": in.MaxWinners, "rounds": rounds},
		after: func(ctx context.Context, c Challenge) error {
			return s.toOwner(ctx, c, "challenge.approved", fmt.Sprintf("揭榜「%s」已通过审核并发布，截止时间 %s。", c.Title,
				deadline.In(domain.Beijing).Format("2006-01-02 15:04")), map[string]any{"bid_deadline": deadline})
		}})
}

// Return sends a submitted challenge back to its owner as a draft.
func (s *Service) Return(ctx context.Context, a domain.Actor, id, reason string, version *int) (View, error) {
	return s.transition(ctx, a, id, move{action: ActReturn, version: version, reason: reason,
		after: func(ctx context.Context, c Challenge) error {
			return s.toOwner(ctx, c, "challenge.returned", fmt.Sprintf("揭榜「%s」被退回修改：%s", c.Title, c.StatusReason),
				map[string]any{"reason": c.StatusReason})
		}})
}

// Reject refuses a submitted challenge.
func (s *Service) Reject(ctx context.Context, a domain.Actor, id, reason string, version *int) (View, error) {
	return s.transition(ctx, a, id, move{action: ActReject, version: version, reason: reason,
		after: func(ctx context.Context, c Challenge) error {
			return s.toOwner(ctx, c, "challenge.rejected", fmt.Sprintf("揭榜「%s」未通过审核：%s", c.Title, c.StatusReason),
				map[string]any{"reason": c.StatusReason})
		}})
}

// Cancel stops a challenge before it is awarded; live bids are not awarded.
func (s *Service) Cancel(ctx context.Context, a domain.Actor, id, reason string, version *int) (View, error) {
	now := s.clock.Now()
	return s.transition(ctx, a, id, move{action: ActCancel, version: version, reason: reason, changes: Changes{DecidedAt: &now},
		after: func(ctx context.Context, c Challenge) error {
			return s.settle(ctx, c, nil, "challenge.cancelled", fmt.Sprintf("揭榜「%s」已被撤销：%s", c.Title, c.StatusReason))
		}})
}

// Fail marks a challenge 流榜: no acceptable bid.
func (s *Service) Fail(ctx context.Context, a domain.Actor, id, reason string, version *int) (View, error) {
	now := s.clock.Now()
	return s.transition(ctx, a, id, move{action: ActFail, version: version, reason: reason, changes: Changes{DecidedAt: &now},
		after: func(ctx context.Context, c Challenge) error {
			return s.settle(ctx, c, nil, "challenge.failed", fmt.Sprintf("揭榜「%s」流榜：%s", c.Title, c.StatusReason))
		}})
}

// settle gives every live bid its final outcome and tells the bidders and
// the owner at once.
func (s *Service) settle(ctx context.Context, c Challenge, winners []string, kind, text string) error {
	bids, err := s.repo.LiveBids(ctx, []string{c.ID})
	if err != nil {
		return err
	}
	// Every live bid moves at once: the winners are awarded, the others
	// passed over (the store moves them together, from the machine's states).
	awarded, err := BidMachine.Next(BidAward, BidSubmitted)
	if err != nil {
		return err
	}
	passedOver, err := BidMachine.Next(BidPassOver, BidSubmitted)
	if err != nil {
		return err
	}
	if err := s.repo.SettleBids(ctx, c.ID, winners, BidSubmitted, awarded, passedOver, s.clock.Now()); err != nil {
		return err
	}
	first := ""
	if len(winners) > 0 {
		first = winners[0]
	}
	msg := notify.Message{Kind: kind, Entity: "challenge", EntityID: c.ID, Text: text,
		Data: map[string]any{"title": c.Title, "status": c.Status, "reason": c.StatusReason, "awarded_bid_id": first, "winners": len(winners)}}
	orgs := []string{c.OwnerID}
	if len(winners) == 0 {
		for _, b := range bids {
			orgs = append(orgs, b.OrganizationID)
		}
		return s.notify.ToOrgs(ctx, orgs, msg)
	}
	// An award tells each bidder its own outcome, all at once: won, or not.
	if err := s.notify.ToOrgs(ctx, orgs, msg); err != nil {
		return err
	}
	var won, lost []string
	for _, b := range bids {
		if slices.Contains(winners, b.ID) {
			won = append(won, b.OrganizationID)
		} else {
			lost = append(lost, b.OrganizationID)
		}
	}
	data := map[string]any{"title": c.Title}
	if err := s.notify.ToOrgs(ctx, won, notify.Message{Kind: "bid.awarded", Entity: "challenge", EntityID: c.ID, Data: data,
		Text: fmt.Sprintf("贵单位对「%s」的揭榜方案中榜，项目已立项。", c.Title)}); err != nil {
		return err
	}
	return s.notify.ToOrgs(ctx, lost, notify.Message{Kind: "bid.not_awarded", Entity: "challenge", EntityID: c.ID, Data: data,
		Text: fmt.Sprintf("揭榜「%s」已确定中榜单位，贵单位的方案未中榜。", c.Title)})
}

// ChallengeDocuments answers for a challenge's documents (its specification):
// whoever sees the challenge reads them; its owner adds to them while it is a
// draft, as it edits the rest.
func (s *Service) ChallengeDocuments(ctx context.Context, a domain.Actor, id string) (edit, err error) {
	c, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	switch {
	case !s.isOwner(a, c):
		return domain.Forbidden(domain.Msg("only the owner enterprise adds documents to its challenge", "只有出题企业可以为其榜单上传附件")), nil
	case c.Status != StatusDraft:
		return domain.Conflict(domain.Msg("a challenge's documents change only while it is a draft; it is %s", "榜单仅在草稿状态下可增删附件；当前为「%s」"), c.Status), nil
	}
	return nil, nil
}
