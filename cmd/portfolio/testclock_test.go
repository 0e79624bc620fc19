package main

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestClockControlOnlyInTestBuilds: the browser tests' clock control exists in
// a binary built with the testclock tag and in no other. The binary every
// other test (and make build, and the Dockerfile) builds has no such route,
// whatever its configuration; the tagged one moves its clock forward on a
// loopback request, so a deadline passes without waiting for it.
func TestClockControlOnlyInTestBuilds(t *testing.T) {
	if testClock != nil || testControl != nil {
		t.Fatal("this test binary was built with the testclock tag: production code must not be")
	}
	env := []string{"DATABASE_URL=", "PORTFOLIO_DEMO=0"}
	normal := startServer(t, buildBinary(t), freeAddr(t), append(env, "PORTFOLIO_DATA_DIR="+t.TempDir())...)
	r, err := http.Post(normal.base+"/_test/clock?advance=1h", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode < 400 {
		t.Fatalf("the production build answers the clock control: %d", r.StatusCode)
	}

	tagged := filepath.Join(t.TempDir(), "portfolio-testclock")
	if out, err := exec.Command("go", "build", "-tags", "testclock", "-o", tagged, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -tags testclock: %v\n%s", err, out)
	}
	test := startServer(t, tagged, freeAddr(t), append(env, "PORTFOLIO_DATA_DIR="+t.TempDir())...)
	before := time.Now()
	r, err = http.Post(test.base+"/_test/clock?advance=72h", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Now time.Time }
	_ = json.NewDecoder(r.Body).Decode(&got)
	r.Body.Close()
	if r.StatusCode != http.StatusOK || got.Now.Sub(before) < 72*time.Hour {
		t.Fatalf("the test build's clock: %d, now %v", r.StatusCode, got.Now)
	}
	if r, err := http.Get(test.base + "/_test/clock?advance=1h"); err == nil {
		r.Body.Close()
		if r.StatusCode != http.StatusBadRequest {
			t.Fatalf("GET moves the clock: %d", r.StatusCode)
		}
	}
}
