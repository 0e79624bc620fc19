import { useState } from "react";
import {
  Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Progress, Select, Space, Table, Tag, Typography,
} from "antd";
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { keys, projectKeys, useAction, useActuals, useChanges, useCreateForm, useDisbursements, useDocuments, useOutputs, useReports } from "../api/resources";
import type { ChangeRequest, FundingLine, KPI, Milestone, Output, Project, Report } from "../api/types";
import { Confirm } from "../components/confirm";
import { Documents } from "../components/Documents";
import { OrgSelect } from "../components/OrgSelect";
import { StatusTag, dateTime, money } from "../components/common";
import { rangeRule } from "../components/forms";

echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

const req = (t: (k: string) => string) => [{ required: true, message: t("form.required") }];
const day = (d?: Dayjs | null) => d?.format("YYYY-MM-DD");

// KPIs: numeric targets with a direction; each row shows the progress and,
// opened, the history of actual values as a small chart with the target.
export function KPIs({ project, items, editable }: { project: string; items: KPI[]; editable: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useCreateForm(form, (v: Record<string, unknown>, key) =>
    api(`/projects/${project}/kpis`, { method: "POST", body: v, idempotencyKey: key }), { done: t("done.saved"), refresh: [keys.kpis(project)] });
  const [recording, setRecording] = useState<Record<string, number | null>>({});
  const record = useAction(({ k, value }: { k: KPI; value: number }) =>
    api(`/projects/${project}/kpis/${k.id}/actuals`, { method: "POST", body: { value } }), {
    done: t("done.saved"), refresh: [keys.kpis(project), ["actuals"]],
    onDone: (v) => setRecording((r) => ({ ...r, [v.k.id]: null })),
  });
  const sign = (k: KPI) => (k.direction === "at_most" ? "≤" : "≥");
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={items} scroll={{ x: 640 }}
        expandable={{ expandedRowRender: (k) => <ActualsChart project={project} kpi={k} />, rowExpandable: (k) => k.actual != null }}
        columns={[
          { title: t("kpi.name"), dataIndex: "name" },
          { title: t("kpi.target"), dataIndex: "target", render: (v: number, k) => `${sign(k)} ${v} ${k.unit}` },
          { title: t("kpi.actual"), dataIndex: "actual", render: (v: number | null, k) => (v == null ? "—" : `${v} ${k.unit}`) },
          {
            title: t("kpi.progress"), dataIndex: "progress", width: 160, render: (p: number | null, k) => p == null ? "—"
              : <Progress percent={Math.round(p * 100)} size="small" format={(x) => `${x}%`} aria-label={`${t("kpi.progress")} · ${k.name}`} />,
          },
          {
            title: "", key: "record", render: (_, k) => editable && (
              <Space.Compact>
                <InputNumber size="small" value={recording[k.id] ?? null} onChange={(v) => setRecording((r) => ({ ...r, [k.id]: v }))}
                  aria-label={`${t("kpi.actual")} · ${k.name}`} style={{ width: 100 }} />
                <Button size="small" disabled={recording[k.id] == null} loading={record.isPending}
                  onClick={() => record.mutate({ k, value: recording[k.id] as number })}>{t("kpi.record")}</Button>
              </Space.Compact>
            ),
          },
        ]} />
      {editable && (
        <Form form={form} name="kpi" layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)} initialValues={{ direction: "at_least" }}>
          <Form.Item name="name" rules={req(t)}><Input placeholder={t("kpi.name")} aria-label={t("kpi.name")} /></Form.Item>
          <Form.Item name="direction">
            <Select style={{ width: 90 }} aria-label={t("kpi.direction")} options={[{ value: "at_least", label: "≥" }, { value: "at_most", label: "≤" }]} />
          </Form.Item>
          <Form.Item name="target" rules={req(t)}><InputNumber placeholder={t("kpi.target")} aria-label={t("kpi.target")} style={{ width: 120 }} /></Form.Item>
          <Form.Item name="unit"><Input placeholder={t("kpi.unit")} aria-label={t("kpi.unit")} style={{ width: 90 }} /></Form.Item>
          <Button htmlType="submit" loading={add.isPending}>{t("kpi.add")}</Button>
        </Form>
      )}
    </>
  );
}

