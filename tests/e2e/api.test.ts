// Proves the HTTP API of the app shell: /api/health reports the real database version, migration
// state and job queue without a session; /api/v1/masters answers 401 without the session cookie
// and, with it, lists, reads, changes and deactivates rows, mapping domain errors to their status
// with { error: { code, message, issues } } and money as strings of minor units.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

type ApiError = { error: { code: string; message: string; issues: { field: string; rule: string; message: string }[] } };

test("GET /api/health reports the database version, applied migrations and the queue", async () => {
  const response = await fetch(`${baseUrl()}/api/health`);
  assert.equal(response.status, 200);
  const body = await response.json() as {
    status: string; database: { version: string; migrations: { applied: number; available: number; upToDate: boolean } };
    queue: { schemaInstalled: boolean; queued: number; active: number; failed: number };
  };
  assert.equal(body.status, "ok");
  assert.match(body.database.version, /^PostgreSQL \d+/);
  assert.ok(body.database.migrations.available > 0);
  assert.equal(body.database.migrations.applied, body.database.migrations.available);
  assert.equal(body.database.migrations.upToDate, true);
  assert.equal(body.queue.schemaInstalled, true);
  assert.equal(typeof body.queue.queued, "number");
});

test("the masters API answers 401 without a session cookie", async () => {
  for (const [method, path] of [["GET", "/api/v1/masters/item"], ["POST", "/api/v1/masters/itemCategory"], ["PATCH", "/api/v1/masters/item/1"], ["POST", "/api/v1/masters/item/1/deactivate"]] as const) {
    const response = await fetch(`${baseUrl()}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
    assert.equal(response.status, 401, `${method} ${path}`);
    const body = await response.json() as ApiError;
    assert.equal(body.error.code, "AUTH_UNAUTHENTICATED");
  }
});

test("with the session cookie the API lists, reads and patches items, and names invalid fields", async () => {
  const { context } = await signIn(session.browser(), "planner");
  try {
    const list = await context.request.get("/api/v1/masters/item?q=JAN&pageSize=5");
    assert.equal(list.status(), 200);
    const page = await list.json() as { rows: { id: number; sku: string; description: string }[]; total: number; pageSize: number };
    assert.equal(page.pageSize, 5);
    assert.ok(page.total > 5);
    assert.ok(page.rows.every((row) => /JAN/i.test(row.sku) || /JAN/i.test(row.description)));
    const item = page.rows[0]!;
    const one = await (await context.request.get(`/api/v1/masters/item/${item.id}`)).json() as { sku: string };
    assert.equal(one.sku, item.sku);

    const invalid = await context.request.patch(`/api/v1/masters/item/${item.id}`, { data: { description: "", weightKg: "x" } });
    assert.equal(invalid.status(), 400);
    const error = await invalid.json() as ApiError;
    assert.equal(error.error.code, "VALIDATION_FAILED");
    assert.deepEqual(error.error.issues.map((issue) => issue.field).sort(), ["description", "weightKg"]);
    const unchanged = await (await context.request.get(`/api/v1/masters/item/${item.id}`)).json() as { description: string };
    assert.equal(unchanged.description, item.description);

    const patched = await context.request.patch(`/api/v1/masters/item/${item.id}`, { data: { weightKg: "1.25" } });
    assert.equal(patched.status(), 200);
    const result = await patched.json() as { status: string; row: { weightKg: string } };
    assert.equal(result.status, "applied");
    assert.equal(Number(result.row.weightKg), 1.25);
  } finally {
    await context.close();
  }
});

test("the API maps unknown kinds and rows to 404, a missing permission to 403, and keeps money as minor-unit strings", async () => {
  const { context } = await signIn(session.browser(), "planner");
  try {
    const unknownKind = await context.request.get("/api/v1/masters/spaceship");
    assert.equal(unknownKind.status(), 404);
    const missing = await context.request.get("/api/v1/masters/item/999999999");
    assert.equal(missing.status(), 404);
    assert.equal((await missing.json() as ApiError).error.code, "MASTERS_NOT_FOUND");
    const forbidden = await context.request.post("/api/v1/masters/currency", { data: { code: "XTS", name: "Test", minorUnitDigits: 2 } });
    assert.equal(forbidden.status(), 403);
    assert.equal((await forbidden.json() as ApiError).error.code, "AUTH_FORBIDDEN");
    const customers = await (await context.request.get("/api/v1/masters/customer?pageSize=1")).json() as { rows: { creditLimitMinor: unknown }[] };
    assert.match(String(customers.rows[0]!.creditLimitMinor), /^\d+$/);
    assert.equal(typeof customers.rows[0]!.creditLimitMinor, "string");
    const badJson = await context.request.post("/api/v1/masters/itemCategory", { headers: { "content-type": "application/json" }, data: "{not json" });
    assert.equal(badJson.status(), 400);
  } finally {
    await context.close();
  }
});

test("the API creates a row (201) and deactivates it", async () => {
  const { context } = await signIn(session.browser(), "planner");
  try {
    const code = `API${Date.now().toString(36).toUpperCase()}`;
    const created = await context.request.post("/api/v1/masters/itemCategory", { data: { code, name: "Created through the API" } });
    assert.equal(created.status(), 201);
    const row = await created.json() as { id: number; code: string; active: boolean };
    assert.equal(row.code, code);
    assert.equal(row.active, true);
    const duplicate = await context.request.post("/api/v1/masters/itemCategory", { data: { code, name: "Again" } });
    assert.equal(duplicate.status(), 409);
    assert.equal((await duplicate.json() as ApiError).error.issues[0]?.field, "code");
    const deactivated = await context.request.post(`/api/v1/masters/itemCategory/${row.id}/deactivate`);
    assert.equal(deactivated.status(), 200);
    assert.equal((await deactivated.json() as { active: boolean }).active, false);
  } finally {
    await context.close();
  }
});
