package handlers_test

import (
	"fmt"
	"net/http"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
)

func fixedBodyFn(make func(f *fixture) (string, any)) func(*fixture, Persona) (string, any) {
	return func(f *fixture, _ Persona) (string, any) { return make(f) }
}

var declarationHeader = []string{"统一社会信用代码", "年度", "研发费用(元)", "营业收入(元)", "研发人员(人)"}

func policyBody() map[string]any {
	return map[string]any{"rates": map[string]any{"tech_sme": 10, "high_tech": 15, "little_giant": 20, "leader": 20},
		"cap_per_enterprise": 2_000_000, "min_expense": 1_000_000, "budget": 100_000_000}
}

// batch makes a year's policy and draft batch once (a declaration of the
// Enterprise persona in it) and, with approve, approves it.
func (f *fixture) batch(year int, approve bool) string {
	return f.once(fmt.Sprintf("batch-%d-%v", year, approve), func() string {
		t := f.env.T
		at.Expect(t, f.env.Post(f.cast.Enterprise.Token, "/api/v1/rd-declarations",
			map[string]any{"year": year, "rd_expense": 5_000_000, "revenue": 50_000_000, "rd_staff": 30}), 201)
		at.Expect(t, f.env.Put(f.cast.PM.Token, fmt.Sprintf("/api/v1/subsidy-policies/%d", year), policyBody()), 200)
		id := at.Expect(t, f.env.Post(f.cast.PM.Token, "/api/v1/subsidy-batches", map[string]any{"year": year}), 201).ID(t)
		if approve {
			at.Expect(t, f.env.Post(f.cast.PM.Token, "/api/v1/subsidy-batches/"+id+"/approve", map[string]any{}), 200)
		}
		return id
	})
}

func (f *fixture) declaration() string {
	return f.once("declaration", func() string {
		return at.Expect(f.env.T, f.env.Post(f.cast.Enterprise.Token, "/api/v1/rd-declarations",
			map[string]any{"year": 2030, "rd_expense": 1_000_000, "revenue": 9_000_000, "rd_staff": 8}), 201).ID(f.env.T)
	})
}

func (f *fixture) creditCode(orgID string) string {
	var code string
	if err := f.env.DB.Gorm().Table("organizations").Where("id = ?", orgID).Pluck("credit_code", &code).Error; err != nil {
		f.env.T.Fatal(err)
	}
	return code
}

