import { Button, Card, Space, Table, Tag } from "antd";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { keys, useAction, usePartnerBids } from "../api/resources";
import type { Bid, OwnBid } from "../api/types";
import { Confirm } from "./confirm";
import { StatusTag, dateTime, money } from "./common";
import { More } from "./More";
import { QueryState } from "./states";

const decisionColors: Record<string, string> = { pending: "gold", confirmed: "green", declined: "red" };

// PartnerTags names a bid's partners, each with its answer (联合揭榜): what
// the bidder follows and what reviewers see marked when a partner has not
// confirmed.
export function PartnerTags({ bid }: { bid: Pick<Bid, "partner_ids" | "partner_names" | "partners"> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {bid.partner_ids.map((id, i) => {
        const d = bid.partners.find((p) => p.organization_id === id)?.decision ?? "pending";
        return <Tag key={id} color={decisionColors[d]}>{bid.partner_names[i] ?? id} · {t(`partner.${d}`)}</Tag>;
      })}
    </Space>
  );
}

// PartnerInvitations is the bids naming the caller's organization as a
// partner: it reads each bid and confirms or declines before the deadline
// (declining is asked first).
export function PartnerInvitations({ orgID }: { orgID: string }) {
  const { t } = useTranslation();
  const list = usePartnerBids();
  const answer = useAction((a: { bid: string; confirm: boolean }) => api<Bid>(`/bids/${a.bid}/partner-confirmation`, { method: "POST", body: { confirm: a.confirm } }), {
    done: (a) => t(a.confirm ? "done.partnerConfirmed" : "done.partnerDeclined"), refresh: [keys.partnerBids(), keys.workbench()],
  });
  const mine = (b: OwnBid) => b.partners.find((p) => p.organization_id === orgID)?.decision ?? "pending";
  return (
    <Card size="small" title={t("partner.title")}>
      <QueryState loading={list.isLoading} error={list.error}>
        <Table rowKey="id" dataSource={list.items} pagination={false} scroll={{ x: 760 }} locale={{ emptyText: t("partner.none") }} columns={[
          { title: t("challenge.title"), dataIndex: "challenge_title", render: (v, b) => <Link to={`/challenges/${b.challenge_id}`}>{v}</Link> },
          { title: t("challenge.status"), dataIndex: "challenge_status", render: (s) => <StatusTag status={s} /> },
          { title: t("partner.lead"), dataIndex: "organization_name" },
          { title: t("bid.summary"), dataIndex: "summary", ellipsis: true },
          { title: t("bid.budget"), dataIndex: "budget", render: money },
          { title: t("myBids.filed"), dataIndex: "created_at", render: dateTime },
          {
            title: t("partner.answer"), key: "answer", render: (_, b) => {
              const d = mine(b);
              if (!b.actions.includes("partner_confirm")) return <Tag color={decisionColors[d]}>{t(`partner.${d}`)}</Tag>;
              return (
                <Space>
                  <Button size="small" type="primary" loading={answer.isPending} onClick={() => answer.mutate({ bid: b.id, confirm: true })}>{t("partner.confirm")}</Button>
                  <Confirm danger title={t("partner.confirmDecline", { org: b.organization_name })} onConfirm={() => answer.mutate({ bid: b.id, confirm: false })}>
                    <Button size="small" danger>{t("partner.decline")}</Button>
                  </Confirm>
                </Space>
              );
            },
          },
        ]} />
        <More list={list} />
      </QueryState>
    </Card>
  );
}
