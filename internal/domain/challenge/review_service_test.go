package challenge_test

import (
	"context"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestReviewRulesInTheService holds the review and award rules where they
// live, the challenge service, on both databases: at least three experts,
// none tied to the owner; the first assignment starts the review; an expert
// submits once, or steps out for a conflict and no longer counts; the award
// waits until every active expert has submitted, names a live bid, and its
// confirmation settles every bid through the bid machine and makes the
// project.
func TestReviewRulesInTheService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		ctx := context.Background()
		svc := env.App.Challenges
		pm := w.PM.Actor()
		id, bids := w.Closed(w.Enterprise, "评审规则服务测试", w.Institute, w.InstituteOther)

		// Too few experts; an expert of the owner's own organization.
		_, err := svc.AssignReviewers(ctx, pm, id, []string{w.Experts[0].ID, w.Experts[1].ID}, 0)
		if got := at.ProblemCodes(err); len(got) != 1 || got[0] != "user_ids:review.too_few" {
			t.Fatalf("two experts: %v %v", err, got)
		}
		insider := env.NewUser(domain.RoleExpert, w.Enterprise.OrgID)
		_, err = svc.AssignReviewers(ctx, pm, id, []string{w.Experts[0].ID, w.Experts[1].ID, insider.ID}, 0)
		if got := at.ProblemCodes(err); len(got) != 1 || got[0] != "user_ids[2]:review.conflict_owner" {
			t.Fatalf("the owner's own expert: %v %v", err, got)
		}
		four := []string{w.Experts[0].ID, w.Experts[1].ID, w.Experts[2].ID, w.Experts[3].ID}
		if _, err := svc.AssignReviewers(ctx, pm, id, four, 0); err != nil {
			t.Fatal(err)
		}
		c, err := svc.Get(ctx, pm, id)
		if err != nil || c.Status != challenge.StatusInReview {
			t.Fatalf("the first assignment does not start the review: %+v %v", c.Status, err)
		}

		// The fourth expert steps out; the others score and submit, once.
		reason := "曾与揭榜单位合作"
		if err := svc.DeclareConflict(ctx, w.Experts[3].Actor(), id, reason); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeclareConflict(ctx, w.Experts[3].Actor(), id, reason); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("a second declaration: %v", err)
		}
		if _, err := svc.PutScore(ctx, w.Experts[3].Actor(), bids[0], 0, challenge.ScoreInput{Technical: 30, Feasibility: 20, Team: 15, Budget: 8}); domain.KindOf(err) != domain.KindNotFound {
			t.Fatalf("a conflicted expert scores (it no longer reads the bids): %v", err)
		}
		for i, e := range w.Experts[:3] {
			for j, b := range bids {
				if _, err := svc.PutScore(ctx, e.Actor(), b, 0, challenge.ScoreInput{Technical: 35 - 10*j, Feasibility: 20, Team: 15, Budget: 8}); err != nil {
					t.Fatal(err)
				}
			}
			if i < 2 {
				if err := svc.SubmitScores(ctx, e.Actor(), id, 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := svc.ProposeAward(ctx, pm, id, []string{bids[0]}, nil); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("an award before every active expert submitted: %v", err)
		}
		if err := svc.SubmitScores(ctx, w.Experts[2].Actor(), id, 0); err != nil {
			t.Fatal(err)
		}
		if err := svc.SubmitScores(ctx, w.Experts[2].Actor(), id, 0); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("submitting twice: %v", err)
		}
		ranking, err := svc.Ranking(ctx, pm, id)
		if err != nil || len(ranking) != 2 || ranking[0].BidID != bids[0] {
			t.Fatalf("the ranking: %+v %v", ranking, err)
		}

		// The award names a live bid of this challenge; the owner confirms it.
		if _, err := svc.ProposeAward(ctx, pm, id, []string{"01a1fe00-0000-7000-8000-000000000000"}, nil); domain.KindOf(err) != domain.KindInvalid {
			t.Fatalf("an award naming no bid of the challenge: %v", err)
		}
		if _, err := svc.ProposeAward(ctx, pm, id, []string{bids[0]}, nil); err != nil {
			t.Fatal(err)
		}
		confirmed, err := svc.ConfirmAward(ctx, w.Enterprise.Actor(), id, nil)
		if err != nil || len(confirmed.Projects) != 1 {
			t.Fatalf("confirm: %+v %v", confirmed, err)
		}
		for i, want := range []challenge.BidStatus{challenge.BidAwarded, challenge.BidNotAwarded} {
			b, err := svc.GetBid(ctx, pm, bids[i])
			if err != nil || b.Status != want {
				t.Errorf("bid %d: %s %v, want %s", i, b.Status, err, want)
			}
		}
	})
}
