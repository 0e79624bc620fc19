import { DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { rangeRule } from "../../components/forms";
import dayjs from "dayjs";
import { useUsers } from "../../api/resources";
import { useReference } from "../../components/common";
import { More } from "../../components/More";
import { SuggestedExperts } from "../../components/Suggestions";
import { RoundsEditor } from "../../components/Rounds";

export function ActionModals({ challenge, round, open, close, submit, busy }: {
  challenge: string; round?: { n: number; name: string }; open: null | string; close: () => void; busy: boolean;
  submit: (kind: string, values: unknown) => void;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const [form] = Form.useForm();
  const chosen: string[] = Form.useWatch("user_ids", form) ?? [];
  const experts = useUsers({ role: "expert" }, { limit: 100, enabled: open === "reviewers" });
  const titles: Record<string, string> = {
    approve: t("actions.approve"), return: t("actions.return"), reject: t("actions.reject"), reviewers: t("actions.assignReviewers"),
    fail: t("actions.fail"), cancel: t("actions.cancel"),
  };
  return (
    <Modal open={!!open} title={open ? titles[open] : ""} onCancel={close} confirmLoading={busy} destroyOnHidden
      onOk={async () => {
        // A refused field shows its message on the field; nothing is sent.
        const values = await form.validateFields().catch(() => null);
        if (values) submit(open!, values);
      }} okText={t("common.ok")} cancelText={t("common.cancel")}>
      <Form form={form} layout="vertical" preserve={false}>
        {open === "approve" && (
          <>
            <Form.Item name="category" label={t("challenge.category")} rules={[{ required: true, message: t("form.required") }]}>
              <Select options={ref.categoryOptions} />
            </Form.Item>
            <Form.Item name="funding_cap" label={t("challenge.fundingCap")} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 0, 50_000_000)]}>
              <InputNumber step={100_000} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="max_winners" label={t("challenge.maxWinners")} initialValue={1} extra={t("challenge.maxWinnersHint")} rules={[rangeRule(t, 1, 10)]}>
              <InputNumber min={1} max={10} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="bid_deadline" label={`${t("challenge.deadline")}${t("common.zone")}`} rules={[{ required: true, message: t("form.required") }]}>
              <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), "day")} style={{ width: "100%" }} />
            </Form.Item>
            <RoundsEditor />
          </>
        )}
        {open === "reviewers" && round && (
          <Typography.Paragraph strong>{t("rounds.assigning", { n: round.n, name: round.name })}</Typography.Paragraph>
        )}
        {open === "reviewers" && (
          <SuggestedExperts challenge={challenge} chosen={chosen} onUse={(id) => form.setFieldsValue({ user_ids: [...chosen, id] })} />
        )}
        {open === "reviewers" && (
          <Form.Item name="user_ids" label={t("review.experts")} rules={[{ required: true, message: t("form.required") }]} extra={t("review.conflictHint")}>
            <Select mode="multiple" loading={experts.isLoading} showSearch optionFilterProp="label"
              options={experts.items.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
              popupRender={(menu) => <>{menu}<More list={experts} /></>} />
          </Form.Item>
        )}
        {open && ["return", "reject", "fail", "cancel"].includes(open) && (
          <Form.Item name="reason" label={t("challenge.reason")} rules={[{ required: true, message: t("form.required") }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
