import { DatePicker, Form, InputNumber, List, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { projectKeys, useCreateForm, useDisbursements, useDocuments } from "../../api/resources";
import type { FundingLine } from "../../api/types";
import { money } from "../../components/common";
import { rangeRule } from "../../components/forms";
import { day, req } from "./form";

// Disburse pays out part of a committed line, citing a voucher among the
// project's documents; the line's payments are listed.
export function Disburse({ project, line, onClose }: { project: string; line?: FundingLine; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const docs = useDocuments(`/projects/${project}`, !!line);
  const paid = useDisbursements(line?.id ?? "", !!line);
  const pay = useCreateForm(form, (v: { amount: number; date?: Dayjs; document_id?: string }, key) =>
    api(`/funding/${line?.id}/disbursements`, { method: "POST", idempotencyKey: key, body: { ...v, date: day(v.date) } }).then(onClose),
  { done: t("funding.disbursed"), refresh: projectKeys(project) });
  const done = (paid.data?.items ?? []).reduce((n, d) => n + d.amount, 0);
  return (
    <Modal open={!!line} title={t("funding.disburseTitle")} okText={t("funding.disburse")} confirmLoading={pay.isPending}
      onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <p>{t("funding.disburseHint", { amount: money(line?.amount), done: money(done), left: money((line?.amount ?? 0) - done) })}</p>
      <List size="small" dataSource={paid.data?.items ?? []} renderItem={(d) => <List.Item>{d.date} · {money(d.amount)}</List.Item>} />
      <Form form={form} name="disburse" layout="vertical" onFinish={(v) => pay.mutate(v)}>
        <Form.Item name="amount" label={t("funding.amount")} rules={[...req(t), rangeRule(t, 1)]}><InputNumber style={{ width: 220 }} step={100000} /></Form.Item>
        <Form.Item name="date" label={t("funding.date")}><DatePicker /></Form.Item>
        <Form.Item name="document_id" label={t("funding.voucher")}>
          <Select allowClear options={(docs.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
