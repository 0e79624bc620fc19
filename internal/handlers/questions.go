package handlers

import (
	"net/http"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/labstack/echo/v4"
)

// QuestionRequest is a question or an answer.
type QuestionRequest struct {
	Text string `json:"text" validate:"required,max=5000" text:"multiline"`
}

// QuestionDTO is a clarification; the asker is never shown.
type QuestionDTO struct {
	ID          string     `json:"id"`
	ChallengeID string     `json:"challenge_id"`
	Text        string     `json:"text"`
	Answer      string     `json:"answer,omitempty"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	Mine        bool       `json:"mine" jsonschema:"description=asked by the caller's organization"`
	Version     int        `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func questionDTO(q challenge.QuestionView) QuestionDTO {
	return QuestionDTO{ID: q.ID, ChallengeID: q.ChallengeID, Text: q.Text, Answer: q.Answer, AnsweredAt: q.AnsweredAt,
		Mine: q.Mine, Version: q.Version, CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt}
}

func (s *Server) listQuestions(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, questionDTO)(s.deps.Challenges.Questions(ctxOf(c), actorOf(c), c.Param("id"), p))
}

func (s *Server) askQuestion(c echo.Context) error {
	var in QuestionRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, questionDTO)(s.deps.Challenges.Ask(ctxOf(c), actorOf(c), c.Param("id"), in.Text))
}

func (s *Server) answerQuestion(c echo.Context) error {
	var in QuestionRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, questionDTO)(s.deps.Challenges.Answer(ctxOf(c), actorOf(c), c.Param("id"), c.Param("qid"), in.Text))
}

// questionRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) questionRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/questions", OperationID: "listQuestions", Tag: "challenges",
			Summary: "Questions: answered ones for everyone who sees the challenge (asker hidden); unanswered ones for the owner, program managers and the asker",
			Access:  anyone, Query: pageParams, Response: Page[QuestionDTO]{}, Status: http.StatusOK, Handler: s.listQuestions},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/questions", OperationID: "askQuestion", Tag: "challenges",
			Summary: "Ask a question while the challenge is open (verified organizations other than the owner)", Access: signedIn,
			Body: QuestionRequest{}, Response: QuestionDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.askQuestion},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/questions/:qid/answer", OperationID: "answerQuestion", Tag: "challenges",
			Summary: "Answer a question (the owner); the answer becomes public", Access: roles(enterprise),
			Body: QuestionRequest{}, Response: QuestionDTO{}, Status: http.StatusOK, Handler: s.answerQuestion},
	}
}
