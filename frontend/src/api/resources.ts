import { App } from "antd";
import type { FormInstance } from "antd";
import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "./client";
import { usePages } from "./hooks";
import type {
  Bid, Challenge, ChangeRequest, Consortium, Disbursement, Document, Field, Named, Gate, KPI, KPIActual, Membership, Milestone, Organization,
  Output, OwnBid, Project, Question, RankedBid, Report, ReviewTask, Reviewer, Scenario, ScenarioApplication, StageChange, Summary, User, Workbench,
} from "./types";
import { errorText } from "../components/states";
import { applyServerErrors, useIdempotentCreate } from "../components/forms";

// The API's resources as hooks: each read has one query key (keys), so a
// change refreshes exactly what it changed, and pages say what they show
// rather than how to fetch it.

type Query = Record<string, string | number | boolean | undefined | null>;

export const keys = {
  challenge: (id: string) => ["challenge", id],
  challenges: (q: Query = {}) => ["challenges", q],
  questions: (id: string) => ["questions", id],
  challengeBids: (id: string) => ["bids", id],
  ownBids: () => ["bids", "mine"],
  partnerBids: () => ["bids", "partner"],
  ranking: (id: string) => ["ranking", id],
  reviewers: (id: string) => ["reviewers", id],
  reviews: () => ["reviews"],
  project: (id: string) => ["project", id],
  projects: (q: Query = {}) => ["projects", q],
  gate: (id: string) => ["gate", id],
  history: (id: string) => ["history", id],
  milestones: (id: string) => ["milestones", id],
  kpis: (id: string) => ["kpis", id],
  projectApplications: (id: string) => ["project-applications", id],
  consortium: (id: string) => ["consortium", id],
  consortia: () => ["consortia"],
  consortiumMembers: (id: string, history = false) => ["consortium-members", id, history],
  invitations: () => ["invitations"],
  scenario: (id: string) => ["scenario", id],
  scenarios: (q: Query = {}) => ["scenarios", q],
  scenarioApplications: (id: string) => ["scenario-applications", id],
  organizations: (q: Query = {}) => ["organizations", q],
  users: (q: Query = {}) => ["users", q],
  fields: () => ["fields"],
  notifications: () => ["notifications"],
  workbench: () => ["workbench"],
  summary: (q: Query = {}) => ["summary", q],
  documents: (parent: string) => ["documents", parent],
  actuals: (kpi: string) => ["actuals", kpi],
  changes: (project: string) => ["changes", project],
  reports: (project: string) => ["reports", project],
  outputs: (project: string) => ["outputs", project],
  disbursements: (line: string) => ["disbursements", line],
} satisfies Record<string, (...a: never[]) => QueryKey>;

// Everything a challenge's page shows, refreshed after any action on it.
export const challengeKeys = (id: string): QueryKey[] =>
  [keys.challenge(id), keys.ranking(id), keys.reviewers(id), keys.questions(id), keys.challengeBids(id), keys.workbench()];

// Everything a project's page shows.
export const projectKeys = (id: string): QueryKey[] =>
  [keys.project(id), keys.gate(id), keys.history(id), keys.milestones(id), keys.kpis(id), keys.projectApplications(id), keys.workbench(),
    keys.changes(id), keys.reports(id), keys.outputs(id), keys.documents(`/projects/${id}`), ["actuals"], ["disbursements"]];

// Challenges.
export const useChallenge = (id: string) =>
  useQuery({ queryKey: keys.challenge(id), queryFn: () => api<Challenge>(`/challenges/${id}`), enabled: !!id });
export const useChallenges = (q: Query, opts: { limit?: number } = {}) =>
  usePages<Challenge>(keys.challenges(q), "/challenges", q, opts);
export const useQuestions = (id: string, enabled: boolean) =>
  usePages<Question>(keys.questions(id), `/challenges/${id}/questions`, {}, { enabled });
