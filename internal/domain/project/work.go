package project

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Milestones lists a project's milestones.
func (s *Service) Milestones(ctx context.Context, a domain.Actor, projectID string) ([]Milestone, error) {
	if _, _, err := s.load(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.repo.Milestones(ctx, projectID)
}

// AddMilestone: the lead organization or a program manager plans a milestone.
func (s *Service) AddMilestone(ctx context.Context, a domain.Actor, projectID string, in MilestoneInput) (Milestone, error) {
	var m Milestone
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, _, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		if ended(p) {
			return domain.Conflict("the project is %s", p.Stage)
		}
		var missing domain.Problems
		missing.Required(map[string]bool{"title": in.Title != nil, "due_date": in.DueDate != nil, "stage": in.Stage != nil})
		if err := missing.Err(); err != nil {
			return err
		}
		if in.Status != nil {
			return domain.Invalid("a new milestone is planned", domain.Problem("status", codeNewMilestoneStatus))
		}
		now := s.clock.Now()
		m = Milestone{ID: domain.NewID(), ProjectID: p.ID, Status: MilestonePlanned, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := in.apply(&m).Err(); err != nil {
			return err
		}
		if err := s.repo.CreateMilestone(ctx, m); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "milestone.create", Entity: "milestone", EntityID: m.ID,
			Changes: map[string]any{"project_id": p.ID, "title": m.Title, "due_date": m.DueDate, "stage": m.Stage}})
	})
	return m, err
}

func ended(p Project) bool {
	return p.Stage == StageCompleted || p.Stage == StageRejected || p.Stage == StageTerminated
}

// milestoneNotice is the kind of what a move of a milestone is called in
// notifications (the lead learns of acceptance and sending back).
var milestoneNotice = map[MilestoneAction]string{MilestoneMarkDone: "milestone.done",
	MilestoneAccept: "milestone.accepted", MilestoneSendBack: "milestone.sent_back"}

// UpdateMilestone edits a milestone and moves its status: the lead marks a
// planned milestone done; a program manager accepts a done one or sends it
// back to planned. Its content changes only while it is planned.
func (s *Service) UpdateMilestone(ctx context.Context, a domain.Actor, projectID, id string, in MilestoneInput) (Milestone, error) {
	var m Milestone
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		m, err = s.repo.GetMilestone(ctx, id)
		if domain.KindOf(err) == domain.KindNotFound || (err == nil && m.ProjectID != p.ID) {
			return domain.NotFound("milestone %s not found", id)
		} else if err != nil {
			return err
		}
		if err := domain.CheckVersion("milestone", m.ID, m.Version, in.Version); err != nil {
			return err
		}
		contentChange := in.Title != nil || in.DueDate != nil || in.Stage != nil || in.Deliverable != nil
		if contentChange && m.Status != MilestonePlanned {
			return domain.Conflict("a milestone that is %s can no longer be edited", m.Status)
		}
		old, oldStatus := m.Version, m.Status
		if err := in.apply(&m).Err(); err != nil {
			return err
		}
		kind := ""
		if in.Status != nil && MilestoneStatus(*in.Status) != m.Status {
			act, ok := milestoneActionTo[MilestoneStatus(*in.Status)]
			if !ok {
				return domain.Invalid("unknown status", domain.Problem("status", domain.CodeOneOf, "allowed", domain.EnumList(MilestoneStatuses())))
			}
			to, err := MilestoneMachine.Next(act, m.Status)
			if err != nil {
				return err
			}
			switch {
			case MilestoneByLead[act] && !acc.lead:
				return domain.Forbidden("the lead organization marks its milestones done")
			case !MilestoneByLead[act] && !acc.pm:
				return domain.Forbidden("program managers accept a milestone or send it back")
			}
			kind = milestoneNotice[act]
			m.Status = to
		}
		m.Version, m.UpdatedAt = m.Version+1, s.clock.Now()
		if err := s.repo.UpdateMilestone(ctx, m, old); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "milestone.update", Entity: "milestone", EntityID: m.ID,
			Changes: map[string]any{"project_id": p.ID, "status": []MilestoneStatus{oldStatus, m.Status}}}); err != nil {
			return err
		}
		if kind == "milestone.accepted" || kind == "milestone.sent_back" {
			verb := map[string]string{"milestone.accepted": "已通过验收", "milestone.sent_back": "被退回，请补充完善"}[kind]
			return s.notify.ToOrgs(ctx, []string{p.LeadOrgID}, notify.Message{Kind: kind, Entity: "project", EntityID: p.ID,
				Text: fmt.Sprintf("项目「%s」的里程碑「%s」%s。", p.Title, m.Title, verb), Data: map[string]any{"milestone_id": m.ID, "title": p.Title}})
		}
		return nil
	})
	return m, err
}

