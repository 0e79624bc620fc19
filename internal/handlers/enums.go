package handlers

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/consortium"
	"github.com/kcyj2035/portfolio/internal/domain/document"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
	"github.com/kcyj2035/portfolio/internal/domain/scenario"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
)

// enums are the closed sets of values the API takes and returns, each taken
// from the domain's own list. A DTO field names its set with an `enum:"…"`
// tag; the OpenAPI document's enums are filled in from here (withEnums), so
// the contract never disagrees with what the services accept. The DTOs'
// `validate` tags check only shape; the domain checks the values.
var enums = map[string][]string{
	"role":                  strs(domain.Roles()),
	"org.type":              strs(org.Types()),
	"org.tier":              strs(org.Tiers()),
	"org.status":            strs(org.Statuses()),
	"category":              mapSlice(reference.DefaultCategories(), func(c reference.Category) string { return c.ID }),
	"challenge.status":      strs(challenge.Statuses()),
	"challenge.action":      strs(challenge.AllActions()),
	"bid.status":            strs(challenge.BidStatuses()),
	"bid.action":            strs(challenge.AllBidActions()),
	"bid.partner_decision":  strs(challenge.PartnerDecisions()),
	"project.stage":         strs(project.Stages()),
	"project.action":        strs(project.ProjectActions()),
	"project.work_stage":    strs(project.WorkStages()),
	"project.origin":        strs(project.Origins()),
	"project.member_role":   strs(project.MemberRoles()),
	"project.addable_role":  strs(project.AddableRoles()),
	"milestone.status":      strs(project.MilestoneStatuses()),
	"milestone.action":      strs(append(project.MilestoneMachine.Actions(), project.MilestoneEdit)),
	"funding.source":        strs(project.Sources()),
	"funding.new_source":    strs(project.NewLineSources()),
	"funding.status":        strs(project.FundingStatuses()),
	"funding.action":        strs(project.FundingLineActions()),
	"application.status":    strs(scenario.Statuses()),
	"trial.result":          strs(scenario.Results()),
	"consortium.model":      strs(consortium.Models()),
	"consortium.status":     strs(consortium.Statuses()),
	"consortium.action":     strs(consortium.AllActions()),
	"consortium.role":       strs(consortium.Roles()),
	"consortium.invitation": strs(consortium.InvitableRoles()),
	"membership.status":     strs(consortium.MemberStatuses()),
	"export.what":           portfolio.ExportKinds(),
	"document.kind":         strs(document.Kinds()),
	"kpi.direction":         strs(project.Directions()),
	"change.status":         strs(project.ChangeStatuses()),
	"change.action":         strs(project.ChangeMachine.Actions()),
	"report.kind":           strs(project.ReportKinds()),
	"report.status":         strs(project.ReportStatuses()),
	"report.action":         strs(project.ReportMachine.Actions()),
	"output.type":           strs(project.OutputTypes()),
	"target.key":            portfolio.TargetKeys(),
	"declaration.source":    strs([]subsidy.Source{subsidy.SourceDeclared, subsidy.SourceImported}),
	"subsidy_batch.status":  strs(subsidy.BatchStatuses()),
	"subsidy_batch.action":  strs(append([]subsidy.BatchAction{subsidy.BatchRecompute}, subsidy.BatchMachine.Actions()...)),
	"award.level":           strs(project.AwardLevels()),
	"award.capped":          strs([]project.CapReason{project.CappedNone, project.CappedMunicipal, project.CappedOneToOne}),
	"recommendation.status": strs(project.RecommendationStatuses()),
	"document.parent_type":  strs(document.ParentTypes()),
	"message.code":          messageCodes(),
}

func strs[T ~string](xs []T) []string { return mapSlice(xs, func(x T) string { return string(x) }) }

// enumValues is the set a tag names; an unknown name is a bug (the OpenAPI
// document test fails on it).
func enumValues(name string) []string {
	vs, ok := enums[name]
	if !ok {
		panic(fmt.Errorf("enum tag names no set: %q", name))
	}
	return vs
}

// withEnums sets the enums of the definitions reflected from t (and the types
// it holds) from their fields' `enum` tags: defs are the OpenAPI components,
// keyed by name(type).
func withEnums(t reflect.Type, defs map[string]any, name func(reflect.Type) string, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	def, _ := defs[name(t)].(map[string]any)
	props, _ := def["properties"].(map[string]any)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		withEnums(f.Type, defs, name, seen)
		if f.Anonymous {
			withEnumsInline(f.Type, props)
			continue
		}
		if key := f.Tag.Get("enum"); key != "" && props != nil {
			setEnum(props, jsonName(f), enumValues(key))
		}
		nullable(f, props)
	}
}

// nullable marks a pointer field that is always sent (no omitempty) and not
// required of a caller as possibly null — the median of no awards, the cursor
// of the last page — so generated clients do not take null for a number.
func nullable(f reflect.StructField, props map[string]any) {
	if f.Type.Kind() != reflect.Pointer || props == nil || strings.Contains(f.Tag.Get("json"), "omitempty") ||
		strings.Contains(f.Tag.Get("validate"), "required") {
		return
	}
	if p, ok := props[jsonName(f)].(map[string]any); ok {
		if t, ok := p["type"].(string); ok {
			p["type"] = []string{t, "null"}
		}
	}
}

// withEnumsInline applies an embedded struct's tags to the embedding type's
// properties (its fields are flattened into them).
func withEnumsInline(t reflect.Type, props map[string]any) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			withEnumsInline(f.Type, props)
		} else {
			if key := f.Tag.Get("enum"); key != "" && props != nil {
				setEnum(props, jsonName(f), enumValues(key))
			}
			nullable(f, props)
		}
	}
}

func setEnum(props map[string]any, field string, values []string) {
	p, ok := props[field].(map[string]any)
	if !ok {
		panic(fmt.Errorf("enum tag on %q, which the schema does not have", field))
	}
	if items, ok := p["items"].(map[string]any); ok && p["type"] == "array" {
		p = items
	}
	p["enum"] = values
}

func jsonName(f reflect.StructField) string {
	if n := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]; n != "" {
		return n
	}
	return f.Name
}

// messageCodes are the codes a problem's field error may carry, sorted.
func messageCodes() []string {
	out := slices.Collect(maps.Keys(domain.Codes()))
	slices.Sort(out)
	return out
}