export const useChallengeBids = (id: string, enabled: boolean) =>
  usePages<Bid>(keys.challengeBids(id), `/challenges/${id}/bids`, {}, { enabled });
export const useOwnBids = () => usePages<OwnBid>(keys.ownBids(), "/bids");
export const usePartnerBids = () => usePages<OwnBid>(keys.partnerBids(), "/partner-bids");
export const useRanking = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.ranking(id), queryFn: () => api<{ items: RankedBid[] }>(`/challenges/${id}/ranking`), enabled, retry: false });
export const useReviewers = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.reviewers(id), queryFn: () => api<{ items: Reviewer[] }>(`/challenges/${id}/reviewers`), enabled });
export const useReviewTasks = () => usePages<ReviewTask>(keys.reviews(), "/reviews");

// Projects.
export const useProject = (id: string) =>
  useQuery({ queryKey: keys.project(id), queryFn: () => api<Project>(`/projects/${id}`), enabled: !!id });
export const useProjects = (q: Query) => usePages<Project>(keys.projects(q), "/projects", q, { limit: 100 });
export const useGate = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.gate(id), queryFn: () => api<Gate>(`/projects/${id}/gate`), enabled });
export const useHistory = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.history(id), queryFn: () => api<{ items: StageChange[] }>(`/projects/${id}/history`), enabled });
export const useMilestones = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.milestones(id), queryFn: () => api<{ items: Milestone[] }>(`/projects/${id}/milestones`), enabled });
export const useKPIs = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.kpis(id), queryFn: () => api<{ items: KPI[] }>(`/projects/${id}/kpis`), enabled });
export const useProjectApplications = (id: string) =>
  useQuery({
    queryKey: keys.projectApplications(id),
    queryFn: () => api<{ items: ScenarioApplication[] }>(`/projects/${id}/scenario-applications`),
  });

// After the award: documents (of any parent, by its path), KPI actuals,
// change requests, reports, outputs, disbursements.
export const useDocuments = (parent: string, enabled = true) =>
  useQuery({ queryKey: keys.documents(parent), queryFn: () => api<{ items: Document[] }>(`${parent}/documents`), enabled, retry: false });
export const useActuals = (project: string, kpi: string) =>
  useQuery({ queryKey: keys.actuals(kpi), queryFn: () => api<{ items: KPIActual[] }>(`/projects/${project}/kpis/${kpi}/actuals`) });
export const useChanges = (project: string, enabled: boolean) =>
  useQuery({ queryKey: keys.changes(project), queryFn: () => api<{ items: ChangeRequest[] }>(`/projects/${project}/change-requests`), enabled });
export const useReports = (project: string, enabled: boolean) =>
  useQuery({ queryKey: keys.reports(project), queryFn: () => api<{ items: Report[] }>(`/projects/${project}/reports`), enabled });
export const useOutputs = (project: string, enabled: boolean) =>
  useQuery({ queryKey: keys.outputs(project), queryFn: () => api<{ items: Output[] }>(`/projects/${project}/outputs`), enabled });
export const useDisbursements = (line: string, enabled: boolean) =>
  useQuery({ queryKey: keys.disbursements(line), queryFn: () => api<{ items: Disbursement[] }>(`/funding/${line}/disbursements`), enabled });

// Consortia.
export const useConsortium = (id: string) =>
  useQuery({ queryKey: keys.consortium(id), queryFn: () => api<Consortium>(`/consortia/${id}`), enabled: !!id });
export const useConsortia = () => usePages<Consortium>(keys.consortia(), "/consortia");
export const useConsortiumMembers = (id: string, history: boolean, enabled: boolean) =>
  useQuery({
    queryKey: keys.consortiumMembers(id, history),
    queryFn: () => api<{ items: Membership[] }>(`/consortia/${id}/members`, { query: { history } }),
    enabled,
  });
export const useInvitations = (enabled: boolean) => usePages<Membership>(keys.invitations(), "/invitations", {}, { enabled });

