// Package challenge owns the 揭榜 challenge flow: an enterprise poses a
// technical problem (企业出题), the bureau vets and funds it (政府立题),
// organizations anywhere bid on it sealed until the deadline (协同破题),
// experts score the bids (以赛代评), and the award becomes a project.
package challenge

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Status of a challenge.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusPublished Status = "published"
	StatusClosed    Status = "closed"
	StatusInReview  Status = "in_review"
	StatusAwarded   Status = "awarded"
	StatusFailed    Status = "failed" // 流榜
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
	StatusCancelled Status = "cancelled"
)

// Statuses lists every status.
func Statuses() []Status {
	return []Status{StatusDraft, StatusSubmitted, StatusPublished, StatusClosed, StatusInReview, StatusAwarded,
		StatusFailed, StatusRejected, StatusWithdrawn, StatusCancelled}
}

// PublicStatuses are the statuses anyone may see on the board (揭榜榜单).
func PublicStatuses() []Status {
	return []Status{StatusPublished, StatusClosed, StatusInReview, StatusAwarded, StatusFailed}
}

func (s Status) Public() bool {
	for _, p := range PublicStatuses() {
		if s == p {
			return true
		}
	}
	return false
}

// Indicator is one technical indicator the solution must reach.
type Indicator struct {
	Name   string `json:"name"`
	Target string `json:"target"`
	Unit   string `json:"unit"`
}

