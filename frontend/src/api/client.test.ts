import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, session, url } from "./client";

type Call = { url: string; init: RequestInit };

function respond(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

describe("api client", () => {
  let calls: Call[];
  beforeEach(() => {
    calls = [];
    localStorage.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("builds query strings without empty values", () => {
    expect(url("/challenges", { q: "海缆", status: undefined, limit: 20, mine: false, field: "" })).toBe(
      "/api/v1/challenges?q=%E6%B5%B7%E7%BC%86&limit=20&mine=false");
  });

  it("turns problem documents into ApiError with the field errors", async () => {
    vi.stubGlobal("fetch", async () => respond(422, { status: 422, detail: "the request has invalid fields",
      errors: [{ field: "title", message: "is required" }] }));
    const err = await api("/challenges", { method: "POST", body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.fields).toEqual([{ field: "title", message: "is required" }]);
  });

  it("refreshes once on 401 and retries with the new token", async () => {
    session.set({ access_token: "old", refresh_token: "r1" });
    vi.stubGlobal("fetch", async (u: string, init: RequestInit) => {
      calls.push({ url: u, init });
      if (u.endsWith("/auth/refresh")) return respond(200, { access_token: "new", refresh_token: "r2" });
      const auth = (init.headers as Record<string, string>).Authorization;
      return auth === "Bearer new" ? respond(200, { ok: true }) : respond(401, { detail: "expired" });
    });
    expect(await api("/me")).toEqual({ ok: true });
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/me", "/api/v1/auth/refresh", "/api/v1/me"]);
    expect(session.get()).toEqual({ access_token: "new", refresh_token: "r2" });
  });

  it("forgets the session when the refresh is refused", async () => {
    session.set({ access_token: "old", refresh_token: "spent" });
    vi.stubGlobal("fetch", async (u: string) => (u.endsWith("/auth/refresh") ? respond(401, { detail: "reused" }) : respond(401, { detail: "expired" })));
    const err = await api("/me").catch((e) => e);
    expect(err.status).toBe(401);
    expect(session.get()).toBeNull();
  });
});
