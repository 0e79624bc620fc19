import { useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/auth";
import { home } from "../access";
import { errorText } from "../components/states";
import { useDocumentTitle } from "../layout/PageHeader";

export default function Login() {
  const { t } = useTranslation();
  useDocumentTitle(t("login.submit"));
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(v: { email: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const me = await signIn(v.email, v.password);
      navigate(params.get("next") || home(me.role), { replace: true });
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div style={{ display: "grid", placeItems: "center", minHeight: "100vh", background: "#f0f4fa", padding: 16 }}>
      <Card title={<Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>{t("app.title")}</Typography.Title>} style={{ width: "100%", maxWidth: 400 }}>
        <Typography.Paragraph type="secondary">{t("login.intro")}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="email" label={t("login.email")} rules={[{ required: true, message: t("form.required") }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t("login.password")} rules={[{ required: true, message: t("form.required") }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t("login.submit")}</Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16 }}>
          <Link to="/register">{t("login.register")}</Link> · <Link to="/board">{t("login.board")}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
