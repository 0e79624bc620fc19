import { useEffect, useState } from "react";
import { Button, Card, Select, Space, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useAction } from "../api/resources";
import type { components } from "../api/schema";

type Prefs = components["schemas"]["MailPreferences"];
const key = ["mail-preferences"];

// MailPreferences lets a user turn off e-mail for kinds of notification
// (they still come in the app); shown only when the server sends e-mail.
export function MailPreferences() {
  const { t, i18n } = useTranslation();
  const prefs = useQuery({ queryKey: key, queryFn: () => api<Prefs>("/me/mail-preferences") });
  const [off, setOff] = useState<string[]>([]);
  useEffect(() => {
    if (prefs.data) setOff(prefs.data.off);
  }, [prefs.data]);
  const save = useAction((kinds: string[]) => api<Prefs>("/me/mail-preferences", { method: "PUT", body: { off: kinds } }), {
    done: t("done.saved"), refresh: [key],
  });
  if (!prefs.data?.enabled) return null;
  // Every kind the app can say, named by its message with the blanks shown as "…".
  const notices = (i18n.getResource(i18n.language, "translation", "notice") ?? {}) as Record<string, string>;
  const options = Object.entries(notices).map(([kind, text]) => ({ value: kind, label: text.replace(/\{\{\w+\}\}/g, "…") }));
  return (
    <Card size="small" title={t("notifications.mailTitle")}>
      <Typography.Paragraph type="secondary">{t("notifications.mailHint")}</Typography.Paragraph>
      <Space.Compact style={{ width: "100%" }}>
        <Select mode="multiple" style={{ width: "100%" }} value={off} onChange={setOff} options={options} optionFilterProp="label"
          aria-label={t("notifications.mailOff")} placeholder={t("notifications.mailOff")} />
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate(off)}>{t("actions.save")}</Button>
      </Space.Compact>
    </Card>
  );
}
