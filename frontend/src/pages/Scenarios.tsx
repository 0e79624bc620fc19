import { useState } from "react";
import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../api/client";
import { keys, useScenarios } from "../api/resources";
import type { Scenario } from "../api/types";
import { useReference } from "../components/common";
import { More } from "../components/More";
import { QueryState } from "../components/states";
import { FormErrors, useServerSubmit } from "../components/submit";
import { useIdempotentCreate } from "../components/forms";
import { PageHeader } from "../layout/PageHeader";

// Scenarios lists the application scenarios on offer (应用场景), page by
// page through the API's cursors, with search and a field filter; any
// verified organization offers one.
export default function Scenarios() {
  const { t } = useTranslation();
  const ref = useReference();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const [field, setField] = useState<string>();
  const [offering, setOffering] = useState(false);
  const list = useScenarios({ q, field });
  const items = list.items;
  return (
    <div>
      <PageHeader title={t("scenario.title")} extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOffering(true)}>{t("scenario.new")}</Button>
      } />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("scenario.search")} onSearch={setQ} style={{ width: 260 }} aria-label={t("scenario.search")} />
        <Select allowClear placeholder={t("challenge.field")} value={field} onChange={setField} style={{ width: 200 }}
          options={ref.fieldOptions} aria-label={t("challenge.field")} />
      </Space>
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        <Table rowKey="id" dataSource={items} pagination={false} scroll={{ x: 760 }} columns={[
          { title: t("scenario.name"), dataIndex: "title", render: (v, s) => <Link to={`/scenarios/${s.id}`}>{v}</Link> },
          { title: t("scenario.provider"), dataIndex: "provider_name" },
          { title: t("challenge.field"), dataIndex: "field_id", render: (v) => (v ? ref.fieldName(v) : "—") },
          { title: t("scenario.capacity"), dataIndex: "capacity" },
          { title: t("scenario.window"), key: "window", render: (_, s) => `${s.available_from} ~ ${s.available_to}` },
        ]} />
        <More list={list} label={t("scenario.more")} />
      </QueryState>
      <ScenarioForm open={offering} onClose={() => setOffering(false)} onSaved={(s) => navigate(`/scenarios/${s.id}`)} />
    </div>
  );
}

interface ScenarioValues {
  title: string;
  description: string;
  field_id?: string;
  capacity?: string;
  window: [Dayjs, Dayjs];
}

// ScenarioForm offers a scenario, or edits one (its provider).
export function ScenarioForm({ open, onClose, onSaved, scenario }: {
  open: boolean; onClose: () => void; onSaved: (s: Scenario) => void; scenario?: Scenario;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScenarioValues>();
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const req = [{ required: true, message: t("form.required") }];
  const save = () => run(async () => {
    const v = await form.validateFields();
    const body = {
      title: v.title, description: v.description, field_id: v.field_id ?? "", capacity: v.capacity ?? "",
      available_from: v.window[0].format("YYYY-MM-DD"), available_to: v.window[1].format("YYYY-MM-DD"),
    };
    const saved = scenario
      ? await api<Scenario>(`/scenarios/${scenario.id}`, { method: "PATCH", body: { ...body, version: scenario.version } })
      : await create((key) => api<Scenario>("/scenarios", { method: "POST", body, idempotencyKey: key }));
    await qc.invalidateQueries({ queryKey: ["scenarios"] });
    qc.setQueryData(keys.scenario(saved.id), saved);
    message.success(t("done.saved"));
    onClose();
    onSaved(saved);
  });
  return (
    <Modal open={open} title={scenario ? t("scenario.edit") : t("scenario.new")} onCancel={onClose} onOk={save}
      confirmLoading={busy} okText={t("common.ok")} cancelText={t("common.cancel")} destroyOnHidden width={640}>
      <FormErrors errors={errors} />
      <Form form={form} layout="vertical" preserve={false} initialValues={scenario && {
        ...scenario, field_id: scenario.field_id || undefined, window: [dayjs(scenario.available_from), dayjs(scenario.available_to)],
      }}>
        <Form.Item name="title" label={t("scenario.name")} rules={[...req, { min: 4, max: 200, message: t("form.length", { min: 4, max: 200 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t("scenario.description")} rules={req}><Input.TextArea rows={4} /></Form.Item>
        <Form.Item name="field_id" label={t("challenge.field")}><Select allowClear showSearch optionFilterProp="label" options={ref.fieldOptions} /></Form.Item>
        <Form.Item name="capacity" label={t("scenario.capacity")}><Input maxLength={500} /></Form.Item>
        <Form.Item name="window" label={t("scenario.window")} rules={req}>
          <DatePicker.RangePicker style={{ width: "100%" }} placeholder={[t("scenario.from"), t("scenario.to")]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
