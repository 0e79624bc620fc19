import { useState } from "react";
import { Alert, App, Button, Card, Progress, Space, Switch, Table, Upload } from "antd";
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { ApiError, api, download, type FieldError } from "../api/client";
import { say, type Coded } from "../api/messages";
import { errorText } from "./states";

// ImportCard imports a workbook by the import contract (批量导入): the
// template to start from, a dry run by default, and a refusal shown as every
// bad row and column with its problem — nothing imported until all are good.
export function ImportCard({ what, title, onImported }: { what: string; title: string; onImported?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [dryRun, setDryRun] = useState(true);
  const [result, setResult] = useState<{ rows: number; imported: number; dry_run: boolean } | null>(null);
  const [rowErrors, setRowErrors] = useState<FieldError[]>([]);
  async function importFile(file: File) {
    setBusy(true);
    setResult(null);
    setRowErrors([]);
    const form = new FormData();
    form.append("file", file);
    try {
      const r = await api<{ rows: number; imported: number; dry_run: boolean }>(`/imports/${what}`, { method: "POST", form, query: { dry_run: dryRun } });
      setResult(r);
      if (!r.dry_run) onImported?.();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setRowErrors(e.fields.length ? e.fields : [{ field: "file", message: e.message }]);
      else message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
    return false;
  }
  return (
    <Card title={title}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <Button icon={<DownloadOutlined />} onClick={() => download(`/imports/${what}/template`, {}, `${what}-template.xlsx`)}>{t("io.template")}</Button>
        <Space><Switch checked={dryRun} onChange={setDryRun} aria-label={t("io.dryRun")} />{t("io.dryRun")}</Space>
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={importFile}>
          <Button type="primary" icon={<UploadOutlined />} loading={busy}>{t("io.upload")}</Button>
        </Upload>
        {busy && <Progress percent={100} status="active" showInfo={false} aria-label={t("io.working")} />}
        {result && <Alert type="success" showIcon message={result.dry_run ? t("io.checked", { n: result.rows }) : t("io.imported", { n: result.imported })} />}
        {rowErrors.length > 0 && (
          <>
            <Alert type="error" showIcon message={t("io.rejected")} />
            <Table rowKey={(r) => r.field + r.message} size="small" dataSource={rowErrors} pagination={{ pageSize: 20 }} columns={[
              { title: t("io.where"), key: "where", render: (_, r) => (r.params?.row ? t("io.cell", { row: r.params.row, column: r.params.column }) : r.field) },
              { title: t("io.problem"), key: "problem", render: (_, r) => say((r.params?.problem as Coded | undefined) ?? r) },
            ]} />
          </>
        )}
      </Space>
    </Card>
  );
}
