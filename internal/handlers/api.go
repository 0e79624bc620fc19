package handlers

import (
	"net/http"

	"github.com/kcyj2035/portfolio/internal/domain"
)

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
	return []Route{
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
			Query:    withPage(QueryParam{Name: "type", Type: "string", Enum: orgTypes()}, qParam),
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
			Summary: "Users, newest first", Access: roles(admin),
			Query: withPage(QueryParam{Name: "organization_id", Type: "string"},
				QueryParam{Name: "role", Type: "string", Enum: rolesAsStrings()}, qParam),
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
			Query: withPage(QueryParam{Name: "status", Type: "string", Enum: challengeStatuses()},
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
		{Method: http.MethodGet, Path: v1 + "/bids/:id", OperationID: "getBid", Tag: "bids",
			Summary: "One bid; a sealed bid is 404 to everyone but its own organization", Access: signedIn,
			Response: BidDTO{}, Status: http.StatusOK, Handler: s.getBid},
		{Method: http.MethodPatch, Path: v1 + "/bids/:id", OperationID: "updateBid", Tag: "bids",
			Summary: "Edit the bid until the deadline (the bidding organization)", Access: roles(enterprise, institute),
			Body: BidInput{}, Response: BidDTO{}, Status: http.StatusOK, Handler: s.updateBid},
		{Method: http.MethodPost, Path: v1 + "/bids/:id/withdraw", OperationID: "withdrawBid", Tag: "bids",
			Summary: "Withdraw the bid until the deadline (the bidding organization)", Access: roles(enterprise, institute),
			Body: VersionRequest{}, Response: BidDTO{}, Status: http.StatusOK, Handler: s.withdrawBid},

		// Review (以赛代评) and award (挂帅)
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/reviewers", OperationID: "assignReviewers", Tag: "review",
			Summary: "Assign experts (at least 3 in all) once bidding has closed; conflicts of interest are refused, each named",
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
			Summary: "Finalize my scores; every bid must be scored", Access: roles(expert),
			Status: http.StatusNoContent, Handler: s.submitScores},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/ranking", OperationID: "ranking", Tag: "review",
			Summary: "Bids best first by mean total, with every expert's scores, once every assigned expert has submitted",
			Access:  roles(pm, enterprise), Response: Items[RankedBidDTO]{}, Status: http.StatusOK, Handler: s.ranking},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/award", OperationID: "proposeAward", Tag: "review",
			Summary: "Propose the winning bid", Access: roles(pm), Body: AwardRequest{}, Response: ChallengeDTO{},
			Status: http.StatusOK, Handler: s.proposeAward},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/award/confirm", OperationID: "confirmAward", Tag: "review",
			Summary: "Confirm the proposed winner (the owner): the challenge is awarded and becomes a project", Access: roles(enterprise),
			Body: VersionRequest{}, Response: ConfirmResponse{}, Status: http.StatusOK, Handler: s.confirmAward},

		// Projects (read; the project workflow is its own issue)
		{Method: http.MethodGet, Path: v1 + "/projects/:id", OperationID: "getProject", Tag: "projects",
			Summary: "One project with its members and funding lines (members, program managers, admins)", Access: signedIn,
			Response: ProjectDTO{}, Status: http.StatusOK, Handler: s.getProject},

		// Notifications
		{Method: http.MethodGet, Path: v1 + "/notifications", OperationID: "listNotifications", Tag: "notifications",
			Summary: "My notifications, newest first, with the unread count", Access: signedIn,
			Query:    withPage(QueryParam{Name: "unread", Type: "boolean"}),
			Response: NotificationPage{}, Status: http.StatusOK, Handler: s.listNotifications},
		{Method: http.MethodPost, Path: v1 + "/notifications/:id/read", OperationID: "readNotification", Tag: "notifications",
			Summary: "Mark one of my notifications read", Access: signedIn, Status: http.StatusNoContent, Handler: s.readNotification},
		{Method: http.MethodPost, Path: v1 + "/notifications/read-all", OperationID: "readAllNotifications", Tag: "notifications",
			Summary: "Mark all my notifications read", Access: signedIn, Response: ReadAllResponse{}, Status: http.StatusOK,
			Handler: s.readAllNotifications},

		// Audit
		{Method: http.MethodGet, Path: v1 + "/audit", OperationID: "listAudit", Tag: "audit",
			Summary: "Audit records, newest first", Access: roles(admin, pm),
			Query: withPage(QueryParam{Name: "entity", Type: "string"}, QueryParam{Name: "entity_id", Type: "string"},
				QueryParam{Name: "actor_id", Type: "string"}, QueryParam{Name: "action", Type: "string"}),
			Response: Page[AuditRecordDTO]{}, Status: http.StatusOK, Handler: s.listAudit},
		{Method: http.MethodGet, Path: v1 + "/audit/verify", OperationID: "verifyAudit", Tag: "audit",
			Summary: "Recompute the audit hash chain and name the first broken record", Access: roles(admin),
			Response: AuditVerification{}, Status: http.StatusOK, Handler: s.verifyAudit},
	}
}

// AuditVerification is the result of GET /audit/verify.
type AuditVerification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	FirstBad *int64 `json:"first_bad"`
	Reason   string `json:"reason,omitempty"`
}
