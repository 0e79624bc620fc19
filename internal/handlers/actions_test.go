package handlers_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// actionsOf is the sorted actions a challenge carries for the token's user.
func actionsOf(t *testing.T, env *at.Env, token, id string) string {
	t.Helper()
	var c struct{ Actions []string }
	at.Expect(t, env.Get(token, "/api/v1/challenges/"+id), 200).JSON(t, &c)
	sort.Strings(c.Actions)
	return fmt.Sprint(c.Actions)
}

// TestChallengeActions: each challenge says what its reader may do now, from
// its machine and rules, as the status moves: the owner edits, submits and
// withdraws its draft; program managers vet what is submitted; bidders bid
// and ask while it is open; program managers assign reviewers once it is
// closed; the award is proposed in the final round and confirmed by the
// owner once proposed. Every listed action is one the API then accepts.
func TestChallengeActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		id := w.Draft(w.Enterprise, "操作列表测试")
		if got := actionsOf(t, env, w.Enterprise.Token, id); got != "[edit submit withdraw]" {
			t.Errorf("a draft, for its owner: %s", got)
		}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+id+"/submit", nil), 200)
		for who, want := range map[*at.User]string{w.Enterprise: "[withdraw]", w.PM: "[approve cancel reject return]", w.Admin: "[]"} {
			if got := actionsOf(t, env, who.Token, id); got != want {
				t.Errorf("submitted, for %s: %s, want %s", who.Role, got, want)
			}
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", w.Approval(time.Hour)), 200)
		for who, want := range map[*at.User]string{w.Enterprise: "[]", w.PM: "[ask cancel]", w.Institute: "[ask bid]", w.Expert: "[ask]"} {
			if got := actionsOf(t, env, who.Token, id); got != want {
				t.Errorf("published, for %s: %s, want %s", who.Role, got, want)
			}
		}
		if got := actionsOf(t, env, "", id); got != "[]" {
			t.Errorf("published, for the public: %s", got)
		}
		bids := []string{w.Bid(w.Institute, id), w.Bid(w.InstituteOther, id)}
		w.Advance(time.Hour + time.Second)
		if got := actionsOf(t, env, w.PM.Token, id); got != "[assign_reviewers cancel fail]" {
			t.Errorf("closed, for the manager: %s", got)
		}
		if got := actionsOf(t, env, w.Institute.Token, id); got != "[]" {
			t.Errorf("closed, for a bidder: %s", got)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[0].ID, w.Experts[1].ID, w.Experts[2].ID}}), 200)
		w.ScoreAndSubmit(id, bids)
		if got := actionsOf(t, env, w.PM.Token, id); got != "[assign_reviewers cancel fail propose_award]" {
			t.Errorf("in review, for the manager: %s", got)
		}
		if got := actionsOf(t, env, w.Enterprise.Token, id); got != "[]" {
			t.Errorf("in review, for the owner before a proposal: %s", got)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_id": bids[0]}), 200)
		if got := actionsOf(t, env, w.Enterprise.Token, id); got != "[confirm_award]" {
			t.Errorf("proposed, for the owner: %s", got)
		}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+id+"/award/confirm", nil), 200)
		for _, who := range []*at.User{w.Enterprise, w.PM, w.Institute} {
			if got := actionsOf(t, env, who.Token, id); got != "[]" {
				t.Errorf("awarded, for %s: %s", who.Role, got)
			}
		}
	})
}

