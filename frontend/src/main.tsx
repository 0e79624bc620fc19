import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, Spin } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { useTranslation } from "react-i18next";
import "./i18n/i18n";
import { AuthProvider, useAuth } from "./auth/auth";
import { AppLayout } from "./layout/AppLayout";
import { ApiError } from "./api/client";
import { home } from "./access";

// Pages load on demand: the first page carries only what it needs.
const Board = lazy(() => import("./pages/Board"));
const ChallengeDetail = lazy(() => import("./pages/ChallengeDetail"));
const ChallengeForm = lazy(() => import("./pages/ChallengeForm"));
const BidForm = lazy(() => import("./pages/BidForm"));
const Login = lazy(() => import("./pages/Login"));
const Register = lazy(() => import("./pages/Register"));
const MyChallenges = lazy(() => import("./pages/MyChallenges"));
const Vetting = lazy(() => import("./pages/Vetting"));
const Reviews = lazy(() => import("./pages/Reviews"));
const Projects = lazy(() => import("./pages/Projects"));
const ProjectProposal = lazy(() => import("./pages/ProjectProposal"));
const ProjectDetail = lazy(() => import("./pages/ProjectDetail"));
const Dashboard = lazy(() => import("./pages/Dashboard"));
const Consortia = lazy(() => import("./pages/Consortia"));
const Notifications = lazy(() => import("./pages/Notifications"));
const ImportExport = lazy(() => import("./pages/ImportExport"));
const AdminOrganizations = lazy(() => import("./pages/AdminOrganizations"));
const AdminUsers = lazy(() => import("./pages/AdminUsers"));
const Audit = lazy(() => import("./pages/Audit"));

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

function Localized() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === "en" ? enUS : zhCN} theme={{ token: { colorPrimary: "#1f5fad" } }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <Suspense fallback={<Spin style={{ margin: 48 }} />}>
              <Routes>
                <Route path="/login" element={<Login />} />
                <Route path="/register" element={<Register />} />
                <Route element={<AppLayout />}>
                  <Route index element={<Home />} />
                  <Route path="board" element={<Board />} />
                  <Route path="challenges/new" element={<ChallengeForm />} />
                  <Route path="challenges/:id" element={<ChallengeDetail />} />
                  <Route path="challenges/:id/edit" element={<ChallengeForm />} />
                  <Route path="challenges/:id/bid" element={<BidForm />} />
                  <Route path="my/challenges" element={<MyChallenges />} />
                  <Route path="vetting" element={<Vetting />} />
                  <Route path="reviews" element={<Reviews />} />
                  <Route path="projects" element={<Projects />} />
                  <Route path="projects/new" element={<ProjectProposal />} />
                  <Route path="projects/:id" element={<ProjectDetail />} />
                  <Route path="dashboard" element={<Dashboard />} />
                  <Route path="consortia" element={<Consortia />} />
                  <Route path="notifications" element={<Notifications />} />
                  <Route path="import-export" element={<ImportExport />} />
                  <Route path="admin/organizations" element={<AdminOrganizations />} />
                  <Route path="admin/users" element={<AdminUsers />} />
                  <Route path="audit" element={<Audit />} />
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
