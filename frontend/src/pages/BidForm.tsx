import { useEffect, useState } from "react";
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Space, Steps, Typography } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { rangeRule, useIdempotentCreate } from "../components/forms";
import { ApiError, api } from "../api/client";
import { keys, useChallenge, useChallengeBids } from "../api/resources";
import { useAuth } from "../auth/auth";
import { money } from "../components/common";
import { OrgSelect } from "../components/OrgSelect";
import { FormErrors, useServerSubmit } from "../components/submit";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

// BidForm is the 揭榜 application in steps: solution, team and partners,
// budget and milestones, then the IP and confidentiality terms.

// The fields a bidder writes (a bid read back also carries its id, status,
// names …, which the API refuses in a body).
const bidFields = ["summary", "approach", "team", "partner_ids", "budget", "duration_months", "milestones", "accept_terms"] as const;
const pick = (v: Record<string, unknown>) => Object.fromEntries(bidFields.filter((k) => k in v).map((k) => [k, v[k]]));
export default function BidForm() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [step, setStep] = useState(0);
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const budget = Form.useWatch("budget", form);
  const challenge = useChallenge(id);
  const bids = useChallengeBids(id, !!me);
  const existing = bids.items.find((b) => b.organization_id === me?.organization.id && b.status === "submitted");
  useEffect(() => {
    if (existing) form.setFieldsValue(pick(existing));
  }, [existing, form]);
  const partnerNames = Object.fromEntries((existing?.partner_ids ?? []).map((pid, i) => [pid, existing?.partner_names[i] ?? pid]));
  const steps = [t("bid.stepSolution"), t("bid.stepTeam"), t("bid.stepBudget"), t("bid.stepTerms")];
  const stepFields: (string | string[])[][] = [["summary", "approach"], [["team", "lead_scientist"], ["team", "size"]], ["budget", "duration_months"], ["accept_terms"]];

  async function next() {
    // A refused field shows its message on this step; the user stays here.
    if (await form.validateFields(stepFields[step]).then(() => true, () => false)) setStep(step + 1);
  }
  // stepOf is the step that holds a field ("team.size" → the team step).
  const stepOf = (field: string) => {
    const top = field.split(/[.[]/)[0];
    const extra: Record<string, number> = { partner_ids: 1, milestones: 2 };
    const i = stepFields.findIndex((fs) => fs.some((f) => (Array.isArray(f) ? f[0] : f) === top));
    return i >= 0 ? i : extra[top];
  };
  // A refused field, found here or by the server, takes the user to its step.
  const showStepOf = (e: unknown) => {
    const first = e instanceof ApiError ? e.fields[0]?.field
      : (e as { errorFields?: { name: (string | number)[] }[] })?.errorFields?.[0]?.name.join(".");
    const s = first ? stepOf(first) : undefined;
    if (s !== undefined) setStep(s);
  };
  function submit() {
    return run(async () => {
      await form.validateFields().catch((e) => {
        showStepOf(e);
        throw e;
      });
      const body = pick(form.getFieldsValue(true));
      try {
        if (existing) await api(`/bids/${existing.id}`, { method: "PATCH", body: { ...body, version: existing.version } });
        else await create((key) => api(`/challenges/${id}/bids`, { method: "POST", body, idempotencyKey: key }));
      } catch (e) {
        showStepOf(e);
        throw e;
      }
      message.success(t("done.bid"));
      await qc.invalidateQueries({ queryKey: keys.challengeBids(id) });
      void qc.invalidateQueries({ queryKey: keys.ownBids() });
      navigate(`/challenges/${id}`);
    });
  }
  const req = [{ required: true, message: t("form.required") }];
  return (
    <QueryState loading={challenge.isLoading} error={challenge.error}>
      <PageHeader title={`${t("bid.title")}${t("common.colon")}${challenge.data?.title ?? ""}`} />
      <Card>
        <Steps current={step} items={steps.map((title) => ({ title }))} style={{ marginBottom: 24 }} responsive />
        <FormErrors errors={errors} />
        <Form form={form} layout="vertical" initialValues={{ partner_ids: [], milestones: [{ title: "", month: 6, deliverable: "" }], team: { size: 5 } }}>
          <div hidden={step !== 0}>
            <Form.Item name="summary" label={t("bid.summary")} rules={req}><Input.TextArea rows={3} /></Form.Item>
            <Form.Item name="approach" label={t("bid.approach")} rules={req}><Input.TextArea rows={6} /></Form.Item>
          </div>
          <div hidden={step !== 1}>
            <Form.Item name={["team", "lead_scientist"]} label={t("bid.leadScientist")} rules={req}><Input /></Form.Item>
            <Form.Item name={["team", "size"]} label={t("bid.teamSize")} rules={[...req, rangeRule(t, 1, 10000)]}><InputNumber /></Form.Item>
            <Form.Item name="partner_ids" label={t("bid.partners")}>
              <OrgSelect multiple placeholder={t("bid.partnersHint")} known={partnerNames} aria-label={t("bid.partners")}
                exclude={[me?.organization.id ?? "", challenge.data?.owner_id ?? ""]} />
            </Form.Item>
          </div>
          <div hidden={step !== 2}>
            <Space wrap>
              <Form.Item name="budget" label={t("bid.budget")} rules={[...req, rangeRule(t, 0)]}><InputNumber step={100000} style={{ width: 220 }} /></Form.Item>
              <Form.Item name="duration_months" label={t("challenge.duration")} rules={[...req, rangeRule(t, 1, 120)]}><InputNumber /></Form.Item>
            </Space>
            <Form.List name="milestones">
              {(fields, { add, remove }) => (
                <Form.Item label={t("bid.milestones")}>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item name={[f.name, "title"]}><Input placeholder={t("bid.milestoneTitle")} aria-label={t("bid.milestoneTitle")} /></Form.Item>
                      <Form.Item name={[f.name, "month"]} rules={[rangeRule(t, 1, 120)]}><InputNumber placeholder={t("bid.month")} aria-label={t("bid.month")} /></Form.Item>
                      <Form.Item name={[f.name, "deliverable"]}><Input placeholder={t("bid.deliverable")} aria-label={t("bid.deliverable")} /></Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t("common.remove")} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: "", month: 12, deliverable: "" })}>{t("bid.addMilestone")}</Button>
                </Form.Item>
              )}
            </Form.List>
          </div>
          <div hidden={step !== 3}>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", background: "#fafafa", padding: 12 }}>{challenge.data?.ip_terms}</Typography.Paragraph>
            <Form.Item name="accept_terms" valuePropName="checked"
              rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t("bid.mustAccept")))) }]}>
              <Checkbox>{t("bid.accept")}</Checkbox>
            </Form.Item>
            <Typography.Text type="secondary">{t("bid.sealed")} · {t("bid.budget")}{t("common.colon")}{money(budget)}</Typography.Text>
          </div>
        </Form>
        <Space style={{ marginTop: 16 }}>
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{t("common.back")}</Button>}
          {step < 3 && <Button type="primary" onClick={next}>{t("common.next")}</Button>}
          {step === 3 && <Button type="primary" onClick={submit} loading={busy}>{existing ? t("actions.saveBid") : t("actions.submitBid")}</Button>}
        </Space>
      </Card>
    </QueryState>
  );
}
