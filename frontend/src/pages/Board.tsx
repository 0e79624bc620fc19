import { Suspense, lazy, useState } from "react";
import { Card, Col, Input, Row, Segmented, Select, Space, Spin, Typography } from "antd";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { useChallenges } from "../api/resources";
import { More } from "../components/More";
import { Countdown, StatusTag, money, useReference } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

// The table view loads only when chosen: the board's first paint needs cards only.
const BoardTable = lazy(() => import("./BoardTable"));

const publicStatuses = ["published", "closed", "in_review", "awarded", "failed"];

// Board is the public 揭榜 board: search in Chinese, filters, cards or a table.
export default function Board() {
  const { t } = useTranslation();
  const ref = useReference();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<string>();
  const [field, setField] = useState<string>();
  const [category, setCategory] = useState<string>();
  const [view, setView] = useState<"cards" | "table">("cards");
  const list = useChallenges({ q, status, field, category }, { limit: 24 });
  const items = list.items;
  const topFields = ref.fields.filter((f) => !f.parent_id).map((f) => ({ value: f.id, label: ref.fieldName(f.id) }));
  return (
    <div>
      <PageHeader title={t("board.title")} />
      <Typography.Paragraph type="secondary">{t("board.subtitle")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("board.search")} onSearch={setQ} style={{ width: 260 }} aria-label={t("board.search")} />
        <Select allowClear placeholder={t("board.status")} value={status} onChange={setStatus} style={{ width: 140 }}
          options={publicStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))} aria-label={t("board.status")} />
        <Select allowClear placeholder={t("board.field")} value={field} onChange={setField} style={{ width: 160 }}
          options={[...topFields, ...ref.fieldOptions.flatMap((g) => g.options)]} aria-label={t("board.field")} />
        <Select allowClear placeholder={t("board.category")} value={category} onChange={setCategory} style={{ width: 160 }}
          options={ref.categoryOptions} aria-label={t("board.category")} />
        <Segmented value={view} onChange={(v) => setView(v as "cards" | "table")}
          options={[{ value: "cards", label: t("board.cards") }, { value: "table", label: t("board.table") }]} />
      </Space>
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        {view === "cards" ? (
          <Row gutter={[16, 16]}>
            {items.map((c) => (
              <Col key={c.id} xs={24} sm={12} lg={8}>
                <Card title={<Link to={`/challenges/${c.id}`}>{c.title}</Link>} extra={<StatusTag status={c.status} />} size="small">
                  <Typography.Paragraph ellipsis={{ rows: 2 }}>{c.problem}</Typography.Paragraph>
                  <Space wrap size={[8, 4]}>
                    {c.owner_name && <span>{t("challenge.owner")}{t("common.colon")}{c.owner_name}</span>}
                    <span>{t("challenge.field")}{t("common.colon")}{ref.fieldName(c.field_id)}</span>
                    <span>{t("challenge.commitment")}{t("common.colon")}{money(c.enterprise_commitment)}</span>
                    {c.status === "published" && <Countdown until={c.bid_deadline} />}
                  </Space>
                </Card>
              </Col>
            ))}
          </Row>
        ) : (
          <Suspense fallback={<Spin />}>
            <BoardTable items={items} />
          </Suspense>
        )}
        <More list={list} />
      </QueryState>
    </div>
  );
}