function ActualsChart({ project, kpi }: { project: string; kpi: KPI }) {
  const { t } = useTranslation();
  const actuals = useActuals(project, kpi.id);
  const items = actuals.data?.items ?? [];
  return (
    <div aria-label={t("kpi.history", { name: kpi.name })} role="img">
      <ReactEChartsCore echarts={echarts} style={{ height: 180 }} notMerge option={{
        grid: { left: 48, right: 24, top: 16, bottom: 24 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: items.map((a) => a.date) },
        yAxis: { type: "value", name: kpi.unit },
        series: [{
          type: "line", data: items.map((a) => a.value), name: kpi.name,
          markLine: { symbol: "none", data: [{ yAxis: kpi.target, name: t("kpi.target") }], label: { formatter: `${t("kpi.target")} ${kpi.target}` } },
        }],
      }} />
      <Typography.Text type="secondary">{items.map((a) => `${a.date} ${a.value}${a.source ? `（${a.source}）` : ""}`).join("；")}</Typography.Text>
    </div>
  );
}

// ChangeRequests (变更申请): the lead asks; program managers approve or reject;
// the lead may withdraw a pending one. Its justification is a document.
// Each request says what the caller may do to it (actions); asking is the
// lead's while the project is under way (lead).
export function ChangeRequests({ project, milestones, kpis, lead }: {
  project: Project; milestones: Milestone[]; kpis: KPI[]; lead: boolean;
}) {
  const { t } = useTranslation();
  const changes = useChanges(project.id, true);
  const items = changes.data?.items ?? [];
  const pending = items.find((c) => c.status === "pending");
  const [asking, setAsking] = useState(false);
  const [rejecting, setRejecting] = useState<ChangeRequest>();
  const [reason, setReason] = useState("");
  const [form] = Form.useForm();
  const act = useAction(({ path, body }: { path: string; body?: unknown; done: string }) => api(path, { method: "POST", body }), {
    done: (v) => v.done, refresh: projectKeys(project.id),
  });
  const create = useCreateForm(form, (v: {
    reason: string; budget?: number; milestones?: { id: string; due_date: Dayjs }[]; add_members?: { organization_id: string; role: string }[];
    remove_members?: string[]; kpis?: { id: string; target: number }[];
  }, key) => api(`/projects/${project.id}/change-requests`, {
    method: "POST", idempotencyKey: key, body: {
      reason: v.reason, version: project.version, changes: {
        budget: v.budget ?? undefined,
        milestones: v.milestones?.filter((m) => m?.id && m.due_date).map((m) => ({ id: m.id, due_date: day(m.due_date) })),
        add_members: v.add_members?.filter((m) => m?.organization_id), remove_members: v.remove_members,
        kpis: v.kpis?.filter((k) => k?.id && k.target != null),
      },
    },
  }).then(() => setAsking(false)), { done: t("change.asked"), refresh: projectKeys(project.id) });
  const describe = (c: ChangeRequest) => {
    const out: string[] = [];
    const ch = c.changes;
    if (ch.budget != null) out.push(t("change.budgetTo", { amount: money(ch.budget) }));
    ch.milestones?.forEach((m) => out.push(t("change.milestoneTo", { title: milestones.find((x) => x.id === m.id)?.title ?? m.id, date: m.due_date })));
    ch.add_members?.forEach((m) => out.push(t("change.addMember", { role: t(`memberRole.${m.role}`) })));
    if (ch.remove_members?.length) out.push(t("change.removeMembers", { n: ch.remove_members.length }));
    ch.kpis?.forEach((k) => out.push(t("change.kpiTo", { name: kpis.find((x) => x.id === k.id)?.name ?? k.id, target: k.target })));
    return out;
  };
  const members = (project.members ?? []).filter((m) => m.role !== "lead");
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {lead && !pending && <Button type="primary" onClick={() => setAsking(true)}>{t("change.ask")}</Button>}
      <List dataSource={items} locale={{ emptyText: <Typography.Text type="secondary">{t("change.none")}</Typography.Text> }} renderItem={(c) => (
        <Card size="small" style={{ marginBottom: 8 }} title={<Space><StatusTag status={c.status} /><span>{dateTime(c.created_at)}</span></Space>}
          extra={c.actions.length > 0 && (
            <Space>
              {c.actions.includes("approve") && (
                <Confirm title={t("change.confirmApprove", { title: project.title })} onConfirm={() => act.mutate({ path: `/change-requests/${c.id}/approve`, body: { version: c.version }, done: t("change.approved") })}>
                  <Button size="small" type="primary">{t("change.approve")}</Button>
                </Confirm>
              )}
              {c.actions.includes("reject") && <Button size="small" danger onClick={() => { setRejecting(c); setReason(""); }}>{t("change.reject")}</Button>}
              {c.actions.includes("withdraw") && (
                <Confirm title={t("change.confirmWithdraw")} onConfirm={() => act.mutate({ path: `/change-requests/${c.id}/withdraw`, body: { version: c.version }, done: t("done.withdrawn") })}>
                  <Button size="small">{t("actions.withdraw")}</Button>
                </Confirm>
              )}
            </Space>
          )}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t("challenge.reason")}>{c.reason}</Descriptions.Item>
            <Descriptions.Item label={t("change.what")}><ul style={{ margin: 0, paddingLeft: 18 }}>{describe(c).map((d) => <li key={d}>{d}</li>)}</ul></Descriptions.Item>
            {c.decision_reason && <Descriptions.Item label={t("change.decision")}>{c.decision_reason}</Descriptions.Item>}
          </Descriptions>
          <Documents parent={`/change-requests/${c.id}`} editable={c.actions.includes("withdraw")} kinds={["justification", "other"]} />
        </Card>
      )} />
      <Modal open={asking} title={t("change.ask")} okText={t("change.send")} confirmLoading={create.isPending} width={680}
        onCancel={() => setAsking(false)} onOk={() => form.submit()} destroyOnHidden>
        <Alert type="info" showIcon message={t("change.hint")} style={{ marginBottom: 12 }} />
        <Form form={form} name="change" layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="reason" label={t("challenge.reason")} rules={req(t)}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name="budget" label={t("change.newBudget", { now: money(project.budget) })} rules={[rangeRule(t, 0)]}>
            <InputNumber style={{ width: 220 }} step={100000} />
          </Form.Item>
          <Form.List name="milestones">{(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, "id"]}><Select style={{ width: 220 }} aria-label={t("milestone.title")} placeholder={t("milestone.title")}
                    options={milestones.filter((m) => m.status !== "accepted").map((m) => ({ value: m.id, label: `${m.title}（${m.due_date}）` }))} /></Form.Item>
                  <Form.Item name={[f.name, "due_date"]}><DatePicker aria-label={t("change.newDue")} placeholder={t("change.newDue")} /></Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>{t("common.remove")}</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} style={{ marginBottom: 12 }}>{t("change.addMilestone")}</Button>
            </>
          )}</Form.List>
          <Form.List name="add_members">{(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, "organization_id"]}><OrgSelect style={{ width: 240 }} aria-label={t("projects.memberOrg")}
                    placeholder={t("consortia.organization")} exclude={(project.members ?? []).map((m) => m.organization_id)} /></Form.Item>
                  <Form.Item name={[f.name, "role"]} initialValue="partner"><Select style={{ width: 140 }} aria-label={t("consortia.role")}
                    options={["partner", "demand_side", "scenario_provider", "investor"].map((r) => ({ value: r, label: t(`memberRole.${r}`) }))} /></Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>{t("common.remove")}</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} style={{ marginBottom: 12 }}>{t("change.addMemberButton")}</Button>
            </>
          )}</Form.List>
          {members.length > 0 && (
            <Form.Item name="remove_members" label={t("change.removeLabel")}>
              <Select mode="multiple" options={members.map((m) => ({ value: m.organization_id, label: m.organization_name }))} />
            </Form.Item>
          )}
          <Form.List name="kpis">{(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, "id"]}><Select style={{ width: 220 }} aria-label={t("kpi.name")} placeholder={t("kpi.name")}
                    options={kpis.map((k) => ({ value: k.id, label: `${k.name}（${k.target} ${k.unit}）` }))} /></Form.Item>
                  <Form.Item name={[f.name, "target"]}><InputNumber aria-label={t("change.newTarget")} placeholder={t("change.newTarget")} /></Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>{t("common.remove")}</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()}>{t("change.addKPI")}</Button>
            </>
          )}</Form.List>
        </Form>
      </Modal>
      <Modal open={!!rejecting} title={t("change.reject")} okText={t("change.reject")} okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onCancel={() => setRejecting(undefined)} onOk={() => {
          if (rejecting) act.mutate({ path: `/change-requests/${rejecting.id}/reject`, body: { reason: reason.trim(), version: rejecting.version }, done: t("change.rejected") });
          setRejecting(undefined);
        }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} aria-label={t("challenge.reason")} placeholder={t("challenge.reason")} />
      </Modal>
    </Space>
  );
}

