import { useState } from "react";
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Tabs, Tag } from "antd";
import { DownloadOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import { ApiError, api, download } from "../api/client";
import { usePages } from "../api/hooks";
import { useAction } from "../api/resources";
import type { BatchLine, Declaration, SubsidyBatch, SubsidyPolicy } from "../api/types";
import { useAuth } from "../auth/auth";
import { Confirm } from "../components/confirm";
import { ImportCard } from "../components/ImportCard";
import { More } from "../components/More";
import { dateTime, money, useReference } from "../components/common";
import { applyServerErrors, rangeRule } from "../components/forms";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export const tiers = ["tech_sme", "high_tech", "little_giant", "leader"] as const;

const batchColor: Record<string, string> = { draft: "default", approved: "blue", published: "green" };

// Subsidies is 研值在线 for the bureau: the year's declarations (imported in
// bulk), its policy, and the batch computed from them in one click (一键生成),
// compared by district (一键归集), approved, published and exported.
export default function Subsidies() {
  const { t } = useTranslation();
  const [year, setYear] = useState(new Date().getFullYear());
  const years = Array.from({ length: 6 }, (_, i) => new Date().getFullYear() + 1 - i);
  return (
    <div>
      <PageHeader title={t("subsidy.title")} extra={
        <Select aria-label={t("subsidy.year")} value={year} onChange={setYear} style={{ width: 140 }}
          options={years.map((y) => ({ value: y, label: t("subsidy.yearN", { year: y }) }))} />
      } />
      <Tabs items={[
        { key: "batch", label: t("subsidy.batch"), children: <Batch year={year} /> },
        { key: "declarations", label: t("subsidy.declarations"), children: <Declarations year={year} /> },
        { key: "policy", label: t("subsidy.policy"), children: <Policy year={year} /> },
      ]} />
    </div>
  );
}

function Declarations({ year }: { year: number }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const qc = useQueryClient();
  const [filters, setFilters] = useState<{ district?: string; tier?: string; q?: string }>({});
  const list = usePages<Declaration>(["declarations", year, filters], "/rd-declarations", { year, ...filters });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select allowClear placeholder={t("subsidy.district")} aria-label={t("subsidy.district")} style={{ width: 140 }}
              options={ref.districtOptions} onChange={(v) => setFilters((f) => ({ ...f, district: v }))} />
            <Select allowClear placeholder={t("subsidy.tier")} aria-label={t("subsidy.tier")} style={{ width: 160 }}
              options={tiers.map((k) => ({ value: k, label: t(`tier.${k}`) }))} onChange={(v) => setFilters((f) => ({ ...f, tier: v }))} />
            <Input.Search allowClear placeholder={t("subsidy.search")} aria-label={t("subsidy.search")} style={{ width: 240 }}
              onSearch={(v) => setFilters((f) => ({ ...f, q: v || undefined }))} />
          </Space>
          <QueryState loading={list.isLoading} error={list.error}>
            <Table rowKey="id" size="small" dataSource={list.items} pagination={false} scroll={{ x: 800 }}
              locale={{ emptyText: <Empty description={t("subsidy.noDeclarations")} /> }} columns={[
                { title: t("subsidy.enterprise"), dataIndex: "organization_name" },
                { title: t("subsidy.creditCode"), dataIndex: "credit_code" },
                { title: t("subsidy.district"), dataIndex: "district", render: (v: string) => ref.districtName(v) },
                { title: t("subsidy.tier"), dataIndex: "current_tier", render: (v: string) => (v ? t(`tier.${v}`) : "—") },
                { title: t("subsidy.rdExpense"), dataIndex: "rd_expense", align: "right", render: money },
                { title: t("subsidy.revenue"), dataIndex: "revenue", align: "right", render: money },
                { title: t("subsidy.rdStaff"), dataIndex: "rd_staff", align: "right" },
                { title: t("subsidy.source"), dataIndex: "source", render: (v: string) => t(`subsidy.sources.${v}`) },
              ]} />
            <More list={list} />
          </QueryState>
        </Card>
      </Col>
      {me?.role === "program_manager" && (
        <Col xs={24} xl={8}>
          <ImportCard what="rd-declarations" title={t("subsidy.import")} onImported={() => void qc.invalidateQueries({ queryKey: ["declarations"] })} />
        </Col>
      )}
    </Row>
  );
}

