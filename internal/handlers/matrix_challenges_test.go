package handlers_test

import (
	"context"
	"net/http"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
)

// ownerOnly: the owner enterprise gets ok, another enterprise 404 (it cannot
// see the draft), other roles 403, anonymous 401.
func ownerOnly(ok int) map[Persona]int {
	m := signedIn(403)
	m[Enterprise] = ok
	m[EnterpriseOther] = 404
	return m
}

// bidderOnly: the bidding institute gets ok; the other organizations cannot
// see the sealed bid (404); roles that never bid 403.
func bidderOnly(ok int) map[Persona]int {
	m := signedIn(404)
	m[Institute] = ok
	m[PM], m[Expert], m[Admin] = 403, 403, 403
	return m
}

func challengeRows() []matrixRow {
	const c = "/api/v1/challenges/"
	published := func(f *fixture) string {
		return f.once("published", func() string { return f.w.Published(f.cast.Enterprise, "公开揭榜", 240*time.Hour) })
	}
	institutesBid := func(f *fixture) string {
		return f.once("bid", func() string { return f.w.Bid(f.cast.Institute, published(f)) })
	}
	partneredBid := func(f *fixture) string {
		return f.once("partnered", func() string {
			return f.w.Bid(f.cast.Institute, f.w.Published(f.cast.Enterprise, "联合揭榜挑战", 240*time.Hour), f.cast.InstituteOther.OrgID)
		})
	}
	reason := map[string]any{"reason": "理由"}
	return []matrixRow{
		{http.MethodGet, "/api/v1/challenges", fixed("/api/v1/challenges?status=published&q=%E6%B5%B7%E7%BC%86"), all(200)},
		{http.MethodPost, "/api/v1/challenges", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/challenges", at.ChallengeBody("新的揭榜挑战")
		}, only(201, Enterprise, EnterpriseOther)},
		{http.MethodGet, "/api/v1/challenges/:id", func(f *fixture, p Persona) (string, any) {
			return c + f.once("draft", func() string { return f.w.Draft(f.cast.Enterprise, "揭榜草稿") }), nil
		}, all(404, Enterprise, 200)},
		{http.MethodGet, "/api/v1/challenges/:id", func(f *fixture, p Persona) (string, any) {
			return c + published(f), nil
		}, all(200)},
		{http.MethodPatch, "/api/v1/challenges/:id", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Draft(f.cast.Enterprise, "揭榜草稿"), map[string]any{"title": "改过的标题"}
		}, ownerOnly(200)},
		{http.MethodPost, "/api/v1/challenges/:id/submit", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Draft(f.cast.Enterprise, "揭榜草稿") + "/submit", nil
		}, ownerOnly(200)},
		{http.MethodPost, "/api/v1/challenges/:id/withdraw", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Draft(f.cast.Enterprise, "揭榜草稿") + "/withdraw", nil
		}, ownerOnly(200)},
		{http.MethodPost, "/api/v1/challenges/:id/approve", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Submitted(f.cast.Enterprise, "待审揭榜") + "/approve", f.w.Approval(48 * time.Hour)
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/return", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Submitted(f.cast.Enterprise, "待审揭榜") + "/return", reason
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/reject", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Submitted(f.cast.Enterprise, "待审揭榜") + "/reject", reason
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/cancel", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Published(f.cast.Enterprise, "将撤销挑战", time.Hour) + "/cancel", reason
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/fail", func(f *fixture, p Persona) (string, any) {
			id, _ := f.w.Closed(f.cast.Enterprise, "无人揭榜")
			return c + id + "/fail", reason
		}, only(200, PM)},
		{http.MethodGet, "/api/v1/challenges/:id/questions", func(f *fixture, p Persona) (string, any) {
			return c + published(f) + "/questions", nil
		}, all(200)},
		{http.MethodPost, "/api/v1/challenges/:id/questions", func(f *fixture, p Persona) (string, any) {
			return c + published(f) + "/questions", map[string]string{"text": "请问是否接受联合揭榜？"}
		}, signedIn(201, Enterprise, 403)},
		{http.MethodPost, "/api/v1/challenges/:id/questions/:qid/answer", func(f *fixture, p Persona) (string, any) {
			q := at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, c+published(f)+"/questions", map[string]string{"text": "问"}), 201).ID(f.env.T)
			return c + published(f) + "/questions/" + q + "/answer", map[string]string{"text": "答"}
		}, only(200, Enterprise)},

		{http.MethodPost, "/api/v1/challenges/:id/bids", func(f *fixture, p Persona) (string, any) {
			return c + f.w.Published(f.cast.Enterprise, "可揭榜挑战", 240*time.Hour) + "/bids", at.BidBody()
		}, only(201, EnterpriseOther, Institute, InstituteOther)},
		{http.MethodGet, "/api/v1/challenges/:id/bids", func(f *fixture, p Persona) (string, any) {
			institutesBid(f)
			return c + published(f) + "/bids", nil
		}, signedIn(200)},
		{http.MethodGet, "/api/v1/bids/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/bids/" + institutesBid(f), nil
		}, signedIn(404, Institute, 200)},
		{http.MethodGet, "/api/v1/bids/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/bids/" + partneredBid(f), nil // a partner reads the sealed bid naming it
		}, signedIn(404, Institute, 200, InstituteOther, 200)},
		{http.MethodGet, "/api/v1/partner-bids", fixed("/api/v1/partner-bids"), only(200, Enterprise, EnterpriseOther, Institute, InstituteOther)},
		{http.MethodPost, "/api/v1/bids/:id/partner-confirmation", func(f *fixture, p Persona) (string, any) {
			id := f.w.Published(f.cast.Enterprise, "联合揭榜挑战", 240*time.Hour)
			return "/api/v1/bids/" + f.w.Bid(f.cast.Institute, id, f.cast.InstituteOther.OrgID) + "/partner-confirmation", map[string]any{"confirm": true}
		}, signedIn(403, Enterprise, 404, EnterpriseOther, 404, InstituteOther, 200)},
		{http.MethodPatch, "/api/v1/bids/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/bids/" + institutesBid(f), map[string]any{"budget": 1234}
		}, bidderOnly(200)},
		{http.MethodPost, "/api/v1/bids/:id/withdraw", func(f *fixture, p Persona) (string, any) {
			id := f.w.Published(f.cast.Enterprise, "可撤回挑战", 240*time.Hour)
			return "/api/v1/bids/" + f.w.Bid(f.cast.Institute, id) + "/withdraw", nil
		}, bidderOnly(200)},

		{http.MethodGet, "/api/v1/challenges/:id/reviewers", func(f *fixture, p Persona) (string, any) {
			id, _ := f.w.InReview(f.cast.Enterprise, "评审进度挑战", f.cast.Institute)
			return c + id + "/reviewers", nil
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/reviewers", func(f *fixture, p Persona) (string, any) {
			id, _ := f.w.Closed(f.cast.Enterprise, "待评审挑战", f.cast.Institute)
			return c + id + "/reviewers", map[string]any{"user_ids": []string{f.w.Experts[0].ID, f.w.Experts[1].ID, f.w.Experts[2].ID}}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/conflict", func(f *fixture, p Persona) (string, any) {
			id, _ := f.w.InReview(f.cast.Enterprise, "评审中挑战", f.cast.Institute)
			return c + id + "/conflict", map[string]string{"reason": "曾与揭榜方合作"}
		}, only(204, Expert)},
		{http.MethodGet, "/api/v1/reviews", fixed("/api/v1/reviews"), only(200, Expert)},
		{http.MethodPut, "/api/v1/bids/:id/score", func(f *fixture, p Persona) (string, any) {
			_, bids := f.w.InReview(f.cast.Enterprise, "评审中挑战", f.cast.Institute)
			return "/api/v1/bids/" + bids[0] + "/score", map[string]any{"technical": 30, "feasibility": 20, "team": 10, "budget": 5}
		}, only(200, Expert)},
		{http.MethodPost, "/api/v1/challenges/:id/scores/submit", func(f *fixture, p Persona) (string, any) {
			id, bids := f.w.InReview(f.cast.Enterprise, "评审中挑战", f.cast.Institute)
			f.w.Score(f.cast.Expert, bids, 30)
			return c + id + "/scores/submit", nil
		}, only(204, Expert)},
		{http.MethodGet, "/api/v1/challenges/:id/ranking", func(f *fixture, p Persona) (string, any) {
			return c + f.once("reviewed", func() string {
				id, _ := f.w.Reviewed(f.cast.Enterprise, "已评审挑战", f.cast.Institute)
				return id
			}) + "/ranking", nil
		}, only(200, PM, Enterprise)},
		{http.MethodPost, "/api/v1/challenges/:id/award", func(f *fixture, p Persona) (string, any) {
			id, bids := f.w.Reviewed(f.cast.Enterprise, "已评审挑战", f.cast.Institute)
			return c + id + "/award", map[string]any{"bid_id": bids[0]}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/rounds/:n/close", func(f *fixture, p Persona) (string, any) {
			id, _ := f.w.RoundOneReviewed(f.cast.Enterprise, "两轮评审挑战", f.cast.Institute, f.cast.InstituteOther)
			return c + id + "/rounds/1/close", nil
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/challenges/:id/award/confirm", func(f *fixture, p Persona) (string, any) {
			id, _ := f.w.Proposed(f.cast.Enterprise, "待确认挑战", f.cast.Institute)
			return c + id + "/award/confirm", nil
		}, only(200, Enterprise)},

		{http.MethodGet, "/api/v1/projects/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/projects/" + f.once("project", func() string {
				_, pid := f.w.Awarded(f.cast.Enterprise, "已挂帅挑战", f.cast.Institute)
				return pid
			}), nil
		}, signedIn(404, Enterprise, 200, Institute, 200, PM, 200, Admin, 200)},

		{http.MethodGet, "/api/v1/notifications", fixed("/api/v1/notifications?unread=true"), signedIn(200)},
		{http.MethodPost, "/api/v1/notifications/:id/read", func(f *fixture, p Persona) (string, any) {
			u := f.user(p)
			if u == nil {
				u = f.cast.Admin
			}
			return "/api/v1/notifications/" + f.notificationFor(u) + "/read", nil
		}, signedIn(204)},
		{http.MethodPost, "/api/v1/notifications/:id/read", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/notifications/" + f.notificationFor(f.w.Experts[3]) + "/read", nil // someone else's
		}, signedIn(404)},
		{http.MethodPost, "/api/v1/notifications/read-all", fixed("/api/v1/notifications/read-all"), signedIn(200)},
		{http.MethodGet, "/api/v1/me/mail-preferences", fixed("/api/v1/me/mail-preferences"), signedIn(200)},
		{http.MethodPut, "/api/v1/me/mail-preferences", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/me/mail-preferences", map[string]any{"off": []string{"review.assigned"}}
		}, signedIn(200)},
	}
}

// notificationFor writes a notification to the user and returns its id.
func (f *fixture) notificationFor(u *at.User) string {
	ctx := context.Background()
	if err := f.env.App.Notify.ToUsers(ctx, []string{u.ID}, notify.Message{Kind: "test", Entity: "x", EntityID: "1", Text: "测试"}); err != nil {
		f.env.T.Fatal(err)
	}
	var id string
	if err := f.env.DB.Gorm().Table("notifications").Where("user_id = ?", u.ID).Order("id DESC").Limit(1).Pluck("id", &id).Error; err != nil {
		f.env.T.Fatal(err)
	}
	return id
}
