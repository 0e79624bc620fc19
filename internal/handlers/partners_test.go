package handlers_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type partnerAnswer struct {
	OrganizationID string     `json:"organization_id"`
	Decision       string     `json:"decision"`
	DecidedAt      *time.Time `json:"decided_at"`
}

// TestPartnerConfirmation (联合揭榜): a partner named in a bid reads it (it is
// not sealed from it), finds it in its work list, and confirms or declines
// once, before the deadline; the bidder is told; reviewers see each
// partner's answer; an edit keeps the answers of the partners it keeps.
func TestPartnerConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		third := env.NewUser(domain.RoleInstitute, env.Org("第三合作单位", org.TypeUniversity, true))
		w.Extra = append(w.Extra, third)
		id := w.Published(w.Enterprise, "联合揭榜挑战", 2*time.Hour)
		bid := w.Bid(w.Institute, id, w.InstituteOther.OrgID, w.EnterpriseOther.OrgID)
		var b struct {
			Partners []partnerAnswer `json:"partners"`
			Version  int             `json:"version"`
		}
		at.Expect(t, env.Get(w.InstituteOther.Token, "/api/v1/bids/"+bid), 200).JSON(t, &b)
		if len(b.Partners) != 2 || b.Partners[0].Decision != "pending" || b.Partners[1].OrganizationID != w.EnterpriseOther.OrgID {
			t.Fatalf("partners %+v", b.Partners)
		}
		at.Expect(t, env.Get(third.Token, "/api/v1/bids/"+bid), 404)        // not named
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/bids/"+bid), 404) // the owner: sealed
		var work struct {
			Items []struct {
				ID             string          `json:"id"`
				ChallengeTitle string          `json:"challenge_title"`
				Lead           string          `json:"organization_name"`
				Partners       []partnerAnswer `json:"partners"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(w.EnterpriseOther.Token, "/api/v1/partner-bids"), 200).JSON(t, &work)
		if len(work.Items) != 1 || work.Items[0].ID != bid || work.Items[0].ChallengeTitle != "联合揭榜挑战" || !strings.HasPrefix(work.Items[0].Lead, "研究院") {
			t.Fatalf("work list %+v", work.Items)
		}
		at.Expect(t, env.Get(third.Token, "/api/v1/partner-bids"), 200).JSON(t, &work)
		if len(work.Items) != 0 {
			t.Fatalf("a stranger's work list %+v", work.Items)
		}
		// The bidder does not answer for its partners; nor does a stranger.
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": true}), 403)
		at.Expect(t, env.Post(third.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": true}), 404)
		at.Expect(t, env.Post(w.InstituteOther.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{}), 422)
		// Two confirmations at once: one answer, one refusal.
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				codes[i] = env.Post(w.InstituteOther.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": true}).Status
			}(i)
		}
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
			t.Fatalf("two confirmations: %v", codes)
		}
		at.Expect(t, env.Post(w.EnterpriseOther.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": false}), 200).JSON(t, &b)
		if b.Partners[0].Decision != "confirmed" || b.Partners[1].Decision != "declined" || b.Partners[1].DecidedAt == nil {
			t.Fatalf("answers %+v", b.Partners)
		}
		r := at.Expect(t, env.Post(w.EnterpriseOther.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": true}), 409)
		if !strings.Contains(string(r.Body), "already answered") {
			t.Fatalf("a second answer: %s", r.Body)
		}
		if k := notificationKinds(t, env, w.Institute); k["bid.partner_confirmed"] != 1 || k["bid.partner_declined"] != 1 {
			t.Fatalf("the bidder was told %v", k)
		}
		// The bidder replaces the partner that declined: the one kept keeps its answer, the new one is pending.
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids/"+bid), 200).JSON(t, &b)
		at.Expect(t, env.Patch(w.Institute.Token, "/api/v1/bids/"+bid, map[string]any{"partner_ids": []string{w.InstituteOther.OrgID, third.OrgID}, "version": b.Version}), 200).JSON(t, &b)
		if len(b.Partners) != 2 || b.Partners[0].Decision != "confirmed" || b.Partners[1].OrganizationID != third.OrgID || b.Partners[1].Decision != "pending" {
			t.Fatalf("after the edit %+v", b.Partners)
		}
		at.Expect(t, env.Get(w.EnterpriseOther.Token, "/api/v1/bids/"+bid), 404) // no longer named
		// After the deadline nobody answers, and the reviewers see who has not confirmed.
		w.Advance(2*time.Hour + time.Second)
		at.Expect(t, env.Post(third.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": true}), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[1].ID, w.Experts[2].ID, w.Experts[3].ID}}), 200)
		var tasks struct {
			Items []struct {
				Bids []struct {
					ID       string          `json:"id"`
					Partners []partnerAnswer `json:"partners"`
				} `json:"bids"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(w.Experts[1].Token, "/api/v1/reviews"), 200).JSON(t, &tasks)
		if len(tasks.Items) != 1 || len(tasks.Items[0].Bids) != 1 || tasks.Items[0].Bids[0].Partners[1].Decision != "pending" {
			t.Fatalf("what the reviewer sees %+v", tasks.Items)
		}
		// A partner still reads the bid it is named on after the deadline.
		at.Expect(t, env.Get(third.Token, "/api/v1/bids/"+bid), 200)
	})
}
