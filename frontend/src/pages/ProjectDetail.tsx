import { useState } from "react";
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Divider, Form, Input, InputNumber, List, Modal, Row, Select, Space, Table, Tabs, Tag, Timeline, Typography } from "antd";
import { CheckCircleTwoTone, CloseCircleTwoTone } from "@ant-design/icons";
import { useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { rangeRule } from "../components/forms";
import { keys, projectKeys, useAction, useCreateForm, useDocuments, useGate, useHistory, useKPIs, useMilestones, useProject } from "../api/resources";
import { OrgSelect } from "../components/OrgSelect";
import type { Dayjs } from "dayjs";
import { ApiError, api } from "../api/client";
import { say } from "../api/messages";
import { PageHeader } from "../layout/PageHeader";
import { ProjectScenarios } from "./ProjectScenarios";
import { ChangeRequests, Disburse, KPIs, Outputs, Reports } from "./ProjectWork";
import { ExternalAwards, Recommendations } from "./ProjectAwards";
import { Documents } from "../components/Documents";
import type { FundingLine, Milestone, Project } from "../api/types";
import { useAuth } from "../auth/auth";
import { StatusTag, dateTime, money, useReference } from "../components/common";
import { QueryState } from "../components/states";

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

function MoveForm({ project, busy, refusal, onMove, onTRL }: {
  project: Project; busy: boolean; refusal: string[];
  onMove: (v: { to: string; reason?: string; evidence?: string; document_ids?: string[] }) => void; onTRL: (trl: number) => void;
}) {
  const { t } = useTranslation();
  const docs = useDocuments(`/projects/${project.id}`);
  const { modal } = App.useApp();
  const [trl, setTRL] = useState(project.trl);
  // Every move but the way forward (terminate, reject, return) asks first, naming the project.
  const move = (v: { to: string; reason?: string; evidence?: string; document_ids?: string[] }) =>
    v.to !== project.moves[0]
      ? modal.confirm({ title: t("confirm.move", { title: project.title, to: t(`status.${v.to}`) }), okButtonProps: { danger: true },
        okText: t("common.ok"), cancelText: t("common.cancel"), onOk: () => onMove(v) })
      : onMove(v);
  const trlOK = Number.isInteger(trl) && trl >= 1 && trl <= 9;
  return (
    <Space direction="vertical" style={{ width: "100%", marginTop: 12 }}>
      {refusal.length > 0 && <Alert type="error" showIcon message={t("gate.refused")} description={<ul>{refusal.map((r) => <li key={r}>{r}</li>)}</ul>} />}
      <Space.Compact>
        <InputNumber value={trl} onChange={(v) => setTRL(v ?? project.trl)} aria-label="TRL" status={trlOK ? undefined : "error"} />
        <Button onClick={() => trlOK && onTRL(trl)} disabled={!trlOK}>{t("gate.setTRL")}</Button>
      </Space.Compact>
      {!trlOK && <Typography.Text type="danger">{t("form.range", { min: 1, max: 9 })}</Typography.Text>}
      <Form name="move" layout="vertical" onFinish={move} initialValues={{ to: project.moves[0] }}>
        <Form.Item name="to" label={t("gate.to")}>
          <Select options={project.moves.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t("challenge.reason")}><Input /></Form.Item>
        <Form.Item name="evidence" label={t("gate.evidence")}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="document_ids" label={t("gate.documents")}>
          <Select mode="multiple" allowClear placeholder={t("gate.documentsHint")}
            options={(docs.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}（${t(`documentKind.${d.kind}`)}）` }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t("gate.move")}</Button>
      </Form>
    </Space>
  );
}

// Milestones: each milestone says what the caller may do to it (actions);
// planning a new one is for the lead and program managers of a project under way.
function Milestones({ project, items, planning, onStatus }: {
  project: string; items: Milestone[]; planning: boolean; onStatus: (m: Milestone, status: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useCreateForm(form, (v: { title: string; due_date: Dayjs; stage: string }, key) => api(`/projects/${project}/milestones`, {
    method: "POST", body: { ...v, due_date: v.due_date.format("YYYY-MM-DD") }, idempotencyKey: key,
  }), { done: t("done.saved"), refresh: projectKeys(project) });
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={items} columns={[
        { title: t("milestone.title"), dataIndex: "title" },
        { title: t("milestone.due"), dataIndex: "due_date" },
        { title: t("projects.stage"), dataIndex: "stage", render: (s) => t(`status.${s}`) },
        { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
        {
          title: "", render: (_, m) => (
            <Space>
              {m.actions.includes("mark_done") && <Button size="small" onClick={() => onStatus(m, "done")}>{t("milestone.markDone")}</Button>}
              {m.actions.includes("accept") && <Button size="small" type="primary" onClick={() => onStatus(m, "accepted")}>{t("milestone.accept")}</Button>}
              {m.actions.includes("send_back") && <Button size="small" onClick={() => onStatus(m, "planned")}>{t("milestone.sendBack")}</Button>}
            </Space>
          ),
        },
      ]} />
      {planning && (
        <Form form={form} name="milestone" layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="title" rules={[{ required: true, message: t("form.required") }]}><Input placeholder={t("milestone.title")} aria-label={t("milestone.title")} /></Form.Item>
          <Form.Item name="due_date" rules={[{ required: true, message: t("form.required") }]}><DatePicker aria-label={t("milestone.due")} /></Form.Item>
          <Form.Item name="stage" initialValue="research">
            <Select style={{ width: 140 }} aria-label={t("projects.stage")} options={["research", "validation", "industrialization"].map((s) => ({ value: s, label: t(`status.${s}`) }))} />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending}>{t("milestone.add")}</Button>
        </Form>
      )}
    </>
  );
}

function Funding({ project, lines, milestones, pm, onUntie, onStatus, onConvert }: {
  project: string; lines: FundingLine[]; milestones: Milestone[]; pm: boolean;
  onUntie: (l: FundingLine, reason: string) => void;
  onStatus: (l: FundingLine, status: "committed" | "disbursed") => void; onConvert: (l: FundingLine, investor: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useCreateForm(form, (v: Record<string, unknown>, key) =>
    api(`/projects/${project}/funding`, { method: "POST", body: v, idempotencyKey: key }), { done: t("done.saved"), refresh: projectKeys(project) });
  const [untying, setUntying] = useState<FundingLine>();
  const [reason, setReason] = useState("");
  const [converting, setConverting] = useState<FundingLine>();
  const [investor, setInvestor] = useState<string>();
  const [paying, setPaying] = useState<FundingLine>();
  const title = (id?: string) => milestones.find((m) => m.id === id)?.title ?? id;
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={lines} scroll={{ x: 640 }}
        rowClassName={(l) => (l.replaced_at ? "funding-replaced" : "")} columns={[
        { title: t("funding.source"), dataIndex: "source", render: (s, l) => <>{t(`source.${s}`)}{l.investor_name && <Typography.Text type="secondary"> · {l.investor_name}</Typography.Text>}</> },
        { title: t("funding.amount"), dataIndex: "amount", render: (v, l) => (l.replaced_at ? <Typography.Text delete>{money(v)}</Typography.Text> : money(v)) },
        {
          title: t("challenge.status"), dataIndex: "status", render: (s, l) => l.replaced_at
            ? <Tag>{t("funding.replaced")}</Tag> : t(`fundingStatus.${s}`),
        },
        { title: t("funding.matching"), dataIndex: "matching", render: (m) => (m ? "✓" : "") },
        {
          title: t("funding.tranche"), key: "tranche", render: (_, l) => l.milestone_id && (
            <Space size="small">
              <span>{title(l.milestone_id)}</span>
              {pm && l.status !== "disbursed" && (
                <Button size="small" type="link" onClick={() => { setUntying(l); setReason(""); }}>{t("funding.untie")}</Button>
              )}
            </Space>
          ),
        },
        {
          title: "", key: "actions", render: (_, l) => pm && !l.replaced_at && (
            <Space size="small" wrap>
              {l.status === "planned" && <Button size="small" onClick={() => onStatus(l, "committed")}>{t("funding.commit")}</Button>}
              {l.status === "committed" && <Button size="small" type="primary" onClick={() => setPaying(l)}>{t("funding.disburse")}</Button>}
              {l.status === "committed" && l.source === "municipal" && (
                <Button size="small" onClick={() => { setConverting(l); setInvestor(undefined); }}>{t("funding.convert")}</Button>
              )}
            </Space>
          ),
        },
      ]} />
      <Disburse project={project} line={paying} onClose={() => setPaying(undefined)} />
      <Modal open={!!converting} title={t("funding.convertTitle")} okText={t("funding.convert")} okButtonProps={{ disabled: !investor }}
        onCancel={() => setConverting(undefined)} onOk={() => { if (converting && investor) onConvert(converting, investor); setConverting(undefined); }}>
        <p>{t("funding.convertHint", { amount: money(converting?.amount) })}</p>
        <OrgSelect style={{ width: "100%" }} value={investor} onChange={(v) => setInvestor(v as string)} type="financial"
          aria-label={t("funding.investor")} placeholder={t("funding.investor")} />
      </Modal>
      <Modal open={!!untying} title={t("funding.untieTitle")} okText={t("funding.untie")} okButtonProps={{ disabled: !reason.trim(), danger: true }}
        onCancel={() => setUntying(undefined)} onOk={() => { if (untying) onUntie(untying, reason.trim()); setUntying(undefined); }}>
        <p>{t("funding.untieWarning", { milestone: title(untying?.milestone_id) })}</p>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000}
          placeholder={t("funding.untieReason")} aria-label={t("funding.untieReason")} />
      </Modal>
      {pm && (
        <Form form={form} name="funding" layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)} initialValues={{ source: "municipal", status: "planned" }}>
          <Form.Item name="source"><Select style={{ width: 120 }} aria-label={t("funding.source")} options={["municipal", "provincial", "national", "enterprise"].map((s) => ({ value: s, label: t(`source.${s}`) }))} /></Form.Item>
          <Form.Item name="amount" rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1)]}><InputNumber step={100000} placeholder={t("funding.amount")} aria-label={t("funding.amount")} /></Form.Item>
          <Form.Item name="status"><Select style={{ width: 110 }} aria-label={t("challenge.status")} options={["planned", "committed"].map((s) => ({ value: s, label: t(`fundingStatus.${s}`) }))} /></Form.Item>
          {/* A tranche: paid once its milestone is accepted. */}
          <Form.Item name="milestone_id">
            <Select allowClear style={{ width: 180 }} aria-label={t("funding.tranche")} placeholder={t("funding.tranche")}
              options={milestones.filter((m) => m.status !== "accepted").map((m) => ({ value: m.id, label: m.title }))} />
          </Form.Item>
          {/* 1:1 municipal matching of national and provincial funds (省市联动). */}
          <Form.Item name="matching" valuePropName="checked"><Checkbox>{t("funding.matching")}</Checkbox></Form.Item>
          <Button htmlType="submit" loading={add.isPending}>{t("funding.add")}</Button>
        </Form>
      )}
    </>
  );
}