// instrumentRows: enterprises declare and read their own; program managers
// (and admins, reading) run the policy and batches; external awards and
// recommendations are program managers' work, read as the project is.
func instrumentRows() []matrixRow {
	return []matrixRow{
		{http.MethodPost, "/api/v1/rd-declarations", fixedBody("/api/v1/rd-declarations",
			map[string]any{"year": 2029, "rd_expense": 1_000_000, "revenue": 9_000_000, "rd_staff": 8}),
			only(201, Enterprise, EnterpriseOther)},
		{http.MethodGet, "/api/v1/rd-declarations", fixed("/api/v1/rd-declarations?year=2029"), only(200, Enterprise, EnterpriseOther, PM, Admin)},
		{http.MethodGet, "/api/v1/rd-declarations/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/rd-declarations/" + f.declaration(), nil
		}, signedIn(403, Enterprise, 200, PM, 200, Admin, 200, EnterpriseOther, 404)},
		{http.MethodPatch, "/api/v1/rd-declarations/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/rd-declarations/" + f.declaration(), map[string]any{"rd_staff": 9}
		}, signedIn(403, Enterprise, 200, EnterpriseOther, 404)},
		{http.MethodPost, "/api/v1/imports/rd-declarations", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/imports/rd-declarations", f.uploadBody(declarationHeader,
				[][]string{{f.creditCode(f.cast.EnterpriseOther.OrgID), "2028", "3000000", "40000000", "12"}})
		}, only(200, PM)},
		{http.MethodGet, "/api/v1/imports/rd-declarations/template", fixed("/api/v1/imports/rd-declarations/template"), signedIn(200)},

		{http.MethodGet, "/api/v1/subsidy-policies/:year", func(f *fixture, _ Persona) (string, any) {
			f.batch(2027, false)
			return "/api/v1/subsidy-policies/2027", nil
		}, only(200, PM, Admin)},
		{http.MethodPut, "/api/v1/subsidy-policies/:year", fixedBody("/api/v1/subsidy-policies/2031", policyBody()), only(200, PM, Admin)},
		{http.MethodPost, "/api/v1/subsidy-batches", func(f *fixture, _ Persona) (string, any) {
			f.once("policy-2032", func() string {
				at.Expect(f.env.T, f.env.Put(f.cast.PM.Token, "/api/v1/subsidy-policies/2032", policyBody()), 200)
				return ""
			})
			return "/api/v1/subsidy-batches", map[string]any{"year": 2032}
		}, only(201, PM)},
		{http.MethodGet, "/api/v1/subsidy-batches", fixed("/api/v1/subsidy-batches"), only(200, PM, Admin)},
		{http.MethodGet, "/api/v1/subsidy-batches/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/subsidy-batches/" + f.batch(2027, false), nil
		}, only(200, PM, Admin)},
		{http.MethodGet, "/api/v1/subsidy-batches/:id/lines", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/subsidy-batches/" + f.batch(2027, false) + "/lines", nil
		}, only(200, PM, Admin)},
		{http.MethodPost, "/api/v1/subsidy-batches/:id/recompute", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/subsidy-batches/" + f.batch(2027, false) + "/recompute", map[string]any{}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/subsidy-batches/:id/approve", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/subsidy-batches/" + f.batch(2026, false) + "/approve", map[string]any{}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/subsidy-batches/:id/publish", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/subsidy-batches/" + f.batch(2025, true) + "/publish", map[string]any{}
		}, only(200, PM)},
		{http.MethodGet, "/api/v1/subsidy-batches/:id/export", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/subsidy-batches/" + f.batch(2027, false) + "/export", nil
		}, only(200, PM, Admin)},
		{http.MethodGet, "/api/v1/my/subsidies", fixed("/api/v1/my/subsidies"), only(200, Enterprise, EnterpriseOther)},

		{http.MethodPost, "/api/v1/projects/:id/external-awards", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/projects/" + f.project() + "/external-awards",
				map[string]any{"level": "provincial", "programme": "尖兵", "amount": 1_000_000, "awarded_on": "2026-11-30"}
		}, only(201, PM)},
		{http.MethodGet, "/api/v1/projects/:id/external-awards", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/projects/" + f.project() + "/external-awards", nil
		}, projectReaders(200)},
		{http.MethodPost, "/api/v1/recommendations", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/recommendations", map[string]any{"project_id": f.project(), "level": "national",
				"programme": "国家重点研发计划", "year": 2026}
		}, only(201, PM)},
		{http.MethodGet, "/api/v1/recommendations", fixed("/api/v1/recommendations"), only(200, PM, Admin)},
		{http.MethodGet, "/api/v1/organizations/:id/capabilities", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/organizations/" + f.cast.Institute.OrgID + "/capabilities", nil
		}, signedIn(200)},
		{http.MethodPut, "/api/v1/organizations/:id/capabilities", fixedBodyFn(func(f *fixture) (string, any) {
			return "/api/v1/organizations/" + f.cast.Institute.OrgID + "/capabilities", map[string]any{"field_ids": []string{"chips"}}
		}), signedIn(403, Institute, 200, Admin, 200)},
		{http.MethodGet, "/api/v1/users/:id/expertise", fixedBodyFn(func(f *fixture) (string, any) {
			return "/api/v1/users/" + f.cast.Expert.ID + "/expertise", nil
		}), signedIn(404, Expert, 200, PM, 200, Admin, 200)},
		{http.MethodPut, "/api/v1/users/:id/expertise", fixedBodyFn(func(f *fixture) (string, any) {
			return "/api/v1/users/" + f.cast.Expert.ID + "/expertise", map[string]any{"field_ids": []string{"marine_materials"}}
		}), only(200, Expert, Admin)},
		{http.MethodGet, "/api/v1/challenges/:id/suggested-organizations", fixedBodyFn(func(f *fixture) (string, any) {
			return "/api/v1/challenges/" + f.once("suggest-published", func() string {
				return f.w.Published(f.cast.Enterprise, "推荐揭榜单位", 240*time.Hour)
			}) + "/suggested-organizations", nil
		}), signedIn(403, Enterprise, 200, PM, 200)},
		{http.MethodGet, "/api/v1/challenges/:id/suggested-experts", fixedBodyFn(func(f *fixture) (string, any) {
			return "/api/v1/challenges/" + f.once("suggest-published", func() string {
				return f.w.Published(f.cast.Enterprise, "推荐揭榜单位", 240*time.Hour)
			}) + "/suggested-experts", nil
		}), only(200, PM)},
		{http.MethodPost, "/api/v1/recommendations/:id/outcome", func(f *fixture, _ Persona) (string, any) {
			id := f.once("recommendation", func() string {
				return at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, "/api/v1/recommendations", map[string]any{"project_id": f.project(),
					"level": "provincial", "programme": "领雁", "year": 2026}), 201).ID(f.env.T)
			})
			return "/api/v1/recommendations/" + id + "/outcome", map[string]any{"awarded": false}
		}, only(200, PM)},
	}
}
