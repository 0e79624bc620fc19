import { useState } from "react";
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Select, Space, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { projectKeys, useAction, useChanges, useCreateForm } from "../../api/resources";
import type { ChangeRequest, KPI, Milestone, Project } from "../../api/types";
import { Confirm } from "../../components/confirm";
import { Documents } from "../../components/Documents";
import { OrgSelect } from "../../components/OrgSelect";
import { StatusTag, dateTime, money } from "../../components/common";
import { rangeRule } from "../../components/forms";
import { req, day } from "./form";

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
