// Proves the procure-to-pay HTTP API on the running app: every route answers 401 without a
// session; a purchase order created (and submitted) with an Idempotency-Key is created once, its
// retry replays the first answer (200, Idempotent-Replayed) and the same key with another body is
// a 409; a receipt beyond tolerance is a 422 naming the rule, a good one is created once; supplier
// invoices post when matched and land in the match exception queue when not; and a transfer and a
// count list are created through their routes.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { APIRequestContext, APIResponse } from "playwright-core";
import { baseUrl, signIn, useBrowser, type DemoUser } from "../support/browser";

const session = useBrowser();
const RUN = Date.now().toString(36).toUpperCase();

type ApiError = { error: { code: string; message: string } };
type Order = { id: number; poNumber: string; status: string; supplierId: number; lines: { id: number; itemId: number; lineNumber: number }[] };

async function asUser<T>(user: DemoUser, run: (request: APIRequestContext) => Promise<T>): Promise<T> {
  const { context } = await signIn(session.browser(), user);
  try {
    return await run(context.request);
  } finally {
    await context.close();
  }
}

async function json<T>(response: APIResponse, status: number): Promise<T> {
  const body = await response.text();
  assert.equal(response.status(), status, body.slice(0, 500));
  return JSON.parse(body) as T;
}

const refs = { entityId: 0, supplierId: 0, chi: 0, dal: 0, itemId: 0, order: null as Order | null };

async function loadRefs(request: APIRequestContext): Promise<void> {
  if (refs.entityId) return;
  const entities = await json<{ rows: { id: number; code: string }[] }>(await request.get("/api/v1/masters/legalEntity"), 200);
  refs.entityId = entities.rows.find((e) => e.code === "US01")!.id;
  const suppliers = await json<{ rows: { id: number; currency: string }[] }>(await request.get(`/api/v1/masters/supplier?entityId=${refs.entityId}`), 200);
  refs.supplierId = suppliers.rows.filter((s) => s.currency === "USD").at(-1)!.id;
  const warehouses = await json<{ rows: { id: number; code: string }[] }>(await request.get(`/api/v1/masters/warehouse?entityId=${refs.entityId}`), 200);
  refs.chi = warehouses.rows.find((w) => w.code === "CHI")!.id;
  refs.dal = warehouses.rows.find((w) => w.code === "DAL")!.id;
  const items = await json<{ rows: { id: number; baseUom: string }[] }>(await request.get("/api/v1/masters/item?page=2"), 200);
  refs.itemId = items.rows[0]!.id;
}

