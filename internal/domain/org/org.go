// Package org owns organizations: enterprises, institutes, universities, the
// bureau and others, their verification, and the rules on who they are.
package org

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// Type of organization.
type Type string

const (
	TypeEnterprise        Type = "enterprise"
	TypeResearchInstitute Type = "research_institute"
	TypeUniversity        Type = "university"
	TypeGovernment        Type = "government"
	TypeFinancial         Type = "financial"
	TypeOther             Type = "other"
)

func Types() []Type {
	return []Type{TypeEnterprise, TypeResearchInstitute, TypeUniversity, TypeGovernment, TypeFinancial, TypeOther}
}

func ParseType(s string) (Type, bool) { return domain.ParseEnum(s, Types()) }

// Tier of an enterprise.
type Tier string

const (
	TierTechSME     Tier = "tech_sme"     // 科技型中小企业
	TierHighTech    Tier = "high_tech"    // 高新技术企业
	TierLittleGiant Tier = "little_giant" // 科技小巨人
	TierLeader      Tier = "leader"       // 科技领军企业
	TierNone        Tier = ""
)

func Tiers() []Tier { return []Tier{TierTechSME, TierHighTech, TierLittleGiant, TierLeader} }

func parseTier(s string) (Tier, bool) { return domain.ParseEnum(s, Tiers()) }

// Status of an organization: it registers itself and stays pending until an admin verifies it.
type Status string

const (
	StatusPending  Status = "pending"
	StatusVerified Status = "verified"
)

// Organization is a legal entity (or a foreign partner) taking part in the program.
type Organization struct {
	ID         string
	Name       string
	Type       Type
	Tier       Tier
	CreditCode string // Chinese legal entities
	Country    string // ISO 3166-1 alpha-2; "CN" for Chinese entities
	District   string // a district id, for organizations in Ningbo
	Status     Status
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Domestic tells whether the organization is a Chinese legal entity.
func (o Organization) Domestic() bool { return o.Country == "CN" }

// DefaultRole is the role a self-registered user of this organization gets.
func (t Type) DefaultRole() (domain.Role, bool) {
	switch t {
	case TypeResearchInstitute, TypeUniversity:
		return domain.RoleInstitute, true
	case TypeEnterprise, TypeFinancial, TypeOther:
		return domain.RoleEnterprise, true
	}
	return "", false
}

// RoleFits tells whether a user with role r may belong to an organization of type t.
func (t Type) RoleFits(r domain.Role) bool {
	switch r {
	case domain.RoleProgramManager:
		return t == TypeGovernment
	case domain.RoleEnterprise:
		return t == TypeEnterprise || t == TypeFinancial || t == TypeOther
	case domain.RoleInstitute:
		return t == TypeResearchInstitute || t == TypeUniversity
	case domain.RoleExpert, domain.RoleAdmin:
		return true
	}
	return false
}

// Draft is the input that describes a new organization.
type Draft struct {
	Name       string
	Type       string
	Tier       string
	CreditCode string
	Country    string
	District   string
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// Check validates the draft against the reference data (its district looked
// up in ref first); a database failure is returned as such.
func (d Draft) Check(ctx context.Context, ref reference.Lookup, prefix string) (Organization, domain.Problems, error) {
	district := strings.TrimSpace(d.District)
	known, err := reference.DistrictKnown(ctx, ref, &district)
	if err != nil {
		return Organization{}, nil, err
	}
	o, p := d.Validate(prefix, known)
	return o, p, nil
}

// Validate checks the draft and returns the organization it describes; field
// names are prefixed with prefix (e.g. "organization.").
func (d Draft) Validate(prefix string, districtExists func(string) bool) (Organization, domain.Problems) {
	var p domain.Problems
	o := Organization{Name: strings.TrimSpace(d.Name), CreditCode: strings.TrimSpace(d.CreditCode),
		Country: strings.TrimSpace(d.Country), District: strings.TrimSpace(d.District)}
	p.TextLen(prefix+"name", &o.Name, 2, 200)
	t, ok := ParseType(d.Type)
	if !ok {
		p.Add(prefix+"type", domain.CodeOneOf, "allowed", domain.EnumList(Types()))
	}
	o.Type = t
	if d.Tier != "" {
		tier, ok := parseTier(d.Tier)
		switch {
		case !ok:
			p.Add(prefix+"tier", domain.CodeOneOf, "allowed", domain.EnumList(Tiers()))
		case t != TypeEnterprise:
			p.Add(prefix+"tier", codeTierNotEnterprise)
		}
		o.Tier = tier
	} else if t == TypeEnterprise {
		p.Add(prefix+"tier", codeTierRequired)
	}
	if o.Country == "" {
		o.Country = "CN"
	}
	if !countryPattern.MatchString(o.Country) {
		p.Add(prefix+"country", codeCountry)
		return o, p // the rules below depend on the country
	}
	if o.Domestic() {
		if o.CreditCode == "" {
			p.Add(prefix+"credit_code", codeCreditCodeRequired)
		} else if err := ValidateCreditCode(o.CreditCode); err != nil {
			p.AddErr(prefix+"credit_code", err)
		}
	} else if o.CreditCode != "" {
		p.Add(prefix+"credit_code", codeCreditCodeForeign)
	}
	if o.District != "" {
		if !o.Domestic() {
			p.Add(prefix+"district", codeDistrictForeign)
		} else if !districtExists(o.District) {
			p.Add(prefix+"district", codeDistrictUnknown)
		}
	}
	return o, p
}

// The problems particular to organizations.
var (
	codeTierNotEnterprise  = domain.NewCode("org.tier_not_enterprise", "only enterprises have a tier", "只有企业填写企业层级")
	codeTierRequired       = domain.NewCode("org.tier_required", "an enterprise needs its tier: tech_sme, high_tech, little_giant or leader", "企业须填写企业层级")
	codeCountry            = domain.NewCode("org.country", "must be an ISO 3166-1 two-letter country code in upper case, e.g. DE", "须为 ISO 3166-1 两位大写国家代码，如 DE")
	codeCreditCodeRequired = domain.NewCode("credit_code.required", "a Chinese organization needs its unified social credit code", "国内单位须填写统一社会信用代码")
	codeCreditCodeForeign  = domain.NewCode("credit_code.foreign", "only Chinese organizations have a unified social credit code", "只有国内单位有统一社会信用代码")
	codeDistrictForeign    = domain.NewCode("district.foreign", "only organizations in Ningbo have a district", "只有宁波的单位填写区县")
	codeDistrictUnknown    = domain.NewCode("district.unknown", "no such district", "区县不存在")
)

// Label says an organization's status in lang.
func (s Status) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }

var typeLabel = domain.LabelTable(map[Type]string{TypeEnterprise: "企业", TypeResearchInstitute: "科研院所",
	TypeUniversity: "高校", TypeGovernment: "政府机关", TypeFinancial: "金融机构", TypeOther: "其他"})

// Label says an organization type in lang.
func (t Type) Label(l domain.Lang) string { return typeLabel(t, l) }
