//go:build testclock

package main

import (
	"encoding/json"
	"net"
	"net/http"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// In a test build only (go build -tags testclock): the served process's clock
// is the wall clock plus whatever the browser tests add with
// POST /_test/clock?advance=<duration> from loopback. Production builds
// (make build, the Dockerfile) never set the tag; TestClockControlOnlyInTestBuilds
// checks both builds.
func init() {
	testClock = &domain.OffsetClock{}
	testControl = func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/_test/clock" {
				next.ServeHTTP(w, r)
				return
			}
			host, _, _ := net.SplitHostPort(r.RemoteAddr)
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				http.NotFound(w, r)
				return
			}
			d, err := time.ParseDuration(r.URL.Query().Get("advance"))
			if r.Method != http.MethodPost || err != nil || d < 0 {
				http.Error(w, "POST /_test/clock?advance=<a positive Go duration, e.g. 3m>", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]time.Time{"now": testClock.Advance(d)})
		})
	}
}
