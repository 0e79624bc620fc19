package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestBoardSearchAndPaging: 1,000 published challenges; paging with the
// cursor returns each exactly once; a Chinese word of a title finds it; a
// deadline that has passed shows as closed without anything having run.
func TestBoardSearchAndPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		owner := env.NewUser(domain.RoleEnterprise, env.Org("出题企业", org.TypeEnterprise, true))
		now := env.Clock.Now()
		open, past := now.Add(30*24*time.Hour), now.Add(-time.Hour)
		fields := []string{"chips", "marine_materials", "biomedicine"}
		want := map[string]bool{}
		var target, closedOne string
		err := db.InTx(context.Background(), func(ctx context.Context) error {
			for i := 0; i < 1000; i++ {
				deadline := open
				title := fmt.Sprintf("揭榜挑战第%04d号：智能制造关键部件", i)
				if i == 500 {
					title = "高导热石墨烯散热膜的规模化制备"
				}
				if i == 700 {
					deadline = past
				}
				cap := int64(1_000_000)
				c := challenge.Challenge{ID: domain.NewID(), OwnerID: owner.OrgID, CreatedBy: owner.ID, Title: title,
					Problem: "问题描述", FieldID: fields[i%3], Category: "key_technology", FundingCap: &cap,
					Indicators: []challenge.Indicator{}, EligibleOrgTypes: []org.Type{org.TypeUniversity},
					Status: challenge.StatusPublished, BidDeadline: &deadline, PublishedAt: &now, Version: 1, CreatedAt: now, UpdatedAt: now}
				if err := db.Challenges().Create(ctx, c); err != nil {
					return err
				}
				want[c.ID] = true
				switch i {
				case 500:
					target = c.ID
				case 700:
					closedOne = c.ID
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		for _, limit := range []int{100, 37} {
			seen := map[string]int{}
			cursor, pages := "", 0
			for {
				path := fmt.Sprintf("/api/v1/challenges?limit=%d", limit)
				if cursor != "" {
					path += "&cursor=" + url.QueryEscape(cursor)
				}
				var page struct {
					Items []struct {
						ID string `json:"id"`
					} `json:"items"`
					NextCursor *string `json:"next_cursor"`
				}
				at.Expect(t, env.Get("", path), 200).JSON(t, &page)
				pages++
				if len(page.Items) > limit {
					t.Fatalf("page of %d items with limit %d", len(page.Items), limit)
				}
				for _, it := range page.Items {
					seen[it.ID]++
				}
				if page.NextCursor == nil {
					break
				}
				cursor = *page.NextCursor
				if pages > 2000/limit+2 {
					t.Fatal("paging does not end")
				}
			}
			if len(seen) != 1000 {
				t.Fatalf("limit %d: saw %d distinct challenges, want 1000", limit, len(seen))
			}
			for id, n := range seen {
				if n != 1 || !want[id] {
					t.Fatalf("limit %d: challenge %s seen %d times", limit, id, n)
				}
			}
		}

		// Chinese search, alone and combined with filters.
		for _, q := range []string{"石墨烯", "散热膜", "高导热石墨烯"} {
			var page struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
			}
			at.Expect(t, env.Get("", "/api/v1/challenges?q="+url.QueryEscape(q)), 200).JSON(t, &page)
			if len(page.Items) != 1 || page.Items[0].ID != target {
				t.Fatalf("q=%s found %v", q, page.Items)
			}
		}
		count := func(query string) int {
			var page struct {
				Items []any `json:"items"`
			}
			at.Expect(t, env.Get("", "/api/v1/challenges?limit=100&"+query), 200).JSON(t, &page)
			return len(page.Items)
		}
		if n := count("q=" + url.QueryEscape("石墨烯") + "&field=chips"); n != 0 {
			t.Fatalf("q plus a field it is not in: %d", n)
		}
		// field 500%3 = 2 → biomedicine; its level-1 parent finds it too.
		if n := count("q=" + url.QueryEscape("石墨烯") + "&field=life_health"); n != 1 {
			t.Fatalf("a level-1 field does not include its children: %d", n)
		}
		// The one past its deadline is closed on every read, and not open.
		if n := count("status=closed"); n != 1 {
			t.Fatalf("closed: %d", n)
		}
		var c struct {
			Status string `json:"status"`
		}
		at.Expect(t, env.Get("", "/api/v1/challenges/"+closedOne), 200).JSON(t, &c)
		if c.Status != "closed" {
			t.Fatalf("past deadline: %s", c.Status)
		}
		if n := count("q=" + url.QueryEscape("%") + "&status=published"); n != 0 {
			t.Fatalf("a %% in the query is a wildcard: %d results", n)
		}
	})
}