// Scenarios.
export const useScenario = (id: string) =>
  useQuery({ queryKey: keys.scenario(id), queryFn: () => api<Scenario>(`/scenarios/${id}`), enabled: !!id, staleTime: 60_000 });
export const useScenarios = (q: Query, opts: { limit?: number; enabled?: boolean } = {}) =>
  usePages<Scenario>(keys.scenarios(q), "/scenarios", q, opts);
export const useScenarioApplications = (id: string, enabled: boolean) =>
  usePages<ScenarioApplication>(keys.scenarioApplications(id), `/scenarios/${id}/applications`, {}, { enabled });

// Reference data: read once a session; an admin's page reads it fresh.
export const useFields = (fresh = false) =>
  useQuery({ queryKey: keys.fields(), queryFn: () => api<{ items: Field[] }>("/fields"), staleTime: fresh ? 0 : Infinity });
export const useCategories = () =>
  useQuery({ queryKey: ["categories"], queryFn: () => api<{ items: Named[] }>("/categories"), staleTime: Infinity });
export const useDistricts = () =>
  useQuery({ queryKey: ["districts"], queryFn: () => api<{ items: Named[] }>("/districts"), staleTime: Infinity });

// Administration and figures.
export const useOrganizationList = (q: Query, opts: { limit?: number; enabled?: boolean } = {}) =>
  usePages<Organization>(keys.organizations(q), "/organizations", q, opts);
export const useUsers = (q: Query, opts: { limit?: number; enabled?: boolean } = {}) =>
  usePages<User>(keys.users(q), "/users", q, opts);
export const useUnread = (enabled: boolean) =>
  useQuery({
    queryKey: [...keys.notifications(), "unread"],
    queryFn: () => api<{ unread: number }>("/notifications", { query: { unread: true, limit: 1 } }),
    enabled,
    refetchInterval: 30_000,
  });
export const useWorkbench = () =>
  useQuery({ queryKey: keys.workbench(), queryFn: () => api<Workbench>("/workbench"), refetchInterval: 60_000 });
export const useSummary = (q: Query) =>
  useQuery({ queryKey: keys.summary(q), queryFn: () => api<Summary>("/portfolio/summary", { query: q }) });

// useAction runs a change on a resource: while it runs the caller shows
// progress (isPending); afterwards it says so (done), refreshes the reads it
// touched (refresh) and, if the server refused, says why in the interface's
// language — unless onError took the refusal (a refused gate shown in place).
export function useAction<V>(send: (v: V) => Promise<unknown>, opts: {
  done?: string | ((v: V) => string);
  refresh: QueryKey[];
  onDone?: (v: V) => void;
  onError?: (e: unknown) => boolean;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: send,
    onSuccess: (_, v) => {
      const done = typeof opts.done === "function" ? opts.done(v) : opts.done;
      if (done) message.success(done);
      opts.refresh.forEach((k) => void qc.invalidateQueries({ queryKey: k }));
      opts.onDone?.(v);
    },
    onError: (e) => {
      if (!opts.onError?.(e)) message.error(errorText(t, e));
    },
  });
}

// useCreateForm submits a form that creates something: with one
// Idempotency-Key per attempt (a retry after a lost answer creates nothing
// twice), the server's refusals on their fields, and the form cleared only
// once the object exists — a refused entry stays for the user to correct.
export function useCreateForm<V>(form: FormInstance, send: (v: V, key: string) => Promise<unknown>, opts: {
  done: string;
  refresh: QueryKey[];
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const once = useIdempotentCreate();
  const create = useMutation({
    mutationFn: (v: V) => once((key) => send(v, key)),
    onSuccess: () => {
      message.success(opts.done);
      form.resetFields();
      opts.refresh.forEach((k) => void qc.invalidateQueries({ queryKey: k }));
    },
    onError: (e) => applyServerErrors(form, e).forEach((m) => message.error(m)),
  });
  return create;
}
