package project

import (
	"slices"
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

// KPI is a key performance indicator.
type KPI struct {
	ID        string
	ProjectID string
	Name      string
	Target    string
	Actual    string
	Unit      string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
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
	if in.DueDate != nil {
		if _, err := time.Parse("2006-01-02", *in.DueDate); err != nil {
			p.Add("due_date", domain.CodeDate)
		}
	}
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
		m.DueDate = *in.DueDate
	}
	if in.Stage != nil {
		m.Stage = st
	}
	if in.Deliverable != nil {
		m.Deliverable = strings.TrimSpace(*in.Deliverable)
	}
	return nil
}

// KPIInput creates or edits a KPI; nil fields stay.
type KPIInput struct {
	Name, Target, Actual, Unit *string
	Version                    *int
}

func (in KPIInput) apply(k *KPI) domain.Problems {
	var p domain.Problems
	p.TextLen("name", in.Name, 1, 200)
	p.TextLen("target", in.Target, 1, 200)
	p.TextLen("actual", in.Actual, 0, 200)
	p.TextLen("unit", in.Unit, 0, 50)
	if len(p) > 0 {
		return p
	}
	for _, x := range []struct {
		dst *string
		src *string
	}{{&k.Name, in.Name}, {&k.Target, in.Target}, {&k.Actual, in.Actual}, {&k.Unit, in.Unit}} {
		if x.src != nil {
			*x.dst = strings.TrimSpace(*x.src)
		}
	}
	return nil
}

// MemberRoles lists the roles an organization can have in a project.
func MemberRoles() []MemberRole {
	return []MemberRole{RoleLead, RolePartner, RoleDemandSide, RoleScenarioProvider, RoleInvestor}
}

// AddableRoles are the roles a program manager adds a member with (the lead
// is the project's own).
func AddableRoles() []MemberRole { return MemberRoles()[1:] }

func parseMemberRole(s string) (MemberRole, bool) { return domain.ParseEnum(s, MemberRoles()) }
