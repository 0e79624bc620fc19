package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/scenario"
)

// demoProject is one project of the demo and the stage it reaches.
type demoProject struct {
	lead, title, summary, category, field string
	budget                                int64
	stage                                 project.Stage
}

var demoProjects = []demoProject{
	{"nbu", "海洋生物医用胶原材料制备关键技术", "以海洋鱼皮为原料制备医用级胶原，替代进口牛源胶原。", "key_technology", "biomedicine", 6_000_000, project.StageProposal},
	{"yjlab", "面向新能源汽车驱动电机的高性能稀土永磁材料", "开发低重稀土高矫顽力钕铁硼磁体，服务本地汽车产业链。", "key_technology", "rare_earth_materials", 18_000_000, project.StageResearch},
	{"nimte", "港口集装箱码头智能巡检机器人", "研制适应盐雾环境的巡检机器人，在梅山港区开展场景验证。", "application_demo", "artificial_intelligence", 12_000_000, project.StageValidation},
	{"joyson", "智能座舱域控制器国产化与产业化", "基于国产芯片的座舱域控制器，完成整车验证后量产。", "strategic_collaboration", "chips", 30_000_000, project.StageIndustrialization},
	{"nbu", "海水淡化高通量反渗透膜", "研制高通量抗污染反渗透膜并在象山示范工程应用。", "application_demo", "marine_materials", 9_000_000, project.StageCompleted},
	{"geely", "车载激光雷达光学窗口镀膜", "开发耐候高透过率镀膜工艺。", "key_technology", "frontier_materials", 4_000_000, project.StageRejected},
	{"yjlab", "柔性钙钛矿光伏组件中试", "建设柔性钙钛矿组件中试线。", "ecosystem", "frontier_materials", 20_000_000, project.StageTerminated},
}