// TestMilestoneActions: each milestone says what its reader may do now, from
// the milestone machine and who performs each move: the lead marks it done,
// a program manager accepts it or sends it back; either edits it while
// planned; a reader of another organization, nothing.
func TestMilestoneActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "里程碑操作测试")
		base := "/api/v1/projects/" + pid + "/milestones"
		var m struct {
			ID      string
			Version int
			Actions []string
		}
		at.Expect(t, env.Post(w.Institute.Token, base, map[string]any{"title": "样机", "due_date": "2027-03-31", "stage": "research"}), 201).JSON(t, &m)
		if sort.Strings(m.Actions); fmt.Sprint(m.Actions) != "[edit mark_done]" {
			t.Errorf("the lead's new milestone: %v", m.Actions)
		}
		actions := func(u *at.User) string {
			t.Helper()
			var list struct {
				Items []struct{ Actions []string }
			}
			at.Expect(t, env.Get(u.Token, base), 200).JSON(t, &list)
			sort.Strings(list.Items[0].Actions)
			return fmt.Sprint(list.Items[0].Actions)
		}
		for who, want := range map[*at.User]string{w.Institute: "[edit mark_done]", w.PM: "[edit]", w.Admin: "[]"} {
			if got := actions(who); got != want {
				t.Errorf("planned, for %s: %s, want %s", who.Role, got, want)
			}
		}
		at.Expect(t, env.Do(at.Request{Method: "PATCH", Path: base + "/" + m.ID, Token: w.Institute.Token,
			Body: map[string]any{"status": "done", "version": m.Version}}), 200).JSON(t, &m)
		for who, want := range map[*at.User]string{w.Institute: "[]", w.PM: "[accept send_back]"} {
			if got := actions(who); got != want {
				t.Errorf("done, for %s: %s, want %s", who.Role, got, want)
			}
		}
		at.Expect(t, env.Do(at.Request{Method: "PATCH", Path: base + "/" + m.ID, Token: w.PM.Token,
			Body: map[string]any{"status": "accepted", "version": m.Version}}), 200).JSON(t, &m)
		if fmt.Sprint(m.Actions) != "[]" || actions(w.Institute) != "[]" {
			t.Errorf("accepted: %v / %s", m.Actions, actions(w.Institute))
		}
	})
}

// TestChangeRequestAndReportActions: a change request and a report each say
// what their reader may do now: the lead withdraws a pending request and
// submits a due or returned report; a program manager approves or rejects
// the request and accepts or returns a submitted report; decided, nothing.
func TestChangeRequestAndReportActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "变更与报告操作测试")
		base := "/api/v1/projects/" + pid
		type item struct {
			ID      string
			Version int
			Actions []string
		}
		read := func(u *at.User, path string) item {
			t.Helper()
			var x item
			at.Expect(t, env.Get(u.Token, path), 200).JSON(t, &x)
			sort.Strings(x.Actions)
			return x
		}
		var cr item
		at.Expect(t, env.Post(w.Institute.Token, base+"/change-requests", map[string]any{"reason": "扩大试验范围",
			"changes": map[string]any{"budget": 13_000_000}, "version": w.Version(pid)}), 201).JSON(t, &cr)
		for who, want := range map[*at.User]string{w.Institute: "[withdraw]", w.PM: "[approve reject]", w.Admin: "[]"} {
			if got := fmt.Sprint(read(who, "/api/v1/change-requests/"+cr.ID).Actions); got != want {
				t.Errorf("a pending request, for %s: %s, want %s", who.Role, got, want)
			}
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/change-requests/"+cr.ID+"/approve", map[string]any{"version": cr.Version}), 200)
		if got := fmt.Sprint(read(w.PM, "/api/v1/change-requests/"+cr.ID).Actions); got != "[]" {
			t.Errorf("an approved request: %s", got)
		}

		var r item
		at.Expect(t, env.Post(w.PM.Token, base+"/reports", map[string]any{"kind": "interim", "title": "中期检查报告",
			"due_date": at.Start.AddDate(0, 1, 0).Format("2006-01-02")}), 201).JSON(t, &r)
		for who, want := range map[*at.User]string{w.Institute: "[submit]", w.PM: "[]"} {
			if got := fmt.Sprint(read(who, "/api/v1/reports/"+r.ID).Actions); got != want {
				t.Errorf("a due report, for %s: %s, want %s", who.Role, got, want)
			}
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/reports/"+r.ID+"/submit", map[string]any{"text": "进展顺利"}), 200)
		for who, want := range map[*at.User]string{w.Institute: "[]", w.PM: "[accept return]"} {
			if got := fmt.Sprint(read(who, "/api/v1/reports/"+r.ID).Actions); got != want {
				t.Errorf("a submitted report, for %s: %s, want %s", who.Role, got, want)
			}
		}
		r = read(w.PM, "/api/v1/reports/"+r.ID)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/reports/"+r.ID+"/return", map[string]any{"reason": "请补充数据", "version": r.Version}), 200)
		if got := fmt.Sprint(read(w.Institute, "/api/v1/reports/"+r.ID).Actions); got != "[submit]" {
			t.Errorf("a returned report, for the lead: %s", got)
		}
	})
}

