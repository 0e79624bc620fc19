package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type suggestionJSON struct {
	OrganizationID string `json:"organization_id"`
	UserID         string `json:"user_id"`
	Score          int    `json:"score"`
	Open           int    `json:"open_assignments"`
	Reasons        []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"reasons"`
}

func suggestionIDs(ss []suggestionJSON) []string {
	var out []string
	for _, s := range ss {
		id := s.UserID // an expert (its organization_id is the expert's organization)
		if id == "" {
			id = s.OrganizationID
		}
		out = append(out, id)
	}
	return out
}

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

// TestCapabilitiesAndExpertise: organizations declare their fields, experts
// their expertise; only they (and admins) may; unknown fields are named.
func TestCapabilitiesAndExpertise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		path := "/api/v1/organizations/" + w.Institute.OrgID + "/capabilities"
		var got struct {
			FieldIDs []string `json:"field_ids"`
		}
		at.Expect(t, env.Put(w.Institute.Token, path, map[string]any{"field_ids": []string{"marine_materials", "chips", "chips"}}), 200).JSON(t, &got)
		if strings.Join(got.FieldIDs, ",") != "chips,marine_materials" {
			t.Fatalf("capabilities %v", got.FieldIDs)
		}
		at.Expect(t, env.Get(w.Enterprise.Token, path), 200).JSON(t, &got)
		if len(got.FieldIDs) != 2 {
			t.Fatalf("read back %v", got.FieldIDs)
		}
		at.Expect(t, env.Put(w.InstituteOther.Token, path, map[string]any{"field_ids": []string{"chips"}}), 403)
		at.Expect(t, env.Put(w.Admin.Token, path, map[string]any{"field_ids": []string{"chips"}}), 200)
		r := at.Expect(t, env.Put(w.Institute.Token, path, map[string]any{"field_ids": []string{"alchemy"}}), 422)
		if !strings.Contains(string(r.Body), `"field":"field_ids[0]"`) {
			t.Fatalf("unknown field: %s", r.Body)
		}
		many := make([]string, 21)
		for i := range many {
			many[i] = "chips"
		}
		at.Expect(t, env.Put(w.Institute.Token, path, map[string]any{"field_ids": many}), 422)

		e := "/api/v1/users/" + w.Expert.ID + "/expertise"
		at.Expect(t, env.Put(w.Expert.Token, e, map[string]any{"field_ids": []string{"marine_materials"}}), 200)
		at.Expect(t, env.Put(w.Experts[1].Token, e, map[string]any{"field_ids": []string{"chips"}}), 403)
		at.Expect(t, env.Put(w.Admin.Token, e, map[string]any{"field_ids": []string{"chips", "marine_materials"}}), 200)
		at.Expect(t, env.Get(w.PM.Token, e), 200).JSON(t, &got)
		if len(got.FieldIDs) != 2 {
			t.Fatalf("expertise %v", got.FieldIDs)
		}
		at.Expect(t, env.Get(w.Experts[1].Token, e), 404)
		at.Expect(t, env.Put(w.Admin.Token, "/api/v1/users/"+w.PM.ID+"/expertise", map[string]any{"field_ids": []string{"chips"}}), 422)
		if env.AuditCount("organization.capabilities") != 2 || env.AuditCount("user.expertise") != 2 {
			t.Fatal("declarations are not audited")
		}
	})
}

// TestSuggestions: a published challenge (marine materials) suggests
// organizations by field match then record, never the owner or one the
// challenge does not admit, and never tells a sealed bid; it suggests
// experts by expertise and load, leaving out the conflicted and the assigned.
func TestSuggestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		declares := func(name string, typ org.Type, fields ...string) (*at.User, string) {
			id := env.Org(name, typ, true)
			role := domain.RoleInstitute
			if typ == org.TypeEnterprise {
				role = domain.RoleEnterprise
			}
			u := env.NewUser(role, id)
			at.Expect(t, env.Put(u.Token, "/api/v1/organizations/"+id+"/capabilities", map[string]any{"field_ids": fields}), 200)
			return u, id
		}
		_, field := declares("海洋材料研究院", org.TypeResearchInstitute, "marine_materials")
		_, highland := declares("稀土材料研究院", org.TypeResearchInstitute, "rare_earth_materials")
		_, other := declares("芯片设计公司", org.TypeEnterprise, "chips")
		foreign := env.Org("Ocean Materials Lab", org.TypeResearchInstitute, true)
		if err := db.Gorm().Exec("UPDATE organizations SET country = 'DE', credit_code = '' WHERE id = ?", foreign).Error; err != nil {
			t.Fatal(err)
		}
		fu := env.NewUser(domain.RoleInstitute, foreign)
		at.Expect(t, env.Put(fu.Token, "/api/v1/organizations/"+foreign+"/capabilities", map[string]any{"field_ids": []string{"marine_materials"}}), 200)
		at.Expect(t, env.Put(w.Enterprise.Token, "/api/v1/organizations/"+w.Enterprise.OrgID+"/capabilities",
			map[string]any{"field_ids": []string{"marine_materials"}}), 200)
		bidder, bidderOrg := declares("海工装备研究院", org.TypeResearchInstitute, "marine_materials")
		// A record in the field: a project of the Institute's, moved to marine materials.
		pid := w.Approved(w.Institute, "海洋防腐涂层项目")
		if err := db.Gorm().Exec("UPDATE projects SET field_id = 'marine_materials' WHERE id = ?", pid).Error; err != nil {
			t.Fatal(err)
		}

		c := w.Published(w.Enterprise, "海洋新材料揭榜", 48*time.Hour)
		at.Expect(t, env.Post(bidder.Token, "/api/v1/challenges/"+c+"/bids", at.BidBody()), 201)
		orgs := func(token string) []string {
			return suggestionIDs(items[suggestionJSON](t, at.Expect(t, env.Get(token, "/api/v1/challenges/"+c+"/suggested-organizations"), 200)))
		}
		ids := orgs(w.Enterprise.Token)
		for name, id := range map[string]string{"the field": field, "the highland": highland, "the record": w.Institute.OrgID, "the sealed bidder": bidderOrg} {
			if indexOf(ids, id) < 0 {
				t.Errorf("%s is not suggested: %v", name, ids)
			}
		}
		for name, id := range map[string]string{"the owner": w.Enterprise.OrgID, "another field": other, "a foreign organization on a domestic challenge": foreign} {
			if indexOf(ids, id) >= 0 {
				t.Errorf("%s is suggested: %v", name, ids)
			}
		}
		if indexOf(ids, field) > indexOf(ids, highland) || indexOf(ids, highland) > indexOf(ids, w.Institute.OrgID) {
			t.Errorf("the field before the highland before a record alone: %v", ids)
		}
		// The sealed bidder looks like any other organization of its field: same score and reasons as "the field".
		all := items[suggestionJSON](t, at.Expect(t, env.Get(w.PM.Token, "/api/v1/challenges/"+c+"/suggested-organizations"), 200))
		var a, b suggestionJSON
		for _, s := range all {
			switch s.OrganizationID {
			case field:
				a = s
			case bidderOrg:
				b = s
			}
		}
		if a.Score != b.Score || fmt.Sprint(a.Reasons) != fmt.Sprint(b.Reasons) {
			t.Fatalf("a sealed bidder differs from its peer: %+v vs %+v", b, a)
		}
		at.Expect(t, env.Get(w.EnterpriseOther.Token, "/api/v1/challenges/"+c+"/suggested-organizations"), 403)
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/challenges/"+c+"/suggested-organizations"), 403)
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/challenges/"+c+"/suggested-experts"), 403)
		draft := w.Draft(w.Enterprise, "未发布的榜单")
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/challenges/"+draft+"/suggested-organizations"), 409)

		// Experts: the field before the highland, fewer open reviews first; the
		// owner's own, one tied to the owner by a consortium and the assigned are left out.
		expert := func(name, orgID string, fields ...string) *at.User {
			if orgID == "" {
				orgID = env.Org(name, org.TypeResearchInstitute, true)
			}
			u := env.NewUser(domain.RoleExpert, orgID)
			at.Expect(t, env.Put(u.Token, "/api/v1/users/"+u.ID+"/expertise", map[string]any{"field_ids": fields}), 200)
			return u
		}
		inField := expert("领域专家单位", "", "marine_materials")
		inHighland := expert("高地专家单位", "", "frontier_materials")
		busy := expert("繁忙专家单位", "", "marine_materials")
		owners := expert("", w.Enterprise.OrgID, "marine_materials")
		tiedOrg := env.Org("联合体专家单位", org.TypeResearchInstitute, true)
		tied := expert("", tiedOrg, "marine_materials")
		now := env.Clock.Now()
		cid := domain.NewID()
		g := db.Gorm()
		if err := g.Exec(`INSERT INTO consortia (id, name, model, lead_org_id, status, version, created_at, updated_at)
			VALUES (?, '海洋联合体', 'task_oriented', ?, 'active', 1, ?, ?)`, cid, tiedOrg, now, now).Error; err != nil {
			t.Fatal(err)
		}
		for _, o := range []string{tiedOrg, w.Enterprise.OrgID} {
			if err := g.Exec(`INSERT INTO consortium_members (id, consortium_id, organization_id, role, status, invited_at, version, created_at, updated_at)
				VALUES (?, ?, ?, 'research', 'active', ?, 1, ?, ?)`, domain.NewID(), cid, o, now, now, now).Error; err != nil {
				t.Fatal(err)
			}
		}
		// busy has one open review on another challenge in review.
		other2, _ := w.Closed(w.EnterpriseOther, "另一个榜单", w.InstituteOther)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+other2+"/reviewers",
			map[string]any{"user_ids": []string{busy.ID, w.Experts[1].ID, w.Experts[2].ID}}), 200)
		experts := func() []suggestionJSON {
			return items[suggestionJSON](t, at.Expect(t, env.Get(w.PM.Token, "/api/v1/challenges/"+c+"/suggested-experts"), 200))
		}
		ex := experts()
		eids := suggestionIDs(ex)
		if indexOf(eids, inField.ID) != 0 || indexOf(eids, busy.ID) != 1 || indexOf(eids, inHighland.ID) != 2 || len(eids) != 3 {
			t.Fatalf("experts %v (want %s, %s, %s)", eids, inField.ID, busy.ID, inHighland.ID)
		}
		if ex[1].Open != 1 || indexOf(eids, owners.ID) >= 0 || indexOf(eids, tied.ID) >= 0 {
			t.Fatalf("experts %+v", ex)
		}
		// After the deadline: the bidder is left out of the organizations; an
		// expert of the bidder's organization is left out of the experts.
		ofBidder := expert("", bidderOrg, "marine_materials")
		w.Advance(49 * time.Hour)
		tok := env.Login(w.PM.Email, w.PM.ID, w.PM.OrgID, w.PM.Role).Token
		ids = suggestionIDs(items[suggestionJSON](t, at.Expect(t, env.Get(tok, "/api/v1/challenges/"+c+"/suggested-organizations"), 200)))
		if indexOf(ids, bidderOrg) >= 0 || indexOf(ids, field) < 0 {
			t.Fatalf("after the deadline: %v", ids)
		}
		eids = suggestionIDs(items[suggestionJSON](t, at.Expect(t, env.Get(tok, "/api/v1/challenges/"+c+"/suggested-experts"), 200)))
		if indexOf(eids, ofBidder.ID) >= 0 {
			t.Fatalf("an expert of a bidder is suggested: %v", eids)
		}
	})
}
