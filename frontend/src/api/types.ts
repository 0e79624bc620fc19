// Types of the API's resources, as served by /api/openapi.json (a test checks
// the endpoints below against that document).

export type Role = "enterprise" | "institute" | "program_manager" | "expert" | "admin";

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  organization_id: string;
  disabled: boolean;
  version: number;
}

export interface Organization {
  id: string;
  name: string;
  type: string;
  tier?: string;
  credit_code?: string;
  country: string;
  district?: string;
  status: "pending" | "verified";
  version: number;
}

export interface Me {
  user: User;
  role: Role;
  organization: Organization;
}

export interface Named {
  id: string;
  name: string;
  name_en: string;
}

export interface Field extends Named {
  parent_id: string | null;
  priority_315: boolean;
}

export interface Indicator {
  name: string;
  target: string;
  unit: string;
}

export type ChallengeStatus =
  | "draft" | "submitted" | "published" | "closed" | "in_review" | "awarded" | "failed" | "rejected" | "withdrawn" | "cancelled";

export interface Challenge {
  id: string;
  owner_id: string;
  title: string;
  problem: string;
  indicators: Indicator[];
  deliverables: string;
  field_id?: string;
  enterprise_commitment: number;
  requested_support: number;
  duration_months: number;
  ip_terms: string;
  trl_start: number;
  trl_target: number;
  eligible_org_types: string[];
  global: boolean;
  category?: string;
  funding_cap?: number;
  bid_deadline?: string;
  published_at?: string;
  status: ChallengeStatus;
  status_reason?: string;
  bid_count?: number;
  proposed_bid_id?: string;
  awarded_bid_id?: string;
  project_id?: string;
  version: number;
  created_at: string;
}

export interface Question {
  id: string;
  text: string;
  answer?: string;
  answered_at?: string;
  mine: boolean;
}

export interface Bid {
  id: string;
  challenge_id: string;
  organization_id: string;
  summary: string;
  approach: string;
  team: { lead_scientist: string; size: number };
  partner_ids: string[];
  budget: number;
  duration_months: number;
  milestones: { title: string; month: number; deliverable: string }[];
  accept_terms: boolean;
  status: "submitted" | "withdrawn" | "awarded" | "not_awarded";
  version: number;
}

export interface Score {
  bid_id: string;
  expert_id: string;
  technical: number;
  feasibility: number;
  team: number;
  budget: number;
  total: number;
  comment: string;
}

export interface ReviewTask {
  challenge: Challenge;
  assigned_at: string;
  conflict_declared: boolean;
  submitted_at?: string;
  bids: Bid[];
  my_scores: Score[];
}

export interface RankedBid {
  bid_id: string;
  organization_id: string;
  mean_total: number;
  scores: Score[];
}

export type Stage = "proposal" | "research" | "validation" | "industrialization" | "completed" | "rejected" | "terminated";

export interface FundingLine {
  id: string;
  source: string;
  amount: number;
  status: string;
  matching: boolean;
  milestone_id?: string;
  investor_id?: string;
  converted_from_id?: string;
  version: number;
}

export interface Project {
  id: string;
  code?: string;
  title: string;
  summary: string;
  category?: string;
  field_id?: string;
  lead_id: string;
  consortium_id?: string;
  challenge_id?: string;
  origin: string;
  stage: Stage;
  trl: number;
  budget: number;
  members?: { organization_id: string; role: string }[];
  funding?: FundingLine[];
  version: number;
  created_at: string;
}

export interface Gate {
  from: Stage;
  to?: Stage;
  ready: boolean;
  conditions: { key: string; code: string; params?: Record<string, unknown>; description: string; met: boolean }[];
}

export interface StageChange {
  id: string;
  from?: Stage;
  to: Stage;
  actor_id: string;
  reason?: string;
  evidence?: string;
  occurred_at: string;
}

export interface Milestone {
  id: string;
  title: string;
  due_date: string;
  stage: Stage;
  deliverable: string;
  status: "planned" | "done" | "accepted";
  version: number;
}

