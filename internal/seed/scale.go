package seed

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
)

// Synthetic data at city scale, for benchmarks and load tests: `portfolio
// seed --scale N`. At N=1 it writes what years of Ningbo's programme would
// hold — 20,000 organizations, 50,000 challenges, 500,000 bids, 20,000
// projects with members, milestones, KPIs and funding, 200,000 notifications
// and 1,000,000 audit records continuing the chain — straight through the
// schema (COPY on PostgreSQL, multi-row inserts on SQLite) in one transaction,
// after the demo data (the load tool signs in with the demo accounts). The
// data is a pure function of N and the start time's day: rows are generated
// from their index, identifiers are UUIDv7s of the row's own time.

// ScaleCounts are the rows written at N=1.
var ScaleCounts = struct {
	Organizations, Challenges, Bids, Projects, Notifications, AuditRecords int
}{20_000, 50_000, 500_000, 20_000, 200_000, 1_000_000}

// syntheticCredit prefixes the credit codes of synthetic organizations: the
// seeder tells its own data from real data by it. ("YC" holds only letters a
// unified social credit code may contain.)
const syntheticCredit = "91330200YC"

// ScaleReport says what Scale wrote.
type ScaleReport struct {
	Skipped                                                bool // the database holds synthetic data already
	Organizations, Users, Challenges, Bids, Projects       int
	Members, Milestones, KPIs, FundingLines, Notifications int
	AuditRecords                                           int
	Took                                                   time.Duration
}

// Scale seeds N times the city-scale data. It refuses a database that holds
// organizations other than the demo's (real data) unless force is set, and
// does nothing on a database seeded at scale already.
func Scale(ctx context.Context, a *app.App, n float64, force bool, progress io.Writer) (ScaleReport, error) {
	start := time.Now()
	if !(n >= 0.01 && n <= 20) {
		return ScaleReport{}, fmt.Errorf("--scale must be a number from 0.01 to 20")
	}
	db := a.DB
	var synthetic, foreign int64
	if err := db.Gorm().Table("organizations").Where("credit_code LIKE ?", syntheticCredit+"%").Count(&synthetic).Error; err != nil {
		return ScaleReport{}, err
	}
	if synthetic > 0 {
		return ScaleReport{Skipped: true}, nil
	}
	known := []string{operatorOrgName}
	for _, d := range DemoOrgs() {
		known = append(known, d.Draft.Name)
	}
	if err := db.Gorm().Table("organizations").Where("name NOT IN ?", known).Count(&foreign).Error; err != nil {
		return ScaleReport{}, err
	}
	if foreign > 0 && !force {
		return ScaleReport{}, fmt.Errorf("the database holds %d organizations that are neither demo nor synthetic data: "+
			"seeding at scale would mix made-up rows into real ones; use a fresh database, or pass --force", foreign)
	}
	if _, err := Demo(ctx, a); err != nil {
		return ScaleReport{}, fmt.Errorf("demo data: %w", err)
	}
	// The synthetic records continue the chain after the demo's: seal those first.
	if _, err := a.Audit.SealPending(ctx); err != nil {
		return ScaleReport{}, err
	}
	g, err := newGenerator(ctx, db, n, a.Clock.Now())
	if err != nil {
		return ScaleReport{}, err
	}
	rep, err := g.write(ctx, progress)
	if err != nil {
		return ScaleReport{}, err
	}
	if db.Dialect() == store.Postgres {
		err = db.Gorm().Exec("SELECT setval('audit_records_id_seq', (SELECT MAX(id) FROM audit_records))").Error
	}
	if err == nil {
		err = db.Gorm().Exec("ANALYZE").Error
	}
	rep.Took = time.Since(start)
	return rep, err
}

// operatorOrgName is app's operator organization (created with a bootstrap admin).
const operatorOrgName = "科创甬江2035平台运营中心"

