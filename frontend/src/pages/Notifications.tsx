import { Button, List } from "antd";
import { usePages } from "../api/hooks";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { keys, useAction } from "../api/resources";
import type { Notification } from "../api/types";
import { More } from "../components/More";
import { dateTime } from "../components/common";
import { QueryState } from "../components/states";
import { PageHeader } from "../layout/PageHeader";
import { MailPreferences } from "../components/MailPreferences";

// target is the page of what a notification is about.
function target(n: Notification): string | null {
  switch (n.entity) {
    case "challenge":
      return `/challenges/${n.entity_id}`;
    case "project":
      return `/projects/${n.entity_id}`;
    case "consortium":
      return `/consortia/${n.entity_id}`;
    case "scenario":
      return `/scenarios/${n.entity_id}`;
    case "subsidy_batch": // told to the enterprises with a line: their own subsidies
      return "/my/subsidies";
  }
  return null;
}

export default function Notifications() {
  const { t } = useTranslation();
  // A notification in the interface's language, saying what changed (which
  // stage, which role); the server's Chinese text when the kind is new to us.
  const say = (n: Notification) => t(`notice.${n.kind}`, {
    ...n.data,
    fromStage: n.data.from ? t(`status.${String(n.data.from)}`) : "", toStage: n.data.to ? t(`status.${String(n.data.to)}`) : "",
    roleName: n.data.role ? t(`memberRole.${String(n.data.role)}`) : "",
    defaultValue: n.message,
  });
  // Newest first, page by page.
  const list = usePages<Notification, { items: Notification[]; unread: number; next_cursor: string | null }>(keys.notifications(), "/notifications");
  const items = list.items;
  const unread = list.first?.unread ?? 0;
  const read = useAction((path: string) => api(path, { method: "POST" }), { refresh: [keys.notifications()] });
  return (
    <div>
      <PageHeader title={t("notifications.title")} extra={<>
        <Button onClick={() => read.mutate("/notifications/read-all")} disabled={!unread}>{t("notifications.readAll")}</Button>
      </>} />
      <MailPreferences />
      <QueryState loading={list.isLoading} error={list.error} empty={items.length === 0}>
        <List dataSource={items} loadMore={<More list={list} />} renderItem={(n) => {
          const to = target(n);
          return (
            <List.Item style={{ fontWeight: n.read_at ? "normal" : 600 }} actions={n.read_at ? [] : [
              <Button key="r" size="small" onClick={() => read.mutate(`/notifications/${n.id}/read`)}>{t("notifications.markRead")}</Button>,
            ]}>
              <List.Item.Meta title={to ? <Link to={to}>{say(n)}</Link> : say(n)}
                description={dateTime(n.created_at)} />
            </List.Item>
          );
        }} />
      </QueryState>
    </div>
  );
}
