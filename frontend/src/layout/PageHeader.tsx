import { useEffect, type ReactNode } from "react";
import { Breadcrumb, Flex, Space, Typography } from "antd";
import { Link, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { fill, routeOf, trail } from "../config/routes";

// useDocumentTitle names the browser tab after the page: "项目组合 · 科创甬江2035".
export function useDocumentTitle(title: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} · ${t("app.title")}` : t("app.title");
  }, [title, t]);
}

// PageHeader is the top of every page (the Ant Design Pro page header): the
// breadcrumbs from the route table, the page's one h1, its actions, and the
// tab title. A detail page passes its object's name as the title.
export function PageHeader({ title, extra, tags }: { title?: string; extra?: ReactNode; tags?: ReactNode }) {
  const { t } = useTranslation();
  const loc = useLocation();
  const found = routeOf(loc.pathname);
  const heading = title ?? (found ? t(found.route.title) : "");
  useDocumentTitle(heading);
  const chain = found ? trail(found.route).slice(0, -1) : [];
  const items = [
    { key: "home", title: <Link to="/">{t("nav.home")}</Link> },
    ...chain.map((r) => ({ key: r.path, title: <Link to={fill(r.path, found?.params ?? {})}>{t(r.title)}</Link> })),
    { key: "here", title: heading },
  ];
  return (
    <div style={{ marginBottom: 16 }}>
      <Breadcrumb items={items} style={{ marginBottom: 8 }} />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space wrap align="center">
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{heading}</Typography.Title>
          {tags}
        </Space>
        {extra && <Space wrap>{extra}</Space>}
      </Flex>
    </div>
  );
}
