import { describe, expect, it } from "vitest";
import { fieldPath, rangeRule } from "./forms";

describe("fieldPath", () => {
  it("turns API field names into form paths", () => {
    expect(fieldPath("title")).toEqual(["title"]);
    expect(fieldPath("team.lead_scientist")).toEqual(["team", "lead_scientist"]);
    expect(fieldPath("milestones[2].month")).toEqual(["milestones", 2, "month"]);
    expect(fieldPath("organization.credit_code")).toEqual(["organization", "credit_code"]);
  });
});

describe("rangeRule", () => {
  const t = (key: string, o?: Record<string, unknown>) => `${key}:${o?.min}-${o?.max ?? ""}`;
  it("names the range in the interface's language and never clamps", () => {
    const r = rangeRule(t, 0, 50_000_000) as { type: string; min: number; max: number; message: string };
    expect(r).toMatchObject({ type: "number", min: 0, max: 50_000_000 });
    expect(r.message).toBe(`form.range:0-${(50_000_000).toLocaleString()}`);
    expect((rangeRule(t, 1) as { message: string; max?: number }).message).toBe("form.atLeast:1-");
  });
});
