import { useState } from "react";
import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { projectKeys, useAction, useCreateForm } from "../../api/resources";
import type { AwardResult, ExternalAward, Recommendation } from "../../api/types";
import { Confirm } from "../../components/confirm";
import { money } from "../../components/common";
import { rangeRule } from "../../components/forms";

const day = (d?: Dayjs) => d?.format("YYYY-MM-DD");
const awardsKey = (project: string) => ["external-awards", project];
const recommendationsKey = (project: string) => ["recommendations", project];

// MatchingNote says what an award's matching came to: the whole 1:1 line,
// a line cut by the 5000万 ceiling, none, or declined.
function MatchingNote({ result }: { result: AwardResult }) {
  const { t } = useTranslation();
  const m = result.matching_line?.amount ?? 0;
  if (result.capped) {
    return <Alert type="warning" showIcon message={t("award.capped", { requested: money(result.matching_requested), amount: money(m) })}
      description={t(`award.cappedWhy.${result.capped_reason}`)} />;
  }
  return <Alert type="success" showIcon message={result.matching_line ? t("award.matched", { amount: money(m) }) : t("award.noMatching")} />;
}

// ExternalAwards (省市联动) lists a project's provincial and national awards
// with the municipal matching each brought; program managers record them.
export function ExternalAwards({ project, pm, underWay }: { project: string; pm: boolean; underWay: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [last, setLast] = useState<AwardResult | null>(null);
  const awards = useQuery({ queryKey: awardsKey(project), queryFn: () => api<{ items: ExternalAward[] }>(`/projects/${project}/external-awards`) });
  const record = useCreateForm(form, (v: { awarded_on: Dayjs; match: boolean } & Record<string, unknown>, key) =>
    api<AwardResult>(`/projects/${project}/external-awards`, { method: "POST", idempotencyKey: key, body: { ...v, awarded_on: day(v.awarded_on) } })
      .then((r) => setLast(r)),
  { done: t("award.recorded"), refresh: [awardsKey(project), ...projectKeys(project)] });
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Table rowKey="id" size="small" pagination={false} loading={awards.isLoading} dataSource={awards.data?.items ?? []} scroll={{ x: 600 }}
        locale={{ emptyText: t("award.none") }} columns={[
          { title: t("award.level"), dataIndex: "level", render: (v: string) => t(`award.levels.${v}`) },
          { title: t("award.programme"), dataIndex: "programme" },
          { title: t("award.amount"), dataIndex: "amount", align: "right", render: money },
          { title: t("award.awardedOn"), dataIndex: "awarded_on" },
          {
            title: t("award.matching"), key: "matching", render: (_, a) => (
              <>
                {a.matching_declined ? <Tag>{t("award.declined")}</Tag> : a.matching_line_id ? <Tag color="green">{t("award.hasMatching")}</Tag> : null}
                {a.capped_reason && <Tag color="orange">{t(`award.cappedShort.${a.capped_reason}`)}</Tag>}
              </>
            ),
          },
        ]} />
      {last && <MatchingNote result={last} />}
      {pm && underWay && (
        <Form form={form} name="externalAward" layout="inline" onFinish={(v) => record.mutate(v)} initialValues={{ level: "provincial", match: true }}>
          <Form.Item name="level"><Select aria-label={t("award.level")} style={{ width: 110 }}
            options={["provincial", "national"].map((k) => ({ value: k, label: t(`award.levels.${k}`) }))} /></Form.Item>
          <Form.Item name="programme" rules={[{ required: true, message: t("form.required") }]}>
            <Input placeholder={t("award.programmeHint")} aria-label={t("award.programme")} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="amount" rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1)]}>
            <InputNumber placeholder={t("award.amount")} aria-label={t("award.amount")} style={{ width: 160 }} step={1000000} />
          </Form.Item>
          <Form.Item name="awarded_on" rules={[{ required: true, message: t("form.required") }]}>
            <DatePicker aria-label={t("award.awardedOn")} placeholder={t("award.awardedOn")} />
          </Form.Item>
          <Form.Item name="match" valuePropName="checked"><Checkbox>{t("award.match")}</Checkbox></Form.Item>
          <Button htmlType="submit" type="primary" loading={record.isPending}>{t("award.record")}</Button>
        </Form>
      )}
    </Space>
  );
}

