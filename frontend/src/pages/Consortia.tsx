import { useState } from "react";
import { App, Button, Card, Drawer, Form, Input, List, Select, Space, Table, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Page } from "../api/client";
import type { Consortium, Membership } from "../api/types";
import { useAuth } from "../auth/auth";
import { StatusTag, useOrganizations, useReference } from "../components/common";
import { QueryState, errorText } from "../components/states";

const models = ["task_oriented", "equity_linked", "grant_to_investment"];

export default function Consortia() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const orgs = useOrganizations(!!me);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Consortium | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ["consortia"], queryFn: () => api<Page<Consortium>>("/consortia", { query: { limit: 100 } }) });
  const invitations = useQuery({ queryKey: ["invitations"], queryFn: () => api<Page<Membership>>("/invitations"), enabled: !!me && me.role !== "expert" });
  const members = useQuery({
    queryKey: ["consortium-members", open?.id],
    queryFn: () => api<{ items: Membership[] }>(`/consortia/${open!.id}/members`, { query: { history: true } }),
    enabled: !!open,
  });
  const call = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api(path, { method: "POST", body }),
    onSuccess: () => { message.success(t("done.saved")); setCreating(false); void qc.invalidateQueries(); },
    onError: (e) => message.error(errorText(t, e)),
  });
  return (
    <div>
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={3}>{t("consortia.title")}</Typography.Title>
        {me?.role === "enterprise" && <Button type="primary" onClick={() => setCreating(true)}>{t("consortia.new")}</Button>}
      </Space>
      {(invitations.data?.items.length ?? 0) > 0 && (
        <Card size="small" title={t("consortia.invitations")} style={{ marginBottom: 16 }}>
          <List dataSource={invitations.data?.items} renderItem={(m) => (
            <List.Item actions={[
              <Button key="a" type="primary" size="small" onClick={() => call.mutate({ path: `/invitations/${m.id}/accept` })}>{t("actions.accept")}</Button>,
              <Button key="d" size="small" onClick={() => call.mutate({ path: `/invitations/${m.id}/decline` })}>{t("actions.decline")}</Button>,
            ]}>
              {list.data?.items.find((c) => c.id === m.consortium_id)?.name ?? m.consortium_id} · {t(`consortiumRole.${m.role}`)}
              {m.equity_share ? ` · ${m.equity_share}%` : ""}
            </List.Item>
          )} />
        </Card>
      )}
      <QueryState loading={list.isLoading} error={list.error} empty={list.data?.items.length === 0}>
        <Table rowKey="id" dataSource={list.data?.items} pagination={false} scroll={{ x: 700 }} onRow={(c) => ({ onClick: () => setOpen(c), style: { cursor: "pointer" } })} columns={[
          { title: t("consortia.name"), dataIndex: "name" },
          { title: t("consortia.model"), dataIndex: "model", render: (m) => t(`model.${m}`) },
          { title: t("consortia.lead"), dataIndex: "lead_id", render: (v) => orgs.name(v) },
          { title: t("challenge.field"), dataIndex: "field_id", render: (v) => ref.fieldName(v) },
          { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
          {
            title: "", render: (_, c) => me?.role === "program_manager" && c.status === "forming"
              ? <Button size="small" onClick={(e) => { e.stopPropagation(); call.mutate({ path: `/consortia/${c.id}/approve` }); }}>{t("actions.approve")}</Button> : null,
          },
        ]} />
      </QueryState>
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open?.name} width={Math.min(560, window.innerWidth)}>
        <Typography.Paragraph>{open?.description}</Typography.Paragraph>
        <List header={t("consortia.members")} dataSource={members.data?.items} renderItem={(m) => (
          <List.Item>{orgs.name(m.organization_id)} · {t(`consortiumRole.${m.role}`)}{m.equity_share ? ` · ${m.equity_share}%` : ""} <StatusTag status={m.status} /></List.Item>
        )} />
      </Drawer>
      <Drawer open={creating} onClose={() => setCreating(false)} title={t("consortia.new")} width={Math.min(480, window.innerWidth)}>
        <Form layout="vertical" onFinish={(v) => call.mutate({ path: "/consortia", body: v })}>
          <Form.Item name="name" label={t("consortia.name")} rules={[{ required: true, message: t("form.required") }]}><Input /></Form.Item>
          <Form.Item name="model" label={t("consortia.model")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={models.map((m) => ({ value: m, label: t(`model.${m}`) }))} />
          </Form.Item>
          <Form.Item name="field_id" label={t("challenge.field")}><Select options={ref.fieldOptions} /></Form.Item>
          <Form.Item name="description" label={t("consortia.description")}><Input.TextArea rows={3} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={call.isPending}>{t("common.ok")}</Button>
        </Form>
      </Drawer>
    </div>
  );
}