// Challenge is a technical problem an enterprise needs solved.
type Challenge struct {
	ID                   string
	OwnerID              string // the enterprise that posed it
	CreatedBy            string
	Title                string
	Problem              string
	Indicators           []Indicator
	Deliverables         string
	FieldID              string
	EnterpriseCommitment int64 // 揭榜金额, yuan
	RequestedSupport     int64 // yuan
	DurationMonths       int
	IPTerms              string
	TRLStart             int
	TRLTarget            int
	EligibleOrgTypes     []org.Type
	Global               bool // foreign organizations may bid
	// Set when the bureau approves (立题).
	Category    string
	FundingCap  *int64
	BidDeadline *time.Time
	PublishedAt *time.Time
	ClosedAt    *time.Time
	DecidedAt   *time.Time
	Status      Status
	// StatusReason is the reason given for a return, rejection, cancellation or failure.
	StatusReason  string
	ProposedBidID string // the first of WinnerBidIDs
	AwardedBidID  string // the first winner, once confirmed
	ProjectID     string // the first winner's project
	// MaxWinners is how many bids an award may name (赛马: several teams
	// funded in parallel); 1 unless approval says otherwise.
	MaxWinners int
	// WinnerBidIDs are the proposed (then awarded) bids; ProjectIDs one
	// project per winner, in the same order, once confirmed.
	WinnerBidIDs []string
	ProjectIDs   []string
	// Rounds are the review rounds set at approval (以赛代评); none: one
	// round. CurrentRound is the round under review (1 until a round closes).
	Rounds       []Round
	CurrentRound int
	// ScenarioID: a challenge posted for an application scenario by its
	// provider (以赛代招), whose ProcurementCommitment (yuan) becomes the
	// winner's funding.
	ScenarioID            string
	ProcurementCommitment int64
	// LiveBids counts the bids not withdrawn. The store keeps it, in the
	// transaction of each bid and withdrawal; nothing else writes it.
	LiveBids  int
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Round is one review round (以赛代评): its name, its weight in the final
// ranking (percent) and, for every round but the last, how many bids go
// through to the next.
type Round struct {
	Name      string `json:"name"`
	Weight    int    `json:"weight"`
	Shortlist int    `json:"shortlist,omitempty"`
}

// Plan is the challenge's review rounds: those set at approval, or one round
// weighing 100 %.
func (c Challenge) Plan() []Round {
	if len(c.Rounds) == 0 {
		return []Round{{Name: "评审", Weight: 100}}
	}
	return c.Rounds
}

// Round is the round under review: 1 until the first round closes.
func (c Challenge) Round() int { return max(c.CurrentRound, 1) }

// FinalRound tells whether the round under review is the last one (the one
// the award follows).
func (c Challenge) FinalRound() bool { return c.Round() >= len(c.Plan()) }

// EffectiveStatus is the status as of now: a published challenge whose
// deadline has passed is closed, whether or not anything has recorded it yet.
func (c Challenge) EffectiveStatus(now time.Time) Status {
	if c.Status == StatusPublished && c.BidDeadline != nil && !now.Before(*c.BidDeadline) {
		return StatusClosed
	}
	return c.Status
}

// BidsUnsealed is the one rule of what "sealed" means (the store's SQL twin
// is unsealedSQL): bids open to the owner, program managers and assigned
// experts once the deadline has passed while the challenge was still open —
// it was closed (ClosedAt is set on every path out of published past the
// deadline) or is closed as of now. A challenge that ended before its
// deadline (cancelled while published) keeps its bids sealed for ever: only
// each bid's own organization ever reads it.
func (c Challenge) BidsUnsealed(now time.Time) bool {
	return c.ClosedAt != nil || c.EffectiveStatus(now) == StatusClosed
}

// Open tells whether bids are accepted now.
func (c Challenge) Open(now time.Time) bool { return c.EffectiveStatus(now) == StatusPublished }

// Draft is the editable content of a challenge; nil fields are not set.
type Draft struct {
	Title                *string
	Problem              *string
	Indicators           *[]Indicator
	Deliverables         *string
	FieldID              *string
	EnterpriseCommitment *int64
	RequestedSupport     *int64
	DurationMonths       *int
	IPTerms              *string
	TRLStart             *int
	TRLTarget            *int
	EligibleOrgTypes     *[]string
	Global               *bool
	// 以赛代招: the application scenario ("" to clear) and the provider's
	// procurement commitment (yuan).
	ScenarioID            *string
	ProcurementCommitment *int64
}

// apply validates the values that are set and copies them onto c.
func (d Draft) apply(c *Challenge, fieldExists func(string) bool) domain.Problems {
	var p domain.Problems
	p.TextLen("title", d.Title, 4, 200)
	p.TextLen("problem", d.Problem, 1, 20000)
	p.TextLen("deliverables", d.Deliverables, 1, 10000)
	p.TextLen("ip_terms", d.IPTerms, 1, 10000)
	if d.Indicators != nil {
		if len(*d.Indicators) > 50 {
			p.Add("indicators", domain.CodeTooMany, "max", 50)
		}
		for i, in := range *d.Indicators {
			if strings.TrimSpace(in.Name) == "" || strings.TrimSpace(in.Target) == "" {
				p.Add(fieldIndex("indicators", i), codeIndicatorIncomplete)
			}
			if utf8.RuneCountInString(in.Name) > 200 || utf8.RuneCountInString(in.Target) > 200 || utf8.RuneCountInString(in.Unit) > 50 {
				p.Add(fieldIndex("indicators", i), codeIndicatorTooLong)
			}
		}
	}
	if d.FieldID != nil && !fieldExists(*d.FieldID) {
		p.Add("field_id", domain.CodeUnknownField)
	}
	p.Money("enterprise_commitment", d.EnterpriseCommitment, false)
	p.Money("requested_support", d.RequestedSupport, false)
	p.Money("procurement_commitment", d.ProcurementCommitment, false)
	if d.DurationMonths != nil && (*d.DurationMonths < 1 || *d.DurationMonths > 120) {
		p.Add("duration_months", domain.CodeOutOfRange, "min", 1, "max", 120)
	}
	trl := func(field string, v *int) {
		if v != nil && (*v < 1 || *v > 9) {
			p.Add(field, domain.CodeOutOfRange, "min", 1, "max", 9)
		}
	}
	trl("trl_start", d.TRLStart)
	trl("trl_target", d.TRLTarget)
	var types []org.Type
	if d.EligibleOrgTypes != nil {
		for i, s := range *d.EligibleOrgTypes {
			t, ok := org.ParseType(s)
			if !ok || t == org.TypeGovernment {
				p.Add(fieldIndex("eligible_org_types", i), domain.CodeOneOf, "allowed", "enterprise, research_institute, university, financial, other")
				continue
			}
			types = append(types, t)
		}
	}
	if len(p) > 0 {
		return p
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&c.Title, d.Title)
	set(&c.Problem, d.Problem)
	set(&c.Deliverables, d.Deliverables)
	set(&c.IPTerms, d.IPTerms)
	set(&c.FieldID, d.FieldID)
	if d.Indicators != nil {
		c.Indicators = append([]Indicator{}, (*d.Indicators)...)
	}
	if d.EnterpriseCommitment != nil {
		c.EnterpriseCommitment = *d.EnterpriseCommitment
	}
	if d.RequestedSupport != nil {
		c.RequestedSupport = *d.RequestedSupport
	}
	if d.DurationMonths != nil {
		c.DurationMonths = *d.DurationMonths
	}
	if d.TRLStart != nil {
		c.TRLStart = *d.TRLStart
	}
	if d.TRLTarget != nil {
		c.TRLTarget = *d.TRLTarget
	}
	if d.EligibleOrgTypes != nil {
		c.EligibleOrgTypes = dedupeTypes(types)
	}
	if d.Global != nil {
		c.Global = *d.Global
	}
	set(&c.ScenarioID, d.ScenarioID)
	if d.ProcurementCommitment != nil {
		c.ProcurementCommitment = *d.ProcurementCommitment
	}
	return nil
}

func dedupeTypes(ts []org.Type) []org.Type {
	seen := map[org.Type]bool{}
	out := []org.Type{}
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// completeness lists what a challenge still lacks before it can be submitted.
func (c Challenge) completeness() domain.Problems {
	var p domain.Problems
	if c.Problem == "" {
		p.Add("problem", domain.CodeRequiredToSubmit)
	}
	if len(c.Indicators) == 0 {
		p.Add("indicators", codeIndicatorsToSubmit)
	}
	if c.Deliverables == "" {
		p.Add("deliverables", domain.CodeRequiredToSubmit)
	}
	if c.FieldID == "" {
		p.Add("field_id", domain.CodeRequiredToSubmit)
	}
	if c.DurationMonths == 0 {
		p.Add("duration_months", domain.CodeRequiredToSubmit)
	}
	if c.IPTerms == "" {
		p.Add("ip_terms", domain.CodeRequiredToSubmit)
	}
	if c.TRLStart == 0 {
		p.Add("trl_start", domain.CodeRequiredToSubmit)
	}
	if c.TRLTarget == 0 {
		p.Add("trl_target", domain.CodeRequiredToSubmit)
	} else if c.TRLStart != 0 && c.TRLTarget <= c.TRLStart {
		p.Add("trl_target", codeTRLRaise)
	}
	if len(c.EligibleOrgTypes) == 0 {
		p.Add("eligible_org_types", codeEligibleRequired)
	}
	return p
}

func fieldIndex(field string, i int) string {
	return field + "[" + itoa(i) + "]"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
