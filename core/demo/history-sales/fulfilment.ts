// The warehouse's day in the history: everything allocated to orders entered before today is
// picked, packed, shipped and invoiced today, one shipment per order and warehouse (a few pick
// lists take only part of a line, the rest ships the next day). Each invoice gets its payment
// date from the customer's habits, and now and then a return.
import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { createPickList, invoiceShipment, packShipment, shipShipment, type InvoiceDetail } from "../../sales";
import { salesOrder, salesOrderLine } from "../../sales/schema";
import { assert, assertNever } from "../../shared/assert";
import { formatQty, parseQty, QTY_SCALE } from "../../shared/quantity";
import { addDays } from "../dates";
import type { Random } from "../random";
import { onOrAfterWeekday, onOrBeforeWeekday } from "./calendar";
import type { EntityRun } from "./context";
import type { PlannedCustomer } from "./types";

/** Order lines one day's shipping looks at; far above a day's volume. */
export const SHIPPABLE_LINES_MAX = 2_000;
const SPLIT_PICK_SHARE = 0.04;
const RETURN_SHARE = 0.03;
const DISPUTED_SHARE = 0.02;
const CARRIERS: Record<string, readonly string[]> = { CHI: ["UPS Ground", "R+L Carriers", "FedEx Freight"], DAL: ["UPS Ground", "Estes Express"], TOR: ["Purolator", "Day & Ross", "Canpar"] };

type Pickable = { orderId: number; warehouseId: number; lineId: number; itemId: number; allocated: bigint };

async function pickableLines(tx: Tx, run: EntityRun, date: string): Promise<Pickable[]> {
  const rows = await tx.select({ orderId: salesOrderLine.orderId, warehouseId: salesOrderLine.warehouseId, lineId: salesOrderLine.id, itemId: salesOrderLine.itemId,
    allocated: salesOrderLine.baseQtyAllocated })
    .from(salesOrderLine).innerJoin(salesOrder, eq(salesOrder.id, salesOrderLine.orderId))
    .where(and(eq(salesOrder.entityId, run.entityId), inArray(salesOrder.status, ["released", "partially_shipped"]), lt(salesOrder.orderDate, date),
      gt(salesOrderLine.baseQtyAllocated, "0")))
    .orderBy(asc(salesOrder.id), asc(salesOrderLine.warehouseId), asc(salesOrderLine.id)).limit(SHIPPABLE_LINES_MAX + 1);
  assert(rows.length <= SHIPPABLE_LINES_MAX, "a day ships at most SHIPPABLE_LINES_MAX order lines");
  return rows.map((r) => ({ ...r, allocated: parseQty(r.allocated) }));
}

function groupsOf(lines: Pickable[]): Pickable[][] {
  const groups = new Map<string, Pickable[]>();
  for (const line of lines) {
    const key = `${line.orderId}|${line.warehouseId}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.values()];
}

/** Now and then the picker finds only part of a line: half of it (whole sales units) ships today. */
function splitPick(run: EntityRun, random: Random, group: Pickable[]): { orderLineId: number; baseQty: string }[] | undefined {
  if (!random.chance(SPLIT_PICK_SHARE)) return undefined;
  const perUnit = (line: Pickable) => BigInt(run.item(line.itemId).salesQtyPerUnit) * QTY_SCALE;
  const target = group.find((line) => line.allocated >= 2n * perUnit(line) && line.allocated % perUnit(line) === 0n);
  if (!target) return undefined;
  const half = (target.allocated / perUnit(target) / 2n) * perUnit(target);
  return group.map((line) => ({ orderLineId: line.lineId, baseQty: formatQty(line === target ? half : line.allocated) }));
}

/** A pay date after any history: the follow-up is never scheduled. */
const NEVER = "9999-12-31";

/**
 * When the customer pays an invoice: COD on delivery; otherwise by its payer profile, in its
 * weekly payment run (so one payment usually settles several invoices); a few invoices are
 * disputed and paid three to eight months late, if at all within the history.
 */
export function payDateOf(random: Random, customer: PlannedCustomer, invoiceDate: string, dueDate: string): string {
  const { payer, paymentWeekday } = customer;
  if (payer === "cod") return invoiceDate;
  if (customer.stopsPayingOn !== null && invoiceDate >= customer.stopsPayingOn) return NEVER;
  const earliest = addDays(invoiceDate, 1);
  const late = (from: number, to: number) => onOrAfterWeekday(addDays(dueDate, random.int(from, to)), paymentWeekday);
  if (random.chance(DISPUTED_SHARE)) return late(100, 240);
  // On-time payers pay in the last run before the target date, never before the day after the invoice.
  const onTime = (target: string) => {
    const run = onOrBeforeWeekday(target, paymentWeekday);
    return run >= earliest ? run : onOrAfterWeekday(earliest, paymentWeekday);
  };
  switch (payer) {
    case "discount": return onTime(addDays(invoiceDate, 10));
    case "prompt": return random.chance(0.08) ? late(1, 5) : onTime(addDays(dueDate, -random.int(0, 3)));
    case "slow": return late(1, 20);
    case "late": return random.chance(0.2) ? late(5, 25) : late(30, 90);
    default: return assertNever(payer, "unknown payer profile");
  }
}

function afterInvoice(run: EntityRun, invoice: InvoiceDetail, date: string): void {
  run.invoiceCount++;
  run.stats.invoices++;
  const key = `${run.entity.entityCode}-I-${String(run.invoiceCount).padStart(6, "0")}`;
  const random = run.random.fork(key);
  const party = run.partyById(invoice.customerId);
  run.at(payDateOf(random, party.plan, invoice.invoiceDate, invoice.dueDate), { kind: "pay", customerId: invoice.customerId, invoiceId: invoice.id });
  if (random.chance(RETURN_SHARE)) run.later(date, random.int(3, 15), { kind: "request_return", invoiceId: invoice.id, key });
}

async function shipGroup(tx: Tx, run: EntityRun, date: string, group: Pickable[], index: number): Promise<void> {
  const first = group[0];
  assert(first !== undefined, "a group has lines");
  const random = run.random.fork(`ship:${date}:${index}`);
  const warehouseCode = run.warehouseCodes.get(first.warehouseId) ?? "";
  const picked = await createPickList(tx, run.people.warehouse, { orderId: first.orderId, warehouseId: first.warehouseId, lines: splitPick(run, random, group) });
  await packShipment(tx, run.people.warehouse, { shipmentId: picked.id, packageCount: random.int(1, 2 + group.length), carrier: random.pick(CARRIERS[warehouseCode] ?? ["UPS Ground"]) });
  await shipShipment(tx, run.people.warehouse, { shipmentId: picked.id, shipDate: date, trackingNumber: `1Z${random.int(100_000_000, 999_999_999)}${random.int(10, 99)}` });
  run.stats.shipments++;
  const invoice = await invoiceShipment(tx, run.people.controller, { shipmentId: picked.id, invoiceDate: date });
  afterInvoice(run, invoice, date);
}

/** Ships and invoices everything allocated to orders entered before `date`. */
export async function shipAndInvoice(tx: Tx, run: EntityRun, date: string): Promise<void> {
  const groups = groupsOf(await pickableLines(tx, run, date));
  for (const [index, group] of groups.entries()) await shipGroup(tx, run, date, group, index);
}

