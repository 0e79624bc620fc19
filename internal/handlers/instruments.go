package handlers

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/imports"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
	"github.com/kcyj2035/portfolio/internal/excel"
)

// The programme's own instruments: 研值在线 (R&D declarations, the subsidy
// policy and batches) and 省市联动 (external awards, recommendations).

// DeclarationRequest declares or edits a year's R&D figures (integer yuan).
type DeclarationRequest struct {
	Year      *int   `json:"year,omitempty" jsonschema:"description=required to declare; does not change"`
	RDExpense *int64 `json:"rd_expense,omitempty" jsonschema:"description=研发费用 (yuan)"`
	Revenue   *int64 `json:"revenue,omitempty" jsonschema:"description=营业收入 (yuan)"`
	RDStaff   *int   `json:"rd_staff,omitempty" jsonschema:"description=研发人员 (people)"`
	Version   *int   `json:"version,omitempty" validate:"omitnil,gte=1"`
}

func (r DeclarationRequest) domain() subsidy.DeclarationInput {
	return subsidy.DeclarationInput{Year: r.Year, RDExpense: r.RDExpense, Revenue: r.Revenue, RDStaff: r.RDStaff, Version: r.Version}
}

// DeclarationDTO is an R&D declaration.
type DeclarationDTO struct {
	ID               string    `json:"id"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name,omitempty"`
	CreditCode       string    `json:"credit_code,omitempty"`
	District         string    `json:"district,omitempty"`
	Year             int       `json:"year"`
	RDExpense        int64     `json:"rd_expense"`
	Revenue          int64     `json:"revenue"`
	RDStaff          int       `json:"rd_staff"`
	Tier             string    `json:"tier" jsonschema:"description=the organization's tier when it declared (empty: none)"`
	CurrentTier      string    `json:"current_tier,omitempty" jsonschema:"description=the organization's tier now (in lists)"`
	Source           string    `json:"source" enum:"declaration.source"`
	Version          int       `json:"version"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

func declarationDTO(d subsidy.Declaration) DeclarationDTO {
	return DeclarationDTO{ID: d.ID, OrganizationID: d.OrganizationID, Year: d.Year, RDExpense: d.RDExpense, Revenue: d.Revenue,
		RDStaff: d.RDStaff, Tier: string(d.Tier), Source: string(d.Source), Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
}

func declarationViewDTO(v subsidy.DeclarationView) DeclarationDTO {
	d := declarationDTO(v.Declaration)
	d.OrganizationName, d.CreditCode, d.District, d.CurrentTier = v.OrganizationName, v.CreditCode, v.District, string(v.CurrentTier)
	return d
}

func (s *Server) declare(c echo.Context) error {
	var in DeclarationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, declarationDTO)(s.deps.Subsidies.Declare(ctxOf(c), actorOf(c), in.domain()))
}

func (s *Server) updateDeclaration(c echo.Context) error {
	var in DeclarationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, declarationDTO)(s.deps.Subsidies.Update(ctxOf(c), actorOf(c), c.Param("id"), in.domain()))
}

func (s *Server) getDeclaration(c echo.Context) error {
	return reply(c, http.StatusOK, declarationDTO)(s.deps.Subsidies.Get(ctxOf(c), actorOf(c), c.Param("id")))
}

// yearQuery reads ?name= as a year (0 when absent).
func yearQuery(c echo.Context, name string) (int, error) {
	y := c.QueryParam(name)
	if y == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(y)
	if err != nil {
		return 0, domain.BadRequest("%s must be a year such as 2026", name)
	}
	return n, nil
}

func (s *Server) listDeclarations(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	year, err := yearQuery(c, "year")
	if err != nil {
		return err
	}
	tier, err := enumQuery(c, "tier", enumValues("org.tier")...)
	if err != nil {
		return err
	}
	f := subsidy.DeclarationFilter{Year: year, District: c.QueryParam("district"), Tier: org.Tier(tier), Query: c.QueryParam("q")}
	return replyPage(c, declarationViewDTO)(s.deps.Subsidies.List(ctxOf(c), actorOf(c), f, p))
}

func (s *Server) importDeclarations(c echo.Context, rows [][]string, dryRun bool) (imports.Result, error) {
	return s.deps.Imports.Declarations(ctxOf(c), actorOf(c), rows, dryRun)
}

// RatesDTO are a policy's rates in percent of the declared expense, per
// tier; a tier left out (null) does not qualify.
type RatesDTO struct {
	TechSME     *float64 `json:"tech_sme"`
	HighTech    *float64 `json:"high_tech"`
	LittleGiant *float64 `json:"little_giant"`
	Leader      *float64 `json:"leader"`
}

func (r RatesDTO) byTier() map[org.Tier]*float64 {
	return map[org.Tier]*float64{org.TierTechSME: r.TechSME, org.TierHighTech: r.HighTech, org.TierLittleGiant: r.LittleGiant,
		org.TierLeader: r.Leader}
}

// PolicyRequest sets a year's subsidy policy (a new version).
type PolicyRequest struct {
	Rates      *RatesDTO `json:"rates" validate:"required"`
	Cap        *int64    `json:"cap_per_enterprise" jsonschema:"description=yuan per enterprise"`
	MinExpense *int64    `json:"min_expense,omitempty" jsonschema:"description=yuan: a smaller declared expense does not qualify (default 0)"`
	Budget     *int64    `json:"budget" jsonschema:"description=the year's total in yuan"`
	Version    *int      `json:"version,omitempty" validate:"omitnil,gte=0" jsonschema:"description=the version you saw (0: none yet); another is 409"`
}

// PolicyDTO is the year's policy in force.
type PolicyDTO struct {
	Year       int       `json:"year"`
	Version    int       `json:"version"`
	Rates      RatesDTO  `json:"rates"`
	Cap        int64     `json:"cap_per_enterprise"`
	MinExpense int64     `json:"min_expense"`
	Budget     int64     `json:"budget"`
	SetBy      string    `json:"set_by"`
	SetAt      time.Time `json:"set_at"`
}

func policyDTO(p subsidy.StoredPolicy) PolicyDTO {
	out := PolicyDTO{Year: p.Year, Version: p.Version, Cap: p.Cap, MinExpense: p.MinExpense, Budget: p.Budget, SetBy: p.SetBy, SetAt: p.SetAt}
	for t, dst := range map[org.Tier]**float64{org.TierTechSME: &out.Rates.TechSME, org.TierHighTech: &out.Rates.HighTech,
		org.TierLittleGiant: &out.Rates.LittleGiant, org.TierLeader: &out.Rates.Leader} {
		if r, ok := p.Rates[t]; ok {
			v := float64(r) / 100
			*dst = &v
		}
	}
	return out
}

func pathYear(c echo.Context) (int, error) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return 0, domain.BadRequest("the year in the path must be a year such as 2026")
	}
	return year, nil
}

func (s *Server) getPolicy(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, policyDTO)(s.deps.Subsidies.Policy(ctxOf(c), actorOf(c), year))
}

func (s *Server) putPolicy(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var in PolicyRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	pi := subsidy.PolicyInput{Rates: map[string]float64{}, Cap: in.Cap, MinExpense: in.MinExpense, Budget: in.Budget, Version: in.Version}
	for t, r := range in.Rates.byTier() {
		if r != nil {
			pi.Rates[string(t)] = *r
		}
	}
	return reply(c, http.StatusOK, policyDTO)(s.deps.Subsidies.SetPolicy(ctxOf(c), actorOf(c), year, pi))
}

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
		}), ComputedAt: b.ComputedAt, ApprovedAt: b.ApprovedAt, PublishedAt: b.PublishedAt, Version: b.Version}
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

// ExternalAwardRequest records a provincial or national award on a project.
type ExternalAwardRequest struct {
	Level     *string `json:"level" enum:"award.level"`
	Programme *string `json:"programme" jsonschema:"description=e.g. 尖兵, 领雁, 国家重点研发计划"`
	Amount    *int64  `json:"amount" jsonschema:"description=yuan"`
	AwardedOn *string `json:"awarded_on" jsonschema:"description=YYYY-MM-DD"`
	Match     *bool   `json:"match,omitempty" jsonschema:"description=create the municipal 1:1 matching line (default true)"`
}

// ExternalAwardDTO is an external award.
type ExternalAwardDTO struct {
	ID               string    `json:"id"`
	ProjectID        string    `json:"project_id"`
	Level            string    `json:"level" enum:"award.level"`
	Programme        string    `json:"programme"`
	Amount           int64     `json:"amount"`
	AwardedOn        string    `json:"awarded_on"`
	FundingLineID    string    `json:"funding_line_id"`
	MatchingLineID   *string   `json:"matching_line_id"`
	MatchingDeclined bool      `json:"matching_declined"`
	CappedReason     string    `json:"capped_reason" enum:"award.capped"`
	RecommendationID string    `json:"recommendation_id,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
}

