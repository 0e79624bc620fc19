import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS from "openapi-typescript";

// The API types are generated from the served OpenAPI document (kept equal
// to it by a Go test): regenerating must give the checked-in file, so the
// types cannot drift from the server (npm run gen:api rewrites it).
describe("the generated API types", () => {
  it("are current with openapi.json", async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const doc = JSON.parse(readFileSync(join(here, "openapi.json"), "utf8"));
    const fresh = await openapiTS(doc);
    const have = readFileSync(join(here, "schema.ts"), "utf8");
    expect(have.trim() === fresh.trim(), "src/api/schema.ts is out of date: run npm run gen:api").toBe(true);
  });
});
