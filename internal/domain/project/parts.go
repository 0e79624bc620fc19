package project

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// MilestoneStatus: planned → done (the lead) → accepted, or back to planned (a program manager).
type MilestoneStatus string

const (
	MilestonePlanned  MilestoneStatus = "planned"
	MilestoneDone     MilestoneStatus = "done"
	MilestoneAccepted MilestoneStatus = "accepted"
)

// Milestone is a step of a project.
type Milestone struct {
	ID          string
	ProjectID   string
	Title       string
	DueDate     string // YYYY-MM-DD
	Stage       Stage  // research, validation or industrialization
	Deliverable string
	Status      MilestoneStatus
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Direction says which way a KPI's target is met.
type Direction string

const (
	AtLeast Direction = "at_least" // the actual must reach the target (击穿场强 ≥ 45 kV/mm)
	AtMost  Direction = "at_most"  // the actual must stay at or under it (损耗 ≤ 0.5%)
)

// Directions lists both.
func Directions() []Direction { return []Direction{AtLeast, AtMost} }

// KPI is a key performance indicator: a numeric target, a unit, a direction
// and the latest actual value (nil until one is recorded).
type KPI struct {
	ID        string
	ProjectID string
	Name      string
	Target    float64
	Actual    *float64
	Unit      string
	Direction Direction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Progress is how far the actual is toward the target, from 0 to 1 (capped
// at 1); nil while no actual is recorded.
func (k KPI) Progress() *float64 {
	if k.Actual == nil {
		return nil
	}
	a, t := *k.Actual, k.Target
	var p float64
	switch {
	case k.Direction == AtMost && a <= t:
		p = 1
	case k.Direction == AtMost:
		p = t / a // over the ceiling: how far over
	case t <= 0:
		p = 1
	default:
		p = a / t
	}
	p = math.Max(0, math.Min(1, p))
	return &p
}

// KPIActual is one actual value of a KPI, as recorded on a date from a source
// (a test report, a periodic report …).
type KPIActual struct {
	ID         string
	KPIID      string
	ProjectID  string
	Value      float64
	Date       string // YYYY-MM-DD
	Source     string
	RecordedBy string
	CreatedAt  time.Time
}

var targetNumber = regexp.MustCompile(`[-+]?\d+(?:[.,]\d+)?`)

// ParseTarget reads an indicator's target as challenges state it ("≥ 45",
// "≤0.5%", "不低于 30", "30"): its number and direction. ok is false when
// it holds no number.
func ParseTarget(s string) (value float64, d Direction, ok bool) {
	t := strings.TrimSpace(s)
	d = AtLeast
	for _, p := range []string{"≤", "<=", "<", "＜", "不超过", "不高于", "至多", "低于", "小于", "max"} {
		if strings.HasPrefix(strings.ToLower(t), p) {
			d = AtMost
			break
		}
	}
	n := targetNumber.FindString(t)
	if n == "" {
		return 0, d, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n, ",", "."), 64)
	if err != nil {
		return 0, d, false
	}
	return v, d, true
}

// MilestoneInput creates or edits a milestone; nil fields stay.
type MilestoneInput struct {
	Title       *string
	DueDate     *string
	Stage       *string
	Deliverable *string
	Status      *string
	Version     *int
}

func workStage(s Stage) bool { return slices.Contains(WorkStages(), s) }

// apply validates the content fields (not the status) and copies them.
func (in MilestoneInput) apply(m *Milestone) domain.Problems {
	var p domain.Problems
	p.TextLen("title", in.Title, 1, 200)
	p.TextLen("deliverable", in.Deliverable, 0, 2000)
	due, _ := p.PlanDate("due_date", in.DueDate)
	var st Stage
	if in.Stage != nil {
		var ok bool
		st, ok = ParseStage(*in.Stage)
		if !ok || !workStage(st) {
			p.Add("stage", domain.CodeOneOf, "allowed", domain.EnumList(WorkStages()))
		}
	}
	if len(p) > 0 {
		return p
	}
	if in.Title != nil {
		m.Title = strings.TrimSpace(*in.Title)
	}
	if in.DueDate != nil {
		m.DueDate = due.String()
	}
	if in.Stage != nil {
		m.Stage = st
	}
	if in.Deliverable != nil {
		m.Deliverable = strings.TrimSpace(*in.Deliverable)
	}
	return nil
}

// KPIInput creates or edits a KPI; nil fields stay. The actual is recorded
// with RecordActual (it keeps its history), not here.
type KPIInput struct {
	Name      *string
	Target    *float64
	Unit      *string
	Direction *string
	// Actual, if set, is recorded as today's actual value (as RecordActual does).
	Actual  *float64
	Version *int
}

// maxKPIValue bounds targets and actuals (a float64 holds them exactly enough
// and no indicator of the programme is larger).
const maxKPIValue = 1e15

func checkValue(p *domain.Problems, field string, v *float64) {
	if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || math.Abs(*v) > maxKPIValue) {
		p.Add(field, codeKPIValue, "max", maxKPIValue)
	}
}

func (in KPIInput) apply(k *KPI) domain.Problems {
	var p domain.Problems
	p.TextLen("name", in.Name, 1, 200)
	p.TextLen("unit", in.Unit, 0, 50)
	checkValue(&p, "target", in.Target)
	checkValue(&p, "actual", in.Actual)
	var dir Direction
	if in.Direction != nil {
		var ok bool
		if dir, ok = domain.ParseEnum(*in.Direction, Directions()); !ok {
			p.Add("direction", domain.CodeOneOf, "allowed", domain.EnumList(Directions()))
		}
	}
	if len(p) > 0 {
		return p
	}
	if in.Name != nil {
		k.Name = strings.TrimSpace(*in.Name)
	}
	if in.Unit != nil {
		k.Unit = strings.TrimSpace(*in.Unit)
	}
	if in.Target != nil {
		k.Target = *in.Target
	}
	if in.Direction != nil {
		k.Direction = dir
	}
	return nil
}

// ActualInput records an actual value of a KPI.
type ActualInput struct {
	Value  *float64
	Date   *string
	Source *string
}

// MemberRoles lists the roles an organization can have in a project.
func MemberRoles() []MemberRole {
	return []MemberRole{RoleLead, RolePartner, RoleDemandSide, RoleScenarioProvider, RoleInvestor}
}

// AddableRoles are the roles a program manager adds a member with (the lead
// is the project's own).
func AddableRoles() []MemberRole { return MemberRoles()[1:] }

func parseMemberRole(s string) (MemberRole, bool) { return domain.ParseEnum(s, MemberRoles()) }
