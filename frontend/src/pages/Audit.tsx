import { useState } from "react";
import { Alert, App, Button, DatePicker, Select, Space, Table, Typography } from "antd";
import { usePages } from "../api/hooks";
import { More } from "../components/More";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { Dayjs } from "dayjs";
import { api } from "../api/client";
import type { AuditRecord, AuditVerification } from "../api/types";
import { useAuth } from "../auth/auth";
import { dateTime } from "../components/common";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

// The actions the trail records, in the order a reader looks for them.
const actions = [
  "challenge.create", "challenge.update", "challenge.submit", "challenge.approve", "challenge.return", "challenge.reject",
  "challenge.withdraw", "challenge.cancel", "challenge.close", "challenge.assign_reviewers", "challenge.start_review", "challenge.fail",
  "challenge.propose_award", "challenge.confirm_award", "challenge.close_round", "bid.create", "bid.update", "bid.withdraw", "bid.score",
  "bid.partner_answer", "scenario.accept_awarded",
  "challenge.submit_scores", "challenge.declare_conflict", "question.ask", "question.answer",
  "project.propose", "project.create", "project.update", "project.transition", "project.add_member", "project.import",
  "milestone.create", "milestone.update", "kpi.create", "kpi.update", "kpi.actual",
  "change_request.create", "change_request.approve", "change_request.reject", "change_request.withdraw",
  "report.create", "report.submit", "report.accept", "report.return", "output.create", "output.update", "output.delete",
  "document.upload", "document.delete",
  "funding.create", "funding.update", "funding.untie", "funding.convert", "funding.disburse",
  "scenario.create", "scenario.update", "scenario.apply", "scenario.accept", "scenario.decline", "scenario.record_result", "scenario.result",
  "consortium.create", "consortium.update", "consortium.invite", "consortium.accept", "consortium.decline", "consortium.leave",
  "consortium.remove", "consortium.approve", "consortium.dissolve",
  "organization.register", "organization.create", "organization.verify", "organization.import",
  "user.register", "user.create", "user.update", "field.create", "field.update",
  "targets.set", "rd_declaration.create", "rd_declaration.update", "rd_declaration.import", "subsidy_policy.set",
  "subsidy_batch.compute", "subsidy_batch.recompute", "subsidy_batch.approve", "subsidy_batch.publish",
  "external_award.create", "recommendation.create", "recommendation.outcome", "organization.capabilities", "user.expertise",
  "auth.login", "auth.login_failed", "auth.logout", "access.denied",
];

// link is the page of a record's object, where there is one.
function link(r: AuditRecord): string | null {
  switch (r.entity) {
    case "challenge":
      return `/challenges/${r.entity_id}`;
    case "project":
      return `/projects/${r.entity_id}`;
    case "consortium":
      return `/consortia/${r.entity_id}`;
    case "scenario":
      return `/scenarios/${r.entity_id}`;
  }
  return null;
}

// Audit is the tamper-evident trail as people read it: what happened (in
// words), who did it for which organization, on what (a link), when; by
// action and a range of days, page by page; admins verify the hash chain.
export default function Audit() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [action, setAction] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [verdict, setVerdict] = useState<AuditVerification | null>(null);
  const from = range?.[0]?.format("YYYY-MM-DD");
  const to = range?.[1]?.format("YYYY-MM-DD");
  const list = usePages<AuditRecord>(["audit", action, from, to], "/audit", { action, from, to });
  const items = list.items;
  const actionName = (a: string) => t(`auditAction.${a.replace(".repeated", "")}`, { defaultValue: a });
  async function verify() {
    try {
      setVerdict(await api("/audit/verify"));
    } catch (e) {
      message.error(errorText(t, e));
    }
  }
  return (
    <div>
      <PageHeader title={t("nav.audit")} extra={me?.role === "admin" && <Button onClick={verify}>{t("audit.verify")}</Button>} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear showSearch optionFilterProp="label" placeholder={t("audit.action")} value={action} onChange={setAction}
          style={{ width: 220 }} aria-label={t("audit.action")} options={actions.map((a) => ({ value: a, label: actionName(a) }))} />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} aria-label={t("audit.range")}
          placeholder={[t("audit.from"), t("audit.to")]} />
      </Space>
      {verdict && (
        <Alert style={{ marginBottom: 16 }} showIcon type={verdict.ok ? "success" : "error"}
          message={verdict.ok ? t("audit.ok", { n: verdict.checked }) : t("audit.broken", { seq: verdict.first_bad, reason: verdict.reason })}
          description={verdict.unsealed > 0 ? t("audit.unsealed", { n: verdict.unsealed }) : undefined} />
      )}
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        <Table rowKey="id" size="small" dataSource={items} pagination={false} scroll={{ x: 960 }} columns={[
          { title: "#", dataIndex: "seq", width: 70, render: (seq: number | null) => seq ?? <Typography.Text type="secondary">{t("audit.sealing")}</Typography.Text> },
          { title: t("audit.time"), dataIndex: "occurred_at", render: dateTime, width: 150 },
          { title: t("audit.action"), dataIndex: "action", render: actionName },
          {
            title: t("audit.actor"), key: "actor", render: (_, r: AuditRecord) => r.actor_id
              ? <span>{r.actor_name ?? r.actor_id.slice(0, 8)}{r.actor_org_name && <Typography.Text type="secondary"> · {r.actor_org_name}</Typography.Text>}
                {r.actor_role && <Typography.Text type="secondary"> · {t(`roles.${r.actor_role}`)}</Typography.Text>}</span>
              : t("audit.anonymous"),
          },
          {
            title: t("audit.entity"), key: "entity", render: (_, r: AuditRecord) => {
              const to = link(r);
              const label = t(`auditEntity.${r.entity}`, { defaultValue: r.entity });
              return to ? <Link to={to}>{label}</Link> : label;
            },
          },
          { title: "IP", dataIndex: "client_ip", width: 120 },
        ]} />
        <More list={list} />
      </QueryState>
    </div>
  );
}
