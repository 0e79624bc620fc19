import { useState } from "react";
import { Card, Col, InputNumber, Row, Select, Space, Statistic } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart, FunnelChart, GaugeChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { api } from "../api/client";
import type { Summary } from "../api/types";
import { money, useReference } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

echarts.use([BarChart, FunnelChart, GaugeChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// Under automation, animation would leave blank bars in screenshots.
const animation = typeof navigator === "undefined" || !navigator.webdriver;

export default function Dashboard() {
  const { t } = useTranslation();
  const ref = useReference();
  const [year, setYear] = useState<number | null>(null);
  const [category, setCategory] = useState<string>();
  const [district, setDistrict] = useState<string>();
  const summary = useQuery({
    queryKey: ["summary", year, category, district],
    queryFn: () => api<Summary>("/portfolio/summary", { query: { year, category, district } }),
  });
  const s = summary.data;
  const stages = ["proposal", "research", "validation", "industrialization", "completed"];
  const chart = (option: object) => <ReactEChartsCore echarts={echarts} option={{ animation, ...option }} style={{ height: 280 }} notMerge />;
  return (
    <div>
      <PageHeader title={t("dashboard.title")} />
      <Space wrap style={{ marginBottom: 16 }}>
        <InputNumber placeholder={t("dashboard.year")} min={2020} max={2100} value={year} onChange={setYear} aria-label={t("dashboard.year")} />
        <Select allowClear placeholder={t("board.category")} value={category} onChange={setCategory} options={ref.categoryOptions} style={{ width: 160 }} aria-label={t("board.category")} />
        <Select allowClear placeholder={t("org.district")} value={district} onChange={setDistrict} options={ref.districtOptions} style={{ width: 140 }} aria-label={t("org.district")} />
      </Space>
      <QueryState loading={summary.isLoading} error={summary.error}>
        {s && (
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}><Card><Statistic title={t("dashboard.projects")} value={s.projects.total} /></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title={t("dashboard.share315")} value={(s.projects.share_315 * 100).toFixed(1)} suffix="%" /></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title={t("dashboard.challenges")} value={s.challenges.total} /></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title={t("dashboard.failureRate")} value={(s.challenges.failure_rate * 100).toFixed(0)} suffix="%" /></Card></Col>
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card title={t("dashboard.funnel")} size="small">
                  {chart({
                    tooltip: {},
                    series: [{ type: "funnel", sort: "none", data: stages.map((st) => ({ name: t(`status.${st}`), value: s.projects.by_stage[st] ?? 0 })) }],
                  })}
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card title={t("dashboard.byField")} size="small">
                  <Row>
                    <Col span={14}>
                      {chart({
                        tooltip: {}, grid: { left: 80 },
                        xAxis: { type: "value" },
                        yAxis: { type: "category", data: Object.keys(s.projects.by_field).map((k) => ref.fieldName(k)) },
                        series: [{ type: "bar", data: Object.values(s.projects.by_field), itemStyle: { color: "#1f5fad" } }],
                      })}
                    </Col>
                    <Col span={10}>
                      {chart({
                        series: [{
                          type: "gauge", min: 0, max: 100, progress: { show: true },
                          axisLine: { lineStyle: { width: 10, color: [[0.8, "#faad14"], [1, "#52c41a"]] } },
                          detail: { formatter: "{value}%", fontSize: 18 }, title: { offsetCenter: [0, "70%"] },
                          data: [{ value: Math.round(s.projects.share_315 * 1000) / 10, name: t("dashboard.target315") }],
                        }],
                      })}
                    </Col>
                  </Row>
                </Card>
              </Col>
              {s.funding && (
                <Col xs={24} lg={12}>
                  <Card title={`${t("dashboard.funding")} · ${money(s.funding.total)}`} size="small">
                    {chart({
                      tooltip: { formatter: (p: { name: string; value: number }) => `${p.name}: ${money(p.value)}` }, legend: { bottom: 0 },
                      series: [{ type: "pie", radius: ["35%", "65%"], data: Object.entries(s.funding.by_source).map(([k, v]) => ({ name: t(`source.${k}`), value: v })) }],
                    })}
                  </Card>
                </Col>
              )}
              <Col xs={24} lg={12}>
                <Card title={t("dashboard.challengeStatus")} size="small">
                  {chart({
                    tooltip: {}, xAxis: { type: "category", data: Object.keys(s.challenges.by_status).map((k) => t(`status.${k}`)) },
                    yAxis: { type: "value", minInterval: 1 },
                    series: [{ type: "bar", data: Object.values(s.challenges.by_status), itemStyle: { color: "#13a8a8" } }],
                  })}
                </Card>
              </Col>
            </Row>
          </Space>
        )}
      </QueryState>
    </div>
  );
}