// generator derives every synthetic row from its index.
type generator struct {
	store                      *store.DB
	now                        time.Time
	nOrg, nCh, nProj, nNote    int
	nAudit                     int
	fields, districts, cats    []string
	orgType                    []string    // per organization index
	enterprises                []int       // indices of enterprises (challenge owners)
	leads                      []int       // indices of institutes, universities and enterprises (project leads)
	stride                     int         // steps through the leads to pick distinct bidders
	ownerPos                   map[int]int // organization index → position among the leads
	chainSeq                   int64
	chainHash                  string
	chainID                    int64
	challengeStatus            []string
	awardedProject             map[int]int // challenge index → project index
	projectChallenge           []int       // project index → challenge index, -1 for none
	liveBids                   []int
	bidOffset                  []int // first bid index of each challenge
	nBids                      int
	span                       time.Duration
	demoHash                   string
	indicatorsJSON, milesJSON  string
	eligibleJSON, partnersJSON string
	teamJSON                   string
}

func scaled(base int, n float64) int { return max(1, int(math.Round(float64(base)*n))) }

func newGenerator(ctx context.Context, db *store.DB, n float64, now time.Time) (*generator, error) {
	g := &generator{store: db, now: now.UTC().Truncate(24 * time.Hour),
		nOrg: scaled(ScaleCounts.Organizations, n), nCh: scaled(ScaleCounts.Challenges, n),
		nProj: scaled(ScaleCounts.Projects, n), nNote: scaled(ScaleCounts.Notifications, n),
		nAudit: scaled(ScaleCounts.AuditRecords, n), span: 4 * 365 * 24 * time.Hour,
		awardedProject: map[int]int{}}
	gdb := db.Gorm().WithContext(ctx)
	if err := gdb.Table("fields").Where("parent_id IS NOT NULL").Order("id").Pluck("id", &g.fields).Error; err != nil {
		return nil, err
	}
	if err := gdb.Table("districts").Order("id").Pluck("id", &g.districts).Error; err != nil {
		return nil, err
	}
	if err := gdb.Table("categories").Order("id").Pluck("id", &g.cats).Error; err != nil {
		return nil, err
	}
	if len(g.fields) == 0 || len(g.districts) == 0 || len(g.cats) == 0 {
		return nil, fmt.Errorf("the reference data (fields, districts, categories) is missing")
	}
	var last []struct {
		ID   int64
		Seq  int64
		Hash string
	}
	if err := gdb.Table("audit_records").Select("id, seq, hash").Where("seq IS NOT NULL").Order("seq DESC").Limit(1).Scan(&last).Error; err != nil {
		return nil, err
	}
	g.chainHash = audit.GenesisHash
	if len(last) == 1 {
		g.chainSeq, g.chainHash = last[0].Seq, last[0].Hash
	}
	if err := gdb.Table("audit_records").Select("COALESCE(MAX(id), 0)").Scan(&g.chainID).Error; err != nil {
		return nil, err
	}
	// Organization types: most are enterprises, as in the programme.
	g.orgType = make([]string, g.nOrg)
	for i := range g.nOrg {
		switch r := rnd('t', i) % 100; {
		case r < 62:
			g.orgType[i] = "enterprise"
			g.enterprises = append(g.enterprises, i)
			g.leads = append(g.leads, i)
		case r < 78:
			g.orgType[i] = "research_institute"
			g.leads = append(g.leads, i)
		case r < 88:
			g.orgType[i] = "university"
			g.leads = append(g.leads, i)
		case r < 90:
			g.orgType[i] = "government"
		case r < 95:
			g.orgType[i] = "financial"
		default:
			g.orgType[i] = "other"
		}
	}
	// Challenge statuses and their bids, decided up front: the challenge row
	// carries its live bid count and, if awarded, its project.
	// Bidders step through the leads by a stride prime to their number: the
	// bidders of one challenge are distinct organizations.
	g.stride = 7919
	for gcd(g.stride, len(g.leads)) != 1 {
		g.stride--
	}
	g.ownerPos = map[int]int{}
	for pos, o := range g.leads {
		g.ownerPos[o] = pos
	}
	g.challengeStatus = make([]string, g.nCh)
	g.liveBids = make([]int, g.nCh)
	g.bidOffset = make([]int, g.nCh+1)
	for i := range g.nCh {
		st := challengeStatusOf(rnd('s', i) % 100)
		g.challengeStatus[i] = st
		g.bidOffset[i] = g.nBids
		if public(st) {
			k := 4 + int(rnd('k', i)%18) // 12.5 on average: 500,000 bids over 40,000 public challenges
			g.nBids += k
			for b := range k {
				if g.bidStatus(i, b) != "withdrawn" {
					g.liveBids[i]++
				}
			}
		}
		if st == "awarded" && len(g.projectChallenge) < g.nProj {
			g.awardedProject[i] = len(g.projectChallenge)
			g.projectChallenge = append(g.projectChallenge, i)
		}
	}
	g.bidOffset[g.nCh] = g.nBids
	for len(g.projectChallenge) < g.nProj {
		g.projectChallenge = append(g.projectChallenge, -1)
	}
	g.demoHash = "!synthetic: no password signs in"
	g.indicatorsJSON = mustJSONString([]map[string]string{{"name": "关键指标", "target": "≥ 95", "unit": "%"}})
	g.milesJSON = mustJSONString([]map[string]any{{"title": "样机", "month": 12, "deliverable": "样机与测试报告"}})
	g.eligibleJSON, g.partnersJSON = `["enterprise","research_institute","university"]`, "[]"
	g.teamJSON = mustJSONString(map[string]any{"lead_scientist": "合成负责人", "size": 7})
	return g, nil
}

