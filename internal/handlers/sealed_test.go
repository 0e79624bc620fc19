package handlers_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
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
		// A partner the bid names (联合揭榜) reads it, as its own organization does.
		partner := env.NewUser(domain.RoleInstitute, env.Org("联合揭榜合作单位", org.TypeUniversity, true))
		w.Extra = append(w.Extra, partner)
		bidID := w.Bid(w.Institute, chID, partner.OrgID)
		secret := "以纳米改性交联聚乙烯提升绝缘性能" // from the bid's summary
		// The bid's documents are sealed with it, in the audit trail too: the
		// upload record names the bid as its parent (outside review, finding 1).
		at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/bids/"+bidID+"/documents", "密封技术方案.pdf", "proposal", at.PDF), 201)
		for _, u := range []*at.User{w.PM, w.Admin} {
			r := at.Expect(t, env.Get(u.Token, "/api/v1/audit?entity=document"), 200)
			if strings.Contains(string(r.Body), "密封技术方案") {
				t.Errorf("the audit trail shows the sealed bid's document: %s", truncate(r.Body))
			}
		}

		checkSealed(t, f, chID, bidID, secret, 1)
		// The export: an admin learns nothing of a challenge still open for bids; program managers see the count.
		if cell := exportedBidCount(t, env, w.Admin.Token, chID); cell != "" {
			t.Errorf("the admin's export shows %q bids for a challenge open for bids", cell)
		}
		if cell := exportedBidCount(t, env, w.PM.Token, chID); cell != "1" {
			t.Errorf("the program manager's export shows %q bids, want 1", cell)
		}
		// The bidder itself sees it, and so does the partner it names.
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids/"+bidID), 200)
		at.Expect(t, env.Get(partner.Token, "/api/v1/bids/"+bidID), 200)
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
		if !strings.Contains(string(env.Get(w.PM.Token, "/api/v1/audit?entity=document").Body), "密封技术方案") {
			t.Error("after the deadline the bid's document records should be listed")
		}
	})
}

// TestDraftChallengeDocumentsInAudit: another organization's draft challenge
// is hidden from the audit trail, its documents' records included; once
// submitted, program managers read them.
func TestDraftChallengeDocumentsInAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		draft := w.Draft(w.Enterprise, "草稿榜单审计测试")
		at.Expect(t, env.Upload(w.Enterprise.Token, "/api/v1/challenges/"+draft+"/documents", "草稿技术要求.pdf", "specification", at.PDF), 201)
		for _, u := range []*at.User{w.PM, w.Admin} {
			for _, path := range []string{"/api/v1/audit?entity=document", "/api/v1/audit?limit=100", "/api/v1/audit?entity_id=" + draft} {
				r := at.Expect(t, env.Get(u.Token, path), 200)
				if strings.Contains(string(r.Body), draft) || strings.Contains(string(r.Body), "草稿技术要求") {
					t.Errorf("GET %s shows another organization's draft: %s", path, truncate(r.Body))
				}
			}
		}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+draft+"/submit", nil), 200)
		if r := env.Get(w.PM.Token, "/api/v1/audit?entity=document"); !strings.Contains(string(r.Body), "草稿技术要求") {
			t.Errorf("after submission the document's record should be listed: %s", truncate(r.Body))
		}
	})
}

// checkSealed asserts that the bid of the Institute persona on chID is sealed
// for every other persona: every request about it answers exactly as for a
// bid that does not exist, no list, audit listing or notification shows it,
// and only the owner and program managers see the number of bids (count).
func checkSealed(t *testing.T, f *fixture, chID, bidID, secret string, count int) {
	t.Helper()
	env := f.env
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
			// 404 where the challenge itself is not visible (cancelled).
			list := env.Get(token, "/api/v1/challenges/"+chID+"/bids")
			if list.Status != 200 && list.Status != 404 {
				t.Errorf("bid list as %s: %s", p, list)
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
		got, hasCount := ch["bid_count"]
		switch p {
		case Enterprise, PM:
			if !hasCount || int(got.(float64)) != count {
				t.Errorf("%s should see bid_count %d, got %v", p, count, ch["bid_count"])
			}
		default:
			if hasCount {
				t.Errorf("%s sees bid_count", p)
			}
		}
	}

}

