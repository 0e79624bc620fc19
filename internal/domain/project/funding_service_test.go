package project_test

import (
	"context"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestFundingRulesInTheService holds the funding rules of docs/domain.md §5
// where they live, the project service, on both databases: the 5000万
// municipal cap, 1:1 matching, the budget, lines moving forward only,
// tranches released by an accepted milestone, and disbursements within a
// line that mark it disbursed when paid in full.
func TestFundingRulesInTheService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		ctx := context.Background()
		svc := env.App.Projects
		pm, lead := w.PM.Actor(), w.Institute.Actor()
		pid := w.Approved(w.Institute, "资金规则服务测试") // budget 12,000,000
		add := func(a domain.Actor, src string, amount int64, status string, matching bool) (project.FundingLine, error) {
			return svc.AddFunding(ctx, a, pid, project.FundingInput{Source: &src, Amount: &amount, Status: &status, Matching: &matching})
		}
		want := func(what string, err error, kind domain.Kind, code string) {
			t.Helper()
			if domain.KindOf(err) != kind {
				t.Fatalf("%s: %v, want %s", what, err, kind)
			}
			if code != "" && (len(at.ProblemCodes(err)) != 1 || at.ProblemCodes(err)[0] != code) {
				t.Fatalf("%s: problems %v, want %s", what, at.ProblemCodes(err), code)
			}
		}

		_, err := add(lead, "municipal", 1_000_000, "planned", false)
		want("the lead records funding", err, domain.KindForbidden, "")
		_, err = add(pm, "municipal", domain.MaxMunicipalSubsidy+1, "planned", false)
		want("over the 5000万 cap", err, domain.KindInvalid, "amount:funding.municipal_cap")
		_, err = add(pm, "municipal", 2_000_000, "planned", true)
		want("matching without national or provincial money", err, domain.KindInvalid, "matching:funding.matching_cap")
		_, err = add(pm, "provincial", 3_000_000, "committed", false)
		want("a provincial line", err, domain.Kind(0), "")
		_, err = add(pm, "municipal", 3_000_000, "committed", true)
		want("matching 1:1", err, domain.Kind(0), "")
		_, err = add(pm, "municipal", 1, "planned", true)
		want("matching past 1:1", err, domain.KindInvalid, "matching:funding.matching_cap")
		// 6,000,000 committed of 12,000,000: another 6,000,001 committed is over the budget.
		_, err = add(pm, "enterprise", 6_000_001, "committed", false)
		want("over the budget", err, domain.KindInvalid, "amount:funding.over_budget")
		planned, err := add(pm, "enterprise", 6_000_001, "planned", false)
		want("planned money is not promised yet", err, domain.Kind(0), "")

		// Forward only: planned → committed is refused over the budget, and
		// nothing moves back.
		committed := "committed"
		_, err = svc.UpdateFunding(ctx, pm, planned.ID, project.FundingInput{Status: &committed})
		want("committing over the budget", err, domain.KindInvalid, "amount:funding.over_budget")
		lines, err := svc.Funding(ctx, pm, pid)
		if err != nil {
			t.Fatal(err)
		}
		back := "planned"
		for _, l := range lines {
			if l.Status == project.FundingCommitted {
				_, err = svc.UpdateFunding(ctx, pm, l.ID, project.FundingInput{Status: &back})
				want("committed back to planned", err, domain.KindConflict, "")
			}
		}

		// A tranche tied to a milestone is disbursed only once it is accepted.
		title, due, stage := "样机", "2027-06-30", "research"
		m, err := svc.AddMilestone(ctx, lead, pid, project.MilestoneInput{Title: &title, DueDate: &due, Stage: &stage})
		if err != nil {
			t.Fatal(err)
		}
		src, amount, status := "enterprise", int64(500_000), "committed"
		tranche, err := svc.AddFunding(ctx, pm, pid, project.FundingInput{Source: &src, Amount: &amount, Status: &status, MilestoneID: &m.ID})
		want("a tranche", err, domain.Kind(0), "")
		pay := func(n int64) (project.Disbursement, error) {
			return svc.Disburse(ctx, pm, tranche.ID, project.DisbursementInput{Amount: &n})
		}
		_, err = pay(100_000)
		want("paying a tranche before its milestone is accepted", err, domain.KindInvalid, "status:funding.tranche_not_accepted")
		done, accepted := "done", "accepted"
		if _, err := svc.UpdateMilestone(ctx, lead, pid, m.ID, project.MilestoneInput{Status: &done}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateMilestone(ctx, pm, pid, m.ID, project.MilestoneInput{Status: &accepted}); err != nil {
			t.Fatal(err)
		}
		_, err = pay(400_000)
		want("the first part", err, domain.Kind(0), "")
		_, err = pay(100_001)
		want("more than the line holds", err, domain.KindInvalid, "amount:disbursement.over_line")
		_, err = pay(100_000)
		want("the rest", err, domain.Kind(0), "")
		lines, err = svc.Funding(ctx, pm, pid)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if l.ID == tranche.ID && l.Status != project.FundingDisbursed {
				t.Fatalf("a line paid in full is %s", l.Status)
			}
		}
		_, err = pay(1)
		want("paying a disbursed line", err, domain.KindConflict, "")
	})
}
