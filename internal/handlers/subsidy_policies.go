package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
)

// 研值在线: the subsidy policy of a year (rates by tier, the cap, the budget), versioned.

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

// subsidyPolicyRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) subsidyPolicyRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// 研值在线: policy and batches
		{Method: http.MethodGet, Path: v1 + "/subsidy-policies/:year", OperationID: "getSubsidyPolicy", Tag: "instruments",
			Summary: "The year's R&D subsidy policy in force (404 when none is set)", Access: roles(pm, admin),
			Response: PolicyDTO{}, Status: http.StatusOK, Handler: s.getPolicy},
		{Method: http.MethodPut, Path: v1 + "/subsidy-policies/:year", OperationID: "setSubsidyPolicy", Tag: "instruments",
			Summary: "Set the year's policy: a new version, audited; 409 once the year's batch is approved", Access: roles(pm, admin),
			Body: PolicyRequest{}, Response: PolicyDTO{}, Status: http.StatusOK, Handler: s.putPolicy},
	}
}
