package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/kcyj2035/portfolio/internal/bench/ceiling"
	"github.com/kcyj2035/portfolio/internal/store"
)

// benchConfig is what `loadtool bench` was asked for.
type benchConfig struct {
	bin      string        // the portfolio binary
	scale    float64       // the data, as portfolio seed --scale
	duration time.Duration // per path and run
	runs     int
	workers  int
	sqlite   bool
	pprof    string // a directory: a CPU profile of the server per path
	only     *regexp.Regexp
}

// bench drives the hot paths of a freshly seeded server, each next to its
// ceiling, and prints one table of medians.
func bench(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var c benchConfig
	fs.StringVar(&c.bin, "bin", "", "the portfolio binary to start (required)")
	fs.Float64Var(&c.scale, "scale", 1, "the data: portfolio seed --scale N")
	fs.DurationVar(&c.duration, "duration", 5*time.Second, "how long each path is driven per run")
	fs.IntVar(&c.runs, "runs", 3, "runs per path; the table shows medians")
	fs.IntVar(&c.workers, "c", 32, "concurrent connections (closed loop, as wrk -c)")
	fs.BoolVar(&c.sqlite, "sqlite", false, "the embedded database instead of PostgreSQL (TEST_DATABASE_URL)")
	fs.StringVar(&c.pprof, "pprof", "", "write a 5 s CPU profile of the server per path into this directory")
	only := fs.String("only", "", "drive only the paths whose names match this regular expression (and the ceilings)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if c.only, err = regexp.Compile(*only); err != nil {
		return fmt.Errorf("-only: %w", err)
	}
	if c.bin == "" {
		return errors.New("-bin is required: the portfolio binary (make bench builds it)")
	}
	if c.runs < 1 || c.workers < 1 || c.duration < time.Second {
		return errors.New("-runs and -c must be at least 1, -duration at least 1s")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir, err := os.MkdirTemp("", "portfolio-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	env := []string{"PORTFOLIO_LOG_LEVEL=warn", "PORTFOLIO_JWT_SECRET=bench-secret-0123456789abcdef-0123456789"}
	var dsn string // what the ceilings and this tool connect to
	if c.sqlite {
		env = append(env, "DATABASE_URL=", "PORTFOLIO_DATA_DIR="+filepath.Join(dir, "data"))
		dsn = filepath.Join(dir, "data", "portfolio.db")
	} else {
		admin := os.Getenv("TEST_DATABASE_URL")
		if admin == "" {
			return errors.New("set TEST_DATABASE_URL to a PostgreSQL server the tool may create a database on (make bench starts one)")
		}
		if dsn, err = createDatabase(ctx, admin, fmt.Sprintf("bench_%d", time.Now().Unix())); err != nil {
			return err
		}
		env = append(env, "DATABASE_URL="+dsn)
	}

	fmt.Printf("== seeding: portfolio seed --scale %g (%s)\n", c.scale, map[bool]string{true: "SQLite", false: "PostgreSQL"}[c.sqlite])
	seedCmd := exec.CommandContext(ctx, c.bin, "seed", "--scale", strconv.FormatFloat(c.scale, 'g', -1, 64))
	seedCmd.Env, seedCmd.Stdout, seedCmd.Stderr = append(os.Environ(), env...), os.Stdout, os.Stderr
	if err := seedCmd.Run(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}

	addr, metricsAddr, ceilAddr := freeAddr(), freeAddr(), freeAddr()
	serverEnv := append(env, "PORTFOLIO_ADDR="+addr, "PORTFOLIO_METRICS_ADDR="+metricsAddr, "PORTFOLIO_PPROF=1")
	srv, err := startProcess(ctx, c.bin, []string{"serve"}, serverEnv, "http://"+addr+"/readyz")
	if err != nil {
		return err
	}
	defer srv.stop()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	ceil, err := startProcess(ctx, self, []string{"ceiling", "-dsn", dsn, "-addr", ceilAddr}, nil, "http://"+ceilAddr+"/noop")
	if err != nil {
		return err
	}
	defer ceil.stop()

	h := &harness{cfg: c, base: "http://" + addr, ceiling: "http://" + ceilAddr, metrics: "http://" + metricsAddr, dsn: dsn}
	if err := h.prepare(ctx); err != nil {
		return err
	}
	var paths []path
	for _, p := range h.paths() {
		if strings.HasPrefix(p.name, "ceiling:") || c.only.MatchString(p.name) {
			paths = append(paths, p)
		}
	}
	results := map[string][]sample{}
	for run := 1; run <= c.runs; run++ {
		fmt.Printf("== run %d of %d (%s per path, %d connections)\n", run, c.runs, c.duration, c.workers)
		for _, p := range paths {
			pid := srv.cmd.Process.Pid
			if p.onCeiling {
				pid = ceil.cmd.Process.Pid
			}
			s, err := h.measure(ctx, p, pid, run)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			fmt.Printf("   %-34s %8.0f/s  p50 %-9s p99 %-9s errors %5.2f%%\n", p.name, s.rps, round(s.p50), round(s.p99), 100*s.errors)
			results[p.name] = append(results[p.name], s)
		}
	}
	fmt.Println()
	fmt.Printf("Data: %s. Machine: %d cores. %d runs of %s per path, %d connections; medians.\n\n",
		h.dataSize, runtime.NumCPU(), c.runs, c.duration, c.workers)
	printTable(os.Stdout, paths, results)
	return nil
}

// path is one hot path driven for a while.
type path struct {
	name      string
	target    vegeta.Targeter // nil: raw commits (not HTTP)
	workers   int             // 0: the configured number
	onCeiling bool            // served by the ceiling process
	ceiling   string          // the path whose rate this one is compared with
}

type sample struct {
	rps, errors   float64
	p50, p95, p99 time.Duration
	cpuPerReq     time.Duration
	peakRSS       int64 // KiB
	requests      uint64
}

// harness holds what the paths need: tokens, ids, cursors.
type harness struct {
	cfg                               benchConfig
	base, ceiling, metrics, dsn       string
	dataSize                          string
	pm, institute, enterprise, expert string
	bidders                           []string // tokens of demo institutes
	enterpriseOrg, enterpriseUser     string
	cursor1000, cursorID1000          string
	challengeIDs                      []string
	bidPairs                          []bidPair
	scoreBids                         []string
	field                             string
	drafts                            atomic.Int64
}

type bidPair struct{ token, challenge string }

func (h *harness) prepare(ctx context.Context) error {
	tokens := map[string]*string{"pm": &h.pm, "nbu": &h.institute, "geely": &h.enterprise, "expert1": &h.expert}
	for who, into := range tokens {
		tok, err := login(h.base, who+"@demo.kcyj2035.cn")
		if err != nil {
			return err
		}
		*into = tok
	}
	for _, who := range []string{"nbu", "yjlab", "nimte", "geely", "orient", "joyson"} {
		tok, err := login(h.base, who+"@demo.kcyj2035.cn")
		if err != nil {
			return err
		}
		h.bidders = append(h.bidders, tok)
	}
	db, err := openStore(ctx, h.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	g := db.Gorm().WithContext(ctx)
	var counts struct{ Orgs, Challenges, Bids, Projects, Audit int64 }
	g.Raw(`SELECT (SELECT COUNT(*) FROM organizations) AS orgs, (SELECT COUNT(*) FROM challenges) AS challenges,
		(SELECT COUNT(*) FROM bids) AS bids, (SELECT COUNT(*) FROM projects) AS projects,
		(SELECT COUNT(*) FROM audit_records) AS audit`).Scan(&counts)
	h.dataSize = fmt.Sprintf("%s, %d organizations, %d challenges, %d bids, %d projects, %d audit records",
		db.Dialect(), counts.Orgs, counts.Challenges, counts.Bids, counts.Projects, counts.Audit)
	fmt.Println("   data:", h.dataSize)

	if err := g.Table("challenges").Where("status IN ('published', 'closed', 'awarded')").Order("id DESC").Limit(2000).
		Pluck("id", &h.challengeIDs).Error; err != nil {
		return err
	}
	if err := g.Table("fields").Where("parent_id IS NOT NULL").Order("id").Limit(1).Pluck("id", &h.field).Error; err != nil {
		return err
	}
	var geely []struct{ OrgID, UserID string }
	g.Raw(`SELECT u.organization_id AS org_id, u.id AS user_id FROM users u WHERE u.email = 'geely@demo.kcyj2035.cn'`).Scan(&geely)
	if len(geely) != 1 {
		return errors.New("the demo enterprise account is missing")
	}
	h.enterpriseOrg, h.enterpriseUser = geely[0].OrgID, geely[0].UserID
	// Open challenges each demo institute and enterprise may bid on once (all
	// CN organizations, none owns a synthetic challenge: no refusal expected).
	var open []string
	if err := g.Table("challenges").Where("status = 'published' AND bid_deadline > ? AND global_bidding = ?", time.Now().Add(24*time.Hour), false).
		Where("owner_id NOT IN (SELECT organization_id FROM users WHERE email LIKE ?)", "%@demo.kcyj2035.cn").
		Order("id").Pluck("id", &open).Error; err != nil {
		return err
	}
	for _, c := range open {
		for _, t := range h.bidders {
			h.bidPairs = append(h.bidPairs, bidPair{t, c})
		}
	}
	rand.New(rand.NewPCG(2035, 1)).Shuffle(len(h.bidPairs), func(i, j int) { h.bidPairs[i], h.bidPairs[j] = h.bidPairs[j], h.bidPairs[i] })
	// Bids the demo expert scores: the program manager assigns the three demo
	// experts to a closed synthetic challenge with many bids, as in real review.
	var review struct{ ID string }
	g.Raw(`SELECT c.id FROM challenges c WHERE c.status = 'closed' AND c.live_bids >= 10 ORDER BY c.id DESC LIMIT 1`).Scan(&review)
	var experts []string
	g.Table("users").Where("email IN ?", []string{"expert1@demo.kcyj2035.cn", "expert2@demo.kcyj2035.cn", "expert3@demo.kcyj2035.cn"}).
		Order("email").Pluck("id", &experts)
	if review.ID != "" && len(experts) == 3 {
		if err := postJSON(h.base+"/api/v1/challenges/"+review.ID+"/reviewers", h.pm, map[string]any{"user_ids": experts}); err != nil {
			return fmt.Errorf("assigning reviewers: %w", err)
		}
		g.Table("bids").Where("challenge_id = ? AND status = 'submitted'", review.ID).Order("id").Pluck("id", &h.scoreBids)
	}

	// The cursor of the board's page 1,000 (20 per page), walked as a reader would.
	after := ""
	for page := 1; page < 1000; page++ {
		var p struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		if err := getJSON(h.base+"/api/v1/challenges?limit=20&after="+url.QueryEscape(after), "", &p); err != nil {
			return fmt.Errorf("walking the board: %w", err)
		}
		if p.NextCursor == "" {
			fmt.Printf("   the board has only %d pages: page 1,000 is its last\n", page)
			break
		}
		after, h.cursorID1000 = p.NextCursor, p.Items[len(p.Items)-1].ID
	}
	h.cursor1000 = after
	return nil
}

func (h *harness) paths() []path {
	get := func(url, token string) vegeta.Targeter {
		hdr := http.Header{}
		if token != "" {
			hdr.Set("Authorization", "Bearer "+token)
		}
		return vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: url, Header: hdr})
	}
	var next atomic.Int64
	challengePage := func(t *vegeta.Target) error {
		i := next.Add(1)
		t.Method, t.URL = http.MethodGet, h.base+"/api/v1/challenges/"+h.challengeIDs[int(i)%len(h.challengeIDs)]
		return nil
	}
	var bidNext atomic.Int64
	bidBody := mustJSON(map[string]any{"summary": "压测揭榜方案", "approach": "分阶段攻关，联合验证。",
		"team": map[string]any{"lead_scientist": "压测负责人", "size": 8}, "partner_ids": []string{}, "budget": 500_000,
		"duration_months": 18, "milestones": []map[string]any{{"title": "样机", "month": 12, "deliverable": "样机"}}, "accept_terms": true})
	createBid := func(t *vegeta.Target) error {
		i := int(bidNext.Add(1)) - 1
		if i >= len(h.bidPairs) {
			return vegeta.ErrNoTargets
		}
		p := h.bidPairs[i]
		t.Method, t.URL, t.Body = http.MethodPost, h.base+"/api/v1/challenges/"+p.challenge+"/bids", bidBody
		t.Header = http.Header{"Authorization": {"Bearer " + p.token}, "Content-Type": {"application/json"}}
		return nil
	}
	createDraft := func(t *vegeta.Target) error {
		n := h.drafts.Add(1)
		t.Method, t.URL = http.MethodPost, h.base+"/api/v1/challenges"
		t.Body = mustJSON(map[string]any{"title": fmt.Sprintf("压测草稿挑战 %07d", n),
			"problem": "压测：高压海缆绝缘材料长期运行老化，需要研制新型绝缘料。", "field_id": h.field,
			"indicators":   []map[string]string{{"name": "击穿场强", "target": "≥ 45", "unit": "kV/mm"}},
			"deliverables": "配方与样品", "enterprise_commitment": 8_000_000, "requested_support": 4_000_000, "duration_months": 24,
			"ip_terms": "归出题企业所有", "trl_start": 3, "trl_target": 7, "eligible_org_types": []string{}, "global": false})
		t.Header = http.Header{"Authorization": {"Bearer " + h.enterprise}, "Content-Type": {"application/json"}}
		return nil
	}
	var scoreNext atomic.Int64
	saveScore := func(t *vegeta.Target) error {
		if len(h.scoreBids) == 0 {
			return vegeta.ErrNoTargets
		}
		i := scoreNext.Add(1)
		t.Method, t.URL = http.MethodPut, h.base+"/api/v1/bids/"+h.scoreBids[int(i)%len(h.scoreBids)]+"/score"
		t.Body = mustJSON(map[string]any{"technical": 30 + int(i%10), "feasibility": 20, "team": 15, "budget": 8, "comment": "压测评分"})
		t.Header = http.Header{"Authorization": {"Bearer " + h.expert}, "Content-Type": {"application/json"}}
		return nil
	}
	board := h.base + "/api/v1/challenges?limit=20"
	gzipped := func(tr vegeta.Targeter) vegeta.Targeter {
		return func(t *vegeta.Target) error {
			err := tr(t)
			t.Header = t.Header.Clone()
			t.Header.Set("Accept-Encoding", "gzip")
			return err
		}
	}
	return []path{
		{name: "ceiling: Echo no-op", target: get(h.ceiling+"/noop", ""), onCeiling: true},
		{name: "ceiling: bare board, page 1", target: get(h.ceiling+"/board?limit=20", ""), onCeiling: true},
		{name: "ceiling: bare board, page 1,000", target: get(h.ceiling+"/board?limit=20&after="+url.QueryEscape(h.cursorID1000), ""), onCeiling: true},
		{name: "ceiling: raw commits (2 inserts)"},
		{name: "board, page 1", target: get(board, ""), ceiling: "ceiling: bare board, page 1"},
		{name: "board, page 1, gzip", target: gzipped(get(board, "")), ceiling: "ceiling: bare board, page 1"},
		{name: "board, page 1,000", target: get(board+"&after="+url.QueryEscape(h.cursor1000), ""), ceiling: "ceiling: bare board, page 1,000"},
		{name: "board, search 海缆绝缘材料", target: get(board+"&q="+url.QueryEscape("海缆绝缘材料"), ""), ceiling: "ceiling: Echo no-op"},
		{name: "board, field + status", target: get(board+"&field="+h.field+"&status=closed", ""), ceiling: "ceiling: Echo no-op"},
		{name: "a challenge's page", target: challengePage, ceiling: "ceiling: Echo no-op"},
		{name: "projects, program manager", target: get(h.base+"/api/v1/projects?limit=20", h.pm), ceiling: "ceiling: Echo no-op"},
		{name: "projects, institute", target: get(h.base+"/api/v1/projects?limit=20", h.institute), ceiling: "ceiling: Echo no-op"},
		{name: "summary, anonymous", target: get(h.base+"/api/v1/portfolio/summary", ""), ceiling: "ceiling: Echo no-op"},
		{name: "summary, program manager", target: get(h.base+"/api/v1/portfolio/summary", h.pm), ceiling: "ceiling: Echo no-op"},
		{name: "bids created", target: createBid, ceiling: "ceiling: raw commits (2 inserts)"},
		{name: "drafts created", target: createDraft, ceiling: "ceiling: raw commits (2 inserts)"},
		{name: "scores saved", target: saveScore, ceiling: "ceiling: raw commits (2 inserts)"},
		{name: "export of the projects (.xlsx)", target: get(h.base+"/api/v1/portfolio/export?what=projects", h.pm), workers: 2},
	}
}

func (h *harness) measure(ctx context.Context, p path, pid, run int) (sample, error) {
	workers := h.cfg.workers
	if p.workers > 0 {
		workers = p.workers
	}
	if p.target == nil { // raw commits, in this process
		n, err := ceiling.Commits(ctx, h.dsn, h.enterpriseOrg, h.enterpriseUser, min(workers, 16), h.cfg.duration, 0)
		return sample{rps: float64(n) / h.cfg.duration.Seconds(), requests: uint64(n)}, err
	}
	resetPeak(pid)
	cpu0 := cpuTime(pid)
	var profile chan error
	if h.cfg.pprof != "" && !p.onCeiling && run == 1 {
		profile = make(chan error, 1)
		go func() { profile <- h.profile(p.name) }()
	}
	// As wrk does, the client asks for no compression (the bare handlers do not
	// compress): one path asks for gzip to show what compressing costs.
	target := func(t *vegeta.Target) error {
		if err := p.target(t); err != nil {
			return err
		}
		if t.Header.Get("Accept-Encoding") == "" {
			t.Header = t.Header.Clone()
			if t.Header == nil {
				t.Header = http.Header{}
			}
			t.Header.Set("Accept-Encoding", "identity")
		}
		return nil
	}
	atk := vegeta.NewAttacker(vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(uint64(workers)),
		vegeta.Connections(workers), vegeta.KeepAlive(true), vegeta.Timeout(2*time.Minute))
	var m vegeta.Metrics
	for res := range atk.Attack(target, vegeta.ConstantPacer{}, h.cfg.duration, p.name) {
		m.Add(res)
	}
	m.Close()
	if profile != nil {
		if err := <-profile; err != nil {
			fmt.Fprintln(os.Stderr, "   profile:", err)
		}
	}
	s := sample{rps: m.Throughput, errors: 1 - m.Success, p50: m.Latencies.P50, p95: m.Latencies.P95, p99: m.Latencies.P99,
		peakRSS: peakKiB(pid), requests: m.Requests}
	if m.Requests > 0 {
		s.cpuPerReq = (cpuTime(pid) - cpu0) / time.Duration(m.Requests)
	}
	if m.Success < 1 && len(m.Errors) > 0 {
		fmt.Printf("   %s: %s\n", p.name, strings.Join(m.Errors[:min(3, len(m.Errors))], "; "))
	}
	return s, nil
}

// profile takes a CPU profile of the server while a path is driven.
func (h *harness) profile(name string) error {
	secs := max(1, int(h.cfg.duration.Seconds())-1)
	resp, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", h.metrics, secs))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := os.MkdirAll(h.cfg.pprof, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(h.cfg.pprof, slug(name)+".pprof"))
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

func printTable(w io.Writer, paths []path, results map[string][]sample) {
	med := func(name string, f func(sample) float64) float64 {
		var xs []float64
		for _, s := range results[name] {
			xs = append(xs, f(s))
		}
		slices.Sort(xs)
		if len(xs) == 0 {
			return 0
		}
		return xs[len(xs)/2]
	}
	dur := func(name string, f func(sample) time.Duration) time.Duration {
		return time.Duration(med(name, func(s sample) float64 { return float64(f(s)) }))
	}
	fmt.Fprintln(w, "| path | req/s | p50 | p95 | p99 | errors | server CPU/req | peak RSS | ceiling | ratio |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
	for _, p := range paths {
		rps := med(p.name, func(s sample) float64 { return s.rps })
		row := fmt.Sprintf("| %s | %.0f |", p.name, rps)
		if p.target == nil {
			row += " — | — | — | — | — | — |"
		} else {
			row += fmt.Sprintf(" %s | %s | %s | %.2f%% | %s | %.0f MiB |", round(dur(p.name, func(s sample) time.Duration { return s.p50 })),
				round(dur(p.name, func(s sample) time.Duration { return s.p95 })), round(dur(p.name, func(s sample) time.Duration { return s.p99 })),
				100*med(p.name, func(s sample) float64 { return s.errors }),
				round(dur(p.name, func(s sample) time.Duration { return s.cpuPerReq })),
				med(p.name, func(s sample) float64 { return float64(s.peakRSS) })/1024)
		}
		if p.ceiling != "" {
			c := med(p.ceiling, func(s sample) float64 { return s.rps })
			ratio := 0.0
			if c > 0 {
				ratio = rps / c
			}
			row += fmt.Sprintf(" %s | %.2f× |", strings.TrimPrefix(p.ceiling, "ceiling: "), ratio)
		} else {
			row += " | |"
		}
		fmt.Fprintln(w, row)
	}
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}

// process is a child process the tool started and stops.
type process struct {
	cmd  *exec.Cmd
	logs *bytes.Buffer
}

func startProcess(ctx context.Context, bin string, args, env []string, ready string) (*process, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	p := &process{cmd: cmd, logs: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: 2 * time.Second}
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r, err := client.Get(ready); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return p, nil
			}
		}
	}
	p.stop()
	return nil, fmt.Errorf("%s did not become ready:\n%s", filepath.Base(bin), p.logs.String())
}

