import { Alert, App, Button, Card, Form, Input, InputNumber, Select } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { rangeRule, useIdempotentCreate } from "../components/forms";
import { api } from "../api/client";
import type { Project } from "../api/types";
import { useReference } from "../components/common";
import { FormErrors, useServerSubmit } from "../components/submit";
import { PageHeader } from "../layout/PageHeader";

// ProjectProposal: a verified enterprise or institute applies for a project of
// the key R&D plan (origin application); a program manager then approves it
// into research, which gives it its code.
export default function ProjectProposal() {
  const { t } = useTranslation();
  const ref = useReference();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const req = [{ required: true, message: t("form.required") }];

  function submit(values: Record<string, unknown>) {
    return run(async () => {
      const p = await create((key) => api<Project>("/projects", { method: "POST", body: values, idempotencyKey: key }));
      message.success(t("done.projectProposed"));
      await qc.invalidateQueries({ queryKey: ["projects"] });
      navigate(`/projects/${p.id}`);
    });
  }
  return (
    <>
    <PageHeader title={t("projects.propose")} />
    <Card>
      <Alert type="info" showIcon message={t("projects.proposeHint")} style={{ marginBottom: 16 }} />
      <FormErrors errors={errors} />
      <Form form={form} name="proposal" layout="vertical" onFinish={submit} initialValues={{ trl: 3 }} style={{ maxWidth: 720 }}>
        <Form.Item name="title" label={t("projects.name")} rules={req}><Input maxLength={200} /></Form.Item>
        <Form.Item name="summary" label={t("projects.summary")} rules={req}><Input.TextArea rows={5} /></Form.Item>
        <Form.Item name="category" label={t("challenge.category")} rules={req}><Select options={ref.categoryOptions} /></Form.Item>
        <Form.Item name="field_id" label={t("challenge.field")} rules={req}>
          <Select options={ref.fieldOptions} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="budget" label={t("projects.budgetYuan")} rules={[...req, rangeRule(t, 0)]}>
          <InputNumber step={100000} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="trl" label={t("projects.trl")} rules={[...req, rangeRule(t, 1, 9)]}><InputNumber /></Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t("projects.submitProposal")}</Button>
      </Form>
    </Card>
    </>
  );
}
