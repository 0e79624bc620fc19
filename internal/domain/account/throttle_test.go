package account_test

import (
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
)

func TestLoginThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := account.NewLoginThrottle(15*time.Minute, 3, 10)
	for i := 0; i < 3; i++ {
		if err := th.Allow("a@x.cn", "1.1.1.1", now); err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
		th.Fail("a@x.cn", "1.1.1.1", now)
	}
	if err := th.Allow("a@x.cn", "1.1.1.1", now); domain.KindOf(err) != domain.KindTooManyRequests {
		t.Fatalf("4th attempt: %v, want too many requests", err)
	}
	if err := th.Allow("b@x.cn", "1.1.1.1", now); err != nil {
		t.Fatalf("another email from the same address refused too early: %v", err)
	}
	if err := th.Allow("a@x.cn", "1.1.1.1", now.Add(15*time.Minute)); err != nil {
		t.Fatalf("still refused after the window: %v", err)
	}
	// Per-address limit: many emails from one address.
	for i := 0; i < 10; i++ {
		th.Fail(string(rune('c'+i))+"@x.cn", "2.2.2.2", now)
	}
	if err := th.Allow("new@x.cn", "2.2.2.2", now); domain.KindOf(err) != domain.KindTooManyRequests {
		t.Fatalf("address over its limit: %v, want too many requests", err)
	}
}