// projectsAt replays the demo projects on a simulated clock ending at end.
func projectsAt(ctx context.Context, base *app.App, users map[string]domain.Actor, orgs map[string]string, end time.Time) error {
	clock := domain.NewManualClock(end.Add(-80 * 24 * time.Hour))
	opts := base.Options
	opts.Clock = clock
	a, err := app.New(base.DB, opts)
	if err != nil {
		return err
	}
	ps, sc := a.Projects, a.Scenarios
	pm := users["pm"]
	day := 24 * time.Hour

	// Scenarios on offer (重大应用场景).
	port, err := sc.Create(ctx, users["orient"], scenario.Input{Title: ptr("梅山港区码头巡检与海缆运维试验场景"),
		Description: ptr("开放 2 公里码头岸线与海缆登陆段，用于巡检机器人、海缆监测等新技术试验。"), FieldID: ptr("artificial_intelligence"),
		Capacity: ptr("2 km 岸线，3 个试验工位"), AvailableFrom: ptr(end.Add(-70 * day).Format("2006-01-02")),
		AvailableTo: ptr(end.Add(300 * day).Format("2006-01-02"))})
	if err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	factory, err := sc.Create(ctx, users["geely"], scenario.Input{Title: ptr("杭州湾智能工厂整车验证场景"),
		Description: ptr("提供整车产线与测试场，用于汽车电子与新材料的装车验证。"), FieldID: ptr("new_energy_vehicles"),
		Capacity: ptr("2 条产线，1 个测试场"), AvailableFrom: ptr(end.Add(-75 * day).Format("2006-01-02")),
		AvailableTo: ptr(end.Add(365 * day).Format("2006-01-02"))})
	if err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	if _, err := sc.Create(ctx, users["pm"], scenario.Input{Title: ptr("象山海水淡化示范工程"),
		Description: ptr("日产万吨级海水淡化示范工程，可试用新型膜材料。"), FieldID: ptr("marine_materials"),
		AvailableFrom: ptr(end.Add(-60 * day).Format("2006-01-02")), AvailableTo: ptr(end.Add(200 * day).Format("2006-01-02"))}); err != nil {
		return err
	}
	scenarioFor := map[string]string{"artificial_intelligence": port.ID, "chips": factory.ID, "marine_materials": port.ID}
	provider := map[string]string{port.ID: "orient", factory.ID: "geely"}

	move := func(p project.Project, to project.Stage, reason, evidence string) (project.Project, error) {
		clock.Advance(3 * day)
		cur, err := ps.Get(ctx, pm, p.ID)
		if err != nil {
			return p, err
		}
		return ps.Transition(ctx, pm, p.ID, project.MoveInput{From: string(cur.Stage), To: string(to), Version: cur.Version,
			Reason: reason, Evidence: evidence})
	}
	setTRL := func(p project.Project, trl int) error {
		_, err := ps.Update(ctx, pm, p.ID, project.Patch{TRL: &trl})
		return err
	}
	made := map[project.Stage]string{} // a demo project per stage
	for i, d := range demoProjects {
		lead := users[d.lead]
		clock.Set(end.Add(time.Duration(-80+i*2) * day))
		p, err := ps.Propose(ctx, lead, project.Proposal{Title: d.title, Summary: d.summary, Category: d.category,
			FieldID: d.field, Budget: d.budget, TRL: 3})
		if err != nil {
			return fmt.Errorf("project %s: %w", d.title, err)
		}
		made[d.stage] = p.ID
		switch d.stage {
		case project.StageProposal:
			continue
		case project.StageRejected:
			if _, err := move(p, project.StageRejected, "与已立项项目重复，建议与相关单位联合申报。", ""); err != nil {
				return err
			}
			continue
		}
		if p, err = move(p, project.StageResearch, "", "立项评审意见：同意立项。"); err != nil {
			return err
		}
		// Work plan: milestones per stage, KPIs and funding.
		var research []project.Milestone
		for _, m := range []struct{ title, stage string }{{"关键技术攻关", "research"}, {"样品试制", "research"},
			{"场景试验", "validation"}, {"量产导入", "industrialization"}} {
			ms, err := ps.AddMilestone(ctx, lead, p.ID, project.MilestoneInput{Title: ptr(m.title), Stage: ptr(m.stage),
				DueDate: ptr(clock.Now().Add(120 * day).Format("2006-01-02")), Deliverable: ptr(m.title + "报告")})
			if err != nil {
				return err
			}
			if m.stage == "research" {
				research = append(research, ms)
			}
		}
		for _, k := range []struct {
			name   string
			target float64
			unit   string
		}{{"关键性能指标", 95, "%"}, {"申请发明专利", 5, "项"}} {
			if _, err := ps.AddKPI(ctx, lead, p.ID, project.KPIInput{Name: ptr(k.name), Target: ptr(k.target), Unit: ptr(k.unit)}); err != nil {
				return err
			}
		}
		for _, f := range []struct {
			src      string
			amount   int64
			status   string
			matching bool
		}{{"national", d.budget / 5, "committed", false}, {"municipal", d.budget / 5, "committed", true},
			{"municipal", d.budget / 10, "planned", false}, {"enterprise", d.budget / 2, "committed", false}} {
			if _, err := ps.AddFunding(ctx, pm, p.ID, project.FundingInput{Source: ptr(f.src), Amount: ptr(f.amount),
				Status: ptr(f.status), Matching: ptr(f.matching)}); err != nil {
				return fmt.Errorf("funding of %s: %w", d.title, err)
			}
		}
		if d.stage == project.StageResearch {
			_, err := ps.UpdateMilestone(ctx, lead, p.ID, research[0].ID, project.MilestoneInput{Status: ptr("done")})
			if err != nil {
				return err
			}
			continue
		}
		if d.stage == project.StageTerminated {
			if _, err := move(p, project.StageTerminated, "中试线建设条件发生变化，经评估终止项目。", "专家论证意见"); err != nil {
				return err
			}
			continue
		}
		// Through the research gate: milestones accepted, a scenario accepted, TRL 5.
		for _, m := range research {
			if _, err := ps.UpdateMilestone(ctx, lead, p.ID, m.ID, project.MilestoneInput{Status: ptr("done")}); err != nil {
				return err
			}
			if _, err := ps.UpdateMilestone(ctx, pm, p.ID, m.ID, project.MilestoneInput{Status: ptr("accepted")}); err != nil {
				return err
			}
		}
		scID := scenarioFor[d.field]
		if scID == "" {
			scID = port.ID
		}
		app, err := sc.Apply(ctx, lead, scID, p.ID, "在场景中分阶段开展试验，形成试验报告。")
		if err != nil {
			return fmt.Errorf("apply %s: %w", d.title, err)
		}
		if _, err := sc.Decide(ctx, users[provider[scID]], app.ID, true); err != nil {
			return err
		}
		if err := setTRL(p, 5); err != nil {
			return err
		}
		if p, err = move(p, project.StageValidation, "", "样品检测报告与场景接收函"); err != nil {
			return fmt.Errorf("research gate of %s: %w", d.title, err)
		}
		if d.stage == project.StageValidation {
			continue
		}
		if _, err := sc.RecordResult(ctx, lead, app.ID, "passed", "场景试验连续运行 60 天，各项指标达到任务书要求。"); err != nil {
			return err
		}
		if err := setTRL(p, 7); err != nil {
			return err
		}
		if p, err = move(p, project.StageIndustrialization, "", "场景试验报告"); err != nil {
			return err
		}
		if d.stage == project.StageIndustrialization {
			continue
		}
		if err := setTRL(p, 8); err != nil {
			return err
		}
		if _, err := move(p, project.StageCompleted, "", "验收意见：项目完成任务书规定的各项指标，同意通过验收。"); err != nil {
			return err
		}
	}
	if err := afterTheAward(ctx, ps, users, made, clock); err != nil {
		return fmt.Errorf("after the award: %w", err)
	}
	// The awarded challenge's project gets a work plan too.
	l, err := ps.List(ctx, pm, project.Filter{Stage: project.StageResearch, Query: "海缆"}, domain.Page{Limit: 1})
	if err != nil || len(l.Items) == 0 {
		return err
	}
	cable := l.Items[0]
	lead := users["nimte"]
	if _, err := ps.AddMilestone(ctx, lead, cable.ID, project.MilestoneInput{Title: ptr("绝缘料配方定型"), Stage: ptr("research"),
		DueDate: ptr(end.Add(90 * day).Format("2006-01-02")), Deliverable: ptr("配方报告")}); err != nil {
		return err
	}
	_, err = ps.AddKPI(ctx, lead, cable.ID, project.KPIInput{Name: ptr("直流击穿场强"), Target: ptr(400.0), Unit: ptr("kV/mm")})
	return err
}

