package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestTimesCompareWithinASecond: a deadline on a whole second has passed half
// a second later, on both drivers. (SQLite compares times as text: without a
// fixed-width format "…:00.5Z" sorts before "…:00Z".)
func TestTimesCompareWithinASecond(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		o := org.Organization{ID: domain.NewID(), Name: "出题企业", Type: org.TypeEnterprise, Tier: org.TierHighTech,
			CreditCode: org.WithCheckChar("91330200MA7000001"), Country: "CN", Status: org.StatusVerified, Version: 1, CreatedAt: now, UpdatedAt: now}
		u := account.User{ID: domain.NewID(), Email: "t@example.cn", Name: "t", Role: domain.RoleEnterprise, OrganizationID: o.ID,
			PasswordHash: "x", Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := db.Organizations().Create(ctx, o); err != nil {
			t.Fatal(err)
		}
		if err := db.Users().Create(ctx, u); err != nil {
			t.Fatal(err)
		}
		for i, deadline := range []time.Time{now, now.Add(700 * time.Millisecond), now.Add(2 * time.Second)} {
			d := deadline
			c := challenge.Challenge{ID: domain.NewID(), OwnerID: o.ID, CreatedBy: u.ID, Title: "截止比较", Status: challenge.StatusPublished,
				BidDeadline: &d, Indicators: []challenge.Indicator{}, EligibleOrgTypes: []org.Type{}, Version: 1, CreatedAt: now, UpdatedAt: now}
			if err := db.Challenges().Create(ctx, c); err != nil {
				t.Fatalf("challenge %d: %v", i, err)
			}
		}
		for _, tc := range []struct {
			at   time.Time
			want int
		}{
			{now.Add(-time.Nanosecond * 1000), 0},
			{now, 1},
			{now.Add(500 * time.Millisecond), 1},
			{now.Add(700 * time.Millisecond), 2},
			{now.Add(time.Second), 2},
			{now.Add(2 * time.Second), 3},
		} {
			ids, err := db.Challenges().DueForClosing(ctx, tc.at, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != tc.want {
				t.Errorf("at %s: %d due, want %d", tc.at.Format(time.RFC3339Nano), len(ids), tc.want)
			}
		}
	})
}