func externalAwardDTO(x project.ExternalAward) ExternalAwardDTO {
	d := ExternalAwardDTO{ID: x.ID, ProjectID: x.ProjectID, Level: string(x.Level), Programme: x.Programme, Amount: x.Amount,
		AwardedOn: x.AwardedOn, FundingLineID: x.FundingLineID, MatchingDeclined: x.MatchingDeclined, CappedReason: string(x.Capped),
		RecommendationID: x.RecommendationID, CreatedAt: x.CreatedAt}
	if x.MatchingLineID != "" {
		d.MatchingLineID = &x.MatchingLineID
	}
	return d
}

// AwardResultDTO is what recording an award did.
type AwardResultDTO struct {
	Award        ExternalAwardDTO `json:"award"`
	FundingLine  FundingLineDTO   `json:"funding_line"`
	MatchingLine *FundingLineDTO  `json:"matching_line"`
	Capped       bool             `json:"capped" jsonschema:"description=the matching line is less than asked (or none): see capped_reason"`
	CappedReason string           `json:"capped_reason" enum:"award.capped" jsonschema:"description=municipal_cap: the project's municipal money reached 5000万; one_to_one: matching already equals the provincial and national money"`
	Requested    int64            `json:"matching_requested" jsonschema:"description=the matching asked for: the award's amount, or 0 when declined"`
}

