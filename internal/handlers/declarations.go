package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/imports"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
)

// 研值在线: enterprises' yearly R&D declarations (研发费用), imported or entered.

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

// declarationRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) declarationRoutes() []Route {
	const v1 = "/api/v1"
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
	}
}
