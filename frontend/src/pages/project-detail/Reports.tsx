import { useState } from "react";
import { Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { projectKeys, useAction, useCreateForm, useReports } from "../../api/resources";
import type { KPI, Project, Report } from "../../api/types";
import { Confirm } from "../../components/confirm";
import { Documents } from "../../components/Documents";
import { StatusTag, dateTime, money } from "../../components/common";
import { rangeRule } from "../../components/forms";
import { req, day } from "./form";

// Reports (中期检查 / 年度报告 / 结题报告): program managers set duties; the
// lead submits with KPI actuals, money spent and documents; program managers
// accept or return them.
// Each report says what the caller may do to it (actions); setting duties is
// for program managers (pm).
export function Reports({ project, kpis, pm }: { project: Project; kpis: KPI[]; pm: boolean }) {
  const { t } = useTranslation();
  const reports = useReports(project.id, true);
  const [duty] = Form.useForm();
  const setDuty = useCreateForm(duty, (v: { kind: string; title: string; due_date: Dayjs }, key) =>
    api(`/projects/${project.id}/reports`, { method: "POST", idempotencyKey: key, body: { ...v, due_date: day(v.due_date) } }),
  { done: t("report.set"), refresh: projectKeys(project.id) });
  const [submitting, setSubmitting] = useState<Report>();
  const [returning, setReturning] = useState<Report>();
  const [reason, setReason] = useState("");
  const [form] = Form.useForm();
  const act = useAction(({ path, body }: { path: string; body?: unknown; done: string }) => api(path, { method: "POST", body }), {
    done: (v) => v.done, refresh: projectKeys(project.id), onDone: () => setSubmitting(undefined),
  });
  const open = ["research", "validation", "industrialization"].includes(project.stage);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <List dataSource={reports.data?.items ?? []} locale={{ emptyText: <Typography.Text type="secondary">{t("report.none")}</Typography.Text> }} renderItem={(r) => (
        <Card size="small" style={{ marginBottom: 8 }}
          title={<Space wrap><Tag>{t(`reportKind.${r.kind}`)}</Tag><span>{r.title}</span><StatusTag status={r.status} />
            {r.overdue && <Tag color="red">{t("report.overdue")}</Tag>}</Space>}
          extra={<Space>
            {r.actions.includes("submit") && <Button size="small" type="primary" onClick={() => { setSubmitting(r); form.resetFields(); }}>{t("report.submit")}</Button>}
            {r.actions.includes("accept") && (
              <Confirm title={t("report.confirmAccept", { title: r.title })} onConfirm={() => act.mutate({ path: `/reports/${r.id}/accept`, body: { version: r.version }, done: t("report.accepted") })}>
                <Button size="small" type="primary">{t("report.accept")}</Button>
              </Confirm>
            )}
            {r.actions.includes("return") && <Button size="small" onClick={() => { setReturning(r); setReason(""); }}>{t("report.return")}</Button>}
          </Space>}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t("report.due")}>{r.due_date}</Descriptions.Item>
            {r.submitted_at && <Descriptions.Item label={t("report.submittedAt")}>{dateTime(r.submitted_at)}</Descriptions.Item>}
            {r.spent != null && <Descriptions.Item label={t("report.spent")}>{money(r.spent)}</Descriptions.Item>}
            {r.return_reason && <Descriptions.Item label={t("report.returnReason")}>{r.return_reason}</Descriptions.Item>}
          </Descriptions>
          {r.text && <Typography.Paragraph>{r.text}</Typography.Paragraph>}
          <Documents parent={`/reports/${r.id}`} editable={r.actions.includes("submit")} kinds={["report", "other"]} />
        </Card>
      )} />
      {pm && open && (
        <Form form={duty} name="report-duty" layout="inline" onFinish={(v) => setDuty.mutate(v)} initialValues={{ kind: "interim" }}>
          <Form.Item name="kind"><Select style={{ width: 120 }} aria-label={t("report.kind")} options={["interim", "annual", "final"].map((k) => ({ value: k, label: t(`reportKind.${k}`) }))} /></Form.Item>
          <Form.Item name="title" rules={req(t)}><Input placeholder={t("report.title")} aria-label={t("report.title")} /></Form.Item>
          <Form.Item name="due_date" rules={req(t)}><DatePicker aria-label={t("report.due")} placeholder={t("report.due")} /></Form.Item>
          <Button htmlType="submit" loading={setDuty.isPending}>{t("report.setDuty")}</Button>
        </Form>
      )}
      <Modal open={!!submitting} title={submitting?.title} okText={t("report.submit")} confirmLoading={act.isPending} width={640}
        onCancel={() => setSubmitting(undefined)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} name="report" layout="vertical" onFinish={(v: { text: string; spent?: number; values?: Record<string, number | null> }) => submitting && act.mutate({
          path: `/reports/${submitting.id}/submit`, done: t("report.submitted"), body: {
            text: v.text, spent: v.spent ?? undefined, version: submitting.version,
            kpi_actuals: Object.entries(v.values ?? {}).filter(([, x]) => x != null).map(([kpi_id, value]) => ({ kpi_id, value })),
          },
        })}>
          <Form.Item name="text" label={t("report.text")} rules={req(t)}><Input.TextArea rows={5} /></Form.Item>
          <Form.Item name="spent" label={t("report.spent")} rules={[rangeRule(t, 0)]}><InputNumber style={{ width: 220 }} step={10000} /></Form.Item>
          {kpis.map((k) => (
            <Form.Item key={k.id} name={["values", k.id]} label={`${k.name}（${k.direction === "at_most" ? "≤" : "≥"} ${k.target} ${k.unit}）`}>
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
      <Modal open={!!returning} title={t("report.return")} okText={t("report.return")} okButtonProps={{ disabled: !reason.trim() }}
        onCancel={() => setReturning(undefined)} onOk={() => {
          if (returning) act.mutate({ path: `/reports/${returning.id}/return`, body: { reason: reason.trim(), version: returning.version }, done: t("report.returned") });
          setReturning(undefined);
        }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} aria-label={t("challenge.reason")} placeholder={t("challenge.reason")} />
      </Modal>
    </Space>
  );
}
