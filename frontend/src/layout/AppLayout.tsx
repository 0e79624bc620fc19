import { useState } from "react";
import { Badge, Button, Drawer, Dropdown, Grid, Layout, Menu, Segmented, Space, Typography } from "antd";
import { BellOutlined, MenuOutlined, UserOutlined } from "@ant-design/icons";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { useAuth } from "../auth/auth";
import { canSee, type Area } from "../access";
import { api } from "../api/client";
import { setLanguage } from "../i18n/i18n";

const nav: { area: Area; path: string; key: string }[] = [
  { area: "board", path: "/board", key: "nav.board" },
  { area: "myChallenges", path: "/my/challenges", key: "nav.myChallenges" },
  { area: "vetting", path: "/vetting", key: "nav.vetting" },
  { area: "reviews", path: "/reviews", key: "nav.reviews" },
  { area: "projects", path: "/projects", key: "nav.projects" },
  { area: "consortia", path: "/consortia", key: "nav.consortia" },
  { area: "dashboard", path: "/dashboard", key: "nav.dashboard" },
  { area: "importExport", path: "/import-export", key: "nav.importExport" },
  { area: "organizations", path: "/admin/organizations", key: "nav.organizations" },
  { area: "users", path: "/admin/users", key: "nav.users" },
  { area: "audit", path: "/audit", key: "nav.audit" },
];

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  const loc = useLocation();
  const navigate = useNavigate();
  const role = me?.role ?? null;
  const unread = useQuery({
    queryKey: ["notifications", "unread"],
    queryFn: () => api<{ unread: number }>("/notifications", { query: { unread: true, limit: 1 } }),
    enabled: !!me,
    refetchInterval: 30_000,
  });
  const items = nav
    .filter((n) => canSee(n.area, role))
    .map((n) => ({ key: n.path, label: <Link to={n.path}>{t(n.key)}</Link> }));
  const selected = nav.find((n) => loc.pathname.startsWith(n.path))?.path;
  // Below the md breakpoint the menu lives in a drawer behind a menu button:
  // a horizontal menu collapses to nothing at phone width.
  const narrow = !Grid.useBreakpoint().md;
  const [drawer, setDrawer] = useState(false);
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, paddingInline: 16, background: "#0f3d75" }}>
        <Link to="/" style={{ color: "#fff", whiteSpace: "nowrap" }}>
          <Typography.Text strong style={{ color: "#fff", fontSize: 17 }}>{t("app.title")}</Typography.Text>
        </Link>
        {narrow ? (
          <>
            <span style={{ flex: 1 }} />
            <Button type="text" icon={<MenuOutlined />} style={{ color: "#fff" }} aria-label={t("nav.menu")}
              aria-expanded={drawer} onClick={() => setDrawer(true)} />
            <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={260} title={t("app.title")}
              styles={{ body: { padding: 0 } }}>
              <Menu mode="inline" items={items} selectedKeys={selected ? [selected] : []} aria-label={t("nav.main")}
                onClick={() => setDrawer(false)} />
            </Drawer>
          </>
        ) : (
          <Menu theme="dark" mode="horizontal" items={items} selectedKeys={selected ? [selected] : []}
            style={{ flex: 1, minWidth: 0, background: "transparent" }} aria-label={t("nav.main")} />
        )}
        <Space>
          <Segmented size="small" value={i18n.language === "en" ? "en" : "zh"} aria-label={t("nav.language")}
            options={[{ label: "中文", value: "zh" }, { label: "EN", value: "en" }]}
            onChange={(v) => setLanguage(v as "zh" | "en")} />
          {me ? (
            <>
              <Link to="/notifications" aria-label={t("nav.notifications")}>
                <Badge count={unread.data?.unread ?? 0} size="small">
                  <BellOutlined style={{ color: "#fff", fontSize: 18 }} />
                </Badge>
              </Link>
              <Dropdown menu={{
                items: [
                  { key: "who", label: `${me.user.name} · ${me.organization.name}`, disabled: true },
                  { key: "role", label: t(`roles.${me.role}`), disabled: true },
                  { type: "divider" },
                  { key: "out", label: t("nav.signOut"), onClick: async () => { await signOut(); navigate("/board"); } },
                ],
              }}>
                <Button type="text" icon={<UserOutlined />} style={{ color: "#fff" }} aria-label={t("nav.account")}>
                  {!narrow && <span className="user-name">{me.user.name}</span>}
                </Button>
              </Dropdown>
            </>
          ) : (
            <Button onClick={() => navigate(`/login?next=${encodeURIComponent(loc.pathname)}`)}>{t("nav.signIn")}</Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: "16px clamp(8px, 3vw, 32px)", maxWidth: 1400, width: "100%", margin: "0 auto" }}>
        {me && me.organization.status === "pending" && (
          <Typography.Paragraph type="warning">{t("common.pendingOrg")}</Typography.Paragraph>
        )}
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: "center", color: "#888" }}>{t("app.footer")}</Layout.Footer>
    </Layout>
  );
}
