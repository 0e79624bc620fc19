package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
)

func ptr[T any](v T) *T { return &v }

// demoChallenge is one challenge of the demo and how far it gets.
type demoChallenge struct {
	key, owner, title, problem, field, deliverables string
	commitment, support                             int64
	trlStart, trlTarget                             int
	global                                          bool
	indicators                                      []challenge.Indicator
}

var demoChallenges = []demoChallenge{
	{key: "cable", owner: "orient", title: "深远海大长度高压直流海缆绝缘材料", field: "marine_materials",
		problem:      "±525kV 直流海缆在深远海长距离敷设中，绝缘料的空间电荷积聚和热老化制约了输送容量与寿命，需要研制国产高性能直流绝缘料。",
		deliverables: "绝缘料配方与工艺包、10 km 级试制海缆、型式试验报告", commitment: 12_000_000, support: 6_000_000,
		trlStart: 4, trlTarget: 7, global: true,
		indicators: []challenge.Indicator{{Name: "直流击穿场强", Target: "≥ 400", Unit: "kV/mm"}, {Name: "体积电阻率(90℃)", Target: "≥ 1e14", Unit: "Ω·m"}}},
	{key: "battery", owner: "geely", title: "固态电池电解质界面稳定性提升", field: "new_energy_vehicles",
		problem:      "硫化物固态电解质与高镍正极界面副反应导致循环衰减快，需要界面包覆与原位修复技术。",
		deliverables: "界面改性材料、20Ah 软包电芯样品、循环测试报告", commitment: 8_000_000, support: 5_000_000,
		trlStart: 3, trlTarget: 6,
		indicators: []challenge.Indicator{{Name: "1C 循环寿命", Target: "≥ 1500", Unit: "次"}, {Name: "容量保持率", Target: "≥ 80", Unit: "%"}}},
	{key: "cockpit", owner: "joyson", title: "汽车智能座舱多模态交互芯片国产化", field: "chips",
		problem:      "座舱语音、视觉、触控多模态融合依赖进口 SoC，需开发满足车规的国产多模态交互芯片方案。",
		deliverables: "芯片架构方案、FPGA 验证平台、AEC-Q100 测试计划", commitment: 15_000_000, support: 8_000_000,
		trlStart: 3, trlTarget: 6,
		indicators: []challenge.Indicator{{Name: "NPU 算力", Target: "≥ 8", Unit: "TOPS"}, {Name: "工作温度", Target: "-40～105", Unit: "℃"}}},
	{key: "joint", owner: "geely", title: "人形机器人高功率密度关节模组", field: "humanoid_robots",
		problem:      "人形机器人关节需要在小体积内实现高扭矩、高响应，现有减速器与电机集成方案功率密度不足。",
		deliverables: "关节模组样机 3 套、控制算法、可靠性测试报告", commitment: 6_000_000, support: 3_000_000,
		trlStart: 4, trlTarget: 7,
		indicators: []challenge.Indicator{{Name: "峰值扭矩密度", Target: "≥ 120", Unit: "N·m/kg"}, {Name: "重复定位精度", Target: "≤ 0.02", Unit: "°"}}},
	{key: "twin", owner: "orient", title: "海上风电柔性直流送出系统数字孪生平台", field: "digital_twin",
		problem:      "海上风电柔直送出系统运行状态复杂，需要构建覆盖海缆、换流站的数字孪生平台，实现故障预警。",
		deliverables: "数字孪生平台软件、示范应用报告", commitment: 5_000_000, support: 2_500_000,
		trlStart: 5, trlTarget: 8,
		indicators: []challenge.Indicator{{Name: "故障预警准确率", Target: "≥ 95", Unit: "%"}}},
	{key: "radome", owner: "joyson", title: "车规级毫米波雷达天线罩透波材料", field: "frontier_materials",
		problem:      "77GHz 雷达天线罩需要兼顾高透波率与耐候性，国产材料损耗角正切偏高。",
		deliverables: "透波材料配方、注塑样件、透波测试报告", commitment: 3_000_000, support: 1_500_000,
		trlStart: 4, trlTarget: 7,
		indicators: []challenge.Indicator{{Name: "介电损耗角正切(77GHz)", Target: "≤ 0.004", Unit: ""}}},
	{key: "coating", owner: "geely", title: "氢燃料电池金属双极板耐蚀导电涂层", field: "new_energy_vehicles",
		problem:      "不锈钢双极板在燃料电池酸性环境中腐蚀，需开发低成本耐蚀导电涂层。",
		deliverables: "涂层工艺、双极板样件、耐久测试报告", commitment: 4_000_000, support: 2_000_000,
		trlStart: 3, trlTarget: 6,
		indicators: []challenge.Indicator{{Name: "腐蚀电流密度", Target: "≤ 1", Unit: "μA/cm²"}}},
	{key: "coolant", owner: "joyson", title: "新能源汽车热管理系统低 GWP 冷媒替代", field: "new_energy_vehicles",
		problem:      "现有冷媒 GWP 值高，需要适配 R744 等低 GWP 冷媒的压缩机与换热器方案。",
		deliverables: "系统方案、台架测试报告", commitment: 2_000_000, support: 1_000_000,
		trlStart: 4, trlTarget: 7,
		indicators: []challenge.Indicator{{Name: "制热 COP(-20℃)", Target: "≥ 2.0", Unit: ""}}},
	{key: "erp", owner: "orient", title: "企业资源计划系统升级改造", field: "cloud_computing",
		problem: "现有 ERP 系统需要升级。", deliverables: "新系统", commitment: 500_000, support: 500_000,
		trlStart: 8, trlTarget: 9, indicators: []challenge.Indicator{{Name: "上线时间", Target: "6", Unit: "月"}}},
	{key: "sensor", owner: "geely", title: "线控底盘冗余转角传感器", field: "smart_manufacturing",
		problem: "线控转向需要双冗余高精度转角传感器。", deliverables: "传感器样品", commitment: 2_000_000, support: 1_000_000,
		trlStart: 4, trlTarget: 7, indicators: []challenge.Indicator{{Name: "精度", Target: "≤ 0.1", Unit: "°"}}},
	{key: "airbag", owner: "joyson", title: "安全气囊气体发生器无毒产气药剂", field: "frontier_materials",
		problem: "现有产气药剂存在环保问题，需开发无毒高效产气药剂。", deliverables: "药剂配方、样件", commitment: 3_000_000, support: 1_000_000,
		trlStart: 3, trlTarget: 6, indicators: []challenge.Indicator{{Name: "产气速率", Target: "≥ 1.5", Unit: "mol/s"}}},
}

