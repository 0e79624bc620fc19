package handlers_test

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestLogsCarryNoSecrets: failures that reach the database with secrets in
// their parameters — a duplicate registration (a password hash), duplicate
// bids racing (sealed content), sign-in and refresh (tokens) — leave no
// parameter value, password, hash, token or bid content in any log line.
func TestLogsCarryNoSecrets(t *testing.T) {
	for _, d := range storetest.Drivers(t) {
		t.Run(d.Name, func(t *testing.T) {
			var logs at.LogBuffer
			env := at.NewLogged(t, d.OpenLogged(t, logs.Logger()), logs.Logger())
			w := env.NewWorld()

			const password = "Secret-pass-word-77"
			reg := registration("日志研究院", org.WithCheckChar("12330200MB0100077"), "log@example.cn")
			reg["user"].(map[string]any)["password"] = password
			at.Expect(t, env.Post("", "/api/v1/auth/register", reg), 201)
			// Duplicates, one after the other and racing: the unique index refuses them.
			var wg sync.WaitGroup
			for i := 0; i < 8; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					r := reg
					if i%2 == 1 {
						r = registration("日志研究院二", org.WithCheckChar("12330200MB0100078"), "log@example.cn")
						r["user"].(map[string]any)["password"] = password
					}
					if got := env.Post("", "/api/v1/auth/register", r); got.Status != 409 {
						t.Errorf("duplicate registration: %s", got)
					}
				}(i)
			}
			wg.Wait()

			var tok struct{ AccessToken, RefreshToken string }
			at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]string{"email": "log@example.cn", "password": password}), 200).
				JSON(t, &struct {
					AccessToken  *string `json:"access_token"`
					RefreshToken *string `json:"refresh_token"`
				}{&tok.AccessToken, &tok.RefreshToken})
			at.Expect(t, env.Post("", "/api/v1/auth/refresh", map[string]string{"refresh_token": tok.RefreshToken}), 200)
			at.Expect(t, env.Post("", "/api/v1/auth/refresh", map[string]string{"refresh_token": tok.RefreshToken}), 401)

			const sealed = "SEALED-bid-content-密封内容"
			ch := w.Published(w.Enterprise, "日志挑战", time.Hour)
			body := at.BidBody()
			body["summary"] = sealed
			created := 0
			var mu sync.Mutex
			for i := 0; i < 12; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got := env.Post(w.Institute.Token, "/api/v1/challenges/"+ch+"/bids", body)
					mu.Lock()
					defer mu.Unlock()
					if got.Status == 201 {
						created++
					} else if got.Status != 409 {
						t.Errorf("duplicate bid: %s", got)
					}
				}()
			}
			wg.Wait()
			if created != 1 {
				t.Fatalf("%d bids created, want 1", created)
			}

			out := logs.String()
			if !strings.Contains(out, "msg=request") {
				t.Fatal("nothing was logged: the test would prove nothing")
			}
			for name, secret := range map[string]string{"password": password, "bid content": sealed,
				"access token": tok.AccessToken, "refresh token": tok.RefreshToken, "email": "log@example.cn"} {
				if strings.Contains(out, secret) {
					t.Errorf("the log carries the %s:\n%s", name, excerpt(out, secret))
				}
			}
			if m := regexp.MustCompile(`\$2[aby]\$\d\d\$[./A-Za-z0-9]{20,}`).FindString(out); m != "" {
				t.Errorf("the log carries a bcrypt hash:\n%s", excerpt(out, m))
			}
		})
	}
}

func excerpt(s, sub string) string {
	i := strings.Index(s, sub)
	lo, hi := max(0, i-300), min(len(s), i+len(sub)+100)
	return s[lo:hi]
}
