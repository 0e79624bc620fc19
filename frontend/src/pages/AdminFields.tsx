import { useState } from "react";
import { App, Button, Form, Input, Modal, Select, Switch, Table, Tag } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { keys, useAction, useFields } from "../api/resources";
import type { Field } from "../api/types";
import { useIdempotentCreate } from "../components/forms";
import { FormErrors, useServerSubmit } from "../components/submit";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

interface Row extends Field {
  version: number;
  children?: Row[];
}

// AdminFields is the reference data an admin keeps: the two-level field
// taxonomy (三大科创高地 and their fields) with the 315 priority flag.
export default function AdminFields() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Row | "new" | null>(null);
  const fields = useFields(true);
  const items = (fields.data?.items ?? []) as Row[];
  const tree: Row[] = items.filter((f) => !f.parent_id).map((top) => {
    const children = items.filter((f) => f.parent_id === top.id);
    return { ...top, children: children.length ? children : undefined };
  });
  const flag = useAction((f: Row) => api(`/fields/${f.id}`, { method: "PATCH", body: { priority_315: !f.priority_315, version: f.version } }), {
    done: t("done.saved"), refresh: [keys.fields()],
  });
  return (
    <div>
      <PageHeader title={t("nav.fields")} extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>{t("fields.new")}</Button>
      } />
      <QueryState loading={fields.isLoading} error={fields.error} empty={items.length === 0}>
        <Table rowKey="id" dataSource={tree} pagination={false} expandable={{ defaultExpandAllRows: true }} scroll={{ x: 720 }} columns={[
          { title: t("fields.name"), dataIndex: "name" },
          { title: t("fields.nameEn"), dataIndex: "name_en" },
          { title: t("fields.id"), dataIndex: "id", render: (v) => <Tag>{v}</Tag> },
          {
            title: t("fields.priority315"), dataIndex: "priority_315", render: (v: boolean, f: Row) => (
              <Switch size="small" checked={v} loading={flag.isPending && flag.variables?.id === f.id} onChange={() => flag.mutate(f)}
                aria-label={`${f.name} ${t("fields.priority315")}`} />
            ),
          },
          { title: "", key: "edit", render: (_, f: Row) => <Button size="small" onClick={() => setEditing(f)}>{t("actions.edit")}</Button> },
        ]} />
      </QueryState>
      <FieldForm open={editing !== null} field={editing === "new" ? undefined : editing ?? undefined} tops={items.filter((f) => !f.parent_id)}
        onClose={() => setEditing(null)} />
    </div>
  );
}

function FieldForm({ open, field, tops, onClose }: { open: boolean; field?: Row; tops: Row[]; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const req = [{ required: true, message: t("form.required") }];
  const save = () => run(async () => {
    const v = await form.validateFields();
    if (field) {
      await api(`/fields/${field.id}`, { method: "PATCH", body: { name: v.name, name_en: v.name_en, version: field.version } });
    } else {
      await create((key) => api("/fields", { method: "POST", body: { ...v, priority_315: !!v.priority_315 }, idempotencyKey: key }));
    }
    message.success(t("done.saved"));
    await qc.invalidateQueries({ queryKey: ["fields"] });
    onClose();
  });
  return (
    <Modal open={open} title={field ? t("fields.edit") : t("fields.new")} onCancel={onClose} onOk={save} confirmLoading={busy}
      okText={t("common.ok")} cancelText={t("common.cancel")} destroyOnHidden>
      <FormErrors errors={errors} />
      <Form form={form} layout="vertical" preserve={false} initialValues={field}>
        {!field && (
          <>
            <Form.Item name="id" label={t("fields.id")} rules={[...req, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t("fields.idRule") }]}><Input /></Form.Item>
            <Form.Item name="parent_id" label={t("fields.parent")}>
              <Select allowClear options={tops.map((f) => ({ value: f.id, label: f.name }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={t("fields.name")} rules={req}><Input /></Form.Item>
        <Form.Item name="name_en" label={t("fields.nameEn")} rules={req}><Input /></Form.Item>
        {!field && <Form.Item name="priority_315" label={t("fields.priority315")} valuePropName="checked"><Switch /></Form.Item>}
      </Form>
    </Modal>
  );
}
