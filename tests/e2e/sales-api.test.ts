// Proves the quote-to-cash HTTP API on the running app: every route answers 401 without a
// session; GET /api/v1/atp answers per warehouse with promise dates (by item id or SKU, one
// warehouse or all); a retried POST /api/v1/orders and POST /api/v1/payments with the same
// Idempotency-Key return the first result (200, Idempotent-Replayed) and create nothing new,
// counted through the list routes; and one order goes from quote to credit memo through the
// routes alone, each step's retry replaying its first answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { APIRequestContext, APIResponse } from "playwright-core";
import { baseUrl, signIn, useBrowser, type DemoUser } from "../support/browser";

const session = useBrowser();
const RUN = Date.now().toString(36).toUpperCase();
const ITEM_SKU = "JAN-5017";

type ApiError = { error: { code: string; message: string; issues: { field: string }[] } };

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

/** A customer of its own (sales owns customers), so nothing else touches its orders or payments. */
async function createCustomer(request: APIRequestContext, suffix: string): Promise<number> {
  const entities = await json<{ rows: { id: number; code: string }[] }>(await request.get("/api/v1/masters/legalEntity"), 200);
  const us = entities.rows.find((e) => e.code === "US01");
  assert.ok(us);
  const lists = await json<{ rows: { id: number; code: string; currency: string }[] }>(await request.get(`/api/v1/masters/priceList?entityId=${us.id}`), 200);
  const list = lists.rows.find((l) => l.code === "LIST" && l.currency === "USD");
  assert.ok(list);
  const created = await json<{ id: number }>(await request.post("/api/v1/masters/customer", { data: {
    entityId: us.id, code: `API-${RUN}-${suffix}`, name: `API test customer ${suffix}`, tier: "gold", currency: "USD", creditLimitMinor: "10000000",
    paymentTermCode: "NET30", priceListId: list.id,
  } }), 201);
  return created.id;
}

async function itemId(request: APIRequestContext, sku: string): Promise<number> {
  const page = await json<{ rows: { id: number; sku: string }[] }>(await request.get(`/api/v1/masters/item?sku=${sku}`), 200);
  assert.equal(page.rows.length, 1);
  return page.rows[0]!.id;
}

