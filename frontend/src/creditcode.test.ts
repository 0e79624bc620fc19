import { describe, expect, it } from "vitest";
import { creditCodeProblem } from "./creditcode";

describe("creditCodeProblem", () => {
  it("accepts published codes", () => {
    expect(creditCodeProblem("91440300708461136T")).toBeNull();
    expect(creditCodeProblem("9144030071526726XG")).toBeNull();
  });
  it("names what is wrong", () => {
    expect(creditCodeProblem("91440300708461136U")).toBe("check");
    expect(creditCodeProblem("9144030070846113T")).toBe("length");
    expect(creditCodeProblem("9144030071526726xg")).toBe("lowercase");
    expect(creditCodeProblem("91440300708461I36T")).toBe("character");
  });
});
