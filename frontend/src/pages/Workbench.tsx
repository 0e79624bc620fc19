import { Button, Card, Col, Row, Space, Statistic, Typography } from "antd";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { useWorkbench } from "../api/resources";
import { useAuth } from "../auth/auth";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";
import type { Role } from "../api/types";

// workbenchLinks is where each count's items are: the page that lists them.
export const workbenchLinks: Record<string, string> = {
  challenge_drafts: "/my/challenges", challenges_in_vetting: "/my/challenges", challenges_open: "/my/challenges",
  challenges_in_review: "/my/challenges", awards_to_confirm: "/my/challenges",
  bids_pending: "/my/bids", bids_awarded: "/my/bids", bids_not_awarded: "/my/bids",
  invitations: "/consortia", partner_invitations: "/my/bids", scenario_applications: "/scenarios", projects: "/projects",
  reviews_to_do: "/reviews", reviews_done: "/reviews",
  challenges_to_vet: "/vetting", challenges_to_assign: "/board", rankings_ready: "/board",
  proposals_to_decide: "/projects", milestones_to_accept: "/projects", consortia_to_approve: "/consortia",
  organizations_to_verify: "/admin/organizations", reports_due: "/projects", change_requests_to_decide: "/projects",
  reports_to_review: "/projects",
};

// Counts that ask the user to act stand out when not zero.
const actionable = new Set(["awards_to_confirm", "invitations", "partner_invitations", "scenario_applications", "reviews_to_do", "challenges_to_vet",
  "challenges_to_assign", "rankings_ready", "proposals_to_decide", "milestones_to_accept", "consortia_to_approve",
  "organizations_to_verify", "reports_due", "change_requests_to_decide", "reports_to_review"]);

// Each role's shortcuts: the things it starts.
const shortcuts: Record<Role, { to: string; key: string }[]> = {
  enterprise: [{ to: "/challenges/new", key: "challenge.new" }, { to: "/consortia", key: "consortia.new" }, { to: "/scenarios", key: "scenario.new" }],
  institute: [{ to: "/board", key: "nav.board" }, { to: "/projects/new", key: "projects.propose" }, { to: "/scenarios", key: "nav.scenarios" }],
  expert: [{ to: "/reviews", key: "nav.reviews" }],
  program_manager: [{ to: "/vetting", key: "nav.vetting" }, { to: "/dashboard", key: "nav.dashboard" }, { to: "/import-export", key: "nav.importExport" }],
  admin: [{ to: "/admin/organizations", key: "nav.organizations" }, { to: "/admin/users", key: "nav.users" }, { to: "/audit", key: "nav.audit" }],
};

// Workbench (工作台) is where every role lands: what waits for it, counted
// by the server, each count opening the page that lists its items.
export default function Workbench() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const wb = useWorkbench();
  return (
    <div>
      <PageHeader title={t("nav.workbench")} extra={me && shortcuts[me.role].map((s) => (
        <Link key={s.to + s.key} to={s.to}><Button>{t(s.key)}</Button></Link>
      ))} />
      {me && <Typography.Paragraph type="secondary">{t("workbench.hello", { name: me.user.name, org: me.organization.name })}</Typography.Paragraph>}
      <QueryState loading={wb.isLoading} error={wb.error}>
        <Row gutter={[16, 16]}>
          {(wb.data?.items ?? []).map((it) => (
            <Col key={it.key} xs={12} md={8} xl={6}>
              <Link to={workbenchLinks[it.key] ?? "/"} aria-label={`${t(`workbench.${it.key}`)}: ${it.count}`}>
                <Card hoverable size="small">
                  <Statistic title={t(`workbench.${it.key}`)} value={it.count}
                    valueStyle={actionable.has(it.key) && it.count > 0 ? { color: "#d46b08" } : undefined} />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </QueryState>
      <Space style={{ marginTop: 16 }} />
    </div>
  );
}
