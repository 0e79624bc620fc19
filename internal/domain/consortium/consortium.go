// Package consortium owns innovation consortia (创新联合体): a lead enterprise
// (领头羊) with upstream and downstream firms, institutes and universities, in
// one of three models, approved by the bureau, with a membership history.
package consortium

import (
	"math"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Model of a consortium.
type Model string

const (
	TaskOriented      Model = "task_oriented"       // 任务导向
	EquityLinked      Model = "equity_linked"       // 股权纽带
	GrantToInvestment Model = "grant_to_investment" // 拨改投
)

func Models() []Model { return []Model{TaskOriented, EquityLinked, GrantToInvestment} }

// Status of a consortium.
type Status string

const (
	Forming   Status = "forming"
	Active    Status = "active"
	Dissolved Status = "dissolved"
)

// Role of a member.
type Role string

const (
	RoleLead       Role = "lead"
	RoleUpstream   Role = "upstream"
	RoleDownstream Role = "downstream"
	RoleResearch   Role = "research"
	RoleUniversity Role = "university"
	RoleFinance    Role = "finance"
)

// MemberStatus of one membership row.
type MemberStatus string

const (
	Invited  MemberStatus = "invited"
	Member   MemberStatus = "active"
	Declined MemberStatus = "declined"
	Left     MemberStatus = "left"
	Removed  MemberStatus = "removed"
)

// FullEquity is 100% in basis points.
const FullEquity = 10000

// Consortium is an innovation consortium.
type Consortium struct {
	ID          string
	Name        string
	Model       Model
	FieldID     string
	Description string
	LeadOrgID   string
	Status      Status
	ApprovedAt  *time.Time
	DissolvedAt *time.Time
	// Actions are what the reader may do now (Service.WithActions sets them).
	Actions   []Action
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Membership is one organization's membership (or invitation) in a consortium.
type Membership struct {
	ID             string
	ConsortiumID   string
	OrganizationID string
	Role           Role
	EquityBP       int // basis points: 1250 = 12.5%
	Status         MemberStatus
	InvitedAt      time.Time
	JoinedAt       *time.Time
	EndedAt        *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// ConsortiumName is read with the caller's invitations, which name the
	// consortium the caller may not otherwise see yet.
	ConsortiumName string
}

// EquityPercent is the share as a percentage.
func (m Membership) EquityPercent() float64 { return float64(m.EquityBP) / 100 }

// PercentToBP turns a percentage with at most two decimals into basis points.
func PercentToBP(p float64) (int, error) {
	bp := math.Round(p * 100)
	if math.IsNaN(p) || math.Abs(p*100-bp) > 1e-6 || bp <= 0 || bp > FullEquity {
		return 0, domain.Coded(codeEquityShare)
	}
	return int(bp), nil
}

// Input creates or edits a consortium; nil fields stay.
type Input struct {
	Name, Model, FieldID, Description *string
	Version                           *int
}

func (in Input) apply(c *Consortium, fieldExists func(string) bool) error {
	var p domain.Problems
	p.TextLen("name", in.Name, 2, 200)
	var model Model
	if in.Model != nil {
		for _, m := range Models() {
			if string(m) == *in.Model {
				model = m
			}
		}
		if model == "" {
			p.Add("model", domain.CodeOneOf, "allowed", domain.EnumList(Models()))
		}
	}
	if in.FieldID != nil && !fieldExists(*in.FieldID) {
		p.Add("field_id", domain.CodeUnknownField)
	}
	p.TextLen("description", in.Description, 0, 10000)
	if err := p.Err(); err != nil {
		return err
	}
	if in.Name != nil {
		c.Name = strings.TrimSpace(*in.Name)
	}
	if in.Model != nil {
		c.Model = model
	}
	if in.FieldID != nil {
		c.FieldID = *in.FieldID
	}
	if in.Description != nil {
		c.Description = strings.TrimSpace(*in.Description)
	}
	return nil
}

// The problems particular to consortia.
var (
	codeEquityShare     = domain.NewCode("equity.share", "an equity share is a percentage above 0 and at most 100, with at most two decimals", "股权比例须为大于 0、不超过 100 的百分数，最多两位小数")
	codeEquityRequired  = domain.NewCode("equity.required", "an equity-linked consortium needs each member's equity share (percent)", "股权纽带型联合体须填写每个成员的股权比例（%）")
	codeEquityNotLinked = domain.NewCode("equity.not_linked", "only equity-linked consortia have equity shares", "只有股权纽带型联合体填写股权比例")
	codeEquityOver      = domain.NewCode("equity.over", "the members' equity shares may not exceed 100% in total: {held}% is held, {add}% more would make {total}%", "成员股权合计不能超过 100%：已有 {held}%，再加 {add}% 将达 {total}%")
	codeLeadIsMember    = domain.NewCode("consortium.lead_is_member", "the lead is already a member", "牵头企业已是成员")
)

// Label says a consortium's status in lang.
func (s Status) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }

// Label says a membership's status in lang.
func (s MemberStatus) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }
