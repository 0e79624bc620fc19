// Types of the API's resources: aliases of the schemas generated from the
// served OpenAPI document (schema.ts, kept current by schema.test.ts), so a
// page cannot read a field the server does not send.
import type { components } from "./schema";

type S = components["schemas"];

export type Role = S["UserDTO"]["role"];
export type User = S["UserDTO"];
export type Organization = S["OrganizationDTO"];
export type Me = S["MeResponse"];
export type Named = S["NamedDTO"];
export type Field = S["FieldDTO"];
export type Indicator = S["IndicatorDTO"];
export type Challenge = S["ChallengeDTO"];
export type ChallengeStatus = Challenge["status"];
export type Question = S["QuestionDTO"];
export type Bid = S["BidDTO"];
export type Score = S["ScoreDTO"];
export type ReviewTask = S["ReviewTaskDTO"];
export type RankedBid = S["RankedBidDTO"];
export type Round = S["RoundDTO"];
export type PartnerAnswer = S["PartnerDTO"];
export type Stage = S["ProjectDTO"]["stage"];
export type FundingLine = S["FundingLineDTO"];
export type Project = S["ProjectDTO"];
export type Gate = S["GateDTO"];
export type StageChange = S["StageChangeDTO"];
export type Milestone = S["MilestoneDTO"];
export type KPI = S["KPIDTO"];
export type Consortium = S["ConsortiumDTO"];
export type Membership = S["MembershipDTO"];
export type Notification = S["NotificationDTO"];
export type Summary = S["SummaryDTO"];
export type AuditRecord = S["AuditRecordDTO"];
export type AuditVerification = S["AuditVerification"];
export type Reviewer = S["AssignmentDTO"];
export type Scenario = S["ScenarioDTO"];
export type ScenarioApplication = S["ApplicationDTO"];
export type OwnBid = S["OwnBidDTO"];
export type Workbench = S["WorkbenchDTO"];
export type Document = S["DocumentDTO"];
export type KPIActual = S["ActualDTO"];
export type ChangeRequest = S["ChangeRequestDTO"];
export type Report = S["ReportDTO"];
export type Output = S["OutputDTO"];
export type Disbursement = S["DisbursementDTO"];
export type Target = S["TargetDTO"];
export type Declaration = S["DeclarationDTO"];
export type SubsidyPolicy = S["PolicyDTO"];
export type SubsidyBatch = S["BatchDTO"];
export type BatchLine = S["BatchLineDTO"];
export type MySubsidy = S["MySubsidyDTO"];
export type ExternalAward = S["ExternalAwardDTO"];
export type AwardResult = S["AwardResultDTO"];
export type Recommendation = S["RecommendationDTO"];
export type Fields = S["FieldsDTO"];
export type SuggestedOrganization = S["SuggestedOrganizationDTO"];
export type SuggestedExpert = S["SuggestedExpertDTO"];

