import { useState } from "react";
import { App, Button, List, Progress, Select, Space, Typography, Upload } from "antd";
import { DeleteOutlined, DownloadOutlined, InboxOutlined, PaperClipOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, download, upload } from "../api/client";
import { keys, useDocuments } from "../api/resources";
import type { Document } from "../api/types";
import { useAuth } from "../auth/auth";
import { errorText } from "./states";
import { Confirm } from "./confirm";
import { dateTime } from "./common";

// size says a number of bytes as people read it.
export function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// The server's limit (PORTFOLIO_DOCUMENT_MAX_MB, 50 by default): a larger
// file is refused before a byte is sent; the server checks again.
const maxBytes = 50 * 1024 * 1024;

// Documents lists a parent's documents (附件) with their download, and, where
// the caller may add to the parent, a drop zone that uploads with a progress
// bar; the uploader removes its own after confirming. parent is the parent's
// API path ("/projects/…", "/bids/…").
export function Documents({ parent, editable, kinds, title }: {
  parent: string; editable: boolean; kinds: string[]; title?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const qc = useQueryClient();
  const docs = useDocuments(parent);
  const [kind, setKind] = useState(kinds[0]);
  const [progress, setProgress] = useState<{ name: string; percent: number }>();
  const refresh = () => qc.invalidateQueries({ queryKey: keys.documents(parent) });
  const remove = async (d: Document) => {
    try {
      await api(`/documents/${d.id}`, { method: "DELETE" });
      message.success(t("documents.removed"));
      void refresh();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {title && <Typography.Text strong>{title}</Typography.Text>}
      <List size="small" loading={docs.isLoading} dataSource={docs.data?.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t("documents.none")}</Typography.Text> }}
        renderItem={(d) => (
          <List.Item actions={[
            <Button key="get" size="small" type="link" icon={<DownloadOutlined />} aria-label={`${t("documents.download")} ${d.name}`}
              onClick={() => download(`/documents/${d.id}/content`, {}, d.name).catch((e) => message.error(errorText(t, e)))}>
              {t("documents.download")}
            </Button>,
            ...(editable && d.uploaded_by === me?.user.id ? [
              <Confirm key="rm" danger title={t("documents.confirmRemove", { name: d.name })} onConfirm={() => void remove(d)}>
                <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={`${t("common.remove")} ${d.name}`} />
              </Confirm>,
            ] : []),
          ]}>
            <List.Item.Meta avatar={<PaperClipOutlined />} title={d.name}
              description={`${t(`documentKind.${d.kind}`)} · ${size(d.size)} · ${d.uploader_org} · ${dateTime(d.created_at)}`} />
          </List.Item>
        )} />
      {editable && (
        <>
          {kinds.length > 1 && (
            <Select value={kind} onChange={setKind} style={{ width: 200 }} aria-label={t("documents.kind")}
              options={kinds.map((k) => ({ value: k, label: t(`documentKind.${k}`) }))} />
          )}
          <Upload.Dragger multiple={false} showUploadList={false} aria-label={t("documents.drop")}
            beforeUpload={(file) => {
              if (file.size > maxBytes) {
                message.error(t("documents.tooLarge", { max: maxBytes / 1024 / 1024 }));
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              const f = file as File;
              setProgress({ name: f.name, percent: 0 });
              upload<Document>(`${parent}/documents`, f, kind, (percent) => setProgress({ name: f.name, percent }))
                .then((d) => {
                  message.success(t("documents.uploaded", { name: d.name }));
                  void refresh();
                  onSuccess?.(d);
                })
                .catch((e) => {
                  message.error(errorText(t, e));
                  onError?.(e as Error);
                })
                .finally(() => setProgress(undefined));
            }}>
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p>{t("documents.drop")}</p>
            <Typography.Text type="secondary">{t("documents.hint", { max: maxBytes / 1024 / 1024 })}</Typography.Text>
          </Upload.Dragger>
          {progress && <Progress percent={progress.percent} size="small" status="active" aria-label={t("documents.progress", { name: progress.name })} />}
        </>
      )}
    </Space>
  );
}
