// Package scenario owns application scenarios (重大应用场景, "试验路段"): places
// where an organization lets new technology be tried, the projects' applications
// to them, the providers' decisions and the trials' results — the evidence the
// project stage gates look for.
package scenario

import (
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Scenario is a place offered for trials.
type Scenario struct {
	ID            string
	ProviderID    string
	Title         string
	Description   string
	FieldID       string
	Capacity      string
	AvailableFrom domain.Date
	AvailableTo   domain.Date
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Status of an application.
type Status string

const (
	Pending  Status = "pending"
	Accepted Status = "accepted"
	Declined Status = "declined"
)

// Result of a trial.
type Result string

const (
	Passed Result = "passed"
	Failed Result = "failed"
)

// Results lists every trial result.
func Results() []Result { return []Result{Passed, Failed} }

// Application is a project's application to try itself in a scenario.
type Application struct {
	ID         string
	ScenarioID string
	ProjectID  string
	Plan       string
	Status     Status
	Result     Result // "" until reported
	Report     string
	DecidedAt  *time.Time
	ReportedAt *time.Time
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time

	// Read with the lists, for the provider, who cannot yet open the project.
	ProjectTitle  string
	ProjectLeadID string
	ScenarioTitle string
}

// Input creates or edits a scenario; nil fields stay.
type Input struct {
	Title, Description, FieldID, Capacity, AvailableFrom, AvailableTo *string
	Version                                                           *int
}

func (in Input) apply(s *Scenario, fieldExists func(string) bool) error {
	var p domain.Problems
	p.TextLen("title", in.Title, 4, 200)
	p.TextLen("description", in.Description, 1, 10000)
	p.TextLen("capacity", in.Capacity, 0, 500)
	from, _ := p.PlanDate("available_from", in.AvailableFrom)
	to, _ := p.PlanDate("available_to", in.AvailableTo)
	if in.FieldID != nil && *in.FieldID != "" && !fieldExists(*in.FieldID) {
		p.Add("field_id", domain.CodeUnknownField)
	}
	if len(p) > 0 {
		return p.Err()
	}
	for _, x := range []struct{ dst, src *string }{{&s.Title, in.Title}, {&s.Description, in.Description},
		{&s.FieldID, in.FieldID}, {&s.Capacity, in.Capacity}} {
		if x.src != nil {
			*x.dst = strings.TrimSpace(*x.src)
		}
	}
	if in.AvailableFrom != nil {
		s.AvailableFrom = from
	}
	if in.AvailableTo != nil {
		s.AvailableTo = to
	}
	if !s.AvailableFrom.IsZero() && !s.AvailableTo.IsZero() && s.AvailableTo.Before(s.AvailableFrom) {
		return domain.Invalid(domain.Msg("the window is backwards", "开放期结束日期早于开始日期"), domain.Problem("available_to", codeWindowBackwards))
	}
	return nil
}

var codeWindowBackwards = domain.NewCode("scenario.window_backwards", "must not be before available_from", "不能早于开放起始日期")

// Label says an application's status in lang.
func (s Status) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }
