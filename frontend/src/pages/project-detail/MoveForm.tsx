import { useState } from "react";
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useDocuments } from "../../api/resources";
import type { Project } from "../../api/types";

export function MoveForm({ project, busy, refusal, onMove, onTRL }: {
  project: Project; busy: boolean; refusal: string[];
  onMove: (v: { to: string; reason?: string; evidence?: string; document_ids?: string[] }) => void; onTRL: (trl: number) => void;
}) {
  const { t } = useTranslation();
  const docs = useDocuments(`/projects/${project.id}`);
  const { modal } = App.useApp();
  const [trl, setTRL] = useState(project.trl);
  // Every move but the way forward (terminate, reject, return) asks first, naming the project.
  const move = (v: { to: string; reason?: string; evidence?: string; document_ids?: string[] }) =>
    v.to !== project.moves[0]
      ? modal.confirm({ title: t("confirm.move", { title: project.title, to: t(`status.${v.to}`) }), okButtonProps: { danger: true },
        okText: t("common.ok"), cancelText: t("common.cancel"), onOk: () => onMove(v) })
      : onMove(v);
  const trlOK = Number.isInteger(trl) && trl >= 1 && trl <= 9;
  return (
    <Space direction="vertical" style={{ width: "100%", marginTop: 12 }}>
      {refusal.length > 0 && <Alert type="error" showIcon message={t("gate.refused")} description={<ul>{refusal.map((r) => <li key={r}>{r}</li>)}</ul>} />}
      <Space.Compact>
        <InputNumber value={trl} onChange={(v) => setTRL(v ?? project.trl)} aria-label="TRL" status={trlOK ? undefined : "error"} />
        <Button onClick={() => trlOK && onTRL(trl)} disabled={!trlOK}>{t("gate.setTRL")}</Button>
      </Space.Compact>
      {!trlOK && <Typography.Text type="danger">{t("form.range", { min: 1, max: 9 })}</Typography.Text>}
      <Form name="move" layout="vertical" onFinish={move} initialValues={{ to: project.moves[0] }}>
        <Form.Item name="to" label={t("gate.to")}>
          <Select options={project.moves.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t("challenge.reason")}><Input /></Form.Item>
        <Form.Item name="evidence" label={t("gate.evidence")}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="document_ids" label={t("gate.documents")}>
          <Select mode="multiple" allowClear placeholder={t("gate.documentsHint")}
            options={(docs.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}（${t(`documentKind.${d.kind}`)}）` }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t("gate.move")}</Button>
      </Form>
    </Space>
  );
}
