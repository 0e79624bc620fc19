package handlers_test

import (
	"fmt"
	"net/http"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Projects in the matrix are led by the Institute persona; the Enterprise
// persona is a member that does not lead; the "other" personas are strangers.

// projectReaders: members, program managers and admins; strangers get 404.
func projectReaders(ok int) map[Persona]int {
	return signedIn(404, Institute, ok, Enterprise, ok, PM, ok, Admin, ok)
}

// projectWriters: the lead and program managers; a member that does not lead
// 403; strangers 404; roles that never write 403.
func projectWriters(ok int) map[Persona]int {
	return signedIn(404, Institute, ok, PM, ok, Enterprise, 403, Expert, 403, Admin, 403)
}

// ledProject makes an approved project led by the Institute with the Enterprise as a partner.
func (f *fixture) ledProject(title string) string {
	id := f.w.Approved(f.cast.Institute, title)
	at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, "/api/v1/projects/"+id+"/members",
		map[string]any{"organization_id": f.cast.Enterprise.OrgID, "role": "partner"}), 201)
	return id
}

func (f *fixture) project() string {
	return f.once("led-project", func() string { return f.ledProject("矩阵项目") })
}

func (f *fixture) scenario() string {
	return f.once("scenario", func() string {
		return at.Expect(f.env.T, f.env.Post(f.cast.Enterprise.Token, "/api/v1/scenarios", scenarioBody()), 201).ID(f.env.T)
	})
}

func scenarioBody() map[string]any {
	return map[string]any{"title": "矩阵试验场景", "description": "试验场地", "available_from": "2026-12-01", "available_to": "2027-12-01"}
}

// application makes a project led by the Institute apply to the Enterprise's scenario.
func (f *fixture) application(accepted, validation bool) string {
	pid := f.ledProject("场景申请项目")
	id := at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, "/api/v1/scenarios/"+f.scenario()+"/applications",
		map[string]any{"project_id": pid, "plan": "试验计划"}), 201).ID(f.env.T)
	if accepted {
		at.Expect(f.env.T, f.env.Post(f.cast.Enterprise.Token, "/api/v1/scenario-applications/"+id+"/accept", nil), 200)
	}
	if validation {
		at.Expect(f.env.T, f.env.Patch(f.cast.PM.Token, "/api/v1/projects/"+pid, map[string]any{"trl": 5}), 200)
		at.Expect(f.env.T, f.w.Move(pid, "research", "validation", f.w.Version(pid), "", "证据"), 200)
	}
	return id
}

func (f *fixture) financial() string {
	o, err := f.env.App.Orgs.Create(f.env.T.Context(), domain.System(), org.Draft{Name: fmt.Sprintf("投资基金%d", f.env.Unique()),
		Type: "financial", CreditCode: org.WithCheckChar(fmt.Sprintf("91330200MA6%06d", f.env.Unique())), Country: "CN"}, org.StatusVerified)
	if err != nil {
		f.env.T.Fatal(err)
	}
	return o.ID
}

