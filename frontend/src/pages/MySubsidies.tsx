import { useState } from "react";
import { Alert, Button, Card, Col, Empty, Form, InputNumber, Modal, Row, Table, Tag } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { usePages } from "../api/hooks";
import { useAction, useCreateForm } from "../api/resources";
import type { Declaration, MySubsidy } from "../api/types";
import { dateTime, money } from "../components/common";
import { rangeRule } from "../components/forms";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

const declarationsKey = ["declarations", "mine"];
const subsidiesKey = ["my-subsidies"];

// MySubsidies is 研值在线 for an enterprise: it declares each year's R&D
// expense (editable until the year's batch is approved) and sees its
// subsidy once the bureau publishes the batch.
export default function MySubsidies() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [editing, setEditing] = useState<Declaration | null>(null);
  const [editForm] = Form.useForm();
  const declarations = usePages<Declaration>(declarationsKey, "/rd-declarations");
  const subsidies = useQuery({ queryKey: subsidiesKey, queryFn: () => api<{ items: MySubsidy[] }>("/my/subsidies") });
  const declare = useCreateForm(form, (v: Record<string, number>, key) => api("/rd-declarations", { method: "POST", idempotencyKey: key, body: v }),
    { done: t("subsidy.declared"), refresh: [declarationsKey] });
  const update = useAction((v: Record<string, number>) => api(`/rd-declarations/${editing?.id}`, { method: "PATCH", body: { ...v, version: editing?.version } }),
    { done: t("done.saved"), refresh: [declarationsKey], onDone: () => setEditing(null) });
  const req = [{ required: true, message: t("form.required") }];
  const figures = (
    <>
      <Form.Item name="rd_expense" label={t("subsidy.rdExpense")} rules={[...req, rangeRule(t, 0)]}><InputNumber style={{ width: 220 }} step={100000} /></Form.Item>
      <Form.Item name="revenue" label={t("subsidy.revenue")} rules={[...req, rangeRule(t, 0)]}><InputNumber style={{ width: 220 }} step={1000000} /></Form.Item>
      <Form.Item name="rd_staff" label={t("subsidy.rdStaff")} rules={[...req, rangeRule(t, 0)]}><InputNumber style={{ width: 220 }} /></Form.Item>
    </>
  );
  return (
    <div>
      <PageHeader title={t("subsidy.mine")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t("subsidy.myLines")}>
            <QueryState loading={subsidies.isLoading} error={subsidies.error}>
              <Table rowKey="batch_id" size="small" pagination={false} dataSource={subsidies.data?.items ?? []}
                locale={{ emptyText: <Empty description={t("subsidy.noneYet")} /> }} columns={[
                  { title: t("subsidy.year"), dataIndex: "year" },
                  { title: t("subsidy.tier"), dataIndex: "tier", render: (v: string, l) => <>{t(`tier.${v}`)}{l.tier_changed && <Tag color="orange" style={{ marginLeft: 6 }}>{t("subsidy.tierChanged")}</Tag>}</> },
                  { title: t("subsidy.rdExpense"), dataIndex: "rd_expense", align: "right", render: money },
                  { title: t("subsidy.computedAmount"), dataIndex: "computed", align: "right", render: money },
                  { title: t("subsidy.amount"), dataIndex: "amount", align: "right", render: (v: number) => <strong>{money(v)}</strong> },
                  { title: t("subsidy.publishedAt"), dataIndex: "published_at", render: dateTime },
                ]} />
            </QueryState>
          </Card>
          <Card title={t("subsidy.myDeclarations")} style={{ marginTop: 16 }}>
            <QueryState loading={declarations.isLoading} error={declarations.error}>
              <Table rowKey="id" size="small" pagination={false} dataSource={declarations.items}
                locale={{ emptyText: <Empty description={t("subsidy.noDeclarations")} /> }} columns={[
                  { title: t("subsidy.year"), dataIndex: "year" },
                  { title: t("subsidy.rdExpense"), dataIndex: "rd_expense", align: "right", render: money },
                  { title: t("subsidy.revenue"), dataIndex: "revenue", align: "right", render: money },
                  { title: t("subsidy.rdStaff"), dataIndex: "rd_staff", align: "right" },
                  { title: t("subsidy.source"), dataIndex: "source", render: (v: string) => t(`subsidy.sources.${v}`) },
                  {
                    title: "", key: "edit", render: (_, d) => (
                      <Button size="small" type="link" onClick={() => setEditing(d)}>{t("subsidy.edit")}</Button>
                    ),
                  },
                ]} />
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t("subsidy.declare")}>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("subsidy.declareHint")} />
            <Form form={form} name="declaration" layout="vertical" onFinish={(v) => declare.mutate(v)} initialValues={{ year: new Date().getFullYear() }}>
              <Form.Item name="year" label={t("subsidy.year")} rules={[...req, rangeRule(t, 2020, 2100)]}><InputNumber style={{ width: 120 }} /></Form.Item>
              {figures}
              <Button type="primary" htmlType="submit" loading={declare.isPending}>{t("subsidy.submitDeclaration")}</Button>
            </Form>
          </Card>
        </Col>
      </Row>
      <Modal open={!!editing} title={t("subsidy.editTitle", { year: editing?.year })} okText={t("subsidy.save")} confirmLoading={update.isPending}
        onCancel={() => setEditing(null)} onOk={() => editForm.submit()} destroyOnHidden>
        <Form key={editing?.id} form={editForm} name="declarationEdit" layout="vertical" initialValues={editing ?? undefined}
          onFinish={(v) => update.mutate(v)}>{figures}</Form>
      </Modal>
    </div>
  );
}
