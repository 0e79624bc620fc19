package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/consortium"
)

// consortiaAt founds one consortium of each model with members, on a
// simulated clock ending at end.
func consortiaAt(ctx context.Context, base *app.App, users map[string]domain.Actor, orgs map[string]string, end time.Time) error {
	clock := domain.NewManualClock(end.Add(-60 * 24 * time.Hour))
	opts := base.Options
	opts.Clock = clock
	a, err := app.New(base.DB, opts)
	if err != nil {
		return err
	}
	cs := a.Consortia
	type invite struct {
		who, role string
		equity    *float64
		accept    bool
	}
	pct := func(p float64) *float64 { return &p }
	for _, d := range []struct {
		lead, name, model, field, desc string
		approve                        bool
		invites                        []invite
	}{
		{"orient", "海洋电缆新材料创新联合体", "task_oriented", "marine_materials", "围绕深远海海缆绝缘与护套材料，联合上下游开展任务导向攻关。", true,
			[]invite{{"nimte", "research", nil, true}, {"nbu", "university", nil, true}, {"joyson", "downstream", nil, false}}},
		{"geely", "新能源汽车智能座舱创新联合体", "equity_linked", "new_energy_vehicles", "以股权为纽带，联合芯片、材料与整车企业共建座舱平台。", true,
			[]invite{{"joyson", "upstream", pct(30), true}, {"yjlab", "research", pct(15), true}, {"angel", "finance", pct(10), true}}},
		{"joyson", "人形机器人核心部件创新联合体", "grant_to_investment", "humanoid_robots", "以拨改投方式支持关节模组与控制器攻关。", false,
			[]invite{{"nbu", "university", nil, true}, {"nimte", "research", nil, false}}},
	} {
		clock.Advance(3 * 24 * time.Hour)
		c, err := cs.Create(ctx, users[d.lead], consortium.Input{Name: ptr(d.name), Model: ptr(d.model), FieldID: ptr(d.field),
			Description: ptr(d.desc)})
		if err != nil {
			return fmt.Errorf("consortium %s: %w", d.name, err)
		}
		for _, inv := range d.invites {
			m, err := cs.Invite(ctx, users[d.lead], c.ID, orgs[inv.who], inv.role, inv.equity)
			if err != nil {
				return fmt.Errorf("invite %s: %w", inv.who, err)
			}
			if inv.accept {
				clock.Advance(24 * time.Hour)
				if _, err := cs.Respond(ctx, users[inv.who], m.ID, true); err != nil {
					return fmt.Errorf("accept %s: %w", inv.who, err)
				}
			}
		}
		if d.approve {
			clock.Advance(2 * 24 * time.Hour)
			if _, err := cs.Approve(ctx, users["pm"], c.ID, nil); err != nil {
				return err
			}
		}
	}
	return nil
}