export interface KPI {
  id: string;
  name: string;
  target: string;
  actual: string;
  unit: string;
  version: number;
}

export interface Consortium {
  id: string;
  name: string;
  model: string;
  field_id?: string;
  description: string;
  lead_id: string;
  status: "forming" | "active" | "dissolved";
  version: number;
}

export interface Membership {
  id: string;
  consortium_id: string;
  organization_id: string;
  role: string;
  equity_share?: number;
  status: "invited" | "active" | "declined" | "left" | "removed";
  invited_at: string;
  joined_at?: string;
  ended_at?: string;
  version: number;
}

export interface Notification {
  id: string;
  kind: string;
  message: string;
  entity: string;
  entity_id: string;
  data: Record<string, unknown>;
  read_at?: string;
  created_at: string;
}

export interface Summary {
  projects: {
    total: number;
    by_stage: Record<string, number>;
    by_category: Record<string, number>;
    by_field: Record<string, number>;
    by_district: Record<string, number>;
    priority_315: number;
    share_315: number;
    target_315: number;
    meets_315_target: boolean;
  };
  funding?: { total: number; by_source: Record<string, number>; by_status: Record<string, number> };
  challenges: {
    total: number;
    by_status: Record<string, number>;
    bids_per_challenge: { mean: number; max: number };
    failure_rate: number;
    median_days_to_award: number | null;
  };
  consortia: { total: number; by_model: Record<string, number> };
}

export interface AuditRecord {
  id: string;
  seq: number;
  occurred_at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  entity: string;
  entity_id: string;
  client_ip: string;
}

// Scenario is an application scenario (应用场景/试验路段) an organization offers.
export interface Scenario {
  id: string;
  provider_id: string;
  title: string;
  description: string;
  field_id?: string;
  capacity: string;
  available_from: string;
  available_to: string;
  version: number;
}

// ScenarioApplication is a project's application to try itself in a scenario.
export interface ScenarioApplication {
  id: string;
  scenario_id: string;
  project_id: string;
  plan: string;
  status: "pending" | "accepted" | "declined";
  result?: "passed" | "failed";
  report?: string;
  version: number;
  created_at: string;
  project_title?: string;
  project_lead_id?: string;
}

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
  "POST /challenges/{id}/award/confirm", "GET /projects", "POST /projects", "GET /projects/{id}",
  "PATCH /projects/{id}", "POST /projects/{id}/transitions", "GET /projects/{id}/history", "GET /projects/{id}/gate",
  "GET /projects/{id}/milestones", "POST /projects/{id}/milestones", "PATCH /projects/{id}/milestones/{mid}",
  "GET /projects/{id}/kpis", "POST /projects/{id}/kpis", "PATCH /projects/{id}/kpis/{kid}", "GET /consortia", "GET /consortia/{id}", "POST /consortia",
  "GET /consortia/{id}/members", "POST /consortia/{id}/approve", "GET /invitations", "POST /invitations/{id}/accept",
  "POST /invitations/{id}/decline", "PATCH /consortia/{id}", "POST /consortia/{id}/invitations", "POST /consortia/{id}/leave",
  "DELETE /consortia/{id}/members/{organization_id}", "POST /consortia/{id}/dissolve", "GET /notifications", "POST /notifications/{id}/read",
  "POST /notifications/read-all", "GET /portfolio/summary", "GET /portfolio/export", "POST /imports/organizations",
  "POST /imports/projects", "GET /audit", "GET /audit/verify",
  "GET /scenarios", "GET /scenarios/{id}", "POST /scenarios", "PATCH /scenarios/{id}", "GET /scenarios/{id}/applications",
  "POST /scenarios/{id}/applications", "POST /scenario-applications/{id}/accept", "POST /scenario-applications/{id}/decline",
  "POST /scenario-applications/{id}/result", "GET /projects/{id}/scenario-applications",
] as const;