// Reports (中期检查 / 年度报告 / 结题报告): program managers set duties; the
// lead submits with KPI actuals, money spent and documents; program managers
// accept or return them.
// Each report says what the caller may do to it (actions); setting duties is
// for program managers (pm).
export function Reports({ project, kpis, pm }: { project: Project; kpis: KPI[]; pm: boolean }) {
  const { t } = useTranslation();
  const reports = useReports(project.id, true);
  const [duty] = Form.useForm();
  const setDuty = useCreateForm(duty, (v: { kind: string; title: string; due_date: Dayjs }, key) =>
    api(`/projects/${project.id}/reports`, { method: "POST", idempotencyKey: key, body: { ...v, due_date: day(v.due_date) } }),
  { done: t("report.set"), refresh: projectKeys(project.id) });
  const [submitting, setSubmitting] = useState<Report>();
  const [returning, setReturning] = useState<Report>();
  const [reason, setReason] = useState("");
  const [form] = Form.useForm();
  const act = useAction(({ path, body }: { path: string; body?: unknown; done: string }) => api(path, { method: "POST", body }), {
    done: (v) => v.done, refresh: projectKeys(project.id), onDone: () => setSubmitting(undefined),
  });
  const open = ["research", "validation", "industrialization"].includes(project.stage);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <List dataSource={reports.data?.items ?? []} locale={{ emptyText: <Typography.Text type="secondary">{t("report.none")}</Typography.Text> }} renderItem={(r) => (
        <Card size="small" style={{ marginBottom: 8 }}
          title={<Space wrap><Tag>{t(`reportKind.${r.kind}`)}</Tag><span>{r.title}</span><StatusTag status={r.status} />
            {r.overdue && <Tag color="red">{t("report.overdue")}</Tag>}</Space>}
          extra={<Space>
            {r.actions.includes("submit") && <Button size="small" type="primary" onClick={() => { setSubmitting(r); form.resetFields(); }}>{t("report.submit")}</Button>}
            {r.actions.includes("accept") && (
              <Confirm title={t("report.confirmAccept", { title: r.title })} onConfirm={() => act.mutate({ path: `/reports/${r.id}/accept`, body: { version: r.version }, done: t("report.accepted") })}>
                <Button size="small" type="primary">{t("report.accept")}</Button>
              </Confirm>
            )}
            {r.actions.includes("return") && <Button size="small" onClick={() => { setReturning(r); setReason(""); }}>{t("report.return")}</Button>}
          </Space>}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t("report.due")}>{r.due_date}</Descriptions.Item>
            {r.submitted_at && <Descriptions.Item label={t("report.submittedAt")}>{dateTime(r.submitted_at)}</Descriptions.Item>}
            {r.spent != null && <Descriptions.Item label={t("report.spent")}>{money(r.spent)}</Descriptions.Item>}
            {r.return_reason && <Descriptions.Item label={t("report.returnReason")}>{r.return_reason}</Descriptions.Item>}
          </Descriptions>
          {r.text && <Typography.Paragraph>{r.text}</Typography.Paragraph>}
          <Documents parent={`/reports/${r.id}`} editable={r.actions.includes("submit")} kinds={["report", "other"]} />
        </Card>
      )} />
      {pm && open && (
        <Form form={duty} name="report-duty" layout="inline" onFinish={(v) => setDuty.mutate(v)} initialValues={{ kind: "interim" }}>
          <Form.Item name="kind"><Select style={{ width: 120 }} aria-label={t("report.kind")} options={["interim", "annual", "final"].map((k) => ({ value: k, label: t(`reportKind.${k}`) }))} /></Form.Item>
          <Form.Item name="title" rules={req(t)}><Input placeholder={t("report.title")} aria-label={t("report.title")} /></Form.Item>
          <Form.Item name="due_date" rules={req(t)}><DatePicker aria-label={t("report.due")} placeholder={t("report.due")} /></Form.Item>
          <Button htmlType="submit" loading={setDuty.isPending}>{t("report.setDuty")}</Button>
        </Form>
      )}
      <Modal open={!!submitting} title={submitting?.title} okText={t("report.submit")} confirmLoading={act.isPending} width={640}
        onCancel={() => setSubmitting(undefined)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} name="report" layout="vertical" onFinish={(v: { text: string; spent?: number; values?: Record<string, number | null> }) => submitting && act.mutate({
          path: `/reports/${submitting.id}/submit`, done: t("report.submitted"), body: {
            text: v.text, spent: v.spent ?? undefined, version: submitting.version,
            kpi_actuals: Object.entries(v.values ?? {}).filter(([, x]) => x != null).map(([kpi_id, value]) => ({ kpi_id, value })),
          },
        })}>
          <Form.Item name="text" label={t("report.text")} rules={req(t)}><Input.TextArea rows={5} /></Form.Item>
          <Form.Item name="spent" label={t("report.spent")} rules={[rangeRule(t, 0)]}><InputNumber style={{ width: 220 }} step={10000} /></Form.Item>
          {kpis.map((k) => (
            <Form.Item key={k.id} name={["values", k.id]} label={`${k.name}（${k.direction === "at_most" ? "≤" : "≥"} ${k.target} ${k.unit}）`}>
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
      <Modal open={!!returning} title={t("report.return")} okText={t("report.return")} okButtonProps={{ disabled: !reason.trim() }}
        onCancel={() => setReturning(undefined)} onOk={() => {
          if (returning) act.mutate({ path: `/reports/${returning.id}/return`, body: { reason: reason.trim(), version: returning.version }, done: t("report.returned") });
          setReturning(undefined);
        }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} aria-label={t("challenge.reason")} placeholder={t("challenge.reason")} />
      </Modal>
    </Space>
  );
}

// Outputs (成果): the register of a project's results.
export function Outputs({ project, editable }: { project: string; editable: boolean }) {
  const { t } = useTranslation();
  const outputs = useOutputs(project, true);
  const [form] = Form.useForm();
  const add = useCreateForm(form, (v: Record<string, unknown> & { date: Dayjs }, key) =>
    api(`/projects/${project}/outputs`, { method: "POST", idempotencyKey: key, body: { ...v, date: day(v.date) } }),
  { done: t("output.recorded"), refresh: [keys.outputs(project), keys.summary()] });
  const remove = useAction((o: Output) => api(`/outputs/${o.id}`, { method: "DELETE" }), { done: t("output.removed"), refresh: [keys.outputs(project)] });
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={outputs.data?.items ?? []} scroll={{ x: 600 }} columns={[
        { title: t("output.type"), dataIndex: "type", render: (v: string) => t(`outputType.${v}`) },
        { title: t("output.title"), dataIndex: "title", render: (v: string, o) => <>{v}{o.landmark && <Tag color="gold" style={{ marginLeft: 8 }}>{t("output.landmark")}</Tag>}</> },
        { title: t("output.reference"), dataIndex: "reference" },
        { title: t("output.date"), dataIndex: "date" },
        {
          title: "", key: "rm", render: (_, o) => editable && (
            <Confirm danger title={t("output.confirmRemove", { title: o.title })} onConfirm={() => remove.mutate(o)}>
              <Button size="small" type="link" danger>{t("common.remove")}</Button>
            </Confirm>
          ),
        },
      ]} />
      {editable && (
        <Form form={form} name="output" layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)} initialValues={{ type: "patent", landmark: false }}>
          <Form.Item name="type"><Select style={{ width: 130 }} aria-label={t("output.type")}
            options={["patent", "paper", "standard", "software", "product", "award", "other"].map((k) => ({ value: k, label: t(`outputType.${k}`) }))} /></Form.Item>
          <Form.Item name="title" rules={req(t)}><Input placeholder={t("output.title")} aria-label={t("output.title")} /></Form.Item>
          <Form.Item name="reference"><Input placeholder={t("output.reference")} aria-label={t("output.reference")} style={{ width: 180 }} /></Form.Item>
          <Form.Item name="date" rules={req(t)}><DatePicker aria-label={t("output.date")} placeholder={t("output.date")} /></Form.Item>
          <Form.Item name="landmark" valuePropName="checked"><Checkbox>{t("output.landmark")}</Checkbox></Form.Item>
          <Button htmlType="submit" loading={add.isPending}>{t("output.add")}</Button>
        </Form>
      )}
    </>
  );
}

