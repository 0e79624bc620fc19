package handlers_test

import (
	"fmt"
	"net/http"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

func consortiumBody(model string) map[string]any {
	return map[string]any{"name": "甬江新材料创新联合体", "model": model, "field_id": "new_materials", "description": "上下游协同攻关"}
}

func TestConsortiumFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		lead := w.Enterprise
		var c struct {
			ID, Status string
			Version    int
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/consortia", consortiumBody("equity_linked")), 403)
		at.Expect(t, env.Post(lead.Token, "/api/v1/consortia", consortiumBody("equity_linked")), 201).JSON(t, &c)
		if c.Status != "forming" {
			t.Fatalf("new consortium = %+v", c)
		}
		invite := func(u *at.User, role string, share any) *at.Response {
			body := map[string]any{"organization_id": u.OrgID, "role": role}
			if share != nil {
				body["equity_share"] = share
			}
			return env.Post(lead.Token, "/api/v1/consortia/"+c.ID+"/invitations", body)
		}
		at.Expect(t, invite(w.Institute, "research", nil), 422)     // equity-linked needs a share
		at.Expect(t, invite(w.Institute, "research", 100.001), 422) // more than two decimals / over 100
		at.Expect(t, invite(w.Institute, "king", 10), 422)          // no such role
		at.Expect(t, invite(lead, "upstream", 10), 422)             // the lead is a member already
		var inv1, inv2, inv3 struct{ ID string }
		at.Expect(t, invite(w.Institute, "research", 40), 201).JSON(t, &inv1)
		at.Expect(t, invite(w.Institute, "research", 10), 409) // invited twice
		at.Expect(t, invite(w.InstituteOther, "university", 30.5), 201).JSON(t, &inv2)
		at.Expect(t, invite(w.EnterpriseOther, "downstream", 40), 201).JSON(t, &inv3)
		at.Expect(t, env.Post(w.EnterpriseOther.Token, "/api/v1/consortia/"+c.ID+"/invitations",
			map[string]any{"organization_id": w.Institute.OrgID, "role": "research", "equity_share": 1}), 403) // not the lead

		// Invitations are the invited organization's to answer.
		var mine struct {
			Items []struct {
				ID             string
				ConsortiumName string `json:"consortium_name"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/invitations"), 200).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].ID != inv1.ID || mine.Items[0].ConsortiumName != "甬江新材料创新联合体" {
			t.Fatalf("institute's invitations = %+v", mine)
		}
		at.Expect(t, env.Post(w.InstituteOther.Token, "/api/v1/invitations/"+inv1.ID+"/accept", nil), 404)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/invitations/"+inv1.ID+"/accept", nil), 200)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/invitations/"+inv1.ID+"/accept", nil), 409)
		at.Expect(t, env.Post(w.InstituteOther.Token, "/api/v1/invitations/"+inv2.ID+"/accept", nil), 200)
		// 40 + 30.5 + 40 > 100: refused, the message says so.
		r := at.Expect(t, env.Post(w.EnterpriseOther.Token, "/api/v1/invitations/"+inv3.ID+"/accept", nil), 422)
		if !contains(r.Body, "100%") {
			t.Fatalf("equity refusal: %s", r.Body)
		}
		at.Expect(t, env.Post(w.EnterpriseOther.Token, "/api/v1/invitations/"+inv3.ID+"/decline", nil), 200)

		// Approval, leaving, removal.
		at.Expect(t, env.Post(lead.Token, "/api/v1/consortia/"+c.ID+"/approve", nil), 403)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/consortia/"+c.ID+"/approve", nil), 200).JSON(t, &c)
		if c.Status != "active" {
			t.Fatalf("approved = %+v", c)
		}
		at.Expect(t, env.Post(w.InstituteOther.Token, "/api/v1/consortia/"+c.ID+"/leave", nil), 200)
		at.Expect(t, env.Post(lead.Token, "/api/v1/consortia/"+c.ID+"/leave", nil), 409)
		at.Expect(t, env.Do(at.Request{Method: http.MethodDelete, Path: "/api/v1/consortia/" + c.ID + "/members/" + lead.OrgID, Token: lead.Token}), 409)
		at.Expect(t, env.Do(at.Request{Method: http.MethodDelete, Path: "/api/v1/consortia/" + c.ID + "/members/" + w.Institute.OrgID, Token: w.EnterpriseOther.Token}), 403)

		// A project carried out by the consortium (before the institute is removed).
		body := at.ProposalBody("联合体攻关项目")
		body["consortium_id"] = c.ID
		var p struct{ ID, Origin string }
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects", body), 201).JSON(t, &p)
		if p.Origin != "consortium" {
			t.Fatalf("origin = %s", p.Origin)
		}
		at.Expect(t, env.Post(w.InstituteOther.Token, "/api/v1/projects", body), 422) // left: no longer a member
		var listed struct {
			Items []struct{ ID string } `json:"items"`
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects?consortium_id="+c.ID), 200).JSON(t, &listed)
		if len(listed.Items) != 1 || listed.Items[0].ID != p.ID {
			t.Fatalf("projects of the consortium = %+v", listed)
		}

		at.Expect(t, env.Do(at.Request{Method: http.MethodDelete, Path: "/api/v1/consortia/" + c.ID + "/members/" + w.Institute.OrgID, Token: lead.Token}), 200)

		// History: every membership with its end.
		var hist struct {
			Items []struct {
				OrganizationID string   `json:"organization_id"`
				Status         string   `json:"status"`
				EquityShare    *float64 `json:"equity_share"`
				JoinedAt       *string  `json:"joined_at"`
				EndedAt        *string  `json:"ended_at"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(w.Expert.Token, "/api/v1/consortia/"+c.ID+"/members?history=true"), 200).JSON(t, &hist)
		got := map[string]string{}
		for _, m := range hist.Items {
			got[m.OrganizationID] = m.Status
			if (m.Status == "left" || m.Status == "removed") && (m.JoinedAt == nil || m.EndedAt == nil) {
				t.Fatalf("history without dates: %+v", m)
			}
		}
		want := map[string]string{lead.OrgID: "active", w.Institute.OrgID: "removed", w.InstituteOther.OrgID: "left", w.EnterpriseOther.OrgID: "declined"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("history = %v, want %v", got, want)
		}
		var current struct {
			Items []any `json:"items"`
		}
		at.Expect(t, env.Get(w.Expert.Token, "/api/v1/consortia/"+c.ID+"/members"), 200).JSON(t, &current)
		if len(current.Items) != 1 {
			t.Fatalf("current members = %d, want the lead only", len(current.Items))
		}
		// Models without equity refuse shares; dissolution by the lead.
		var c2 struct{ ID string }
		at.Expect(t, env.Post(lead.Token, "/api/v1/consortia", consortiumBody("task_oriented")), 201).JSON(t, &c2)
		at.Expect(t, env.Post(lead.Token, "/api/v1/consortia/"+c2.ID+"/invitations",
			map[string]any{"organization_id": w.Institute.OrgID, "role": "research", "equity_share": 10}), 422)
		at.Expect(t, env.Post(lead.Token, "/api/v1/consortia/"+c.ID+"/dissolve", nil), 200)
		at.Expect(t, env.Post(lead.Token, "/api/v1/consortia/"+c.ID+"/dissolve", nil), 409)
		for _, a := range []string{"consortium.create", "consortium.invite", "consortium.accept", "consortium.decline",
			"consortium.approve", "consortium.leave", "consortium.remove", "consortium.dissolve"} {
			if env.AuditCount(a) == 0 {
				t.Errorf("no audit record for %s", a)
			}
		}
	})
}

