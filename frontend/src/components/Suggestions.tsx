import { Button, Card, List, Space, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { say } from "../api/messages";
import type { SuggestedExpert, SuggestedOrganization } from "../api/types";

function Reasons({ reasons }: { reasons: SuggestedOrganization["reasons"] }) {
  return <Space size={[0, 4]} wrap>{reasons.map((r) => <Tag key={r.code + JSON.stringify(r.params ?? {})}>{say(r)}</Tag>)}</Space>;
}

// SuggestedOrganizations lists who could bid on a published challenge, with
// why (the owner and program managers): field, highland, track record.
export function SuggestedOrganizations({ challenge }: { challenge: string }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ["suggested-organizations", challenge],
    queryFn: () => api<{ items: SuggestedOrganization[] }>(`/challenges/${challenge}/suggested-organizations`) });
  return (
    <Card title={t("suggest.organizations")} size="small" loading={list.isLoading}>
      <List size="small" dataSource={list.data?.items ?? []} pagination={(list.data?.items.length ?? 0) > 5 ? { pageSize: 5, size: "small" } : false}
        locale={{ emptyText: t("suggest.none") }} renderItem={(s) => (
          <List.Item>
            <Space direction="vertical" size={2}>
              <Typography.Text strong>{s.organization_name}</Typography.Text>
              <Reasons reasons={s.reasons} />
            </Space>
          </List.Item>
        )} />
    </Card>
  );
}

// SuggestedExperts lists reviewers for a challenge (program managers), each
// to be chosen with one click: conflicted and assigned experts are left out.
export function SuggestedExperts({ challenge, chosen, onUse }: { challenge: string; chosen: string[]; onUse: (id: string) => void }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ["suggested-experts", challenge],
    queryFn: () => api<{ items: SuggestedExpert[] }>(`/challenges/${challenge}/suggested-experts`) });
  return (
    <Card title={t("suggest.experts")} size="small" loading={list.isLoading} style={{ marginBottom: 16 }}>
      <List size="small" dataSource={list.data?.items ?? []} locale={{ emptyText: t("suggest.none") }} renderItem={(s) => (
        <List.Item actions={[
          <Button key="use" size="small" disabled={chosen.includes(s.user_id)} onClick={() => onUse(s.user_id)}
            aria-label={`${chosen.includes(s.user_id) ? t("suggest.used") : t("suggest.use")} ${s.name}`}>{chosen.includes(s.user_id) ? t("suggest.used") : t("suggest.use")}</Button>,
        ]}>
          <Space direction="vertical" size={2}>
            <Typography.Text strong>{s.name}</Typography.Text>
            <Reasons reasons={s.reasons} />
          </Space>
        </List.Item>
      )} />
    </Card>
  );
}
