import { describe, expect, it } from "vitest";
import i18n from "../i18n/i18n";
import { canSee } from "../access";
import { fill, routeOf, routes, trail } from "./routes";
import { pages } from "./pages";
import { workbenchLinks } from "../pages/Workbench";

describe("the route table", () => {
  it("gives every route a title in both languages, a known parent and, in the menu, an icon", () => {
    for (const r of routes) {
      expect(i18n.exists(r.title, { lng: "zh" }), r.path).toBe(true);
      expect(i18n.exists(r.title, { lng: "en" }), r.path).toBe(true);
      if (r.parent) expect(routes.some((p) => p.path === r.parent), r.path).toBe(true);
      if (r.menu) expect(r.icon, r.path).toBeTruthy();
    }
  });
  it("has a page for every route and a route for every page", () => {
    expect(Object.keys(pages).sort()).toEqual(routes.map((r) => r.path).sort());
  });
  it("finds the route of a location, literal paths before params", () => {
    expect(routeOf("/challenges/new")?.route.path).toBe("challenges/new");
    expect(routeOf("/challenges/42")?.params.id).toBe("42");
    expect(routeOf("/challenges/42/bid")?.route.path).toBe("challenges/:id/bid");
    expect(routeOf("/nowhere")).toBeNull();
  });
  it("names every workbench count's page", () => {
    for (const path of Object.values(workbenchLinks)) expect(routeOf(path), path).not.toBeNull();
  });
  it("makes the breadcrumbs from the parents, with the params filled in", () => {
    const bid = routeOf("/challenges/42/bid")!;
    expect(trail(bid.route).map((r) => fill(r.path, bid.params))).toEqual(["/board", "/challenges/42", "/challenges/42/bid"]);
  });
  it("lists in each role's menu only what the role may open", () => {
    const menu = (role: Parameters<typeof canSee>[1]) => routes.filter((r) => r.menu && canSee(r.access, role)).map((r) => r.path);
    expect(menu(null)).toEqual(["board", "dashboard"]);
    expect(menu("expert")).toEqual(["workbench", "profile", "board", "reviews", "scenarios", "consortia", "dashboard"]);
    expect(menu("institute")).toContain("my/bids");
    expect(menu("program_manager")).not.toContain("my/bids");
    expect(menu("program_manager")).toContain("vetting");
    expect(menu("program_manager")).not.toContain("admin/users");
    expect(menu("admin")).toContain("admin/users");
  });
});
