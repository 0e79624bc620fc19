import { useState } from "react";
import { App, Button, Input, Select, Space, Table } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Confirm } from "../components/confirm";
import { api, type Page } from "../api/client";
import type { Organization } from "../api/types";
import { useAuth } from "../auth/auth";
import { StatusTag, useReference } from "../components/common";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

export default function AdminOrganizations() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const ref = useReference();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [q, setQ] = useState("");
  const [type, setType] = useState<string>();
  const list = useQuery({ queryKey: ["organizations", q, type], queryFn: () => api<Page<Organization>>("/organizations", { query: { q, type, limit: 100 } }) });
  const verify = useMutation({
    mutationFn: (o: Organization) => api(`/organizations/${o.id}/verify`, { method: "POST", body: { version: o.version } }),
    onSuccess: () => { message.success(t("done.verified")); void qc.invalidateQueries({ queryKey: ["organizations"] }); },
    onError: (e) => message.error(errorText(t, e)),
  });
  return (
    <div>
      <PageHeader title={t("nav.organizations")} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("org.name")} onSearch={setQ} aria-label={t("org.name")} />
        <Select allowClear placeholder={t("org.type")} value={type} onChange={setType} style={{ width: 160 }} aria-label={t("org.type")}
          options={["enterprise", "research_institute", "university", "government", "financial", "other"].map((x) => ({ value: x, label: t(`orgType.${x}`) }))} />
      </Space>
      <QueryState loading={list.isLoading} error={list.error} empty={list.data?.items.length === 0}>
        <Table rowKey="id" dataSource={list.data?.items} pagination={false} scroll={{ x: 800 }} columns={[
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
      </QueryState>
    </div>
  );
}