// Recommendations (推荐申报) of the project to provincial and national
// programmes, followed to their outcome; program managers only.
export function Recommendations({ project, open }: { project: string; open: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [outcome] = Form.useForm();
  const [awarding, setAwarding] = useState<Recommendation | null>(null);
  const list = useQuery({ queryKey: recommendationsKey(project),
    queryFn: () => api<{ items: Recommendation[] }>("/recommendations", { query: { project_id: project, limit: 100 } }) });
  const refresh = [recommendationsKey(project), awardsKey(project), ...projectKeys(project)];
  const recommend = useCreateForm(form, (v: Record<string, unknown>, key) =>
    api("/recommendations", { method: "POST", idempotencyKey: key, body: { ...v, project_id: project } }), { done: t("recommendation.done"), refresh });
  const decide = useAction((v: { rec: Recommendation; awarded: boolean; amount?: number; awarded_on?: Dayjs }) =>
    api(`/recommendations/${v.rec.id}/outcome`, { method: "POST", body: { awarded: v.awarded, amount: v.amount, awarded_on: day(v.awarded_on), version: v.rec.version } }),
  { done: t("recommendation.decided"), refresh, onDone: () => setAwarding(null) });
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Text type="secondary">{t("recommendation.hint")}</Typography.Text>
      <Table rowKey="id" size="small" pagination={false} loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 600 }}
        locale={{ emptyText: t("recommendation.none") }} columns={[
          { title: t("recommendation.year"), dataIndex: "year" },
          { title: t("award.level"), dataIndex: "level", render: (v: string) => t(`award.levels.${v}`) },
          { title: t("award.programme"), dataIndex: "programme" },
          { title: t("recommendation.status"), dataIndex: "status", render: (v: string) => <Tag color={v === "awarded" ? "green" : v === "not_awarded" ? "default" : "blue"}>{t(`recommendation.statuses.${v}`)}</Tag> },
          {
            title: "", key: "act", render: (_, r) => r.status === "recommended" && (
              <Space>
                <Button size="small" type="link" onClick={() => setAwarding(r)}>{t("recommendation.awarded")}</Button>
                <Confirm title={t("recommendation.confirmNot", { programme: r.programme })} onConfirm={() => decide.mutate({ rec: r, awarded: false })}>
                  <Button size="small" type="link">{t("recommendation.notAwarded")}</Button>
                </Confirm>
              </Space>
            ),
          },
        ]} />
      {open && (
        <Form form={form} name="recommendation" layout="inline" onFinish={(v) => recommend.mutate(v)} initialValues={{ level: "provincial", year: new Date().getFullYear() }}>
          <Form.Item name="level"><Select aria-label={t("award.level")} style={{ width: 110 }}
            options={["provincial", "national"].map((k) => ({ value: k, label: t(`award.levels.${k}`) }))} /></Form.Item>
          <Form.Item name="programme" rules={[{ required: true, message: t("form.required") }]}>
            <Input placeholder={t("award.programmeHint")} aria-label={t("award.programme")} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="year" rules={[rangeRule(t, 2020, 2100)]}><InputNumber aria-label={t("recommendation.year")} style={{ width: 100 }} /></Form.Item>
          <Button htmlType="submit" loading={recommend.isPending}>{t("recommendation.add")}</Button>
        </Form>
      )}
      <Modal open={!!awarding} title={t("recommendation.awardTitle", { programme: awarding?.programme })} okText={t("recommendation.awarded")}
        confirmLoading={decide.isPending} onCancel={() => setAwarding(null)} onOk={() => outcome.submit()} destroyOnHidden>
        <Form form={outcome} name="outcome" layout="vertical"
          onFinish={(v: { amount: number; awarded_on?: Dayjs }) => awarding && decide.mutate({ rec: awarding, awarded: true, ...v })}>
          <Form.Item name="amount" label={t("award.amount")} rules={[{ required: true, message: t("form.required") }, rangeRule(t, 1)]}>
            <InputNumber style={{ width: 220 }} step={1000000} />
          </Form.Item>
          <Form.Item name="awarded_on" label={t("award.awardedOn")}><DatePicker /></Form.Item>
          <Typography.Text type="secondary">{t("recommendation.matchNote")}</Typography.Text>
        </Form>
      </Modal>
    </Space>
  );
}
