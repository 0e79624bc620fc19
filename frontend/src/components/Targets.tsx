import { useState } from "react";
import { Button, Card, Form, InputNumber, List, Modal, Progress, Space, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useAction } from "../api/resources";
import type { Target } from "../api/types";
import { money } from "./common";
import { rangeRule } from "./forms";

// Targets shows a year's targets (年度目标) against the actual values the
// server computes, as progress bars; program managers and admins set them.
export function Targets({ year, editable }: { year: number; editable: boolean }) {
  const { t } = useTranslation();
  const key = ["targets", year];
  const targets = useQuery({ queryKey: key, queryFn: () => api<{ items: Target[] }>("/portfolio/targets", { query: { year } }) });
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const save = useAction((v: Record<string, number | null>) => api(`/portfolio/targets/${year}`, {
    method: "PUT", body: { items: Object.entries(v).filter(([, x]) => x != null).map(([k, x]) => ({ key: k, target: x })) },
  }), { done: t("done.saved"), refresh: [key], onDone: () => setEditing(false) });
  const items = targets.data?.items ?? [];
  const show = (k: string, v: number) => (k === "matching_funds" ? money(v) : k === "share_315" ? `${v.toFixed(1)}%` : v.toLocaleString("zh-CN"));
  return (
    <Card size="small" title={t("targets.title", { year })} loading={targets.isLoading}
      extra={editable && <Button size="small" onClick={() => { form.setFieldsValue(Object.fromEntries(items.map((i) => [i.key, i.target]))); setEditing(true); }}>{t("targets.edit")}</Button>}>
      <List dataSource={items} renderItem={(i) => (
        <List.Item>
          <Space direction="vertical" style={{ width: "100%" }} size={0}>
            <Typography.Text>{t(`targets.key.${i.key}`)}{t("common.colon")}{show(i.key, i.actual)}
              {i.target != null && <Typography.Text type="secondary"> / {show(i.key, i.target)}</Typography.Text>}</Typography.Text>
            {i.target != null && i.target > 0
              ? <Progress percent={Math.min(100, Math.round((i.actual / i.target) * 100))} size="small" format={(p) => `${p}%`}
                aria-label={t(`targets.key.${i.key}`)} />
              : <Typography.Text type="secondary">{t("targets.unset")}</Typography.Text>}
          </Space>
        </List.Item>
      )} />
      <Modal open={editing} title={t("targets.title", { year })} okText={t("targets.save")} confirmLoading={save.isPending}
        onCancel={() => setEditing(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} name="targets" layout="vertical" onFinish={(v) => save.mutate(v)}>
          {items.map((i) => (
            <Form.Item key={i.key} name={i.key} label={t(`targets.key.${i.key}`)} rules={[rangeRule(t, 0, i.key === "share_315" ? 100 : undefined)]}>
              <InputNumber style={{ width: 200 }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Card>
  );
}
