import { describe, expect, it } from "vitest";
import i18n from "../i18n/i18n";
import catalogue from "./messages.json";
import doc from "./openapi.json";
import { say } from "./messages";

describe("say", () => {
  it("says a coded problem in either language, numbers grouped", () => {
    const p = { code: "challenge.funding_cap", params: { max: 50000000 }, message: "server words" };
    expect(say(p, "zh")).toBe("须在 0 至 50,000,000 元之间（单个项目市级财政资助最高 5000 万元）");
    expect(say(p, "en")).toBe("must be from 0 to 50,000,000 yuan (the municipal subsidy of one project is at most 50 million yuan)");
  });
  it("says an enum param by its label", async () => {
    await i18n.changeLanguage("zh");
    const p = { code: "role.misfit", params: { role: "expert", org_type: "financial" }, message: "" };
    expect(say(p, "zh")).toBe("「金融机构」类单位的人员不能担任「评审专家」");
    expect(say(p, "en")).toBe("a expert cannot work for an organization of type financial");
  });
  it("says an import row's nested problem", () => {
    const p = {
      code: "import.row", message: "",
      params: { row: 6, column: "技术成熟度(TRL)", problem: { code: "out_of_range", params: { min: 1, max: 9 }, message: "" } },
    };
    expect(say(p, "zh")).toBe("第 6 行「技术成熟度(TRL)」：须在 1 至 9 之间");
    expect(say(p, "en")).toBe("row 6, column「技术成熟度(TRL)」: must be from 1 to 9");
  });
  it("falls back to the server's words for a code it does not know", () => {
    expect(say({ code: "from.a.newer.server", message: "服务器的话" }, "zh")).toBe("服务器的话");
    expect(say({ message: "no code at all" }, "en")).toBe("no code at all");
  });
  it("knows every code the API document lists", () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } }).components.schemas;
    const codes = schemas.FieldError.properties.code.enum ?? [];
    expect(codes.length).toBeGreaterThan(50);
    expect(codes.filter((c) => !(c in catalogue))).toEqual([]);
  });
});
