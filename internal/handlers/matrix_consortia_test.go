package handlers_test

import (
	"net/http"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Consortia in the matrix are led by the Enterprise persona; the Institute
// persona is the invited (or member) organization.

func (f *fixture) newConsortium(model string) string {
	return at.Expect(f.env.T, f.env.Post(f.cast.Enterprise.Token, "/api/v1/consortia", consortiumBody(model)), 201).ID(f.env.T)
}

func (f *fixture) inviteInstitute(consortiumID string) string {
	return at.Expect(f.env.T, f.env.Post(f.cast.Enterprise.Token, "/api/v1/consortia/"+consortiumID+"/invitations",
		map[string]any{"organization_id": f.cast.Institute.OrgID, "role": "research"}), 201).ID(f.env.T)
}

// withMember is a consortium the Institute has joined.
func (f *fixture) withMember() string {
	id := f.newConsortium("task_oriented")
	at.Expect(f.env.T, f.env.Post(f.cast.Institute.Token, "/api/v1/invitations/"+f.inviteInstitute(id)+"/accept", nil), 200)
	return id
}

func consortiumRows() []matrixRow {
	const c = "/api/v1/consortia/"
	shared := func(f *fixture) string {
		return f.once("consortium", func() string { return f.newConsortium("task_oriented") })
	}
	return []matrixRow{
		{http.MethodGet, "/api/v1/consortia", fixed("/api/v1/consortia?model=equity_linked"), signedIn(200)},
		{http.MethodPost, "/api/v1/consortia", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/consortia", consortiumBody("task_oriented")
		}, only(201, Enterprise, EnterpriseOther)},
		{http.MethodGet, "/api/v1/consortia/:id", func(f *fixture, _ Persona) (string, any) { return c + shared(f), nil }, signedIn(200)},
		{http.MethodPatch, "/api/v1/consortia/:id", func(f *fixture, _ Persona) (string, any) {
			return c + shared(f), map[string]any{"description": "新的简介"}
		}, only(200, Enterprise)},
		{http.MethodPost, "/api/v1/consortia/:id/invitations", func(f *fixture, _ Persona) (string, any) {
			return c + shared(f) + "/invitations", map[string]any{"organization_id": f.env.Org("受邀单位", org.TypeUniversity, true), "role": "university"}
		}, only(201, Enterprise)},
		{http.MethodGet, "/api/v1/invitations", fixed("/api/v1/invitations"), signedIn(200)},
		{http.MethodPost, "/api/v1/invitations/:id/accept", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/invitations/" + f.inviteInstitute(f.newConsortium("task_oriented")) + "/accept", nil
		}, signedIn(404, Institute, 200)},
		{http.MethodPost, "/api/v1/invitations/:id/decline", func(f *fixture, _ Persona) (string, any) {
			return "/api/v1/invitations/" + f.inviteInstitute(f.newConsortium("task_oriented")) + "/decline", nil
		}, signedIn(404, Institute, 200)},
		{http.MethodPost, "/api/v1/consortia/:id/leave", func(f *fixture, _ Persona) (string, any) {
			return c + f.withMember() + "/leave", nil
		}, signedIn(404, Institute, 200, Enterprise, 409, PM, 403, Expert, 403, Admin, 403)},
		{http.MethodDelete, "/api/v1/consortia/:id/members/:organization_id", func(f *fixture, _ Persona) (string, any) {
			return c + f.withMember() + "/members/" + f.cast.Institute.OrgID, nil
		}, only(200, Enterprise)},
		{http.MethodGet, "/api/v1/consortia/:id/members", func(f *fixture, _ Persona) (string, any) {
			return c + shared(f) + "/members?history=true", nil
		}, signedIn(200)},
		{http.MethodPost, "/api/v1/consortia/:id/approve", func(f *fixture, _ Persona) (string, any) {
			return c + f.newConsortium("grant_to_investment") + "/approve", nil
		}, only(200, PM)},
		{http.MethodPost, "/api/v1/consortia/:id/dissolve", func(f *fixture, _ Persona) (string, any) {
			return c + f.newConsortium("task_oriented") + "/dissolve", nil
		}, only(200, PM, Enterprise)},
	}
}
