package account_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
)

// TestLoginThrottle: guessing is bounded per account and address, across
// addresses and across accounts, while a stranger cannot lock the owner out
// (outside review, finding 4).
func TestLoginThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	refused := func(err error) bool { return domain.KindOf(err) == domain.KindTooManyRequests }
	th := account.NewLoginThrottle(15*time.Minute, 3, 6, 10)
	// The owner signs in from the office once: a known address.
	th.Succeed("owner@x.cn", "10.0.0.1", now)

	// A stranger guesses from one address: stopped for that account after 3.
	for i := range 3 {
		if err := th.Allow("owner@x.cn", "6.6.6.6", now); err != nil {
			t.Fatalf("guess %d refused: %v", i+1, err)
		}
		th.Fail("owner@x.cn", "6.6.6.6", now)
	}
	if !refused(th.Allow("owner@x.cn", "6.6.6.6", now)) {
		t.Fatal("a 4th guess from the same address was allowed")
	}
	// The owner is not locked out: from the office, nor from a new address.
	if err := th.Allow("owner@x.cn", "10.0.0.1", now); err != nil {
		t.Fatalf("the owner at a known address refused: %v", err)
	}
	if err := th.Allow("owner@x.cn", "7.7.7.7", now); err != nil {
		t.Fatalf("the owner at a new address refused after one stranger's guesses: %v", err)
	}
	// Guesses spread over many addresses: past 6, new addresses may not try
	// the account; the known one still may.
	for i := range 3 {
		th.Fail("owner@x.cn", fmt.Sprintf("8.8.8.%d", i), now)
	}
	if !refused(th.Allow("owner@x.cn", "9.9.9.9", now)) {
		t.Fatal("an unknown address may still guess after 6 failures from everywhere")
	}
	if err := th.Allow("owner@x.cn", "10.0.0.1", now); err != nil {
		t.Fatalf("the owner at a known address refused during a spread attack: %v", err)
	}
	// The owner's own mistakes at the office lock only that address, and only
	// after 3 of them.
	for range 3 {
		th.Fail("owner@x.cn", "10.0.0.1", now)
	}
	if !refused(th.Allow("owner@x.cn", "10.0.0.1", now)) {
		t.Fatal("the owner's 4th wrong password in a row from one address was allowed")
	}
	if err := th.Allow("owner@x.cn", "10.0.0.1", now.Add(15*time.Minute)); err != nil {
		t.Fatalf("still refused after the window: %v", err)
	}

	// Credential stuffing from one gateway: past 10 failures the address may
	// try only the accounts that signed in from it before.
	th.Succeed("colleague@x.cn", "2.2.2.2", now)
	for i := range 10 {
		th.Fail(fmt.Sprintf("victim%d@x.cn", i), "2.2.2.2", now)
	}
	if !refused(th.Allow("another@x.cn", "2.2.2.2", now)) {
		t.Fatal("the stuffing address may still try new accounts")
	}
	if err := th.Allow("colleague@x.cn", "2.2.2.2", now); err != nil {
		t.Fatalf("a colleague behind the same gateway refused: %v", err)
	}
	if err := th.Allow("another@x.cn", "3.3.3.3", now); err != nil {
		t.Fatalf("another address refused: %v", err)
	}
	// A known address is forgotten after its time: a later spread attack
	// then keeps it out too.
	later := now.Add(account.KnownFor + time.Hour)
	for i := range 6 {
		th.Fail("owner@x.cn", fmt.Sprintf("8.8.9.%d", i), later)
	}
	if !refused(th.Allow("owner@x.cn", "10.0.0.1", later)) {
		t.Fatal("an address known 30 days ago is still let through")
	}
}