// Members lists a project's member organizations.
func (s *Service) Members(ctx context.Context, a domain.Actor, projectID string) ([]Member, error) {
	if _, _, err := s.load(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.repo.Members(ctx, projectID)
}

// AddMember: program managers add a verified organization with a role.
func (s *Service) AddMember(ctx context.Context, a domain.Actor, projectID, orgID, role string) (Member, error) {
	var m Member
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.load(ctx, a, projectID)
		if err != nil {
			return err
		}
		if !acc.pm {
			return domain.Forbidden("only program managers add members to a project")
		}
		r, ok := parseMemberRole(role)
		var pr domain.Problems
		if !ok || r == RoleLead {
			pr.Add("role", domain.CodeOneOf, "allowed", domain.EnumList(AddableRoles()))
		}
		o, err := s.orgs.Get(ctx, orgID)
		if domain.KindOf(err) == domain.KindNotFound {
			pr.Add("organization_id", domain.CodeUnknownOrg)
		} else if err != nil {
			return err
		} else if o.Status != org.StatusVerified {
			pr.Add("organization_id", domain.CodeUnverifiedOrg, "name", o.Name)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		m = Member{OrganizationID: orgID, Role: r, CreatedAt: s.clock.Now()}
		if err := s.repo.AddMember(ctx, p.ID, m); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict("%s is already a member of this project", o.Name)
			}
			return err
		}
		if err := s.notify.ToOrgs(ctx, []string{orgID}, notify.Message{Kind: "project.member_added", Entity: "project", EntityID: p.ID,
			Text: fmt.Sprintf("贵单位已加入项目「%s」。", p.Title), Data: map[string]any{"title": p.Title, "role": r}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "project.add_member", Entity: "project", EntityID: p.ID,
			Changes: map[string]any{"organization_id": orgID, "role": r}})
	})
	return m, err
}

// Funding lists a project's funding lines (members, program managers, admins).
func (s *Service) Funding(ctx context.Context, a domain.Actor, projectID string) ([]FundingLine, error) {
	if _, _, err := s.load(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.repo.FundingLines(ctx, projectID)
}

func live(ls []FundingLine) []FundingLine {
	var out []FundingLine
	for _, l := range ls {
		if l.ReplacedAt == nil {
			out = append(out, l)
		}
	}
	return out
}

// withLine is the live lines with l in place of the line of the same id (or added).
func withLine(ls []FundingLine, l FundingLine) []FundingLine {
	out := []FundingLine{}
	found := false
	for _, x := range live(ls) {
		if x.ID == l.ID {
			x, found = l, true
		}
		out = append(out, x)
	}
	if !found {
		out = append(out, l)
	}
	return out
}

// checkTranche: a line tied to a milestone is disbursed only after a program
// manager accepted that milestone.
func (s *Service) checkTranche(ctx context.Context, p Project, l FundingLine) error {
	if l.MilestoneID == "" {
		return nil
	}
	m, err := s.repo.GetMilestone(ctx, l.MilestoneID)
	if domain.KindOf(err) == domain.KindNotFound || (err == nil && m.ProjectID != p.ID) {
		return domain.Invalid("no such milestone", domain.Problem("milestone_id", codeNotThisMilestone))
	} else if err != nil {
		return err
	}
	if l.Status == FundingDisbursed && m.Status != MilestoneAccepted {
		return domain.Invalid("the tranche's milestone is not accepted", domain.Problem("status", codeTrancheNotAccepted, "milestone", m.Title, "status", m.Status))
	}
	return nil
}

// AddFunding: program managers add a line; the funding rules hold after it.
func (s *Service) AddFunding(ctx context.Context, a domain.Actor, projectID string, in FundingInput) (FundingLine, error) {
	var l FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.load(ctx, a, projectID)
		if err != nil {
			return err
		}
		if !acc.pm {
			return domain.Forbidden("only program managers record funding")
		}
		if err := s.repo.LockFunding(ctx, p.ID); err != nil {
			return err
		}
		var pr domain.Problems
		src, ok := Source(""), false
		if in.Source != nil {
			src, ok = parseSource(*in.Source)
		}
		if !ok || !slices.Contains(NewLineSources(), src) {
			pr.Add("source", codeNewLineSource, "allowed", domain.EnumList(NewLineSources()))
		}
		if in.Amount == nil {
			pr.Add("amount", domain.CodeRequired)
		}
		pr.Money("amount", in.Amount, true)
		status := FundingPlanned
		if in.Status != nil {
			if status, ok = parseFundingStatus(*in.Status); !ok {
				pr.Add("status", domain.CodeOneOf, "allowed", domain.EnumList(FundingStatuses()))
			}
		}
		matching := in.Matching != nil && *in.Matching
		if matching && src != SourceMunicipal {
			pr.Add("matching", codeMatchingMunicipal)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		l = FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: src, Amount: *in.Amount, Status: status,
			Matching: matching, Version: 1, CreatedAt: now, UpdatedAt: now}
		if in.MilestoneID != nil {
			l.MilestoneID = *in.MilestoneID
		}
		if err := s.checkTranche(ctx, p, l); err != nil {
			return err
		}
		lines, err := s.repo.FundingLines(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := CheckFunding(withLine(lines, l), p.Budget); err != nil {
			return err
		}
		if err := s.repo.CreateFunding(ctx, l); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.create", Entity: "funding_line", EntityID: l.ID,
			Changes: map[string]any{"project_id": p.ID, "source": l.Source, "amount": l.Amount, "status": l.Status,
				"matching": l.Matching, "milestone_id": l.MilestoneID}})
	})
	return l, err
}

