import { useState } from "react";
import { App, Button, Card, Descriptions, Form, InputNumber, Modal, Progress, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { keys, useAction, useConsortium, useConsortiumMembers } from "../api/resources";
import type { Consortium, Membership } from "../api/types";
import { useAuth } from "../auth/auth";
import { StatusTag, dateTime, useReference } from "../components/common";
import { OrgSelect } from "../components/OrgSelect";
import { Confirm } from "../components/confirm";
import { rangeRule, useIdempotentCreate } from "../components/forms";
import { FormErrors, useServerSubmit } from "../components/submit";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const invitable = ["upstream", "downstream", "research", "university", "finance"];
const memberColors: Record<string, string> = { invited: "gold", active: "green", declined: "default", left: "default", removed: "red" };

// ConsortiumDetail is one innovation consortium (创新联合体): its members,
// their equity (equity-linked consortia) and the membership history. The lead
// invites and removes members and dissolves it; members leave; program
// managers approve or dissolve it. Every weighty step asks first.
export default function ConsortiumDetail() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const [history, setHistory] = useState(false);
  const [inviting, setInviting] = useState(false);
  const consortium = useConsortium(id);
  const members = useConsortiumMembers(id, history, true);
  const c = consortium.data;
  const lead = !!c && me?.organization.id === c.lead_id && me.role === "enterprise";
  // What the caller may do to the consortium comes from the server (c.actions).
  const live = c?.status !== "dissolved";
  const act = useAction(({ path, method = "POST", body }: { path: string; method?: string; body?: unknown }) => api(path, { method, body }), {
    done: t("done.saved"), refresh: [keys.consortium(id), ["consortium-members", id], keys.consortia(), keys.workbench()],
  });
  const rows = members.data?.items ?? [];
  const equity = rows.filter((m) => m.status === "active" && m.equity_share !== undefined);
  const total = equity.reduce((n, m) => n + (m.equity_share ?? 0), 0);
  return (
    <QueryState loading={consortium.isLoading} error={consortium.error}>
      {c && (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          <PageHeader title={c.name} tags={<StatusTag status={c.status} />} extra={<>
            {c.actions.includes("invite") && <Button type="primary" onClick={() => setInviting(true)}>{t("consortia.invite")}</Button>}
            {c.actions.includes("approve") && (
              <Confirm title={t("consortia.approveConfirm", { name: c.name })} onConfirm={() => act.mutate({ path: `/consortia/${id}/approve`, body: { version: c.version } })}>
                <Button>{t("consortia.approve")}</Button>
              </Confirm>
            )}
            {c.actions.includes("leave") && (
              <Confirm danger title={t("consortia.leaveConfirm", { name: c.name })} onConfirm={() => act.mutate({ path: `/consortia/${id}/leave` })}>
                <Button danger>{t("consortia.leave")}</Button>
              </Confirm>
            )}
            {c.actions.includes("dissolve") && (
              <Confirm danger title={t("consortia.dissolveConfirm", { name: c.name })} onConfirm={() => act.mutate({ path: `/consortia/${id}/dissolve`, body: { version: c.version } })}>
                <Button danger>{t("consortia.dissolve")}</Button>
              </Confirm>
            )}
          </>} />
          <Card size="small">
            <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
              <Descriptions.Item label={t("consortia.model")}>{t(`model.${c.model}`)}</Descriptions.Item>
              <Descriptions.Item label={t("consortia.lead")}>{c.lead_name}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.field")}>{c.field_id ? ref.fieldName(c.field_id) : "—"}</Descriptions.Item>
            </Descriptions>
            {c.description && <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{c.description}</Typography.Paragraph>}
          </Card>
          {c.model === "equity_linked" && (
            <Card size="small" title={t("consortia.equityTable")}>
              <Table rowKey="id" size="small" pagination={false} dataSource={equity} columns={[
                { title: t("consortia.organization"), dataIndex: "organization_name" },
                { title: t("consortia.role"), dataIndex: "role", render: (r) => t(`consortiumRole.${r}`) },
                { title: t("consortia.equity"), dataIndex: "equity_share", render: (v: number) => <Progress percent={v} format={(p) => `${p}%`} size="small" /> },
              ]} summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>{t("consortia.equityTotal")}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1}>{`${Math.round(total * 100) / 100}%`}</Table.Summary.Cell>
                </Table.Summary.Row>
              )} />
            </Card>
          )}
          <Card size="small" title={history ? t("consortia.history") : t("consortia.members")}
            extra={<Space><span>{t("consortia.showHistory")}</span><Switch size="small" checked={history} onChange={setHistory} aria-label={t("consortia.showHistory")} /></Space>}>
            <QueryState loading={members.isLoading} error={members.error} empty={rows.length === 0}>
              <Table rowKey="id" size="small" pagination={false} dataSource={rows} scroll={{ x: 720 }} columns={[
                { title: t("consortia.organization"), dataIndex: "organization_name" },
                { title: t("consortia.role"), dataIndex: "role", render: (r) => t(`consortiumRole.${r}`) },
                ...(c.model === "equity_linked" ? [{ title: t("consortia.equity"), dataIndex: "equity_share", render: (v?: number) => (v === undefined ? "—" : `${v}%`) }] : []),
                { title: t("challenge.status"), dataIndex: "status", render: (s) => <Tag color={memberColors[s]}>{t(`memberStatus.${s}`)}</Tag> },
                { title: t("consortia.invited"), dataIndex: "invited_at", render: dateTime },
                { title: t("consortia.joined"), dataIndex: "joined_at", render: dateTime },
                ...(history ? [{ title: t("consortia.ended"), dataIndex: "ended_at", render: dateTime }] : []),
                {
                  title: "", key: "actions", render: (_: unknown, m: Membership) => lead && live && m.role !== "lead" && ["active", "invited"].includes(m.status) && (
                    <Confirm danger title={t("consortia.removeConfirm", { org: m.organization_name, name: c.name })}
                      onConfirm={() => act.mutate({ path: `/consortia/${id}/members/${m.organization_id}`, method: "DELETE" })}>
                      <Button size="small" danger>{t("consortia.remove")}</Button>
                    </Confirm>
                  ),
                },
              ]} />
            </QueryState>
          </Card>
          <InviteForm open={inviting} consortium={c} onClose={() => setInviting(false)} />
        </Space>
      )}
    </QueryState>
  );
}

