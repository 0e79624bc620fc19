import { useState } from "react";
import { Button, Input, Select, Space, Table } from "antd";
import { useTranslation } from "react-i18next";
import { Confirm } from "../components/confirm";
import { api } from "../api/client";
import { useAction, useOrganizationList } from "../api/resources";
import { More } from "../components/More";
import type { Organization } from "../api/types";
import { useAuth } from "../auth/auth";
import { StatusTag, useReference } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

export default function AdminOrganizations() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const [q, setQ] = useState("");
  const [type, setType] = useState<string>();
  const [status, setStatus] = useState<string>();
  const list = useOrganizationList({ q, type, status });
  const verify = useAction((o: Organization) => api(`/organizations/${o.id}/verify`, { method: "POST", body: { version: o.version } }), {
    done: t("done.verified"), refresh: [["organizations"], ["workbench"]],
  });
  return (
    <div>
      <PageHeader title={t("nav.organizations")} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("org.name")} onSearch={setQ} aria-label={t("org.name")} />
        <Select allowClear placeholder={t("org.type")} value={type} onChange={setType} style={{ width: 160 }} aria-label={t("org.type")}
          options={["enterprise", "research_institute", "university", "government", "financial", "other"].map((x) => ({ value: x, label: t(`orgType.${x}`) }))} />
        <Select allowClear placeholder={t("challenge.status")} value={status} onChange={setStatus} style={{ width: 140 }} aria-label={t("challenge.status")}
          options={["pending", "verified"].map((x) => ({ value: x, label: t(`status.${x}`) }))} />
      </Space>
      <QueryState loading={list.isLoading} error={list.error} empty={list.items.length === 0}>
        <Table rowKey="id" dataSource={list.items} pagination={false} scroll={{ x: 800 }} columns={[
          { title: t("org.name"), dataIndex: "name" },
          { title: t("org.type"), dataIndex: "type", render: (v) => t(`orgType.${v}`) },
          { title: t("org.creditCode"), dataIndex: "credit_code" },
          { title: t("org.district"), dataIndex: "district", render: (v) => (v ? ref.districtName(v) : "—") },
          { title: t("challenge.status"), dataIndex: "status", render: (s) => <StatusTag status={s} /> },
          {
            title: "", render: (_, o) => me?.role === "admin" && o.status === "pending"
              ? (
                <Confirm title={t("confirm.verify", { name: o.name })} onConfirm={() => verify.mutate(o)}>
                  <Button size="small" type="primary">{t("actions.verify")}</Button>
                </Confirm>
              ) : null,
          },
        ]} />
        <More list={list} />
      </QueryState>
    </div>
  );
}
