import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, Result, Spin } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { useTranslation } from "react-i18next";
import "./i18n/i18n";
import { AuthProvider, useAuth } from "./auth/auth";
import { AppLayout } from "./layout/AppLayout";
import { ApiError } from "./api/client";
import { canSee, home } from "./access";
import { pages } from "./config/pages";
import { routes, type AppRoute } from "./config/routes";
import { appTheme } from "./config/theme";
import { useDocumentTitle } from "./layout/PageHeader";

const Login = lazy(() => import("./pages/Login"));
const Register = lazy(() => import("./pages/Register"));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
      staleTime: 10_000,
    },
  },
});

function Home() {
  const { me, loading } = useAuth();
  if (loading) return <Spin />;
  return <Navigate to={home(me?.role ?? null)} replace />;
}

// Guarded shows a route's page to those its access key admits: a visitor is
// sent to sign in (and back), a signed-in user without access sees 403.
function Guarded({ route }: { route: AppRoute }) {
  const { me, loading } = useAuth();
  const loc = useLocation();
  const Page = pages[route.path];
  if (canSee(route.access, me?.role ?? null)) return <Page />;
  if (loading) return <Spin />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname)}`} replace />;
  return <Forbidden />;
}

function Forbidden() {
  const { t } = useTranslation();
  useDocumentTitle(t("errors.forbidden"));
  return <Result status="403" title={<h1 style={{ fontSize: 22 }}>{t("errors.forbidden")}</h1>} subTitle={t("errors.forbiddenPage")} />;
}

// Under automation (the end-to-end tests) nothing moves: a click never lands
// on a dialog or a list still sliding into place.
const automation = typeof navigator !== "undefined" && navigator.webdriver;

function Localized() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === "en" ? enUS : zhCN} theme={appTheme(!automation)}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <Suspense fallback={<Spin style={{ margin: 48 }} />}>
              <Routes>
                <Route path="/login" element={<Login />} />
                <Route path="/register" element={<Register />} />
                <Route element={<AppLayout />}>
                  <Route index element={<Home />} />
                  {routes.map((r) => <Route key={r.path} path={r.path} element={<Guarded route={r} />} />)}
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Route>
              </Routes>
            </Suspense>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Localized />
    </QueryClientProvider>
  </StrictMode>,
);
