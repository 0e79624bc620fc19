import { Alert, Empty, Spin } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { ApiError } from "../api/client";

// QueryState renders loading, error and empty states the same way everywhere;
// a 401 sends the user to sign in and back.
export function QueryState({ loading, error, empty, children }: {
  loading: boolean;
  error: unknown;
  empty?: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const loc = useLocation();
  if (loading) return <Spin style={{ display: "block", margin: 48 }} aria-label={t("common.loading")} />;
  if (error instanceof ApiError && error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  }
  if (error instanceof ApiError && error.status === 404) return <Empty description={t("errors.notFound")} />;
  if (error instanceof ApiError && error.status === 403) return <Alert type="warning" showIcon message={t("errors.forbidden")} description={error.message} />;
  if (error) return <Alert type="error" showIcon message={t("errors.generic")} description={(error as Error).message} />;
  if (empty) return <Empty description={t("common.empty")} />;
  return <>{children}</>;
}

// errorText says what went wrong in words: a 409 is a conflict to reload for.
export function errorText(t: (k: string) => string, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 409) return `${t("errors.conflict")}: ${err.message}`;
    if (err.status === 403) return `${t("errors.forbidden")}: ${err.message}`;
    return err.message;
  }
  return String(err);
}
