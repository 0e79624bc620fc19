// The one route table (the ant-design-pro config/routes.ts convention): every
// page declares its path, its title, its access key (access.ts), its icon and
// menu group if the side menu lists it, and the page it sits under for the
// breadcrumbs. The router, the side menu, the breadcrumbs, document.title and
// the route guard are all generated from it.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
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
  page: LazyExoticComponent<ComponentType>;
  menu?: MenuGroup; // listed in the side menu, in this group
  icon?: ReactNode;
  parent?: string; // the path of the page this one sits under
}

// Pages load on demand: the first page carries only what it needs.
const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

export const routes: AppRoute[] = [
  { path: "workbench", title: "nav.workbench", access: "workbench", menu: "top", icon: <DesktopOutlined />, page: page(() => import("../pages/Workbench")) },
  { path: "profile", title: "nav.profile", access: "profile", menu: "top", icon: <AimOutlined />, page: page(() => import("../pages/Profile")) },
  { path: "board", title: "nav.board", access: "board", menu: "challenges", icon: <AppstoreOutlined />, page: page(() => import("../pages/Board")) },
  { path: "my/challenges", title: "nav.myChallenges", access: "myChallenges", menu: "challenges", icon: <FlagOutlined />, page: page(() => import("../pages/MyChallenges")) },
  { path: "my/bids", title: "nav.myBids", access: "bid", menu: "challenges", icon: <SendOutlined />, page: page(() => import("../pages/MyBids")) },
  { path: "vetting", title: "nav.vetting", access: "vetting", menu: "challenges", icon: <FileSearchOutlined />, page: page(() => import("../pages/Vetting")) },
  { path: "reviews", title: "nav.reviews", access: "reviews", menu: "challenges", icon: <AuditOutlined />, page: page(() => import("../pages/Reviews")) },
  { path: "challenges/new", title: "challenge.new", access: "newChallenge", parent: "my/challenges", page: page(() => import("../pages/ChallengeForm")) },
  { path: "challenges/:id", title: "challenge.details", access: "board", parent: "board", page: page(() => import("../pages/ChallengeDetail")) },
  { path: "challenges/:id/edit", title: "challenge.edit", access: "newChallenge", parent: "challenges/:id", page: page(() => import("../pages/ChallengeForm")) },
  { path: "challenges/:id/bid", title: "bid.title", access: "bid", parent: "challenges/:id", page: page(() => import("../pages/BidForm")) },
  { path: "projects", title: "nav.projects", access: "projects", menu: "projects", icon: <FundProjectionScreenOutlined />, page: page(() => import("../pages/Projects")) },
  { path: "projects/new", title: "projects.propose", access: "proposeProject", parent: "projects", page: page(() => import("../pages/ProjectProposal")) },
  { path: "projects/:id", title: "projects.details", access: "projects", parent: "projects", page: page(() => import("../pages/ProjectDetail")) },
  { path: "scenarios", title: "nav.scenarios", access: "scenarios", menu: "projects", icon: <ExperimentOutlined />, page: page(() => import("../pages/Scenarios")) },
  { path: "scenarios/:id", title: "scenario.details", access: "scenarios", parent: "scenarios", page: page(() => import("../pages/ScenarioDetail")) },
  { path: "consortia", title: "nav.consortia", access: "consortia", menu: "projects", icon: <ClusterOutlined />, page: page(() => import("../pages/Consortia")) },
  { path: "consortia/:id", title: "consortia.details", access: "consortia", parent: "consortia", page: page(() => import("../pages/ConsortiumDetail")) },
  { path: "dashboard", title: "nav.dashboard", access: "dashboard", menu: "figures", icon: <DashboardOutlined />, page: page(() => import("../pages/Dashboard")) },
  { path: "subsidies", title: "nav.subsidies", access: "subsidies", menu: "figures", icon: <MoneyCollectOutlined />, page: page(() => import("../pages/Subsidies")) },
  { path: "my/subsidies", title: "nav.mySubsidies", access: "mySubsidies", menu: "projects", icon: <MoneyCollectOutlined />, page: page(() => import("../pages/MySubsidies")) },
  { path: "import-export", title: "nav.importExport", access: "importExport", menu: "figures", icon: <SwapOutlined />, page: page(() => import("../pages/ImportExport")) },
  { path: "admin/organizations", title: "nav.organizations", access: "organizations", menu: "admin", icon: <BankOutlined />, page: page(() => import("../pages/AdminOrganizations")) },
  { path: "admin/users", title: "nav.users", access: "users", menu: "admin", icon: <TeamOutlined />, page: page(() => import("../pages/AdminUsers")) },
  { path: "admin/fields", title: "nav.fields", access: "users", menu: "admin", icon: <TagsOutlined />, page: page(() => import("../pages/AdminFields")) },
  { path: "audit", title: "nav.audit", access: "audit", menu: "admin", icon: <SafetyCertificateOutlined />, page: page(() => import("../pages/Audit")) },
  { path: "notifications", title: "nav.notifications", access: "notifications", page: page(() => import("../pages/Notifications")) },
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