func mustJSONString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func challengeStatusOf(r uint64) string {
	switch {
	case r < 10:
		return "draft"
	case r < 13:
		return "submitted"
	case r < 15:
		return "rejected"
	case r < 17:
		return "withdrawn"
	case r < 20:
		return "cancelled"
	case r < 35:
		return "published"
	case r < 45:
		return "closed"
	case r < 50:
		return "in_review"
	case r < 85:
		return "awarded"
	default:
		return "failed"
	}
}

func public(st string) bool {
	switch st {
	case "published", "closed", "in_review", "awarded", "failed":
		return true
	}
	return false
}

// rnd is a deterministic pseudo-random number for (kind, i): splitmix64.
func rnd(kind byte, i int) uint64 {
	z := uint64(i)*0x9E3779B97F4A7C15 + uint64(kind)<<56 + 0x2035
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// synthID is a UUIDv7 of time t whose other bits come from (kind, i): sorting
// by id sorts by time, as the application's own ids do.
func synthID(kind byte, i int, t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], uint64(t.UnixMilli())<<16)
	sum := sha256.Sum256([]byte{kind, byte(i >> 24), byte(i >> 16), byte(i >> 8), byte(i)})
	copy(b[6:], sum[:10])
	b[6] = 0x70 | b[6]&0x0F // version 7
	b[8] = 0x80 | b[8]&0x3F // RFC 4122 variant
	return uuid.UUID(b).String()
}

// at spreads index i of n over the span ending a day before now.
func (g *generator) at(i, n int) time.Time {
	end := g.now.Add(-24 * time.Hour)
	return end.Add(-g.span + time.Duration(float64(g.span)*float64(i)/float64(n))).Add(time.Duration(rnd('m', i)%3600) * time.Second)
}

func (g *generator) orgID(i int) string  { return synthID('o', i, g.at(i, g.nOrg)) }
func (g *generator) userID(i int) string { return synthID('u', i, g.at(i, g.nOrg)) }
func (g *generator) chID(i int) string   { return synthID('c', i, g.at(i, g.nCh)) }
func (g *generator) projID(p int) string {
	return synthID('p', p, g.projectCreated(p))
}
func (g *generator) bidID(c, b int) string { return synthID('b', g.bidOffset[c]+b, g.bidTime(c, b)) }

func (g *generator) owner(c int) int {
	return g.enterprises[int(rnd('w', c)%uint64(len(g.enterprises)))]
}