func (p *process) stop() {
	if p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			<-done
		}
	}
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func createDatabase(ctx context.Context, admin, name string) (string, error) {
	db, err := store.Open(ctx, store.Config{URL: admin, MaxOpenConns: 1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.Gorm().Exec("CREATE DATABASE " + name).Error; err != nil {
		return "", err
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func openStore(ctx context.Context, dsn string) (*store.DB, error) {
	cfg := store.Config{URL: dsn, MaxOpenConns: 2, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if !strings.HasPrefix(dsn, "postgres") {
		cfg = store.Config{SQLitePath: dsn, MaxOpenConns: 2, Logger: cfg.Logger}
	}
	return store.Open(ctx, cfg)
}

func login(base, email string) (string, error) {
	body := mustJSON(map[string]string{"email": email, "password": "Demo@2035yj"})
	r, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer r.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(r.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("sign in as %s: %d", email, r.StatusCode)
	}
	return tok.AccessToken, nil
}

func getJSON(url, token string, into any) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(r.Body)
		return fmt.Errorf("GET %s: %d %s", url, r.StatusCode, b)
	}
	return json.NewDecoder(r.Body).Decode(into)
}

func postJSON(url, token string, body any) error {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(mustJSON(body)))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer r.Body.Close()
	if r.StatusCode >= 300 {
		b, _ := io.ReadAll(r.Body)
		return fmt.Errorf("POST %s: %d %s", url, r.StatusCode, b)
	}
	return nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// cpuTime is the user and system CPU time a process has used (/proc/<pid>/stat).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces: fields count from the closing parenthesis.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
}

// resetPeak starts a new peak resident set (writing 5 to clear_refs).
func resetPeak(pid int) { _ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) }

// peakKiB is the peak resident set since the last reset (VmHWM).
func peakKiB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}