function InviteForm({ open, consortium, onClose }: { open: boolean; consortium: Consortium; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ organization_id: string; role: string; equity_share?: number }>();
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const equity = consortium.model === "equity_linked";
  const req = [{ required: true, message: t("form.required") }];
  const save = () => run(async () => {
    const v = await form.validateFields();
    await create((key) => api(`/consortia/${consortium.id}/invitations`, { method: "POST", body: v, idempotencyKey: key }));
    message.success(t("consortia.invitedDone"));
    void qc.invalidateQueries({ queryKey: ["consortium-members", consortium.id] });
    void qc.invalidateQueries({ queryKey: keys.workbench() });
    onClose();
  });
  return (
    <Modal open={open} title={t("consortia.invite")} onCancel={onClose} onOk={save} confirmLoading={busy}
      okText={t("common.ok")} cancelText={t("common.cancel")} destroyOnHidden>
      <FormErrors errors={errors} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="organization_id" label={t("consortia.organization")} rules={req}>
          <OrgSelect exclude={[consortium.lead_id]} aria-label={t("consortia.organization")} />
        </Form.Item>
        <Form.Item name="role" label={t("consortia.role")} rules={req}>
          <Select options={invitable.map((r) => ({ value: r, label: t(`consortiumRole.${r}`) }))} />
        </Form.Item>
        {equity && (
          <Form.Item name="equity_share" label={t("consortia.equity")} rules={[...req, rangeRule(t, 0.01, 100)]}>
            <InputNumber step={1} precision={2} style={{ width: "100%" }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
