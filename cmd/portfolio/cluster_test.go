package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// outcome is what one client of a race was answered.
type outcome struct {
	race   string // the contested thing: one winner each
	status int
	id     string // what a created answer names
	body   []byte
}

// TestThreeProcessesUnderLoad: three `portfolio serve` processes on one
// PostgreSQL database, documents in one S3 store, a round-robin client.
// 200 clients start at once and race: ten approvers on each of five
// challenges, ten institutes bidding twice on each of two challenges, two
// approvals (the stage move proposal → research, which numbers the project)
// of each of twenty proposals, ten invitations of 15% sent twice each, thirty
// document uploads and readers. Then the ten invited accept twice each at
// once. Afterwards: one winner per race, project codes without a gap, equity
// at most 100%, the live-bid counters equal to recounts, every acknowledged
// write present (documents byte for byte, through another process), and the
// audit chain verifies with nothing unsealed.
func TestThreeProcessesUnderLoad(t *testing.T) {
	needPostgres(t)
	bin := buildBinary(t)
	url := storetest.PostgresURL(t)
	s3 := startS3(t)
	env := append([]string{"DATABASE_URL=" + url, "PORTFOLIO_JWT_SECRET=" + at.JWTSecret, "PORTFOLIO_DEMO=0",
		"PORTFOLIO_AUDIT_SEAL_EVERY=50ms"}, s3.env()...)
	servers := []*server{startServer(t, bin, freeAddr(t), env...)} // migrates first
	servers = append(servers, startServer(t, bin, freeAddr(t), env...), startServer(t, bin, freeAddr(t), env...))

	db, err := store.Open(context.Background(), store.Config{URL: url, MaxOpenConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e := at.New(t, db) // makes organizations and users in the same database
	e.Clock.Set(time.Now())
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 100}}
	e.UseServers(client, servers[0].base, servers[1].base, servers[2].base)
	w := e.NewWorld()

	// What the races contest, made one request at a time.
	var toApprove, toBid, proposals []string
	for i := range 5 {
		toApprove = append(toApprove, w.Submitted(w.Enterprise, fmt.Sprintf("多进程审批%d", i)))
	}
	for i := range 2 {
		toBid = append(toBid, w.Published(w.Enterprise, fmt.Sprintf("多进程揭榜%d", i), 72*time.Hour))
	}
	for i := range 20 {
		proposals = append(proposals, w.Proposal(w.Institute, fmt.Sprintf("多进程项目%d", i)))
	}
	var bidders, invitees []*at.User
	for i := range 10 {
		bidders = append(bidders, e.NewUser(domain.RoleInstitute, e.Org(fmt.Sprintf("多进程研究院%d", i), org.TypeResearchInstitute, true)))
		invitees = append(invitees, e.NewUser(domain.RoleInstitute, e.Org(fmt.Sprintf("多进程股东%d", i), org.TypeResearchInstitute, true)))
	}
	var consortium struct{ ID string }
	at.Expect(t, e.Post(w.Enterprise.Token, "/api/v1/consortia", map[string]any{"name": "多进程联合体", "model": "equity_linked",
		"field_id": "new_materials", "description": "多进程竞争"}), 201).JSON(t, &consortium)
	docProject := w.Proposal(w.Institute, "多进程文档")

	// Phase 1: 200 clients at once.
	var jobs []func() outcome
	for _, c := range toApprove {
		for range 10 {
			jobs = append(jobs, func() outcome {
				return answer("approve "+c, e.Post(w.PM.Token, "/api/v1/challenges/"+c+"/approve", w.Approval(72*time.Hour)))
			})
		}
	}
	for _, b := range bidders {
		for _, c := range toBid {
			for range 2 {
				jobs = append(jobs, func() outcome {
					return answer("bid "+b.OrgID+" "+c, e.Post(b.Token, "/api/v1/challenges/"+c+"/bids", at.BidBody()))
				})
			}
		}
	}
	for _, p := range proposals {
		for range 2 {
			jobs = append(jobs, func() outcome {
				return answer("move "+p, w.Move(p, "proposal", "research", 1, "", "立项评审通过"))
			})
		}
	}
	for _, u := range invitees {
		for range 2 {
			jobs = append(jobs, func() outcome {
				return answer("invite "+u.OrgID, e.Post(w.Enterprise.Token, "/api/v1/consortia/"+consortium.ID+"/invitations",
					map[string]any{"organization_id": u.OrgID, "role": "research", "equity_share": 15}))
			})
		}
	}
	contents := map[string][]byte{}
	for i := range 30 {
		name := fmt.Sprintf("多进程材料%02d.pdf", i)
		contents[name] = bytes.Repeat([]byte(fmt.Sprintf("%%PDF-1.4 document %d of the multi-process test\n", i)), 2000+i*97)
		jobs = append(jobs, func() outcome {
			return answer("upload "+name, e.Upload(w.Institute.Token, "/api/v1/projects/"+docProject+"/documents", name, "evidence", contents[name]))
		})
	}
	for len(jobs) < 200 {
		jobs = append(jobs, func() outcome { return answer("read", e.Get(w.Institute.Token, "/api/v1/challenges?limit=20")) })
	}
	phase1 := runAtOnce(jobs)

	byRace := map[string][]outcome{}
	for _, o := range phase1 {
		if o.status == 0 || o.status >= 500 {
			t.Fatalf("%s: answered %d %s", o.race, o.status, o.body)
		}
		byRace[o.race] = append(byRace[o.race], o)
	}
	invitations := map[string]string{} // invited organization → invitation
	for race, outs := range byRace {
		if race == "read" {
			for _, o := range outs {
				if o.status != http.StatusOK {
					t.Errorf("a read answered %d %s", o.status, o.body)
				}
			}
			continue
		}
		won := 0
		for _, o := range outs {
			switch o.status {
			case http.StatusOK, http.StatusCreated:
				won++
				if len(race) > 7 && race[:7] == "invite " {
					invitations[race[7:]] = o.id
				}
			case http.StatusConflict:
			default:
				t.Errorf("%s: answered %d %s", race, o.status, o.body)
			}
		}
		if won != 1 {
			t.Errorf("%s: %d winners of %d, want exactly one", race, won, len(outs))
		}
	}
	if len(byRace) != 5+20+20+10+30+1 {
		t.Fatalf("%d races", len(byRace))
	}

	// Phase 2: the ten invited accept at once, each twice.
	jobs = nil
	for _, u := range invitees {
		for range 2 {
			jobs = append(jobs, func() outcome {
				return answer("accept "+u.OrgID, e.Post(u.Token, "/api/v1/invitations/"+invitations[u.OrgID]+"/accept", nil))
			})
		}
	}
	accepted := 0
	perOrg := map[string]int{}
	for _, o := range runAtOnce(jobs) {
		switch o.status {
		case http.StatusOK:
			accepted++
			perOrg[o.race]++
		case http.StatusConflict, http.StatusUnprocessableEntity: // accepted already; or the shares would pass 100%
		default:
			t.Errorf("%s: answered %d %s", o.race, o.status, o.body)
		}
	}
	for race, n := range perOrg {
		if n > 1 {
			t.Errorf("%s: accepted %d times", race, n)
		}
	}
	if accepted != 6 { // 6 × 15% = 90%; a seventh would make 105%
		t.Errorf("%d acceptances of 15%%, want 6", accepted)
	}

	g := db.Gorm()
	// Equity at most 100%.
	var equity int64
	g.Table("consortium_members").Where("consortium_id = ? AND status = 'active'", consortium.ID).Select("COALESCE(SUM(equity_bp), 0)").Scan(&equity)
	if equity > 10000 || equity != 9000 {
		t.Errorf("active equity = %d basis points", equity)
	}
	// Project codes without a gap: twenty approvals, numbers 1…20 of this year.
	var codes []string
	g.Table("projects").Where("code IS NOT NULL").Order("code").Pluck("code", &codes)
	year := time.Now().Year()
	if len(codes) != len(proposals) {
		t.Errorf("%d projects numbered, want %d", len(codes), len(proposals))
	}
	for i, c := range codes {
		if want := project.FormatCode(year, i+1); c != want {
			t.Fatalf("code %d is %s, want %s (codes %v)", i+1, c, want, codes)
		}
	}
	var stages []string
	g.Table("projects").Where("id IN ?", proposals).Pluck("stage", &stages)
	for _, s := range stages {
		if s != "research" {
			t.Errorf("a moved proposal is in %s", s)
		}
	}
	// The live-bid counters equal recounts; every acknowledged bid is there.
	var mismatched int64
	g.Raw(`SELECT COUNT(*) FROM challenges c WHERE c.live_bids <> (SELECT COUNT(*) FROM bids b WHERE b.challenge_id = c.id AND b.status <> 'withdrawn')`).Scan(&mismatched)
	if mismatched != 0 {
		t.Errorf("%d challenges' live-bid counters differ from a recount", mismatched)
	}
	for _, c := range toBid {
		var n int64
		g.Table("bids").Where("challenge_id = ?", c).Count(&n)
		if n != int64(len(bidders)) {
			t.Errorf("challenge %s has %d bids, want %d", c, n, len(bidders))
		}
	}
	var approved int64
	g.Table("challenges").Where("id IN ? AND status = 'published'", toApprove).Count(&approved)
	if approved != int64(len(toApprove)) {
		t.Errorf("%d of %d raced challenges are published", approved, len(toApprove))
	}
	// Every acknowledged upload is there, byte for byte, from whichever process.
	for name, content := range contents {
		id := byRace["upload "+name][0].id
		if id == "" {
			for _, o := range byRace["upload "+name] {
				if o.id != "" {
					id = o.id
				}
			}
		}
		r := e.Get(w.Institute.Token, "/api/v1/documents/"+id+"/content")
		if r.Status != http.StatusOK || sha256.Sum256(r.Body) != sha256.Sum256(content) {
			t.Errorf("document %s (%s): %d, %d bytes of %d", name, id, r.Status, len(r.Body), len(content))
		}
	}
	var docs int64
	g.Table("documents").Where("parent_type = 'project' AND parent_id = ?", docProject).Count(&docs)
	if docs != int64(len(contents)) {
		t.Errorf("%d documents recorded, %d uploaded", docs, len(contents))
	}
	verifyAuditChain(t, func(path string) (int, []byte) {
		r := e.Get(w.Admin.Token, path)
		return r.Status, r.Body
	}, db)
	statuses := map[int]int{}
	for _, o := range phase1 {
		statuses[o.status]++
	}
	t.Logf("200 clients at once over 3 processes, answered %v; %d projects numbered; equity %d bp", statuses, len(codes), equity)
}

