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
