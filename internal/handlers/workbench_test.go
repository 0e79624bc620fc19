package handlers_test

import (
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestWorkbench: each role's to-do counts follow what happens, and each role
// sees only its own keys.
func TestWorkbench(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := at.New(t, db).NewWorld()
		counts := func(u *at.User) map[string]int64 {
			t.Helper()
			var out struct {
				Role  string
				Items []struct {
					Key   string
					Count int64
				}
			}
			at.Expect(t, w.Get(u.Token, "/api/v1/workbench"), 200).JSON(t, &out)
			if out.Role != string(u.Role) {
				t.Fatalf("role %q, want %q", out.Role, u.Role)
			}
			m := map[string]int64{}
			for _, it := range out.Items {
				m[it.Key] = it.Count
			}
			return m
		}
		expect := func(who string, got map[string]int64, want map[string]int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: keys %v, want %v", who, got, want)
			}
			for k, v := range want {
				if n, ok := got[k]; !ok || n != v {
					t.Errorf("%s: %s = %d (present %v), want %d", who, k, n, ok, v)
				}
			}
		}
		at.Expect(t, w.Get("", "/api/v1/workbench"), 401)

		// Nothing yet but the cast's organizations: the admin verified them all.
		expect("admin", counts(w.Admin), map[string]int64{"organizations_to_verify": 0})
		w.Draft(w.Enterprise, "工作台草稿")
		w.Submitted(w.Enterprise, "工作台待审核")
		proposed, _ := w.Proposed(w.Enterprise, "工作台待确认", w.Institute, w.InstituteOther)
		_ = proposed
		inReview, _ := w.InReview(w.Enterprise, "工作台评审中", w.Institute)
		_ = inReview
		open := w.Published(w.Enterprise, "工作台揭榜中", 72*time.Hour)
		w.Bid(w.Institute, open)
		w.Proposal(w.Institute, "工作台申报项目")

		expect("enterprise", counts(w.Enterprise), map[string]int64{"challenge_drafts": 1, "challenges_in_vetting": 1,
			"challenges_open": 1, "challenges_in_review": 2, "awards_to_confirm": 1,
			"invitations": 0, "partner_invitations": 0, "scenario_applications": 0, "projects": 0, "reports_due": 0})
		expect("institute", counts(w.Institute), map[string]int64{"bids_pending": 3, "bids_awarded": 0, "bids_not_awarded": 0,
			"invitations": 0, "partner_invitations": 0, "scenario_applications": 0, "projects": 1, "reports_due": 0})
		// Experts[0..2] reviewed one challenge and have the other to do.
		expect("expert", counts(w.Experts[0]), map[string]int64{"reviews_to_do": 1, "reviews_done": 1})
		expect("expert 4", counts(w.Experts[3]), map[string]int64{"reviews_to_do": 0, "reviews_done": 0})
		expect("program manager", counts(w.PM), map[string]int64{"challenges_to_vet": 1, "challenges_to_assign": 0,
			"rankings_ready": 0, "proposals_to_decide": 1, "milestones_to_accept": 0, "consortia_to_approve": 0,
			"change_requests_to_decide": 0, "reports_to_review": 0})

		// The deadline of the open challenge passes: the manager has it to assign.
		w.Advance(73 * time.Hour)
		if n := counts(w.PM)["challenges_to_assign"]; n != 1 {
			t.Errorf("after the deadline: challenges_to_assign = %d, want 1", n)
		}
		// The enterprise confirms the award: the institute's bid is won, the other's lost.
		at.Expect(t, w.Post(w.Enterprise.Token, "/api/v1/challenges/"+proposed+"/award/confirm", nil), 200)
		expect("institute after the award", counts(w.Institute), map[string]int64{"bids_pending": 2, "bids_awarded": 1,
			"bids_not_awarded": 0, "invitations": 0, "partner_invitations": 0, "scenario_applications": 0, "projects": 2, "reports_due": 0})
		// A report set on the awarded project waits for the lead; submitted, for the manager; a change request too.
		var c struct {
			ProjectID string `json:"project_id"`
		}
		at.Expect(t, w.Get(w.PM.Token, "/api/v1/challenges/"+proposed), 200).JSON(t, &c)
		var r struct {
			ID string `json:"id"`
		}
		at.Expect(t, w.Post(w.PM.Token, "/api/v1/projects/"+c.ProjectID+"/reports", map[string]any{"kind": "annual", "title": "年度报告",
			"due_date": "2027-12-31"}), 201).JSON(t, &r)
		if n := counts(w.Institute)["reports_due"]; n != 1 {
			t.Errorf("reports_due = %d, want 1", n)
		}
		at.Expect(t, w.Post(w.Institute.Token, "/api/v1/reports/"+r.ID+"/submit", map[string]any{"text": "进展"}), 200)
		at.Expect(t, w.Post(w.Institute.Token, "/api/v1/projects/"+c.ProjectID+"/change-requests", map[string]any{"reason": "调整",
			"changes": map[string]any{"budget": 12_000_000}, "version": w.Version(c.ProjectID)}), 201)
		pm := counts(w.PM)
		if pm["reports_to_review"] != 1 || pm["change_requests_to_decide"] != 1 || counts(w.Institute)["reports_due"] != 0 {
			t.Errorf("after submitting: %v", pm)
		}
		if n := counts(w.InstituteOther)["bids_not_awarded"]; n != 1 {
			t.Errorf("the other bidder's bids_not_awarded = %d, want 1", n)
		}
		if n := counts(w.Enterprise)["awards_to_confirm"]; n != 0 {
			t.Errorf("after confirming: awards_to_confirm = %d", n)
		}
		// A joint bid (联合揭榜) waits for its partner's answer until the partner gives it.
		joint := w.Published(w.Enterprise, "工作台联合揭榜", 72*time.Hour)
		bid := at.Expect(t, w.Post(w.Institute.Token, "/api/v1/challenges/"+joint+"/bids", at.BidBody(w.InstituteOther.OrgID)), 201).ID(t)
		if n := counts(w.InstituteOther)["partner_invitations"]; n != 1 {
			t.Errorf("named a partner: partner_invitations = %d, want 1", n)
		}
		if n := counts(w.Institute)["partner_invitations"]; n != 0 {
			t.Errorf("the bidder itself: partner_invitations = %d, want 0", n)
		}
		at.Expect(t, w.Post(w.InstituteOther.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": true}), 200)
		if n := counts(w.InstituteOther)["partner_invitations"]; n != 0 {
			t.Errorf("after answering: partner_invitations = %d, want 0", n)
		}
	})
}

