package handlers_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

func TestIdempotencyKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		cast := env.NewCast()
		body := func(email string) map[string]any {
			return map[string]any{"email": email, "password": "a-long-password", "name": "幂等", "role": "expert",
				"organization_id": cast.Institute.OrgID}
		}
		post := func(key string, b any, token string) *at.Response {
			return env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/users", Token: token, Body: b,
				Headers: map[string]string{"Idempotency-Key": key}})
		}
		countUsers := func(email string) int64 {
			var n int64
			db.Gorm().Table("users").Where("email = ?", email).Count(&n)
			return n
		}

		first := at.Expect(t, post("k1", body("idem1@example.cn"), cast.Admin.Token), 201)
		again := at.Expect(t, post("k1", body("idem1@example.cn"), cast.Admin.Token), 201)
		if string(first.Body) != string(again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay differs:\n%s\n%s", first.Body, again.Body)
		}
		if countUsers("idem1@example.cn") != 1 {
			t.Fatal("the retried create made a second user")
		}
		// The same key with another body is refused.
		at.Expect(t, post("k1", body("idem2@example.cn"), cast.Admin.Token), 422)
		if countUsers("idem2@example.cn") != 0 {
			t.Fatal("a refused replay created a user")
		}
		// Keys are per user: another admin's k1 is a new request.
		admin2 := env.NewUser("admin", cast.Admin.OrgID)
		at.Expect(t, post("k1", body("idem3@example.cn"), admin2.Token), 201)
		// A final error is remembered too; without a key, nothing is remembered.
		bad := map[string]any{"email": "x", "password": "y", "name": "z", "role": "king", "organization_id": "no"}
		at.Expect(t, post("k-bad", bad, cast.Admin.Token), 422)
		if r := at.Expect(t, post("k-bad", bad, cast.Admin.Token), 422); r.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatal("the 422 was not replayed")
		}

		// Concurrent duplicates: exactly one user.
		const n = 12
		var wg sync.WaitGroup
		statuses := make([]int, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				statuses[i] = post("k-race", body("race@example.cn"), cast.Admin.Token).Status
			}(i)
		}
		wg.Wait()
		created := 0
		for _, s := range statuses {
			switch s {
			case 201:
				created++
			case 409: // the first was still running
			default:
				t.Fatalf("concurrent duplicate got %d (%v)", s, statuses)
			}
		}
		if created == 0 || countUsers("race@example.cn") != 1 {
			t.Fatalf("concurrent duplicates: statuses %v, users %d", statuses, countUsers("race@example.cn"))
		}

		// Past 24 hours the key is forgotten.
		env.Clock.Advance(25 * 60 * 60 * 1e9)
		fresh := env.Login(cast.Admin.Email, cast.Admin.ID, cast.Admin.OrgID, cast.Admin.Role)
		r := post("k1", body(fmt.Sprintf("idem-late%d@example.cn", 1)), fresh.Token)
		at.Expect(t, r, 201)
	})
}

// TestIdempotencyKeyAfterACrash: a request that dies after its key was taken
// but before its work committed (the server killed) leaves the key usable at
// once — it used to answer 409 "still being processed" for 24 hours — and the
// retry does the work exactly once; a request that dies after the commit
// replays.
func TestIdempotencyKeyAfterACrash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		create := func(key string) *at.Response {
			return env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/challenges", Token: w.Enterprise.Token,
				Body: at.ChallengeBody("崩溃后重试的榜单"), Headers: map[string]string{"Idempotency-Key": key}})
		}
		count := func() int64 {
			var n int64
			if err := db.Gorm().Table("challenges").Where("title = ?", "崩溃后重试的榜单").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Each clock read of the request, one after the other, is where it dies.
		for crashAt := 1; crashAt <= 4; crashAt++ {
			key := fmt.Sprintf("crash-%d", crashAt)
			env.CrashAfter(crashAt)
			if r := create(key); r.Status != 0 {
				t.Fatalf("crash at clock read %d: the request answered %s", crashAt, r)
			}
			env.CrashAfter(0)
			if n := count(); n != int64(crashAt-1) {
				t.Fatalf("crash at clock read %d: %d challenges stored, want %d (nothing of the dead request)", crashAt, n, crashAt-1)
			}
			first := at.Expect(t, create(key), 201)
			again := at.Expect(t, create(key), 201)
			if string(first.Body) != string(again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("the retry after the crash does not replay:\n%s\n%s", first.Body, again.Body)
			}
			if n := count(); n != int64(crashAt) {
				t.Fatalf("after the retry %d challenges stored, want %d", n, crashAt)
			}
		}
	})
}
