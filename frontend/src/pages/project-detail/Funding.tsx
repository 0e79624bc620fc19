import { useState } from "react";
import { Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { rangeRule } from "../../components/forms";
import { projectKeys, useCreateForm } from "../../api/resources";
import { OrgSelect } from "../../components/OrgSelect";
import { api } from "../../api/client";
import { Disburse } from "./Disburse";
import type { FundingLine, Milestone } from "../../api/types";
import { money } from "../../components/common";

export function Funding({ project, lines, milestones, pm, onUntie, onStatus, onConvert }: {
  project: string; lines: FundingLine[]; milestones: Milestone[]; pm: boolean;
  onUntie: (l: FundingLine, reason: string) => void;
  onStatus: (l: FundingLine, status: "committed" | "disbursed") => void; onConvert: (l: FundingLine, investor: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useCreateForm(form, (v: Record<string, unknown>, key) =>
    api(`/projects/${project}/funding`, { method: "POST", body: v, idempotencyKey: key }), { done: t("done.saved"), refresh: projectKeys(project) });
  const [untying, setUntying] = useState<FundingLine>();
  const [reason, setReason] = useState("");
  const [converting, setConverting] = useState<FundingLine>();
  const [investor, setInvestor] = useState<string>();
  const [paying, setPaying] = useState<FundingLine>();
  const title = (id?: string) => milestones.find((m) => m.id === id)?.title ?? id;
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={lines} scroll={{ x: 640 }}
        rowClassName={(l) => (l.replaced_at ? "funding-replaced" : "")} columns={[
        { title: t("funding.source"), dataIndex: "source", render: (s, l) => <>{t(`source.${s}`)}{l.investor_name && <Typography.Text type="secondary"> · {l.investor_name}</Typography.Text>}</> },
        { title: t("funding.amount"), dataIndex: "amount", render: (v, l) => (l.replaced_at ? <Typography.Text delete>{money(v)}</Typography.Text> : money(v)) },
        {
          title: t("challenge.status"), dataIndex: "status", render: (s, l) => l.replaced_at
            ? <Tag>{t("funding.replaced")}</Tag> : t(`fundingStatus.${s}`),
        },
        { title: t("funding.matching"), dataIndex: "matching", render: (m) => (m ? "✓" : "") },
        {
          title: t("funding.tranche"), key: "tranche", render: (_, l) => l.milestone_id && (
            <Space size="small">
              <span>{title(l.milestone_id)}</span>
              {l.actions.includes("untie") && (
                <Button size="small" type="link" onClick={() => { setUntying(l); setReason(""); }}>{t("funding.untie")}</Button>
              )}
            </Space>
          ),
        },
        {
          title: "", key: "actions", render: (_, l) => l.actions.length > 0 && (
            <Space size="small" wrap>
              {l.actions.includes("commit") && <Button size="small" onClick={() => onStatus(l, "committed")}>{t("funding.commit")}</Button>}
              {l.actions.includes("pay") && <Button size="small" type="primary" onClick={() => setPaying(l)}>{t("funding.disburse")}</Button>}
              {l.actions.includes("convert") && (
                <Button size="small" onClick={() => { setConverting(l); setInvestor(undefined); }}>{t("funding.convert")}</Button>
              )}
            </Space>
          ),
        },
      ]} />
      <Disburse project={project} line={paying} onClose={() => setPaying(undefined)} />
      <Modal open={!!converting} title={t("funding.convertTitle")} okText={t("funding.convert")} okButtonProps={{ disabled: !investor }}
        onCancel={() => setConverting(undefined)} onOk={() => { if (converting && investor) onConvert(converting, investor); setConverting(undefined); }}>
        <p>{t("funding.convertHint", { amount: money(converting?.amount) })}</p>
        <OrgSelect style={{ width: "100%" }} value={investor} onChange={(v) => setInvestor(v as string)} type="financial"
          aria-label={t("funding.investor")} placeholder={t("funding.investor")} />
      </Modal>
      <Modal open={!!untying} title={t("funding.untieTitle")} okText={t("funding.untie")} okButtonProps={{ disabled: !reason.trim(), danger: true }}
        onCancel={() => setUntying(undefined)} onOk={() => { if (untying) onUntie(untying, reason.trim()); setUntying(undefined); }}>
        <p>{t("funding.untieWarning", { milestone: title(untying?.milestone_id) })}</p>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000}
          placeholder={t("funding.untieReason")} aria-label={t("funding.untieReason")} />
      </Modal>
      {pm && (
        <Form form={form} name="funding" layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)} initialValues={{ source: "municipal", status: "planned" }}>
          <Form.Item name="source"><Select style={{ width: 120 }} aria-label={t("funding.source")} options={["municipal", "provincial", "national", "enterprise"].map((s) => ({ value: s, label: t(`source.${s}`) }))} /></Form.Item>
          <Form.Item name="amount" rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1)]}><InputNumber step={100000} placeholder={t("funding.amount")} aria-label={t("funding.amount")} /></Form.Item>
          <Form.Item name="status"><Select style={{ width: 110 }} aria-label={t("challenge.status")} options={["planned", "committed"].map((s) => ({ value: s, label: t(`fundingStatus.${s}`) }))} /></Form.Item>
          {/* A tranche: paid once its milestone is accepted. */}
          <Form.Item name="milestone_id">
            <Select allowClear style={{ width: 180 }} aria-label={t("funding.tranche")} placeholder={t("funding.tranche")}
              options={milestones.filter((m) => m.status !== "accepted").map((m) => ({ value: m.id, label: m.title }))} />
          </Form.Item>
          {/* 1:1 municipal matching of national and provincial funds (省市联动). */}
          <Form.Item name="matching" valuePropName="checked"><Checkbox>{t("funding.matching")}</Checkbox></Form.Item>
          <Button htmlType="submit" loading={add.isPending}>{t("funding.add")}</Button>
        </Form>
      )}
    </>
  );
}
