import { useState } from "react";
import { Alert, App, Button, Drawer, Form, Input, Select, Space, Switch, Table } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Confirm } from "../components/confirm";
import { api } from "../api/client";
import { useAction, useUsers } from "../api/resources";
import type { User } from "../api/types";
import { More } from "../components/More";
import { OrgSelect } from "../components/OrgSelect";
import { applyServerErrors, useIdempotentCreate } from "../components/forms";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const roles = ["enterprise", "institute", "program_manager", "expert", "admin"];

export default function AdminUsers() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const once = useIdempotentCreate();
  const [creating, setCreating] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [q, setQ] = useState("");
  const [role, setRole] = useState<string>();
  const list = useUsers({ q, role });
  const patch = useAction(({ u, body }: { u: User; body: Record<string, unknown> }) =>
    api(`/users/${u.id}`, { method: "PATCH", body: { ...body, version: u.version } }), { done: t("done.saved"), refresh: [["users"]] });
  async function create(v: Record<string, string>) {
    setErrors([]);
    try {
      await once((key) => api("/users", { method: "POST", body: v, idempotencyKey: key }));
      message.success(t("done.saved"));
      setCreating(false);
      void qc.invalidateQueries({ queryKey: ["users"] });
    } catch (e) {
      setErrors(applyServerErrors(form, e));
    }
  }
  return (
    <div>
      <PageHeader title={t("nav.users")} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setCreating(true)}>{t("users.new")}</Button>
        <Input.Search allowClear placeholder={t("users.search")} onSearch={setQ} style={{ width: 240 }} aria-label={t("users.search")} />
        <Select allowClear placeholder={t("users.role")} value={role} onChange={setRole} style={{ width: 160 }} aria-label={t("users.role")}
          options={roles.map((x) => ({ value: x, label: t(`roles.${x}`) }))} />
      </Space>
      <QueryState loading={list.isLoading} error={list.error} empty={list.items.length === 0}>
        <Table rowKey="id" dataSource={list.items} pagination={false} scroll={{ x: 800 }} columns={[
          { title: t("user.name"), dataIndex: "name" },
          { title: t("login.email"), dataIndex: "email" },
          { title: t("users.organization"), dataIndex: "organization_name" },
          {
            title: t("users.role"), dataIndex: "role", render: (r, u) => (
              <Select size="small" value={r} style={{ width: 150 }} onChange={(role) => modal.confirm({
                title: t("confirm.role", { name: u.name, role: t(`roles.${role}`) }), okText: t("common.ok"), cancelText: t("common.cancel"),
                onOk: () => patch.mutate({ u, body: { role } }),
              })}
                options={roles.map((x) => ({ value: x, label: t(`roles.${x}`) }))} aria-label={t("users.role")} />
            ),
          },
          {
            title: t("users.enabled"), dataIndex: "disabled", render: (d, u) => (
              d ? <Switch checked={false} onChange={() => patch.mutate({ u, body: { disabled: false } })} aria-label={t("users.enabled")} />
                : (
                  <Confirm danger title={t("confirm.disable", { name: u.name })} onConfirm={() => patch.mutate({ u, body: { disabled: true } })}>
                    <Switch checked aria-label={t("users.enabled")} />
                  </Confirm>
                )
            ),
          },
        ]} />
        <More list={list} />
      </QueryState>
      <Drawer open={creating} onClose={() => setCreating(false)} title={t("users.new")} width={Math.min(480, window.innerWidth)}>
        {errors.map((e) => <Alert key={e} type="error" message={e} style={{ marginBottom: 8 }} />)}
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item name="name" label={t("user.name")} rules={[{ required: true, message: t("form.required") }]}><Input /></Form.Item>
          <Form.Item name="email" label={t("login.email")} rules={[{ required: true, message: t("form.required") }]}><Input /></Form.Item>
          <Form.Item name="password" label={t("login.password")} rules={[{ required: true, min: 10, message: t("form.password") }]}><Input.Password /></Form.Item>
          <Form.Item name="role" label={t("users.role")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={roles.map((x) => ({ value: x, label: t(`roles.${x}`) }))} />
          </Form.Item>
          <Form.Item name="organization_id" label={t("users.organization")} rules={[{ required: true, message: t("form.required") }]}>
            <OrgSelect aria-label={t("users.organization")} />
          </Form.Item>
          <Button type="primary" htmlType="submit">{t("common.ok")}</Button>
        </Form>
      </Drawer>
    </div>
  );
}