// bidder b of challenge c: distinct organizations, never the owner.
func (g *generator) bidder(c, b int) int {
	owner := g.owner(c)
	slot := func(k int) int { return g.leads[(g.ownerPos[owner]+1+k*g.stride)%len(g.leads)] }
	for k := 0; k <= b; k++ {
		if slot(k) == owner {
			return slot(b + 1)
		}
	}
	return slot(b)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func (g *generator) bidStatus(c, b int) string {
	if rnd('x', c*64+b)%20 == 0 && b != 0 {
		return "withdrawn"
	}
	switch g.challengeStatus[c] {
	case "awarded":
		if b == 0 {
			return "awarded"
		}
		return "not_awarded"
	case "failed":
		return "not_awarded"
	}
	return "submitted"
}

func (g *generator) published(c int) time.Time { return g.at(c, g.nCh).Add(72 * time.Hour) }

func (g *generator) deadline(c int) time.Time {
	if g.challengeStatus[c] == "published" {
		return g.now.Add(time.Duration(1+rnd('d', c)%60) * 24 * time.Hour)
	}
	d := g.published(c).Add(30 * 24 * time.Hour)
	if limit := g.now.Add(-time.Hour); d.After(limit) {
		d = limit
	}
	return d
}

func (g *generator) bidTime(c, b int) time.Time {
	from, to := g.published(c), g.deadline(c)
	if to.After(g.now) {
		to = g.now.Add(-time.Minute)
	}
	if !to.After(from) {
		return from
	}
	return from.Add(time.Duration(float64(to.Sub(from)) * float64(b+1) / 24))
}

func (g *generator) decided(c int) time.Time { return g.deadline(c).Add(20 * 24 * time.Hour) }

func (g *generator) projectCreated(p int) time.Time {
	if c := g.projectChallenge[p]; c >= 0 {
		return g.decided(c)
	}
	return g.at(p, g.nProj)
}

var (
	orgWords   = []string{"海创", "甬芯", "东海", "天一", "北仑", "镇海", "明州", "四明", "慈溪", "象山", "杭州湾", "梅山", "三江", "余姚", "奉化", "宁海"}
	orgKinds   = []string{"智能科技", "新材料", "电子", "生物医药", "精密机械", "海洋工程", "汽车零部件", "数字科技", "绿色能源", "光电"}
	techWords  = []string{"高性能", "低成本", "车规级", "深远海", "高可靠", "国产化", "柔性", "高通量", "超精密", "智能化", "绿色低碳", "大尺寸"}
	techThings = []string{"海缆绝缘材料", "稀土永磁体", "功率半导体", "工业软件", "传感器芯片", "膜分离组件", "驱动电机", "固态电池", "工业机器人关节", "光刻胶", "碳纤维复合材料", "医用植入材料", "数字孪生平台", "激光雷达", "氢燃料电池"}
	techGoals  = []string{"关键技术攻关", "工程化验证", "国产替代", "产业化应用", "可靠性提升", "工艺开发"}
)

func pick(words []string, kind byte, i int) string {
	return words[int(rnd(kind, i)%uint64(len(words)))]
}

func (g *generator) title(c int) string {
	return pick(techWords, 'a', c) + pick(techThings, 'b', c) + pick(techGoals, 'g', c)
}

func (g *generator) write(ctx context.Context, progress io.Writer) (ScaleReport, error) {
	var rep ScaleReport
	step := func(what string, n int, start time.Time) {
		if progress != nil {
			fmt.Fprintf(progress, "  %-22s %9d rows  %6.1fs\n", what, n, time.Since(start).Seconds())
		}
	}
	err := inBulkTx(ctx, g.store, func(b bulk) error {
		tables := []struct {
			name string
			fn   func(context.Context, bulk) (int, error)
			into *int
		}{
			{"organizations", g.organizations, &rep.Organizations},
			{"users", g.users, &rep.Users},
			{"challenges", g.challenges, &rep.Challenges},
			{"bids", g.bids, &rep.Bids},
			{"projects", g.projects, &rep.Projects},
			{"project_members", g.members, &rep.Members},
			{"milestones", g.milestones, &rep.Milestones},
			{"kpis", g.kpis, &rep.KPIs},
			{"funding_lines", g.funding, &rep.FundingLines},
			{"notifications", g.notifications, &rep.Notifications},
			{"audit_records", g.auditRecords, &rep.AuditRecords},
		}
		for _, t := range tables {
			start := time.Now()
			n, err := t.fn(ctx, b)
			if err != nil {
				return err
			}
			*t.into = n
			step(t.name, n, start)
		}
		return nil
	})
	return rep, err
}

func (g *generator) organizations(ctx context.Context, b bulk) (int, error) {
	tiers := []string{"leader", "high_tech", "tech_sme", "little_giant"}
	cols := []string{"id", "name", "type", "tier", "credit_code", "country", "district", "status", "version", "created_at", "updated_at"}
	return g.nOrg, b.write(ctx, "organizations", cols, g.nOrg, func(i int) []any {
		t := g.at(i, g.nOrg)
		typ, tier := g.orgType[i], ""
		name := fmt.Sprintf("宁波%s%s", pick(orgWords, 'n', i), pick(orgKinds, 'k', i))
		switch typ {
		case "enterprise":
			tier = tiers[rnd('r', i)%4]
			name += fmt.Sprintf("有限公司（合成%05d）", i)
		case "research_institute":
			name += fmt.Sprintf("研究院（合成%05d）", i)
		case "university":
			name = fmt.Sprintf("宁波%s学院（合成%05d）", pick(orgWords, 'n', i), i)
		default:
			name += fmt.Sprintf("中心（合成%05d）", i)
		}
		status := "verified"
		if rnd('v', i)%20 == 0 {
			status = "pending"
		}
		return []any{g.orgID(i), name, typ, tier, org.WithCheckChar(fmt.Sprintf("%s%07d", syntheticCredit, i)), "CN",
			g.districts[int(rnd('D', i)%uint64(len(g.districts)))], status, 1, t, t}
	})
}

func (g *generator) users(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "email", "name", "role", "organization_id", "disabled", "password_hash", "version", "created_at", "updated_at"}
	return g.nOrg, b.write(ctx, "users", cols, g.nOrg, func(i int) []any {
		role := "enterprise"
		switch g.orgType[i] {
		case "research_institute", "university":
			role = "institute"
			if i%25 == 0 {
				role = "expert"
			}
		case "government":
			role = "program_manager"
		}
		t := g.at(i, g.nOrg)
		return []any{g.userID(i), fmt.Sprintf("user%06d@synthetic.kcyj2035.invalid", i), fmt.Sprintf("合成用户%06d", i), role,
			g.orgID(i), false, g.demoHash, 1, t, t}
	})
}

