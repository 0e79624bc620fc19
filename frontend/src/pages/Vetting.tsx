import { useState } from "react";
import { Table, Tabs } from "antd";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { useChallenges } from "../api/resources";
import { More } from "../components/More";
import { StatusTag, deadline, money, useReference } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

// Vetting is a program manager's queue: challenges to vet (立题), to staff
// with reviewers, and to award.
export default function Vetting() {
  const { t } = useTranslation();
  const ref = useReference();
  const [status, setStatus] = useState("submitted");
  const list = useChallenges({ status });
  return (
    <div>
      <PageHeader title={t("vetting.title")} />
      <Tabs activeKey={status} onChange={setStatus} items={["submitted", "published", "closed", "in_review"].map((s) => ({ key: s, label: t(`vetting.${s}`) }))} />
      <QueryState loading={list.isLoading} error={list.error} empty={list.items.length === 0}>
        <Table rowKey="id" dataSource={list.items} pagination={false} scroll={{ x: 700 }} columns={[
          { title: t("challenge.title"), dataIndex: "title", render: (v, c) => <Link to={`/challenges/${c.id}`}>{v}</Link> },
          { title: t("challenge.field"), dataIndex: "field_id", render: (v) => ref.fieldName(v) },
          { title: t("challenge.support"), dataIndex: "requested_support", render: money },
          { title: t("challenge.bids"), dataIndex: "bid_count", render: (n) => n ?? "—" },
          { title: t("challenge.deadline"), dataIndex: "bid_deadline", render: deadline },
          { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
        ]} />
        <More list={list} />
      </QueryState>
    </div>
  );
}
