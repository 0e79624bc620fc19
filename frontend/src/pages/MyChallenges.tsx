import { Button, Table } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { useChallenges } from "../api/resources";
import { More } from "../components/More";
import { StatusTag, deadline, money } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

// MyChallenges is an enterprise's home: its challenges in every status.
export default function MyChallenges() {
  const { t } = useTranslation();
  const list = useChallenges({ mine: true });
  return (
    <div>
      <PageHeader title={t("mine.title")} extra={<>
        <Link to="/challenges/new"><Button type="primary" icon={<PlusOutlined />}>{t("challenge.new")}</Button></Link>
      </>} />
      <QueryState loading={list.isLoading} error={list.error} empty={list.items.length === 0}>
        <Table rowKey="id" dataSource={list.items} pagination={false} scroll={{ x: 700 }} columns={[
          { title: t("challenge.title"), dataIndex: "title", render: (v, c) => <Link to={`/challenges/${c.id}`}>{v}</Link> },
          { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
          { title: t("challenge.bids"), dataIndex: "bid_count", render: (n) => n ?? "—" },
          { title: t("challenge.commitment"), dataIndex: "enterprise_commitment", render: money },
          { title: t("challenge.deadline"), dataIndex: "bid_deadline", render: deadline },
        ]} />
        <More list={list} />
      </QueryState>
    </div>
  );
}
