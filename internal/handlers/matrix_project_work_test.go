package handlers_test

import (
	"net/http"

	at "github.com/kcyj2035/portfolio/internal/apitest"
)

// leadOnly: the project's lead (the Institute persona) gets ok; a member that
// does not lead 403; strangers 404; roles the route does not admit 403.
func leadOnly(ok int) map[Persona]int {
	return signedIn(404, Institute, ok, Enterprise, 403, PM, 403, Expert, 403, Admin, 403)
}

// changeRequest files a change request (asking for a new budget) on a fresh
// project led by the Institute persona.
func (f *fixture) changeRequest() string {
	pid := f.ledProject("变更项目")
	return at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, "/api/v1/projects/"+pid+"/change-requests",
		map[string]any{"reason": "扩大试验规模", "changes": map[string]any{"budget": 20_000_000}, "version": f.w.Version(pid)}), 201).ID(f.env.T)
}

// report sets a reporting duty on the matrix project; submitted if asked.
func (f *fixture) report(submitted bool) string {
	id := at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, "/api/v1/projects/"+f.project()+"/reports",
		map[string]any{"kind": "interim", "title": "中期检查报告", "due_date": "2027-06-30"}), 201).ID(f.env.T)
	if submitted {
		at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, "/api/v1/reports/"+id+"/submit", map[string]any{"text": "进展顺利"}), 200)
	}
	return id
}

func (f *fixture) output() string {
	return at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, "/api/v1/projects/"+f.project()+"/outputs",
		map[string]any{"type": "patent", "title": "一种绝缘材料", "reference": "CN2026100001.X", "date": "2026-11-01"}), 201).ID(f.env.T)
}

func projectWorkRows() []matrixRow {
	const p = "/api/v1/projects/"
	kpi := func(f *fixture) string {
		return f.once("aa-kpi", func() string {
			return at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, p+f.project()+"/kpis",
				map[string]any{"name": "击穿场强", "target": 45, "unit": "kV/mm"}), 201).ID(f.env.T)
		})
	}
	line := func(f *fixture) string {
		return f.once("aa-line", func() string {
			return at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, p+f.project()+"/funding",
				map[string]any{"source": "enterprise", "amount": 1_000_000, "status": "committed"}), 201).ID(f.env.T)
		})
	}
	sharedChange := func(f *fixture) string { return f.once("aa-change", f.changeRequest) }
	sharedReport := func(f *fixture) string { return f.once("aa-report", func() string { return f.report(false) }) }
	return []matrixRow{
		{http.MethodPost, "/api/v1/projects/:id/kpis/:kid/actuals", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/kpis/" + kpi(f) + "/actuals", map[string]any{"value": 41.5, "date": "2026-11-20", "source": "检测报告"}
		}, projectWriters(201)},
		{http.MethodGet, "/api/v1/projects/:id/kpis/:kid/actuals", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/kpis/" + kpi(f) + "/actuals", nil
		}, projectReaders(200)},

		{http.MethodPost, "/api/v1/projects/:id/change-requests", func(f *fixture, _ Persona) (string, any) {
			pid := f.ledProject("变更申请项目")
			return p + pid + "/change-requests", map[string]any{"reason": "调整预算", "changes": map[string]any{"budget": 15_000_000},
				"version": f.w.Version(pid)}
		}, leadOnly(201)},
		{http.MethodGet, "/api/v1/projects/:id/change-requests", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/change-requests", nil
		}, projectReaders(200)},
		{http.MethodGet, "/api/v1/change-requests/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/change-requests/" + sharedChange(f), nil
		}, projectReaders(200)},
		{http.MethodPost, "/api/v1/change-requests/:id/approve", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/change-requests/" + f.changeRequest() + "/approve", nil
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/change-requests/:id/reject", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/change-requests/" + f.changeRequest() + "/reject", map[string]any{"reason": "依据不足"}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/change-requests/:id/withdraw", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/change-requests/" + f.changeRequest() + "/withdraw", nil
		}, leadOnly(200)},
		{http.MethodPost, "/api/v1/change-requests/:id/documents", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/change-requests/" + sharedChange(f) + "/documents", pdfForm("justification")
		}, leadOnly(201)},
		{http.MethodGet, "/api/v1/change-requests/:id/documents", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/change-requests/" + sharedChange(f) + "/documents", nil
		}, projectReaders(200)},

		{http.MethodPost, "/api/v1/projects/:id/reports", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/reports", map[string]any{"kind": "annual", "title": "年度报告", "due_date": "2027-12-31"}
		}, only(201, PM)},
		{http.MethodGet, "/api/v1/projects/:id/reports", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/reports", nil
		}, projectReaders(200)},
		{http.MethodGet, "/api/v1/reports/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/reports/" + sharedReport(f), nil
		}, projectReaders(200)},
		{http.MethodPost, "/api/v1/reports/:id/submit", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/reports/" + f.report(false) + "/submit", map[string]any{"text": "按计划推进", "spent": 1_200_000}
		}, leadOnly(200)},
		{http.MethodPost, "/api/v1/reports/:id/accept", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/reports/" + f.report(true) + "/accept", nil
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/reports/:id/return", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/reports/" + f.report(true) + "/return", map[string]any{"reason": "请补充经费明细"}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/reports/:id/documents", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/reports/" + sharedReport(f) + "/documents", pdfForm("report")
		}, leadOnly(201)},
		{http.MethodGet, "/api/v1/reports/:id/documents", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/reports/" + sharedReport(f) + "/documents", nil
		}, projectReaders(200)},

		{http.MethodGet, "/api/v1/projects/:id/outputs", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/outputs", nil
		}, projectReaders(200)},
		{http.MethodPost, "/api/v1/projects/:id/outputs", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/outputs", map[string]any{"type": "paper", "title": "论文", "reference": "10.1000/xyz", "date": "2026-10-01", "landmark": true}
		}, projectWriters(201)},
		{http.MethodPatch, "/api/v1/outputs/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/outputs/" + f.output(), map[string]any{"landmark": true}
		}, projectWriters(200)},
		{http.MethodDelete, "/api/v1/outputs/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/outputs/" + f.output(), nil
		}, projectWriters(204)},

		{http.MethodPost, "/api/v1/funding/:fid/disbursements", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/funding/" + line(f) + "/disbursements", map[string]any{"amount": 1000, "date": "2026-11-20"}
		}, only(201, PM)},
		{http.MethodGet, "/api/v1/funding/:fid/disbursements", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/funding/" + line(f) + "/disbursements", nil
		}, only(200, PM, Admin)},
	}
}

func targetRows() []matrixRow {
	return []matrixRow{
		{http.MethodGet, "/api/v1/portfolio/targets", fixed("/api/v1/portfolio/targets?year=2026"), all(200)},
		{http.MethodPut, "/api/v1/portfolio/targets/:year", fixedBody("/api/v1/portfolio/targets/2026",
			map[string]any{"items": []map[string]any{{"key": "new_projects", "target": 200}}}), only(200, PM, Admin)},
	}
}
