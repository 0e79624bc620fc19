import { useState } from "react";
import { Alert, Button, Card, Form, Input, Result, Select, Typography } from "antd";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useReference } from "../components/common";
import { applyServerErrors } from "../components/forms";
import { creditCodeProblem } from "../creditcode";
import { useDocumentTitle } from "../layout/PageHeader";

const types = ["enterprise", "research_institute", "university", "financial", "other"];
const tiers = ["tech_sme", "high_tech", "little_giant", "leader"];

export default function Register() {
  const { t } = useTranslation();
  useDocumentTitle(t("register.title"));
  const ref = useReference();
  const [form] = Form.useForm();
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const type = Form.useWatch(["organization", "type"], form);
  const country = Form.useWatch(["organization", "country"], form) || "CN";
  async function submit(v: Record<string, Record<string, string>>) {
    setErrors([]);
    try {
      await api("/auth/register", { method: "POST", body: v });
      setDone(true);
    } catch (e) {
      setErrors(applyServerErrors(form, e));
    }
  }
  if (done) {
    return <Result status="success" title={t("register.done")} subTitle={t("register.pending")}
      extra={<Link to="/login">{t("login.submit")}</Link>} />;
  }
  return (
    <div style={{ display: "grid", placeItems: "center", minHeight: "100vh", background: "#f0f4fa", padding: 16 }}>
      <Card title={<Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>{t("register.title")}</Typography.Title>} style={{ width: "100%", maxWidth: 560 }}>
        {errors.map((e) => <Alert key={e} type="error" showIcon message={e} style={{ marginBottom: 8 }} />)}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ organization: { country: "CN" } }}>
          <Typography.Title level={5}>{t("register.organization")}</Typography.Title>
          <Form.Item name={["organization", "name"]} label={t("org.name")} rules={[{ required: true, message: t("form.required") }]}>
            <Input />
          </Form.Item>
          <Form.Item name={["organization", "type"]} label={t("org.type")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={types.map((x) => ({ value: x, label: t(`orgType.${x}`) }))} />
          </Form.Item>
          {type === "enterprise" && (
            <Form.Item name={["organization", "tier"]} label={t("org.tier")} rules={[{ required: true, message: t("form.required") }]}>
              <Select options={tiers.map((x) => ({ value: x, label: t(`tier.${x}`) }))} />
            </Form.Item>
          )}
          <Form.Item name={["organization", "country"]} label={t("org.country")}>
            <Input maxLength={2} placeholder="CN" />
          </Form.Item>
          {country.toUpperCase() === "CN" && (
            <>
              <Form.Item name={["organization", "credit_code"]} label={t("org.creditCode")} hasFeedback
                rules={[{ required: true, message: t("form.required") }, {
                  validator: (_, v: string) => {
                    const p = v ? creditCodeProblem(v) : null;
                    return p ? Promise.reject(new Error(t(`creditCode.${p}`))) : Promise.resolve();
                  },
                }]}>
                <Input maxLength={18} />
              </Form.Item>
              <Form.Item name={["organization", "district"]} label={t("org.district")}>
                <Select allowClear options={ref.districtOptions} />
              </Form.Item>
            </>
          )}
          <Typography.Title level={5}>{t("register.user")}</Typography.Title>
          <Form.Item name={["user", "name"]} label={t("user.name")} rules={[{ required: true, message: t("form.required") }]}>
            <Input />
          </Form.Item>
          <Form.Item name={["user", "email"]} label={t("login.email")} rules={[{ required: true, type: "email", message: t("form.email") }]}>
            <Input autoComplete="email" />
          </Form.Item>
          <Form.Item name={["user", "password"]} label={t("login.password")} rules={[{ required: true, min: 10, message: t("form.password") }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>{t("register.submit")}</Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16 }}><Link to="/login">{t("register.haveAccount")}</Link></Typography.Paragraph>
      </Card>
    </div>
  );
}