function Policy({ year }: { year: number }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ["subsidy-policy", year];
  const policy = useQuery({
    queryKey: key,
    queryFn: () => api<SubsidyPolicy>(`/subsidy-policies/${year}`).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
  });
  const [saving, setSaving] = useState(false);
  async function save(v: { rates: Record<string, number | null>; cap_per_enterprise: number; min_expense?: number; budget: number }) {
    setSaving(true);
    try {
      await api(`/subsidy-policies/${year}`, { method: "PUT", body: { ...v, version: policy.data?.version ?? 0 } });
      message.success(t("subsidy.policySaved"));
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: ["subsidy-batches"] });
    } catch (e) {
      applyServerErrors(form, e).forEach((m) => message.error(m));
    } finally {
      setSaving(false);
    }
  }
  return (
    <QueryState loading={policy.isLoading} error={policy.error}>
      <Card style={{ maxWidth: 720 }}>
        {policy.data
          ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("subsidy.policyVersion", { version: policy.data.version, at: dateTime(policy.data.set_at) })} />
          : <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t("subsidy.noPolicy", { year })} />}
        <Form key={`${year}-${policy.data?.version ?? 0}`} form={form} name="policy" layout="vertical" onFinish={save}
          initialValues={policy.data ?? { rates: { tech_sme: 10, high_tech: 15, little_giant: 20, leader: null }, min_expense: 0 }}>
          <Row gutter={16}>
            {tiers.map((k) => (
              <Col key={k} xs={12} md={6}>
                <Form.Item name={["rates", k]} label={t(`tier.${k}`)} rules={[rangeRule(t, 0, 100)]} extra={t("subsidy.rateHint")}>
                  <InputNumber addonAfter="%" style={{ width: "100%" }} precision={2} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Form.Item name="cap_per_enterprise" label={t("subsidy.cap")} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1)]}>
            <InputNumber style={{ width: 240 }} step={100000} />
          </Form.Item>
          <Form.Item name="min_expense" label={t("subsidy.minExpense")} rules={[rangeRule(t, 0)]}>
            <InputNumber style={{ width: 240 }} step={100000} />
          </Form.Item>
          <Form.Item name="budget" label={t("subsidy.budget")} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1)]}>
            <InputNumber style={{ width: 240 }} step={1000000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>{t("subsidy.savePolicy")}</Button>
        </Form>
      </Card>
    </QueryState>
  );
}

