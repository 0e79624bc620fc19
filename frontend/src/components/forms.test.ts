import { describe, expect, it } from "vitest";
import { fieldPath } from "./forms";

describe("fieldPath", () => {
  it("turns API field names into form paths", () => {
    expect(fieldPath("title")).toEqual(["title"]);
    expect(fieldPath("team.lead_scientist")).toEqual(["team", "lead_scientist"]);
    expect(fieldPath("milestones[2].month")).toEqual(["milestones", 2, "month"]);
    expect(fieldPath("organization.credit_code")).toEqual(["organization", "credit_code"]);
  });
});
