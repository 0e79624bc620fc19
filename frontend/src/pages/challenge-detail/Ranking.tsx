import { useState } from "react";
import { Button, Card, Space, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Confirm } from "../../components/confirm";
import type { Challenge, RankedBid } from "../../api/types";
import { StatusTag } from "../../components/common";

// Ranking is the bids best first; a program manager proposes the winner (or,
// when the challenge funds several teams, up to max_winners of them) and the
// owner confirms, asked first, naming every winner.
export function Ranking({ challenge: c, items, onPropose, onConfirm }: {
  challenge: Challenge; items: RankedBid[]; onPropose: (bidIDs: string[]) => void; onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const several = c.max_winners > 1;
  const [picked, setPicked] = useState<string[]>([]);
  const proposed = c.winner_bid_ids.length > 0 ? c.winner_bid_ids : c.proposed_bid_id ? [c.proposed_bid_id] : [];
  const won = c.status === "awarded" ? (c.winner_bid_ids.length > 0 ? c.winner_bid_ids : [c.awarded_bid_id ?? ""]) : [];
  const names = items.filter((r) => proposed.includes(r.bid_id)).map((r) => r.organization_name).join(t("common.listSep"));
  // Several rounds: the award follows the final round, among its bids.
  const rounds = c.rounds;
  const finalist = (r: RankedBid) => rounds.length <= 1 || r.round >= rounds.length;
  // The server says who proposes (a manager, in the final round) and who confirms (the owner, once proposed).
  const proposing = c.actions.includes("propose_award");
  const confirming = c.actions.includes("confirm_award");
  return (
    <Card title={t("ranking.title")} size="small" extra={
      <Space>
        {proposing && several && (
          <Button size="small" type="primary" disabled={picked.length === 0} onClick={() => onPropose(picked)}>
            {t("actions.proposeSelected", { n: picked.length, max: c.max_winners })}
          </Button>
        )}
        {confirming && several && proposed.length > 0 && (
          <Confirm title={t("confirm.awardSeveral", { n: proposed.length, orgs: names, title: c.title })} onConfirm={onConfirm}>
            <Button size="small" type="primary">{t("actions.confirmAward")}</Button>
          </Confirm>
        )}
      </Space>
    }>
      <Table rowKey="bid_id" size="small" pagination={false} dataSource={items}
        rowSelection={proposing && several ? {
          selectedRowKeys: picked, onChange: (keys) => setPicked(keys.map(String)),
          getCheckboxProps: (r) => ({ disabled: !finalist(r) || (!picked.includes(r.bid_id) && picked.length >= c.max_winners), "aria-label": r.organization_name }),
        } : undefined}
        columns={[
          { title: "#", render: (_, __, i) => i + 1, width: 40 },
          { title: t("ranking.organization"), dataIndex: "organization_name" },
          ...(rounds.length > 1
            ? [
              ...rounds.map((rd, i) => ({
                title: `${t("rounds.roundN", { n: i + 1 })} ${rd.name}`, key: `round-${i + 1}`,
                render: (_: unknown, r: RankedBid) => r.rounds.find((x) => x.round === i + 1)?.mean_total.toFixed(1) ?? "—",
              })),
              { title: t("rounds.weighted"), dataIndex: "weighted_total", render: (v: number) => <strong>{v.toFixed(2)}</strong> },
              {
                title: t("rounds.reached"), dataIndex: "round", render: (n: number) => n >= rounds.length
                  ? <Tag color="blue">{t("rounds.finalist")}</Tag> : <Tag>{t("rounds.roundN", { n })}</Tag>,
              },
            ]
            : [{ title: t("ranking.mean"), dataIndex: "mean_total", render: (v: number) => v.toFixed(1) }]),
          { title: t("ranking.scores"), dataIndex: "scores", render: (s: RankedBid["scores"]) => s.map((x) => x.total).join(" / ") },
          {
            title: "", render: (_, r) => {
              if (won.includes(r.bid_id)) return <StatusTag status="awarded" />;
              if (proposing && !several && finalist(r)) {
                return <Button size="small" type={c.proposed_bid_id === r.bid_id ? "primary" : "default"}
                  onClick={() => onPropose([r.bid_id])}>{t("actions.propose")}</Button>;
              }
              if (confirming && !several && c.proposed_bid_id === r.bid_id) {
                return (
                  <Confirm title={t("confirm.award", { org: r.organization_name, title: c.title })} onConfirm={onConfirm}>
                    <Button size="small" type="primary">{t("actions.confirmAward")}</Button>
                  </Confirm>
                );
              }
              return c.status === "in_review" && proposed.includes(r.bid_id) ? <Tag color="blue">{t("ranking.proposed")}</Tag> : null;
            },
          },
        ]} />
    </Card>
  );
}
