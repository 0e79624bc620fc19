package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// ownPostgres is a PostgreSQL server of the test's own (a fresh cluster in a
// temporary folder on a free loopback port) that the test may stop and start:
// the shared test database must stay up for the other packages. It keeps
// PostgreSQL's durable defaults (synchronous commit), unlike the shared one.
type ownPostgres struct {
	t      *testing.T
	bindir string
	dir    string
	port   string
	run    func(name string, args ...string) *exec.Cmd
}

func startOwnPostgres(t *testing.T) *ownPostgres {
	t.Helper()
	needPostgres(t)
	p := &ownPostgres{t: t, run: exec.Command, bindir: pgBindir()}
	if p.bindir == "" {
		t.Skip("the PostgreSQL server's programs (initdb, pg_ctl) are not installed here: the outage cannot be staged")
	}
	dir, err := os.MkdirTemp("", "portfolio-fault-pg")
	if err != nil {
		t.Fatal(err)
	}
	p.dir = dir
	if os.Getuid() == 0 { // initdb refuses root: the server runs as postgres
		if err := exec.Command("chown", "postgres", dir).Run(); err != nil {
			t.Fatalf("chown postgres %s: %v", dir, err)
		}
		p.run = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
		}
	}
	_, p.port, _ = net.SplitHostPort(freeAddr(t))
	if out, err := p.run(filepath.Join(p.bindir, "initdb"), "-D", dir+"/data", "-U", "postgres", "--auth=trust",
		"-E", "UTF8", "--locale=C.UTF-8").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		_ = p.run(filepath.Join(p.bindir, "pg_ctl"), "-D", dir+"/data", "-m", "immediate", "stop").Run()
		_ = os.RemoveAll(dir)
	})
	p.start()
	return p
}

func fileExists(path string) bool { _, err := os.Stat(path); return err == nil }

// pgBindir is the folder of PostgreSQL's server programs (initdb, pg_ctl,
// pg_dump, pg_restore of one version), as scripts/pg-throwaway.sh finds it;
// "" when they are not installed.
func pgBindir() string {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); fileExists(filepath.Join(d, "pg_ctl")) {
			return d
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	found := ""
	for _, d := range dirs {
		if fileExists(filepath.Join(d, "pg_ctl")) {
			found = d
		}
	}
	return found
}

func (p *ownPostgres) url() string {
	return "postgres://postgres@127.0.0.1:" + p.port + "/postgres?sslmode=disable"
}

func (p *ownPostgres) start() {
	p.t.Helper()
	if out, err := p.run(filepath.Join(p.bindir, "pg_ctl"), "-D", p.dir+"/data", "-l", p.dir+"/server.log", "-w", "-t", "60",
		"-o", "-c listen_addresses=127.0.0.1 -p "+p.port+" -k "+p.dir+" -c max_connections=100", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(p.dir + "/server.log")
		p.t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
}

// stop shuts the server down as an operator would (fast: sessions are ended,
// what committed is on disk).
func (p *ownPostgres) stop() {
	p.t.Helper()
	if out, err := p.run(filepath.Join(p.bindir, "pg_ctl"), "-D", p.dir+"/data", "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
		p.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

// write is one POST /fields a writer sent: its id, the status and when.
type write struct {
	id     string
	status int
	at     time.Time
	took   time.Duration
}

// fieldWriters runs n writers creating taxonomy fields on s until stop is
// closed (at most max each), returning every write.
func fieldWriters(s *server, token string, n, max int, prefix string, stop <-chan struct{}) func() []write {
	client := &http.Client{Timeout: 20 * time.Second}
	var mu sync.Mutex
	var all []write
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < max; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("%s_%d_%d", prefix, w, i)
				start := time.Now()
				status, _ := s.do(client, token, http.MethodPost, "/api/v1/fields", map[string]any{
					"id": id, "parent_id": "digital", "name": "故障" + id, "name_en": "Fault", "priority_315": false})
				mu.Lock()
				all = append(all, write{id: id, status: status, at: start, took: time.Since(start)})
				mu.Unlock()
				if status != http.StatusCreated {
					time.Sleep(20 * time.Millisecond) // a client backing off a little
				}
			}
		}()
	}
	return func() []write { wg.Wait(); return all }
}