func (g *generator) challenges(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "owner_id", "created_by", "title", "problem", "indicators", "deliverables", "field_id",
		"enterprise_commitment", "requested_support", "duration_months", "ip_terms", "trl_start", "trl_target",
		"eligible_org_types", "global_bidding", "category", "funding_cap", "bid_deadline", "published_at", "closed_at",
		"decided_at", "status", "status_reason", "proposed_bid_id", "awarded_bid_id", "project_id", "version",
		"created_at", "updated_at", "live_bids"}
	return g.nCh, b.write(ctx, "challenges", cols, g.nCh, func(c int) []any {
		st, created := g.challengeStatus[c], g.at(c, g.nCh)
		o := g.owner(c)
		var deadline, published, closed, decided, category, fundingCap, awardedBid, projectID any
		if public(st) || st == "cancelled" {
			p, d := g.published(c), g.deadline(c)
			published, deadline = p, d
			category = g.cats[int(rnd('C', c)%uint64(len(g.cats)))]
			fundingCap = int64(1_000_000 * (1 + rnd('f', c)%20))
			if st != "published" && st != "cancelled" {
				closed = d
			}
		}
		if st == "awarded" || st == "failed" {
			decided = g.decided(c)
		}
		if st == "awarded" {
			awardedBid = g.bidID(c, 0)
			if p, ok := g.awardedProject[c]; ok {
				projectID = g.projID(p)
			}
		}
		reason := ""
		switch st {
		case "rejected", "cancelled":
			reason = "合成数据：条件不具备"
		}
		trl := 2 + int(rnd('l', c)%5)
		updated := created
		if decided != nil {
			updated = decided.(time.Time)
		}
		return []any{g.chID(c), g.orgID(o), g.userID(o), g.title(c),
			"合成数据：" + g.title(c) + "，需要解决材料、工艺与可靠性方面的瓶颈问题，形成可验证的工程样机。",
			g.indicatorsJSON, "样机、测试报告与工艺包", g.fields[int(rnd('F', c)%uint64(len(g.fields)))],
			int64(2_000_000 * (1 + rnd('e', c)%10)), int64(1_000_000 * (1 + rnd('q', c)%10)), 12 + int(rnd('M', c)%25),
			"知识产权归属按揭榜协议约定", trl, trl + 3, g.eligibleJSON, rnd('G', c)%4 == 0, category, fundingCap,
			deadline, published, closed, decided, st, reason, nil, awardedBid, projectID, 1, created, updated, g.liveBids[c]}
	})
}

