import { useState } from "react";
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from "antd";
import { useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { keys, useAction, useScenario, useScenarioApplications } from "../api/resources";
import type { ScenarioApplication } from "../api/types";
import { useAuth } from "../auth/auth";
import { dateTime, useReference } from "../components/common";
import { More } from "../components/More";
import { Confirm } from "../components/confirm";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";
import { ScenarioForm } from "./Scenarios";

const appColors: Record<string, string> = { pending: "gold", accepted: "green", declined: "default" };

// AppStatus shows an application's status (and its trial's result).
export function AppStatus({ a }: { a: ScenarioApplication }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={appColors[a.status]}>{t(`appStatus.${a.status}`)}</Tag>
      {a.result && <Tag color={a.result === "passed" ? "green" : "red"}>{t("scenario.result")}{t("common.colon")}{t(`trialResult.${a.result}`)}</Tag>}
    </Space>
  );
}

// ScenarioDetail shows one scenario; its provider edits it and answers the
// projects' applications (accept or decline, asking first).
export default function ScenarioDetail() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const [editing, setEditing] = useState(false);
  const scenario = useScenario(id);
  const s = scenario.data;
  const provider = !!s && me?.organization.id === s.provider_id;
  const pm = me?.role === "program_manager";
  const apps = useScenarioApplications(id, provider || pm);
  const decide = useAction(({ a, accept }: { a: ScenarioApplication; accept: boolean }) =>
    api(`/scenario-applications/${a.id}/${accept ? "accept" : "decline"}`, { method: "POST", body: { version: a.version } }), {
    done: t("scenario.decided"), refresh: [keys.scenarioApplications(id), keys.workbench()],
  });
  const items = apps.items;
  return (
    <QueryState loading={scenario.isLoading} error={scenario.error}>
      {s && (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          <PageHeader title={s.title} extra={provider && <Button onClick={() => setEditing(true)}>{t("actions.edit")}</Button>} />
          <Card size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t("scenario.provider")}>{s.provider_name}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.field")}>{s.field_id ? ref.fieldName(s.field_id) : "—"}</Descriptions.Item>
              <Descriptions.Item label={t("scenario.capacity")}>{s.capacity || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("scenario.window")}>{`${s.available_from} ~ ${s.available_to}`}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{s.description}</Typography.Paragraph>
          </Card>
          {(provider || pm) && (
            <Card size="small" title={t("scenario.applications")}>
              <QueryState loading={apps.isLoading} error={apps.error} empty={items.length === 0}>
                <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 720 }} columns={[
                  { title: t("scenario.project"), dataIndex: "project_title" },
                  { title: t("projects.lead"), dataIndex: "project_lead_name" },
                  { title: t("scenario.plan"), dataIndex: "plan", render: (v) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{v}</Typography.Paragraph> },
                  { title: t("challenge.status"), key: "status", render: (_, a) => <AppStatus a={a} /> },
                  { title: t("audit.time"), dataIndex: "created_at", render: dateTime },
                  {
                    title: "", key: "actions", render: (_, a) => provider && a.status === "pending" && (
                      <Space>
                        <Confirm title={t("scenario.acceptConfirm", { title: a.project_title })} onConfirm={() => decide.mutate({ a, accept: true })}>
                          <Button size="small" type="primary">{t("scenario.accept")}</Button>
                        </Confirm>
                        <Confirm danger title={t("scenario.declineConfirm", { title: a.project_title })} onConfirm={() => decide.mutate({ a, accept: false })}>
                          <Button size="small" danger>{t("scenario.decline")}</Button>
                        </Confirm>
                      </Space>
                    ),
                  },
                ]} />
                <More list={apps} label={t("scenario.more")} />
              </QueryState>
            </Card>
          )}
          <ScenarioForm open={editing} scenario={s} onClose={() => setEditing(false)} onSaved={() => undefined} />
        </Space>
      )}
    </QueryState>
  );
}
