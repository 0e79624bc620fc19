package handlers_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// rawBody is a request body sent as is, with its content type.
type rawBody struct {
	data        []byte
	contentType string
}

func (f *fixture) uploadBody(header []string, rows [][]string) rawBody {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "upload.xlsx")
	_, _ = fw.Write(workbook(f.env.T.(*testing.T), header, rows))
	_ = mw.Close()
	return rawBody{data: body.Bytes(), contentType: mw.FormDataContentType()}
}

func portfolioRows() []matrixRow {
	return []matrixRow{
		{http.MethodGet, "/api/v1/portfolio/summary", fixed("/api/v1/portfolio/summary?year=2026"), all(200)},
		{http.MethodGet, "/api/v1/workbench", fixed("/api/v1/workbench"), signedIn(200)},
		{http.MethodGet, "/api/v1/bids", fixed("/api/v1/bids"), signedIn(403, Enterprise, 200, EnterpriseOther, 200, Institute, 200, InstituteOther, 200)},
		{http.MethodGet, "/api/v1/portfolio/export", fixed("/api/v1/portfolio/export?what=projects"), only(200, PM, Admin)},
		{http.MethodPost, "/api/v1/imports/organizations", func(f *fixture, _ Persona) (string, any) {
			n := f.env.Unique()
			return "/api/v1/imports/organizations", f.uploadBody(orgHeader, [][]string{{fmt.Sprintf("矩阵导入单位%d", n), "企业", "高新技术企业",
				org.WithCheckChar(fmt.Sprintf("91330200MB9%06d", n)), "", "海曙"}})
		}, only(200, Admin)},
		{http.MethodPost, "/api/v1/imports/projects", func(f *fixture, _ Persona) (string, any) {
			lead := f.cast.Institute.OrgID
			var name string
			if err := f.env.DB.Gorm().Table("organizations").Where("id = ?", lead).Pluck("name", &name).Error; err != nil {
				f.env.T.Fatal(err)
			}
			return "/api/v1/imports/projects", f.uploadBody(projectHeader, [][]string{{"矩阵导入项目", "简介", "关键技术突破", "芯片", name, "1000", "3", "申报"}})
		}, only(200, PM)},
		{http.MethodGet, "/api/v1/imports/organizations/template", fixed("/api/v1/imports/organizations/template"), signedIn(200)},
		{http.MethodGet, "/api/v1/imports/projects/template", fixed("/api/v1/imports/projects/template"), signedIn(200)},
	}
}
