import { useState } from "react";
import { App, Button, Card, Col, Progress, Row, Space } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { download } from "../api/client";
import { useAuth } from "../auth/auth";
import { errorText } from "../components/states";
import { ImportCard } from "../components/ImportCard";
import { PageHeader } from "../layout/PageHeader";

export default function ImportExport() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
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
              {busy && <Progress percent={100} status="active" showInfo={false} aria-label={t("io.working")} />}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <ImportCard what={what} title={t(`io.import_${what}`)} />
        </Col>
      </Row>
    </div>
  );
}