// Disburse pays out part of a committed line, citing a voucher among the
// project's documents; the line's payments are listed.
export function Disburse({ project, line, onClose }: { project: string; line?: FundingLine; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const docs = useDocuments(`/projects/${project}`, !!line);
  const paid = useDisbursements(line?.id ?? "", !!line);
  const pay = useCreateForm(form, (v: { amount: number; date?: Dayjs; document_id?: string }, key) =>
    api(`/funding/${line?.id}/disbursements`, { method: "POST", idempotencyKey: key, body: { ...v, date: day(v.date) } }).then(onClose),
  { done: t("funding.disbursed"), refresh: projectKeys(project) });
  const done = (paid.data?.items ?? []).reduce((n, d) => n + d.amount, 0);
  return (
    <Modal open={!!line} title={t("funding.disburseTitle")} okText={t("funding.disburse")} confirmLoading={pay.isPending}
      onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <p>{t("funding.disburseHint", { amount: money(line?.amount), done: money(done), left: money((line?.amount ?? 0) - done) })}</p>
      <List size="small" dataSource={paid.data?.items ?? []} renderItem={(d) => <List.Item>{d.date} · {money(d.amount)}</List.Item>} />
      <Form form={form} name="disburse" layout="vertical" onFinish={(v) => pay.mutate(v)}>
        <Form.Item name="amount" label={t("funding.amount")} rules={[...req(t), rangeRule(t, 1)]}><InputNumber style={{ width: 220 }} step={100000} /></Form.Item>
        <Form.Item name="date" label={t("funding.date")}><DatePicker /></Form.Item>
        <Form.Item name="document_id" label={t("funding.voucher")}>
          <Select allowClear options={(docs.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