// TestBidActions: a bid says what its reader may do while the challenge is
// open: its organization edits and withdraws it; a partner it names answers
// once; after the deadline, nothing.
func TestBidActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		id := w.Published(w.Enterprise, "揭榜方案操作测试", time.Hour)
		bid := w.Bid(w.Institute, id, w.InstituteOther.OrgID)
		actions := func(u *at.User) string {
			t.Helper()
			var b struct{ Actions []string }
			at.Expect(t, env.Get(u.Token, "/api/v1/bids/"+bid), 200).JSON(t, &b)
			sort.Strings(b.Actions)
			return fmt.Sprint(b.Actions)
		}
		if got := actions(w.Institute); got != "[edit withdraw]" {
			t.Errorf("its own bid: %s", got)
		}
		if got := actions(w.InstituteOther); got != "[partner_confirm partner_decline]" {
			t.Errorf("a partner's invitation: %s", got)
		}
		at.Expect(t, env.Post(w.InstituteOther.Token, "/api/v1/bids/"+bid+"/partner-confirmation", map[string]any{"confirm": true}), 200)
		if got := actions(w.InstituteOther); got != "[]" {
			t.Errorf("a partner that answered: %s", got)
		}
		var own struct {
			Items []struct{ Actions []string }
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids"), 200).JSON(t, &own)
		if len(own.Items) != 1 || len(own.Items[0].Actions) != 2 {
			t.Errorf("我的揭榜 lists %+v", own.Items)
		}
		w.Advance(time.Hour + time.Second)
		if got := actions(w.Institute); got != "[]" {
			t.Errorf("its own bid after the deadline: %s", got)
		}
	})
}

// TestConsortiumActions: a consortium says what its reader may do now: the
// lead edits, invites and dissolves it; a program manager approves a forming
// one and dissolves it; an active member leaves (an invited one not yet);
// dissolved, nothing. Lists carry the same (one query for the caller's
// memberships per page).
func TestConsortiumActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		var c struct{ ID string }
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia", consortiumBody("task_oriented")), 201).JSON(t, &c)
		actions := func(u *at.User) string {
			t.Helper()
			var x struct {
				Actions []string
				Version int
			}
			at.Expect(t, env.Get(u.Token, "/api/v1/consortia/"+c.ID), 200).JSON(t, &x)
			sort.Strings(x.Actions)
			return fmt.Sprint(x.Actions)
		}
		var inv struct{ ID string }
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia/"+c.ID+"/invitations",
			map[string]any{"organization_id": w.Institute.OrgID, "role": "research"}), 201).JSON(t, &inv)
		for who, want := range map[*at.User]string{w.Enterprise: "[dissolve edit invite]", w.PM: "[approve dissolve]",
			w.Institute: "[]", w.InstituteOther: "[]"} {
			if got := actions(who); got != want {
				t.Errorf("forming, for %s of %s: %s, want %s", who.Role, who.OrgID[:8], got, want)
			}
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/invitations/"+inv.ID+"/accept", nil), 200)
		if got := actions(w.Institute); got != "[leave]" {
			t.Errorf("an active member: %s", got)
		}
		var list struct {
			Items []struct {
				ID      string
				Actions []string
			}
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/consortia?limit=100"), 200).JSON(t, &list)
		for _, x := range list.Items {
			if x.ID == c.ID && fmt.Sprint(x.Actions) != "[leave]" {
				t.Errorf("the list says %v for the member", x.Actions)
			}
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/consortia/"+c.ID+"/dissolve", map[string]any{}), 200)
		for _, who := range []*at.User{w.Enterprise, w.PM, w.Institute} {
			if got := actions(who); got != "[]" {
				t.Errorf("dissolved, for %s: %s", who.Role, got)
			}
		}
	})
}

