import { Button, Space, Table, Tag } from "antd";
import { useOwnBids } from "../api/resources";
import { More } from "../components/More";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { StatusTag, dateTime, money } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";
import { PartnerInvitations, PartnerTags } from "../components/Partners";
import { useAuth } from "../auth/auth";

const outcomeColors: Record<string, string> = { submitted: "processing", withdrawn: "default", awarded: "gold", not_awarded: "default" };

// MyBids (我的揭榜) is the caller's organization's bids, newest first, page by
// page, each with its challenge's status and the bid's outcome.
export default function MyBids() {
  const { t } = useTranslation();
  const list = useOwnBids();
  const { me } = useAuth();
  const items = list.items;
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <PageHeader title={t("nav.myBids")} extra={<Link to="/board"><Button>{t("nav.board")}</Button></Link>} />
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 760 }} columns={[
          { title: t("challenge.title"), dataIndex: "challenge_title", render: (v, b) => <Link to={`/challenges/${b.challenge_id}`}>{v}</Link> },
          { title: t("challenge.status"), dataIndex: "challenge_status", render: (s) => <StatusTag status={s} /> },
          { title: t("myBids.outcome"), dataIndex: "status", render: (s) => <Tag color={outcomeColors[s]}>{t(`bidStatus.${s}`)}</Tag> },
          { title: t("bid.partners"), key: "partners", render: (_, b) => (b.partner_ids.length ? <PartnerTags bid={b} /> : "—") },
          { title: t("bid.budget"), dataIndex: "budget", render: money },
          { title: t("myBids.filed"), dataIndex: "created_at", render: dateTime },
        ]} />
        <More list={list} />
      </QueryState>
      {me && <PartnerInvitations orgID={me.organization.id} />}
    </Space>
  );
}
