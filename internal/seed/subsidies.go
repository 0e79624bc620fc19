package seed

import (
	"context"
	"fmt"

	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
)

// subsidiesAt gives 研值在线 a year behind it and a year in progress: last
// year's declarations, policy and published batch (each demo enterprise sees
// its line), and this year's declarations of two enterprises, with no policy
// or batch yet — the program manager's next steps.
func subsidiesAt(ctx context.Context, a *app.App, users map[string]domain.Actor, year int) error {
	pm := users["pm"]
	declare := func(who string, y int, expense, revenue int64, staff int) error {
		_, err := a.Subsidies.Declare(ctx, users[who], subsidy.DeclarationInput{Year: &y, RDExpense: &expense, Revenue: &revenue, RDStaff: &staff})
		if err != nil {
			return fmt.Errorf("demo declaration of %s for %d: %w", who, y, err)
		}
		return nil
	}
	last := year - 1
	for _, d := range []struct {
		who              string
		expense, revenue int64
		staff            int
	}{{"geely", 86_000_000, 1_200_000_000, 420}, {"orient", 31_500_000, 900_000_000, 160}, {"joyson", 12_800_000, 640_000_000, 95}} {
		if err := declare(d.who, last, d.expense, d.revenue, d.staff); err != nil {
			return err
		}
	}
	capPer, minExpense, budget := int64(3_000_000), int64(1_000_000), int64(5_000_000)
	if _, err := a.Subsidies.SetPolicy(ctx, pm, last, subsidy.PolicyInput{
		Rates: map[string]float64{"tech_sme": 10, "high_tech": 15, "little_giant": 20, "leader": 5},
		Cap:   &capPer, MinExpense: &minExpense, Budget: &budget}); err != nil {
		return fmt.Errorf("demo subsidy policy: %w", err)
	}
	b, err := a.Subsidies.Compute(ctx, pm, last)
	if err != nil {
		return fmt.Errorf("demo subsidy batch: %w", err)
	}
	if b, err = a.Subsidies.Approve(ctx, pm, b.ID, &b.Version); err != nil {
		return fmt.Errorf("demo subsidy batch approval: %w", err)
	}
	if _, err := a.Subsidies.Publish(ctx, pm, b.ID, &b.Version); err != nil {
		return fmt.Errorf("demo subsidy batch publication: %w", err)
	}
	if err := declare("geely", year, 92_000_000, 1_350_000_000, 450); err != nil {
		return err
	}
	return declare("orient", year, 36_000_000, 980_000_000, 175)
}

// fieldsAt declares the demo organizations' fields and the experts'
// expertise, so that challenges suggest bidders and reviewers.
func fieldsAt(ctx context.Context, a *app.App, users map[string]domain.Actor, orgs map[string]string) error {
	admin := domain.System()
	for key, fields := range map[string][]string{
		"nbu": {"artificial_intelligence", "smart_manufacturing"}, "yjlab": {"marine_materials", "frontier_materials"},
		"nimte": {"rare_earth_materials", "marine_materials", "mechanics"}, "geely": {"new_energy_vehicles", "artificial_intelligence"},
		"orient": {"marine_materials"}, "joyson": {"artificial_intelligence", "chips"}, "fraunhofer": {"smart_manufacturing"},
	} {
		if _, err := a.Matchmaking.SetCapabilities(ctx, admin, orgs[key], fields); err != nil {
			return fmt.Errorf("demo fields of %s: %w", key, err)
		}
	}
	for key, fields := range map[string][]string{
		"nwpu": {"artificial_intelligence"}, "tju": {"smart_manufacturing", "digital_twin"}, "eitech": {"marine_materials", "artificial_intelligence"},
	} {
		if _, err := a.Matchmaking.SetExpertise(ctx, admin, users[key].UserID, fields); err != nil {
			return fmt.Errorf("demo expertise of %s: %w", key, err)
		}
	}
	return nil
}