func (g *generator) bids(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "challenge_id", "organization_id", "created_by", "summary", "approach", "team", "partner_ids",
		"budget", "duration_months", "milestones", "accept_terms", "status", "version", "created_at", "updated_at"}
	// Row j of the bids belongs to the challenge whose offset range holds it.
	c := 0
	return g.nBids, b.write(ctx, "bids", cols, g.nBids, func(j int) []any {
		for g.bidOffset[c+1] <= j {
			c++
		}
		k := j - g.bidOffset[c]
		o := g.bidder(c, k)
		t := g.bidTime(c, k)
		return []any{g.bidID(c, k), g.chID(c), g.orgID(o), g.userID(o), "合成揭榜方案：" + g.title(c),
			"分三阶段完成材料研制、工艺验证与样机测试。", g.teamJSON, g.partnersJSON,
			int64(500_000 * (1 + rnd('B', j)%30)), 12 + int(rnd('T', j)%25), g.milesJSON, true, g.bidStatus(c, k), 1, t, t}
	})
}

var projectStages = []string{"proposal", "research", "research", "research", "validation", "validation", "industrialization", "completed", "rejected", "terminated"}

func (g *generator) projectLead(p int) int {
	if c := g.projectChallenge[p]; c >= 0 {
		return g.bidder(c, 0)
	}
	return g.leads[int(rnd('L', p)%uint64(len(g.leads)))]
}

func (g *generator) projects(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "code", "title", "summary", "category", "field_id", "lead_org_id", "consortium_id", "origin",
		"challenge_id", "stage", "trl", "budget", "version", "created_at", "updated_at"}
	return g.nProj, b.write(ctx, "projects", cols, g.nProj, func(p int) []any {
		t := g.projectCreated(p)
		origin, challengeID, title := "application", any(nil), pick(techWords, 'A', p)+pick(techThings, 'H', p)+"研发及应用"
		if c := g.projectChallenge[p]; c >= 0 {
			origin, challengeID, title = "challenge", g.chID(c), g.title(c)
		}
		stage := projectStages[rnd('S', p)%uint64(len(projectStages))]
		return []any{g.projID(p), fmt.Sprintf("YJ2035-%d-S%06d", t.Year(), p), title, "合成数据：重点研发计划项目。",
			g.cats[int(rnd('c', p)%uint64(len(g.cats)))], g.fields[int(rnd('f', p)%uint64(len(g.fields)))],
			g.orgID(g.projectLead(p)), nil, origin, challengeID, stage, 2 + int(rnd('t', p)%7),
			int64(1_000_000 * (1 + rnd('b', p)%40)), 1, t, t}
	})
}

func (g *generator) members(ctx context.Context, b bulk) (int, error) {
	cols := []string{"project_id", "organization_id", "role", "created_at"}
	n := 2 * g.nProj
	return n, b.write(ctx, "project_members", cols, n, func(j int) []any {
		p, lead := j/2, g.projectLead(j/2)
		if j%2 == 0 {
			return []any{g.projID(p), g.orgID(lead), "lead", g.projectCreated(p)}
		}
		partner := (lead + 1 + int(rnd('P', p)%uint64(g.nOrg-1))) % g.nOrg
		role := "partner"
		if c := g.projectChallenge[p]; c >= 0 {
			partner, role = g.owner(c), "demand_side"
		}
		if partner == lead {
			partner = (lead + 1) % g.nOrg
		}
		return []any{g.projID(p), g.orgID(partner), role, g.projectCreated(p)}
	})
}

func (g *generator) milestones(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "project_id", "title", "due_date", "stage", "deliverable", "status", "version", "created_at", "updated_at"}
	stages := []string{"research", "validation", "industrialization"}
	titles := []string{"完成关键技术攻关", "完成场景验证", "实现产业化应用"}
	n := 3 * g.nProj
	return n, b.write(ctx, "milestones", cols, n, func(j int) []any {
		p, k := j/3, j%3
		t := g.projectCreated(p)
		status := "planned"
		if t.AddDate(0, 12*(k+1), 0).Before(g.now) {
			status = "done"
		}
		return []any{synthID('s', j, t), g.projID(p), titles[k], t.AddDate(0, 12*(k+1), 0).Format("2006-01-02"), stages[k],
			"阶段报告", status, 1, t, t}
	})
}

