// Package project owns projects of the 科创甬江2035 key R&D plan: their
// members, funding lines and stage history. Projects come from awarded
// challenges, from direct applications and from consortia.
package project

import (
	"fmt"
	"time"
)

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

// MemberRole is an organization's part in a project.
type MemberRole string

const (
	RoleLead             MemberRole = "lead"
	RolePartner          MemberRole = "partner"
	RoleDemandSide       MemberRole = "demand_side"
	RoleScenarioProvider MemberRole = "scenario_provider"
	RoleInvestor         MemberRole = "investor"
)

// Member is an organization taking part.
type Member struct {
	OrganizationID string
	Role           MemberRole
	CreatedAt      time.Time
}

// Funding sources and statuses.
type (
	Source        string
	FundingStatus string
)

const (
	SourceMunicipal  Source = "municipal"
	SourceProvincial Source = "provincial"
	SourceNational   Source = "national"
	SourceEnterprise Source = "enterprise"
	SourceInvestment Source = "investment"

	FundingPlanned   FundingStatus = "planned"
	FundingCommitted FundingStatus = "committed"
	FundingDisbursed FundingStatus = "disbursed"
)

// FundingLine is money for a project from one source.
type FundingLine struct {
	ID              string
	ProjectID       string
	Source          Source
	Amount          int64 // yuan
	Status          FundingStatus
	Matching        bool       // a municipal 1:1 matching line
	MilestoneID     string     // a tranche tied to a milestone
	HolderOrgID     string     // for investment lines: the financial organization
	ConvertedFromID string     // 拨改投: the municipal line this one replaced
	ReplacedAt      *time.Time // set on a line a 拨改投 conversion replaced; it no longer counts
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

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
