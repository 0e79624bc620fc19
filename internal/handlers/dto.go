package handlers

import (
	"encoding/json"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// OrganizationDTO is an organization as the API shows it.
type OrganizationDTO struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Type       string    `json:"type" jsonschema:"enum=enterprise,enum=research_institute,enum=university,enum=government,enum=financial,enum=other"`
	Tier       string    `json:"tier,omitempty" jsonschema:"enum=tech_sme,enum=high_tech,enum=little_giant,enum=leader"`
	CreditCode string    `json:"credit_code,omitempty"`
	Country    string    `json:"country"`
	District   string    `json:"district,omitempty"`
	Status     string    `json:"status" jsonschema:"enum=pending,enum=verified"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func organizationDTO(o org.Organization) OrganizationDTO {
	return OrganizationDTO{ID: o.ID, Name: o.Name, Type: string(o.Type), Tier: string(o.Tier), CreditCode: o.CreditCode,
		Country: o.Country, District: o.District, Status: string(o.Status), Version: o.Version,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

// UserDTO is a user as the API shows it (never the password hash).
type UserDTO struct {
	ID             string    `json:"id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	Role           string    `json:"role" jsonschema:"enum=enterprise,enum=institute,enum=program_manager,enum=expert,enum=admin"`
	OrganizationID string    `json:"organization_id"`
	Disabled       bool      `json:"disabled"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func userDTO(u account.User) UserDTO {
	return UserDTO{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), OrganizationID: u.OrganizationID,
		Disabled: u.Disabled, Version: u.Version, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// FieldDTO is a technology field.
type FieldDTO struct {
	ID          string    `json:"id"`
	ParentID    *string   `json:"parent_id"`
	Name        string    `json:"name"`
	NameEn      string    `json:"name_en"`
	Priority315 bool      `json:"priority_315"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func fieldDTO(f reference.Field) FieldDTO {
	return FieldDTO{ID: f.ID, ParentID: f.ParentID, Name: f.Name, NameEn: f.NameEn, Priority315: f.Priority315,
		Version: f.Version, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

// NamedDTO is a category or a district.
type NamedDTO struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// AuditRecordDTO is one link of the audit chain.
type AuditRecordDTO struct {
	ID         string          `json:"id"`
	Seq        int64           `json:"seq"`
	OccurredAt time.Time       `json:"occurred_at"`
	ActorID    string          `json:"actor_id"`
	ActorRole  string          `json:"actor_role"`
	ActorOrg   string          `json:"actor_org"`
	Action     string          `json:"action"`
	Entity     string          `json:"entity"`
	EntityID   string          `json:"entity_id"`
	ClientIP   string          `json:"client_ip"`
	RequestID  string          `json:"request_id"`
	Changes    json.RawMessage `json:"changes" jsonschema:"type=object"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

func auditRecordDTO(r audit.Record) AuditRecordDTO {
	return AuditRecordDTO{ID: itoa64(r.Seq), Seq: r.Seq, OccurredAt: r.OccurredAt, ActorID: r.ActorID,
		ActorRole: r.ActorRole, ActorOrg: r.ActorOrg, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID,
		ClientIP: r.ClientIP, RequestID: r.RequestID, Changes: json.RawMessage(r.Changes),
		PrevHash: r.PrevHash, Hash: r.Hash}
}

// Page is a keyset-paged list.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// Items is an unpaged list.
type Items[T any] struct {
	Items []T `json:"items"`
}

func mapSlice[A, B any](in []A, f func(A) B) []B {
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}
