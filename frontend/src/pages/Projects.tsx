import { useState } from "react";
import { Button, Card, Col, Input, Row, Segmented, Select, Space, Table, Tag } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api, type Page } from "../api/client";
import type { Project, Stage } from "../api/types";
import { canSee } from "../access";
import { useAuth } from "../auth/auth";
import { StatusTag, money, useReference } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const stages: Stage[] = ["proposal", "research", "validation", "industrialization", "completed"];

// Projects: the portfolio as a table or as a kanban board by stage.
export default function Projects() {
  const { t } = useTranslation();
  const ref = useReference();
  const { me } = useAuth();
  const [view, setView] = useState<"table" | "kanban">("table");
  const [q, setQ] = useState("");
  const [stage, setStage] = useState<string>();
  const [district, setDistrict] = useState<string>();
  const list = useQuery({
    queryKey: ["projects", q, stage, district],
    queryFn: () => api<Page<Project>>("/projects", { query: { q, stage, district, limit: 100 } }),
  });
  const items = list.data?.items ?? [];
  return (
    <div>
      <PageHeader title={t("projects.title")} extra={<>
        {canSee("proposeProject", me?.role ?? null) && (
          <Link to="/projects/new"><Button type="primary" icon={<PlusOutlined />}>{t("projects.propose")}</Button></Link>
        )}
      </>} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("projects.search")} onSearch={setQ} style={{ width: 240 }} aria-label={t("projects.search")} />
        <Select allowClear placeholder={t("projects.stage")} value={stage} onChange={setStage} style={{ width: 150 }} aria-label={t("projects.stage")}
          options={[...stages, "rejected", "terminated"].map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        <Select allowClear placeholder={t("org.district")} value={district} onChange={setDistrict} style={{ width: 150 }} options={ref.districtOptions} aria-label={t("org.district")} />
        <Segmented value={view} onChange={(v) => setView(v as "table" | "kanban")}
          options={[{ value: "table", label: t("board.table") }, { value: "kanban", label: t("projects.kanban") }]} />
      </Space>
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        {view === "table" ? (
          <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 800 }} columns={[
            { title: t("projects.code"), dataIndex: "code", render: (v) => v || "—" },
            { title: t("projects.name"), dataIndex: "title", render: (v, p) => <Link to={`/projects/${p.id}`}>{v}</Link> },
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
                      <div style={{ color: "#888" }}>{p.code} · TRL {p.trl}</div>
                    </Card>
                  ))}
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </QueryState>
    </div>
  );
}
