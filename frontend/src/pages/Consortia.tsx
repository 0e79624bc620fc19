import { useState } from "react";
import { App, Button, Card, Form, Input, List, Modal, Select, Table } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePages } from "../api/hooks";
import { Link, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { api, type Page } from "../api/client";
import type { Consortium, Membership } from "../api/types";
import { useAuth } from "../auth/auth";
import { StatusTag, useOrganizations, useReference } from "../components/common";
import { Confirm } from "../components/confirm";
import { useIdempotentCreate } from "../components/forms";
import { FormErrors, useServerSubmit } from "../components/submit";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const models = ["task_oriented", "equity_linked", "grant_to_investment"];

// Consortia lists the innovation consortia page by page, with the caller's
// organization's pending invitations on top; an enterprise founds one.
export default function Consortia() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const orgs = useOrganizations(!!me);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const list = usePages<Consortium>(["consortia"], "/consortia");
  const invitations = useQuery({ queryKey: ["invitations"], queryFn: () => api<Page<Membership>>("/invitations"), enabled: !!me && me.role !== "expert" });
  const answer = useMutation({
    mutationFn: ({ m, accept }: { m: Membership; accept: boolean }) =>
      api(`/invitations/${m.id}/${accept ? "accept" : "decline"}`, { method: "POST", body: { version: m.version } }),
    onSuccess: () => {
      message.success(t("done.saved"));
      void qc.invalidateQueries({ queryKey: ["invitations"] });
      void qc.invalidateQueries({ queryKey: ["consortia"] });
    },
    onError: (e) => message.error(errorText(t, e)),
  });
  const items = list.items;
  const nameOf = (id: string) => items.find((c) => c.id === id)?.name ?? id.slice(0, 8);
  return (
    <div>
      <PageHeader title={t("consortia.title")} extra={me?.role === "enterprise" && (
        <Button type="primary" onClick={() => setCreating(true)}>{t("consortia.new")}</Button>
      )} />
      {(invitations.data?.items.length ?? 0) > 0 && (
        <Card size="small" title={t("consortia.invitations")} style={{ marginBottom: 16 }}>
          <List dataSource={invitations.data?.items} renderItem={(m) => (
            <List.Item actions={[
              <Button key="a" type="primary" size="small" onClick={() => answer.mutate({ m, accept: true })}>{t("actions.accept")}</Button>,
              <Confirm key="d" danger title={t("consortia.declineConfirm", { name: nameOf(m.consortium_id) })} onConfirm={() => answer.mutate({ m, accept: false })}>
                <Button size="small">{t("actions.decline")}</Button>
              </Confirm>,
            ]}>
              <Link to={`/consortia/${m.consortium_id}`}>{nameOf(m.consortium_id)}</Link> · {t(`consortiumRole.${m.role}`)}
              {m.equity_share ? ` · ${m.equity_share}%` : ""}
            </List.Item>
          )} />
        </Card>
      )}
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 700 }} columns={[
          { title: t("consortia.name"), dataIndex: "name", render: (v, c) => <Link to={`/consortia/${c.id}`}>{v}</Link> },
          { title: t("consortia.model"), dataIndex: "model", render: (m) => t(`model.${m}`) },
          { title: t("consortia.lead"), dataIndex: "lead_id", render: (v) => orgs.name(v) },
          { title: t("challenge.field"), dataIndex: "field_id", render: (v) => (v ? ref.fieldName(v) : "—") },
          { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
        ]} />
        {list.hasNextPage && <Button block style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>{t("consortia.more")}</Button>}
      </QueryState>
      <FoundForm open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function FoundForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ name: string; model: string; field_id?: string; description?: string }>();
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const req = [{ required: true, message: t("form.required") }];
  const save = () => run(async () => {
    const v = await form.validateFields();
    const c = await create((key) => api<Consortium>("/consortia", { method: "POST", body: v, idempotencyKey: key }));
    await qc.invalidateQueries({ queryKey: ["consortia"] });
    onClose();
    navigate(`/consortia/${c.id}`);
  });
  return (
    <Modal open={open} title={t("consortia.new")} onCancel={onClose} onOk={save} confirmLoading={busy}
      okText={t("common.ok")} cancelText={t("common.cancel")} destroyOnHidden>
      <FormErrors errors={errors} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label={t("consortia.name")} rules={[...req, { min: 2, max: 200, message: t("form.length", { min: 2, max: 200 }) }]}><Input /></Form.Item>
        <Form.Item name="model" label={t("consortia.model")} rules={req}>
          <Select options={models.map((m) => ({ value: m, label: t(`model.${m}`) }))} />
        </Form.Item>
        <Form.Item name="field_id" label={t("challenge.field")}><Select allowClear showSearch optionFilterProp="label" options={ref.fieldOptions} /></Form.Item>
        <Form.Item name="description" label={t("consortia.description")}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
}
