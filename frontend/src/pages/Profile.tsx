import { useEffect } from "react";
import { Alert, Button, Card, Col, Form, Row, Select } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useAction } from "../api/resources";
import type { Fields } from "../api/types";
import { useAuth } from "../auth/auth";
import { useReference } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

// FieldsCard edits a list of fields (an organization's capabilities or an
// expert's expertise): challenges in those fields suggest it to their owners
// and program managers.
function FieldsCard({ title, hint, path }: { title: string; hint: string; path: string }) {
  const { t } = useTranslation();
  const ref = useReference();
  const [form] = Form.useForm();
  const key = ["fields-of", path];
  const current = useQuery({ queryKey: key, queryFn: () => api<Fields>(path) });
  useEffect(() => {
    if (current.data) form.setFieldsValue({ field_ids: current.data.field_ids });
  }, [current.data, form]);
  const save = useAction((v: { field_ids: string[] }) => api(path, { method: "PUT", body: { field_ids: v.field_ids ?? [] } }),
    { done: t("done.saved"), refresh: [key] });
  return (
    <Card title={title}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={hint} />
      <QueryState loading={current.isLoading} error={current.error}>
        <Form form={form} name={path} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="field_ids" label={t("profile.fields")} rules={[{ type: "array", max: 20, message: t("profile.max") }]}>
            <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={ref.fieldOptions} aria-label={t("profile.fields")} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>{t("profile.save")}</Button>
        </Form>
      </QueryState>
    </Card>
  );
}

// Profile is where an organization's users say what fields it works in and
// an expert says what fields they know (研究方向与专长).
export default function Profile() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!me) return null;
  return (
    <div>
      <PageHeader title={t("profile.title")} />
      <Row gutter={[16, 16]}>
        {me.role === "expert" && (
          <Col xs={24} lg={12}>
            <FieldsCard title={t("profile.expertise")} hint={t("profile.expertiseHint")} path={`/users/${me.user.id}/expertise`} />
          </Col>
        )}
        {me.role !== "expert" && (
          <Col xs={24} lg={12}>
            <FieldsCard title={t("profile.capabilities", { name: me.organization.name })} hint={t("profile.capabilitiesHint")}
              path={`/organizations/${me.organization.id}/capabilities`} />
          </Col>
        )}
      </Row>
    </div>
  );
}