// UpdateFunding: program managers change the amount or move the status
// forward (planned → committed → disbursed); the rules hold after it.
func (s *Service) UpdateFunding(ctx context.Context, a domain.Actor, id string, in FundingInput) (FundingLine, error) {
	var l FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockedLine(ctx, a, id, in.Version, &l)
		if err != nil {
			return err
		}
		if in.Source != nil && Source(*in.Source) != l.Source {
			return domain.Invalid("the source of a line does not change", domain.Problem("source", codeSourceFixed))
		}
		var pr domain.Problems
		old := l
		if in.Amount != nil {
			pr.Money("amount", in.Amount, true)
			if l.Status == FundingDisbursed {
				pr.Add("amount", codeDisbursedAmount)
			}
			l.Amount = *in.Amount
		}
		if in.Status != nil {
			st, ok := parseFundingStatus(*in.Status)
			switch {
			case !ok:
				pr.Add("status", domain.CodeOneOf, "allowed", domain.EnumList(FundingStatuses()))
			case fundingOrder[st] < fundingOrder[l.Status]:
				return domain.Conflict("funding moves forward only: planned → committed → disbursed (it is %s)", l.Status)
			}
			l.Status = st
		}
		if in.Matching != nil {
			if *in.Matching && l.Source != SourceMunicipal {
				pr.Add("matching", codeMatchingMunicipal)
			}
			l.Matching = *in.Matching
		}
		if in.MilestoneID != nil && *in.MilestoneID != l.MilestoneID {
			switch {
			case *in.MilestoneID == "":
				// Untying would let a tranche be disbursed without its milestone.
				pr.Add("milestone_id", codeUntieByEdit)
			case old.Status == FundingDisbursed:
				pr.Add("milestone_id", codeDisbursedTied)
			}
			l.MilestoneID = *in.MilestoneID
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if err := s.checkTranche(ctx, p, l); err != nil {
			return err
		}
		lines, err := s.repo.FundingLines(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := CheckFunding(withLine(lines, l), p.Budget); err != nil {
			return err
		}
		l.Version, l.UpdatedAt = l.Version+1, s.clock.Now()
		if err := s.repo.UpdateFunding(ctx, l, old.Version); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.update", Entity: "funding_line", EntityID: l.ID,
			Changes: fundingChanges(p.ID, old, l)})
	})
	return l, err
}

// fundingChanges is an audit record's account of an edit: every field of the
// line that changed, as [before, after].
func fundingChanges(projectID string, old, l FundingLine) map[string]any {
	ch := map[string]any{"project_id": projectID}
	if old.Amount != l.Amount {
		ch["amount"] = []int64{old.Amount, l.Amount}
	}
	if old.Status != l.Status {
		ch["status"] = []FundingStatus{old.Status, l.Status}
	}
	if old.Matching != l.Matching {
		ch["matching"] = []bool{old.Matching, l.Matching}
	}
	if old.MilestoneID != l.MilestoneID {
		ch["milestone_id"] = []string{old.MilestoneID, l.MilestoneID}
	}
	return ch
}

