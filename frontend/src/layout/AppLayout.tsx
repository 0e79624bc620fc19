import { useState } from "react";
import { Badge, Button, Drawer, Dropdown, Grid, Layout, Menu, Segmented, Space, Typography, type MenuProps } from "antd";
import { BellOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from "@ant-design/icons";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { useUnread } from "../api/resources";
import { useAuth } from "../auth/auth";
import { canSee } from "../access";
import type { Role } from "../api/types";
import { setLanguage } from "../i18n/i18n";
import { menuGroups, routeOf, routes, trail } from "../config/routes";

// menuItems is the side menu for a role, generated from the route table: the
// routes it may see, in their groups.
function menuItems(role: Role | null, t: (k: string) => string): MenuProps["items"] {
  return menuGroups.flatMap((g): NonNullable<MenuProps["items"]> => {
    const children = routes
      .filter((r) => r.menu === g && canSee(r.access, role))
      .map((r) => ({ key: "/" + r.path, icon: r.icon, label: <Link to={"/" + r.path}>{t(r.title)}</Link> }));
    if (g === "top") return children;
    return children.length ? [{ type: "group" as const, key: g, label: t(`nav.groups.${g}`), children }] : [];
  });
}

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  const loc = useLocation();
  const navigate = useNavigate();
  const role = me?.role ?? null;
  const unread = useUnread(!!me);
  const items = menuItems(role, t);
  // The menu entry of this page, or of the page it sits under (a challenge → the board).
  const here = routeOf(loc.pathname);
  const selected = here ? "/" + (trail(here.route).find((r) => r.menu)?.path ?? here.route.path) : undefined;
  // Below the md breakpoint the menu lives in a drawer behind a menu button.
  const narrow = !Grid.useBreakpoint().md;
  const [drawer, setDrawer] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const menu = (
    <Menu mode="inline" items={items} selectedKeys={selected ? [selected] : []} aria-label={t("nav.main")}
      onClick={() => setDrawer(false)} style={{ borderInlineEnd: 0 }} />
  );
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
              {menu}
            </Drawer>
          </>
        ) : (
          <span style={{ flex: 1 }} />
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
      <Layout>
        {!narrow && (
          <Layout.Sider theme="light" width={208} collapsedWidth={56} collapsed={collapsed} trigger={null}
            style={{ borderInlineEnd: "1px solid #f0f0f0" }}>
            {menu}
            <Button type="text" block icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? t("nav.expand") : t("nav.collapse")} onClick={() => setCollapsed(!collapsed)} />
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Content style={{ padding: "16px clamp(8px, 3vw, 32px)", maxWidth: 1400, width: "100%", margin: "0 auto" }}>
            {me && me.organization.status === "pending" && (
              <Typography.Paragraph type="warning">{t("common.pendingOrg")}</Typography.Paragraph>
            )}
            <Outlet />
          </Layout.Content>
          <Layout.Footer style={{ textAlign: "center", color: "rgba(0, 0, 0, 0.65)" }}>{t("app.footer")}</Layout.Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
