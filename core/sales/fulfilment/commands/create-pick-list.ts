import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, SharedError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../../shared/quantity";
import { shipment, shipmentLine } from "../../schema";
import { documentNumber, entityInfoOrThrow, nextDocumentId } from "../document-number";
import { FulfilmentError, SHIPMENT_LINES_MAX } from "../errors";
import { Id, IdempotencyKey, PositiveQty } from "../inputs";
import { assertShippable, lockOrderLines, lockOrderOrThrow, quantitiesOf, type OrderLineRow, type OrderRow } from "../order-lines";
import { loadShipmentDetail, type ShipmentDetail } from "../queries/shipments";

export const CreatePickListInput = z.object({
  orderId: Id,
  warehouseId: Id,
  /** Omitted: everything allocated in the warehouse and not already on an open pick list. */
  lines: z.array(z.object({ orderLineId: Id, baseQty: PositiveQty })).min(1).max(SHIPMENT_LINES_MAX).optional(),
  idempotencyKey: IdempotencyKey.optional(),
});

type PickLine = { line: OrderLineRow; qty: QtyScaled };

/** Base quantities already on open pick lists (picking or packed) per order line. */
async function openPickedByLine(tx: Tx, orderId: number): Promise<Map<number, QtyScaled>> {
  const rows = await tx.select({ orderLineId: shipmentLine.orderLineId, qty: sql<string>`sum(${shipmentLine.baseQty})::text` })
    .from(shipmentLine).innerJoin(shipment, eq(shipment.id, shipmentLine.shipmentId))
    .where(and(eq(shipment.orderId, orderId), inArray(shipment.status, ["picking", "packed"])))
    .groupBy(shipmentLine.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId, parseQty(r.qty)]));
}

/** What each line of the warehouse may still be picked: allocated minus open pick lists. */
function pickableOf(lines: OrderLineRow[], warehouseId: number, picked: Map<number, QtyScaled>): Map<number, { line: OrderLineRow; pickable: QtyScaled }> {
  const pickable = new Map<number, { line: OrderLineRow; pickable: QtyScaled }>();
  for (const line of lines) {
    if (line.warehouseId !== warehouseId) continue;
    pickable.set(line.id, { line, pickable: quantitiesOf(line).allocated - (picked.get(line.id) ?? 0n) });
  }
  return pickable;
}

function choosePickLines(order: OrderRow, input: z.output<typeof CreatePickListInput>, pickable: ReturnType<typeof pickableOf>): PickLine[] {
  if (!input.lines) {
    const all = [...pickable.values()].filter((p) => p.pickable > 0n).map((p) => ({ line: p.line, qty: p.pickable }));
    if (all.length > 0) return all;
    throw new DomainError(FulfilmentError.NOTHING_TO_PICK, "conflict",
      `Order ${order.orderNumber} has nothing allocated in this warehouse that is not already on a pick list`, { orderId: order.id, warehouseId: input.warehouseId });
  }
  const seen = new Set<number>();
  return input.lines.map((requested, index) => {
    const found = pickable.get(requested.orderLineId);
    if (!found || seen.has(requested.orderLineId)) {
      throw new DomainError(FulfilmentError.ORDER_LINE_NOT_FOUND, "unprocessable",
        `lines.${index}.orderLineId: line ${requested.orderLineId} is not a line of order ${order.orderNumber} in this warehouse, or is listed twice`, { orderLineId: requested.orderLineId });
    }
    seen.add(requested.orderLineId);
    if (requested.baseQty > found.pickable) {
      throw new DomainError(FulfilmentError.PICK_EXCEEDS_ALLOCATION, "unprocessable",
        `lines.${index}.baseQty: ${formatQty(requested.baseQty)} requested, only ${formatQty(found.pickable < 0n ? 0n : found.pickable)} allocated and not yet picked`,
        { orderLineId: requested.orderLineId, requested: formatQty(requested.baseQty), pickable: formatQty(found.pickable) });
    }
    return { line: found.line, qty: requested.baseQty };
  });
}

async function replayed(tx: Tx, order: OrderRow, key: string): Promise<ShipmentDetail | null> {
  const [existing] = await tx.select({ id: shipment.id, orderId: shipment.orderId }).from(shipment)
    .where(and(eq(shipment.entityId, order.entityId), eq(shipment.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  if (existing.orderId !== order.id) {
    throw new DomainError(SharedError.IDEMPOTENCY_KEY_REUSED, "conflict", `idempotencyKey: "${key}" was already used for another order's pick list`, { shipmentId: existing.id });
  }
  return loadShipmentDetail(tx, existing.id, true);
}

/**
 * Creates a pick list: a shipment in status picking for quantities allocated to the order in
 * one warehouse. Stock stays allocated (and on hand) until the shipment ships.
 */
export async function createPickList(tx: Tx, actor: Actor, raw: z.input<typeof CreatePickListInput>): Promise<ShipmentDetail> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(CreatePickListInput, raw);
  const order = await lockOrderOrThrow(tx, input.orderId);
  if (input.idempotencyKey) {
    const previous = await replayed(tx, order, input.idempotencyKey);
    if (previous) return previous;
  }
  assertShippable(order);
  const lines = await lockOrderLines(tx, order.id);
  const pickable = pickableOf(lines, input.warehouseId, await openPickedByLine(tx, order.id));
  const picks = choosePickLines(order, input, pickable);
  const entity = await entityInfoOrThrow(tx, order.entityId);
  const id = await nextDocumentId(tx, "shipment");
  await tx.insert(shipment).values({
    id, entityId: order.entityId, shipmentNumber: documentNumber("SH", entity.code, id), orderId: order.id, warehouseId: input.warehouseId,
    status: "picking", idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  await tx.insert(shipmentLine).values(picks.map((p) => ({ shipmentId: id, orderLineId: p.line.id, itemId: p.line.itemId, baseQty: formatQty(p.qty) })));
  return loadShipmentDetail(tx, id);
}
