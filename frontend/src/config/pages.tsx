// The component of each route (routes.tsx): the router's map, apart from the
// route data so that no page imports itself in a circle. Pages load on demand:
// the first page carries only what it needs.
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

export const pages: Record<string, LazyExoticComponent<ComponentType>> = {
  "workbench": page(() => import("../pages/Workbench")),
  "profile": page(() => import("../pages/Profile")),
  "board": page(() => import("../pages/Board")),
  "my/challenges": page(() => import("../pages/MyChallenges")),
  "my/bids": page(() => import("../pages/MyBids")),
  "vetting": page(() => import("../pages/Vetting")),
  "reviews": page(() => import("../pages/Reviews")),
  "challenges/new": page(() => import("../pages/ChallengeForm")),
  "challenges/:id": page(() => import("../pages/challenge-detail")),
  "challenges/:id/edit": page(() => import("../pages/ChallengeForm")),
  "challenges/:id/bid": page(() => import("../pages/BidForm")),
  "projects": page(() => import("../pages/Projects")),
  "projects/new": page(() => import("../pages/ProjectProposal")),
  "projects/:id": page(() => import("../pages/project-detail")),
  "scenarios": page(() => import("../pages/Scenarios")),
  "scenarios/:id": page(() => import("../pages/ScenarioDetail")),
  "consortia": page(() => import("../pages/Consortia")),
  "consortia/:id": page(() => import("../pages/ConsortiumDetail")),
  "dashboard": page(() => import("../pages/Dashboard")),
  "subsidies": page(() => import("../pages/Subsidies")),
  "my/subsidies": page(() => import("../pages/MySubsidies")),
  "import-export": page(() => import("../pages/ImportExport")),
  "admin/organizations": page(() => import("../pages/AdminOrganizations")),
  "admin/users": page(() => import("../pages/AdminUsers")),
  "admin/fields": page(() => import("../pages/AdminFields")),
  "audit": page(() => import("../pages/Audit")),
  "notifications": page(() => import("../pages/Notifications")),
};
