import { useState } from "react";
import { App, Button, Card, Col, Input, Row, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { useUrlFilters } from "../api/hooks";
import { useProjects } from "../api/resources";
import { More } from "../components/More";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { download } from "../api/client";
import type { Stage } from "../api/types";
import { canSee } from "../access";
import { useAuth } from "../auth/auth";
import { StatusTag, money, useReference, yearOptions } from "../components/common";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const stages: Stage[] = ["proposal", "research", "validation", "industrialization", "completed"];

// The filters a project list takes; they live in the address, so the
// dashboard's bars open the list filtered, and a filtered list can be shared.
const filterKeys = ["q", "stage", "category", "field", "district", "year"] as const;

// Projects: the portfolio as a table or as a kanban board by stage, page by
// page through the API's cursors, filtered, exported as the managers see it.
export default function Projects() {
  const { t } = useTranslation();
  const ref = useReference();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [view, setView] = useState<"table" | "kanban">("table");
  const { filters, set } = useUrlFilters(filterKeys);
  const list = useProjects(filters);
  const items = list.items;
  const [exporting, setExporting] = useState(false);
  const exportList = async () => {
    setExporting(true);
    try {
      await download("/portfolio/export", { what: "projects", ...filters, q: undefined }, "projects.xlsx");
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setExporting(false);
    }
  };
  return (
    <div>
      <PageHeader title={t("projects.title")} extra={<>
        {canSee("importExport", me?.role ?? null) && (
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportList}>{t("projects.export")}</Button>
        )}
        {canSee("proposeProject", me?.role ?? null) && (
          <Link to="/projects/new"><Button type="primary" icon={<PlusOutlined />}>{t("projects.propose")}</Button></Link>
        )}
      </>} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("projects.search")} defaultValue={filters.q} onSearch={(v) => set("q", v)} style={{ width: 240 }} aria-label={t("projects.search")} />
        <Select allowClear placeholder={t("projects.stage")} value={filters.stage} onChange={(v) => set("stage", v)} style={{ width: 150 }} aria-label={t("projects.stage")}
          options={[...stages, "rejected", "terminated"].map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        <Select allowClear placeholder={t("board.category")} value={filters.category} onChange={(v) => set("category", v)} style={{ width: 150 }} options={ref.categoryOptions} aria-label={t("board.category")} />
        <Select allowClear placeholder={t("challenge.field")} value={filters.field} onChange={(v) => set("field", v)} style={{ width: 170 }}
          options={ref.fields.filter((f) => !f.parent_id).map((f) => ({ value: f.id, label: ref.fieldName(f.id) }))} aria-label={t("challenge.field")} />
        <Select allowClear placeholder={t("org.district")} value={filters.district} onChange={(v) => set("district", v)} style={{ width: 150 }} options={ref.districtOptions} aria-label={t("org.district")} />
        <Select allowClear placeholder={t("dashboard.year")} value={filters.year} onChange={(v) => set("year", v)} style={{ width: 110 }} options={yearOptions()} aria-label={t("dashboard.year")} />
        <Segmented value={view} onChange={(v) => setView(v as "table" | "kanban")}
          options={[{ value: "table", label: t("board.table") }, { value: "kanban", label: t("projects.kanban") }]} />
      </Space>
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        {view === "table" ? (
          <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 800 }} columns={[
            { title: t("projects.code"), dataIndex: "code", render: (v) => v || "—" },
            { title: t("projects.name"), dataIndex: "title", render: (v, p) => <Link to={`/projects/${p.id}`}>{v}</Link> },
            { title: t("projects.lead"), dataIndex: "lead_name" },
            { title: t("challenge.category"), dataIndex: "category", render: (v) => ref.categoryName(v) },
            { title: t("challenge.field"), dataIndex: "field_id", render: (v) => ref.fieldName(v) },
            { title: t("projects.stage"), dataIndex: "stage", render: (s) => <StatusTag status={s} /> },
            { title: "TRL", dataIndex: "trl" },
            { title: t("projects.budget"), dataIndex: "budget", render: money },
          ]} />
        ) : (
          <Row gutter={12} wrap={false} style={{ overflowX: "auto" }}>
            {stages.map((s) => (
              <Col key={s} flex="0 0 240px">
                <Card size="small" title={<Space>{t(`status.${s}`)}<Tag>{items.filter((p) => p.stage === s).length}</Tag></Space>}>
                  {items.filter((p) => p.stage === s).map((p) => (
                    <Card key={p.id} size="small" style={{ marginBottom: 8 }}>
                      <Link to={`/projects/${p.id}`}>{p.title}</Link>
                      <div><Typography.Text type="secondary">{p.code} · TRL {p.trl}</Typography.Text></div>
                    </Card>
                  ))}
                </Card>
              </Col>
            ))}
          </Row>
        )}
        <More list={list} />
      </QueryState>
    </div>
  );
}
