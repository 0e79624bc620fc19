package handlers_test

import (
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestDetectedConflicts: an expert is refused, naming the tie, when the
// expert's organization shares a consortium with the owner, a bidder or a
// partner, or shared a project with one of them that was active in the last
// three years; a dissolved consortium or a project ended four years ago is no tie.
func TestDetectedConflicts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		g := db.Gorm()
		now := env.Clock.Now()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		expertOf := func(name string) (*at.User, string) {
			o := env.Org(name, org.TypeResearchInstitute, true)
			return env.NewUser(domain.RoleExpert, o), o
		}
		// A consortium (active, or dissolved) of an expert's organization and the owner.
		consortium := func(name, status, a, b string) {
			id := domain.NewID()
			must(g.Exec(`INSERT INTO consortia (id, name, model, lead_org_id, status, version, created_at, updated_at)
				VALUES (?, ?, 'task_oriented', ?, ?, 1, ?, ?)`, id, name, a, status, now, now).Error)
			for i, o := range []string{a, b} {
				role := []string{"lead", "research"}[i]
				must(g.Exec(`INSERT INTO consortium_members (id, consortium_id, organization_id, role, status, invited_at, joined_at, version, created_at, updated_at)
					VALUES (?, ?, ?, ?, 'active', ?, ?, 1, ?, ?)`, domain.NewID(), id, o, role, now, now, now, now).Error)
			}
		}
		// A project of the bidder (w.Institute) with the expert's organization
		// as a partner, ended ended ago (0: under way).
		project := func(title string, partner string, ended time.Duration) {
			id := w.Approved(w.Institute, title)
			at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+id+"/members", map[string]any{"organization_id": partner, "role": "partner"}), 201)
			if ended > 0 {
				must(g.Exec(`UPDATE projects SET stage = 'completed' WHERE id = ?`, id).Error)
				must(g.Exec(`INSERT INTO project_stage_history (id, project_id, from_stage, to_stage, actor_id, occurred_at)
					VALUES (?, ?, 'industrialization', 'completed', ?, ?)`, domain.NewID(), id, w.PM.ID, now.Add(-ended)).Error)
			}
		}
		inConsortium, cOrg := expertOf("联合体关联研究院")
		consortium("甬江新材料创新联合体", "active", cOrg, w.Enterprise.OrgID)
		inProject, pOrg := expertOf("在研项目合作研究院")
		project("在研合作项目", pOrg, 0)
		recent, rOrg := expertOf("近期合作研究院")
		project("两年前结题项目", rOrg, 2*365*24*time.Hour)
		old, oOrg := expertOf("早年合作研究院")
		project("四年前结题项目", oOrg, 4*365*24*time.Hour)
		dissolved, dOrg := expertOf("已解散联合体研究院")
		consortium("已解散的联合体", "dissolved", dOrg, w.Enterprise.OrgID)

		c, _ := w.Closed(w.Enterprise, "利益冲突检测榜单", w.Institute)
		r := at.Expect(t, env.Do(at.Request{Method: "POST", Path: "/api/v1/challenges/" + c + "/reviewers", Token: w.PM.Token,
			Headers: map[string]string{"Accept-Language": "zh-CN"},
			Body:    map[string]any{"user_ids": []string{inConsortium.ID, inProject.ID, recent.ID, old.ID, dissolved.ID}}}), 422)
		body := string(r.Body)
		for _, want := range []string{`"field":"user_ids[0]"`, "创新联合体「甬江新材料创新联合体」", `"field":"user_ids[1]"`, "在研合作项目",
			`"field":"user_ids[2]"`, "两年前结题项目", "review.conflict_consortium", "review.conflict_project"} {
			if !strings.Contains(body, want) {
				t.Errorf("the refusal does not say %s: %s", want, body)
			}
		}
		for _, no := range []string{`"field":"user_ids[3]"`, `"field":"user_ids[4]"`} {
			if strings.Contains(body, no) {
				t.Errorf("a project ended four years ago or a dissolved consortium is taken for a tie: %s", body)
			}
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+c+"/reviewers",
			map[string]any{"user_ids": []string{old.ID, dissolved.ID, w.Experts[0].ID}}), 200)
	})
}

// TestForeignPartner: a challenge for Chinese organizations only takes no
// foreign partner either (422 naming the partner); a global one does.
func TestForeignPartner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		foreign := env.Org("Fraunhofer-Partner", org.TypeResearchInstitute, true)
		if err := db.Gorm().Exec("UPDATE organizations SET country = 'DE', credit_code = '' WHERE id = ?", foreign).Error; err != nil {
			t.Fatal(err)
		}
		c := w.Published(w.Enterprise, "境内揭榜", 48*time.Hour)
		r := at.Expect(t, env.Post(w.Institute.Token, "/api/v1/challenges/"+c+"/bids", at.BidBody(w.InstituteOther.OrgID, foreign)), 422)
		if !strings.Contains(string(r.Body), `"field":"partner_ids[1]"`) || !strings.Contains(string(r.Body), "bid.partner_foreign") ||
			strings.Contains(string(r.Body), `"field":"partner_ids[0]"`) {
			t.Fatalf("a foreign partner on a domestic challenge: %s", r.Body)
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/challenges/"+c+"/bids", at.BidBody(w.InstituteOther.OrgID)), 201)
	})
}