// Untie releases a tranche from its milestone (program managers, with a
// reason): the line can then be disbursed without that milestone's
// acceptance. A disbursed tranche stays tied to the milestone that released it.
func (s *Service) Untie(ctx context.Context, a domain.Actor, id, reason string, version *int) (FundingLine, error) {
	var l FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockedLine(ctx, a, id, version, &l)
		if err != nil {
			return err
		}
		switch {
		case l.MilestoneID == "":
			return domain.Conflict("funding line %s is not tied to a milestone", l.ID)
		case l.Status == FundingDisbursed:
			return domain.Conflict("a disbursed tranche stays tied to the milestone that released it")
		}
		if r := []rune(strings.TrimSpace(reason)); len(r) == 0 || len(r) > 2000 {
			return domain.Invalid("give the reason for untying the tranche", domain.Problem("reason", domain.CodeRequiredText, "max", 2000))
		}
		old := l
		l.MilestoneID, l.Version, l.UpdatedAt = "", l.Version+1, s.clock.Now()
		if err := s.repo.UpdateFunding(ctx, l, old.Version); err != nil {
			return err
		}
		ch := fundingChanges(p.ID, old, l)
		ch["reason"] = strings.TrimSpace(reason)
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.untie", Entity: "funding_line", EntityID: l.ID, Changes: ch})
	})
	return l, err
}

// lockedLine loads a funding line for a program manager's change: the
// project's funding locked, the line read again under the lock, its version
// checked and not replaced by 拨改投.
func (s *Service) lockedLine(ctx context.Context, a domain.Actor, id string, version *int, l *FundingLine) (Project, error) {
	line, err := s.repo.GetFunding(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Project{}, domain.NotFound("funding line %s not found", id)
	} else if err != nil {
		return Project{}, err
	}
	p, acc, err := s.load(ctx, a, line.ProjectID)
	if domain.KindOf(err) == domain.KindNotFound {
		return Project{}, domain.NotFound("funding line %s not found", id)
	} else if err != nil {
		return Project{}, err
	}
	if !acc.pm {
		return Project{}, domain.Forbidden("only program managers change funding")
	}
	if err := s.repo.LockFunding(ctx, p.ID); err != nil {
		return Project{}, err
	}
	if *l, err = s.repo.GetFunding(ctx, id); err != nil {
		return Project{}, err
	}
	if err := domain.CheckVersion("funding line", l.ID, l.Version, version); err != nil {
		return Project{}, err
	}
	if l.ReplacedAt != nil {
		return Project{}, domain.Conflict("this line was converted (grant-to-investment) and no longer changes")
	}
	return p, nil
}

// Convert is 拨改投: a committed municipal line becomes an investment line held
// by a financial organization, keeping the link to the line it replaced.
func (s *Service) Convert(ctx context.Context, a domain.Actor, id, investorID string, version *int) (FundingLine, error) {
	var out FundingLine
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		l, err := s.repo.GetFunding(ctx, id)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.NotFound("funding line %s not found", id)
		} else if err != nil {
			return err
		}
		p, acc, err := s.load(ctx, a, l.ProjectID)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.NotFound("funding line %s not found", id)
		} else if err != nil {
			return err
		}
		if !acc.pm {
			return domain.Forbidden("only program managers convert funding")
		}
		if err := s.repo.LockFunding(ctx, p.ID); err != nil {
			return err
		}
		if l, err = s.repo.GetFunding(ctx, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("funding line", l.ID, l.Version, version); err != nil {
			return err
		}
		switch {
		case l.ReplacedAt != nil:
			return domain.Conflict("this line was already converted")
		case l.Source != SourceMunicipal || l.Status != FundingCommitted:
			return domain.Invalid("only committed municipal lines convert", domain.Problem("source", codeConvertWhich, "source", l.Source, "status", l.Status))
		}
		investor, err := s.orgs.Get(ctx, investorID)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.Invalid("no such investor", domain.Problem("investor_id", domain.CodeUnknownOrg))
		} else if err != nil {
			return err
		}
		if investor.Type != org.TypeFinancial || investor.Status != org.StatusVerified {
			return domain.Invalid("the investor must be a verified financial organization", domain.Problem("investor_id", codeInvestor, "name", investor.Name))
		}
		now := s.clock.Now()
		replaced := l
		replaced.ReplacedAt, replaced.Version, replaced.UpdatedAt = &now, l.Version+1, now
		if err := s.repo.UpdateFunding(ctx, replaced, l.Version); err != nil {
			return err
		}
		out = FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: SourceInvestment, Amount: l.Amount, Status: FundingCommitted,
			HolderOrgID: investor.ID, ConvertedFromID: l.ID, MilestoneID: l.MilestoneID, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.repo.CreateFunding(ctx, out); err != nil {
			return err
		}
		if member, err := s.repo.IsMember(ctx, p.ID, investor.ID); err != nil {
			return err
		} else if !member {
			if err := s.repo.AddMember(ctx, p.ID, Member{OrganizationID: investor.ID, Role: RoleInvestor, CreatedAt: now}); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.convert", Entity: "funding_line", EntityID: out.ID,
			Changes: map[string]any{"project_id": p.ID, "converted_from_id": l.ID, "investor_id": investor.ID, "amount": l.Amount}})
	})
	return out, err
}