func (g *generator) kpis(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "project_id", "name", "target", "actual", "target_value", "actual_value", "direction", "unit", "version",
		"created_at", "updated_at"}
	n := 2 * g.nProj
	return n, b.write(ctx, "kpis", cols, n, func(j int) []any {
		p := j / 2
		t := g.projectCreated(p)
		if j%2 == 0 {
			actual := float64(rnd('y', j) % 7)
			return []any{synthID('K', j, t), g.projID(p), "新增发明专利", "5", fmt.Sprint(actual), 5.0, actual, "at_least", "件", 1, t, t}
		}
		return []any{synthID('K', j, t), g.projID(p), "新增销售收入", "5000", "", 5000.0, nil, "at_least", "万元", 1, t, t}
	})
}

func (g *generator) funding(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "project_id", "source", "amount", "status", "matching", "milestone_id", "holder_org_id",
		"converted_from_id", "replaced_at", "version", "created_at", "updated_at"}
	statuses := []string{"planned", "committed", "disbursed"}
	n := 2 * g.nProj
	return n, b.write(ctx, "funding_lines", cols, n, func(j int) []any {
		p := j / 2
		t := g.projectCreated(p)
		source, amount := "municipal", int64(500_000*(1+rnd('a', j)%20))
		if j%2 == 1 {
			source, amount = "enterprise", amount*2
		}
		return []any{synthID('L', j, t), g.projID(p), source, amount, statuses[rnd('z', j)%3], false, nil, nil, nil, nil, 1, t, t}
	})
}

func (g *generator) notifications(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "user_id", "kind", "entity", "entity_id", "message", "data", "read_at", "created_at"}
	return g.nNote, b.write(ctx, "notifications", cols, g.nNote, func(j int) []any {
		u, c := int(rnd('U', j)%uint64(g.nOrg)), int(rnd('N', j)%uint64(g.nCh))
		t := g.at(j, g.nNote)
		var read any
		if rnd('R', j)%10 < 6 {
			read = t.Add(time.Hour)
		}
		return []any{synthID('n', j, t), g.userID(u), "challenge.published", "challenge", g.chID(c),
			"新榜单发布：" + g.title(c), "{}", read, t}
	})
}

// auditRecords continue the sealed chain: the records of the synthetic
// changes, each linked to the one before.
func (g *generator) auditRecords(ctx context.Context, b bulk) (int, error) {
	cols := []string{"id", "seq", "occurred_at", "actor_id", "actor_role", "actor_org", "action", "entity", "entity_id",
		"client_ip", "request_id", "changes", "prev_hash", "hash"}
	actions := []struct{ action, entity string }{
		{"challenge.create", "challenge"}, {"challenge.publish", "challenge"}, {"bid.submit", "bid"}, {"bid.submit", "bid"},
		{"project.create", "project"}, {"milestone.update", "project"}, {"organization.verify", "organization"}, {"kpi.update", "project"},
	}
	return g.nAudit, b.write(ctx, "audit_records", cols, g.nAudit, func(j int) []any {
		a := actions[j%len(actions)]
		u := int(rnd('E', j) % uint64(g.nOrg))
		var entityID string
		switch a.entity {
		case "challenge":
			entityID = g.chID(int(rnd('I', j) % uint64(g.nCh)))
		case "bid":
			c := int(rnd('I', j) % uint64(g.nCh))
			if n := g.bidOffset[c+1] - g.bidOffset[c]; n > 0 {
				entityID = g.bidID(c, int(rnd('J', j)%uint64(n)))
			} else {
				entityID = g.chID(c)
			}
		case "project":
			entityID = g.projID(int(rnd('I', j) % uint64(g.nProj)))
		default:
			entityID = g.orgID(u)
		}
		r := audit.Record{
			ID: g.chainID + int64(j) + 1, OccurredAt: g.at(j, g.nAudit).Truncate(time.Microsecond),
			ActorID: g.userID(u), ActorRole: "enterprise", ActorOrg: g.orgID(u), Action: a.action, Entity: a.entity,
			EntityID: entityID, ClientIP: fmt.Sprintf("10.%d.%d.%d", j>>16&255, j>>8&255, j&255),
			RequestID: synthID('q', j, g.now), Changes: `{"synthetic":true}`,
		}
		r.Seal(g.chainSeq, g.chainHash)
		g.chainSeq, g.chainHash = r.Seq, r.Hash
		return []any{r.ID, r.Seq, r.OccurredAt, r.ActorID, r.ActorRole, r.ActorOrg, r.Action, r.Entity, r.EntityID,
			r.ClientIP, r.RequestID, r.Changes, r.PrevHash, r.Hash}
	})
}
