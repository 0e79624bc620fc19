package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
)

// ProjectFiguresDTO are the project counts.
type ProjectFiguresDTO struct {
	Total       int64            `json:"total"`
	ByStage     map[string]int64 `json:"by_stage"`
	ByCategory  map[string]int64 `json:"by_category"`
	ByField     map[string]int64 `json:"by_field" jsonschema:"description=by level-1 field (三大科创高地)"`
	ByDistrict  map[string]int64 `json:"by_district" jsonschema:"description=by the lead organization's district"`
	Priority315 int64            `json:"priority_315" jsonschema:"description=projects in 315 priority fields"`
	Share315    float64          `json:"share_315"`
	Target315   float64          `json:"target_315"`
	Meets315    bool             `json:"meets_315_target"`
}

// FundingFiguresDTO are money sums in yuan (program managers and admins only).
type FundingFiguresDTO struct {
	Total    int64            `json:"total"`
	BySource map[string]int64 `json:"by_source"`
	ByStatus map[string]int64 `json:"by_status"`
}

// ChallengeFiguresDTO are the board's figures.
type ChallengeFiguresDTO struct {
	Total             int64            `json:"total"`
	ByStatus          map[string]int64 `json:"by_status"`
	BidsPerChallenge  BidsFiguresDTO   `json:"bids_per_challenge"`
	FailureRate       float64          `json:"failure_rate" jsonschema:"description=流榜率: failed / (awarded + failed)"`
	MedianDaysToAward *float64         `json:"median_days_to_award"`
}

// BidsFiguresDTO: bids per challenge whose deadline has passed.
type BidsFiguresDTO struct {
	Mean float64 `json:"mean"`
	Max  int64   `json:"max"`
}

// ConsortiaFiguresDTO are the consortium counts.
type ConsortiaFiguresDTO struct {
	Total   int64            `json:"total"`
	ByModel map[string]int64 `json:"by_model"`
}

// SummaryDTO is GET /portfolio/summary.
type SummaryDTO struct {
	Projects       ProjectFiguresDTO   `json:"projects"`
	Funding        *FundingFiguresDTO  `json:"funding,omitempty" jsonschema:"description=program managers and admins only"`
	Challenges     ChallengeFiguresDTO `json:"challenges"`
	Consortia      ConsortiaFiguresDTO `json:"consortia"`
	Outputs        OutputFiguresDTO    `json:"outputs"`
	Reports        ReportFiguresDTO    `json:"reports"`
	ChangeRequests ChangeFiguresDTO    `json:"change_requests"`
}

// OutputFiguresDTO count the outputs register (成果) of the selected projects.
type OutputFiguresDTO struct {
	Total    int64            `json:"total"`
	ByType   map[string]int64 `json:"by_type"`
	Landmark int64            `json:"landmark" jsonschema:"description=landmark results (标志性成果)"`
	ByField  map[string]int64 `json:"by_field" jsonschema:"description=by the project's level-1 field"`
	ByYear   map[string]int64 `json:"by_year" jsonschema:"description=by the output's year"`
}

// ReportFiguresDTO count periodic reports.
type ReportFiguresDTO struct {
	Due       int64 `json:"due" jsonschema:"description=not submitted yet (returned ones too), overdue ones included"`
	Overdue   int64 `json:"overdue"`
	Submitted int64 `json:"submitted" jsonschema:"description=waiting for a program manager"`
}

// ChangeFiguresDTO count change requests.
type ChangeFiguresDTO struct {
	Pending int64 `json:"pending"`
}

func countsMap(cs []portfolio.Count) map[string]int64 {
	m := map[string]int64{}
	for _, c := range cs {
		m[c.Key] = c.Count
	}
	return m
}

func sumsMap(ss []portfolio.Sum) map[string]int64 {
	m := map[string]int64{}
	for _, s := range ss {
		m[s.Key] = s.Amount
	}
	return m
}

// portfolioFilter reads ?year=&category=&field=&district=.
func portfolioFilter(c echo.Context) (portfolio.Filter, error) {
	f := portfolio.Filter{Category: c.QueryParam("category"), FieldID: c.QueryParam("field"), District: c.QueryParam("district")}
	year, err := yearQuery(c, "year")
	f.Year = year
	return f, err
}

var portfolioParams = []QueryParam{{Name: "year", Type: "integer"}, {Name: "category", Type: "string"},
	{Name: "field", Type: "string", Description: "a level-1 field includes its children"}, {Name: "district", Type: "string"}}

func (s *Server) portfolioSummary(c echo.Context) error {
	f, err := portfolioFilter(c)
	if err != nil {
		return err
	}
	sum, err := s.deps.Portfolio.Summary(ctxOf(c), actorOf(c), f)
	if err != nil {
		return err
	}
	p := sum.Projects
	out := SummaryDTO{
		Projects: ProjectFiguresDTO{Total: p.Total, ByStage: countsMap(p.ByStage), ByCategory: countsMap(p.ByCategory),
			ByField: countsMap(p.ByField), ByDistrict: countsMap(p.ByDistrict), Priority315: p.Priority315,
			Share315: sum.Share315, Target315: portfolio.Target315, Meets315: sum.Meets315},
		Challenges: ChallengeFiguresDTO{Total: sum.Challenges.Total, ByStatus: countsMap(sum.Challenges.ByStatus),
			BidsPerChallenge: BidsFiguresDTO{Mean: sum.Challenges.BidsMean, Max: sum.Challenges.BidsMax},
			FailureRate:      sum.FailureRate, MedianDaysToAward: sum.Challenges.MedianDaysToAward},
		Consortia: ConsortiaFiguresDTO{Total: sum.ConsortiaTotal, ByModel: countsMap(sum.ConsortiaByModel)},
		Outputs: OutputFiguresDTO{Total: sum.Outputs.Total, ByType: countsMap(sum.Outputs.ByType), Landmark: sum.Outputs.Landmark,
			ByField: countsMap(sum.Outputs.ByField), ByYear: countsMap(sum.Outputs.ByYear)},
		Reports:        ReportFiguresDTO{Due: sum.Work.ReportsDue, Overdue: sum.Work.ReportsOverdue, Submitted: sum.Work.ReportsSubmitted},
		ChangeRequests: ChangeFiguresDTO{Pending: sum.Work.ChangesPending},
	}
	if sum.Funding != nil {
		out.Funding = &FundingFiguresDTO{Total: sum.Funding.Total, BySource: sumsMap(sum.Funding.BySource), ByStatus: sumsMap(sum.Funding.ByStatus)}
	}
	return c.JSON(http.StatusOK, out)
}

// portfolioRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) portfolioRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Portfolio figures, export, import
		{Method: http.MethodGet, Path: v1 + "/portfolio/summary", OperationID: "portfolioSummary", Tag: "portfolio",
			Summary: "The programme's figures, aggregated by the database; money for program managers and admins only",
			Access:  anyone, Query: portfolioParams, Response: SummaryDTO{}, Status: http.StatusOK, Handler: s.portfolioSummary},
	}
}
