package handlers_test

import (
	"encoding/json"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestResponsesNameTheirOrganizations: wherever a response refers to an
// organization by id it also gives its name, so no page has to look names up
// (the web app used to fetch the first 100 organizations and show a bare id
// for the 101st).
func TestResponsesNameTheirOrganizations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		name := func(orgID string) string {
			var o struct {
				Name string `json:"name"`
			}
			at.Expect(t, env.Get(w.Admin.Token, "/api/v1/organizations/"+orgID), 200).JSON(t, &o)
			if o.Name == "" {
				t.Fatalf("organization %s has no name", orgID)
			}
			return o.Name
		}
		institute, enterprise, other := name(w.Institute.OrgID), name(w.Enterprise.OrgID), name(w.InstituteOther.OrgID)
		get := func(u *at.User, path string) map[string]any {
			var v map[string]any
			at.Expect(t, env.Get(u.Token, path), 200).JSON(t, &v)
			return v
		}
		first := func(v map[string]any) map[string]any {
			items, _ := v["items"].([]any)
			if len(items) == 0 {
				t.Fatalf("empty list: %v", v)
			}
			return items[0].(map[string]any)
		}
		want := func(where string, got any, name string) {
			t.Helper()
			if got != name {
				t.Errorf("%s: got %v, want %q", where, got, name)
			}
		}

		// A bid with a partner, then an awarded project led by the institute.
		challengeID, projectID := w.Awarded(w.Enterprise, "命名挑战", w.Institute)
		ranked := first(get(w.PM, "/api/v1/challenges/"+challengeID+"/ranking"))
		want("ranking organization_name", ranked["organization_name"], institute)
		pub := w.Published(w.Enterprise, "合作方命名挑战", 72*time.Hour)
		w.Bid(w.Institute, pub, w.InstituteOther.OrgID)
		own := first(get(w.Institute, "/api/v1/bids"))
		want("own bid organization_name", own["organization_name"], institute)
		if b, _ := json.Marshal(own["partner_names"]); string(b) != `["`+other+`"]` {
			t.Errorf("own bid partner_names = %s, want [%q]", b, other)
		}

		p := get(w.Institute, "/api/v1/projects/"+projectID)
		want("project lead_name", p["lead_name"], institute)
		members := p["members"].([]any)
		for _, m := range members {
			m := m.(map[string]any)
			want("project member "+m["role"].(string), m["organization_name"], name(m["organization_id"].(string)))
		}
		want("project list lead_name", first(get(w.PM, "/api/v1/projects?q=命名挑战"))["lead_name"], institute)
		want("member list", first(get(w.PM, "/api/v1/projects/"+projectID+"/members"))["organization_name"],
			name(first(get(w.PM, "/api/v1/projects/"+projectID+"/members"))["organization_id"].(string)))

		// A consortium and its invitation.
		var c struct {
			ID string `json:"id"`
		}
		cr := at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia", consortiumBody("task_oriented")), 201)
		cr.JSON(t, &c)
		var cv map[string]any
		cr.JSON(t, &cv)
		want("consortium lead_name", cv["lead_name"], enterprise)
		inv := map[string]any{}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia/"+c.ID+"/invitations",
			map[string]any{"organization_id": w.Institute.OrgID, "role": "research"}), 201).JSON(t, &inv)
		want("invitation organization_name", inv["organization_name"], institute)

		// A scenario offered by the enterprise.
		var sv map[string]any
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/scenarios", scenarioBody()), 201).JSON(t, &sv)
		want("scenario provider_name", sv["provider_name"], enterprise)

		// Users, for the admin.
		want("user organization_name", first(get(w.Admin, "/api/v1/users?q="+w.Institute.Email))["organization_name"], institute)
	})
}

// TestOrganizationsByStatus: the organization pickers ask for verified
// organizations only; an admin's list filters either way; a caller who sees
// only verified organizations cannot list pending ones by asking.
func TestOrganizationsByStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		c := env.NewCast()
		pending := env.Org("待审单位", org.TypeEnterprise, false)
		ids := func(u *at.User, query string) map[string]string {
			var v struct {
				Items []struct{ ID, Status string } `json:"items"`
			}
			at.Expect(t, env.Get(u.Token, "/api/v1/organizations?limit=100&"+query), 200).JSON(t, &v)
			out := map[string]string{}
			for _, o := range v.Items {
				out[o.ID] = o.Status
			}
			return out
		}
		if got := ids(c.Admin, "status=pending"); got[pending] != "pending" || got[c.Institute.OrgID] != "" {
			t.Errorf("admin, pending: %v", got)
		}
		if got := ids(c.Admin, "status=verified"); got[pending] != "" || got[c.Institute.OrgID] != "verified" {
			t.Errorf("admin, verified: %v", got)
		}
		if got := ids(c.Admin, ""); got[pending] != "pending" || got[c.Institute.OrgID] != "verified" {
			t.Errorf("admin, any: %v", got)
		}
		if got := ids(c.Institute, "status=pending"); len(got) == 0 || got[pending] != "" {
			t.Errorf("institute asking for pending got %v", got)
		}
		at.Expect(t, env.Get(c.Admin.Token, "/api/v1/organizations?status=nope"), 400)
	})
}
