// Package reference owns the program's reference data: the two-level field
// taxonomy of the "315" system, the four project categories and the districts.
package reference

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// Field is a technology field; level-1 fields have no parent.
type Field struct {
	ID          string
	ParentID    *string
	Name        string
	NameEn      string
	Priority315 bool
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Category is one of the four kinds of project (四大领域攻关项目); its ID is its key.
type Category struct {
	ID     string
	Name   string
	NameEn string
}

// District is a district (区县市) of Ningbo.
type District struct {
	ID     string
	Name   string
	NameEn string
}

// Repository stores reference data.
type Repository interface {
	ListFields(ctx context.Context) ([]Field, error)
	GetField(ctx context.Context, id string) (Field, error)
	CreateField(ctx context.Context, f Field) error
	UpdateField(ctx context.Context, f Field, version int) error
	ListCategories(ctx context.Context) ([]Category, error)
	ListDistricts(ctx context.Context) ([]District, error)
	DistrictExists(ctx context.Context, id string) (bool, error)
	// EnsureDefaults inserts whatever default row is missing and changes nothing else.
	EnsureDefaults(ctx context.Context, fields []Field, cats []Category, districts []District) error
}

// Service reads and (for admins) edits reference data.
type Service struct {
	repo  Repository
	tx    domain.Transactor
	audit *audit.Service
	clock domain.Clock
}

func NewService(repo Repository, tx domain.Transactor, a *audit.Service, clock domain.Clock) *Service {
	return &Service{repo: repo, tx: tx, audit: a, clock: clock}
}

// EnsureDefaults seeds the reference data once; admins' later edits stay.
func (s *Service) EnsureDefaults(ctx context.Context) error {
	now := s.clock.Now()
	fields := DefaultFields()
	for i := range fields {
		fields[i].CreatedAt, fields[i].UpdatedAt, fields[i].Version = now, now, 1
	}
	return s.repo.EnsureDefaults(ctx, fields, DefaultCategories(), DefaultDistricts())
}

func (s *Service) Fields(ctx context.Context) ([]Field, error) { return s.repo.ListFields(ctx) }
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	return s.repo.ListCategories(ctx)
}
func (s *Service) Districts(ctx context.Context) ([]District, error) {
	return s.repo.ListDistricts(ctx)
}
func (s *Service) Field(ctx context.Context, id string) (Field, error) {
	return s.repo.GetField(ctx, id)
}

// CategoryList names the four category keys for a message.
func CategoryList() string {
	keys := make([]string, 0, 4)
	for _, c := range DefaultCategories() {
		keys = append(keys, c.ID)
	}
	return strings.Join(keys, ", ")
}

// IsCategory tells whether key is one of the four category keys.
func IsCategory(key string) bool {
	for _, c := range DefaultCategories() {
		if c.ID == key {
			return true
		}
	}
	return false
}

var fieldIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// NewField is an admin's request to add a field.
type NewField struct {
	ID          string
	ParentID    *string
	Name        string
	NameEn      string
	Priority315 bool
}

func (s *Service) CreateField(ctx context.Context, actor domain.Actor, in NewField) (Field, error) {
	if !actor.Is(domain.RoleAdmin) {
		return Field{}, domain.Forbidden(domain.Msg("only admins edit reference data", "只有平台管理员可以修改基础数据"))
	}
	var p domain.Problems
	if !fieldIDPattern.MatchString(in.ID) {
		p.Add("id", codeFieldID)
	}
	in.Name, in.NameEn = strings.TrimSpace(in.Name), strings.TrimSpace(in.NameEn)
	if in.Name == "" {
		p.Add("name", domain.CodeRequired)
	}
	if in.NameEn == "" {
		p.Add("name_en", domain.CodeRequired)
	}
	f := Field{ID: in.ID, ParentID: in.ParentID, Name: in.Name, NameEn: in.NameEn, Priority315: in.Priority315, Version: 1}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if in.ParentID != nil {
			parent, err := s.repo.GetField(ctx, *in.ParentID)
			if domain.KindOf(err) == domain.KindNotFound {
				p.Add("parent_id", domain.CodeUnknownField)
			} else if err != nil {
				return err
			} else if parent.ParentID != nil {
				p.Add("parent_id", codeFieldParentLevel)
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		f.CreatedAt, f.UpdatedAt = s.clock.Now(), s.clock.Now()
		if err := s.repo.CreateField(ctx, f); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, audit.Entry{Action: "field.create", Entity: "field", EntityID: f.ID, Changes: in})
	})
	return f, err
}

// FieldChanges is an admin's partial edit of a field; nil means unchanged.
type FieldChanges struct {
	Name        *string `json:"name,omitempty"`
	NameEn      *string `json:"name_en,omitempty"`
	Priority315 *bool   `json:"priority_315,omitempty"`
	Version     *int    `json:"version,omitempty"`
}

func (s *Service) UpdateField(ctx context.Context, actor domain.Actor, id string, ch FieldChanges) (Field, error) {
	if !actor.Is(domain.RoleAdmin) {
		return Field{}, domain.Forbidden(domain.Msg("only admins edit reference data", "只有平台管理员可以修改基础数据"))
	}
	var p domain.Problems
	if ch.Name != nil && strings.TrimSpace(*ch.Name) == "" {
		p.Add("name", domain.CodeNotEmpty)
	}
	if ch.NameEn != nil && strings.TrimSpace(*ch.NameEn) == "" {
		p.Add("name_en", domain.CodeNotEmpty)
	}
	if err := p.Err(); err != nil {
		return Field{}, err
	}
	var f Field
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if f, err = s.repo.GetField(ctx, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("field", id, f.Version, ch.Version); err != nil {
			return err
		}
		old := f.Version
		if ch.Name != nil {
			f.Name = strings.TrimSpace(*ch.Name)
		}
		if ch.NameEn != nil {
			f.NameEn = strings.TrimSpace(*ch.NameEn)
		}
		if ch.Priority315 != nil {
			f.Priority315 = *ch.Priority315
		}
		f.Version++
		f.UpdatedAt = s.clock.Now()
		if err := s.repo.UpdateField(ctx, f, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, audit.Entry{Action: "field.update", Entity: "field", EntityID: id, Changes: ch})
	})
	return f, err
}

// The problems particular to reference data.
var (
	codeFieldID          = domain.NewCode("field.id", "must be 2–40 lowercase letters, digits or underscores, starting with a letter", "须为 2–40 位小写字母、数字或下划线，以字母开头")
	codeFieldParentLevel = domain.NewCode("field.parent_level", "must be a level-1 field (the taxonomy has two levels)", "须为一级领域（领域分两级）")
)
