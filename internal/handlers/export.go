package handlers

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
	"github.com/kcyj2035/portfolio/internal/excel"
)

// excelSink adapts the excel writer to the exporter.
type excelSink struct{ w *excel.Writer }

func (s excelSink) Row(values ...any) error {
	for i, v := range values {
		if m, ok := v.(portfolio.Money); ok {
			values[i] = excel.Money(m)
		}
	}
	return s.w.Row(values...)
}

var exportWidths = map[string][]float64{
	"projects":   {18, 40, 14, 14, 36, 10, 14, 10, 14, 16, 16, 18},
	"challenges": {38, 40, 36, 14, 14, 10, 16, 18, 18, 18, 12, 18},
	"consortia":  {38, 36, 12, 36, 14, 10, 12, 18, 18},
	"outputs":    {18, 40, 36, 14, 12, 40, 22, 12, 10},
}

var sheetNames = map[string]string{"projects": "项目", "challenges": "揭榜榜单", "consortia": "创新联合体", "outputs": "成果"}

func (s *Server) portfolioExport(c echo.Context) error {
	what, err := enumQuery(c, "what", enumValues("export.what")...)
	if err != nil {
		return err
	}
	if what == "" {
		return domain.BadRequest(domain.Msg("say what to export: ?what=projects, challenges, consortia or outputs", "请指定导出内容：?what=projects、challenges、consortia 或 outputs"))
	}
	f, err := portfolioFilter(c)
	if err != nil {
		return err
	}
	w, err := excel.NewWriter(sheetNames[what], portfolio.Headers[what], exportWidths[what])
	if err != nil {
		return err
	}
	if err := s.deps.Exporter.Export(ctxOf(c), actorOf(c), what, f, excelSink{w}); err != nil {
		w.Abort()
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, xlsxType)
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-%s.xlsx"`, what, s.deps.Clock.Now().Format("20060102")))
	c.Response().WriteHeader(http.StatusOK)
	if err := w.Finish(c.Response()); err != nil {
		s.log.Warn("export: writing the workbook failed", "request_id", requestID(c), "err", err)
	}
	return nil
}

// exportRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) exportRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/portfolio/export", OperationID: "portfolioExport", Tag: "portfolio",
			Summary: "An .xlsx workbook of projects, challenges, consortia or outputs (成果) with the list filters (streamed)",
			Access:  roles(pm, admin), Query: append([]QueryParam{{Name: "what", Type: "string", Enum: enumValues("export.what")}}, portfolioParams...),
			Status: http.StatusOK, Produces: xlsxType, Streams: true, Handler: s.portfolioExport},
	}
}
