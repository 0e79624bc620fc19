import { Table } from "antd";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { Challenge } from "../api/types";
import { Countdown, StatusTag, money, useReference } from "../components/common";

export default function BoardTable({ items }: { items: Challenge[] }) {
  const { t } = useTranslation();
  const ref = useReference();
  return (
    <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 800 }} columns={[
      { title: t("challenge.title"), dataIndex: "title", render: (v, c) => <Link to={`/challenges/${c.id}`}>{v}</Link> },
      { title: t("challenge.owner"), dataIndex: "owner_name", render: (v) => v ?? "—" },
      { title: t("challenge.field"), dataIndex: "field_id", render: (v) => ref.fieldName(v) },
      { title: t("challenge.category"), dataIndex: "category", render: (v) => ref.categoryName(v) },
      { title: t("challenge.commitment"), dataIndex: "enterprise_commitment", render: money },
      { title: t("challenge.deadline"), dataIndex: "bid_deadline", render: (v, c) => (c.status === "published" ? <Countdown until={v} /> : "—") },
      { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
    ]} />
  );
}