func awardResultDTO(r project.AwardResult) AwardResultDTO {
	out := AwardResultDTO{Award: externalAwardDTO(r.Award), FundingLine: fundingLineDTO(r.FundingLine), Requested: r.Requested,
		CappedReason: string(r.Award.Capped), Capped: r.Award.Capped != project.CappedNone}
	if r.MatchingLine != nil {
		m := fundingLineDTO(*r.MatchingLine)
		out.MatchingLine = &m
	}
	return out
}

func (s *Server) recordAward(c echo.Context) error {
	var in ExternalAwardRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, awardResultDTO)(s.deps.Projects.RecordAward(ctxOf(c), actorOf(c), c.Param("id"),
		project.AwardInput{Level: in.Level, Programme: in.Programme, Amount: in.Amount, AwardedOn: in.AwardedOn, Match: in.Match}))
}

func (s *Server) listAwards(c echo.Context) error {
	return replyItems(c, externalAwardDTO)(s.deps.Projects.Awards(ctxOf(c), actorOf(c), c.Param("id")))
}

// RecommendationRequest recommends a project to a higher programme.
type RecommendationRequest struct {
	ProjectID *string `json:"project_id"`
	Level     *string `json:"level" enum:"award.level"`
	Programme *string `json:"programme"`
	Year      *int    `json:"year"`
}

