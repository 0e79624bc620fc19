import { useState } from "react";
import { Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { Link, useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Confirm } from "../components/confirm";
import { Documents } from "../components/Documents";
import { rangeRule, useIdempotentCreate } from "../components/forms";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../api/client";
import { challengeKeys, useAction, useChallenge, useChallengeBids, useQuestions, useRanking, useReviewers, useUsers } from "../api/resources";
import type { Challenge, Question, RankedBid, Round } from "../api/types";
import { useAuth } from "../auth/auth";
import { Countdown, StatusTag, deadline, money, programmeZone, useReference } from "../components/common";
import { More } from "../components/More";
import { SuggestedExperts, SuggestedOrganizations } from "../components/Suggestions";
import { RoundBoard, RoundsEditor } from "../components/Rounds";
import { PartnerTags } from "../components/Partners";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

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

// Questions: the public Q&A. A question or answer leaves its box only once
// the server has it; a refused one stays to be corrected.
function Questions({ questions, more, owner, canAsk, onAsk, onAnswer }: {
  challenge: Challenge; questions: Question[]; more: React.ReactNode; owner: boolean; canAsk: boolean;
  onAsk: (text: string, key: string) => Promise<unknown>; onAnswer: (id: string, text: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const once = useIdempotentCreate();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  return (
    <Card title={t("qa.title")} size="small">
      <List dataSource={questions} locale={{ emptyText: <Typography.Text type="secondary">{t("qa.none")}</Typography.Text> }} loadMore={more} renderItem={(q) => (
        <List.Item>
          <List.Item.Meta title={<span>{t("qa.q")}{t("common.colon")}{q.text}</span>} description={q.answer ? `${t("qa.a")}${t("common.colon")}${q.answer}` : t("qa.unanswered")} />
          {owner && !q.answer && (
            <Space.Compact>
              <Input placeholder={t("qa.answer")} value={answers[q.id] ?? ""} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} aria-label={t("qa.answer")} />
              <Button onClick={() => onAnswer(q.id, answers[q.id] ?? "").then(() => setAnswers(({ [q.id]: _, ...rest }) => rest), () => undefined)}>{t("actions.answer")}</Button>
            </Space.Compact>
          )}
        </List.Item>
      )} />
      {canAsk && (
        <Space.Compact style={{ width: "100%", marginTop: 8 }}>
          <Input placeholder={t("qa.ask")} value={text} onChange={(e) => setText(e.target.value)} aria-label={t("qa.ask")} />
          <Button type="primary" onClick={() => once((key) => onAsk(text, key)).then(() => setText(""), () => undefined)}>{t("actions.ask")}</Button>
        </Space.Compact>
      )}
    </Card>
  );
}

function ActionModals({ challenge, round, open, close, submit, busy }: {
  challenge: string; round?: { n: number; name: string }; open: null | string; close: () => void; busy: boolean;
  submit: (kind: string, values: unknown) => void;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const [form] = Form.useForm();
  const chosen: string[] = Form.useWatch("user_ids", form) ?? [];
  const experts = useUsers({ role: "expert" }, { limit: 100, enabled: open === "reviewers" });
  const titles: Record<string, string> = {
    approve: t("actions.approve"), return: t("actions.return"), reject: t("actions.reject"), reviewers: t("actions.assignReviewers"),
    fail: t("actions.fail"), cancel: t("actions.cancel"),
  };
  return (
    <Modal open={!!open} title={open ? titles[open] : ""} onCancel={close} confirmLoading={busy} destroyOnHidden
      onOk={async () => {
        // A refused field shows its message on the field; nothing is sent.
        const values = await form.validateFields().catch(() => null);
        if (values) submit(open!, values);
      }} okText={t("common.ok")} cancelText={t("common.cancel")}>
      <Form form={form} layout="vertical" preserve={false}>
        {open === "approve" && (
          <>
            <Form.Item name="category" label={t("challenge.category")} rules={[{ required: true, message: t("form.required") }]}>
              <Select options={ref.categoryOptions} />
            </Form.Item>
            <Form.Item name="funding_cap" label={t("challenge.fundingCap")} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 0, 50_000_000)]}>
              <InputNumber step={100_000} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="max_winners" label={t("challenge.maxWinners")} initialValue={1} extra={t("challenge.maxWinnersHint")} rules={[rangeRule(t, 1, 10)]}>
              <InputNumber min={1} max={10} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="bid_deadline" label={`${t("challenge.deadline")}${t("common.zone")}`} rules={[{ required: true, message: t("form.required") }]}>
              <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), "day")} style={{ width: "100%" }} />
            </Form.Item>
            <RoundsEditor />
          </>
        )}
        {open === "reviewers" && round && (
          <Typography.Paragraph strong>{t("rounds.assigning", { n: round.n, name: round.name })}</Typography.Paragraph>
        )}
        {open === "reviewers" && (
          <SuggestedExperts challenge={challenge} chosen={chosen} onUse={(id) => form.setFieldsValue({ user_ids: [...chosen, id] })} />
        )}
        {open === "reviewers" && (
          <Form.Item name="user_ids" label={t("review.experts")} rules={[{ required: true, message: t("form.required") }]} extra={t("review.conflictHint")}>
            <Select mode="multiple" loading={experts.isLoading} showSearch optionFilterProp="label"
              options={experts.items.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
              popupRender={(menu) => <>{menu}<More list={experts} /></>} />
          </Form.Item>
        )}
        {open && ["return", "reject", "fail", "cancel"].includes(open) && (
          <Form.Item name="reason" label={t("challenge.reason")} rules={[{ required: true, message: t("form.required") }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

// Ranking is the bids best first; a program manager proposes the winner (or,
// when the challenge funds several teams, up to max_winners of them) and the
// owner confirms, asked first, naming every winner.
function Ranking({ challenge: c, items, onPropose, onConfirm }: {
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
