import { useState } from "react";
import { Button, Card, Descriptions, Space, Table, Typography } from "antd";
import { Link, useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Confirm } from "../../components/confirm";
import { Documents } from "../../components/Documents";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../../api/client";
import { challengeKeys, useAction, useChallenge, useChallengeBids, useQuestions, useRanking, useReviewers } from "../../api/resources";
import type { Challenge, Round } from "../../api/types";
import { useAuth } from "../../auth/auth";
import { Countdown, StatusTag, deadline, money, programmeZone, useReference } from "../../components/common";
import { More } from "../../components/More";
import { SuggestedOrganizations } from "../../components/Suggestions";
import { RoundBoard } from "../../components/Rounds";
import { PartnerTags } from "../../components/Partners";
import { QueryState } from "../../components/states";
import { PageHeader } from "../../layout/PageHeader";
import { Questions } from "./Questions";
import { ActionModals } from "./ActionModals";
import { Ranking } from "./Ranking";

type Action = { path: string; body?: unknown; done: string; key?: string };

export default function ChallengeDetail() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const navigate = useNavigate();
  const [modal, setModal] = useState<null | "approve" | "return" | "reject" | "reviewers" | "fail" | "cancel">(null);
  const challenge = useChallenge(id);
  const c = challenge.data;
  const owner = !!me && !!c && me.organization.id === c.owner_id && me.role === "enterprise";
  const pm = me?.role === "program_manager";
  // What the caller may do now, as the server says (derived from nothing here).
  const can = (a: Challenge["actions"][number]) => c?.actions.includes(a) ?? false;
  const questions = useQuestions(id, !!c);
  // Before the deadline a bidder sees only its own bid here.
  const myBids = useChallengeBids(id, !!c && !!me);
  const afterDeadline = !!c && ["in_review", "awarded", "failed"].includes(c.status);
  const ranking = useRanking(id, afterDeadline && (owner || pm));
  // The review's progress, for program managers: who is assigned, who has submitted.
  const reviewers = useReviewers(id, afterDeadline && pm);
  const act = useAction((a: Action) => api(a.path, { method: "POST", body: a.body, idempotencyKey: a.key }), {
    done: (a) => a.done, refresh: challengeKeys(id), onDone: () => setModal(null),
  });
  const run = (path: string, done: string, body?: unknown) => act.mutate({ path: `/challenges/${id}${path}`, body, done });
  const runAsync = (path: string, done: string, body?: unknown, key?: string) => act.mutateAsync({ path: `/challenges/${id}${path}`, body, done, key });
  const ownBid = myBids.items.find((b) => b.organization_id === me?.organization.id);
  const rounds = c?.rounds ?? [];
  const current = c?.current_round ?? 1;

  return (
    <QueryState loading={challenge.isLoading} error={challenge.error}>
      {c && (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          <PageHeader title={c.title} tags={<>
            <StatusTag status={c.status} />
            {c.status === "published" && <Countdown until={c.bid_deadline} />}
          </>} />
          {c.status_reason && <Typography.Text type="warning">{t("challenge.reason")}{t("common.colon")}{c.status_reason}</Typography.Text>}
          <Space wrap>
            {can("edit") && <Link to={`/challenges/${id}/edit`}><Button>{t("actions.edit")}</Button></Link>}
            {can("submit") && <Button type="primary" onClick={() => run("/submit", t("done.submitted"))}>{t("actions.submit")}</Button>}
            {can("withdraw") && (
              <Confirm danger title={t("confirm.withdrawChallenge", { title: c.title })} onConfirm={() => run("/withdraw", t("done.withdrawn"))}>
                <Button danger>{t("actions.withdraw")}</Button>
              </Confirm>
            )}
            {can("approve") && <Button type="primary" onClick={() => setModal("approve")}>{t("actions.approve")}</Button>}
            {can("return") && <Button onClick={() => setModal("return")}>{t("actions.return")}</Button>}
            {can("reject") && <Button danger onClick={() => setModal("reject")}>{t("actions.reject")}</Button>}
            {can("assign_reviewers") && <Button type="primary" onClick={() => setModal("reviewers")}>{t("actions.assignReviewers")}</Button>}
            {can("fail") && <Button danger onClick={() => setModal("fail")}>{t("actions.fail")}</Button>}
            {can("cancel") && <Button onClick={() => setModal("cancel")}>{t("actions.cancel")}</Button>}
            {can("bid") && !ownBid && (
              <Button type="primary" onClick={() => navigate(`/challenges/${id}/bid`)}>{t("actions.bid")}</Button>
            )}
            {c.project_ids.length > 1
              ? c.project_ids.map((p, i) => <Link key={p} to={`/projects/${p}`}><Button>{t("challenge.projectN", { n: i + 1 })}</Button></Link>)
              : c.project_id && <Link to={`/projects/${c.project_id}`}><Button>{t("challenge.project")}</Button></Link>}
          </Space>
          {c.bid_count !== undefined && <Typography.Text strong>{t(c.status === "published" ? "challenge.bidCountSealed" : "challenge.bidCount", { n: c.bid_count })}</Typography.Text>}
          {(owner || pm) && c.status === "published" && <SuggestedOrganizations challenge={id} />}
          <Card title={t("challenge.details")} size="small">
            <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
              {c.owner_name && <Descriptions.Item label={t("challenge.owner")}>{c.owner_name}</Descriptions.Item>}
              <Descriptions.Item label={t("challenge.field")}>{ref.fieldName(c.field_id)}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.category")}>{ref.categoryName(c.category)}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.commitment")}>{money(c.enterprise_commitment)}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.support")}>{money(c.requested_support)}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.fundingCap")}>{money(c.funding_cap)}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.deadline")}>{deadline(c.bid_deadline)}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.duration")}>{t("common.months", { n: c.duration_months })}</Descriptions.Item>
              <Descriptions.Item label={t("challenge.trl")}>{c.trl_start} → {c.trl_target}</Descriptions.Item>
              {c.rounds.length > 1 && (
                <Descriptions.Item label={t("rounds.title")}>
                  {c.rounds.map((r, i) => `${t("rounds.roundN", { n: i + 1 })} ${r.name} ${r.weight}%`).join(t("common.listSep"))}
                </Descriptions.Item>
              )}
              {c.max_winners > 1 && <Descriptions.Item label={t("challenge.maxWinners")}>{c.max_winners}</Descriptions.Item>}
              {c.scenario_id && (
                <Descriptions.Item label={t("challenge.scenario")}><Link to={`/scenarios/${c.scenario_id}`}>{t("challenge.scenarioLink")}</Link></Descriptions.Item>
              )}
              {c.scenario_id && <Descriptions.Item label={t("challenge.procurement")}>{money(c.procurement_commitment ?? 0)}</Descriptions.Item>}
              <Descriptions.Item label={t("challenge.eligible")}>
                {c.eligible_org_types.map((x) => t(`orgType.${x}`)).join("、")}{c.global ? ` · ${t("challenge.global")}` : ""}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t("challenge.problem")}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{c.problem}</Typography.Paragraph>
            <Typography.Title level={5}>{t("challenge.indicators")}</Typography.Title>
            <Table rowKey="name" size="small" pagination={false} dataSource={c.indicators} columns={[
              { title: t("challenge.indicatorName"), dataIndex: "name" },
              { title: t("challenge.indicatorTarget"), dataIndex: "target" },
              { title: t("challenge.indicatorUnit"), dataIndex: "unit" },
            ]} />
            <Typography.Title level={5}>{t("challenge.deliverables")}</Typography.Title>
            <Typography.Paragraph>{c.deliverables}</Typography.Paragraph>
            <Typography.Title level={5}>{t("challenge.ipTerms")}</Typography.Title>
            <Typography.Paragraph>{c.ip_terms}</Typography.Paragraph>
            {me && <Documents parent={`/challenges/${id}`} editable={can("edit")} kinds={["specification", "other"]} title={t("documents.title")} />}
          </Card>

          {ownBid && (
            <Card title={t("bid.mine")} size="small" extra={<StatusTag status={ownBid.status} />}>
              <Typography.Paragraph>{ownBid.summary}</Typography.Paragraph>
              {ownBid.partner_names.length > 0 && (
                <Typography.Paragraph>{t("bid.partners")}{t("common.colon")}<PartnerTags bid={ownBid} /></Typography.Paragraph>
              )}
              <Documents parent={`/bids/${ownBid.id}`} editable={ownBid.actions.includes("edit")}
                kinds={["proposal", "budget", "other"]} title={t("bid.documents")} />
              <Space>
                <span>{t("bid.budget")}{t("common.colon")}{money(ownBid.budget)}</span>
                {ownBid.actions.includes("withdraw") && (
                  <>
                    <Link to={`/challenges/${id}/bid`}><Button size="small">{t("actions.edit")}</Button></Link>
                    <Confirm danger title={t("confirm.withdrawBid", { title: c.title })} onConfirm={() => act.mutate({ path: `/bids/${ownBid.id}/withdraw`, done: t("done.withdrawn") })}>
                      <Button size="small" danger>{t("actions.withdraw")}</Button>
                    </Confirm>
                  </>
                )}
              </Space>
            </Card>
          )}

          {pm && (reviewers.data?.items.length ?? 0) > 0 && (
            <RoundBoard challenge={c} reviewers={reviewers.data!.items} busy={act.isPending}
              onClose={(n) => act.mutate({ path: `/challenges/${id}/rounds/${n}/close`, body: { version: c.version }, done: t("done.roundClosed", { n }) })} />
          )}
          {(owner || pm) && ranking.data && (
            <Ranking challenge={c} items={ranking.data.items}
              onPropose={(bidIDs) => run("/award", t("done.proposed"), bidIDs.length === 1 ? { bid_id: bidIDs[0] } : { bid_ids: bidIDs })}
              onConfirm={() => run("/award/confirm", t("done.awarded"))} />
          )}

          <Questions challenge={c} owner={owner} questions={questions.items} more={<More list={questions} />} canAsk={can("ask")}
            onAsk={(text, key) => runAsync("/questions", t("done.asked"), { text }, key)}
            onAnswer={(qid, text) => runAsync(`/questions/${qid}/answer`, t("done.answered"), { text })} />

          <ActionModals challenge={id} round={rounds.length > 1 ? { n: current, name: rounds[current - 1]?.name ?? "" } : undefined} open={modal} close={() => setModal(null)} busy={act.isPending}
            submit={(kind, values) => {
              if (kind === "approve") {
                const v = values as { category: string; funding_cap: number; bid_deadline: Dayjs; max_winners?: number; rounds?: Round[] };
                // The last round shortlists nothing: the award follows it.
                const plan = (v.rounds ?? []).map((r, i, all) => (i === all.length - 1 ? { name: r.name, weight: r.weight } : r));
                run("/approve", t("done.approved"), { category: v.category, funding_cap: v.funding_cap, max_winners: v.max_winners ?? 1,
                  bid_deadline: dayjs.tz(v.bid_deadline.format("YYYY-MM-DD HH:mm"), programmeZone).toISOString(), version: c.version,
                  ...(plan.length > 0 ? { rounds: plan } : {}) });
              } else if (kind === "reviewers") {
                run("/reviewers", t("done.assigned"), { ...(values as object), round: current });
              } else {
                run(`/${kind}`, t(`done.${kind}`), { reason: (values as { reason: string }).reason, version: c.version });
              }
            }} />
        </Space>
      )}
    </QueryState>
  );
}