// TestPostgresOutage: PostgreSQL stopped for 5 s under load and started
// again. /healthz stays 200 throughout; /readyz is 503 while it is down;
// writes fail fast with 503 (never a 500, never a hang); the same process
// recovers without a restart; every write answered 201 is in the database.
func TestPostgresOutage(t *testing.T) {
	pg := startOwnPostgres(t)
	bin := buildBinary(t)
	const email, password = "admin@outage.test", "Outage-test-2035"
	s := startServer(t, bin, freeAddr(t), "DATABASE_URL="+pg.url(), "PORTFOLIO_JWT_SECRET="+at.JWTSecret,
		"PORTFOLIO_ADMIN_EMAIL="+email, "PORTFOLIO_ADMIN_PASSWORD="+password, "PORTFOLIO_DEMO=0")
	token := s.login(t, email, password)

	stop := make(chan struct{})
	writes := fieldWriters(s, token, 8, 100_000, "outage", stop)
	type probe struct {
		path   string
		status int
		at     time.Time
	}
	var probes []probe
	probed := make(chan struct{})
	go func() {
		defer close(probed)
		client := &http.Client{Timeout: 5 * time.Second}
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			for _, path := range []string{"/healthz", "/readyz"} {
				start := time.Now()
				status := 0
				if r, err := client.Get(s.base + path); err == nil {
					status = r.StatusCode
					r.Body.Close()
				}
				probes = append(probes, probe{path, status, start})
			}
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	pg.stop()
	downAt := time.Now()
	time.Sleep(5 * time.Second)
	startAt := time.Now() // the server may accept connections before pg_ctl returns
	pg.start()
	upAt := time.Now()
	// Load goes on until writes succeed again (bounded).
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		r, err := http.Get(s.base + "/readyz")
		if err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	all := writes()
	<-probed

	if s.cmd.ProcessState != nil {
		t.Fatal("the server exited during the outage")
	}
	var ok, unavailable, after int
	var firstAfter time.Time
	var slowest time.Duration
	for _, w := range all {
		switch w.status {
		case http.StatusCreated:
			ok++
			if w.at.After(upAt) {
				after++
				if firstAfter.IsZero() || w.at.Before(firstAfter) {
					firstAfter = w.at
				}
			}
		case http.StatusServiceUnavailable:
			unavailable++
			if w.took > slowest {
				slowest = w.took
			}
		case 0:
			t.Errorf("a write got no answer within 20 s (hung or dropped), sent %s after the stop", w.at.Sub(downAt))
		default:
			t.Errorf("a write answered %d, %s after the stop (want 201 or 503)", w.status, w.at.Sub(downAt))
		}
	}
	if unavailable == 0 || after == 0 {
		t.Fatalf("%d writes answered 503 and %d succeeded after the restart: the outage did not show, or the app did not recover", unavailable, after)
	}
	readyDown := false
	for _, p := range probes {
		if p.path == "/healthz" && p.status != http.StatusOK {
			t.Errorf("/healthz answered %d %s after the stop: liveness must not follow the database", p.status, p.at.Sub(downAt))
		}
		if p.path == "/readyz" && p.at.After(downAt.Add(500*time.Millisecond)) && p.at.Before(startAt.Add(-200*time.Millisecond)) {
			if p.status != http.StatusServiceUnavailable {
				t.Errorf("/readyz answered %d while the database was down", p.status)
			}
			readyDown = true
		}
	}
	if !readyDown {
		t.Error("/readyz was never asked while the database was down")
	}
	// Nothing acknowledged is lost.
	db, err := store.Open(context.Background(), store.Config{URL: pg.url(), MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var acked []string
	for _, w := range all {
		if w.status == http.StatusCreated {
			acked = append(acked, w.id)
		}
	}
	var present int64
	for i := 0; i < len(acked); i += 500 {
		var n int64
		db.Gorm().Table("fields").Where("id IN ?", acked[i:min(i+500, len(acked))]).Count(&n)
		present += n
	}
	if present != int64(len(acked)) {
		t.Errorf("%d of %d acknowledged writes are in the database", present, len(acked))
	}
	t.Logf("%d writes: %d acknowledged (all present), %d answered 503 (slowest %s); writes succeeded again %s after the restart",
		len(all), ok, unavailable, slowest.Round(time.Millisecond), firstAfter.Sub(upAt).Round(time.Millisecond))
}

// TestKillMidWrite: a server killed (SIGKILL) under a load of writes that
// carry Idempotency-Keys. After a restart: every acknowledged write is there
// with its audit record and nothing else is (no half-written change); every
// key is usable again — a write whose answer was lost, sent again with its
// key, is created (or replayed) once; an acknowledged one sent again replays
// the same answer; the audit chain verifies.
func TestKillMidWrite(t *testing.T) {
	needPostgres(t)
	bin := buildBinary(t)
	url := storetest.PostgresURL(t)
	const email, password = "admin@kill.test", "Kill-test-2035"
	env := []string{"DATABASE_URL=" + url, "PORTFOLIO_JWT_SECRET=" + at.JWTSecret, "PORTFOLIO_ADMIN_EMAIL=" + email,
		"PORTFOLIO_ADMIN_PASSWORD=" + password, "PORTFOLIO_DEMO=0", "PORTFOLIO_AUDIT_SEAL_EVERY=50ms"}
	addr := freeAddr(t)
	s := startServer(t, bin, addr, env...)
	token := s.login(t, email, password)

	type sent struct {
		key, id string
		status  int
		body    []byte
	}
	send := func(s *server, client *http.Client, key, id string) (int, []byte) {
		req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/fields", strings.NewReader(fmt.Sprintf(
			`{"id":%q,"parent_id":"digital","name":"断电%s","name_en":"Kill","priority_315":false}`, id, id)))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		r, err := client.Do(req)
		if err != nil {
			return 0, nil
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, b
	}
	client := &http.Client{Timeout: 20 * time.Second}
	var mu sync.Mutex
	var all []sent
	var count atomic.Int64
	var killed sync.Once
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				key, id := fmt.Sprintf("kill-%d-%d", w, i), fmt.Sprintf("kill_%d_%d", w, i)
				status, body := send(s, client, key, id)
				mu.Lock()
				all = append(all, sent{key, id, status, body})
				mu.Unlock()
				if count.Add(1) == 200 {
					killed.Do(s.kill) // mid-load: requests in flight are cut off
				}
				if status == 0 {
					return // the server is gone
				}
			}
		}()
	}
	wg.Wait()
	s = startServer(t, bin, addr, env...)
	token = s.login(t, email, password)

	var acked, lost int
	for _, x := range all {
		switch x.status {
		case http.StatusCreated:
			acked++
			// Sent again with its key: the same answer, replayed.
			status, body := send(s, client, x.key, x.id)
			if status != http.StatusCreated || !bytes.Equal(body, x.body) {
				t.Errorf("%s sent again: %d %s, want the first answer replayed", x.key, status, body)
			}
		case 0:
			lost++
			// Its answer was lost: the key is usable again and the write happens once.
			if status, body := send(s, client, x.key, x.id); status != http.StatusCreated {
				t.Errorf("%s, whose answer was lost, sent again: %d %s", x.key, status, body)
			}
		default:
			t.Errorf("%s answered %d %s", x.key, x.status, x.body)
		}
	}
	if acked == 0 || lost == 0 {
		t.Fatalf("%d acknowledged, %d cut off: the kill did not land mid-load", acked, lost)
	}
	db, err := store.Open(context.Background(), store.Config{URL: url, MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var fields, records int64
	db.Gorm().Table("fields").Where("id LIKE 'kill\\_%'").Count(&fields)
	db.Gorm().Table("audit_records").Where("entity = 'field' AND entity_id LIKE 'kill\\_%'").Count(&records)
	if fields != int64(acked+lost) || records != fields {
		t.Errorf("%d fields with %d audit records after %d acknowledged and %d retried writes", fields, records, acked, lost)
	}
	verifyAuditChain(t, func(path string) (int, []byte) {
		return s.do(client, token, http.MethodGet, path, nil)
	}, db)
	t.Logf("killed after 200 writes: %d acknowledged, %d cut off and sent again with their keys", acked, lost)
}

// TestGracefulShutdown: on SIGTERM the server stops accepting connections at
// once, finishes the request in flight (whose body is still arriving) and
// exits 0 well within Kubernetes' grace period.
func TestGracefulShutdown(t *testing.T) {
	bin := buildBinary(t)
	const email, password = "admin@drain.test", "Drain-test-2035"
	addr := freeAddr(t)
	s := startServer(t, bin, addr, "DATABASE_URL=", "PORTFOLIO_DATA_DIR="+t.TempDir(), "PORTFOLIO_DEMO=0",
		"PORTFOLIO_ADMIN_EMAIL="+email, "PORTFOLIO_ADMIN_PASSWORD="+password, "PORTFOLIO_LOG_LEVEL=info")
	token := s.login(t, email, password)
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()

	body, writer := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/fields", body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	answered := make(chan int, 1)
	go func() {
		r, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
		if err != nil {
			answered <- 0
			return
		}
		r.Body.Close()
		answered <- r.StatusCode
	}()
	payload := `{"id":"drain_1","parent_id":"digital","name":"排空","name_en":"Drain","priority_315":false}`
	if _, err := writer.Write([]byte(payload[:20])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the request is in the handler, reading its body
	termAt := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// New connections are refused while the request in flight goes on.
	refused := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			refused = true
			break
		}
		c.Close()
	}
	if !refused {
		t.Fatal("the server still accepts connections 5 s after SIGTERM")
	}
	select {
	case err := <-exited:
		t.Fatalf("the server exited (%v) with a request in flight", err)
	default:
	}
	time.Sleep(time.Second) // a slow client
	if _, err := writer.Write([]byte(payload[20:])); err != nil {
		t.Fatal(err)
	}
	writer.Close()
	if status := <-answered; status != http.StatusCreated {
		t.Fatalf("the request in flight answered %d, want 201", status)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, s.logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("still running 30 s after the request in flight finished:\n%s", s.logs.String())
	}
	if !strings.Contains(s.logs.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", s.logs.String())
	}
	t.Logf("SIGTERM with a request in flight: refused new connections, finished it, exited 0 %s after the signal",
		time.Since(termAt).Round(time.Millisecond))
}

