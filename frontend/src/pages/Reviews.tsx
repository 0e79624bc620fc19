import { useEffect, useRef, useState } from "react";
import { App, Button, Card, Col, Empty, Form, Input, InputNumber, List, Modal, Row, Space, Statistic, Tag, Typography, type FormInstance } from "antd";
import { useTranslation } from "react-i18next";
import { Documents } from "../components/Documents";
import { PartnerTags } from "../components/Partners";
import { applyServerErrors, rangeRule } from "../components/forms";
import { ApiError, api } from "../api/client";
import { keys, useAction, useReviewTasks } from "../api/resources";
import { More } from "../components/More";
import type { Bid, ReviewTask, Score } from "../api/types";
import { StatusTag, money } from "../components/common";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const rubric = [
  { key: "technical", max: 40 },
  { key: "feasibility", max: 30 },
  { key: "team", max: 20 },
  { key: "budget", max: 10 },
] as const;

// Reviews is the expert's workspace (以赛代评): assigned challenges, their bids
// side by side with the rubric, live totals, a conflict declaration, submit.
export default function Reviews() {
  const { t } = useTranslation();
  const tasks = useReviewTasks();
  const [open, setOpen] = useState<string | null>(null);
  const task = tasks.items.find((x) => x.challenge.id === open) ?? tasks.items.find((x) => !x.submitted_at && !x.conflict_declared);
  return (
    <div>
      <PageHeader title={t("review.title")} />
      <QueryState loading={tasks.isLoading} error={tasks.error} empty={tasks.items.length === 0}>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <List bordered dataSource={tasks.items} loadMore={<More list={tasks} />} renderItem={(x) => (
              <List.Item onClick={() => setOpen(x.challenge.id)} style={{ cursor: "pointer", background: x.challenge.id === task?.challenge.id ? "#e6f0ff" : undefined }}>
                <List.Item.Meta title={x.challenge.title}
                  description={<>
                    {x.challenge.rounds.length > 1 && <Tag>{t("rounds.roundN", { n: x.round })} {x.challenge.rounds[x.round - 1]?.name}</Tag>}
                    {x.conflict_declared ? t("review.conflicted") : x.submitted_at ? t("review.submitted") : t("review.todo")}
                  </>} />
              </List.Item>
            )} />
          </Col>
          <Col xs={24} md={18}>{task ? <Workspace key={`${task.challenge.id}-${task.round}`} task={task} /> : <Empty description={t("review.pick")} />}</Col>
        </Row>
      </QueryState>
    </div>
  );
}

function Workspace({ task }: { task: ReviewTask }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const locked = !!task.submitted_at || task.conflict_declared;
  const submit = useAction(() => api(`/challenges/${task.challenge.id}/scores/submit`, { method: "POST", body: { round: task.round } }), {
    done: t("done.scoresSubmitted"), refresh: [keys.reviews(), keys.workbench()],
  });
  const conflict = useAction((reason: string) => api(`/challenges/${task.challenge.id}/conflict`, { method: "POST", body: { reason } }), {
    done: t("done.conflict"), refresh: [keys.reviews(), keys.workbench()],
  });
  const scored = new Set(task.my_scores.map((s) => s.bid_id));
  // Edits not yet saved, by bid: submitting saves them first; leaving the
  // page with any asks the browser to warn.
  const forms = useRef(new Map<string, FormInstance>());
  const [dirty, setDirty] = useState<Set<string>>(new Set());
  const mark = (id: string, isDirty: boolean) => setDirty((d) => {
    if (d.has(id) === isDirty) return d;
    const n = new Set(d);
    if (isDirty) n.add(id);
    else n.delete(id);
    return n;
  });
  useEffect(() => {
    if (dirty.size === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty.size]);
  const saveDirtyThenSubmit = async () => {
    for (const id of dirty) {
      const form = forms.current.get(id);
      if (!form) continue;
      const v = await form.validateFields().catch(() => {
        message.error(t("review.fixFirst"));
        throw new Error("invalid scores");
      });
      await api(`/bids/${id}/score`, { method: "PUT", body: { ...v, round: task.round } }).catch((e) => {
        message.error(errorText(t, e));
        throw e;
      });
      mark(id, false);
    }
    await submit.mutateAsync();
  };
  const ready = task.bids.every((b) => scored.has(b.id) || dirty.has(b.id));
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{task.challenge.title}</Typography.Title>
        <StatusTag status={task.challenge.status} />
        {task.challenge.rounds.length > 1 && (
          <Tag color="blue">{t("rounds.reviewing", { n: task.round, name: task.challenge.rounds[task.round - 1]?.name ?? "" })}</Tag>
        )}
      </Space>
      <Row gutter={[12, 12]}>
        {task.bids.map((b, i) => (
          <Col key={b.id} xs={24} lg={Math.max(8, Math.floor(24 / Math.max(task.bids.length, 1)))}>
            <BidScore index={i + 1} bid={b} round={task.round} score={task.my_scores.find((s) => s.bid_id === b.id)} locked={locked}
              onSaved={() => mark(b.id, false)} onEdit={() => mark(b.id, true)} unsaved={dirty.has(b.id)}
              register={(f) => forms.current.set(b.id, f)} />
          </Col>
        ))}
      </Row>
      {!locked && (
        <Space>
          <Button type="primary" disabled={!ready} loading={submit.isPending}
            onClick={() => modal.confirm({
              title: dirty.size ? t("review.unsaved", { n: dirty.size }) : t("review.confirmSubmit"),
              content: dirty.size ? t("review.confirmSubmit") : undefined,
              okText: dirty.size ? t("review.saveAndSubmit") : undefined,
              onOk: saveDirtyThenSubmit,
            })}>
            {t("actions.submitScores")}
          </Button>
          <Button danger onClick={() => {
            let reason = "";
            Modal.confirm({
              title: t("review.declareConflict"),
              content: <Input.TextArea aria-label={t("challenge.reason")} onChange={(e) => { reason = e.target.value; }} />,
              onOk: () => conflict.mutateAsync(reason),
            });
          }}>{t("review.declareConflict")}</Button>
        </Space>
      )}
    </Space>
  );
}

