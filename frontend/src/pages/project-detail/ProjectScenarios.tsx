import { useState } from "react";
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { Documents } from "../../components/Documents";
import { api } from "../../api/client";
import { projectKeys, useProjectApplications, useScenarios } from "../../api/resources";
import type { Project, ScenarioApplication } from "../../api/types";
import { useIdempotentCreate } from "../../components/forms";
import { FormErrors, useServerSubmit } from "../../components/submit";
import { QueryState } from "../../components/states";
import { AppStatus } from "../ScenarioDetail";

// ProjectScenarios is a project's applications to application scenarios: its
// lead applies while the project is in research or validation, and records
// the trial's result in validation; both are evidence for the stage gates.
export function ProjectScenarios({ project, lead }: { project: Project; lead: boolean }) {
  const { t } = useTranslation();
  const [applying, setApplying] = useState(false);
  const [recording, setRecording] = useState<ScenarioApplication | null>(null);
  const qc = useQueryClient();
  const apps = useProjectApplications(project.id);
  const items = apps.data?.items ?? [];
  const canApply = lead && ["research", "validation"].includes(project.stage);
  // An application and a trial's result are gate evidence: the whole project page refreshes.
  const refresh = () => projectKeys(project.id).forEach((k) => void qc.invalidateQueries({ queryKey: k }));
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {canApply && <Alert type="info" showIcon message={t("scenario.applyHint")} />}
      {canApply && <Button type="primary" onClick={() => setApplying(true)}>{t("scenario.apply")}</Button>}
      <QueryState loading={apps.isLoading} error={apps.error} empty={items.length === 0}>
        <Table rowKey="id" size="small" dataSource={items} pagination={false} scroll={{ x: 560 }}
          expandable={{ expandedRowRender: (a) => <Documents parent={`/scenario-applications/${a.id}`} editable={lead && a.status !== "declined" && !a.result}
            kinds={["trial_report", "other"]} title={t("documents.title")} /> }}
          columns={[
          { title: t("scenario.pick"), dataIndex: "scenario_title", render: (title, a) => <Link to={`/scenarios/${a.scenario_id}`}>{title}</Link> },
          { title: t("challenge.status"), key: "status", render: (_, a) => <AppStatus a={a} /> },
          { title: t("scenario.plan"), dataIndex: "plan", ellipsis: true },
          {
            title: "", key: "actions", render: (_, a) => lead && project.stage === "validation" && a.status === "accepted" && !a.result && (
              <Button size="small" onClick={() => setRecording(a)}>{t("scenario.record")}</Button>
            ),
          },
        ]} />
      </QueryState>
      <ApplyForm open={applying} project={project} onClose={() => setApplying(false)} onDone={refresh} />
      <ResultForm application={recording} onClose={() => setRecording(null)} onDone={refresh} />
    </Space>
  );
}

function ApplyForm({ open, project, onClose, onDone }: { open: boolean; project: Project; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ scenario_id: string; plan: string }>();
  const { errors, busy, run } = useServerSubmit(form);
  const create = useIdempotentCreate();
  const [q, setQ] = useState("");
  const found = useScenarios({ q }, { limit: 20, enabled: open });
  const req = [{ required: true, message: t("form.required") }];
  const save = () => run(async () => {
    const v = await form.validateFields();
    await create((key) => api(`/scenarios/${v.scenario_id}/applications`, {
      method: "POST", body: { project_id: project.id, plan: v.plan }, idempotencyKey: key,
    }));
    message.success(t("scenario.applied"));
    onClose();
    onDone();
  });
  return (
    <Modal open={open} title={t("scenario.apply")} onCancel={onClose} onOk={save} confirmLoading={busy}
      okText={t("common.ok")} cancelText={t("common.cancel")} destroyOnHidden>
      <FormErrors errors={errors} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="scenario_id" label={t("scenario.pick")} rules={req}>
          <Select showSearch filterOption={false} onSearch={setQ} loading={found.isFetching} placeholder={t("scenario.search")}
            options={found.items.map((s) => ({ value: s.id, label: s.title }))} />
        </Form.Item>
        <Form.Item name="plan" label={t("scenario.plan")} rules={[...req, { max: 10000, message: t("form.length", { min: 1, max: 10000 }) }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResultForm({ application, onClose, onDone }: { application: ScenarioApplication | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ result: string; report: string }>();
  const { errors, busy, run } = useServerSubmit(form);
  const req = [{ required: true, message: t("form.required") }];
  const save = () => run(async () => {
    const v = await form.validateFields();
    await api(`/scenario-applications/${application!.id}/result`, { method: "POST", body: v });
    message.success(t("scenario.recorded"));
    onClose();
    onDone();
  });
  return (
    <Modal open={!!application} title={t("scenario.record")} onCancel={onClose} onOk={save} confirmLoading={busy}
      okText={t("common.ok")} cancelText={t("common.cancel")} destroyOnHidden>
      <Alert type="info" showIcon message={t("scenario.resultHint")} style={{ marginBottom: 12 }} />
      <FormErrors errors={errors} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="result" label={t("scenario.result")} rules={req}>
          <Select options={["passed", "failed"].map((r) => ({ value: r, label: t(`trialResult.${r}`) }))} />
        </Form.Item>
        <Form.Item name="report" label={t("scenario.report")} rules={[...req, { max: 20000, message: t("form.length", { min: 1, max: 20000 }) }]}>
          <Input.TextArea rows={5} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
