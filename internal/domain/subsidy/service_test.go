package subsidy_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestBatchRulesInTheService holds the 研值在线 rules where they live, the
// subsidy service, on both databases: an oversubscribed budget scaled pro
// rata and never exceeded; a declaration changed after computing makes the
// batch stale, and a stale batch is not approved until recomputed; the
// batch moves draft → approved → published and never back; a declaration
// of an approved year no longer changes; an enterprise reads only its own
// published line.
func TestBatchRulesInTheService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		ctx := context.Background()
		svc := env.App.Subsidies
		pm := w.PM.Actor()
		const year = 2026
		// 20 % for high-tech enterprises, capped at 1,000,000, with a budget of 1,500,000.
		budget, capYuan, min := int64(1_500_000), int64(1_000_000), int64(100_000)
		if _, err := svc.SetPolicy(ctx, pm, year, subsidy.PolicyInput{Rates: map[string]float64{"high_tech": 20}, Cap: &capYuan,
			MinExpense: &min, Budget: &budget}); err != nil {
			t.Fatal(err)
		}
		var enterprises []domain.Actor
		var declarations []string
		for i, expense := range []int64{5_000_000, 5_000_000, 2_500_000} { // computed 1,000,000 + 1,000,000 + 500,000
			id := env.OrgIn("补助企业"+string(rune('甲'+i)), org.TypeEnterprise, true, "haishu")
			if err := db.Gorm().Table("organizations").Where("id = ?", id).Update("tier", "high_tech").Error; err != nil {
				t.Fatal(err)
			}
			u := env.NewUser(domain.RoleEnterprise, id)
			a := u.Actor()
			y, staff, revenue := year, 10, expense*10
			d, err := svc.Declare(ctx, a, subsidy.DeclarationInput{Year: &y, RDExpense: &expense, Revenue: &revenue, RDStaff: &staff})
			if err != nil {
				t.Fatal(err)
			}
			enterprises, declarations = append(enterprises, a), append(declarations, d.ID)
		}
		env.Clock.Advance(time.Minute)

		b, err := svc.Compute(ctx, pm, year)
		if err != nil {
			t.Fatal(err)
		}
		if b.Total > budget || b.Total < budget-3 || b.Enterprises != 3 {
			t.Fatalf("an oversubscribed batch: total %d of a %d budget for %d enterprises", b.Total, budget, b.Enterprises)
		}
		// What each reader may do, as the batch moves (its actions).
		admin := w.Admin.Actor()
		actions := func(a domain.Actor) string {
			t.Helper()
			got, err := svc.Batch(ctx, a, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(got.Actions)
		}
		if got := fmt.Sprint(b.Actions); got != "[recompute approve]" || actions(admin) != "[]" {
			t.Fatalf("a draft's actions: %s for the manager, %s for an admin", got, actions(admin))
		}
		if _, err := svc.Compute(ctx, pm, year); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("a second batch of the year: %v", err)
		}
		if _, err := svc.Publish(ctx, pm, b.ID, nil); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("publishing a draft: %v", err)
		}

		// A declaration changes: the batch is stale and is not approved until recomputed.
		env.Clock.Advance(time.Minute)
		less := int64(1_000_000)
		if _, err := svc.Update(ctx, enterprises[2], declarations[2], subsidy.DeclarationInput{RDExpense: &less}); err != nil {
			t.Fatal(err)
		}
		if b, err = svc.Batch(ctx, pm, b.ID); err != nil || !b.Stale {
			t.Fatalf("after a declaration changed the batch is not stale: %+v %v", b, err)
		}
		if _, err := svc.Approve(ctx, pm, b.ID, nil); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("approving a stale batch: %v", err)
		}
		if b, err = svc.Recompute(ctx, pm, b.ID, &b.Version); err != nil {
			t.Fatal(err)
		}
		// 1,000,000 + 1,000,000 + 200,000 computed, scaled to the budget, rounded down.
		if b.Stale || b.Total > budget || b.Total < budget-3 {
			t.Fatalf("recomputed: %+v", b)
		}
		if b, err = svc.Approve(ctx, pm, b.ID, &b.Version); err != nil || b.Status != subsidy.BatchApproved {
			t.Fatalf("approve: %+v %v", b, err)
		}
		if got := fmt.Sprint(b.Actions); got != "[publish]" {
			t.Fatalf("an approved batch's actions: %s", got)
		}
		if _, err := svc.Update(ctx, enterprises[0], declarations[0], subsidy.DeclarationInput{RDExpense: &less}); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("a declaration of an approved year changed: %v", err)
		}
		if _, err := svc.Approve(ctx, pm, b.ID, nil); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("approving twice: %v", err)
		}
		if mine, err := svc.Mine(ctx, enterprises[0]); err != nil || len(mine) != 0 {
			t.Fatalf("a line read before publication: %+v %v", mine, err)
		}
		if b, err = svc.Publish(ctx, pm, b.ID, &b.Version); err != nil || b.Status != subsidy.BatchPublished {
			t.Fatalf("publish: %+v %v", b, err)
		}
		if got := actions(pm); got != "[]" {
			t.Fatalf("a published batch's actions: %s", got)
		}
		if _, err := svc.Recompute(ctx, pm, b.ID, nil); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("recomputing a published batch: %v", err)
		}
		mine, err := svc.Mine(ctx, enterprises[0])
		if err != nil || len(mine) != 1 || mine[0].Line.Amount <= 0 || mine[0].Line.Amount > capYuan {
			t.Fatalf("the enterprise's own published line: %+v %v", mine, err)
		}
		if _, err := svc.Batch(ctx, enterprises[0], b.ID); domain.KindOf(err) != domain.KindForbidden && domain.KindOf(err) != domain.KindNotFound {
			t.Fatalf("an enterprise reads the whole batch: %v", err)
		}
	})
}