func contains(b []byte, s string) bool { return len(s) == 0 || stringsContains(string(b), s) }

// TestConsortiumEquityRace: ten invitations of 15% each accepted at once;
// the shares never exceed 100% in total.
func TestConsortiumEquityRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		var c struct{ ID string }
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia", consortiumBody("equity_linked")), 201).JSON(t, &c)
		var users []*at.User
		var invites []string
		for i := 0; i < 10; i++ {
			u := env.NewUser(domain.RoleInstitute, env.Org(fmt.Sprintf("股东单位%d", i), org.TypeResearchInstitute, true))
			users = append(users, u)
			invites = append(invites, at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia/"+c.ID+"/invitations",
				map[string]any{"organization_id": u.OrgID, "role": "research", "equity_share": 15}), 201).ID(t))
		}
		got := race(env, 10, func(i int) at.Request {
			return at.Request{Method: http.MethodPost, Path: "/api/v1/invitations/" + invites[i] + "/accept", Token: users[i].Token}
		})
		if got[200] != 6 || got[422] != 4 {
			t.Fatalf("statuses = %v, want six acceptances (90%%) and four refusals", got)
		}
		var total int64
		if err := db.Gorm().Table("consortium_members").Where("consortium_id = ? AND status = 'active'", c.ID).
			Select("COALESCE(SUM(equity_bp), 0)").Scan(&total).Error; err != nil {
			t.Fatal(err)
		}
		if total > 10000 || total != 9000 {
			t.Fatalf("active equity = %d basis points", total)
		}
	})
}