// TestOwnBids: an organization lists its own bids (我的揭榜), newest first,
// page by page, each with its challenge's title and current status; never
// another organization's.
func TestOwnBids(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := at.New(t, db).NewWorld()
		closed, _ := w.Closed(w.Enterprise, "我的揭榜已截止", w.Institute, w.InstituteOther)
		open := w.Published(w.Enterprise, "我的揭榜进行中", 72*time.Hour)
		w.Bid(w.Institute, open)
		type own struct {
			Items []struct {
				ChallengeID     string `json:"challenge_id"`
				OrganizationID  string `json:"organization_id"`
				Status          string
				ChallengeTitle  string `json:"challenge_title"`
				ChallengeStatus string `json:"challenge_status"`
			}
			NextCursor *string `json:"next_cursor"`
		}
		var first, second own
		at.Expect(t, w.Get(w.Institute.Token, "/api/v1/bids?limit=1"), 200).JSON(t, &first)
		if len(first.Items) != 1 || first.Items[0].ChallengeID != open || first.Items[0].ChallengeTitle != "我的揭榜进行中" ||
			first.Items[0].ChallengeStatus != "published" || first.Items[0].Status != "submitted" || first.NextCursor == nil {
			t.Fatalf("first page = %+v", first)
		}
		at.Expect(t, w.Get(w.Institute.Token, "/api/v1/bids?limit=1&cursor="+*first.NextCursor), 200).JSON(t, &second)
		if len(second.Items) != 1 || second.Items[0].ChallengeID != closed || second.Items[0].ChallengeStatus != "closed" {
			t.Fatalf("second page = %+v", second)
		}
		var other own
		at.Expect(t, w.Get(w.InstituteOther.Token, "/api/v1/bids"), 200).JSON(t, &other)
		if len(other.Items) != 1 || other.Items[0].OrganizationID != w.InstituteOther.OrgID {
			t.Fatalf("the other institute's bids = %+v", other)
		}
		at.Expect(t, w.Get(w.Expert.Token, "/api/v1/bids"), 403)
	})
}

// TestChallengesNameTheirEnterprise: the board (even for a visitor) and a
// challenge's page name the enterprise that posed it.
func TestChallengesNameTheirEnterprise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := at.New(t, db).NewWorld()
		id := w.Published(w.Enterprise, "出题企业署名", 48*time.Hour)
		var org struct{ Name string }
		at.Expect(t, w.Get(w.Admin.Token, "/api/v1/organizations/"+w.Enterprise.OrgID), 200).JSON(t, &org)
		var board struct {
			Items []struct {
				ID        string
				OwnerName string `json:"owner_name"`
			}
		}
		at.Expect(t, w.Get("", "/api/v1/challenges"), 200).JSON(t, &board)
		if len(board.Items) != 1 || board.Items[0].ID != id || board.Items[0].OwnerName != org.Name || org.Name == "" {
			t.Fatalf("board = %+v, want the owner %q", board.Items, org.Name)
		}
		var one struct {
			OwnerName string `json:"owner_name"`
		}
		at.Expect(t, w.Get("", "/api/v1/challenges/"+id), 200).JSON(t, &one)
		if one.OwnerName != org.Name {
			t.Fatalf("detail owner_name = %q, want %q", one.OwnerName, org.Name)
		}
	})
}