// TestObjectStoreDown: with the S3 store unreachable, uploads answer 503 and
// record nothing, while the rest of the app keeps working; once it is back,
// uploads work again and the earlier documents are intact.
func TestObjectStoreDown(t *testing.T) {
	needPostgres(t)
	bin := buildBinary(t)
	url := storetest.PostgresURL(t)
	s3 := startS3(t)
	s := startServer(t, bin, freeAddr(t), append([]string{"DATABASE_URL=" + url, "PORTFOLIO_JWT_SECRET=" + at.JWTSecret,
		"PORTFOLIO_DEMO=0"}, s3.env()...)...)
	db, err := store.Open(context.Background(), store.Config{URL: url, MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e := at.New(t, db)
	e.Clock.Set(time.Now())
	e.UseServers(&http.Client{Timeout: 60 * time.Second}, s.base)
	w := e.NewWorld()
	pid := w.Proposal(w.Institute, "对象存储故障")
	path := "/api/v1/projects/" + pid + "/documents"
	content := bytes.Repeat([]byte("%PDF-1.4 before the outage\n"), 4000)
	first := at.Expect(t, e.Upload(w.Institute.Token, path, "故障前.pdf", "evidence", content), http.StatusCreated).ID(t)
	documents := func() int64 {
		var n int64
		db.Gorm().Table("documents").Where("parent_type = 'project' AND parent_id = ?", pid).Count(&n)
		return n
	}

	s3.down()
	start := time.Now()
	r := e.Upload(w.Institute.Token, path, "故障中.pdf", "evidence", bytes.Repeat([]byte("%PDF-1.4 during\n"), 4000))
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("an upload with the store down answered %d %s, want 503", r.Status, r.Body)
	}
	took := time.Since(start)
	if n := documents(); n != 1 {
		t.Errorf("%d documents recorded after a failed upload, want 1", n)
	}
	// The rest of the app works.
	at.Expect(t, e.Get(w.Institute.Token, "/api/v1/projects/"+pid), http.StatusOK)
	at.Expect(t, e.Get(w.Institute.Token, path), http.StatusOK)
	at.Expect(t, e.Post(w.Institute.Token, "/api/v1/projects", at.ProposalBody("存储故障期间的立项申请")), http.StatusCreated)
	if r := e.Get(w.Institute.Token, "/api/v1/documents/"+first+"/content"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("a download with the store down answered %d, want 503", r.Status)
	}

	s3.up()
	at.Expect(t, e.Upload(w.Institute.Token, path, "恢复后.pdf", "evidence", []byte("%PDF-1.4 after")), http.StatusCreated)
	r = at.Expect(t, e.Get(w.Institute.Token, "/api/v1/documents/"+first+"/content"), http.StatusOK)
	if !bytes.Equal(r.Body, content) {
		t.Error("the document stored before the outage changed")
	}
	if n := documents(); n != 2 {
		t.Errorf("%d documents recorded, want 2", n)
	}
	t.Logf("with the object store down an upload answered 503 in %s; reads and other writes went on", took.Round(time.Millisecond))
}
