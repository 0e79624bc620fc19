import { useState } from "react";
import { Alert, App, Button, Drawer, Form, Input, Select, Switch, Table } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Confirm } from "../components/confirm";
import { api, type Page } from "../api/client";
import type { User } from "../api/types";
import { useOrganizations } from "../components/common";
import { applyServerErrors, useIdempotentCreate } from "../components/forms";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const roles = ["enterprise", "institute", "program_manager", "expert", "admin"];

export default function AdminUsers() {
  const { t } = useTranslation();
  const orgs = useOrganizations(true);
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const once = useIdempotentCreate();
  const [creating, setCreating] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const list = useQuery({ queryKey: ["users"], queryFn: () => api<Page<User>>("/users", { query: { limit: 100 } }) });
  const patch = useMutation({
    mutationFn: ({ u, body }: { u: User; body: Record<string, unknown> }) => api(`/users/${u.id}`, { method: "PATCH", body: { ...body, version: u.version } }),
    onSuccess: () => { message.success(t("done.saved")); void qc.invalidateQueries({ queryKey: ["users"] }); },
    onError: (e) => message.error(errorText(t, e)),
  });
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
      <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 16 }}>{t("users.new")}</Button>
      <QueryState loading={list.isLoading} error={list.error}>
        <Table rowKey="id" dataSource={list.data?.items} pagination={false} scroll={{ x: 800 }} columns={[
          { title: t("user.name"), dataIndex: "name" },
          { title: t("login.email"), dataIndex: "email" },
          { title: t("users.organization"), dataIndex: "organization_id", render: (v) => orgs.name(v) },
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
            <Select showSearch optionFilterProp="label" options={orgs.list.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">{t("common.ok")}</Button>
        </Form>
      </Drawer>
    </div>
  );
}
