import { Button, Checkbox, DatePicker, Form, Input, Select, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { keys, useAction, useCreateForm, useOutputs } from "../../api/resources";
import type { Output } from "../../api/types";
import { Confirm } from "../../components/confirm";
import { req, day } from "./form";

// Outputs (成果): the register of a project's results.
export function Outputs({ project, editable }: { project: string; editable: boolean }) {
  const { t } = useTranslation();
  const outputs = useOutputs(project, true);
  const [form] = Form.useForm();
  const add = useCreateForm(form, (v: Record<string, unknown> & { date: Dayjs }, key) =>
    api(`/projects/${project}/outputs`, { method: "POST", idempotencyKey: key, body: { ...v, date: day(v.date) } }),
  { done: t("output.recorded"), refresh: [keys.outputs(project), keys.summary()] });
  const remove = useAction((o: Output) => api(`/outputs/${o.id}`, { method: "DELETE" }), { done: t("output.removed"), refresh: [keys.outputs(project)] });
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={outputs.data?.items ?? []} scroll={{ x: 600 }} columns={[
        { title: t("output.type"), dataIndex: "type", render: (v: string) => t(`outputType.${v}`) },
        { title: t("output.title"), dataIndex: "title", render: (v: string, o) => <>{v}{o.landmark && <Tag color="gold" style={{ marginLeft: 8 }}>{t("output.landmark")}</Tag>}</> },
        { title: t("output.reference"), dataIndex: "reference" },
        { title: t("output.date"), dataIndex: "date" },
        {
          title: "", key: "rm", render: (_, o) => editable && (
            <Confirm danger title={t("output.confirmRemove", { title: o.title })} onConfirm={() => remove.mutate(o)}>
              <Button size="small" type="link" danger>{t("common.remove")}</Button>
            </Confirm>
          ),
        },
      ]} />
      {editable && (
        <Form form={form} name="output" layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)} initialValues={{ type: "patent", landmark: false }}>
          <Form.Item name="type"><Select style={{ width: 130 }} aria-label={t("output.type")}
            options={["patent", "paper", "standard", "software", "product", "award", "other"].map((k) => ({ value: k, label: t(`outputType.${k}`) }))} /></Form.Item>
          <Form.Item name="title" rules={req(t)}><Input placeholder={t("output.title")} aria-label={t("output.title")} /></Form.Item>
          <Form.Item name="reference"><Input placeholder={t("output.reference")} aria-label={t("output.reference")} style={{ width: 180 }} /></Form.Item>
          <Form.Item name="date" rules={req(t)}><DatePicker aria-label={t("output.date")} placeholder={t("output.date")} /></Form.Item>
          <Form.Item name="landmark" valuePropName="checked"><Checkbox>{t("output.landmark")}</Checkbox></Form.Item>
          <Button htmlType="submit" loading={add.isPending}>{t("output.add")}</Button>
        </Form>
      )}
    </>
  );
}
