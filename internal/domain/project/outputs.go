package project

import (
	"context"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// OutputStore keeps the outputs register.
type OutputStore interface {
	Outputs(ctx context.Context, projectID string) ([]Output, error)
	GetOutput(ctx context.Context, id string) (Output, error)
	CreateOutput(ctx context.Context, o Output) error
	UpdateOutput(ctx context.Context, o Output, version int) error
	DeleteOutput(ctx context.Context, id string) error
}

// OutputType is a kind of result (成果).
type OutputType string

const (
	OutputPatent   OutputType = "patent"   // 专利: application or grant number
	OutputPaper    OutputType = "paper"    // 论文: DOI
	OutputStandard OutputType = "standard" // 标准
	OutputSoftware OutputType = "software" // 软件著作权
	OutputProduct  OutputType = "product"  // 新产品
	OutputAward    OutputType = "award"    // 奖励
	OutputOther    OutputType = "other"
)

// OutputTypes lists every type.
func OutputTypes() []OutputType {
	return []OutputType{OutputPatent, OutputPaper, OutputStandard, OutputSoftware, OutputProduct, OutputAward, OutputOther}
}

// Output is one result of a project, in the outputs register.
type Output struct {
	ID        string
	ProjectID string
	Type      OutputType
	Title     string
	Reference string // the patent number, DOI, standard number …
	Date      domain.Date
	Landmark  bool // 标志性成果
	CreatedBy string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OutputInput records or edits an output; nil fields stay.
type OutputInput struct {
	Type, Title, Reference, Date *string
	Landmark                     *bool
	Version                      *int
}

func (in OutputInput) apply(o *Output, today domain.Date) domain.Problems {
	var p domain.Problems
	var t OutputType
	if in.Type != nil {
		var ok bool
		if t, ok = domain.ParseEnum(*in.Type, OutputTypes()); !ok {
			p.Add("type", domain.CodeOneOf, "allowed", domain.EnumList(OutputTypes()))
		}
	}
	p.TextLen("title", in.Title, 1, 300)
	p.TextLen("reference", in.Reference, 0, 200)
	date, _ := p.PastDate("date", in.Date, today)
	if len(p) > 0 {
		return p
	}
	if in.Type != nil {
		o.Type = t
	}
	if in.Date != nil {
		o.Date = date
	}
	for _, x := range []struct{ dst, src *string }{{&o.Title, in.Title}, {&o.Reference, in.Reference}} {
		if x.src != nil {
			*x.dst = strings.TrimSpace(*x.src)
		}
	}
	if in.Landmark != nil {
		o.Landmark = *in.Landmark
	}
	return nil
}

// Outputs is a project's outputs register, newest first.
func (s *Service) Outputs(ctx context.Context, a domain.Actor, projectID string) ([]Output, error) {
	if _, _, err := s.load(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.repo.Outputs(ctx, projectID)
}

// AddOutput: the lead organization or a program manager records a result.
func (s *Service) AddOutput(ctx context.Context, a domain.Actor, projectID string, in OutputInput) (Output, error) {
	var o Output
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, _, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage == StageProposal || p.Stage == StageRejected {
			return domain.Conflict(domain.Msg("outputs are recorded once a project is under way; it is %s", "项目实施后才能登记成果；当前为「%s」"), p.Stage)
		}
		var missing domain.Problems
		missing.Required(map[string]bool{"type": in.Type != nil, "title": in.Title != nil, "date": in.Date != nil})
		if err := missing.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		o = Output{ID: domain.NewID(), ProjectID: p.ID, CreatedBy: a.UserID, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := in.apply(&o, domain.DateOf(now)).Err(); err != nil {
			return err
		}
		if err := s.repo.CreateOutput(ctx, o); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "output.create", Entity: "output", EntityID: o.ID,
			Changes: map[string]any{"project_id": p.ID, "type": o.Type, "title": o.Title, "reference": o.Reference, "landmark": o.Landmark}})
	})
	return o, err
}

func (s *Service) loadOutput(ctx context.Context, a domain.Actor, id string) (Output, access, error) {
	o, err := s.repo.GetOutput(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Output{}, access{}, domain.NotFound(domain.Msg("output %s not found", "未找到成果 %s"), id)
	} else if err != nil {
		return Output{}, access{}, err
	}
	_, acc, err := s.load(ctx, a, o.ProjectID)
	if domain.KindOf(err) == domain.KindNotFound {
		return Output{}, access{}, domain.NotFound(domain.Msg("output %s not found", "未找到成果 %s"), id)
	} else if err != nil {
		return Output{}, access{}, err
	}
	return o, acc, acc.canWrite()
}

// UpdateOutput and DeleteOutput: the lead organization or a program manager.
func (s *Service) UpdateOutput(ctx context.Context, a domain.Actor, id string, in OutputInput) (Output, error) {
	var o Output
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if o, _, err = s.loadOutput(ctx, a, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("output", o.ID, o.Version, in.Version); err != nil {
			return err
		}
		old := o
		now := s.clock.Now()
		if err := in.apply(&o, domain.DateOf(now)).Err(); err != nil {
			return err
		}
		o.Version, o.UpdatedAt = o.Version+1, now
		if err := s.repo.UpdateOutput(ctx, o, old.Version); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "output.update", Entity: "output", EntityID: o.ID,
			Changes: map[string]any{"project_id": o.ProjectID, "title": []string{old.Title, o.Title}, "landmark": []bool{old.Landmark, o.Landmark}}})
	})
	return o, err
}

func (s *Service) DeleteOutput(ctx context.Context, a domain.Actor, id string) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		o, _, err := s.loadOutput(ctx, a, id)
		if err != nil {
			return err
		}
		if err := s.repo.DeleteOutput(ctx, o.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "output.delete", Entity: "output", EntityID: o.ID,
			Changes: map[string]any{"project_id": o.ProjectID, "type": o.Type, "title": o.Title}})
	})
}
