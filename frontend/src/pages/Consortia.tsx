import { useState } from "react";
import { Button, Card, Form, Input, List, Modal, Select, Table } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { keys, useAction, useConsortia, useInvitations } from "../api/resources";
import type { Consortium, Membership } from "../api/types";
import { useAuth } from "../auth/auth";
import { StatusTag, useReference } from "../components/common";
import { More } from "../components/More";
import { Confirm } from "../components/confirm";
import { useIdempotentCreate } from "../components/forms";
import { FormErrors, useServerSubmit } from "../components/submit";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const models = ["task_oriented", "equity_linked", "grant_to_investment"];

// Consortia lists the innovation consortia page by page, with the caller's
// organization's pending invitations on top; an enterprise founds one.
export default function Consortia() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const [creating, setCreating] = useState(false);
  const list = useConsortia();
  const invitations = useInvitations(!!me && me.role !== "expert");
  const answer = useAction(({ m, accept }: { m: Membership; accept: boolean }) =>
    api(`/invitations/${m.id}/${accept ? "accept" : "decline"}`, { method: "POST", body: { version: m.version } }), {
    done: t("done.saved"), refresh: [keys.invitations(), keys.consortia(), keys.workbench()],
  });
  const items = list.items;
  return (
    <div>
      <PageHeader title={t("consortia.title")} extra={me?.role === "enterprise" && (
        <Button type="primary" onClick={() => setCreating(true)}>{t("consortia.new")}</Button>
      )} />
      {invitations.items.length > 0 && (
        <Card size="small" title={t("consortia.invitations")} style={{ marginBottom: 16 }}>
          <List dataSource={invitations.items} loadMore={<More list={invitations} />} renderItem={(m) => (
            <List.Item actions={[
              <Button key="a" type="primary" size="small" onClick={() => answer.mutate({ m, accept: true })}>{t("actions.accept")}</Button>,
              <Confirm key="d" danger title={t("consortia.declineConfirm", { name: m.consortium_name })} onConfirm={() => answer.mutate({ m, accept: false })}>
                <Button size="small">{t("actions.decline")}</Button>
              </Confirm>,
            ]}>
              <Link to={`/consortia/${m.consortium_id}`}>{m.consortium_name}</Link> · {t(`consortiumRole.${m.role}`)}
              {m.equity_share ? ` · ${m.equity_share}%` : ""}
            </List.Item>
          )} />
        </Card>
      )}
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 700 }} columns={[
          { title: t("consortia.name"), dataIndex: "name", render: (v, c) => <Link to={`/consortia/${c.id}`}>{v}</Link> },
          { title: t("consortia.model"), dataIndex: "model", render: (m) => t(`model.${m}`) },
          { title: t("consortia.lead"), dataIndex: "lead_name" },
          { title: t("challenge.field"), dataIndex: "field_id", render: (v) => (v ? ref.fieldName(v) : "—") },
          { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
        ]} />
        <More list={list} label={t("consortia.more")} />
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
    await qc.invalidateQueries({ queryKey: keys.consortia() });
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
