import { useState } from "react";
import { Button, Form, Input, InputNumber, Progress, Select, Space, Table, Typography } from "antd";
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { keys, useAction, useActuals, useCreateForm } from "../../api/resources";
import type { KPI } from "../../api/types";
import { req } from "./form";

echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

// KPIs: numeric targets with a direction; each row shows the progress and,
// opened, the history of actual values as a small chart with the target.
export function KPIs({ project, items, editable }: { project: string; items: KPI[]; editable: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useCreateForm(form, (v: Record<string, unknown>, key) =>
    api(`/projects/${project}/kpis`, { method: "POST", body: v, idempotencyKey: key }), { done: t("done.saved"), refresh: [keys.kpis(project)] });
  const [recording, setRecording] = useState<Record<string, number | null>>({});
  const record = useAction(({ k, value }: { k: KPI; value: number }) =>
    api(`/projects/${project}/kpis/${k.id}/actuals`, { method: "POST", body: { value } }), {
    done: t("done.saved"), refresh: [keys.kpis(project), ["actuals"]],
    onDone: (v) => setRecording((r) => ({ ...r, [v.k.id]: null })),
  });
  const sign = (k: KPI) => (k.direction === "at_most" ? "≤" : "≥");
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={items} scroll={{ x: 640 }}
        expandable={{ expandedRowRender: (k) => <ActualsChart project={project} kpi={k} />, rowExpandable: (k) => k.actual != null }}
        columns={[
          { title: t("kpi.name"), dataIndex: "name" },
          { title: t("kpi.target"), dataIndex: "target", render: (v: number, k) => `${sign(k)} ${v} ${k.unit}` },
          { title: t("kpi.actual"), dataIndex: "actual", render: (v: number | null, k) => (v == null ? "—" : `${v} ${k.unit}`) },
          {
            title: t("kpi.progress"), dataIndex: "progress", width: 160, render: (p: number | null, k) => p == null ? "—"
              : <Progress percent={Math.round(p * 100)} size="small" format={(x) => `${x}%`} aria-label={`${t("kpi.progress")} · ${k.name}`} />,
          },
          {
            title: "", key: "record", render: (_, k) => editable && (
              <Space.Compact>
                <InputNumber size="small" value={recording[k.id] ?? null} onChange={(v) => setRecording((r) => ({ ...r, [k.id]: v }))}
                  aria-label={`${t("kpi.actual")} · ${k.name}`} style={{ width: 100 }} />
                <Button size="small" disabled={recording[k.id] == null} loading={record.isPending}
                  onClick={() => record.mutate({ k, value: recording[k.id] as number })}>{t("kpi.record")}</Button>
              </Space.Compact>
            ),
          },
        ]} />
      {editable && (
        <Form form={form} name="kpi" layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)} initialValues={{ direction: "at_least" }}>
          <Form.Item name="name" rules={req(t)}><Input placeholder={t("kpi.name")} aria-label={t("kpi.name")} /></Form.Item>
          <Form.Item name="direction">
            <Select style={{ width: 90 }} aria-label={t("kpi.direction")} options={[{ value: "at_least", label: "≥" }, { value: "at_most", label: "≤" }]} />
          </Form.Item>
          <Form.Item name="target" rules={req(t)}><InputNumber placeholder={t("kpi.target")} aria-label={t("kpi.target")} style={{ width: 120 }} /></Form.Item>
          <Form.Item name="unit"><Input placeholder={t("kpi.unit")} aria-label={t("kpi.unit")} style={{ width: 90 }} /></Form.Item>
          <Button htmlType="submit" loading={add.isPending}>{t("kpi.add")}</Button>
        </Form>
      )}
    </>
  );
}

function ActualsChart({ project, kpi }: { project: string; kpi: KPI }) {
  const { t } = useTranslation();
  const actuals = useActuals(project, kpi.id);
  const items = actuals.data?.items ?? [];
  return (
    <div aria-label={t("kpi.history", { name: kpi.name })} role="img">
      <ReactEChartsCore echarts={echarts} style={{ height: 180 }} notMerge option={{
        grid: { left: 48, right: 24, top: 16, bottom: 24 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: items.map((a) => a.date) },
        yAxis: { type: "value", name: kpi.unit },
        series: [{
          type: "line", data: items.map((a) => a.value), name: kpi.name,
          markLine: { symbol: "none", data: [{ yAxis: kpi.target, name: t("kpi.target") }], label: { formatter: `${t("kpi.target")} ${kpi.target}` } },
        }],
      }} />
      <Typography.Text type="secondary">{items.map((a) => `${a.date} ${a.value}${a.source ? `（${a.source}）` : ""}`).join("；")}</Typography.Text>
    </div>
  );
}