// TestReviewProgress: program managers follow who is assigned, who stepped
// out for a conflict and who has submitted, by name.
func TestReviewProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := at.New(t, db).NewWorld()
		id, bids := w.InReview(w.Enterprise, "评审进度", w.Institute)
		w.Score(w.Experts[0], bids, 30)
		at.Expect(t, w.Post(w.Experts[0].Token, "/api/v1/challenges/"+id+"/scores/submit", nil), 204)
		at.Expect(t, w.Post(w.Experts[1].Token, "/api/v1/challenges/"+id+"/conflict", map[string]string{"reason": "曾合作"}), 204)
		var out struct {
			Items []struct {
				ExpertID         string     `json:"expert_id"`
				ExpertName       string     `json:"expert_name"`
				ConflictDeclared bool       `json:"conflict_declared"`
				SubmittedAt      *time.Time `json:"submitted_at"`
			}
		}
		at.Expect(t, w.Get(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers"), 200).JSON(t, &out)
		if len(out.Items) != 3 {
			t.Fatalf("reviewers = %+v", out.Items)
		}
		for _, it := range out.Items {
			if it.ExpertName == "" {
				t.Errorf("%s has no name", it.ExpertID)
			}
			switch it.ExpertID {
			case w.Experts[0].ID:
				if it.SubmittedAt == nil || it.ConflictDeclared {
					t.Errorf("the first expert submitted: %+v", it)
				}
			case w.Experts[1].ID:
				if !it.ConflictDeclared || it.SubmittedAt != nil {
					t.Errorf("the second expert stepped out: %+v", it)
				}
			default:
				if it.SubmittedAt != nil || it.ConflictDeclared {
					t.Errorf("the third expert has done nothing yet: %+v", it)
				}
			}
		}
		at.Expect(t, w.Get(w.Enterprise.Token, "/api/v1/challenges/"+id+"/reviewers"), 403)
	})
}

// TestAwardTellsEachBidderItsOutcome: the winner hears it won, the others
// that they did not; the owner hears the award.
func TestAwardTellsEachBidderItsOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := at.New(t, db).NewWorld()
		w.Awarded(w.Enterprise, "结果通知", w.Institute, w.InstituteOther)
		kinds := func(u *at.User) map[string]bool {
			var out struct{ Items []struct{ Kind string } }
			at.Expect(t, w.Get(u.Token, "/api/v1/notifications"), 200).JSON(t, &out)
			m := map[string]bool{}
			for _, n := range out.Items {
				m[n.Kind] = true
			}
			return m
		}
		if k := kinds(w.Institute); !k["bid.awarded"] || k["bid.not_awarded"] || k["challenge.awarded"] {
			t.Errorf("the winner's notifications: %v", k)
		}
		if k := kinds(w.InstituteOther); !k["bid.not_awarded"] || k["bid.awarded"] || k["challenge.awarded"] {
			t.Errorf("the other bidder's notifications: %v", k)
		}
		if k := kinds(w.Enterprise); !k["challenge.awarded"] || k["bid.awarded"] {
			t.Errorf("the owner's notifications: %v", k)
		}
	})
}

// TestAuditReadable: the trail names each actor and its organization and
// takes a range of (Beijing) days.
func TestAuditReadable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := at.New(t, db).NewWorld()
		id := w.Draft(w.Enterprise, "审计可读")
		at.Expect(t, w.Post(w.Enterprise.Token, "/api/v1/challenges/"+id+"/submit", nil), 200)
		day := w.Clock.Now().In(time.FixedZone("CST", 8*3600))
		today, tomorrow := day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02")
		type page struct {
			Items []struct {
				Action       string
				EntityID     string `json:"entity_id"`
				ActorName    string `json:"actor_name"`
				ActorOrgName string `json:"actor_org_name"`
			}
		}
		var got page
		at.Expect(t, w.Get(w.PM.Token, "/api/v1/audit?action=challenge.create&from="+today+"&to="+today), 200).JSON(t, &got)
		var org struct{ Name string }
		at.Expect(t, w.Get(w.Admin.Token, "/api/v1/organizations/"+w.Enterprise.OrgID), 200).JSON(t, &org)
		if len(got.Items) != 1 || got.Items[0].EntityID != id || got.Items[0].ActorName == "" || got.Items[0].ActorOrgName != org.Name {
			t.Fatalf("today's creations = %+v (the organization is %q)", got.Items, org.Name)
		}
		at.Expect(t, w.Get(w.PM.Token, "/api/v1/audit?action=challenge.create&from="+tomorrow), 200).JSON(t, &got)
		if len(got.Items) != 0 {
			t.Fatalf("from tomorrow = %+v", got.Items)
		}
		at.Expect(t, w.Get(w.PM.Token, "/api/v1/audit?to=yesterday"), 400)
	})
}
