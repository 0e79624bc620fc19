import { Button, Table, Tag } from "antd";
import { usePages } from "../api/hooks";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { OwnBid } from "../api/types";
import { StatusTag, dateTime, money } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const outcomeColors: Record<string, string> = { submitted: "processing", withdrawn: "default", awarded: "gold", not_awarded: "default" };

// MyBids (我的揭榜) is the caller's organization's bids, newest first, page by
// page, each with its challenge's status and the bid's outcome.
export default function MyBids() {
  const { t } = useTranslation();
  const list = usePages<OwnBid>(["bids", "mine"], "/bids");
  const items = list.items;
  return (
    <div>
      <PageHeader title={t("nav.myBids")} extra={<Link to="/board"><Button>{t("nav.board")}</Button></Link>} />
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 760 }} columns={[
          { title: t("challenge.title"), dataIndex: "challenge_title", render: (v, b) => <Link to={`/challenges/${b.challenge_id}`}>{v}</Link> },
          { title: t("challenge.status"), dataIndex: "challenge_status", render: (s) => <StatusTag status={s} /> },
          { title: t("myBids.outcome"), dataIndex: "status", render: (s) => <Tag color={outcomeColors[s]}>{t(`bidStatus.${s}`)}</Tag> },
          { title: t("bid.budget"), dataIndex: "budget", render: money },
          { title: t("myBids.filed"), dataIndex: "created_at", render: dateTime },
        ]} />
        {list.hasNextPage && <Button block style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>{t("scenario.more")}</Button>}
      </QueryState>
    </div>
  );
}
