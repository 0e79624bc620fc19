package handlers

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
	"github.com/kcyj2035/portfolio/internal/excel"
)

// 研值在线: a year's subsidy batch (研发后补助), computed, approved, published and exported.

// DistrictTotalDTO is one district's share of a batch (一键归集).
type DistrictTotalDTO struct {
	District    string `json:"district" jsonschema:"description=the district's id (empty: none given)"`
	Name        string `json:"name"`
	Enterprises int    `json:"enterprises"`
	Total       int64  `json:"total"`
}

// BatchDTO is a subsidy batch.
type BatchDTO struct {
	ID            string             `json:"id"`
	Year          int                `json:"year"`
	Status        string             `json:"status" enum:"subsidy_batch.status"`
	Actions       []string           `json:"actions" enum:"subsidy_batch.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
	PolicyVersion int                `json:"policy_version"`
	Budget        int64              `json:"budget"`
	Total         int64              `json:"total" jsonschema:"description=never above the budget"`
	Requested     int64              `json:"requested" jsonschema:"description=the computed lines before scaling"`
	Scaled        bool               `json:"scaled" jsonschema:"description=oversubscribed: every line scaled down pro rata"`
	Enterprises   int                `json:"enterprises"`
	Stale         bool               `json:"stale" jsonschema:"description=the policy or a declaration changed since it was computed: recompute before approving"`
	ByDistrict    []DistrictTotalDTO `json:"by_district"`
	ComputedAt    time.Time          `json:"computed_at"`
	ApprovedAt    *time.Time         `json:"approved_at,omitempty"`
	PublishedAt   *time.Time         `json:"published_at,omitempty"`
	Version       int                `json:"version"`
}

func batchDTO(b subsidy.StoredBatch) BatchDTO {
	return BatchDTO{ID: b.ID, Year: b.Year, Status: string(b.Status), PolicyVersion: b.PolicyVersion, Budget: b.Budget, Total: b.Total,
		Requested: b.Requested, Scaled: b.Scaled, Enterprises: b.Enterprises, Stale: b.Stale,
		ByDistrict: mapSlice(b.ByDistrict, func(d subsidy.DistrictTotal) DistrictTotalDTO {
			return DistrictTotalDTO{District: d.District, Name: d.Name, Enterprises: d.Enterprises, Total: d.Total}
		}), ComputedAt: b.ComputedAt, ApprovedAt: b.ApprovedAt, PublishedAt: b.PublishedAt, Actions: strs(b.Actions), Version: b.Version}
}

// BatchLineDTO is one enterprise's line of a batch.
type BatchLineDTO struct {
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	CreditCode       string `json:"credit_code"`
	Tier             string `json:"tier" jsonschema:"description=the tier at computation (it counts)"`
	TierChanged      bool   `json:"tier_changed" jsonschema:"description=the tier differs from the declaration's"`
	District         string `json:"district"`
	DistrictName     string `json:"district_name"`
	RDExpense        int64  `json:"rd_expense"`
	Computed         int64  `json:"computed" jsonschema:"description=min(expense × rate, cap)"`
	Amount           int64  `json:"amount" jsonschema:"description=computed, scaled down when oversubscribed"`
}

func batchLineDTO(l subsidy.LineView) BatchLineDTO {
	return BatchLineDTO{OrganizationID: l.OrganizationID, OrganizationName: l.OrganizationName, CreditCode: l.CreditCode,
		Tier: string(l.Tier), TierChanged: l.TierChanged, District: l.District, DistrictName: l.DistrictName, RDExpense: l.RDExpense,
		Computed: l.Computed, Amount: l.Amount}
}

// MySubsidyDTO is the caller's line of a published batch.
type MySubsidyDTO struct {
	BatchID     string    `json:"batch_id"`
	Year        int       `json:"year"`
	Tier        string    `json:"tier"`
	TierChanged bool      `json:"tier_changed"`
	RDExpense   int64     `json:"rd_expense"`
	Computed    int64     `json:"computed"`
	Amount      int64     `json:"amount"`
	PublishedAt time.Time `json:"published_at"`
}

func mySubsidyDTO(m subsidy.MyLine) MySubsidyDTO {
	return MySubsidyDTO{BatchID: m.BatchID, Year: m.Year, Tier: string(m.Line.Tier), TierChanged: m.Line.TierChanged,
		RDExpense: m.Line.RDExpense, Computed: m.Line.Computed, Amount: m.Line.Amount, PublishedAt: m.PublishedAt}
}

// BatchRequest computes a year's batch.
type BatchRequest struct {
	Year *int `json:"year" validate:"required"`
}

func (s *Server) computeBatch(c echo.Context) error {
	var in BatchRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, batchDTO)(s.deps.Subsidies.Compute(ctxOf(c), actorOf(c), *in.Year))
}

func (s *Server) listBatches(c echo.Context) error {
	return replyItems(c, batchDTO)(s.deps.Subsidies.Batches(ctxOf(c), actorOf(c)))
}

func (s *Server) getBatch(c echo.Context) error {
	return reply(c, http.StatusOK, batchDTO)(s.deps.Subsidies.Batch(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) batchLines(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, batchLineDTO)(s.deps.Subsidies.Lines(ctxOf(c), actorOf(c), c.Param("id"), p))
}

func (s *Server) batchAction(act func(*subsidy.Service) batchFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in VersionRequest
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		return reply(c, http.StatusOK, batchDTO)(act(s.deps.Subsidies)(ctxOf(c), actorOf(c), c.Param("id"), in.Version))
	}
}

func (s *Server) mySubsidies(c echo.Context) error {
	return replyItems(c, mySubsidyDTO)(s.deps.Subsidies.Mine(ctxOf(c), actorOf(c)))
}

// subsidySink writes the batch's sheets to a workbook.
type subsidySink struct{ w *excel.Writer }

var subsidyWidths = map[int][]float64{8: {40, 22, 12, 16, 12, 16, 16, 16}, 3: {14, 10, 18}}

func (s *subsidySink) Sheet(name string, header []string) error {
	if s.w == nil {
		w, err := excel.NewWriter(name, header, subsidyWidths[len(header)])
		s.w = w
		return err
	}
	return s.w.NewSheet(name, header, subsidyWidths[len(header)])
}

func (s *subsidySink) Row(values ...any) error {
	for i, v := range values {
		if m, ok := v.(subsidy.Money); ok {
			values[i] = excel.Money(m)
		}
	}
	return s.w.Row(values...)
}

func (s *Server) exportBatch(c echo.Context) error {
	b, err := s.deps.Subsidies.Batch(ctxOf(c), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	sink := &subsidySink{}
	if err := s.deps.Subsidies.Export(ctxOf(c), actorOf(c), b.ID, sink); err != nil {
		if sink.w != nil {
			sink.w.Abort()
		}
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, xlsxType)
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="rd-subsidies-%d.xlsx"`, b.Year))
	c.Response().WriteHeader(http.StatusOK)
	if err := sink.w.Finish(c.Response()); err != nil {
		s.log.Warn("subsidy export: writing the workbook failed", "request_id", requestID(c), "err", err)
	}
	return nil
}

