import { useState } from "react";
import { Button, Card, Col, Descriptions, Divider, Form, List, Row, Select, Space, Tabs, Timeline, Typography } from "antd";
import { CheckCircleTwoTone, CloseCircleTwoTone } from "@ant-design/icons";
import { useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { keys, projectKeys, useAction, useCreateForm, useGate, useHistory, useKPIs, useMilestones, useProject } from "../../api/resources";
import { OrgSelect } from "../../components/OrgSelect";
import { ApiError, api } from "../../api/client";
import { say } from "../../api/messages";
import { PageHeader } from "../../layout/PageHeader";
import { ProjectScenarios } from "./ProjectScenarios";
import { ChangeRequests } from "./ChangeRequests";
import { KPIs } from "./KPIs";
import { Outputs } from "./Outputs";
import { Reports } from "./Reports";
import { ExternalAwards, Recommendations } from "./ProjectAwards";
import { Documents } from "../../components/Documents";
import type { Project } from "../../api/types";
import { useAuth } from "../../auth/auth";
import { StatusTag, dateTime, money, useReference } from "../../components/common";
import { QueryState } from "../../components/states";
import { MoveForm } from "./MoveForm";
import { Milestones } from "./Milestones";
import { Funding } from "./Funding";

export default function ProjectDetail() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const project = useProject(id);
  const gate = useGate(id, !!project.data);
  const history = useHistory(id, !!project.data);
  const milestones = useMilestones(id, !!project.data);
  const kpis = useKPIs(id, !!project.data);
  const p = project.data;
  const pm = me?.role === "program_manager";
  const lead = !!p && me?.organization.id === p.lead_id && (me.role === "enterprise" || me.role === "institute");
  // What the caller may do comes from the server: the stages it may move the
  // project to (moves, the way forward first) and the operations (actions).
  const can = (a: Project["actions"][number]) => p?.actions.includes(a) ?? false;
  const [refusal, setRefusal] = useState<string[]>([]);
  const call = useAction(({ path, method, body }: { path: string; method: string; body?: unknown; done: string }) => api(path, { method, body }), {
    done: (v) => v.done, refresh: projectKeys(id), onDone: () => setRefusal([]),
    // A refused gate is shown in place, each unmet condition in words.
    onError: (e) => {
      if (!(e instanceof ApiError && e.status === 422 && e.fields.some((f) => f.field.startsWith("gate.")))) return false;
      setRefusal(e.fields.map((f) => say(f)));
      return true;
    },
  });
  const [memberForm] = Form.useForm();
  const addMember = useCreateForm(memberForm, (v: Record<string, unknown>, key) =>
    api(`/projects/${id}/members`, { method: "POST", body: v, idempotencyKey: key }), { done: t("done.saved"), refresh: [keys.project(id)] });
  return (
    <QueryState loading={project.isLoading} error={project.error}>
      {p && (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          <PageHeader title={p.title} tags={<>
            <StatusTag status={p.stage} />
            {p.code && <Typography.Text code>{p.code}</Typography.Text>}
          </>} />
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            <Descriptions.Item label={t("projects.lead")}>{p.lead_name}</Descriptions.Item>
            <Descriptions.Item label={t("challenge.category")}>{ref.categoryName(p.category)}</Descriptions.Item>
            <Descriptions.Item label={t("challenge.field")}>{ref.fieldName(p.field_id)}</Descriptions.Item>
            <Descriptions.Item label="TRL">{p.trl}</Descriptions.Item>
            <Descriptions.Item label={t("projects.budget")}>{money(p.budget)}</Descriptions.Item>
            <Descriptions.Item label={t("projects.origin")}>{t(`origin.${p.origin}`)}</Descriptions.Item>
          </Descriptions>
          <Row gutter={16}>
            <Col xs={24} lg={10}>
              <Card size="small" title={gate.data?.to ? t("gate.title", { to: t(`status.${gate.data.to}`) }) : t("gate.none")}>
                <List dataSource={gate.data?.conditions ?? []} locale={{ emptyText: <Typography.Text type="secondary">{t("gate.noConditions")}</Typography.Text> }} renderItem={(c) => (
                  <List.Item>
                    <Space>{c.met ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
                      <span>{say(c)}</span></Space>
                  </List.Item>
                )} />
                {p.moves.length > 0 && (
                  <MoveForm project={p} busy={call.isPending} refusal={refusal}
                    onMove={(v) => call.mutate({ path: `/projects/${id}/transitions`, method: "POST", body: { ...v, from: p.stage, version: p.version }, done: t("done.moved") })}
                    onTRL={(trl) => call.mutate({ path: `/projects/${id}`, method: "PATCH", body: { trl, version: p.version }, done: t("done.saved") })} />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Tabs items={[
                {
                  key: "milestones", label: t("projects.milestones"), children: (
                    <Milestones project={id} items={milestones.data?.items ?? []} planning={can("plan")}
                      onStatus={(m, status) => call.mutate({ path: `/projects/${id}/milestones/${m.id}`, method: "PATCH", body: { status, version: m.version }, done: t("done.saved") })} />
                  ),
                },
                {
                  key: "history", label: t("projects.history"), children: (
                    <Timeline items={(history.data?.items ?? []).map((h) => ({
                      children: (
                        <div>
                          <strong>{h.from ? `${t(`status.${h.from}`)} → ` : ""}{t(`status.${h.to}`)}</strong> · {dateTime(h.occurred_at)}
                          {h.reason && <div>{t("challenge.reason")}{t("common.colon")}{h.reason}</div>}
                          {h.evidence && <div>{t("gate.evidence")}{t("common.colon")}{h.evidence}</div>}
                          {(h.document_ids?.length ?? 0) > 0 && <div>{t("gate.cited", { n: h.document_ids?.length })}</div>}
                        </div>
                      ),
                    }))} />
                  ),
                },
                {
                  key: "kpis", label: "KPI", children: (
                    <KPIs project={id} items={kpis.data?.items ?? []} editable={can("plan")} />
                  ),
                },
                {
                  key: "documents", label: t("documents.title"), children: (
                    <Documents parent={`/projects/${id}`} editable={can("plan")} kinds={["evidence", "acceptance", "trial_report", "voucher", "other"]} />
                  ),
                },
                {
                  key: "changes", label: t("change.title"), children: (
                    <ChangeRequests project={p} milestones={milestones.data?.items ?? []} kpis={kpis.data?.items ?? []} lead={can("ask_change")} />
                  ),
                },
                {
                  key: "reports", label: t("report.tab"), children: <Reports project={p} kpis={kpis.data?.items ?? []} pm={pm} />,
                },
                {
                  key: "outputs", label: t("output.tab"), children: <Outputs project={id} editable={can("record_output")} />,
                },
                {
                  key: "funding", label: t("projects.funding"), children: (
                    <>
                      <Funding project={id} lines={p.funding ?? []} milestones={milestones.data?.items ?? []} pm={can("fund")}
                        onStatus={(l, status) => call.mutate({ path: `/funding/${l.id}`, method: "PATCH", body: { status, version: l.version }, done: t("done.saved") })}
                        onConvert={(l, investor) => call.mutate({ path: `/funding/${l.id}/convert`, method: "POST", body: { investor_id: investor, version: l.version }, done: t("done.saved") })}
                        onUntie={(l, reason) => call.mutate({ path: `/funding/${l.id}/untie`, method: "POST", body: { reason, version: l.version }, done: t("done.saved") })} />
                      {/* 省市联动: the awards that brought provincial and national money, with their municipal matching */}
                      <Divider titlePlacement="start">{t("award.tab")}</Divider>
                      <ExternalAwards project={id} pm={pm} underWay={can("record_award")} />
                      {pm && (
                        <>
                          <Divider titlePlacement="start">{t("award.recommendations")}</Divider>
                          <Recommendations project={id} open={can("fund")} />
                        </>
                      )}
                    </>
                  ),
                },
                {
                  key: "scenarios", label: t("scenario.title"), children: (
                    <ProjectScenarios project={p} lead={lead} />
                  ),
                },
                {
                  key: "members", label: t("projects.members"), children: (
                    <Space direction="vertical" style={{ width: "100%" }}>
                      <List dataSource={p.members ?? []} renderItem={(m) => <List.Item>{m.organization_name} · {t(`memberRole.${m.role}`)}</List.Item>} />
                      {can("fund") && (
                        <Form form={memberForm} name="member" layout="inline" onFinish={(v) => addMember.mutate(v)}>
                          <Form.Item name="organization_id" rules={[{ required: true, message: t("form.required") }]}>
                            <OrgSelect style={{ width: 240 }} placeholder={t("consortia.organization")} aria-label={t("projects.memberOrg")}
                              exclude={(p.members ?? []).map((m) => m.organization_id)} />
                          </Form.Item>
                          <Form.Item name="role" rules={[{ required: true, message: t("form.required") }]}>
                            <Select style={{ width: 140 }} placeholder={t("consortia.role")} aria-label={t("consortia.role")}
                              options={["partner", "demand_side", "scenario_provider", "investor"].map((r) => ({ value: r, label: t(`memberRole.${r}`) }))} />
                          </Form.Item>
                          <Button htmlType="submit" loading={addMember.isPending}>{t("projects.addMember")}</Button>
                        </Form>
                      )}
                    </Space>
                  ),
                },
              ]} />
            </Col>
          </Row>
        </Space>
      )}
    </QueryState>
  );
}