// RecommendationDTO is a recommendation and its outcome.
type RecommendationDTO struct {
	ID           string     `json:"id"`
	ProjectID    string     `json:"project_id"`
	ProjectCode  string     `json:"project_code,omitempty"`
	ProjectTitle string     `json:"project_title,omitempty"`
	Level        string     `json:"level" enum:"award.level"`
	Programme    string     `json:"programme"`
	Year         int        `json:"year"`
	Status       string     `json:"status" enum:"recommendation.status"`
	AwardID      string     `json:"award_id,omitempty"`
	Version      int        `json:"version"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
}

func recommendationDTO(r project.Recommendation) RecommendationDTO {
	return RecommendationDTO{ID: r.ID, ProjectID: r.ProjectID, Level: string(r.Level), Programme: r.Programme, Year: r.Year,
		Status: string(r.Status), AwardID: r.AwardID, Version: r.Version, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
}

func recommendationViewDTO(r project.RecommendationView) RecommendationDTO {
	d := recommendationDTO(r.Recommendation)
	d.ProjectCode, d.ProjectTitle = r.ProjectCode, r.ProjectTitle
	return d
}

// OutcomeRequest records what came of a recommendation.
type OutcomeRequest struct {
	Awarded   *bool   `json:"awarded" validate:"required"`
	Amount    *int64  `json:"amount,omitempty" jsonschema:"description=yuan; required when awarded"`
	AwardedOn *string `json:"awarded_on,omitempty" jsonschema:"description=YYYY-MM-DD (default today)"`
	Match     *bool   `json:"match,omitempty" jsonschema:"description=create the municipal matching line (default true)"`
	Version   *int    `json:"version,omitempty" validate:"omitnil,gte=1"`
}

// OutcomeDTO is the decided recommendation and, when awarded, what the award did.
type OutcomeDTO struct {
	Recommendation RecommendationDTO `json:"recommendation"`
	Award          *AwardResultDTO   `json:"award"`
}

func (s *Server) recommend(c echo.Context) error {
	var in RecommendationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, recommendationDTO)(s.deps.Projects.Recommend(ctxOf(c), actorOf(c),
		project.RecommendationInput{ProjectID: in.ProjectID, Level: in.Level, Programme: in.Programme, Year: in.Year}))
}

func (s *Server) listRecommendations(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	year, err := yearQuery(c, "year")
	if err != nil {
		return err
	}
	status, err := enumQuery(c, "status", enumValues("recommendation.status")...)
	if err != nil {
		return err
	}
	f := project.RecommendationFilter{Year: year, Status: project.RecommendationStatus(status), ProjectID: c.QueryParam("project_id")}
	return replyPage(c, recommendationViewDTO)(s.deps.Projects.Recommendations(ctxOf(c), actorOf(c), f, p))
}

func (s *Server) recommendationOutcome(c echo.Context) error {
	var in OutcomeRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, award, err := s.deps.Projects.Outcome(ctxOf(c), actorOf(c), c.Param("id"), project.OutcomeInput{Awarded: in.Awarded,
		Amount: in.Amount, AwardedOn: in.AwardedOn, Match: in.Match, Version: in.Version})
	if err != nil {
		return err
	}
	out := OutcomeDTO{Recommendation: recommendationDTO(r)}
	if award != nil {
		a := awardResultDTO(*award)
		out.Award = &a
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) instrumentRoutes() []Route {
	const v1 = "/api/v1"
	pageQ := withPage()
	return []Route{
		// 研值在线: declarations
		{Method: http.MethodPost, Path: v1 + "/rd-declarations", OperationID: "declareRD", Tag: "instruments",
			Summary: "Declare the caller's enterprise's R&D expense, revenue and staff for a year (one per year: a second is 409)",
			Access:  roles(enterprise), Body: DeclarationRequest{}, Response: DeclarationDTO{}, Status: http.StatusCreated, Handler: s.declare},
		{Method: http.MethodGet, Path: v1 + "/rd-declarations", OperationID: "listRDDeclarations", Tag: "instruments",
			Summary: "R&D declarations: every one for program managers and admins, its own for an enterprise; newest first",
			Access:  roles(enterprise, pm, admin),
			Query: withPage(QueryParam{Name: "year", Type: "integer"}, QueryParam{Name: "district", Type: "string"},
				QueryParam{Name: "tier", Type: "string", Enum: enumValues("org.tier"), Description: "the organization's tier now"},
				QueryParam{Name: "q", Type: "string", Description: "the organization's name (part) or credit code"}),
			Response: Page[DeclarationDTO]{}, Status: http.StatusOK, Handler: s.listDeclarations},
		{Method: http.MethodGet, Path: v1 + "/rd-declarations/:id", OperationID: "getRDDeclaration", Tag: "instruments",
			Summary: "One R&D declaration (its enterprise, program managers, admins)", Access: roles(enterprise, pm, admin),
			Response: DeclarationDTO{}, Status: http.StatusOK, Handler: s.getDeclaration},
		{Method: http.MethodPatch, Path: v1 + "/rd-declarations/:id", OperationID: "updateRDDeclaration", Tag: "instruments",
			Summary: "Edit the caller's declaration until the year's batch is approved (409 after)", Access: roles(enterprise),
			Body: DeclarationRequest{}, Response: DeclarationDTO{}, Status: http.StatusOK, Handler: s.updateDeclaration},
		{Method: http.MethodPost, Path: v1 + "/imports/rd-declarations", OperationID: "importRDDeclarations", Tag: "instruments",
			Summary: "Import R&D declarations keyed by credit code (a year's existing declaration is replaced); any bad row is a 422 naming every bad row and column, and nothing is imported",
			Access:  roles(pm), Upload: true, Query: []QueryParam{{Name: "dry_run", Type: "boolean", Description: "check only"}},
			Response: ImportResult{}, Status: http.StatusOK, MaxBody: maxImportBytes, Streams: true, Handler: s.importFile(s.importDeclarations)},
		{Method: http.MethodGet, Path: v1 + "/imports/rd-declarations/template", OperationID: "rdDeclarationsTemplate", Tag: "instruments",
			Summary: "The .xlsx template for importing R&D declarations", Access: signedIn, Produces: xlsxType, Status: http.StatusOK,
			Handler: s.template("rd-declarations", imports.DeclarationColumns, imports.DeclarationExample)},

		// 研值在线: policy and batches
		{Method: http.MethodGet, Path: v1 + "/subsidy-policies/:year", OperationID: "getSubsidyPolicy", Tag: "instruments",
			Summary: "The year's R&D subsidy policy in force (404 when none is set)", Access: roles(pm, admin),
			Response: PolicyDTO{}, Status: http.StatusOK, Handler: s.getPolicy},
		{Method: http.MethodPut, Path: v1 + "/subsidy-policies/:year", OperationID: "setSubsidyPolicy", Tag: "instruments",
			Summary: "Set the year's policy: a new version, audited; 409 once the year's batch is approved", Access: roles(pm, admin),
			Body: PolicyRequest{}, Response: PolicyDTO{}, Status: http.StatusOK, Handler: s.putPolicy},
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
			Summary: "A batch's lines by organization", Access: roles(pm, admin), Query: pageQ,
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

		// 省市联动
		{Method: http.MethodPost, Path: v1 + "/projects/:id/external-awards", OperationID: "recordExternalAward", Tag: "instruments",
			Summary: "Record a provincial or national award: its funding line and the municipal matching line (capped by the 1:1 rule and 5000万) in one transaction; the budget grows by both",
			Access:  roles(pm), Body: ExternalAwardRequest{}, Response: AwardResultDTO{}, Status: http.StatusCreated, Handler: s.recordAward},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/external-awards", OperationID: "listExternalAwards", Tag: "instruments",
			Summary: "A project's external awards, newest first (as the project is read)", Access: signedIn,
			Response: Items[ExternalAwardDTO]{}, Status: http.StatusOK, Handler: s.listAwards},
		{Method: http.MethodPost, Path: v1 + "/recommendations", OperationID: "recommendProject", Tag: "instruments",
			Summary: "Recommend a project to a provincial or national programme (推荐申报)", Access: roles(pm),
			Body: RecommendationRequest{}, Response: RecommendationDTO{}, Status: http.StatusCreated, Handler: s.recommend},
		{Method: http.MethodGet, Path: v1 + "/recommendations", OperationID: "listRecommendations", Tag: "instruments",
			Summary: "Recommendations, newest first", Access: roles(pm, admin),
			Query: withPage(QueryParam{Name: "year", Type: "integer"}, QueryParam{Name: "status", Type: "string", Enum: enumValues("recommendation.status")},
				QueryParam{Name: "project_id", Type: "string"}),
			Response: Page[RecommendationDTO]{}, Status: http.StatusOK, Handler: s.listRecommendations},
		{Method: http.MethodPost, Path: v1 + "/recommendations/:id/outcome", OperationID: "recommendationOutcome", Tag: "instruments",
			Summary: "Record the outcome; awarded records the external award with its matching in the same transaction",
			Access:  roles(pm), Body: OutcomeRequest{}, Response: OutcomeDTO{}, Status: http.StatusOK, Handler: s.recommendationOutcome},
	}
}

type batchFunc = func(ctx context.Context, a domain.Actor, id string, version *int) (subsidy.StoredBatch, error)
