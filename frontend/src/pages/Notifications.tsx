import { App, Button, List } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { Notification } from "../api/types";
import { dateTime } from "../components/common";
import { QueryState, errorText } from "../components/states";
import { PageHeader } from "../layout/PageHeader";

function target(n: Notification): string | null {
  if (n.entity === "challenge") return `/challenges/${n.entity_id}`;
  if (n.entity === "project") return `/projects/${n.entity_id}`;
  if (n.entity === "consortium") return "/consortia";
  return null;
}

export default function Notifications() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: ["notifications"], queryFn: () => api<{ items: Notification[]; unread: number }>("/notifications", { query: { limit: 100 } }) });
  const read = useMutation({
    mutationFn: (path: string) => api(path, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["notifications"] }),
    onError: (e) => message.error(errorText(t, e)),
  });
  return (
    <div>
      <PageHeader title={t("notifications.title")} extra={<>
        <Button onClick={() => read.mutate("/notifications/read-all")} disabled={!list.data?.unread}>{t("notifications.readAll")}</Button>
      </>} />
      <QueryState loading={list.isLoading} error={list.error} empty={list.data?.items.length === 0}>
        <List dataSource={list.data?.items} renderItem={(n) => {
          const to = target(n);
          return (
            <List.Item style={{ fontWeight: n.read_at ? "normal" : 600 }} actions={n.read_at ? [] : [
              <Button key="r" size="small" onClick={() => read.mutate(`/notifications/${n.id}/read`)}>{t("notifications.markRead")}</Button>,
            ]}>
              <List.Item.Meta title={to ? <Link to={to}>{t(`notice.${n.kind}`, { ...n.data, defaultValue: n.message })}</Link> : n.message}
                description={dateTime(n.created_at)} />
            </List.Item>
          );
        }} />
      </QueryState>
    </div>
  );
}
