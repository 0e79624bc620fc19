import { useState } from "react";
import { Alert, App, Button, Input, Space, Table } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Page } from "../api/client";
import type { AuditRecord } from "../api/types";
import { useAuth } from "../auth/auth";
import { dateTime } from "../components/common";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

export default function Audit() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [action, setAction] = useState("");
  const [verdict, setVerdict] = useState<{ ok: boolean; checked: number; first_bad: number | null; reason?: string } | null>(null);
  const list = useQuery({ queryKey: ["audit", action], queryFn: () => api<Page<AuditRecord>>("/audit", { query: { action, limit: 100 } }) });
  async function verify() {
    try {
      setVerdict(await api("/audit/verify"));
    } catch (e) {
      message.error(errorText(t, e));
    }
  }
  return (
    <div>
      <PageHeader title={t("nav.audit")} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("audit.action")} onSearch={setAction} aria-label={t("audit.action")} />
        {me?.role === "admin" && <Button onClick={verify}>{t("audit.verify")}</Button>}
      </Space>
      {verdict && (
        <Alert style={{ marginBottom: 16 }} showIcon type={verdict.ok ? "success" : "error"}
          message={verdict.ok ? t("audit.ok", { n: verdict.checked }) : t("audit.broken", { seq: verdict.first_bad, reason: verdict.reason })} />
      )}
      <QueryState loading={list.isLoading} error={list.error} empty={list.data?.items.length === 0}>
        <Table rowKey="id" size="small" dataSource={list.data?.items} pagination={false} scroll={{ x: 900 }} columns={[
          { title: "#", dataIndex: "seq", width: 70 },
          { title: t("audit.time"), dataIndex: "occurred_at", render: dateTime },
          { title: t("audit.action"), dataIndex: "action" },
          { title: t("audit.entity"), dataIndex: "entity" },
          { title: t("audit.role"), dataIndex: "actor_role", render: (r) => (r ? t(`roles.${r}`) : t("audit.anonymous")) },
          { title: "IP", dataIndex: "client_ip" },
        ]} />
      </QueryState>
    </div>
  );
}