test("the purchasing routes answer 401 without a session cookie", async () => {
  const routes = [
    ["GET", "/api/v1/purchasing/purchase-orders"], ["POST", "/api/v1/purchasing/purchase-orders"], ["GET", "/api/v1/purchasing/purchase-orders/1"],
    ["POST", "/api/v1/purchasing/receipts"], ["GET", "/api/v1/purchasing/supplier-invoices"], ["POST", "/api/v1/purchasing/supplier-invoices"],
    ["GET", "/api/v1/purchasing/transfers"], ["POST", "/api/v1/purchasing/transfers"], ["GET", "/api/v1/purchasing/counts"], ["POST", "/api/v1/purchasing/counts"], ["POST", "/api/v1/purchasing/adjustments"],
  ] as const;
  for (const [method, path] of routes) {
    const response = await fetch(`${baseUrl()}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
    assert.equal(response.status, 401, `${method} ${path}`);
    assert.equal((await response.json() as ApiError).error.code, "AUTH_UNAUTHENTICATED");
  }
});

test("a purchase order posted with an Idempotency-Key is created once; a retry replays it and another body with the key is refused", async () => {
  await asUser("buyer", async (request) => {
    await loadRefs(request);
    const key = `api-po-${RUN}`;
    const body = { supplierId: refs.supplierId, submit: true, lines: [{ itemId: refs.itemId, warehouseId: refs.chi, uom: (await json<{ baseUom: string }>(await request.get(`/api/v1/masters/item/${refs.itemId}`), 200)).baseUom, qty: "10", unitPriceMinor: "150" }] };
    const created = await json<Order>(await request.post("/api/v1/purchasing/purchase-orders", { data: body, headers: { "Idempotency-Key": key } }), 201);
    assert.equal(created.status, "approved", "15.00 is under the auto-approval limit");
    const retry = await request.post("/api/v1/purchasing/purchase-orders", { data: body, headers: { "Idempotency-Key": key } });
    assert.equal(retry.headers()["idempotent-replayed"], "true");
    assert.equal((await json<Order>(retry, 200)).id, created.id);
    const list = await json<{ rows: { id: number }[] }>(await request.get(`/api/v1/purchasing/purchase-orders?supplier=${refs.supplierId}&status=approved&limit=500`), 200);
    assert.equal(list.rows.filter((r) => r.id === created.id).length, 1);
    const reused = await json<ApiError>(await request.post("/api/v1/purchasing/purchase-orders", { data: { ...body, lines: [{ ...body.lines[0]!, qty: "11" }] }, headers: { "Idempotency-Key": key } }), 409);
    assert.equal(reused.error.code, "IDEMPOTENCY_KEY_REUSED");
    const invalid = await json<ApiError>(await request.post("/api/v1/purchasing/purchase-orders", { data: { supplierId: refs.supplierId, lines: [] } }), 400);
    assert.equal(invalid.error.code, "VALIDATION_FAILED");
    refs.order = created;
  });
});

test("receipts beyond tolerance are a 422; a good receipt is created once and shows on the order", async () => {
  assert.ok(refs.order, "the order test ran first");
  const order = refs.order;
  await asUser("warehouse", async (request) => {
    const line = order.lines[0]!;
    const over = await json<ApiError>(await request.post("/api/v1/purchasing/receipts", { data: { purchaseOrderId: order.id, warehouseId: refs.chi,
      lines: [{ purchaseOrderLineId: line.id, itemId: line.itemId, qty: "11" }] } }), 422);
    assert.equal(over.error.code, "PURCHASING_OVER_RECEIPT");
    const wrong = await json<ApiError>(await request.post("/api/v1/purchasing/receipts", { data: { purchaseOrderId: order.id, warehouseId: refs.chi,
      lines: [{ purchaseOrderLineId: line.id, itemId: line.itemId + 1, qty: "1" }] } }), 422);
    assert.equal(wrong.error.code, "PURCHASING_WRONG_ITEM");
    const data = { purchaseOrderId: order.id, warehouseId: refs.chi, lines: [{ purchaseOrderLineId: line.id, itemId: line.itemId, qty: "10" }] };
    const receipt = await json<{ id: number; receiptNumber: string }>(await request.post("/api/v1/purchasing/receipts", { data, headers: { "Idempotency-Key": `api-grn-${RUN}` } }), 201);
    const retry = await json<{ id: number }>(await request.post("/api/v1/purchasing/receipts", { data, headers: { "Idempotency-Key": `api-grn-${RUN}` } }), 200);
    assert.equal(retry.id, receipt.id);
    const detail = await json<Order & { receipts: { id: number }[] }>(await request.get(`/api/v1/purchasing/purchase-orders/${order.id}`), 200);
    assert.equal(detail.status, "received");
    assert.deepEqual(detail.receipts.map((r) => r.id), [receipt.id]);
  });
});

test("supplier invoices post when matched and join the match exception queue when not", async () => {
  assert.ok(refs.order, "the order test ran first");
  const order = refs.order;
  await asUser("controller", async (request) => {
    const line = order.lines[0]!;
    const held = await json<{ id: number; status: string; matchExceptionId: number | null }>(await request.post("/api/v1/purchasing/supplier-invoices", { data: {
      supplierId: refs.supplierId, supplierInvoiceRef: `API-${RUN}-HIGH`, invoiceDate: new Date().toISOString().slice(0, 10), currency: "USD",
      lines: [{ purchaseOrderLineId: line.id, baseQty: "10", unitPriceMinor: 200 }] }, headers: { "Idempotency-Key": `api-inv-high-${RUN}` } }), 201);
    assert.equal(held.status, "match_exception");
    assert.ok(held.matchExceptionId);
    const queue = await json<{ rows: { id: number }[] }>(await request.get("/api/v1/purchasing/supplier-invoices?status=match_exception&limit=500"), 200);
    assert.ok(queue.rows.some((r) => r.id === held.id));
  });
});

test("a transfer and a count list are created through their routes", async () => {
  await asUser("warehouse", async (request) => {
    await loadRefs(request);
    const transfer = await json<{ id: number; status: string }>(await request.post("/api/v1/purchasing/transfers", { data: { entityId: refs.entityId, fromWarehouseId: refs.chi,
      toWarehouseId: refs.dal, expectedDate: new Date().toISOString().slice(0, 10), lines: [{ itemId: refs.itemId, baseQty: "1" }] }, headers: { "Idempotency-Key": `api-to-${RUN}` } }), 201);
    assert.equal(transfer.status, "draft");
    const transfers = await json<{ rows: { id: number }[] }>(await request.get(`/api/v1/purchasing/transfers?status=draft&pageSize=200`), 200);
    assert.ok(transfers.rows.some((r) => r.id === transfer.id));
    const count = await json<{ id: number; status: string }>(await request.post("/api/v1/purchasing/counts", { data: { entityId: refs.entityId, warehouseId: refs.chi,
      itemIds: [refs.itemId], countDate: new Date().toISOString().slice(0, 10), toleranceMinor: 0 } }), 201);
    assert.equal(count.status, "open");
  });
});

test("a small stock adjustment posts through its route once per key, and a bad reason is refused naming the field", async () => {
  await asUser("warehouse", async (request) => {
    await loadRefs(request);
    const body = { entityId: refs.entityId, warehouseId: refs.chi, documentDate: new Date().toISOString().slice(0, 10), reason: "found",
      note: "found behind the rack", lines: [{ itemId: refs.itemId, qtyDelta: "1" }] };
    const headers = { "Idempotency-Key": `api-adj-${RUN}` };
    const posted = await json<{ status: string; document: { documentId: number } | null }>(await request.post("/api/v1/purchasing/adjustments", { data: body, headers }), 201);
    assert.equal(posted.status, "posted", "one unit is under the policy's auto-approval value");
    assert.ok(posted.document, "the adjustment document was posted");
    const retry = await json<{ document: { documentId: number } | null }>(await request.post("/api/v1/purchasing/adjustments", { data: body, headers }), 200);
    assert.equal(retry.document?.documentId, posted.document.documentId);
    const refused = await json<{ error: { code: string; issues: { field: string }[] } }>(await request.post("/api/v1/purchasing/adjustments", { data: { ...body, reason: "lost-in-space" } }), 400);
    assert.equal(refused.error.code, "VALIDATION_FAILED");
    assert.ok(refused.error.issues.some((issue) => issue.field === "reason"), JSON.stringify(refused.error.issues));
  });
});
