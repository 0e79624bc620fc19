package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/imports"
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
// made from it.
func (s *Server) apiRoutes() []Route {
	const v1 = "/api/v1"
	return append([]Route{
		// Auth and accounts
		{Method: http.MethodPost, Path: v1 + "/auth/register", OperationID: "register", Tag: "auth",
			Summary: "Register an organization and its first user (the organization stays pending until an admin verifies it)",
			Access:  anyone, Body: RegisterRequest{}, Response: RegisterResponse{}, Status: http.StatusCreated, Handler: s.register},
		{Method: http.MethodPost, Path: v1 + "/auth/login", OperationID: "login", Tag: "auth",
			Summary: "Sign in with email and password", Access: anyone, Body: LoginRequest{}, Response: TokenResponse{},
			Status: http.StatusOK, Handler: s.login},
		{Method: http.MethodPost, Path: v1 + "/auth/refresh", OperationID: "refresh", Tag: "auth",
			Summary: "Trade a refresh token for a new pair (single use; reusing one revokes its session)",
			Access:  anyone, Body: RefreshRequest{}, Response: TokenResponse{}, Status: http.StatusOK, Handler: s.refresh},
		{Method: http.MethodPost, Path: v1 + "/auth/logout", OperationID: "logout", Tag: "auth",
			Summary: "Sign out: revoke the session of this refresh token", Access: signedIn, Body: RefreshRequest{},
			Status: http.StatusNoContent, Handler: s.logout},
		{Method: http.MethodGet, Path: v1 + "/me", OperationID: "me", Tag: "auth",
			Summary: "The signed-in user, role and organization", Access: signedIn, Response: MeResponse{},
			Status: http.StatusOK, Handler: s.me},

		{Method: http.MethodGet, Path: v1 + "/organizations", OperationID: "listOrganizations", Tag: "organizations",
			Summary: "Verified organizations (admins and program managers also see pending ones)", Access: signedIn,
			Query: withPage(QueryParam{Name: "type", Type: "string", Enum: enumValues("org.type")},
				QueryParam{Name: "status", Type: "string", Enum: enumValues("org.status"), Description: "only this status (callers who see only verified organizations always get verified ones)"}, qParam),
			Response: Page[OrganizationDTO]{}, Status: http.StatusOK, Handler: s.listOrganizations},
		{Method: http.MethodPost, Path: v1 + "/organizations", OperationID: "createOrganization", Tag: "organizations",
			Summary: "Create an organization directly (admins; the only way to create government organizations)",
			Access:  roles(admin), Body: CreateOrganizationRequest{}, Response: OrganizationDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.createOrganization},
		{Method: http.MethodGet, Path: v1 + "/organizations/:id", OperationID: "getOrganization", Tag: "organizations",
			Summary: "One organization", Access: signedIn, Response: OrganizationDTO{}, Status: http.StatusOK,
			Handler: s.getOrganization},
		{Method: http.MethodPost, Path: v1 + "/organizations/:id/verify", OperationID: "verifyOrganization", Tag: "organizations",
			Summary: "Verify a pending organization", Access: roles(admin), Body: VersionRequest{}, Response: OrganizationDTO{},
			Status: http.StatusOK, Handler: s.verifyOrganization},

		{Method: http.MethodGet, Path: v1 + "/users", OperationID: "listUsers", Tag: "users",
			Summary: "Users, newest first (program managers: the experts only, to assign reviewers)", Access: roles(admin, pm),
			Query: withPage(QueryParam{Name: "organization_id", Type: "string"},
				QueryParam{Name: "role", Type: "string", Enum: enumValues("role")}, qParam),
			Response: Page[UserDTO]{}, Status: http.StatusOK, Handler: s.listUsers},
		{Method: http.MethodPost, Path: v1 + "/users", OperationID: "createUser", Tag: "users",
			Summary: "Create a user of any role in an organization whose type fits the role", Access: roles(admin),
			Body: CreateUserRequest{}, Response: UserDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createUser},
		{Method: http.MethodPatch, Path: v1 + "/users/:id", OperationID: "updateUser", Tag: "users",
			Summary: "Change a user's role or name, or disable the account (effective on the next request)",
			Access:  roles(admin), Body: UpdateUserRequest{}, Response: UserDTO{}, Status: http.StatusOK, Handler: s.updateUser},

		// Reference data
		{Method: http.MethodGet, Path: v1 + "/fields", OperationID: "listFields", Tag: "reference",
			Summary: "The two-level field taxonomy with the 315 priority flag", Access: anyone, Response: Items[FieldDTO]{},
			Status: http.StatusOK, Handler: s.listFields},
		{Method: http.MethodPost, Path: v1 + "/fields", OperationID: "createField", Tag: "reference",
			Summary: "Add a field", Access: roles(admin), Body: CreateFieldRequest{}, Response: FieldDTO{},
			Status: http.StatusCreated, Idempotent: true, Handler: s.createField},
		{Method: http.MethodPatch, Path: v1 + "/fields/:id", OperationID: "updateField", Tag: "reference",
			Summary: "Rename a field or change its 315 flag", Access: roles(admin), Body: UpdateFieldRequest{},
			Response: FieldDTO{}, Status: http.StatusOK, Handler: s.updateField},
		{Method: http.MethodGet, Path: v1 + "/categories", OperationID: "listCategories", Tag: "reference",
			Summary: "The four project categories", Access: anyone, Response: Items[NamedDTO]{}, Status: http.StatusOK,
			Handler: s.listCategories},
		{Method: http.MethodGet, Path: v1 + "/districts", OperationID: "listDistricts", Tag: "reference",
			Summary: "Ningbo's districts", Access: anyone, Response: Items[NamedDTO]{}, Status: http.StatusOK,
			Handler: s.listDistricts},

		// Challenges (揭榜)
		{Method: http.MethodGet, Path: v1 + "/challenges", OperationID: "listChallenges", Tag: "challenges",
			Summary: "The 揭榜 board: public challenges, plus the caller's own organization's in every status (program managers: all but others' drafts)",
			Access:  anyone,
			Query: withPage(QueryParam{Name: "status", Type: "string", Enum: enumValues("challenge.status")},
				QueryParam{Name: "field", Type: "string", Description: "a field id; a level-1 field includes its children"},
				QueryParam{Name: "category", Type: "string"}, qParam,
				QueryParam{Name: "mine", Type: "boolean", Description: "only the caller's organization's challenges"}),
			Response: Page[ChallengeDTO]{}, Status: http.StatusOK, Handler: s.listChallenges},
		{Method: http.MethodPost, Path: v1 + "/challenges", OperationID: "createChallenge", Tag: "challenges",
			Summary: "Save a new draft challenge (企业出题); only the title is needed for a draft", Access: roles(enterprise),
			Body: ChallengeInput{}, Response: ChallengeDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createChallenge},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id", OperationID: "getChallenge", Tag: "challenges",
			Summary: "One challenge as the board shows it to the caller; bid_count for the owner and program managers only",
			Access:  anyone, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.getChallenge},
		{Method: http.MethodPatch, Path: v1 + "/challenges/:id", OperationID: "updateChallenge", Tag: "challenges",
			Summary: "Edit a draft (the owner enterprise)", Access: roles(enterprise), Body: ChallengeInput{},
			Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.updateChallenge},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/submit", OperationID: "submitChallenge", Tag: "challenges",
			Summary: "Submit a complete draft for vetting (verified organizations only)", Access: roles(enterprise),
			Body: VersionRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.challengeAction(s.submitChallenge)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/withdraw", OperationID: "withdrawChallenge", Tag: "challenges",
			Summary: "Withdraw a draft or submitted challenge", Access: roles(enterprise),
			Body: VersionRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.challengeAction(s.withdrawChallenge)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/approve", OperationID: "approveChallenge", Tag: "challenges",
			Summary: "Approve and publish (立题) with the category, government funding cap and bid deadline", Access: roles(pm),
			Body: ApproveRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.approveChallenge},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/return", OperationID: "returnChallenge", Tag: "challenges",
			Summary: "Return a submitted challenge to its owner as a draft, with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Return)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/reject", OperationID: "rejectChallenge", Tag: "challenges",
			Summary: "Reject a submitted challenge, with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Reject)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/cancel", OperationID: "cancelChallenge", Tag: "challenges",
			Summary: "Cancel a challenge before it is awarded, with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Cancel)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/fail", OperationID: "failChallenge", Tag: "challenges",
			Summary: "Mark a closed or reviewed challenge failed (流榜), with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Fail)},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/questions", OperationID: "listQuestions", Tag: "challenges",
			Summary: "Questions: answered ones for everyone who sees the challenge (asker hidden); unanswered ones for the owner, program managers and the asker",
			Access:  anyone, Query: pageParams, Response: Page[QuestionDTO]{}, Status: http.StatusOK, Handler: s.listQuestions},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/questions", OperationID: "askQuestion", Tag: "challenges",
			Summary: "Ask a question while the challenge is open (verified organizations other than the owner)", Access: signedIn,
			Body: QuestionRequest{}, Response: QuestionDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.askQuestion},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/questions/:qid/answer", OperationID: "answerQuestion", Tag: "challenges",
			Summary: "Answer a question (the owner); the answer becomes public", Access: roles(enterprise),
			Body: QuestionRequest{}, Response: QuestionDTO{}, Status: http.StatusOK, Handler: s.answerQuestion},

		// Bids (揭榜申请), sealed until the deadline
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/bids", OperationID: "createBid", Tag: "bids",
			Summary: "Bid while the challenge is open (verified, eligible, non-owner organizations; one bid each)",
			Access:  roles(enterprise, institute), Body: BidInput{}, Response: BidDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.createBid},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/bids", OperationID: "listBids", Tag: "bids",
			Summary: "The bids the caller may see: before the deadline its own organization's only; after it all of them for the owner, program managers and assigned experts",
			Access:  signedIn, Query: pageParams, Response: Page[BidDTO]{}, Status: http.StatusOK, Handler: s.listBids},
		{Method: http.MethodGet, Path: v1 + "/bids", OperationID: "listOwnBids", Tag: "bids",
			Summary: "My organization's bids (我的揭榜), newest first, each with its challenge's title and status",
			Access:  roles(enterprise, institute), Query: pageParams, Response: Page[OwnBidDTO]{}, Status: http.StatusOK,
			Handler: s.listOwnBids},
		{Method: http.MethodGet, Path: v1 + "/partner-bids", OperationID: "listPartnerBids", Tag: "bids",
			Summary: "Bids naming my organization as a partner (联合揭榜), newest first, each with its challenge's title and status",
			Access:  roles(enterprise, institute), Query: pageParams, Response: Page[OwnBidDTO]{}, Status: http.StatusOK,
			Handler: s.listPartnerBids},
		{Method: http.MethodPost, Path: v1 + "/bids/:id/partner-confirmation", OperationID: "answerAsPartner", Tag: "bids",
			Summary: "Confirm or decline a bid naming my organization as a partner, once, before the deadline",
			Access:  roles(enterprise, institute), Body: PartnerAnswerRequest{}, Response: BidDTO{}, Status: http.StatusOK,
			Handler: s.answerAsPartner},
		{Method: http.MethodGet, Path: v1 + "/bids/:id", OperationID: "getBid", Tag: "bids",
			Summary: "One bid; a sealed bid is 404 to everyone but its own organization and the partners it names", Access: signedIn,
			Response: BidDTO{}, Status: http.StatusOK, Handler: s.getBid},
		{Method: http.MethodPatch, Path: v1 + "/bids/:id", OperationID: "updateBid", Tag: "bids",
			Summary: "Edit the bid until the deadline (the bidding organization)", Access: roles(enterprise, institute),
			Body: BidInput{}, Response: BidDTO{}, Status: http.StatusOK, Handler: s.updateBid},
		{Method: http.MethodPost, Path: v1 + "/bids/:id/withdraw", OperationID: "withdrawBid", Tag: "bids",
			Summary: "Withdraw the bid until the deadline (the bidding organization)", Access: roles(enterprise, institute),
			Body: VersionRequest{}, Response: BidDTO{}, Status: http.StatusOK, Handler: s.withdrawBid},

		// Review (以赛代评) and award (挂帅)
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/reviewers", OperationID: "listReviewers", Tag: "review",
			Summary: "The review's progress: the experts assigned, who stepped out, who has submitted (program managers)",
			Access:  roles(pm), Response: Items[AssignmentDTO]{}, Status: http.StatusOK, Handler: s.listReviewers},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/reviewers", OperationID: "assignReviewers", Tag: "review",
			Summary: "Assign experts to the round under review (at least 3 per round) once bidding has closed; conflicts of interest are refused, each named",
			Access:  roles(pm), Body: ReviewersRequest{}, Response: Items[AssignmentDTO]{}, Status: http.StatusOK, Handler: s.assignReviewers},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/conflict", OperationID: "declareConflict", Tag: "review",
			Summary: "Declare a conflict of interest and step out of the review (assigned experts)", Access: roles(expert),
			Body: ConflictRequest{}, Status: http.StatusNoContent, Handler: s.declareConflict},
		{Method: http.MethodGet, Path: v1 + "/reviews", OperationID: "listReviews", Tag: "review",
			Summary: "My review assignments with the bids to score and my own scores", Access: roles(expert),
			Query: pageParams, Response: Page[ReviewTaskDTO]{}, Status: http.StatusOK, Handler: s.listReviews},
		{Method: http.MethodPut, Path: v1 + "/bids/:id/score", OperationID: "scoreBid", Tag: "review",
			Summary: "Score a bid on the rubric (editable until I submit)", Access: roles(expert),
			Body: ScoreRequest{}, Response: ScoreDTO{}, Status: http.StatusOK, Handler: s.putScore},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/scores/submit", OperationID: "submitScores", Tag: "review",
			Summary: "Finalize my scores of the round; every bid of the round must be scored", Access: roles(expert),
			Body: SubmitScoresRequest{}, Status: http.StatusNoContent, Handler: s.submitScores},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/rounds/:n/close", OperationID: "closeRound", Tag: "review",
			Summary: "Close review round n once every expert of it has submitted: the top shortlist bids (ties at the boundary included) go through to round n+1",
			Access:  roles(pm), Body: VersionRequest{}, Response: CloseRoundResponse{}, Status: http.StatusOK, Handler: s.closeRound},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/ranking", OperationID: "ranking", Tag: "review",
			Summary: "Bids that went furthest first, then by the rounds' weighted total, with every expert's scores, once a round's experts have all submitted",
			Access:  roles(pm, enterprise), Response: Items[RankedBidDTO]{}, Status: http.StatusOK, Handler: s.ranking},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/award", OperationID: "proposeAward", Tag: "review",
			Summary: "Propose the winning bid", Access: roles(pm), Body: AwardRequest{}, Response: ChallengeDTO{},
			Status: http.StatusOK, Handler: s.proposeAward},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/award/confirm", OperationID: "confirmAward", Tag: "review",
			Summary: "Confirm the proposed winner (the owner): the challenge is awarded and becomes a project", Access: roles(enterprise),
			Body: VersionRequest{}, Response: ConfirmResponse{}, Status: http.StatusOK, Handler: s.confirmAward},

		// Projects of the key R&D plan
		{Method: http.MethodGet, Path: v1 + "/projects", OperationID: "listProjects", Tag: "projects",
			Summary: "Projects: program managers and admins see all; others their organization's", Access: signedIn,
			Query: withPage(QueryParam{Name: "stage", Type: "string", Enum: enumValues("project.stage")}, QueryParam{Name: "category", Type: "string"},
				QueryParam{Name: "field", Type: "string"}, QueryParam{Name: "district", Type: "string", Description: "the lead organization's district"},
				QueryParam{Name: "consortium_id", Type: "string"}, QueryParam{Name: "year", Type: "integer", Description: "the year the project started"}, qParam),
			Response: Page[ProjectSummaryDTO]{}, Status: http.StatusOK, Handler: s.listProjects},
		{Method: http.MethodPost, Path: v1 + "/projects", OperationID: "proposeProject", Tag: "projects",
			Summary: "Propose a project (origin application); the caller's verified organization leads it",
			Access:  roles(enterprise, institute), Body: ProposalRequest{}, Response: ProjectDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.proposeProject},
		{Method: http.MethodGet, Path: v1 + "/projects/:id", OperationID: "getProject", Tag: "projects",
			Summary: "One project with its members and funding lines (members, program managers, admins)", Access: signedIn,
			Response: ProjectDTO{}, Status: http.StatusOK, Handler: s.getProject},
		{Method: http.MethodPatch, Path: v1 + "/projects/:id", OperationID: "updateProject", Tag: "projects",
			Summary: "Edit a project: program managers (trl too), or the lead organization while it is a proposal",
			Access:  roles(pm, enterprise, institute), Body: ProjectPatch{}, Response: ProjectDTO{}, Status: http.StatusOK, Handler: s.updateProject},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/transitions", OperationID: "transitionProject", Tag: "projects",
			Summary: "Move the project to another stage; stale from/version is 409, an unmet gate 422 listing every unmet condition",
			Access:  roles(pm), Body: TransitionRequest{}, Response: ProjectDTO{}, Status: http.StatusOK, Handler: s.transitionProject},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/history", OperationID: "projectHistory", Tag: "projects",
			Summary: "Every stage move: from, to, who, when, reason, evidence", Access: signedIn,
			Response: Items[StageChangeDTO]{}, Status: http.StatusOK, Handler: s.projectHistory},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/gate", OperationID: "projectGate", Tag: "projects",
			Summary: "The checklist of the project's next gate: each condition and whether it is met", Access: signedIn,
			Response: GateDTO{}, Status: http.StatusOK, Handler: s.projectGate},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/milestones", OperationID: "listMilestones", Tag: "projects",
			Summary: "The project's milestones", Access: signedIn, Response: Items[MilestoneDTO]{}, Status: http.StatusOK, Handler: s.listMilestones},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/milestones", OperationID: "addMilestone", Tag: "projects",
			Summary: "Plan a milestone (the lead organization, program managers)", Access: roles(pm, enterprise, institute),
			Body: MilestoneInput{}, Response: MilestoneDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.addMilestone},
		{Method: http.MethodPatch, Path: v1 + "/projects/:id/milestones/:mid", OperationID: "updateMilestone", Tag: "projects",
			Summary: "Edit a planned milestone, mark it done (the lead), accept it or send it back (program managers)",
			Access:  roles(pm, enterprise, institute), Body: MilestoneInput{}, Response: MilestoneDTO{}, Status: http.StatusOK, Handler: s.updateMilestone},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/kpis", OperationID: "listKPIs", Tag: "projects",
			Summary: "The project's KPIs", Access: signedIn, Response: Items[KPIDTO]{}, Status: http.StatusOK, Handler: s.listKPIs},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/kpis", OperationID: "addKPI", Tag: "projects",
			Summary: "Add a KPI (the lead organization, program managers)", Access: roles(pm, enterprise, institute),
			Body: KPIInput{}, Response: KPIDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.addKPI},
		{Method: http.MethodPatch, Path: v1 + "/projects/:id/kpis/:kid", OperationID: "updateKPI", Tag: "projects",
			Summary: "Change a KPI, e.g. record its actual value", Access: roles(pm, enterprise, institute),
			Body: KPIInput{}, Response: KPIDTO{}, Status: http.StatusOK, Handler: s.updateKPI},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/members", OperationID: "listProjectMembers", Tag: "projects",
			Summary: "The member organizations and their roles", Access: signedIn, Response: Items[ProjectMemberDTO]{},
			Status: http.StatusOK, Handler: s.listMembers},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/members", OperationID: "addProjectMember", Tag: "projects",
			Summary: "Add a member organization", Access: roles(pm), Body: MemberRequest{}, Response: ProjectMemberDTO{},
			Status: http.StatusCreated, Idempotent: true, Handler: s.addMember},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/funding", OperationID: "listFunding", Tag: "funding",
			Summary: "The project's funding lines, converted ones too", Access: signedIn, Response: Items[FundingLineDTO]{},
			Status: http.StatusOK, Handler: s.listFunding},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/funding", OperationID: "addFunding", Tag: "funding",
			Summary: "Add a funding line; municipal subsidy at most 50,000,000 yuan, matching at most national + provincial",
			Access:  roles(pm), Body: FundingInput{}, Response: FundingLineDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.addFunding},
		{Method: http.MethodPatch, Path: v1 + "/funding/:fid", OperationID: "updateFunding", Tag: "funding",
			Summary: "Change a line's amount or move its status forward; a tranche is disbursed only after its milestone is accepted",
			Access:  roles(pm), Body: FundingInput{}, Response: FundingLineDTO{}, Status: http.StatusOK, Handler: s.updateFunding},
		{Method: http.MethodPost, Path: v1 + "/funding/:fid/convert", OperationID: "convertFunding", Tag: "funding",
			Summary: "拨改投: convert a committed municipal line into an investment line held by a financial organization",
			Access:  roles(pm), Body: ConvertRequest{}, Response: FundingLineDTO{}, Status: http.StatusOK, Handler: s.convertFunding},
		{Method: http.MethodPost, Path: v1 + "/funding/:fid/untie", OperationID: "untieFunding", Tag: "funding",
			Summary: "Release a tranche from its milestone, with a reason (not once disbursed); audited as its own operation",
			Access:  roles(pm), Body: ReasonRequest{}, Response: FundingLineDTO{}, Status: http.StatusOK, Handler: s.untieFunding},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/scenario-applications", OperationID: "projectApplications", Tag: "scenarios",
			Summary: "The project's applications to application scenarios", Access: signedIn, Response: Items[ApplicationDTO]{},
			Status: http.StatusOK, Handler: s.projectApplications},

		// Application scenarios (重大应用场景)
		{Method: http.MethodGet, Path: v1 + "/scenarios", OperationID: "listScenarios", Tag: "scenarios",
			Summary: "Application scenarios on offer", Access: signedIn,
			Query: withPage(QueryParam{Name: "field", Type: "string"}, qParam,
				QueryParam{Name: "mine", Type: "boolean", Description: "only the scenarios my organization provides"}),
			Response: Page[ScenarioDTO]{}, Status: http.StatusOK, Handler: s.listScenarios},
		{Method: http.MethodGet, Path: v1 + "/scenarios/:id", OperationID: "getScenario", Tag: "scenarios",
			Summary: "One application scenario", Access: signedIn, Response: ScenarioDTO{}, Status: http.StatusOK, Handler: s.getScenario},
		{Method: http.MethodPost, Path: v1 + "/scenarios", OperationID: "createScenario", Tag: "scenarios",
			Summary: "Offer a scenario (any verified organization; it becomes the provider)", Access: signedIn,
			Body: ScenarioInput{}, Response: ScenarioDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createScenario},
		{Method: http.MethodPatch, Path: v1 + "/scenarios/:id", OperationID: "updateScenario", Tag: "scenarios",
			Summary: "Edit a scenario (its provider)", Access: signedIn, Body: ScenarioInput{}, Response: ScenarioDTO{},
			Status: http.StatusOK, Handler: s.updateScenario},
		{Method: http.MethodGet, Path: v1 + "/scenarios/:id/applications", OperationID: "scenarioApplications", Tag: "scenarios",
			Summary: "The applications to a scenario, newest first (its provider and program managers)", Access: signedIn,
			Query: withPage(), Response: Page[ApplicationDTO]{}, Status: http.StatusOK, Handler: s.scenarioApplications},
		{Method: http.MethodPost, Path: v1 + "/scenarios/:id/applications", OperationID: "applyToScenario", Tag: "scenarios",
			Summary: "Apply a project in research or validation to the scenario (the project's lead organization)",
			Access:  roles(enterprise, institute), Body: ApplicationRequest{}, Response: ApplicationDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.applyToScenario},
		{Method: http.MethodPost, Path: v1 + "/scenario-applications/:id/accept", OperationID: "acceptApplication", Tag: "scenarios",
			Summary: "Accept a project's application (the provider)", Access: signedIn, Body: VersionRequest{},
			Response: ApplicationDTO{}, Status: http.StatusOK, Handler: s.decideApplication(true)},
		{Method: http.MethodPost, Path: v1 + "/scenario-applications/:id/decline", OperationID: "declineApplication", Tag: "scenarios",
			Summary: "Decline a project's application (the provider)", Access: signedIn, Body: VersionRequest{},
			Response: ApplicationDTO{}, Status: http.StatusOK, Handler: s.decideApplication(false)},
		{Method: http.MethodPost, Path: v1 + "/scenario-applications/:id/result", OperationID: "recordTrialResult", Tag: "scenarios",
			Summary: "Record the trial's result and report while the project is in validation (the lead organization)",
			Access:  roles(enterprise, institute), Body: ResultRequest{}, Response: ApplicationDTO{}, Status: http.StatusOK, Handler: s.recordResult},

		// Innovation consortia (创新联合体)
		{Method: http.MethodGet, Path: v1 + "/consortia", OperationID: "listConsortia", Tag: "consortia",
			Summary: "Innovation consortia", Access: signedIn,
			Query: withPage(QueryParam{Name: "model", Type: "string", Enum: enumValues("consortium.model")},
				QueryParam{Name: "status", Type: "string", Enum: enumValues("consortium.status")}, QueryParam{Name: "field", Type: "string"}, qParam),
			Response: Page[ConsortiumDTO]{}, Status: http.StatusOK, Handler: s.listConsortia},
		{Method: http.MethodPost, Path: v1 + "/consortia", OperationID: "createConsortium", Tag: "consortia",
			Summary: "Found a consortium; the caller's verified enterprise leads it", Access: roles(enterprise),
			Body: ConsortiumInput{}, Response: ConsortiumDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createConsortium},
		{Method: http.MethodGet, Path: v1 + "/consortia/:id", OperationID: "getConsortium", Tag: "consortia",
			Summary: "One consortium", Access: signedIn, Response: ConsortiumDTO{}, Status: http.StatusOK, Handler: s.getConsortium},
		{Method: http.MethodPatch, Path: v1 + "/consortia/:id", OperationID: "updateConsortium", Tag: "consortia",
			Summary: "Edit the consortium (the lead)", Access: roles(enterprise), Body: ConsortiumInput{}, Response: ConsortiumDTO{},
			Status: http.StatusOK, Handler: s.updateConsortium},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/invitations", OperationID: "inviteToConsortium", Tag: "consortia",
			Summary: "Invite an organization with a role (and an equity share in an equity-linked consortium)", Access: roles(enterprise),
			Body: InvitationRequest{}, Response: MembershipDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.invite},
		{Method: http.MethodGet, Path: v1 + "/invitations", OperationID: "listInvitations", Tag: "consortia",
			Summary: "Pending invitations to my organization", Access: signedIn, Query: pageParams,
			Response: Page[MembershipDTO]{}, Status: http.StatusOK, Handler: s.listInvitations},
		{Method: http.MethodPost, Path: v1 + "/invitations/:id/accept", OperationID: "acceptInvitation", Tag: "consortia",
			Summary: "Accept an invitation (the invited organization); equity over 100% in total is refused", Access: signedIn,
			Body: VersionRequest{}, Response: MembershipDTO{}, Status: http.StatusOK, Handler: s.respondInvitation(true)},
		{Method: http.MethodPost, Path: v1 + "/invitations/:id/decline", OperationID: "declineInvitation", Tag: "consortia",
			Summary: "Decline an invitation (the invited organization)", Access: signedIn,
			Body: VersionRequest{}, Response: MembershipDTO{}, Status: http.StatusOK, Handler: s.respondInvitation(false)},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/leave", OperationID: "leaveConsortium", Tag: "consortia",
			Summary: "Leave a consortium (a member other than the lead)", Access: signedIn, Response: MembershipDTO{},
			Status: http.StatusOK, Handler: s.leaveConsortium},
		{Method: http.MethodDelete, Path: v1 + "/consortia/:id/members/:organization_id", OperationID: "removeConsortiumMember", Tag: "consortia",
			Summary: "Remove a member (the lead; never the lead itself)", Access: roles(enterprise), Response: MembershipDTO{},
			Status: http.StatusOK, Handler: s.removeMember},
		{Method: http.MethodGet, Path: v1 + "/consortia/:id/members", OperationID: "listConsortiumMembers", Tag: "consortia",
			Summary: "Current members and invitations; ?history=true includes past members", Access: signedIn,
			Query: []QueryParam{{Name: "history", Type: "boolean"}}, Response: Items[MembershipDTO]{}, Status: http.StatusOK,
			Handler: s.listConsortiumMembers},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/approve", OperationID: "approveConsortium", Tag: "consortia",
			Summary: "Approve a forming consortium", Access: roles(pm), Body: VersionRequest{}, Response: ConsortiumDTO{},
			Status: http.StatusOK, Handler: s.consortiumStatus(true)},
		{Method: http.MethodPost, Path: v1 + "/consortia/:id/dissolve", OperationID: "dissolveConsortium", Tag: "consortia",
			Summary: "Dissolve a consortium (program managers or the lead)", Access: roles(pm, enterprise), Body: VersionRequest{},
			Response: ConsortiumDTO{}, Status: http.StatusOK, Handler: s.consortiumStatus(false)},

		// The workbench (工作台)
		{Method: http.MethodGet, Path: v1 + "/workbench", OperationID: "workbench", Tag: "workbench",
			Summary: "What waits for the caller's role, counted: drafts, awards to confirm, bids, reviews, the vetting queue, organizations to verify …",
			Access:  signedIn, Response: WorkbenchDTO{}, Status: http.StatusOK, Handler: s.workbench},

		// Portfolio figures, export, import
		{Method: http.MethodGet, Path: v1 + "/portfolio/summary", OperationID: "portfolioSummary", Tag: "portfolio",
			Summary: "The programme's figures, aggregated by the database; money for program managers and admins only",
			Access:  anyone, Query: portfolioParams, Response: SummaryDTO{}, Status: http.StatusOK, Handler: s.portfolioSummary},
		{Method: http.MethodGet, Path: v1 + "/portfolio/export", OperationID: "portfolioExport", Tag: "portfolio",
			Summary: "An .xlsx workbook of projects, challenges, consortia or outputs (成果) with the list filters (streamed)",
			Access:  roles(pm, admin), Query: append([]QueryParam{{Name: "what", Type: "string", Enum: enumValues("export.what")}}, portfolioParams...),
			Status: http.StatusOK, Produces: xlsxType, Streams: true, Handler: s.portfolioExport},
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

		// Notifications
		{Method: http.MethodGet, Path: v1 + "/notifications", OperationID: "listNotifications", Tag: "notifications",
			Summary: "My notifications, newest first, with the unread count", Access: signedIn,
			Query:    withPage(QueryParam{Name: "unread", Type: "boolean"}),
			Response: NotificationPage{}, Status: http.StatusOK, Handler: s.listNotifications},
		{Method: http.MethodPost, Path: v1 + "/notifications/:id/read", OperationID: "readNotification", Tag: "notifications",
			Summary: "Mark one of my notifications read", Access: signedIn, Status: http.StatusNoContent, Handler: s.readNotification},
		{Method: http.MethodGet, Path: v1 + "/me/mail-preferences", OperationID: "getMailPreferences", Tag: "notifications",
			Summary: "The kinds of notification I do not want by e-mail, and whether this server e-mails at all", Access: signedIn,
			Response: MailPreferences{}, Status: http.StatusOK, Handler: s.getMailPreferences},
		{Method: http.MethodPut, Path: v1 + "/me/mail-preferences", OperationID: "setMailPreferences", Tag: "notifications",
			Summary: "Replace the kinds of notification I do not want by e-mail", Access: signedIn,
			Body: MailPreferencesInput{}, Response: MailPreferences{}, Status: http.StatusOK, Handler: s.setMailPreferences},
		{Method: http.MethodPost, Path: v1 + "/notifications/read-all", OperationID: "readAllNotifications", Tag: "notifications",
			Summary: "Mark all my notifications read", Access: signedIn, Response: ReadAllResponse{}, Status: http.StatusOK,
			Handler: s.readAllNotifications},

		// Audit
		{Method: http.MethodGet, Path: v1 + "/audit", OperationID: "listAudit", Tag: "audit",
			Summary: "Audit records, newest first", Access: roles(admin, pm),
			Query: withPage(QueryParam{Name: "entity", Type: "string"}, QueryParam{Name: "entity_id", Type: "string"},
				QueryParam{Name: "actor_id", Type: "string"}, QueryParam{Name: "action", Type: "string"},
				QueryParam{Name: "from", Type: "string", Description: "from this day (a Beijing day, 2026-12-01) or time (RFC 3339)"},
				QueryParam{Name: "to", Type: "string", Description: "up to and including this day, or before this time"}),
			Response: Page[AuditRecordDTO]{}, Status: http.StatusOK, Handler: s.listAudit},
		{Method: http.MethodGet, Path: v1 + "/audit/verify", OperationID: "verifyAudit", Tag: "audit",
			Summary: "Recompute the audit hash chain and name the first broken record", Access: roles(admin),
			Response: AuditVerification{}, Status: http.StatusOK, Handler: s.verifyAudit},
	}, append(append(append(s.afterAwardRoutes(), s.documentsRoutes()...), s.targetRoutes()...), append(s.instrumentRoutes(), s.matchmakingRoutes()...)...)...)
}
