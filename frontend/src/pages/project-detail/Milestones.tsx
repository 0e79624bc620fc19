import { Button, DatePicker, Form, Input, Select, Space, Table } from "antd";
import { useTranslation } from "react-i18next";
import { projectKeys, useCreateForm } from "../../api/resources";
import type { Dayjs } from "dayjs";
import { api } from "../../api/client";
import type { Milestone } from "../../api/types";
import { StatusTag } from "../../components/common";

// Milestones: each milestone says what the caller may do to it (actions);
// planning a new one is for the lead and program managers of a project under way.
export function Milestones({ project, items, planning, onStatus }: {
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