test("the sales routes answer 401 without a session cookie", async () => {
  const routes = [
    ["GET", "/api/v1/orders"], ["POST", "/api/v1/orders"], ["GET", "/api/v1/orders/1"], ["GET", "/api/v1/quotes"], ["POST", "/api/v1/quotes"],
    ["GET", "/api/v1/shipments"], ["POST", "/api/v1/shipments"], ["POST", "/api/v1/shipments/1/ship"], ["GET", "/api/v1/invoices"], ["POST", "/api/v1/invoices"],
    ["GET", "/api/v1/payments"], ["POST", "/api/v1/payments"], ["GET", "/api/v1/returns"], ["POST", "/api/v1/returns"],
    ["POST", "/api/v1/returns/1/receive"], ["POST", "/api/v1/returns/1/credit"], ["GET", "/api/v1/atp?item=1"],
  ] as const;
  for (const [method, path] of routes) {
    const response = await fetch(`${baseUrl()}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
    assert.equal(response.status, 401, `${method} ${path}`);
    assert.equal((await response.json() as ApiError).error.code, "AUTH_UNAUTHENTICATED");
  }
});

test("GET /api/v1/atp answers per warehouse with promise dates, by SKU or id, and names a bad parameter", async () => {
  await asUser("sales", async (request) => {
    type Atp = { sku: string; baseQty: string; warehouses: { warehouseCode: string; availableNowBaseQty: string; canShipTodayBaseQty: string; promiseDate: string | null }[]; best: { warehouseCode: string; promiseDate: string } | null };
    const all = await json<Atp>(await request.get(`/api/v1/atp?item=${ITEM_SKU}&qty=3`), 200);
    assert.equal(all.sku, ITEM_SKU);
    assert.equal(all.baseQty, "3");
    assert.deepEqual(all.warehouses.map((w) => w.warehouseCode).sort(), ["CHI", "DAL"], "the selling warehouses of US01");
    assert.ok(all.best, "a warehouse with stock promises today");
    assert.match(all.best.promiseDate, /^\d{4}-\d{2}-\d{2}$/);
    const id = await itemId(request, ITEM_SKU);
    const chi = await json<Atp>(await request.get(`/api/v1/atp?item=${id}&qty=3&warehouse=CHI`), 200);
    assert.deepEqual(chi.warehouses.map((w) => w.warehouseCode), ["CHI"]);
    assert.equal(chi.warehouses[0]!.canShipTodayBaseQty, "3");
    assert.equal(chi.warehouses[0]!.availableNowBaseQty, all.warehouses.find((w) => w.warehouseCode === "CHI")!.availableNowBaseQty);
    const missing = await json<ApiError>(await request.get("/api/v1/atp?item=NO-SUCH-SKU"), 404);
    assert.equal(missing.error.code, "SALES_ITEM_NOT_FOUND");
    const invalid = await json<ApiError>(await request.get(`/api/v1/atp?item=${id}&qty=-2`), 400);
    assert.equal(invalid.error.code, "VALIDATION_FAILED");
    assert.ok(invalid.error.issues.some((issue) => issue.field === "baseQty"), JSON.stringify(invalid.error.issues));
  });
});

test("a retried POST /api/v1/orders with the same Idempotency-Key returns the first order and creates nothing new", async () => {
  await asUser("sales", async (request) => {
    const customerId = await createCustomer(request, "ORD");
    const count = async () => (await json<{ total: number }>(await request.get(`/api/v1/orders?customer=${customerId}`), 200)).total;
    assert.equal(await count(), 0);
    const body = { customerId, channel: "api", customerPoNumber: `API-${RUN}`, lines: [{ itemId: await itemId(request, ITEM_SKU), uom: "EA", qty: "2" }] };
    const headers = { "Idempotency-Key": `order-${RUN}` };
    type Entered = { replayed: boolean; order: { id: number; orderNumber: string; status: string; lines: { baseQtyAllocated: string }[] } };
    const first = await request.post("/api/v1/orders", { data: body, headers });
    const created = await json<Entered>(first, 201);
    assert.equal(created.replayed, false);
    assert.equal(created.order.status, "released");
    const retried = await request.post("/api/v1/orders", { data: body, headers });
    const replay = await json<Entered>(retried, 200);
    assert.equal(retried.headers()["idempotent-replayed"], "true");
    assert.equal(replay.replayed, true);
    assert.equal(replay.order.id, created.order.id);
    assert.equal(replay.order.orderNumber, created.order.orderNumber);
    assert.equal(await count(), 1, "the retry created no second order");
    const one = await json<{ orderNumber: string; lines: unknown[] }>(await request.get(`/api/v1/orders/${created.order.id}`), 200);
    assert.equal(one.orderNumber, created.order.orderNumber);
    assert.equal(one.lines.length, 1);
    const other = await json<Entered>(await request.post("/api/v1/orders", { data: body, headers: { "Idempotency-Key": `order-${RUN}-2` } }), 201);
    assert.notEqual(other.order.id, created.order.id, "a new key is a new order");
    assert.equal(await count(), 2);
    await json<ApiError>(await request.get("/api/v1/orders/999999999"), 404);
  });
});

test("a retried POST /api/v1/payments with the same Idempotency-Key returns the first payment and creates nothing new", async () => {
  const customerId = await asUser("sales", (request) => createCustomer(request, "PAY"));
  await asUser("controller", async (request) => {
    const count = async () => (await json<unknown[]>(await request.get(`/api/v1/payments?customer=${customerId}`), 200)).length;
    assert.equal(await count(), 0);
    const body = { customerId, amountMinor: "12345", currency: "USD", method: "wire", reference: `WIRE-${RUN}` };
    const headers = { "Idempotency-Key": `payment-${RUN}` };
    type Payment = { id: number; paymentNumber: string; amountMinor: string; unappliedMinor: string; replayed: boolean };
    const created = await json<Payment>(await request.post("/api/v1/payments", { data: body, headers }), 201);
    assert.equal(created.amountMinor, "12345");
    assert.equal(created.unappliedMinor, "12345", "with no invoice to apply to, all of it is unapplied cash");
    const retried = await request.post("/api/v1/payments", { data: body, headers });
    const replay = await json<Payment>(retried, 200);
    assert.equal(retried.headers()["idempotent-replayed"], "true");
    assert.equal(replay.id, created.id);
    assert.equal(replay.paymentNumber, created.paymentNumber);
    assert.equal(await count(), 1, "the retry created no second payment");
  });
  // Sales may read payments but not receive them: that is the controller's duty.
  await asUser("sales", async (request) => {
    const refused = await json<ApiError>(await request.post("/api/v1/payments", { data: { customerId, amountMinor: "100", currency: "USD", method: "cash" } }), 403);
    assert.equal(refused.error.code, "AUTH_FORBIDDEN");
  });
});

test("an order goes from quote to credit memo through the API, each retry replaying its first answer", async () => {
  const customerId = await asUser("sales", (request) => createCustomer(request, "FLOW"));
  await asUser("admin", async (request) => {
    const item = await itemId(request, ITEM_SKU);
    type Quote = { quote: { id: number; quoteNumber: string; lines: { id: number }[] }; replayed: boolean };
    const quote = await json<Quote>(await request.post("/api/v1/quotes", { data: {
      customerId, validUntil: "2099-12-31", lines: [{ itemId: item, uom: "EA", qty: "3" }],
    } }), 201);
    const quotes = await json<{ rows: { quoteNumber: string }[] }>(await request.get(`/api/v1/quotes?q=${quote.quote.quoteNumber}`), 200);
    assert.deepEqual(quotes.rows.map((r) => r.quoteNumber), [quote.quote.quoteNumber]);

    type Entered = { order: { id: number; lines: { id: number; warehouseId: number }[] } };
    const entered = await json<Entered>(await request.post("/api/v1/orders", { data: { customerId, channel: "api", lines: [{ itemId: item, uom: "EA", qty: "3" }] } }), 201);
    const line = entered.order.lines[0]!;
    type Shipment = { id: number; status: string; lines: { baseQty: string }[] };
    const pickKey = { "Idempotency-Key": `pick-${RUN}` };
    const pick = await json<Shipment>(await request.post("/api/v1/shipments", { data: { orderId: entered.order.id, warehouseId: line.warehouseId }, headers: pickKey }), 201);
    assert.equal(pick.status, "picking");
    assert.equal((await json<Shipment>(await request.post("/api/v1/shipments", { data: { orderId: entered.order.id, warehouseId: line.warehouseId }, headers: pickKey }), 200)).id, pick.id);
    const shipped = await json<Shipment>(await request.post(`/api/v1/shipments/${pick.id}/ship`, { data: { trackingNumber: `API${RUN}` }, headers: { "Idempotency-Key": `ship-${RUN}` } }), 201);
    assert.equal(shipped.status, "shipped");
    const shipments = await json<{ id: number }[]>(await request.get(`/api/v1/shipments?order=${entered.order.id}`), 200);
    assert.deepEqual(shipments.map((s) => s.id), [pick.id]);

    type Invoice = { id: number; kind: string; totalMinor: string; lines: { id: number }[]; journalEntryId: number };
    const invoiceKey = { "Idempotency-Key": `invoice-${RUN}` };
    const invoice = await json<Invoice>(await request.post("/api/v1/invoices", { data: { shipmentId: pick.id }, headers: invoiceKey }), 201);
    assert.equal(invoice.kind, "invoice");
    assert.ok(invoice.journalEntryId > 0);
    assert.equal((await json<Invoice>(await request.post("/api/v1/invoices", { data: { shipmentId: pick.id }, headers: invoiceKey }), 200)).id, invoice.id);
    assert.deepEqual((await json<{ id: number }[]>(await request.get(`/api/v1/invoices?customer=${customerId}`), 200)).map((i) => i.id), [invoice.id]);

    // One unit back is under the auto-approval threshold for returns: approved at once.
    type Rma = { id: number; status: string; lines: { id: number }[] };
    const rma = await json<Rma>(await request.post("/api/v1/returns", { data: {
      invoiceId: invoice.id, warehouseId: line.warehouseId, reason: "Ordered one too many", lines: [{ invoiceLineId: invoice.lines[0]!.id, baseQty: "1", reasonCode: "not_needed" }],
    }, headers: { "Idempotency-Key": `rma-${RUN}` } }), 201);
    assert.equal(rma.status, "approved");
    const received = await json<Rma>(await request.post(`/api/v1/returns/${rma.id}/receive`, { data: {
      lines: [{ returnLineId: rma.lines[0]!.id, baseQty: "1", disposition: "restock" }],
    } }), 201);
    assert.equal(received.status, "received");
    const creditKey = { "Idempotency-Key": `credit-${RUN}` };
    const memo = await json<Invoice>(await request.post(`/api/v1/returns/${rma.id}/credit`, { data: {}, headers: creditKey }), 201);
    assert.equal(memo.kind, "credit_memo");
    assert.equal((await json<Invoice>(await request.post(`/api/v1/returns/${rma.id}/credit`, { data: {}, headers: creditKey }), 200)).id, memo.id);
    const returns = await json<{ id: number; status: string }[]>(await request.get(`/api/v1/returns?customer=${customerId}`), 200);
    assert.deepEqual(returns.map((r) => [r.id, r.status]), [[rma.id, "credited"]]);
  });
});