// demoBid is a bid in the demo.
func demoBid(summary, lead string, partners []string, budget int64) challenge.BidInput {
	return challenge.BidInput{Summary: ptr(summary), Approach: ptr("在既有研究基础上开展材料设计、工艺放大与场景验证，分三个阶段推进。"),
		Team: &challenge.Team{LeadScientist: lead, Size: 15}, PartnerIDs: &partners, Budget: ptr(budget), DurationMonths: ptr(24),
		Milestones: &[]challenge.BidMilestone{{Title: "关键技术突破", Month: 10, Deliverable: "阶段报告"},
			{Title: "样品试制与验证", Month: 22, Deliverable: "样品与检测报告"}}, AcceptTerms: ptr(true)}
}

// challengesAt replays the life of the demo challenges on a simulated clock
// ending at end, so that the board shows every status with a real history.
func challengesAt(ctx context.Context, base *app.App, orgs map[string]string, users map[string]domain.Actor, end time.Time) error {
	clock := domain.NewManualClock(end.Add(-90 * 24 * time.Hour))
	opts := base.Options
	opts.Clock = clock
	a, err := app.New(base.DB, opts)
	if err != nil {
		return err
	}
	cs := a.Challenges
	day := 24 * time.Hour
	ids := map[string]string{}
	for _, d := range demoChallenges {
		types := []string{"enterprise", "research_institute", "university"}
		v, err := cs.Create(ctx, users[d.owner], challenge.Draft{Title: ptr(d.title), Problem: ptr(d.problem),
			Indicators: &d.indicators, Deliverables: ptr(d.deliverables), FieldID: ptr(d.field),
			EnterpriseCommitment: ptr(d.commitment), RequestedSupport: ptr(d.support), DurationMonths: ptr(24),
			IPTerms: ptr("成果知识产权由出题企业与揭榜方按合同约定共享；评审材料严格保密。"), TRLStart: ptr(d.trlStart),
			TRLTarget: ptr(d.trlTarget), EligibleOrgTypes: &types, Global: ptr(d.global)})
		if err != nil {
			return fmt.Errorf("challenge %s: %w", d.key, err)
		}
		ids[d.key] = v.ID
		if d.key == "coating" { // stays a draft, after being returned once
			if _, err := cs.Submit(ctx, users[d.owner], v.ID, nil); err != nil {
				return err
			}
			if _, err := cs.Return(ctx, users["pm"], v.ID, "请补充涂层厚度与成本指标。", nil); err != nil {
				return err
			}
			continue
		}
		if _, err := cs.Submit(ctx, users[d.owner], v.ID, nil); err != nil {
			return fmt.Errorf("submit %s: %w", d.key, err)
		}
	}
	pm := users["pm"]
	approve := func(key string, deadline time.Time, cap int64) error {
		_, err := cs.Approve(ctx, pm, ids[key], challenge.Approval{Category: "key_technology", FundingCap: cap, BidDeadline: deadline}, nil)
		return err
	}
	steps := []func() error{
		func() error { return approve("cable", end.Add(-60*day), 6_000_000) },
		func() error { return approve("coolant", end.Add(-50*day), 1_000_000) },
		func() error { return approve("airbag", end.Add(30*day), 1_000_000) },
		func() error { return approve("battery", end.Add(-20*day), 5_000_000) },
		func() error { return approve("cockpit", end.Add(-5*day), 8_000_000) },
		func() error { return approve("joint", end.Add(20*day), 3_000_000) },
		func() error { return approve("twin", end.Add(35*day), 2_500_000) },
		func() error {
			_, err := cs.Reject(ctx, pm, ids["erp"], "属于企业信息化改造，不属于关键核心技术攻关范畴。", nil)
			return err
		},
		func() error { _, err := cs.Withdraw(ctx, users["geely"], ids["sensor"], nil); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	clock.Advance(2 * day)
	bid := func(who, key string, in challenge.BidInput) (string, error) {
		b, err := cs.CreateBid(ctx, users[who], ids[key], in)
		return b.ID, err
	}
	var cableBids []string
	for _, b := range []struct {
		who, summary, lead string
		partners           []string
		budget             int64
	}{
		{"nimte", "纳米复合改性直流绝缘料，抑制空间电荷积聚", "刘研究员", nil, 15_500_000},
		{"nbu", "交联副产物控制与脱气工艺优化", "陈教授", []string{orgs["yjlab"]}, 13_000_000},
		{"ilt", "Laser-assisted curing process for HVDC insulation", "Dr. Weber", nil, 14_000_000},
	} {
		id, err := bid(b.who, "cable", demoBid(b.summary, b.lead, b.partners, b.budget))
		if err != nil {
			return fmt.Errorf("bid on cable by %s: %w", b.who, err)
		}
		cableBids = append(cableBids, id)
	}
	var batteryBids []string
	for _, who := range []string{"nbu", "yjlab"} {
		id, err := bid(who, "battery", demoBid("界面原位聚合修复技术", "周研究员", nil, 9_000_000))
		if err != nil {
			return err
		}
		batteryBids = append(batteryBids, id)
	}
	if _, err := bid("yjlab", "cockpit", demoBid("存算一体多模态交互芯片架构", "孙研究员", nil, 16_000_000)); err != nil {
		return err
	}
	if _, err := bid("nimte", "joint", demoBid("稀土永磁高功率密度关节电机", "王研究员", []string{orgs["nbu"]}, 6_500_000)); err != nil {
		return err
	}
	for _, qa := range []struct{ key, asker, q, a string }{
		{"joint", "yjlab", "是否可以仅承担关节电机部分？", "需提供完整关节模组方案，可联合揭榜。"},
		{"cable", "nbu", "试制海缆长度能否分阶段完成？", "可以，首期 2 km，二期完成 10 km。"},
	} {
		q, err := cs.Ask(ctx, users[qa.asker], ids[qa.key], qa.q)
		if err != nil {
			return err
		}
		if _, err := cs.Answer(ctx, users[demoOwner(qa.key)], ids[qa.key], q.ID, qa.a); err != nil {
			return err
		}
	}
	experts := []domain.Actor{users["nwpu"], users["tju"], users["eitech"]}
	expertIDs := []string{experts[0].UserID, experts[1].UserID, experts[2].UserID}
	review := func(key string, bids []string, submitting int) error {
		if _, err := cs.AssignReviewers(ctx, pm, ids[key], expertIDs, 0); err != nil {
			return fmt.Errorf("assign %s: %w", key, err)
		}
		for i, e := range experts {
			for j, b := range bids {
				if _, err := cs.PutScore(ctx, e, b, 0, challenge.ScoreInput{Technical: 36 - 3*j + i%2, Feasibility: 25 - j,
					Team: 17 - j, Budget: 8, Comment: "方案可行，团队基础扎实。"}); err != nil {
					return err
				}
			}
			if i < submitting {
				if err := cs.SubmitScores(ctx, e, ids[key], 0); err != nil {
					return err
				}
			}
		}
		return nil
	}
	clock.Set(end.Add(-59 * day))
	if _, err := cs.CloseDue(ctx); err != nil {
		return err
	}
	if err := review("cable", cableBids, 3); err != nil {
		return err
	}
	clock.Advance(3 * day)
	if _, err := cs.ProposeAward(ctx, pm, ids["cable"], []string{cableBids[0]}, nil); err != nil {
		return err
	}
	clock.Advance(2 * day)
	if _, err := cs.ConfirmAward(ctx, users["orient"], ids["cable"], nil); err != nil {
		return err
	}
	clock.Set(end.Add(-49 * day))
	if _, err := cs.CloseDue(ctx); err != nil {
		return err
	}
	if _, err := cs.Fail(ctx, pm, ids["coolant"], "截止时无单位揭榜，流榜。", nil); err != nil {
		return err
	}
	clock.Set(end.Add(-40 * day))
	if _, err := cs.Cancel(ctx, pm, ids["airbag"], "出题企业已通过其他渠道解决，撤榜。", nil); err != nil {
		return err
	}
	clock.Set(end.Add(-19 * day))
	if _, err := cs.CloseDue(ctx); err != nil {
		return err
	}
	if err := review("battery", batteryBids, 2); err != nil {
		return err
	}
	clock.Set(end.Add(-4 * day))
	_, err = cs.CloseDue(ctx)
	return err
}

func demoOwner(key string) string {
	for _, d := range demoChallenges {
		if d.key == key {
			return d.owner
		}
	}
	return ""
}
