import { describe, expect, it } from "vitest";
import doc from "./openapi.json";
import { Endpoints } from "./types";

// Every call the web app makes exists in the server's OpenAPI document (kept
// equal to the served one by a Go test), with the same method.
describe("endpoints", () => {
  const paths = (doc as { paths: Record<string, Record<string, unknown>> }).paths;
  it("are all in the OpenAPI document", () => {
    const missing = Endpoints.filter((e) => {
      const [method, path] = e.split(" ");
      const template = path.replace(/\{(\w+)\}/g, (_, n: string) => `{${n}}`);
      return !paths[`/api/v1${template}`]?.[method.toLowerCase()];
    });
    expect(missing).toEqual([]);
  });
  it("use the field names the server serves", () => {
    const schemas = (doc as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }).components.schemas;
    for (const [schema, fields] of Object.entries({
      ChallengeDTO: ["id", "owner_id", "status", "bid_deadline", "bid_count", "version", "indicators"],
      BidDTO: ["id", "organization_id", "team", "partner_ids", "accept_terms", "status"],
      ProjectDTO: ["id", "code", "stage", "lead_id", "members", "funding", "version"],
      GateDTO: ["from", "to", "ready", "conditions"],
      SummaryDTO: ["projects", "funding", "challenges", "consortia"],
      ScenarioDTO: ["id", "provider_id", "title", "description", "capacity", "available_from", "available_to", "version"],
      ApplicationDTO: ["id", "scenario_id", "project_id", "plan", "status", "result", "report", "version", "project_title", "project_lead_id"],
    })) {
      for (const f of fields) expect(schemas[schema]?.properties?.[f], `${schema}.${f}`).toBeDefined();
    }
  });
});
