package apitest

import (
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// ChallengeBody is a complete, valid challenge a draft can be submitted with.
func ChallengeBody(title string) map[string]any {
	return map[string]any{
		"title":   title,
		"problem": "海上风电用高压海缆的绝缘材料在长期运行中出现老化，需要研制新型交联聚乙烯绝缘料。",
		"indicators": []map[string]string{
			{"name": "击穿场强", "target": "≥ 45", "unit": "kV/mm"},
			{"name": "使用寿命", "target": "30", "unit": "年"},
		},
		"deliverables":          "绝缘料配方、中试样品、检测报告",
		"field_id":              "marine_materials",
		"enterprise_commitment": 8_000_000,
		"requested_support":     4_000_000,
		"duration_months":       24,
		"ip_terms":              "成果知识产权归出题企业所有，揭榜方享有署名权；评审材料保密。",
		"trl_start":             3,
		"trl_target":            7,
		"eligible_org_types":    []string{"enterprise", "research_institute", "university"},
		"global":                false,
	}
}

// BidBody is a valid bid.
func BidBody(partners ...string) map[string]any {
	if partners == nil {
		partners = []string{}
	}
	return map[string]any{
		"summary":         "以纳米改性交联聚乙烯提升绝缘性能",
		"approach":        "分子设计 + 中试验证，联合海缆企业开展场景测试。",
		"team":            map[string]any{"lead_scientist": "陈教授", "size": 12},
		"partner_ids":     partners,
		"budget":          9_500_000,
		"duration_months": 24,
		"milestones": []map[string]any{
			{"title": "配方定型", "month": 8, "deliverable": "配方报告"},
			{"title": "中试样品", "month": 18, "deliverable": "样品与检测报告"},
		},
		"accept_terms": true,
	}
}

// ID reads the "id" of a JSON response.
func (r *Response) ID(t interface{ Fatalf(string, ...any) }) string {
	var v struct {
		ID string `json:"id"`
	}
	if err := jsonUnmarshal(r.Body, &v); err != nil || v.ID == "" {
		t.Fatalf("no id in %d response %s", r.Status, r.Body)
	}
	return v.ID
}

// World is a cast plus what the challenge flow needs around it: three more
// experts, in organizations of their own, and the ability to move time.
type World struct {
	*Env
	*Cast
	Experts []*User // Experts[0] is Cast.Expert
	// Extra users the test made, signed in again by Advance too.
	Extra []*User
}

// NewWorld makes the cast and the experts.
func (e *Env) NewWorld() *World {
	c := e.NewCast()
	w := &World{Env: e, Cast: c, Experts: []*User{c.Expert}}
	for i := 0; i < 3; i++ {
		w.Experts = append(w.Experts, e.NewUser(domain.RoleExpert, e.Org(fmt.Sprintf("专家单位%d", i+2), org.TypeResearchInstitute, true)))
	}
	return w
}

func (w *World) users() []*User {
	us := []*User{w.Enterprise, w.EnterpriseOther, w.Institute, w.InstituteOther, w.PM, w.Admin}
	return append(append(us, w.Experts...), w.Extra...)
}

// Advance moves the clock and signs everyone in again (access tokens live 15 minutes).
func (w *World) Advance(d time.Duration) {
	w.Clock.Advance(d)
	for _, u := range w.users() {
		*u = *w.Login(u.Email, u.ID, u.OrgID, u.Role)
	}
}

// Draft creates a complete draft owned by owner.
func (w *World) Draft(owner *User, title string) string {
	w.T.Helper()
	return Expect(w.T, w.Post(owner.Token, "/api/v1/challenges", ChallengeBody(title)), 201).ID(w.T)
}

// Submitted creates a challenge and submits it.
func (w *World) Submitted(owner *User, title string) string {
	w.T.Helper()
	id := w.Draft(owner, title)
	Expect(w.T, w.Post(owner.Token, "/api/v1/challenges/"+id+"/submit", nil), 200)
	return id
}

// Approval is an approval body with a deadline d from now.
func (w *World) Approval(d time.Duration) map[string]any {
	return map[string]any{"category": "key_technology", "funding_cap": 3_000_000,
		"bid_deadline": w.Clock.Now().Add(d).Format(time.RFC3339)}
}

// Published creates a challenge open for bids until d from now.
func (w *World) Published(owner *User, title string, d time.Duration) string {
	w.T.Helper()
	id := w.Submitted(owner, title)
	Expect(w.T, w.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", w.Approval(d)), 200)
	return id
}

// Bid files a bid and returns its id.
func (w *World) Bid(u *User, challengeID string, partners ...string) string {
	w.T.Helper()
	return Expect(w.T, w.Post(u.Token, "/api/v1/challenges/"+challengeID+"/bids", BidBody(partners...)), 201).ID(w.T)
}

// Closed creates a challenge with bids from the bidders whose deadline has passed.
func (w *World) Closed(owner *User, title string, bidders ...*User) (string, []string) {
	w.T.Helper()
	id := w.Published(owner, title, time.Hour)
	var bids []string
	for _, b := range bidders {
		bids = append(bids, w.Bid(b, id))
	}
	w.Advance(time.Hour + time.Second)
	return id, bids
}

// InReview creates a closed challenge and assigns the first three experts.
func (w *World) InReview(owner *User, title string, bidders ...*User) (string, []string) {
	w.T.Helper()
	id, bids := w.Closed(owner, title, bidders...)
	Expect(w.T, w.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
		map[string]any{"user_ids": []string{w.Experts[0].ID, w.Experts[1].ID, w.Experts[2].ID}}), 200)
	return id, bids
}

// Score has expert score every bid with the same marks.
func (w *World) Score(expert *User, bids []string, technical int) {
	w.T.Helper()
	for _, b := range bids {
		Expect(w.T, w.Do(Request{Method: "PUT", Path: "/api/v1/bids/" + b + "/score", Token: expert.Token,
			Body: map[string]any{"technical": technical, "feasibility": 20, "team": 15, "budget": 8, "comment": "可行"}}), 200)
	}
}

// ScoreAndSubmit has the first three experts score the bids of the round
// under review, the first best, and submit.
func (w *World) ScoreAndSubmit(id string, bids []string) {
	w.T.Helper()
	for _, e := range w.Experts[:3] {
		for i, b := range bids {
			Expect(w.T, w.Do(Request{Method: "PUT", Path: "/api/v1/bids/" + b + "/score", Token: e.Token,
				Body: map[string]any{"technical": 35 - 5*i, "feasibility": 25, "team": 15, "budget": 8}}), 200)
		}
		Expect(w.T, w.Post(e.Token, "/api/v1/challenges/"+id+"/scores/submit", nil), 204)
	}
}

// Reviewed creates a challenge whose three experts have all submitted; the
// first bid scores best.
func (w *World) Reviewed(owner *User, title string, bidders ...*User) (string, []string) {
	w.T.Helper()
	id, bids := w.InReview(owner, title, bidders...)
	w.ScoreAndSubmit(id, bids)
	return id, bids
}

// Proposed creates a reviewed challenge with the first bid proposed.
func (w *World) Proposed(owner *User, title string, bidders ...*User) (string, []string) {
	w.T.Helper()
	id, bids := w.Reviewed(owner, title, bidders...)
	Expect(w.T, w.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_id": bids[0]}), 200)
	return id, bids
}

// Awarded creates an awarded challenge and returns it and its project.
func (w *World) Awarded(owner *User, title string, bidders ...*User) (string, string) {
	w.T.Helper()
	id, _ := w.Proposed(owner, title, bidders...)
	var out struct {
		Project struct {
			ID string `json:"id"`
		} `json:"project"`
	}
	Expect(w.T, w.Post(owner.Token, "/api/v1/challenges/"+id+"/award/confirm", nil), 200).JSON(w.T, &out)
	return id, out.Project.ID
}

// ProposalBody is a valid project proposal.
func ProposalBody(title string) map[string]any {
	return map[string]any{"title": title, "summary": "面向港口场景的智能巡检机器人研发与示范。", "category": "application_demo",
		"field_id": "artificial_intelligence", "budget": 12_000_000, "trl": 3}
}

// Proposal creates a proposal led by u's organization.
func (w *World) Proposal(u *User, title string) string {
	w.T.Helper()
	return Expect(w.T, w.Post(u.Token, "/api/v1/projects", ProposalBody(title)), 201).ID(w.T)
}

// Move moves a project as the program manager and returns the response.
func (w *World) Move(id, from, to string, version int, reason, evidence string) *Response {
	return w.Post(w.PM.Token, "/api/v1/projects/"+id+"/transitions", map[string]any{"from": from, "to": to,
		"version": version, "reason": reason, "evidence": evidence})
}

// Version reads a project's version.
func (w *World) Version(id string) int {
	w.T.Helper()
	var p struct {
		Version int `json:"version"`
	}
	Expect(w.T, w.Get(w.PM.Token, "/api/v1/projects/"+id), 200).JSON(w.T, &p)
	return p.Version
}

// Approved creates a proposal by u and approves it into research.
func (w *World) Approved(u *User, title string) string {
	w.T.Helper()
	id := w.Proposal(u, title)
	Expect(w.T, w.Move(id, "proposal", "research", 1, "", "立项评审通过"), 200)
	return id
}

// TwoRounds are review rounds (以赛代评): a first round shortlisting
// shortlist bids (weight 40) and a defence round (weight 60).
func TwoRounds(shortlist int) []map[string]any {
	return []map[string]any{{"name": "初评", "weight": 40, "shortlist": shortlist}, {"name": "答辩", "weight": 60}}
}

// RoundOneReviewed creates a challenge reviewed in two rounds (the first
// shortlisting two bids) whose first round the first three experts have
// scored and submitted; the first bid scores best.
func (w *World) RoundOneReviewed(owner *User, title string, bidders ...*User) (string, []string) {
	w.T.Helper()
	id := w.Submitted(owner, title)
	approval := w.Approval(time.Hour)
	approval["rounds"] = TwoRounds(2)
	Expect(w.T, w.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", approval), 200)
	var bids []string
	for _, b := range bidders {
		bids = append(bids, w.Bid(b, id))
	}
	w.Advance(time.Hour + time.Second)
	Expect(w.T, w.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
		map[string]any{"user_ids": []string{w.Experts[0].ID, w.Experts[1].ID, w.Experts[2].ID}}), 200)
	w.ScoreAndSubmit(id, bids)
	return id, bids
}
