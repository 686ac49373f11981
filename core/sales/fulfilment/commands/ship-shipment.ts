import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { issueStock } from "../../../inventory";
import { inventoryDocument } from "../../../inventory/schema";
import { assert } from "../../../shared/assert";
import { DomainError, SharedError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../../shared/quantity";
import { shipment, shipmentLine } from "../../schema";
import { FulfilmentError } from "../errors";
import { Id, IdempotencyKey, IsoDate } from "../inputs";
import { lockOrderLines, lockOrderOrThrow, quantitiesOf, recordShipped, type OrderLineRow } from "../order-lines";
import { loadShipmentDetail, type ShipmentDetail } from "../queries/shipments";
import { assertShipmentStatus, lockShipmentOrThrow, type ShipmentRow } from "./pack-shipment";

export const ShipShipmentInput = z.object({
  shipmentId: Id,
  shipDate: IsoDate,
  trackingNumber: z.string().trim().min(1).max(120).optional(),
  idempotencyKey: IdempotencyKey.optional(),
});

type ShipmentLineRow = typeof shipmentLine.$inferSelect;

/** The ship key lives on the stock issue (inventory_document), the document the shipping creates. */
const stockKeyOf = (key: string) => `shipment.ship:${key}`;

async function replayed(tx: Tx, row: ShipmentRow, key: string): Promise<ShipmentDetail | null> {
  const shipmentId = row.id;
  const [doc] = await tx.select({ upstreamType: inventoryDocument.upstreamType, upstreamId: inventoryDocument.upstreamId }).from(inventoryDocument)
    .where(and(eq(inventoryDocument.entityId, row.entityId), eq(inventoryDocument.idempotencyKey, stockKeyOf(key)))).limit(1);
  if (!doc) return null;
  if (doc.upstreamType !== "shipment" || doc.upstreamId !== shipmentId) {
    throw new DomainError(SharedError.IDEMPOTENCY_KEY_REUSED, "conflict", `idempotencyKey: "${key}" was already used to ship another shipment`, { shipmentId });
  }
  return loadShipmentDetail(tx, shipmentId, true);
}

/** Shipped quantity per order line; refuses a shipment whose allocation was taken away since picking. */
function shippedByLine(row: ShipmentRow, lines: ShipmentLineRow[], orderLines: OrderLineRow[]): Map<number, QtyScaled> {
  const totals = new Map<number, QtyScaled>();
  for (const l of lines) totals.set(l.orderLineId, (totals.get(l.orderLineId) ?? 0n) + parseQty(l.baseQty));
  for (const [orderLineId, qty] of totals) {
    const orderLine = orderLines.find((o) => o.id === orderLineId);
    assert(orderLine !== undefined, "a shipment line belongs to a line of the shipment's order");
    const allocated = quantitiesOf(orderLine).allocated;
    if (qty > allocated) {
      throw new DomainError(FulfilmentError.SHIPMENT_EXCEEDS_ALLOCATION, "conflict",
        `Shipment ${row.shipmentNumber} holds ${formatQty(qty)} of line ${orderLine.lineNumber}, but only ${formatQty(allocated)} is still allocated to it`,
        { shipmentId: row.id, orderLineId, shipped: formatQty(qty), allocated: formatQty(allocated) });
    }
  }
  return totals;
}

/**
 * Ships a pick list: issues its lines from allocated stock at valuation cost (the stock ledger
 * posts Dr COGS, Cr Inventory through the posting engine), keeps the cost on each shipment
 * line, and moves the quantities from allocated to shipped on the order lines.
 */
export async function shipShipment(tx: Tx, actor: Actor, raw: z.input<typeof ShipShipmentInput>): Promise<ShipmentDetail> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(ShipShipmentInput, raw);
  // Locked before the replay check, so a concurrent retry waits and then finds the first result.
  const row = await lockShipmentOrThrow(tx, input.shipmentId);
  if (input.idempotencyKey) {
    const previous = await replayed(tx, row, input.idempotencyKey);
    if (previous) return previous;
  }
  assertShipmentStatus(row, ["picking", "packed"]);
  const order = await lockOrderOrThrow(tx, row.orderId);
  const orderLines = await lockOrderLines(tx, order.id);
  const lines = await tx.select().from(shipmentLine).where(eq(shipmentLine.shipmentId, row.id)).orderBy(asc(shipmentLine.id));
  assert(lines.length > 0, "a shipment has lines");
  const totals = shippedByLine(row, lines, orderLines);
  const issued = await issueStock(tx, actor, {
    entityId: row.entityId, warehouseId: row.warehouseId, documentDate: input.shipDate, purpose: "sale", fromAllocated: true,
    upstreamType: "shipment", upstreamId: row.id, reference: row.shipmentNumber,
    idempotencyKey: input.idempotencyKey ? stockKeyOf(input.idempotencyKey) : undefined,
    lines: lines.map((l) => ({ itemId: l.itemId, qty: formatQty(parseQty(l.baseQty)) })),
  });
  assert(!issued.replayed, "a shipment is issued from stock once");
  assert(issued.movements.length === lines.length, "one stock movement per shipment line");
  const costs = lines.map((l, index) => sql`(${l.id}::int8, ${(-issued.movements[index]!.valueMinor).toString()}::int8)`);
  const costed = await tx.execute(sql`update shipment_line s set cost_value_minor = v.cost from (values ${sql.join(costs, sql`, `)}) as v(id, cost) where s.id = v.id`);
  assert(costed.count === lines.length, "every shipment line got its cost");
  await recordShipped(tx, order, orderLines, totals);
  await tx.update(shipment).set({
    status: "shipped", shipDate: input.shipDate, trackingNumber: input.trackingNumber ?? row.trackingNumber, inventoryDocumentId: issued.documentId, updatedAt: new Date(),
  }).where(eq(shipment.id, row.id));
  return loadShipmentDetail(tx, row.id);
}