function BidScore({ index, bid, round, score, locked, onSaved, onEdit, register, unsaved }: {
  index: number; bid: Bid; round: number; score?: Score; locked: boolean; onSaved: () => void; onEdit: () => void;
  register: (f: FormInstance) => void; unsaved: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  useEffect(() => {
    register(form);
  }, [form, register]);
  const values = Form.useWatch([], form) as Partial<Record<string, number>> | undefined;
  const total = rubric.reduce((sum, r) => sum + (Number(values?.[r.key]) || 0), 0);
  // A refused score shows on its field; anything else is said in a toast.
  const save = useAction((v: Record<string, unknown>) => api(`/bids/${bid.id}/score`, { method: "PUT", body: { ...v, round } }), {
    done: t("done.scored"), refresh: [keys.reviews()], onDone: () => onSaved(),
    onError: (e) => e instanceof ApiError && e.status === 422 && applyServerErrors(form, e).length === 0,
  });
  return (
    <Card size="small" title={t("review.bidN", { n: index })} extra={unsaved ? <Typography.Text type="warning">● {t("review.notSaved")}</Typography.Text> : score ? <span>✓ {t("review.saved")}</span> : null}>
      <Typography.Paragraph strong>{bid.summary}</Typography.Paragraph>
      {bid.partners.length > 0 && <Typography.Paragraph>{t("bid.partners")}{t("common.colon")}<PartnerTags bid={bid} /></Typography.Paragraph>}
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 4, expandable: true, symbol: t("common.more") }}>{bid.approach}</Typography.Paragraph>
      <Typography.Paragraph>
        {t("bid.leadScientist")}{t("common.colon")}{bid.team.lead_scientist}{t("common.paren", { x: bid.team.size })}· {t("bid.budget")}{t("common.colon")}{money(bid.budget)}
      </Typography.Paragraph>
      <Documents parent={`/bids/${bid.id}`} editable={false} kinds={[]} title={t("bid.attached")} />
      <Form form={form} name={`score-${bid.id}`} layout="horizontal" size="small" disabled={locked} initialValues={score ?? {}}
        onValuesChange={onEdit}
        onFinish={(v) => save.mutate(v)} labelCol={{ span: 10 }}>
        {rubric.map((r) => (
          <Form.Item key={r.key} name={r.key} label={`${t(`review.${r.key}`)} (0–${r.max})`} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 0, r.max)]}>
            <InputNumber />
          </Form.Item>
        ))}
        <Form.Item name="comment" label={t("review.comment")}><Input.TextArea rows={2} /></Form.Item>
        <Space style={{ justifyContent: "space-between", width: "100%" }}>
          <Statistic title={t("review.total")} value={total} suffix="/ 100" />
          {!locked && <Button htmlType="submit" loading={save.isPending}>{t("actions.saveScore")}</Button>}
        </Space>
      </Form>
    </Card>
  );
}
