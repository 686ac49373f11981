// Operational anomalies and their normal background, each through the real command and approved
// by someone other than the requester as the default policies route it:
// - price-list changes: the yearly increase of a few percent on many lines (normal), and a few
//   lines cut to a third or nearly tripled (anomalies);
// - stock adjustments: a unit or two damaged now and then (normal, approved by policy), and a few
//   adjustments of a large share of the stock (anomalies, approved by the controller);
// - sales orders: a few orders of thirty times the customer's usual quantity (anomalies; they
//   wait on credit hold);
// - supplier terms: a renegotiated payment term (normal), and terms switched to cash on delivery
//   together with a new bank account (anomalies).
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance";
import { requestStockAdjustment } from "../../inventory";
import { changeMaster } from "../../masters";
import { customerShipTo, item, priceListLine, supplier } from "../../masters/schema";
import { enterSalesOrder } from "../../sales";
import { assert } from "../../shared/assert";
import { formatQty, QTY_SCALE } from "../../shared/quantity";
import { decideThrough } from "../history-sales/approvals";
import { positionsOf } from "../history-sales/replenish";
import type { AssortmentItem } from "../history-sales/types";
import { DemoIds } from "../ids";
import type { GroundTruthRun } from "./context";

const NORMAL_PRICE_CHANGES = 30;
const ODD_PRICE_FACTORS = [0.33, 2.8, 0.4, 2.5] as const;
const PRICE_LINES_MAX = 20_000;
const LARGE_ORDER_FACTOR = 30;

/** A governed change as the admin: applied at once, or approved through its chain by the others. */
async function changeAsAdmin(tx: Tx, run: GroundTruthRun, kind: "priceListLine" | "supplier", id: number, patch: Record<string, unknown>, approvers: Actor[], why: string): Promise<void> {
  const result = await changeMaster(tx, run.people.admin, kind, id, patch);
  if (result.status === "applied") return;
  assert(result.request !== null, `${kind} ${id}: a change request`);
  const decided = await decideThrough(tx, result.request.id, approvers, "approve", why);
  assert(decided.status === "approved", `${kind} ${id}: the change was approved`);
}

export async function injectPriceChanges(tx: Tx, run: GroundTruthRun): Promise<void> {
  const listId = DemoIds.of(run.ids.priceLists, DemoIds.scoped(run.entity.code, "LIST"), "price list");
  const lines = await tx.select({ id: priceListLine.id, sku: item.sku, uom: priceListLine.uom, minQty: priceListLine.minQty, price: priceListLine.unitPriceMinor })
    .from(priceListLine).innerJoin(item, eq(item.id, priceListLine.itemId)).where(and(eq(priceListLine.priceListId, listId), eq(priceListLine.active, true)))
    .orderBy(asc(item.sku), asc(priceListLine.uom), asc(priceListLine.minQty)).limit(PRICE_LINES_MAX);
  const random = run.random.fork("price-changes");
  const chosen = random.shuffle(lines.filter((l) => l.price >= 500n)).slice(0, NORMAL_PRICE_CHANGES + ODD_PRICE_FACTORS.length);
  const { sales, controller } = run.people;
  for (const [index, line] of chosen.entries()) {
    const odd = index < ODD_PRICE_FACTORS.length;
    const factor = odd ? (ODD_PRICE_FACTORS[index] as number) : 1.02 + random.next() * 0.03;
    const price = BigInt(Math.round(Number(line.price) * factor));
    await changeAsAdmin(tx, run, "priceListLine", line.id, { unitPriceMinor: price }, [sales, controller], odd ? "Approved as requested" : "Yearly list price increase");
    if (odd) {
      run.note({ kind: "anomaly", subjectType: "price_change", subjectId: line.id, description:
        `price-list line ${line.sku} ${line.uom} from ${line.minQty} changed from ${line.price} to ${price} minor (x${factor}), far from the usual 2-5% increase` });
    }
  }
}

async function adjust(tx: Tx, run: GroundTruthRun, target: AssortmentItem, qtyDelta: bigint, reason: "damage" | "shrinkage" | "found", date: string, key: string): Promise<number | null> {
  const input = {
    entityId: run.entityId, warehouseId: DemoIds.of(run.ids.warehouses, target.warehouseCode, "warehouse"), documentDate: date, reason,
    idempotencyKey: `demo-truth:adjust:${run.entity.code}:${key}`, lines: [{ itemId: DemoIds.of(run.ids.items, target.sku, "item"), qtyDelta: formatQty(qtyDelta) }],
  };
  const requested = await requestStockAdjustment(tx, run.people.warehouse, input);
  if (requested.status === "pending_approval") {
    await decideThrough(tx, requested.request.id, [run.people.controller], "approve", "Reviewed with the warehouse");
    const replayed = await requestStockAdjustment(tx, run.people.warehouse, input);
    return replayed.document?.documentId ?? null;
  }
  return requested.document?.documentId ?? null;
}

/** Stocked assortment items of the entity with their free stock, in business-key order. */
async function stockedItems(tx: Tx, run: GroundTruthRun, assortment: readonly AssortmentItem[]): Promise<{ item: AssortmentItem; free: bigint }[]> {
  const found: { item: AssortmentItem; free: bigint }[] = [];
  for (const code of [...new Set(assortment.map((a) => a.warehouseCode))].sort()) {
    const items = assortment.filter((a) => a.warehouseCode === code && !a.specialOrder);
    const positions = await positionsOf(tx, DemoIds.of(run.ids.warehouses, code, "warehouse"), items.map((a) => DemoIds.of(run.ids.items, a.sku, "item")));
    for (const a of items) {
      const p = positions.get(DemoIds.of(run.ids.items, a.sku, "item"));
      if (p) found.push({ item: a, free: p.onHand - p.allocated - p.waiting });
    }
  }
  return found;
}

