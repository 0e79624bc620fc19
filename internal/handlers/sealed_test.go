package handlers_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestSealedBids: before the deadline a bid exists only for its own
// organization. Everyone else gets the same 404 as for a bid that does not
// exist, finds nothing of it in any list, and the owner and program managers
// see only the count.
func TestSealedBids(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := newFixture(env)
		w := f.w
		chID := w.Published(w.Enterprise, "密封揭榜测试", 72*time.Hour)
		bidID := w.Bid(w.Institute, chID, w.InstituteOther.OrgID) // the other institute is a partner
		secret := "以纳米改性交联聚乙烯提升绝缘性能"                              // from the bid's summary
		missing := "01a1fe00-0000-7000-8000-000000000000"

		for _, p := range personas {
			if p == Institute {
				continue
			}
			u := f.user(p)
			token := ""
			if u != nil {
				token = u.Token
			}
			check := func(what string, r *at.Response) {
				t.Helper()
				if strings.Contains(string(r.Body), bidID) || strings.Contains(string(r.Body), secret) {
					t.Errorf("%s as %s leaks the sealed bid: %s", what, p, truncate(r.Body))
				}
			}
			// Every request about the bid answers exactly as for a bid that does not exist.
			for _, r := range []at.Request{
				{Method: http.MethodGet, Path: "/api/v1/bids/{id}"},
				{Method: http.MethodPatch, Path: "/api/v1/bids/{id}", Body: map[string]any{"budget": 1}},
				{Method: http.MethodPost, Path: "/api/v1/bids/{id}/withdraw"},
				{Method: http.MethodPut, Path: "/api/v1/bids/{id}/score", Body: map[string]any{"technical": 1, "feasibility": 1, "team": 1, "budget": 1}},
			} {
				r.Token = token
				sealed, absent := r, r
				sealed.Path = strings.Replace(r.Path, "{id}", bidID, 1)
				absent.Path = strings.Replace(r.Path, "{id}", missing, 1)
				a, b := env.Do(sealed), env.Do(absent)
				if a.Status != b.Status || comparable(a.Body, bidID) != comparable(b.Body, missing) {
					t.Errorf("%s %s as %s: sealed bid answers %d %s, a missing bid %d %s", r.Method, r.Path, p,
						a.Status, truncate(a.Body), b.Status, truncate(b.Body))
				}
				if a.Status < 400 || strings.Contains(string(a.Body), secret) {
					t.Errorf("%s %s as %s reached the sealed bid", r.Method, r.Path, p)
				}
			}
			// Lists.
			if token != "" {
				list := at.Expect(t, env.Get(token, "/api/v1/challenges/"+chID+"/bids"), 200)
				if n := len(list.Map(t)["items"].([]any)); n != 0 {
					t.Errorf("bid list as %s has %d items", p, n)
				}
				check("bid list", list)
			}
			for _, path := range []string{"/api/v1/challenges/" + chID, "/api/v1/challenges?limit=100", "/api/v1/challenges?mine=true",
				"/api/v1/challenges/" + chID + "/questions", "/api/v1/notifications", "/api/v1/reviews", "/api/v1/audit?limit=100",
				"/api/v1/audit?entity=bid", "/api/v1/audit?entity_id=" + bidID} {
				r := env.Get(token, path)
				check("GET "+path, r)
				if r.Status >= 500 {
					t.Errorf("GET %s as %s: %d", path, p, r.Status)
				}
			}
			// The count: owner and program managers only.
			ch := env.Get(token, "/api/v1/challenges/"+chID).Map(t)
			count, hasCount := ch["bid_count"]
			switch p {
			case Enterprise, PM:
				if !hasCount || count.(float64) != 1 {
					t.Errorf("%s should see bid_count 1, got %v", p, ch["bid_count"])
				}
			default:
				if hasCount {
					t.Errorf("%s sees bid_count", p)
				}
			}
		}

		// The bidder itself sees it.
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids/"+bidID), 200)
		// After the deadline the owner, program managers and (assigned) experts may read it; others still not.
		w.Advance(73 * time.Hour)
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/bids/"+bidID), 200)
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/bids/"+bidID), 200)
		at.Expect(t, env.Get(w.Expert.Token, "/api/v1/bids/"+bidID), 404)
		at.Expect(t, env.Get(w.EnterpriseOther.Token, "/api/v1/bids/"+bidID), 404)
		at.Expect(t, env.Get(w.InstituteOther.Token, "/api/v1/bids/"+bidID), 404)
		if !strings.Contains(string(env.Get(w.PM.Token, "/api/v1/audit?entity=bid").Body), bidID) {
			t.Error("after the deadline the bid's audit records should be listed")
		}
	})
}

// comparable is a problem body without what differs between any two
// requests: the request id, and the id the caller sent.
func comparable(body []byte, id string) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return string(body)
	}
	delete(m, "request_id")
	b, _ := json.Marshal(m)
	return strings.ReplaceAll(string(b), id, "{id}")
}