// answer reads a response into an outcome.
func answer(race string, r *at.Response) outcome {
	o := outcome{race: race, status: r.Status, body: r.Body}
	var v struct{ ID string }
	if json.Unmarshal(r.Body, &v) == nil {
		o.id = v.ID
	}
	return o
}

// runAtOnce starts every job in a goroutine of its own, releases them
// together and returns their outcomes.
func runAtOnce(jobs []func() outcome) []outcome {
	out := make([]outcome, len(jobs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = job()
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// verifyAuditChain waits (boundedly) until the servers have sealed every
// record, then checks the chain verifies, covers every record and has no gap.
// get asks a server as an admin.
func verifyAuditChain(t *testing.T, get func(path string) (int, []byte), db *store.DB) {
	t.Helper()
	var v struct {
		OK       bool   `json:"ok"`
		Checked  int64  `json:"checked"`
		FirstBad *int64 `json:"first_bad"`
		Reason   string `json:"reason"`
		Unsealed int64  `json:"unsealed"`
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		status, body := get("/api/v1/audit/verify")
		if status != http.StatusOK {
			t.Fatalf("verify: %d %s", status, body)
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		if !v.OK || v.Unsealed == 0 || time.Now().After(deadline) {
			break
		}
	}
	if !v.OK || v.Unsealed != 0 {
		t.Fatalf("the audit chain after the load: %+v", v)
	}
	var seqs []int64
	db.Gorm().Table("audit_records").Order("seq").Pluck("seq", &seqs)
	if int64(len(seqs)) != v.Checked {
		t.Errorf("verified %d of %d records", v.Checked, len(seqs))
	}
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("the chain has a gap or fork at position %d: seq %d", i+1, s)
		}
	}
}
