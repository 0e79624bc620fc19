package handlers_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestLiveBidCountsStayExact: the count of live bids each challenge keeps
// (migration 00006) equals a recount of its bids after concurrent bids,
// concurrent withdrawals and an award, and it is the count the lists show.
func TestLiveBidCountsStayExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		bidders := make([]*at.User, 10)
		for i := range bidders {
			bidders[i] = env.NewUser(domain.RoleInstitute, env.Org(fmt.Sprintf("计数研究院%d", i), org.TypeResearchInstitute, true))
		}
		challenges := []string{w.Published(w.Enterprise, "计数挑战甲", 72*time.Hour), w.Published(w.Enterprise, "计数挑战乙", 72*time.Hour)}
		// Everyone bids on both at once.
		bids := make([][]string, len(bidders))
		statuses := make(chan int, 2*len(bidders))
		var wg sync.WaitGroup
		for i, u := range bidders {
			bids[i] = make([]string, len(challenges))
			for j, c := range challenges {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := env.Post(u.Token, "/api/v1/challenges/"+c+"/bids", at.BidBody())
					statuses <- r.Status
					if r.Status == http.StatusCreated {
						bids[i][j] = r.ID(t)
					}
				}()
			}
		}
		wg.Wait()
		close(statuses)
		for s := range statuses {
			if s != http.StatusCreated {
				t.Fatalf("a concurrent bid answered %d", s)
			}
		}
		// Half withdraw from the first challenge at once; one withdrawal is sent twice.
		for i := 0; i < len(bidders)/2; i++ {
			sends := 1
			if i == 0 {
				sends = 2
			}
			for range sends {
				wg.Add(1)
				go func() {
					defer wg.Done()
					env.Post(bidders[i].Token, "/api/v1/bids/"+bids[i][0]+"/withdraw", nil)
				}()
			}
		}
		wg.Wait()
		recount := func() {
			t.Helper()
			var rows []struct {
				ID       string
				LiveBids int
				N        int
			}
			if err := db.Gorm().Raw(`SELECT c.id, c.live_bids, (SELECT COUNT(*) FROM bids b WHERE b.challenge_id = c.id AND b.status <> 'withdrawn') AS n
				FROM challenges c`).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if r.LiveBids != r.N {
					t.Errorf("challenge %s keeps %d live bids, has %d", r.ID, r.LiveBids, r.N)
				}
			}
		}
		recount()
		var c struct {
			BidCount int `json:"bid_count"`
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/challenges/"+challenges[0]), 200).JSON(t, &c)
		if c.BidCount != len(bidders)-len(bidders)/2 {
			t.Errorf("the first challenge shows %d bids, want %d", c.BidCount, len(bidders)-len(bidders)/2)
		}
		// An award settles the bids (awarded, not awarded): they still count.
		w.Awarded(w.Enterprise, "计数挑战丙", w.Institute, w.InstituteOther)
		recount()
	})
}