export async function injectAdjustments(tx: Tx, run: GroundTruthRun, assortment: readonly AssortmentItem[]): Promise<void> {
  const random = run.random.fork("adjustments");
  const stocked = random.shuffle((await stockedItems(tx, run, assortment)).filter((s) => s.free >= 20n * QTY_SCALE));
  assert(stocked.length >= 12, `${run.entity.code} has stock to adjust`);
  for (const [index, { item: target }] of stocked.slice(0, 8).entries()) {
    await adjust(tx, run, target, -BigInt(random.int(1, 2)) * QTY_SCALE, "damage", run.businessDayBack(40 - 4 * index), `normal:${index}`);
  }
  for (const [index, { item: target, free }] of stocked.slice(8, 11).entries()) {
    const found = index === 1;
    const qtyDelta = found ? (free / QTY_SCALE) * QTY_SCALE : -((free * 6n) / 10n / QTY_SCALE) * QTY_SCALE;
    const documentId = await adjust(tx, run, target, qtyDelta, found ? "found" : "shrinkage", run.businessDayBack(12 - 4 * index), `odd:${index}`);
    assert(documentId !== null, `adjustment of ${target.sku} posted`);
    run.note({ kind: "anomaly", subjectType: "inventory_adjustment", subjectId: documentId, description:
      `stock adjustment of ${formatQty(qtyDelta)} ${target.sku} in ${target.warehouseCode} (${found ? "found stock equal to all on hand" : "60% of the free stock written off"}), far above the usual unit or two` });
  }
}

export async function injectLargeOrders(tx: Tx, run: GroundTruthRun, assortment: readonly AssortmentItem[], orders: number): Promise<void> {
  const random = run.random.fork("large-orders");
  const customers = run.data.customers.filter((c) => c.entityCode === run.entity.code && c.tier === "standard" && c.paymentTermCode !== "COD");
  const popular = [...assortment].filter((a) => !a.specialOrder).sort((a, b) => b.weeklyDemandBaseQty - a.weeklyDemandBaseQty || (a.sku < b.sku ? -1 : 1)).slice(0, 20);
  for (let index = 0; index < orders; index++) {
    const customer = random.pick(customers);
    const target = random.pick(popular);
    const customerId = DemoIds.of(run.ids.customers, DemoIds.scoped(run.entity.code, customer.code), "customer");
    const [shipTo] = await tx.select({ id: customerShipTo.id }).from(customerShipTo)
      .where(and(eq(customerShipTo.customerId, customerId), eq(customerShipTo.isDefault, true))).limit(1);
    assert(shipTo !== undefined, `${customer.code} has a default ship-to`);
    const demoItem = run.data.items.find((i) => i.sku === target.sku);
    assert(demoItem !== undefined, `demo item ${target.sku}`);
    // In the item's sales unit, as customers order it.
    const qty = BigInt(Math.ceil((target.lineBaseQty * LARGE_ORDER_FACTOR) / demoItem.salesQtyPerUnit));
    const date = run.businessDayBack(15 - 5 * index);
    const entered = await enterSalesOrder(tx, run.people.sales, {
      entityId: run.entityId, customerId, shipToId: shipTo.id, channel: "phone", customerPoNumber: null, orderDate: date, requestedDate: date,
      lines: [{ itemId: DemoIds.of(run.ids.items, target.sku, "item"), warehouseId: DemoIds.of(run.ids.warehouses, target.warehouseCode, "warehouse"), uom: demoItem.salesUom, qty: qty.toString(), unitPriceMinor: null }],
      idempotencyKey: `demo-truth:order:${run.entity.code}:${index}`,
    });
    run.note({ kind: "anomaly", subjectType: "sales_order", subjectId: entered.order.id, description:
      `sales order ${entered.order.orderNumber} of ${qty} ${demoItem.salesUom} ${target.sku} for ${customer.code}, about ${LARGE_ORDER_FACTOR} times the usual line (${entered.order.status})` });
  }
}

export async function injectSupplierTermChanges(tx: Tx, run: GroundTruthRun): Promise<void> {
  const rows = await tx.select({ id: supplier.id, code: supplier.code, terms: supplier.paymentTermCode }).from(supplier)
    .where(and(eq(supplier.entityId, run.entityId), eq(supplier.currency, run.entity.baseCurrency))).orderBy(asc(supplier.code)).limit(500);
  const chosen = run.random.fork("supplier-terms").shuffle(rows).slice(0, 3);
  const { buyer, controller } = run.people;
  for (const [index, vendor] of chosen.entries()) {
    if (index === 0) {
      await changeAsAdmin(tx, run, "supplier", vendor.id, { paymentTermCode: vendor.terms === "NET60" ? "NET45" : "NET60" }, [buyer, controller], "Renegotiated with the annual volume agreement");
      continue;
    }
    const account = `${9_000_000_000 + run.random.fork(`bank:${vendor.code}`).int(0, 999_999_999)}`;
    await changeAsAdmin(tx, run, "supplier", vendor.id, { paymentTermCode: "COD", bankAccountNumber: account }, [buyer, controller], "Supplier letter on file");
    run.note({ kind: "anomaly", subjectType: "supplier_terms", subjectId: vendor.id, description:
      `supplier ${vendor.code}: terms changed from ${vendor.terms} to cash on delivery together with a new bank account ${account}` });
  }
}