func projectRows() []matrixRow {
	const p = "/api/v1/projects/"
	milestone := func(f *fixture) string {
		return f.once("milestone", func() string {
			return at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, p+f.project()+"/milestones",
				map[string]any{"title": "里程碑", "due_date": "2027-01-31", "stage": "research"}), 201).ID(f.env.T)
		})
	}
	kpi := func(f *fixture) string {
		return f.once("kpi", func() string {
			return at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, p+f.project()+"/kpis",
				map[string]any{"name": "指标", "target": 10}), 201).ID(f.env.T)
		})
	}
	line := func(f *fixture) string {
		return f.once("line", func() string {
			return at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, p+f.project()+"/funding",
				map[string]any{"source": "enterprise", "amount": 1000}), 201).ID(f.env.T)
		})
	}
	onProject := func(suffix string) func(*fixture, Persona) (string, any) {
		return func(f *fixture, _ Persona) (string, any) { return p + f.project() + suffix, nil }
	}
	return []matrixRow{
		{http.MethodGet, "/api/v1/projects", fixed("/api/v1/projects?stage=research&year=2026"), signedIn(200)},
		{http.MethodPost, "/api/v1/projects", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/projects", at.ProposalBody("矩阵新项目")
		}, only(201, Enterprise, EnterpriseOther, Institute, InstituteOther)},
		{http.MethodGet, "/api/v1/projects/:id", onProject(""), projectReaders(200)},
		{http.MethodPatch, "/api/v1/projects/:id", func(f *fixture, _ Persona) (string, any) {
			id := f.w.Proposal(f.cast.Institute, "矩阵提案")
			at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, p+id+"/members", map[string]any{"organization_id": f.cast.Enterprise.OrgID, "role": "partner"}), 201)
			return p + id, map[string]any{"budget": 1}
		}, projectWriters(200)},
		{http.MethodPost, "/api/v1/projects/:id/transitions", func(f *fixture, _ Persona) (string, any) {
			return p + f.w.Proposal(f.cast.Institute, "矩阵提案") + "/transitions", map[string]any{"from": "proposal", "to": "research", "version": 1}
		}, only(200, PM)},
		{http.MethodGet, "/api/v1/projects/:id/history", onProject("/history"), projectReaders(200)},
		{http.MethodGet, "/api/v1/projects/:id/gate", onProject("/gate"), projectReaders(200)},
		{http.MethodGet, "/api/v1/projects/:id/milestones", onProject("/milestones"), projectReaders(200)},
		{http.MethodPost, "/api/v1/projects/:id/milestones", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/milestones", map[string]any{"title": "新里程碑", "due_date": "2027-05-31", "stage": "validation"}
		}, projectWriters(201)},
		{http.MethodPatch, "/api/v1/projects/:id/milestones/:mid", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/milestones/" + milestone(f), map[string]any{"deliverable": "更新的交付物"}
		}, projectWriters(200)},
		{http.MethodGet, "/api/v1/projects/:id/kpis", onProject("/kpis"), projectReaders(200)},
		{http.MethodPost, "/api/v1/projects/:id/kpis", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/kpis", map[string]any{"name": "新指标", "target": 5}
		}, projectWriters(201)},
		{http.MethodPatch, "/api/v1/projects/:id/kpis/:kid", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/kpis/" + kpi(f), map[string]any{"name": "改名指标"}
		}, projectWriters(200)},
		{http.MethodGet, "/api/v1/projects/:id/members", onProject("/members"), projectReaders(200)},
		{http.MethodPost, "/api/v1/projects/:id/members", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/members", map[string]any{"organization_id": f.env.Org("新成员", org.TypeUniversity, true), "role": "partner"}
		}, only(201, PM)},
		{http.MethodGet, "/api/v1/projects/:id/funding", onProject("/funding"), projectReaders(200)},
		{http.MethodPost, "/api/v1/projects/:id/funding", func(f *fixture, _ Persona) (string, any) {
			return p + f.project() + "/funding", map[string]any{"source": "national", "amount": 1000}
		}, only(201, PM)},
		{http.MethodPatch, "/api/v1/funding/:fid", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/funding/" + line(f), map[string]any{"amount": 2000}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/funding/:fid/convert", func(f *fixture, _ Persona) (string, any) {
			id := at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, p+f.project()+"/funding",
				map[string]any{"source": "municipal", "amount": 1000, "status": "committed"}), 201).ID(f.env.T)
			return "/api/v1/funding/" + id + "/convert", map[string]any{"investor_id": f.financial()}
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/funding/:fid/untie", func(f *fixture, _ Persona) (string, any) {
			pid := f.project()
			mid := at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, p+pid+"/milestones",
				map[string]any{"title": "分期里程碑", "due_date": "2027-06-30", "stage": "research"}), 201).ID(f.env.T)
			id := at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, p+pid+"/funding",
				map[string]any{"source": "national", "amount": 1000, "milestone_id": mid}), 201).ID(f.env.T)
			return "/api/v1/funding/" + id + "/untie", map[string]any{"reason": "里程碑调整"}
		}, only(200, PM)},
		{http.MethodGet, "/api/v1/projects/:id/scenario-applications", onProject("/scenario-applications"), projectReaders(200)},

		{http.MethodGet, "/api/v1/scenarios", fixed("/api/v1/scenarios?q=%E8%AF%95%E9%AA%8C"), signedIn(200)},
		{http.MethodGet, "/api/v1/scenarios/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/scenarios/" + f.scenario(), nil
		}, signedIn(200)},
		{http.MethodPost, "/api/v1/scenarios", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/scenarios", scenarioBody()
		}, signedIn(201)},
		{http.MethodPatch, "/api/v1/scenarios/:id", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/scenarios/" + f.scenario(), map[string]any{"capacity": "3 km"}
		}, signedIn(403, Enterprise, 200)},
		{http.MethodGet, "/api/v1/scenarios/:id/applications", func(f *fixture, _ Persona) (string, any) {
			f.application(false, false)
			return "/api/v1/scenarios/" + f.scenario() + "/applications", nil
		}, signedIn(403, Enterprise, 200, PM, 200)},
		{http.MethodPost, "/api/v1/scenarios/:id/applications", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/scenarios/" + f.scenario() + "/applications", map[string]any{"project_id": f.ledProject("申请方项目"), "plan": "计划"}
		}, signedIn(404, Institute, 201, Enterprise, 403, PM, 403, Expert, 403, Admin, 403)},
		{http.MethodPost, "/api/v1/scenario-applications/:id/accept", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/scenario-applications/" + f.application(false, false) + "/accept", nil
		}, signedIn(404, Enterprise, 200, Institute, 403)},
		{http.MethodPost, "/api/v1/scenario-applications/:id/decline", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/scenario-applications/" + f.application(false, false) + "/decline", nil
		}, signedIn(404, Enterprise, 200, Institute, 403)},
		{http.MethodPost, "/api/v1/scenario-applications/:id/result", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/scenario-applications/" + f.application(true, true) + "/result", map[string]any{"result": "passed", "report": "试验报告"}
		}, signedIn(404, Institute, 200, Enterprise, 403, PM, 403, Expert, 403, Admin, 403)},
	}
}
