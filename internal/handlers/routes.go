package handlers

import (
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Access says who may call a route: anyone, anyone signed in, or the listed roles.
type Access struct {
	Public bool
	Roles  []domain.Role // empty and not Public: any signed-in user
}

var (
	anyone   = Access{Public: true}
	signedIn = Access{}
)

func roles(r ...domain.Role) Access { return Access{Roles: r} }

func (a Access) admits(actor domain.Actor) bool {
	if a.Public {
		return true
	}
	if actor.IsAnonymous() {
		return false
	}
	return len(a.Roles) == 0 || actor.Is(a.Roles...)
}

// Route declares one API operation: its path, who may call it, what it takes
// and returns (for the OpenAPI document) and its handler.
type Route struct {
	Method      string
	Path        string // Echo syntax: /api/v1/users/:id
	OperationID string
	Summary     string
	Tag         string
	Access      Access
	Query       []QueryParam
	Body        any // a value of the request body type; nil for none
	Response    any // a value of the success body type; nil for no body
	Status      int // the success status
	// Idempotent POST creates honour the Idempotency-Key header.
	Idempotent bool
	// Upload: the body is multipart/form-data with a file in "file".
	Upload bool
	// UploadDoc describes the file and any other fields of an upload.
	UploadDoc *UploadDoc
	// MaxBody is the body limit when it is not the JSON one (1 MiB).
	MaxBody int64
	// Streams: the route moves a large body in or out; it is not held to the
	// API's time limit and is not compressed.
	Streams bool
	// Produces is the success content type when it is not JSON.
	Produces string
	Handler  echo.HandlerFunc
}

// QueryParam documents one query parameter.
type QueryParam struct {
	Name        string
	Type        string // string, integer, boolean
	Description string
	Enum        []string
}

func (s *Server) mount(r Route) {
	var mw []echo.MiddlewareFunc
	if r.Streams {
		mw = append(mw, streamRefusedAtOnce)
	}
	mw = append(mw, cleanParams, s.authenticate, authorize(r.Access))
	if r.Streams {
		mw = append(mw, streamAdmitted)
	}
	if r.Idempotent {
		mw = append(mw, s.idempotent)
	}
	s.echo.Add(r.Method, r.Path, r.Handler, mw...)
}

const (
	admin      = domain.RoleAdmin
	pm         = domain.RoleProgramManager
	enterprise = domain.RoleEnterprise
	institute  = domain.RoleInstitute
	expert     = domain.RoleExpert
)

var (
	pageParams = []QueryParam{
		{Name: "limit", Type: "integer", Description: "items per page (default 20, at most 100)"},
		{Name: "cursor", Type: "string", Description: "next_cursor of the previous page"},
	}
	qParam = QueryParam{Name: "q", Type: "string", Description: "search text (Chinese included)"}
)

func withPage(ps ...QueryParam) []QueryParam { return append(ps, pageParams...) }

// apiRoutes is the table of every /api/v1 operation: path, who may call it,
// what it takes and returns. The router and the OpenAPI document are both
// made from it. Each resource declares its operations beside its handlers,
// in the file named after it (xxxRoutes); this is the one list of them.
func (s *Server) apiRoutes() []Route {
	return slices.Concat(
		s.accountRoutes(),
		s.organizationRoutes(),
		s.referenceRoutes(),
		s.challengeRoutes(),
		s.questionRoutes(),
		s.bidRoutes(),
		s.reviewRoutes(),
		s.projectRoutes(),
		s.milestoneRoutes(),
		s.kpiRoutes(),
		s.fundingRoutes(),
		s.scenarioRoutes(),
		s.consortiumRoutes(),
		s.workbenchRoutes(),
		s.portfolioRoutes(),
		s.exportRoutes(),
		s.importRoutes(),
		s.notificationRoutes(),
		s.auditRoutes(),
		s.declarationRoutes(),
		s.subsidyPolicyRoutes(),
		s.subsidyBatchRoutes(),
		s.externalAwardRoutes(),
		s.recommendationRoutes(),
		s.changeRequestRoutes(),
		s.reportRoutes(),
		s.outputRoutes(),
		s.disbursementRoutes(),
		s.documentsRoutes(),
		s.targetRoutes(),
		s.matchmakingRoutes(),
	)
}
