// Who sees which part of the app: one table, as the API's route table is one
// table. The server decides per object; this only shapes navigation.
import type { Role } from "./api/types";

export type Area =
  | "workbench" | "board" | "dashboard" | "myChallenges" | "newChallenge" | "bid" | "vetting" | "reviews" | "projects" | "proposeProject"
  | "consortia" | "scenarios" | "invitations" | "importExport" | "organizations" | "users" | "audit" | "notifications"
  | "subsidies" | "mySubsidies" | "profile";

const areas: Record<Area, Role[] | "anyone" | "signedIn"> = {
  workbench: "signedIn",
  board: "anyone",
  dashboard: "anyone",
  myChallenges: ["enterprise"],
  newChallenge: ["enterprise"],
  bid: ["enterprise", "institute"],
  vetting: ["program_manager"],
  reviews: ["expert"],
  projects: ["enterprise", "institute", "program_manager", "admin"],
  proposeProject: ["enterprise", "institute"],
  consortia: "signedIn",
  scenarios: "signedIn",
  invitations: ["enterprise", "institute"],
  importExport: ["program_manager", "admin"],
  organizations: ["admin", "program_manager"],
  users: ["admin"],
  audit: ["admin", "program_manager"],
  notifications: "signedIn",
  subsidies: ["program_manager", "admin"],
  mySubsidies: ["enterprise"],
  profile: ["enterprise", "institute", "expert"],
};

export function canSee(area: Area, role: Role | null): boolean {
  const rule = areas[area];
  if (rule === "anyone") return true;
  if (!role) return false;
  if (rule === "signedIn") return true;
  return rule.includes(role);
}

// home is where a role lands after signing in: its workbench (工作台); a
// visitor lands on the public board.
export function home(role: Role | null): string {
  return role ? "/workbench" : "/board";
}
