import { describe, expect, it } from "vitest";
import { canSee, home } from "./access";

describe("access", () => {
  it("shows the board and the figures to everyone", () => {
    expect(canSee("board", null)).toBe(true);
    expect(canSee("dashboard", null)).toBe(true);
  });
  it("keeps role areas to their roles", () => {
    expect(canSee("vetting", "program_manager")).toBe(true);
    expect(canSee("vetting", "enterprise")).toBe(false);
    expect(canSee("reviews", "expert")).toBe(true);
    expect(canSee("reviews", "institute")).toBe(false);
    expect(canSee("newChallenge", "institute")).toBe(false);
    expect(canSee("users", "program_manager")).toBe(false);
    expect(canSee("notifications", null)).toBe(false);
    expect(canSee("notifications", "expert")).toBe(true);
    // Projects are proposed by the organizations that would lead them, as the API allows.
    expect(canSee("proposeProject", "institute")).toBe(true);
    expect(canSee("proposeProject", "enterprise")).toBe(true);
    expect(canSee("proposeProject", "program_manager")).toBe(false);
    expect(canSee("proposeProject", "expert")).toBe(false);
  });
  it("sends each role to its home", () => {
    for (const r of ["enterprise", "institute", "program_manager", "expert", "admin"] as const) expect(home(r)).toBe("/workbench");
    expect(home(null)).toBe("/board");
  });
});