type batchFunc = func(ctx context.Context, a domain.Actor, id string, version *int) (subsidy.StoredBatch, error)

// subsidyBatchRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) subsidyBatchRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodPost, Path: v1 + "/subsidy-batches", OperationID: "computeSubsidyBatch", Tag: "instruments",
			Summary: "Compute the year's batch (一键生成) with its policy: a draft; one per year (409), no policy is 422",
			Access:  roles(pm), Body: BatchRequest{}, Response: BatchDTO{}, Status: http.StatusCreated, Handler: s.computeBatch},
		{Method: http.MethodGet, Path: v1 + "/subsidy-batches", OperationID: "listSubsidyBatches", Tag: "instruments",
			Summary: "Every year's batch, newest year first (without district totals)", Access: roles(pm, admin),
			Response: Items[BatchDTO]{}, Status: http.StatusOK, Handler: s.listBatches},
		{Method: http.MethodGet, Path: v1 + "/subsidy-batches/:id", OperationID: "getSubsidyBatch", Tag: "instruments",
			Summary: "A batch with its district totals (一键归集)", Access: roles(pm, admin),
			Response: BatchDTO{}, Status: http.StatusOK, Handler: s.getBatch},
		{Method: http.MethodGet, Path: v1 + "/subsidy-batches/:id/lines", OperationID: "subsidyBatchLines", Tag: "instruments",
			Summary: "A batch's lines by organization", Access: roles(pm, admin), Query: withPage(),
			Response: Page[BatchLineDTO]{}, Status: http.StatusOK, Handler: s.batchLines},
		{Method: http.MethodPost, Path: v1 + "/subsidy-batches/:id/recompute", OperationID: "recomputeSubsidyBatch", Tag: "instruments",
			Summary: "Compute a draft batch again with today's policy and declarations", Access: roles(pm),
			Body: VersionRequest{}, Response: BatchDTO{}, Status: http.StatusOK,
			Handler: s.batchAction(func(x *subsidy.Service) batchFunc { return x.Recompute })},
		{Method: http.MethodPost, Path: v1 + "/subsidy-batches/:id/approve", OperationID: "approveSubsidyBatch", Tag: "instruments",
			Summary: "Approve a draft batch (409 when stale: recompute first); the year's declarations and policy are final", Access: roles(pm),
			Body: VersionRequest{}, Response: BatchDTO{}, Status: http.StatusOK,
			Handler: s.batchAction(func(x *subsidy.Service) batchFunc { return x.Approve })},
		{Method: http.MethodPost, Path: v1 + "/subsidy-batches/:id/publish", OperationID: "publishSubsidyBatch", Tag: "instruments",
			Summary: "Publish an approved batch: the enterprises with a line are notified and see it", Access: roles(pm),
			Body: VersionRequest{}, Response: BatchDTO{}, Status: http.StatusOK,
			Handler: s.batchAction(func(x *subsidy.Service) batchFunc { return x.Publish })},
		{Method: http.MethodGet, Path: v1 + "/subsidy-batches/:id/export", OperationID: "exportSubsidyBatch", Tag: "instruments",
			Summary: "The batch's lines and district summary as an .xlsx workbook (in Chinese)", Access: roles(pm, admin),
			Produces: xlsxType, Status: http.StatusOK, Streams: true, Handler: s.exportBatch},
		{Method: http.MethodGet, Path: v1 + "/my/subsidies", OperationID: "mySubsidies", Tag: "instruments",
			Summary: "The caller's enterprise's lines of published batches, newest year first", Access: roles(enterprise),
			Response: Items[MySubsidyDTO]{}, Status: http.StatusOK, Handler: s.mySubsidies},
	}
}