// TestCancelledChallengeKeepsBidsSealed: a challenge cancelled before its
// deadline keeps its bids sealed for ever — for the owner, program managers,
// admins and experts, before and after the deadline passes, in bids, lists,
// the audit trail, notifications and the export — while each bidder still
// reads its own bid and learns that the challenge was cancelled. A challenge
// cancelled after its deadline stays unsealed.
func TestCancelledChallengeKeepsBidsSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := newFixture(env)
		w := f.w
		chID := w.Published(w.Enterprise, "撤榜密封测试", 72*time.Hour)
		secret := "撤榜前密封的技术方案"
		body := at.BidBody()
		body["summary"] = secret
		bidID := at.Expect(t, env.Post(w.Institute.Token, "/api/v1/challenges/"+chID+"/bids", body), 201).ID(t)
		otherBid := w.Bid(w.InstituteOther, chID)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+chID+"/cancel", map[string]any{"reason": "需求调整"}), 200)

		bidderView := func() {
			t.Helper()
			own := at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids/"+bidID), 200)
			if !strings.Contains(string(own.Body), secret) {
				t.Errorf("the bidder does not read its own bid: %s", truncate(own.Body))
			}
			at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids/"+otherBid), 404)
			ch := at.Expect(t, env.Get(w.Institute.Token, "/api/v1/challenges/"+chID), 200).Map(t)
			if ch["status"] != "cancelled" || ch["bid_count"] != nil {
				t.Errorf("the bidder sees the challenge as %v (bid_count %v)", ch["status"], ch["bid_count"])
			}
			list := at.Expect(t, env.Get(w.Institute.Token, "/api/v1/challenges/"+chID+"/bids"), 200)
			if items := list.Map(t)["items"].([]any); len(items) != 1 || strings.Contains(string(list.Body), otherBid) {
				t.Errorf("the bidder's list: %s", truncate(list.Body))
			}
			notes := string(at.Expect(t, env.Get(w.Institute.Token, "/api/v1/notifications"), 200).Body)
			if !strings.Contains(notes, "challenge.cancelled") || strings.Contains(notes, otherBid) {
				t.Errorf("the bidder's notifications: %s", truncate([]byte(notes)))
			}
		}
		checkSealed(t, f, chID, bidID, secret, 2)
		bidderView()
		// The deadline passes: nothing unseals.
		w.Advance(73 * time.Hour)
		checkSealed(t, f, chID, bidID, secret, 2)
		bidderView()
		for _, u := range []*at.User{w.Enterprise, w.PM, w.Admin} {
			for _, path := range []string{"/api/v1/audit?entity=bid", "/api/v1/audit?entity_id=" + bidID, "/api/v1/audit?limit=100"} {
				if r := env.Get(u.Token, path); strings.Contains(string(r.Body), bidID) || strings.Contains(string(r.Body), otherBid) {
					t.Errorf("GET %s shows a sealed bid's record", path)
				}
			}
		}
		if cell := exportedBidCount(t, env, w.Admin.Token, chID); cell != "" {
			t.Errorf("the admin's export shows %q bids for the cancelled challenge", cell)
		}

		// Cancelled after the deadline: the bids were unsealed and stay so.
		late := w.Published(w.Enterprise, "截止后撤榜", time.Hour)
		lateBid := w.Bid(w.Institute, late)
		w.Advance(2 * time.Hour)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+late+"/cancel", map[string]any{"reason": "需求调整"}), 200)
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/bids/"+lateBid), 200)
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/bids/"+lateBid), 200)
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids/"+lateBid), 200)
		if cell := exportedBidCount(t, env, w.Admin.Token, late); cell != "1" {
			t.Errorf("the admin's export shows %q bids for a challenge cancelled after its deadline, want 1", cell)
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

// exportedBidCount is the 揭榜申请数 cell of the challenge in the caller's export.
func exportedBidCount(t *testing.T, env *at.Env, token, challengeID string) string {
	t.Helper()
	// The export names challenges by title (no internal ids): find its title.
	var c struct{ Title string }
	at.Expect(t, env.Get(token, "/api/v1/challenges/"+challengeID), 200).JSON(t, &c)
	_, rows := openWorkbook(t, at.Expect(t, env.Get(token, "/api/v1/portfolio/export?what=challenges"), 200))
	col := -1
	for i, h := range rows[0] {
		if h == "揭榜申请数" {
			col = i
		}
	}
	for _, r := range rows[1:] {
		if len(r) > 0 && r[0] == c.Title {
			if col < len(r) {
				return r[col]
			}
			return ""
		}
	}
	t.Fatalf("challenge %s is not in the export", challengeID)
	return ""
}
