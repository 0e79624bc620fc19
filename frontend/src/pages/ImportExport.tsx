import { useState } from "react";
import { Alert, App, Button, Card, Col, Progress, Row, Space, Switch, Table, Upload } from "antd";
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { ApiError, api, download, type FieldError } from "../api/client";
import { useAuth } from "../auth/auth";
import { errorText } from "../components/states";
import { say, type Coded } from "../api/messages";
import { PageHeader } from "../layout/PageHeader";

export default function ImportExport() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [result, setResult] = useState<{ rows: number; imported: number; dry_run: boolean } | null>(null);
  const [rowErrors, setRowErrors] = useState<FieldError[]>([]);
  const what = me?.role === "admin" ? "organizations" : "projects";
  async function exportFile(kind: string) {
    setBusy(kind);
    try {
      await download("/portfolio/export", { what: kind }, `${kind}.xlsx`);
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
  }
  async function importFile(file: File) {
    setBusy("import");
    setResult(null);
    setRowErrors([]);
    const form = new FormData();
    form.append("file", file);
    try {
      setResult(await api(`/imports/${what}`, { method: "POST", form, query: { dry_run: dryRun } }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setRowErrors(e.fields.length ? e.fields : [{ field: "file", message: e.message }]);
      else message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
    return false;
  }
  return (
    <div>
      <PageHeader title={t("io.title")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t("io.export")}>
            <Space direction="vertical">
              {["projects", "challenges", "consortia", "outputs"].map((k) => (
                <Button key={k} icon={<DownloadOutlined />} loading={busy === k} onClick={() => exportFile(k)}>{t(`io.export_${k}`)}</Button>
              ))}
              {busy && busy !== "import" && <Progress percent={100} status="active" showInfo={false} aria-label={t("io.working")} />}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t(`io.import_${what}`)}>
            <Space direction="vertical" style={{ width: "100%" }}>
              <Button icon={<DownloadOutlined />} onClick={() => download(`/imports/${what}/template`, {}, `${what}-template.xlsx`)}>{t("io.template")}</Button>
              <Space><Switch checked={dryRun} onChange={setDryRun} aria-label={t("io.dryRun")} />{t("io.dryRun")}</Space>
              <Upload accept=".xlsx" showUploadList={false} beforeUpload={importFile}>
                <Button type="primary" icon={<UploadOutlined />} loading={busy === "import"}>{t("io.upload")}</Button>
              </Upload>
              {busy === "import" && <Progress percent={100} status="active" showInfo={false} aria-label={t("io.working")} />}
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
        </Col>
      </Row>
    </div>
  );
}
