package project

import (
	"context"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// Award describes the project an awarded challenge becomes.
type Award struct {
	ProjectID   string // chosen by the caller (it is recorded on the challenge in the same transaction)
	ChallengeID string
	Title       string
	Summary     string
	Category    string
	FieldID     string
	TRL         int
	// ProposedBudget is the winning bid's own figure; the budget is the
	// funding created with the project.
	ProposedBudget int64
	LeadOrgID      string   // the winning organization
	PartnerIDs     []string // its partners
	OwnerOrgID     string   // the enterprise that posed the challenge: demand side
	// The owner's commitment and the approved government funding.
	EnterpriseCommitment int64
	GovernmentFunding    int64
	// ProcurementCommitment is a scenario provider's promise to buy (以赛代招):
	// a funding line of its own, source enterprise.
	ProcurementCommitment int64
	// The winning bid's plan and the challenge's indicators, carried over.
	Milestones []PlannedMilestone
	Indicators []Indicator
}

// PlannedMilestone is a step of a bid's plan: due Month months after the award.
type PlannedMilestone struct {
	Title, Deliverable string
	Month              int
}

// Indicator is a challenge's technical indicator as stated ("≥ 45" kV/mm).
type Indicator struct {
	Name, Target, Unit string
}

// CreateFromAward creates the project of an award in the caller's
// transaction: stage research, origin challenge, a code, its members and
// funding lines, and the first entry of its history.
func (s *Service) CreateFromAward(ctx context.Context, actor domain.Actor, a Award) (Project, error) {
	now := s.clock.Now()
	seq, err := s.repo.NextCode(ctx, now.Year())
	if err != nil {
		return Project{}, err
	}
	if a.ProjectID == "" {
		a.ProjectID = domain.NewID()
	}
	p := Project{ID: a.ProjectID, Code: FormatCode(now.Year(), seq), Title: a.Title, Summary: a.Summary,
		Category: a.Category, FieldID: a.FieldID, LeadOrgID: a.LeadOrgID, Origin: OriginChallenge,
		ChallengeID: a.ChallengeID, Stage: StageResearch, TRL: a.TRL, Budget: a.EnterpriseCommitment + a.GovernmentFunding + a.ProcurementCommitment,
		ProposedBudget: a.ProposedBudget, Version: 1, CreatedAt: now, UpdatedAt: now}
	members := []Member{{OrganizationID: a.LeadOrgID, Role: RoleLead, CreatedAt: now}}
	seen := map[string]bool{a.LeadOrgID: true}
	for _, id := range a.PartnerIDs {
		if !seen[id] {
			seen[id] = true
			members = append(members, Member{OrganizationID: id, Role: RolePartner, CreatedAt: now})
		}
	}
	if !seen[a.OwnerOrgID] {
		members = append(members, Member{OrganizationID: a.OwnerOrgID, Role: RoleDemandSide, CreatedAt: now})
	}
	var lines []FundingLine
	add := func(src Source, amount int64) {
		if amount > 0 {
			lines = append(lines, FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: src, Amount: amount,
				Status: FundingCommitted, Version: 1, CreatedAt: now, UpdatedAt: now})
		}
	}
	add(SourceEnterprise, a.EnterpriseCommitment)
	add(SourceMunicipal, a.GovernmentFunding)
	add(SourceEnterprise, a.ProcurementCommitment)
	first := StageChange{ID: domain.NewID(), ProjectID: p.ID, From: "", To: StageResearch, ActorID: actor.UserID,
		Reason: "awarded from challenge " + a.ChallengeID, OccurredAt: now}
	if err := s.repo.Create(ctx, p, members, lines, first); err != nil {
		return Project{}, err
	}
	for _, m := range a.Milestones {
		due := domain.DateOf(now).AddMonths(m.Month)
		if err := s.repo.CreateMilestone(ctx, Milestone{ID: domain.NewID(), ProjectID: p.ID, Title: m.Title, DueDate: due,
			Stage: StageResearch, Deliverable: m.Deliverable, Status: MilestonePlanned, Version: 1, CreatedAt: now, UpdatedAt: now}); err != nil {
			return Project{}, err
		}
	}
	for _, in := range a.Indicators {
		target, dir, _ := ParseTarget(in.Target)
		if err := s.repo.CreateKPI(ctx, KPI{ID: domain.NewID(), ProjectID: p.ID, Name: in.Name, Target: target, Unit: in.Unit,
			Direction: dir, Version: 1, CreatedAt: now, UpdatedAt: now}); err != nil {
			return Project{}, err
		}
	}
	return p, s.audit.Record(ctx, actor, audit.Entry{Action: "project.create", Entity: "project", EntityID: p.ID,
		Changes: map[string]any{"code": p.Code, "origin": p.Origin, "challenge_id": a.ChallengeID, "lead_org_id": a.LeadOrgID,
			"stage": p.Stage, "members": len(members), "funding_lines": len(lines), "budget": p.Budget,
			"proposed_budget": p.ProposedBudget, "milestones": len(a.Milestones), "kpis": len(a.Indicators)}})
}
