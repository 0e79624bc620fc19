import { Button, Card, Form, Input, InputNumber, Space, Steps, Table, Tag, Typography } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { Challenge, Reviewer, Round } from "../api/types";
import { Confirm } from "./confirm";
import { dateTime } from "./common";
import { rangeRule } from "./forms";

// RoundsEditor sets a challenge's review rounds (以赛代评) in the approval
// dialog: none is one round; otherwise each round's name and weight (the
// weights sum to 100) and, for every round but the last, how many bids go
// through to the next. The server checks the same rules and names the field.
export function RoundsEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="rounds" rules={[{
      validator: async (_, rounds?: Round[]) => {
        if (!rounds || rounds.length === 0) return;
        const sum = rounds.reduce((n, r) => n + (r?.weight ?? 0), 0);
        if (rounds.length === 1) throw new Error(t("rounds.atLeastTwo"));
        if (sum !== 100) throw new Error(t("rounds.weightsSum", { sum }));
      },
    }]}>
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t("rounds.title")} extra={t("rounds.hint")}>
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline" wrap>
              <Form.Item name={[f.name, "name"]} rules={[{ required: true, whitespace: true, message: t("form.required") }, { max: 50 }]}>
                <Input placeholder={t("rounds.name")} aria-label={t("rounds.nameN", { n: i + 1 })} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={[f.name, "weight"]} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1, 100)]}>
                <InputNumber placeholder={t("rounds.weight")} aria-label={t("rounds.weightN", { n: i + 1 })} addonAfter="%" style={{ width: 120 }} />
              </Form.Item>
              {i < fields.length - 1 && (
                <Form.Item name={[f.name, "shortlist"]} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1, 100)]}>
                  <InputNumber placeholder={t("rounds.shortlist")} aria-label={t("rounds.shortlistN", { n: i + 1 })} style={{ width: 140 }} />
                </Form.Item>
              )}
              <MinusCircleOutlined aria-label={t("rounds.remove")} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} disabled={fields.length >= 5}>{t("rounds.add")}</Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

// RoundBoard is the review's progress for program managers: the rounds and
// the one under review, each round's experts and who has submitted, and the
// closing of a round (asked first: it shortlists for good).
export function RoundBoard({ challenge: c, reviewers, busy, onClose }: {
  challenge: Challenge; reviewers: Reviewer[]; busy: boolean; onClose: (round: number) => void;
}) {
  const { t } = useTranslation();
  const rounds = c.rounds;
  const current = c.current_round ?? 1;
  const several = rounds.length > 1;
  const mine = reviewers.filter((r) => !several || r.round === current);
  const active = mine.filter((r) => !r.conflict_declared);
  const complete = active.length >= 3 && active.every((r) => r.submitted_at);
  const closable = several && c.status === "in_review" && current < rounds.length;
  return (
    <Card size="small" title={t("ranking.progress", { done: active.filter((r) => r.submitted_at).length, n: active.length })}
      extra={closable && (
        <Confirm title={t("rounds.confirmClose", { n: current, name: rounds[current - 1].name, k: rounds[current - 1].shortlist ?? 0 })}
          onConfirm={() => onClose(current)}>
          <Button size="small" type="primary" disabled={!complete} loading={busy}>{t("rounds.close", { n: current })}</Button>
        </Confirm>
      )}>
      {several && (
        <Steps size="small" current={c.status === "in_review" ? current - 1 : rounds.length} style={{ marginBottom: 12 }}
          items={rounds.map((r, i) => ({
            title: `${t("rounds.roundN", { n: i + 1 })} ${r.name}`,
            description: i < rounds.length - 1 ? t("rounds.weightShortlist", { w: r.weight, k: r.shortlist }) : t("rounds.weightOnly", { w: r.weight }),
          }))} />
      )}
      {closable && !complete && <Typography.Text type="secondary">{t("rounds.waiting")}</Typography.Text>}
      <Table rowKey={(r) => `${r.round}-${r.expert_id}`} size="small" pagination={false} dataSource={reviewers} columns={[
        ...(several ? [{ title: t("rounds.round"), dataIndex: "round", render: (n: number) => t("rounds.roundN", { n }) }] : []),
        { title: t("ranking.expert"), dataIndex: "expert_name" },
        { title: t("ranking.assigned"), dataIndex: "assigned_at", render: dateTime },
        {
          title: t("challenge.status"), key: "state", render: (_: unknown, r: Reviewer) => r.conflict_declared
            ? <Tag>{t("review.conflicted")}</Tag>
            : r.submitted_at ? <Tag color="green">{t("review.submitted")} · {dateTime(r.submitted_at)}</Tag> : <Tag color="gold">{t("review.todo")}</Tag>,
        },
      ]} />
    </Card>
  );
}