// Endpoints is every method and path template the web app calls; a test
// checks each against the OpenAPI document.
export const Endpoints = [
  "POST /auth/login", "POST /auth/register", "POST /auth/refresh", "POST /auth/logout", "GET /me",
  "GET /organizations", "GET /organizations/{id}", "POST /organizations/{id}/verify",
  "GET /users", "POST /users", "PATCH /users/{id}", "GET /fields", "GET /categories", "GET /districts",
  "GET /challenges", "POST /challenges", "GET /challenges/{id}", "PATCH /challenges/{id}",
  "POST /challenges/{id}/submit", "POST /challenges/{id}/withdraw", "POST /challenges/{id}/approve",
  "POST /challenges/{id}/return", "POST /challenges/{id}/reject", "GET /challenges/{id}/questions",
  "POST /challenges/{id}/questions", "POST /challenges/{id}/questions/{qid}/answer",
  "POST /challenges/{id}/bids", "GET /challenges/{id}/bids", "PATCH /bids/{id}", "POST /bids/{id}/withdraw",
  "POST /challenges/{id}/reviewers", "POST /challenges/{id}/conflict", "GET /reviews", "PUT /bids/{id}/score",
  "POST /challenges/{id}/scores/submit", "GET /challenges/{id}/ranking", "POST /challenges/{id}/award",
  "POST /challenges/{id}/rounds/{n}/close", "GET /partner-bids", "POST /bids/{id}/partner-confirmation",
  "GET /me/mail-preferences", "PUT /me/mail-preferences",
  "POST /challenges/{id}/award/confirm", "GET /projects", "POST /projects", "GET /projects/{id}",
  "PATCH /projects/{id}", "POST /projects/{id}/transitions", "GET /projects/{id}/history", "GET /projects/{id}/gate",
  "GET /projects/{id}/milestones", "POST /projects/{id}/milestones", "PATCH /projects/{id}/milestones/{mid}",
  "GET /projects/{id}/kpis", "POST /projects/{id}/kpis", "PATCH /projects/{id}/kpis/{kid}", "GET /consortia", "GET /consortia/{id}", "POST /consortia",
  "GET /consortia/{id}/members", "POST /consortia/{id}/approve", "GET /invitations", "POST /invitations/{id}/accept",
  "POST /invitations/{id}/decline", "PATCH /consortia/{id}", "POST /consortia/{id}/invitations", "POST /consortia/{id}/leave",
  "DELETE /consortia/{id}/members/{organization_id}", "POST /consortia/{id}/dissolve", "GET /notifications", "POST /notifications/{id}/read",
  "POST /notifications/read-all", "GET /portfolio/summary", "GET /portfolio/export", "POST /imports/organizations",
  "POST /imports/projects", "GET /audit", "GET /audit/verify",
  "GET /workbench", "GET /bids", "POST /projects/{id}/members", "PATCH /funding/{fid}", "POST /funding/{fid}/convert", "POST /funding/{fid}/untie", "POST /fields", "PATCH /fields/{id}", "GET /challenges/{id}/reviewers",
  "GET /scenarios", "GET /scenarios/{id}", "POST /scenarios", "PATCH /scenarios/{id}", "GET /scenarios/{id}/applications",
  "POST /scenarios/{id}/applications", "POST /scenario-applications/{id}/accept", "POST /scenario-applications/{id}/decline",
  "POST /scenario-applications/{id}/result", "GET /projects/{id}/scenario-applications",
  "POST /challenges/{id}/documents", "GET /challenges/{id}/documents", "POST /bids/{id}/documents", "GET /bids/{id}/documents",
  "POST /projects/{id}/documents", "GET /projects/{id}/documents", "POST /change-requests/{id}/documents", "GET /change-requests/{id}/documents",
  "POST /reports/{id}/documents", "GET /reports/{id}/documents", "POST /scenario-applications/{id}/documents",
  "GET /scenario-applications/{id}/documents", "GET /documents/{id}/content", "DELETE /documents/{id}",
  "POST /projects/{id}/kpis/{kid}/actuals", "GET /projects/{id}/kpis/{kid}/actuals",
  "POST /projects/{id}/change-requests", "GET /projects/{id}/change-requests", "POST /change-requests/{id}/approve",
  "POST /change-requests/{id}/reject", "POST /change-requests/{id}/withdraw",
  "POST /projects/{id}/reports", "GET /projects/{id}/reports", "POST /reports/{id}/submit", "POST /reports/{id}/accept", "POST /reports/{id}/return",
  "GET /projects/{id}/outputs", "POST /projects/{id}/outputs", "DELETE /outputs/{id}",
  "POST /funding/{fid}/disbursements", "GET /funding/{fid}/disbursements", "GET /portfolio/targets", "PUT /portfolio/targets/{year}",
  "POST /rd-declarations", "GET /rd-declarations", "PATCH /rd-declarations/{id}", "POST /imports/rd-declarations",
  "GET /imports/rd-declarations/template", "GET /subsidy-policies/{year}", "PUT /subsidy-policies/{year}", "POST /subsidy-batches",
  "GET /subsidy-batches", "GET /subsidy-batches/{id}", "GET /subsidy-batches/{id}/lines", "POST /subsidy-batches/{id}/recompute",
  "POST /subsidy-batches/{id}/approve", "POST /subsidy-batches/{id}/publish", "GET /subsidy-batches/{id}/export", "GET /my/subsidies",
  "POST /projects/{id}/external-awards", "GET /projects/{id}/external-awards", "GET /recommendations", "POST /recommendations",
  "POST /recommendations/{id}/outcome",
  "GET /organizations/{id}/capabilities", "PUT /organizations/{id}/capabilities", "GET /users/{id}/expertise", "PUT /users/{id}/expertise",
  "GET /challenges/{id}/suggested-organizations", "GET /challenges/{id}/suggested-experts",
] as const;
