import { useEffect } from "react";
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Switch } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { rangeRule, useIdempotentCreate } from "../components/forms";
import { api } from "../api/client";
import { keys, useChallenge, useScenarios } from "../api/resources";
import type { Challenge } from "../api/types";
import { useReference } from "../components/common";
import { FormErrors, useServerSubmit } from "../components/submit";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const orgTypes = ["enterprise", "research_institute", "university", "financial", "other"];

// The fields an enterprise writes (a challenge read back also carries its
// id, status, owner …, which the API refuses in a body).
const challengeFields = ["title", "problem", "indicators", "deliverables", "field_id", "enterprise_commitment", "requested_support",
  "duration_months", "ip_terms", "trl_start", "trl_target", "eligible_org_types", "global", "scenario_id", "procurement_commitment"] as const;
const pick = (v: object) => Object.fromEntries(challengeFields.filter((k) => k in v).map((k) => [k, (v as Record<string, unknown>)[k]]));

// ChallengeForm creates or edits a draft challenge (企业出题).
export default function ChallengeForm() {
  const { id } = useParams();
  const { t } = useTranslation();
  const ref = useReference();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const qc = useQueryClient();
  const existing = useChallenge(id ?? "");
  // 以赛代招: an organization that provides application scenarios may post a competition for one.
  const scenarios = useScenarios({ mine: true }, { limit: 100 });
  const scenarioID: string | undefined = Form.useWatch("scenario_id", form);
  useEffect(() => {
    if (existing.data) form.setFieldsValue(pick(existing.data));
  }, [existing.data, form]);

  function save(submit: boolean) {
    return run(async () => {
      const body = pick(form.getFieldsValue(true));
      if (!body.scenario_id && "procurement_commitment" in body) body.procurement_commitment = 0; // no scenario, nothing to buy
      const c = id
        ? await api<Challenge>(`/challenges/${id}`, { method: "PATCH", body: { ...body, version: existing.data?.version } })
        : await create((key) => api<Challenge>("/challenges", { method: "POST", body, idempotencyKey: key }));
      if (submit) {
        await api(`/challenges/${c.id}/submit`, { method: "POST" });
        message.success(t("done.submitted"));
      } else {
        message.success(t("done.saved"));
      }
      [keys.challenge(c.id), ["challenges"], keys.workbench()].forEach((k) => void qc.invalidateQueries({ queryKey: k }));
      navigate(`/challenges/${c.id}`);
    });
  }
  return (
    <QueryState loading={!!id && existing.isLoading} error={existing.error}>
      <PageHeader title={id ? t("challenge.edit") : t("challenge.new")} />
      <Card>
        <FormErrors errors={errors} />
        <Form form={form} layout="vertical" initialValues={{ indicators: [{ name: "", target: "", unit: "" }], eligible_org_types: ["research_institute", "university"], global: false }}>
          <Form.Item name="title" label={t("challenge.title")} rules={[{ required: true, message: t("form.required") }]}><Input /></Form.Item>
          <Form.Item name="problem" label={t("challenge.problem")}><Input.TextArea rows={4} /></Form.Item>
          <Form.List name="indicators">
            {(fields, { add, remove }) => (
              <Form.Item label={t("challenge.indicators")}>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, "name"]}><Input placeholder={t("challenge.indicatorName")} aria-label={t("challenge.indicatorName")} /></Form.Item>
                    <Form.Item name={[f.name, "target"]}><Input placeholder={t("challenge.indicatorTarget")} aria-label={t("challenge.indicatorTarget")} /></Form.Item>
                    <Form.Item name={[f.name, "unit"]}><Input placeholder={t("challenge.indicatorUnit")} aria-label={t("challenge.indicatorUnit")} style={{ width: 100 }} /></Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t("common.remove")} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: "", target: "", unit: "" })}>{t("challenge.addIndicator")}</Button>
              </Form.Item>
            )}
          </Form.List>
          <Form.Item name="deliverables" label={t("challenge.deliverables")}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="field_id" label={t("challenge.field")}><Select options={ref.fieldOptions} showSearch optionFilterProp="label" /></Form.Item>
          <Space wrap>
            <Form.Item name="enterprise_commitment" label={t("challenge.commitment")} rules={[rangeRule(t, 0)]}><InputNumber step={100000} style={{ width: 200 }} /></Form.Item>
            <Form.Item name="requested_support" label={t("challenge.support")} rules={[rangeRule(t, 0)]}><InputNumber step={100000} style={{ width: 200 }} /></Form.Item>
            <Form.Item name="duration_months" label={t("challenge.duration")} rules={[rangeRule(t, 1, 120)]}><InputNumber /></Form.Item>
            <Form.Item name="trl_start" label={t("challenge.trlStart")} rules={[rangeRule(t, 1, 9)]}><InputNumber /></Form.Item>
            <Form.Item name="trl_target" label={t("challenge.trlTarget")} rules={[rangeRule(t, 1, 9)]}><InputNumber /></Form.Item>
          </Space>
          <Form.Item name="ip_terms" label={t("challenge.ipTerms")}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="eligible_org_types" label={t("challenge.eligible")}>
            <Checkbox.Group options={orgTypes.map((x) => ({ value: x, label: t(`orgType.${x}`) }))} />
          </Form.Item>
          <Form.Item name="global" label={t("challenge.global")} valuePropName="checked"><Switch /></Form.Item>
          {(scenarios.items.length > 0 || !!existing.data?.scenario_id) && (
            <Space wrap align="start">
              <Form.Item name="scenario_id" label={t("challenge.scenario")} extra={t("challenge.scenarioHint")} initialValue="">
                <Select style={{ width: 320 }} options={[{ value: "", label: t("challenge.noScenario") },
                  ...scenarios.items.map((x) => ({ value: x.id, label: x.title }))]} />
              </Form.Item>
              {!!scenarioID && (
                <Form.Item name="procurement_commitment" label={t("challenge.procurement")} extra={t("challenge.procurementHint")} rules={[rangeRule(t, 0)]}>
                  <InputNumber step={100000} style={{ width: 200 }} />
                </Form.Item>
              )}
            </Space>
          )}
          <Space>
            <Button onClick={() => save(false)} loading={busy}>{t("actions.saveDraft")}</Button>
            <Button type="primary" onClick={() => save(true)} loading={busy}>{t("actions.saveSubmit")}</Button>
          </Space>
        </Form>
      </Card>
    </QueryState>
  );
}