function Batch({ year }: { year: number }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const pm = me?.role === "program_manager";
  const batches = useQuery({ queryKey: ["subsidy-batches"], queryFn: () => api<{ items: SubsidyBatch[] }>("/subsidy-batches") });
  const id = batches.data?.items.find((b) => b.year === year)?.id;
  const batch = useQuery({ queryKey: ["subsidy-batch", id], queryFn: () => api<SubsidyBatch>(`/subsidy-batches/${id}`), enabled: !!id });
  const lines = usePages<BatchLine>(["subsidy-lines", id], `/subsidy-batches/${id}/lines`, {}, { enabled: !!id });
  const refresh = [["subsidy-batches"], ["subsidy-batch"], ["subsidy-lines"]];
  const compute = useAction(() => api("/subsidy-batches", { method: "POST", body: { year } }), { done: t("subsidy.computed"), refresh });
  const step = useAction((what: "recompute" | "approve" | "publish") => api(`/subsidy-batches/${id}/${what}`, { method: "POST", body: { version: batch.data?.version } }),
    { done: (what) => t(`subsidy.done.${what}`), refresh });
  const [exporting, setExporting] = useState(false);
  async function exportFile() {
    setExporting(true);
    try {
      await download(`/subsidy-batches/${id}/export`, {}, `rd-subsidies-${year}.xlsx`);
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setExporting(false);
    }
  }
  if (batches.isLoading || batch.isLoading) return <QueryState loading error={null}>{null}</QueryState>;
  if (!id) {
    return (
      <Card>
        <Empty description={t("subsidy.noBatch", { year })}>
          {pm && <Button type="primary" icon={<ThunderboltOutlined />} loading={compute.isPending} onClick={() => compute.mutate(undefined)}>{t("subsidy.compute")}</Button>}
        </Empty>
      </Card>
    );
  }
  const b = batch.data;
  return (
    <QueryState loading={false} error={batch.error}>
      {b && (
        <Space direction="vertical" style={{ width: "100%" }} size="middle">
          {b.stale && b.status === "draft" && <Alert type="warning" showIcon message={t("subsidy.stale")} />}
          {b.scaled && <Alert type="info" showIcon message={t("subsidy.scaled", { requested: money(b.requested), budget: money(b.budget) })} />}
          <Card>
            <Row gutter={16}>
              <Col xs={12} md={6}><Statistic title={t("subsidy.total")} value={money(b.total)} /></Col>
              <Col xs={12} md={6}><Statistic title={t("subsidy.budget")} value={money(b.budget)} /></Col>
              <Col xs={12} md={6}><Statistic title={t("subsidy.enterprises")} value={b.enterprises} /></Col>
              <Col xs={12} md={6}><Statistic title={t("subsidy.status")} valueRender={() => <Tag color={batchColor[b.status]}>{t(`subsidy.statuses.${b.status}`)}</Tag>} /></Col>
            </Row>
            <Descriptions size="small" style={{ marginTop: 12 }} column={{ xs: 1, md: 3 }} items={[
              { key: "computed", label: t("subsidy.computedAt"), children: dateTime(b.computed_at) },
              { key: "policy", label: t("subsidy.policyUsed"), children: t("subsidy.versionN", { version: b.policy_version }) },
              { key: "published", label: t("subsidy.publishedAt"), children: b.published_at ? dateTime(b.published_at) : "—" },
            ]} />
            <Space wrap style={{ marginTop: 12 }}>
              {b.actions.includes("recompute") && <Button loading={step.isPending} onClick={() => step.mutate("recompute")}>{t("subsidy.recompute")}</Button>}
              {b.actions.includes("approve") && (
                <Confirm title={t("subsidy.confirmApprove", { total: money(b.total), n: b.enterprises })} onConfirm={() => step.mutate("approve")}>
                  <Button type="primary" disabled={b.stale}>{t("subsidy.approve")}</Button>
                </Confirm>
              )}
              {b.actions.includes("publish") && (
                <Confirm title={t("subsidy.confirmPublish", { n: b.enterprises })} onConfirm={() => step.mutate("publish")}>
                  <Button type="primary">{t("subsidy.publish")}</Button>
                </Confirm>
              )}
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportFile}>{t("subsidy.export")}</Button>
            </Space>
          </Card>
          <Card title={t("subsidy.byDistrict")}>
            {b.by_district.length === 0 ? <Empty description={t("subsidy.noLines")} /> : (
              <Row gutter={16}>
                <Col xs={24} lg={14}>
                  <ReactEChartsCore echarts={echarts} notMerge style={{ height: Math.max(240, b.by_district.length * 34 + 40) }} option={{
                    tooltip: { trigger: "axis" }, grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
                    xAxis: { type: "value" }, yAxis: { type: "category", data: b.by_district.map((d) => d.name || t("subsidy.noDistrict")), inverse: true },
                    series: [{ type: "bar", name: t("subsidy.total"), data: b.by_district.map((d) => d.total), label: { show: true, position: "right", formatter: (p: { value: number }) => money(p.value) } }],
                  }} />
                </Col>
                <Col xs={24} lg={10}>
                  <Table rowKey="district" size="small" pagination={false} dataSource={b.by_district} columns={[
                    { title: t("subsidy.district"), dataIndex: "name", render: (v: string) => v || t("subsidy.noDistrict") },
                    { title: t("subsidy.enterprises"), dataIndex: "enterprises", align: "right" },
                    { title: t("subsidy.total"), dataIndex: "total", align: "right", render: money },
                  ]} />
                </Col>
              </Row>
            )}
          </Card>
          <Card title={t("subsidy.lines")}>
            <QueryState loading={lines.isLoading} error={lines.error}>
              <Table rowKey="organization_id" size="small" dataSource={lines.items} pagination={false} scroll={{ x: 800 }} columns={[
                { title: t("subsidy.enterprise"), dataIndex: "organization_name" },
                { title: t("subsidy.district"), dataIndex: "district_name", render: (v: string) => v || "—" },
                { title: t("subsidy.tier"), dataIndex: "tier", render: (v: string, l) => <>{t(`tier.${v}`)}{l.tier_changed && <Tag color="orange" style={{ marginLeft: 6 }}>{t("subsidy.tierChanged")}</Tag>}</> },
                { title: t("subsidy.rdExpense"), dataIndex: "rd_expense", align: "right", render: money },
                { title: t("subsidy.computedAmount"), dataIndex: "computed", align: "right", render: money },
                { title: t("subsidy.amount"), dataIndex: "amount", align: "right", render: money },
              ]} />
              <More list={lines} />
            </QueryState>
          </Card>
        </Space>
      )}
    </QueryState>
  );
}
