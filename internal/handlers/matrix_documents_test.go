package handlers_test

import (
	"net/http"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
)

func pdfForm(kind string) rawBody {
	data, ct := at.Form("申报书.pdf", kind, at.PDF)
	return rawBody{data: data, contentType: ct}
}

// documentRows: a document is read by whoever may read its parent and added
// by whoever may edit it; the parents' rules are the matrix rows of the
// parents themselves (challenges, bids, projects, scenario applications).
func documentRows() []matrixRow {
	upload := func(path string) func(f *fixture, p Persona) (string, any) {
		return func(f *fixture, p Persona) (string, any) { return path, pdfForm("proposal") }
	}
	draft := func(f *fixture) string {
		return f.once("doc-draft", func() string { return f.w.Draft(f.cast.Enterprise, "附件草稿") })
	}
	sealedBid := func(f *fixture) string {
		return f.once("doc-sealed-bid", func() string {
			return f.w.Bid(f.cast.Institute, f.w.Published(f.cast.Enterprise, "附件揭榜", 240*time.Hour))
		})
	}
	unsealedBid := func(f *fixture) string {
		return f.once("doc-unsealed-bid", func() string {
			_, bids := f.w.Closed(f.cast.Enterprise, "附件已截止", f.cast.Institute)
			return bids[0]
		})
	}
	// projectDoc is a document the lead organization (the Institute persona)
	// uploaded to its project; fresh for each persona when fresh is true.
	projectDoc := func(f *fixture, fresh bool) string {
		make := func() string {
			return at.Expect(f.env.T, f.env.Upload(f.cast.Institute.Token, "/api/v1/projects/"+f.project()+"/documents",
				"阶段评审材料.pdf", "evidence", at.PDF), 201).ID(f.env.T)
		}
		if fresh {
			return make()
		}
		return f.once("project-doc", make)
	}
	application := func(f *fixture) string {
		return f.once("doc-application", func() string { return f.application(true, false) })
	}
	bidReaders := signedIn(404, Institute, 200, Enterprise, 200, PM, 200)
	appReaders := signedIn(404, Institute, 200, Enterprise, 200, PM, 200, Admin, 200)
	return []matrixRow{
		{http.MethodPost, "/api/v1/challenges/:id/documents", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/challenges/" + draft(f) + "/documents", pdfForm("specification")
		}, ownerOnly(201)},
		{http.MethodGet, "/api/v1/challenges/:id/documents", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/challenges/" + draft(f) + "/documents", nil
		}, signedIn(404, Enterprise, 200)},
		// A sealed bid: only its own organization adds and sees documents.
		{http.MethodPost, "/api/v1/bids/:id/documents", func(f *fixture, p Persona) (string, any) {
			return upload("/api/v1/bids/"+sealedBid(f)+"/documents")(f, p)
		}, bidderOnly(201)},
		{http.MethodGet, "/api/v1/bids/:id/documents", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/bids/" + sealedBid(f) + "/documents", nil
		}, signedIn(404, Institute, 200)},
		// After the deadline: the owner and program managers read; nobody adds.
		{http.MethodGet, "/api/v1/bids/:id/documents", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/bids/" + unsealedBid(f) + "/documents", nil
		}, bidReaders},
		{http.MethodPost, "/api/v1/bids/:id/documents", func(f *fixture, p Persona) (string, any) {
			return upload("/api/v1/bids/"+unsealedBid(f)+"/documents")(f, p)
		}, signedIn(404, Institute, 409, Enterprise, 403, PM, 403, Expert, 403, Admin, 403)},
		{http.MethodPost, "/api/v1/projects/:id/documents", func(f *fixture, p Persona) (string, any) {
			return upload("/api/v1/projects/"+f.project()+"/documents")(f, p)
		}, projectWriters(201)},
		{http.MethodGet, "/api/v1/projects/:id/documents", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/projects/" + f.project() + "/documents", nil
		}, projectReaders(200)},
		{http.MethodPost, "/api/v1/scenario-applications/:id/documents", func(f *fixture, p Persona) (string, any) {
			return upload("/api/v1/scenario-applications/"+application(f)+"/documents")(f, p)
		}, signedIn(404, Institute, 201, Enterprise, 403, PM, 403, Expert, 403, Admin, 403)},
		{http.MethodGet, "/api/v1/scenario-applications/:id/documents", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/scenario-applications/" + application(f) + "/documents", nil
		}, appReaders},
		{http.MethodGet, "/api/v1/documents/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/documents/" + projectDoc(f, false), nil
		}, projectReaders(200)},
		{http.MethodGet, "/api/v1/documents/:id/content", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/documents/" + projectDoc(f, false) + "/content", nil
		}, projectReaders(200)},
		// Only the uploader removes; others who read the project are refused.
		{http.MethodDelete, "/api/v1/documents/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/documents/" + projectDoc(f, true), nil
		}, signedIn(404, Institute, 204, Enterprise, 403, PM, 403, Admin, 403)},
	}
}
