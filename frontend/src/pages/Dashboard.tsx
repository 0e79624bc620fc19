import { Card, Col, Row, Select, Space, Statistic, Typography } from "antd";
import { useNavigate } from "react-router";
import { useUrlFilters } from "../api/hooks";
import { useTranslation } from "react-i18next";
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart, GaugeChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { useSummary } from "../api/resources";
import { money, useReference, yearOptions } from "../components/common";
import { QueryState } from "../components/states";
import { useAuth } from "../auth/auth";
import { PageHeader } from "../layout/PageHeader";
import { Targets } from "../components/Targets";

echarts.use([BarChart, GaugeChart, GridComponent, TooltipComponent, CanvasRenderer]);

// Under automation, animation would leave blank bars in screenshots.
const animation = typeof navigator === "undefined" || !navigator.webdriver;
const stages = ["proposal", "research", "validation", "industrialization", "completed"];
const filterKeys = ["year", "category", "field", "district"] as const;

interface Bar {
  key: string;
  label: string;
  value: number;
}

// Dashboard: every figure the API computes, filtered by year, category,
// field and district (kept in the address); a project bar opens the project
// list with that bar's filter added.
export default function Dashboard() {
  const { t } = useTranslation();
  const ref = useReference();
  const navigate = useNavigate();
  const { filters, set } = useUrlFilters(filterKeys);
  const summary = useSummary(filters);
  const s = summary.data;
  // Program managers and admins list every project, so a bar opens its
  // projects for them; others see the programme's figures but list only
  // their own organization's projects, which would not match the bar.
  const { me } = useAuth();
  const canDrill = me?.role === "program_manager" || me?.role === "admin";
  // drill opens the projects of a bar: the dashboard's filters and the bar's.
  const drill = (key: string, value: string) => {
    const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]);
    q.set(key, value);
    navigate(`/projects?${q}`);
  };
  const bars = (title: string, data: Bar[], opts: { color: string; money?: boolean; horizontal?: boolean; onClick?: (b: Bar) => void }) => {
    const fmt = (v: number) => (opts.money ? money(v) : String(v));
    const cat = { type: "category", data: data.map((d) => d.label), axisLabel: { interval: 0, width: 90, overflow: "truncate" } };
    const val = { type: "value", minInterval: 1, axisLabel: opts.money ? { formatter: (v: number) => `${v / 10_000}万` } : undefined };
    return (
      <Card title={title} size="small" extra={opts.onClick && <Typography.Text type="secondary">{t("dashboard.drill")}</Typography.Text>}>
        <ReactEChartsCore echarts={echarts} notMerge style={{ height: Math.max(240, opts.horizontal ? data.length * 34 + 40 : 260) }}
          onEvents={opts.onClick ? { click: (e: { dataIndex: number }) => opts.onClick?.(data[e.dataIndex]) } : undefined}
          option={{
            animation,
            tooltip: { formatter: (p: { name: string; value: number }) => `${p.name}${t("common.colon")}${fmt(p.value)}` },
            grid: { left: opts.horizontal ? 110 : 48, right: 48, top: 16, bottom: 32 },
            xAxis: opts.horizontal ? val : cat,
            yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
            series: [{
              type: "bar", data: data.map((d) => d.value), itemStyle: { color: opts.color }, cursor: opts.onClick ? "pointer" : "default",
              label: { show: true, position: opts.horizontal ? "right" : "top", formatter: (p: { value: number }) => fmt(p.value) },
            }],
          }} />
        {opts.onClick && (
          // The bars as links too: what a screen reader (or a keyboard) uses, since the chart is a picture.
          <div role="group" aria-label={title}>
            <Space wrap size={[12, 4]}>
              {data.map((d) => (
                <Typography.Link key={d.key} onClick={() => opts.onClick?.(d)}>{`${d.label} ${fmt(d.value)}`}</Typography.Link>
              ))}
            </Space>
          </div>
        )}
      </Card>
    );
  };
  const entries = (m: Record<string, number> | undefined, label: (k: string) => string): Bar[] =>
    Object.entries(m ?? {}).map(([key, value]) => ({ key, label: label(key), value }));
  return (
    <div>
      <PageHeader title={t("dashboard.title")} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder={t("dashboard.year")} value={filters.year} onChange={(v) => set("year", v)} options={yearOptions()} style={{ width: 110 }} aria-label={t("dashboard.year")} />
        <Select allowClear placeholder={t("board.category")} value={filters.category} onChange={(v) => set("category", v)} options={ref.categoryOptions} style={{ width: 160 }} aria-label={t("board.category")} />
        <Select allowClear placeholder={t("challenge.field")} value={filters.field} onChange={(v) => set("field", v)} style={{ width: 170 }}
          options={ref.fields.filter((f) => !f.parent_id).map((f) => ({ value: f.id, label: ref.fieldName(f.id) }))} aria-label={t("challenge.field")} />
        <Select allowClear placeholder={t("org.district")} value={filters.district} onChange={(v) => set("district", v)} options={ref.districtOptions} style={{ width: 140 }} aria-label={t("org.district")} />
      </Space>
      <QueryState loading={summary.isLoading} error={summary.error}>
        {s && (
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.projects")} value={s.projects.total} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.share315")} value={(s.projects.share_315 * 100).toFixed(1)} suffix="%" /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.challenges")} value={s.challenges.total} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.failureRate")} value={(s.challenges.failure_rate * 100).toFixed(0)} suffix="%" /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.medianDays")} value={s.challenges.median_days_to_award == null ? "—" : Math.round(s.challenges.median_days_to_award * 10) / 10} suffix={s.challenges.median_days_to_award == null ? undefined : t("dashboard.days")} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.bidsPerChallenge")} value={`${s.challenges.bids_per_challenge.mean.toFixed(1)} / ${s.challenges.bids_per_challenge.max}`} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.outputs")} value={s.outputs.total} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.landmark")} value={s.outputs.landmark} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.reportsDue")} value={s.reports.due} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.reportsOverdue")} value={s.reports.overdue} valueStyle={s.reports.overdue > 0 ? { color: "#cf1322" } : undefined} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.reportsSubmitted")} value={s.reports.submitted} /></Card></Col>
              <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t("dashboard.changesPending")} value={s.change_requests.pending} /></Card></Col>
            </Row>
            <Targets year={filters.year ? Number(filters.year) : new Date().getFullYear()} editable={canDrill} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                {bars(t("dashboard.funnel"), stages.map((st) => ({ key: st, label: t(`status.${st}`), value: s.projects.by_stage[st] ?? 0 })),
                  { color: "#1f5fad", onClick: canDrill ? (b) => drill("stage", b.key) : undefined })}
              </Col>
              <Col xs={24} lg={12}>
                <Card title={t("dashboard.share315")} size="small">
                  <ReactEChartsCore echarts={echarts} notMerge style={{ height: 260 }} option={{
                    animation,
                    series: [{
                      type: "gauge", min: 0, max: 100, progress: { show: true },
                      axisLine: { lineStyle: { width: 10, color: [[0.8, "#faad14"], [1, "#52c41a"]] } },
                      detail: { formatter: "{value}%", fontSize: 18 }, title: { offsetCenter: [0, "70%"] },
                      data: [{ value: Math.round(s.projects.share_315 * 1000) / 10, name: t("dashboard.target315") }],
                    }],
                  }} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                {bars(t("dashboard.byField"), entries(s.projects.by_field, ref.fieldName), { color: "#2f54eb", horizontal: true, onClick: canDrill ? (b) => drill("field", b.key) : undefined })}
              </Col>
              <Col xs={24} lg={12}>
                {bars(t("dashboard.byDistrict"), entries(s.projects.by_district, ref.districtName), { color: "#13a8a8", horizontal: true, onClick: canDrill ? (b) => drill("district", b.key) : undefined })}
              </Col>
              {s.funding && (
                <>
                  <Col xs={24} lg={12}>
                    {bars(`${t("dashboard.funding")} · ${money(s.funding.total)}`, entries(s.funding.by_source, (k) => t(`source.${k}`)), { color: "#d48806", money: true })}
                  </Col>
                  <Col xs={24} lg={12}>
                    {bars(t("dashboard.fundingStatus"), entries(s.funding.by_status, (k) => t(`fundingStatus.${k}`)), { color: "#7cb305", money: true })}
                  </Col>
                </>
              )}
              <Col xs={24} lg={12}>
                {bars(t("dashboard.challengeStatus"), entries(s.challenges.by_status, (k) => t(`status.${k}`)), { color: "#722ed1" })}
              </Col>
              <Col xs={24} lg={12}>
                {bars(`${t("dashboard.byModel")} · ${s.consortia.total}`, entries(s.consortia.by_model, (k) => t(`model.${k}`)), { color: "#eb2f96" })}
              </Col>
              <Col xs={24} lg={12}>
                {bars(`${t("dashboard.outputsByType")} · ${s.outputs.total}`, entries(s.outputs.by_type, (k) => t(`outputType.${k}`)), { color: "#fa8c16" })}
              </Col>
              <Col xs={24} lg={12}>
                {bars(t("dashboard.outputsByYear"), entries(s.outputs.by_year, (k) => k), { color: "#389e0d" })}
              </Col>
            </Row>
          </Space>
        )}
      </QueryState>
    </div>
  );
}
