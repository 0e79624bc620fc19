package project

import (
	"fmt"
	"time"
)

func ended(p Project) bool {
	return p.Stage == StageCompleted || p.Stage == StageRejected || p.Stage == StageTerminated
}

// Stage of a project (科技攻关 → 场景验证 → 产业化应用).
type Stage string

const (
	StageProposal          Stage = "proposal"
	StageResearch          Stage = "research"          // 科技攻关
	StageValidation        Stage = "validation"        // 场景验证
	StageIndustrialization Stage = "industrialization" // 产业化应用
	StageCompleted         Stage = "completed"         // 验收
	StageRejected          Stage = "rejected"
	StageTerminated        Stage = "terminated"
)

// Origin says how a project came about.
type Origin string

const (
	OriginChallenge   Origin = "challenge"
	OriginApplication Origin = "application"
	OriginConsortium  Origin = "consortium"
)

// Origins lists every origin.
func Origins() []Origin { return []Origin{OriginChallenge, OriginApplication, OriginConsortium} }

// StageChange is one entry of the stage history.
type StageChange struct {
	ID        string
	ProjectID string
	From      Stage // "" for the first entry
	To        Stage
	ActorID   string
	Reason    string
	Evidence  string
	// DocumentIDs are the project's documents the move cites as evidence.
	DocumentIDs []string
	OccurredAt  time.Time
}

// Project is a project of the key R&D plan.
type Project struct {
	ID           string
	Code         string // YJ2035-<year>-<seq>, assigned on approval
	Title        string
	Summary      string
	Category     string
	FieldID      string
	LeadOrgID    string
	ConsortiumID string
	Origin       Origin
	ChallengeID  string
	Stage        Stage
	TRL          int
	Budget       int64 // committed + disbursed funding never exceeds it; change requests move it
	// ProposedBudget is what the winning bid proposed (awarded projects), kept for the record.
	ProposedBudget int64
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// FormatCode makes a project code.
func FormatCode(year, seq int) string { return fmt.Sprintf("YJ2035-%d-%04d", year, seq) }
