package handlers

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/imports"
	"github.com/kcyj2035/portfolio/internal/excel"
)

// ImportResult is what an import did (or, on a dry run, would do).
type ImportResult struct {
	Rows     int  `json:"rows"`
	Imported int  `json:"imported"`
	DryRun   bool `json:"dry_run"`
}

func (s *Server) uploadedRows(c echo.Context) ([][]string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, bodyReadError(err, domain.BadRequest(domain.Msg("send the spreadsheet as multipart/form-data in the field \"file\"", "请以 multipart/form-data 在 file 字段上传表格")))
	}
	if fh.Size > maxImportBytes {
		return nil, errBodyTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return nil, domain.BadRequest(domain.Msg("the upload could not be read", "无法读取上传的文件"))
	}
	defer f.Close()
	rows, err := excel.ReadRows(f, fh.Size, imports.MaxRows, excel.ImportLimits)
	var limit *excel.LimitError
	if errors.As(err, &limit) {
		return nil, domain.Invalid(domain.Msg("the workbook exceeds a limit", "工作簿超出限制"), limit.Problem)
	} else if errors.Is(err, excel.ErrNotWorkbook) {
		return nil, domain.BadRequest(domain.Msg("%s: download the template, fill it in and upload it as .xlsx", "%s：请下载模板，填写后以 .xlsx 格式上传"), err.Error())
	} else if err != nil {
		return nil, domain.Invalid(domain.Msg("the workbook cannot be read", "无法读取该工作簿"), domain.Problem("file", codeUnreadableWorkbook))
	}
	return rows, nil
}

func (s *Server) importFile(run func(c echo.Context, rows [][]string, dryRun bool) (imports.Result, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		dryRun, err := boolQuery(c, "dry_run")
		if err != nil {
			return err
		}
		rows, err := s.uploadedRows(c)
		if err != nil {
			return err
		}
		res, err := run(c, rows, dryRun)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, ImportResult{Rows: res.Rows, Imported: res.Imported, DryRun: res.DryRun})
	}
}

func (s *Server) importOrganizations(c echo.Context, rows [][]string, dryRun bool) (imports.Result, error) {
	return s.deps.Imports.Organizations(ctxOf(c), actorOf(c), rows, dryRun)
}

func (s *Server) importProjects(c echo.Context, rows [][]string, dryRun bool) (imports.Result, error) {
	return s.deps.Imports.Projects(ctxOf(c), actorOf(c), rows, dryRun)
}

// template serves an import template: the header row and an example row.
func (s *Server) template(name string, cols []imports.Column, example []string) echo.HandlerFunc {
	return func(c echo.Context) error {
		header := make([]string, len(cols))
		widths := make([]float64, len(cols))
		for i, col := range cols {
			header[i], widths[i] = col.Header, 22
		}
		w, err := excel.NewWriter("导入模板", header, widths)
		if err != nil {
			return err
		}
		row := make([]any, len(example))
		for i, v := range example {
			row[i] = v
		}
		if err := w.Row(row...); err != nil {
			w.Abort()
			return err
		}
		h := c.Response().Header()
		h.Set(echo.HeaderContentType, xlsxType)
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-template.xlsx"`, name))
		c.Response().WriteHeader(http.StatusOK)
		return w.Finish(c.Response())
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

var codeUnreadableWorkbook = domain.NewCode("workbook.unreadable",
	"the workbook cannot be read: open it in Excel, save it as .xlsx and upload it again",
	"无法读取该工作簿：请用 Excel 打开，另存为 .xlsx 后重新上传")

// importRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) importRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodPost, Path: v1 + "/imports/organizations", OperationID: "importOrganizations", Tag: "portfolio",
			Summary: "Import organizations from the template (verified on import); any bad row is a 422 naming every bad row and column, and nothing is imported",
			Access:  roles(admin), Upload: true, Query: []QueryParam{{Name: "dry_run", Type: "boolean", Description: "check only"}},
			Response: ImportResult{}, Status: http.StatusOK, MaxBody: maxImportBytes, Streams: true, Handler: s.importFile(s.importOrganizations)},
		{Method: http.MethodPost, Path: v1 + "/imports/projects", OperationID: "importProjects", Tag: "portfolio",
			Summary: "Import projects from the template; any bad row is a 422 naming every bad row and column, and nothing is imported",
			Access:  roles(pm), Upload: true, Query: []QueryParam{{Name: "dry_run", Type: "boolean", Description: "check only"}},
			Response: ImportResult{}, Status: http.StatusOK, MaxBody: maxImportBytes, Streams: true, Handler: s.importFile(s.importProjects)},
		{Method: http.MethodGet, Path: v1 + "/imports/organizations/template", OperationID: "organizationsTemplate", Tag: "portfolio",
			Summary: "The .xlsx template for importing organizations", Access: signedIn, Produces: xlsxType, Status: http.StatusOK,
			Handler: s.template("organizations", imports.OrganizationColumns, imports.OrganizationExample)},
		{Method: http.MethodGet, Path: v1 + "/imports/projects/template", OperationID: "projectsTemplate", Tag: "portfolio",
			Summary: "The .xlsx template for importing projects", Access: signedIn, Produces: xlsxType, Status: http.StatusOK,
			Handler: s.template("projects", imports.ProjectColumns, imports.ProjectExample)},
		{Method: http.MethodGet, Path: v1 + "/imports/rd-declarations/template", OperationID: "rdDeclarationsTemplate", Tag: "instruments",
			Summary: "The .xlsx template for importing R&D declarations", Access: signedIn, Produces: xlsxType, Status: http.StatusOK,
			Handler: s.template("rd-declarations", imports.DeclarationColumns, imports.DeclarationExample)},
	}
}
