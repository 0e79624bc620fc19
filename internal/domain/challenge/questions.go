package challenge

import (
	"context"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Question is a clarification asked about a published challenge (答疑).
type Question struct {
	ID          string
	ChallengeID string
	AskerOrgID  string
	AskerUserID string
	Text        string
	Answer      string
	AnsweredBy  string
	AnsweredAt  *time.Time
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// QuestionView is a question as a caller sees it: the asker is never shown,
// only whether the caller's own organization asked it.
type QuestionView struct {
	Question
	Mine bool
}

func checkText(field, text string, max int) (string, error) {
	var p domain.Problems
	if p.TextLen(field, &text, 1, max); len(p) > 0 {
		return "", domain.Invalid(domain.Msg("the text is empty or too long", "内容为空或过长"), p...)
	}
	return strings.TrimSpace(text), nil
}

// Ask: while the challenge is open, any verified organization other than the owner may ask.
func (s *Service) Ask(ctx context.Context, a domain.Actor, challengeID, text string) (QuestionView, error) {
	t, err := checkText("text", text, 2000)
	if err != nil {
		return QuestionView{}, err
	}
	c, err := s.load(ctx, a, challengeID)
	if err != nil {
		return QuestionView{}, err
	}
	if a.OrgID == c.OwnerID {
		return QuestionView{}, domain.Forbidden(domain.Msg("the owner answers questions; it does not ask them", "出题企业答复提问，不能提问"))
	}
	if !c.Open(s.clock.Now()) {
		return QuestionView{}, domain.Conflict(domain.Msg("questions are taken only while the challenge is open", "只有揭榜期间可以提问"))
	}
	o, err := s.orgs.Get(ctx, a.OrgID)
	if err != nil {
		return QuestionView{}, err
	}
	if o.Status != org.StatusVerified {
		return QuestionView{}, domain.Forbidden(domain.Msg("your organization is not verified yet", "贵单位尚未通过认证"))
	}
	now := s.clock.Now()
	q := Question{ID: domain.NewID(), ChallengeID: c.ID, AskerOrgID: a.OrgID, AskerUserID: a.UserID, Text: t,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.repo.CreateQuestion(ctx, q); err != nil {
			return err
		}
		if err := s.toOwner(ctx, c, "challenge.question", "揭榜「"+c.Title+"」收到一个新的提问。", nil); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "question.ask", Entity: "question", EntityID: q.ID,
			Changes: map[string]any{"challenge_id": c.ID}})
	})
	return QuestionView{Question: q, Mine: true}, err
}

// Questions lists a challenge's questions: answered ones for everyone who sees
// the challenge; unanswered ones for the owner, program managers and the asker.
func (s *Service) Questions(ctx context.Context, a domain.Actor, challengeID string, p domain.Page) (domain.List[QuestionView], error) {
	c, err := s.load(ctx, a, challengeID)
	if err != nil {
		return domain.List[QuestionView]{}, err
	}
	all := (!a.IsAnonymous() && a.OrgID == c.OwnerID) || a.IsStaff()
	asker := ""
	if !a.IsAnonymous() {
		asker = a.OrgID
	}
	qs, err := domain.Paginate(p, func(q Question) string { return q.ID }, func(p domain.Page) ([]Question, error) {
		return s.repo.ListQuestions(ctx, c.ID, all, asker, p)
	})
	if err != nil {
		return domain.List[QuestionView]{}, err
	}
	out := domain.List[QuestionView]{Next: qs.Next}
	for _, q := range qs.Items {
		out.Items = append(out.Items, QuestionView{Question: q, Mine: asker != "" && q.AskerOrgID == asker})
	}
	return out, nil
}

// Answer: the owner answers while the challenge is published or just closed;
// the answer becomes public and the asker is told.
func (s *Service) Answer(ctx context.Context, a domain.Actor, challengeID, questionID, text string) (QuestionView, error) {
	t, err := checkText("text", text, 5000)
	if err != nil {
		return QuestionView{}, err
	}
	c, err := s.load(ctx, a, challengeID)
	if err != nil {
		return QuestionView{}, err
	}
	if !s.isOwner(a, c) {
		return QuestionView{}, domain.Forbidden(domain.Msg("only the enterprise that posed the challenge answers questions", "只有出题企业可以答复提问"))
	}
	if st := c.EffectiveStatus(s.clock.Now()); st != StatusPublished && st != StatusClosed {
		return QuestionView{}, domain.Conflict(domain.Msg("questions can be answered while the challenge is published or just closed, not %s", "揭榜期间或刚截止时可以答复提问，当前为「%s」"), st)
	}
	var q Question
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		q, err = s.repo.GetQuestion(ctx, questionID)
		if domain.KindOf(err) == domain.KindNotFound || (err == nil && q.ChallengeID != c.ID) {
			return domain.NotFound(domain.Msg("question %s not found", "未找到提问 %s"), questionID)
		} else if err != nil {
			return err
		}
		now := s.clock.Now()
		if err := s.repo.AnswerQuestion(ctx, q.ID, t, a.UserID, now); err != nil {
			return err
		}
		q.Answer, q.AnsweredBy, q.AnsweredAt, q.Version = t, a.UserID, &now, q.Version+1
		if err := s.notify.ToOrgs(ctx, []string{q.AskerOrgID}, notify.Message{Kind: "challenge.answered", Entity: "challenge",
			EntityID: c.ID, Text: "您对揭榜「" + c.Title + "」的提问已得到答复。", Data: map[string]any{"title": c.Title, "question_id": q.ID}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "question.answer", Entity: "question", EntityID: q.ID,
			Changes: map[string]any{"challenge_id": c.ID}})
	})
	return QuestionView{Question: q}, err
}