// TestProjectMovesAndActions: a project says the stages its reader may move
// it to (program managers, from the stage machine, the way forward first)
// and what else it may do, as the stage moves; ended, only its outputs.
func TestProjectMovesAndActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Proposal(w.Institute, "项目操作测试")
		read := func(u *at.User) (string, string) {
			t.Helper()
			var p struct{ Moves, Actions []string }
			at.Expect(t, env.Get(u.Token, "/api/v1/projects/"+pid), 200).JSON(t, &p)
			sort.Strings(p.Actions)
			return fmt.Sprint(p.Moves), fmt.Sprint(p.Actions)
		}
		check := func(stage string, u *at.User, moves, actions string) {
			t.Helper()
			if m, a := read(u); m != moves || a != actions {
				t.Errorf("%s, for %s: moves %s actions %s; want %s %s", stage, u.Role, m, a, moves, actions)
			}
		}
		check("a proposal", w.PM, "[research rejected]", "[fund plan set_report]")
		check("a proposal", w.Institute, "[]", "[plan]")
		at.Expect(t, w.Move(pid, "proposal", "research", 1, "", "立项评审通过"), 200)
		check("in research", w.PM, "[validation terminated]", "[fund plan record_award record_output set_report]")
		check("in research", w.Institute, "[]", "[ask_change plan record_output]")
		check("in research", w.Admin, "[]", "[]")
		at.Expect(t, w.Move(pid, "research", "terminated", w.Version(pid), "方向调整", ""), 200)
		check("terminated", w.PM, "[]", "[record_output]")
		check("terminated", w.Institute, "[]", "[record_output]")
	})
}

// TestFundingLineActions: each funding line says what its reader may do now:
// a program manager commits a planned line, pays out of a committed one,
// converts a committed municipal one (拨改投) and unties a tranche until it is
// disbursed; the lead, nothing.
func TestFundingLineActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "资金操作测试")
		var m, line struct {
			ID      string
			Version int
			Actions []string
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/milestones",
			map[string]any{"title": "样机", "due_date": "2027-03-31", "stage": "research"}), 201).JSON(t, &m)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding",
			map[string]any{"source": "municipal", "amount": 1_000_000, "status": "planned", "milestone_id": m.ID}), 201).JSON(t, &line)
		if fmt.Sprint(line.Actions) != "[commit untie]" {
			t.Errorf("a planned tranche: %v", line.Actions)
		}
		at.Expect(t, env.Do(at.Request{Method: "PATCH", Path: "/api/v1/funding/" + line.ID, Token: w.PM.Token,
			Body: map[string]any{"status": "committed", "version": line.Version}}), 200).JSON(t, &line)
		if fmt.Sprint(line.Actions) != "[pay convert untie]" {
			t.Errorf("a committed municipal tranche: %v", line.Actions)
		}
		lines := func(u *at.User) string {
			t.Helper()
			var list struct {
				Items []struct{ Actions []string }
			}
			at.Expect(t, env.Get(u.Token, "/api/v1/projects/"+pid+"/funding"), 200).JSON(t, &list)
			return fmt.Sprint(list.Items[0].Actions)
		}
		if got := lines(w.PM); got != "[pay convert untie]" {
			t.Errorf("listed for the manager: %s", got)
		}
		if got := lines(w.Institute); got != "[]" {
			t.Errorf("listed for the lead: %s", got)
		}
	})
}