// afterTheAward gives the demo projects under way and done what follows an
// award: KPI values over time, outputs (landmark ones too), reports (one
// waiting for the manager, one falling overdue) and a change request waiting
// for a decision.
func afterTheAward(ctx context.Context, ps *project.Service, users map[string]domain.Actor, made map[project.Stage]string,
	clock *domain.ManualClock) error {
	pm, day := users["pm"], 24*time.Hour
	validation, industrialization, completed := made[project.StageValidation], made[project.StageIndustrialization], made[project.StageCompleted]
	nimte, joyson, nbu := users["nimte"], users["joyson"], users["nbu"]
	date := func(ago int) *string { return ptr(domain.Day(clock.Now().Add(-time.Duration(ago) * day))) }
	for _, o := range []struct {
		who      domain.Actor
		project  string
		kind     string
		title    string
		ref      string
		landmark bool
	}{
		{nbu, completed, "patent", "一种抗污染高通量反渗透膜及其制备方法", "ZL202610123456.7", true},
		{nbu, completed, "standard", "海水淡化用反渗透膜元件团体标准", "T/NBAS 012-2026", false},
		{nbu, completed, "paper", "High-flux antifouling RO membranes for seawater desalination", "10.1016/j.desal.2026.117001", false},
		{joyson, industrialization, "product", "国产芯片智能座舱域控制器 JY-CDC2", "浙制 2026-0815", true},
		{joyson, industrialization, "software", "座舱域控制中间件 V1.0", "2026SR0123456", false},
		{nimte, validation, "paper", "盐雾环境下巡检机器人的可靠性设计", "10.1109/TIE.2026.3300001", false},
	} {
		if _, err := ps.AddOutput(ctx, o.who, o.project, project.OutputInput{Type: ptr(o.kind), Title: ptr(o.title),
			Reference: ptr(o.ref), Date: date(5), Landmark: ptr(o.landmark)}); err != nil {
			return fmt.Errorf("output %s: %w", o.title, err)
		}
	}
	for _, x := range []struct {
		who     domain.Actor
		project string
		values  []float64
	}{{nimte, validation, []float64{71, 82, 88}}, {joyson, industrialization, []float64{90, 96}}} {
		kpis, err := ps.KPIs(ctx, x.who, x.project)
		if err != nil || len(kpis) == 0 {
			return err
		}
		for i, v := range x.values {
			if _, err := ps.RecordActual(ctx, x.who, x.project, kpis[0].ID, project.ActualInput{Value: ptr(v),
				Date: date(20 - 8*i), Source: ptr("第三方检测报告")}); err != nil {
				return err
			}
		}
	}
	// Reports: the industrialization project's annual report waits for the
	// manager; the validation project's interim report falls overdue.
	annual, err := ps.SetReport(ctx, pm, industrialization, project.ReportInput{Kind: ptr("annual"), Title: ptr("2026 年度报告"),
		DueDate: ptr(domain.Day(clock.Now().Add(30 * day)))})
	if err != nil {
		return err
	}
	if _, err := ps.SubmitReport(ctx, joyson, annual.ID, project.Submission{Text: ptr("完成整车验证与小批量试产，累计装车 1,200 台。"),
		Spent: ptr(int64(9_600_000))}); err != nil {
		return err
	}
	if _, err := ps.SetReport(ctx, pm, validation, project.ReportInput{Kind: ptr("interim"), Title: ptr("中期检查报告"),
		DueDate: ptr(domain.Day(clock.Now().Add(2 * day)))}); err != nil {
		return err
	}
	// A change request waits for the manager: more budget for a second berth.
	p, err := ps.Get(ctx, pm, validation)
	if err != nil {
		return err
	}
	_, err = ps.RequestChange(ctx, nimte, validation, project.ChangeInput{Reason: ptr("增加梅山港区第二个泊位的场景试验，需追加设备与运维经费。"),
		Changes: &project.Changes{Budget: ptr(p.Budget + 3_000_000)}, Version: &p.Version})
	return err
}
