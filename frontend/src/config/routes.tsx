// The one route table (the ant-design-pro config/routes.ts convention): every
// page declares its path, its title, its access key (access.ts), its icon and
// menu group if the side menu lists it, and the page it sits under for the
// breadcrumbs. The router, the side menu, the breadcrumbs, document.title and
// the route guard are all generated from it. It is data only: which component
// shows each path is pages.tsx's, so a page may import this table (its header
// reads the breadcrumbs) without an import circle.
import type { ReactNode } from "react";
import { matchPath } from "react-router";
import {
  AimOutlined, AppstoreOutlined, AuditOutlined, BankOutlined, ClusterOutlined, DashboardOutlined, DesktopOutlined, ExperimentOutlined,
  FileSearchOutlined, FlagOutlined, FundProjectionScreenOutlined, MoneyCollectOutlined, SafetyCertificateOutlined, SendOutlined, SwapOutlined, TagsOutlined, TeamOutlined,
} from "@ant-design/icons";
import type { Area } from "../access";

export type MenuGroup = "top" | "challenges" | "projects" | "figures" | "admin";

export interface AppRoute {
  path: string; // as the router matches it, without the leading slash
  title: string; // i18n key of the page's title (a detail page names its object itself)
  access: Area;
  menu?: MenuGroup; // listed in the side menu, in this group
  icon?: ReactNode;
  parent?: string; // the path of the page this one sits under
}

export const routes: AppRoute[] = [
  { path: "workbench", title: "nav.workbench", access: "workbench", menu: "top", icon: <DesktopOutlined /> },
  { path: "profile", title: "nav.profile", access: "profile", menu: "top", icon: <AimOutlined /> },
  { path: "board", title: "nav.board", access: "board", menu: "challenges", icon: <AppstoreOutlined /> },
  { path: "my/challenges", title: "nav.myChallenges", access: "myChallenges", menu: "challenges", icon: <FlagOutlined /> },
  { path: "my/bids", title: "nav.myBids", access: "bid", menu: "challenges", icon: <SendOutlined /> },
  { path: "vetting", title: "nav.vetting", access: "vetting", menu: "challenges", icon: <FileSearchOutlined /> },
  { path: "reviews", title: "nav.reviews", access: "reviews", menu: "challenges", icon: <AuditOutlined /> },
  { path: "challenges/new", title: "challenge.new", access: "newChallenge", parent: "my/challenges" },
  { path: "challenges/:id", title: "challenge.details", access: "board", parent: "board" },
  { path: "challenges/:id/edit", title: "challenge.edit", access: "newChallenge", parent: "challenges/:id" },
  { path: "challenges/:id/bid", title: "bid.title", access: "bid", parent: "challenges/:id" },
  { path: "projects", title: "nav.projects", access: "projects", menu: "projects", icon: <FundProjectionScreenOutlined /> },
  { path: "projects/new", title: "projects.propose", access: "proposeProject", parent: "projects" },
  { path: "projects/:id", title: "projects.details", access: "projects", parent: "projects" },
  { path: "scenarios", title: "nav.scenarios", access: "scenarios", menu: "projects", icon: <ExperimentOutlined /> },
  { path: "scenarios/:id", title: "scenario.details", access: "scenarios", parent: "scenarios" },
  { path: "consortia", title: "nav.consortia", access: "consortia", menu: "projects", icon: <ClusterOutlined /> },
  { path: "consortia/:id", title: "consortia.details", access: "consortia", parent: "consortia" },
  { path: "dashboard", title: "nav.dashboard", access: "dashboard", menu: "figures", icon: <DashboardOutlined /> },
  { path: "subsidies", title: "nav.subsidies", access: "subsidies", menu: "figures", icon: <MoneyCollectOutlined /> },
  { path: "my/subsidies", title: "nav.mySubsidies", access: "mySubsidies", menu: "projects", icon: <MoneyCollectOutlined /> },
  { path: "import-export", title: "nav.importExport", access: "importExport", menu: "figures", icon: <SwapOutlined /> },
  { path: "admin/organizations", title: "nav.organizations", access: "organizations", menu: "admin", icon: <BankOutlined /> },
  { path: "admin/users", title: "nav.users", access: "users", menu: "admin", icon: <TeamOutlined /> },
  { path: "admin/fields", title: "nav.fields", access: "users", menu: "admin", icon: <TagsOutlined /> },
  { path: "audit", title: "nav.audit", access: "audit", menu: "admin", icon: <SafetyCertificateOutlined /> },
  { path: "notifications", title: "nav.notifications", access: "notifications" },
];

// The side menu's groups in order; "top" items stand above the groups, unnamed.
export const menuGroups: MenuGroup[] = ["top", "challenges", "projects", "figures", "admin"];

// routeOf finds the route a location shows, with its params.
export function routeOf(pathname: string): { route: AppRoute; params: Record<string, string | undefined> } | null {
  // Literal paths win over params: /challenges/new is not the challenge "new".
  const ordered = [...routes].sort((a, b) => Number(a.path.includes(":")) - Number(b.path.includes(":")));
  for (const route of ordered) {
    const m = matchPath({ path: "/" + route.path, end: true }, pathname);
    if (m) return { route, params: m.params };
  }
  return null;
}

// trail is the chain of routes from the top to this one, for the breadcrumbs.
export function trail(route: AppRoute): AppRoute[] {
  const out = [route];
  let at = route;
  while (at.parent) {
    const up = routes.find((r) => r.path === at.parent);
    if (!up) break;
    out.unshift(up);
    at = up;
  }
  return out;
}

// fill puts params into a route path: "challenges/:id" → "/challenges/42".
export function fill(path: string, params: Record<string, string | undefined>): string {
  return "/" + path.replace(/:([a-z]+)/g, (_, k: string) => params[k] ?? "");
}
